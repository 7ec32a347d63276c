#include "ledger/sequencer.h"

#include <pthread.h>

#include <algorithm>
#include <future>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/hash.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/ledger_module.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {
namespace {

// Decide's view of state: the views and index spaces through the group's cache, the journal
// through the batch.
class TxnStateReader final : public StateReader {
 public:
  TxnStateReader(const StateCache& cache, const std::map<uint64_t, std::string>& group_journal,
                 const std::map<uint64_t, std::string>& in_flight_journal, const WriteTxn& txn)
      : cache_(cache), group_journal_(group_journal), in_flight_journal_(in_flight_journal), txn_(txn) {}
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override {
    return cache_.Get(space, key);
  }
  absl::StatusOr<bool> Peek(Space space, absl::string_view key, const PeekVisitor& use) const override {
    return cache_.Peek(space, key, use);
  }
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override {
    return cache_.Scan(space, start, end, visit);
  }
  absl::StatusOr<std::optional<v1::JournalEntry>> GetEntry(uint64_t seq) const override {
    for (const auto* unwritten : {&group_journal_, &in_flight_journal_}) {
      auto it = unwritten->find(seq);
      if (it != unwritten->end()) {
        ASSIGN_OR_RETURN(v1::JournalEntry entry, OpenEntry(seq, it->second));
        return entry;
      }
    }
    ASSIGN_OR_RETURN(auto stored, txn_.GetJournal(seq));
    if (!stored.has_value()) return std::nullopt;
    ASSIGN_OR_RETURN(v1::JournalEntry entry, OpenEntry(seq, *stored));
    return entry;
  }

 private:
  const StateCache& cache_;
  const std::map<uint64_t, std::string>& group_journal_;
  const std::map<uint64_t, std::string>& in_flight_journal_;  // the group being written
  const WriteTxn& txn_;
};

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return absl::InvalidArgumentError("request id is empty: every write needs a request id of its own");
  }
  if (request_id.size() > kRequestIdBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("request id is ", request_id.size(), " bytes long; at most ",
                                                   kRequestIdBytesMax, " are allowed"));
  }
  for (unsigned char c : request_id) {
    if (c < 0x21 || c > 0x7E) {
      return absl::InvalidArgumentError("request id may hold only printable ASCII characters without spaces");
    }
  }
  return absl::OkStatus();
}

// Commands one decision may ask to run after it (four-eyes execution needs one).
constexpr size_t kFollowUpsMax = 8;

// A group's batch reserves at most this much up front.
constexpr size_t kBatchReserveBytesMax = size_t{64} << 20;

std::string EncodeSeq(uint64_t seq) {
  std::string out;
  AppendBigEndian64(&out, seq);
  return out;
}

}  // namespace

Sequencer::Sequencer(Storage* storage, const ModuleRegistry* modules, const Clock* clock, SequencerOptions options,
                     SequencerObserver* observer)
    : storage_(storage),
      modules_(modules),
      clock_(clock),
      options_(std::move(options)),
      observer_(observer),
      cache_(StateCacheOptions{options_.state_cache_keys_max}) {
  if (!absl::LoadTimeZone(options_.time_zone, &time_zone_)) time_zone_ = absl::UTCTimeZone();
  // Reads the cache cannot answer from what it holds go to RocksDB, which has the group in flight
  // only once it is written: those wait for it (its outcome is handled at the next hand-off).
  cache_.SetBaseBarrier([this] { (void)AwaitCommitter(); });
}

absl::StatusOr<std::unique_ptr<Sequencer>> Sequencer::Start(Storage* storage, const ModuleRegistry* modules,
                                                            const Clock* clock, SequencerOptions options,
                                                            SequencerObserver* observer) {
  std::unique_ptr<Sequencer> sequencer(new Sequencer(storage, modules, clock, std::move(options), observer));
  RETURN_IF_ERROR(sequencer->LoadTail());
  sequencer->committer_ = std::thread([s = sequencer.get()] {
    pthread_setname_np(pthread_self(), "seq-commit");  // for top, perf and gdb
    s->RunCommitter();
  });
  sequencer->replier_ = std::thread([s = sequencer.get()] {
    pthread_setname_np(pthread_self(), "seq-reply");
    s->RunReplier();
  });
  sequencer->thread_ = std::thread([s = sequencer.get()] {
    pthread_setname_np(pthread_self(), "seq-writer");
    s->Run();
  });
  return sequencer;
}

absl::Status Sequencer::LoadTail() {
  auto snapshot = storage_->NewSnapshot();
  ASSIGN_OR_RETURN(auto format, snapshot->GetMeta(kMetaFormat));
  if (format.has_value() && *format != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat("the data directory has format ", *format, ", not ",
                                                      kFormatVersion, ": upgrade it first (ledger/upgrade.h)"));
  }
  ASSIGN_OR_RETURN(auto last_seq, snapshot->GetMeta(kMetaLastSeq));
  ASSIGN_OR_RETURN(auto last_hash, snapshot->GetMeta(kMetaLastHash));
  uint64_t seq = 0;
  std::string hash = GenesisHash();
  if (last_seq.has_value()) {
    if (last_seq->size() != 8 || !last_hash.has_value()) {
      return absl::DataLossError("journal metadata (last seq and hash) is damaged");
    }
    seq = ReadBigEndian64(*last_seq);
    ASSIGN_OR_RETURN(auto stored, snapshot->GetJournal(seq));
    if (!stored.has_value()) {
      return absl::DataLossError(absl::StrCat("journal entry ", seq, " named as the last one is missing"));
    }
    ASSIGN_OR_RETURN(v1::JournalEntry entry, OpenEntry(seq, *stored));
    if (entry.hash() != *last_hash) {
      return absl::DataLossError(absl::StrCat("journal entry ", seq, " does not have the recorded last hash"));
    }
    hash = entry.hash();
    last_recorded_at_us_ = std::max(last_recorded_at_us_, entry.recorded_at_us());
  }
  // Nothing may exist past the recorded tail: appending there would overwrite.
  bool beyond = false;
  RETURN_IF_ERROR(snapshot->ScanJournal(seq + 1, [&](uint64_t, absl::string_view) {
    beyond = true;
    return false;
  }));
  if (beyond) {
    return absl::DataLossError(absl::StrCat("the journal holds entries after the recorded last entry ", seq));
  }
  next_seq_ = seq + 1;
  prev_hash_ = hash;
  last_committed_seq_.store(seq, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status Sequencer::Recover() {
  const uint64_t before = last_committed_seq_.load();
  cache_.Clear();
  RETURN_IF_ERROR(storage_->Reopen());
  RETURN_IF_ERROR(LoadTail());
  needs_recovery_ = false;
  if (last_committed_seq_.load() != before) NotifyListeners();
  return absl::OkStatus();
}

void Sequencer::NotifyListeners() {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  // Read under the lock: the writer and the committer both notify, and a listener must never see
  // the last seq go backwards.
  const uint64_t last = last_committed_seq_.load();
  for (auto& [id, listener] : listeners_) listener(last);
}

Sequencer::~Sequencer() { Stop(); }

absl::CivilDay Sequencer::BusinessDay(absl::Time t) const { return absl::ToCivilDay(t, time_zone_); }

size_t Sequencer::queue_depth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void Sequencer::Submit(WriteRequest request) {
  absl::Status refused;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      refused = absl::UnavailableError("the server is shutting down; retry with the same request id");
    } else if (queue_.size() >= options_.queue_requests_max) {
      refused = absl::ResourceExhaustedError(absl::StrCat(
          "the write queue is full (", options_.queue_requests_max, " requests); retry with the same request id"));
    } else {
      queue_.push_back(std::move(request));
    }
  }
  if (!refused.ok()) {
    request.done(refused);
    return;
  }
  wake_.notify_one();
}

absl::StatusOr<v1::WriteResult> Sequencer::SubmitAndWait(WriteRequest request) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<v1::WriteResult>>>();
  auto future = promise->get_future();
  request.done = [promise](absl::StatusOr<v1::WriteResult> result) { promise->set_value(std::move(result)); };
  Submit(std::move(request));
  return future.get();
}

int Sequencer::AddCommitListener(std::function<void(uint64_t)> listener) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  int id = next_listener_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void Sequencer::RemoveCommitListener(int id) {
  std::lock_guard<std::mutex> lock(listeners_mu_);
  listeners_.erase(id);
}

void Sequencer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    committer_stopping_ = true;
  }
  commit_wake_.notify_all();
  if (committer_.joinable()) committer_.join();
  {
    std::lock_guard<std::mutex> lock(reply_mu_);
    reply_stopping_ = true;
  }
  reply_wake_.notify_all();
  if (replier_.joinable()) replier_.join();
}

bool Sequencer::WriteBatch(Batch& batch, absl::Status* status) {
  if (batch.txn == nullptr) return false;
  absl::Time started = absl::Now();
  *status = storage_->Commit(*batch.txn, options_.sync);
  absl::Duration write_time = absl::Now() - started;
  batch.txn.reset();
  if (status->ok()) {
    last_committed_seq_.store(batch.last_seq, std::memory_order_release);
    if (observer_ != nullptr) observer_->OnGroupCommitted(batch.written_requests, batch.entries, write_time);
    return true;
  }
  // The group may or may not have reached the WAL. The writer forgets it (and the group it
  // decided on top of it); before the next group the database is reopened and the tail re-read
  // from disk, which settles what is there.
  for (Reply& reply : batch.replies) {
    if (reply.written) {
      reply.result = absl::UnavailableError(
          absl::StrCat("the journal could not be written (", status->message(),
                       "); the request may not have been recorded: retry with the same request id"));
    }
  }
  return false;
}

void Sequencer::RunCommitter() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock<std::mutex> lock(commit_mu_);
      commit_wake_.wait(lock, [this] { return commit_slot_.has_value() || committer_stopping_; });
      if (!commit_slot_.has_value()) return;  // stopping, and everything is written and answered
      batch = std::move(*commit_slot_);
      commit_slot_.reset();
    }
    absl::Status status;
    const bool committed = WriteBatch(batch, &status);
    {
      std::lock_guard<std::mutex> lock(commit_mu_);
      commit_busy_ = false;
      last_commit_status_ = status;
    }
    commit_done_.notify_all();
    // The writer may be waiting for more requests to join its group until this write is done.
    { std::lock_guard<std::mutex> lock(mu_); }
    wake_.notify_all();
    // gRPC sends the answers on the thread that finishes a call: on the replier's, so that this
    // thread is free to write the next group meanwhile.
    {
      std::lock_guard<std::mutex> lock(reply_mu_);
      reply_queue_.push_back(std::move(batch.replies));
    }
    reply_wake_.notify_one();
    if (committed) NotifyListeners();
  }
}

void Sequencer::RunReplier() {
  for (;;) {
    std::vector<Reply> replies;
    {
      std::unique_lock<std::mutex> lock(reply_mu_);
      reply_wake_.wait(lock, [this] { return !reply_queue_.empty() || reply_stopping_; });
      if (reply_queue_.empty()) return;  // stopping, and everything is answered
      replies = std::move(reply_queue_.front());
      reply_queue_.pop_front();
    }
    for (Reply& reply : replies) reply.done(std::move(reply.result));
  }
}

absl::Status Sequencer::AwaitCommitter() {
  std::unique_lock<std::mutex> lock(commit_mu_);
  commit_done_.wait(lock, [this] { return !commit_busy_; });
  return last_commit_status_;
}

void Sequencer::ForgetFailedGroup() {
  // Start again from before the failed group, once the database is reopened.
  next_seq_ = in_flight_start_seq_;
  prev_hash_ = in_flight_start_hash_;
  needs_recovery_ = true;
  cache_.Clear();
  in_flight_journal_.clear();
  in_flight_idempotency_.clear();
  std::lock_guard<std::mutex> lock(commit_mu_);
  last_commit_status_ = absl::OkStatus();
}

void Sequencer::Handoff(Batch batch, uint64_t start_seq, const std::string& start_hash) {
  absl::Status previous = AwaitCommitter();
  if (!previous.ok()) {
    // This group was decided on top of a group that is not on disk: refuse all of it.
    ForgetFailedGroup();
    batch.txn.reset();
    for (Reply& reply : batch.replies) {
      reply.result = absl::UnavailableError(absl::StrCat(
          "the journal could not be written (", previous.message(),
          "); the request was not recorded: retry with the same request id"));
      reply.written = false;
    }
    // They go the same way as a written group's (nothing to write), so that every answer comes
    // from the replier, in order.
  } else {
    in_flight_start_seq_ = start_seq;
    in_flight_start_hash_ = start_hash;
    // Moved, not copied; ProcessGroup clears the moved-from maps before the next group.
    in_flight_journal_ = std::move(group_journal_);
    in_flight_idempotency_ = std::move(group_idempotency_);
  }
  if (previous.ok() && batch.entries <= options_.inline_commit_entries_max) {
    // A small group: written and answered here. Nothing is in flight (awaited above), so the order
    // of groups on disk is kept; a failed write is handled before the next group as the
    // committer's would be.
    absl::Status status;
    const bool committed = WriteBatch(batch, &status);
    if (!status.ok()) {
      std::lock_guard<std::mutex> lock(commit_mu_);
      last_commit_status_ = status;
    }
    for (Reply& reply : batch.replies) reply.done(std::move(reply.result));
    if (committed) NotifyListeners();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    commit_slot_ = std::move(batch);
    commit_busy_ = true;
  }
  commit_wake_.notify_one();
}

void Sequencer::Run() {
  // An idle writer wakes every expiry_check_interval to look for expired reservations; intervals
  // under a second are honoured (at least 1 ms, so that the loop never spins), none means 1 s.
  const std::chrono::milliseconds idle_wait =
      options_.expiry_check_interval > absl::ZeroDuration()
          ? std::max(absl::ToChronoMilliseconds(options_.expiry_check_interval), std::chrono::milliseconds(1))
          : std::chrono::milliseconds(1000);
  for (;;) {
    if (options_.before_group_for_testing) {
      options_.before_group_for_testing([this] {
        (void)AwaitCommitter();
        return last_seq();
      });
    }
    std::vector<WriteRequest> group;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, idle_wait, [this] { return !queue_.empty() || stopping_; });
      stopping = stopping_;
      if (queue_.empty() && stopping_) {
        lock.unlock();
        (void)AwaitCommitter();
        return;
      }
      size_t entries = 0;
      TakeQueued(&group, &entries, /*group_is_new=*/true);
    }
    if (!stopping) QueueExpiries(group);
    if (!group.empty()) ProcessGroup(group);
  }
}

void Sequencer::TakeQueued(std::vector<WriteRequest>* group, size_t* entries, bool group_is_new) {
  while (!queue_.empty()) {
    size_t next = queue_.front().commands.size();
    const bool first = group_is_new && group->empty();
    if (!first && *entries + next > options_.group_entries_max) break;
    *entries += next;
    group->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  if (observer_ != nullptr) observer_->OnQueueDepth(queue_.size());
}

std::vector<WriteRequest> Sequencer::TakeWhileWriting(size_t* entries) {
  std::vector<WriteRequest> more;
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait(lock, [this] { return !queue_.empty() || !commit_busy_ || stopping_; });
  if (commit_busy_) TakeQueued(&more, entries, /*group_is_new=*/false);
  return more;
}

void Sequencer::QueueExpiries(std::vector<WriteRequest>& group) {
  absl::Time now = clock_->Now();
  if (now < next_expiry_check_) return;
  next_expiry_check_ = now + options_.expiry_check_interval;
  (void)AwaitCommitter();  // the scan below must see the group in flight
  // One scan is one consistent view: no snapshot to pin (and RocksDB 7.8 answers each release of
  // a pinned snapshot by re-checking its bottommost files for a rewrite).
  auto reader = storage_->NewLatestReader();
  std::vector<uint64_t> expired;
  (void)reader->Scan(Space::kIndex, kExpiryPrefix, ExpiryKey(absl::ToUnixMicros(now) + 1, 0),
                       [&](absl::string_view key, absl::string_view) {
                         expired.push_back(ReadBigEndian64(key.substr(kExpiryPrefix.size() + 8)));
                         return expired.size() < options_.expiries_per_group_max;
                       });
  std::vector<WriteRequest> expiries;
  for (uint64_t seq : expired) {
    WriteRequest request;
    request.actor = std::string(kSystemActor);
    request.request_id = absl::StrCat("expire-", seq);
    request.payload_sha256 = Sha256(request.request_id);
    request.commands.emplace_back().mutable_expire_pending()->set_pending_seq(seq);
    request.done = [](const absl::StatusOr<v1::WriteResult>&) {};
    expiries.push_back(std::move(request));
  }
  // Expiries go first so that a request in the same group cannot post an expired reservation.
  group.insert(group.begin(), std::make_move_iterator(expiries.begin()), std::make_move_iterator(expiries.end()));
}

void Sequencer::ProcessGroup(std::vector<WriteRequest>& group) {
  bool last_write_failed = false;
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    last_write_failed = !commit_busy_ && !last_commit_status_.ok();
  }
  if (last_write_failed) ForgetFailedGroup();
  if (needs_recovery_) {
    absl::Status recovered = Recover();
    if (!recovered.ok()) {
      for (WriteRequest& request : group) {
        request.done(absl::UnavailableError(absl::StrCat(
            "the journal cannot be written now (", recovered.message(), "); retry with the same request id")));
      }
      return;
    }
  }
  // A plain batch: this group's uncommitted state lives in cache_, group_journal_ and
  // group_idempotency_ (and the group in flight's in in_flight_journal_ and
  // in_flight_idempotency_), so the batch need not index itself.
  Batch batch;
  // Room for as much as the last group wrote: a batch that grows by doubling copies itself.
  batch.txn = storage_->NewWriteTxn(/*indexed=*/false, last_batch_bytes_);
  cache_.BeginGroup(static_cast<const StorageReader*>(batch.txn.get()));
  group_journal_.clear();
  group_idempotency_.clear();
  const uint64_t start_seq = next_seq_;
  const std::string start_hash = prev_hash_;
  group_start_seq_ = start_seq;
  batch.replies.reserve(group.size());
  size_t entries = 0;
  for (const WriteRequest& request : group) entries += request.commands.size();
  // Decides `group`, then whatever arrives while the group before is being written.
  for (std::vector<WriteRequest> more; !group.empty(); group = std::move(more)) {
    for (WriteRequest& request : group) {
      Reply& reply = batch.replies.emplace_back();
      reply.done = std::move(request.done);
      reply.result = Process(request, *batch.txn, &reply.written);
      if (reply.written) ++batch.written_requests;
    }
    more = TakeWhileWriting(&entries);
  }
  cache_.FlushDirty(*batch.txn);
  last_batch_bytes_ = std::min(batch.txn->DataSize(), kBatchReserveBytesMax);
  if (batch.written_requests > 0) {
    batch.txn->PutMeta(kMetaLastSeq, EncodeSeq(next_seq_ - 1));
    batch.txn->PutMeta(kMetaLastHash, prev_hash_);
    batch.txn->PutMeta(kMetaFormat, kFormatVersion);
    batch.last_seq = next_seq_ - 1;
    batch.entries = next_seq_ - start_seq;
  } else {
    batch.txn.reset();  // nothing to write: the committer only answers, after the group in flight
  }
  Handoff(std::move(batch), start_seq, start_hash);
}

absl::StatusOr<v1::WriteResult> Sequencer::Process(const WriteRequest& request, WriteTxn& txn, bool* written) {
  *written = false;
  RETURN_IF_ERROR(ValidateRequestId(request.request_id));
  if (request.commands.empty()) return absl::InvalidArgumentError("the request holds no command");
  const size_t commands_max = std::min(request.commands_max, kLargeRequestCommandsMax);
  if (request.commands.size() > commands_max) {
    return absl::InvalidArgumentError(absl::StrCat("the request holds ", request.commands.size(),
                                                   " commands; at most ", commands_max, " are allowed"));
  }
  const std::string key = IdempotencyKey(request.actor, request.request_id);
  std::optional<std::string> existing;
  if (auto in_group = group_idempotency_.find(key); in_group != group_idempotency_.end()) {
    existing = in_group->second;
  } else if (auto in_flight = in_flight_idempotency_.find(key); in_flight != in_flight_idempotency_.end()) {
    // Answered after the group in flight is written: the committer takes groups in order.
    existing = in_flight->second;
  } else {
    ASSIGN_OR_RETURN(existing, txn.GetIdempotency(key));
  }
  if (existing.has_value()) {
    v1::IdempotencyRecord record;
    if (!record.ParseFromString(*existing)) return absl::DataLossError("an idempotency record does not decode");
    if (record.payload_sha256() != request.payload_sha256) {
      uint64_t first = record.result().entries_size() > 0 ? record.result().entries(0).seq() : 0;
      return absl::AlreadyExistsError(absl::StrCat("request id \"", request.request_id,
                                                   "\" was already used for a different request (entry ", first,
                                                   "); use a new request id for a new request"));
    }
    // The same request again: answer as the first time. If the first is in this very group its
    // answer, too, depends on the group's commit.
    *written = record.result().entries_size() > 0 && record.result().entries(0).seq() >= group_start_seq_;
    v1::WriteResult replay = record.result();
    replay.set_replayed(true);
    return replay;
  }
  const uint64_t start_seq = next_seq_;
  const std::string start_hash = prev_hash_;
  txn.SetSavePoint();
  cache_.SetSavePoint();
  v1::WriteResult result;
  for (size_t i = 0; i < request.commands.size(); ++i) {
    absl::Status applied = Apply(request, i, request.commands[i], "", 0, txn, &result);
    if (!applied.ok()) {
      txn.RollbackToSavePoint();
      cache_.RollbackToSavePoint();
      group_journal_.erase(group_journal_.lower_bound(start_seq), group_journal_.end());
      next_seq_ = start_seq;
      prev_hash_ = start_hash;
      if (request.commands.size() == 1) return applied;
      return absl::Status(applied.code(), absl::StrCat("command ", i + 1, " of ", request.commands.size(), ": ",
                                                       applied.message(), " (nothing was applied)"));
    }
  }
  v1::IdempotencyRecord record;
  record.set_payload_sha256(request.payload_sha256);
  record.set_recorded_at_us(last_recorded_at_us_);
  record.mutable_result()->Swap(&result);  // lent to the record while it is serialized, not copied
  std::string record_bytes = record.SerializeAsString();
  record.mutable_result()->Swap(&result);
  txn.PutIdempotency(key, record_bytes);
  group_idempotency_.emplace(key, std::move(record_bytes));
  txn.PopSavePoint();
  cache_.PopSavePoint();
  *written = true;
  return result;
}

absl::Status Sequencer::Apply(const WriteRequest& request, size_t index, const v1::Command& command,
                             absl::string_view approved_by_proposal, int depth, WriteTxn& txn,
                             v1::WriteResult* result) {
  const Module* module = modules_->ForCommand(command);
  if (module == nullptr) return absl::InvalidArgumentError("the command has no kind this server knows");
  const int64_t now_us = std::max(absl::ToUnixMicros(clock_->Now()), last_recorded_at_us_);
  const absl::Time now = absl::FromUnixMicros(now_us);
  CommandContext context;
  context.actor = request.actor;
  context.request_id = request.request_id;
  context.now = now;
  context.today = BusinessDay(now);
  context.actor_role = request.actor_role;
  context.actor_name = request.actor_name;
  context.actor_organisation = request.actor_organisation;
  context.approved_by_proposal = approved_by_proposal;
  TxnStateReader reader(cache_, group_journal_, in_flight_journal_, txn);
  ASSIGN_OR_RETURN(Decision decision, module->Decide(context, command, reader));
  const Module* projector = modules_->ForEvent(decision.event);
  if (projector == nullptr) return absl::InternalError("the module decided an event no module projects");

  v1::JournalEntry entry;
  entry.set_seq(next_seq_);
  entry.set_prev_hash(prev_hash_);
  entry.set_recorded_at_us(now_us);
  entry.set_value_date(decision.value_date.empty() ? FormatDate(context.today) : decision.value_date);
  entry.set_actor(request.actor);
  entry.set_request_id(request.request_id);
  entry.set_command_index(static_cast<uint32_t>(index));
  entry.set_command_count(static_cast<uint32_t>(request.commands.size()));
  *entry.mutable_event() = std::move(decision.event);
  for (v1::Posting& p : decision.postings) *entry.add_postings() = std::move(p);
  if (decision.pending_change.pending_seq() != 0) *entry.mutable_pending_change() = decision.pending_change;
  entry.set_pending_expires_at_us(decision.pending_expires_at_us);
  for (v1::Account& a : decision.open_accounts) *entry.add_opened_accounts() = std::move(a);
  for (v1::ReferenceClaim& claim : decision.references) {
    claim.set_module(std::string(module->Name()));
    *entry.add_claimed_references() = std::move(claim);
  }
  entry.set_approved_by_proposal(std::string(approved_by_proposal));
  RETURN_IF_ERROR(ApplyNewEntry(&entry, context.today, cache_));
  ViewWriter views(absl::StrCat(projector->Name(), "/"), &cache_);
  absl::Status projected = projector->Project(entry, views);
  if (!projected.ok()) {
    return absl::InternalError(absl::StrCat("module ", projector->Name(), " could not project its own event: ",
                                            projected.message()));
  }
  // Asserted in release builds too: an unbalanced entry must never reach the disk.
  FONDBOK_CHECK(CheckEntryBalances(entry).ok());
  // Journal keys are never overwritten: next_seq_ starts past the verified tail and only grows.
  SealedEntry sealed = SealEntry(entry);
  txn.AppendJournal(next_seq_, sealed.stored);
  group_journal_.emplace(next_seq_, std::move(sealed.stored));
  v1::EntryRef* ref = result->add_entries();
  ref->set_seq(next_seq_);
  ref->set_hash(sealed.hash);
  ++next_seq_;
  prev_hash_ = std::move(sealed.hash);
  last_recorded_at_us_ = now_us;
  if (decision.follow_ups.empty()) return absl::OkStatus();
  if (depth > 0 || decision.follow_ups.size() > kFollowUpsMax) {
    return absl::InternalError(absl::StrCat("module ", module->Name(), " asked for follow-ups it may not have"));
  }
  for (const v1::Command& next : decision.follow_ups) {
    RETURN_IF_ERROR(Apply(request, index, next, decision.follow_ups_approved_by, depth + 1, txn, result));
  }
  return absl::OkStatus();
}

}  // namespace fondbok::ledger
