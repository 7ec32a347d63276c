// The command line of fondbok-reconcile, as a function so that tests run it in process:
//
//   fondbok-reconcile --data-dir DIR [--secondary] [--json] [--timings] [--decode-threads N]
//
// Opens DIR without writing to it — read-only (a stopped data directory, or a checkpoint of
// `fondbok admin backup`), or with --secondary as a RocksDB secondary of a running fondbokd (its
// info log goes to a private temporary directory, removed before returning) — runs every check of
// reconcile.h and prints the report (text, or one JSON object with --json) on `out`.
//
// Exit status: 0 the books are whole; 1 a break was found (listed in the report); 2 unusable input
// or command line — one line on `err` naming the path and the reason, nothing on `out`.
//
// --timings first reads the journal and the views raw (the floor), then prints on `err` each
// check's wall time and rate against that floor. --decode-threads: ReconcileOptions.
#ifndef FONDBOK_TOOLS_RECONCILE_CLI_H_
#define FONDBOK_TOOLS_RECONCILE_CLI_H_

#include <ostream>

namespace fondbok::reconcile {

inline constexpr int kExitWhole = 0;
inline constexpr int kExitBreak = 1;
inline constexpr int kExitUnusable = 2;

int RunReconcileCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace fondbok::reconcile

#endif  // FONDBOK_TOOLS_RECONCILE_CLI_H_
