// The payments module, money out, through the real sequencer with the modules fondbokd runs
// (payments_module_test_util.h): refunds and disbursements are owed out on liability:payments-out,
// go out as payment orders, and leave asset:bank when the bank statement (or the officer, for an
// order paid by hand) settles them.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/payments/payments_module.h"
#include "services/payments/payments_module_test_util.h"

// In the fixture's namespace (payments_module_test_util.h), so that its helpers need no using.
namespace fondbok::payments::testing {
namespace {

v1::Command ExportOrders(const std::string& execution_date) {
  v1::Command c;
  c.mutable_export_payment_orders()->set_execution_date(execution_date);
  return c;
}

v1::Command SettleOrder(const std::string& order, int64_t amount_ore, const std::string& bank_date) {
  v1::Command c;
  v1::SettlePaymentOrder* s = c.mutable_settle_payment_order();
  s->set_order_id(order);
  s->set_bank_reference(absl::StrCat("STMT:", order));
  s->set_value_date(bank_date);
  s->set_amount_ore(amount_ore);
  return c;
}

// Money ordered out stays in asset:bank until the statement shows the bank paid it: a disbursement
// is owed out on liability:payments-out, and settling its order moves it to asset:bank.
TEST_F(PaymentsModuleTest, ADisbursementLeavesTheBankWhenTheStatementShowsIt) {
  FundBankDetails();
  const int64_t bank = BankBalance();
  const std::string id = Active();
  EXPECT_EQ(BankBalance(), bank) << "ordered, not yet paid by the bank";
  EXPECT_EQ(PaymentsOut(), 120'000'00);
  EXPECT_EQ(h_.Balance(credits::LoanAccount(id)), 120'000'00);

  auto exported = h_.Run(kOfficer1, ExportOrders("2026-03-15"));
  ASSERT_TRUE(exported.ok()) << exported.status();
  const v1::PaymentOrdersExported file = Entry(exported->entries(0).seq()).event().payment_orders_exported();
  ASSERT_EQ(file.order_ids_size(), 1);
  const std::string order = file.order_ids(0);
  EXPECT_EQ(h_.Run(kOfficer1, SettleOrder(order, 119'999'99, "2026-03-14")).status().code(),
            absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(h_.Run(kOfficer1, SettleOrder(order, 120'000'00, "2025-06-09")).status().code(),
            absl::StatusCode::kInvalidArgument)
      << "paid the day before it was disbursed";
  v1::Command no_reference = SettleOrder(order, 120'000'00, "2026-03-14");
  no_reference.mutable_settle_payment_order()->clear_bank_reference();
  EXPECT_EQ(h_.Run(kOfficer1, no_reference).status().code(), absl::StatusCode::kInvalidArgument);

  auto settled = h_.Run(kOfficer1, SettleOrder(order, 120'000'00, "2026-03-14"));
  ASSERT_TRUE(settled.ok()) << settled.status();
  const v1::JournalEntry entry = Entry(settled->entries(0).seq());
  EXPECT_EQ(Legs(entry),
            (std::vector<std::string>{"D liability:payments-out 12000000", "C asset:bank 12000000"}));
  EXPECT_EQ(entry.value_date(), "2026-03-14") << "the bank's date";
  EXPECT_EQ(BankBalance(), bank - 120'000'00);
  EXPECT_EQ(PaymentsOut(), 0);
  EXPECT_EQ(h_.Run(kOfficer1, SettleOrder(order, 120'000'00, "2026-03-14")).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "settled once";

  // Only payments-out may carry an order; an order without one (booked straight to asset:bank
  // before payments-out existed) settles without a booking.
  v1::Command direct;
  v1::PaymentOrder* o = direct.mutable_order_payment()->mutable_order();
  o->set_origin_module("credits");
  o->set_origin_subject(id);
  o->set_payee_name("Kooperativet");
  o->set_payee_bankgiro("9912346");
  o->set_amount_ore(10'00);
  o->set_clearing_account("asset:bank");
  EXPECT_EQ(h_.Run(kOfficer1, direct).status().code(), absl::StatusCode::kInvalidArgument);
  // An order that claims payments-out without anything owed out there cannot be settled: the
  // account never goes below zero.
  o->set_clearing_account("liability:payments-out");
  auto claimed = h_.Run(kOfficer1, direct);
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  const std::string unfunded = Entry(claimed->entries(0).seq()).event().payment_ordered().order().id();
  auto overdrawn = h_.Run(kOfficer1, SettleOrder(unfunded, 10'00, "2026-03-15"));
  EXPECT_EQ(overdrawn.status().code(), absl::StatusCode::kFailedPrecondition) << overdrawn.status();
  EXPECT_TRUE(absl::StrContains(overdrawn.status().message(), "may not be overdrawn")) << overdrawn.status();
  EXPECT_EQ(PaymentsOut(), 0);

  o->clear_clearing_account();
  auto direct_ordered = h_.Run(kOfficer1, direct);
  ASSERT_TRUE(direct_ordered.ok()) << direct_ordered.status();
  const std::string legacy = Entry(direct_ordered->entries(0).seq()).event().payment_ordered().order().id();
  // Paid by hand, outside any pain.001 file: settled from ORDERED.
  auto plain = h_.Run(kOfficer1, SettleOrder(legacy, 10'00, "2026-03-15"));
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(Entry(plain->entries(0).seq()).postings().empty());
  EXPECT_EQ(BankBalance(), bank - 120'000'00);
}

TEST_F(PaymentsModuleTest, RefundPaysSuspenseBack) {
  FundBankDetails();
  const std::string held = MustReceive(Receive("BGC:R:1", 10'000'00, ""));
  const int64_t bank = BankBalance();
  struct Case {
    std::string name;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::vector<Case> refused = {
      {"no reason", Refund(held, 1'000'00, ""), absl::StatusCode::kInvalidArgument},
      {"more than is held", Refund(held, 10'000'01, "wrong payee"), absl::StatusCode::kInvalidArgument},
      {"before the payment", Refund(held, 0, "wrong payee", "2026-02-28"), absl::StatusCode::kInvalidArgument},
      {"in the future", Refund(held, 0, "wrong payee", "2026-03-16"), absl::StatusCode::kInvalidArgument},
      {"unknown payment", Refund("IN-000099", 0, "wrong payee"), absl::StatusCode::kNotFound},
  };
  for (const Case& c : refused) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(h_.Run(kOfficer1, c.command).status().code(), c.code);
  }
  EXPECT_EQ(h_.Run(kBoard, Refund(held, 0, "wrong payee")).status().code(), absl::StatusCode::kPermissionDenied);

  // Partly, on the day the payment arrived; then the rest, today.
  auto partial = h_.Run(kOfficer1, Refund(held, 4'000'00, "paid twice", "2026-03-01"));
  ASSERT_TRUE(partial.ok()) << partial.status();
  const v1::JournalEntry entry = Entry(partial->entries(0).seq());
  EXPECT_EQ(Legs(entry),
            (std::vector<std::string>{"D liability:unallocated 400000", "C liability:payments-out 400000"}));
  EXPECT_EQ(entry.value_date(), "2026-03-01");
  EXPECT_EQ(BankBalance(), bank) << "owed out; the bank has not paid it yet";
  EXPECT_EQ(PaymentsOut(), 4'000'00);
  EXPECT_EQ(Suspense(), 6'000'00);
  EXPECT_TRUE(InSuspenseList(held));
  ASSERT_TRUE(h_.Run(kOfficer2, Refund(held, 0, "paid twice")).ok());
  EXPECT_EQ(BankBalance(), bank);
  EXPECT_EQ(PaymentsOut(), 10'000'00);
  EXPECT_EQ(Suspense(), 0);
  const v1::PaymentRecord record = Payment(held);
  EXPECT_EQ(record.unallocated_ore(), 0);
  ASSERT_EQ(record.moves_size(), 2);
  EXPECT_EQ(record.moves(0).kind(), "refunded");
  EXPECT_EQ(record.moves(0).amount_ore(), 4'000'00);
  EXPECT_EQ(record.moves(0).target(), "9912346");
  EXPECT_EQ(record.moves(0).comment(), "paid twice");
  // Each refund goes out through the bank: a payment order to the payer's bankgiro.
  const v1::JournalEntry ordered = Entry(partial->entries(1).seq());
  ASSERT_TRUE(ordered.event().has_payment_ordered()) << ordered.DebugString();
  EXPECT_EQ(ordered.event().payment_ordered().order().payee_bankgiro(), "9912346");
  EXPECT_EQ(ordered.event().payment_ordered().order().amount_ore(), 4'000'00);
  EXPECT_EQ(ordered.event().payment_ordered().order().origin_subject(), held);
  EXPECT_EQ(ordered.event().payment_ordered().order().clearing_account(), "liability:payments-out");
  EXPECT_TRUE(ordered.postings().empty());
  EXPECT_EQ(record.moves(1).amount_ore(), 6'000'00);
  EXPECT_EQ(record.moves(1).value_date(), "2026-03-15");
  EXPECT_FALSE(InSuspenseList(held));
  EXPECT_EQ(h_.Run(kOfficer1, Refund(held, 0, "again")).status().code(), absl::StatusCode::kFailedPrecondition);

  // A bank deduction holds nothing to pay back.
  const std::string deduction = MustReceive(Receive("BGC:R:2", -25'00, ""));
  auto minus = h_.Run(kOfficer1, Refund(deduction, 0, "x"));
  EXPECT_EQ(minus.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(minus.status().message(), "deduction")) << minus.status();
}

// A bank file is the bank's: the officer cannot shorten it. Whatever PlanImport takes from a file
// (camt has no bound on Ustrd lines or name length) must pass ReceivePayment's bounds, or one long
// remittance text would block the whole file.
}  // namespace
}  // namespace fondbok::payments::testing
