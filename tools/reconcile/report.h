// The two renderings of a ReconcileReport: an aligned text report for a person, and one JSON
// object for machines. Pure functions of the report.
//
// JSON layout (one object, keys in this order; amounts are integers in öre):
//   {"data_dir", "mode", "whole",
//    "integrity": {"chain_whole", "entries", "last_seq", "last_hash" (hex), "trial_balance_checked", "accounts",
//                  "currencies": [{"currency", "journal_debits_ore", "journal_credits_ore",
//                                  "view_debits_ore", "view_credits_ore", "balanced"}]},
//    "replay": {"performed", "skipped_because", "time_zone", "time_zone_source", "entries",
//               "views_compared", "views_by_module": {module: keys}, "index_rows", "differences"},
//    "breaks": [{"check", "seq", "key", "reason"}]}
// With a statement, "bank" comes after "replay" (layout at BankJson in report.cc):
//   "bank": {"file", "format", "window_days", "from", "to", "matched", "holds",
//            "unmatched_statement": [{"date", "amount_ore", "reference", "text", "line" (CSV) | "entry" (camt)}],
//            "unmatched_ledger": [{"date", "amount_ore", "reference", "text", "seq"}],
//            "balances": [{"label", "statement_ore", "ledger_ore", "difference_ore"}]}
#ifndef FONDBOK_TOOLS_RECONCILE_REPORT_H_
#define FONDBOK_TOOLS_RECONCILE_REPORT_H_

#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"
#include "tools/reconcile/reconcile.h"

namespace fondbok::reconcile {

std::string FormatText(const ReconcileReport& report);
std::string FormatJson(const ReconcileReport& report);

// "1 250,50 kr" (ledger::FormatAmount) when it fits in int64 öre, else the öre in digits.
std::string FormatTotal(absl::int128 amount_ore, absl::string_view currency);
// A JSON string literal, quotes included; quotes, backslashes and control characters escaped,
// other bytes passed through (the ledger's texts are UTF-8; keys come printable from DiffViews).
std::string JsonString(absl::string_view text);

}  // namespace fondbok::reconcile

#endif  // FONDBOK_TOOLS_RECONCILE_REPORT_H_
