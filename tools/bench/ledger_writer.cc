#include "tools/bench/ledger_writer.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "fondbok/client.h"
#include "ledger/status_macros.h"
#include "tools/bench/channels.h"

namespace fondbok::bench {
namespace {

constexpr int kAttemptsMax = 5;
constexpr std::chrono::milliseconds kRetryBackoffFirst{10};

bool IsRetryable(absl::StatusCode code) {
  return code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded ||
         code == absl::StatusCode::kResourceExhausted;
}

// Two postings: debit one account, credit another, the same random amount.
void FillTransfer(std::mt19937_64& rng, const std::vector<std::string>& accounts, v1::PostEntry* entry) {
  std::uniform_int_distribution<size_t> first(0, accounts.size() - 1);
  std::uniform_int_distribution<size_t> second(0, accounts.size() - 2);
  std::uniform_int_distribution<int64_t> amount(1, kTransferAmountOreMax);
  const size_t debit = first(rng);
  size_t credit = second(rng);
  if (credit >= debit) ++credit;
  const int64_t amount_ore = amount(rng);
  while (entry->postings_size() < 2) entry->add_postings();
  v1::Posting* d = entry->mutable_postings(0);
  d->set_account(accounts[debit]);
  d->set_side(v1::DEBIT);
  d->set_amount_ore(amount_ore);
  v1::Posting* c = entry->mutable_postings(1);
  c->set_account(accounts[credit]);
  c->set_side(v1::CREDIT);
  c->set_amount_ore(amount_ore);
}

}  // namespace

// Aligned so that threads' counters do not share a cache line.
struct alignas(64) LedgerWriter::ThreadState {
  std::unique_ptr<v1::LedgerService::Stub> stub;
  std::mt19937_64 rng;
  // Reused from call to call: only the fields change, the strings keep their buffers.
  v1::PostRequest post;
  v1::LinkedRequest linked;
  std::vector<uint64_t> first_seqs;
  uint64_t retries = 0;
};

LedgerWriter::LedgerWriter(LedgerWriterOptions options, const std::vector<std::shared_ptr<grpc::Channel>>& channels,
                           const std::vector<std::string>* accounts)
    : options_(std::move(options)), accounts_(accounts) {
  FONDBOK_CHECK(accounts_->size() >= 2);
  for (size_t t = 0; t < channels.size(); ++t) {
    auto state = std::make_unique<ThreadState>();
    state->stub = v1::LedgerService::NewStub(channels[t]);
    state->rng.seed(options_.seed + t);
    threads_.push_back(std::move(state));
  }
}

LedgerWriter::~LedgerWriter() = default;

void LedgerWriter::BuildRequest(ThreadState& state, const std::string& request_id, int entries) {
  if (entries == 1) {
    state.post.set_request_id(request_id);
    FillTransfer(state.rng, *accounts_, state.post.mutable_entry());
    return;
  }
  state.linked.set_request_id(request_id);
  auto* commands = state.linked.mutable_commands();
  while (commands->size() > entries) commands->RemoveLast();
  while (commands->size() < entries) commands->Add();
  for (v1::LedgerCommand& command : *commands) FillTransfer(state.rng, *accounts_, command.mutable_post_entry());
}

absl::StatusOr<v1::WriteResult> LedgerWriter::Send(ThreadState& state, const std::string& request_id, int entries) {
  absl::Status last;
  for (int attempt = 0; attempt < kAttemptsMax; ++attempt) {
    if (attempt > 0) {
      ++state.retries;
      std::this_thread::sleep_for(kRetryBackoffFirst * (1 << (attempt - 1)));
    }
    grpc::ClientContext context;
    PrepareContext(&context, options_.token, options_.timeout);
    v1::WriteResult result;
    grpc::Status status = entries == 1 ? state.stub->Post(&context, state.post, &result)
                                       : state.stub->SubmitLinked(&context, state.linked, &result);
    if (status.ok()) return result;
    last = client::FromGrpcStatus(status);
    if (!IsRetryable(last.code())) break;
  }
  return absl::Status(last.code(), absl::StrCat(entries == 1 ? "Post" : "SubmitLinked", " of request \"", request_id,
                                                "\" failed: ", last.message()));
}

absl::StatusOr<uint64_t> LedgerWriter::Write(int thread, uint64_t number, int entries) {
  ThreadState& state = *threads_[static_cast<size_t>(thread)];
  const std::string request_id = RequestIdOf(request_id_prefix(), thread, number);
  BuildRequest(state, request_id, entries);
  ASSIGN_OR_RETURN(v1::WriteResult result, Send(state, request_id, entries));
  if (result.entries_size() != entries) {
    return absl::InternalError(absl::StrCat("request \"", request_id, "\" of ", entries,
                                            " entries was acknowledged with ", result.entries_size(), " seqs"));
  }
  const uint64_t first = result.entries(0).seq();
  for (int i = 1; i < entries; ++i) {
    if (result.entries(i).seq() != first + static_cast<uint64_t>(i)) {
      return absl::InternalError(absl::StrCat("request \"", request_id, "\" was acknowledged with seqs that are not ",
                                              "consecutive: entry ", i + 1, " has seq ", result.entries(i).seq(),
                                              " after ", first));
    }
  }
  return first;
}

absl::StatusOr<CallOutcome> LedgerWriter::LoadCall(int thread, uint64_t number) {
  ASSIGN_OR_RETURN(uint64_t first_seq, Write(thread, number, options_.batch_entries));
  std::vector<uint64_t>& acks = threads_[static_cast<size_t>(thread)]->first_seqs;
  FONDBOK_CHECK(acks.size() == number);  // numbers are dense: the acks vector is indexed by them
  acks.push_back(first_seq);
  return CallOutcome{static_cast<uint64_t>(options_.batch_entries), false};
}

RunAcks LedgerWriter::TakeAcks() {
  RunAcks acks;
  acks.request_id_prefix = request_id_prefix();
  acks.entries_per_request = static_cast<uint32_t>(options_.batch_entries);
  for (auto& state : threads_) acks.first_seqs.push_back(std::move(state->first_seqs));
  return acks;
}

uint64_t LedgerWriter::retries() const {
  uint64_t total = 0;
  for (const auto& state : threads_) total += state->retries;
  return total;
}

size_t LedgerWriter::RequestBytes(int entries) {
  ThreadState& state = *threads_.front();
  BuildRequest(state, RequestIdOf(request_id_prefix(), 0, 1'000'000), entries);
  return entries == 1 ? state.post.ByteSizeLong() : state.linked.ByteSizeLong();
}

size_t LedgerWriter::ReplyBytes(int entries) {
  v1::WriteResult result;
  for (int i = 0; i < entries; ++i) {
    v1::EntryRef* ref = result.add_entries();
    ref->set_seq(1'000'000 + static_cast<uint64_t>(i));
    ref->set_hash(std::string(32, '\xa5'));
  }
  return result.ByteSizeLong();
}

int FillBudget::Take() {
  uint64_t left = left_.load(std::memory_order_relaxed);
  uint64_t take = 0;
  do {
    take = std::min<uint64_t>(left, static_cast<uint64_t>(batch_entries_));
  } while (take > 0 && !left_.compare_exchange_weak(left, left - take, std::memory_order_relaxed));
  return static_cast<int>(take);
}

}  // namespace fondbok::bench
