// fondbok credit apply | submit | withdraw | assess | propose-approval | reject | cancel | lapse |
// disburse | show | schedule | list | portfolio.
#include <memory>

#include "clients/cli/credit_cli.h"

namespace fondbok::cli {
namespace {

struct IdArgs {
  std::string id, reason, request_id, amount, date, as_of, comment, capital_source;
};

// A subcommand that takes a credit id (and maybe a reason) and calls one CreditService write.
void SimpleWrite(CLI::App* group, CommandContext& context, const std::string& name, const std::string& help,
                 bool with_reason,
                 std::function<absl::StatusOr<v1::CreditResponse>(const client::Client&, const IdArgs&, const std::string&)> call) {
  auto a = std::make_shared<IdArgs>();
  CLI::App* command = Command(group, context, name, help, [a, call]() -> Run {
    return [a, call](CommandContext& context, const client::Client& client) -> absl::Status {
      ASSIGN_OR_RETURN(std::string request_id, context.RequestId(a->request_id));
      return PrintCredit(context, call(client, *a, request_id));
    };
  });
  command->add_option("credit", a->id, "Credit id, C-…")->required();
  if (with_reason) command->add_option("--reason", a->reason, "Why (recorded in the journal)");
  command->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddApply(CLI::App* group, CommandContext& context) {
  struct Args {
    std::string org, product, amount, purpose, request_id, funder, decision, granted;
    int term = 0, payment_day = 0, grace = 0;
    bool quarterly = false;
    std::vector<std::string> payouts;
  };
  auto a = std::make_shared<Args>();
  CLI::App* apply = Command(group, context, "apply", "Apply for a credit (a draft)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::ApplyRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_organisation_id(a->org);
      request.set_product_id(a->product);
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount"));
      request.set_amount_ore(amount);
      request.set_term_months(a->term);
      request.set_frequency(a->quarterly ? v1::QUARTERLY : v1::MONTHLY);
      request.set_payment_day(a->payment_day);
      request.set_grace_months(a->grace);
      request.set_purpose(a->purpose);
      if (!a->funder.empty() || !a->payouts.empty()) {
        v1::GrantCollateral* grant = request.mutable_grant();
        grant->set_funder(a->funder);
        grant->set_decision_reference(a->decision);
        ASSIGN_OR_RETURN(int64_t granted, Amount(a->granted, "--grant-amount"));
        grant->set_granted_ore(granted);
        RETURN_IF_ERROR(AddPayouts(a->payouts, grant));
      }
      return PrintCredit(context, client.ApplyCredit(request));
    };
  });
  apply->add_option("--org", a->org, "Organisation id, ORG-…")->required();
  apply->add_option("--product", a->product, "Product id")->required();
  apply->add_option("--amount", a->amount, "Kronor")->required();
  apply->add_option("--term", a->term, "Months (not for bridge loans)");
  apply->add_flag("--quarterly", a->quarterly, "Quarterly instalments (default monthly)");
  apply->add_option("--payment-day", a->payment_day, "Day of month 1–28 (default 25)");
  apply->add_option("--grace", a->grace, "Months of interest only");
  apply->add_option("--purpose", a->purpose, "What the money is for")->required();
  apply->add_option("--grant-funder", a->funder, "Bridge loans: the funder (ESF, Leader, kommun)");
  apply->add_option("--grant-ref", a->decision, "Bridge loans: the grant decision's reference");
  apply->add_option("--grant-amount", a->granted, "Bridge loans: the granted amount, kronor");
  apply->add_option("--payout", a->payouts, "Bridge loans: expected payout DATE=AMOUNT (repeat)");
  apply->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddAssess(CLI::App* group, CommandContext& context) {
  struct Args {
    std::string id, risk, text, revenue, result, equity, liquidity, own, collateral, request_id;
  };
  auto a = std::make_shared<Args>();
  CLI::App* assess = Command(group, context, "assess", "Record the officer's assessment (moves it under review)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::AssessRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      v1::Assessment* s = request.mutable_assessment();
      ASSIGN_OR_RETURN(v1::RiskGrade grade, ParseGrade(a->risk));
      s->set_risk_grade(grade);
      s->set_text(a->text);
      s->set_collateral(a->collateral);
      for (auto [text, flag, setter] :
           {std::tuple{&a->revenue, "--revenue", &v1::Assessment::set_revenue_ore},
            std::tuple{&a->result, "--result", &v1::Assessment::set_result_ore},
            std::tuple{&a->equity, "--equity", &v1::Assessment::set_equity_ore},
            std::tuple{&a->liquidity, "--liquidity", &v1::Assessment::set_liquidity_ore},
            std::tuple{&a->own, "--own-contribution", &v1::Assessment::set_own_contribution_ore}}) {
        if (text->empty()) continue;
        auto ore = ledger::ParseAmount(*text, /*allow_negative=*/true);
        if (!ore.ok()) return UsageError(absl::InvalidArgumentError(absl::StrCat(flag, ": ", ore.status().message())));
        (s->*setter)(*ore);
      }
      return PrintCredit(context, client.AssessCredit(request));
    };
  });
  assess->add_option("credit", a->id, "Credit id")->required();
  assess->add_option("--risk", a->risk, "Risk grade A–E")->required();
  assess->add_option("--text", a->text, "The written assessment")->required();
  assess->add_option("--revenue", a->revenue, "Yearly revenue, kronor");
  assess->add_option("--result", a->result, "Yearly result, kronor (may be negative)");
  assess->add_option("--equity", a->equity, "Equity, kronor (may be negative)");
  assess->add_option("--liquidity", a->liquidity, "Liquid funds, kronor");
  assess->add_option("--own-contribution", a->own, "The borrower's own contribution, kronor");
  assess->add_option("--collateral", a->collateral, "Collateral and guarantees, in words");
  assess->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddProposeApproval(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<IdArgs>();
  CLI::App* c = Command(group, context, "propose-approval", "Propose to approve a credit (four eyes)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::ProposeApprovalRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount", false));
      request.set_amount_ore(amount);
      request.set_capital_source(a->capital_source);
      request.set_comment(a->comment);
      return PrintProposal(context, client.ProposeApproval(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  c->add_option("--amount", a->amount, "Approve less than applied for, kronor");
  c->add_option("--capital-source", a->capital_source, "Draw from this source (default: by earmark)");
  c->add_option("--comment", a->comment, "For the approvers");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddDisburse(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<IdArgs>();
  CLI::App* c = Command(group, context, "disburse", "Pay out an approved credit (or a tranche)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::DisburseRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount", false));
      request.set_amount_ore(amount);
      request.set_value_date(a->date);
      return PrintCredit(context, client.DisburseCredit(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  c->add_option("--amount", a->amount, "A tranche, kronor (default: all that is left)");
  c->add_option("--date", a->date, "Value date (default today)");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddReads(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<IdArgs>();
  auto get = [a](const client::Client& client) {
    v1::GetCreditRequest request;
    request.set_credit_id(a->id);
    request.set_as_of(a->as_of);
    return client.GetCredit(request);
  };
  CLI::App* show = Command(group, context, "show", "A credit and where it stands", [a, get]() -> Run {
    return [get](CommandContext& context, const client::Client& client) { return PrintCredit(context, get(client)); };
  });
  show->add_option("credit", a->id, "Credit id")->required();
  show->add_option("--as-of", a->as_of, "Standing as of this date (default today)");
  CLI::App* schedule = Command(group, context, "schedule", "The repayment schedule with OCR references", [a, get]() -> Run {
    return [get](CommandContext& context, const client::Client& client) {
      return Print<v1::CreditResponse>(context, get(client), RenderSchedule);
    };
  });
  schedule->add_option("credit", a->id, "Credit id")->required();
  struct ListArgs { std::string org, state, after; int limit = 0; };
  auto l = std::make_shared<ListArgs>();
  CLI::App* list = Command(group, context, "list", "Credits (members: their own)", [l]() -> Run {
    return [l](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::ListCreditsRequest request;
      request.set_organisation_id(l->org);
      if (!l->state.empty()) {
        std::string name = absl::StrCat("CREDIT_", absl::AsciiStrToUpper(l->state));
        for (char& ch : name) ch = ch == '-' ? '_' : ch;
        v1::CreditState state;
        if (!v1::CreditState_Parse(name, &state)) {
          return UsageError(absl::InvalidArgumentError(absl::StrCat("--state \"", l->state, "\" is not a credit state")));
        }
        request.set_state(state);
      }
      request.set_after_id(l->after);
      request.set_limit(l->limit);
      return Print<v1::ListCreditsResponse>(context, client.ListCredits(request), RenderCreditList);
    };
  });
  list->add_option("--org", l->org, "Only this organisation's");
  list->add_option("--state", l->state, "Only credits in this state, e.g. active, under-review");
  list->add_option("--after", l->after, "Page on after this credit id");
  list->add_option("--limit", l->limit, "Page size (default 100)");
  auto p = std::make_shared<std::string>();
  Command(group, context, "portfolio", "Outstanding, arrears and PAR30 as of a date", [p]() -> Run {
    return [p](CommandContext& context, const client::Client& client) {
      v1::PortfolioRequest request;
      request.set_as_of(*p);
      return Print<v1::PortfolioResponse>(context, client.Portfolio(request), RenderPortfolio);
    };
  })->add_option("--as-of", *p, "Date (default today)");
}

}  // namespace

void AddCreditLifecycleCommands(CLI::App* group, CommandContext& context) {
  AddApply(group, context);
  SimpleWrite(group, context, "submit", "Submit a draft application", false,
              [](const client::Client& c, const IdArgs& a, const std::string& rid) {
                v1::CreditIdRequest r; r.set_request_id(rid); r.set_credit_id(a.id); return c.SubmitCredit(r);
              });
  SimpleWrite(group, context, "withdraw", "Withdraw an application", true,
              [](const client::Client& c, const IdArgs& a, const std::string& rid) {
                v1::CreditReasonRequest r; r.set_request_id(rid); r.set_credit_id(a.id); r.set_reason(a.reason);
                return c.WithdrawCredit(r);
              });
  AddAssess(group, context);
  AddProposeApproval(group, context);
  SimpleWrite(group, context, "reject", "Reject an application under review", true,
              [](const client::Client& c, const IdArgs& a, const std::string& rid) {
                v1::CreditReasonRequest r; r.set_request_id(rid); r.set_credit_id(a.id); r.set_reason(a.reason);
                return c.RejectCredit(r);
              });
  SimpleWrite(group, context, "cancel", "Cancel an approved offer (releases its capital)", true,
              [](const client::Client& c, const IdArgs& a, const std::string& rid) {
                v1::CreditReasonRequest r; r.set_request_id(rid); r.set_credit_id(a.id); r.set_reason(a.reason);
                return c.CancelCredit(r);
              });
  SimpleWrite(group, context, "lapse", "Lapse an offer whose validity has passed", false,
              [](const client::Client& c, const IdArgs& a, const std::string& rid) {
                v1::CreditIdRequest r; r.set_request_id(rid); r.set_credit_id(a.id); return c.LapseCredit(r);
              });
  AddDisburse(group, context);
  AddReads(group, context);
}

}  // namespace fondbok::cli
