// The accounts every benchmark run posts to: "bench:acct:00000" … "bench:acct:09999", alternately
// ASSET and LIABILITY, in SEK, without flags (so no transfer can be refused for its balance).
// Setup is idempotent: accounts that exist are reused, and the missing ones are created with
// deterministic request ids, so a second run against the same server creates nothing.
#ifndef FONDBOK_TOOLS_BENCH_BENCH_ACCOUNTS_H_
#define FONDBOK_TOOLS_BENCH_BENCH_ACCOUNTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fondbok/client.h"

namespace fondbok::bench {

inline constexpr int kAccountsDefault = 10'000;
inline constexpr int kAccountsHot = 10;
inline constexpr int kAccountsMax = 99'999;  // five digits in the code

// "bench:acct:00042". REQUIRES: 0 <= index <= kAccountsMax.
std::string BenchAccountCode(int index);

// The request id that creates exactly `codes`: the same codes always give the same id.
std::string SetupRequestId(const std::vector<std::string>& codes);

struct AccountSetup {
  std::vector<std::string> codes;  // the first `count` bench accounts, in order
  int existing = 0;                // how many were there already
  int created = 0;                 // how many this call created
};

// Makes sure the first `count` bench accounts exist, creating the missing ones with linked
// requests of up to 1 000 commands. REQUIRES: 1 <= count <= kAccountsMax.
absl::StatusOr<AccountSetup> EnsureBenchAccounts(const client::Client& client, int count);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_BENCH_ACCOUNTS_H_
