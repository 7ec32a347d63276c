// Journal entries on disk: sealing (hashing) and opening (decoding and verifying) one entry, and
// verifying the chain over a range. hash(n) = SHA-256(hash(n-1) || body(n)), hash(0) = 32 zero bytes,
// where body(n) is the serialized JournalEntry without its hash, stored byte for byte as hashed.
#ifndef FONDBOK_LEDGER_JOURNAL_H_
#define FONDBOK_LEDGER_JOURNAL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/storage.h"

namespace fondbok::ledger {

struct SealedEntry {
  std::string stored;  // serialized StoredEntry, the journal value
  std::string hash;    // 32 bytes
};

// REQUIRES: entry.hash() is empty and entry.prev_hash() is the previous entry's hash.
SealedEntry SealEntry(const v1::JournalEntry& entry);

// Decodes a stored entry, checks that its hash covers its body and that it is entry `seq`, and
// returns it with `hash` filled in. A mismatch is DATA_LOSS naming the seq.
absl::StatusOr<v1::JournalEntry> OpenEntry(uint64_t seq, absl::string_view stored);

struct ChainCheck {
  uint64_t entries = 0;
  uint64_t last_seq = 0;
  std::string last_hash;
};

// Walks the journal from seq 1: dense seqs, each hash over its body, each prev_hash the hash
// before it, every entry balanced per currency and phase, and (when the meta family records a
// tail) the chain ends at the recorded last seq with the recorded last hash. The first break is
// DATA_LOSS naming the seq and what broke.
absl::StatusOr<ChainCheck> VerifyChain(const StorageReader& reader);

// The first currency and phase whose debits and credits differ, if any. Exact in 128 bits, so it
// never overflows whatever the int64 amounts.
struct Imbalance {
  std::string currency;
  v1::Phase phase;
  absl::int128 debits_minus_credits;
};
std::optional<Imbalance> FindImbalance(const v1::JournalEntry& entry);

// Amounts > 0 and debits equal credits per currency and phase, as a stored entry must have them:
// DATA_LOSS otherwise (the check made again right before writing and after reading).
absl::Status CheckEntryBalances(const v1::JournalEntry& entry);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_JOURNAL_H_
