// The payments module's test fixture and command builders, shared by payments_module_test.cc
// (money in: routing, suspense, allocation) and payments_out_test.cc (refunds, payment orders and
// their settlement): the real sequencer with the modules fondbokd runs (CreditsHarness), a
// registered organisation, a product and capital; every scenario ends by replaying the journal and
// comparing the rebuilt views (ledger/ref/* included).
#ifndef FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_TEST_UTIL_H_
#define FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_TEST_UTIL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/journal.h"
#include "services/credits/credits_test_util.h"
#include "services/payments/payment_keys.h"

namespace fondbok::payments::testing {

using credits::testing::CreditsHarness;
using credits::testing::kAdmin;
using credits::testing::kBoard;
using credits::testing::kOfficer1;
using credits::testing::kOfficer2;
using credits::testing::Person;

inline constexpr absl::string_view kBank = "asset:bank";
inline constexpr absl::string_view kSuspense = "liability:unallocated";
inline const std::string kSha(64, 'a');  // a file's SHA-256 in hex (its value does not matter here)
inline const std::string kOtherSha(64, 'b');

inline v1::Command Settings(const std::string& bankgiro, const std::string& iban, const std::string& currency = "",
                     const std::string& bic = "") {
  v1::Command c;
  v1::PaymentSettings* s = c.mutable_set_payment_settings()->mutable_settings();
  s->set_bankgiro(bankgiro);
  s->set_iban(iban);
  s->set_currency(currency);
  s->set_bic(bic);
  return c;
}

inline v1::Command Receive(const std::string& bank_reference, int64_t amount_ore, const std::string& reference,
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

inline v1::Command Import(const std::string& sha, int payments) {
  v1::Command c;
  v1::RecordImport* r = c.mutable_record_import();
  r->set_file_sha256(sha);
  r->set_file_name("bgmax.txt");
  r->set_kind("bgmax");
  r->set_payments_in_file(payments);
  return c;
}

inline v1::Command Allocate(const std::string& payment, const std::string& ocr, const std::string& credit,
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

inline v1::Command Refund(const std::string& payment, int64_t amount_ore, const std::string& reason,
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
inline std::vector<std::string> Legs(const v1::JournalEntry& entry) {
  std::vector<std::string> legs;
  for (const v1::Posting& p : entry.postings()) {
    legs.push_back(absl::StrCat(p.side() == v1::DEBIT ? "D " : "C ", p.account(), " ", p.amount_ore()));
  }
  return legs;
}

}  // namespace fondbok::payments::testing

#endif  // FONDBOK_SERVICES_PAYMENTS_PAYMENTS_MODULE_TEST_UTIL_H_
