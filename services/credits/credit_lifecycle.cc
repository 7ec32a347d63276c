// From application to disbursement (DESIGN.md §8), and the schedule versions a disbursement,
// early repayment or restructuring produces.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_decide.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"
#include "services/credits/credit_schedule.h"
#include "services/parties/party_keys.h"

namespace fondbok::credits {
namespace {

constexpr size_t kTextBytesMax = 4000;

absl::Status ValidateText(const std::string& text, absl::string_view what, bool required) {
  if (required && text.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " is required"));
  if (text.size() > kTextBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat(what, " is at most ", kTextBytesMax, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status ValidateGrant(const v1::ApplyForCredit& c, const v1::Product& product) {
  if (product.amortisation() != v1::BRIDGE) {
    if (c.has_grant()) return absl::InvalidArgumentError("only bridge loans carry a grant decision");
    return absl::OkStatus();
  }
  const v1::GrantCollateral& g = c.grant();
  if (g.funder().empty() || g.decision_reference().empty() || g.granted_ore() <= 0) {
    return absl::InvalidArgumentError(
        "a bridge loan needs the grant decision: funder, decision reference and granted amount");
  }
  if (g.payouts_size() < 1 || g.payouts_size() > 60) {
    return absl::InvalidArgumentError("a bridge loan needs 1–60 expected payouts of the grant");
  }
  int64_t sum = 0;
  std::string previous;
  for (const v1::GrantPayout& p : g.payouts()) {
    RETURN_IF_ERROR(ledger::ParseDate(p.date(), "payout date").status());
    if (p.amount_ore() <= 0) return absl::InvalidArgumentError("every expected payout needs a positive amount");
    if (p.date() <= previous) return absl::InvalidArgumentError("expected payouts must be in date order, one per date");
    previous = p.date();
    ASSIGN_OR_RETURN(sum, ledger::AddOre(sum, p.amount_ore()));
  }
  if (sum > g.granted_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("the expected payouts (", ledger::FormatAmount(sum),
                                                   ") exceed the granted amount (",
                                                   ledger::FormatAmount(g.granted_ore()), ")"));
  }
  if (sum < c.amount_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("the grant's expected payouts (", ledger::FormatAmount(sum),
                                                   ") do not cover the credit (",
                                                   ledger::FormatAmount(c.amount_ore()), ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateTerms(const v1::ApplyForCredit& c, const v1::Product& p) {
  if (c.amount_ore() < p.amount_min_ore() || c.amount_ore() > p.amount_max_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("product ", p.id(), " lends ", ledger::FormatAmount(p.amount_min_ore()),
                                                   " to ", ledger::FormatAmount(p.amount_max_ore()), ", not ",
                                                   ledger::FormatAmount(c.amount_ore())));
  }
  const int period = PeriodMonths(c.frequency());
  if (p.amortisation() != v1::BRIDGE) {
    if (c.term_months() < period || c.term_months() > p.term_months_max() || c.term_months() % period != 0) {
      return absl::InvalidArgumentError(absl::StrCat("the term must be ", period, "–", p.term_months_max(),
                                                     " months and a multiple of ", period, "; got ", c.term_months()));
    }
    if (c.grace_months() < 0 || c.grace_months() > p.grace_months_max() || c.grace_months() % period != 0 ||
        c.grace_months() >= c.term_months()) {
      return absl::InvalidArgumentError(absl::StrCat("grace must be 0–", p.grace_months_max(),
                                                     " months, a multiple of ", period, " and shorter than the term"));
    }
  }
  if (c.payment_day() < 0 || c.payment_day() > 28) {
    return absl::InvalidArgumentError("instalments fall due on a day 1–28 of the month");
  }
  return ValidateGrant(c, p);
}

absl::StatusOr<int64_t> NextCreditNumber(const StateReader& state) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, kNextCreditKey));
  int64_t next = 1;
  if (bytes.has_value() && !absl::SimpleAtoi(*bytes, &next)) return absl::DataLossError("credit counter is corrupt");
  return next;
}

// Marks the state change of `credit` for an event that carries only the id.
absl::StatusOr<v1::Credit> LoadFor(const CommandContext& context, const StateReader& state, const std::string& id,
                                   CreditAction action) {
  ASSIGN_OR_RETURN(v1::Credit credit, LoadCredit(state, id));
  RETURN_IF_ERROR(CheckOwnOrganisation(context, credit));
  RETURN_IF_ERROR(CheckAction(credit, action));
  return credit;
}

struct ApprovalPlan {
  v1::Credit credit;
  int64_t amount_ore = 0;
  v1::CapitalSource source;
};

int64_t Free(const v1::CapitalSource& s) { return s.deposited_ore() - s.reserved_ore() - s.lent_ore() - s.lost_ore(); }

bool Earmarked(const v1::CapitalSource& s, const std::string& municipality) {
  return std::find(s.earmark_municipalities().begin(), s.earmark_municipalities().end(), municipality) !=
         s.earmark_municipalities().end();
}

// DESIGN.md §8: a credit draws from a source earmarked for the borrower's municipality, else from
// unearmarked capital, never more than is free.
absl::StatusOr<v1::CapitalSource> ChooseSource(const StateReader& state, const v1::Credit& credit, int64_t amount,
                                               const std::string& wanted) {
  ASSIGN_OR_RETURN(std::vector<v1::CapitalSource> sources, ReadCapitalSources(state));
  int64_t earmarked_free = 0;
  int64_t open_free = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const v1::CapitalSource& s : sources) {
      const bool eligible = pass == 0 ? Earmarked(s, credit.municipality()) : s.earmark_municipalities().empty();
      if (!eligible || (!wanted.empty() && s.id() != wanted)) continue;
      (pass == 0 ? earmarked_free : open_free) += std::max<int64_t>(0, Free(s));
      if (Free(s) >= amount) return s;
    }
  }
  if (!wanted.empty()) {
    auto it = std::find_if(sources.begin(), sources.end(), [&](const auto& s) { return s.id() == wanted; });
    if (it == sources.end()) return absl::NotFoundError(absl::StrCat("capital source ", wanted, " does not exist"));
    if (!Earmarked(*it, credit.municipality()) && !it->earmark_municipalities().empty()) {
      return absl::FailedPreconditionError(absl::StrCat("capital source ", wanted, " is earmarked for other municipalities than ",
                                                        credit.municipality()));
    }
  }
  const int64_t best = std::max(earmarked_free, open_free);
  return absl::FailedPreconditionError(absl::StrCat(
      "not enough free lending capital for ", ledger::FormatAmount(amount), " to a borrower in ", credit.municipality(),
      ": sources earmarked for it have ", ledger::FormatAmount(earmarked_free), " free, unearmarked sources ",
      ledger::FormatAmount(open_free), "; no single source has it (short by ", ledger::FormatAmount(amount - best), ")"));
}

absl::StatusOr<ApprovalPlan> PlanApproval(const CommandContext& context, const v1::ApproveCredit& c,
                                          const StateReader& state) {
  RETURN_IF_ERROR(RequireDecider(context, "approve credits"));
  ApprovalPlan plan;
  ASSIGN_OR_RETURN(plan.credit, LoadFor(context, state, c.credit_id(), CreditAction::kApprove));
  if (plan.credit.assessment().risk_grade() == v1::RISK_GRADE_UNSPECIFIED) {
    return absl::FailedPreconditionError(absl::StrCat("credit ", c.credit_id(), " has no assessment yet: assess it first"));
  }
  plan.amount_ore = c.amount_ore() == 0 ? plan.credit.amount_ore() : c.amount_ore();
  if (plan.amount_ore <= 0 || plan.amount_ore > plan.credit.amount_ore() ||
      plan.amount_ore < plan.credit.product().amount_min_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("the approved amount must be between the product's minimum and the ",
                                                   ledger::FormatAmount(plan.credit.amount_ore()), " applied for"));
  }
  ASSIGN_OR_RETURN(plan.source, ChooseSource(state, plan.credit, plan.amount_ore, c.capital_source()));
  return plan;
}

}  // namespace

absl::StatusOr<Decision> DecideApply(const CommandContext& context, const v1::ApplyForCredit& c,
                                     const StateReader& state) {
  if (!IsStaff(context) && !(context.actor_role == "member" && context.actor_organisation == c.organisation_id())) {
    return absl::PermissionDeniedError("a member applies only for its own organisation");
  }
  ASSIGN_OR_RETURN(auto org, parties::ReadOrganisation(state, c.organisation_id()));
  if (!org.has_value()) return absl::NotFoundError(absl::StrCat("organisation ", c.organisation_id(), " does not exist"));
  if (org->closed()) return absl::FailedPreconditionError(absl::StrCat("organisation ", org->id(), " is closed"));
  ASSIGN_OR_RETURN(auto product, ReadProduct(state, c.product_id()));
  if (!product.has_value()) return absl::NotFoundError(absl::StrCat("product ", c.product_id(), " does not exist"));
  if (product->closed()) return absl::FailedPreconditionError(absl::StrCat("product ", product->id(), " is closed"));
  v1::ApplyForCredit terms = c;
  if (terms.frequency() == v1::FREQUENCY_UNSPECIFIED) terms.set_frequency(v1::MONTHLY);
  if (terms.payment_day() == 0) terms.set_payment_day(25);
  RETURN_IF_ERROR(ValidateTerms(terms, *product));
  RETURN_IF_ERROR(ValidateText(c.purpose(), "the purpose", true));
  ASSIGN_OR_RETURN(int64_t number, NextCreditNumber(state));
  Decision d;
  v1::Credit* credit = d.event.mutable_credit_applied()->mutable_credit();
  credit->set_id(CreditId(number));
  credit->set_organisation_id(org->id());
  credit->set_municipality(org->municipality());
  credit->set_purpose(c.purpose());
  *credit->mutable_product() = *product;
  credit->set_amount_ore(c.amount_ore());
  credit->set_term_months(product->amortisation() == v1::BRIDGE ? 0 : terms.term_months());
  credit->set_frequency(terms.frequency());
  credit->set_payment_day(terms.payment_day());
  credit->set_grace_months(terms.grace_months());
  if (c.has_grant()) *credit->mutable_grant() = c.grant();
  credit->set_state(v1::CREDIT_DRAFT);
  credit->set_currency(product->currency());
  return d;
}

absl::StatusOr<Decision> DecideSubmit(const CommandContext& context, const v1::SubmitCredit& c, const StateReader& state) {
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kSubmit));
  Decision d;
  d.event.mutable_credit_submitted()->set_credit_id(credit.id());
  return d;
}

absl::StatusOr<Decision> DecideWithdraw(const CommandContext& context, const v1::WithdrawCredit& c,
                                        const StateReader& state) {
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kWithdraw));
  RETURN_IF_ERROR(ValidateText(c.reason(), "the reason", false));
  Decision d;
  d.event.mutable_credit_withdrawn()->set_credit_id(credit.id());
  d.event.mutable_credit_withdrawn()->set_reason(c.reason());
  return d;
}

absl::StatusOr<Decision> DecideAssess(const CommandContext& context, const v1::AssessCredit& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "assess credits"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kAssess));
  const v1::Assessment& a = c.assessment();
  if (a.risk_grade() == v1::RISK_GRADE_UNSPECIFIED || !v1::RiskGrade_IsValid(a.risk_grade())) {
    return absl::InvalidArgumentError("an assessment needs a risk grade A–E");
  }
  RETURN_IF_ERROR(ValidateText(a.text(), "the written assessment", true));
  RETURN_IF_ERROR(ValidateText(a.collateral(), "the collateral", false));
  if (a.revenue_ore() < 0 || a.liquidity_ore() < 0 || a.own_contribution_ore() < 0) {
    return absl::InvalidArgumentError("revenue, liquidity and own contribution cannot be negative");
  }
  Decision d;
  v1::CreditAssessed* event = d.event.mutable_credit_assessed();
  event->set_credit_id(credit.id());
  *event->mutable_assessment() = a;
  event->mutable_assessment()->set_assessed_by(std::string(context.actor_name.empty() ? context.actor : context.actor_name));
  return d;
}

absl::StatusOr<ProposalTerms> ApproveTerms(const CommandContext& context, const v1::ApproveCredit& c,
                                           const StateReader& state) {
  ASSIGN_OR_RETURN(ApprovalPlan plan, PlanApproval(context, c, state));
  ProposalTerms terms;
  terms.action = "credit.approve";
  terms.subject = absl::StrCat("credit ", plan.credit.id());
  terms.amount_ore = plan.amount_ore;
  terms.currency = plan.credit.currency();
  terms.summary = absl::StrCat("approve ", plan.credit.id(), " to ", plan.credit.organisation_id(), ": ",
                               ledger::FormatAmount(plan.amount_ore), ", ", plan.credit.product().id(), ", ",
                               plan.credit.term_months(), " months, risk ",
                               v1::RiskGrade_Name(plan.credit.assessment().risk_grade()).substr(5),
                               ", capital from ", plan.source.id());
  terms.basis = Basis(plan.credit);
  return terms;
}

absl::StatusOr<Decision> DecideApprove(const CommandContext& context, const v1::ApproveCredit& c,
                                       const StateReader& state) {
  if (context.approved_by_proposal.empty()) {
    return absl::PermissionDeniedError(
        "approving a credit needs four eyes: propose it (fondbok credit propose-approval) and have it approved");
  }
  ASSIGN_OR_RETURN(ApprovalPlan plan, PlanApproval(context, c, state));
  Decision d;
  v1::CreditApproved* event = d.event.mutable_credit_approved();
  event->set_credit_id(plan.credit.id());
  event->set_amount_ore(plan.amount_ore);
  event->set_capital_source(plan.source.id());
  event->set_offer_valid_until(
      ledger::FormatDate(context.today + plan.credit.product().offer_validity_days()));
  event->set_comment(c.comment());
  const std::string loans = LoanAccount(plan.credit.id());
  RETURN_IF_ERROR(OpenAccountIfMissing(state, d, MakeAccount(loans, v1::ASSET, plan.credit.currency(),
                                                      absl::StrCat("Credit ", plan.credit.id()),
                                                      plan.credit.organisation_id(), false, true)));
  // Reserved against payments-out: at disbursement the money is owed out through the bank, and it
  // leaves asset:bank when the statement shows the transfer (payments module, SettlePaymentOrder).
  RETURN_IF_ERROR(OpenAccountIfMissing(state, d, PaymentsOutAccount(plan.credit.currency())));
  AddPair(d, loans, kPaymentsOutAccount, plan.amount_ore, /*pending=*/true);
  AddPair(d, CapitalFreeAccount(plan.source.id()), CapitalLentAccount(plan.source.id()), plan.amount_ore, true);
  return d;
}

absl::StatusOr<Decision> DecideReject(const CommandContext& context, const v1::RejectCredit& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "reject credits"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kReject));
  RETURN_IF_ERROR(ValidateText(c.reason(), "the reason for a rejection", true));
  Decision d;
  d.event.mutable_credit_rejected()->set_credit_id(credit.id());
  d.event.mutable_credit_rejected()->set_reason(c.reason());
  return d;
}

absl::StatusOr<Decision> DecideLapse(const CommandContext& context, const v1::LapseCredit& c, const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "lapse offers"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kLapse));
  if (ledger::FormatDate(context.today) <= credit.offer_valid_until()) {
    return absl::FailedPreconditionError(absl::StrCat("the offer of credit ", credit.id(), " is valid until ",
                                                      credit.offer_valid_until(), ": it lapses after that"));
  }
  Decision d;
  d.event.mutable_credit_lapsed()->set_credit_id(credit.id());
  d.event.mutable_credit_lapsed()->set_reason(absl::StrCat("not disbursed by ", credit.offer_valid_until()));
  d.pending_change.set_pending_seq(credit.reservation_seq());
  d.pending_change.set_kind(v1::PendingChange::VOID);
  return d;
}

absl::StatusOr<Decision> DecideCancel(const CommandContext& context, const v1::CancelCredit& c,
                                      const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "cancel approved credits"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kCancel));
  RETURN_IF_ERROR(ValidateText(c.reason(), "the reason for a cancellation", true));
  Decision d;
  d.event.mutable_credit_cancelled()->set_credit_id(credit.id());
  d.event.mutable_credit_cancelled()->set_reason(c.reason());
  d.pending_change.set_pending_seq(credit.reservation_seq());
  d.pending_change.set_kind(v1::PendingChange::VOID);
  return d;
}

absl::StatusOr<Decision> DecideDisburse(const CommandContext& context, const v1::DisburseCredit& c,
                                        const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "disburse credits"));
  ASSIGN_OR_RETURN(v1::Credit credit, LoadFor(context, state, c.credit_id(), CreditAction::kDisburse));
  const int64_t left = credit.amount_ore() - credit.disbursed_ore();
  const int64_t amount = c.amount_ore() == 0 ? left : c.amount_ore();
  if (amount <= 0 || amount > left) {
    return absl::FailedPreconditionError(absl::StrCat("credit ", credit.id(), " has ", ledger::FormatAmount(left),
                                                      " left to disburse; cannot disburse ",
                                                      ledger::FormatAmount(amount)));
  }
  ASSIGN_OR_RETURN(absl::CivilDay day, ValueDay(context, c.value_date(), "disbursement date"));
  if (credit.state() == v1::CREDIT_APPROVED && ledger::FormatDate(day) > credit.offer_valid_until()) {
    return absl::FailedPreconditionError(absl::StrCat("the offer of credit ", credit.id(), " was valid until ",
                                                      credit.offer_valid_until(), ": it has lapsed"));
  }
  ASSIGN_OR_RETURN(v1::Schedule schedule, TrancheSchedule(credit, day, amount));
  Decision d;
  d.value_date = ledger::FormatDate(day);
  v1::CreditDisbursed* event = d.event.mutable_credit_disbursed();
  event->set_credit_id(credit.id());
  event->set_amount_ore(amount);
  event->set_tranche(credit.schedules_size() + 1);
  *event->mutable_schedule() = std::move(schedule);
  d.pending_change.set_pending_seq(credit.reservation_seq());
  d.pending_change.set_kind(v1::PendingChange::POST);
  d.pending_change.set_amount_ore(amount);
  // Posting the reservation mirrors it: credits payments-out (or asset:bank, for a credit approved
  // before payments-out existed, whose order then settles without a booking).
  ASSIGN_OR_RETURN(auto reservation, ledger::ReadPending(state, credit.reservation_seq()));
  if (!reservation.has_value() || reservation->postings_size() != 4) {
    return absl::InternalError(absl::StrCat("the reservation of credit ", credit.id(), " has no view"));
  }
  const std::string paid_from = reservation->postings(1).account();
  AddPair(d, LoanAccount(credit.id()), paid_from, amount);
  AddPair(d, CapitalFreeAccount(credit.capital_source()), CapitalLentAccount(credit.capital_source()), amount);
  // The money goes out through the bank: a payment order for the next pain.001 file (payments module).
  ASSIGN_OR_RETURN(auto organisation, parties::ReadOrganisation(state, credit.organisation_id()));
  if (!organisation.has_value()) {
    return absl::InternalError(absl::StrCat("organisation ", credit.organisation_id(), " of credit ", credit.id(),
                                            " has no view"));
  }
  v1::PaymentOrder* order = d.follow_ups.emplace_back().mutable_order_payment()->mutable_order();
  order->set_origin_module("credits");
  order->set_origin_subject(credit.id());
  order->set_description(absl::StrCat(credit.id(), " tranche ", event->tranche()));
  order->set_payee_name(organisation->name());
  order->set_payee_bankgiro(organisation->bankgiro());
  order->set_amount_ore(amount);
  if (paid_from == kPaymentsOutAccount) order->set_clearing_account(paid_from);
  order->set_currency("SEK");
  order->set_value_date(d.value_date);
  order->set_remittance(absl::StrCat("Utbetalning lån ", credit.id()));
  return d;
}

}  // namespace fondbok::credits
