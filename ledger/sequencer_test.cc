// The sequencer on a real RocksDB in a temporary directory, with the LedgerModule and a fixed
// clock: posting and reading back, idempotency, linked requests, the bounded queue, stopping.
#include "ledger/sequencer.h"

#include <atomic>
#include <chrono>
#include <future>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "ledger/sequencer_test_util.h"

namespace fondbok::ledger {
namespace {

using namespace seqtest;  // NOLINT: the fixtures of this test family

TEST(Sequencer, PostsAndReadsBack) {
  LedgerHarness h;
  OpenChart(h);
  const uint64_t before = h.sequencer().last_seq();
  EXPECT_EQ(before, 6u);

  auto result = h.Submit("officer", "post-1", {PostCommand({Debit(kBank, 125050), Credit(kPlain, 125050)}, "",
                                                           false, 0, "first deposit")});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->entries_size(), 1);
  const uint64_t seq = result->entries(0).seq();
  EXPECT_EQ(seq, before + 1);
  EXPECT_EQ(h.sequencer().last_seq(), seq);
  EXPECT_EQ(result->entries(0).hash().size(), kHashBytes);

  auto entry = h.Entry(seq);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->hash(), result->entries(0).hash());
  EXPECT_EQ(entry->actor(), "officer");
  EXPECT_EQ(entry->request_id(), "post-1");
  EXPECT_EQ(entry->value_date(), kToday);
  EXPECT_EQ(entry->recorded_at_us(), absl::ToUnixMicros(TestNow()));
  EXPECT_EQ(entry->command_index(), 0u);
  EXPECT_EQ(entry->command_count(), 1u);
  EXPECT_EQ(entry->event().entry_posted().memo(), "first deposit");
  ASSERT_EQ(entry->postings_size(), 2);
  EXPECT_EQ(entry->postings(0).currency(), "SEK") << "filled in from the account";
  EXPECT_EQ(entry->postings(0).phase(), v1::POSTED);
  auto previous = h.Entry(seq - 1);
  ASSERT_TRUE(previous.ok());
  EXPECT_EQ(entry->prev_hash(), previous->hash());

  EXPECT_EQ(h.Account(kBank).posted_debits(), 125050);
  EXPECT_EQ(h.Account(kPlain).posted_credits(), 125050);
  BalanceQuery query;
  query.account = std::string(kPlain);
  auto balance = QueryBalance(*h.storage().NewSnapshot(), query);
  ASSERT_TRUE(balance.ok()) << balance.status();
  EXPECT_EQ(balance->balance(), 125050);
  EXPECT_EQ(balance->as_of_seq(), seq);
}

TEST(Sequencer, RefusedCommandsWriteNothing) {
  LedgerHarness h;
  OpenChart(h);
  struct Case {
    const char* name;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"unbalanced", PostCommand({Debit(kCash, 100), Credit(kPlain, 99)}), absl::StatusCode::kInvalidArgument},
      {"unknown account", Transfer("asset:nowhere", kPlain, 100), absl::StatusCode::kNotFound},
      {"currency mismatch", PostCommand({Debit(kCash, 100, "EUR"), Credit(kPlain, 100, "EUR")}),
       absl::StatusCode::kInvalidArgument},
      {"one posting", PostCommand({Debit(kCash, 100)}), absl::StatusCode::kInvalidArgument},
      {"zero amount", Transfer(kCash, kPlain, 0), absl::StatusCode::kInvalidArgument},
      {"bank below zero", Transfer(kCash, kBank, 1), absl::StatusCode::kFailedPrecondition},
      {"value date in the future", Transfer(kCash, kPlain, 1, "2026-03-16"), absl::StatusCode::kInvalidArgument},
      {"value date malformed", Transfer(kCash, kPlain, 1, "15/3/2026"), absl::StatusCode::kInvalidArgument},
      {"expiry on a posted entry", PostCommand({Debit(kCash, 1), Credit(kPlain, 1)}, "", false, 60),
       absl::StatusCode::kInvalidArgument},
      {"memo too long", PostCommand({Debit(kCash, 1), Credit(kPlain, 1)}, "", false, 0, std::string(501, 'm')),
       absl::StatusCode::kInvalidArgument},
      {"duplicate account", OpenAccountCommand(MakeAccount(kCash, v1::ASSET)), absl::StatusCode::kAlreadyExists},
      {"account limiting both sides", OpenAccountCommand(MakeAccount("asset:x", v1::ASSET, "SEK", true, true)),
       absl::StatusCode::kInvalidArgument},
      {"account without type", OpenAccountCommand(MakeAccount("asset:x", v1::ACCOUNT_TYPE_UNSPECIFIED)),
       absl::StatusCode::kInvalidArgument},
      {"account with a bad currency", OpenAccountCommand(MakeAccount("asset:x", v1::ASSET, "kr")),
       absl::StatusCode::kInvalidArgument},
      {"post a pending entry that does not exist", PostPendingCommand(9999), absl::StatusCode::kNotFound},
      {"post an entry that is not pending", PostPendingCommand(1), absl::StatusCode::kNotFound},
      {"void without seq", VoidPendingCommand(0), absl::StatusCode::kInvalidArgument},
      {"an empty command", v1::Command(), absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const uint64_t last = h.sequencer().last_seq();
    const auto before = Dump(*h.storage().NewSnapshot());
    auto result = h.Run(c.command);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), c.code) << result.status();
    EXPECT_EQ(h.sequencer().last_seq(), last);
    EXPECT_TRUE(Dump(*h.storage().NewSnapshot()) == before);
  }
  auto check = Verify(h);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->last_seq, h.sequencer().last_seq());
}

TEST(Sequencer, CreateFundOnlyOnceAndOnlyBySystem) {
  LedgerHarness h;
  v1::Command create;
  create.mutable_create_fund()->mutable_fund()->set_name("Mikrofonden Väst");
  EXPECT_EQ(h.Submit("officer", "f1", {create}).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(h.Submit("system", "f1", {create}).ok());
  EXPECT_EQ(h.Submit("system", "f2", {create}).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST(Sequencer, SameRequestTwiceAnswersTheFirstResultAndWritesNothing) {
  LedgerHarness h;
  OpenChart(h);
  const std::vector<v1::Command> deposit = {Transfer(kBank, kPlain, 5000)};
  auto first = h.Submit("alice", "deposit-1", deposit);
  ASSERT_TRUE(first.ok()) << first.status();
  const uint64_t last = h.sequencer().last_seq();
  const auto before = Dump(*h.storage().NewSnapshot());

  EXPECT_FALSE(first->replayed());
  auto again = h.Submit("alice", "deposit-1", deposit);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed()) << "the answer says nothing new was written";
  EXPECT_TRUE(SameEntries(*again, *first)) << "same seq, same hash";
  EXPECT_EQ(h.sequencer().last_seq(), last);
  EXPECT_TRUE(Dump(*h.storage().NewSnapshot()) == before);
  EXPECT_EQ(h.Account(kBank).posted_debits(), 5000) << "applied once";

  auto other_payload = h.Submit("alice", "deposit-1", {Transfer(kBank, kPlain, 5001)});
  ASSERT_FALSE(other_payload.ok());
  EXPECT_EQ(other_payload.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(other_payload.status().message().find(absl::StrCat("(entry ", first->entries(0).seq(), ")")),
            std::string::npos)
      << other_payload.status();
  EXPECT_EQ(h.sequencer().last_seq(), last);

  auto other_actor = h.Submit("bob", "deposit-1", deposit);
  ASSERT_TRUE(other_actor.ok()) << other_actor.status();
  EXPECT_EQ(other_actor->entries(0).seq(), last + 1) << "another actor's request id is another request";
  EXPECT_EQ(h.Account(kBank).posted_debits(), 10000);

  // The answer survives a restart.
  ASSERT_TRUE(h.Restart().ok());
  auto after_restart = h.Submit("alice", "deposit-1", deposit);
  ASSERT_TRUE(after_restart.ok()) << after_restart.status();
  EXPECT_TRUE(SameEntries(*after_restart, *first));
  EXPECT_TRUE(after_restart->replayed());
  EXPECT_EQ(h.sequencer().last_seq(), last + 1);
}

TEST(Sequencer, RefusedRequestIsNotRememberedSoItCanBeRetried) {
  LedgerHarness h;
  OpenChart(h);
  const std::vector<v1::Command> spend = {Transfer(kCash, kBank, 100)};  // bank is empty
  EXPECT_EQ(h.Submit("alice", "spend-1", spend).status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 100)).ok());
  auto retried = h.Submit("alice", "spend-1", spend);
  EXPECT_TRUE(retried.ok()) << retried.status();
}

TEST(Sequencer, DuplicateInTheSameGroupIsWrittenOnce) {
  RecordingObserver observer;
  LedgerHarness h(SequencerOptions{}, &observer);
  OpenChart(h);
  h.gate().Arm(h.sequencer().last_seq());
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 1)).ok());
  ASSERT_TRUE(h.gate().WaitEntered());
  const uint64_t last = h.sequencer().last_seq();
  Answer a, b;
  WriteRequest first = MakeRequest("alice", "dup", {Transfer(kBank, kPlain, 700)});
  first.done = a.Callback();
  WriteRequest second = MakeRequest("alice", "dup", {Transfer(kBank, kPlain, 700)});
  second.done = b.Callback();
  h.sequencer().Submit(std::move(first));
  h.sequencer().Submit(std::move(second));
  h.gate().Release();
  ASSERT_TRUE(WaitFor([&] { return a.calls() == 1 && b.calls() == 1; }));
  ASSERT_TRUE(a.result().ok()) << a.result().status();
  ASSERT_TRUE(b.result().ok()) << b.result().status();
  EXPECT_EQ(Seqs(*a.result()), std::vector<uint64_t>{last + 1});
  EXPECT_EQ(Seqs(*b.result()), std::vector<uint64_t>{last + 1});
  EXPECT_TRUE(SameEntries(*a.result(), *b.result()));
  EXPECT_FALSE(a.result()->replayed());
  EXPECT_TRUE(b.result()->replayed());
  EXPECT_EQ(h.sequencer().last_seq(), last + 1);
  EXPECT_EQ(h.Account(kBank).posted_debits(), 701);
}

// Records the groups written and, while held, keeps the committer inside OnGroupCommitted: the
// group it just wrote counts as in flight until Release().
class HoldingObserver final : public SequencerObserver {
 public:
  void Hold() {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = true;
    entered_ = false;
  }
  bool WaitEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [this] { return entered_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = false;
    cv_.notify_all();
  }
  void OnGroupCommitted(size_t requests, size_t, absl::Duration) override {
    std::unique_lock<std::mutex> lock(mu_);
    groups_.push_back(requests);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return !held_; });
  }
  void OnQueueDepth(size_t) override {}
  std::vector<size_t> groups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return groups_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool held_ = false;
  bool entered_ = false;
  std::vector<size_t> groups_;
};

// Group commit grows with load: a request that arrives while a group is being written joins the
// group being decided, instead of waiting for that group's write and then one more of its own.
TEST(Sequencer, RequestsArrivingWhileAGroupIsWrittenJoinTheGroupBeingDecided) {
  HoldingObserver observer;
  SequencerOptions options;
  options.inline_commit_entries_max = 0;  // every group through the committer, even these small ones
  LedgerHarness h(options, &observer);
  OpenChart(h);
  const size_t groups_before = observer.groups().size();
  observer.Hold();
  absl::Cleanup release = [&] { observer.Release(); };  // also when an assertion returns early
  Answer a, b, c;
  WriteRequest first = MakeRequest("alice", "first", {Transfer(kBank, kPlain, 1)});
  first.done = a.Callback();
  h.sequencer().Submit(std::move(first));
  ASSERT_TRUE(observer.WaitEntered());  // `first` is written; its group is still in flight
  WriteRequest second = MakeRequest("alice", "second", {Transfer(kBank, kPlain, 2)});
  second.done = b.Callback();
  h.sequencer().Submit(std::move(second));
  // The writer has taken `second` as the start of a new group before `third` is queued.
  ASSERT_TRUE(WaitFor([&] { return h.sequencer().queue_depth() == 0; }));
  WriteRequest third = MakeRequest("alice", "third", {Transfer(kBank, kPlain, 3)});
  third.done = c.Callback();
  h.sequencer().Submit(std::move(third));
  // Give the writer time to take `third` too; it must not hand its group off meanwhile.
  ASSERT_TRUE(WaitFor([&] { return h.sequencer().queue_depth() == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(a.calls(), 0);  // nothing is answered before its group is written
  observer.Release();
  ASSERT_TRUE(WaitFor([&] { return a.calls() == 1 && b.calls() == 1 && c.calls() == 1; }));
  ASSERT_TRUE(a.result().ok()) << a.result().status();
  ASSERT_TRUE(b.result().ok()) << b.result().status();
  ASSERT_TRUE(c.result().ok()) << c.result().status();
  std::vector<size_t> groups = observer.groups();
  groups.erase(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(groups_before));
  EXPECT_EQ(groups, (std::vector<size_t>{1, 2}));
  EXPECT_EQ(Seqs(*c.result()), std::vector<uint64_t>{Seqs(*b.result()).front() + 1});
}

// A group of at most inline_commit_entries_max entries is written and answered by the writer
// itself; a larger one by the committer, and its answers by the replier. Each answer comes only
// after its group is written.
TEST(Sequencer, SmallGroupsAreWrittenByTheWriterLargeOnesByTheCommitter) {
  RecordingObserver observer;
  SequencerOptions options;
  options.inline_commit_entries_max = 2;
  LedgerHarness h(options, &observer);
  OpenChart(h);
  const size_t groups_before = observer.groups().size();
  struct Answered {
    bool ok = false;
    uint64_t last_seq_then = 0;  // the sequencer's last committed seq when the answer came
    std::string thread;
  };
  auto submit = [&](WriteRequest request) {
    std::promise<Answered> promise;
    std::future<Answered> answered = promise.get_future();
    request.done = [&](absl::StatusOr<v1::WriteResult> result) {
      promise.set_value({result.ok(), h.sequencer().last_seq(), ThreadName()});
    };
    h.sequencer().Submit(std::move(request));
    return answered.get();
  };
  const uint64_t before = h.sequencer().last_seq();
  const Answered small = submit(MakeRequest("alice", "small", {Transfer(kBank, kPlain, 1)}));
  EXPECT_TRUE(small.ok);
  EXPECT_EQ(small.thread, "seq-writer");
  EXPECT_EQ(small.last_seq_then, before + 1);
  const Answered large = submit(MakeRequest(
      "alice", "large", {Transfer(kBank, kPlain, 2), Transfer(kBank, kPlain, 3), Transfer(kBank, kPlain, 4)}));
  EXPECT_TRUE(large.ok);
  EXPECT_EQ(large.thread, "seq-reply");
  EXPECT_EQ(large.last_seq_then, before + 4);

  std::vector<RecordingObserver::Group> groups = observer.groups();
  ASSERT_EQ(groups.size(), groups_before + 2);
  EXPECT_EQ(groups[groups_before].entries, 1u);
  EXPECT_EQ(groups[groups_before].written_on, "seq-writer");
  EXPECT_EQ(groups[groups_before + 1].entries, 3u);
  EXPECT_EQ(groups[groups_before + 1].written_on, "seq-commit");
  EXPECT_EQ(h.Account(kPlain).posted_credits(), 1 + 2 + 3 + 4);
}

TEST(Sequencer, RequestIdsAreBounded) {
  LedgerHarness h;
  OpenChart(h);
  struct Case {
    std::string request_id;
    bool accepted;
  };
  const std::vector<Case> cases = {
      {"", false},
      {std::string(kRequestIdBytesMax + 1, 'r'), false},
      {"with space", false},
      {"tab\there", false},
      {"newline\n", false},
      {"\xC3\xA5r", false},  // "år": printable ASCII only
      {std::string(kRequestIdBytesMax, 'r'), true},
      {"0f9c-4e1b:attempt_2/of~3", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request_id);
    const uint64_t last = h.sequencer().last_seq();
    auto result = h.Submit("alice", c.request_id, {Transfer(kBank, kPlain, 1)});
    if (c.accepted) {
      EXPECT_TRUE(result.ok()) << result.status();
    } else {
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
      EXPECT_NE(result.status().message().find("request id"), std::string::npos) << result.status();
      EXPECT_EQ(h.sequencer().last_seq(), last);
    }
  }
  auto empty = h.Submit("alice", "no-commands", {});
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Sequencer, LinkedCommandsApplyAllOrNone) {
  LedgerHarness h;
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 10000)).ok());
  const uint64_t last = h.sequencer().last_seq();
  const auto before = Dump(*h.storage().NewSnapshot());

  auto failed = h.Submit("alice", "linked-1",
                         {Transfer(kCash, kBank, 4000), Transfer(kCash, kBank, 4000), Transfer(kCash, kBank, 4000)});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition) << failed.status();
  EXPECT_NE(failed.status().message().find("command 3 of 3"), std::string::npos) << failed.status();
  EXPECT_NE(failed.status().message().find("nothing was applied"), std::string::npos) << failed.status();
  EXPECT_EQ(h.sequencer().last_seq(), last);
  EXPECT_TRUE(Dump(*h.storage().NewSnapshot()) == before);

  // A later command may use what an earlier one of the same request wrote.
  auto linked = h.Submit("alice", "linked-2",
                         {Reserve(kLoans, kBank, 3000), PostPendingCommand(last + 1, 1000), Transfer(kCash, kBank, 7000)});
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(Seqs(*linked), (std::vector<uint64_t>{last + 1, last + 2, last + 3}));
  for (uint32_t i = 0; i < 3; ++i) {
    auto entry = h.Entry(last + 1 + i);
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->command_index(), i);
    EXPECT_EQ(entry->command_count(), 3u);
    EXPECT_EQ(entry->request_id(), "linked-2");
  }
  EXPECT_EQ(h.Account(kBank).posted_credits(), 8000);
  EXPECT_EQ(h.Account(kBank).pending_credits(), 2000);
}

TEST(Sequencer, FailedLinkedRequestDoesNotTakeItsGroupDown) {
  RecordingObserver observer;
  LedgerHarness h(SequencerOptions{}, &observer);
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 10000)).ok());

  // Hold the writer after the next commit so that the three requests below form one group.
  h.gate().Arm(h.sequencer().last_seq());
  ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 1)).ok());
  ASSERT_TRUE(h.gate().WaitEntered());
  const uint64_t last = h.sequencer().last_seq();
  const size_t groups_before = observer.groups().size();
  Answer a, linked, b;
  WriteRequest ra = MakeRequest("alice", "a", {Transfer(kCash, kPlain, 100)});
  ra.done = a.Callback();
  WriteRequest rl = MakeRequest("alice", "linked",
                                {Transfer(kCash, kPlain, 200), Transfer(kCash, kPlain, 300), Transfer(kCash, kBank, 999999)});
  rl.done = linked.Callback();
  WriteRequest rb = MakeRequest("bob", "b", {Transfer(kCash, kPlain, 400)});
  rb.done = b.Callback();
  h.sequencer().Submit(std::move(ra));
  h.sequencer().Submit(std::move(rl));
  h.sequencer().Submit(std::move(rb));
  h.gate().Release();
  ASSERT_TRUE(WaitFor([&] { return a.calls() == 1 && linked.calls() == 1 && b.calls() == 1; }));

  ASSERT_TRUE(a.result().ok()) << a.result().status();
  ASSERT_TRUE(b.result().ok()) << b.result().status();
  EXPECT_EQ(linked.result().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Seqs(*a.result()), std::vector<uint64_t>{last + 1});
  EXPECT_EQ(Seqs(*b.result()), std::vector<uint64_t>{last + 2}) << "the failed request used no seq";
  EXPECT_EQ(h.sequencer().last_seq(), last + 2);
  EXPECT_EQ(h.Account(kPlain).posted_credits(), 10000 + 1 + 100 + 400);
  const auto groups = observer.groups();
  ASSERT_EQ(groups.size(), groups_before + 1) << "one group commit for the three requests";
  EXPECT_EQ(groups.back().requests, 2u);
  EXPECT_EQ(groups.back().entries, 2u);
  auto check = Verify(h);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->last_seq, last + 2);
}

TEST(Sequencer, FullQueueAnswersResourceExhausted) {
  SequencerOptions options;
  options.queue_requests_max = 1;
  LedgerHarness h(options);
  OpenChart(h);
  h.gate().Arm(h.sequencer().last_seq());
  ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 1)).ok());
  ASSERT_TRUE(h.gate().WaitEntered());

  constexpr int kBurst = 20;
  std::vector<std::unique_ptr<Answer>> answers;
  for (int i = 0; i < kBurst; ++i) {
    answers.push_back(std::make_unique<Answer>());
    WriteRequest request = MakeRequest("alice", absl::StrCat("burst-", i), {Transfer(kCash, kPlain, 1)});
    request.done = answers.back()->Callback();
    h.sequencer().Submit(std::move(request));
  }
  EXPECT_EQ(h.sequencer().queue_depth(), 1u);
  h.gate().Release();
  ASSERT_TRUE(WaitFor([&] {
    for (const auto& answer : answers) {
      if (answer->calls() == 0) return false;
    }
    return true;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a second answer would show up now
  int exhausted = 0, accepted = 0;
  for (const auto& answer : answers) {
    EXPECT_EQ(answer->calls(), 1) << "done must be called exactly once";
    auto result = answer->result();
    if (result.ok()) {
      ++accepted;
    } else {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted) << result.status();
      EXPECT_NE(result.status().message().find("queue is full"), std::string::npos);
      ++exhausted;
    }
  }
  EXPECT_GE(exhausted, 1);
  EXPECT_EQ(accepted, 1) << "exactly one request fitted in the queue";
  EXPECT_EQ(exhausted + accepted, kBurst);
}

TEST(Sequencer, StopAnswersWhatIsQueuedThenRefuses) {
  LedgerHarness h;
  OpenChart(h);
  h.gate().Arm(h.sequencer().last_seq());
  ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 1)).ok());
  ASSERT_TRUE(h.gate().WaitEntered());
  Answer queued;
  WriteRequest request = MakeRequest("alice", "queued", {Transfer(kCash, kPlain, 1)});
  request.done = queued.Callback();
  h.sequencer().Submit(std::move(request));
  std::thread stopper([&] { h.sequencer().Stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  h.gate().Release();
  stopper.join();
  EXPECT_EQ(queued.calls(), 1);
  EXPECT_TRUE(queued.result().ok()) << queued.result().status();

  Answer late;
  WriteRequest after = MakeRequest("alice", "late", {Transfer(kCash, kPlain, 1)});
  after.done = late.Callback();
  h.sequencer().Submit(std::move(after));
  EXPECT_EQ(late.calls(), 1);
  EXPECT_EQ(late.result().status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace fondbok::ledger
