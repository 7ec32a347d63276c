// Shared decide helpers, and the admin's and treasurer's setup: products, settings, lending capital.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/keys.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_decide.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"
#include "services/parties/check_digits.h"

namespace fondbok::credits {
namespace {

constexpr int64_t kAmountMaxOre = 10'000'000'000'000;  // 100 000 MSEK: far above any microfund

// Lower-case letters, digits and '-', 1..max characters: safe inside account codes and keys.
absl::Status ValidateCode(absl::string_view code, absl::string_view what, size_t max) {
  bool ok = !code.empty() && code.size() <= max && code.front() != '-';
  for (char c : code) ok = ok && (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-');
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(what, " \"", code, "\" must be 1–", max,
                                                 " lower-case letters, digits or '-', e.g. annuity-60"));
}

absl::Status ValidateFee(const v1::FeeRule& fee, absl::string_view what) {
  if (fee.fixed_ore() < 0 || fee.fixed_ore() > kAmountMaxOre || fee.rate_bp() < 0 || fee.rate_bp() > kRateMaxBp) {
    return absl::InvalidArgumentError(absl::StrCat(what, " must be a fixed amount ≥ 0 and/or 0–", kRateMaxBp,
                                                   " basis points"));
  }
  return absl::OkStatus();
}

absl::Status ValidateProduct(const v1::Product& p) {
  RETURN_IF_ERROR(ValidateCode(p.id(), "product id", 32));
  if (p.name().empty() || p.name().size() > 200) return absl::InvalidArgumentError("a product needs a name (≤ 200 bytes)");
  if (p.amortisation() == v1::AMORTISATION_UNSPECIFIED || !v1::Amortisation_IsValid(p.amortisation())) {
    return absl::InvalidArgumentError(
        "a product needs an amortisation: annuity, straight-line, bullet, bridge or interest-free-with-fee");
  }
  if (p.rate_bp() < 0 || p.rate_bp() > kRateMaxBp || p.loan_fee_bp() < 0 || p.loan_fee_bp() > kRateMaxBp) {
    return absl::InvalidArgumentError(absl::StrCat("rates are 0–", kRateMaxBp, " basis points"));
  }
  if (p.amortisation() == v1::INTEREST_FREE_WITH_FEE && (p.rate_bp() != 0 || p.loan_fee_bp() == 0)) {
    return absl::InvalidArgumentError("an interest-free product has rate 0 and a loan fee in basis points (e.g. 350)");
  }
  if (p.amortisation() != v1::INTEREST_FREE_WITH_FEE && p.loan_fee_bp() != 0) {
    return absl::InvalidArgumentError("only interest-free products have a loan fee; use rate_bp for interest");
  }
  RETURN_IF_ERROR(ValidateFee(p.arrangement_fee(), "the arrangement fee"));
  RETURN_IF_ERROR(ValidateFee(p.yearly_fee(), "the yearly fee"));
  if (p.amount_min_ore() <= 0 || p.amount_max_ore() < p.amount_min_ore() || p.amount_max_ore() > kAmountMaxOre) {
    return absl::InvalidArgumentError("a product needs 0 < minimum amount ≤ maximum amount");
  }
  if (p.term_months_max() < 1 || p.term_months_max() > 600 || p.grace_months_max() < 0 ||
      p.grace_months_max() >= p.term_months_max()) {
    return absl::InvalidArgumentError("a product's longest term is 1–600 months and its grace shorter than that");
  }
  if (p.offer_validity_days() < 1 || p.offer_validity_days() > 365) {
    return absl::InvalidArgumentError("an offer is valid 1–365 days");
  }
  return absl::OkStatus();
}

absl::Status ValidateKommunkod(absl::string_view code) {
  bool ok = code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) { return absl::ascii_isdigit(c); });
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("earmark \"", code, "\" is not a four-digit kommunkod such as 1480"));
}

int64_t FreeCapital(const v1::CapitalSource& s) {
  return s.deposited_ore() - s.reserved_ore() - s.lent_ore() - s.lost_ore();
}

}  // namespace

void AddPair(Decision& d, absl::string_view debit, absl::string_view credit, int64_t amount_ore, bool pending) {
  if (amount_ore <= 0) return;
  const v1::Phase phase = pending ? v1::PENDING : v1::POSTED;
  d.postings.push_back(MakePosting(debit, v1::DEBIT, amount_ore, phase));
  d.postings.push_back(MakePosting(credit, v1::CREDIT, amount_ore, phase));
}

v1::Account MakeAccount(absl::string_view code, v1::AccountType type, absl::string_view currency,
                        absl::string_view name, absl::string_view owner, bool debits_limited, bool credits_limited) {
  v1::Account a;
  a.set_code(std::string(code));
  a.set_type(type);
  a.set_currency(std::string(currency));
  a.set_name(std::string(name));
  a.set_owner(std::string(owner));
  a.mutable_flags()->set_debits_must_not_exceed_credits(debits_limited);
  a.mutable_flags()->set_credits_must_not_exceed_debits(credits_limited);
  return a;
}

absl::StatusOr<std::string> BaseCurrency(const StateReader& state) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, ledger::kFundKey));
  v1::FundCreated fund;
  if (!bytes.has_value() || !fund.ParseFromString(*bytes) || fund.base_currency().empty()) return std::string("SEK");
  return fund.base_currency();
}

absl::Status RequireDecider(const CommandContext& context, absl::string_view what) {
  if (IsStaff(context) || context.actor_role == "board" || !context.approved_by_proposal.empty()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat("only an officer, admin or board member may propose to ", what));
}

absl::Status RequireRole(const CommandContext& context, absl::string_view role, absl::string_view what) {
  if (context.actor_role == role || context.actor == "system") return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only an ", role, " may ", what));
}

absl::StatusOr<absl::CivilDay> ValueDay(const CommandContext& context, const std::string& text, absl::string_view what) {
  if (text.empty()) return context.today;
  ASSIGN_OR_RETURN(absl::CivilDay day, ledger::ParseDate(text, what));
  if (day > context.today) {
    return absl::InvalidArgumentError(absl::StrCat(what, " ", text, " lies in the future (today is ",
                                                   ledger::FormatDate(context.today), ")"));
  }
  return day;
}

absl::StatusOr<v1::Credit> LoadCredit(const StateReader& state, const std::string& id) {
  RETURN_IF_ERROR(ParseCreditId(id).status());
  ASSIGN_OR_RETURN(auto credit, ReadCredit(state, id));
  if (!credit.has_value()) return absl::NotFoundError(absl::StrCat("credit ", id, " does not exist"));
  return *credit;
}

absl::Status CheckOwnOrganisation(const CommandContext& context, const v1::Credit& credit) {
  // Board members decide credits too (the last approval of a large one may be theirs).
  if (IsStaff(context) || context.actor_role == "board") return absl::OkStatus();
  if (context.actor_role == "member" && context.actor_organisation == credit.organisation_id()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("credit ", credit.id(), " is not your organisation's"));
}

std::string Basis(const v1::Credit& credit) {
  return absl::StrCat("credit ", credit.id(), " ", StateName(credit.state()), " at entry ", credit.last_seq());
}

absl::StatusOr<Decision> DecideDefineProduct(const CommandContext& context, const v1::DefineProduct& command,
                                             const StateReader& state) {
  RETURN_IF_ERROR(RequireRole(context, "admin", "define products"));
  v1::Product product = command.product();
  ASSIGN_OR_RETURN(std::string currency, BaseCurrency(state));
  if (product.currency().empty()) product.set_currency(currency);
  if (product.currency() != currency) {
    return absl::InvalidArgumentError(absl::StrCat("products are kept in the fund's currency ", currency,
                                                   ", not ", product.currency()));
  }
  RETURN_IF_ERROR(ValidateProduct(product));
  Decision d;
  *d.event.mutable_product_defined()->mutable_product() = std::move(product);
  return d;
}

absl::StatusOr<Decision> DecideSetSettings(const CommandContext& context, const v1::SetCreditSettings& command,
                                           const StateReader&) {
  RETURN_IF_ERROR(RequireRole(context, "admin", "change credit settings"));
  const v1::CreditSettings& s = command.settings();
  if (s.reference_rate_bp() < -1000 || s.reference_rate_bp() > kRateMaxBp || s.late_margin_bp() < 0 ||
      s.late_margin_bp() > kRateMaxBp) {
    return absl::InvalidArgumentError("the reference rate is −1000–10000 and the margin 0–10000 basis points");
  }
  v1::CreditSettings settings = s;
  if (!s.bankgiro().empty()) {
    ASSIGN_OR_RETURN(std::string digits, parties::NormalizeBankgiro(s.bankgiro()));
    settings.set_bankgiro(parties::FormatBankgiro(digits));
  }
  if (s.reminder_fee_ore() < 0 || s.reminder_fee_cap_ore() < 0 || s.reminder_fee_ore() > s.reminder_fee_cap_ore()) {
    return absl::InvalidArgumentError(absl::StrCat("the reminder fee ", ledger::FormatAmount(s.reminder_fee_ore()),
                                                   " may not exceed its cap ",
                                                   ledger::FormatAmount(s.reminder_fee_cap_ore())));
  }
  Decision d;
  *d.event.mutable_credit_settings_set()->mutable_settings() = std::move(settings);
  return d;
}

absl::StatusOr<Decision> DecideDepositCapital(const CommandContext& context, const v1::DepositCapital& command,
                                              const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "deposit lending capital"));
  const v1::CapitalSource& in = command.source();
  RETURN_IF_ERROR(ValidateCode(in.id(), "capital source id", 40));
  if (command.amount_ore() <= 0 || command.amount_ore() > kAmountMaxOre) {
    return absl::InvalidArgumentError("a deposit needs a positive amount");
  }
  ASSIGN_OR_RETURN(absl::CivilDay day, ValueDay(context, command.value_date(), "value date"));
  ASSIGN_OR_RETURN(auto existing, ReadCapitalSource(state, in.id()));
  ASSIGN_OR_RETURN(std::string currency, BaseCurrency(state));
  Decision d;
  d.value_date = ledger::FormatDate(day);
  v1::CapitalDeposited* event = d.event.mutable_capital_deposited();
  event->set_amount_ore(command.amount_ore());
  event->set_memo(command.memo());
  v1::CapitalSource source;
  if (existing.has_value()) {
    source = *existing;
    const bool same = (in.name().empty() || in.name() == source.name()) && in.earmark_municipalities().empty() &&
                      (in.depositor().empty() || in.depositor() == source.depositor());
    if (!same || (command.member_capital() && source.account() != kMemberCapitalAccount)) {
      return absl::InvalidArgumentError(absl::StrCat("capital source ", in.id(),
                                                     " exists: a deposit cannot change its name, depositor or earmark"));
    }
  } else {
    if (in.name().empty() || in.name().size() > 200) {
      return absl::InvalidArgumentError(absl::StrCat("the first deposit of ", in.id(), " names the source (--name)"));
    }
    if (in.earmark_municipalities_size() > 50) return absl::InvalidArgumentError("at most 50 earmarked municipalities");
    for (const std::string& k : in.earmark_municipalities()) RETURN_IF_ERROR(ValidateKommunkod(k));
    source.set_id(in.id());
    source.set_name(in.name());
    source.set_depositor(in.depositor());
    *source.mutable_earmark_municipalities() = in.earmark_municipalities();
    source.set_currency(currency);
    source.set_account(command.member_capital() ? std::string(kMemberCapitalAccount) : CapitalLiabilityAccount(in.id()));
    event->set_opened(true);
    if (!command.member_capital()) {
      RETURN_IF_ERROR(OpenAccountIfMissing(state, d, MakeAccount(source.account(), v1::LIABILITY, currency,
                                                          absl::StrCat("Lending capital: ", in.name()),
                                                          in.depositor(), true, false)));
    }
    RETURN_IF_ERROR(OpenAccountIfMissing(state, d, MakeAccount(kCapitalPlacedAccount, v1::OFF_BALANCE, currency,
                                                        "Lending capital placed (contra)", "", false, true)));
    const std::string earmark = absl::StrJoin(in.earmark_municipalities(), ",");
    for (auto [code, name] : {std::pair{CapitalFreeAccount(in.id()), "free"},
                              std::pair{CapitalLentAccount(in.id()), "lent out"},
                              std::pair{CapitalLossesAccount(in.id()), "lost to write-offs"}}) {
      v1::Account a = MakeAccount(code, v1::OFF_BALANCE, currency, absl::StrCat("Capital ", name, ": ", in.name()),
                                  in.depositor(), true, false);
      a.set_earmark(earmark.substr(0, 64));
      RETURN_IF_ERROR(OpenAccountIfMissing(state, d, std::move(a)));
    }
  }
  *event->mutable_source() = source;
  AddPair(d, kBankAccount, source.account(), command.amount_ore());
  AddPair(d, kCapitalPlacedAccount, CapitalFreeAccount(source.id()), command.amount_ore());
  return d;
}

absl::StatusOr<Decision> DecideWithdrawCapital(const CommandContext& context, const v1::WithdrawCapital& command,
                                               const StateReader& state) {
  RETURN_IF_ERROR(RequireStaff(context, "withdraw lending capital"));
  ASSIGN_OR_RETURN(auto source, ReadCapitalSource(state, command.source_id()));
  if (!source.has_value()) {
    return absl::NotFoundError(absl::StrCat("capital source ", command.source_id(), " does not exist"));
  }
  if (command.amount_ore() <= 0) return absl::InvalidArgumentError("a withdrawal needs a positive amount");
  if (command.amount_ore() > FreeCapital(*source)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "capital source ", source->id(), " has only ", ledger::FormatAmount(FreeCapital(*source)),
        " free (deposited ", ledger::FormatAmount(source->deposited_ore()), ", reserved ",
        ledger::FormatAmount(source->reserved_ore()), ", lent ", ledger::FormatAmount(source->lent_ore()),
        "): cannot withdraw ", ledger::FormatAmount(command.amount_ore())));
  }
  ASSIGN_OR_RETURN(absl::CivilDay day, ValueDay(context, command.value_date(), "value date"));
  Decision d;
  d.value_date = ledger::FormatDate(day);
  v1::CapitalWithdrawn* event = d.event.mutable_capital_withdrawn();
  event->set_source_id(source->id());
  event->set_amount_ore(command.amount_ore());
  event->set_memo(command.memo());
  AddPair(d, source->account(), kBankAccount, command.amount_ore());
  AddPair(d, CapitalFreeAccount(source->id()), kCapitalPlacedAccount, command.amount_ore());
  return d;
}

}  // namespace fondbok::credits
