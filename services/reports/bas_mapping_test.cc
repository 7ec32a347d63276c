#include "services/reports/bas_mapping.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace fondbok::reports {
namespace {

v1::BasRule Rule(const std::string& prefix, int32_t bas, const std::string& name = "Konto") {
  v1::BasRule rule;
  rule.set_prefix(prefix);
  rule.set_bas_account(bas);
  rule.set_bas_name(name);
  return rule;
}

TEST(PrefixMatchesTest, SegmentWise) {
  struct Case {
    const char* prefix;
    const char* code;
    bool matches;
  };
  for (const Case& c : {Case{"asset:loans", "asset:loans", true}, Case{"asset:loans", "asset:loans:C-000001", true},
                        Case{"asset:loans", "asset:loansx", false}, Case{"asset:loans", "asset:loan", false},
                        Case{"asset", "asset:bank", true}, Case{"asset:bank", "asset", false},
                        Case{"liability:capital", "liability:capital:D-1:x", true}}) {
    EXPECT_EQ(PrefixMatches(c.prefix, c.code), c.matches) << c.prefix << " vs " << c.code;
  }
}

TEST(FindBasRuleTest, LongestPrefixWinsWhateverTheOrder) {
  v1::BasMapping mapping;
  *mapping.add_rules() = Rule("asset:receivable:recourse", 1680);
  *mapping.add_rules() = Rule("asset", 1999);
  *mapping.add_rules() = Rule("asset:receivable", 1510);
  EXPECT_EQ(FindBasRule(mapping, "asset:receivable:interest:C-000001")->bas_account(), 1510);
  EXPECT_EQ(FindBasRule(mapping, "asset:receivable:recourse:G-1")->bas_account(), 1680);
  EXPECT_EQ(FindBasRule(mapping, "asset:bank")->bas_account(), 1999);
  EXPECT_EQ(FindBasRule(mapping, "liability:unallocated"), nullptr);
}

TEST(DefaultBasMappingTest, CoversTheWholeChartAndIsValid) {
  v1::BasMapping mapping = DefaultBasMapping();
  EXPECT_TRUE(ValidateBasMapping(mapping).ok()) << ValidateBasMapping(mapping);
  struct Case {
    const char* code;
    int32_t bas;
  };
  for (const Case& c : {Case{"asset:bank", 1930}, Case{"asset:loans:C-000001", 1380},
                        Case{"asset:receivable:interest:C-000001", 1510}, Case{"asset:receivable:fees:ORG-000001", 1510},
                        Case{"asset:receivable:contributions:ORG-000001", 1510},
                        Case{"asset:receivable:recourse:G-000001", 1680}, Case{"liability:unallocated", 2999},
                        Case{"liability:capital:SRC-1", 2390}, Case{"liability:support-savings:D-1", 2396},
                        Case{"liability:borrower-savings:C-000001", 2397}, Case{"liability:payments-out", 2890},
                        Case{"equity:member-capital", 2083}, Case{"equity:solidarity-fund", 2087},
                        Case{"equity:guarantee-reserve", 2086}, Case{"equity:retained", 2091},
                        Case{"income:interest", 8250}, Case{"income:loan-fees", 3040},
                        Case{"income:guarantee-fees", 3041}, Case{"income:recoveries", 3990},
                        Case{"expense:credit-losses", 6350}, Case{"expense:guarantee-payouts", 6990}}) {
    const v1::BasRule* rule = FindBasRule(mapping, c.code);
    ASSERT_NE(rule, nullptr) << c.code;
    EXPECT_EQ(rule->bas_account(), c.bas) << c.code;
  }
  EXPECT_EQ(FindBasRule(mapping, "offbalance:guarantee-capacity"), nullptr);
  EXPECT_EQ(FindBasRule(mapping, "points:earned:P-1"), nullptr);
}

TEST(ValidateBasMappingTest, RefusesWithAMessageNamingTheRule) {
  struct Case {
    v1::BasRule rule;
    const char* message;
  };
  const std::string long_name(101, 'x');
  for (const Case& c : {Case{Rule("asset:bank", 193), "four-digit"}, Case{Rule("asset:bank", 9000), "1000–8999"},
                        Case{Rule("asset:bank", 1930, ""), "name"}, Case{Rule("asset:bank", 1930, long_name), "name"},
                        Case{Rule("asset:bank", 1930, "a\nb"), "name"}, Case{Rule("asset:bank", 1930, "\xC3"), "name"},
                        Case{Rule("asset::bank", 1930), "rule 1"}, Case{Rule("", 1930), "rule 1"},
                        Case{Rule("asset:bank", 2390), "does not fit"},
                        Case{Rule("liability:capital", 1380), "does not fit"},
                        Case{Rule("equity:retained", 8250), "does not fit"},
                        Case{Rule("income:interest", 1930), "does not fit"},
                        Case{Rule("expense:credit-losses", 2390), "does not fit"},
                        Case{Rule("income:interest", 9100), "1000–8999"},
                        Case{Rule("offbalance:guarantee-capacity", 1930), "never exported"},
                        Case{Rule("points", 1930), "never exported"}}) {
    v1::BasMapping mapping;
    *mapping.add_rules() = c.rule;
    absl::Status status = ValidateBasMapping(mapping);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.rule.ShortDebugString();
    EXPECT_TRUE(absl::StrContains(status.message(), c.message)) << status;
  }
}

TEST(ValidateBasMappingTest, DuplicatesEmptyAndOrganisationNumber) {
  v1::BasMapping mapping;
  EXPECT_EQ(ValidateBasMapping(mapping).code(), absl::StatusCode::kInvalidArgument);
  *mapping.add_rules() = Rule("asset:bank", 1930, "Bank åäö");
  EXPECT_TRUE(ValidateBasMapping(mapping).ok());
  // An account code outside the five types cannot be class-checked here (the export checks it).
  *mapping.add_rules() = Rule("kassa", 1910);
  EXPECT_TRUE(ValidateBasMapping(mapping).ok());
  *mapping.add_rules() = Rule("asset:bank", 1940);
  absl::Status duplicate = ValidateBasMapping(mapping);
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(duplicate.message(), "mapped twice")) << duplicate;
  mapping.mutable_rules()->RemoveLast();
  mapping.set_organisation_number("5560360793");
  ASSERT_TRUE(ValidateBasMapping(mapping).ok());
  EXPECT_EQ(mapping.organisation_number(), "556036-0793");
  mapping.set_organisation_number("556036-0794");
  EXPECT_EQ(ValidateBasMapping(mapping).code(), absl::StatusCode::kInvalidArgument);
}

TEST(BasClassFitsTest, Table) {
  EXPECT_TRUE(BasClassFits(v1::ASSET, 1930));
  EXPECT_FALSE(BasClassFits(v1::ASSET, 2930));
  EXPECT_TRUE(BasClassFits(v1::LIABILITY, 2390));
  EXPECT_TRUE(BasClassFits(v1::EQUITY, 2091));
  EXPECT_FALSE(BasClassFits(v1::EQUITY, 3091));
  EXPECT_TRUE(BasClassFits(v1::INCOME, 3040));
  EXPECT_TRUE(BasClassFits(v1::INCOME, 8250));
  EXPECT_TRUE(BasClassFits(v1::EXPENSE, 6350));
  EXPECT_FALSE(BasClassFits(v1::EXPENSE, 1930));
  EXPECT_FALSE(BasClassFits(v1::OFF_BALANCE, 1930));
}

}  // namespace
}  // namespace fondbok::reports
