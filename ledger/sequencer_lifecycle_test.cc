// The sequencer's rules over time: expiry of reservations, settlements, reversals, period close,
// backdating, restart, replay, and concurrent writers against a limit.
#include "ledger/sequencer.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ledger/sequencer_test_util.h"

namespace fondbok::ledger {
namespace {

using namespace seqtest;  // NOLINT: the fixtures of this test family

TEST(Sequencer, ExpiredReservationIsReleasedByTheSweep) {
  SequencerOptions options;
  options.expiry_check_interval = absl::Milliseconds(10);
  LedgerHarness h(options);
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 5000)).ok());
  const uint64_t reserved = h.MustRun(Reserve(kLoans, kBank, 3000, /*expires_in_s=*/60));
  ASSERT_NE(reserved, 0u);
  auto pending = h.Pending(reserved);
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->expires_at_us(), absl::ToUnixMicros(TestNow() + absl::Seconds(60)));

  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(h.sequencer().last_seq(), reserved) << "nothing expires before its time";

  h.clock().Advance(absl::Seconds(61));
  ASSERT_TRUE(WaitFor([&] { return h.sequencer().last_seq() == reserved + 1; }, absl::Seconds(5)))
      << "the sweep did not expire the reservation";
  auto expiry = h.Entry(reserved + 1);
  ASSERT_TRUE(expiry.ok()) << expiry.status();
  EXPECT_EQ(expiry->actor(), "system");
  EXPECT_TRUE(expiry->event().pending_voided().expired());
  EXPECT_EQ(expiry->pending_change().kind(), v1::PendingChange::EXPIRE);
  EXPECT_EQ(expiry->pending_change().pending_seq(), reserved);
  EXPECT_EQ(h.Pending(reserved)->status(), v1::PendingState::EXPIRED);
  EXPECT_EQ(h.Account(kBank).pending_credits(), 0);
  EXPECT_EQ(h.Account(kLoans).pending_debits(), 0);

  auto post = h.Run(PostPendingCommand(reserved));
  EXPECT_EQ(post.status().code(), absl::StatusCode::kFailedPrecondition) << post.status();
  EXPECT_NE(post.status().message().find("EXPIRED"), std::string::npos) << post.status();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(h.sequencer().last_seq(), reserved + 1) << "expired once";
  auto check = Verify(h);
  ASSERT_TRUE(check.ok()) << check.status();
}

TEST(Sequencer, ExpiredReservationCannotBePostedBeforeTheSweep) {
  SequencerOptions options;
  options.expiry_check_interval = absl::Hours(1);
  LedgerHarness h(options);
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 5000)).ok());
  const uint64_t reserved = h.MustRun(Reserve(kLoans, kBank, 3000, 60));
  const uint64_t open = h.MustRun(Reserve(kLoans, kBank, 1000));

  v1::Command expire;
  expire.mutable_expire_pending()->set_pending_seq(reserved);
  EXPECT_EQ(h.Submit("system", "expire-early", {expire}).status().code(), absl::StatusCode::kFailedPrecondition)
      << "not expired yet";
  EXPECT_EQ(h.Submit("officer", "expire-by-hand", {expire}).status().code(), absl::StatusCode::kPermissionDenied);

  h.clock().Advance(absl::Seconds(120));
  auto post = h.Run(PostPendingCommand(reserved, 1000));
  ASSERT_FALSE(post.ok());
  EXPECT_EQ(post.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(post.status().message().find("expired"), std::string::npos) << post.status();
  EXPECT_TRUE(h.Run(PostPendingCommand(open, 1000)).ok()) << "a reservation without expiry stays";
  EXPECT_TRUE(h.Submit("system", "expire-now", {expire}).ok());
  EXPECT_EQ(h.Pending(reserved)->status(), v1::PendingState::EXPIRED);
}

TEST(Sequencer, PendingPostedInPartsAndVoided) {
  LedgerHarness h;
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kBank, kPlain, 5000)).ok());
  const uint64_t r = h.MustRun(Reserve(kLoans, kBank, 3000));
  EXPECT_EQ(h.Run(Transfer(kCash, kBank, 2001)).status().code(), absl::StatusCode::kFailedPrecondition)
      << "the reservation counts against the bank";
  ASSERT_TRUE(h.Run(PostPendingCommand(r, 1000)).ok());
  EXPECT_EQ(h.Run(PostPendingCommand(r, 2001)).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h.Run(PostPendingCommand(r, -1)).status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(h.Run(PostPendingCommand(r, 0)).ok()) << "0 posts the rest";
  EXPECT_EQ(h.Pending(r)->status(), v1::PendingState::POSTED_IN_FULL);
  EXPECT_EQ(h.Account(kLoans).posted_debits(), 3000);
  EXPECT_EQ(h.Run(VoidPendingCommand(r)).status().code(), absl::StatusCode::kFailedPrecondition);

  const uint64_t v = h.MustRun(Reserve(kLoans, kBank, 1500));
  ASSERT_TRUE(h.Run(PostPendingCommand(v, 500)).ok());
  ASSERT_TRUE(h.Run(VoidPendingCommand(v)).ok());
  EXPECT_EQ(h.Pending(v)->status(), v1::PendingState::VOIDED);
  EXPECT_EQ(h.Account(kBank).pending_credits(), 0);
  EXPECT_EQ(h.Account(kBank).posted_credits(), 3500);
  EXPECT_EQ(h.Run(PostPendingCommand(v)).status().code(), absl::StatusCode::kFailedPrecondition);

  // A partial post is one amount on every leg: legs of different amounts can only be posted whole.
  const uint64_t uneven = h.MustRun(PostCommand({Debit(kLoans, 1000), Credit(kPlain, 600), Credit(kIncome, 400)}, "",
                                                /*pending=*/true));
  auto partial = h.Run(PostPendingCommand(uneven, 100));
  EXPECT_EQ(partial.status().code(), absl::StatusCode::kFailedPrecondition) << partial.status();
  EXPECT_NE(partial.status().message().find("legs of different amounts"), std::string::npos) << partial.status();
  ASSERT_TRUE(h.Run(PostPendingCommand(uneven)).ok());
  EXPECT_EQ(h.Pending(uneven)->status(), v1::PendingState::POSTED_IN_FULL);
  EXPECT_EQ(h.Account(kIncome).posted_credits(), 400);
}

TEST(Sequencer, ReversalMirrorsPostingsOnce) {
  LedgerHarness h;
  OpenChart(h);
  const uint64_t original =
      h.MustRun(PostCommand({Debit(kBank, 5000), Debit(kCash, 250), Credit(kPlain, 5000), Credit(kIncome, 250)}));
  const uint64_t reversal = h.MustRun(ReverseCommand(original));
  ASSERT_EQ(reversal, original + 1);
  auto a = h.Entry(original);
  auto r = h.Entry(reversal);
  ASSERT_TRUE(a.ok() && r.ok());
  EXPECT_EQ(r->event().entry_reversed().reversed_seq(), original);
  ASSERT_EQ(r->postings_size(), a->postings_size());
  for (int i = 0; i < a->postings_size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(r->postings(i).account(), a->postings(i).account());
    EXPECT_EQ(r->postings(i).amount_ore(), a->postings(i).amount_ore());
    EXPECT_EQ(r->postings(i).currency(), a->postings(i).currency());
    EXPECT_EQ(r->postings(i).phase(), v1::POSTED);
    EXPECT_NE(r->postings(i).side(), a->postings(i).side());
  }
  for (absl::string_view code : {kBank, kCash, kPlain, kIncome}) {
    v1::AccountState state = h.Account(code);
    EXPECT_EQ(state.posted_debits(), state.posted_credits()) << code;
  }

  const uint64_t pending = h.MustRun(Reserve(kLoans, kCash, 10));
  struct Case {
    const char* name;
    uint64_t seq;
    absl::StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"twice", original, absl::StatusCode::kFailedPrecondition, "already reversed by entry"},
      {"a reversal", reversal, absl::StatusCode::kFailedPrecondition, "itself a reversal"},
      {"an entry without postings", 1, absl::StatusCode::kFailedPrecondition, "no postings"},
      {"a reservation", pending, absl::StatusCode::kFailedPrecondition, "void the reservation"},
      {"an entry that does not exist", 9999, absl::StatusCode::kNotFound, "9999"},
      {"seq 0", 0, absl::StatusCode::kInvalidArgument, "seq"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = h.Run(ReverseCommand(c.seq));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), c.code) << result.status();
    EXPECT_NE(result.status().message().find(c.message), std::string::npos) << result.status();
  }

  // A reversal obeys the account flags like any entry: capital already lent out cannot be unbooked.
  const uint64_t funding = h.MustRun(Transfer(kBank, kCapital, 1000));
  ASSERT_TRUE(h.Run(Transfer(kCapital, kIncome, 600)).ok());
  EXPECT_EQ(h.Run(ReverseCommand(funding)).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Sequencer, SettlementsAndReversalsAreNotDatedBeforeWhatTheySettle) {
  LedgerHarness h;
  OpenChart(h);
  const uint64_t original = h.MustRun(PostCommand({Debit(kBank, 100), Credit(kPlain, 100)}, "2026-03-10"));
  auto early = h.Run(ReverseCommand(original, "2026-03-09"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument) << early.status();
  EXPECT_NE(early.status().message().find("lies before entry"), std::string::npos) << early.status();
  EXPECT_TRUE(h.Run(ReverseCommand(original, "2026-03-10")).ok());

  v1::Command reserve = Reserve(kLoans, kCash, 10);
  reserve.mutable_post_entry()->set_value_date("2026-03-12");
  const uint64_t pending = h.MustRun(reserve);
  auto early_post = h.Run(PostPendingCommand(pending, 0, "2026-03-11"));
  EXPECT_EQ(early_post.status().code(), absl::StatusCode::kInvalidArgument) << early_post.status();
  EXPECT_TRUE(h.Run(PostPendingCommand(pending, 0, "2026-03-12")).ok());
}

TEST(Sequencer, ClosedPeriodTakesNoEntries) {
  LedgerHarness h;
  OpenChart(h);
  const uint64_t february = h.MustRun(Transfer(kCash, kPlain, 100, "2026-02-10"));
  ASSERT_NE(february, 0u);
  v1::Command reserve = Reserve(kLoans, kCash, 50);
  reserve.mutable_post_entry()->set_value_date("2026-02-15");
  const uint64_t reserved = h.MustRun(reserve);
  struct Step {
    const char* name;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::vector<Step> steps = {
      {"current month", ClosePeriodCommand("2026-03"), absl::StatusCode::kFailedPrecondition},
      {"future month", ClosePeriodCommand("2026-04"), absl::StatusCode::kFailedPrecondition},
      {"not a month", ClosePeriodCommand("2026-13"), absl::StatusCode::kInvalidArgument},
      {"february", ClosePeriodCommand("2026-02"), absl::StatusCode::kOk},
      {"february again", ClosePeriodCommand("2026-02"), absl::StatusCode::kFailedPrecondition},
      {"january, already closed with february", ClosePeriodCommand("2026-01"), absl::StatusCode::kFailedPrecondition},
      {"entry dated in february", Transfer(kCash, kPlain, 1, "2026-02-20"), absl::StatusCode::kFailedPrecondition},
      {"entry dated last year", Transfer(kCash, kPlain, 1, "2025-12-31"), absl::StatusCode::kFailedPrecondition},
      {"entry dated in march", Transfer(kCash, kPlain, 1, "2026-03-01"), absl::StatusCode::kOk},
      {"reversal dated in february", ReverseCommand(february, "2026-02-28"), absl::StatusCode::kFailedPrecondition},
      {"reversal in the open period", ReverseCommand(february), absl::StatusCode::kOk},
      {"settlement dated in february", PostPendingCommand(reserved, 0, "2026-02-28"),
       absl::StatusCode::kFailedPrecondition},
      {"settlement today", PostPendingCommand(reserved), absl::StatusCode::kOk},
  };
  for (const Step& step : steps) {
    SCOPED_TRACE(step.name);
    auto result = h.Run(step.command);
    EXPECT_EQ(result.status().code(), step.code) << result.status();
  }
  auto snapshot = h.storage().NewSnapshot();
  auto closed = ReadClosedThrough(*snapshot);
  ASSERT_TRUE(closed.ok() && closed->has_value());
  EXPECT_EQ(**closed, absl::CivilMonth(2026, 2));
}

TEST(Sequencer, BackdatedEntriesCountForTheirValueDate) {
  LedgerHarness h;
  OpenChart(h);
  const uint64_t today = h.MustRun(Transfer(kCash, kPlain, 1000));
  const uint64_t backdated = h.MustRun(Transfer(kCash, kPlain, 300, "2026-03-01"));
  ASSERT_EQ(backdated, today + 1);
  auto snapshot = h.storage().NewSnapshot();
  BalanceQuery by_seq;
  by_seq.account = std::string(kPlain);
  by_seq.as_of_seq = today;
  EXPECT_EQ(QueryBalance(*snapshot, by_seq)->balance(), 1000);
  BalanceQuery by_date;
  by_date.account = std::string(kPlain);
  by_date.as_of_date = "2026-03-02";
  EXPECT_EQ(QueryBalance(*snapshot, by_date)->balance(), 300);
  by_date.as_of_date = std::string(kToday);
  EXPECT_EQ(QueryBalance(*snapshot, by_date)->balance(), 1300);
  by_seq.as_of_seq = backdated + 1;
  EXPECT_EQ(QueryBalance(*snapshot, by_seq).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Sequencer, RestartKeepsSeqDenseAndTheChainWhole) {
  LedgerHarness h;
  OpenChart(h);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 100 + i)).ok());
  const uint64_t last = h.sequencer().last_seq();
  auto tail = h.Entry(last);
  ASSERT_TRUE(tail.ok());

  ASSERT_TRUE(h.Restart().ok());
  EXPECT_EQ(h.sequencer().last_seq(), last);
  const uint64_t next = h.MustRun(Transfer(kCash, kPlain, 7));
  EXPECT_EQ(next, last + 1);
  auto entry = h.Entry(next);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->prev_hash(), tail->hash());
  EXPECT_EQ(h.Account(kPlain).posted_credits(), 100 + 101 + 102 + 103 + 104 + 7);

  ASSERT_TRUE(h.Restart().ok());
  ASSERT_TRUE(h.Restart().ok());
  EXPECT_EQ(h.MustRun(Transfer(kCash, kPlain, 8)), last + 2);
  auto check = Verify(h);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->entries, last + 2);
  EXPECT_EQ(check->last_seq, last + 2);
}

TEST(Sequencer, ReplayRebuildsTheViewsAndFindsAHandEdit) {
  SequencerOptions options;
  options.expiry_check_interval = absl::Milliseconds(10);
  LedgerHarness h(options);
  OpenChart(h);
  h.MustOpen(MakeAccount("asset:bank-eur", v1::ASSET, "EUR"));
  h.MustOpen(MakeAccount("liability:esf", v1::LIABILITY, "EUR"));
  // A mixed workload: posts, backdated posts, both currencies, partial posts, voids, an
  // expiry, a reversal, a closed period, refused commands.
  ASSERT_TRUE(h.Run(Transfer(kBank, kCapital, 100000, "2026-02-03")).ok());
  const uint64_t mixed = h.MustRun(PostCommand({Debit(kCash, 500), Credit(kPlain, 500), Debit("asset:bank-eur", 70),
                                                Credit("liability:esf", 70)}));
  const uint64_t r1 = h.MustRun(Reserve(kCapital, kBank, 40000));
  ASSERT_TRUE(h.Run(PostPendingCommand(r1, 15000)).ok());
  const uint64_t r2 = h.MustRun(Reserve(kLoans, kCash, 900));
  ASSERT_TRUE(h.Run(VoidPendingCommand(r2)).ok());
  const uint64_t r3 = h.MustRun(Reserve(kLoans, kCash, 300, 30));
  const uint64_t spent = h.MustRun(Transfer(kCapital, kIncome, 1234));
  ASSERT_TRUE(h.Run(ReverseCommand(spent)).ok());
  ASSERT_TRUE(h.Run(ClosePeriodCommand("2026-02")).ok());
  EXPECT_FALSE(h.Run(Transfer(kCapital, kIncome, 100000)).ok());
  h.clock().Advance(absl::Minutes(1));
  ASSERT_TRUE(WaitFor([&] { return h.Pending(r3)->status() == v1::PendingState::EXPIRED; }, absl::Seconds(5)));
  ASSERT_TRUE(h.Run(PostPendingCommand(r1)).ok());

  auto replay_and_diff = [&]() -> ViewDiff {
    auto snapshot = h.storage().NewSnapshot();
    MemoryKv rebuilt;
    auto replayed = ReplayJournal(*snapshot, h.registry(), ReplayOptions{}, &rebuilt);
    EXPECT_TRUE(replayed.ok()) << replayed.status();
    EXPECT_EQ(replayed.value_or(0), h.sequencer().last_seq());
    auto diff = DiffViews(rebuilt, *snapshot);
    EXPECT_TRUE(diff.ok()) << diff.status();
    return diff.value_or(ViewDiff{});
  };
  ViewDiff clean = replay_and_diff();
  EXPECT_EQ(clean.differences, 0u) << clean.first_key << ": " << clean.first_reason;

  auto write = [&](auto&& change) {
    std::unique_ptr<WriteTxn> txn = h.storage().NewWriteTxn();
    change(*txn);
    ASSERT_TRUE(h.storage().Commit(*txn, true).ok());
  };
  h.sequencer().Stop();  // nobody else writes while the views are edited by hand

  // The stored record: the account's definition (its totals live in the history).
  auto honest = h.storage().NewSnapshot()->Get(Space::kViews, AccountKey(kPlain));
  ASSERT_TRUE(honest.ok() && honest->has_value());
  v1::AccountState edited;
  ASSERT_TRUE(edited.ParseFromString(**honest));
  edited.mutable_account()->set_name("renamed by hand");
  write([&](WriteTxn& txn) { txn.Put(Space::kViews, AccountKey(kPlain), edited.SerializeAsString()); });
  ViewDiff diff = replay_and_diff();
  EXPECT_EQ(diff.differences, 1u);
  EXPECT_EQ(diff.first_key, absl::StrCat("views:", AccountKey(kPlain)));
  EXPECT_EQ(diff.first_reason, "value differs");
  write([&](WriteTxn& txn) { txn.Put(Space::kViews, AccountKey(kPlain), **honest); });
  EXPECT_EQ(replay_and_diff().differences, 0u);

  write([&](WriteTxn& txn) { txn.Put(Space::kViews, "ledger/acct/asset:invented", "x"); });
  diff = replay_and_diff();
  EXPECT_EQ(diff.differences, 1u);
  EXPECT_EQ(diff.first_reason, "extra in store");
  write([&](WriteTxn& txn) { txn.Delete(Space::kViews, "ledger/acct/asset:invented"); });

  const std::string row = HistoryKey(kCash, mixed, 0);
  auto snapshot = h.storage().NewSnapshot();
  auto stored_row = snapshot->Get(Space::kIndex, row);
  ASSERT_TRUE(stored_row.ok() && stored_row->has_value()) << "history row of entry " << mixed;
  write([&](WriteTxn& txn) { txn.Delete(Space::kIndex, row); });
  diff = replay_and_diff();
  EXPECT_EQ(diff.differences, 1u);
  EXPECT_EQ(diff.first_reason, "missing in store");
  EXPECT_EQ(diff.first_key.rfind("index:h/asset:cash\\x00", 0), 0u) << diff.first_key;
}

// A cache that forgets almost every group: each account is then read back from RocksDB (its
// definition, and its totals from its last history row). Balances, history and replay must come
// out exactly as the postings say.
void ForgetfulCacheReadsTotalsBackFromTheHistory(size_t inline_commit_entries_max) {
  SequencerOptions options;
  options.state_cache_keys_max = 4;
  options.inline_commit_entries_max = inline_commit_entries_max;
  LedgerHarness h(options);
  OpenChart(h);
  const std::vector<absl::string_view> accounts = {kCash, kPlain, kLoans, kIncome};
  constexpr int kThreads = 6;
  constexpr int kPostsPerThread = 150;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPostsPerThread; ++i) {
        const absl::string_view debit = accounts[static_cast<size_t>((t + i) % 4)];
        const absl::string_view credit = accounts[static_cast<size_t>((t + 2 * i + 1) % 4)];
        if (debit == credit) continue;
        auto result = h.Submit(absl::StrCat("writer-", t), absl::StrCat("post-", i),
                               {Transfer(debit, credit, 100 + t * 1000 + i)});
        if (!result.ok()) ++failed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failed.load(), 0);

  // Every account's totals against the sum of its postings in the journal.
  auto snapshot = h.storage().NewSnapshot();
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // code → (debits, credits)
  ASSERT_TRUE(snapshot->ScanJournal(1, [&](uint64_t seq, absl::string_view stored) {
                        auto entry = OpenEntry(seq, stored);
                        EXPECT_TRUE(entry.ok());
                        if (!entry.ok()) return false;
                        for (const v1::Posting& p : entry->postings()) {
                          auto& [debits, credits] = sums[p.account()];
                          (p.side() == v1::DEBIT ? debits : credits) += p.amount_ore();
                        }
                        return true;
                      }).ok());
  for (absl::string_view code : accounts) {
    SCOPED_TRACE(code);
    const v1::AccountState account = h.Account(code);
    EXPECT_EQ(account.posted_debits(), sums[std::string(code)].first);
    EXPECT_EQ(account.posted_credits(), sums[std::string(code)].second);
    EXPECT_GT(account.posted_debits() + account.posted_credits(), 0);
  }
  MemoryKv rebuilt;
  auto replayed = ReplayJournal(*snapshot, h.registry(), ReplayOptions{}, &rebuilt);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  auto diff = DiffViews(rebuilt, *snapshot);
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;
}

TEST(Sequencer, AForgetfulCacheReadsTotalsBackFromTheHistory) {
  ForgetfulCacheReadsTotalsBackFromTheHistory(SequencerOptions{}.inline_commit_entries_max);
}

// The same with every group written by the committer, so that the writer reads back while the
// group before may still be in flight.
TEST(Sequencer, AForgetfulCacheReadsTotalsBackFromTheHistoryWhileAGroupIsInFlight) {
  ForgetfulCacheReadsTotalsBackFromTheHistory(/*inline_commit_entries_max=*/0);
}

TEST(Sequencer, ConcurrentWritersCannotOverdrawALimitedAccount) {
  LedgerHarness h;
  OpenChart(h);
  constexpr absl::string_view kWallet = "liability:wallet";
  h.MustOpen(MakeAccount(kWallet, v1::LIABILITY, "SEK", /*debits_must_not_exceed_credits=*/true));
  constexpr int kThreads = 8;
  constexpr int kPostsPerThread = 200;
  constexpr int64_t kAmount = 1000;
  constexpr int64_t kFunded = 137 * kAmount + 500;  // room for 137 posts, and half a post left over
  ASSERT_TRUE(h.Run(Transfer(kCash, kWallet, kFunded)).ok());
  const uint64_t first_seq = h.sequencer().last_seq() + 1;

  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPostsPerThread; ++i) {
        auto result = h.Submit(absl::StrCat("writer-", t), absl::StrCat("spend-", i),
                               {Transfer(kWallet, kIncome, kAmount)});
        if (result.ok()) {
          ++accepted;
        } else if (result.status().code() == absl::StatusCode::kFailedPrecondition) {
          ++refused;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(accepted.load() + refused.load(), kThreads * kPostsPerThread);
  EXPECT_EQ(accepted.load(), 137) << "every post that fitted, and no more";
  const v1::AccountState wallet = h.Account(kWallet);
  EXPECT_EQ(wallet.posted_credits(), kFunded);
  EXPECT_EQ(wallet.posted_debits(), accepted.load() * kAmount);
  EXPECT_GE(wallet.posted_credits() - wallet.posted_debits(), 0);
  EXPECT_EQ(h.sequencer().last_seq(), first_seq - 1 + static_cast<uint64_t>(accepted.load()));

  // Never below zero at any point of its history.
  auto snapshot = h.storage().NewSnapshot();
  int rows = 0;
  const std::string prefix = HistoryPrefix(kWallet);
  ASSERT_TRUE(snapshot->Scan(Space::kIndex, prefix, PrefixEnd(prefix), [&](absl::string_view, absl::string_view value) {
                        v1::HistoryRow row;
                        EXPECT_TRUE(row.ParseFromArray(value.data(), static_cast<int>(value.size())));
                        EXPECT_LE(row.posted_debits() + row.pending_debits(), row.posted_credits()) << row.seq();
                        ++rows;
                        return true;
                      }).ok());
  EXPECT_EQ(rows, 1 + accepted.load());
  auto check = VerifyChain(*snapshot);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->last_seq, h.sequencer().last_seq());
}

}  // namespace
}  // namespace fondbok::ledger
