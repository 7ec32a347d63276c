// Who counts as the fund's staff in a module's Decide: an officer or an admin, or the server
// itself ("system", for what it decides on its own). One rule for every module.
#ifndef FONDBOK_SERVICES_COMMON_STAFF_H_
#define FONDBOK_SERVICES_COMMON_STAFF_H_

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ledger/module.h"

namespace fondbok::services {

inline bool IsStaff(const ledger::CommandContext& context) {
  return context.actor_role == "admin" || context.actor_role == "officer" || context.actor == "system";
}

// PERMISSION_DENIED naming what was asked and the caller's role, unless the caller is staff.
inline absl::Status RequireStaff(const ledger::CommandContext& context, absl::string_view what) {
  if (IsStaff(context)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only an officer or admin may ", what, "; you are ",
                                                  context.actor_role.empty() ? "unknown" : context.actor_role));
}

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_STAFF_H_
