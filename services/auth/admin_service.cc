#include "services/auth/admin_service.h"

#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "ledger/journal.h"
#include "ledger/queries.h"
#include "ledger/status_macros.h"

namespace fondbok::services {
namespace {

const std::string kCreateToken = "AdminService.CreateToken";
const std::string kRevokeToken = "AdminService.RevokeToken";
const std::string kListTokens = "AdminService.ListTokens";
const std::string kBackup = "AdminService.Backup";
const std::string kWhoAmI = "AdminService.WhoAmI";

}  // namespace

grpc::ServerUnaryReactor* AdminServiceImpl::CreateToken(grpc::CallbackServerContext* context,
                                                        const v1::CreateTokenRequest* request,
                                                        v1::CreateTokenResponse* response) {
  const absl::Time started = absl::Now();
  if (request->expires_in_s() < 0) {
    auto* reactor = context->DefaultReactor();
    FinishRpc(env_, kCreateToken, started, reactor, absl::InvalidArgumentError("expires_in_s must not be negative"));
    return reactor;
  }
  const std::string token = NewToken();
  const std::string sha = TokenSha256(token);
  v1::Command command;
  v1::IssueToken* issue = command.mutable_issue_token();
  issue->mutable_principal()->set_name(request->name());
  issue->mutable_principal()->set_role(request->role());
  issue->mutable_principal()->set_organisation(request->organisation());
  if (request->expires_in_s() > 0) {
    issue->mutable_principal()->set_expires_at_us(absl::ToUnixMicros(env_.clock->Now()) +
                                                  request->expires_in_s() * 1'000'000);
  }
  issue->set_token_sha256(sha);
  std::vector<v1::Command> commands;
  commands.push_back(std::move(command));
  ServiceEnv env = env_;
  return SubmitWrite(env_, context, kCreateToken, Access::kTokenAdmin, *request, request->request_id(),
                     std::move(commands), [env, token, sha, response](const v1::WriteResult& result) {
                       *response->mutable_result() = result;
                       // A retried request answers with the first token's principal; the token
                       // itself was shown once and is not kept, so it is not repeated.
                       auto snapshot = env.storage->NewSnapshot();
                       auto stored = snapshot->GetJournal(result.entries(0).seq());
                       if (stored.ok() && stored->has_value()) {
                         auto entry = ledger::OpenEntry(result.entries(0).seq(), **stored);
                         if (entry.ok() && entry->event().has_token_issued()) {
                           v1::Principal principal = entry->event().token_issued().principal();
                           principal.set_issued_seq(entry->seq());
                           *response->mutable_principal() = principal;
                           if (entry->event().token_issued().token_sha256() == sha) response->set_token(token);
                         }
                       }
                     });
}

grpc::ServerUnaryReactor* AdminServiceImpl::RevokeToken(grpc::CallbackServerContext* context,
                                                        const v1::RevokeTokenRequest* request,
                                                        v1::WriteResult* response) {
  v1::Command command;
  command.mutable_revoke_token()->set_token_id(request->token_id());
  command.mutable_revoke_token()->set_reason(request->reason());
  std::vector<v1::Command> commands;
  commands.push_back(std::move(command));
  return SubmitWrite(env_, context, kRevokeToken, Access::kTokenAdmin, *request, request->request_id(),
                     std::move(commands), [response](const v1::WriteResult& result) { *response = result; });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListTokens(grpc::CallbackServerContext* context,
                                                       const v1::ListTokensRequest*,
                                                       v1::ListTokensResponse* response) {
  return ServeRead(env_, context, kListTokens, Access::kTokenRead,
                   [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                     return ledger::ScanProto<v1::Principal>(
                         reader, ledger::Space::kViews, kTokenKeyPrefix, ledger::PrefixEnd(kTokenKeyPrefix),
                         "principal", [&](absl::string_view, v1::Principal& principal) {
                           *response->add_principals() = std::move(principal);
                           return response->principals_size() < 10000;
                         });
                   });
}

grpc::ServerUnaryReactor* AdminServiceImpl::Backup(grpc::CallbackServerContext* context,
                                                   const v1::BackupRequest* request, v1::BackupResponse* response) {
  const absl::Time started = absl::Now();
  auto* reactor = context->DefaultReactor();
  auto principal = env_.auth->Authenticate(*context, Access::kTokenAdmin, kBackup);
  if (!principal.ok()) {
    FinishRpc(env_, kBackup, started, reactor, principal.status());
    return reactor;
  }
  const std::string directory = request->directory();
  if (directory.empty() || !std::filesystem::path(directory).is_absolute()) {
    FinishRpc(env_, kBackup, started, reactor,
              absl::InvalidArgumentError(absl::StrCat("backup directory \"", directory,
                                                      "\" must be an absolute path on the server")));
    return reactor;
  }
  // A checkpoint flushes and links files: disk work, so it runs off the reactor thread.
  ServiceEnv env = env_;
  std::thread([env, directory, response, reactor, started] {
    absl::Status status = env.storage->Checkpoint(directory);
    if (status.ok()) {
      response->set_directory(directory);
      response->set_last_seq(env.sequencer->last_seq());
    }
    FinishRpc(env, kBackup, started, reactor, status);
  }).detach();
  return reactor;
}

grpc::ServerUnaryReactor* AdminServiceImpl::WhoAmI(grpc::CallbackServerContext* context, const v1::WhoAmIRequest*,
                                                   v1::Principal* response) {
  return ServeRead(env_, context, kWhoAmI, Access::kAnyPrincipal,
                   [&](const v1::Principal& principal, const ledger::StorageReader&) -> absl::Status {
                     *response = principal;
                     return absl::OkStatus();
                   });
}

}  // namespace fondbok::services
