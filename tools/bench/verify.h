// Reads a run's part of the journal back from the server (ListEntries, 1 000 a page) and checks it
// against what the run was told (journal_check.h).
#ifndef FONDBOK_TOOLS_BENCH_VERIFY_H_
#define FONDBOK_TOOLS_BENCH_VERIFY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "fondbok/client.h"
#include "tools/bench/journal_check.h"

namespace fondbok::bench {

// The journal's last seq now (0 when it is empty).
absl::StatusOr<uint64_t> JournalLastSeq(const client::Client& client);

// Reads every entry after `after_seq` (the last seq before the run started) up to the last seq at
// the time of the first page, checks that the seqs are dense, and checks each entry. Returns the
// number of verified entries (= acks.entries()), or DATA_LOSS with the first discrepancy, or the
// read's error.
absl::StatusOr<uint64_t> VerifyRun(const client::Client& client, const RunAcks& acks, uint64_t after_seq);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_VERIFY_H_
