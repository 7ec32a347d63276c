// The `fondbok` application: global options, the command tree, errors and exit codes.
#include <CLI/CLI.hpp>

#include "clients/cli/commands.h"

namespace fondbok::cli {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--addr", options.address,
                 "Server host:port (default: $FONDBOK_ADDR, else 127.0.0.1:50051)");
  app.add_option("--token", options.token,
                 "Bearer token (default: $FONDBOK_TOKEN, else ./var/fondbok/admin.token)");
  app.add_option("--token-file", options.token_file, "Read the bearer token from this file");
  app.add_option("--tls-ca", options.tls_ca, "PEM file of the CA that signed the server (default: plaintext)");
  app.add_option("--tls-server-name", options.tls_server_name,
                 "Name to check the server certificate against (default: the host in --addr)");
  app.add_option("--tls-cert", options.tls_cert, "Client certificate PEM, for mutual TLS");
  app.add_option("--tls-key", options.tls_key, "Client key PEM, for mutual TLS");
  app.add_flag("--json", options.json, "Print JSON (amounts as integer öre, hashes as hex)");
  app.add_option("--timeout", options.timeout, "Deadline of each call, e.g. 30s, 2m")
      ->capture_default_str();
}

}  // namespace

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
           const Getenv& getenv, const std::string& default_token_path) {
  CommandContext context(out, err, getenv, default_token_path);
  CLI::App app("fondbok: the books of a microfund, from the command line", "fondbok");
  // Global options may follow the subcommand: `fondbok ledger balance --account x --json`.
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", "fondbok 0.1.0");
  app.footer(
      "Global options may also follow the subcommand. Exit status: 0 done, 1 refused by the server "
      "(one line on stderr names the gRPC status), 2 wrong command line (nothing was sent).");
  AddGlobalOptions(app, context.options());
  AddLedgerCommands(app, context);
  AddTokenCommands(app, context);
  AddAdminCommands(app, context);
  AddOrgCommands(app, context);
  AddApprovalCommands(app, context);
  AddCreditCommands(app, context);
  AddExportCommands(app, context);
  AddPaymentCommands(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" with exit code 0; everything else is a usage error.
    return app.exit(error, out, err) == 0 ? kExitOk : kExitUsage;
  }
  if (!context.action()) {
    err << app.help();
    return kExitUsage;
  }
  absl::Status status = context.action()();
  if (!status.ok()) err << ErrorLine(status) << "\n";
  return ExitCodeFor(status);
}

}  // namespace fondbok::cli
