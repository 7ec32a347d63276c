// The four-eyes rules, in memory: a small harness decides and projects commands (and their
// follow-ups, all or none) through a registry holding the approvals module and a fake credits
// module, as the sequencer would.
#include "services/approvals/approvals_module.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/approvals/approval_keys.h"
#include "services/approvals/approvals_test_util.h"
#include "services/approvals/policy.h"

namespace fondbok::approvals {
namespace {

using namespace testing;  // NOLINT: the fixtures of this test family

class MemoryState final : public ledger::StateReader {
 public:
  absl::StatusOr<std::optional<std::string>> Get(ledger::Space space, absl::string_view key) const override {
    return kv.Get(space, key);
  }
  absl::Status Scan(ledger::Space space, absl::string_view start, absl::string_view end,
                    const ledger::ScanVisitor& visit) const override {
    return kv.Scan(space, start, end, visit);
  }
  absl::StatusOr<std::optional<v1::JournalEntry>> GetEntry(uint64_t seq) const override {
    auto it = entries.find(seq);
    if (it == entries.end()) return std::nullopt;
    return it->second;
  }
  ledger::MemoryKv kv;
  std::map<uint64_t, v1::JournalEntry> entries;
};

class Books {
 public:
  Books() {
    EXPECT_TRUE(registry_.Register(&approvals_).ok());
    EXPECT_TRUE(registry_.Register(&fake_).ok());
  }

  // Runs one request; on any error nothing of it stays. Returns the seqs written.
  absl::StatusOr<std::vector<uint64_t>> Run(const Person& who, const v1::Command& command) {
    const ledger::MemoryKv saved_kv = state_.kv;
    const auto saved_entries = state_.entries;
    const uint64_t saved_seq = next_seq_;
    std::vector<uint64_t> seqs;
    absl::Status status = Apply(who, command, "", 0, &seqs);
    if (!status.ok()) {
      state_.kv = saved_kv;
      state_.entries = saved_entries;
      next_seq_ = saved_seq;
      return status;
    }
    return seqs;
  }

  v1::Proposal Proposal(absl::string_view id) {
    auto p = ReadProposal(state_.kv, id);
    EXPECT_TRUE(p.ok() && p->has_value()) << id;
    return p.ok() && p->has_value() ? **p : v1::Proposal();
  }
  bool IsOpenIndexed(absl::string_view id) {
    auto v = state_.kv.Get(ledger::Space::kViews, OpenKey(id));
    return v.ok() && v->has_value();
  }
  std::string Credit(absl::string_view id) {
    auto v = state_.kv.Get(ledger::Space::kViews, FakeCreditModule::Key(id));
    return v.ok() && v->has_value() ? **v : "";
  }
  const v1::JournalEntry& Entry(uint64_t seq) { return state_.entries.at(seq); }
  const ledger::MemoryKv& kv() const { return state_.kv; }
  uint64_t last_seq() const { return next_seq_ - 1; }

  // Every view rebuilt from the journal by Project alone.
  ledger::MemoryKv Replay() const {
    ledger::MemoryKv rebuilt;
    for (const auto& [seq, entry] : state_.entries) {
      const ledger::Module* m = registry_.ForEvent(entry.event());
      ledger::ViewWriter views(absl::StrCat(m->Name(), "/"), &rebuilt);
      EXPECT_TRUE(m->Project(entry, views).ok()) << seq;
    }
    return rebuilt;
  }

 private:
  absl::Status Apply(const Person& who, const v1::Command& command, absl::string_view approved_by, int depth,
                     std::vector<uint64_t>* seqs) {
    ledger::CommandContext context;
    context.actor = who.id;
    context.request_id = "req";
    context.now = absl::FromUnixSeconds(1'773'568'800);
    context.today = absl::CivilDay(2026, 3, 15);
    context.actor_role = who.role;
    context.actor_name = who.name;
    context.approved_by_proposal = approved_by;
    const ledger::Module* module = registry_.ForCommand(command);
    if (module == nullptr) return absl::InvalidArgumentError("no module");
    ASSIGN_OR_RETURN(ledger::Decision decision, module->Decide(context, command, state_));
    v1::JournalEntry entry;
    entry.set_seq(next_seq_++);
    entry.set_recorded_at_us(1'000'000 * static_cast<int64_t>(entry.seq()));
    entry.set_actor(who.id);
    entry.set_approved_by_proposal(std::string(approved_by));
    *entry.mutable_event() = decision.event;
    const ledger::Module* projector = registry_.ForEvent(entry.event());
    ledger::ViewWriter views(absl::StrCat(projector->Name(), "/"), &state_.kv);
    RETURN_IF_ERROR(projector->Project(entry, views));
    state_.entries[entry.seq()] = entry;
    seqs->push_back(entry.seq());
    if (depth > 0 && !decision.follow_ups.empty()) return absl::InternalError("nested follow-ups");
    for (const v1::Command& next : decision.follow_ups) {
      RETURN_IF_ERROR(Apply(who, next, decision.follow_ups_approved_by, depth + 1, seqs));
    }
    return absl::OkStatus();
  }

  ledger::ModuleRegistry registry_;
  ApprovalsModule approvals_{&registry_};
  FakeCreditModule fake_;
  MemoryState state_;
  uint64_t next_seq_ = 1;
};

void ExpectError(const absl::StatusOr<std::vector<uint64_t>>& result, absl::StatusCode code,
                 absl::string_view message_part, absl::string_view what = "") {
  EXPECT_EQ(result.status().code(), code) << what << ": " << result.status();
  EXPECT_TRUE(absl::StrContains(result.status().message(), message_part)) << what << ": " << result.status();
}

std::string Needed(const v1::Proposal& p) {
  return DescribeQuorum(std::vector<v1::RoleQuorum>(p.required().begin(), p.required().end()));
}

TEST(ApprovalsModule, ProposalGetsTheQuorumOfItsAmount) {
  struct Case {
    const char* name;
    int64_t amount_ore;
    const char* want;
  };
  const std::vector<Case> cases = {
      {"small credit", 10'000'000, "2 officer approvals"},
      {"500 000 kr exactly", 50'000'000, "2 officer approvals"},
      {"above 500 000 kr", 50'000'001, "2 officer approvals and 1 board approval"},
  };
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  int n = 0;
  for (const Case& c : cases) {
    auto result = books.Run(kOlle, Propose(ApproveCredit("C-000001", c.amount_ore), "looks good"));
    ASSERT_TRUE(result.ok()) << c.name << ": " << result.status();
    ASSERT_EQ(result->size(), 1u) << "nothing executes yet";
    const std::string id = FormatProposalId(++n);
    const v1::Proposal p = books.Proposal(id);
    EXPECT_EQ(Needed(p), c.want) << c.name;
    EXPECT_EQ(p.state(), v1::PROPOSAL_OPEN);
    EXPECT_TRUE(books.IsOpenIndexed(id));
    EXPECT_EQ(p.action(), "credit.approve");
    EXPECT_EQ(p.subject(), "credit C-000001");
    EXPECT_EQ(p.amount_ore(), c.amount_ore);
    EXPECT_EQ(p.currency(), "SEK");
    EXPECT_EQ(p.basis(), "credit C-000001 SUBMITTED at seq 1");
    EXPECT_EQ(p.proposer(), "tok-o1");
    EXPECT_EQ(p.proposer_name(), "Olle Officer");
    EXPECT_EQ(p.proposer_role(), v1::OFFICER);
    EXPECT_EQ(p.comment(), "looks good");
    EXPECT_EQ(p.proposed_seq(), (*result)[0]);
    EXPECT_EQ(p.decided_seq(), 0u);
    EXPECT_EQ(ProposalIdOf(books.Entry((*result)[0])).value_or(""), id);
  }
}

TEST(ApprovalsModule, RefusedProposalsWriteNothing) {
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  v1::Command garbage;
  garbage.mutable_propose()->set_command("\xff\xff\xff");
  v1::Command empty;
  empty.mutable_propose();
  v1::Command too_long = Propose(ApproveCredit("C-000001", 1), std::string(kCommentBytesMax + 1, 'x'));
  struct Case {
    const char* name;
    Person who;
    v1::Command command;
    absl::StatusCode code;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"does not decode", kOlle, garbage, absl::StatusCode::kInvalidArgument, "does not decode"},
      {"no command", kOlle, empty, absl::StatusCode::kInvalidArgument, "needs the command"},
      {"nested proposal", kOlle, Propose(Propose(ApproveCredit("C-000001", 1))), absl::StatusCode::kInvalidArgument,
       "cannot propose, approve or reject"},
      {"proposing an approval", kOlle, Propose(Approve("P-000001")), absl::StatusCode::kInvalidArgument,
       "cannot propose, approve or reject"},
      {"not proposable", kOlle, Propose(SubmitCredit("C-000001")), absl::StatusCode::kInvalidArgument,
       "no command that can be proposed"},
      {"unknown credit", kOlle, Propose(ApproveCredit("C-000009", 1)), absl::StatusCode::kNotFound,
       "credit C-000009 does not exist"},
      {"auditor", kAudrey, Propose(ApproveCredit("C-000001", 1)), absl::StatusCode::kPermissionDenied,
       "an auditor cannot make proposals"},
      {"no role", Person{"system", "", ""}, Propose(ApproveCredit("C-000001", 1)),
       absl::StatusCode::kPermissionDenied, "cannot make proposals"},
      {"long comment", kOlle, too_long, absl::StatusCode::kInvalidArgument, "at most"},
      {"direct execution", kOlle, ApproveCredit("C-000001", 1), absl::StatusCode::kPermissionDenied,
       "needs four eyes"},
      {"direct policy change", kAda, SetPolicy(DefaultPolicy()), absl::StatusCode::kPermissionDenied,
       "a policy change needs four eyes: propose it"},
  };
  for (const Case& c : cases) {
    const auto before = books.kv().Contents(ledger::Space::kViews);
    ExpectError(books.Run(c.who, c.command), c.code, c.message_part, c.name);
    EXPECT_EQ(books.kv().Contents(ledger::Space::kViews), before) << c.name;
    EXPECT_EQ(books.last_seq(), 1u) << c.name;
  }
}

TEST(ApprovalsModule, TermsErrorsPassThrough) {
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 100))).ok());
  ASSERT_TRUE(books.Run(kOla, Approve("P-000001")).ok());
  ASSERT_TRUE(books.Run(kOtto, Approve("P-000001")).ok());
  ASSERT_EQ(books.Credit("C-000001").rfind("APPROVED", 0), 0u);
  ExpectError(books.Run(kOlle, Propose(ApproveCredit("C-000001", 100))), absl::StatusCode::kFailedPrecondition,
              "credit C-000001 is APPROVED");
}

TEST(ApprovalsModule, WhoMayApprove) {
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 60'000'000))).ok());  // 2 officers + 1 board
  const std::string id = "P-000001";
  struct Step {
    const char* name;
    Person who;
    absl::StatusCode code;  // kOk: the vote counts
    const char* message_part;
  };
  const std::vector<Step> steps = {
      {"unknown proposal", kOla, absl::StatusCode::kNotFound, "proposal P-000009 does not exist"},
      {"the proposer", kOlle, absl::StatusCode::kPermissionDenied,
       "Olle Officer (tok-o1) proposed it; four eyes need someone else"},
      {"the proposer with another token", kOlleAgain, absl::StatusCode::kPermissionDenied, "proposed it"},
      {"an auditor", kAudrey, absl::StatusCode::kFailedPrecondition, "an auditor approval does not count"},
      {"an admin", kAda, absl::StatusCode::kFailedPrecondition,
       "still needs 2 officer approvals and 1 board approval; an admin approval does not count"},
      {"first officer", kOla, absl::StatusCode::kOk, ""},
      {"first officer again", kOla, absl::StatusCode::kFailedPrecondition, "already approved proposal P-000001"},
      {"second officer", kOtto, absl::StatusCode::kOk, ""},
      {"third officer", kOve, absl::StatusCode::kFailedPrecondition,
       "still needs 1 board approval; an officer approval does not count"},
      {"board", kBea, absl::StatusCode::kOk, ""},
      {"after execution", kOve, absl::StatusCode::kFailedPrecondition, "proposal P-000001 is EXECUTED"},
  };
  for (const Step& s : steps) {
    const uint64_t before = books.last_seq();
    auto result = books.Run(s.who, Approve(s.code == absl::StatusCode::kNotFound ? "P-000009" : id, s.name));
    if (s.code != absl::StatusCode::kOk) {
      ExpectError(result, s.code, s.message_part, s.name);
      EXPECT_EQ(books.last_seq(), before) << s.name;
      continue;
    }
    ASSERT_TRUE(result.ok()) << s.name << ": " << result.status();
    const v1::JournalEntry& entry = books.Entry((*result)[0]);
    ASSERT_TRUE(entry.event().has_proposal_approved()) << s.name;
    EXPECT_EQ(entry.event().proposal_approved().vote().actor(), s.who.id) << s.name;
  }
  const v1::Proposal p = books.Proposal(id);
  EXPECT_EQ(p.state(), v1::PROPOSAL_EXECUTED);
  EXPECT_FALSE(books.IsOpenIndexed(id));
  ASSERT_EQ(p.votes_size(), 3);
  EXPECT_EQ(p.votes(0).name(), "Ola Officer");
  EXPECT_EQ(p.votes(0).role(), v1::OFFICER);
  EXPECT_EQ(p.votes(0).comment(), "first officer");
  EXPECT_TRUE(p.votes(0).approve());
  EXPECT_EQ(p.votes(2).role(), v1::BOARD);
  EXPECT_EQ(p.votes(2).recorded_at_us(), 1'000'000 * static_cast<int64_t>(p.votes(2).seq()));
  // The board's vote executed the credit approval, right after it and under the proposal's id.
  const uint64_t vote_seq = p.votes(2).seq();
  EXPECT_EQ(p.decided_seq(), vote_seq);
  EXPECT_TRUE(books.Entry(vote_seq).event().proposal_approved().executes());
  EXPECT_FALSE(books.Entry(p.votes(1).seq()).event().proposal_approved().executes());
  ASSERT_EQ(books.last_seq(), vote_seq + 1);
  const v1::JournalEntry& executed = books.Entry(vote_seq + 1);
  EXPECT_TRUE(executed.event().has_credit_approved());
  EXPECT_EQ(executed.approved_by_proposal(), id);
  EXPECT_EQ(executed.actor(), "tok-b1");
  EXPECT_EQ(ProposalIdOf(executed).value_or(""), id);
  EXPECT_EQ(books.Credit("C-000001"), absl::StrCat("APPROVED at seq ", vote_seq + 1));
  EXPECT_EQ(books.Replay().Contents(ledger::Space::kViews), books.kv().Contents(ledger::Space::kViews));
}

TEST(ApprovalsModule, StaleBasisRefusesToExecute) {
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 100))).ok());
  ASSERT_TRUE(books.Run(kOla, Approve("P-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());  // the credit moved on (seq 4)
  const auto before = books.kv().Contents(ledger::Space::kViews);
  ExpectError(books.Run(kOtto, Approve("P-000001")), absl::StatusCode::kFailedPrecondition,
              "proposal P-000001 can no longer execute: the basis changed (was \"credit C-000001 SUBMITTED at seq "
              "1\", now \"credit C-000001 SUBMITTED at seq 4\")");
  EXPECT_EQ(books.kv().Contents(ledger::Space::kViews), before);
  EXPECT_EQ(books.Proposal("P-000001").state(), v1::PROPOSAL_OPEN);

  // A second proposal for the same credit loses when the first has executed: its Terms now fail.
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 200))).ok());  // P-000002 on seq 4
  ASSERT_TRUE(books.Run(kOla, Approve("P-000002")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 300))).ok());  // P-000003 on seq 4
  ASSERT_TRUE(books.Run(kOla, Approve("P-000003")).ok());
  ASSERT_TRUE(books.Run(kOtto, Approve("P-000002")).ok());
  ExpectError(books.Run(kOtto, Approve("P-000003")), absl::StatusCode::kFailedPrecondition,
              "proposal P-000003 can no longer execute: the basis changed (was \"credit C-000001 SUBMITTED at seq "
              "4\", now credit C-000001 is APPROVED");
}

TEST(ApprovalsModule, RejectionAndWithdrawal) {
  Books books;
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 100))).ok());  // P-000001
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 200))).ok());  // P-000002
  ASSERT_TRUE(books.Run(kOla, Approve("P-000001")).ok());
  struct Step {
    const char* name;
    Person who;
    std::string id;
    std::string comment;
    absl::StatusCode code;
    const char* message_part;
  };
  const std::vector<Step> steps = {
      {"no comment", kOtto, "P-000001", " ", absl::StatusCode::kInvalidArgument, "needs a comment"},
      {"unknown", kOtto, "P-000077", "no", absl::StatusCode::kNotFound, "does not exist"},
      {"auditor", kAudrey, "P-000001", "no", absl::StatusCode::kPermissionDenied,
       "an auditor cannot reject proposal P-000001: only officer votes count"},
      {"board not in the quorum", kBea, "P-000001", "no", absl::StatusCode::kPermissionDenied, "a board cannot"},
      {"approver changes mind", kOla, "P-000001", "no", absl::StatusCode::kFailedPrecondition, "already approved"},
      {"officer rejects", kOtto, "P-000001", "weak cash flow", absl::StatusCode::kOk, ""},
      {"rejected stays rejected", kOve, "P-000001", "no", absl::StatusCode::kFailedPrecondition,
       "P-000001 is REJECTED"},
      {"proposer withdraws with another token", kOlleAgain, "P-000002", "wrong amount", absl::StatusCode::kOk, ""},
  };
  for (const Step& s : steps) {
    auto result = books.Run(s.who, Reject(s.id, s.comment));
    if (s.code != absl::StatusCode::kOk) {
      ExpectError(result, s.code, s.message_part, s.name);
    } else {
      EXPECT_TRUE(result.ok()) << s.name << ": " << result.status();
    }
  }
  const v1::Proposal rejected = books.Proposal("P-000001");
  EXPECT_EQ(rejected.state(), v1::PROPOSAL_REJECTED);
  EXPECT_FALSE(books.IsOpenIndexed("P-000001"));
  ASSERT_EQ(rejected.votes_size(), 2);
  EXPECT_FALSE(rejected.votes(1).approve());
  EXPECT_EQ(rejected.votes(1).comment(), "weak cash flow");
  EXPECT_EQ(rejected.decided_seq(), rejected.votes(1).seq());
  EXPECT_FALSE(books.Entry(rejected.decided_seq()).event().proposal_rejected().withdrawn());
  const v1::Proposal withdrawn = books.Proposal("P-000002");
  EXPECT_EQ(withdrawn.state(), v1::PROPOSAL_REJECTED);
  EXPECT_TRUE(books.Entry(withdrawn.decided_seq()).event().proposal_rejected().withdrawn());
  ExpectError(books.Run(kOla, Approve("P-000002")), absl::StatusCode::kFailedPrecondition, "is REJECTED");
  EXPECT_EQ(books.Credit("C-000001"), "SUBMITTED at seq 1");
  EXPECT_EQ(books.Replay().Contents(ledger::Space::kViews), books.kv().Contents(ledger::Space::kViews));
}

TEST(ApprovalsModule, PolicyChangeNeedsTwoOtherAdmins) {
  Books books;
  v1::FundPolicy invalid;
  ExpectError(books.Run(kAda, Propose(SetPolicy(invalid))), absl::StatusCode::kInvalidArgument,
              "four eyes on policy changes");
  // The new policy: credit approvals need one board member, nothing else is ruled.
  v1::FundPolicy policy;
  v1::ApprovalRule* change = policy.add_rules();
  change->set_action("policy.change");
  change->add_quorum()->set_role(v1::ADMIN);
  change->mutable_quorum(0)->set_approvals(2);
  v1::ApprovalRule* credit = policy.add_rules();
  credit->set_action("credit.approve");
  credit->add_quorum()->set_role(v1::BOARD);
  credit->mutable_quorum(0)->set_approvals(1);

  auto proposed = books.Run(kAda, Propose(SetPolicy(policy), "board decides credits"));
  ASSERT_TRUE(proposed.ok()) << proposed.status();
  v1::Proposal p = books.Proposal("P-000001");
  EXPECT_EQ(p.action(), "policy.change");
  EXPECT_EQ(p.subject(), "fund policy");
  EXPECT_EQ(p.basis(), "default policy");
  EXPECT_EQ(Needed(p), "2 admin approvals");
  ExpectError(books.Run(kAda, Approve("P-000001")), absl::StatusCode::kPermissionDenied, "four eyes");
  ExpectError(books.Run(kOla, Approve("P-000001")), absl::StatusCode::kFailedPrecondition,
              "an officer approval does not count");
  auto first = books.Run(kAlf, Approve("P-000001"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 1u);
  EXPECT_EQ(DefaultPolicy().SerializeAsString(), ReadPolicy(books.kv())->SerializeAsString());
  auto second = books.Run(kAsa, Approve("P-000001"));
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->size(), 2u);
  const v1::JournalEntry& set = books.Entry((*second)[1]);
  EXPECT_TRUE(set.event().has_policy_set());
  EXPECT_EQ(set.approved_by_proposal(), "P-000001");
  EXPECT_EQ(ReadPolicy(books.kv())->SerializeAsString(), policy.SerializeAsString());
  EXPECT_EQ(ReadPolicySeq(books.kv()).value_or(0), (*second)[1]);

  // Under the new policy a credit approval needs the board only; a write-off needs nobody and
  // runs as soon as it is proposed (still recorded as an executed proposal).
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000001")).ok());
  ASSERT_TRUE(books.Run(kOlle, Propose(ApproveCredit("C-000001", 90'000'000))).ok());
  EXPECT_EQ(Needed(books.Proposal("P-000002")), "1 board approval");
  v1::FundPolicy no_credit_rules;
  *no_credit_rules.add_rules() = *change;
  ASSERT_TRUE(books.Run(kAda, Propose(SetPolicy(no_credit_rules))).ok());  // P-000003
  EXPECT_EQ(books.Proposal("P-000003").basis(), absl::StrCat("policy set at seq ", (*second)[1]));
  ASSERT_TRUE(books.Run(kAlf, Approve("P-000003")).ok());
  ASSERT_TRUE(books.Run(kAsa, Approve("P-000003")).ok());
  ASSERT_TRUE(books.Run(kOlle, SubmitCredit("C-000002")).ok());
  auto at_once = books.Run(kOlle, Propose(ApproveCredit("C-000002", 100)));
  ASSERT_TRUE(at_once.ok()) << at_once.status();
  ASSERT_EQ(at_once->size(), 2u);
  const v1::Proposal executed = books.Proposal("P-000004");
  EXPECT_EQ(executed.state(), v1::PROPOSAL_EXECUTED);
  EXPECT_EQ(executed.required_size(), 0);
  EXPECT_EQ(executed.decided_seq(), (*at_once)[0]);
  EXPECT_FALSE(books.IsOpenIndexed("P-000004"));
  EXPECT_EQ(books.Entry((*at_once)[1]).approved_by_proposal(), "P-000004");
  EXPECT_EQ(books.Credit("C-000002").rfind("APPROVED", 0), 0u);
  EXPECT_EQ(books.Replay().Contents(ledger::Space::kViews), books.kv().Contents(ledger::Space::kViews));
}

TEST(ApprovalsModule, ConcurrentPolicyProposalsCannotBothExecute) {
  Books books;
  v1::FundPolicy a = DefaultPolicy();
  a.mutable_rules(0)->mutable_quorum(0)->set_approvals(3);
  v1::FundPolicy b = DefaultPolicy();
  b.mutable_rules(0)->mutable_quorum(0)->set_approvals(1);
  ASSERT_TRUE(books.Run(kAda, Propose(SetPolicy(a))).ok());
  ASSERT_TRUE(books.Run(kAda, Propose(SetPolicy(b))).ok());
  for (const char* id : {"P-000001", "P-000002"}) ASSERT_TRUE(books.Run(kAlf, Approve(id)).ok());
  ASSERT_TRUE(books.Run(kAsa, Approve("P-000001")).ok());
  ExpectError(books.Run(kAsa, Approve("P-000002")), absl::StatusCode::kFailedPrecondition,
              "the basis changed (was \"default policy\", now \"policy set at seq 6\")");
}

TEST(ApprovalKeys, ProposalIds) {
  EXPECT_EQ(FormatProposalId(1), "P-000001");
  EXPECT_EQ(ParseProposalId("P-000042").value_or(0), 42u);
  EXPECT_EQ(ParseProposalId("P-1234567").value_or(0), 1234567u);
  for (const char* bad : {"", "P-", "P-42", "p-000042", "P-000000", "P-00004x", "C-000042", "P-0000042"}) {
    EXPECT_EQ(ParseProposalId(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  v1::JournalEntry plain;
  plain.set_seq(9);
  EXPECT_EQ(ProposalIdOf(plain).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fondbok::approvals
