// Internal to the credit commands of the CLI: a compact way to declare a subcommand whose action
// needs the connected client, and the parsers and printers the credit command files share.
#ifndef FONDBOK_CLIENTS_CLI_CREDIT_CLI_H_
#define FONDBOK_CLIENTS_CLI_CREDIT_CLI_H_

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cli/context.h"
#include "clients/cli/credit_render.h"
#include "clients/cli/json.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {

using Run = std::function<absl::Status(CommandContext&, const client::Client&)>;

// Adds `name` under `parent`; `make_run` is called after parsing and returns what to do.
inline CLI::App* Command(CLI::App* parent, CommandContext& context, const std::string& name, const std::string& help,
                  std::function<Run()> make_run) {
  CLI::App* command = parent->add_subcommand(name, help);
  command->callback([&context, make_run] {
    context.set_action([&context, make_run]() -> absl::Status {
      Run run = make_run();
      ASSIGN_OR_RETURN(const client::Client* client, context.client());
      return run(context, *client);
    });
  });
  return command;
}

inline absl::StatusOr<int64_t> Amount(const std::string& text, absl::string_view flag, bool required = true) {
  if (text.empty()) {
    if (required) return UsageError(absl::InvalidArgumentError(absl::StrCat(flag, " is required")));
    return 0;
  }
  auto ore = ledger::ParseAmount(text);
  if (!ore.ok()) return UsageError(absl::InvalidArgumentError(absl::StrCat(flag, ": ", ore.status().message())));
  return *ore;
}

template <typename Response>
absl::Status Print(CommandContext& context, const absl::StatusOr<Response>& response,
                   const std::function<std::string(const Response&)>& render) {
  if (!response.ok()) return context.Explain(response.status());
  context.out() << (context.json() ? ProtoToJson(*response) + "\n" : render(*response));
  return absl::OkStatus();
}

inline absl::Status PrintCredit(CommandContext& context, const absl::StatusOr<v1::CreditResponse>& response) {
  return Print<v1::CreditResponse>(context, response, RenderCredit);
}

inline absl::Status PrintProposal(CommandContext& context, const absl::StatusOr<v1::ProposalResponse>& response) {
  return Print<v1::ProposalResponse>(context, response,
                                     [](const v1::ProposalResponse& r) { return RenderProposalMade(r.proposal()); });
}

inline absl::StatusOr<v1::RiskGrade> ParseGrade(const std::string& text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  v1::RiskGrade grade;
  if (upper.size() == 1 && v1::RiskGrade_Parse(absl::StrCat("RISK_", upper), &grade)) return grade;
  return UsageError(absl::InvalidArgumentError(absl::StrCat("--risk \"", text, "\" is not a grade A–E")));
}

inline absl::StatusOr<v1::Amortisation> ParseAmortisation(const std::string& text) {
  v1::Amortisation a;
  std::string name = absl::AsciiStrToUpper(text);
  for (char& c : name) c = c == '-' ? '_' : c;
  if (v1::Amortisation_Parse(name, &a) && a != v1::AMORTISATION_UNSPECIFIED) return a;
  return UsageError(absl::InvalidArgumentError(absl::StrCat(
      "--amortisation \"", text, "\" is not annuity, straight-line, bullet, bridge or interest-free-with-fee")));
}

// --payout 2027-03-31=250000 (date=amount).
inline absl::Status AddPayouts(const std::vector<std::string>& specs, v1::GrantCollateral* grant) {
  for (const std::string& spec : specs) {
    std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits('=', 1));
    if (parts.size() != 2) {
      return UsageError(absl::InvalidArgumentError(absl::StrCat("--payout \"", spec, "\" is not DATE=AMOUNT")));
    }
    ASSIGN_OR_RETURN(int64_t amount, Amount(parts[1], "--payout"));
    v1::GrantPayout* payout = grant->add_payouts();
    payout->set_date(parts[0]);
    payout->set_amount_ore(amount);
  }
  return absl::OkStatus();
}


}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_CREDIT_CLI_H_
