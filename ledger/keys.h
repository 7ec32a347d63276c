// Hand-encoded RocksDB keys. Journal keys are the 8-byte big-endian seq so that RocksDB's bytewise
// order is seq order. Everything else is readable text with fixed-width binary suffixes.
#ifndef FONDBOK_LEDGER_KEYS_H_
#define FONDBOK_LEDGER_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace fondbok::ledger {

inline constexpr size_t kSeqKeyBytes = 8;
static_assert(sizeof(uint64_t) == kSeqKeyBytes, "journal keys are 8-byte big-endian seq");

void AppendBigEndian64(std::string* out, uint64_t value);
void AppendBigEndian32(std::string* out, uint32_t value);
uint64_t ReadBigEndian64(absl::string_view bytes);  // REQUIRES: bytes.size() >= 8

// Journal CF: seq → StoredEntry.
std::string JournalKey(uint64_t seq);
uint64_t SeqFromJournalKey(absl::string_view key);  // REQUIRES: key.size() == 8

// Meta CF keys.
inline constexpr absl::string_view kMetaLastSeq = "last_seq";      // 8-byte big-endian
inline constexpr absl::string_view kMetaLastHash = "last_hash";    // 32 bytes
inline constexpr absl::string_view kMetaFormat = "format";         // kFormatVersion
// 2: an account's views record holds its definition only; its totals are its last history row.
// 1: the record also held running totals, rewritten on every posting (upgraded on open: upgrade.h).
inline constexpr absl::string_view kFormatVersion = "fondbok-journal-2";
inline constexpr absl::string_view kFormatVersion1 = "fondbok-journal-1";

// Idempotency CF: actor '\0' request_id → IdempotencyRecord.
std::string IdempotencyKey(absl::string_view actor, absl::string_view request_id);

// Ledger views ("ledger/" prefix in the views space).
// ledger/acct/<code> → AccountState: in the views, the definition only; in the derived space (kv.h:
// kept in memory, never stored), the account as ReadAccount completes it with its totals.
std::string AccountKey(absl::string_view code);
inline constexpr absl::string_view kAccountKeyPrefix = "ledger/acct/";
std::string PendingKey(uint64_t seq);                      // ledger/pending/<seq> → PendingState
std::string ReversedKey(uint64_t seq);                     // ledger/reversed/<seq> → reversing seq
inline constexpr absl::string_view kFundKey = "ledger/fund";
inline constexpr absl::string_view kClosedThroughKey = "ledger/closed_through";
std::string ReferenceKey(absl::string_view reference);     // ledger/ref/<reference> → ReferenceOwner

// Ledger index space.
// h/<code>\0<seq:8><posting:2> → HistoryRow
std::string HistoryPrefix(absl::string_view code);
std::string HistoryKey(absl::string_view code, uint64_t seq, uint16_t posting_index);
// x/<expires_at_us:8><seq:8> → "" (open pending entries that expire)
inline constexpr absl::string_view kExpiryPrefix = "x/";
std::string ExpiryKey(int64_t expires_at_us, uint64_t seq);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_KEYS_H_
