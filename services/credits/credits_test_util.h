// Test fixture of the credits and payments tests: a real Storage and Sequencer on a temporary
// RocksDB with the modules fondbokd runs (ledger, parties, approvals, credits, payments), the fund's
// minimum chart (with liability:unallocated for payments held in suspense), people with roles, and
// command builders. Header only; test code only.
#ifndef FONDBOK_SERVICES_CREDITS_CREDITS_TEST_UTIL_H_
#define FONDBOK_SERVICES_CREDITS_CREDITS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/ledger_module.h"
#include "ledger/replay.h"
#include "ledger/sequencer.h"
#include "ledger/testing.h"
#include "services/approvals/approvals_module.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credits_module.h"
#include "services/parties/parties_module.h"
#include "services/payments/payments_module.h"

namespace fondbok::credits::testing {

struct Person {
  std::string id, name, role, organisation;
};
inline const Person kAdmin{"tok-admin", "Ada Admin", "admin", ""};
inline const Person kOfficer1{"tok-o1", "Olle Officer", "officer", ""};
inline const Person kOfficer2{"tok-o2", "Oda Officer", "officer", ""};
inline const Person kOfficer3{"tok-o3", "Otto Officer", "officer", ""};
inline const Person kBoard{"tok-b1", "Bo Board", "board", ""};
inline const Person kAuditor{"tok-au", "Alma Auditor", "auditor", ""};

class CreditsHarness {
 public:
  CreditsHarness() : clock_(ledger::testutil::TestNow()) {
    for (const ledger::Module* m :
         std::vector<const ledger::Module*>{&ledger_, &parties_, &approvals_, &credits_, &payments_}) {
      EXPECT_TRUE(registry_.Register(m).ok());
    }
    auto storage = ledger::Storage::Open(dir_.Sub("db"), ledger::StorageOptions{});
    EXPECT_TRUE(storage.ok()) << storage.status();
    storage_ = std::move(*storage);
    ledger::SequencerOptions options;
    options.time_zone = "UTC";
    auto sequencer = ledger::Sequencer::Start(storage_.get(), &registry_, &clock_, options);
    EXPECT_TRUE(sequencer.ok()) << sequencer.status();
    sequencer_ = std::move(*sequencer);
    OpenChart();
  }
  ~CreditsHarness() {
    sequencer_.reset();
    EXPECT_TRUE(storage_->Close().ok());
  }

  void SetToday(absl::CivilDay day) { clock_.Set(absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0), absl::UTCTimeZone())); }

  ledger::WriteRequest Request(const Person& who, std::vector<v1::Command> commands) {
    ledger::WriteRequest r = ledger::testutil::MakeRequest(who.id, absl::StrCat("req-", next_++), std::move(commands));
    r.actor_role = who.role;
    r.actor_name = who.name;
    r.actor_organisation = who.organisation;
    return r;
  }
  absl::StatusOr<v1::WriteResult> Run(const Person& who, v1::Command command) {
    std::vector<v1::Command> commands;
    commands.push_back(std::move(command));
    return sequencer_->SubmitAndWait(Request(who, std::move(commands)));
  }
  void MustRun(const Person& who, v1::Command command) {
    auto result = Run(who, std::move(command));
    ASSERT_TRUE(result.ok()) << result.status();
  }

  v1::Credit Credit(const std::string& id) {
    auto snapshot = storage_->NewSnapshot();
    auto credit = ReadCredit(*snapshot, id);
    EXPECT_TRUE(credit.ok() && credit->has_value()) << id;
    return credit.ok() && credit->has_value() ? **credit : v1::Credit();
  }
  v1::CapitalSource Source(const std::string& id) {
    auto snapshot = storage_->NewSnapshot();
    auto source = ReadCapitalSource(*snapshot, id);
    EXPECT_TRUE(source.ok() && source->has_value()) << id;
    return source.ok() && source->has_value() ? **source : v1::CapitalSource();
  }
  // Posted balance on the account's normal side.
  int64_t Balance(const std::string& code) {
    auto snapshot = storage_->NewSnapshot();
    auto state = ledger::ReadAccount(*snapshot, code);
    EXPECT_TRUE(state.ok() && state->has_value()) << code;
    if (!state.ok() || !state->has_value()) return 0;
    return ledger::NormalBalance((*state)->account().type(), (*state)->posted_debits(), (*state)->posted_credits());
  }
  // Replays the journal through the modules and diffs with the stored views: 0 differences.
  void ExpectReplayMatches() {
    auto snapshot = storage_->NewSnapshot();
    ledger::MemoryKv rebuilt;
    ledger::ReplayOptions options;
    options.time_zone = "UTC";
    auto replayed = ledger::ReplayJournal(*snapshot, registry_, options, &rebuilt);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    auto diff = ledger::DiffViews(rebuilt, *snapshot);
    ASSERT_TRUE(diff.ok()) << diff.status();
    EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;
  }

  // Setup shortcuts.
  std::string Organisation(const std::string& name, const std::string& org_number, const std::string& kommun,
                           const std::string& bankgiro = "") {
    v1::Command c;
    v1::Organisation* o = c.mutable_register_organisation()->mutable_organisation();
    o->set_name(name);
    o->set_bankgiro(bankgiro);
    o->set_org_number(org_number);
    o->set_legal_form(v1::EKONOMISK_FORENING);
    o->set_municipality(kommun);
    auto result = Run(kOfficer1, c);
    EXPECT_TRUE(result.ok()) << result.status();
    return absl::StrCat("ORG-", absl::Dec(++orgs_, absl::kZeroPad6));
  }
  void Product(const std::string& id, v1::Amortisation kind, int rate_bp, int loan_fee_bp = 0) {
    v1::Command c;
    v1::Product* p = c.mutable_define_product()->mutable_product();
    p->set_id(id);
    p->set_name(id);
    p->set_amortisation(kind);
    p->set_rate_bp(rate_bp);
    p->set_loan_fee_bp(loan_fee_bp);
    p->set_day_count(v1::DAY_COUNT_30E_360);
    p->set_amount_min_ore(100'00);
    p->set_amount_max_ore(5'000'000'00);
    p->set_term_months_max(120);
    p->set_grace_months_max(12);
    p->set_offer_validity_days(60);
    MustRun(kAdmin, c);
  }
  void Deposit(const std::string& source, int64_t amount_ore, std::vector<std::string> earmarks = {}) {
    v1::Command c;
    v1::DepositCapital* d = c.mutable_deposit_capital();
    d->mutable_source()->set_id(source);
    d->mutable_source()->set_name(source);
    for (auto& k : earmarks) d->mutable_source()->add_earmark_municipalities(k);
    d->set_amount_ore(amount_ore);
    MustRun(kOfficer1, c);
  }
  absl::StatusOr<v1::WriteResult> Apply(const std::string& org, const std::string& product, int64_t amount_ore,
                                        int term_months, const Person& who = kOfficer1) {
    v1::Command c;
    v1::ApplyForCredit* a = c.mutable_apply_for_credit();
    a->set_organisation_id(org);
    a->set_product_id(product);
    a->set_amount_ore(amount_ore);
    a->set_term_months(term_months);
    a->set_purpose("test");
    return Run(who, c);
  }
  // apply → submit → assess; returns the credit id.
  std::string UnderReview(const std::string& org, const std::string& product, int64_t amount_ore, int term_months) {
    EXPECT_TRUE(Apply(org, product, amount_ore, term_months).ok());
    const std::string id = CreditId(++credit_count_);
    v1::Command submit;
    submit.mutable_submit_credit()->set_credit_id(id);
    MustRun(kOfficer1, submit);
    v1::Command assess;
    assess.mutable_assess_credit()->set_credit_id(id);
    assess.mutable_assess_credit()->mutable_assessment()->set_risk_grade(v1::RISK_B);
    assess.mutable_assess_credit()->mutable_assessment()->set_text("sound");
    MustRun(kOfficer1, assess);
    return id;
  }
  static v1::Command ProposeCommand(const v1::Command& inner) {
    v1::Command c;
    c.mutable_propose()->set_command(inner.SerializeAsString());
    return c;
  }
  static v1::Command ApproveCommand(const std::string& proposal) {
    v1::Command c;
    c.mutable_approve_proposal()->set_proposal_id(proposal);
    return c;
  }
  std::string NextProposal() { return absl::StrCat("P-", absl::Dec(++proposals_, absl::kZeroPad6)); }
  // Proposes `inner` as officer 1 and has officers 2 and 3 approve it; the last approval's result.
  absl::StatusOr<v1::WriteResult> FourEyes(const v1::Command& inner) {
    auto proposed = Run(kOfficer1, ProposeCommand(inner));
    if (!proposed.ok()) return proposed.status();
    const std::string id = NextProposal();
    auto first = Run(kOfficer2, ApproveCommand(id));
    if (!first.ok()) return first.status();
    return Run(kOfficer3, ApproveCommand(id));
  }
  static v1::Command Approve(const std::string& credit, int64_t amount_ore = 0) {
    v1::Command c;
    c.mutable_approve_credit()->set_credit_id(credit);
    c.mutable_approve_credit()->set_amount_ore(amount_ore);
    return c;
  }
  static v1::Command Disburse(const std::string& credit, const std::string& date, int64_t amount_ore = 0) {
    v1::Command c;
    c.mutable_disburse_credit()->set_credit_id(credit);
    c.mutable_disburse_credit()->set_value_date(date);
    c.mutable_disburse_credit()->set_amount_ore(amount_ore);
    return c;
  }
  static v1::Command Repay(const std::string& credit, int64_t amount_ore, const std::string& date) {
    v1::Command c;
    c.mutable_record_repayment()->set_credit_id(credit);
    c.mutable_record_repayment()->set_amount_ore(amount_ore);
    c.mutable_record_repayment()->set_value_date(date);
    return c;
  }

  ledger::Sequencer& sequencer() { return *sequencer_; }
  ledger::Storage& storage() { return *storage_; }

 private:
  void OpenChart() {
    const std::pair<const char*, v1::AccountType> chart[] = {
        {"asset:bank", v1::ASSET},           {"equity:member-capital", v1::EQUITY}, {"income:interest", v1::INCOME},
        {"income:loan-fees", v1::INCOME},    {"income:recoveries", v1::INCOME},     {"expense:credit-losses", v1::EXPENSE},
        {"liability:unallocated", v1::LIABILITY}};
    for (auto [code, type] : chart) {
      v1::Command c;
      v1::Account* a = c.mutable_open_account()->mutable_account();
      a->set_code(code);
      a->set_type(type);
      a->set_currency("SEK");
      MustRun(kAdmin, c);
    }
  }

  ledger::testutil::ScopedTempDir dir_;
  ledger::FixedClock clock_;
  ledger::LedgerModule ledger_;
  parties::PartiesModule parties_;
  ledger::ModuleRegistry registry_;
  approvals::ApprovalsModule approvals_{&registry_};
  CreditsModule credits_;
  payments::PaymentsModule payments_{&registry_};
  std::unique_ptr<ledger::Storage> storage_;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  int next_ = 1;
  int orgs_ = 0;
  int credit_count_ = 0;
  int proposals_ = 0;
};

}  // namespace fondbok::credits::testing

#endif  // FONDBOK_SERVICES_CREDITS_CREDITS_TEST_UTIL_H_
