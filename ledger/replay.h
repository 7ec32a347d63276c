// Replay: rebuild every view and index row from the journal alone, through the same ledger core
// and module Project code the sequencer uses, and compare with what is stored. This is how the
// books prove that their views are projections of the journal (DESIGN.md §2, §6).
#ifndef FONDBOK_LEDGER_REPLAY_H_
#define FONDBOK_LEDGER_REPLAY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ledger/kv.h"
#include "ledger/module.h"
#include "ledger/storage.h"

namespace fondbok::ledger {

struct ReplayOptions {
  std::string time_zone = "Europe/Stockholm";
  // Threads that decode and hash entries ahead of the replay (JournalScanOptions::decode_threads);
  // the entries are applied and projected in seq order on the calling thread either way.
  int decode_threads = 0;
};

// Replays every entry of `reader`'s journal into `out` (which should start empty). A failure is
// DATA_LOSS naming the entry, or the scan's error. `failed_seq`, when given, is set to the entry
// that failed (the one after the last replayed when the scan itself failed), 0 on success.
absl::StatusOr<uint64_t> ReplayJournal(const StorageReader& reader, const ModuleRegistry& modules,
                                       const ReplayOptions& options, MemoryKv* out, uint64_t* failed_seq = nullptr);

struct ViewDiff {
  uint64_t differences = 0;
  std::string first_key;     // readable rendering of the first differing key
  std::string first_reason;  // "missing in store", "extra in store", "value differs"
};

struct DiffOptions {
  // Threads that check agreeing books, each scanning a range of keys of a space with at least
  // `min_rows_to_split` rebuilt rows.
  int threads = 1;
  size_t min_rows_to_split = 65536;
};

// Compares rebuilt views and index with the stored ones. Agreeing books (the usual case) are
// checked by hash lookups; a space that differs is then compared in key order, so that the count
// and the first difference are exact whatever the options.
absl::StatusOr<ViewDiff> DiffViews(const MemoryKv& rebuilt, const StorageReader& stored,
                                   const DiffOptions& options = {});

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_REPLAY_H_
