// The credit rules that are not schedules or allocation: which action each lifecycle state allows
// (DESIGN.md §8), how a credit's proto becomes the items and payments the allocation and arrears
// rules work on, and a credit's standing as of any date. Pure functions over protobuf messages.
#ifndef FONDBOK_SERVICES_CREDITS_CREDIT_RULES_H_
#define FONDBOK_SERVICES_CREDITS_CREDIT_RULES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/credits.pb.h"
#include "services/credits/allocation.h"
#include "services/credits/arrears.h"
#include "services/credits/schedule.h"

namespace fondbok::credits {

// What an officer, member or the four-eyes mechanism asks of a credit.
enum class CreditAction {
  kSubmit, kWithdraw, kAssess, kApprove, kReject, kLapse, kCancel, kDisburse,
  kRepay, kRemind, kReschedule, kWriteOff, kRecover,
};
absl::string_view ActionName(CreditAction action);  // "submitted", "assessed", ...

// The lifecycle (DESIGN.md §8): DRAFT → SUBMITTED → UNDER_REVIEW → APPROVED | REJECTED;
// APPROVED → ACTIVE → REPAID | WRITTEN_OFF; DRAFT/SUBMITTED → WITHDRAWN; APPROVED → LAPSED |
// CANCELLED. FAILED_PRECONDITION naming the credit's current state and the states that allow it.
absl::Status CheckAction(const v1::Credit& credit, CreditAction action);
std::string StateName(v1::CreditState state);  // "UNDER_REVIEW"

// Conversions between the proto and the pure rules.
Amortisation ToAmortisation(v1::Amortisation a);
DayCount ToDayCount(v1::DayCount d);
int PeriodMonths(v1::Frequency f);

// The schedule version in force on `day` (the last whose effective date is on or before it), or
// null when there is none yet.
const v1::Schedule* ScheduleOn(const v1::Credit& credit, absl::CivilDay day);
const v1::Schedule* CurrentSchedule(const v1::Credit& credit);

// The receivable items of `schedule` plus the credit's charges due on or before `as_of` (all when
// as_of is InfiniteFuture-like: pass absl::CivilDay::max()), ordered for allocation.
absl::StatusOr<std::vector<Item>> CreditItems(const v1::Credit& credit, const v1::Schedule& schedule,
                                              absl::CivilDay as_of);
// Payments with value date on or before as_of.
absl::StatusOr<std::vector<DatedPayment>> CreditPayments(const v1::Credit& credit, absl::CivilDay as_of);
// Total of all payments (whatever their value date).
int64_t TotalPaid(const v1::Credit& credit);

// The state of the credit on `day`, from its transitions (their value dates).
v1::CreditState StateOn(const v1::Credit& credit, absl::CivilDay day);

// Outstanding principal, what is due and overdue, days past due and bucket, and late-payment
// interest accrued and not yet charged, all as of `as_of` (DESIGN.md §8: computed from history,
// never by a nightly job). `late_rate_bp` = reference rate + margin.
absl::StatusOr<v1::CreditStanding> StandingAsOf(const v1::Credit& credit, absl::CivilDay as_of, int64_t late_rate_bp);

// OCR reference of instalment `number` of schedule `version` of credit `credit_number`:
// credit number, two digits of version, three of instalment, then length and check digit.
absl::StatusOr<std::string> InstalmentOcr(int64_t credit_number, int version, int number);
// OCR reference of the credit's `reminder`-th reminder.
absl::StatusOr<std::string> ReminderOcr(int64_t credit_number, int reminder);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDIT_RULES_H_
