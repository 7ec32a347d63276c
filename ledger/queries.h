// Read-side queries over a snapshot: balances (now, as of a seq, as of a value date), account
// history, accounts, entry ranges. Pure functions of a StorageReader; safe to run concurrently.
#ifndef FONDBOK_LEDGER_QUERIES_H_
#define FONDBOK_LEDGER_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/storage.h"

namespace fondbok::ledger {

inline constexpr uint32_t kPageSizeDefault = 100;
inline constexpr uint32_t kPageSizeMax = 1000;

uint32_t ClampPageSize(uint32_t requested);

absl::StatusOr<v1::AccountState> GetAccountState(const StorageReader& reader, absl::string_view code);

struct BalanceQuery {
  std::string account;
  uint64_t as_of_seq = 0;   // 0: now
  std::string as_of_date;   // empty: not by date
};
absl::StatusOr<v1::Balance> QueryBalance(const StorageReader& reader, const BalanceQuery& query);

struct HistoryLineOut {
  uint64_t seq;
  int32_t value_date_days;
  v1::Side side;
  int64_t posted_delta;
  int64_t pending_delta;
  int64_t balance_after;
};
struct HistoryPage {
  std::vector<HistoryLineOut> lines;
  uint64_t next_after_seq = 0;  // 0: no more
};
absl::StatusOr<HistoryPage> QueryHistory(const StorageReader& reader, absl::string_view code, uint64_t after_seq,
                                         uint32_t page_size);

struct AccountsPage {
  std::vector<v1::Account> accounts;
  std::string next_page_token;
};
absl::StatusOr<AccountsPage> QueryAccounts(const StorageReader& reader, absl::string_view prefix,
                                           absl::string_view page_token, uint32_t page_size);

// Entries from from_seq (>= 1), at most `limit`, decoded and hash-checked, hash filled in.
absl::StatusOr<std::vector<v1::JournalEntry>> QueryEntries(const StorageReader& reader, uint64_t from_seq,
                                                           uint32_t limit);

// The last committed seq as the reader sees it.
absl::StatusOr<uint64_t> QueryLastSeq(const StorageReader& reader);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_QUERIES_H_
