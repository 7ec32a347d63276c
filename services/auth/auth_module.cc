#include "services/auth/auth_module.h"

#include "absl/strings/str_cat.h"
#include "ledger/kv.h"
#include "ledger/status_macros.h"
#include "services/common/auth.h"

namespace fondbok::services {
namespace {

absl::StatusOr<ledger::Decision> DecideIssue(const ledger::CommandContext& context, const v1::IssueToken& command,
                                             const ledger::StateReader& state) {
  const v1::Principal& p = command.principal();
  if (p.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(p.role())) {
    return absl::InvalidArgumentError(
        "a token needs a role: admin, officer, board, auditor, supporter, member or bank");
  }
  if ((p.role() == v1::MEMBER || p.role() == v1::SUPPORTER || p.role() == v1::BANK) && p.organisation().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("a ", RoleName(p.role()),
                                                   " token must name its organisation (--org)"));
  }
  if (p.name().size() > kPrincipalNameBytesMax || p.organisation().size() > 64) {
    return absl::InvalidArgumentError("token name is at most 100 bytes and organisation at most 64");
  }
  if (p.expires_at_us() != 0 && p.expires_at_us() <= absl::ToUnixMicros(context.now)) {
    return absl::InvalidArgumentError("the token would expire before it is issued");
  }
  if (command.token_sha256().size() != 32) return absl::InvalidArgumentError("token hash must be 32 bytes");
  ASSIGN_OR_RETURN(auto existing, ReadPrincipal(state, command.token_sha256()));
  if (existing.has_value()) return absl::AlreadyExistsError("this token is already issued");
  ledger::Decision decision;
  v1::TokenIssued* event = decision.event.mutable_token_issued();
  *event->mutable_principal() = p;
  event->mutable_principal()->set_id(TokenId(command.token_sha256()));
  event->mutable_principal()->set_revoked(false);
  event->mutable_principal()->set_issued_seq(0);  // the entry's seq, set by Project
  event->set_token_sha256(command.token_sha256());
  return decision;
}

// Whether another admin token than `except_id` is still usable at `now_us`.
absl::StatusOr<bool> OtherAdminRemains(const ledger::StateReader& state, absl::string_view except_id, int64_t now_us) {
  bool found = false;
  RETURN_IF_ERROR(ledger::ScanProto<v1::Principal>(
      state, ledger::Space::kViews, kTokenKeyPrefix, ledger::PrefixEnd(kTokenKeyPrefix), "principal",
      [&](absl::string_view, v1::Principal& p) {
        found = p.role() == v1::ADMIN && p.id() != except_id && !p.revoked() &&
                (p.expires_at_us() == 0 || p.expires_at_us() > now_us);
        return !found;
      }));
  return found;
}

absl::StatusOr<ledger::Decision> DecideRevoke(const ledger::CommandContext& context, const v1::RevokeToken& command,
                                              const ledger::StateReader& state) {
  ASSIGN_OR_RETURN(auto sha, state.Get(ledger::Space::kViews, TokenIdKey(command.token_id())));
  if (!sha.has_value()) return absl::NotFoundError(absl::StrCat("token ", command.token_id(), " does not exist"));
  ASSIGN_OR_RETURN(auto principal, ReadPrincipal(state, *sha));
  if (!principal.has_value()) return absl::DataLossError("token index points to no principal");
  if (principal->revoked()) {
    return absl::FailedPreconditionError(absl::StrCat("token ", command.token_id(), " is already revoked"));
  }
  if (command.reason().size() > 500) return absl::InvalidArgumentError("reason is at most 500 bytes");
  if (principal->role() == v1::ADMIN) {
    // Revoking the last usable admin token would lock the fund's administration out for good.
    ASSIGN_OR_RETURN(bool other, OtherAdminRemains(state, command.token_id(), absl::ToUnixMicros(context.now)));
    if (!other) {
      return absl::FailedPreconditionError(absl::StrCat("token ", command.token_id(),
                                                        " is the last usable admin token: issue another admin "
                                                        "token before revoking it"));
    }
  }
  ledger::Decision decision;
  decision.event.mutable_token_revoked()->set_token_id(command.token_id());
  decision.event.mutable_token_revoked()->set_reason(command.reason());
  return decision;
}

}  // namespace

std::vector<int> AuthModule::CommandCases() const { return {v1::Command::kIssueToken, v1::Command::kRevokeToken}; }

std::vector<int> AuthModule::EventCases() const { return {v1::Event::kTokenIssued, v1::Event::kTokenRevoked}; }

absl::StatusOr<ledger::Decision> AuthModule::Decide(const ledger::CommandContext& context, const v1::Command& command,
                                                    const ledger::StateReader& state) const {
  switch (command.kind_case()) {
    case v1::Command::kIssueToken: return DecideIssue(context, command.issue_token(), state);
    case v1::Command::kRevokeToken: return DecideRevoke(context, command.revoke_token(), state);
    default: return absl::InvalidArgumentError("not an auth command");
  }
}

absl::Status AuthModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  const v1::Event& event = entry.event();
  if (event.has_token_issued()) {
    v1::Principal principal = event.token_issued().principal();
    principal.set_issued_seq(entry.seq());
    views.Put(TokenKey(event.token_issued().token_sha256()), principal.SerializeAsString());
    views.Put(TokenIdKey(principal.id()), event.token_issued().token_sha256());
    return absl::OkStatus();
  }
  if (event.has_token_revoked()) {
    ASSIGN_OR_RETURN(auto sha, views.Get(ledger::Space::kViews, TokenIdKey(event.token_revoked().token_id())));
    if (!sha.has_value()) return absl::DataLossError("revoked token is unknown");
    ASSIGN_OR_RETURN(auto principal, ReadPrincipal(views, *sha));
    if (!principal.has_value()) return absl::DataLossError("revoked token has no principal");
    principal->set_revoked(true);
    views.Put(TokenKey(*sha), principal->SerializeAsString());
    return absl::OkStatus();
  }
  return absl::InternalError("not an auth event");
}

}  // namespace fondbok::services
