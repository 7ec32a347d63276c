// Bearer tokens, principals and roles (DESIGN.md §4). A token is "fbk_" + 64 hex digits of CSPRNG
// output; only its SHA-256 is stored (in the auth module's views, written through the journal).
// Every RPC but health authenticates here and names the access it needs.
#ifndef FONDBOK_SERVICES_COMMON_AUTH_H_
#define FONDBOK_SERVICES_COMMON_AUTH_H_

#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/auth.pb.h"
#include "ledger/clock.h"
#include "ledger/kv.h"

namespace fondbok::ledger {
class Storage;
}

namespace fondbok::services {

inline constexpr absl::string_view kTokenPrefix = "fbk_";

// A fresh token: "fbk_" + 64 hex digits (256 bits from OpenSSL's CSPRNG).
std::string NewToken();
// 32 raw bytes.
std::string TokenSha256(absl::string_view token);
// "tok-" + the first 16 hex digits of the hash: safe to show and log.
std::string TokenId(absl::string_view token_sha256);

// Auth module view keys.
inline constexpr absl::string_view kTokenKeyPrefix = "auth/token/";
std::string TokenKey(absl::string_view token_sha256);   // auth/token/<hex sha> → Principal
std::string TokenIdKey(absl::string_view token_id);     // auth/id/<token id>  → hex sha
inline constexpr absl::string_view kTokenIdPrefix = "auth/id/";

// What an RPC needs. Roles map to accesses in one table (auth.cc).
enum class Access {
  kLedgerWrite,    // post, reserve, settle, reverse, open accounts: admin, officer
  kPeriodClose,    // admin
  kLedgerRead,     // accounts, balances, history: everyone with a token; non-staff only own accounts
  kJournalRead,    // entries and follow: admin, officer, board, auditor
  kTokenAdmin,     // create and revoke tokens, backup: admin
  kTokenRead,      // list tokens: admin, auditor
  kAnyPrincipal,   // who-am-i
  kPartyWrite,     // register and close organisations: admin, officer
  kPartyRead,      // organisations: staff all; member, supporter, bank only their own (checked per resource)
  kProposalRead,   // four-eyes proposals and the policy: admin, officer, board, auditor
  kProposalDecide, // approve or reject a proposal: admin, officer, board
  kPolicyPropose,  // propose a new fund policy: admin
  kCreditAdmin,    // products and credit settings: admin
  kCapitalWrite,   // deposit and withdraw lending capital: admin, officer
  kCreditWrite,    // the officer's credit work (assess, propose, disburse, repay, remind, ...): admin, officer
  kCreditApply,    // apply, submit, withdraw: officer, admin; member for its own organisation
  kCreditRead,     // credits: staff all; member only its own organisation's (checked per resource)
  kPortfolioRead,  // portfolio and capital: admin, officer, board, auditor
  kPaymentWrite,   // import bank files, allocate and refund payments: admin, officer
  kPaymentRead,    // payments, suspense, payment settings: admin, officer, board, auditor
  kPaymentAdmin,   // the fund's bank details: admin
};

bool RoleAllows(v1::Role role, Access access);
// Staff roles read every account; member, supporter and bank only accounts their organisation owns.
bool ReadsEverything(v1::Role role);
absl::string_view RoleName(v1::Role role);  // "officer"
absl::StatusOr<v1::Role> ParseRole(absl::string_view name);

// Thread-safe; reads each token from a fresh snapshot.
class Authenticator {
 public:
  Authenticator(const ledger::Storage* storage, const ledger::Clock* clock) : storage_(storage), clock_(clock) {}
  // Checks "authorization: Bearer <token>" and the role. `method` names the RPC in messages.
  absl::StatusOr<v1::Principal> Authenticate(const grpc::ServerContextBase& context, Access access,
                                             absl::string_view method) const;
  // The same from a header value; exposed for tests.
  absl::StatusOr<v1::Principal> AuthenticateHeader(absl::string_view authorization, Access access,
                                                   absl::string_view method) const;

 private:
  const ledger::Storage* storage_;
  const ledger::Clock* clock_;
};

// Looks up a principal by token hash in `state` (views space).
absl::StatusOr<std::optional<v1::Principal>> ReadPrincipal(const ledger::KvReader& state,
                                                           absl::string_view token_sha256);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_AUTH_H_
