// Helpers for the ledger's own tests (ledger/*_test.cc): temporary data directories, account and
// posting builders, and a harness that runs a real Storage + Sequencer + LedgerModule on a fixed
// clock. Header only; test code only (it includes GoogleTest).
#ifndef FONDBOK_LEDGER_TESTING_H_
#define FONDBOK_LEDGER_TESTING_H_

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "gtest/gtest.h"
#include "ledger/books.h"
#include "ledger/clock.h"
#include "ledger/hash.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/kv.h"
#include "ledger/ledger_module.h"
#include "ledger/module.h"
#include "ledger/sequencer.h"
#include "ledger/storage.h"

namespace fondbok::ledger::testutil {

// The fixed "now" of every test: 2026-03-15 10:00 UTC (11:00 in Stockholm), far from midnight so
// that the business day is the same in UTC and in the fund's zone.
inline absl::Time TestNow() { return absl::FromCivil(absl::CivilSecond(2026, 3, 15, 10, 0, 0), absl::UTCTimeZone()); }
inline constexpr absl::string_view kToday = "2026-03-15";
inline absl::CivilDay TestToday() { return absl::CivilDay(2026, 3, 15); }

// A fresh directory under ::testing::TempDir(); removed with everything in it on destruction.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = (std::filesystem::path(::testing::TempDir()) /
             absl::StrCat("fondbok-ledger-", getpid(), "-", counter.fetch_add(1), "-", random()))
                .string();
    std::filesystem::create_directories(path_);
  }
  ~ScopedTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Sub(absl::string_view name) const { return (std::filesystem::path(path_) / std::string(name)).string(); }

 private:
  std::string path_;
};

// The seed of a random test: FONDBOK_SEED when set, else the time. Printed so a failure can be rerun.
inline uint64_t TestSeed(absl::string_view test_name) {
  uint64_t seed = 0;
  const char* env = std::getenv("FONDBOK_SEED");
  if (env == nullptr || !absl::SimpleAtoi(env, &seed)) {
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::cout << "[ seed     ] " << test_name << ": FONDBOK_SEED=" << seed << std::endl;
  return seed;
}

// ---- builders ----

inline v1::Account MakeAccount(absl::string_view code, v1::AccountType type, absl::string_view currency = "SEK",
                               bool debits_must_not_exceed_credits = false,
                               bool credits_must_not_exceed_debits = false) {
  v1::Account account;
  account.set_code(std::string(code));
  account.set_type(type);
  account.set_currency(std::string(currency));
  account.mutable_flags()->set_debits_must_not_exceed_credits(debits_must_not_exceed_credits);
  account.mutable_flags()->set_credits_must_not_exceed_debits(credits_must_not_exceed_debits);
  return account;
}

inline v1::Posting MakePosting(absl::string_view account, v1::Side side, int64_t amount_ore,
                               absl::string_view currency = "", v1::Phase phase = v1::POSTED) {
  v1::Posting p;
  p.set_account(std::string(account));
  p.set_side(side);
  p.set_amount_ore(amount_ore);
  p.set_currency(std::string(currency));
  p.set_phase(phase);
  return p;
}
inline v1::Posting Debit(absl::string_view account, int64_t amount_ore, absl::string_view currency = "") {
  return MakePosting(account, v1::DEBIT, amount_ore, currency);
}
inline v1::Posting Credit(absl::string_view account, int64_t amount_ore, absl::string_view currency = "") {
  return MakePosting(account, v1::CREDIT, amount_ore, currency);
}

inline v1::Command OpenAccountCommand(const v1::Account& account) {
  v1::Command command;
  *command.mutable_open_account()->mutable_account() = account;
  return command;
}

inline v1::Command PostCommand(const std::vector<v1::Posting>& postings, absl::string_view value_date = "",
                               bool pending = false, int64_t expires_in_s = 0, absl::string_view memo = "") {
  v1::Command command;
  v1::PostEntry* post = command.mutable_post_entry();
  for (const v1::Posting& p : postings) *post->add_postings() = p;
  post->set_value_date(std::string(value_date));
  post->set_pending(pending);
  post->set_expires_in_s(expires_in_s);
  post->set_memo(std::string(memo));
  return command;
}

inline v1::Command PostPendingCommand(uint64_t pending_seq, int64_t amount_ore = 0, absl::string_view value_date = "") {
  v1::Command command;
  command.mutable_post_pending()->set_pending_seq(pending_seq);
  command.mutable_post_pending()->set_amount_ore(amount_ore);
  command.mutable_post_pending()->set_value_date(std::string(value_date));
  return command;
}

inline v1::Command VoidPendingCommand(uint64_t pending_seq) {
  v1::Command command;
  command.mutable_void_pending()->set_pending_seq(pending_seq);
  return command;
}

inline v1::Command ReverseCommand(uint64_t seq, absl::string_view value_date = "") {
  v1::Command command;
  command.mutable_reverse_entry()->set_seq(seq);
  command.mutable_reverse_entry()->set_value_date(std::string(value_date));
  return command;
}

inline v1::Command ClosePeriodCommand(absl::string_view period) {
  v1::Command command;
  command.mutable_close_period()->set_period(std::string(period));
  return command;
}

// The fingerprint a caller would send: SHA-256 over the commands (length-prefixed).
inline std::string PayloadSha256(const std::vector<v1::Command>& commands) {
  std::string bytes;
  for (const v1::Command& c : commands) {
    std::string one = c.SerializeAsString();
    absl::StrAppend(&bytes, one.size(), ":", one);
  }
  return Sha256(bytes);
}

inline WriteRequest MakeRequest(absl::string_view actor, absl::string_view request_id,
                                std::vector<v1::Command> commands) {
  WriteRequest request;
  request.actor = std::string(actor);
  request.request_id = std::string(request_id);
  request.payload_sha256 = PayloadSha256(commands);
  request.commands = std::move(commands);
  return request;
}

// Opens `account` in a MemoryKv the way the sequencer would: through LedgerModule::Project of an
// AccountOpened entry with the given seq.
inline absl::Status OpenInKv(KvStore& kv, const v1::Account& account, uint64_t seq) {
  v1::JournalEntry entry;
  entry.set_seq(seq);
  *entry.mutable_event()->mutable_account_opened()->mutable_account() = account;
  LedgerModule module;
  ViewWriter views("ledger/", &kv);
  return module.Project(entry, views);
}

// Rewrites a data directory as a format-1 fondbokd left it (keys.h): every account record with the
// totals ReadAccount finds, and format 1 recorded. For tests of the upgrade.
inline absl::Status RewriteAsFormat1(Storage& storage) {
  auto snapshot = storage.NewSnapshot();
  auto txn = storage.NewWriteTxn();
  absl::Status failure = absl::OkStatus();
  absl::Status scanned = ScanProto<v1::AccountState>(
      *snapshot, Space::kViews, kAccountKeyPrefix, PrefixEnd(kAccountKeyPrefix), "account record",
      [&](absl::string_view key, v1::AccountState& definition) {
        auto account = CompleteAccount(*snapshot, std::move(definition));
        if (!account.ok()) {
          failure = account.status();
          return false;
        }
        txn->Put(Space::kViews, key, account->SerializeAsString());
        return true;
      });
  if (!scanned.ok()) return scanned;
  if (!failure.ok()) return failure;
  txn->PutMeta(kMetaFormat, kFormatVersion1);
  return storage.Commit(*txn, /*sync=*/true);
}

// Everything in the views and index spaces, for "nothing changed" comparisons.
struct StoreDump {
  std::map<std::string, std::string> views;
  std::map<std::string, std::string> index;
  bool operator==(const StoreDump&) const = default;
};
// include_index = false leaves the (large) history index out, for checks run at every step.
inline StoreDump Dump(const KvReader& reader, bool include_index = true) {
  StoreDump dump;
  auto copy_into = [&](Space space, std::map<std::string, std::string>* out) {
    absl::Status status = reader.Scan(space, "", "", [&](absl::string_view key, absl::string_view value) {
      out->emplace(std::string(key), std::string(value));
      return true;
    });
    EXPECT_TRUE(status.ok()) << status;
  };
  copy_into(Space::kViews, &dump.views);
  if (include_index) copy_into(Space::kIndex, &dump.index);
  return dump;
}

// The answer to an asynchronously submitted request, and how often `done` was called.
class Answer {
 public:
  std::function<void(absl::StatusOr<v1::WriteResult>)> Callback() {
    return [this](absl::StatusOr<v1::WriteResult> result) {
      std::lock_guard<std::mutex> lock(mu_);
      ++calls_;
      result_ = std::move(result);
    };
  }
  int calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  absl::StatusOr<v1::WriteResult> result() const {
    std::lock_guard<std::mutex> lock(mu_);
    return result_.value_or(absl::InternalError("no answer yet"));
  }

 private:
  mutable std::mutex mu_;
  int calls_ = 0;
  std::optional<absl::StatusOr<v1::WriteResult>> result_;
};

// Polls `condition` every few milliseconds until it holds or `timeout` passes.
template <typename Condition>
bool WaitFor(Condition condition, absl::Duration timeout = absl::Seconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Holds the sequencer's writer thread between groups, so that a test can queue several requests
// and have them processed as one group, or fill the queue deterministically. Arm(after_seq) holds
// the writer once a commit past `after_seq` is written, until Release().
class SequencerGate {
 public:
  void Arm(uint64_t after_seq) {
    std::lock_guard<std::mutex> lock(mu_);
    armed_ = true;
    entered_ = false;
    after_seq_ = after_seq;
  }
  // Called from SequencerOptions::before_group_for_testing (the writer thread, between groups).
  void MaybeHold(const std::function<uint64_t()>& settle) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!armed_) return;
    }
    const uint64_t last_seq = settle();
    std::unique_lock<std::mutex> lock(mu_);
    if (!armed_ || last_seq <= after_seq_) return;
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return !armed_; });
  }
  bool WaitEntered(absl::Duration timeout = absl::Seconds(10)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(timeout), [this] { return entered_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    armed_ = false;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false;
  bool entered_ = false;
  uint64_t after_seq_ = 0;
};

// A real ledger on disk: Storage in a temporary directory, a registry with the LedgerModule, a
// FixedClock at TestNow() and a running Sequencer. Restart() closes and reopens both.
class LedgerHarness {
 public:
  explicit LedgerHarness(SequencerOptions options = {}, SequencerObserver* observer = nullptr)
      : clock_(TestNow()), options_(std::move(options)), observer_(observer) {
    options_.before_group_for_testing = [this](const std::function<uint64_t()>& settle) {
      gate_.MaybeHold(settle);
    };
    ExpectOk(registry_.Register(&module_));
    ExpectOk(Open());
  }
  ~LedgerHarness() { Shutdown(); }

  absl::Status Open() {
    auto storage = Storage::Open(dir_.Sub("db"), StorageOptions{});
    if (!storage.ok()) return storage.status();
    storage_ = std::move(*storage);
    auto sequencer = Sequencer::Start(storage_.get(), &registry_, &clock_, options_, observer_);
    if (!sequencer.ok()) return sequencer.status();
    sequencer_ = std::move(*sequencer);
    return absl::OkStatus();
  }
  void Shutdown() {
    sequencer_.reset();
    if (storage_ != nullptr) {
      absl::Status closed = storage_->Close();
      EXPECT_TRUE(closed.ok()) << closed;
    }
    storage_.reset();
  }
  absl::Status Restart() {
    Shutdown();
    return Open();
  }

  absl::StatusOr<v1::WriteResult> Submit(absl::string_view actor, absl::string_view request_id,
                                         std::vector<v1::Command> commands) {
    return sequencer_->SubmitAndWait(MakeRequest(actor, request_id, std::move(commands)));
  }
  // One command under a fresh request id, as "officer".
  absl::StatusOr<v1::WriteResult> Run(v1::Command command) {
    return Submit("officer", absl::StrCat("req-", next_request_++), {std::move(command)});
  }
  // The seq of a one-command request that must succeed.
  uint64_t MustRun(v1::Command command) {
    auto result = Run(std::move(command));
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || result->entries_size() != 1) return 0;
    return result->entries(0).seq();
  }
  uint64_t MustOpen(const v1::Account& account) { return MustRun(OpenAccountCommand(account)); }

  v1::AccountState Account(absl::string_view code) {
    auto snapshot = storage_->NewSnapshot();
    auto state = ReadAccount(*snapshot, code);
    EXPECT_TRUE(state.ok()) << state.status();
    EXPECT_TRUE(state.ok() && state->has_value()) << "account " << code << " missing";
    return state.ok() && state->has_value() ? **state : v1::AccountState();
  }
  std::optional<v1::PendingState> Pending(uint64_t seq) {
    auto snapshot = storage_->NewSnapshot();
    auto state = ReadPending(*snapshot, seq);
    EXPECT_TRUE(state.ok()) << state.status();
    return state.ok() ? *state : std::nullopt;
  }
  // Entry `seq` as stored, opened and hash-checked.
  absl::StatusOr<v1::JournalEntry> Entry(uint64_t seq) {
    auto snapshot = storage_->NewSnapshot();
    auto stored = snapshot->GetJournal(seq);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return absl::NotFoundError(absl::StrCat("no journal entry ", seq));
    return OpenEntry(seq, **stored);
  }

  Storage& storage() { return *storage_; }
  Sequencer& sequencer() { return *sequencer_; }
  FixedClock& clock() { return clock_; }
  SequencerGate& gate() { return gate_; }
  const ModuleRegistry& registry() const { return registry_; }
  const ScopedTempDir& dir() const { return dir_; }

 private:
  static void ExpectOk(const absl::Status& status) { EXPECT_TRUE(status.ok()) << status; }

  ScopedTempDir dir_;
  LedgerModule module_;
  ModuleRegistry registry_;
  FixedClock clock_;
  SequencerOptions options_;
  SequencerObserver* observer_ = nullptr;
  SequencerGate gate_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Sequencer> sequencer_;
  int next_request_ = 1;
};

}  // namespace fondbok::ledger::testutil

#endif  // FONDBOK_LEDGER_TESTING_H_
