#include "services/server/bootstrap.h"

#include "services/common/fund_chart.h"

namespace fondbok::services {

const std::vector<ChartAccount>& MinimumChart() {
  static const auto* chart = new std::vector<ChartAccount>{
      {kBankAccount, v1::ASSET, "The fund's bank account (bankgiro)"},
      {kUnallocatedAccount, v1::LIABILITY, "Payments received, not yet allocated (suspense)"},
      // Never more paid out than was ordered: a settlement beyond what is owed out is refused.
      {kPaymentsOutAccount, v1::LIABILITY, kPaymentsOutName, true},
      {"equity:member-capital", v1::EQUITY, "Member capital"},
      {"equity:solidarity-fund", v1::EQUITY, "Solidarity fund"},
      {"equity:guarantee-reserve", v1::EQUITY, "Guarantee reserve"},
      {"equity:retained", v1::EQUITY, "Retained earnings"},
      {"income:interest", v1::INCOME, "Interest income"},
      {"income:loan-fees", v1::INCOME, "Loan fees"},
      {"income:guarantee-fees", v1::INCOME, "Guarantee fees"},
      {"income:recoveries", v1::INCOME, "Recoveries of written-off credits"},
      {"expense:credit-losses", v1::EXPENSE, "Credit losses"},
      {"expense:guarantee-payouts", v1::EXPENSE, "Guarantee payouts"},
      {"offbalance:guarantee-capacity", v1::OFF_BALANCE, "Guarantee capacity"},
  };
  return *chart;
}

std::vector<v1::Command> BootstrapCommands(const FundSettings& fund, absl::string_view admin_token_sha256) {
  std::vector<v1::Command> commands;
  v1::FundCreated* created = commands.emplace_back().mutable_create_fund()->mutable_fund();
  created->set_name(fund.name);
  created->set_base_currency(fund.base_currency);
  created->set_time_zone(fund.time_zone);
  for (const ChartAccount& a : MinimumChart()) {
    v1::Account* account = commands.emplace_back().mutable_open_account()->mutable_account();
    account->set_code(std::string(a.code));
    account->set_type(a.type);
    account->set_currency(fund.base_currency);
    account->set_name(a.name);
    if (a.debits_limited) account->mutable_flags()->set_debits_must_not_exceed_credits(true);
  }
  v1::IssueToken* issue = commands.emplace_back().mutable_issue_token();
  issue->mutable_principal()->set_name("first admin");
  issue->mutable_principal()->set_role(v1::ADMIN);
  issue->set_token_sha256(std::string(admin_token_sha256));
  return commands;
}

}  // namespace fondbok::services
