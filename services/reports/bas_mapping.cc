#include "services/reports/bas_mapping.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/status_macros.h"
#include "services/parties/check_digits.h"

namespace fondbok::reports {
namespace {

struct DefaultRule {
  const char* prefix;
  int32_t bas;
  const char* name;
};

// The default chart. Numbers follow BAS 2014 for an ekonomisk förening; where BAS has no own
// account for a microfund's item, a free sub-account of the fitting group is used and named after
// what it holds, so that the accountant can renumber it through the mapping. Why each one:
constexpr DefaultRule kDefaultRules[] = {
    {"asset:bank", 1930, "Företagskonto (bankgiro)"},
    // Credits run for years and are repaid by instalments: long-term receivables (FORMATS.md).
    {"asset:loans", 1380, "Andra långfristiga fordringar (utlåning)"},
    // Interest, fees and contributions that fondbok has invoiced are customer receivables...
    {"asset:receivable", 1510, "Kundfordringar"},
    // ...but a recourse claim after a guarantee call is no invoice: other short-term receivables.
    {"asset:receivable:recourse", 1680, "Andra kortfristiga fordringar (regress)"},
    // Payments no rule could allocate yet: the usual OBS account for unidentified receipts.
    {"liability:unallocated", 2999, "OBS-konto (ej fördelade inbetalningar)"},
    // Lending capital placed for years by municipalities, regions and members.
    {"liability:capital", 2390, "Övriga långfristiga skulder (utlåningskapital)"},
    // Savings owed back to supporters and borrowers: free sub-accounts of the 239x group.
    {"liability:support-savings", 2396, "Stödsparande"},
    {"liability:borrower-savings", 2397, "Eftersparande låntagare"},
    // Payments approved for payout, not yet left the bank (the payments module).
    {"liability:payments-out", 2890, "Övriga kortfristiga skulder (utbetalningar)"},
    {"equity:member-capital", 2083, "Medlemsinsatser"},
    // A fund the association's meeting set aside: restricted equity, beside the reserve fund.
    {"equity:solidarity-fund", 2087, "Solidaritetsfond"},
    {"equity:guarantee-reserve", 2086, "Reservfond (garantireserv)"},
    {"equity:retained", 2091, "Balanserad vinst eller förlust"},
    // Interest on the long-term receivables of 1380 (FORMATS.md: 8250/8251).
    {"income:interest", 8250, "Ränteintäkter från långfristiga fordringar"},
    {"income:loan-fees", 3040, "Låneavgifter"},
    {"income:guarantee-fees", 3041, "Borgensavgifter"},
    {"income:recoveries", 3990, "Återvunna kreditförluster"},
    {"expense:credit-losses", 6350, "Kreditförluster"},
    {"expense:guarantee-payouts", 6990, "Infriade borgensåtaganden"},
};

// Valid UTF-8 without control characters (a name ends up between quotes on one SIE line).
bool IsPrintableUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) return false;
    } else if ((c >> 5) == 0x6) {
      extra = 1;
    } else if ((c >> 4) == 0xE) {
      extra = 2;
    } else if ((c >> 3) == 0x1E) {
      extra = 3;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += extra + 1;
  }
  return true;
}

absl::Status ValidateRule(const v1::BasRule& rule, int index) {
  const std::string which = absl::StrCat("rule ", index + 1, " (\"", rule.prefix(), "\")");
  absl::Status code = ledger::ValidateAccountCode(rule.prefix());
  if (!code.ok()) return absl::InvalidArgumentError(absl::StrCat(which, ": ", code.message()));
  if (rule.bas_account() < kBasAccountMin || rule.bas_account() > kBasAccountMax) {
    return absl::InvalidArgumentError(absl::StrCat(which, ": BAS account ", rule.bas_account(),
                                                   " is not a four-digit account number 1000–8999"));
  }
  if (rule.bas_name().empty() || rule.bas_name().size() > kBasNameBytesMax || !IsPrintableUtf8(rule.bas_name())) {
    return absl::InvalidArgumentError(absl::StrCat(which, ": the BAS account name must be 1–", kBasNameBytesMax,
                                                   " bytes of text without control characters"));
  }
  const absl::string_view first = absl::string_view(rule.prefix()).substr(0, rule.prefix().find(':'));
  if (first == "offbalance" || first == "points") {
    return absl::InvalidArgumentError(absl::StrCat(
        which, ": off-balance accounts and savings points are not part of the general ledger and are never exported"));
  }
  std::optional<v1::AccountType> type = TypeOfPrefix(rule.prefix());
  if (type.has_value() && !BasClassFits(*type, rule.bas_account())) {
    return absl::InvalidArgumentError(absl::StrCat(
        which, ": BAS account ", rule.bas_account(), " does not fit a ", first,
        " account (asset → 1xxx, liability and equity → 2xxx, income and expense → 3xxx–8xxx)"));
  }
  return absl::OkStatus();
}

}  // namespace

const v1::BasMapping& DefaultBasMapping() {
  static const v1::BasMapping* mapping = [] {
    auto* m = new v1::BasMapping();
    for (const DefaultRule& r : kDefaultRules) {
      v1::BasRule* rule = m->add_rules();
      rule->set_prefix(r.prefix);
      rule->set_bas_account(r.bas);
      rule->set_bas_name(r.name);
    }
    return m;
  }();
  return *mapping;
}

bool PrefixMatches(absl::string_view prefix, absl::string_view code) {
  if (!absl::StartsWith(code, prefix)) return false;
  return code.size() == prefix.size() || code[prefix.size()] == ':';
}

const v1::BasRule* FindBasRule(const v1::BasMapping& mapping, absl::string_view code) {
  const v1::BasRule* best = nullptr;
  for (const v1::BasRule& rule : mapping.rules()) {
    if (PrefixMatches(rule.prefix(), code) && (best == nullptr || rule.prefix().size() > best->prefix().size())) {
      best = &rule;
    }
  }
  return best;
}

std::optional<v1::AccountType> TypeOfPrefix(absl::string_view prefix) {
  const absl::string_view first = prefix.substr(0, prefix.find(':'));
  if (first == "asset") return v1::ASSET;
  if (first == "liability") return v1::LIABILITY;
  if (first == "equity") return v1::EQUITY;
  if (first == "income") return v1::INCOME;
  if (first == "expense") return v1::EXPENSE;
  return std::nullopt;
}

bool BasClassFits(v1::AccountType type, int32_t bas) {
  const int32_t account_class = bas / 1000;
  switch (type) {
    case v1::ASSET: return account_class == 1;
    case v1::LIABILITY:
    case v1::EQUITY: return account_class == 2;
    case v1::INCOME:
    case v1::EXPENSE: return account_class >= 3 && account_class <= 8;
    default: return false;
  }
}

absl::Status ValidateBasMapping(v1::BasMapping& mapping) {
  if (mapping.rules_size() == 0 || mapping.rules_size() > kBasRulesMax) {
    return absl::InvalidArgumentError(absl::StrCat("a BAS mapping has 1–", kBasRulesMax, " rules; this one has ",
                                                   mapping.rules_size()));
  }
  std::set<std::string> prefixes;
  for (int i = 0; i < mapping.rules_size(); ++i) {
    RETURN_IF_ERROR(ValidateRule(mapping.rules(i), i));
    if (!prefixes.insert(mapping.rules(i).prefix()).second) {
      return absl::InvalidArgumentError(absl::StrCat("rule ", i + 1, ": prefix \"", mapping.rules(i).prefix(),
                                                     "\" is mapped twice; each prefix may have one rule"));
    }
  }
  if (!mapping.organisation_number().empty()) {
    auto digits = parties::NormalizeOrgNumber(mapping.organisation_number());
    if (!digits.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("organisation number \"", mapping.organisation_number(),
                                                     "\": ", digits.status().message()));
    }
    mapping.set_organisation_number(parties::FormatOrgNumber(*digits));
  }
  return absl::OkStatus();
}

}  // namespace fondbok::reports
