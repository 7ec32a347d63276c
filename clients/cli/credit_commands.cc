// fondbok credit …, product …, capital …, credit-settings …: the officer's credit work and the
// admin's setup (CreditService). Decisions under four eyes are proposed here and decided with
// `fondbok approval approve`.
#include <memory>

#include <CLI/CLI.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cli/commands.h"
#include "clients/cli/credit_cli.h"
#include "clients/cli/render.h"
#include "clients/cli/credit_render.h"
#include "clients/cli/json.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

struct Common {
  std::string id;
  std::string request_id;
  std::string reason;
  std::string amount;
  std::string date;
  std::string comment;
};

void AddProductCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("product", "Credit products (admin)");
  group->require_subcommand(1);
  struct Args {
    std::string id, name, amortisation, day_count = "30e360", min, max, arrangement_fee, yearly_fee, request_id;
    int rate_bp = 0, loan_fee_bp = 0, arrangement_fee_bp = 0, yearly_fee_bp = 0, term_max = 0, grace_max = 0,
        offer_days = 90;
  };
  auto a = std::make_shared<Args>();
  CLI::App* define = Command(group, context, "define", "Define or redefine a product", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::DefineProductRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      v1::Product* p = request.mutable_product();
      p->set_id(a->id);
      p->set_name(a->name);
      ASSIGN_OR_RETURN(v1::Amortisation amortisation, ParseAmortisation(a->amortisation));
      p->set_amortisation(amortisation);
      p->set_rate_bp(a->rate_bp);
      p->set_loan_fee_bp(a->loan_fee_bp);
      if (a->day_count != "30e360" && a->day_count != "act365") {
        return UsageError(absl::InvalidArgumentError("--day-count is 30e360 or act365"));
      }
      p->set_day_count(a->day_count == "act365" ? v1::DAY_COUNT_ACTUAL_365 : v1::DAY_COUNT_30E_360);
      ASSIGN_OR_RETURN(int64_t min, Amount(a->min, "--min"));
      ASSIGN_OR_RETURN(int64_t max, Amount(a->max, "--max"));
      p->set_amount_min_ore(min);
      p->set_amount_max_ore(max);
      ASSIGN_OR_RETURN(int64_t arrangement, Amount(a->arrangement_fee, "--arrangement-fee", false));
      ASSIGN_OR_RETURN(int64_t yearly, Amount(a->yearly_fee, "--yearly-fee", false));
      p->mutable_arrangement_fee()->set_fixed_ore(arrangement);
      p->mutable_arrangement_fee()->set_rate_bp(a->arrangement_fee_bp);
      p->mutable_yearly_fee()->set_fixed_ore(yearly);
      p->mutable_yearly_fee()->set_rate_bp(a->yearly_fee_bp);
      p->set_term_months_max(a->term_max);
      p->set_grace_months_max(a->grace_max);
      p->set_offer_validity_days(a->offer_days);
      return Print<v1::ProductResponse>(context, client.DefineProduct(request), [](const v1::ProductResponse& r) {
        return absl::StrCat("product ", r.product().id(), " defined (entry ", r.result().entries(0).seq(), ")\n");
      });
    };
  });
  define->add_option("--id", a->id, "Product code, e.g. annuity-60")->required();
  define->add_option("--name", a->name, "Name")->required();
  define->add_option("--amortisation", a->amortisation, "annuity|straight-line|bullet|bridge|interest-free-with-fee")->required();
  define->add_option("--rate-bp", a->rate_bp, "Yearly interest in basis points (475 = 4.75 %)");
  define->add_option("--loan-fee-bp", a->loan_fee_bp, "Interest-free products: yearly loan fee on the debt, bp");
  define->add_option("--day-count", a->day_count, "30e360 (default) or act365");
  define->add_option("--min", a->min, "Smallest amount, kronor")->required();
  define->add_option("--max", a->max, "Largest amount, kronor")->required();
  define->add_option("--term-max", a->term_max, "Longest term in months")->required();
  define->add_option("--grace-max", a->grace_max, "Longest grace in months");
  define->add_option("--offer-days", a->offer_days, "Days an approved offer stays valid (default 90)");
  define->add_option("--arrangement-fee", a->arrangement_fee, "Fixed arrangement fee, kronor");
  define->add_option("--arrangement-fee-bp", a->arrangement_fee_bp, "Arrangement fee in bp of the amount");
  define->add_option("--yearly-fee", a->yearly_fee, "Fixed yearly fee, kronor");
  define->add_option("--yearly-fee-bp", a->yearly_fee_bp, "Yearly fee in bp of the outstanding principal");
  define->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
  auto all = std::make_shared<bool>(false);
  Command(group, context, "list", "List products", [all]() -> Run {
    return [all](CommandContext& context, const client::Client& client) {
      v1::ListProductsRequest request;
      request.set_include_closed(*all);
      return Print<v1::ListProductsResponse>(context, client.ListProducts(request), RenderProducts);
    };
  })->add_flag("--all", *all, "Include closed products");
}

void AddCapitalCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("capital", "Lending capital: deposits by municipalities, regions, members");
  group->require_subcommand(1);
  struct Args {
    Common c;
    std::string name, depositor, earmark, memo;
    bool member_capital = false;
  };
  auto d = std::make_shared<Args>();
  CLI::App* deposit = Command(group, context, "deposit", "Deposit lending capital into a source", [d]() -> Run {
    return [d](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::DepositCapitalRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(d->c.request_id));
      request.set_source_id(d->c.id);
      ASSIGN_OR_RETURN(int64_t amount, Amount(d->c.amount, "--amount"));
      request.set_amount_ore(amount);
      request.set_name(d->name);
      request.set_depositor(d->depositor);
      if (!d->earmark.empty()) {
        for (absl::string_view k : absl::StrSplit(d->earmark, ',')) request.add_earmark_municipalities(std::string(k));
      }
      request.set_member_capital(d->member_capital);
      request.set_value_date(d->c.date);
      request.set_memo(d->memo);
      return Print<v1::CapitalResponse>(context, client.DepositCapital(request), [](const v1::CapitalResponse& r) {
        v1::ListCapitalResponse one;
        *one.add_sources() = r.source();
        return RenderCapital(one);
      });
    };
  });
  deposit->add_option("source", d->c.id, "Source id, e.g. goteborg")->required();
  deposit->add_option("--amount", d->c.amount, "Kronor")->required();
  deposit->add_option("--name", d->name, "First deposit: the source's name");
  deposit->add_option("--depositor", d->depositor, "First deposit: the depositor's party id");
  deposit->add_option("--earmark", d->earmark, "First deposit: kommunkoder it may lend to, e.g. 1480,1402");
  deposit->add_flag("--member-capital", d->member_capital, "First deposit: the members' own capital");
  deposit->add_option("--date", d->c.date, "Value date (default today)");
  deposit->add_option("--memo", d->memo, "Text");
  deposit->add_option("--request-id", d->c.request_id, "Idempotency key (default: a fresh one)");
  auto w = std::make_shared<Args>();
  CLI::App* withdraw = Command(group, context, "withdraw", "Pay capital back to its depositor", [w]() -> Run {
    return [w](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::WithdrawCapitalRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(w->c.request_id));
      request.set_source_id(w->c.id);
      ASSIGN_OR_RETURN(int64_t amount, Amount(w->c.amount, "--amount"));
      request.set_amount_ore(amount);
      request.set_value_date(w->c.date);
      request.set_memo(w->memo);
      return Print<v1::CapitalResponse>(context, client.WithdrawCapital(request), [](const v1::CapitalResponse& r) {
        v1::ListCapitalResponse one;
        *one.add_sources() = r.source();
        return RenderCapital(one);
      });
    };
  });
  withdraw->add_option("source", w->c.id, "Source id")->required();
  withdraw->add_option("--amount", w->c.amount, "Kronor")->required();
  withdraw->add_option("--date", w->c.date, "Value date (default today)");
  withdraw->add_option("--memo", w->memo, "Text");
  withdraw->add_option("--request-id", w->c.request_id, "Idempotency key (default: a fresh one)");
  Command(group, context, "list", "Capital sources: deposited, reserved, lent, free", []() -> Run {
    return [](CommandContext& context, const client::Client& client) {
      return Print<v1::ListCapitalResponse>(context, client.ListCapital(v1::ListCapitalRequest()), RenderCapital);
    };
  });
}

void AddSettingsCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("credit-settings", "Reminder fee, late-payment interest, the fund's bankgiro (admin)");
  group->require_subcommand(1);
  struct Args {
    std::optional<int> reference_bp, margin_bp;
    std::string fee, cap, bankgiro, request_id;
  };
  auto a = std::make_shared<Args>();
  auto render = [](const v1::SettingsResponse& r) {
    const v1::CreditSettings& s = r.settings();
    return absl::StrCat("reference rate ", s.reference_rate_bp(), " bp + margin ", s.late_margin_bp(),
                        " bp (late-payment interest)\nreminder fee ", FormatMoney(s.reminder_fee_ore(), "SEK"),
                        " (cap ", FormatMoney(s.reminder_fee_cap_ore(), "SEK"), ")\nbankgiro ",
                        s.bankgiro().empty() ? "(not set)" : s.bankgiro(), "\n");
  };
  CLI::App* set = Command(group, context, "set", "Change the settings given; the rest stay", [a, render]() -> Run {
    return [a, render](CommandContext& context, const client::Client& client) -> absl::Status {
      auto current = client.GetSettings(v1::GetSettingsRequest());
      if (!current.ok()) return context.Explain(current.status());
      v1::SetSettingsRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      v1::CreditSettings* s = request.mutable_settings();
      *s = current->settings();
      if (a->reference_bp) s->set_reference_rate_bp(*a->reference_bp);
      if (a->margin_bp) s->set_late_margin_bp(*a->margin_bp);
      if (!a->fee.empty()) { ASSIGN_OR_RETURN(int64_t fee, Amount(a->fee, "--reminder-fee")); s->set_reminder_fee_ore(fee); }
      if (!a->cap.empty()) { ASSIGN_OR_RETURN(int64_t cap, Amount(a->cap, "--reminder-fee-cap")); s->set_reminder_fee_cap_ore(cap); }
      if (!a->bankgiro.empty()) s->set_bankgiro(a->bankgiro);
      return Print<v1::SettingsResponse>(context, client.SetSettings(request), render);
    };
  });
  set->add_option("--reference-rate-bp", a->reference_bp, "The Riksbank's reference rate, bp");
  set->add_option("--late-margin-bp", a->margin_bp, "Added for late-payment interest (default 800)");
  set->add_option("--reminder-fee", a->fee, "Reminder fee, kronor");
  set->add_option("--reminder-fee-cap", a->cap, "Legal cap of the reminder fee, kronor");
  set->add_option("--bankgiro", a->bankgiro, "The fund's bankgiro, NNNN-NNNN");
  set->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
  Command(group, context, "show", "Show the settings", [render]() -> Run {
    return [render](CommandContext& context, const client::Client& client) {
      return Print<v1::SettingsResponse>(context, client.GetSettings(v1::GetSettingsRequest()), render);
    };
  });
}

}  // namespace

void AddCreditLifecycleCommands(CLI::App* group, CommandContext& context);
void AddCreditServicingCommands(CLI::App* group, CommandContext& context);

void AddCreditCommands(CLI::App& app, CommandContext& context) {
  AddProductCommands(app, context);
  AddCapitalCommands(app, context);
  AddSettingsCommands(app, context);
  CLI::App* group = app.add_subcommand("credit", "Credits: apply, assess, decide, disburse, repay, follow up");
  group->require_subcommand(1);
  AddCreditLifecycleCommands(group, context);
  AddCreditServicingCommands(group, context);
}

}  // namespace fondbok::cli
