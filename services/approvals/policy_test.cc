// The fund policy's rules: the default table, how rules combine per role, what a valid policy is.
#include "services/approvals/policy.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace fondbok::approvals {
namespace {

std::string Describe(const std::vector<v1::RoleQuorum>& quorum) { return DescribeQuorum(quorum); }

v1::ApprovalRule MakeRule(const std::string& action, std::vector<std::pair<v1::Role, uint32_t>> quorum,
                          std::optional<int64_t> above = std::nullopt) {
  v1::ApprovalRule rule;
  rule.set_action(action);
  if (above.has_value()) rule.set_above_amount_ore(*above);
  for (const auto& [role, n] : quorum) {
    v1::RoleQuorum* q = rule.add_quorum();
    q->set_role(role);
    q->set_approvals(n);
  }
  return rule;
}

v1::FundPolicy PolicyOf(std::vector<v1::ApprovalRule> rules) {
  v1::FundPolicy policy;
  for (auto& r : rules) *policy.add_rules() = std::move(r);
  return policy;
}

TEST(RequiredQuorum, DefaultPolicyTable) {
  struct Case {
    const char* action;
    int64_t amount_ore;
    const char* want;
  };
  const std::vector<Case> cases = {
      {"credit.approve", 0, "2 officer approvals"},
      {"credit.approve", 10'000'000, "2 officer approvals"},
      {"credit.approve", 50'000'000, "2 officer approvals"},  // 500 000 kr exactly: not above
      {"credit.approve", 50'000'001, "2 officer approvals and 1 board approval"},
      {"credit.approve", 900'000'000, "2 officer approvals and 1 board approval"},
      {"credit.write-off", 900'000'000, "2 officer approvals"},
      {"credit.restructure", 1, "2 officer approvals"},
      {"credit.early-repayment", 1, "2 officer approvals"},
      {"policy.change", 0, "2 admin approvals"},
      {"guarantee.issue", 100, "nothing"},
      {"credit.approve.extra", 100, "nothing"},
      {"", 0, "nothing"},
  };
  const v1::FundPolicy policy = DefaultPolicy();
  for (const Case& c : cases) {
    EXPECT_EQ(Describe(RequiredQuorum(policy, c.action, c.amount_ore)), c.want) << c.action << " " << c.amount_ore;
  }
}

TEST(RequiredQuorum, RulesCombinePerRoleByTheLargestCount) {
  const v1::FundPolicy policy = PolicyOf({
      MakeRule("x", {{v1::OFFICER, 1}}),
      MakeRule("x", {{v1::OFFICER, 3}, {v1::BOARD, 1}}, 1000),
      MakeRule("x", {{v1::OFFICER, 2}, {v1::ADMIN, 1}}, 5000),
      MakeRule("y", {{v1::BOARD, 5}}),
  });
  struct Case {
    int64_t amount_ore;
    const char* want;
  };
  for (const Case& c : std::vector<Case>{{0, "1 officer approval"},
                                         {1000, "1 officer approval"},
                                         {1001, "3 officer approvals and 1 board approval"},
                                         {5001, "1 admin approval and 3 officer approvals and 1 board approval"}}) {
    EXPECT_EQ(Describe(RequiredQuorum(policy, "x", c.amount_ore)), c.want) << c.amount_ore;
  }
}

TEST(ValidatePolicy, AcceptsTheDefault) { EXPECT_TRUE(ValidatePolicy(DefaultPolicy()).ok()); }

TEST(ValidatePolicy, RefusesBadPolicies) {
  const v1::ApprovalRule keep = MakeRule("policy.change", {{v1::ADMIN, 2}});
  v1::FundPolicy too_many = PolicyOf({keep});
  for (int i = 0; i < 100; ++i) *too_many.add_rules() = MakeRule("x", {{v1::OFFICER, 1}});
  struct Case {
    const char* name;
    v1::FundPolicy policy;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"empty policy", v1::FundPolicy(), "four eyes on policy changes"},
      {"policy change by one", PolicyOf({MakeRule("policy.change", {{v1::ADMIN, 1}})}), "at least 2 approvals"},
      {"policy change only above an amount", PolicyOf({MakeRule("policy.change", {{v1::ADMIN, 2}}, 0)}),
       "without an amount threshold"},
      {"unknown role", PolicyOf({keep, MakeRule("x", {{v1::ROLE_UNSPECIFIED, 1}})}), "cannot approve"},
      {"auditor cannot approve", PolicyOf({keep, MakeRule("x", {{v1::AUDITOR, 1}})}), "role auditor cannot approve"},
      {"zero approvals", PolicyOf({keep, MakeRule("x", {{v1::OFFICER, 0}})}), "asks for 0 officer approvals"},
      {"eleven approvals", PolicyOf({keep, MakeRule("x", {{v1::OFFICER, 11}})}), "1 to 10"},
      {"empty action", PolicyOf({keep, MakeRule("", {{v1::OFFICER, 1}})}), "names no action"},
      {"long action", PolicyOf({keep, MakeRule(std::string(65, 'a'), {{v1::OFFICER, 1}})}), "at most 64 bytes"},
      {"no quorum", PolicyOf({keep, MakeRule("x", {})}), "asks for no approvals"},
      {"role twice", PolicyOf({keep, MakeRule("x", {{v1::OFFICER, 1}, {v1::OFFICER, 2}})}), "twice"},
      {"negative threshold", PolicyOf({keep, MakeRule("x", {{v1::OFFICER, 1}}, -1)}), "negative"},
      {"101 rules", too_many, "at most 100"},
  };
  for (const Case& c : cases) {
    absl::Status status = ValidatePolicy(c.policy);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_TRUE(absl::StrContains(status.message(), c.message_part)) << c.name << ": " << status;
  }
  // Two approvers of different roles keep four eyes too; 64-byte actions and 10 approvals are fine.
  EXPECT_TRUE(ValidatePolicy(PolicyOf({MakeRule("policy.change", {{v1::ADMIN, 1}, {v1::BOARD, 1}}),
                                       MakeRule(std::string(64, 'a'), {{v1::OFFICER, 10}})}))
                  .ok());
}

}  // namespace
}  // namespace fondbok::approvals
