// Pure helpers that turn command-line words into protocol values: account types, roles, request
// ids, account flags. No I/O except NewRequestId's randomness.
#ifndef FONDBOK_CLIENTS_CLI_ARGUMENTS_H_
#define FONDBOK_CLIENTS_CLI_ARGUMENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/auth.pb.h"
#include "fondbok/v1/ledger.pb.h"

namespace fondbok::cli {

// "asset", "liability", "equity", "income", "expense", "off-balance" (case-insensitive; "_" may
// stand for "-"). INVALID_ARGUMENT listing the choices otherwise.
absl::StatusOr<v1::AccountType> ParseAccountType(absl::string_view text);
// The CLI word for a type ("off-balance"); "unspecified" for 0 and unknown values.
std::string AccountTypeWord(v1::AccountType type);

// True for ASSET, EXPENSE and OFF_BALANCE (balance = debits - credits).
bool IsDebitNormal(v1::AccountType type);

// The flag that keeps an account of `type` from being overdrawn: credits_must_not_exceed_debits
// for debit-normal accounts, debits_must_not_exceed_credits for the others.
v1::AccountFlags NoOverdraftFlags(v1::AccountType type);

// "admin", "officer", "board", "auditor", "supporter", "member", "bank" (case-insensitive).
absl::StatusOr<v1::Role> ParseRole(absl::string_view text);
std::string RoleWord(v1::Role role);

// A request id is 1–128 printable ASCII characters without spaces (the server's rule, checked
// here so that a typo is reported before anything is sent). `flag` names the option.
absl::Status ValidateRequestId(absl::string_view request_id, absl::string_view flag = "--request-id");

// A fresh request id: "cli-" and 32 random hex digits (128 bits).
std::string NewRequestId();

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_ARGUMENTS_H_
