// Journal entries on disk: sealing (hashing) and opening (decoding and verifying) one entry, and
// verifying the chain over a range. hash(n) = SHA-256(hash(n-1) || body(n)), hash(0) = 32 zero bytes,
// where body(n) is the serialized JournalEntry without its hash, stored byte for byte as hashed.
#ifndef FONDBOK_LEDGER_JOURNAL_H_
#define FONDBOK_LEDGER_JOURNAL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
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

// How a journal scan that opens every entry spreads its work.
struct JournalScanOptions {
  // Threads that decode and hash entries (OpenEntry) while the calling thread reads the journal
  // and visits the opened entries in order. 0: everything on the calling thread.
  int decode_threads = 0;
  // Entries handed to a decode thread at a time.
  size_t batch_entries = 512;
};

// Visits one entry of ScanOpenedJournal: `opened` is OpenEntry's verdict and `entry` the entry
// when it is OK (hash filled in; unspecified otherwise). Return false to stop.
using OpenedEntryVisitor = std::function<bool(uint64_t seq, const absl::Status& opened, const v1::JournalEntry& entry)>;

// Reads the journal from `from_seq` and calls `visit` for every entry in seq order, on the calling
// thread, exactly as `ScanJournal` + `OpenEntry` on each would (the decoding and hashing run on
// options.decode_threads threads ahead of the visitor). The status is the scan's (a failure to
// read; entries read before it are all visited first, unless the visitor stopped).
absl::Status ScanOpenedJournal(const StorageReader& reader, uint64_t from_seq, const JournalScanOptions& options,
                               const OpenedEntryVisitor& visit);

// Walks the journal from seq 1: dense seqs, each hash over its body, each prev_hash the hash
// before it, every entry balanced per currency and phase, and (when the meta family records a
// tail) the chain ends at the recorded last seq with the recorded last hash. The first break is
// DATA_LOSS naming the seq and what broke.
absl::StatusOr<ChainCheck> VerifyChain(const StorageReader& reader);

struct ChainWalkOptions {
  JournalScanOptions scan;
  // Called on the calling thread, in seq order, with every entry that passed all checks (hash
  // filled in), before the next entry's checks. May be empty.
  std::function<void(const v1::JournalEntry& entry)> on_verified;
};

// VerifyChain's walk, telling where it broke. An error status is a failure to read that is not
// DATA_LOSS; a break (DATA_LOSS, including RocksDB's own checksums) is in the result.
struct ChainWalk {
  ChainCheck verified;          // the entries from seq 1 that passed every check
  absl::Status broken;          // OK when the chain is whole, else VerifyChain's DATA_LOSS
  // When broken: the first entry not whole — the one that failed, the missing one of a gap, the
  // one after the last verified when the scan could not read on, and for a tail that disagrees
  // with the recorded one the first seq past the shorter of the two (the last entry when only
  // its hash differs).
  uint64_t broken_seq = 0;
};
absl::StatusOr<ChainWalk> WalkChain(const StorageReader& reader, const ChainWalkOptions& options);

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
