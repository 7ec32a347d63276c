// fondbok token …, fondbok whoami: bearer tokens and principals (AdminService).
#include <memory>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/cli/arguments.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "ledger/date.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

struct TokenCreateArgs {
  std::string role;
  std::string name;
  std::string organisation;
  std::string expires_in;
  std::string request_id;
};

int64_t NowUs() { return absl::ToUnixMicros(absl::Now()); }

absl::StatusOr<v1::CreateTokenRequest> BuildCreateToken(const TokenCreateArgs& args) {
  v1::CreateTokenRequest request;
  auto role = ParseRole(args.role);
  if (!role.ok()) return UsageError(role.status());
  request.set_role(*role);
  request.set_name(args.name);
  request.set_organisation(args.organisation);
  if (!args.expires_in.empty()) {
    auto seconds = ledger::ParseDurationSeconds(args.expires_in);
    if (!seconds.ok()) {
      return UsageError(absl::InvalidArgumentError(absl::StrCat("--expires-in: ", seconds.status().message())));
    }
    request.set_expires_in_s(*seconds);
  }
  return request;
}

absl::Status RunTokenCreate(CommandContext& context, const TokenCreateArgs& args) {
  ASSIGN_OR_RETURN(v1::CreateTokenRequest request, BuildCreateToken(args));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  auto response = client->CreateToken(request);
  if (!response.ok()) return context.Explain(response.status());
  if (context.json()) {
    context.out() << ProtoToJson(*response) << "\n";
    return absl::OkStatus();
  }
  // The token alone on stdout, so that `TOKEN=$(fondbok token create …)` works; the rest is for
  // the person at the terminal.
  const v1::Principal& principal = response->principal();
  context.err() << "token " << principal.id() << " for " << RoleWord(principal.role())
                << (principal.name().empty() ? "" : absl::StrCat(" ", principal.name()))
                << (principal.organisation().empty() ? "" : absl::StrCat(" of ", principal.organisation()))
                << ", expires " << FormatTimeUs(principal.expires_at_us())
                << ": shown once, store it now\n";
  context.out() << response->token() << "\n";
  return absl::OkStatus();
}

absl::Status RunTokenRevoke(CommandContext& context, const std::string& token_id,
                            const std::string& reason, const std::string& request_id) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::RevokeTokenRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(request_id));
  request.set_token_id(token_id);
  request.set_reason(reason);
  return context.PrintWrite(client->RevokeToken(request), absl::StrCat("token ", token_id, " revoked"));
}

absl::Status RunTokenList(CommandContext& context) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto response = client->ListTokens(v1::ListTokensRequest());
  if (!response.ok()) return context.Explain(response.status());
  context.out() << (context.json() ? ProtoToJson(*response) + "\n"
                                   : RenderPrincipals(response->principals(), NowUs()));
  return absl::OkStatus();
}

absl::Status RunWhoAmI(CommandContext& context) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto principal = client->WhoAmI();
  if (!principal.ok()) return context.Explain(principal.status());
  context.out() << (context.json() ? ProtoToJson(*principal) + "\n" : RenderPrincipal(*principal, NowUs()));
  return absl::OkStatus();
}

void AddTokenCreate(CLI::App* token, CommandContext& context) {
  auto args = std::make_shared<TokenCreateArgs>();
  CLI::App* command = token->add_subcommand("create", "Issue a bearer token (printed once)");
  command->add_option("--role", args->role, "admin|officer|board|auditor|supporter|member|bank")->required();
  command->add_option("--name", args->name, "Display name of the holder");
  command->add_option("--org", args->organisation, "Party id (member, supporter and bank tokens)");
  command->add_option("--expires-in", args->expires_in, "Lifetime, e.g. 90d (default: never)");
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] {
    context.set_action([&context, args] { return RunTokenCreate(context, *args); });
  });
}

void AddTokenRevoke(CLI::App* token, CommandContext& context) {
  struct Args { std::string token_id; std::string reason; std::string request_id; };
  auto args = std::make_shared<Args>();
  CLI::App* command = token->add_subcommand("revoke", "Revoke a token by its id");
  command->add_option("token_id", args->token_id, "Token id, tok-…")->required();
  command->add_option("--reason", args->reason, "Why");
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] {
    context.set_action([&context, args] {
      return RunTokenRevoke(context, args->token_id, args->reason, args->request_id);
    });
  });
}

}  // namespace

void AddTokenCommands(CLI::App& app, CommandContext& context) {
  CLI::App* token = app.add_subcommand("token", "Bearer tokens");
  token->require_subcommand(1);
  AddTokenCreate(token, context);
  AddTokenRevoke(token, context);
  token->add_subcommand("list", "List principals and their tokens' state")->callback([&context] {
    context.set_action([&context] { return RunTokenList(context); });
  });
  app.add_subcommand("whoami", "Show the principal of the token in use")->callback([&context] {
    context.set_action([&context] { return RunWhoAmI(context); });
  });
}

}  // namespace fondbok::cli
