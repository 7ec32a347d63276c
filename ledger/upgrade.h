// Upgrades a data directory written by an older fondbokd to the format this one writes
// (keys.h: kFormatVersion), before the sequencer appends to it. Views and index are projections
// of the journal, so an upgrade rewrites projections only: the journal is never touched.
#ifndef FONDBOK_LEDGER_UPGRADE_H_
#define FONDBOK_LEDGER_UPGRADE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "ledger/storage.h"

namespace fondbok::ledger {

struct UpgradeReport {
  bool upgraded = false;        // false: already current (or empty)
  uint64_t accounts_rewritten = 0;
};

// Format 1 → 2: each account record drops the running totals it carried (the account's last
// history row holds the same totals; ReadAccount reads them there). One synced batch; running it
// again finds format 2 and does nothing. A format this fondbokd does not know is
// FAILED_PRECONDITION, and nothing is written.
absl::StatusOr<UpgradeReport> UpgradeFormat(Storage& storage);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_UPGRADE_H_
