// The payments module through the real sequencer, with the modules fondbokd runs (CreditsHarness):
// settings, the payment-reference registry, routing by OCR to the credits module, suspense
// (liability:unallocated), idempotent bank references and imports, allocation and refund. Every
// scenario ends by replaying the journal and comparing the rebuilt views (ledger/ref/* included).
#include "services/payments/payments_module.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/journal.h"
#include "services/credits/credits_test_util.h"
#include "services/payments/payment_import.h"
#include "services/payments/payment_keys.h"

namespace fondbok::payments {
namespace {

using credits::testing::CreditsHarness;
using credits::testing::kAdmin;
using credits::testing::kBoard;
using credits::testing::kOfficer1;
using credits::testing::kOfficer2;
using credits::testing::Person;

constexpr absl::string_view kBank = "asset:bank";
constexpr absl::string_view kSuspense = "liability:unallocated";
const std::string kSha(64, 'a');  // a file's SHA-256 in hex (its value does not matter here)
const std::string kOtherSha(64, 'b');

v1::Command Settings(const std::string& bankgiro, const std::string& iban, const std::string& currency = "",
                     const std::string& bic = "") {
  v1::Command c;
  v1::PaymentSettings* s = c.mutable_set_payment_settings()->mutable_settings();
  s->set_bankgiro(bankgiro);
  s->set_iban(iban);
  s->set_currency(currency);
  s->set_bic(bic);
  return c;
}

v1::Command Receive(const std::string& bank_reference, int64_t amount_ore, const std::string& reference,
                    const std::string& value_date = "2026-03-01", const std::string& file_sha256 = "") {
  v1::Command c;
  v1::IncomingPayment* p = c.mutable_receive_payment()->mutable_payment();
  p->set_bank_reference(bank_reference);
  p->set_source("bgmax");
  p->set_amount_ore(amount_ore);
  p->set_currency("SEK");
  p->set_value_date(value_date);
  p->set_reference(reference);
  p->set_payer_name("Åsa Öberg");
  p->set_payer_account("9912346");
  c.mutable_receive_payment()->set_file_sha256(file_sha256);
  return c;
}

v1::Command Import(const std::string& sha, int payments) {
  v1::Command c;
  v1::RecordImport* r = c.mutable_record_import();
  r->set_file_sha256(sha);
  r->set_file_name("bgmax.txt");
  r->set_kind("bgmax");
  r->set_payments_in_file(payments);
  return c;
}

v1::Command Allocate(const std::string& payment, const std::string& ocr, const std::string& credit,
                     int64_t amount_ore = 0) {
  v1::Command c;
  v1::AllocatePayment* a = c.mutable_allocate_payment();
  a->set_payment_id(payment);
  a->set_ocr(ocr);
  a->set_credit_id(credit);
  a->set_amount_ore(amount_ore);
  a->set_comment("the payer forgot the OCR");
  return c;
}

v1::Command Refund(const std::string& payment, int64_t amount_ore, const std::string& reason,
                   const std::string& value_date = "") {
  v1::Command c;
  v1::RefundPayment* r = c.mutable_refund_payment();
  r->set_payment_id(payment);
  r->set_amount_ore(amount_ore);
  r->set_reason(reason);
  r->set_value_date(value_date);
  return c;
}

class PaymentsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = h_.Organisation("Kooperativet Ängen", "556036-0793", "1480", "991-2346");
    h_.Product("annuity", v1::ANNUITY, 475);
    h_.Deposit("goteborg", 1'000'000'00, {"1480"});
  }
  void TearDown() override { h_.ExpectReplayMatches(); }

  void FundBankDetails() { h_.MustRun(kAdmin, Settings("5402-9681", "SE45 5000 0000 0583 9825 7466")); }
  // A credit of 120 000,00 over 12 months, disbursed 2025-06-10 (today is 2026-03-15).
  std::string Active(int64_t amount_ore = 120'000'00) {
    const std::string id = h_.UnderReview(org_, "annuity", amount_ore, 12);
    EXPECT_TRUE(h_.FourEyes(CreditsHarness::Approve(id)).ok());
    h_.MustRun(kOfficer1, CreditsHarness::Disburse(id, "2025-06-10"));
    return id;
  }
  std::string Ocr(const std::string& credit, int instalment = 1) {
    const v1::Credit c = h_.Credit(credit);
    EXPECT_GE(c.schedules_size(), 1);
    if (c.schedules_size() == 0 || c.schedules(0).instalments_size() < instalment) return "";
    return c.schedules(0).instalments(instalment - 1).ocr();
  }
  v1::PaymentRecord Payment(const std::string& id) {
    auto snapshot = h_.storage().NewSnapshot();
    auto record = ReadPayment(*snapshot, id);
    EXPECT_TRUE(record.ok() && record->has_value()) << id;
    return record.ok() && record->has_value() ? **record : v1::PaymentRecord();
  }
  bool InSuspenseList(const std::string& id) {
    auto snapshot = h_.storage().NewSnapshot();
    auto value = snapshot->Get(ledger::Space::kViews, UnallocatedKey(id));
    EXPECT_TRUE(value.ok());
    return value.ok() && value->has_value();
  }
  std::optional<v1::ReferenceOwner> Owner(const std::string& reference) {
    auto snapshot = h_.storage().NewSnapshot();
    auto owner = ledger::LookupReference(*snapshot, reference);
    EXPECT_TRUE(owner.ok()) << owner.status();
    return owner.ok() ? *owner : std::nullopt;
  }
  v1::JournalEntry Entry(uint64_t seq) {
    auto snapshot = h_.storage().NewSnapshot();
    auto stored = snapshot->GetJournal(seq);
    EXPECT_TRUE(stored.ok() && stored->has_value()) << seq;
    if (!stored.ok() || !stored->has_value()) return v1::JournalEntry();
    auto entry = ledger::OpenEntry(seq, **stored);
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.ok() ? *entry : v1::JournalEntry();
  }
  absl::StatusOr<v1::WriteResult> RunAll(const Person& who, std::vector<v1::Command> commands) {
    return h_.sequencer().SubmitAndWait(h_.Request(who, std::move(commands)));
  }
  // The payment id a one-payment request booked (its first entry).
  std::string MustReceive(v1::Command command) {
    auto result = h_.Run(kOfficer1, std::move(command));
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || result->entries_size() == 0) return "";
    return Entry(result->entries(0).seq()).event().payment_received().payment_id();
  }
  int64_t Suspense() { return h_.Balance(std::string(kSuspense)); }
  int64_t BankBalance() { return h_.Balance(std::string(kBank)); }
  int64_t PaymentsOut() { return h_.Balance("liability:payments-out"); }

  CreditsHarness h_;
  std::string org_;
};

// Postings of an entry as "D account amount" / "C account amount", for compact expectations.
std::vector<std::string> Legs(const v1::JournalEntry& entry) {
  std::vector<std::string> legs;
  for (const v1::Posting& p : entry.postings()) {
    legs.push_back(absl::StrCat(p.side() == v1::DEBIT ? "D " : "C ", p.account(), " ", p.amount_ore()));
  }
  return legs;
}

TEST_F(PaymentsModuleTest, SettingsOnlyByAnAdminAndOnlyValidBankDetails) {
  // Before the fund's bank details are known, nothing can be booked or imported.
  EXPECT_EQ(h_.Run(kOfficer1, Receive("BGC:1", 100'00, "")).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.Run(kOfficer1, Import(kSha, 1)).status().code(), absl::StatusCode::kFailedPrecondition);

  struct Case {
    std::string name;
    Person who;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"officer", kOfficer1, Settings("5402-9681", ""), absl::StatusCode::kPermissionDenied},
      {"board", kBoard, Settings("5402-9681", ""), absl::StatusCode::kPermissionDenied},
      {"bankgiro check digit", kAdmin, Settings("5402-9682", ""), absl::StatusCode::kInvalidArgument},
      {"bankgiro too short", kAdmin, Settings("540", ""), absl::StatusCode::kInvalidArgument},
      {"IBAN check digits", kAdmin, Settings("", "SE4550000000058398257467"), absl::StatusCode::kInvalidArgument},
      {"IBAN with a stray character", kAdmin, Settings("", "SE45-5000-0000-0583-9825-7466"),
       absl::StatusCode::kInvalidArgument},
      {"IBAN too short", kAdmin, Settings("", "SE45"), absl::StatusCode::kInvalidArgument},
      {"neither", kAdmin, Settings("", ""), absl::StatusCode::kInvalidArgument},
      {"not SEK", kAdmin, Settings("5402-9681", "", "EUR"), absl::StatusCode::kInvalidArgument},
      {"BIC of 5", kAdmin, Settings("5402-9681", "", "", "ESSES"), absl::StatusCode::kInvalidArgument},
      {"bankgiro and IBAN", kAdmin, Settings("5402-9681", "se45 5000 0000 0583 9825 7466", "", "ESSESESS"),
       absl::StatusCode::kOk},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(h_.Run(c.who, c.command).status().code(), c.code);
  }
  auto snapshot = h_.storage().NewSnapshot();
  auto settings = ReadSettings(*snapshot);
  ASSERT_TRUE(settings.ok() && settings->has_value());
  EXPECT_EQ((*settings)->bankgiro(), "54029681");
  EXPECT_EQ((*settings)->iban(), "SE4550000000058398257466");
  EXPECT_EQ((*settings)->currency(), "SEK");
  // An IBAN alone is enough too (a fund paid by camt statements only).
  h_.MustRun(kAdmin, Settings("", "GB82 WEST 1234 5698 7654 32"));
}

TEST_F(PaymentsModuleTest, DisbursementRegistersEveryInstalmentOcr) {
  const std::string id = Active();
  const v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.schedules_size(), 1);
  ASSERT_EQ(credit.schedules(0).instalments_size(), 12);
  std::vector<std::string> seen;
  for (const v1::Instalment& in : credit.schedules(0).instalments()) {
    SCOPED_TRACE(in.ocr());
    ASSERT_FALSE(in.ocr().empty());
    EXPECT_TRUE(ledger::ValidateReference(in.ocr()).ok());
    std::optional<v1::ReferenceOwner> owner = Owner(in.ocr());
    ASSERT_TRUE(owner.has_value());
    EXPECT_EQ(owner->module(), "credits");
    EXPECT_EQ(owner->subject(), id);
    EXPECT_GT(owner->claimed_seq(), 0u);
    seen.push_back(in.ocr());
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "every instalment has its own OCR";
  EXPECT_FALSE(Owner("1234567897").has_value());
  // A second credit's OCRs belong to it, not to the first.
  const std::string second = Active(50'000'00);
  EXPECT_EQ(Owner(Ocr(second))->subject(), second);
  EXPECT_NE(Ocr(second), Ocr(id));
}

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

TEST_F(PaymentsModuleTest, PaymentWithTheInstalmentOcrIsRoutedToTheCredit) {
  FundBankDetails();
  const std::string id = Active();
  const std::string loan = credits::LoanAccount(id);
  const int64_t bank = BankBalance();
  const int64_t lent = h_.Balance(loan);
  auto result = h_.Run(kOfficer1, Receive("BGC:54029681:000000001001", 10'000'00, Ocr(id)));
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->entries_size(), 2) << "PaymentReceived, then the credit's RepaymentRecorded";

  const v1::JournalEntry received = Entry(result->entries(0).seq());
  ASSERT_TRUE(received.event().has_payment_received());
  EXPECT_EQ(received.event().payment_received().payment_id(), "IN-000001");
  EXPECT_EQ(received.event().payment_received().routed_module(), "credits");
  EXPECT_EQ(received.event().payment_received().routed_subject(), id);
  EXPECT_EQ(received.event().payment_received().unallocated_reason(), "");
  EXPECT_EQ(received.postings_size(), 0) << "the owner's entry books the money";
  const v1::JournalEntry repaid = Entry(result->entries(1).seq());
  ASSERT_TRUE(repaid.event().has_repayment_recorded());
  EXPECT_EQ(repaid.value_date(), "2026-03-01");
  ASSERT_GE(repaid.postings_size(), 2);
  EXPECT_EQ(Legs(repaid)[0], "D asset:bank 1000000");

  const v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 1);
  EXPECT_EQ(credit.payments(0).reference(), "IN-000001");
  EXPECT_EQ(credit.payments(0).ocr(), Ocr(id));
  EXPECT_EQ(credit.payments(0).amount_ore(), 10'000'00);
  EXPECT_GT(credit.payments(0).principal_ore(), 0);
  EXPECT_EQ(BankBalance(), bank + 10'000'00);
  EXPECT_EQ(h_.Balance(loan), lent - credit.payments(0).principal_ore());
  EXPECT_EQ(Suspense(), 0);

  const v1::PaymentRecord record = Payment("IN-000001");
  EXPECT_EQ(record.routed_module(), "credits");
  EXPECT_EQ(record.routed_subject(), id);
  EXPECT_EQ(record.unallocated_ore(), 0);
  EXPECT_EQ(record.payment().bank_reference(), "BGC:54029681:000000001001");
  EXPECT_FALSE(InSuspenseList("IN-000001"));
}

TEST_F(PaymentsModuleTest, PaymentsTheOwnerCannotTakeAreHeldInSuspenseWithTheReason) {
  FundBankDetails();
  const std::string id = Active();
  const std::string ocr = Ocr(id);
  struct Case {
    std::string name;
    int64_t amount_ore;
    std::string reference;
    std::string value_date;
    std::vector<std::string> reason;  // substrings
  };
  const std::vector<Case> cases = {
      {"unknown OCR", 500'00, "1234567897", "2026-03-01", {"OCR reference 1234567897 belongs to nothing"}},
      {"no reference", 600'00, "", "2026-03-01", {"carries no reference"}},
      {"free text", 700'00, "FAKTURA 7 OCH 8", "2026-03-01", {"\"FAKTURA 7 OCH 8\" is not an OCR reference"}},
      {"more than is owed", 500'000'00, ocr, "2026-03-01",
       {absl::StrCat("credits ", id, " refused it"), "exceeds what credit"}},
      {"dated before the disbursement", 800'00, ocr, "2025-06-01", {absl::StrCat("credits ", id, " refused it")}},
      {"a deduction", -50'00, ocr, "2026-03-01", {"a deduction by the bank"}},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const int64_t bank = BankBalance();
    const int64_t suspense = Suspense();
    auto result = h_.Run(kOfficer1, Receive(absl::StrCat("BGC:54029681:00000000200", ++n), c.amount_ore, c.reference,
                                            c.value_date));
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->entries_size(), 1);
    const v1::JournalEntry entry = Entry(result->entries(0).seq());
    const v1::PaymentReceived& e = entry.event().payment_received();
    EXPECT_EQ(e.routed_module(), "");
    for (const std::string& part : c.reason) {
      EXPECT_TRUE(absl::StrContains(e.unallocated_reason(), part)) << e.unallocated_reason() << "\nlacks: " << part;
    }
    const int64_t amount = c.amount_ore;
    const std::vector<std::string> legs =
        amount > 0 ? std::vector<std::string>{absl::StrCat("D asset:bank ", amount),
                                              absl::StrCat("C liability:unallocated ", amount)}
                   : std::vector<std::string>{absl::StrCat("D liability:unallocated ", -amount),
                                              absl::StrCat("C asset:bank ", -amount)};
    EXPECT_EQ(Legs(entry), legs);
    EXPECT_EQ(entry.value_date(), c.value_date);
    EXPECT_EQ(BankBalance(), bank + amount);
    EXPECT_EQ(Suspense(), suspense + amount);
    const v1::PaymentRecord record = Payment(e.payment_id());
    EXPECT_EQ(record.unallocated_ore(), amount);
    EXPECT_EQ(record.unallocated_reason(), e.unallocated_reason());
    EXPECT_TRUE(InSuspenseList(e.payment_id()));
  }
  EXPECT_EQ(h_.Credit(id).payments_size(), 0) << "the credit took none of them";
}

TEST_F(PaymentsModuleTest, BankReferencesAndFilesAreBookedOnce) {
  FundBankDetails();
  const std::string id = Active();
  h_.MustRun(kOfficer1, Receive("BGC:54029681:000000003001", 100'00, ""));
  const int64_t bank = BankBalance();
  auto again = h_.Run(kOfficer1, Receive("BGC:54029681:000000003001", 100'00, ""));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(again.status().message(), "booked before as IN-000001")) << again.status();
  // Twice in one request: the second sees the first, and the whole request fails.
  auto twice = RunAll(kOfficer1, {Receive("BGC:X:1", 100'00, ""), Receive("BGC:X:1", 100'00, "")});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(BankBalance(), bank);

  // A file's payments follow its import record.
  EXPECT_EQ(h_.Run(kOfficer1, Receive("BGC:Y:1", 100'00, "", "2026-03-01", kSha)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.Run(kOfficer1, Import("abc", 1)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.Run(kBoard, Import(kSha, 1)).status().code(), absl::StatusCode::kPermissionDenied);

  // One linked request: the import, then its payments (one routed, two held).
  auto file = RunAll(kOfficer1, {Import(kSha, 3), Receive("BGC:F:1", 5'000'00, Ocr(id), "2026-03-02", kSha),
                                 Receive("BGC:F:2", 250'00, "", "2026-03-02", kSha),
                                 Receive("BGC:F:3", 300'00, "1234567897", "2026-03-02", kSha)});
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->entries_size(), 5) << "import, three payments, one repayment";
  const v1::JournalEntry import = Entry(file->entries(0).seq());
  EXPECT_EQ(import.event().import_recorded().import_id(), "I-000001");
  for (const char* payment : {"IN-000002", "IN-000003", "IN-000004"}) {
    EXPECT_EQ(Payment(payment).import_id(), "I-000001") << payment;
  }
  EXPECT_EQ(Payment("IN-000002").routed_subject(), id);
  EXPECT_EQ(Suspense(), 100'00 + 250'00 + 300'00);
  EXPECT_EQ(BankBalance(), bank + 5'000'00 + 250'00 + 300'00);

  auto file_again = h_.Run(kOfficer2, Import(kSha, 3));
  EXPECT_EQ(file_again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(file_again.status().message(), "I-000001")) << file_again.status();
  // A second file is a second import.
  auto other = RunAll(kOfficer1, {Import(kOtherSha, 1), Receive("BGC:G:1", 100'00, "", "2026-03-03", kOtherSha)});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(Payment("IN-000005").import_id(), "I-000002");
}

TEST_F(PaymentsModuleTest, IncomingPaymentsAreValidated) {
  FundBankDetails();
  v1::Command euro = Receive("BGC:E:1", 100'00, "");
  euro.mutable_receive_payment()->mutable_payment()->set_currency("EUR");
  v1::Command future = Receive("BGC:E:2", 100'00, "", "2026-03-16");
  const std::vector<std::pair<std::string, v1::Command>> cases = {
      {"no bank reference", Receive("", 100'00, "")},
      {"no amount", Receive("BGC:E:3", 0, "")},
      {"another currency", euro},
      {"a value date in the future", future},
      {"not a date", Receive("BGC:E:4", 100'00, "", "2026-02-30")},
  };
  for (const auto& [name, command] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(h_.Run(kOfficer1, command).status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(h_.Run(kBoard, Receive("BGC:E:5", 100'00, "")).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Suspense(), 0);
}

TEST_F(PaymentsModuleTest, AllocationMovesSuspenseToTheCredit) {
  FundBankDetails();
  const std::string id = Active();
  const std::string loan = credits::LoanAccount(id);
  const std::string held = MustReceive(Receive("BGC:A:1", 10'000'00, ""));
  const std::string part = MustReceive(Receive("BGC:A:2", 8'000'00, "Lån Ängen"));
  const std::string routed = MustReceive(Receive("BGC:A:3", 1'000'00, Ocr(id)));
  ASSERT_EQ(Suspense(), 18'000'00);
  const int64_t bank = BankBalance();
  const int64_t lent = h_.Balance(loan);

  // By OCR, all of it.
  auto by_ocr = h_.Run(kOfficer1, Allocate(held, Ocr(id, 2), ""));
  ASSERT_TRUE(by_ocr.ok()) << by_ocr.status();
  ASSERT_EQ(by_ocr->entries_size(), 2) << "PaymentAllocated, then the credit's RepaymentRecorded";
  const v1::JournalEntry allocated = Entry(by_ocr->entries(0).seq());
  EXPECT_EQ(allocated.event().payment_allocated().amount_ore(), 10'000'00);
  EXPECT_EQ(allocated.event().payment_allocated().routed_subject(), id);
  const v1::JournalEntry repaid = Entry(by_ocr->entries(1).seq());
  ASSERT_TRUE(repaid.event().has_repayment_recorded());
  EXPECT_EQ(Legs(repaid)[0], "D liability:unallocated 1000000") << "funded from suspense, not the bank";
  EXPECT_EQ(repaid.value_date(), "2026-03-01") << "the day the money arrived";
  EXPECT_EQ(Suspense(), 8'000'00);
  EXPECT_EQ(BankBalance(), bank) << "the money was in the bank already";
  v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 2);
  EXPECT_EQ(credit.payments(1).reference(), held);
  EXPECT_EQ(credit.payments(1).ocr(), Ocr(id, 2));
  EXPECT_EQ(h_.Balance(loan), lent - credit.payments(1).principal_ore());
  v1::PaymentRecord record = Payment(held);
  EXPECT_EQ(record.unallocated_ore(), 0);
  ASSERT_EQ(record.moves_size(), 1);
  EXPECT_EQ(record.moves(0).kind(), "allocated");
  EXPECT_EQ(record.moves(0).target(), absl::StrCat("credits ", id));
  EXPECT_EQ(record.moves(0).actor(), kOfficer1.id);
  EXPECT_FALSE(InSuspenseList(held));

  // By credit id, in parts; more than is left is refused.
  ASSERT_TRUE(h_.Run(kOfficer2, Allocate(part, "", id, 3'000'00)).ok());
  EXPECT_EQ(Payment(part).unallocated_ore(), 5'000'00);
  EXPECT_TRUE(InSuspenseList(part));
  auto over = h_.Run(kOfficer1, Allocate(part, "", id, 5'000'01));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(over.status().message(), "5 000,00")) << over.status();
  EXPECT_EQ(h_.Run(kOfficer1, Allocate(part, "", id, -1)).status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(h_.Run(kOfficer1, Allocate(part, "", id, 5'000'00)).ok());
  EXPECT_EQ(Payment(part).unallocated_ore(), 0);
  EXPECT_EQ(Payment(part).moves_size(), 2);
  EXPECT_FALSE(InSuspenseList(part));
  EXPECT_EQ(Suspense(), 0);
  credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 4);
  EXPECT_EQ(credit.payments(2).amount_ore() + credit.payments(3).amount_ore(), 8'000'00);
  EXPECT_EQ(BankBalance(), bank);

  // Nothing left, routed on arrival, unknown targets, the wrong people.
  struct Case {
    std::string name;
    Person who;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::string more = MustReceive(Receive("BGC:A:4", 100'00, ""));
  const std::vector<Case> cases = {
      {"all allocated", kOfficer1, Allocate(held, "", id), absl::StatusCode::kFailedPrecondition},
      {"routed on arrival", kOfficer1, Allocate(routed, "", id), absl::StatusCode::kFailedPrecondition},
      {"unknown OCR", kOfficer1, Allocate(more, "1234567897", ""), absl::StatusCode::kNotFound},
      {"unknown credit", kOfficer1, Allocate(more, "", "C-000099"), absl::StatusCode::kNotFound},
      {"unknown payment", kOfficer1, Allocate("IN-000099", "", id), absl::StatusCode::kNotFound},
      {"both OCR and credit", kOfficer1, Allocate(more, Ocr(id), id), absl::StatusCode::kInvalidArgument},
      {"neither", kOfficer1, Allocate(more, "", ""), absl::StatusCode::kInvalidArgument},
      {"a board member", kBoard, Allocate(more, "", id), absl::StatusCode::kPermissionDenied},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(h_.Run(c.who, c.command).status().code(), c.code);
  }
  EXPECT_EQ(Payment(more).unallocated_ore(), 100'00);
}

TEST_F(PaymentsModuleTest, AllocationTheCreditRefusesWritesNothing) {
  FundBankDetails();
  const std::string id = Active();
  const std::string big = MustReceive(Receive("BGC:B:1", 500'000'00, Ocr(id)));
  ASSERT_TRUE(absl::StrContains(Payment(big).unallocated_reason(), "exceeds what credit")) << Payment(big).DebugString();
  const int64_t suspense = Suspense();
  const int64_t loan = h_.Balance(credits::LoanAccount(id));
  auto refused = h_.Run(kOfficer1, Allocate(big, "", id));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "exceeds what credit")) << refused.status();
  EXPECT_EQ(Suspense(), suspense);
  EXPECT_EQ(h_.Balance(credits::LoanAccount(id)), loan);
  EXPECT_EQ(Payment(big).unallocated_ore(), 500'000'00);
  EXPECT_EQ(Payment(big).moves_size(), 0);
  EXPECT_EQ(h_.Credit(id).payments_size(), 0);
  // What the credit can take may be allocated, and the rest refunded.
  ASSERT_TRUE(h_.Run(kOfficer1, Allocate(big, "", id, 20'000'00)).ok());
  ASSERT_TRUE(h_.Run(kOfficer1, Refund(big, 0, "paid too much")).ok());
  EXPECT_EQ(Suspense(), 0);
  EXPECT_EQ(Payment(big).unallocated_ore(), 0);
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
TEST_F(PaymentsModuleTest, EveryPaymentOfAPlannedFileIsBookable) {
  FundBankDetails();
  std::string ustrd;
  for (int i = 0; i < 40; ++i) ustrd += absl::StrCat("<Ustrd>rad ", i, " ", std::string(150, 'x'), "</Ustrd>");
  const std::string name(150, 'x');
  std::string camt =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>"
      "<GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-03-01T10:00:00</CreDtTm></GrpHdr>"
      "<Ntfctn><Id>N1-1</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id><Ccy>SEK</Ccy></Acct>"
      "<Ntry><NtryRef>E1</NtryRef><Amt Ccy=\"SEK\">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
      "<BookgDt><Dt>2026-03-01</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef><NtryDtls><TxDtls>"
      "<RltdPties><Dbtr><Nm>" + std::string(120, 'x') + "ÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖ</Nm></Dbtr></RltdPties>"
      "<RmtInf>" + ustrd + "<Strd><CdtrRefInf><Ref>" + std::string(250, '7') + "</Ref></CdtrRefInf></Strd></RmtInf>"
      "</TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
  auto snapshot = h_.storage().NewSnapshot();
  auto settings = ReadSettings(*snapshot);
  ASSERT_TRUE(settings.ok() && settings->has_value());
  absl::StatusOr<ImportPlan> plan = PlanImport(camt, "long.xml", **settings);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->payments.size(), 1u);
  std::vector<v1::Command> commands = {Import(kSha, 1)};
  v1::Command receive;
  *receive.mutable_receive_payment()->mutable_payment() = plan->payments[0];
  receive.mutable_receive_payment()->set_file_sha256(kSha);
  commands.push_back(receive);
  auto booked = RunAll(kOfficer1, commands);
  ASSERT_TRUE(booked.ok()) << booked.status();
  const v1::PaymentRecord record = Payment("IN-000001");
  EXPECT_EQ(record.unallocated_ore(), 100'00);
  EXPECT_TRUE(absl::StartsWith(record.payment().payer_name(), std::string(120, 'x') + "ÅÄÖ"));
  EXPECT_LE(record.payment().payer_name().size(), 200u);
  EXPECT_EQ(record.payment().reference(), std::string(200, '7'));
  EXPECT_TRUE(absl::StartsWith(Payment("IN-000001").unallocated_reason(), "reference \"777")) << record.DebugString();
  ASSERT_EQ(record.payment().texts_size(), 32);
  EXPECT_TRUE(absl::StartsWith(record.payment().texts(0), "rad 0 xxx"));
  EXPECT_EQ(record.payment().texts(31), "(9 more lines in the file)");
}

// A payment from a month since closed can still be allocated.
TEST_F(PaymentsModuleTest, AllocationOfAPaymentFromAClosedMonth) {
  FundBankDetails();
  const std::string id = Active();
  const std::string held = MustReceive(Receive("BGC:C:1", 10'000'00, "", "2026-02-20"));
  v1::Command close;
  close.mutable_close_period()->set_period("2026-02");
  h_.MustRun(kAdmin, close);
  auto allocated = h_.Run(kOfficer1, Allocate(held, "", id));
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  ASSERT_EQ(allocated->entries_size(), 2);
  EXPECT_EQ(Entry(allocated->entries(1).seq()).value_date(), "2026-03-01") << "the first day still open";
  EXPECT_EQ(Suspense(), 0);
  // In an open month the repayment keeps the day the money arrived.
  const std::string march = MustReceive(Receive("BGC:C:2", 1'000'00, "", "2026-03-05"));
  auto open = h_.Run(kOfficer1, Allocate(march, "", id));
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(Entry(open->entries(1).seq()).value_date(), "2026-03-05");
}

}  // namespace
}  // namespace fondbok::payments
