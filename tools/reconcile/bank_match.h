// fondbok-reconcile's bank matching (DESIGN.md §6 point 4, issue 4): the movements of `asset:bank`
// in the ledger against a bank statement (CSV or camt.053, read by services/payments).
//
// MatchStatement is pure and table-tested. ReadStatementFile and ReadLedgerBank are the glue: the
// first reads a file (unusable input is INVALID_ARGUMENT naming the file, line or element and the
// reason, the parser's message passed through), the second reads the ledger through a
// StorageReader and never writes. CheckBank ties them together into a BankReport.
#ifndef FONDBOK_TOOLS_RECONCILE_BANK_MATCH_H_
#define FONDBOK_TOOLS_RECONCILE_BANK_MATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "ledger/storage.h"

namespace fondbok::reconcile {

inline constexpr absl::string_view kBankAccount = "asset:bank";
inline constexpr int kWindowDaysDefault = 3;

// One movement on either side. amount_ore is signed: money into the bank is positive.
struct BankLine {
  absl::CivilDay date;
  int64_t amount_ore = 0;
  std::string reference;  // may be empty
  std::string text;
  uint64_t source = 0;    // statement: file line (CSV) or entry number (camt, 1-based); ledger: seq
  bool operator==(const BankLine&) const = default;
};

struct MatchedPair {
  BankLine statement;
  BankLine ledger;
  bool by_reference = false;
};

struct MatchResult {
  std::vector<MatchedPair> matched;            // in statement order
  std::vector<BankLine> unmatched_statement;   // in statement order
  std::vector<BankLine> unmatched_ledger;      // in ledger order
};

// Pairs statement lines with ledger movements; each side matches at most once.
// Pass 1, by reference: a statement line with a non-empty reference pairs with the first unmatched
// ledger movement of the same reference and amount (any date).
// Pass 2, by amount and date: every statement line still unmatched, in order, pairs with the
// unmatched ledger movement of the same amount whose date is at most `window_days` away, the
// closest date first, then the earliest (then the first in ledger order).
// REQUIRES: window_days >= 0.
MatchResult MatchStatement(const std::vector<BankLine>& statement, const std::vector<BankLine>& ledger,
                           int window_days);

// A statement read from a file.
struct BankStatement {
  std::string format;            // "csv" or "camt.053"
  std::vector<BankLine> lines;   // booked movements, in file order
  bool has_balances = false;     // camt.053: opening and closing balances given
  int64_t opening_ore = 0;       // camt: OPBD (or PRCD) of the first statement
  int64_t closing_ore = 0;       // camt: CLBD of the last statement
  absl::CivilDay opening_date, closing_date;
  // camt: each statement's account (IBAN, else Othr/Id) and currency, as "Stmt[1]" → value.
  std::vector<std::pair<std::string, std::string>> accounts;    // path, account
  std::vector<std::pair<std::string, std::string>> currencies;  // path, currency
};

// A camt statement must be for the fund's bank account (payments settings: IBAN or bankgiro) and in
// SEK; otherwise INVALID_ARGUMENT naming the statement (exit 2: the wrong file, not a break). A
// fund without bank details set cannot be checked and passes; a CSV names no account.
absl::Status CheckStatementAccount(const ledger::StorageReader& reader, const BankStatement& statement);

// Parses `bytes` as camt.053 when payments::LooksLikeCamt says so, else as CSV. camt: booked
// entries only, dated by booking date; reference = the first transaction's structured reference,
// else AcctSvcrRef; an entry of several transactions that all carry amounts (a bankgiro deposit)
// becomes one line per transaction; a camt.054 notification is refused. Errors: INVALID_ARGUMENT, the parser's message.
absl::StatusOr<BankStatement> ParseStatement(absl::string_view bytes);

// Reads and parses the file; every error names `path`.
absl::StatusOr<BankStatement> ReadStatementFile(const std::string& path);

// Every posted movement of asset:bank with its value date, one line per entry (seq), debit +,
// credit −; zero net movements are left out. reference: a repayment's payment OCR, else its
// payment reference; an incoming payment's reference; a capital deposit's or a posted entry's memo;
// else empty.
absl::StatusOr<std::vector<BankLine>> ReadLedgerBank(const ledger::StorageReader& reader);

struct BankBalance {
  std::string label;        // e.g. "opening (OPBD 2026-03-01)"
  int64_t statement_ore = 0;
  int64_t ledger_ore = 0;
  int64_t difference_ore() const { return statement_ore - ledger_ore; }
};

struct BankReport {
  std::string file;
  std::string format;
  int window_days = kWindowDaysDefault;
  bool has_range = false;   // false when the statement has no movements
  absl::CivilDay from, to;  // the statement's first and last movement dates
  MatchResult match;
  std::vector<BankBalance> balances;
  bool Holds() const;
};

// Matches the statement against the ledger. Ledger movements dated within the window around the
// statement's range are candidates; unmatched ones are reported only inside the range itself.
// Balances: camt — the ledger's balance the day before the first date vs the opening balance, and
// on the last date vs the closing; CSV — the sums of movements over the range on both sides.
absl::StatusOr<BankReport> CheckBank(const ledger::StorageReader& reader, const BankStatement& statement,
                                     int window_days);

}  // namespace fondbok::reconcile

#endif  // FONDBOK_TOOLS_RECONCILE_BANK_MATCH_H_
