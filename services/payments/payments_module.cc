#include "services/payments/payments_module.h"

#include <algorithm>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/hash.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/common/staff.h"
#include "services/parties/check_digits.h"
#include "services/payments/pain001.h"
#include "services/payments/payment_keys.h"

namespace fondbok::payments {
namespace {

using ledger::CommandContext;
using ledger::Decision;
using ledger::MakePosting;
using ledger::StateReader;
using services::RequireStaff;
using v1::Command;
using v1::Event;

constexpr size_t kTextBytesMax = 200;
constexpr int kTextsMax = 32;

// Dr `debit` / Cr `credit` for a positive amount; the sides swap for a negative one (a deduction).
void AddPair(Decision& d, absl::string_view debit, absl::string_view credit, int64_t amount_ore) {
  if (amount_ore < 0) {
    std::swap(debit, credit);
    amount_ore = -amount_ore;
  }
  d.postings.push_back(MakePosting(debit, v1::DEBIT, amount_ore));
  d.postings.push_back(MakePosting(credit, v1::CREDIT, amount_ore));
}

// A value date given by a bank file or an officer: a real day, not after today.
absl::StatusOr<std::string> ValueDate(const CommandContext& context, const std::string& text) {
  if (text.empty()) return ledger::FormatDate(context.today);
  ASSIGN_OR_RETURN(absl::CivilDay day, ledger::ParseDate(text, "value date"));
  if (day > context.today) {
    return absl::InvalidArgumentError(absl::StrCat("value date ", text, " lies in the future"));
  }
  return ledger::FormatDate(day);
}

absl::Status ValidateIncoming(const v1::IncomingPayment& p, const v1::PaymentSettings& settings) {
  if (p.bank_reference().empty() || p.bank_reference().size() > kTextBytesMax) {
    return absl::InvalidArgumentError("an incoming payment needs its bank reference (at most 200 characters)");
  }
  if (p.amount_ore() == 0) {
    return absl::InvalidArgumentError(absl::StrCat("payment ", p.bank_reference(), " has no amount"));
  }
  if (p.currency() != settings.currency()) {
    return absl::InvalidArgumentError(absl::StrCat("payment ", p.bank_reference(), " is in ", p.currency(),
                                                   "; the fund's bank account is in ", settings.currency()));
  }
  if (p.texts_size() > kTextsMax || p.reference().size() > kTextBytesMax || p.payer_name().size() > kTextBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("payment ", p.bank_reference(), " carries too much text"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PaymentSettings> RequireSettings(const StateReader& state) {
  ASSIGN_OR_RETURN(auto settings, ReadSettings(state));
  if (!settings.has_value()) {
    return absl::FailedPreconditionError(
        "the fund's bank details are not set: an admin runs `fondbok payments settings --bankgiro …`");
  }
  return *settings;
}

absl::StatusOr<v1::PaymentRecord> LoadPayment(const StateReader& state, const std::string& id) {
  ASSIGN_OR_RETURN(auto record, ReadPayment(state, id));
  if (!record.has_value()) return absl::NotFoundError(absl::StrCat("payment ", id, " does not exist"));
  return *record;
}

// The amount of a move out of suspense: `requested` (0 = all) within what is still unallocated.
absl::StatusOr<int64_t> FromSuspense(const v1::PaymentRecord& record, int64_t requested, absl::string_view what) {
  if (record.unallocated_ore() <= 0) {
    return absl::FailedPreconditionError(absl::StrCat("payment ", record.id(), " has nothing in suspense to ", what,
                                                      record.unallocated_ore() < 0 ? " (it is a bank deduction)" : ""));
  }
  const int64_t amount = requested == 0 ? record.unallocated_ore() : requested;
  if (amount < 0 || amount > record.unallocated_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot ", what, " ", ledger::FormatAmount(amount), " of payment ",
                                                   record.id(), ": ", ledger::FormatAmount(record.unallocated_ore()),
                                                   " of it is unallocated"));
  }
  return amount;
}

absl::StatusOr<Decision> DecideImport(const CommandContext& context, const v1::RecordImport& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "import bank files"));
  if (c.file_sha256().size() != 64) return absl::InvalidArgumentError("an import names its file's SHA-256 (64 hex digits)");
  ASSIGN_OR_RETURN(auto earlier, ReadImport(state, c.file_sha256()));
  if (earlier.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("file ", c.file_name(), " was imported before as ",
                                                 earlier->import_id(), "; nothing was booked again"));
  }
  RETURN_IF_ERROR(RequireSettings(state).status());
  ASSIGN_OR_RETURN(int64_t number, ReadCounter(state, kNextImportKey));
  Decision d;
  v1::ImportRecorded* e = d.event.mutable_import_recorded();
  e->set_import_id(ImportId(number));
  *e->mutable_import() = c;
  return d;
}

// The owner books an allocated payment on the day it arrived, so that the payer is not charged
// for the officer's delay; when that month has been closed since, on the first day still open
// (the ledger books nothing into a closed period).
absl::StatusOr<std::string> AllocationDate(const StateReader& state, const std::string& arrived) {
  ASSIGN_OR_RETURN(auto closed, ledger::ReadClosedThrough(state));
  if (!closed.has_value()) return arrived;
  const std::string first_open = ledger::FormatDate(absl::CivilDay(*closed + 1));
  return std::max(arrived, first_open);
}

absl::StatusOr<Decision> DecideAllocate(const CommandContext& context, const v1::AllocatePayment& c,
                                        const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "allocate payments"));
  ASSIGN_OR_RETURN(v1::PaymentRecord record, LoadPayment(state, c.payment_id()));
  ASSIGN_OR_RETURN(int64_t amount, FromSuspense(record, c.amount_ore(), "allocate"));
  RoutedPayment routed;
  if (!c.ocr().empty() && c.credit_id().empty()) {
    ASSIGN_OR_RETURN(auto owner, ledger::LookupReference(state, c.ocr()));
    if (!owner.has_value()) return absl::NotFoundError(absl::StrCat("OCR reference ", c.ocr(), " belongs to nothing the fund invoiced"));
    routed.owner_module = owner->module();
    routed.subject = owner->subject();
    routed.ocr = c.ocr();
  } else if (!c.credit_id().empty() && c.ocr().empty()) {
    routed.owner_module = "credits";
    routed.subject = c.credit_id();
  } else {
    return absl::InvalidArgumentError("allocate to an OCR reference or to a credit (one of them)");
  }
  if (c.comment().size() > kTextBytesMax) return absl::InvalidArgumentError("the comment is longer than 200 characters");
  routed.amount_ore = amount;
  ASSIGN_OR_RETURN(routed.value_date, AllocationDate(state, record.payment().value_date()));
  routed.payment_id = record.id();
  routed.funding_account = std::string(kUnallocatedAccount);
  ASSIGN_OR_RETURN(Command follow_up, RouteCommand(routed));
  Decision d;
  d.value_date = ledger::FormatDate(context.today);
  v1::PaymentAllocated* e = d.event.mutable_payment_allocated();
  e->set_payment_id(record.id());
  e->set_amount_ore(amount);
  e->set_routed_module(routed.owner_module);
  e->set_routed_subject(routed.subject);
  e->set_comment(c.comment());
  d.follow_ups.push_back(std::move(follow_up));
  return d;
}

absl::StatusOr<Decision> DecideRefund(const CommandContext& context, const v1::RefundPayment& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "refund payments"));
  ASSIGN_OR_RETURN(v1::PaymentRecord record, LoadPayment(state, c.payment_id()));
  ASSIGN_OR_RETURN(int64_t amount, FromSuspense(record, c.amount_ore(), "refund"));
  if (c.reason().empty() || c.reason().size() > kTextBytesMax) {
    return absl::InvalidArgumentError("a refund needs a reason (at most 200 characters)");
  }
  Decision d;
  ASSIGN_OR_RETURN(d.value_date, ValueDate(context, c.value_date()));
  if (d.value_date < record.payment().value_date()) {
    return absl::InvalidArgumentError(absl::StrCat("a refund cannot be dated before the payment arrived (",
                                                   record.payment().value_date(), ")"));
  }
  v1::PaymentRefunded* e = d.event.mutable_payment_refunded();
  e->set_payment_id(record.id());
  e->set_amount_ore(amount);
  e->set_reason(c.reason());
  e->set_to_account(record.payment().payer_account());
  // Owed back out through the bank: payments-out until the statement shows the transfer. The order
  // goes into the next pain.001 file, to the payer's bankgiro when the bank file named one (else it
  // is held back until an account is known).
  RETURN_IF_ERROR(ledger::OpenAccountIfMissing(state, d, services::PaymentsOutAccount(record.payment().currency())));
  AddPair(d, kUnallocatedAccount, kPaymentsOutAccount, amount);
  v1::PaymentOrder* order = d.follow_ups.emplace_back().mutable_order_payment()->mutable_order();
  order->set_origin_module("payments");
  order->set_origin_subject(record.id());
  order->set_description(absl::StrCat("refund of ", record.id()));
  order->set_payee_name(record.payment().payer_name().empty() ? "okänd betalare" : record.payment().payer_name());
  if (record.payment().source() == "bgmax" && parties::AllDigits(record.payment().payer_account())) {
    order->set_payee_bankgiro(record.payment().payer_account());
  }
  order->set_amount_ore(amount);
  order->set_currency(record.payment().currency());
  order->set_value_date(d.value_date);
  order->set_clearing_account(std::string(kPaymentsOutAccount));
  order->set_remittance(absl::StrCat("Återbetalning ", record.payment().reference().empty()
                                                            ? record.id()
                                                            : record.payment().reference()));
  return d;
}

absl::StatusOr<Decision> DecideSettings(const CommandContext& context, const v1::SetPaymentSettings& c) {
  if (context.actor_role != "admin") {
    return absl::PermissionDeniedError("only an admin sets the fund's bank details");
  }
  v1::PaymentSettings s = c.settings();
  if (s.currency().empty()) s.set_currency("SEK");
  if (s.currency() != "SEK") return absl::InvalidArgumentError("the fund's bank account is in SEK");
  if (s.bankgiro().empty() && s.iban().empty()) {
    return absl::InvalidArgumentError("give the fund's bankgiro, its IBAN, or both");
  }
  if (!s.bankgiro().empty()) {
    ASSIGN_OR_RETURN(std::string bankgiro, parties::NormalizeBankgiro(s.bankgiro()));
    s.set_bankgiro(bankgiro);
  }
  if (!s.iban().empty()) {
    ASSIGN_OR_RETURN(std::string iban, NormalizeIban(s.iban()));
    s.set_iban(iban);
  }
  if (!s.bic().empty()) {
    ASSIGN_OR_RETURN(std::string bic, NormalizeBic(s.bic()));
    s.set_bic(bic);
  }
  if (s.account_name().size() > 70) return absl::InvalidArgumentError("the account name is longer than 70 characters");
  Decision d;
  *d.event.mutable_payment_settings_set()->mutable_settings() = s;
  return d;
}

// --- payments out -----------------------------------------------------------------------------

absl::StatusOr<Decision> DecideOrder(const CommandContext& context, const v1::OrderPayment& c,
                                     const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "order payments"));
  const v1::PaymentOrder& o = c.order();
  if (o.amount_ore() <= 0) return absl::InvalidArgumentError("a payment order needs a positive amount");
  if (o.origin_module().empty() || o.origin_subject().empty() || o.payee_name().empty()) {
    return absl::InvalidArgumentError("a payment order names what it pays (module, subject) and the payee");
  }
  if (o.payee_name().size() > kTextBytesMax || o.remittance().size() > kTextBytesMax ||
      o.description().size() > kTextBytesMax) {
    return absl::InvalidArgumentError("a payment order carries too much text");
  }
  if (!o.clearing_account().empty() && o.clearing_account() != kPaymentsOutAccount) {
    return absl::InvalidArgumentError(absl::StrCat("a payment order is owed out through ", kPaymentsOutAccount,
                                                   ", not through ", o.clearing_account()));
  }
  ASSIGN_OR_RETURN(int64_t number, ReadCounter(state, kNextOrderKey));
  Decision d;
  ASSIGN_OR_RETURN(d.value_date, ValueDate(context, o.value_date()));
  v1::PaymentOrder* order = d.event.mutable_payment_ordered()->mutable_order();
  *order = o;
  order->set_id(OrderId(number));
  order->set_value_date(d.value_date);
  if (order->currency().empty()) order->set_currency("SEK");
  order->set_state(v1::ORDERED);
  return d;
}

absl::StatusOr<Decision> DecideExport(const CommandContext& context, const v1::ExportPaymentOrders& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "export payment files"));
  ASSIGN_OR_RETURN(v1::PaymentSettings settings, RequireSettings(state));
  ASSIGN_OR_RETURN(absl::CivilDay execution, ledger::ParseDate(c.execution_date(), "execution date"));
  if (execution < context.today) {
    return absl::InvalidArgumentError(absl::StrCat("execution date ", c.execution_date(), " lies in the past"));
  }
  ASSIGN_OR_RETURN(std::vector<v1::PaymentOrder> open, OpenOrders(state));
  std::vector<v1::PaymentOrder> ready;
  for (v1::PaymentOrder& o : open) {
    if (!o.payee_bankgiro().empty() || !o.payee_iban().empty()) ready.push_back(std::move(o));
  }
  if (ready.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("no payment order is waiting with a payee account (",
                                                      open.size(), " without one)"));
  }
  ASSIGN_OR_RETURN(int64_t number, ReadCounter(state, kNextExportKey));
  Decision d;
  v1::PaymentOrdersExported* e = d.event.mutable_payment_orders_exported();
  e->set_message_id(ExportMessageId(number));
  e->set_execution_date(ledger::FormatDate(execution));
  e->set_created_at_us(absl::ToUnixMicros(context.now));
  int64_t amount = 0;
  for (const v1::PaymentOrder& o : ready) {
    e->add_order_ids(o.id());
    ASSIGN_OR_RETURN(amount, ledger::AddOre(amount, o.amount_ore()));
  }
  e->set_amount_ore(amount);
  // Written once now, so that an order the bank would refuse (a bad account) refuses the export.
  ASSIGN_OR_RETURN(std::string file, Pain001For(settings, ready, *e));
  e->set_file_sha256(ledger::ToHex(ledger::Sha256(file)));
  return d;
}

absl::StatusOr<Decision> DecideSettle(const CommandContext& context, const v1::SettlePaymentOrder& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "settle payment orders"));
  ASSIGN_OR_RETURN(auto order, ReadOrder(state, c.order_id()));
  if (!order.has_value()) return absl::NotFoundError(absl::StrCat("payment order ", c.order_id(), " does not exist"));
  // EXPORTED: the bank paid the pain.001 file. ORDERED: paid outside it (by hand), or held back
  // for want of a payee account and paid once one was known.
  if (order->state() != v1::EXPORTED && order->state() != v1::ORDERED) {
    return absl::FailedPreconditionError(absl::StrCat("payment order ", order->id(), " is already ",
                                                      v1::PaymentOrderState_Name(order->state())));
  }
  if (c.bank_reference().empty()) {
    return absl::InvalidArgumentError("settling a payment order needs the bank's reference of the debit");
  }
  if (c.amount_ore() != order->amount_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("the statement pays ", ledger::FormatAmount(c.amount_ore()),
                                                   " for payment order ", order->id(), ", which is for ",
                                                   ledger::FormatAmount(order->amount_ore())));
  }
  Decision d;
  ASSIGN_OR_RETURN(const std::string bank_date, ValueDate(context, c.value_date()));
  if (bank_date < order->value_date()) {
    return absl::InvalidArgumentError(absl::StrCat("payment order ", order->id(), " was made on ", order->value_date(),
                                                   "; the bank cannot have paid it on ", bank_date));
  }
  v1::PaymentOrderSettled* e = d.event.mutable_payment_order_settled();
  e->set_order_id(order->id());
  e->set_bank_reference(c.bank_reference().substr(0, kTextBytesMax));
  e->set_value_date(bank_date);
  // The money leaves asset:bank now, on the bank's date (or the first open day, when the statement
  // arrives after that month was closed).
  ASSIGN_OR_RETURN(d.value_date, AllocationDate(state, bank_date));
  if (!order->clearing_account().empty()) {
    AddPair(d, order->clearing_account(), kBankAccount, order->amount_ore());
  }
  return d;
}

absl::Status UpdateOrder(ledger::ViewWriter& views, const std::string& id,
                         const std::function<void(v1::PaymentOrder&)>& change) {
  ASSIGN_OR_RETURN(auto order, ReadOrder(views, id));
  if (!order.has_value()) return absl::InternalError(absl::StrCat("payment order ", id, " has no view"));
  change(*order);
  views.Put(OrderKey(id), order->SerializeAsString());
  return absl::OkStatus();
}

absl::Status ProjectOrders(const v1::JournalEntry& entry, ledger::ViewWriter& views);

// --- projection -------------------------------------------------------------------------------

void PutCounter(ledger::ViewWriter& views, absl::string_view key, int64_t next) {
  views.Put(key, absl::StrCat(next));
}

absl::Status ProjectReceived(const v1::JournalEntry& entry, ledger::ViewWriter& views) {
  const v1::PaymentReceived& e = entry.event().payment_received();
  v1::PaymentRecord record;
  record.set_id(e.payment_id());
  *record.mutable_payment() = e.payment();
  record.set_import_id(e.import_id());
  record.set_seq(entry.seq());
  record.set_routed_module(e.routed_module());
  record.set_routed_subject(e.routed_subject());
  if (e.routed_module().empty()) {
    record.set_unallocated_ore(e.payment().amount_ore());
    record.set_unallocated_reason(e.unallocated_reason());
    views.Put(UnallocatedKey(e.payment_id()), "");
  }
  views.Put(PaymentKey(e.payment_id()), record.SerializeAsString());
  views.Put(BankRefKey(e.payment().bank_reference()), e.payment_id());
  ASSIGN_OR_RETURN(int64_t next, ReadCounter(views, kNextPaymentKey));
  PutCounter(views, kNextPaymentKey, next + 1);
  return absl::OkStatus();
}

// Allocation or refund: money leaves suspense.
absl::Status ProjectMove(const v1::JournalEntry& entry, ledger::ViewWriter& views, const std::string& payment_id,
                         v1::PaymentMove move) {
  ASSIGN_OR_RETURN(auto record, ReadPayment(views, payment_id));
  if (!record.has_value()) return absl::InternalError(absl::StrCat("payment ", payment_id, " has no view"));
  move.set_seq(entry.seq());
  move.set_actor(entry.actor());
  move.set_value_date(entry.value_date());
  record->set_unallocated_ore(record->unallocated_ore() - move.amount_ore());
  *record->add_moves() = std::move(move);
  if (record->unallocated_ore() == 0) views.Delete(UnallocatedKey(payment_id));
  views.Put(PaymentKey(payment_id), record->SerializeAsString());
  return absl::OkStatus();
}

absl::Status ProjectOrders(const v1::JournalEntry& entry, ledger::ViewWriter& views) {
  const Event& e = entry.event();
  if (e.has_payment_ordered()) {
    v1::PaymentOrder order = e.payment_ordered().order();
    order.set_ordered_seq(entry.seq());
    views.Put(OrderKey(order.id()), order.SerializeAsString());
    views.Put(OpenOrderKey(order.id()), "");
    ASSIGN_OR_RETURN(int64_t next, ReadCounter(views, kNextOrderKey));
    PutCounter(views, kNextOrderKey, next + 1);
    return absl::OkStatus();
  }
  if (e.has_payment_orders_exported()) {
    const v1::PaymentOrdersExported& x = e.payment_orders_exported();
    for (const std::string& id : x.order_ids()) {
      RETURN_IF_ERROR(UpdateOrder(views, id, [&](v1::PaymentOrder& o) {
        o.set_state(v1::EXPORTED);
        o.set_message_id(x.message_id());
        o.set_exported_seq(entry.seq());
        o.set_execution_date(x.execution_date());
      }));
      views.Delete(OpenOrderKey(id));
    }
    ASSIGN_OR_RETURN(int64_t next, ReadCounter(views, kNextExportKey));
    PutCounter(views, kNextExportKey, next + 1);
    return absl::OkStatus();
  }
  const v1::PaymentOrderSettled& s = e.payment_order_settled();
  return UpdateOrder(views, s.order_id(), [&](v1::PaymentOrder& o) {
    o.set_state(v1::SETTLED);
    o.set_settled_seq(entry.seq());
    o.set_settled_bank_reference(s.bank_reference());
    o.set_settled_date(s.value_date());
  });
}

}  // namespace

absl::StatusOr<std::vector<v1::PaymentOrder>> OpenOrders(const ledger::KvReader& state) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(state.Scan(ledger::Space::kViews, kOpenOrderPrefix, ledger::PrefixEnd(kOpenOrderPrefix),
                             [&](absl::string_view key, absl::string_view) {
                               ids.emplace_back(key.substr(kOpenOrderPrefix.size()));
                               return true;
                             }));
  std::vector<v1::PaymentOrder> orders;
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(auto order, ReadOrder(state, id));
    if (!order.has_value()) return absl::DataLossError(absl::StrCat("payment order ", id, " has no view"));
    orders.push_back(std::move(*order));
  }
  return orders;
}

absl::StatusOr<std::string> Pain001For(const v1::PaymentSettings& settings, const std::vector<v1::PaymentOrder>& orders,
                                       const v1::PaymentOrdersExported& exported) {
  Pain001Batch batch;
  batch.message_id = exported.message_id();
  batch.created = absl::ToCivilSecond(absl::FromUnixMicros(exported.created_at_us()), absl::UTCTimeZone());
  batch.initiating_party = settings.account_name().empty() ? "fondbok" : settings.account_name();
  batch.payment_info_id = absl::StrCat(exported.message_id(), "-1");
  ASSIGN_OR_RETURN(batch.execution_date, ledger::ParseDate(exported.execution_date(), "execution date"));
  batch.debtor_name = batch.initiating_party;
  if (!settings.iban().empty()) {
    batch.debtor_iban = settings.iban();
  } else {
    batch.debtor_bankgiro = settings.bankgiro();
  }
  batch.debtor_bic = settings.bic();
  for (const v1::PaymentOrder& o : orders) {
    CreditTransfer& t = batch.transfers.emplace_back();
    t.end_to_end_id = o.id();
    t.amount_ore = o.amount_ore();
    t.currency = o.currency();
    t.creditor_name = o.payee_name();
    t.creditor_iban = o.payee_iban();
    t.creditor_bankgiro = o.payee_iban().empty() ? o.payee_bankgiro() : "";
    t.text = o.remittance().substr(0, kPain001TextCharsMax);
  }
  return WritePain001(batch);
}

absl::StatusOr<Command> RouteCommand(const RoutedPayment& payment) {
  Command command;
  if (payment.owner_module == "credits") {
    v1::RecordRepayment* repay = command.mutable_record_repayment();
    repay->set_credit_id(payment.subject);
    repay->set_ocr(payment.ocr);
    repay->set_amount_ore(payment.amount_ore);
    repay->set_value_date(payment.value_date);
    repay->set_reference(payment.payment_id);
    repay->set_funding_account(payment.funding_account);
    return command;
  }
  return absl::UnimplementedError(absl::StrCat("payments to references of the ", payment.owner_module,
                                               " module cannot be routed yet"));
}

std::vector<int> PaymentsModule::CommandCases() const {
  return {Command::kReceivePayment,     Command::kRecordImport,        Command::kAllocatePayment,
          Command::kRefundPayment,      Command::kSetPaymentSettings,  Command::kOrderPayment,
          Command::kExportPaymentOrders, Command::kSettlePaymentOrder};
}

std::vector<int> PaymentsModule::EventCases() const {
  return {Event::kPaymentReceived,     Event::kImportRecorded,        Event::kPaymentAllocated,
          Event::kPaymentRefunded,     Event::kPaymentSettingsSet,    Event::kPaymentOrdered,
          Event::kPaymentOrdersExported, Event::kPaymentOrderSettled};
}

absl::StatusOr<Decision> PaymentsModule::DecideReceive(const CommandContext& context, const v1::ReceivePayment& c,
                                                       const StateReader& state) const {
  RETURN_IF_ERROR(RequireStaff(context, "book incoming payments"));
  ASSIGN_OR_RETURN(v1::PaymentSettings settings, RequireSettings(state));
  const v1::IncomingPayment& p = c.payment();
  RETURN_IF_ERROR(ValidateIncoming(p, settings));
  ASSIGN_OR_RETURN(auto booked, PaymentIdForBankRef(state, p.bank_reference()));
  if (booked.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("the payment with bank reference ", p.bank_reference(),
                                                 " was booked before as ", *booked));
  }
  Decision d;
  ASSIGN_OR_RETURN(d.value_date, ValueDate(context, p.value_date()));
  ASSIGN_OR_RETURN(int64_t number, ReadCounter(state, kNextPaymentKey));
  v1::PaymentReceived* e = d.event.mutable_payment_received();
  e->set_payment_id(PaymentId(number));
  *e->mutable_payment() = p;
  e->mutable_payment()->set_value_date(d.value_date);
  if (!c.file_sha256().empty()) {
    ASSIGN_OR_RETURN(auto import, ReadImport(state, c.file_sha256()));
    if (!import.has_value()) return absl::FailedPreconditionError("a file's payments follow the file's import record");
    e->set_import_id(import->import_id());
  }

  std::string reason;
  if (p.amount_ore() < 0) {
    reason = "a deduction by the bank";
  } else if (p.reference().empty()) {
    reason = "the payment carries no reference";
  } else if (!ledger::ValidateReference(p.reference()).ok()) {
    reason = absl::StrCat("reference \"", p.reference(), "\" is not an OCR reference");
  } else {
    ASSIGN_OR_RETURN(auto owner, ledger::LookupReference(state, p.reference()));
    if (!owner.has_value()) {
      reason = absl::StrCat(parties::AllDigits(p.reference()) ? "OCR reference " : "reference \"",
                            p.reference(), parties::AllDigits(p.reference()) ? "" : "\"",
                            " belongs to nothing the fund invoiced");
    } else {
      RoutedPayment routed{owner->module(), owner->subject(), p.reference(), p.amount_ore(),
                           d.value_date,    e->payment_id(),  std::string(kBankAccount)};
      absl::StatusOr<Command> command = RouteCommand(routed);
      const ledger::Module* module = command.ok() ? modules_->ForCommand(*command) : nullptr;
      // The owner's own rules decide; asked now, against the same state its follow-up will see.
      absl::Status accepted = !command.ok()        ? command.status()
                              : module == nullptr ? absl::InternalError("no module decides the owner's command")
                                                  : module->Decide(context, *command, state).status();
      if (absl::IsInternal(accepted) || absl::IsDataLoss(accepted)) return accepted;
      if (accepted.ok()) {
        e->set_routed_module(routed.owner_module);
        e->set_routed_subject(routed.subject);
        d.follow_ups.push_back(*std::move(command));
        return d;
      }
      reason = absl::StrCat(owner->module(), " ", owner->subject(), " refused it: ", accepted.message());
    }
  }
  e->set_unallocated_reason(reason.substr(0, 400));
  AddPair(d, kBankAccount, kUnallocatedAccount, p.amount_ore());
  return d;
}

absl::StatusOr<Decision> PaymentsModule::Decide(const CommandContext& context, const Command& command,
                                                const StateReader& state) const {
  switch (command.kind_case()) {
    case Command::kReceivePayment: return DecideReceive(context, command.receive_payment(), state);
    case Command::kRecordImport: return DecideImport(context, command.record_import(), state);
    case Command::kAllocatePayment: return DecideAllocate(context, command.allocate_payment(), state);
    case Command::kRefundPayment: return DecideRefund(context, command.refund_payment(), state);
    case Command::kSetPaymentSettings: return DecideSettings(context, command.set_payment_settings());
    case Command::kOrderPayment: return DecideOrder(context, command.order_payment(), state);
    case Command::kExportPaymentOrders: return DecideExport(context, command.export_payment_orders(), state);
    case Command::kSettlePaymentOrder: return DecideSettle(context, command.settle_payment_order(), state);
    default: return absl::InvalidArgumentError("not a payments command");
  }
}

absl::Status PaymentsModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  const Event& e = entry.event();
  switch (e.kind_case()) {
    case Event::kPaymentReceived: return ProjectReceived(entry, views);
    case Event::kImportRecorded: {
      views.Put(ImportKey(e.import_recorded().import().file_sha256()), e.import_recorded().SerializeAsString());
      ASSIGN_OR_RETURN(int64_t next, ReadCounter(views, kNextImportKey));
      PutCounter(views, kNextImportKey, next + 1);
      return absl::OkStatus();
    }
    case Event::kPaymentAllocated: {
      v1::PaymentMove move;
      move.set_kind("allocated");
      move.set_amount_ore(e.payment_allocated().amount_ore());
      move.set_target(absl::StrCat(e.payment_allocated().routed_module(), " ", e.payment_allocated().routed_subject()));
      move.set_comment(e.payment_allocated().comment());
      return ProjectMove(entry, views, e.payment_allocated().payment_id(), std::move(move));
    }
    case Event::kPaymentRefunded: {
      v1::PaymentMove move;
      move.set_kind("refunded");
      move.set_amount_ore(e.payment_refunded().amount_ore());
      move.set_target(e.payment_refunded().to_account());
      move.set_comment(e.payment_refunded().reason());
      return ProjectMove(entry, views, e.payment_refunded().payment_id(), std::move(move));
    }
    case Event::kPaymentOrdered:
    case Event::kPaymentOrdersExported:
    case Event::kPaymentOrderSettled:
      return ProjectOrders(entry, views);
    case Event::kPaymentSettingsSet:
      views.Put(kSettingsKey, e.payment_settings_set().settings().SerializeAsString());
      return absl::OkStatus();
    default: return absl::InvalidArgumentError("not a payments event");
  }
}

}  // namespace fondbok::payments
