#include "services/credits/credit_rules.h"

#include <algorithm>
#include <initializer_list>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/date.h"
#include "ledger/status_macros.h"
#include "services/parties/check_digits.h"

namespace fondbok::credits {
namespace {

using v1::Credit;

struct Allowed {
  CreditAction action;
  absl::string_view name;
  std::initializer_list<v1::CreditState> states;
};

// DESIGN.md §8. One row per action: the states it may start from.
const Allowed kAllowed[] = {
    {CreditAction::kSubmit, "submitted", {v1::CREDIT_DRAFT}},
    {CreditAction::kWithdraw, "withdrawn", {v1::CREDIT_DRAFT, v1::CREDIT_SUBMITTED}},
    {CreditAction::kAssess, "assessed", {v1::CREDIT_SUBMITTED, v1::CREDIT_UNDER_REVIEW}},
    {CreditAction::kApprove, "approved", {v1::CREDIT_UNDER_REVIEW}},
    {CreditAction::kReject, "rejected", {v1::CREDIT_UNDER_REVIEW}},
    {CreditAction::kLapse, "lapsed", {v1::CREDIT_APPROVED}},
    {CreditAction::kCancel, "cancelled", {v1::CREDIT_APPROVED}},
    {CreditAction::kDisburse, "disbursed", {v1::CREDIT_APPROVED, v1::CREDIT_ACTIVE}},
    {CreditAction::kRepay, "repaid", {v1::CREDIT_ACTIVE}},
    {CreditAction::kRemind, "reminded", {v1::CREDIT_ACTIVE}},
    {CreditAction::kReschedule, "rescheduled", {v1::CREDIT_ACTIVE}},
    {CreditAction::kWriteOff, "written off", {v1::CREDIT_ACTIVE}},
    {CreditAction::kRecover, "credited with a recovery", {v1::CREDIT_WRITTEN_OFF}},
};

const Allowed& RowOf(CreditAction action) {
  for (const Allowed& row : kAllowed) {
    if (row.action == action) return row;
  }
  FONDBOK_CHECK(false);
  return kAllowed[0];
}

// ledger::ParseDate for the dates the module stores ("YYYY-MM-DD"), without its string-to-int
// calls: the portfolio parses every instalment's and payment's date of every credit. Same
// results: anything that is not four, two and two digits of a real day from 1900 on goes to
// ledger::ParseDate, which decides it (and words the error).
absl::StatusOr<absl::CivilDay> ParseStoredDate(const std::string& text) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    int digits[8];
    int n = 0;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
      const int d = text[static_cast<size_t>(i)] - '0';
      if (d < 0 || d > 9) break;
      digits[n++] = d;
    }
    if (n == 8) {
      const int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
      const int month = digits[4] * 10 + digits[5];
      const int day = digits[6] * 10 + digits[7];
      const absl::CivilDay civil(year, month, day);
      if (year >= 1900 && civil.year() == year && civil.month() == month && civil.day() == day) return civil;
    }
  }
  return ledger::ParseDate(text);
}

absl::CivilDay MustParse(const std::string& text) {
  auto day = ParseStoredDate(text);
  return day.ok() ? *day : absl::CivilDay(1970, 1, 1);
}

}  // namespace

absl::string_view ActionName(CreditAction action) { return RowOf(action).name; }

std::string StateName(v1::CreditState state) {
  std::string name = v1::CreditState_Name(state);
  return absl::StartsWith(name, "CREDIT_") ? name.substr(7) : name;
}

absl::Status CheckAction(const Credit& credit, CreditAction action) {
  const Allowed& row = RowOf(action);
  if (std::find(row.states.begin(), row.states.end(), credit.state()) != row.states.end()) return absl::OkStatus();
  std::vector<std::string> names;
  for (v1::CreditState s : row.states) names.push_back(StateName(s));
  return absl::FailedPreconditionError(absl::StrCat("credit ", credit.id(), " is ", StateName(credit.state()),
                                                    ": it can be ", row.name, " only when ",
                                                    absl::StrJoin(names, " or ")));
}

Amortisation ToAmortisation(v1::Amortisation a) {
  switch (a) {
    case v1::STRAIGHT_LINE: return Amortisation::kStraightLine;
    case v1::BULLET: return Amortisation::kBullet;
    case v1::BRIDGE: return Amortisation::kBridge;
    case v1::INTEREST_FREE_WITH_FEE: return Amortisation::kInterestFreeWithFee;
    default: return Amortisation::kAnnuity;
  }
}

DayCount ToDayCount(v1::DayCount d) { return d == v1::DAY_COUNT_ACTUAL_365 ? DayCount::kActual365 : DayCount::k30E360; }

int PeriodMonths(v1::Frequency f) { return f == v1::QUARTERLY ? 3 : 1; }

const v1::Schedule* ScheduleOn(const Credit& credit, absl::CivilDay day) {
  const v1::Schedule* found = nullptr;
  for (const v1::Schedule& s : credit.schedules()) {
    if (MustParse(s.effective_date()) <= day) found = &s;
  }
  return found;
}

const v1::Schedule* CurrentSchedule(const Credit& credit) {
  return credit.schedules().empty() ? nullptr : &credit.schedules(credit.schedules_size() - 1);
}

absl::StatusOr<std::vector<Item>> CreditItems(const Credit& credit, const v1::Schedule& schedule,
                                              absl::CivilDay as_of) {
  std::vector<Item> items;
  items.reserve(static_cast<size_t>(3 * schedule.instalments_size() + credit.charges_size()));
  for (const v1::Instalment& in : schedule.instalments()) {
    ASSIGN_OR_RETURN(absl::CivilDay due, ParseStoredDate(in.due_date()));
    if (in.fee_ore() > 0) items.push_back({due, ItemKind::kFee, in.number(), in.fee_ore()});
    if (in.interest_ore() > 0) items.push_back({due, ItemKind::kInterest, in.number(), in.interest_ore()});
    if (in.principal_ore() > 0) items.push_back({due, ItemKind::kPrincipal, in.number(), in.principal_ore()});
  }
  for (const v1::Charge& c : credit.charges()) {
    ASSIGN_OR_RETURN(absl::CivilDay due, ParseStoredDate(c.due_date()));
    if (due > as_of) continue;
    items.push_back({due, c.kind() == v1::Charge::REMINDER_FEE ? ItemKind::kReminderFee : ItemKind::kLateInterest, 0,
                     c.amount_ore()});
  }
  // A schedule's items come in order; sorting (stable) changes nothing then, so only sort when needed.
  if (!IsOrdered(items)) OrderItems(items);
  return items;
}

absl::StatusOr<std::vector<DatedPayment>> CreditPayments(const Credit& credit, absl::CivilDay as_of) {
  std::vector<DatedPayment> payments;
  payments.reserve(static_cast<size_t>(credit.payments_size()));
  for (const v1::Payment& p : credit.payments()) {
    ASSIGN_OR_RETURN(absl::CivilDay day, ParseStoredDate(p.value_date()));
    if (day <= as_of) payments.push_back({day, p.amount_ore()});
  }
  const auto earlier = [](const DatedPayment& a, const DatedPayment& b) { return a.value_date < b.value_date; };
  // Usually recorded in value-date order already: then the stable sort would change nothing.
  if (!std::is_sorted(payments.begin(), payments.end(), earlier)) {
    std::stable_sort(payments.begin(), payments.end(), earlier);
  }
  return payments;
}

int64_t TotalPaid(const Credit& credit) {
  int64_t total = 0;
  for (const v1::Payment& p : credit.payments()) total += p.amount_ore();
  return total;
}

v1::CreditState StateOn(const Credit& credit, absl::CivilDay day) {
  v1::CreditState state = v1::CREDIT_STATE_UNSPECIFIED;
  for (const v1::Transition& t : credit.transitions()) {
    if (MustParse(t.value_date()) <= day) state = t.state();
  }
  return state;
}

absl::StatusOr<v1::CreditStanding> StandingAsOf(const Credit& credit, absl::CivilDay as_of, int64_t late_rate_bp) {
  v1::CreditStanding standing;
  standing.set_as_of(ledger::FormatDate(as_of));
  standing.set_state(StateOn(credit, as_of));
  const v1::Schedule* schedule = ScheduleOn(credit, as_of);
  if (schedule == nullptr || standing.state() == v1::CREDIT_WRITTEN_OFF) return standing;
  ASSIGN_OR_RETURN(std::vector<Item> items, CreditItems(credit, *schedule, as_of));
  ASSIGN_OR_RETURN(std::vector<DatedPayment> payments, CreditPayments(credit, as_of));
  ASSIGN_OR_RETURN(ArrearsAsOf arrears, ArrearsAsOfDate(items, payments, as_of));
  standing.set_outstanding_principal_ore(arrears.outstanding_principal_ore);
  standing.set_due_ore(arrears.due_ore);
  standing.set_paid_ore(arrears.paid_ore);
  standing.set_overdue_ore(arrears.overdue_ore);
  standing.set_overdue_principal_ore(arrears.overdue_principal_ore);
  standing.set_days_past_due(arrears.days_past_due);
  standing.set_bucket(arrears.bucket);
  int64_t total = 0;
  for (const Item& item : items) total += item.amount_ore;
  standing.set_total_outstanding_ore(total - arrears.paid_ore);
  if (late_rate_bp > 0 && arrears.overdue_ore > 0) {
    ASSIGN_OR_RETURN(int64_t late, LateInterest(items, payments, as_of, late_rate_bp));
    standing.set_late_interest_accrued_ore(std::max<int64_t>(0, late - credit.late_interest_charged_ore()));
  }
  return standing;
}

absl::StatusOr<std::string> InstalmentOcr(int64_t credit_number, int version, int number) {
  if (version < 1 || version > 98 || number < 1 || number > 999) {
    return absl::OutOfRangeError(absl::StrCat("no OCR reference for schedule version ", version, " instalment ",
                                              number, ": at most 98 versions and 999 instalments"));
  }
  return parties::MakeOcr(absl::StrCat(credit_number, absl::Dec(version, absl::kZeroPad2),
                                       absl::Dec(number, absl::kZeroPad3)));
}

absl::StatusOr<std::string> ReminderOcr(int64_t credit_number, int reminder) {
  if (reminder < 1 || reminder > 999) return absl::OutOfRangeError("at most 999 reminders per credit");
  return parties::MakeOcr(absl::StrCat(credit_number, "99", absl::Dec(reminder, absl::kZeroPad3)));
}

}  // namespace fondbok::credits
