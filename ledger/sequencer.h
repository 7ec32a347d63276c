// The sequencer: the journal's only writer. One thread drains a bounded queue of write requests,
// decides each against current state including the not-yet-written part of its own group (the
// StateCache), assigns dense seqs and chains hashes, and fills one RocksDB batch per group. A
// large group goes to a second thread, which writes it with one synced write; only then are the
// group's callers answered, by a third (group commit, as LevelDB's DBImpl::Write). The two
// overlap: while group N is being written, the writer already decides group N+1 on top of N's
// state, and every request that arrives before N's write is done joins N+1 (up to
// group_entries_max), so groups grow with the load. A small group (inline_commit_entries_max) the
// writer writes and answers itself: for it, the hand-offs cost more than the overlap saves. At
// most one group is in flight; if its write fails, the group decided on top of it is refused as
// well (UNAVAILABLE, retry), the database is reopened and the tail re-read before anything else is
// decided. A rejected request never touches the batch; the commands of one request apply all or
// none (batch save points). Requests are idempotent on (actor, request_id).
//
// Thread-safe: Submit may be called from any thread. `done` callbacks run on the reply thread (in
// commit order) or, for a small group, on the writer thread; commit listeners on the committer or
// the writer thread. Neither may block, nor wait for the sequencer.
#ifndef FONDBOK_LEDGER_SEQUENCER_H_
#define FONDBOK_LEDGER_SEQUENCER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/clock.h"
#include "ledger/module.h"
#include "ledger/state_cache.h"
#include "ledger/storage.h"

namespace fondbok::ledger {

inline constexpr size_t kRequestIdBytesMax = 128;
inline constexpr size_t kCommandsPerRequestMax = 1000;
// The bound a server-built request may ask for instead (a bank file booked in one request).
inline constexpr size_t kLargeRequestCommandsMax = 250000;

struct SequencerOptions {
  // Requests waiting for the writer. A full queue answers RESOURCE_EXHAUSTED at once.
  size_t queue_requests_max = 4096;
  // Upper bound of one group commit in entries; a single request (at most 1 000 commands) may
  // exceed it alone. Requests are bounded in bytes by gRPC's max receive size.
  size_t group_entries_max = 8192;
  // A group of at most this many entries is written by the writer thread itself, which then
  // answers its callers. Handing a small group to the committer and its answers to the replier
  // costs two thread wake-ups, which on a small machine cost more CPU than overlapping the write
  // with the next group's decisions saves (BENCHMARKS.md, 2026-11-24 ~04:00); a large group goes
  // to the committer so that the writer can decide the next one meanwhile. 0: every group goes to
  // the committer.
  size_t inline_commit_entries_max = 256;
  // fsync the WAL before answering. Only benchmarks of the floor turn this off.
  bool sync = true;
  // The fund's time zone for business dates. Falls back to UTC when the zone is unknown.
  std::string time_zone = "Europe/Stockholm";
  // How often an idle sequencer looks for expired reservations.
  absl::Duration expiry_check_interval = absl::Seconds(1);
  // Expired reservations voided per group at most.
  size_t expiries_per_group_max = 256;
  // Keys the writer's StateCache holds before it forgets its clean ones (state_cache.h). Tests set
  // it low to make the writer read what it forgot back from RocksDB while a group is in flight.
  size_t state_cache_keys_max = size_t{1} << 20;
  // Tests only: runs on the writer thread each time before it waits for the next group. `settle`
  // waits until the group in flight is written and returns the last committed seq. A test holds
  // the writer here to make the requests it queues meanwhile one group.
  std::function<void(const std::function<uint64_t()>& settle)> before_group_for_testing;
};

// Observes the writer for metrics. Called on the sequencer's threads; must be cheap and thread-safe.
class SequencerObserver {
 public:
  virtual ~SequencerObserver() = default;
  virtual void OnGroupCommitted(size_t requests, size_t entries, absl::Duration write_time) = 0;
  virtual void OnQueueDepth(size_t depth) = 0;
};

struct WriteRequest {
  std::string actor;
  // The caller as authenticated (CommandContext::actor_role, actor_name, actor_organisation).
  std::string actor_role;
  std::string actor_name;
  std::string actor_organisation;
  std::string request_id;
  // SHA-256 of what the caller asked for (the wire request without its request id). The same
  // (actor, request_id) with another fingerprint is ALREADY_EXISTS.
  std::string payload_sha256;
  std::vector<v1::Command> commands;
  // At most kCommandsPerRequestMax for what a client sends; an adapter that builds one request from
  // a whole bank file may raise it up to kLargeRequestCommandsMax.
  size_t commands_max = kCommandsPerRequestMax;
  // Called exactly once: after the group holding this request is durable, or with the reason it
  // was refused. Runs on the sequencer's reply thread (or on the caller's, if refused at Submit).
  std::function<void(absl::StatusOr<v1::WriteResult>)> done;
};

class Sequencer {
 public:
  // Reads the journal's tail from `storage` (checking that it is dense and chained) and starts the
  // writer thread. `storage`, `modules`, `clock` and `observer` must outlive the sequencer.
  static absl::StatusOr<std::unique_ptr<Sequencer>> Start(Storage* storage, const ModuleRegistry* modules,
                                                          const Clock* clock, SequencerOptions options,
                                                          SequencerObserver* observer = nullptr);
  ~Sequencer();  // Stop()s

  // Queues a request; `done` is always called exactly once.
  void Submit(WriteRequest request);
  // Submit and wait for the answer.
  absl::StatusOr<v1::WriteResult> SubmitAndWait(WriteRequest request);

  // The last committed seq (0 for an empty journal).
  uint64_t last_seq() const { return last_committed_seq_.load(std::memory_order_acquire); }
  size_t queue_depth() const;

  // Listeners run on the committer thread after every commit with the new last seq.
  int AddCommitListener(std::function<void(uint64_t last_seq)> listener);
  void RemoveCommitListener(int id);

  // Stops accepting requests, answers everything already queued, then stops the thread.
  void Stop();

  // The business date of `t` in the fund's time zone.
  absl::CivilDay BusinessDay(absl::Time t) const;

 private:
  struct Reply {
    std::function<void(absl::StatusOr<v1::WriteResult>)> done;
    absl::StatusOr<v1::WriteResult> result;
    bool written = false;  // part of the batch: fails if the commit fails
  };
  Sequencer(Storage* storage, const ModuleRegistry* modules, const Clock* clock, SequencerOptions options,
            SequencerObserver* observer);
  void Run();
  // Moves queued requests into `group` while it stays within group_entries_max (the first request
  // of a new group always fits); `entries` counts the group's commands. REQUIRES: mu_ held.
  void TakeQueued(std::vector<WriteRequest>* group, size_t* entries, bool group_is_new);
  // While the group before is still being written: waits for more requests and returns them to
  // join the group being decided (empty once that write is done, the group is full, or the
  // sequencer stops). This is what makes groups grow with load instead of with luck.
  std::vector<WriteRequest> TakeWhileWriting(size_t* entries);
  void ProcessGroup(std::vector<WriteRequest>& group);
  absl::StatusOr<v1::WriteResult> Process(const WriteRequest& request, WriteTxn& txn, bool* written);
  // Decides and applies command `index` of `request` (or, with `follow_up`, a command a decision
  // asked for) and its follow-ups; appends one EntryRef per entry written.
  absl::Status Apply(const WriteRequest& request, size_t index, const v1::Command& command,
                     absl::string_view approved_by_proposal, int depth, WriteTxn& txn, v1::WriteResult* result);
  void QueueExpiries(std::vector<WriteRequest>& group);
  // Reads last seq and hash from disk and checks the tail is dense and chained.
  absl::Status LoadTail();
  // After a failed commit: reopen the database (replaying its WAL) and re-read the tail.
  absl::Status Recover();
  void NotifyListeners();

  Storage* const storage_;
  const ModuleRegistry* const modules_;
  const Clock* const clock_;
  const SequencerOptions options_;
  SequencerObserver* const observer_;
  absl::TimeZone time_zone_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<WriteRequest> queue_;  // guarded by mu_
  bool stopping_ = false;           // guarded by mu_
  std::map<int, std::function<void(uint64_t)>> listeners_;  // guarded by listeners_mu_
  std::mutex listeners_mu_;
  int next_listener_id_ = 1;

  // Writer-thread state.
  StateCache cache_;
  std::map<uint64_t, std::string> group_journal_;                    // this group's entries, stored form
  std::unordered_map<std::string, std::string> group_idempotency_;  // this group's idempotency records
  uint64_t next_seq_ = 1;
  uint64_t group_start_seq_ = 1;  // first seq of the group being built
  std::string prev_hash_;
  int64_t last_recorded_at_us_ = 0;
  absl::Time next_expiry_check_ = absl::InfinitePast();
  bool needs_recovery_ = false;
  size_t last_batch_bytes_ = 0;  // the size of the last group's batch

  std::atomic<uint64_t> last_committed_seq_{0};
  std::thread thread_;

  // A decided group on its way to disk.
  struct Batch {
    std::unique_ptr<WriteTxn> txn;  // nullptr: nothing to write, only answers
    std::vector<Reply> replies;
    uint64_t last_seq = 0;          // the group's last seq when it writes entries
    size_t written_requests = 0;
    size_t entries = 0;
  };
  // Writes `batch` with one synced write. True when it is on disk; otherwise `status` says why
  // and every written request's answer says so.
  bool WriteBatch(Batch& batch, absl::Status* status);
  // The committer writes one Batch at a time, then answers its callers in order.
  void RunCommitter();
  // Waits until no group is in flight; returns the outcome of the last one written (OK, or why
  // its write failed) until Handoff consumes it.
  absl::Status AwaitCommitter();
  // After the group in flight is done: writes and answers the group just decided here when it is
  // small (inline_commit_entries_max), else hands it to the committer; or refuses it when the
  // group it was decided on top of failed to write.
  void Handoff(Batch batch, uint64_t start_seq, const std::string& start_hash);
  // After the group in flight failed to write: forget it and everything decided on top of it.
  void ForgetFailedGroup();

  std::mutex commit_mu_;
  std::condition_variable commit_wake_;     // the committer: a batch to write, or stop
  std::condition_variable commit_done_;     // the writer: the batch in flight is done
  std::optional<Batch> commit_slot_;        // guarded by commit_mu_
  // A batch is in the slot or being written. Changed only under commit_mu_ (for commit_done_);
  // atomic because the writer's queue wait (under mu_, woken through wake_) reads it as well.
  std::atomic<bool> commit_busy_{false};
  bool committer_stopping_ = false;         // guarded by commit_mu_
  absl::Status last_commit_status_;         // guarded by commit_mu_
  std::thread committer_;
  // The committer hands each group's answers to the replier, which answers them in commit order
  // while the committer writes the next group.
  void RunReplier();
  std::mutex reply_mu_;
  std::condition_variable reply_wake_;
  std::deque<std::vector<Reply>> reply_queue_;  // guarded by reply_mu_
  bool reply_stopping_ = false;                  // guarded by reply_mu_
  std::thread replier_;
  // Writer-thread state of the group in flight: how to roll back if its write fails, and its
  // entries and idempotency records for reads until it is on disk.
  uint64_t in_flight_start_seq_ = 0;
  std::string in_flight_start_hash_;
  std::map<uint64_t, std::string> in_flight_journal_;
  std::unordered_map<std::string, std::string> in_flight_idempotency_;
};

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_SEQUENCER_H_
