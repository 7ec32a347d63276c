// The ledger core: the rules every entry obeys, whatever module produced it. It validates an
// entry's postings and pending change against current state and applies them to the account
// balances, the pending entries and the history index. An account's balances are the running
// totals of its last history row: the account record itself is written once, when it opens.
// Pure over a KvStore: the sequencer runs it on the live batch, replay runs it on an empty
// in-memory store, and both must agree.
#ifndef FONDBOK_LEDGER_BOOKS_H_
#define FONDBOK_LEDGER_BOOKS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/kv.h"

namespace fondbok::ledger {

inline constexpr int kPostingsPerEntryMax = 256;
inline constexpr int kReferencesPerEntryMax = 1024;
inline constexpr size_t kReferenceBytesMax = 35;
inline constexpr size_t kAccountCodeBytesMax = 128;

bool IsDebitNormal(v1::AccountType type);
// Posted balance on the account's normal side.
int64_t NormalBalance(v1::AccountType type, int64_t debits, int64_t credits);

// Account codes: 1–128 characters of letters a-z and A-Z, digits, ':', '-', '_', '.', with no empty
// ':'-separated segment (e.g. asset:loans:L-000123).
absl::Status ValidateAccountCode(absl::string_view code);
// A new account's definition: code, type, currency, flags that do not contradict, bounded texts.
absl::Status ValidateAccount(const v1::Account& account);

// An account: its definition (views) with its running totals and last seq, which are those of its
// last history row. The derived space holds it complete (AccountKey) where the store keeps derived
// values; elsewhere the last row is sought in the index. std::nullopt when the account does not exist.
absl::StatusOr<std::optional<v1::AccountState>> ReadAccount(const KvReader& state, absl::string_view code);
// A stored account definition (as a scan of AccountKey("") finds it) completed as ReadAccount does.
absl::StatusOr<v1::AccountState> CompleteAccount(const KvReader& state, v1::AccountState definition);
// What the views hold under AccountKey: the definition, opened at `opened_seq`, without totals.
std::string EncodeAccountDefinition(const v1::Account& account, uint64_t opened_seq);
absl::StatusOr<std::optional<v1::PendingState>> ReadPending(const KvReader& state, uint64_t seq);
// The last closed month, if any.
absl::StatusOr<std::optional<absl::CivilMonth>> ReadClosedThrough(const KvReader& state);
// Who owns a payment reference (DESIGN.md §6): the module and subject that claimed it
// (Decision::references), or std::nullopt for a reference no entry has claimed.
absl::StatusOr<std::optional<v1::ReferenceOwner>> LookupReference(const KvReader& state, absl::string_view reference);
// A payment reference as the registry accepts it: 1–35 ASCII letters and digits.
absl::Status ValidateReference(absl::string_view reference);

// Fills each posting's currency from its account (refusing unknown accounts and currency
// mismatches), so that the entry is self-describing before it is hashed. `opened` are the accounts
// the entry itself opens.
absl::Status FillCurrencies(const KvReader& state, google::protobuf::RepeatedPtrField<v1::Posting>* postings,
                            const google::protobuf::RepeatedPtrField<v1::Account>& opened = {});

// Checks `entry` against the ledger's rules and applies it to `store`: first the accounts it opens
// (entry.opened_accounts: validated, refused if the code exists), then its postings. `recorded_day` is the day
// the entry is recorded in the fund's time zone (value dates may not lie after it). On error
// nothing useful is left in `store`: callers roll back to their save point.
absl::Status ApplyEntry(const v1::JournalEntry& entry, absl::CivilDay recorded_day, KvStore& store);
// A new entry, before it is sealed: FillCurrencies, then ApplyEntry, reading each account once.
absl::Status ApplyNewEntry(v1::JournalEntry* entry, absl::CivilDay recorded_day, KvStore& store);

// Balance of an account as of a seq (inclusive) or a value date (inclusive), from the history
// index. as_of_seq == 0 and no date: the current balance.
absl::StatusOr<v1::Balance> BalanceAsOfSeq(const KvReader& state, const v1::AccountState& account, uint64_t as_of_seq);
absl::StatusOr<v1::Balance> BalanceAsOfDate(const KvReader& state, const v1::AccountState& account,
                                            absl::CivilDay as_of_date);
v1::Balance CurrentBalance(const v1::AccountState& account);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_BOOKS_H_
