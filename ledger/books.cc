#include "ledger/books.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {
namespace {

using v1::AccountState;
using v1::Posting;

absl::Status Corrupt(absl::string_view what, absl::string_view key) {
  return absl::DataLossError(absl::StrCat("stored ", what, " at key \"", key, "\" does not decode"));
}

// The per-account working state of one entry: loaded once, updated, written back once.
struct Touched {
  AccountState state;
  int64_t posted_debits = 0;
  int64_t posted_credits = 0;
  int64_t pending_debits = 0;
  int64_t pending_credits = 0;
  std::vector<std::pair<uint16_t, v1::HistoryRow>> rows;
};
using TouchedMap = std::map<std::string, Touched, std::less<>>;

absl::Status AddTo(int64_t& field, int64_t delta, absl::string_view account) {
  auto sum = AddOre(field, delta);
  if (!sum.ok()) return absl::OutOfRangeError(absl::StrCat("account ", account, ": ", sum.status().message()));
  if (*sum < 0) {
    return absl::DataLossError(absl::StrCat("account ", account, ": a running total would go below zero"));
  }
  field = *sum;
  return absl::OkStatus();
}

absl::Status ApplyDelta(Touched& t, uint16_t index, uint64_t seq, int32_t value_days, v1::Side side,
                        int64_t posted_delta, int64_t pending_delta) {
  const std::string& code = t.state.account().code();
  if (side == v1::DEBIT) {
    RETURN_IF_ERROR(AddTo(t.posted_debits, posted_delta, code));
    RETURN_IF_ERROR(AddTo(t.pending_debits, pending_delta, code));
  } else {
    RETURN_IF_ERROR(AddTo(t.posted_credits, posted_delta, code));
    RETURN_IF_ERROR(AddTo(t.pending_credits, pending_delta, code));
  }
  v1::HistoryRow row;
  row.set_seq(seq);
  row.set_value_date_days(value_days);
  row.set_side(side);
  row.set_posted_delta(posted_delta);
  row.set_pending_delta(pending_delta);
  row.set_posted_debits(t.posted_debits);
  row.set_posted_credits(t.posted_credits);
  row.set_pending_debits(t.pending_debits);
  row.set_pending_credits(t.pending_credits);
  t.rows.emplace_back(index, std::move(row));
  return absl::OkStatus();
}

// The account flags hold after the entry (DESIGN.md §3; TigerBeetle's balance-limit semantics:
// reservations count against the limit, so a pending debit can never be posted into overdraft).
absl::Status CheckFlags(const Touched& t) {
  const v1::Account& a = t.state.account();
  const std::string& currency = a.currency();
  if (a.flags().debits_must_not_exceed_credits()) {
    auto debits = AddOre(t.posted_debits, t.pending_debits);
    if (!debits.ok() || *debits > t.posted_credits) {
      return absl::FailedPreconditionError(absl::StrCat(
          "account ", a.code(), " may not be overdrawn: debits (posted ", FormatAmount(t.posted_debits, currency),
          " + pending ", FormatAmount(t.pending_debits, currency), ") would exceed credits ",
          FormatAmount(t.posted_credits, currency)));
    }
  }
  if (a.flags().credits_must_not_exceed_debits()) {
    auto credits = AddOre(t.posted_credits, t.pending_credits);
    if (!credits.ok() || *credits > t.posted_debits) {
      return absl::FailedPreconditionError(absl::StrCat(
          "account ", a.code(), " may not be overdrawn: credits (posted ", FormatAmount(t.posted_credits, currency),
          " + pending ", FormatAmount(t.pending_credits, currency), ") would exceed debits ",
          FormatAmount(t.posted_debits, currency)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckValueDate(const v1::JournalEntry& entry, absl::CivilDay recorded_day, const KvReader& state,
                            absl::CivilDay* value_day) {
  ASSIGN_OR_RETURN(*value_day, ParseDate(entry.value_date(), "value date"));
  if (*value_day > recorded_day) {
    return absl::InvalidArgumentError(absl::StrCat("value date ", entry.value_date(), " is in the future (today is ",
                                                   FormatDate(recorded_day), ")"));
  }
  ASSIGN_OR_RETURN(auto closed, ReadClosedThrough(state));
  if (closed.has_value() && absl::CivilMonth(*value_day) <= *closed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "value date ", entry.value_date(), " lies in a closed period (closed through ", FormatPeriod(*closed),
        "): book the correction in an open period"));
  }
  return absl::OkStatus();
}

// Per currency and phase, debits equal credits.
absl::Status CheckBalanced(const v1::JournalEntry& entry) {
  auto imbalance = FindImbalance(entry);
  if (!imbalance.has_value()) return absl::OkStatus();
  const absl::int128 difference = imbalance->debits_minus_credits;
  const bool fits = difference <= std::numeric_limits<int64_t>::max() &&
                    difference >= std::numeric_limits<int64_t>::min();
  return absl::InvalidArgumentError(absl::StrCat(
      "entry does not balance in ", imbalance->currency, ": debits exceed credits by ",
      fits ? FormatAmount(static_cast<int64_t>(difference), imbalance->currency) : "more than int64 öre",
      " (", imbalance->phase == v1::PENDING ? "pending" : "posted",
      " postings); every entry's debits must equal its credits per currency"));
}

absl::Status CheckPostingShape(const Posting& p, size_t index) {
  if (p.side() != v1::DEBIT && p.side() != v1::CREDIT) {
    return absl::InvalidArgumentError(absl::StrCat("posting ", index + 1, " has no side: use debit or credit"));
  }
  if (p.amount_ore() <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("posting ", index + 1, " to ", p.account(), " has amount ",
                                                   FormatDecimal(p.amount_ore()),
                                                   ": amounts must be greater than zero"));
  }
  if (p.phase() != v1::POSTED && p.phase() != v1::PENDING) {
    return absl::InvalidArgumentError(absl::StrCat("posting ", index + 1, " has no phase"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Touched*> Touch(TouchedMap& touched, const KvReader& state,
                               absl::string_view code) {
  auto it = touched.find(code);
  if (it != touched.end()) return &it->second;
  ASSIGN_OR_RETURN(auto account, ReadAccount(state, code));
  if (!account.has_value()) {
    return absl::NotFoundError(absl::StrCat("account ", code, " does not exist"));
  }
  Touched t;
  t.posted_debits = account->posted_debits();
  t.posted_credits = account->posted_credits();
  t.pending_debits = account->pending_debits();
  t.pending_credits = account->pending_credits();
  t.state = std::move(*account);
  return &touched.emplace(std::string(code), std::move(t)).first->second;
}

// Applies a pending change (post, void, expire) of an earlier reservation.
absl::Status ApplyPendingChange(const v1::JournalEntry& entry, int32_t value_days, const KvReader& state,
                                TouchedMap& touched, v1::PendingState* pending) {
  const v1::PendingChange& change = entry.pending_change();
  if (pending->status() != v1::PendingState::OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("pending entry ", change.pending_seq(), " is no longer open (",
                                                      v1::PendingState::Status_Name(pending->status()), ")"));
  }
  const int n = pending->postings_size();
  if (change.kind() == v1::PendingChange::POST) {
    if (entry.postings_size() != n) {
      return absl::InvalidArgumentError("posting a pending entry must mirror its postings one to one");
    }
    for (int i = 0; i < n; ++i) {
      const Posting& posted = entry.postings(i);
      const Posting& reserved = pending->postings(i);
      if (posted.phase() != v1::POSTED || posted.account() != reserved.account() ||
          posted.side() != reserved.side()) {
        return absl::InvalidArgumentError("posting a pending entry must mirror its postings one to one");
      }
      if (posted.amount_ore() > pending->remaining_ore(i)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot post ", FormatAmount(posted.amount_ore(), reserved.currency()), " to ", reserved.account(),
            ": only ", FormatAmount(pending->remaining_ore(i), reserved.currency()), " of pending entry ",
            change.pending_seq(), " is still pending"));
      }
    }
  } else if (change.kind() == v1::PendingChange::VOID || change.kind() == v1::PendingChange::EXPIRE) {
    if (entry.postings_size() != 0) {
      return absl::InvalidArgumentError("voiding a pending entry posts nothing");
    }
  } else {
    return absl::InvalidArgumentError("pending change has no kind");
  }
  bool open = false;
  for (int i = 0; i < n; ++i) {
    const Posting& reserved = pending->postings(i);
    int64_t released = change.kind() == v1::PendingChange::POST ? entry.postings(i).amount_ore()
                                                                 : pending->remaining_ore(i);
    int64_t posted = change.kind() == v1::PendingChange::POST ? released : 0;
    ASSIGN_OR_RETURN(Touched * t, Touch(touched, state, reserved.account()));
    RETURN_IF_ERROR(ApplyDelta(*t, static_cast<uint16_t>(i), entry.seq(), value_days, reserved.side(), posted,
                               -released));
    pending->set_remaining_ore(i, pending->remaining_ore(i) - released);
    open = open || pending->remaining_ore(i) > 0;
  }
  if (!open) {
    pending->set_status(change.kind() == v1::PendingChange::POST   ? v1::PendingState::POSTED_IN_FULL
                        : change.kind() == v1::PendingChange::VOID ? v1::PendingState::VOIDED
                                                                   : v1::PendingState::EXPIRED);
  } else if (change.kind() != v1::PendingChange::POST) {
    return absl::InternalError("void left an amount pending");
  }
  return absl::OkStatus();
}

// Accounts a domain entry opens (Decision::open_accounts), written before its postings apply.
absl::Status OpenEntryAccounts(const v1::JournalEntry& entry, KvStore& store) {
  if (entry.opened_accounts_size() > kPostingsPerEntryMax) {
    return absl::InvalidArgumentError("an entry may open at most 256 accounts");
  }
  for (const v1::Account& account : entry.opened_accounts()) {
    RETURN_IF_ERROR(ValidateAccount(account));
    ASSIGN_OR_RETURN(auto existing, ReadAccount(store, account.code()));
    if (existing.has_value()) {
      return absl::AlreadyExistsError(absl::StrCat("account ", account.code(), " already exists"));
    }
    store.Put(Space::kViews, AccountKey(account.code()), EncodeAccountDefinition(account, entry.seq()));
  }
  return absl::OkStatus();
}

// Payment references a domain entry claims (Decision::references). A reference belongs to one
// module and subject for ever; claiming it again for the same owner is harmless.
absl::Status ClaimReferences(const v1::JournalEntry& entry, KvStore& store) {
  if (entry.claimed_references_size() > kReferencesPerEntryMax) {
    return absl::InvalidArgumentError("an entry may claim at most 1024 payment references");
  }
  for (const v1::ReferenceClaim& claim : entry.claimed_references()) {
    RETURN_IF_ERROR(ValidateReference(claim.reference()));
    if (claim.module().empty() || claim.subject().empty() || claim.subject().size() > kReferenceBytesMax) {
      return absl::InvalidArgumentError(absl::StrCat("payment reference ", claim.reference(),
                                                     " is claimed without a module or subject"));
    }
    ASSIGN_OR_RETURN(auto existing, LookupReference(store, claim.reference()));
    if (existing.has_value()) {
      if (existing->module() == claim.module() && existing->subject() == claim.subject()) continue;
      return absl::FailedPreconditionError(absl::StrCat("payment reference ", claim.reference(), " already belongs to ",
                                                        existing->module(), " ", existing->subject(),
                                                        " (claimed at seq ", existing->claimed_seq(), ")"));
    }
    v1::ReferenceOwner owner;
    owner.set_module(claim.module());
    owner.set_subject(claim.subject());
    owner.set_claimed_seq(entry.seq());
    store.Put(Space::kViews, ReferenceKey(claim.reference()), owner.SerializeAsString());
  }
  return absl::OkStatus();
}

}  // namespace

bool IsDebitNormal(v1::AccountType type) {
  return type == v1::ASSET || type == v1::EXPENSE || type == v1::OFF_BALANCE;
}

int64_t NormalBalance(v1::AccountType type, int64_t debits, int64_t credits) {
  // Both are in [0, INT64_MAX], so the difference cannot overflow.
  return IsDebitNormal(type) ? debits - credits : credits - debits;
}

absl::Status ValidateAccountCode(absl::string_view code) {
  if (code.empty() || code.size() > kAccountCodeBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("account code \"", code.substr(0, 140),
                                                   "\" must be 1 to 128 characters long"));
  }
  for (char c : code) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.' ||
              (c >= 'A' && c <= 'Z');
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          "account code \"", code, "\" may hold only letters, digits and : - _ . (e.g. asset:loans:L-000123)"));
    }
  }
  if (code.front() == ':' || code.back() == ':' || code.find("::") != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("account code \"", code, "\" has an empty segment"));
  }
  return absl::OkStatus();
}

std::string EncodeAccountDefinition(const v1::Account& account, uint64_t opened_seq) {
  AccountState state;
  *state.mutable_account() = account;
  state.mutable_account()->set_closed(false);
  state.mutable_account()->set_opened_seq(opened_seq);
  return state.SerializeAsString();
}

namespace {

// The account's last history row: its totals after its last posting. std::nullopt before the first.
absl::StatusOr<std::optional<v1::HistoryRow>> ReadLastHistoryRow(const KvReader& state, absl::string_view code) {
  v1::HistoryRow row;
  bool decoded = true;
  const std::string prefix = HistoryPrefix(code);
  ASSIGN_OR_RETURN(bool present, state.PeekLast(Space::kIndex, prefix, PrefixEnd(prefix),
                                                [&](absl::string_view, absl::string_view bytes) {
                                                  decoded = row.ParseFromArray(bytes.data(),
                                                                               static_cast<int>(bytes.size()));
                                                  return false;
                                                }));
  if (!present) return std::nullopt;
  if (!decoded) return Corrupt("history row", prefix);
  return row;
}

}  // namespace

absl::StatusOr<AccountState> CompleteAccount(const KvReader& state, AccountState account) {
  const std::string& code = account.account().code();
  ASSIGN_OR_RETURN(std::optional<v1::HistoryRow> last, ReadLastHistoryRow(state, code));
  // A format-1 record's own totals are ignored: the history is what they mirrored (upgrade.h).
  const v1::HistoryRow& row = last.has_value() ? *last : v1::HistoryRow::default_instance();
  account.set_posted_debits(row.posted_debits());
  account.set_posted_credits(row.posted_credits());
  account.set_pending_debits(row.pending_debits());
  account.set_pending_credits(row.pending_credits());
  account.set_last_seq(std::max(account.account().opened_seq(), row.seq()));
  return account;
}

absl::StatusOr<std::optional<AccountState>> ReadAccount(const KvReader& state, absl::string_view code) {
  std::string key = AccountKey(code);
  AccountState account;
  bool decoded = true;
  auto decode = [&](absl::string_view bytes) {
    decoded = account.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  };
  // The complete account, when the store kept it (one lookup on the sequencer's hot path).
  ASSIGN_OR_RETURN(bool complete, state.Peek(Space::kDerived, key, decode));
  if (complete && decoded) return account;
  ASSIGN_OR_RETURN(bool present, state.Peek(Space::kViews, key, decode));
  if (!present) return std::nullopt;
  if (!decoded) return Corrupt("account", key);
  return CompleteAccount(state, std::move(account));
}

absl::StatusOr<std::optional<v1::PendingState>> ReadPending(const KvReader& state, uint64_t seq) {
  std::string key = PendingKey(seq);
  ASSIGN_OR_RETURN(auto bytes, state.Get(Space::kViews, key));
  if (!bytes.has_value()) return std::nullopt;
  v1::PendingState pending;
  if (!pending.ParseFromString(*bytes)) return Corrupt("pending entry", key);
  return pending;
}

absl::StatusOr<std::optional<v1::ReferenceOwner>> LookupReference(const KvReader& state, absl::string_view reference) {
  std::string key = ReferenceKey(reference);
  ASSIGN_OR_RETURN(auto bytes, state.Get(Space::kViews, key));
  if (!bytes.has_value()) return std::nullopt;
  v1::ReferenceOwner owner;
  if (!owner.ParseFromString(*bytes)) return Corrupt("payment reference", key);
  return owner;
}

absl::Status ValidateReference(absl::string_view reference) {
  bool ok = !reference.empty() && reference.size() <= kReferenceBytesMax;
  for (char c : reference) ok = ok && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat("payment reference \"", reference.substr(0, 40),
                                                   "\" must be 1 to 35 letters and digits"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::CivilMonth>> ReadClosedThrough(const KvReader& state) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(Space::kViews, kClosedThroughKey));
  if (!bytes.has_value()) return std::nullopt;
  auto month = ParsePeriod(*bytes);
  if (!month.ok()) return Corrupt("closed period", kClosedThroughKey);
  return *month;
}

absl::Status ValidateAccount(const v1::Account& account) {
  RETURN_IF_ERROR(ValidateAccountCode(account.code()));
  if (!v1::AccountType_IsValid(account.type()) || account.type() == v1::ACCOUNT_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(
        "account ", account.code(), " needs a type: asset, liability, equity, income, expense or off_balance"));
  }
  if (!IsValidCurrency(account.currency())) {
    return absl::InvalidArgumentError(absl::StrCat("currency \"", account.currency(), "\" of account ", account.code(),
                                                   " is not a three-letter code such as SEK, EUR or PTS"));
  }
  if (account.flags().debits_must_not_exceed_credits() && account.flags().credits_must_not_exceed_debits()) {
    return absl::InvalidArgumentError(absl::StrCat("account ", account.code(),
                                                   " cannot limit both debits and credits: it could never move"));
  }
  if (account.owner().size() > 64 || account.earmark().size() > 64 || account.name().size() > 200) {
    return absl::InvalidArgumentError("owner and earmark are at most 64 bytes, name at most 200");
  }
  return absl::OkStatus();
}

namespace {

// FillCurrencies with each existing account's currency from `currency_of` (which may load it).
absl::Status FillCurrenciesFrom(
    google::protobuf::RepeatedPtrField<Posting>* postings, const google::protobuf::RepeatedPtrField<v1::Account>& opened,
    const std::function<absl::StatusOr<std::string>(absl::string_view code)>& currency_of) {
  std::map<std::string, std::string, std::less<>> currencies;
  for (const v1::Account& a : opened) currencies.emplace(a.code(), a.currency());
  for (Posting& p : *postings) {
    auto it = currencies.find(p.account());
    if (it == currencies.end()) {
      RETURN_IF_ERROR(ValidateAccountCode(p.account()));
      ASSIGN_OR_RETURN(std::string currency, currency_of(p.account()));
      it = currencies.emplace(p.account(), std::move(currency)).first;
    }
    if (p.currency().empty()) {
      p.set_currency(it->second);
    } else if (p.currency() != it->second) {
      return absl::InvalidArgumentError(absl::StrCat("posting to ", p.account(), " is in ", p.currency(),
                                                     " but the account is kept in ", it->second));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyEntryTouching(const v1::JournalEntry& entry, absl::CivilDay recorded_day, KvStore& store,
                                TouchedMap& touched);

}  // namespace

absl::Status FillCurrencies(const KvReader& state, google::protobuf::RepeatedPtrField<Posting>* postings,
                            const google::protobuf::RepeatedPtrField<v1::Account>& opened) {
  return FillCurrenciesFrom(postings, opened, [&](absl::string_view code) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(auto account, ReadAccount(state, code));
    if (!account.has_value()) return absl::NotFoundError(absl::StrCat("account ", code, " does not exist"));
    return account->account().currency();
  });
}

absl::Status ApplyEntry(const v1::JournalEntry& entry, absl::CivilDay recorded_day, KvStore& store) {
  TouchedMap touched;
  return ApplyEntryTouching(entry, recorded_day, store, touched);
}

absl::Status ApplyNewEntry(v1::JournalEntry* entry, absl::CivilDay recorded_day, KvStore& store) {
  // The accounts loaded for their currency are the ones the postings then change: load them once.
  TouchedMap touched;
  RETURN_IF_ERROR(FillCurrenciesFrom(entry->mutable_postings(), entry->opened_accounts(),
                                     [&](absl::string_view code) -> absl::StatusOr<std::string> {
                                       ASSIGN_OR_RETURN(Touched * t, Touch(touched, store, code));
                                       return t->state.account().currency();
                                     }));
  return ApplyEntryTouching(*entry, recorded_day, store, touched);
}

namespace {

// ApplyEntry with the accounts already loaded into `touched` (unchanged since they were read).
absl::Status ApplyEntryTouching(const v1::JournalEntry& entry, absl::CivilDay recorded_day, KvStore& store,
                                TouchedMap& touched) {
  absl::CivilDay value_day;
  RETURN_IF_ERROR(CheckValueDate(entry, recorded_day, store, &value_day));
  const int32_t value_days = DaysSinceEpoch(value_day);
  if (entry.postings_size() > kPostingsPerEntryMax) {
    return absl::InvalidArgumentError(absl::StrCat("entry has ", entry.postings_size(),
                                                   " postings; at most ", kPostingsPerEntryMax, " are allowed"));
  }
  bool reserves = false;
  for (int i = 0; i < entry.postings_size(); ++i) {
    RETURN_IF_ERROR(CheckPostingShape(entry.postings(i), static_cast<size_t>(i)));
    reserves = reserves || entry.postings(i).phase() == v1::PENDING;
  }
  const bool changes_pending = entry.pending_change().pending_seq() != 0;
  if (reserves) {
    for (const Posting& p : entry.postings()) {
      if (p.phase() != v1::PENDING) {
        return absl::InvalidArgumentError("an entry that reserves must have only pending postings");
      }
    }
    if (changes_pending) return absl::InvalidArgumentError("an entry cannot both reserve and settle a reservation");
  }
  RETURN_IF_ERROR(CheckBalanced(entry));
  RETURN_IF_ERROR(OpenEntryAccounts(entry, store));
  RETURN_IF_ERROR(ClaimReferences(entry, store));

  if (changes_pending) {
    ASSIGN_OR_RETURN(auto pending, ReadPending(store, entry.pending_change().pending_seq()));
    if (!pending.has_value()) {
      return absl::NotFoundError(absl::StrCat("pending entry ", entry.pending_change().pending_seq(),
                                              " does not exist"));
    }
    RETURN_IF_ERROR(ApplyPendingChange(entry, value_days, store, touched, &*pending));
    store.Put(Space::kViews, PendingKey(pending->seq()), pending->SerializeAsString());
    if (pending->status() != v1::PendingState::OPEN && pending->expires_at_us() != 0) {
      store.Delete(Space::kIndex, ExpiryKey(pending->expires_at_us(), pending->seq()));
    }
  } else {
    for (int i = 0; i < entry.postings_size(); ++i) {
      const Posting& p = entry.postings(i);
      ASSIGN_OR_RETURN(Touched * t, Touch(touched, store, p.account()));
      const v1::Account& account = t->state.account();
      if (account.closed()) {
        return absl::FailedPreconditionError(absl::StrCat("account ", p.account(), " is closed"));
      }
      if (account.currency() != p.currency()) {
        return absl::InvalidArgumentError(absl::StrCat("posting to ", p.account(), " is in ", p.currency(),
                                                       " but the account is kept in ", account.currency()));
      }
      const bool pending = p.phase() == v1::PENDING;
      RETURN_IF_ERROR(ApplyDelta(*t, static_cast<uint16_t>(i), entry.seq(), value_days, p.side(),
                                 pending ? 0 : p.amount_ore(), pending ? p.amount_ore() : 0));
    }
    if (reserves) {
      v1::PendingState pending;
      pending.set_seq(entry.seq());
      *pending.mutable_postings() = entry.postings();
      for (const Posting& p : entry.postings()) pending.add_remaining_ore(p.amount_ore());
      pending.set_expires_at_us(entry.pending_expires_at_us());
      pending.set_status(v1::PendingState::OPEN);
      store.Put(Space::kViews, PendingKey(entry.seq()), pending.SerializeAsString());
      if (entry.pending_expires_at_us() != 0) {
        store.Put(Space::kIndex, ExpiryKey(entry.pending_expires_at_us(), entry.seq()), "");
      }
    }
  }

  // The account records keep their definitions: the totals are the history's running totals. The
  // complete account goes to the derived space, so that the next reader need not seek its last row.
  for (auto& [code, t] : touched) {
    RETURN_IF_ERROR(CheckFlags(t));
    if (t.rows.empty()) continue;  // read, not changed: the derived value must match the index
    for (const auto& [index, row] : t.rows) {
      store.Put(Space::kIndex, HistoryKey(code, entry.seq(), index), row.SerializeAsString());
    }
    t.state.set_posted_debits(t.posted_debits);
    t.state.set_posted_credits(t.posted_credits);
    t.state.set_pending_debits(t.pending_debits);
    t.state.set_pending_credits(t.pending_credits);
    t.state.set_last_seq(entry.seq());
    store.Put(Space::kDerived, AccountKey(code), t.state.SerializeAsString());
  }
  return absl::OkStatus();
}

}  // namespace

v1::Balance CurrentBalance(const AccountState& account) {
  v1::Balance b;
  b.set_account(account.account().code());
  b.set_currency(account.account().currency());
  b.set_type(account.account().type());
  b.set_posted_debits(account.posted_debits());
  b.set_posted_credits(account.posted_credits());
  b.set_pending_debits(account.pending_debits());
  b.set_pending_credits(account.pending_credits());
  b.set_balance(NormalBalance(account.account().type(), account.posted_debits(), account.posted_credits()));
  b.set_as_of_seq(account.last_seq());
  return b;
}

absl::StatusOr<v1::Balance> BalanceAsOfSeq(const KvReader& state, const AccountState& account, uint64_t as_of_seq) {
  v1::Balance b = CurrentBalance(account);
  if (as_of_seq == 0 || as_of_seq >= account.last_seq()) {
    if (as_of_seq != 0) b.set_as_of_seq(as_of_seq);
    return b;
  }
  // The last history row with seq <= as_of_seq carries the running totals at that point.
  const std::string prefix = HistoryPrefix(account.account().code());
  const std::string end = HistoryKey(account.account().code(), as_of_seq + 1, 0);
  v1::HistoryRow last;
  bool decoded = true;
  ASSIGN_OR_RETURN(bool found, state.PeekLast(Space::kIndex, prefix, end, [&](absl::string_view, absl::string_view value) {
    decoded = last.ParseFromArray(value.data(), static_cast<int>(value.size()));
    return false;
  }));
  if (found && !decoded) return Corrupt("history row", prefix);
  const v1::HistoryRow& row = found ? last : v1::HistoryRow::default_instance();
  b.set_posted_debits(row.posted_debits());
  b.set_posted_credits(row.posted_credits());
  b.set_pending_debits(row.pending_debits());
  b.set_pending_credits(row.pending_credits());
  b.set_balance(NormalBalance(account.account().type(), row.posted_debits(), row.posted_credits()));
  b.set_as_of_seq(as_of_seq);
  return b;
}

absl::StatusOr<v1::Balance> BalanceAsOfDate(const KvReader& state, const AccountState& account,
                                            absl::CivilDay as_of_date) {
  v1::Balance b = CurrentBalance(account);
  const int32_t limit = DaysSinceEpoch(as_of_date);
  int64_t totals[4] = {0, 0, 0, 0};
  absl::Status overflow = absl::OkStatus();
  const std::string prefix = HistoryPrefix(account.account().code());
  RETURN_IF_ERROR(ScanProto<v1::HistoryRow>(
      state, Space::kIndex, prefix, PrefixEnd(prefix), "history row", [&](absl::string_view, v1::HistoryRow& row) {
        if (row.value_date_days() > limit) return true;
        const int side = row.side() == v1::DEBIT ? 0 : 1;
        auto posted = AddOre(totals[side], row.posted_delta());
        auto pending = AddOre(totals[2 + side], row.pending_delta());
        if (!posted.ok() || !pending.ok()) {
          overflow = posted.ok() ? pending.status() : posted.status();
          return false;
        }
        totals[side] = *posted;
        totals[2 + side] = *pending;
        return true;
      }));
  RETURN_IF_ERROR(overflow);
  b.set_posted_debits(totals[0]);
  b.set_posted_credits(totals[1]);
  b.set_pending_debits(totals[2]);
  b.set_pending_credits(totals[3]);
  b.set_balance(NormalBalance(account.account().type(), totals[0], totals[1]));
  b.set_as_of_date(FormatDate(as_of_date));
  return b;
}

}  // namespace fondbok::ledger
