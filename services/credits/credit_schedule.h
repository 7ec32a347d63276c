// Schedule versions of a credit (DESIGN.md §8: "early repayment and restructuring are recorded
// decisions that produce a new schedule; the old one stays in history"). A new version keeps the
// instalments due on or before its effective date as they were and schedules the rest of the
// principal from that date; interest accrued since the last due date is added to the first new
// instalment (or paid at once by an early repayment), so no day is charged twice or forgotten.
#ifndef FONDBOK_SERVICES_CREDITS_CREDIT_SCHEDULE_H_
#define FONDBOK_SERVICES_CREDITS_CREDIT_SCHEDULE_H_

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/credits.pb.h"

namespace fondbok::credits {

// The current schedule cut at `day`.
struct ScheduleSplit {
  std::vector<v1::Instalment> kept;     // due on or before `day`
  int64_t remaining_principal_ore = 0;  // principal of the instalments after `day`
  int remaining_instalments = 0;
  int64_t next_level_payment_ore = 0;   // principal+interest of the first instalment after `day`
  int64_t next_principal_ore = 0;       // principal of the first instalment after `day`
  absl::CivilDay accrual_from;          // interest on the remaining principal runs from here
  std::optional<absl::CivilDay> next_due;  // due date of the first instalment after `day`, if any
};
// FAILED_PRECONDITION when a payment already reaches an instalment after `day` (prepaid): such a
// credit is rescheduled only after the prepayment is booked as an early repayment.
absl::StatusOr<ScheduleSplit> SplitSchedule(const v1::Credit& credit, absl::CivilDay day);

struct NewScheduleTerms {
  absl::CivilDay start;
  int64_t principal_ore = 0;
  int term_months = 0;
  int grace_months = 0;
  int64_t level_payment_ore = 0;
  int64_t first_fee_ore = 0;
  int64_t extra_interest_ore = 0;       // added to the first new instalment's interest
  int64_t extra_fee_ore = 0;            // added to its fee (the loan fee of interest-free products)
  std::optional<absl::CivilDay> first_due;  // continue the old rhythm (see ScheduleTerms::first_due)
  v1::ScheduleReason reason = v1::SCHEDULE_REASON_UNSPECIFIED;
};
// The next version: `kept` followed by a schedule of `terms` under the credit's product, numbered
// on, every new instalment with its OCR reference.
absl::StatusOr<v1::Schedule> ComposeSchedule(const v1::Credit& credit, const std::vector<v1::Instalment>& kept,
                                             const NewScheduleTerms& terms);

// The schedule after disbursing `amount_ore` on `day`: the first tranche starts the credit's term;
// a later one is added to the remaining principal and scheduled to the same maturity.
absl::StatusOr<v1::Schedule> TrancheSchedule(const v1::Credit& credit, absl::CivilDay day, int64_t amount_ore);

// What the credit's remaining principal costs between two dates: interest, or for interest-free
// products the loan fee on the current debt (DESIGN.md §10).
struct Accrual {
  int64_t interest_ore = 0;
  int64_t fee_ore = 0;
};
absl::StatusOr<Accrual> AccrueBetween(const v1::Credit& credit, int64_t principal_ore, absl::CivilDay from,
                                      absl::CivilDay to);

// Whole months from `from` to `to`, rounded down to a multiple of `period_months`.
int MonthsLeft(absl::CivilDay from, absl::CivilDay to, int period_months);

// Continues the credit's rhythm from `day`: sets t.first_due to the split's next due date and
// t.term_months to the months that reach `last_due` (at least one period). Without a next due
// date (the schedule has run out) the new schedule starts a period after `day`.
void ContinueRhythm(const v1::Credit& credit, const ScheduleSplit& split, absl::CivilDay day, absl::CivilDay last_due,
                    NewScheduleTerms& t);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDIT_SCHEDULE_H_
