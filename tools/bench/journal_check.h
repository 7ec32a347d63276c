// Checks a run's acknowledgements against the journal: every acknowledged entry is there, at the
// seq it was acknowledged with, under the run's request id, exactly once. Pure: the entries are
// fed in by the caller (verify.h reads them from the server).
#ifndef FONDBOK_TOOLS_BENCH_JOURNAL_CHECK_H_
#define FONDBOK_TOOLS_BENCH_JOURNAL_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "fondbok/v1/journal.pb.h"

namespace fondbok::bench {

// What a run was told. Request `n` of client thread `t` has the id RequestIdOf(prefix, t, n) and
// was acknowledged with `entries_per_request` consecutive seqs starting at first_seqs[t][n].
struct RunAcks {
  std::string request_id_prefix;  // "bench-<run id>-"
  uint32_t entries_per_request = 1;
  std::vector<std::vector<uint64_t>> first_seqs;  // [thread][request number]

  uint64_t requests() const;
  uint64_t entries() const { return requests() * entries_per_request; }
};

// "<prefix><thread>-<number>", e.g. "bench-3f2a9c01d4e5b6a7-12-40311".
std::string RequestIdOf(const std::string& prefix, int thread, uint64_t number);

// Thread-compatible, not thread-safe.
class JournalChecker {
 public:
  // `acks` must outlive the checker and not change while it is used.
  explicit JournalChecker(const RunAcks* acks);

  // Checks one journal entry. Entries of other writers (other request ids) are skipped. DATA_LOSS
  // for an entry of this run that was never acknowledged, is there twice, or sits at another seq
  // than acknowledged.
  absl::Status Check(const v1::JournalEntry& entry);

  // After the last entry: DATA_LOSS, naming the first one missing, unless every acknowledged entry
  // was seen.
  absl::Status Finish() const;

  uint64_t run_entries_seen() const { return run_entries_seen_; }

 private:
  const RunAcks* const acks_;
  std::vector<std::vector<bool>> seen_;  // [thread][number * entries_per_request + command_index]
  uint64_t run_entries_seen_ = 0;
};

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_JOURNAL_CHECK_H_
