// The subcommands of `fondbok`, one group per file. Each Add*Commands adds its group to the
// application; a subcommand's parse callback hands its action to the CommandContext.
#ifndef FONDBOK_CLIENTS_CLI_COMMANDS_H_
#define FONDBOK_CLIENTS_CLI_COMMANDS_H_

#include <ostream>
#include <string>

#include "clients/cli/context.h"

namespace CLI {
class App;
}  // namespace CLI

namespace fondbok::cli {

// fondbok ledger account-create | post | post-pending | void-pending | reverse | close-period |
//                balance | history | accounts | account | entries | follow | periods
void AddLedgerCommands(CLI::App& app, CommandContext& context);

// fondbok token create | revoke | list; fondbok whoami
void AddTokenCommands(CLI::App& app, CommandContext& context);

// fondbok admin backup
void AddAdminCommands(CLI::App& app, CommandContext& context);

// fondbok org create | list | show | close
void AddOrgCommands(CLI::App& app, CommandContext& context);

// fondbok approval list | show | approve | reject | policy | propose-policy
void AddApprovalCommands(CLI::App& app, CommandContext& context);

// fondbok credit apply | submit | withdraw | assess | propose-approval | reject | cancel | lapse |
//                disburse | repay | remind | restructure | early-repayment | write-off | recover |
//                schedule | show | list | portfolio
// fondbok product define | list; fondbok capital deposit | withdraw | list;
// fondbok credit-settings set | show
void AddCreditCommands(CLI::App& app, CommandContext& context);
void AddPaymentCommands(CLI::App& app, CommandContext& context);

// fondbok export sie | bas-mapping | set-bas-mapping (ReportService)
void AddExportCommands(CLI::App& app, CommandContext& context);

// Parses the command line and runs the command; returns the process exit code (0 ok, 1 refused
// by the server, 2 usage). Writes results to `out` and errors to `err`. `default_token_path` is
// read for a token when no flag or environment variable gives one.
int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
           const Getenv& getenv, const std::string& default_token_path = kDefaultTokenPath);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_COMMANDS_H_
