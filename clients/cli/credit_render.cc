#include "clients/cli/credit_render.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/render.h"
#include "clients/cli/table.h"

namespace fondbok::cli {
namespace {

std::string Money(int64_t ore, const std::string& currency) { return FormatMoney(ore, currency.empty() ? "SEK" : currency); }

std::string Word(const std::string& enum_name, absl::string_view prefix) {
  std::string s = enum_name;
  if (absl::StartsWith(s, prefix)) s = s.substr(prefix.size());
  return absl::StrReplaceAll(absl::AsciiStrToLower(s), {{"_", "-"}});
}

std::string Grade(v1::RiskGrade grade) {
  return grade == v1::RISK_GRADE_UNSPECIFIED ? "-" : v1::RiskGrade_Name(grade).substr(5);
}

void Line(std::string& out, absl::string_view key, absl::string_view value) {
  if (!value.empty()) absl::StrAppend(&out, key, std::string(key.size() < 20 ? 20 - key.size() : 1, ' '), value, "\n");
}

}  // namespace

std::string CreditStateWord(v1::CreditState state) { return Word(v1::CreditState_Name(state), "CREDIT_"); }

std::string RenderCredit(const v1::CreditResponse& response) {
  const v1::Credit& c = response.credit();
  const v1::CreditStanding& s = response.standing();
  const std::string& cur = c.currency();
  std::string out;
  Line(out, "credit", c.id());
  Line(out, "state", CreditStateWord(c.state()));
  Line(out, "organisation", absl::StrCat(c.organisation_id(), " (kommun ", c.municipality(), ")"));
  Line(out, "product", absl::StrCat(c.product().id(), " — ", Word(v1::Amortisation_Name(c.product().amortisation()), ""),
                                    c.product().rate_bp() > 0 ? absl::StrCat(", ", c.product().rate_bp(), " bp") : "",
                                    c.product().loan_fee_bp() > 0 ? absl::StrCat(", loan fee ", c.product().loan_fee_bp(), " bp") : ""));
  Line(out, "amount", Money(c.amount_ore(), cur));
  if (c.term_months() > 0) {
    Line(out, "term", absl::StrCat(c.term_months(), " months, ", c.frequency() == v1::QUARTERLY ? "quarterly" : "monthly",
                                   " on day ", c.payment_day(), c.grace_months() > 0 ? absl::StrCat(", grace ", c.grace_months()) : ""));
  }
  if (c.has_grant()) {
    Line(out, "grant", absl::StrCat(c.grant().funder(), " decision ", c.grant().decision_reference(), ", ",
                                    Money(c.grant().granted_ore(), cur), " in ", c.grant().payouts_size(), " payouts"));
  }
  Line(out, "purpose", c.purpose());
  if (c.assessment().risk_grade() != v1::RISK_GRADE_UNSPECIFIED) {
    Line(out, "risk grade", absl::StrCat(Grade(c.assessment().risk_grade()), " (assessed by ", c.assessment().assessed_by(), ")"));
  }
  Line(out, "capital source", c.capital_source());
  Line(out, "approved by", c.approved_by_proposal());
  Line(out, "offer valid until", c.state() == v1::CREDIT_APPROVED ? c.offer_valid_until() : "");
  if (c.disbursed_ore() > 0) Line(out, "disbursed", absl::StrCat(Money(c.disbursed_ore(), cur), " from ", c.first_disbursed_on()));
  Line(out, "matures", c.maturity_date());
  if (c.written_off_ore() > 0) Line(out, "written off", Money(c.written_off_ore(), cur));
  if (c.recovered_ore() > 0) Line(out, "recovered", Money(c.recovered_ore(), cur));
  if (c.schedules_size() > 0) {
    absl::StrAppend(&out, "as of ", s.as_of(), ":\n");
    Line(out, "  outstanding", Money(s.outstanding_principal_ore(), cur));
    Line(out, "  due so far", Money(s.due_ore(), cur));
    Line(out, "  paid", Money(s.paid_ore(), cur));
    Line(out, "  overdue", Money(s.overdue_ore(), cur));
    Line(out, "  days past due", absl::StrCat(s.days_past_due()));
    if (s.late_interest_accrued_ore() > 0) Line(out, "  late interest", Money(s.late_interest_accrued_ore(), cur));
    Line(out, "  still to pay", Money(s.total_outstanding_ore(), cur));
  }
  Line(out, "pay to bankgiro", c.schedules_size() > 0 ? response.pay_to_bankgiro() : "");
  return out;
}

std::string RenderSchedule(const v1::CreditResponse& response) {
  const v1::Credit& c = response.credit();
  if (c.schedules_size() == 0) return absl::StrCat("credit ", c.id(), " has no schedule yet (not disbursed)\n");
  const v1::Schedule& schedule = c.schedules(c.schedules_size() - 1);
  std::string out = absl::StrCat("credit ", c.id(), ", schedule version ", schedule.version(), " (",
                                 Word(v1::ScheduleReason_Name(schedule.reason()), ""), ", from ",
                                 schedule.effective_date(), ")\n");
  if (!response.pay_to_bankgiro().empty()) {
    absl::StrAppend(&out, "pay to bankgiro ", response.pay_to_bankgiro(), " with the OCR reference of each instalment\n");
  }
  using A = Table::Align;
  Table table({{"nr", A::kRight}, {"due", A::kLeft}, {"principal", A::kRight}, {"interest", A::kRight},
               {"fee", A::kRight}, {"to pay", A::kRight}, {"OCR", A::kLeft}});
  int64_t sums[4] = {};
  for (const v1::Instalment& in : schedule.instalments()) {
    const int64_t total = in.principal_ore() + in.interest_ore() + in.fee_ore();
    sums[0] += in.principal_ore(); sums[1] += in.interest_ore(); sums[2] += in.fee_ore(); sums[3] += total;
    table.AddRow({absl::StrCat(in.number()), in.due_date(), Money(in.principal_ore(), c.currency()),
                  Money(in.interest_ore(), c.currency()), Money(in.fee_ore(), c.currency()), Money(total, c.currency()),
                  in.ocr()});
  }
  table.AddRow({"", "total", Money(sums[0], c.currency()), Money(sums[1], c.currency()), Money(sums[2], c.currency()),
                Money(sums[3], c.currency()), ""});
  absl::StrAppend(&out, table.Render());
  for (const v1::Charge& charge : c.charges()) {
    absl::StrAppend(&out, charge.kind() == v1::Charge::REMINDER_FEE ? "reminder fee " : "late-payment interest ",
                    Money(charge.amount_ore(), c.currency()), " due ", charge.due_date(), " OCR ", charge.ocr(), "\n");
  }
  return out;
}

std::string RenderCreditList(const v1::ListCreditsResponse& response) {
  using A = Table::Align;
  Table table({{"credit", A::kLeft}, {"organisation", A::kLeft}, {"product", A::kLeft}, {"state", A::kLeft},
               {"amount", A::kRight}, {"disbursed", A::kRight}, {"risk", A::kLeft}, {"kommun", A::kLeft},
               {"capital", A::kLeft}});
  for (const v1::CreditSummary& s : response.credits()) {
    table.AddRow({s.id(), s.organisation_id(), s.product_id(), CreditStateWord(s.state()), Money(s.amount_ore(), "SEK"),
                  Money(s.disbursed_ore(), "SEK"), Grade(s.risk_grade()), s.municipality(), s.capital_source()});
  }
  std::string out = table.Render();
  if (!response.next_after_id().empty()) absl::StrAppend(&out, "more: --after ", response.next_after_id(), "\n");
  return out;
}

std::string RenderCapital(const v1::ListCapitalResponse& response) {
  using A = Table::Align;
  Table table({{"source", A::kLeft}, {"name", A::kLeft}, {"earmark", A::kLeft}, {"deposited", A::kRight},
               {"reserved", A::kRight}, {"lent", A::kRight}, {"lost", A::kRight}, {"free", A::kRight}});
  for (const v1::CapitalSource& s : response.sources()) {
    const int64_t free = s.deposited_ore() - s.reserved_ore() - s.lent_ore() - s.lost_ore();
    table.AddRow({s.id(), s.name(), s.earmark_municipalities().empty() ? "-" : absl::StrJoin(s.earmark_municipalities(), ","),
                  Money(s.deposited_ore(), s.currency()), Money(s.reserved_ore(), s.currency()),
                  Money(s.lent_ore(), s.currency()), Money(s.lost_ore(), s.currency()), Money(free, s.currency())});
  }
  return table.Render();
}

std::string RenderProducts(const v1::ListProductsResponse& response) {
  using A = Table::Align;
  Table table({{"product", A::kLeft}, {"name", A::kLeft}, {"kind", A::kLeft}, {"rate bp", A::kRight},
               {"loan fee bp", A::kRight}, {"amounts", A::kLeft}, {"term max", A::kRight}, {"offer days", A::kRight}});
  for (const v1::Product& p : response.products()) {
    table.AddRow({p.id(), p.name(), Word(v1::Amortisation_Name(p.amortisation()), ""), absl::StrCat(p.rate_bp()),
                  absl::StrCat(p.loan_fee_bp()),
                  absl::StrCat(Money(p.amount_min_ore(), p.currency()), " – ", Money(p.amount_max_ore(), p.currency())),
                  absl::StrCat(p.term_months_max()), absl::StrCat(p.offer_validity_days())});
  }
  return table.Render();
}

std::string RenderPortfolio(const v1::PortfolioResponse& response) {
  using A = Table::Align;
  Table table({{"by", A::kLeft}, {"group", A::kLeft}, {"credits", A::kRight}, {"outstanding", A::kRight},
               {"overdue", A::kRight}, {"PAR30", A::kRight}, {"PAR30 %", A::kRight}, {"1-30", A::kRight},
               {"31-60", A::kRight}, {"61-90", A::kRight}, {"90+", A::kRight}});
  for (const v1::PortfolioGroup& g : response.groups()) {
    table.AddRow({g.dimension(), g.key(), absl::StrCat(g.credits()), Money(g.outstanding_principal_ore(), "SEK"),
                  Money(g.overdue_ore(), "SEK"), Money(g.par30_principal_ore(), "SEK"),
                  absl::StrCat(g.par30_bp() / 100, ",", absl::Dec(g.par30_bp() % 100, absl::kZeroPad2)),
                  absl::StrCat(g.bucket_counts_1_30()), absl::StrCat(g.bucket_counts_31_60()),
                  absl::StrCat(g.bucket_counts_61_90()), absl::StrCat(g.bucket_counts_over_90())});
  }
  return absl::StrCat("portfolio as of ", response.as_of(), " (", response.credits_scanned(), " credits)\n",
                      table.Render(), "written off: ", Money(response.written_off_ore(), "SEK"), "\n");
}

std::string RenderProposalMade(const v1::Proposal& p) {
  std::string needs;
  for (const v1::RoleQuorum& q : p.required()) {
    absl::StrAppend(&needs, needs.empty() ? "" : " + ", q.approvals(), " ", Word(v1::Role_Name(q.role()), ""));
  }
  return absl::StrCat("proposal ", p.id(), " (", p.action(), "): ", p.summary(), "\n",
                      p.state() == v1::PROPOSAL_EXECUTED ? "executed at once: the policy asks for no approval\n"
                                                         : absl::StrCat("waiting for ", needs, " approval(s): fondbok approval approve ", p.id(), "\n"));
}

}  // namespace fondbok::cli
