// Four eyes through the real sequencer on a temporary RocksDB: the last approval and the command
// it executes are written in one request (the follow-up right after the approval, marked with
// approved_by_proposal); a failing follow-up rolls the approval back; replay rebuilds the views.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "ledger/journal.h"
#include "ledger/replay.h"
#include "ledger/testing.h"
#include "services/approvals/approval_keys.h"
#include "services/approvals/approvals_module.h"
#include "services/approvals/approvals_test_util.h"

namespace fondbok::approvals {
namespace {

using namespace testing;  // NOLINT: the fixtures of this test family
using ledger::testutil::ScopedTempDir;

class ApprovalLedger {
 public:
  ApprovalLedger() : clock_(ledger::testutil::TestNow()) {
    EXPECT_TRUE(registry_.Register(&ledger_module_).ok());
    EXPECT_TRUE(registry_.Register(&approvals_).ok());
    EXPECT_TRUE(registry_.Register(&fake_).ok());
    auto storage = ledger::Storage::Open(dir_.Sub("db"), ledger::StorageOptions{});
    EXPECT_TRUE(storage.ok()) << storage.status();
    storage_ = std::move(*storage);
    auto sequencer = ledger::Sequencer::Start(storage_.get(), &registry_, &clock_, ledger::SequencerOptions{});
    EXPECT_TRUE(sequencer.ok()) << sequencer.status();
    sequencer_ = std::move(*sequencer);
  }
  ~ApprovalLedger() {
    sequencer_.reset();
    EXPECT_TRUE(storage_->Close().ok());
  }

  absl::StatusOr<v1::WriteResult> Run(const Person& who, v1::Command command) {
    std::vector<v1::Command> commands;
    commands.push_back(std::move(command));
    ledger::WriteRequest request = ledger::testutil::MakeRequest(who.id, absl::StrCat("req-", next_++), commands);
    request.actor_role = who.role;
    request.actor_name = who.name;
    return sequencer_->SubmitAndWait(std::move(request));
  }
  v1::JournalEntry Entry(uint64_t seq) {
    auto snapshot = storage_->NewSnapshot();
    auto stored = snapshot->GetJournal(seq);
    EXPECT_TRUE(stored.ok() && stored->has_value()) << seq;
    auto entry = ledger::OpenEntry(seq, **stored);
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.ok() ? *entry : v1::JournalEntry();
  }
  v1::Proposal Proposal(absl::string_view id) {
    auto snapshot = storage_->NewSnapshot();
    auto p = ReadProposal(*snapshot, id);
    EXPECT_TRUE(p.ok() && p->has_value()) << id;
    return p.ok() && p->has_value() ? **p : v1::Proposal();
  }
  void ExpectReplayMatches() {
    auto snapshot = storage_->NewSnapshot();
    ledger::MemoryKv rebuilt;
    ASSERT_TRUE(ledger::ReplayJournal(*snapshot, registry_, ledger::ReplayOptions{}, &rebuilt).ok());
    auto diff = ledger::DiffViews(rebuilt, *snapshot);
    ASSERT_TRUE(diff.ok()) << diff.status();
    EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;
  }
  uint64_t last_seq() const { return sequencer_->last_seq(); }

 private:
  ScopedTempDir dir_;
  ledger::LedgerModule ledger_module_;
  ledger::ModuleRegistry registry_;
  ApprovalsModule approvals_{&registry_};
  FakeCreditModule fake_;
  ledger::FixedClock clock_;
  std::unique_ptr<ledger::Storage> storage_;
  std::unique_ptr<ledger::Sequencer> sequencer_;
  int next_ = 1;
};

TEST(ApprovalsThroughSequencer, LastApprovalExecutesInTheSameRequest) {
  ApprovalLedger books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  auto proposed = books.Run(kOlle, Propose(ApproveCredit("C-000001", 100'000)));
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  auto first = books.Run(kOla, Approve("P-000001", "fine"));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->entries_size(), 1);

  auto last = books.Run(kOtto, Approve("P-000001", "agreed"));
  ASSERT_TRUE(last.ok()) << last.status();
  ASSERT_EQ(last->entries_size(), 2) << "the approval and the command it executes";
  const uint64_t approval_seq = last->entries(0).seq();
  EXPECT_EQ(last->entries(1).seq(), approval_seq + 1);
  const v1::JournalEntry approval = books.Entry(approval_seq);
  ASSERT_TRUE(approval.event().has_proposal_approved());
  EXPECT_TRUE(approval.event().proposal_approved().executes());
  EXPECT_EQ(approval.approved_by_proposal(), "");
  const v1::JournalEntry executed = books.Entry(approval_seq + 1);
  ASSERT_TRUE(executed.event().has_credit_approved());
  EXPECT_EQ(executed.approved_by_proposal(), "P-000001");
  EXPECT_EQ(executed.actor(), kOtto.id);
  EXPECT_EQ(executed.request_id(), approval.request_id());
  EXPECT_EQ(executed.prev_hash(), last->entries(0).hash());

  const v1::Proposal p = books.Proposal("P-000001");
  EXPECT_EQ(p.state(), v1::PROPOSAL_EXECUTED);
  EXPECT_EQ(p.decided_seq(), approval_seq);
  ASSERT_EQ(p.votes_size(), 2);
  EXPECT_EQ(p.votes(1).recorded_at_us(), absl::ToUnixMicros(ledger::testutil::TestNow()));
  books.ExpectReplayMatches();
}

TEST(ApprovalsThroughSequencer, FailingCommandRollsTheApprovalBack) {
  ApprovalLedger books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", kFailsOnExecuteOre))).ok());
  ASSERT_TRUE(books.Run(kOla, Approve("P-000001")).ok());
  const uint64_t before = books.last_seq();
  auto last = books.Run(kOtto, Approve("P-000001"));
  EXPECT_EQ(last.status().code(), absl::StatusCode::kFailedPrecondition) << last.status();
  EXPECT_TRUE(absl::StrContains(last.status().message(), "not enough free lending capital")) << last.status();
  EXPECT_EQ(books.last_seq(), before) << "neither the approval nor the command was written";
  const v1::Proposal p = books.Proposal("P-000001");
  EXPECT_EQ(p.state(), v1::PROPOSAL_OPEN);
  EXPECT_EQ(p.votes_size(), 1);
  // The same approver may try again later (e.g. once capital is deposited); a stale one cannot.
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  auto stale = books.Run(kOtto, Approve("P-000001"));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(stale.status().message(), "the basis changed")) << stale.status();
  books.ExpectReplayMatches();
}

}  // namespace
}  // namespace fondbok::approvals
