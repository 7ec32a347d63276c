// The SIE 4 writer (type 4E, a full export of the general ledger; FORMATS.md "SIE 4"). Pure: it
// turns an already booked-out SieExport into the bytes of a .se file and knows nothing of fondbok's
// ledger (services/reports/sie_export.h builds the input from a snapshot).
//
// Choices where the format leaves room:
// - Character set PC8 = CP437, as #FORMAT PC8 says. UTF-8 input is encoded with a table of its
//   own; a character CP437 lacks becomes '?'.
// - Line ends CRLF: SIE files come from the DOS world and every importer reads CRLF, while a few
//   older ones do not read a bare LF.
// - Amounts in kronor with '.' and exactly two decimals, formatted from int64 öre by integer
//   arithmetic (never floating point); debit positive, credit negative.
// - Texts are always quoted; '"' and '\' inside are escaped with a backslash, control characters
//   become spaces.
// - #KPTYP BAS2014: the account numbers follow BAS 2014 (see bas_mapping.cc).
#ifndef FONDBOK_SERVICES_REPORTS_SIE_H_
#define FONDBOK_SERVICES_REPORTS_SIE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::reports {

inline constexpr size_t kSieTextCharsMax = 100;     // longer voucher and line texts are cut
inline constexpr size_t kSieVouchersMax = 1000000;
inline constexpr size_t kSieTransactionsPerVoucherMax = 256;

// #KTYP: T tillgång (asset), S skuld (liability and equity), I intäkt (income), K kostnad (expense).
enum class SieAccountType : char { kAsset = 'T', kDebt = 'S', kIncome = 'I', kCost = 'K' };

struct SieAccount {
  int32_t number = 0;          // 1000–8999
  std::string name;            // UTF-8
  SieAccountType type = SieAccountType::kAsset;
  // Debit-positive öre. Balance accounts (T, S) get #IB opening_ore and #UB closing_ore; result
  // accounts (I, K) get #RES result_ore (the period's result on the account).
  int64_t opening_ore = 0;
  int64_t closing_ore = 0;
  int64_t result_ore = 0;
};

struct SieTransaction {
  int32_t account = 0;   // one of SieExport::accounts
  int64_t amount_ore = 0;  // debit positive, credit negative
  std::string text;      // UTF-8; fondbok writes the fondbok account code here
};

struct SieVoucher {
  std::string series = "A";
  uint64_t number = 0;           // fondbok writes the journal entry's seq
  absl::CivilDay date;           // the entry's value date
  std::string text;              // UTF-8
  absl::CivilDay registered;     // the day the entry was recorded
  std::vector<SieTransaction> transactions;  // sum to zero
};

struct SieExport {
  std::string program_version = "1";
  std::string fund_name;            // #FNAMN
  std::string organisation_number;  // #ORGNR; empty: left out
  std::string currency = "SEK";     // #VALUTA
  absl::CivilDay generated;         // #GEN
  absl::CivilDay year_start;        // #RAR 0: the fiscal year (a calendar year by default)
  absl::CivilDay year_end;
  std::vector<SieAccount> accounts;  // sorted by number by the writer
  std::vector<SieVoucher> vouchers;  // written in the order given
};

// The file's bytes (CP437, CRLF). INVALID_ARGUMENT when a voucher does not sum to zero, names an
// account not in `accounts`, an account number repeats or lies outside 1000–8999, or a bound is
// exceeded.
absl::StatusOr<std::string> WriteSie(const SieExport& input);

// UTF-8 → CP437; characters CP437 lacks (and invalid UTF-8) become '?'.
std::string Utf8ToCp437(absl::string_view utf8);

// "1250.50", "-0.05", "0.00": exact, from öre.
std::string FormatSieAmount(int64_t amount_ore);

}  // namespace fondbok::reports

#endif  // FONDBOK_SERVICES_REPORTS_SIE_H_
