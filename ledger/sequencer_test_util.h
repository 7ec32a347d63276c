// Shared fixtures of the sequencer tests: a small chart of accounts and command builders.
#ifndef FONDBOK_LEDGER_SEQUENCER_TEST_UTIL_H_
#define FONDBOK_LEDGER_SEQUENCER_TEST_UTIL_H_

#include <pthread.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/hash.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/queries.h"
#include "ledger/replay.h"
#include "ledger/testing.h"

namespace fondbok::ledger::seqtest {


using testutil::Answer;
using testutil::ClosePeriodCommand;
using testutil::Credit;
using testutil::Debit;
using testutil::Dump;
using testutil::kToday;
using testutil::LedgerHarness;
using testutil::MakeAccount;
using testutil::MakeRequest;
using testutil::OpenAccountCommand;
using testutil::PostCommand;
using testutil::PostPendingCommand;
using testutil::ReverseCommand;
using testutil::TestNow;
using testutil::VoidPendingCommand;
using testutil::WaitFor;

constexpr absl::string_view kBank = "asset:bank";                // may not go below zero
constexpr absl::string_view kCapital = "liability:capital:m1";   // may not be overdrawn
constexpr absl::string_view kLoans = "asset:loans:l1";
constexpr absl::string_view kIncome = "income:interest";
constexpr absl::string_view kCash = "asset:cash";
constexpr absl::string_view kPlain = "liability:capital:m2";

inline void OpenChart(LedgerHarness& h) {
  h.MustOpen(MakeAccount(kBank, v1::ASSET, "SEK", false, true));
  h.MustOpen(MakeAccount(kCapital, v1::LIABILITY, "SEK", true, false));
  h.MustOpen(MakeAccount(kLoans, v1::ASSET));
  h.MustOpen(MakeAccount(kIncome, v1::INCOME));
  h.MustOpen(MakeAccount(kCash, v1::ASSET));
  h.MustOpen(MakeAccount(kPlain, v1::LIABILITY));
}

inline v1::Command Transfer(absl::string_view debit, absl::string_view credit, int64_t amount_ore,
                     absl::string_view value_date = "") {
  return PostCommand({Debit(debit, amount_ore), Credit(credit, amount_ore)}, value_date);
}

inline v1::Command Reserve(absl::string_view debit, absl::string_view credit, int64_t amount_ore, int64_t expires_in_s = 0) {
  return PostCommand({Debit(debit, amount_ore), Credit(credit, amount_ore)}, "", /*pending=*/true, expires_in_s);
}

inline std::vector<uint64_t> Seqs(const v1::WriteResult& result) {
  std::vector<uint64_t> seqs;
  for (const v1::EntryRef& ref : result.entries()) seqs.push_back(ref.seq());
  return seqs;
}

// The same entries (seq and hash), whether or not the answer is marked as replayed.
inline bool SameEntries(const v1::WriteResult& a, const v1::WriteResult& b) {
  if (a.entries_size() != b.entries_size()) return false;
  for (int i = 0; i < a.entries_size(); ++i) {
    if (a.entries(i).seq() != b.entries(i).seq() || a.entries(i).hash() != b.entries(i).hash()) return false;
  }
  return a.entries_size() > 0;
}

inline absl::StatusOr<ChainCheck> Verify(LedgerHarness& h) { return VerifyChain(*h.storage().NewSnapshot()); }

// The name of the calling thread ("seq-writer", "seq-commit", "seq-reply", ...).
inline std::string ThreadName() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

class RecordingObserver final : public SequencerObserver {
 public:
  struct Group {
    size_t requests, entries;
    std::string written_on;  // the thread that wrote the group
  };
  void OnGroupCommitted(size_t requests, size_t entries, absl::Duration) override {
    std::lock_guard<std::mutex> lock(mu_);
    groups_.push_back({requests, entries, ThreadName()});
  }
  void OnQueueDepth(size_t) override {}
  std::vector<Group> groups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return groups_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Group> groups_;
};

}  // namespace fondbok::ledger::seqtest

#endif  // FONDBOK_LEDGER_SEQUENCER_TEST_UTIL_H_
