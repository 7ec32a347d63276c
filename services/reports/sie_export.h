// Builds the SIE 4 writer's input from a read-only ledger snapshot and a BAS mapping: what the
// accountant imports is exactly what changed the fund's posted balances.
//
// - Vouchers: one #VER per journal entry whose value date lies in the period and that posted
//   something to a general-ledger account; its #TRANS lines are the entry's POSTED postings, one
//   line per posting (several fondbok accounts on one BAS account stay separate lines, each with
//   the fondbok account code as its text, so the accountant can trace them). A reservation books
//   nothing (its postings are PENDING); the entry that posts it books the posted amounts on its
//   own value date; a void or expiry books nothing. Off-balance accounts are never exported.
// - Balances: #IB is each BAS account's posted balance (summed over the fondbok accounts mapped to
//   it) as of the day before the period starts, #UB as of its last day; result accounts get #RES,
//   the period's movement. fondbok does not close income and expense into equity, so the result
//   of everything before the period is carried into the #IB (and #UB) of the BAS account that
//   "equity:retained" maps to — the opening balance sheet then balances, as an importer expects.
// - A whole fiscal year (calendar year) by default; a run of its months when a period is given.
//
// Refusals (nothing partial is ever produced): FAILED_PRECONDITION naming the account codes when
// a general-ledger account with posted amounts maps to no rule or to a BAS number of the wrong
// class, naming the currencies when an account in another currency than the fund's base currency
// has posted amounts, naming the entry when its general-ledger postings do not balance on their
// own; INVALID_ARGUMENT for a bad year or period; DATA_LOSS when the journal and the balance index
// disagree (the export re-checks IB + Σ #TRANS = UB per account before answering).
#ifndef FONDBOK_SERVICES_REPORTS_SIE_EXPORT_H_
#define FONDBOK_SERVICES_REPORTS_SIE_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/reports.pb.h"
#include "ledger/storage.h"
#include "services/reports/sie.h"

namespace fondbok::reports {

struct SieExportOptions {
  int32_t year = 0;             // the calendar year, 1900–9999
  std::string period_from;      // "YYYY-MM" inside `year`; empty: January
  std::string period_to;        // "YYYY-MM" inside `year`; empty: December
  absl::CivilDay generated;     // #GEN: today in the fund's time zone
  std::string program_version;  // #PROGRAM
};

// The period [first, last] the options name, checked (INVALID_ARGUMENT with the rule).
absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ExportPeriod(const SieExportOptions& options);

absl::StatusOr<SieExport> BuildSieExport(const ledger::StorageReader& reader, const v1::BasMapping& mapping,
                                         const SieExportOptions& options);

// The one-line text of a voucher: the memo of a plain entry, else the event in words with the
// credit it concerns and its memo or reason, e.g. "credit disbursed C-000003".
std::string EntrySummary(const v1::JournalEntry& entry);

}  // namespace fondbok::reports

#endif  // FONDBOK_SERVICES_REPORTS_SIE_EXPORT_H_
