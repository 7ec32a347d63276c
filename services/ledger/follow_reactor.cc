#include "services/ledger/follow_reactor.h"

#include <mutex>

#include "ledger/journal.h"
#include "services/common/grpc_status.h"

namespace fondbok::services {
namespace {

class FollowReactor final : public grpc::ServerWriteReactor<v1::JournalEntry> {
 public:
  FollowReactor(const ServiceEnv& env, uint64_t from_seq) : env_(env), next_seq_(from_seq) {
    listener_id_ = env_.sequencer->AddCommitListener([this](uint64_t) {
      std::lock_guard<std::mutex> lock(mu_);
      MaybeWriteLocked();
    });
    std::lock_guard<std::mutex> lock(mu_);
    MaybeWriteLocked();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    writing_ = false;
    if (finish_after_write_) {
      finish_after_write_ = false;
      Finish(pending_finish_);
      return;
    }
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the stream was closed"));
      return;
    }
    ++next_seq_;
    MaybeWriteLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the follower went away"));
  }

  void OnDone() override {
    // Removing the listener waits for a running listener call to end; after it, nothing can call us.
    env_.sequencer->RemoveCommitListener(listener_id_);
    delete this;
  }

 private:
  void MaybeWriteLocked() {
    if (writing_ || finished_ || next_seq_ > env_.sequencer->last_seq()) return;
    auto snapshot = env_.storage->NewLatestReader();  // one committed entry: no snapshot to pin
    auto stored = snapshot->GetJournal(next_seq_);
    if (!stored.ok() || !stored->has_value()) {
      FinishLocked(ToGrpcStatus(stored.ok() ? absl::DataLossError("a committed entry is missing") : stored.status()));
      return;
    }
    auto entry = ledger::OpenEntry(next_seq_, **stored);
    if (!entry.ok()) {
      FinishLocked(ToGrpcStatus(entry.status()));
      return;
    }
    current_ = std::move(*entry);
    writing_ = true;
    StartWrite(&current_);
  }

  void FinishLocked(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    if (!writing_) {
      Finish(status);
    } else {
      pending_finish_ = status;
      finish_after_write_ = true;
    }
  }

  ServiceEnv env_;
  std::mutex mu_;
  uint64_t next_seq_;
  int listener_id_ = 0;
  bool writing_ = false;
  bool finished_ = false;
  bool finish_after_write_ = false;
  grpc::Status pending_finish_;
  v1::JournalEntry current_;
};

}  // namespace

grpc::ServerWriteReactor<v1::JournalEntry>* NewFollowReactor(const ServiceEnv& env, uint64_t from_seq) {
  return new FollowReactor(env, from_seq);
}

}  // namespace fondbok::services
