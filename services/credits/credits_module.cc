#include "services/credits/credits_module.h"

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_decide.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"

namespace fondbok::credits {
namespace {

using v1::Command;
using v1::Event;

absl::StatusOr<v1::Credit> Existing(const ledger::ViewWriter& views, const std::string& id) {
  ASSIGN_OR_RETURN(auto credit, ReadCredit(views, id));
  if (!credit.has_value()) return absl::InternalError(absl::StrCat("credit ", id, " has no view"));
  return *credit;
}

void Transition(v1::Credit& credit, const v1::JournalEntry& entry, v1::CreditState state, const std::string& reason) {
  credit.set_state(state);
  v1::Transition* t = credit.add_transitions();
  t->set_state(state);
  t->set_seq(entry.seq());
  t->set_value_date(entry.value_date());
  t->set_actor(entry.actor());
  t->set_reason(reason);
}

absl::Status UpdateSource(ledger::ViewWriter& views, const std::string& id,
                          const std::function<void(v1::CapitalSource&)>& change) {
  ASSIGN_OR_RETURN(auto source, ReadCapitalSource(views, id));
  if (!source.has_value()) return absl::InternalError(absl::StrCat("capital source ", id, " has no view"));
  change(*source);
  views.Put(CapitalKey(id), source->SerializeAsString());
  return absl::OkStatus();
}

void IndexOcrs(ledger::ViewWriter& views, const v1::Credit& credit, const v1::Schedule& schedule) {
  for (const v1::Instalment& in : schedule.instalments()) {
    if (!in.ocr().empty()) views.Put(OcrKey(in.ocr()), credit.id());
  }
}

absl::Status ProjectApproved(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::CreditApproved& a = entry.event().credit_approved();
  credit.set_amount_ore(a.amount_ore());
  credit.set_capital_source(a.capital_source());
  credit.set_reservation_seq(entry.seq());
  credit.set_offer_valid_until(a.offer_valid_until());
  credit.set_approved_by_proposal(entry.approved_by_proposal());
  Transition(credit, entry, v1::CREDIT_APPROVED, a.comment());
  return UpdateSource(views, a.capital_source(),
                      [&](v1::CapitalSource& s) { s.set_reserved_ore(s.reserved_ore() + a.amount_ore()); });
}

// Lapsed or cancelled: what was reserved and not disbursed is free again.
absl::Status ProjectOfferEnded(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const Event& e = entry.event();
  const bool lapsed = e.kind_case() == Event::kCreditLapsed;
  Transition(credit, entry, lapsed ? v1::CREDIT_LAPSED : v1::CREDIT_CANCELLED,
             lapsed ? e.credit_lapsed().reason() : e.credit_cancelled().reason());
  const int64_t released = credit.amount_ore() - credit.disbursed_ore();
  return UpdateSource(views, credit.capital_source(),
                      [&](v1::CapitalSource& s) { s.set_reserved_ore(s.reserved_ore() - released); });
}

absl::Status ProjectDisbursed(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::CreditDisbursed& dis = entry.event().credit_disbursed();
  credit.set_disbursed_ore(credit.disbursed_ore() + dis.amount_ore());
  v1::Schedule* schedule = credit.add_schedules();
  *schedule = dis.schedule();
  schedule->set_seq(entry.seq());
  if (credit.first_disbursed_on().empty()) {
    credit.set_first_disbursed_on(entry.value_date());
    if (schedule->instalments_size() > 0) {
      credit.set_maturity_date(schedule->instalments(schedule->instalments_size() - 1).due_date());
    }
    Transition(credit, entry, v1::CREDIT_ACTIVE, "disbursed");
  }
  IndexOcrs(views, credit, *schedule);
  return UpdateSource(views, credit.capital_source(), [&](v1::CapitalSource& s) {
    s.set_reserved_ore(s.reserved_ore() - dis.amount_ore());
    s.set_lent_ore(s.lent_ore() + dis.amount_ore());
  });
}

// Principal repaid frees capital; a credit that ends releases what was never disbursed.
absl::Status ReturnCapital(ledger::ViewWriter& views, const v1::Credit& credit, int64_t principal_ore, bool ended) {
  return UpdateSource(views, credit.capital_source(), [&](v1::CapitalSource& s) {
    s.set_lent_ore(s.lent_ore() - principal_ore);
    if (ended) s.set_reserved_ore(s.reserved_ore() - (credit.amount_ore() - credit.disbursed_ore()));
  });
}

absl::Status ProjectRepayment(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::RepaymentRecorded& r = entry.event().repayment_recorded();
  v1::Payment* payment = credit.add_payments();
  *payment = r.payment();
  payment->set_seq(entry.seq());
  if (r.repaid()) Transition(credit, entry, v1::CREDIT_REPAID, "repaid in full");
  return ReturnCapital(views, credit, r.payment().principal_ore(), r.repaid());
}

void ProjectReminder(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::ReminderIssued& r = entry.event().reminder_issued();
  credit.set_reminders(credit.reminders() + 1);
  credit.set_last_reminder_date(r.as_of());
  for (const v1::Charge& c : r.charges()) {
    v1::Charge* charge = credit.add_charges();
    *charge = c;
    charge->set_seq(entry.seq());
    if (c.kind() == v1::Charge::LATE_INTEREST) {
      credit.set_late_interest_charged_ore(credit.late_interest_charged_ore() + c.amount_ore());
    }
    views.Put(OcrKey(c.ocr()), credit.id());
  }
}

absl::Status ProjectRescheduled(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::CreditRescheduled& r = entry.event().credit_rescheduled();
  v1::Schedule* schedule = credit.add_schedules();
  *schedule = r.schedule();
  schedule->set_seq(entry.seq());
  IndexOcrs(views, credit, *schedule);
  if (schedule->reason() == v1::RESTRUCTURING && schedule->instalments_size() > 0) {
    credit.set_maturity_date(schedule->instalments(schedule->instalments_size() - 1).due_date());
  }
  if (r.repaid()) Transition(credit, entry, v1::CREDIT_REPAID, "repaid early in full");
  return ReturnCapital(views, credit, r.paid_principal_ore(), r.repaid());
}

absl::Status ProjectWrittenOff(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const v1::CreditWrittenOff& w = entry.event().credit_written_off();
  credit.set_written_off_ore(w.principal_ore());
  Transition(credit, entry, v1::CREDIT_WRITTEN_OFF, w.reason());
  RETURN_IF_ERROR(ReturnCapital(views, credit, w.principal_ore(), /*ended=*/true));
  return UpdateSource(views, credit.capital_source(),
                      [&](v1::CapitalSource& s) { s.set_lost_ore(s.lost_ore() + w.principal_ore()); });
}

absl::Status ProjectRecovery(const v1::JournalEntry& entry, ledger::ViewWriter& views, v1::Credit& credit) {
  const int64_t amount = entry.event().recovery_recorded().amount_ore();
  const int64_t back = std::min(amount, std::max<int64_t>(0, credit.written_off_ore() - credit.recovered_ore()));
  credit.set_recovered_ore(credit.recovered_ore() + amount);
  return UpdateSource(views, credit.capital_source(), [&](v1::CapitalSource& s) { s.set_lost_ore(s.lost_ore() - back); });
}

// Applies one event to the view of the credit it concerns.
absl::Status ProjectCredit(const v1::JournalEntry& entry, ledger::ViewWriter& views, const std::string& id) {
  ASSIGN_OR_RETURN(v1::Credit credit, Existing(views, id));
  const Event& e = entry.event();
  absl::Status status;
  switch (e.kind_case()) {
    case Event::kCreditSubmitted: Transition(credit, entry, v1::CREDIT_SUBMITTED, ""); break;
    case Event::kCreditAssessed:
      *credit.mutable_assessment() = e.credit_assessed().assessment();
      credit.mutable_assessment()->set_seq(entry.seq());
      if (credit.state() != v1::CREDIT_UNDER_REVIEW) Transition(credit, entry, v1::CREDIT_UNDER_REVIEW, "assessed");
      break;
    case Event::kCreditApproved: status = ProjectApproved(entry, views, credit); break;
    case Event::kCreditRejected: Transition(credit, entry, v1::CREDIT_REJECTED, e.credit_rejected().reason()); break;
    case Event::kCreditWithdrawn: Transition(credit, entry, v1::CREDIT_WITHDRAWN, e.credit_withdrawn().reason()); break;
    case Event::kCreditLapsed:
    case Event::kCreditCancelled: status = ProjectOfferEnded(entry, views, credit); break;
    case Event::kCreditDisbursed: status = ProjectDisbursed(entry, views, credit); break;
    case Event::kRepaymentRecorded: status = ProjectRepayment(entry, views, credit); break;
    case Event::kReminderIssued: ProjectReminder(entry, views, credit); break;
    case Event::kCreditRescheduled: status = ProjectRescheduled(entry, views, credit); break;
    case Event::kCreditWrittenOff: status = ProjectWrittenOff(entry, views, credit); break;
    case Event::kRecoveryRecorded: status = ProjectRecovery(entry, views, credit); break;
    default: return absl::InternalError("not a credit event");
  }
  RETURN_IF_ERROR(status);
  credit.set_last_seq(entry.seq());
  views.Put(CreditKey(credit.id()), credit.SerializeAsString());
  return absl::OkStatus();
}

std::string CreditIdOf(const Event& e) {
  switch (e.kind_case()) {
    case Event::kCreditSubmitted: return e.credit_submitted().credit_id();
    case Event::kCreditAssessed: return e.credit_assessed().credit_id();
    case Event::kCreditApproved: return e.credit_approved().credit_id();
    case Event::kCreditRejected: return e.credit_rejected().credit_id();
    case Event::kCreditWithdrawn: return e.credit_withdrawn().credit_id();
    case Event::kCreditLapsed: return e.credit_lapsed().credit_id();
    case Event::kCreditCancelled: return e.credit_cancelled().credit_id();
    case Event::kCreditDisbursed: return e.credit_disbursed().credit_id();
    case Event::kRepaymentRecorded: return e.repayment_recorded().credit_id();
    case Event::kReminderIssued: return e.reminder_issued().credit_id();
    case Event::kCreditRescheduled: return e.credit_rescheduled().credit_id();
    case Event::kCreditWrittenOff: return e.credit_written_off().credit_id();
    case Event::kRecoveryRecorded: return e.recovery_recorded().credit_id();
    default: return "";
  }
}

}  // namespace

std::vector<int> CreditsModule::CommandCases() const {
  std::vector<int> cases;
  for (int c = Command::kDefineProduct; c <= Command::kRecordRecovery; ++c) cases.push_back(c);
  return cases;
}

std::vector<int> CreditsModule::EventCases() const {
  std::vector<int> cases;
  for (int c = Event::kProductDefined; c <= Event::kRecoveryRecorded; ++c) cases.push_back(c);
  return cases;
}

namespace {

// The payment references a credits event invoices under: every instalment of a new schedule and
// every reminder charge. The ledger registers them (ledger::LookupReference), so the payments
// module can route an incoming payment here; instalments kept from an earlier schedule version
// keep their reference and owner.
void ClaimReferences(ledger::Decision& d) {
  auto claim = [&](const std::string& credit_id, const std::string& ocr) {
    if (ocr.empty()) return;
    v1::ReferenceClaim* c = &d.references.emplace_back();
    c->set_reference(ocr);
    c->set_subject(credit_id);
  };
  const Event& e = d.event;
  const v1::Schedule* schedule = nullptr;
  std::string credit_id;
  if (e.has_credit_disbursed()) {
    schedule = &e.credit_disbursed().schedule();
    credit_id = e.credit_disbursed().credit_id();
  } else if (e.has_credit_rescheduled()) {
    schedule = &e.credit_rescheduled().schedule();
    credit_id = e.credit_rescheduled().credit_id();
  } else if (e.has_reminder_issued()) {
    for (const v1::Charge& c : e.reminder_issued().charges()) claim(e.reminder_issued().credit_id(), c.ocr());
  }
  if (schedule != nullptr) {
    for (const v1::Instalment& in : schedule->instalments()) claim(credit_id, in.ocr());
  }
}

absl::StatusOr<ledger::Decision> DecideCommand(const ledger::CommandContext& context, const Command& command,
                                               const ledger::StateReader& state) {
  switch (command.kind_case()) {
    case Command::kDefineProduct: return DecideDefineProduct(context, command.define_product(), state);
    case Command::kSetCreditSettings: return DecideSetSettings(context, command.set_credit_settings(), state);
    case Command::kDepositCapital: return DecideDepositCapital(context, command.deposit_capital(), state);
    case Command::kWithdrawCapital: return DecideWithdrawCapital(context, command.withdraw_capital(), state);
    case Command::kApplyForCredit: return DecideApply(context, command.apply_for_credit(), state);
    case Command::kSubmitCredit: return DecideSubmit(context, command.submit_credit(), state);
    case Command::kAssessCredit: return DecideAssess(context, command.assess_credit(), state);
    case Command::kApproveCredit: return DecideApprove(context, command.approve_credit(), state);
    case Command::kRejectCredit: return DecideReject(context, command.reject_credit(), state);
    case Command::kWithdrawCredit: return DecideWithdraw(context, command.withdraw_credit(), state);
    case Command::kLapseCredit: return DecideLapse(context, command.lapse_credit(), state);
    case Command::kCancelCredit: return DecideCancel(context, command.cancel_credit(), state);
    case Command::kDisburseCredit: return DecideDisburse(context, command.disburse_credit(), state);
    case Command::kRecordRepayment: return DecideRepay(context, command.record_repayment(), state);
    case Command::kIssueReminder: return DecideRemind(context, command.issue_reminder(), state);
    case Command::kRescheduleCredit: return DecideReschedule(context, command.reschedule_credit(), state);
    case Command::kWriteOffCredit: return DecideWriteOff(context, command.write_off_credit(), state);
    case Command::kRecordRecovery: return DecideRecovery(context, command.record_recovery(), state);
    default: return absl::InvalidArgumentError("not a credits command");
  }
}

}  // namespace

absl::StatusOr<ledger::Decision> CreditsModule::Decide(const ledger::CommandContext& context, const Command& command,
                                                       const ledger::StateReader& state) const {
  ASSIGN_OR_RETURN(ledger::Decision d, DecideCommand(context, command, state));
  ClaimReferences(d);
  return d;
}

absl::StatusOr<ledger::ProposalTerms> CreditsModule::Terms(const ledger::CommandContext& context,
                                                           const Command& command,
                                                           const ledger::StateReader& state) const {
  switch (command.kind_case()) {
    case Command::kApproveCredit: return ApproveTerms(context, command.approve_credit(), state);
    case Command::kRescheduleCredit: return RescheduleTerms(context, command.reschedule_credit(), state);
    case Command::kWriteOffCredit: return WriteOffTerms(context, command.write_off_credit(), state);
    default:
      return absl::InvalidArgumentError("only credit approvals, reschedulings and write-offs are proposed");
  }
}

absl::Status CreditsModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  const Event& e = entry.event();
  switch (e.kind_case()) {
    case Event::kProductDefined: {
      v1::Product product = e.product_defined().product();
      product.set_defined_seq(entry.seq());
      views.Put(ProductKey(product.id()), product.SerializeAsString());
      return absl::OkStatus();
    }
    case Event::kCreditSettingsSet:
      views.Put(kSettingsKey, e.credit_settings_set().settings().SerializeAsString());
      return absl::OkStatus();
    case Event::kCapitalDeposited: {
      const v1::CapitalDeposited& d = e.capital_deposited();
      ASSIGN_OR_RETURN(auto source, ReadCapitalSource(views, d.source().id()));
      v1::CapitalSource s = source.has_value() ? *source : d.source();
      if (!source.has_value()) s.set_opened_seq(entry.seq());
      s.set_deposited_ore(s.deposited_ore() + d.amount_ore());
      views.Put(CapitalKey(s.id()), s.SerializeAsString());
      return absl::OkStatus();
    }
    case Event::kCapitalWithdrawn: {
      const v1::CapitalWithdrawn& w = e.capital_withdrawn();
      return UpdateSource(views, w.source_id(),
                          [&](v1::CapitalSource& s) { s.set_deposited_ore(s.deposited_ore() - w.amount_ore()); });
    }
    case Event::kCreditApplied: {
      v1::Credit credit = e.credit_applied().credit();
      credit.set_last_seq(entry.seq());
      v1::Transition* t = credit.add_transitions();
      t->set_state(v1::CREDIT_DRAFT);
      t->set_seq(entry.seq());
      t->set_value_date(entry.value_date());
      t->set_actor(entry.actor());
      ASSIGN_OR_RETURN(int64_t number, ParseCreditId(credit.id()));
      views.Put(kNextCreditKey, absl::StrCat(number + 1));
      views.Put(ByOrgKey(credit.organisation_id(), credit.id()), "");
      views.Put(CreditKey(credit.id()), credit.SerializeAsString());
      return absl::OkStatus();
    }
    default: {
      const std::string id = CreditIdOf(e);
      if (id.empty()) return absl::InternalError("not a credits event");
      return ProjectCredit(entry, views, id);
    }
  }
}

}  // namespace fondbok::credits
