// The fund policy of four eyes (DESIGN.md §4): which actions need approvals, from which roles,
// how many distinct approvers, above which amount. Pure functions; no state.
#ifndef FONDBOK_SERVICES_APPROVALS_POLICY_H_
#define FONDBOK_SERVICES_APPROVALS_POLICY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/approvals.pb.h"

namespace fondbok::approvals {

inline constexpr size_t kPolicyRulesMax = 100;
inline constexpr size_t kActionBytesMax = 64;
inline constexpr uint32_t kApprovalsPerRoleMax = 10;
inline constexpr absl::string_view kPolicyChangeAction = "policy.change";
// 500 000 kr: above it a credit decision also needs the board (issue 3, "Four eyes").
inline constexpr int64_t kBoardCreditThresholdOre = 50'000'000;

// The policy in force until an approved SetPolicy replaces it (issue 3 defaults):
//   credit.approve 2 officers, above 500 000 kr also 1 board member; credit.write-off,
//   credit.restructure and credit.early-repayment 2 officers; policy.change 2 admins.
v1::FundPolicy DefaultPolicy();

// The approvals a proposal of `action` for `amount_ore` needs: per role, the largest `approvals`
// of any rule for `action` whose above_amount_ore is absent or below `amount_ore`. Sorted by
// role; roles asking for 0 are left out. Empty: nothing is required, the action runs at once.
std::vector<v1::RoleQuorum> RequiredQuorum(const v1::FundPolicy& policy, absl::string_view action,
                                           int64_t amount_ore);

// INVALID_ARGUMENT unless: at most 100 rules; each action non-empty and at most 64 bytes; each
// quorum names a staff role that can approve (admin, officer, board) once per rule and asks for
// 1..10 approvals; above_amount_ore not negative; and "policy.change" keeps a rule that always
// applies and asks for at least 2 approvals (a fund cannot vote four eyes away for its policy).
absl::Status ValidatePolicy(const v1::FundPolicy& policy);

// "admin", "officer", ... (lower case); "unknown role" for anything else.
std::string RoleWord(v1::Role role);
// "1 board approval", "2 officer approvals and 1 board approval"; "nothing" for none.
std::string DescribeQuorum(const std::vector<v1::RoleQuorum>& quorum);

}  // namespace fondbok::approvals

#endif  // FONDBOK_SERVICES_APPROVALS_POLICY_H_
