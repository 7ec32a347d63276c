// The write side of a benchmark run: per client thread a LedgerService stub on that thread's
// channel, a seeded transfer generator, and the acknowledged seqs. A transfer debits one random
// bench account and credits another with 1..100 000 öre; one request carries `entries` transfers
// (Post for one, SubmitLinked for more).
#ifndef FONDBOK_TOOLS_BENCH_LEDGER_WRITER_H_
#define FONDBOK_TOOLS_BENCH_LEDGER_WRITER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "fondbok/v1/ledger_service.grpc.pb.h"
#include "tools/bench/closed_loop.h"
#include "tools/bench/journal_check.h"

namespace fondbok::bench {

inline constexpr int64_t kTransferAmountOreMax = 100'000;

struct LedgerWriterOptions {
  std::string token;
  // Deadline of each attempt of a call.
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  // Transfers per request in the load (fill mode may send fewer in its last request).
  int batch_entries = 1;
  // Thread t's generator is seeded with seed + t.
  uint64_t seed = 1;
  // Unique per run: request ids are "bench-<run_id>-<thread>-<number>".
  std::string run_id;
};

// Thread-compatible per thread: Write, LoadCall and FillCall with thread index t may be called
// only from one thread at a time, and threads touch only their own state. TakeAcks and
// retries() only after the loop has ended.
class LedgerWriter {
 public:
  // One client thread per channel. `accounts` (at least 2) must outlive the writer.
  LedgerWriter(LedgerWriterOptions options, const std::vector<std::shared_ptr<grpc::Channel>>& channels,
               const std::vector<std::string>* accounts);
  ~LedgerWriter();

  // Sends request `number` of `thread` with `entries` transfers and returns the first of its
  // consecutive seqs. UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are retried a few times
  // with the same request id (safe: writes are idempotent); anything else fails at once.
  absl::StatusOr<uint64_t> Write(int thread, uint64_t number, int entries);

  // The load's LoopCall: batch_entries transfers, acknowledgement recorded.
  absl::StatusOr<CallOutcome> LoadCall(int thread, uint64_t number);

  // What the load was told, for verification. Leaves the writer without acknowledgements.
  RunAcks TakeAcks();
  uint64_t retries() const;

  std::string request_id_prefix() const { return "bench-" + options_.run_id + "-"; }

  // Sizes of a request of `entries` transfers and of its reply, for the echo floor.
  size_t RequestBytes(int entries);
  static size_t ReplyBytes(int entries);

 private:
  struct ThreadState;
  absl::StatusOr<v1::WriteResult> Send(ThreadState& state, const std::string& request_id, int entries);
  void BuildRequest(ThreadState& state, const std::string& request_id, int entries);

  const LedgerWriterOptions options_;
  const std::vector<std::string>* const accounts_;
  std::vector<std::unique_ptr<ThreadState>> threads_;
};

// Fill mode's work: hands out `total_entries` to the client threads in requests of up to
// `batch_entries` until none are left. Thread-safe.
class FillBudget {
 public:
  FillBudget(uint64_t total_entries, int batch_entries) : left_(total_entries), batch_entries_(batch_entries) {}
  // Takes up to batch_entries entries; 0 when the budget is spent.
  int Take();

 private:
  std::atomic<uint64_t> left_;
  const int batch_entries_;
};

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_LEDGER_WRITER_H_
