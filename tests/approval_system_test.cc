// Four eyes through the real fondbokd and the real fondbok CLI: a policy change proposed by one
// admin, refused to its proposer, and executed by the approvals of two other admins.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class ApprovalSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
  }
  void TearDown() override { EXPECT_EQ(server_->Stop(), 0); }

  CommandResult Cli(const std::string& token, const std::vector<std::string>& args) {
    return RunCli(server_->address(), token, args);
  }
  // A new token of `role` made with the CLI by the first admin; the token alone is on stdout.
  std::string NewToken(const std::string& role, const std::string& name) {
    auto created = Cli(server_->admin_token(), {"token", "create", "--role", role, "--name", name});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    return std::string(absl::StripAsciiWhitespace(created.out));
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(ApprovalSystemTest, PolicyChangeNeedsTwoOtherAdmins) {
  const std::string first = server_->admin_token();
  const std::string alf = NewToken("admin", "Alf Admin");
  const std::string asa = NewToken("admin", "Åsa Admin");
  const std::string officer = NewToken("officer", "Olle Officer");

  auto before = Cli(first, {"approval", "policy"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(absl::StrContains(before.out, "credit.approve")) << before.out;
  EXPECT_TRUE(absl::StrContains(before.out, "2 admin approvals")) << before.out;

  const std::string file = MakeTempDir("policy") + "/policy.json";
  std::ofstream(file) << R"({"rules":[
      {"action":"policy.change","quorum":[{"role":"ADMIN","approvals":2}]},
      {"action":"credit.approve","quorum":[{"role":"OFFICER","approvals":3}]},
      {"action":"credit.approve","above_amount_ore":"100000000","quorum":[{"role":"BOARD","approvals":2}]}]})";
  auto bad = Cli(first, {"approval", "propose-policy", "--file", file + ".missing"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  auto by_officer = Cli(officer, {"approval", "propose-policy", "--file", file});
  EXPECT_EQ(by_officer.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(by_officer.err, "PERMISSION_DENIED")) << by_officer.err;

  auto proposed = Cli(first, {"approval", "propose-policy", "--file", file, "--comment", "three officers"});
  ASSERT_EQ(proposed.exit_code, 0) << proposed.err;
  EXPECT_TRUE(absl::StrContains(proposed.out, "proposal P-000001 made; still needs 2 admin approvals"))
      << proposed.out;

  auto listed = Cli(officer, {"approval", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(absl::StrContains(listed.out, "P-000001")) << listed.out;
  EXPECT_TRUE(absl::StrContains(listed.out, "policy.change")) << listed.out;

  auto self = Cli(first, {"approval", "approve", "P-000001"});
  EXPECT_EQ(self.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(self.err, "PERMISSION_DENIED")) << self.err;
  EXPECT_TRUE(absl::StrContains(self.err, "four eyes need someone else")) << self.err;
  auto wrong_role = Cli(officer, {"approval", "approve", "P-000001"});
  EXPECT_EQ(wrong_role.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(wrong_role.err, "FAILED_PRECONDITION")) << wrong_role.err;

  auto one = Cli(alf, {"approval", "approve", "p-000001", "--comment", "ok by me"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_TRUE(absl::StrContains(one.out, "still needs 1 admin approval")) << one.out;
  auto twice = Cli(alf, {"approval", "approve", "P-000001"});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(twice.err, "already approved")) << twice.err;
  auto unchanged = Cli(first, {"--json", "approval", "policy"});
  ASSERT_EQ(unchanged.exit_code, 0);
  EXPECT_FALSE(absl::StrContains(unchanged.out, "\"approvals\":3")) << unchanged.out;

  auto two = Cli(asa, {"--json", "approval", "approve", "P-000001"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_TRUE(absl::StrContains(two.out, "\"state\":\"PROPOSAL_EXECUTED\"")) << two.out;

  auto after = Cli(officer, {"approval", "policy"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_TRUE(absl::StrContains(after.out, "3 officer approvals")) << after.out;
  EXPECT_TRUE(absl::StrContains(after.out, "2 board approvals")) << after.out;
  EXPECT_FALSE(absl::StrContains(after.out, "credit.write-off")) << after.out;

  auto shown = Cli(officer, {"approval", "show", "P-000001"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const char* part : {"executed", "policy.change", "fund policy", "Alf Admin", "ok by me", "Åsa Admin",
                           "first admin", "three officers", "default policy"}) {
    EXPECT_TRUE(absl::StrContains(shown.out, part)) << part << " in\n" << shown.out;
  }
  auto open = Cli(officer, {"--json", "approval", "list"});
  ASSERT_EQ(open.exit_code, 0);
  EXPECT_FALSE(absl::StrContains(open.out, "P-000001")) << open.out;
  auto all = Cli(officer, {"--json", "approval", "list", "--all"});
  ASSERT_EQ(all.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(all.out, "P-000001")) << all.out;

  // The executed SetPolicy entry carries the proposal's id.
  auto entries = Cli(officer, {"--json", "ledger", "entries"});
  ASSERT_EQ(entries.exit_code, 0) << entries.err;
  EXPECT_TRUE(absl::StrContains(entries.out, "\"approved_by_proposal\":\"P-000001\"")) << entries.out;
  auto rejected_late = Cli(asa, {"approval", "reject", "P-000001", "--comment", "too late"});
  EXPECT_EQ(rejected_late.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(rejected_late.err, "is EXECUTED")) << rejected_late.err;
}

TEST_F(ApprovalSystemTest, RejectNeedsACommentAndWithdrawalIsFinal) {
  const std::string first = server_->admin_token();
  const std::string alf = NewToken("admin", "Alf Admin");
  const std::string file = MakeTempDir("policy") + "/policy.json";
  std::ofstream(file) << R"({"rules":[{"action":"policy.change","quorum":[{"role":"ADMIN","approvals":3}]}]})";
  ASSERT_EQ(Cli(first, {"approval", "propose-policy", "--file", file}).exit_code, 0);
  auto no_comment = Cli(alf, {"approval", "reject", "P-000001"});
  EXPECT_EQ(no_comment.exit_code, 2) << no_comment.err;
  auto withdrawn = Cli(first, {"approval", "reject", "P-000001", "--comment", "wrong file"});
  ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
  EXPECT_TRUE(absl::StrContains(withdrawn.out, "rejected")) << withdrawn.out;
  auto late = Cli(alf, {"approval", "approve", "P-000001"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(late.err, "is REJECTED")) << late.err;
  auto missing = Cli(alf, {"approval", "show", "P-000099"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(missing.err, "NOT_FOUND")) << missing.err;
}

}  // namespace
}  // namespace fondbok::testing
