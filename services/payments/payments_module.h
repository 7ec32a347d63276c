// The payments module (DESIGN.md §6): money that arrives in the fund's bank account.
//
//   - ReceivePayment books one incoming payment. Its reference is looked up in the ledger's
//     payment-reference registry (ledger::LookupReference, filled by every module that invoices).
//     When a module owns it, the owner's allocation command is built (RouteCommand) and tried
//     against current state with the owner's own Decide; if the owner accepts, that command follows
//     in the same request (Decision::follow_ups) and books Dr asset:bank to the owner's accounts.
//     Otherwise — no reference, an unknown one, or one the owner refuses (a repaid credit, more than
//     is owed) — the payment is booked Dr asset:bank / Cr liability:unallocated and the reason kept.
//   - RecordImport opens a bank file's request; a file (by SHA-256) is imported once, a bank
//     reference is booked once.
//   - AllocatePayment moves money held in suspense to its owner (the owner's command, funded from
//     liability:unallocated); RefundPayment pays it back (Dr liability:unallocated / Cr asset:bank).
//   - SetPaymentSettings records the fund's bank details (admin).
//   - Payments out: OrderPayment follows a module's booking of money the fund pays (credits: each
//     disbursement, which credits asset:bank as it is recorded) and waits, ORDERED, for
//     ExportPaymentOrders to put it in a pain.001 file (EXPORTED); SettlePaymentOrder records the
//     bank statement's debit of it (SETTLED, matched by EndToEndId = the order id; no postings,
//     since the money was booked when the order was made).
//
// Routing is open for later modules: a module that claims references adds one case to
// RouteCommand (payments_module.cc) that turns a payment into its own command.
#ifndef FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_H_
#define FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_H_

#include "ledger/module.h"

namespace fondbok::payments {

// What a routed payment is, for the owning module's command.
struct RoutedPayment {
  std::string owner_module;      // "credits"
  std::string subject;           // "C-000007"
  std::string ocr;               // the reference paid with (may be empty when allocated by subject)
  int64_t amount_ore = 0;
  std::string value_date;        // "YYYY-MM-DD"
  std::string payment_id;        // "IN-000001"
  std::string funding_account;   // asset:bank on arrival, liability:unallocated from suspense
};

// The owner's command that books `payment`; UNIMPLEMENTED for a module without routing.
absl::StatusOr<v1::Command> RouteCommand(const RoutedPayment& payment);

// The payment orders still ORDERED (not yet in a pain.001 file), in id order.
absl::StatusOr<std::vector<v1::PaymentOrder>> OpenOrders(const ledger::KvReader& state);

// The pain.001.001.03 file of an export: the fund's bank details as debtor, one transfer per order
// (EndToEndId = order id). Decide writes it once to check it; the adapter writes it again from the
// entry, byte for byte the same.
absl::StatusOr<std::string> Pain001For(const v1::PaymentSettings& settings, const std::vector<v1::PaymentOrder>& orders,
                                       const v1::PaymentOrdersExported& exported);

class PaymentsModule final : public ledger::Module {
 public:
  // `modules` (which includes this module) is used to try the owner's command before routing.
  explicit PaymentsModule(const ledger::ModuleRegistry* modules) : modules_(modules) {}
  absl::string_view Name() const override { return "payments"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;

 private:
  absl::StatusOr<ledger::Decision> DecideReceive(const ledger::CommandContext& context, const v1::ReceivePayment& c,
                                                 const ledger::StateReader& state) const;
  const ledger::ModuleRegistry* modules_;
};

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_H_
