// What must hold of every file the readers accept, re-checked by the fuzz targets and by the
// regression corpus test. A violation aborts (FONDBOK_CHECK), which libFuzzer reports as a crash.
#ifndef FONDBOK_SERVICES_PAYMENTS_FUZZ_INVARIANTS_H_
#define FONDBOK_SERVICES_PAYMENTS_FUZZ_INVARIANTS_H_

#include <set>
#include <string>

#include "absl/numeric/int128.h"
#include "ledger/status_macros.h"
#include "services/payments/bank_csv.h"
#include "services/payments/bgmax.h"
#include "services/payments/camt.h"
#include "services/payments/text_encoding.h"

namespace fondbok::payments {

inline void CheckInvariants(const BgMaxFile& file) {
  int payments = 0, deductions = 0, extra_references = 0, last_line = 1;
  std::set<std::string> bank_references;
  for (const Deposit& deposit : file.deposits) {
    FONDBOK_CHECK(deposit.currency == "SEK");
    FONDBOK_CHECK(!deposit.payee_bankgiro.empty());
    FONDBOK_CHECK(deposit.line > last_line && deposit.end_line > deposit.line);
    last_line = deposit.line;
    absl::int128 sum = 0;
    for (const Payment& p : deposit.payments) {
      FONDBOK_CHECK(p.line > last_line && p.line < deposit.end_line);
      last_line = p.line;
      FONDBOK_CHECK(p.deduction ? p.amount_ore <= 0 : p.amount_ore >= 0);
      sum += p.amount_ore;
      ++(p.deduction ? deductions : payments);
      extra_references += static_cast<int>(p.extra_references.size());
      FONDBOK_CHECK(p.bgc_serial.size() == 12);
      FONDBOK_CHECK(bank_references.insert(p.bank_reference).second);
      FONDBOK_CHECK(static_cast<int>(p.reference_code) >= 0 && static_cast<int>(p.reference_code) <= 5);
      for (const std::string* text : {&p.reference, &p.payer_name, &p.extra_name, &p.address, &p.town}) {
        FONDBOK_CHECK(IsValidUtf8(*text));
      }
      for (const std::string& text : p.texts) FONDBOK_CHECK(IsValidUtf8(text));
    }
    FONDBOK_CHECK(sum == deposit.amount_ore);
    last_line = deposit.end_line;
  }
  FONDBOK_CHECK(payments == file.payments && deductions == file.deductions);
  FONDBOK_CHECK(extra_references == file.extra_references);
}

inline void CheckInvariants(const CsvStatement& statement) {
  FONDBOK_CHECK(statement.separator == ',' || statement.separator == ';');
  int last_line = 1, duplicates = 0;
  for (const CsvRow& row : statement.rows) {
    FONDBOK_CHECK(row.line > last_line);
    last_line = row.line;
    FONDBOK_CHECK(row.date.year() >= 1900 && row.date.year() <= 9999);
    FONDBOK_CHECK(IsValidUtf8(row.reference) && IsValidUtf8(row.text));
    FONDBOK_CHECK(row.reference.size() <= kBankCsvFieldCharsMax && row.text.size() <= kBankCsvFieldCharsMax);
    FONDBOK_CHECK(row.duplicate_of_line < row.line);
    if (row.duplicate_of_line != 0) ++duplicates;
  }
  FONDBOK_CHECK(duplicates == statement.duplicate_rows);
}

// A statement's booked entries take the opening balance to the closing one; amounts are positive
// and in the account's currency.
inline void CheckInvariants(const CamtDocument& document) {
  for (const CamtStatement& statement : document.statements) {
    absl::int128 booked = 0;
    for (const CamtEntry& entry : statement.entries) {
      FONDBOK_CHECK(entry.amount_ore >= 0);
      FONDBOK_CHECK(entry.currency == statement.currency);
      if (entry.booked()) booked += entry.signed_ore();
    }
    if (document.kind == CamtKind::kStatement) {
      FONDBOK_CHECK(statement.has_opening && statement.has_closing);
      FONDBOK_CHECK(absl::int128(statement.opening.amount_ore) + booked == absl::int128(statement.closing.amount_ore));
    }
  }
}

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_FUZZ_INVARIANTS_H_
