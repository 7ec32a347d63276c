// An active credit: repayments, reminders, early repayment and restructuring, write-off, recovery.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_decide.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"
#include "services/credits/credit_schedule.h"

namespace fondbok::credits {
namespace {

// What has been booked to each kind so far, from the payments' own splits.
struct Booked {
  int64_t by_kind[kItemKinds] = {};
};

Booked BookedOf(const v1::Credit& credit) {
  Booked b;
  for (const v1::Payment& p : credit.payments()) {
    b.by_kind[static_cast<int>(ItemKind::kReminderFee)] += p.reminder_fee_ore();
    b.by_kind[static_cast<int>(ItemKind::kLateInterest)] += p.late_interest_ore();
    b.by_kind[static_cast<int>(ItemKind::kFee)] += p.fee_ore();
    b.by_kind[static_cast<int>(ItemKind::kInterest)] += p.interest_ore();
    b.by_kind[static_cast<int>(ItemKind::kPrincipal)] += p.principal_ore();
  }
  return b;
}

int64_t ChargesTotal(const v1::Credit& credit, v1::Charge::Kind kind) {
  int64_t total = 0;
  for (const v1::Charge& c : credit.charges()) {
    if (c.kind() == kind) total += c.amount_ore();
  }
  return total;
}

// The reservation's remainder (approved, never disbursed) is released when the credit ends.
void ReleaseRemainder(const v1::Credit& credit, Decision& d) {
  if (credit.amount_ore() > credit.disbursed_ore() && credit.reservation_seq() != 0) {
    d.follow_ups.emplace_back().mutable_void_pending()->set_pending_seq(credit.reservation_seq());
  }
}

absl::StatusOr<v1::Credit> CreditFor(const StateReader& state, const v1::RecordRepayment& c) {
  if (!c.credit_id().empty()) return LoadCredit(state, c.credit_id());
  if (c.ocr().empty()) return absl::InvalidArgumentError("a repayment names the credit or the OCR reference paid with");
  ASSIGN_OR_RETURN(auto id, CreditIdForOcr(state, c.ocr()));
  if (!id.has_value()) return absl::NotFoundError(absl::StrCat("OCR reference ", c.ocr(), " belongs to no credit"));
  return LoadCredit(state, *id);
}

struct ReschedulePlan {
  v1::Credit credit;
  absl::CivilDay day;
  int64_t paid_principal_ore = 0;
  int64_t paid_interest_ore = 0;
  int64_t paid_fee_ore = 0;  // interest-free products: the loan fee accrued to the date
  v1::Schedule schedule;
  bool repaid = false;
};

// What each kind of rescheduling pays now and how the rest is scheduled.
absl::Status KindTerms(const v1::RescheduleCredit& c, const ScheduleSplit& split, ReschedulePlan& plan,
                       NewScheduleTerms& t) {
  const v1::Product& product = plan.credit.product();
  const int period = PeriodMonths(plan.credit.frequency());
  ASSIGN_OR_RETURN(absl::CivilDay maturity, ledger::ParseDate(plan.credit.maturity_date()));
  switch (c.kind()) {
    case v1::RescheduleCredit::EARLY_FULL:
      plan.paid_principal_ore = split.remaining_principal_ore;
      t.reason = v1::EARLY_REPAYMENT_FULL;
      break;
    case v1::RescheduleCredit::EARLY_SHORTER_TERM:
    case v1::RescheduleCredit::EARLY_LOWER_INSTALMENT: {
      if (product.amortisation() == v1::BRIDGE || product.amortisation() == v1::BULLET) {
        return absl::InvalidArgumentError("bridge and bullet credits are repaid early in full, or in part by a payment");
      }
      if (c.amount_ore() <= 0 || c.amount_ore() >= split.remaining_principal_ore) {
        return absl::InvalidArgumentError(absl::StrCat("a partial early repayment is more than 0 and less than the ",
                                                       ledger::FormatAmount(split.remaining_principal_ore),
                                                       " outstanding; repay in full instead"));
      }
      plan.paid_principal_ore = c.amount_ore();
      ContinueRhythm(plan.credit, split, plan.day, maturity, t);
      const bool shorter = c.kind() == v1::RescheduleCredit::EARLY_SHORTER_TERM;
      t.reason = shorter ? v1::EARLY_REPAYMENT_SHORTER_TERM : v1::EARLY_REPAYMENT_LOWER_INSTALMENT;
      if (shorter) {
        t.level_payment_ore = product.amortisation() == v1::ANNUITY ? split.next_level_payment_ore : split.next_principal_ore;
      }
      break;
    }
    case v1::RescheduleCredit::RESTRUCTURE:
      if (product.amortisation() == v1::BRIDGE) {
        return absl::InvalidArgumentError("a bridge loan follows its grant's payouts; restructure it as a new credit");
      }
      if (c.term_months() < period || c.term_months() > 600 || c.term_months() % period != 0 || c.grace_months() < 0 ||
          c.grace_months() % period != 0 || c.grace_months() >= c.term_months()) {
        return absl::InvalidArgumentError(absl::StrCat("a restructuring needs a new term of ", period,
                                                       "–600 months (a multiple of ", period, ") and a shorter grace"));
      }
      // The new term counts from the next due date of the old rhythm (or a period after the date).
      ContinueRhythm(plan.credit, split, plan.day, plan.day, t);
      t.term_months = c.term_months();
      t.grace_months = c.grace_months();
      t.reason = v1::RESTRUCTURING;
      break;
    default:
      return absl::InvalidArgumentError("say what kind of rescheduling: early-full, shorter-term, lower-instalment or restructure");
  }
  return absl::OkStatus();
}

absl::StatusOr<ReschedulePlan> PlanReschedule(const CommandContext& context, const v1::RescheduleCredit& c,
                                              const StateReader& state) {
  RETURN_IF_ERROR(RequireDecider(context, "reschedule credits"));
  ReschedulePlan plan;
  ASSIGN_OR_RETURN(plan.credit, LoadCredit(state, c.credit_id()));
  RETURN_IF_ERROR(CheckAction(plan.credit, CreditAction::kReschedule));
  ASSIGN_OR_RETURN(plan.day, ValueDay(context, c.effective_date(), "effective date"));
  ASSIGN_OR_RETURN(ScheduleSplit split, SplitSchedule(plan.credit, plan.day));
  if (c.kind() != v1::RescheduleCredit::RESTRUCTURE) {
    ASSIGN_OR_RETURN(v1::CreditStanding standing, StandingAsOf(plan.credit, plan.day, 0));
    if (standing.overdue_ore() > 0) {
      return absl::FailedPreconditionError(absl::StrCat("credit ", plan.credit.id(), " has ",
                                                        ledger::FormatAmount(standing.overdue_ore()),
                                                        " overdue: that is paid before an early repayment"));
    }
  }
  NewScheduleTerms t;
  t.start = plan.day;
  RETURN_IF_ERROR(KindTerms(c, split, plan, t));
  ASSIGN_OR_RETURN(Accrual paid_now, AccrueBetween(plan.credit, plan.paid_principal_ore, split.accrual_from, plan.day));
  plan.paid_interest_ore = paid_now.interest_ore;
  plan.paid_fee_ore = paid_now.fee_ore;
  t.principal_ore = split.remaining_principal_ore - plan.paid_principal_ore;
  ASSIGN_OR_RETURN(Accrual rest, AccrueBetween(plan.credit, t.principal_ore, split.accrual_from, plan.day));
  t.extra_interest_ore = rest.interest_ore;
  t.extra_fee_ore = rest.fee_ore;
  ASSIGN_OR_RETURN(plan.schedule, ComposeSchedule(plan.credit, split.kept, t));
  if (t.principal_ore == 0) {
    ASSIGN_OR_RETURN(std::vector<Item> items, CreditItems(plan.credit, plan.schedule, absl::CivilDay::max()));
    ASSIGN_OR_RETURN(Waterfall w, Allocate(items, TotalPaid(plan.credit)));
    plan.repaid = w.outstanding_ore == 0;
  }
  return plan;
}

}  // namespace

absl::StatusOr<Decision> DecideRepay(const CommandContext& context, const v1::RecordRepayment& c,
                                     const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "record repayments"));
  ASSIGN_OR_RETURN(v1::Credit credit, CreditFor(state, c));
  RETURN_IF_ERROR(CheckAction(credit, CreditAction::kRepay));
  if (c.amount_ore() <= 0) return absl::InvalidArgumentError("a repayment needs a positive amount");
  const std::string funding = c.funding_account().empty() ? std::string(kBankAccount) : c.funding_account();
  if (funding != kBankAccount && funding != kUnallocatedAccount) {
    return absl::InvalidArgumentError(absl::StrCat("a repayment is paid from ", kBankAccount, " or ", kUnallocatedAccount,
                                                   ", not from ", funding));
  }
  ASSIGN_OR_RETURN(absl::CivilDay day, ValueDay(context, c.value_date(), "value date"));
  if (ledger::FormatDate(day) < credit.first_disbursed_on()) {
    return absl::InvalidArgumentError(absl::StrCat("value date ", ledger::FormatDate(day), " lies before credit ",
                                                   credit.id(), " was disbursed (", credit.first_disbursed_on(), ")"));
  }
  const v1::Schedule* schedule = CurrentSchedule(credit);
  ASSIGN_OR_RETURN(std::vector<Item> items, CreditItems(credit, *schedule, absl::CivilDay::max()));
  const int64_t before = TotalPaid(credit);
  ASSIGN_OR_RETURN(int64_t after, ledger::AddOre(before, c.amount_ore()));
  // What is owed follows from the items and what was paid; no second allocation is needed.
  ASSIGN_OR_RETURN(const int64_t owed_in_all, ValidateItems(items));
  const int64_t outstanding = owed_in_all - before;
  if (c.amount_ore() > outstanding) {
    return absl::FailedPreconditionError(absl::StrCat(
        "a payment of ", ledger::FormatAmount(c.amount_ore()), " exceeds what credit ", credit.id(), " still owes (",
        ledger::FormatAmount(outstanding), "); refund the difference or book it as unallocated"));
  }
  ASSIGN_OR_RETURN(Waterfall w, Allocate(items, after));
  const Booked booked = BookedOf(credit);
  int64_t split[kItemKinds];
  for (int k = 0; k < kItemKinds; ++k) {
    split[k] = w.by_kind_ore[k] - booked.by_kind[k];
    if (split[k] < 0) return absl::InternalError("the allocation would take back an earlier payment's split");
  }
  Decision d;
  d.value_date = ledger::FormatDate(day);
  v1::RepaymentRecorded* event = d.event.mutable_repayment_recorded();
  event->set_credit_id(credit.id());
  v1::Payment* p = event->mutable_payment();
  p->set_id(absl::StrCat(credit.id(), "/", credit.payments_size() + 1));
  p->set_value_date(d.value_date);
  p->set_amount_ore(c.amount_ore());
  p->set_ocr(c.ocr());
  p->set_reference(c.reference().substr(0, 200));
  p->set_reminder_fee_ore(split[static_cast<int>(ItemKind::kReminderFee)]);
  p->set_late_interest_ore(split[static_cast<int>(ItemKind::kLateInterest)]);
  p->set_fee_ore(split[static_cast<int>(ItemKind::kFee)]);
  p->set_interest_ore(split[static_cast<int>(ItemKind::kInterest)]);
  p->set_principal_ore(split[static_cast<int>(ItemKind::kPrincipal)]);
  event->set_repaid(w.outstanding_ore == 0);
  d.postings.push_back(MakePosting(funding, v1::DEBIT, c.amount_ore()));
  for (auto [amount, account] : {std::pair{p->principal_ore(), LoanAccount(credit.id())},
                                 std::pair{p->interest_ore(), std::string(kInterestIncomeAccount)},
                                 std::pair{p->fee_ore(), std::string(kLoanFeesAccount)},
                                 std::pair{p->reminder_fee_ore(), FeesReceivableAccount(credit.organisation_id())},
                                 std::pair{p->late_interest_ore(), InterestReceivableAccount(credit.id())}}) {
    if (amount > 0) d.postings.push_back(MakePosting(account, v1::CREDIT, amount));
  }
  AddPair(d, CapitalLentAccount(credit.capital_source()), CapitalFreeAccount(credit.capital_source()), p->principal_ore());
  if (event->repaid()) ReleaseRemainder(credit, d);
  return d;
}

absl::StatusOr<Decision> DecideRemind(const CommandContext& context, const v1::IssueReminder& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "issue reminders"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadCredit(state, c.credit_id()));
  RETURN_IF_ERROR(CheckAction(credit, CreditAction::kRemind));
  ASSIGN_OR_RETURN(absl::CivilDay as_of, ValueDay(context, c.as_of(), "reminder date"));
  ASSIGN_OR_RETURN(v1::CreditSettings settings, ReadSettings(state));
  ASSIGN_OR_RETURN(v1::CreditStanding standing,
                   StandingAsOf(credit, as_of, settings.reference_rate_bp() + settings.late_margin_bp()));
  if (standing.overdue_ore() == 0) {
    return absl::FailedPreconditionError(absl::StrCat("nothing of credit ", credit.id(), " is overdue as of ",
                                                      ledger::FormatDate(as_of), ": no reminder"));
  }
  ASSIGN_OR_RETURN(int64_t number, ParseCreditId(credit.id()));
  ASSIGN_OR_RETURN(std::string ocr, ReminderOcr(number, credit.reminders() + 1));
  Decision d;
  d.value_date = ledger::FormatDate(as_of);
  v1::ReminderIssued* event = d.event.mutable_reminder_issued();
  event->set_credit_id(credit.id());
  event->set_as_of(d.value_date);
  event->set_overdue_ore(standing.overdue_ore());
  event->set_days_past_due(standing.days_past_due());
  const int64_t fee = std::min(settings.reminder_fee_ore(), settings.reminder_fee_cap_ore());
  for (auto [kind, amount] : {std::pair{v1::Charge::REMINDER_FEE, fee},
                              std::pair{v1::Charge::LATE_INTEREST, standing.late_interest_accrued_ore()}}) {
    if (amount <= 0) continue;
    v1::Charge* charge = event->add_charges();
    charge->set_kind(kind);
    charge->set_due_date(d.value_date);
    charge->set_amount_ore(amount);
    charge->set_ocr(ocr);
  }
  if (fee > 0) {
    const std::string receivable = FeesReceivableAccount(credit.organisation_id());
    RETURN_IF_ERROR(OpenAccountIfMissing(state, d, MakeAccount(receivable, v1::ASSET, credit.currency(),
                                                        "Reminder fees receivable", credit.organisation_id(), false, true)));
    AddPair(d, receivable, kLoanFeesAccount, fee);
  }
  if (standing.late_interest_accrued_ore() > 0) {
    const std::string receivable = InterestReceivableAccount(credit.id());
    RETURN_IF_ERROR(OpenAccountIfMissing(state, d, MakeAccount(receivable, v1::ASSET, credit.currency(),
                                                        "Late-payment interest receivable", credit.organisation_id(),
                                                        false, true)));
    AddPair(d, receivable, kInterestIncomeAccount, standing.late_interest_accrued_ore());
  }
  return d;
}

absl::StatusOr<ProposalTerms> RescheduleTerms(const CommandContext& context, const v1::RescheduleCredit& c,
                                              const StateReader& state) {
  ASSIGN_OR_RETURN(ReschedulePlan plan, PlanReschedule(context, c, state));
  ProposalTerms terms;
  const bool restructure = c.kind() == v1::RescheduleCredit::RESTRUCTURE;
  terms.action = restructure ? "credit.restructure" : "credit.early-repayment";
  terms.subject = absl::StrCat("credit ", plan.credit.id());
  terms.amount_ore = restructure ? 0 : plan.paid_principal_ore;
  for (const v1::Instalment& in : plan.schedule.instalments()) {
    if (restructure) terms.amount_ore += in.principal_ore();
  }
  terms.currency = plan.credit.currency();
  terms.summary = absl::StrCat(v1::RescheduleCredit::Kind_Name(c.kind()), " of ", plan.credit.id(), " from ",
                               ledger::FormatDate(plan.day), ": ", plan.schedule.instalments_size(),
                               " instalments in the new schedule",
                               restructure ? "" : absl::StrCat(", ", ledger::FormatAmount(plan.paid_principal_ore),
                                                               " principal paid now"));
  terms.basis = Basis(plan.credit);
  return terms;
}

absl::StatusOr<Decision> DecideReschedule(const CommandContext& context, const v1::RescheduleCredit& c,
                                          const StateReader& state) {
  if (context.approved_by_proposal.empty()) {
    return absl::PermissionDeniedError("early repayment and restructuring need four eyes: propose them first");
  }
  ASSIGN_OR_RETURN(ReschedulePlan plan, PlanReschedule(context, c, state));
  Decision d;
  d.value_date = ledger::FormatDate(plan.day);
  v1::CreditRescheduled* event = d.event.mutable_credit_rescheduled();
  event->set_credit_id(plan.credit.id());
  *event->mutable_schedule() = plan.schedule;
  event->set_paid_principal_ore(plan.paid_principal_ore);
  event->set_paid_interest_ore(plan.paid_interest_ore);
  event->set_paid_fee_ore(plan.paid_fee_ore);
  event->set_repaid(plan.repaid);
  event->set_comment(c.comment());
  const int64_t cash = plan.paid_principal_ore + plan.paid_interest_ore + plan.paid_fee_ore;
  if (cash > 0) {
    d.postings.push_back(MakePosting(kBankAccount, v1::DEBIT, cash));
    if (plan.paid_principal_ore > 0) {
      d.postings.push_back(MakePosting(LoanAccount(plan.credit.id()), v1::CREDIT, plan.paid_principal_ore));
    }
    if (plan.paid_interest_ore > 0) {
      d.postings.push_back(MakePosting(kInterestIncomeAccount, v1::CREDIT, plan.paid_interest_ore));
    }
    if (plan.paid_fee_ore > 0) d.postings.push_back(MakePosting(kLoanFeesAccount, v1::CREDIT, plan.paid_fee_ore));
  }
  AddPair(d, CapitalLentAccount(plan.credit.capital_source()), CapitalFreeAccount(plan.credit.capital_source()),
          plan.paid_principal_ore);
  if (plan.repaid) ReleaseRemainder(plan.credit, d);
  return d;
}

namespace {

struct WriteOffPlan {
  v1::Credit credit;
  int64_t principal_ore = 0;
  int64_t reminder_fees_ore = 0;
  int64_t late_interest_ore = 0;
};

absl::StatusOr<WriteOffPlan> PlanWriteOff(const CommandContext& context, const v1::WriteOffCredit& c,
                                          const StateReader& state) {
  RETURN_IF_ERROR(RequireDecider(context, "write off credits"));
  WriteOffPlan plan;
  ASSIGN_OR_RETURN(plan.credit, LoadCredit(state, c.credit_id()));
  RETURN_IF_ERROR(CheckAction(plan.credit, CreditAction::kWriteOff));
  if (c.reason().empty()) return absl::InvalidArgumentError("a write-off needs a reason");
  const Booked booked = BookedOf(plan.credit);
  // The current schedule holds exactly the principal not repaid early (early repayments are booked
  // outside the payments); what payments have not covered is outstanding.
  const v1::Schedule* schedule = CurrentSchedule(plan.credit);
  for (const v1::Instalment& in : schedule->instalments()) plan.principal_ore += in.principal_ore();
  plan.principal_ore -= booked.by_kind[static_cast<int>(ItemKind::kPrincipal)];
  plan.reminder_fees_ore = ChargesTotal(plan.credit, v1::Charge::REMINDER_FEE) -
                           booked.by_kind[static_cast<int>(ItemKind::kReminderFee)];
  plan.late_interest_ore = ChargesTotal(plan.credit, v1::Charge::LATE_INTEREST) -
                           booked.by_kind[static_cast<int>(ItemKind::kLateInterest)];
  return plan;
}

}  // namespace

absl::StatusOr<ProposalTerms> WriteOffTerms(const CommandContext& context, const v1::WriteOffCredit& c,
                                            const StateReader& state) {
  ASSIGN_OR_RETURN(WriteOffPlan plan, PlanWriteOff(context, c, state));
  ProposalTerms terms;
  terms.action = "credit.write-off";
  terms.subject = absl::StrCat("credit ", plan.credit.id());
  terms.amount_ore = plan.principal_ore;
  terms.currency = plan.credit.currency();
  terms.summary = absl::StrCat("write off ", plan.credit.id(), ": ", ledger::FormatAmount(plan.principal_ore),
                               " principal to credit losses; ", c.reason());
  terms.basis = Basis(plan.credit);
  return terms;
}

absl::StatusOr<Decision> DecideWriteOff(const CommandContext& context, const v1::WriteOffCredit& c,
                                        const StateReader& state) {
  if (context.approved_by_proposal.empty()) {
    return absl::PermissionDeniedError("a write-off needs four eyes: propose it (fondbok credit write-off)");
  }
  ASSIGN_OR_RETURN(WriteOffPlan plan, PlanWriteOff(context, c, state));
  Decision d;
  v1::CreditWrittenOff* event = d.event.mutable_credit_written_off();
  event->set_credit_id(plan.credit.id());
  event->set_principal_ore(plan.principal_ore);
  event->set_reason(c.reason());
  const int64_t loss = plan.principal_ore + plan.reminder_fees_ore + plan.late_interest_ore;
  if (loss > 0) d.postings.push_back(MakePosting(kCreditLossesAccount, v1::DEBIT, loss));
  if (plan.principal_ore > 0) d.postings.push_back(MakePosting(LoanAccount(plan.credit.id()), v1::CREDIT, plan.principal_ore));
  if (plan.reminder_fees_ore > 0) {
    d.postings.push_back(MakePosting(FeesReceivableAccount(plan.credit.organisation_id()), v1::CREDIT, plan.reminder_fees_ore));
  }
  if (plan.late_interest_ore > 0) {
    d.postings.push_back(MakePosting(InterestReceivableAccount(plan.credit.id()), v1::CREDIT, plan.late_interest_ore));
  }
  AddPair(d, CapitalLentAccount(plan.credit.capital_source()), CapitalLossesAccount(plan.credit.capital_source()),
          plan.principal_ore);
  ReleaseRemainder(plan.credit, d);
  return d;
}

absl::StatusOr<Decision> DecideRecovery(const CommandContext& context, const v1::RecordRecovery& c,
                                        const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "record recoveries"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadCredit(state, c.credit_id()));
  RETURN_IF_ERROR(CheckAction(credit, CreditAction::kRecover));
  if (c.amount_ore() <= 0) return absl::InvalidArgumentError("a recovery needs a positive amount");
  ASSIGN_OR_RETURN(absl::CivilDay day, ValueDay(context, c.value_date(), "value date"));
  Decision d;
  d.value_date = ledger::FormatDate(day);
  v1::RecoveryRecorded* event = d.event.mutable_recovery_recorded();
  event->set_credit_id(credit.id());
  event->set_amount_ore(c.amount_ore());
  event->set_reference(c.reference().substr(0, 200));
  AddPair(d, kBankAccount, kRecoveriesAccount, c.amount_ore());
  const int64_t back = std::min(c.amount_ore(), std::max<int64_t>(0, credit.written_off_ore() - credit.recovered_ore()));
  AddPair(d, CapitalLossesAccount(credit.capital_source()), CapitalFreeAccount(credit.capital_source()), back);
  return d;
}

}  // namespace fondbok::credits
