#include "services/credits/credit_schedule.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"

namespace fondbok::credits {
namespace {

absl::StatusOr<v1::Instalment> ToProto(const Instalment& in) {
  v1::Instalment out;
  out.set_number(in.number);
  out.set_due_date(ledger::FormatDate(in.due));
  out.set_opening_principal_ore(in.opening_principal_ore);
  out.set_principal_ore(in.principal_ore);
  out.set_interest_ore(in.interest_ore);
  out.set_fee_ore(in.fee_ore);
  return out;
}

// The fee of a FeeRule on `base_ore`.
absl::StatusOr<int64_t> FeeOf(const v1::FeeRule& rule, int64_t base_ore) {
  ASSIGN_OR_RETURN(int64_t part, ledger::ApplyBasisPoints(base_ore, rule.rate_bp()));
  return ledger::AddOre(rule.fixed_ore(), part);
}

}  // namespace

absl::StatusOr<Accrual> AccrueBetween(const v1::Credit& credit, int64_t principal_ore, absl::CivilDay from,
                                      absl::CivilDay to) {
  const v1::Product& product = credit.product();
  const bool fee_loan = product.amortisation() == v1::INTEREST_FREE_WITH_FEE;
  ASSIGN_OR_RETURN(int64_t amount, PeriodInterest(principal_ore, fee_loan ? product.loan_fee_bp() : product.rate_bp(),
                                                  ToDayCount(product.day_count()), from, to));
  Accrual accrual;
  (fee_loan ? accrual.fee_ore : accrual.interest_ore) = amount;
  return accrual;
}

int MonthsLeft(absl::CivilDay from, absl::CivilDay to, int period_months) {
  int months = static_cast<int>((to.year() - from.year()) * 12 + (to.month() - from.month()));
  if (to.day() < from.day()) --months;
  months = std::max(0, months);
  return months - months % period_months;
}

void ContinueRhythm(const v1::Credit& credit, const ScheduleSplit& split, absl::CivilDay day, absl::CivilDay last_due,
                    NewScheduleTerms& t) {
  const int period = PeriodMonths(credit.frequency());
  const bool continues = split.next_due.has_value() && split.next_due->day() == credit.payment_day() &&
                         *split.next_due <= DueDate(day, period, credit.payment_day(), 1);
  if (!continues) {
    t.first_due.reset();
    t.term_months = std::max(period, MonthsLeft(day, last_due, period));
    return;
  }
  t.first_due = split.next_due;
  const int months = static_cast<int>(absl::CivilMonth(last_due) - absl::CivilMonth(*split.next_due));
  t.term_months = (std::max(0, months) / period + 1) * period;
}

absl::StatusOr<ScheduleSplit> SplitSchedule(const v1::Credit& credit, absl::CivilDay day) {
  const v1::Schedule* current = CurrentSchedule(credit);
  if (current == nullptr) return absl::FailedPreconditionError(absl::StrCat("credit ", credit.id(), " has no schedule"));
  ScheduleSplit split;
  ASSIGN_OR_RETURN(split.accrual_from, ledger::ParseDate(current->effective_date()));
  if (day < split.accrual_from) {
    return absl::InvalidArgumentError(absl::StrCat("the date ", ledger::FormatDate(day), " lies before the schedule in force (from ",
                                                   current->effective_date(), ") of credit ", credit.id()));
  }
  ASSIGN_OR_RETURN(std::vector<Item> items, CreditItems(credit, *current, absl::CivilDay::max()));
  ASSIGN_OR_RETURN(Waterfall paid, Allocate(items, TotalPaid(credit)));
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].due > day && paid.paid_ore[i] > 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "instalment ", items[i].instalment, " due ", ledger::FormatDate(items[i].due), " of credit ", credit.id(),
          " is already paid in part (", ledger::FormatAmount(paid.paid_ore[i]),
          "): a prepaid credit is rescheduled with an early repayment from a date after that instalment"));
    }
  }
  for (const v1::Instalment& in : current->instalments()) {
    ASSIGN_OR_RETURN(absl::CivilDay due, ledger::ParseDate(in.due_date()));
    if (due <= day) {
      split.kept.push_back(in);
      split.accrual_from = std::max(split.accrual_from, due);
      continue;
    }
    if (split.remaining_instalments == 0) {
      split.next_due = due;
      split.next_level_payment_ore = in.principal_ore() + in.interest_ore();
      split.next_principal_ore = in.principal_ore();
    }
    ++split.remaining_instalments;
    split.remaining_principal_ore += in.principal_ore();
  }
  return split;
}

absl::StatusOr<v1::Schedule> ComposeSchedule(const v1::Credit& credit, const std::vector<v1::Instalment>& kept,
                                             const NewScheduleTerms& t) {
  const v1::Product& product = credit.product();
  ScheduleTerms terms;
  terms.amortisation = ToAmortisation(product.amortisation());
  terms.principal_ore = t.principal_ore;
  terms.start = t.start;
  terms.term_months = t.term_months;
  terms.period_months = PeriodMonths(credit.frequency());
  terms.payment_day = credit.payment_day();
  terms.grace_months = t.grace_months;
  terms.rate_bp = product.amortisation() == v1::INTEREST_FREE_WITH_FEE ? product.loan_fee_bp() : product.rate_bp();
  terms.day_count = ToDayCount(product.day_count());
  terms.first_fee_ore = t.first_fee_ore;
  if (product.amortisation() != v1::BRIDGE) {
    terms.yearly_fee_fixed_ore = product.yearly_fee().fixed_ore();
    terms.yearly_fee_bp = product.yearly_fee().rate_bp();
  }
  terms.level_payment_ore = t.level_payment_ore;
  if (product.amortisation() != v1::BRIDGE) terms.first_due = t.first_due;
  for (const v1::GrantPayout& p : credit.grant().payouts()) {
    ASSIGN_OR_RETURN(absl::CivilDay date, ledger::ParseDate(p.date()));
    if (date > t.start) terms.payouts.push_back({date, p.amount_ore()});
  }
  ASSIGN_OR_RETURN(int64_t credit_number, ParseCreditId(credit.id()));
  v1::Schedule schedule;
  schedule.set_version(credit.schedules_size() + 1);
  schedule.set_reason(t.reason);
  schedule.set_effective_date(ledger::FormatDate(t.start));
  for (const v1::Instalment& in : kept) *schedule.add_instalments() = in;
  if (t.principal_ore == 0) return schedule;
  ASSIGN_OR_RETURN(std::vector<Instalment> fresh, BuildSchedule(terms));
  for (size_t i = 0; i < fresh.size(); ++i) {
    ASSIGN_OR_RETURN(v1::Instalment in, ToProto(fresh[i]));
    in.set_number(static_cast<int32_t>(kept.size() + i + 1));
    if (i == 0) {
      ASSIGN_OR_RETURN(int64_t interest, ledger::AddOre(in.interest_ore(), t.extra_interest_ore));
      ASSIGN_OR_RETURN(int64_t fee, ledger::AddOre(in.fee_ore(), t.extra_fee_ore));
      in.set_interest_ore(interest);
      in.set_fee_ore(fee);
    }
    ASSIGN_OR_RETURN(std::string ocr, InstalmentOcr(credit_number, schedule.version(), in.number()));
    in.set_ocr(std::move(ocr));
    *schedule.add_instalments() = std::move(in);
  }
  return schedule;
}

absl::StatusOr<v1::Schedule> TrancheSchedule(const v1::Credit& credit, absl::CivilDay day, int64_t amount_ore) {
  NewScheduleTerms t;
  t.start = day;
  if (credit.schedules_size() == 0) {
    t.principal_ore = amount_ore;
    t.term_months = credit.term_months();
    t.grace_months = credit.grace_months();
    ASSIGN_OR_RETURN(t.first_fee_ore, FeeOf(credit.product().arrangement_fee(), credit.amount_ore()));
    t.reason = v1::FIRST_DISBURSEMENT;
    return ComposeSchedule(credit, {}, t);
  }
  ASSIGN_OR_RETURN(ScheduleSplit split, SplitSchedule(credit, day));
  ASSIGN_OR_RETURN(absl::CivilDay maturity, ledger::ParseDate(credit.maturity_date()));
  ContinueRhythm(credit, split, day, maturity, t);
  if (credit.product().amortisation() != v1::BRIDGE && !split.next_due.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat("credit ", credit.id(), " matures on ", credit.maturity_date(),
                                                      ": too close to take another tranche on ",
                                                      ledger::FormatDate(day)));
  }
  ASSIGN_OR_RETURN(t.principal_ore, ledger::AddOre(split.remaining_principal_ore, amount_ore));
  ASSIGN_OR_RETURN(Accrual accrued, AccrueBetween(credit, split.remaining_principal_ore, split.accrual_from, day));
  t.extra_interest_ore = accrued.interest_ore;
  t.extra_fee_ore = accrued.fee_ore;
  t.reason = v1::TRANCHE;
  return ComposeSchedule(credit, split.kept, t);
}

}  // namespace fondbok::credits
