#include "services/credits/portfolio.h"

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"

namespace fondbok::credits {

PortfolioBuilder::PortfolioBuilder(absl::CivilDay as_of) : as_of_(as_of) {}

v1::PortfolioGroup& PortfolioBuilder::Group(const std::string& dimension, const std::string& key) {
  for (v1::PortfolioGroup& g : groups_) {
    if (g.dimension() == dimension && g.key() == key) return g;
  }
  v1::PortfolioGroup& g = groups_.emplace_back();
  g.set_dimension(dimension);
  g.set_key(key);
  return g;
}

absl::Status PortfolioBuilder::Add(const v1::Credit& credit) {
  ++scanned_;
  const v1::CreditState state = StateOn(credit, as_of_);
  if (state == v1::CREDIT_WRITTEN_OFF) written_off_ore_ += credit.written_off_ore();
  if (state != v1::CREDIT_ACTIVE) return absl::OkStatus();
  ASSIGN_OR_RETURN(v1::CreditStanding standing, StandingAsOf(credit, as_of_, 0));
  const std::string grade = credit.assessment().risk_grade() == v1::RISK_GRADE_UNSPECIFIED
                                ? "-"
                                : v1::RiskGrade_Name(credit.assessment().risk_grade()).substr(5);
  for (auto [dimension, key] : {std::pair<std::string, std::string>{"total", "all"},
                                {"product", credit.product().id()},
                                {"risk_grade", grade},
                                {"municipality", credit.municipality()},
                                {"capital_source", credit.capital_source()}}) {
    v1::PortfolioGroup& g = Group(dimension, key);
    g.set_credits(g.credits() + 1);
    g.set_outstanding_principal_ore(g.outstanding_principal_ore() + standing.outstanding_principal_ore());
    g.set_overdue_ore(g.overdue_ore() + standing.overdue_ore());
    if (standing.days_past_due() > 30) {
      g.set_par30_principal_ore(g.par30_principal_ore() + standing.outstanding_principal_ore());
    }
    switch (standing.bucket()) {
      case 1: g.set_bucket_counts_1_30(g.bucket_counts_1_30() + 1); break;
      case 2: g.set_bucket_counts_31_60(g.bucket_counts_31_60() + 1); break;
      case 3: g.set_bucket_counts_61_90(g.bucket_counts_61_90() + 1); break;
      case 4: g.set_bucket_counts_over_90(g.bucket_counts_over_90() + 1); break;
      default: break;
    }
  }
  return absl::OkStatus();
}

v1::PortfolioResponse PortfolioBuilder::Finish() const {
  v1::PortfolioResponse response;
  response.set_as_of(ledger::FormatDate(as_of_));
  for (v1::PortfolioGroup g : groups_) {
    if (g.outstanding_principal_ore() > 0) {
      auto bp = ledger::MultiplyRatioHalfEven(g.par30_principal_ore(), 10000, g.outstanding_principal_ore());
      g.set_par30_bp(bp.ok() ? static_cast<int32_t>(*bp) : 0);
    }
    *response.add_groups() = std::move(g);
  }
  response.set_written_off_ore(written_off_ore_);
  response.set_credits_scanned(scanned_);
  return response;
}

absl::StatusOr<v1::PortfolioResponse> BuildPortfolio(const ledger::KvReader& state, absl::CivilDay as_of) {
  PortfolioBuilder builder(as_of);
  absl::Status failure;
  v1::Credit credit;
  RETURN_IF_ERROR(state.Scan(ledger::Space::kViews, kCreditPrefix, ledger::PrefixEnd(kCreditPrefix),
                             [&](absl::string_view key, absl::string_view value) {
                               if (!credit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                                 failure = absl::DataLossError(absl::StrCat("view ", key, " does not decode"));
                                 return false;
                               }
                               failure = builder.Add(credit);
                               return failure.ok();
                             }));
  RETURN_IF_ERROR(failure);
  return builder.Finish();
}

}  // namespace fondbok::credits
