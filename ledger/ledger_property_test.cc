// Property test: seeded random sequences of ledger commands (open accounts with random types,
// currencies and flags; balanced and broken entries; reservations posted in parts, voided and
// expired; reversals; closed periods; linked requests; idempotent retries) run against the real
// Sequencer on RocksDB and against a small in-memory model written here from the rules in
// DESIGN.md §3. After every step the two must agree, and the books must hold their invariants.
//
// FONDBOK_SEED=<n> reruns a sequence; FONDBOK_PROPERTY_STEPS=<n> makes it longer (default 2000).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/queries.h"
#include "ledger/replay.h"
#include "ledger/ledger_model.h"
#include "ledger/testing.h"

namespace fondbok::ledger {
namespace {

using absl::StatusCode;
using testutil::LedgerHarness;
using testutil::TestNow;
using testutil::TestToday;

using namespace model;  // NOLINT: the model this test checks against

// ---- the run ----

struct PastRequest {
  std::string actor;
  std::string request_id;
  std::vector<v1::Command> commands;
  v1::WriteResult result;
};

class PropertyRun {
 public:
  // `inline_commit_entries_max`: the requests here come one at a time, so with the default every
  // group is written by the writer itself; 0 sends each through the committer and the replier.
  PropertyRun(uint64_t seed, int steps, size_t inline_commit_entries_max) : rng_(seed), steps_(steps) {
    SequencerOptions options;
    options.inline_commit_entries_max = inline_commit_entries_max;
    options.sync = false;  // durability is not what this test is about; speed is
    options.expiry_check_interval = absl::Milliseconds(5);
    harness_ = std::make_unique<LedgerHarness>(options);
  }

  void Run() {
    for (int step = 0; step < steps_; ++step) {
      if (step == steps_ / 2) {
        ASSERT_TRUE(harness_->Restart().ok()) << "restart at step " << step;
        CheckAgainstModel();
      }
      Step(step);
      if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << "stopped at step " << step << " of " << steps_;
        return;
      }
    }
    Finish();
  }

 private:
  // ---- random choices ----
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int64_t>(items.size()) - 1))];
  }
  int64_t Amount() {
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < 0.1) return Uniform(1, 99);
    if (r < 0.7) return Uniform(100, 10'000);
    return Uniform(10'000, 1'000'000);
  }
  std::vector<std::string> AccountsIn(const Model& m, absl::string_view currency) const {
    std::vector<std::string> out;
    for (const auto& [code, a] : m.accounts) {
      if (a.definition.currency() == currency) out.push_back(code);
    }
    return out;
  }
  // A value date: mostly today, sometimes a day back in the open period.
  std::string ValueDate(const Model& m) {
    if (Chance(0.7)) return "";
    absl::CivilDay first(2026, 1, 1);
    if (m.closed_through.has_value()) first = absl::CivilDay(*m.closed_through + 1);
    if (first > m.today) return "";
    return FormatDate(first + Uniform(0, m.today - first));
  }

  // ---- command generators (from the model's state; some deliberately broken) ----
  v1::Command GenOpen(const Model& m) {
    static const v1::AccountType kTypes[] = {v1::ASSET, v1::LIABILITY, v1::EQUITY, v1::INCOME, v1::EXPENSE,
                                             v1::OFF_BALANCE};
    static const char* kPrefixes[] = {"", "asset", "liability", "equity", "income", "expense", "offbalance"};
    const v1::AccountType type = kTypes[Uniform(0, 5)];
    std::string code = absl::StrCat(kPrefixes[type], ":p-", next_account_++);
    if (!m.accounts.empty() && Chance(0.08)) code = m.accounts.begin()->first;  // already exists
    const double flags = std::uniform_real_distribution<double>(0, 1)(rng_);
    return testutil::OpenAccountCommand(testutil::MakeAccount(code, type, Chance(0.7) ? "SEK" : "EUR",
                                                              flags < 0.17 || (flags >= 0.34 && flags < 0.36),
                                                              flags >= 0.17 && flags < 0.36));
  }

  std::vector<v1::Posting> BalancedPostings(const Model& m, const std::string& currency) {
    const std::vector<std::string> codes = AccountsIn(m, currency);
    std::vector<v1::Posting> postings;
    const int64_t amount = Amount();
    if (Chance(0.7) || amount < 2) {
      postings.push_back(testutil::Debit(Pick(codes), amount));
      postings.push_back(testutil::Credit(Pick(codes), amount));
    } else {
      const int64_t part = Uniform(1, amount - 1);
      const bool split_credit = Chance(0.5);
      postings.push_back(testutil::MakePosting(Pick(codes), split_credit ? v1::DEBIT : v1::CREDIT, amount));
      postings.push_back(testutil::MakePosting(Pick(codes), split_credit ? v1::CREDIT : v1::DEBIT, part));
      postings.push_back(testutil::MakePosting(Pick(codes), split_credit ? v1::CREDIT : v1::DEBIT, amount - part));
    }
    return postings;
  }

  std::optional<v1::Command> GenPost(const Model& m, bool pending) {
    std::vector<std::string> currencies;
    for (const char* c : {"SEK", "EUR"}) {
      if (AccountsIn(m, c).size() >= 2) currencies.push_back(c);
    }
    if (currencies.empty()) return std::nullopt;
    const std::string currency = Pick(currencies);
    std::vector<v1::Posting> postings = BalancedPostings(m, currency);
    if (currencies.size() == 2 && Chance(0.15)) {
      for (v1::Posting& p : BalancedPostings(m, currency == "SEK" ? "EUR" : "SEK")) postings.push_back(p);
    }
    std::string value_date = ValueDate(m);
    if (Chance(0.2)) {  // one defect
      v1::Posting& victim = postings[static_cast<size_t>(Uniform(0, static_cast<int64_t>(postings.size()) - 1))];
      switch (Uniform(0, 6)) {
        case 0: victim.set_amount_ore(victim.amount_ore() + Uniform(1, 100)); break;
        case 1: victim.set_account("asset:ghost"); break;
        case 2: victim.set_amount_ore(0); break;
        case 3: victim.set_amount_ore(-victim.amount_ore()); break;
        case 4: victim.set_currency(currency == "SEK" ? "EUR" : "SEK"); break;
        case 5: value_date = FormatDate(m.today + 1); break;
        case 6:
          if (m.closed_through.has_value()) value_date = FormatDate(absl::CivilDay(*m.closed_through));
          break;
      }
    }
    const int64_t expires_in_s = pending && Chance(0.3) ? Uniform(60, 3600) : 0;
    return testutil::PostCommand(postings, value_date, pending, expires_in_s);
  }

  // A pending seq to settle: usually an open one, sometimes one that cannot be settled.
  uint64_t PendingTarget(const Model& m) {
    std::vector<uint64_t> open;
    std::vector<uint64_t> closed;
    for (const auto& [seq, p] : m.pending) (p.status == v1::PendingState::OPEN ? open : closed).push_back(seq);
    if (!open.empty() && Chance(0.85)) return Pick(open);
    if (!closed.empty() && Chance(0.5)) return Pick(closed);
    if (Chance(0.2)) return 0;
    return static_cast<uint64_t>(Uniform(1, static_cast<int64_t>(m.last_seq()) + 3));
  }

  v1::Command GenPostPending(const Model& m) {
    const uint64_t seq = PendingTarget(m);
    int64_t amount = 0;
    auto it = m.pending.find(seq);
    const int64_t left = it != m.pending.end() && !it->second.remaining.empty() ? it->second.remaining[0] : 100;
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < 0.35) {
      amount = 0;  // the rest
    } else if (r < 0.85) {
      amount = left > 0 ? Uniform(1, left) : 1;
    } else if (r < 0.95) {
      amount = left + Uniform(1, 100);
    } else {
      amount = -1;
    }
    return testutil::PostPendingCommand(seq, amount, Chance(0.15) ? ValueDate(m) : "");
  }

  v1::Command GenReverse(const Model& m) {
    std::vector<uint64_t> reversible;
    for (uint64_t seq = 1; seq <= m.last_seq(); ++seq) {
      if (m.entries[seq - 1].kind == Kind::kPosted && !m.entries[seq - 1].reversed) reversible.push_back(seq);
    }
    uint64_t seq = 0;
    if (!reversible.empty() && Chance(0.75)) {
      seq = Pick(reversible);
    } else {
      seq = static_cast<uint64_t>(Uniform(0, static_cast<int64_t>(m.last_seq()) + 2));
    }
    std::string value_date = Chance(0.2) ? ValueDate(m) : "";
    if (m.closed_through.has_value() && Chance(0.05)) value_date = FormatDate(absl::CivilDay(*m.closed_through));
    return testutil::ReverseCommand(seq, value_date);
  }

  v1::Command GenAny(const Model& m, bool allow_open = true) {
    for (;;) {
      const int64_t r = Uniform(0, 999);
      if (r < 60) {
        if (allow_open && (m.accounts.size() < 24 || Chance(0.1))) return GenOpen(m);
      } else if (r < 560) {
        if (auto post = GenPost(m, false)) return *post;
      } else if (r < 700) {
        if (auto reserve = GenPost(m, true)) return *reserve;
      } else if (r < 830) {
        return GenPostPending(m);
      } else if (r < 890) {
        return testutil::VoidPendingCommand(PendingTarget(m));
      } else if (r < 995) {
        return GenReverse(m);
      } else {
        static const char* kMonths[] = {"2026-01", "2026-02", "2026-03"};
        return testutil::ClosePeriodCommand(kMonths[Uniform(0, 2)]);
      }
    }
  }

  // ---- steps ----
  void Step(int step) {
    const int64_t r = step < 8 ? 0 : Uniform(0, 999);
    const std::string actor = Chance(0.5) ? "alice" : "bob";
    const std::string request_id = absl::StrCat("p-", step);
    if (r < 30 && !past_.empty()) return Retry(step);
    if (r < 45 && !past_.empty()) return RetryWithOtherPayload(step);
    if (r < 55 && !past_.empty()) return SameIdOtherActor(step);
    if (r < 70 && advanced_ < absl::Hours(10)) return AdvanceClock(step);
    std::vector<v1::Command> commands;
    if (step < 8) {
      commands.push_back(GenOpen(model_));
    } else if (r < 150) {
      // A linked request of 2-3 commands; later ones may use what earlier ones wrote.
      Model work = model_;
      const int64_t count = Uniform(2, 3);
      for (int64_t i = 0; i < count; ++i) {
        commands.push_back(GenAny(work, false));
        (void)work.Apply(commands.back());
      }
    } else {
      commands.push_back(GenAny(model_));
    }
    Submit(step, actor, request_id, commands);
  }

  // Runs one request against both; returns the prediction.
  void Submit(int step, const std::string& actor, const std::string& request_id,
              const std::vector<v1::Command>& commands) {
    std::string description = absl::StrCat("step ", step, ": ", actor, "/", request_id);
    for (const v1::Command& c : commands) absl::StrAppend(&description, "\n  ", c.ShortDebugString());
    SCOPED_TRACE(description);

    // The prediction: all commands on a copy when linked, directly when single.
    StatusCode expected = StatusCode::kOk;
    const uint64_t first_seq = model_.last_seq() + 1;
    std::optional<Model> work;
    if (commands.size() > 1) work = model_;
    Model& target = work.has_value() ? *work : model_;
    for (const v1::Command& c : commands) {
      expected = target.Apply(c);
      if (expected != StatusCode::kOk) break;
    }
    std::optional<testutil::StoreDump> before;
    // Views only: the history index grows with every step, and replay checks it at the end.
    if (expected != StatusCode::kOk) before = testutil::Dump(*harness_->storage().NewSnapshot(), false);

    auto result = harness_->Submit(actor, request_id, commands);
    ASSERT_EQ(result.status().code(), expected) << result.status();
    if (result.ok()) {
      if (work.has_value()) model_ = std::move(*work);
      std::vector<uint64_t> seqs, predicted;
      for (const v1::EntryRef& ref : result->entries()) seqs.push_back(ref.seq());
      for (uint64_t seq = first_seq; seq <= model_.last_seq(); ++seq) predicted.push_back(seq);
      ASSERT_EQ(seqs, predicted);
      past_.push_back({actor, request_id, commands, *result});
      used_ids_.insert({actor, request_id});
      snapshots_[model_.last_seq()] = model_.AllTotals();
      ++accepted_;
    } else {
      EXPECT_TRUE(testutil::Dump(*harness_->storage().NewSnapshot(), false) == *before) << "a refused request wrote";
      ++refused_[expected];
    }
    CheckAgainstModel();
  }

  void Retry(int step) {
    const PastRequest& past = Pick(past_);
    SCOPED_TRACE(absl::StrCat("step ", step, ": retry of ", past.actor, "/", past.request_id));
    const uint64_t last = harness_->sequencer().last_seq();
    auto result = harness_->Submit(past.actor, past.request_id, past.commands);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->entries_size(), past.result.entries_size());
    for (int i = 0; i < result->entries_size(); ++i) {
      EXPECT_EQ(result->entries(i).seq(), past.result.entries(i).seq()) << "the first answer, again";
      EXPECT_EQ(result->entries(i).hash(), past.result.entries(i).hash()) << "the first answer, again";
    }
    EXPECT_TRUE(result->replayed());
    EXPECT_EQ(harness_->sequencer().last_seq(), last);
    ++retries_;
    CheckAgainstModel();
  }

  void RetryWithOtherPayload(int step) {
    const PastRequest& past = Pick(past_);
    SCOPED_TRACE(absl::StrCat("step ", step, ": other payload under ", past.actor, "/", past.request_id));
    std::vector<v1::Command> commands = past.commands;
    commands.push_back(testutil::ClosePeriodCommand("2026-03"));
    const uint64_t last = harness_->sequencer().last_seq();
    auto result = harness_->Submit(past.actor, past.request_id, commands);
    ASSERT_EQ(result.status().code(), StatusCode::kAlreadyExists) << result.status();
    EXPECT_EQ(harness_->sequencer().last_seq(), last);
    CheckAgainstModel();
  }

  void SameIdOtherActor(int step) {
    const PastRequest& past = Pick(past_);
    const std::string actor = past.actor == "alice" ? "bob" : "alice";
    if (used_ids_.count({actor, past.request_id}) != 0) return;
    const std::string request_id = past.request_id;
    Submit(step, actor, request_id, {GenAny(model_)});
  }

  void AdvanceClock(int step) {
    const absl::Duration by = absl::Minutes(Uniform(1, 15));
    SCOPED_TRACE(absl::StrCat("step ", step, ": clock advanced by ", absl::FormatDuration(by)));
    advanced_ += by;
    harness_->clock().Advance(by);
    model_.now_us = absl::ToUnixMicros(harness_->clock().Now());
    const std::vector<uint64_t> due = model_.Due();
    const uint64_t expected_last = model_.last_seq() + due.size();
    ASSERT_TRUE(testutil::WaitFor([&] { return harness_->sequencer().last_seq() >= expected_last; },
                                  absl::Seconds(10)))
        << due.size() << " reservations were due; the sweep wrote " << harness_->sequencer().last_seq() -
                                                                           model_.last_seq();
    EXPECT_EQ(harness_->sequencer().last_seq(), expected_last) << "the sweep expired more than was due";
    for (uint64_t seq : due) {
      auto entry = harness_->Entry(model_.last_seq() + 1);
      ASSERT_TRUE(entry.ok()) << entry.status();
      EXPECT_EQ(entry->actor(), "system");
      EXPECT_EQ(entry->pending_change().kind(), v1::PendingChange::EXPIRE);
      EXPECT_EQ(entry->pending_change().pending_seq(), seq);
      model_.Expire(seq);
      ++expired_;
    }
    if (!due.empty()) snapshots_[model_.last_seq()] = model_.AllTotals();
    CheckAgainstModel();
  }

  // ---- checks ----
  void CheckAgainstModel() {
    auto snapshot = harness_->storage().NewSnapshot();
    auto last = QueryLastSeq(*snapshot);
    ASSERT_TRUE(last.ok());
    ASSERT_EQ(*last, model_.last_seq()) << "seq";

    std::map<std::string, v1::AccountState> real;
    const std::string prefix(kAccountKeyPrefix);
    ASSERT_TRUE(snapshot->Scan(Space::kViews, prefix, PrefixEnd(prefix), [&](absl::string_view, absl::string_view value) {
                          v1::AccountState definition;
                          EXPECT_TRUE(definition.ParseFromArray(value.data(), static_cast<int>(value.size())));
                          auto state = CompleteAccount(*snapshot, definition);  // totals from the history
                          EXPECT_TRUE(state.ok()) << state.status();
                          real[definition.account().code()] = state.value_or(definition);
                          return true;
                        }).ok());
    ASSERT_EQ(real.size(), model_.accounts.size()) << "accounts";
    std::map<std::string, Totals> by_currency;
    for (const auto& [code, state] : real) {
      SCOPED_TRACE(code);
      auto it = model_.accounts.find(code);
      ASSERT_NE(it, model_.accounts.end()) << "an account the model does not know";
      const Totals totals{state.posted_debits(), state.posted_credits(), state.pending_debits(),
                          state.pending_credits()};
      ASSERT_EQ(totals, it->second.totals) << "balance of " << code;
      EXPECT_EQ(state.account().currency(), it->second.definition.currency());
      EXPECT_EQ(state.account().type(), it->second.definition.type());
      // Flags hold, reservations included.
      if (state.account().flags().debits_must_not_exceed_credits()) {
        EXPECT_LE(totals.posted_debits + totals.pending_debits, totals.posted_credits);
      }
      if (state.account().flags().credits_must_not_exceed_debits()) {
        EXPECT_LE(totals.posted_credits + totals.pending_credits, totals.posted_debits);
      }
      Totals& sum = by_currency[state.account().currency()];
      sum.posted_debits += totals.posted_debits;
      sum.posted_credits += totals.posted_credits;
      sum.pending_debits += totals.pending_debits;
      sum.pending_credits += totals.pending_credits;
    }
    // Double entry: per currency, debits equal credits, posted and pending each.
    for (const auto& [currency, sum] : by_currency) {
      EXPECT_EQ(sum.posted_debits, sum.posted_credits) << "trial balance in " << currency;
      EXPECT_EQ(sum.pending_debits, sum.pending_credits) << "pending trial balance in " << currency;
    }

    // Reservations: what accounts hold as pending is what open reservations have left.
    std::map<std::string, std::pair<int64_t, int64_t>> open_left;
    size_t reservations = 0;
    const std::string pending_prefix = "ledger/pending/";
    ASSERT_TRUE(snapshot->Scan(Space::kViews, pending_prefix, PrefixEnd(pending_prefix),
                               [&](absl::string_view, absl::string_view value) {
                                 v1::PendingState state;
                                 EXPECT_TRUE(state.ParseFromArray(value.data(), static_cast<int>(value.size())));
                                 ++reservations;
                                 auto it = model_.pending.find(state.seq());
                                 if (it == model_.pending.end()) {
                                   ADD_FAILURE() << "reservation " << state.seq() << " unknown to the model";
                                   return false;
                                 }
                                 EXPECT_EQ(state.status(), it->second.status) << "reservation " << state.seq();
                                 EXPECT_EQ(std::vector<int64_t>(state.remaining_ore().begin(), state.remaining_ore().end()),
                                           it->second.remaining)
                                     << "reservation " << state.seq();
                                 if (state.status() != v1::PendingState::OPEN) return true;
                                 for (int i = 0; i < state.postings_size(); ++i) {
                                   auto& left = open_left[state.postings(i).account()];
                                   (state.postings(i).side() == v1::DEBIT ? left.first : left.second) +=
                                       state.remaining_ore(i);
                                 }
                                 return true;
                               })
                    .ok());
    EXPECT_EQ(reservations, model_.pending.size());
    for (const auto& [code, state] : real) {
      const auto left = open_left[code];
      EXPECT_EQ(state.pending_debits(), left.first) << code << ": pending debits vs open reservations";
      EXPECT_EQ(state.pending_credits(), left.second) << code << ": pending credits vs open reservations";
    }
  }

  void Finish() {
    auto snapshot = harness_->storage().NewSnapshot();
    auto chain = VerifyChain(*snapshot);
    ASSERT_TRUE(chain.ok()) << chain.status();
    EXPECT_EQ(chain->entries, model_.last_seq());

    MemoryKv rebuilt;
    auto replayed = ReplayJournal(*snapshot, harness_->registry(), ReplayOptions{}, &rebuilt);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    EXPECT_EQ(*replayed, model_.last_seq());
    auto diff = DiffViews(rebuilt, *snapshot);
    ASSERT_TRUE(diff.ok()) << diff.status();
    EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;

    // Balances as of earlier seqs are the model's totals at that point.
    std::vector<uint64_t> seqs;
    for (const auto& [seq, totals] : snapshots_) seqs.push_back(seq);
    for (int i = 0; i < 60 && !seqs.empty(); ++i) {
      const uint64_t seq = Pick(seqs);
      for (const auto& [code, expected] : snapshots_.at(seq)) {
        auto state = ReadAccount(*snapshot, code);
        ASSERT_TRUE(state.ok() && state->has_value());
        auto balance = BalanceAsOfSeq(*snapshot, **state, seq);
        ASSERT_TRUE(balance.ok()) << balance.status();
        EXPECT_EQ((Totals{balance->posted_debits(), balance->posted_credits(), balance->pending_debits(),
                          balance->pending_credits()}),
                  expected)
            << code << " as of seq " << seq;
      }
    }
    // Balances as of a value date are the sum of every change dated on or before it.
    for (int i = 0; i < 20; ++i) {
      const absl::CivilDay day = absl::CivilDay(2025, 12, 30) + Uniform(0, 80);
      std::map<std::string, Totals> expected;
      for (const DatedChange& dc : model_.history) {
        if (dc.day > day) continue;
        Totals& t = expected[dc.change.account];
        (dc.change.side == v1::DEBIT ? t.posted_debits : t.posted_credits) += dc.change.posted;
        (dc.change.side == v1::DEBIT ? t.pending_debits : t.pending_credits) += dc.change.pending;
      }
      for (const auto& [code, account] : model_.accounts) {
        auto state = ReadAccount(*snapshot, code);
        ASSERT_TRUE(state.ok() && state->has_value());
        auto balance = BalanceAsOfDate(*snapshot, **state, day);
        ASSERT_TRUE(balance.ok()) << balance.status();
        EXPECT_EQ((Totals{balance->posted_debits(), balance->posted_credits(), balance->pending_debits(),
                          balance->pending_credits()}),
                  expected[code])
            << code << " as of " << FormatDate(day);
      }
    }
    std::cout << "[ property ] " << steps_ << " steps, " << model_.last_seq() << " entries, " << accepted_
              << " requests accepted, " << retries_ << " retried, " << expired_ << " reservations expired, "
              << model_.accounts.size() << " accounts; refused:";
    for (const auto& [code, count] : refused_) std::cout << " " << absl::StatusCodeToString(code) << "=" << count;
    std::cout << std::endl;
  }

  std::mt19937_64 rng_;
  const int steps_;
  std::unique_ptr<LedgerHarness> harness_;
  Model model_;
  std::vector<PastRequest> past_;
  std::set<std::pair<std::string, std::string>> used_ids_;
  std::map<uint64_t, std::map<std::string, Totals>> snapshots_;
  absl::Duration advanced_ = absl::ZeroDuration();
  int next_account_ = 1;
  int accepted_ = 0, retries_ = 0, expired_ = 0;
  std::map<StatusCode, int> refused_;
};

int PropertySteps() {
  int steps = 2000;
  const char* env = std::getenv("FONDBOK_PROPERTY_STEPS");
  if (env != nullptr && (!absl::SimpleAtoi(env, &steps) || steps <= 0)) steps = 2000;
  return steps;
}

TEST(LedgerProperty, RandomCommandsAgreeWithTheModel) {
  const uint64_t seed = testutil::TestSeed("LedgerProperty.RandomCommandsAgreeWithTheModel");
  SCOPED_TRACE(absl::StrCat("rerun with FONDBOK_SEED=", seed));
  PropertyRun run(seed, PropertySteps(), SequencerOptions{}.inline_commit_entries_max);
  run.Run();
}

TEST(LedgerProperty, RandomCommandsAgreeWithTheModelThroughTheCommitterThread) {
  const uint64_t seed =
      testutil::TestSeed("LedgerProperty.RandomCommandsAgreeWithTheModelThroughTheCommitterThread");
  SCOPED_TRACE(absl::StrCat("rerun with FONDBOK_SEED=", seed));
  PropertyRun run(seed, PropertySteps(), /*inline_commit_entries_max=*/0);
  run.Run();
}

}  // namespace
}  // namespace fondbok::ledger
