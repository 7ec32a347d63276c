#include "services/approvals/policy.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fondbok::approvals {
namespace {

v1::ApprovalRule Rule(absl::string_view action, v1::Role role, uint32_t approvals,
                      std::optional<int64_t> above_amount_ore = std::nullopt) {
  v1::ApprovalRule rule;
  rule.set_action(std::string(action));
  if (above_amount_ore.has_value()) rule.set_above_amount_ore(*above_amount_ore);
  v1::RoleQuorum* quorum = rule.add_quorum();
  quorum->set_role(role);
  quorum->set_approvals(approvals);
  return rule;
}

bool CanApprove(v1::Role role) { return role == v1::ADMIN || role == v1::OFFICER || role == v1::BOARD; }

absl::Status ValidateRule(const v1::ApprovalRule& rule, int index) {
  const std::string where = absl::StrCat("rule ", index + 1, " (\"", rule.action(), "\")");
  if (rule.action().empty()) return absl::InvalidArgumentError(absl::StrCat("rule ", index + 1, " names no action"));
  if (rule.action().size() > kActionBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": an action is at most ", kActionBytesMax, " bytes"));
  }
  if (rule.has_above_amount_ore() && rule.above_amount_ore() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": above_amount_ore ", rule.above_amount_ore(),
                                                   " is negative; leave it out for a rule that always applies"));
  }
  if (rule.quorum_size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, " asks for no approvals: give at least one role"));
  }
  std::vector<v1::Role> seen;
  for (const v1::RoleQuorum& q : rule.quorum()) {
    if (!CanApprove(q.role())) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": role ", RoleWord(q.role()),
                                                     " cannot approve; use admin, officer or board"));
    }
    if (std::find(seen.begin(), seen.end(), q.role()) != seen.end()) {
      return absl::InvalidArgumentError(absl::StrCat(where, " names role ", RoleWord(q.role()), " twice"));
    }
    seen.push_back(q.role());
    if (q.approvals() < 1 || q.approvals() > kApprovalsPerRoleMax) {
      return absl::InvalidArgumentError(absl::StrCat(where, " asks for ", q.approvals(), " ", RoleWord(q.role()),
                                                     " approvals; a rule asks for 1 to ", kApprovalsPerRoleMax));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string RoleWord(v1::Role role) {
  if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) return "unknown role";
  return absl::AsciiStrToLower(v1::Role_Name(role));
}

v1::FundPolicy DefaultPolicy() {
  v1::FundPolicy policy;
  *policy.add_rules() = Rule("credit.approve", v1::OFFICER, 2);
  *policy.add_rules() = Rule("credit.approve", v1::BOARD, 1, kBoardCreditThresholdOre);
  *policy.add_rules() = Rule("credit.write-off", v1::OFFICER, 2);
  *policy.add_rules() = Rule("credit.restructure", v1::OFFICER, 2);
  *policy.add_rules() = Rule("credit.early-repayment", v1::OFFICER, 2);
  *policy.add_rules() = Rule(kPolicyChangeAction, v1::ADMIN, 2);
  return policy;
}

std::vector<v1::RoleQuorum> RequiredQuorum(const v1::FundPolicy& policy, absl::string_view action,
                                           int64_t amount_ore) {
  std::map<int, uint32_t> needed;  // role → approvals, ordered by role
  for (const v1::ApprovalRule& rule : policy.rules()) {
    if (rule.action() != action) continue;
    if (rule.has_above_amount_ore() && !(amount_ore > rule.above_amount_ore())) continue;
    for (const v1::RoleQuorum& q : rule.quorum()) {
      uint32_t& n = needed[q.role()];
      n = std::max(n, q.approvals());
    }
  }
  std::vector<v1::RoleQuorum> quorum;
  for (const auto& [role, approvals] : needed) {
    if (approvals == 0) continue;
    v1::RoleQuorum& q = quorum.emplace_back();
    q.set_role(static_cast<v1::Role>(role));
    q.set_approvals(approvals);
  }
  return quorum;
}

absl::Status ValidatePolicy(const v1::FundPolicy& policy) {
  if (static_cast<size_t>(policy.rules_size()) > kPolicyRulesMax) {
    return absl::InvalidArgumentError(absl::StrCat("the policy has ", policy.rules_size(), " rules; at most ",
                                                   kPolicyRulesMax, " are allowed"));
  }
  for (int i = 0; i < policy.rules_size(); ++i) {
    absl::Status status = ValidateRule(policy.rules(i), i);
    if (!status.ok()) return status;
  }
  uint32_t total = 0;
  for (const v1::RoleQuorum& q : RequiredQuorum(policy, kPolicyChangeAction, 0)) total += q.approvals();
  if (total < 2) {
    return absl::InvalidArgumentError(
        "the policy must keep four eyes on policy changes: give \"policy.change\" a rule without an amount "
        "threshold that asks for at least 2 approvals");
  }
  return absl::OkStatus();
}

std::string DescribeQuorum(const std::vector<v1::RoleQuorum>& quorum) {
  std::vector<std::string> parts;
  for (const v1::RoleQuorum& q : quorum) {
    if (q.approvals() == 0) continue;
    parts.push_back(absl::StrCat(q.approvals(), " ", RoleWord(q.role()), " approval", q.approvals() == 1 ? "" : "s"));
  }
  if (parts.empty()) return "nothing";
  return absl::StrJoin(parts, " and ");
}

}  // namespace fondbok::approvals
