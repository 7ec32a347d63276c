#include "ledger/ledger_module.h"

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/keys.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {
namespace {

using v1::Command;
using v1::Event;

absl::Status ValidateMemo(absl::string_view memo) {
  if (memo.size() > kMemoBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("memo is ", memo.size(), " bytes long; at most ",
                                                   kMemoBytesMax, " are allowed"));
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalDate(absl::string_view date) {
  if (date.empty()) return absl::OkStatus();
  return ParseDate(date, "value date").status();
}

// A settlement or reversal may not be dated before what it settles or reverses: an as-of-date
// balance between the two dates would show the one without the other.
absl::Status CheckNotBefore(absl::string_view value_date, absl::string_view original_date, uint64_t original_seq,
                            absl::string_view what) {
  if (value_date.empty() || value_date >= original_date) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("value date ", value_date, " lies before entry ", original_seq,
                                                 " (", original_date, ") that this ", what,
                                                 "; date it on or after ", original_date));
}

absl::StatusOr<Decision> DecideCreateFund(const CommandContext& context, const v1::CreateFund& command,
                                          const StateReader& state) {
  if (context.actor != kSystemActor) {
    return absl::PermissionDeniedError("only the server itself creates the fund");
  }
  ASSIGN_OR_RETURN(auto existing, state.Get(Space::kViews, kFundKey));
  if (existing.has_value()) return absl::AlreadyExistsError("the fund already exists");
  if (command.fund().name().empty()) return absl::InvalidArgumentError("the fund needs a name");
  Decision decision;
  *decision.event.mutable_fund_created() = command.fund();
  return decision;
}

absl::StatusOr<Decision> DecideOpenAccount(const v1::OpenAccount& command, const StateReader& state) {
  RETURN_IF_ERROR(ValidateAccount(command.account()));
  ASSIGN_OR_RETURN(auto existing, ReadAccount(state, command.account().code()));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("account ", command.account().code(), " already exists"));
  }
  Decision decision;
  v1::Account* account = decision.event.mutable_account_opened()->mutable_account();
  *account = command.account();
  account->set_closed(false);
  account->set_opened_seq(0);  // the entry's seq; filled in by Project
  return decision;
}

absl::StatusOr<Decision> DecidePostEntry(const CommandContext& context, const v1::PostEntry& command) {
  RETURN_IF_ERROR(ValidateMemo(command.memo()));
  RETURN_IF_ERROR(ValidateOptionalDate(command.value_date()));
  if (command.postings_size() < 2) {
    return absl::InvalidArgumentError("an entry needs at least one debit and one credit posting");
  }
  if (command.postings_size() > kPostingsPerEntryMax) {
    return absl::InvalidArgumentError(absl::StrCat("an entry may have at most ", kPostingsPerEntryMax, " postings"));
  }
  if (command.expires_in_s() < 0 || (command.expires_in_s() > 0 && !command.pending())) {
    return absl::InvalidArgumentError("an expiry applies only to pending entries, and must be positive");
  }
  Decision decision;
  decision.event.mutable_entry_posted()->set_memo(command.memo());
  decision.value_date = command.value_date();
  for (const v1::Posting& input : command.postings()) {
    v1::Posting& p = decision.postings.emplace_back(input);
    p.set_phase(command.pending() ? v1::PENDING : v1::POSTED);
  }
  if (command.pending() && command.expires_in_s() > 0) {
    decision.pending_expires_at_us = absl::ToUnixMicros(context.now + absl::Seconds(command.expires_in_s()));
    decision.event.mutable_entry_posted()->set_expires_at_us(decision.pending_expires_at_us);
  }
  return decision;
}

absl::StatusOr<v1::PendingState> OpenPending(const StateReader& state, uint64_t seq) {
  if (seq == 0) return absl::InvalidArgumentError("name the pending entry by its seq");
  ASSIGN_OR_RETURN(auto pending, ReadPending(state, seq));
  if (!pending.has_value()) return absl::NotFoundError(absl::StrCat("entry ", seq, " is not a pending entry"));
  if (pending->status() != v1::PendingState::OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("pending entry ", seq, " is no longer open (",
                                                      v1::PendingState::Status_Name(pending->status()), ")"));
  }
  return *pending;
}

absl::StatusOr<Decision> DecidePostPending(const CommandContext& context, const v1::PostPending& command,
                                           const StateReader& state) {
  RETURN_IF_ERROR(ValidateMemo(command.memo()));
  RETURN_IF_ERROR(ValidateOptionalDate(command.value_date()));
  if (command.amount_ore() < 0) {
    return absl::InvalidArgumentError("the amount to post must be greater than zero (or omitted for all)");
  }
  ASSIGN_OR_RETURN(v1::PendingState pending, OpenPending(state, command.pending_seq()));
  ASSIGN_OR_RETURN(auto reserving, state.GetEntry(pending.seq()));
  if (!reserving.has_value()) return absl::DataLossError("a pending entry's journal entry is missing");
  RETURN_IF_ERROR(CheckNotBefore(command.value_date(), reserving->value_date(), pending.seq(), "posts"));
  if (pending.expires_at_us() != 0 && absl::ToUnixMicros(context.now) >= pending.expires_at_us()) {
    return absl::FailedPreconditionError(absl::StrCat("pending entry ", pending.seq(), " expired at ",
                                                      absl::FormatTime(absl::FromUnixMicros(pending.expires_at_us()))));
  }
  Decision decision;
  decision.value_date = command.value_date();
  for (int i = 0; i < pending.postings_size(); ++i) {
    int64_t amount = pending.remaining_ore(i);
    if (command.amount_ore() != 0) {
      // A partial post is one amount on every leg: defined only when every leg has the same amount left.
      if (pending.remaining_ore(i) != pending.remaining_ore(0)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "pending entry ", pending.seq(), " has legs of different amounts: post it in full or void it"));
      }
      if (command.amount_ore() > pending.remaining_ore(i)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot post ", FormatAmount(command.amount_ore(), pending.postings(i).currency()), ": only ",
            FormatAmount(pending.remaining_ore(i), pending.postings(i).currency()), " of pending entry ",
            pending.seq(), " is still pending"));
      }
      amount = command.amount_ore();
    }
    if (amount == 0) continue;
    v1::Posting& p = decision.postings.emplace_back(pending.postings(i));
    p.set_amount_ore(amount);
    p.set_phase(v1::POSTED);
  }
  if (decision.postings.size() != static_cast<size_t>(pending.postings_size())) {
    return absl::FailedPreconditionError(absl::StrCat("pending entry ", pending.seq(), " has nothing left to post"));
  }
  decision.pending_change.set_pending_seq(pending.seq());
  decision.pending_change.set_kind(v1::PendingChange::POST);
  decision.pending_change.set_amount_ore(decision.postings.front().amount_ore());
  auto* event = decision.event.mutable_pending_posted();
  event->set_pending_seq(pending.seq());
  event->set_amount_ore(decision.postings.front().amount_ore());
  event->set_memo(command.memo());
  return decision;
}

absl::StatusOr<Decision> DecideVoid(uint64_t pending_seq, absl::string_view memo, bool expire,
                                    const CommandContext& context, const StateReader& state) {
  RETURN_IF_ERROR(ValidateMemo(memo));
  ASSIGN_OR_RETURN(v1::PendingState pending, OpenPending(state, pending_seq));
  if (expire) {
    if (context.actor != kSystemActor) return absl::PermissionDeniedError("only the server expires reservations");
    if (pending.expires_at_us() == 0 || absl::ToUnixMicros(context.now) < pending.expires_at_us()) {
      return absl::FailedPreconditionError(absl::StrCat("pending entry ", pending_seq, " has not expired"));
    }
  }
  Decision decision;
  decision.pending_change.set_pending_seq(pending_seq);
  decision.pending_change.set_kind(expire ? v1::PendingChange::EXPIRE : v1::PendingChange::VOID);
  auto* event = decision.event.mutable_pending_voided();
  event->set_pending_seq(pending_seq);
  event->set_expired(expire);
  event->set_memo(std::string(memo));
  return decision;
}

absl::StatusOr<Decision> DecideReverse(const v1::ReverseEntry& command, const StateReader& state) {
  RETURN_IF_ERROR(ValidateMemo(command.memo()));
  RETURN_IF_ERROR(ValidateOptionalDate(command.value_date()));
  if (command.seq() == 0) return absl::InvalidArgumentError("name the entry to reverse by its seq");
  ASSIGN_OR_RETURN(auto original, state.GetEntry(command.seq()));
  if (!original.has_value()) return absl::NotFoundError(absl::StrCat("entry ", command.seq(), " does not exist"));
  if (original->postings_size() == 0) {
    return absl::FailedPreconditionError(absl::StrCat("entry ", command.seq(), " has no postings to reverse"));
  }
  if (original->pending_change().pending_seq() != 0 || original->postings(0).phase() != v1::POSTED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "entry ", command.seq(), " makes or settles a reservation: void the reservation instead of reversing"));
  }
  if (original->event().has_entry_reversed()) {
    return absl::FailedPreconditionError(absl::StrCat("entry ", command.seq(), " is itself a reversal (of entry ",
                                                      original->event().entry_reversed().reversed_seq(),
                                                      "): post a new entry instead"));
  }
  ASSIGN_OR_RETURN(auto reversed_by, state.Get(Space::kViews, ReversedKey(command.seq())));
  if (reversed_by.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat("entry ", command.seq(), " was already reversed by entry ",
                                                      ReadBigEndian64(*reversed_by)));
  }
  RETURN_IF_ERROR(CheckNotBefore(command.value_date(), original->value_date(), command.seq(), "reverses"));
  Decision decision;
  decision.value_date = command.value_date();
  for (const v1::Posting& p : original->postings()) {
    v1::Posting& mirror = decision.postings.emplace_back(p);
    mirror.set_side(p.side() == v1::DEBIT ? v1::CREDIT : v1::DEBIT);
  }
  auto* event = decision.event.mutable_entry_reversed();
  event->set_reversed_seq(command.seq());
  event->set_memo(command.memo());
  return decision;
}

absl::StatusOr<Decision> DecideClosePeriod(const CommandContext& context, const v1::ClosePeriod& command,
                                           const StateReader& state) {
  ASSIGN_OR_RETURN(absl::CivilMonth month, ParsePeriod(command.period()));
  if (month >= absl::CivilMonth(context.today)) {
    return absl::FailedPreconditionError(absl::StrCat("period ", command.period(), " has not ended yet (today is ",
                                                      FormatDate(context.today), ")"));
  }
  ASSIGN_OR_RETURN(auto closed, ReadClosedThrough(state));
  if (closed.has_value() && month <= *closed) {
    return absl::FailedPreconditionError(absl::StrCat("period ", command.period(), " is already closed (closed through ",
                                                      FormatPeriod(*closed), ")"));
  }
  Decision decision;
  decision.event.mutable_period_closed()->set_period(FormatPeriod(month));
  return decision;
}

}  // namespace


std::vector<int> LedgerModule::CommandCases() const {
  return {Command::kCreateFund,   Command::kOpenAccount,   Command::kPostEntry,    Command::kPostPending,
          Command::kVoidPending,  Command::kReverseEntry,  Command::kClosePeriod,  Command::kExpirePending};
}

std::vector<int> LedgerModule::EventCases() const {
  return {Event::kFundCreated,   Event::kAccountOpened, Event::kEntryPosted,  Event::kPendingPosted,
          Event::kPendingVoided, Event::kEntryReversed, Event::kPeriodClosed};
}

absl::StatusOr<Decision> LedgerModule::Decide(const CommandContext& context, const Command& command,
                                              const StateReader& state) const {
  switch (command.kind_case()) {
    case Command::kCreateFund: return DecideCreateFund(context, command.create_fund(), state);
    case Command::kOpenAccount: return DecideOpenAccount(command.open_account(), state);
    case Command::kPostEntry: return DecidePostEntry(context, command.post_entry());
    case Command::kPostPending: return DecidePostPending(context, command.post_pending(), state);
    case Command::kVoidPending:
      return DecideVoid(command.void_pending().pending_seq(), command.void_pending().memo(), false, context, state);
    case Command::kExpirePending:
      return DecideVoid(command.expire_pending().pending_seq(), "", true, context, state);
    case Command::kReverseEntry: return DecideReverse(command.reverse_entry(), state);
    case Command::kClosePeriod: return DecideClosePeriod(context, command.close_period(), state);
    default: return absl::InvalidArgumentError("not a ledger command");
  }
}

absl::Status LedgerModule::Project(const v1::JournalEntry& entry, ViewWriter& views) const {
  const Event& event = entry.event();
  switch (event.kind_case()) {
    case Event::kFundCreated:
      views.Put(kFundKey, event.fund_created().SerializeAsString());
      return absl::OkStatus();
    case Event::kAccountOpened: {
      const v1::Account& account = event.account_opened().account();
      views.Put(AccountKey(account.code()), EncodeAccountDefinition(account, entry.seq()));
      return absl::OkStatus();
    }
    case Event::kEntryReversed: {
      std::string seq;
      AppendBigEndian64(&seq, entry.seq());
      views.Put(ReversedKey(event.entry_reversed().reversed_seq()), seq);
      return absl::OkStatus();
    }
    case Event::kPeriodClosed:
      views.Put(kClosedThroughKey, event.period_closed().period());
      return absl::OkStatus();
    case Event::kEntryPosted:
    case Event::kPendingPosted:
    case Event::kPendingVoided:
      return absl::OkStatus();  // balances and reservations are the ledger core's (books.cc)
    default:
      return absl::InternalError("not a ledger event");
  }
}

}  // namespace fondbok::ledger
