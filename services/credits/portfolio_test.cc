#include "services/credits/portfolio.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/credits/credit_keys.h"

namespace fondbok::credits {
namespace {

// An active credit of `principal_ore` with one instalment per month from 2026-02-25, `paid` of them paid.
v1::Credit MakeCredit(int n, int64_t principal_ore, int instalments, int paid) {
  v1::Credit c;
  c.set_id(CreditId(n));
  c.mutable_product()->set_id(n % 2 == 0 ? "annuity" : "bullet");
  c.set_municipality(n % 3 == 0 ? "1480" : "0180");
  c.set_capital_source("members");
  c.mutable_assessment()->set_risk_grade(static_cast<v1::RiskGrade>(1 + n % 5));
  v1::Transition* t = c.add_transitions();
  t->set_state(v1::CREDIT_ACTIVE);
  t->set_value_date("2026-01-10");
  v1::Schedule* s = c.add_schedules();
  s->set_effective_date("2026-01-10");
  for (int i = 0; i < instalments; ++i) {
    v1::Instalment* in = s->add_instalments();
    in->set_number(i + 1);
    in->set_due_date(absl::StrFormat("2026-%02d-25", 2 + i));
    in->set_principal_ore(principal_ore / instalments);
  }
  for (int i = 0; i < paid; ++i) {
    v1::Payment* p = c.add_payments();
    p->set_value_date(absl::StrFormat("2026-%02d-25", 2 + i));
    p->set_amount_ore(principal_ore / instalments);
  }
  return c;
}

TEST(PortfolioTest, ManyBatchesGiveWhatOneCreditAtATimeGives) {
  ledger::MemoryKv kv;
  const absl::CivilDay as_of(2026, 6, 1);
  PortfolioBuilder one_by_one(as_of);
  constexpr int kCredits = 1300;  // more than two batches of 512
  for (int n = 1; n <= kCredits; ++n) {
    const v1::Credit c = MakeCredit(n, 12'000'00, 10, n % 5);
    kv.Put(ledger::Space::kViews, CreditKey(c.id()), c.SerializeAsString());
    ASSERT_TRUE(one_by_one.Add(c).ok());
  }
  auto portfolio = BuildPortfolio(kv, as_of);
  ASSERT_TRUE(portfolio.ok()) << portfolio.status();
  const v1::PortfolioResponse expected = one_by_one.Finish();
  EXPECT_EQ(portfolio->SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(portfolio->credits_scanned(), kCredits);
  // The total: every credit active; those that paid fewer than 3 of the 4 instalments due by
  // 2026-06-01 are more than 30 days past due.
  const v1::PortfolioGroup& total = portfolio->groups(0);
  EXPECT_EQ(total.dimension(), "total");
  EXPECT_EQ(total.credits(), kCredits);
  // Paid 0, 1, 2, 3, 4 of 4 due: 96, 68, 37, 7, 0 days past due.
  int64_t outstanding = 0, par30_ore = 0;
  for (int n = 1; n <= kCredits; ++n) {
    const int64_t left = 12'000'00 - (n % 5) * 1'200'00;
    outstanding += left;
    if (n % 5 < 3) par30_ore += left;
  }
  EXPECT_EQ(total.outstanding_principal_ore(), outstanding);
  EXPECT_EQ(total.par30_principal_ore(), par30_ore);
  EXPECT_EQ(total.bucket_counts_over_90(), kCredits / 5);
  EXPECT_EQ(total.bucket_counts_61_90(), kCredits / 5);
  EXPECT_EQ(total.bucket_counts_31_60(), kCredits / 5);
  EXPECT_EQ(total.bucket_counts_1_30(), kCredits / 5);
}

TEST(PortfolioTest, EmptyBooksAndABrokenView) {
  ledger::MemoryKv kv;
  auto empty = BuildPortfolio(kv, absl::CivilDay(2026, 6, 1));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->credits_scanned(), 0);
  EXPECT_EQ(empty->groups_size(), 0);
  for (int n = 1; n <= 700; ++n) {
    kv.Put(ledger::Space::kViews, CreditKey(CreditId(n)), MakeCredit(n, 1'000'00, 2, 0).SerializeAsString());
  }
  kv.Put(ledger::Space::kViews, CreditKey(CreditId(600)), "\xff\xff not a credit");
  auto broken = BuildPortfolio(kv, absl::CivilDay(2026, 6, 1));
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(broken.status().message().find("C-000600"), std::string::npos) << broken.status();
}

}  // namespace
}  // namespace fondbok::credits
