// The path of the built fondbok-reconcile binary, for system tests that run it.
#ifndef FONDBOK_TOOLS_RECONCILE_RECONCILE_LOCATOR_H_
#define FONDBOK_TOOLS_RECONCILE_RECONCILE_LOCATOR_H_

#include <string>

namespace fondbok::reconcile {

std::string ReconcilePath();

}  // namespace fondbok::reconcile

#endif  // FONDBOK_TOOLS_RECONCILE_RECONCILE_LOCATOR_H_
