#include "clients/cli/posting_spec.h"

#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

TEST(ParsePostingSpecTest, Table) {
  const struct {
    const char* spec;
    bool ok;
    const char* account;
    int64_t amount_ore;
  } kCases[] = {
      {"asset:bank=1250.50", true, "asset:bank", 125050},
      {"asset:bank=1 250,50", true, "asset:bank", 125050},
      {"asset:bank=1250", true, "asset:bank", 125000},
      {"asset:bank=0.5", true, "asset:bank", 50},
      {"asset:bank=0,01", true, "asset:bank", 1},
      {" asset:loans:L-000123 = 10 000 ", true, "asset:loans:L-000123", 1000000},
      {"a=b=12", true, "a=b", 1200},  // the last '=' splits
      {"asset:bank", false, "", 0},
      {"=12", false, "", 0},
      {"asset:bank=", false, "", 0},
      {"asset:bank=0", false, "", 0},
      {"asset:bank=0.00", false, "", 0},
      {"asset:bank=-5", false, "", 0},
      {"asset:bank=1e3", false, "", 0},
      {"asset:bank=0.001", false, "", 0},
      {"asset:bank=12,5.0", false, "", 0},
      {"asset:bank=12 50", false, "", 0},
      {"asset:bank=abc", false, "", 0},
  };
  for (const auto& c : kCases) {
    auto posting = ParsePostingSpec(c.spec, v1::DEBIT);
    ASSERT_EQ(posting.ok(), c.ok) << c.spec << ": " << posting.status();
    if (!posting.ok()) {
      EXPECT_EQ(posting.status().code(), absl::StatusCode::kInvalidArgument) << c.spec;
      EXPECT_NE(posting.status().message().find("--debit"), absl::string_view::npos)
          << posting.status().message();
      continue;
    }
    EXPECT_EQ(posting->account(), c.account) << c.spec;
    EXPECT_EQ(posting->amount_ore(), c.amount_ore) << c.spec;
    EXPECT_EQ(posting->side(), v1::DEBIT);
  }
}

TEST(ParsePostingSpecTest, ErrorNamesTheAccountAndTheRule) {
  auto posting = ParsePostingSpec("asset:bank=12,5.0", v1::CREDIT);
  ASSERT_FALSE(posting.ok());
  EXPECT_NE(posting.status().message().find("--credit asset:bank"), absl::string_view::npos);
  EXPECT_NE(posting.status().message().find("\"12,5.0\""), absl::string_view::npos);
}

TEST(ParsePostingSpecsTest, DebitsThenCreditsInOrder) {
  auto postings = ParsePostingSpecs({"a=1", "b=2"}, {"c=3"});
  ASSERT_TRUE(postings.ok()) << postings.status();
  ASSERT_EQ(postings->size(), 3u);
  EXPECT_EQ((*postings)[0].account(), "a");
  EXPECT_EQ((*postings)[0].side(), v1::DEBIT);
  EXPECT_EQ((*postings)[1].account(), "b");
  EXPECT_EQ((*postings)[1].amount_ore(), 200);
  EXPECT_EQ((*postings)[2].account(), "c");
  EXPECT_EQ((*postings)[2].side(), v1::CREDIT);
}

TEST(ParsePostingSpecsTest, RefusesOneSidedAndOversizedEntries) {
  EXPECT_FALSE(ParsePostingSpecs({}, {"c=3"}).ok());
  EXPECT_FALSE(ParsePostingSpecs({"a=1"}, {}).ok());
  EXPECT_FALSE(ParsePostingSpecs({"a=1"}, {"c=x"}).ok());
  std::vector<std::string> many(kPostingsPerEntryMax, "a=1");
  EXPECT_FALSE(ParsePostingSpecs(many, {"c=1"}).ok());
}

}  // namespace
}  // namespace fondbok::cli
