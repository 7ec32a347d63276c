#include "clients/cli/credit_render.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

v1::Instalment MakeInstalment(int number, const char* due, int64_t principal, int64_t interest, int64_t fee,
                              const char* ocr) {
  v1::Instalment in;
  in.set_number(number);
  in.set_due_date(due);
  in.set_principal_ore(principal);
  in.set_interest_ore(interest);
  in.set_fee_ore(fee);
  in.set_ocr(ocr);
  return in;
}

v1::CreditResponse ActiveCredit() {
  v1::CreditResponse r;
  v1::Credit* c = r.mutable_credit();
  c->set_id("C-000001");
  c->set_state(v1::CREDIT_ACTIVE);
  c->set_organisation_id("ORG-000001");
  c->set_municipality("1480");
  c->set_currency("SEK");
  c->set_amount_ore(10'000'000);
  c->set_disbursed_ore(10'000'000);
  c->set_first_disbursed_on("2026-01-15");
  c->set_term_months(2);
  c->set_frequency(v1::MONTHLY);
  c->set_payment_day(25);
  c->mutable_product()->set_id("annuity-60");
  c->mutable_product()->set_amortisation(v1::ANNUITY);
  c->mutable_product()->set_rate_bp(475);
  v1::Schedule* s = c->add_schedules();
  s->set_version(1);
  s->set_reason(v1::FIRST_DISBURSEMENT);
  s->set_effective_date("2026-01-15");
  *s->add_instalments() = MakeInstalment(1, "2026-02-25", 4'990'000, 52'778, 150'000, "100011235");
  *s->add_instalments() = MakeInstalment(2, "2026-03-25", 5'010'000, 19'792, 0, "100012241");
  r.set_pay_to_bankgiro("5402-9681");
  r.mutable_standing()->set_as_of("2026-04-10");
  r.mutable_standing()->set_overdue_ore(5'029'792);
  r.mutable_standing()->set_days_past_due(16);
  return r;
}

TEST(CreditStateWordTest, Table) {
  const struct {
    v1::CreditState state;
    const char* word;
  } kCases[] = {{v1::CREDIT_DRAFT, "draft"},
                {v1::CREDIT_UNDER_REVIEW, "under-review"},
                {v1::CREDIT_WRITTEN_OFF, "written-off"},
                {v1::CREDIT_REPAID, "repaid"}};
  for (const auto& c : kCases) EXPECT_EQ(CreditStateWord(c.state), c.word);
}

TEST(RenderScheduleTest, ShowsBankgiroOcrTotalsAndCharges) {
  v1::CreditResponse r = ActiveCredit();
  v1::Charge* fee = r.mutable_credit()->add_charges();
  fee->set_kind(v1::Charge::REMINDER_FEE);
  fee->set_amount_ore(6000);
  fee->set_due_date("2026-04-10");
  fee->set_ocr("100015007");
  const std::string out = RenderSchedule(r);
  for (const char* part : {"credit C-000001, schedule version 1 (first-disbursement, from 2026-01-15)",
                           "pay to bankgiro 5402-9681", "100011235", "100012241", "2026-02-25", "49 900,00 kr",
                           "1 500,00 kr", "100 000,00 kr",  // the total principal
                           "reminder fee 60,00 kr due 2026-04-10 OCR 100015007"}) {
    EXPECT_TRUE(absl::StrContains(out, part)) << part << " in\n" << out;
  }
}

TEST(RenderScheduleTest, NoScheduleBeforeDisbursement) {
  v1::CreditResponse r;
  r.mutable_credit()->set_id("C-000002");
  EXPECT_EQ(RenderSchedule(r), "credit C-000002 has no schedule yet (not disbursed)\n");
}

TEST(RenderCreditTest, StandingAndBankgiroOnlyWithASchedule) {
  v1::CreditResponse r = ActiveCredit();
  std::string out = RenderCredit(r);
  for (const char* part : {"state               active", "ORG-000001 (kommun 1480)", "annuity-60 — annuity, 475 bp",
                           "as of 2026-04-10:", "days past due", "16", "pay to bankgiro     5402-9681"}) {
    EXPECT_TRUE(absl::StrContains(out, part)) << part << " in\n" << out;
  }
  r.mutable_credit()->clear_schedules();
  r.mutable_credit()->set_state(v1::CREDIT_UNDER_REVIEW);
  out = RenderCredit(r);
  EXPECT_FALSE(absl::StrContains(out, "as of")) << out;
  EXPECT_FALSE(absl::StrContains(out, "bankgiro")) << out;
}

TEST(RenderCreditTest, GrantOfABridgeLoan) {
  v1::CreditResponse r = ActiveCredit();
  v1::GrantCollateral* g = r.mutable_credit()->mutable_grant();
  g->set_funder("ESF");
  g->set_decision_reference("2026/00417");
  g->set_granted_ore(25'000'000);
  g->add_payouts()->set_date("2026-05-15");
  g->add_payouts()->set_date("2026-09-30");
  EXPECT_TRUE(absl::StrContains(RenderCredit(r), "ESF decision 2026/00417, 250 000,00 kr in 2 payouts"))
      << RenderCredit(r);
}

TEST(RenderProposalMadeTest, WaitingOrExecuted) {
  v1::Proposal p;
  p.set_id("P-000003");
  p.set_action("credit.approve");
  p.set_summary("approve C-000001");
  p.set_state(v1::PROPOSAL_OPEN);
  v1::RoleQuorum* q = p.add_required();
  q->set_role(v1::OFFICER);
  q->set_approvals(2);
  EXPECT_EQ(RenderProposalMade(p),
            "proposal P-000003 (credit.approve): approve C-000001\n"
            "waiting for 2 officer approval(s): fondbok approval approve P-000003\n");
  p.set_state(v1::PROPOSAL_EXECUTED);
  EXPECT_TRUE(absl::StrContains(RenderProposalMade(p), "executed at once")) << RenderProposalMade(p);
}

TEST(RenderPortfolioTest, Par30PercentFromBasisPoints) {
  const struct {
    int32_t par30_bp;
    const char* text;
  } kCases[] = {{0, "0,00"}, {5, "0,05"}, {1234, "12,34"}, {10000, "100,00"}};
  for (const auto& c : kCases) {
    v1::PortfolioResponse r;
    r.set_as_of("2026-06-15");
    r.set_credits_scanned(2);
    v1::PortfolioGroup* g = r.add_groups();
    g->set_dimension("total");
    g->set_key("all");
    g->set_par30_bp(c.par30_bp);
    const std::string out = RenderPortfolio(r);
    EXPECT_TRUE(absl::StrContains(out, c.text)) << c.text << " in\n" << out;
    EXPECT_TRUE(absl::StartsWith(out, "portfolio as of 2026-06-15 (2 credits)\n")) << out;
  }
}

TEST(RenderCapitalTest, FreeIsDepositedLessReservedLentAndLost) {
  v1::ListCapitalResponse r;
  v1::CapitalSource* s = r.add_sources();
  s->set_id("goteborg");
  s->set_name("Göteborgs stad");
  s->add_earmark_municipalities("1480");
  s->add_earmark_municipalities("1402");
  s->set_currency("SEK");
  s->set_deposited_ore(100'000'000);
  s->set_reserved_ore(20'000'000);
  s->set_lent_ore(30'000'000);
  s->set_lost_ore(1'000'000);
  const std::string out = RenderCapital(r);
  EXPECT_TRUE(absl::StrContains(out, "1480,1402")) << out;
  EXPECT_TRUE(absl::StrContains(out, "490 000,00 kr")) << out;
}

}  // namespace
}  // namespace fondbok::cli
