// Pure translation of `fondbok ledger …` arguments into LedgerService messages. Every check that
// can be made without the server is made here, so that a typo costs no round trip (and no
// request id): the errors are INVALID_ARGUMENT naming the flag.
#ifndef FONDBOK_CLIENTS_CLI_LEDGER_REQUESTS_H_
#define FONDBOK_CLIENTS_CLI_LEDGER_REQUESTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fondbok/v1/ledger.pb.h"
#include "fondbok/v1/ledger_service.pb.h"

namespace fondbok::cli {

struct AccountCreateArgs {
  std::string code;
  std::string type;              // asset | liability | equity | income | expense | off-balance
  std::string currency = "SEK";
  std::string owner;
  std::string earmark;
  std::string name;
  bool no_overdraft = false;     // the flag that keeps the normal-side balance >= 0
};
absl::StatusOr<v1::Account> BuildAccount(const AccountCreateArgs& args);

struct PostArgs {
  std::vector<std::string> debits;   // CODE=AMOUNT
  std::vector<std::string> credits;  // CODE=AMOUNT
  std::string value_date;            // YYYY-MM-DD; empty: today on the server
  std::string memo;
  bool pending = false;
  std::string expires_in;            // duration; only with pending
};
absl::StatusOr<v1::PostEntry> BuildPostEntry(const PostArgs& args);

struct PostPendingArgs {
  uint64_t pending_seq = 0;
  std::string amount;                // empty: everything still pending
  std::string value_date;
  std::string memo;
};
absl::StatusOr<v1::PostPending> BuildPostPending(const PostPendingArgs& args);

struct ReverseArgs {
  uint64_t seq = 0;
  std::string value_date;
  std::string memo;
};
absl::StatusOr<v1::ReverseEntry> BuildReverse(const ReverseArgs& args);

// "YYYY-MM", checked.
absl::StatusOr<v1::ClosePeriod> BuildClosePeriod(const std::string& period);

struct BalanceArgs {
  std::string account;
  uint64_t as_of_seq = 0;            // 0: not given
  std::string as_of_date;            // empty: not given
};
absl::StatusOr<v1::GetBalanceRequest> BuildBalanceRequest(const BalanceArgs& args);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_LEDGER_REQUESTS_H_
