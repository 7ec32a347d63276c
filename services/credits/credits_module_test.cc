// The credits module through the real sequencer, with the modules fondbokd runs.
#include <future>

#include "gtest/gtest.h"
#include "services/credits/credit_rules.h"
#include "services/credits/credits_test_util.h"

namespace fondbok::credits {
namespace {

using testing::CreditsHarness;
using testing::kAdmin;
using testing::kAuditor;
using testing::kOfficer1;
using testing::kOfficer2;
using testing::kOfficer3;
using testing::Person;

class CreditsModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    org_ = h_.Organisation("Kooperativet Ängen", "556036-0793", "1480");
    h_.Product("annuity", v1::ANNUITY, 475);
    h_.Deposit("goteborg", 1'000'000'00, {"1480"});
  }
  std::string Active(int64_t amount_ore = 120'000'00, int term = 12, const std::string& date = "2025-06-10") {
    const std::string id = h_.UnderReview(org_, "annuity", amount_ore, term);
    EXPECT_TRUE(h_.FourEyes(CreditsHarness::Approve(id)).ok());
    h_.MustRun(kOfficer1, CreditsHarness::Disburse(id, date));
    return id;
  }
  CreditsHarness h_;
  std::string org_;
};

TEST_F(CreditsModuleTest, IllegalTransitionsNameTheCurrentState) {
  ASSERT_TRUE(h_.Apply(org_, "annuity", 50'000'00, 12).ok());
  v1::Command assess;
  assess.mutable_assess_credit()->set_credit_id("C-000001");
  assess.mutable_assess_credit()->mutable_assessment()->set_risk_grade(v1::RISK_A);
  assess.mutable_assess_credit()->mutable_assessment()->set_text("x");
  auto refused = h_.Run(kOfficer1, assess);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("C-000001 is DRAFT"), std::string::npos) << refused.status();
  v1::Command disburse = CreditsHarness::Disburse("C-000001", "");
  EXPECT_EQ(h_.Run(kOfficer1, disburse).status().code(), absl::StatusCode::kFailedPrecondition);
  v1::Command missing = CreditsHarness::Disburse("C-000099", "");
  EXPECT_EQ(h_.Run(kOfficer1, missing).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CreditsModuleTest, ApprovalOnlyThroughFourEyesAndNeverByTheProposer) {
  const std::string id = h_.UnderReview(org_, "annuity", 100'000'00, 12);
  EXPECT_EQ(h_.Run(kOfficer1, CreditsHarness::Approve(id)).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(h_.Run(kOfficer1, CreditsHarness::ProposeCommand(CreditsHarness::Approve(id))).ok());
  const std::string proposal = h_.NextProposal();
  EXPECT_EQ(h_.Run(kOfficer1, CreditsHarness::ApproveCommand(proposal)).status().code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(h_.Run(kOfficer2, CreditsHarness::ApproveCommand(proposal)).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_UNDER_REVIEW);  // one approval of two
  auto last = h_.Run(kOfficer3, CreditsHarness::ApproveCommand(proposal));
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->entries_size(), 2);  // the approval and the executed decision, one request
  const v1::Credit credit = h_.Credit(id);
  EXPECT_EQ(credit.state(), v1::CREDIT_APPROVED);
  EXPECT_EQ(credit.approved_by_proposal(), proposal);
  EXPECT_EQ(credit.capital_source(), "goteborg");
  EXPECT_EQ(h_.Source("goteborg").reserved_ore(), 100'000'00);
}

TEST_F(CreditsModuleTest, AboveHalfAMillionABoardMemberGivesTheLastApproval) {
  const std::string id = h_.UnderReview(org_, "annuity", 600'000'00, 12);
  ASSERT_TRUE(h_.Run(kOfficer1, CreditsHarness::ProposeCommand(CreditsHarness::Approve(id))).ok());
  const std::string proposal = h_.NextProposal();
  ASSERT_TRUE(h_.Run(kOfficer2, CreditsHarness::ApproveCommand(proposal)).ok());
  ASSERT_TRUE(h_.Run(kOfficer3, CreditsHarness::ApproveCommand(proposal)).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_UNDER_REVIEW);  // two officers are not enough
  auto last = h_.Run(testing::kBoard, CreditsHarness::ApproveCommand(proposal));
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_APPROVED);
}

TEST_F(CreditsModuleTest, ProposalWhoseCreditMovedOnFailsInsteadOfExecuting) {
  const std::string id = h_.UnderReview(org_, "annuity", 100'000'00, 12);
  ASSERT_TRUE(h_.Run(kOfficer1, CreditsHarness::ProposeCommand(CreditsHarness::Approve(id))).ok());
  const std::string proposal = h_.NextProposal();
  ASSERT_TRUE(h_.Run(kOfficer2, CreditsHarness::ApproveCommand(proposal)).ok());
  v1::Command reassess;
  reassess.mutable_assess_credit()->set_credit_id(id);
  reassess.mutable_assess_credit()->mutable_assessment()->set_risk_grade(v1::RISK_E);
  reassess.mutable_assess_credit()->mutable_assessment()->set_text("new figures: much worse");
  h_.MustRun(kOfficer1, reassess);
  auto stale = h_.Run(kOfficer3, CreditsHarness::ApproveCommand(proposal));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition) << stale.status();
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_UNDER_REVIEW);
}

TEST_F(CreditsModuleTest, CapitalFollowsTheEarmarkAndNamesTheShortfall) {
  const std::string stockholm = h_.Organisation("Sthlm Kooperativ", "212000-1355", "0180");
  const std::string id = h_.UnderReview(stockholm, "annuity", 200'000'00, 12);
  // Göteborg's capital is earmarked for 1480 only; there is no unearmarked capital yet.
  auto refused = h_.FourEyes(CreditsHarness::Approve(id));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("short by 200 000,00 kr"), std::string::npos) << refused.status();
  h_.Deposit("members", 150'000'00);
  refused = h_.FourEyes(CreditsHarness::Approve(id));
  EXPECT_NE(refused.status().message().find("short by 50 000,00 kr"), std::string::npos) << refused.status();
  ASSERT_TRUE(h_.FourEyes(CreditsHarness::Approve(id, 150'000'00)).ok());
  EXPECT_EQ(h_.Credit(id).capital_source(), "members");
  EXPECT_EQ(h_.Credit(id).amount_ore(), 150'000'00);
  // A Göteborg borrower draws from the earmarked source first.
  const std::string local = h_.UnderReview(org_, "annuity", 10'000'00, 12);
  ASSERT_TRUE(h_.FourEyes(CreditsHarness::Approve(local)).ok());
  EXPECT_EQ(h_.Credit(local).capital_source(), "goteborg");
  // The ledger's own flag backs the rule: free capital is an account whose debits (pending ones
  // included) may not exceed its credits. Posted, the whole deposit is still free; pending, it is reserved.
  EXPECT_EQ(h_.Balance("offbalance:capital-free:members"), -150'000'00);
}

TEST_F(CreditsModuleTest, TwoApprovalsRacingForTheLastCapitalOnlyOneWins) {
  v1::Command withdraw;
  withdraw.mutable_withdraw_capital()->set_source_id("goteborg");
  withdraw.mutable_withdraw_capital()->set_amount_ore(200'000'00);
  h_.MustRun(kOfficer1, withdraw);  // 800 000 kr free: room for one of the two
  const std::string a = h_.UnderReview(org_, "annuity", 450'000'00, 12);
  const std::string b = h_.UnderReview(org_, "annuity", 450'000'00, 12);
  std::string proposals[2];
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(h_.Run(kOfficer1, CreditsHarness::ProposeCommand(CreditsHarness::Approve(i == 0 ? a : b))).ok());
    proposals[i] = h_.NextProposal();
    ASSERT_TRUE(h_.Run(kOfficer2, CreditsHarness::ApproveCommand(proposals[i])).ok());
  }
  // Both last approvals are queued at once; the sequencer decides them one after the other.
  std::promise<absl::StatusOr<v1::WriteResult>> answers[2];
  for (int i = 0; i < 2; ++i) {
    std::vector<v1::Command> commands;
    commands.push_back(CreditsHarness::ApproveCommand(proposals[i]));
    ledger::WriteRequest request = h_.Request(kOfficer3, std::move(commands));
    request.done = [&answers, i](absl::StatusOr<v1::WriteResult> r) { answers[i].set_value(std::move(r)); };
    h_.sequencer().Submit(std::move(request));
  }
  auto first = answers[0].get_future().get();
  auto second = answers[1].get_future().get();
  EXPECT_NE(first.ok(), second.ok()) << first.status() << " / " << second.status();
  const absl::Status& loser = first.ok() ? second.status() : first.status();
  EXPECT_EQ(loser.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.Source("goteborg").reserved_ore(), 450'000'00);
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, MembersApplyOnlyForTheirOwnOrganisationAndAuditorsWriteNothing) {
  const std::string other = h_.Organisation("Andra", "212000-1355", "1480");
  const Person member{"tok-m", "Maja Member", "member", org_};
  EXPECT_TRUE(h_.Apply(org_, "annuity", 50'000'00, 12, member).ok());
  EXPECT_EQ(h_.Apply(other, "annuity", 50'000'00, 12, member).status().code(), absl::StatusCode::kPermissionDenied);
  v1::Command submit;
  submit.mutable_submit_credit()->set_credit_id("C-000001");
  EXPECT_EQ(h_.Run(kAuditor, submit).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(h_.Run(member, submit).ok());
  h_.Deposit("x", 1);  // officers may; a member may not deposit capital:
  v1::Command deposit;
  deposit.mutable_deposit_capital()->mutable_source()->set_id("x");
  deposit.mutable_deposit_capital()->set_amount_ore(1);
  EXPECT_EQ(h_.Run(member, deposit).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(CreditsModuleTest, RepaidOnScheduleTheBooksEqualTheScheduleToTheOre) {
  const std::string id = Active(120'000'00, 12, "2025-01-10");
  const v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.schedules_size(), 1);
  int64_t principal = 0, interest = 0, fees = 0;
  for (const v1::Instalment& in : credit.schedules(0).instalments()) {
    principal += in.principal_ore();
    interest += in.interest_ore();
    fees += in.fee_ore();
    h_.MustRun(kOfficer1, CreditsHarness::Repay(id, in.principal_ore() + in.interest_ore() + in.fee_ore(), in.due_date()));
  }
  EXPECT_EQ(principal, 120'000'00);
  const v1::Credit repaid = h_.Credit(id);
  EXPECT_EQ(repaid.state(), v1::CREDIT_REPAID);
  EXPECT_EQ(h_.Balance(LoanAccount(id)), 0);
  EXPECT_EQ(h_.Balance("income:interest"), interest);
  EXPECT_EQ(h_.Balance("income:loan-fees"), fees);
  EXPECT_EQ(h_.Source("goteborg").lent_ore(), 0);
  EXPECT_EQ(h_.Balance("offbalance:capital-free:goteborg"), -1'000'000'00);  // credit-balance: all free again
  // Nothing more can be paid.
  EXPECT_EQ(h_.Run(kOfficer1, CreditsHarness::Repay(id, 1, "2026-03-01")).status().code(),
            absl::StatusCode::kFailedPrecondition);
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, PaymentsGoFeesInterestPrincipalOldestFirstAndOverpaymentIsRefused) {
  const std::string id = Active(12'000'00, 12, "2025-10-10");
  const v1::Credit credit = h_.Credit(id);
  const v1::Instalment& first = credit.schedules(0).instalments(0);
  const v1::Instalment& second = credit.schedules(0).instalments(1);
  // By OCR: the first instalment and part of the second (interest first).
  v1::Command repay;
  repay.mutable_record_repayment()->set_ocr(second.ocr());
  repay.mutable_record_repayment()->set_amount_ore(first.principal_ore() + first.interest_ore() + 1'00);
  repay.mutable_record_repayment()->set_value_date("2025-11-10");
  ASSERT_TRUE(h_.Run(kOfficer1, repay).ok());
  const v1::Credit paid = h_.Credit(id);
  const v1::Payment& p = paid.payments(0);
  EXPECT_EQ(p.interest_ore(), first.interest_ore() + std::min<int64_t>(1'00, second.interest_ore()));
  EXPECT_EQ(p.principal_ore(), first.principal_ore() + std::max<int64_t>(0, 1'00 - second.interest_ore()));
  v1::CreditStanding standing = *StandingAsOf(h_.Credit(id), absl::CivilDay(2026, 3, 15), 0);
  auto too_much = h_.Run(kOfficer1, CreditsHarness::Repay(id, standing.total_outstanding_ore() + 1, "2026-03-01"));
  EXPECT_EQ(too_much.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(h_.Run(kOfficer1, CreditsHarness::Repay(id, standing.total_outstanding_ore(), "2026-03-01")).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_REPAID);
}

TEST_F(CreditsModuleTest, ReminderBooksFeeAndLateInterestWhichThePaymentPaysFirst) {
  v1::Command settings;
  settings.mutable_set_credit_settings()->mutable_settings()->set_reference_rate_bp(200);
  settings.mutable_set_credit_settings()->mutable_settings()->set_late_margin_bp(800);
  settings.mutable_set_credit_settings()->mutable_settings()->set_reminder_fee_ore(60'00);
  settings.mutable_set_credit_settings()->mutable_settings()->set_reminder_fee_cap_ore(60'00);
  h_.MustRun(kAdmin, settings);
  const std::string id = Active(120'000'00, 12, "2025-10-10");
  v1::Command remind;
  remind.mutable_issue_reminder()->set_credit_id(id);
  remind.mutable_issue_reminder()->set_as_of("2026-01-10");
  ASSERT_TRUE(h_.Run(kOfficer1, remind).ok());
  const v1::Credit reminded = h_.Credit(id);
  ASSERT_EQ(reminded.charges_size(), 2);
  EXPECT_EQ(reminded.charges(0).amount_ore(), 60'00);
  EXPECT_GT(reminded.charges(1).amount_ore(), 0);
  const int64_t late = reminded.charges(1).amount_ore();
  EXPECT_EQ(h_.Balance(FeesReceivableAccount(org_)), 60'00);
  EXPECT_EQ(h_.Balance(InterestReceivableAccount(id)), late);
  // A second reminder on the same day charges another fee but no new late interest.
  auto again = h_.Run(kOfficer1, remind);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(h_.Credit(id).charges_size(), 3);
  // Oldest due first: the two overdue instalments (due 2025-11-25 and 2025-12-25), then the
  // reminder's fees and late-payment interest (due 2026-01-10), then what falls due later.
  const v1::CreditStanding standing = *StandingAsOf(h_.Credit(id), absl::CivilDay(2026, 1, 20), 0);
  h_.MustRun(kOfficer1, CreditsHarness::Repay(id, standing.overdue_ore() - 120'00 - late, "2026-01-20"));
  h_.MustRun(kOfficer1, CreditsHarness::Repay(id, 120'00 + late + 1'00, "2026-01-21"));
  const v1::Credit paid = h_.Credit(id);
  EXPECT_EQ(paid.payments(0).reminder_fee_ore(), 0);
  EXPECT_EQ(paid.payments(1).reminder_fee_ore(), 120'00);
  EXPECT_EQ(paid.payments(1).late_interest_ore(), late);
  EXPECT_EQ(paid.payments(1).fee_ore() + paid.payments(1).interest_ore() + paid.payments(1).principal_ore(), 1'00);
  EXPECT_EQ(h_.Balance(FeesReceivableAccount(org_)), 0);
  EXPECT_EQ(h_.Balance(InterestReceivableAccount(id)), 0);
  // With nothing overdue there is no reminder.
  v1::Command early;
  early.mutable_issue_reminder()->set_credit_id(id);
  early.mutable_issue_reminder()->set_as_of("2025-10-20");
  EXPECT_EQ(h_.Run(kOfficer1, early).status().code(), absl::StatusCode::kFailedPrecondition);
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, EarlyRepaymentsAndRestructuringMakeNewScheduleVersions) {
  const std::string id = Active(120'000'00, 24, "2025-09-05");
  const v1::Credit credit = h_.Credit(id);
  for (int i = 0; i < 3; ++i) {
    const v1::Instalment& in = credit.schedules(0).instalments(i);
    h_.MustRun(kOfficer1, CreditsHarness::Repay(id, in.principal_ore() + in.interest_ore() + in.fee_ore(), in.due_date()));
  }
  // Lower instalment: same end date, 30 000 kr paid now.
  v1::Command lower;
  lower.mutable_reschedule_credit()->set_credit_id(id);
  lower.mutable_reschedule_credit()->set_kind(v1::RescheduleCredit::EARLY_LOWER_INSTALMENT);
  lower.mutable_reschedule_credit()->set_amount_ore(30'000'00);
  lower.mutable_reschedule_credit()->set_effective_date("2025-12-30");
  EXPECT_EQ(h_.Run(kOfficer1, lower).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(h_.FourEyes(lower).ok());
  v1::Credit after = h_.Credit(id);
  ASSERT_EQ(after.schedules_size(), 2);
  const v1::Schedule& v2 = after.schedules(1);
  EXPECT_EQ(v2.reason(), v1::EARLY_REPAYMENT_LOWER_INSTALMENT);
  int64_t scheduled = 0;
  for (const v1::Instalment& in : v2.instalments()) scheduled += in.principal_ore();
  EXPECT_EQ(scheduled, 120'000'00 - 30'000'00);  // every öre not paid early is still scheduled
  EXPECT_EQ(v2.instalments(2).ocr(), credit.schedules(0).instalments(2).ocr());  // paid ones kept as they were
  EXPECT_LT(v2.instalments(5).principal_ore() + v2.instalments(5).interest_ore(),
            credit.schedules(0).instalments(5).principal_ore() + credit.schedules(0).instalments(5).interest_ore());
  EXPECT_EQ(after.schedules(0).instalments_size(), 24);  // the old version stays in history
  // Full early repayment ends the credit.
  v1::Command full;
  full.mutable_reschedule_credit()->set_credit_id(id);
  full.mutable_reschedule_credit()->set_kind(v1::RescheduleCredit::EARLY_FULL);
  full.mutable_reschedule_credit()->set_effective_date("2026-01-02");
  ASSERT_TRUE(h_.FourEyes(full).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_REPAID);
  EXPECT_EQ(h_.Balance(LoanAccount(id)), 0);
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, AnInterestFreeLoanRepaidEarlyPaysItsLoanFeeToTheDateNotInterest) {
  h_.Product("points", v1::INTEREST_FREE_WITH_FEE, 0, /*loan_fee_bp=*/360);
  const std::string id = h_.UnderReview(org_, "points", 120'000'00, 12);
  ASSERT_TRUE(h_.FourEyes(CreditsHarness::Approve(id)).ok());
  h_.MustRun(kOfficer1, CreditsHarness::Disburse(id, "2025-10-25"));
  const v1::Credit credit = h_.Credit(id);
  EXPECT_EQ(credit.schedules(0).instalments(0).interest_ore(), 0);
  EXPECT_EQ(credit.schedules(0).instalments(0).fee_ore(), 360'00);  // 120 000 kr × 3.6 % / 12
  v1::Command full;
  full.mutable_reschedule_credit()->set_credit_id(id);
  full.mutable_reschedule_credit()->set_kind(v1::RescheduleCredit::EARLY_FULL);
  full.mutable_reschedule_credit()->set_effective_date("2025-11-10");
  ASSERT_TRUE(h_.FourEyes(full).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_REPAID);
  EXPECT_EQ(h_.Balance("income:interest"), 0);
  EXPECT_EQ(h_.Balance("income:loan-fees"), 180'00);  // 15 days of 30 (30E/360)
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, WriteOffAndRecovery) {
  const std::string id = Active(50'000'00, 12, "2025-03-01");
  v1::Command write_off;
  write_off.mutable_write_off_credit()->set_credit_id(id);
  write_off.mutable_write_off_credit()->set_reason("bankrupt");
  EXPECT_EQ(h_.Run(kOfficer1, write_off).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(h_.FourEyes(write_off).ok());
  EXPECT_EQ(h_.Credit(id).state(), v1::CREDIT_WRITTEN_OFF);
  EXPECT_EQ(h_.Balance("expense:credit-losses"), 50'000'00);
  EXPECT_EQ(h_.Balance(LoanAccount(id)), 0);
  EXPECT_EQ(h_.Source("goteborg").lost_ore(), 50'000'00);
  v1::Command recover;
  recover.mutable_record_recovery()->set_credit_id(id);
  recover.mutable_record_recovery()->set_amount_ore(10'000'00);
  h_.MustRun(kOfficer1, recover);
  EXPECT_EQ(h_.Balance("income:recoveries"), 10'000'00);
  EXPECT_EQ(h_.Source("goteborg").lost_ore(), 40'000'00);
  EXPECT_EQ(h_.Run(kOfficer1, CreditsHarness::Repay(id, 1, "")).status().code(), absl::StatusCode::kFailedPrecondition);
  h_.ExpectReplayMatches();
}

TEST_F(CreditsModuleTest, TranchesLapseAndCancellationReleaseWhatWasReserved) {
  const std::string id = h_.UnderReview(org_, "annuity", 100'000'00, 24);
  ASSERT_TRUE(h_.FourEyes(CreditsHarness::Approve(id)).ok());
  h_.MustRun(kOfficer1, CreditsHarness::Disburse(id, "2026-01-10", 40'000'00));
  EXPECT_EQ(h_.Source("goteborg").reserved_ore(), 60'000'00);
  h_.MustRun(kOfficer1, CreditsHarness::Disburse(id, "2026-03-01", 60'000'00));
  v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.schedules_size(), 2);
  int64_t scheduled = 0;
  for (const v1::Instalment& in : credit.schedules(1).instalments()) scheduled += in.principal_ore();
  EXPECT_EQ(scheduled, 100'000'00);
  EXPECT_EQ(h_.Balance(LoanAccount(id)), 100'000'00);
  // The second tranche keeps the rhythm: the instalment due 2026-02-25 stays, the next is still
  // due 2026-03-25, and the credit still matures when the first schedule said.
  EXPECT_EQ(credit.schedules(1).instalments(0).due_date(), "2026-02-25");
  EXPECT_EQ(credit.schedules(1).instalments(1).due_date(), "2026-03-25");
  EXPECT_EQ(credit.schedules(1).instalments(credit.schedules(1).instalments_size() - 1).due_date(),
            credit.schedules(0).instalments(23).due_date());
  EXPECT_EQ(credit.schedules(1).instalments_size(), 24);
  // An offer not disbursed lapses only after its validity.
  const std::string late = h_.UnderReview(org_, "annuity", 10'000'00, 12);
  ASSERT_TRUE(h_.FourEyes(CreditsHarness::Approve(late)).ok());
  v1::Command lapse;
  lapse.mutable_lapse_credit()->set_credit_id(late);
  EXPECT_EQ(h_.Run(kOfficer1, lapse).status().code(), absl::StatusCode::kFailedPrecondition);
  h_.SetToday(absl::CivilDay(2026, 6, 1));
  EXPECT_EQ(h_.Run(kOfficer1, CreditsHarness::Disburse(late, "")).status().code(), absl::StatusCode::kFailedPrecondition);
  h_.MustRun(kOfficer1, lapse);
  EXPECT_EQ(h_.Credit(late).state(), v1::CREDIT_LAPSED);
  EXPECT_EQ(h_.Source("goteborg").reserved_ore(), 0);
  h_.ExpectReplayMatches();
}

}  // namespace
}  // namespace fondbok::credits
