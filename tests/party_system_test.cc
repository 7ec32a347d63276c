// Organisations through the real server and the real CLI: register, show, list, duplicates and
// bad check digits, what a member token sees, closing.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class PartySystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    admin_ = server_.admin_token();
  }
  void TearDown() override { EXPECT_EQ(server_.Stop(), 0); }

  CommandResult Fondbok(const std::string& token, const std::vector<std::string>& args) {
    return RunCli(server_.address(), token, args);
  }
  CommandResult Create(const std::string& name, const std::string& org_number, const std::string& municipality,
                       std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"org", "create", "--name", name, "--org-number", org_number,
                                     "--legal-form", "ekonomisk-forening", "--municipality", municipality};
    args.insert(args.end(), extra.begin(), extra.end());
    return Fondbok(admin_, args);
  }
  // Lines of `org list` output after the header, each starting with an id.
  static std::vector<std::string> Ids(const std::string& list_output) {
    std::vector<std::string> ids;
    for (absl::string_view line : absl::StrSplit(list_output, '\n', absl::SkipEmpty())) {
      if (absl::StartsWith(line, "ORG-")) ids.emplace_back(line.substr(0, line.find(' ')));
    }
    return ids;
  }

  TestServer server_;
  std::string admin_;
};

TEST_F(PartySystemTest, RegisterShowListAndClose) {
  auto created = Create("Ängens kooperativ", "556036-0793", "0583",
                        {"--bankgiro", "54029681", "--contact", "Anna Berg, 070-123 45 67"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_TRUE(absl::StrContains(created.out, "organisation ORG-000001 registered")) << created.out;
  EXPECT_TRUE(absl::StrContains(created.out, "556036-0793")) << created.out;
  EXPECT_TRUE(absl::StrContains(created.out, "5402-9681")) << created.out;
  EXPECT_TRUE(absl::StrContains(created.out, "ekonomisk förening")) << created.out;
  ASSERT_EQ(Create("Second", "2120001355", "1480").exit_code, 0);

  for (const char* key : {"ORG-000001", "556036-0793", "5560360793"}) {
    auto shown = Fondbok(admin_, {"org", "show", key});
    ASSERT_EQ(shown.exit_code, 0) << key << ": " << shown.err;
    EXPECT_TRUE(absl::StrContains(shown.out, "Ängens kooperativ")) << shown.out;
    EXPECT_TRUE(absl::StrContains(shown.out, "Anna Berg, 070-123 45 67")) << shown.out;
  }
  auto json = Fondbok(admin_, {"--json", "org", "show", "ORG-000001"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(absl::StrContains(json.out, "\"org_number\":\"5560360793\"")) << json.out;
  EXPECT_TRUE(absl::StrContains(json.out, "\"legal_form\":\"EKONOMISK_FORENING\"")) << json.out;

  auto listed = Fondbok(admin_, {"org", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(Ids(listed.out), (std::vector<std::string>{"ORG-000001", "ORG-000002"})) << listed.out;
  auto in_motala = Fondbok(admin_, {"org", "list", "--municipality", "0583"});
  EXPECT_EQ(Ids(in_motala.out), std::vector<std::string>{"ORG-000001"}) << in_motala.out;

  // Paging through the client library: a page of one, then the rest; limits are bounded.
  auto officer = Connect(server_.address(), admin_);
  v1::ListOrganisationsRequest page;
  page.set_limit(1);
  auto first = officer->ListOrganisations(page);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->organisations_size(), 1);
  EXPECT_EQ(first->next_after_id(), "ORG-000001");
  page.set_after_id(first->next_after_id());
  auto second = officer->ListOrganisations(page);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->organisations_size(), 1);
  EXPECT_EQ(second->organisations(0).id(), "ORG-000002");
  EXPECT_EQ(second->next_after_id(), "");
  page.set_limit(1001);
  EXPECT_EQ(officer->ListOrganisations(page).status().code(), absl::StatusCode::kInvalidArgument);

  // Duplicates, bad check digits, bad codes: refused by the server with the value and the rule.
  auto duplicate = Create("Copy", "556036-0793", "0583");
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(duplicate.err, "ALREADY_EXISTS")) << duplicate.err;
  EXPECT_TRUE(absl::StrContains(duplicate.err, "ORG-000001")) << duplicate.err;
  auto bad_digit = Create("Typo", "556036-0794", "0583");
  EXPECT_EQ(bad_digit.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad_digit.err, "INVALID_ARGUMENT")) << bad_digit.err;
  EXPECT_TRUE(absl::StrContains(bad_digit.err, "\"556036-0794\" has a wrong check digit (expected 3)"))
      << bad_digit.err;
  auto bad_kommun = Create("Nowhere", "802002-1237", "0283");
  EXPECT_EQ(bad_kommun.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(bad_kommun.err, "INVALID_ARGUMENT")) << bad_kommun.err;
  auto bad_form = Fondbok(admin_, {"org", "create", "--name", "X", "--org-number", "802002-1237", "--legal-form",
                                   "kommanditbolag", "--municipality", "0583"});
  EXPECT_EQ(bad_form.exit_code, 2) << bad_form.err;

  // Closing: a reason, once; closed organisations leave the default list.
  auto closed = Fondbok(admin_, {"org", "close", "ORG-000002", "--reason", "merged into ORG-000001"});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_TRUE(absl::StrContains(closed.out, "organisation ORG-000002 closed")) << closed.out;
  EXPECT_TRUE(absl::StrContains(closed.out, "merged into ORG-000001")) << closed.out;
  auto again = Fondbok(admin_, {"org", "close", "ORG-000002", "--reason", "again"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(again.err, "FAILED_PRECONDITION")) << again.err;
  auto unknown = Fondbok(admin_, {"org", "close", "ORG-000404", "--reason", "x"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(unknown.err, "NOT_FOUND")) << unknown.err;
  EXPECT_EQ(Ids(Fondbok(admin_, {"org", "list"}).out), std::vector<std::string>{"ORG-000001"});
  EXPECT_EQ(Ids(Fondbok(admin_, {"org", "list", "--all"}).out),
            (std::vector<std::string>{"ORG-000001", "ORG-000002"}));
}

TEST_F(PartySystemTest, AMemberSeesOnlyItsOwnOrganisation) {
  ASSERT_EQ(Create("Ängens kooperativ", "556036-0793", "0583").exit_code, 0);
  ASSERT_EQ(Create("Other", "212000-1355", "1480").exit_code, 0);
  auto token = Fondbok(admin_, {"token", "create", "--role", "member", "--org", "ORG-000001"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string member(absl::StripAsciiWhitespace(token.out));

  auto own = Fondbok(member, {"org", "show", "ORG-000001"});
  EXPECT_EQ(own.exit_code, 0) << own.err;
  EXPECT_TRUE(absl::StrContains(own.out, "Ängens kooperativ")) << own.out;
  EXPECT_EQ(Fondbok(member, {"org", "show", "556036-0793"}).exit_code, 0);
  for (const char* other : {"ORG-000002", "212000-1355", "ORG-000404", "802002-1237"}) {
    auto denied = Fondbok(member, {"org", "show", other});
    EXPECT_EQ(denied.exit_code, 1) << other;
    EXPECT_TRUE(absl::StrContains(denied.err, "PERMISSION_DENIED")) << other << ": " << denied.err;
  }
  auto listed = Fondbok(member, {"org", "list", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(Ids(listed.out), std::vector<std::string>{"ORG-000001"}) << listed.out;

  auto create = Fondbok(member, {"org", "create", "--name", "Mine", "--org-number", "802002-1237", "--legal-form",
                                 "ideell-forening", "--municipality", "0583"});
  EXPECT_EQ(create.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(create.err, "PERMISSION_DENIED")) << create.err;
  auto close = Fondbok(member, {"org", "close", "ORG-000001", "--reason", "no"});
  EXPECT_EQ(close.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(close.err, "PERMISSION_DENIED")) << close.err;

  // The same request id twice writes once and answers with the same organisation.
  for (int i = 0; i < 2; ++i) {
    auto retried = Create("Third", "802002-1237", "2039", {"--request-id", "party-retry-1"});
    ASSERT_EQ(retried.exit_code, 0) << retried.err;
    EXPECT_TRUE(absl::StrContains(retried.out, "ORG-000003")) << retried.out;
  }
  EXPECT_EQ(Ids(Fondbok(admin_, {"org", "list"}).out).size(), 3u);
}

}  // namespace
}  // namespace fondbok::testing
