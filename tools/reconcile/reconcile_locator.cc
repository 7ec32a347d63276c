#include "tools/reconcile/reconcile_locator.h"

namespace fondbok::reconcile {

std::string ReconcilePath() { return FONDBOK_RECONCILE_PATH; }

}  // namespace fondbok::reconcile
