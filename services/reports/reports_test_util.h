// Test fixture of the reports tests: a real Storage and Sequencer on a temporary RocksDB with the
// ledger and reports modules, a fund, and shortcuts to post entries. Header only; test code only.
#ifndef FONDBOK_SERVICES_REPORTS_REPORTS_TEST_UTIL_H_
#define FONDBOK_SERVICES_REPORTS_REPORTS_TEST_UTIL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/ledger_module.h"
#include "ledger/replay.h"
#include "ledger/sequencer.h"
#include "ledger/testing.h"
#include "services/reports/reports_module.h"

namespace fondbok::reports::testing {

class ReportsHarness {
 public:
  ReportsHarness() : clock_(ledger::testutil::TestNow()) {  // 2026-03-15
    EXPECT_TRUE(registry_.Register(&ledger_).ok());
    EXPECT_TRUE(registry_.Register(&reports_).ok());
    auto storage = ledger::Storage::Open(dir_.Sub("db"), ledger::StorageOptions{});
    EXPECT_TRUE(storage.ok()) << storage.status();
    storage_ = std::move(*storage);
    ledger::SequencerOptions options;
    options.time_zone = "Europe/Stockholm";
    auto sequencer = ledger::Sequencer::Start(storage_.get(), &registry_, &clock_, options);
    EXPECT_TRUE(sequencer.ok()) << sequencer.status();
    sequencer_ = std::move(*sequencer);
    v1::Command create;
    create.mutable_create_fund()->mutable_fund()->set_name("Mikrofonden Väst");
    create.mutable_create_fund()->mutable_fund()->set_base_currency("SEK");
    create.mutable_create_fund()->mutable_fund()->set_time_zone("Europe/Stockholm");
    EXPECT_TRUE(Run(std::string(ledger::kSystemActor), "", create).ok());
  }
  ~ReportsHarness() {
    sequencer_.reset();
    EXPECT_TRUE(storage_->Close().ok());
  }

  absl::StatusOr<v1::WriteResult> Run(const std::string& actor, const std::string& role, v1::Command command) {
    std::vector<v1::Command> commands;
    commands.push_back(std::move(command));
    ledger::WriteRequest r = ledger::testutil::MakeRequest(actor, absl::StrCat("req-", next_++), std::move(commands));
    r.actor_role = role;
    return sequencer_->SubmitAndWait(std::move(r));
  }
  // As an officer; the entry's seq (0 on failure, which fails the test).
  uint64_t MustRun(v1::Command command) {
    auto result = Run("tok-officer", "officer", std::move(command));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() && result->entries_size() > 0 ? result->entries(0).seq() : 0;
  }
  void Open(const std::string& code, v1::AccountType type, const std::string& currency = "SEK") {
    MustRun(ledger::testutil::OpenAccountCommand(ledger::testutil::MakeAccount(code, type, currency)));
  }
  // debit `debit`, credit `credit`, `amount_ore`, on `date`.
  uint64_t Post(const std::string& debit, const std::string& credit, int64_t amount_ore, const std::string& date,
                bool pending = false, const std::string& memo = "") {
    return MustRun(ledger::testutil::PostCommand(
        {ledger::testutil::Debit(debit, amount_ore), ledger::testutil::Credit(credit, amount_ore)}, date, pending, 0,
        memo));
  }
  void ExpectReplayMatches() {
    auto snapshot = storage_->NewSnapshot();
    ledger::MemoryKv rebuilt;
    ledger::ReplayOptions options;
    options.time_zone = "Europe/Stockholm";
    auto replayed = ledger::ReplayJournal(*snapshot, registry_, options, &rebuilt);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    auto diff = ledger::DiffViews(rebuilt, *snapshot);
    ASSERT_TRUE(diff.ok()) << diff.status();
    EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;
  }
  ledger::Storage& storage() { return *storage_; }

 private:
  ledger::testutil::ScopedTempDir dir_;
  ledger::LedgerModule ledger_;
  ReportsModule reports_;
  ledger::ModuleRegistry registry_;
  ledger::FixedClock clock_;
  std::unique_ptr<ledger::Storage> storage_;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  int next_ = 1;
};

}  // namespace fondbok::reports::testing

#endif  // FONDBOK_SERVICES_REPORTS_REPORTS_TEST_UTIL_H_
