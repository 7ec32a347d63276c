// fondbok-reconcile, the library: proves from the journal alone that the books are whole (DESIGN.md
// §6 points 1–3). Integrity: the hash chain from seq 1, dense seqs, every entry decoding and
// balancing per currency and phase, the trial balance zero per currency (from the journal's
// postings, and the stored account states agreeing with it). Replay: every view and index row of
// every module rebuilt through the modules' own Project code (ledger::ReplayJournal, whose
// ApplyEntry also enforces the account flags at every point of history) and diffed with the
// stored ones (ledger::DiffViews).
//
// The checks read through a ledger::StorageReader and never write. Bank matching (point 4, with a
// statement: tools/reconcile/bank_match.h) adds its own section to ReconcileReport.
//
// Memory: replay rebuilds every view in a ledger::MemoryKv, so it needs RAM in proportion to the
// views and history index (roughly the size of the "views" and "index" column families).
#ifndef FONDBOK_TOOLS_RECONCILE_RECONCILE_H_
#define FONDBOK_TOOLS_RECONCILE_RECONCILE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/ledger_module.h"
#include "ledger/module.h"
#include "ledger/storage.h"
#include "services/approvals/approvals_module.h"
#include "services/auth/auth_module.h"
#include "services/credits/credits_module.h"
#include "services/parties/parties_module.h"
#include "services/payments/payments_module.h"
#include "services/reports/reports_module.h"
#include "tools/reconcile/bank_match.h"

namespace fondbok::reconcile {

struct ReconcileOptions {
  // The time zone replay uses when the journal records no FundCreated (a fund always has one; a
  // bare ledger written by tests may not). Default: the fund's default, "Europe/Stockholm".
  std::string fallback_time_zone = "Europe/Stockholm";
  // How many entries from seq 1 are searched for the FundCreated event (it is in the bootstrap
  // request, so at seq 1 in every fund fondbokd created). Default 64 entries.
  uint64_t fund_search_entries_max = 64;
  // Threads that decode and hash journal entries ahead of the checks, which still take the entries
  // in seq order on the calling thread (ledger::JournalScanOptions). -1: one per core.
  int decode_threads = -1;
};

// The modules fondbokd registers (services/server/server.cc), so that replay projects every view
// the server wrote. Not movable: the approvals module keeps a pointer to the registry.
class ServerModules {
 public:
  // Fails only if two modules claim the same command or event (a programming error).
  static absl::StatusOr<std::unique_ptr<ServerModules>> Make();
  ServerModules(const ServerModules&) = delete;
  ServerModules& operator=(const ServerModules&) = delete;
  const ledger::ModuleRegistry& registry() const { return registry_; }

 private:
  ServerModules() = default;
  ledger::ModuleRegistry registry_;
  ledger::LedgerModule ledger_;
  services::AuthModule auth_;
  approvals::ApprovalsModule approvals_{&registry_};
  parties::PartiesModule parties_;
  credits::CreditsModule credits_;
  payments::PaymentsModule payments_{&registry_};
  reports::ReportsModule reports_;
};

// One thing found wrong. `check` names the check that found it: "chain", "trial-balance",
// "replay" or "views".
struct Break {
  std::string check;
  uint64_t seq = 0;   // the journal entry concerned; 0 when the break is not about one entry
  std::string key;    // the view or index key concerned ("views:<key>", "index:<key>"), or ""
  std::string reason;
  bool operator==(const Break&) const = default;
};

// Posted money in one currency, in its minor unit (öre), summed exactly in 128 bits.
struct CurrencyTotals {
  absl::int128 journal_debits = 0;   // over every posting of every entry
  absl::int128 journal_credits = 0;
  absl::int128 view_debits = 0;      // over the stored account states (ledger/acct/*)
  absl::int128 view_credits = 0;
  bool Balanced() const {
    return journal_debits == journal_credits && view_debits == journal_debits && view_credits == journal_credits;
  }
};

struct IntegrityReport {
  bool chain_whole = false;
  uint64_t entries = 0;      // entries verified, from seq 1
  uint64_t last_seq = 0;     // of the last verified entry
  std::string last_hash;     // its hash (32 bytes); empty when the journal is empty
  bool trial_balance_checked = false;  // false when the chain is broken: its totals would be partial
  uint64_t accounts = 0;     // stored account states
  std::map<std::string, CurrencyTotals> currencies;  // by currency code
};

struct ReplayReport {
  bool performed = false;
  std::string skipped_because;   // when !performed
  std::string time_zone;         // the fund's zone replay used
  std::string time_zone_source;  // "FundCreated at seq 1", "stored fund view", "default"
  uint64_t entries = 0;          // entries replayed
  std::map<std::string, uint64_t> views_by_module;  // rebuilt view keys per module prefix
  uint64_t index_rows = 0;       // rebuilt index rows
  uint64_t differences = 0;      // between rebuilt and stored views and index
};

// Wall time of each check, for --timings and benchmarks; not part of the report's formats.
struct CheckTimes {
  double integrity_s = 0;      // CheckIntegrity: chain, balances per entry, journal totals
  double trial_balance_s = 0;  // CheckTrialBalance: the stored account states
  double replay_s = 0;         // CheckReplay: rebuilding the views in memory
  double diff_s = 0;           // CheckReplay: comparing them with the stored ones
};

// Everything reconcile found. Whole when `breaks` is empty and the bank, when checked, holds
// (every item matched, no balance difference).
struct ReconcileReport {
  std::string data_dir;
  std::string mode;  // "read-only" or "secondary"
  IntegrityReport integrity;
  ReplayReport replay;
  std::vector<Break> breaks;
  std::optional<BankReport> bank;  // set when a statement was given
  CheckTimes times;
  bool Whole() const { return breaks.empty() && (!bank.has_value() || bank->Holds()); }
};

// ---- the checks, each over one consistent reader ----

// Walks the chain with ledger::VerifyChain, sums every verified entry's postings per currency and
// counts the stored accounts. A broken chain is a Break naming the first entry not whole; only
// failures to read (not DATA_LOSS) are errors.
absl::Status CheckIntegrity(const ledger::StorageReader& reader, ReconcileReport* report,
                            const ReconcileOptions& options = {});

// Adds the stored account states' posted totals per currency to `integrity` and counts them, then
// compares them with the journal's: a Break per currency that does not balance, and one per
// account state that does not decode.
absl::Status CheckTrialBalance(const ledger::StorageReader& reader, ReconcileReport* report);

// Replays the journal into memory with `modules` and diffs with the stored views and index. A
// replay failure is a Break at the entry that failed (a broken flag, an unknown event, a projection
// error); differing views are one Break naming the first key and the number of differences.
absl::Status CheckReplay(const ledger::StorageReader& reader, const ledger::ModuleRegistry& modules,
                         const ReconcileOptions& options, ReconcileReport* report);

// All checks in order. The trial balance and replay are skipped when the chain is broken (the
// journal's totals would be partial, and replay would stop at the same entry).
// Errors are failures to read, not breaks.
absl::StatusOr<ReconcileReport> Reconcile(const ledger::StorageReader& reader, const ledger::ModuleRegistry& modules,
                                          const ReconcileOptions& options);

// ---- pieces, exposed for tests ----

// Adds the entry's posted postings to `currencies` (journal side). Pending postings reserve money
// and are left out: only posted money is in the trial balance.
void AddPostings(const v1::JournalEntry& entry, std::map<std::string, CurrencyTotals>* currencies);

struct FundTimeZone {
  std::string time_zone;
  std::string source;
};
// The fund's time zone: from the FundCreated event among the first entries, else the stored fund
// view, else options.fallback_time_zone.
absl::StatusOr<FundTimeZone> ReadFundTimeZone(const ledger::StorageReader& reader, const ReconcileOptions& options);

// ---- floors for --timings ----

// What reading alone costs: the journal scanned raw (no decoding, no hashing), and the stored
// views and index scanned raw, through the same reader the checks use.
struct ReadFloor {
  uint64_t journal_entries = 0;
  uint64_t journal_bytes = 0;
  double journal_s = 0;
  uint64_t view_and_index_rows = 0;
  double views_s = 0;
};
absl::StatusOr<ReadFloor> MeasureReadFloor(const ledger::StorageReader& reader);

// Lines for stderr: each check's time and rate against the floor (entries/s where the check walks
// the journal).
std::string FormatTimings(const ReconcileReport& report, const ReadFloor& floor);

// ---- opening a data directory ----

// Opens `data_dir` without writing to it: read-only (a stopped data directory or a checkpoint of
// `fondbok admin backup`), or as a RocksDB secondary of a running fondbokd, caught up with it.
// REQUIRES for a secondary: `secondary_scratch` is an existing directory of the caller's own (the
// secondary's info log goes there). INVALID_ARGUMENT when it is no directory or not a fondbok data
// directory, the storage's error when it cannot be opened; the messages say why, and the caller
// names the path.
absl::StatusOr<std::unique_ptr<ledger::Storage>> OpenDataDir(const std::string& data_dir, bool secondary,
                                                             const std::string& secondary_scratch);

}  // namespace fondbok::reconcile

#endif  // FONDBOK_TOOLS_RECONCILE_RECONCILE_H_
