// Reader of a bank statement exported as CSV, for fondbok-reconcile's bank matching (issue 4):
// a header line naming the columns date, amount, reference and text (any order, any case; other
// columns are ignored), then one movement a line. Pure: bytes in, rows out; thread-safe.
//
// Rules:
// - The separator is ';' when the header holds one, else ','.
// - Fields may be quoted with '"'; a quote inside a quoted field is written twice (""), and a
//   quoted field may hold the separator and line breaks.
// - amount: signed kronor with at most two decimals, a decimal point or a decimal comma, thousands
//   optionally grouped by spaces: "1250.50", "-300,00", "1 250,50", "+12". With ',' as separator a
//   decimal comma must be quoted ("1250,50"), or it would split the field.
// - date: YYYY-MM-DD, a real calendar day from 1900 on.
// - Empty lines are skipped. Two identical movements are kept (two equal payments on the same day
//   are legal) and counted in duplicate_rows.
// - Text is UTF-8 (a leading byte-order mark is dropped); a file that is not valid UTF-8 is read as
//   Windows-1252 / ISO-8859-1, as Swedish banks' exports often are.
// Every error is INVALID_ARGUMENT naming the line and the reason.
#ifndef FONDBOK_SERVICES_PAYMENTS_BANK_CSV_H_
#define FONDBOK_SERVICES_PAYMENTS_BANK_CSV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::payments {

inline constexpr size_t kBankCsvBytesMax = size_t{64} << 20;
inline constexpr size_t kBankCsvFieldCharsMax = 1000;  // bytes of UTF-8 in one field

struct CsvRow {
  int line = 0;                  // 1-based file line where the row starts
  absl::CivilDay date;
  int64_t amount_ore = 0;        // signed: negative for money leaving the account
  std::string reference;         // trimmed, may be empty
  std::string text;              // trimmed, may be empty
  int duplicate_of_line = 0;     // line of the first identical row; 0 when this is the first
};

struct CsvStatement {
  char separator = ',';
  std::vector<CsvRow> rows;      // in file order
  int duplicate_rows = 0;        // rows identical (date, amount, reference, text) to an earlier one
};

absl::StatusOr<CsvStatement> ParseBankCsv(absl::string_view bytes);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_BANK_CSV_H_
