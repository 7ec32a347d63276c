#include "services/common/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ledger/hash.h"
#include "ledger/status_macros.h"
#include "ledger/storage.h"

namespace fondbok::services {

std::string NewToken() { return absl::StrCat(kTokenPrefix, ledger::ToHex(ledger::RandomBytes(32))); }

std::string TokenSha256(absl::string_view token) { return ledger::Sha256(token); }

std::string TokenId(absl::string_view token_sha256) {
  return absl::StrCat("tok-", ledger::ToHex(token_sha256).substr(0, 16));
}

std::string TokenKey(absl::string_view token_sha256) {
  return absl::StrCat(kTokenKeyPrefix, ledger::ToHex(token_sha256));
}

std::string TokenIdKey(absl::string_view token_id) { return absl::StrCat(kTokenIdPrefix, token_id); }

bool RoleAllows(v1::Role role, Access access) {
  switch (access) {
    case Access::kLedgerWrite: return role == v1::ADMIN || role == v1::OFFICER;
    case Access::kPeriodClose: return role == v1::ADMIN;
    case Access::kLedgerRead: return role != v1::ROLE_UNSPECIFIED;
    case Access::kJournalRead: return ReadsEverything(role);
    case Access::kTokenAdmin: return role == v1::ADMIN;
    case Access::kTokenRead: return role == v1::ADMIN || role == v1::AUDITOR;
    case Access::kAnyPrincipal: return role != v1::ROLE_UNSPECIFIED;
    case Access::kPartyWrite: return role == v1::ADMIN || role == v1::OFFICER;
    case Access::kPartyRead: return role != v1::ROLE_UNSPECIFIED;
    case Access::kProposalRead: return ReadsEverything(role);
    case Access::kProposalDecide: return role == v1::ADMIN || role == v1::OFFICER || role == v1::BOARD;
    case Access::kPolicyPropose: return role == v1::ADMIN;
    case Access::kCreditAdmin: return role == v1::ADMIN;
    case Access::kCapitalWrite: return role == v1::ADMIN || role == v1::OFFICER;
    case Access::kCreditWrite: return role == v1::ADMIN || role == v1::OFFICER;
    case Access::kCreditApply: return role == v1::ADMIN || role == v1::OFFICER || role == v1::MEMBER;
    case Access::kCreditRead: return role != v1::ROLE_UNSPECIFIED;
    case Access::kPortfolioRead: return ReadsEverything(role);
    case Access::kPaymentWrite: return role == v1::ADMIN || role == v1::OFFICER;
    case Access::kPaymentRead: return ReadsEverything(role);
    case Access::kPaymentAdmin: return role == v1::ADMIN;
  }
  return false;
}

bool ReadsEverything(v1::Role role) {
  return role == v1::ADMIN || role == v1::OFFICER || role == v1::BOARD || role == v1::AUDITOR;
}

absl::string_view RoleName(v1::Role role) {
  switch (role) {
    case v1::ADMIN: return "admin";
    case v1::OFFICER: return "officer";
    case v1::BOARD: return "board";
    case v1::AUDITOR: return "auditor";
    case v1::SUPPORTER: return "supporter";
    case v1::MEMBER: return "member";
    case v1::BANK: return "bank";
    default: return "none";
  }
}

absl::StatusOr<v1::Role> ParseRole(absl::string_view name) {
  std::string lower = absl::AsciiStrToLower(name);
  for (v1::Role role : {v1::ADMIN, v1::OFFICER, v1::BOARD, v1::AUDITOR, v1::SUPPORTER, v1::MEMBER, v1::BANK}) {
    if (lower == RoleName(role)) return role;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "role \"", name, "\" is not one of admin, officer, board, auditor, supporter, member, bank"));
}

absl::StatusOr<std::optional<v1::Principal>> ReadPrincipal(const ledger::KvReader& state,
                                                           absl::string_view token_sha256) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, TokenKey(token_sha256)));
  if (!bytes.has_value()) return std::nullopt;
  v1::Principal principal;
  if (!principal.ParseFromString(*bytes)) return absl::DataLossError("a stored principal does not decode");
  return principal;
}

absl::StatusOr<v1::Principal> Authenticator::Authenticate(const grpc::ServerContextBase& context, Access access,
                                                          absl::string_view method) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        absl::StrCat(method, " needs a token: send the header \"authorization: Bearer <token>\""));
  }
  return AuthenticateHeader(absl::string_view(it->second.data(), it->second.size()), access, method);
}

absl::StatusOr<v1::Principal> Authenticator::AuthenticateHeader(absl::string_view authorization, Access access,
                                                                absl::string_view method) const {
  absl::string_view value = absl::StripAsciiWhitespace(authorization);
  if (!absl::StartsWithIgnoreCase(value, "bearer ")) {
    return absl::UnauthenticatedError("the authorization header must read \"Bearer <token>\"");
  }
  absl::string_view token = absl::StripAsciiWhitespace(value.substr(7));
  if (!absl::StartsWith(token, kTokenPrefix) || token.size() != kTokenPrefix.size() + 64) {
    return absl::UnauthenticatedError("the token is not a fondbok token (fbk_ and 64 hex digits)");
  }
  const std::string sha = TokenSha256(token);
  auto reader = storage_->NewLatestReader();  // one point read: no snapshot to pin
  ASSIGN_OR_RETURN(auto principal, ReadPrincipal(*reader, sha));
  if (!principal.has_value()) return absl::UnauthenticatedError("the token is not known to this fund");
  if (principal->revoked()) {
    return absl::UnauthenticatedError(absl::StrCat("token ", principal->id(), " has been revoked"));
  }
  if (principal->expires_at_us() != 0 && absl::ToUnixMicros(clock_->Now()) >= principal->expires_at_us()) {
    return absl::UnauthenticatedError(absl::StrCat("token ", principal->id(), " expired at ",
                                                   absl::FormatTime(absl::FromUnixMicros(principal->expires_at_us()))));
  }
  if (!RoleAllows(principal->role(), access)) {
    return absl::PermissionDeniedError(absl::StrCat("role ", RoleName(principal->role()), " (", principal->id(),
                                                    ") may not call ", method));
  }
  return *principal;
}

}  // namespace fondbok::services
