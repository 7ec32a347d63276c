// fondbok admin …: operations on the server (AdminService).
#include <filesystem>
#include <memory>
#include <system_error>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

absl::Status RunBackup(CommandContext& context, const std::string& directory) {
  // The server resolves nothing relative to the caller, so the path is made absolute here; the
  // server is usually on the same machine as the person typing.
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(directory, error);
  if (error) {
    return UsageError(absl::InvalidArgumentError(
        absl::StrCat("backup directory \"", directory, "\" cannot be made absolute: ", error.message())));
  }
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::BackupRequest request;
  request.set_directory(absolute.lexically_normal().string());
  auto response = client->Backup(request);
  if (!response.ok()) return context.Explain(response.status());
  if (context.json()) {
    context.out() << ProtoToJson(*response) << "\n";
  } else {
    context.out() << "backup written to " << response->directory() << " (journal through seq "
                  << response->last_seq() << ")\n";
  }
  return absl::OkStatus();
}

}  // namespace

void AddAdminCommands(CLI::App& app, CommandContext& context) {
  CLI::App* admin = app.add_subcommand("admin", "Server operations");
  admin->require_subcommand(1);
  auto directory = std::make_shared<std::string>();
  CLI::App* backup = admin->add_subcommand(
      "backup", "Write a consistent checkpoint of the database to DIR (must not exist yet)");
  backup->add_option("directory", *directory, "DIR, on the server's machine")->required();
  backup->callback([&context, directory] {
    context.set_action([&context, directory] { return RunBackup(context, *directory); });
  });
}

}  // namespace fondbok::cli
