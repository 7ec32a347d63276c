#include "services/reports/reports_module.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/reports/bas_mapping.h"
#include "services/reports/reports_test_util.h"

namespace fondbok::reports {
namespace {

v1::Command SetMapping(const v1::BasMapping& mapping) {
  v1::Command command;
  *command.mutable_set_bas_mapping()->mutable_mapping() = mapping;
  return command;
}

v1::BasMapping Stored(testing::ReportsHarness& h, bool* is_default) {
  auto snapshot = h.storage().NewSnapshot();
  auto mapping = ReadBasMapping(*snapshot, is_default);
  EXPECT_TRUE(mapping.ok()) << mapping.status();
  return mapping.ok() ? *mapping : v1::BasMapping();
}

TEST(ReportsModuleTest, DefaultUntilAnAdminSetsAMapping) {
  testing::ReportsHarness h;
  bool is_default = false;
  v1::BasMapping before = Stored(h, &is_default);
  EXPECT_TRUE(is_default);
  EXPECT_EQ(before.rules_size(), DefaultBasMapping().rules_size());
  EXPECT_EQ(before.set_seq(), 0u);

  v1::BasMapping mapping = DefaultBasMapping();
  mapping.mutable_rules(0)->set_bas_account(1940);
  mapping.set_organisation_number("5560360793");
  mapping.set_set_seq(999);  // ignored
  auto result = h.Run("tok-admin", "admin", SetMapping(mapping));
  ASSERT_TRUE(result.ok()) << result.status();
  v1::BasMapping after = Stored(h, &is_default);
  EXPECT_FALSE(is_default);
  EXPECT_EQ(after.rules(0).bas_account(), 1940);
  EXPECT_EQ(after.organisation_number(), "556036-0793");
  EXPECT_EQ(after.set_seq(), result->entries(0).seq());
  h.ExpectReplayMatches();
}

TEST(ReportsModuleTest, OnlyAnAdminSetsTheMapping) {
  testing::ReportsHarness h;
  for (const char* role : {"officer", "board", "auditor", "member", ""}) {
    auto result = h.Run("tok-x", role, SetMapping(DefaultBasMapping()));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied) << role;
  }
  bool is_default = false;
  Stored(h, &is_default);
  EXPECT_TRUE(is_default);
}

TEST(ReportsModuleTest, AnInvalidMappingWritesNothing) {
  testing::ReportsHarness h;
  v1::BasMapping mapping = DefaultBasMapping();
  mapping.mutable_rules(0)->set_bas_account(2930);  // asset:bank on a liability number
  auto result = h.Run("tok-admin", "admin", SetMapping(mapping));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(result.status().message(), "asset:bank")) << result.status();
  bool is_default = false;
  Stored(h, &is_default);
  EXPECT_TRUE(is_default);
}

}  // namespace
}  // namespace fondbok::reports
