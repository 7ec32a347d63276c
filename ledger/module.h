// The module contract: what a domain module gives the ledger. See ledger/README.md for a worked
// example. A module is two pure functions over protobuf messages and a key-value view:
//
//   Decide(context, command, state) -> Decision   never writes; sees this batch's earlier writes
//   Project(entry, views)           -> Status     writes only the module's own view prefix
//
// The sequencer calls Decide, turns the Decision into a journal entry (seq, hash chain, postings
// applied to balances by the ledger core), then calls Project with that entry — all inside one
// WriteBatchWithIndex. Replay (reconcile, tests) calls only Project, entry by entry, and must rebuild
// the same views. Decide and Project must be deterministic given their inputs and thread-safe
// (they are const and called from the sequencer thread and from replay threads).
#ifndef FONDBOK_LEDGER_MODULE_H_
#define FONDBOK_LEDGER_MODULE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/kv.h"

namespace fondbok::ledger {

// What Decide knows about the request besides the command itself.
struct CommandContext {
  absl::string_view actor;        // principal id of the caller, "system" for the server itself
  absl::string_view request_id;
  absl::Time now;                 // the clock at the start of this command
  absl::CivilDay today;           // `now` in the fund's time zone
  // Who the caller is, as the adapter authenticated it: role name ("officer") and organisation
  // (party id, for member, supporter and bank principals). Empty for the server itself.
  absl::string_view actor_role = {};
  absl::string_view actor_name = {};
  absl::string_view actor_organisation = {};
  // Set only when a four-eyes proposal executes this command (its id, e.g. "P-000012"): the
  // command's module may then skip asking for approval. Empty for every directly submitted command.
  absl::string_view approved_by_proposal = {};
};

// The outcome of Decide. The ledger core validates and applies postings and pending_change; the
// module never touches balances itself.
struct Decision {
  v1::Event event;                       // exactly one event case must be set
  std::vector<v1::Posting> postings;     // may be empty; phase PENDING reserves
  v1::PendingChange pending_change;      // pending_seq == 0: none
  std::string value_date;                // "YYYY-MM-DD"; empty = today
  int64_t pending_expires_at_us = 0;     // only for entries that reserve
  // Accounts this entry opens before its postings apply (e.g. asset:loans:C-000001 at a credit's
  // first disbursement). The ledger core validates them like OpenAccount and refuses existing codes.
  std::vector<v1::Account> open_accounts;
  // Payment references (OCR numbers) this entry invoices under (reference + subject; the sequencer
  // fills in the module). The ledger core registers them so that the payments module can route an
  // incoming payment to its owner (ledger::LookupReference), and refuses one that another module
  // or subject already holds.
  std::vector<v1::ReferenceClaim> references;
  // Commands to decide and apply right after this entry, in the same request and save point (all
  // or none). Used by the four-eyes mechanism: the last approval carries the approved command,
  // which then runs with CommandContext::approved_by_proposal set. At most 8; a follow-up may not
  // itself have follow-ups.
  std::vector<v1::Command> follow_ups;
  std::string follow_ups_approved_by;    // the proposal id the follow-ups run under
};

// How a command that may need four eyes is described to the fund policy (DESIGN.md §4).
struct ProposalTerms {
  std::string action;         // policy key, e.g. "credit.approve", "credit.write-off", "policy.change"
  std::string subject;        // what it concerns, e.g. "credit C-000007"
  std::string summary;        // one line for the approvers
  int64_t amount_ore = 0;     // what the policy's amount thresholds compare
  std::string currency;       // of amount_ore; empty when no amount
  // A token of the state the proposal was made on (e.g. "credit C-000007 UNDER_REVIEW at seq 41").
  // When the last approval arrives the module is asked again; a different basis means the state
  // moved on, and the proposal fails with FAILED_PRECONDITION instead of executing.
  std::string basis;
};

// A module's write access to the views space: keys are confined to "<module name>/". Reads may
// look at any key (a module may read the ledger's balances or another module's views).
class ViewWriter : public KvReader {
 public:
  ViewWriter(absl::string_view prefix, KvStore* store) : prefix_(prefix), store_(store) {}
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override {
    return store_->Get(space, key);
  }
  absl::StatusOr<bool> Peek(Space space, absl::string_view key, const PeekVisitor& use) const override {
    return store_->Peek(space, key, use);
  }
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override {
    return store_->Scan(space, start, end, visit);
  }
  // REQUIRES: key starts with the module's prefix (checked; a violation is a programming error).
  void Put(absl::string_view key, absl::string_view value);
  void Delete(absl::string_view key);
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
  KvStore* store_;
};

// What Decide may read: the views and index spaces (through the current batch) and the journal.
class StateReader : public KvReader {
 public:
  // The committed-or-batched entry `seq`, hash filled in; std::nullopt when there is none.
  virtual absl::StatusOr<std::optional<v1::JournalEntry>> GetEntry(uint64_t seq) const = 0;
};

class Module {
 public:
  virtual ~Module() = default;
  // Short lower-case name; also the module's view prefix ("credits" → keys "credits/...").
  virtual absl::string_view Name() const = 0;
  // The v1::Command::KindCase values this module decides and the v1::Event::KindCase values it
  // projects. Each case belongs to exactly one module (the registry checks).
  virtual std::vector<int> CommandCases() const = 0;
  virtual std::vector<int> EventCases() const = 0;

  // Decides a command against current state. Errors carry the gRPC-style code the caller should
  // act on (INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ...). Never writes.
  virtual absl::StatusOr<Decision> Decide(const CommandContext& context, const v1::Command& command,
                                          const StateReader& state) const = 0;

  // Projects a committed (or about-to-be-committed) entry into the module's views. Must not fail
  // on an entry its own Decide produced; an error here means the books and the views disagree.
  virtual absl::Status Project(const v1::JournalEntry& entry, ViewWriter& views) const = 0;

  // For commands that can be proposed under four eyes: validates `command` against current state
  // as Decide would (without requiring approval) and describes it for the policy. The default
  // refuses: the command cannot be proposed.
  virtual absl::StatusOr<ProposalTerms> Terms(const CommandContext& context, const v1::Command& command,
                                              const StateReader& state) const;
};

// Routes commands and events to modules. Built once at start-up, then read-only (thread-safe).
class ModuleRegistry {
 public:
  // Fails when two modules claim the same command or event case, or a name is reused.
  absl::Status Register(const Module* module);
  const Module* ForCommand(const v1::Command& command) const;
  const Module* ForEvent(const v1::Event& event) const;
  const std::vector<const Module*>& modules() const { return modules_; }

 private:
  std::vector<const Module*> modules_;
  std::vector<std::pair<int, const Module*>> commands_;
  std::vector<std::pair<int, const Module*>> events_;
};

// Adds `account` to the decision's open_accounts unless it exists already (or is listed there):
// for a module that posts to an account a fund made before the module knew it may lack.
absl::Status OpenAccountIfMissing(const StateReader& state, Decision& decision, v1::Account account);

// One posting of `amount_ore` (> 0) on `side` of `account`; the ledger fills in the currency.
v1::Posting MakePosting(absl::string_view account, v1::Side side, int64_t amount_ore, v1::Phase phase = v1::POSTED);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_MODULE_H_
