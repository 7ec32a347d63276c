#include "tools/reconcile/reconcile.h"

#include <filesystem>
#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/books.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/kv.h"
#include "ledger/replay.h"
#include "ledger/status_macros.h"

namespace fondbok::reconcile {
namespace {

// DATA_LOSS is what the ledger answers for damaged books (including RocksDB's own checksums);
// anything else is a failure to read, which makes the input unusable rather than broken.
bool IsBreak(const absl::Status& status) { return status.code() == absl::StatusCode::kDataLoss; }

// Decodes a stored entry without checking its hash (the chain check has just done so).
std::optional<v1::JournalEntry> DecodeEntry(absl::string_view value) {
  v1::StoredEntry stored;
  v1::JournalEntry entry;
  if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size())) || !entry.ParseFromString(stored.body())) {
    return std::nullopt;
  }
  return entry;
}

// "credits/offers/…" → "credits": views are confined to "<module name>/" keys (ledger/module.h).
std::string ModuleOfKey(absl::string_view key) {
  const size_t slash = key.find('/');
  return std::string(slash == absl::string_view::npos ? key : key.substr(0, slash));
}

std::string ToString(absl::int128 value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

int DecodeThreads(const ReconcileOptions& options) {
  if (options.decode_threads >= 0) return options.decode_threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerModules>> ServerModules::Make() {
  std::unique_ptr<ServerModules> modules(new ServerModules());
  // The order of services/server/server.cc.
  for (const ledger::Module* module : std::vector<const ledger::Module*>{
           &modules->ledger_, &modules->auth_, &modules->approvals_, &modules->parties_, &modules->credits_,
           &modules->payments_}) {
    RETURN_IF_ERROR(modules->registry_.Register(module));
  }
  RETURN_IF_ERROR(modules->registry_.Register(&modules->reports_));
  return modules;
}

void AddPostings(const v1::JournalEntry& entry, std::map<std::string, CurrencyTotals>* currencies) {
  for (const v1::Posting& posting : entry.postings()) {
    if (posting.phase() != v1::POSTED) continue;
    CurrencyTotals& totals = (*currencies)[posting.currency()];
    (posting.side() == v1::DEBIT ? totals.journal_debits : totals.journal_credits) += posting.amount_ore();
  }
}

absl::Status CheckIntegrity(const ledger::StorageReader& reader, ReconcileReport* report,
                            const ReconcileOptions& options) {
  const absl::Time started = absl::Now();
  IntegrityReport& integrity = report->integrity;
  ledger::ChainWalkOptions walk_options;
  walk_options.scan.decode_threads = DecodeThreads(options);
  // The entry VerifyChain has just opened and checked: summed without decoding it again.
  walk_options.on_verified = [&](const v1::JournalEntry& entry) { AddPostings(entry, &integrity.currencies); };
  ASSIGN_OR_RETURN(ledger::ChainWalk walk, ledger::WalkChain(reader, walk_options));
  integrity.entries = walk.verified.entries;
  integrity.last_seq = walk.verified.last_seq;
  if (walk.broken.ok()) {
    integrity.chain_whole = true;
    integrity.last_hash = walk.verified.last_seq == 0 ? "" : walk.verified.last_hash;
  } else {
    report->breaks.push_back({"chain", walk.broken_seq, "", std::string(walk.broken.message())});
  }
  report->times.integrity_s = absl::ToDoubleSeconds(absl::Now() - started);
  return absl::OkStatus();
}

absl::Status CheckTrialBalance(const ledger::StorageReader& reader, ReconcileReport* report) {
  IntegrityReport& integrity = report->integrity;
  integrity.trial_balance_checked = true;
  std::vector<Break> undecodable;
  absl::Status failure = absl::OkStatus();
  const std::string prefix(ledger::kAccountKeyPrefix);
  // Each account's totals are its last history row (ledger/books.h).
  RETURN_IF_ERROR(reader.Scan(ledger::Space::kViews, prefix, ledger::PrefixEnd(prefix),
                              [&](absl::string_view key, absl::string_view value) {
                                v1::AccountState definition;
                                if (!definition.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                                  undecodable.push_back({"trial-balance", 0, absl::StrCat("views:", key),
                                                         "the account state does not decode"});
                                  return true;
                                }
                                auto state = ledger::CompleteAccount(reader, std::move(definition));
                                if (!state.ok()) {
                                  failure = state.status();
                                  return false;
                                }
                                ++integrity.accounts;
                                CurrencyTotals& totals = integrity.currencies[state->account().currency()];
                                totals.view_debits += state->posted_debits();
                                totals.view_credits += state->posted_credits();
                                return true;
                              }));
  RETURN_IF_ERROR(failure);
  for (const auto& [currency, totals] : integrity.currencies) {
    if (totals.journal_debits != totals.journal_credits) {
      report->breaks.push_back({"trial-balance", 0, "",
                                absl::StrCat(currency, ": the journal's posted debits ", ToString(totals.journal_debits),
                                             " differ from its posted credits ", ToString(totals.journal_credits))});
    }
    if (totals.view_debits != totals.journal_debits || totals.view_credits != totals.journal_credits) {
      report->breaks.push_back(
          {"trial-balance", 0, "",
           absl::StrCat(currency, ": the stored accounts hold debits ", ToString(totals.view_debits), " and credits ",
                        ToString(totals.view_credits), " but the journal posted debits ",
                        ToString(totals.journal_debits), " and credits ", ToString(totals.journal_credits))});
    }
  }
  report->breaks.insert(report->breaks.end(), undecodable.begin(), undecodable.end());
  return absl::OkStatus();
}

absl::StatusOr<FundTimeZone> ReadFundTimeZone(const ledger::StorageReader& reader, const ReconcileOptions& options) {
  std::optional<FundTimeZone> found;
  uint64_t searched = 0;
  RETURN_IF_ERROR(reader.ScanJournal(1, [&](uint64_t seq, absl::string_view value) {
    std::optional<v1::JournalEntry> entry = DecodeEntry(value);
    if (entry.has_value() && entry->event().has_fund_created() && !entry->event().fund_created().time_zone().empty()) {
      found = FundTimeZone{entry->event().fund_created().time_zone(), absl::StrCat("FundCreated at seq ", seq)};
      return false;
    }
    return ++searched < options.fund_search_entries_max;
  }));
  if (found.has_value()) return *found;
  ASSIGN_OR_RETURN(auto stored, reader.Get(ledger::Space::kViews, ledger::kFundKey));
  v1::FundCreated fund;
  if (stored.has_value() && fund.ParseFromString(*stored) && !fund.time_zone().empty()) {
    return FundTimeZone{fund.time_zone(), "the stored fund view"};
  }
  return FundTimeZone{options.fallback_time_zone, "default: the journal records no FundCreated"};
}

absl::Status CheckReplay(const ledger::StorageReader& reader, const ledger::ModuleRegistry& modules,
                         const ReconcileOptions& options, ReconcileReport* report) {
  const absl::Time started = absl::Now();
  ReplayReport& replay = report->replay;
  ASSIGN_OR_RETURN(FundTimeZone zone, ReadFundTimeZone(reader, options));
  replay.time_zone = zone.time_zone;
  replay.time_zone_source = zone.source;
  absl::TimeZone loaded;
  if (!absl::LoadTimeZone(zone.time_zone, &loaded)) {
    // ReplayJournal falls back to UTC; say so, since dates near midnight could then differ.
    replay.time_zone_source += " (unknown on this machine: replay used UTC)";
  }
  ledger::ReplayOptions replay_options;
  replay_options.time_zone = zone.time_zone;
  replay_options.decode_threads = DecodeThreads(options);
  ledger::MemoryKv rebuilt;
  // About two history rows per entry (a transfer's two postings): room made once, not by rehashing.
  rebuilt.Reserve(ledger::Space::kIndex, 2 * report->integrity.entries);
  uint64_t failed_seq = 0;
  absl::StatusOr<uint64_t> replayed = ledger::ReplayJournal(reader, modules, replay_options, &rebuilt, &failed_seq);
  replay.performed = true;
  report->times.replay_s = absl::ToDoubleSeconds(absl::Now() - started);
  if (!replayed.ok()) {
    if (!IsBreak(replayed.status())) return replayed.status();
    replay.entries = failed_seq - 1;
    report->breaks.push_back({"replay", failed_seq, "", std::string(replayed.status().message())});
    return absl::OkStatus();
  }
  const absl::Time diff_started = absl::Now();
  replay.entries = *replayed;
  rebuilt.ForEachUnordered(ledger::Space::kViews, [&](absl::string_view key, absl::string_view) {
    ++replay.views_by_module[ModuleOfKey(key)];
    return true;
  });
  replay.index_rows = rebuilt.Size(ledger::Space::kIndex);
  ASSIGN_OR_RETURN(ledger::ViewDiff diff, ledger::DiffViews(rebuilt, reader, {.threads = replay_options.decode_threads}));
  replay.differences = diff.differences;
  if (diff.differences > 0) {
    report->breaks.push_back({"views", 0, diff.first_key,
                              absl::StrCat(diff.first_reason, " (", diff.differences, " difference",
                                           diff.differences == 1 ? "" : "s", " in all)")});
  }
  report->times.diff_s = absl::ToDoubleSeconds(absl::Now() - diff_started);
  return absl::OkStatus();
}

absl::StatusOr<ReconcileReport> Reconcile(const ledger::StorageReader& reader, const ledger::ModuleRegistry& modules,
                                          const ReconcileOptions& options) {
  ReconcileReport report;
  RETURN_IF_ERROR(CheckIntegrity(reader, &report, options));
  if (!report.integrity.chain_whole) {
    report.replay.skipped_because = absl::StrCat("the journal is broken at seq ", report.breaks.front().seq);
    return report;
  }
  const absl::Time trial_balance_started = absl::Now();
  RETURN_IF_ERROR(CheckTrialBalance(reader, &report));
  report.times.trial_balance_s = absl::ToDoubleSeconds(absl::Now() - trial_balance_started);
  RETURN_IF_ERROR(CheckReplay(reader, modules, options, &report));
  return report;
}

absl::StatusOr<ReadFloor> MeasureReadFloor(const ledger::StorageReader& reader) {
  ReadFloor floor;
  absl::Time started = absl::Now();
  RETURN_IF_ERROR(reader.ScanJournal(1, [&](uint64_t, absl::string_view value) {
    ++floor.journal_entries;
    floor.journal_bytes += value.size();
    return true;
  }));
  floor.journal_s = absl::ToDoubleSeconds(absl::Now() - started);
  started = absl::Now();
  for (ledger::Space space : {ledger::Space::kViews, ledger::Space::kIndex}) {
    RETURN_IF_ERROR(reader.Scan(space, "", "", [&](absl::string_view, absl::string_view) {
      ++floor.view_and_index_rows;
      return true;
    }));
  }
  floor.views_s = absl::ToDoubleSeconds(absl::Now() - started);
  return floor;
}

std::string FormatTimings(const ReconcileReport& report, const ReadFloor& floor) {
  auto rate = [](uint64_t n, double s) { return s > 0 ? static_cast<double>(n) / s : 0.0; };
  const double floor_rate = rate(floor.journal_entries, floor.journal_s);
  const CheckTimes& t = report.times;
  const uint64_t entries = report.integrity.entries;
  const uint64_t replayed = report.replay.entries;
  std::string out = absl::StrFormat(
      "timings: floor: raw journal scan %d entries (%d bytes) %.3f s = %.0f entries/s; raw views+index scan %d rows "
      "%.3f s\n",
      floor.journal_entries, floor.journal_bytes, floor.journal_s, floor_rate, floor.view_and_index_rows,
      floor.views_s);
  absl::StrAppendFormat(&out, "timings: integrity %.3f s = %.0f entries/s (%.2f of the floor's rate)\n",
                        t.integrity_s, rate(entries, t.integrity_s),
                        floor_rate > 0 ? rate(entries, t.integrity_s) / floor_rate : 0.0);
  absl::StrAppendFormat(&out, "timings: trial balance (stored accounts) %.3f s\n", t.trial_balance_s);
  const double full = t.replay_s + t.diff_s;
  absl::StrAppendFormat(&out,
                        "timings: replay %.3f s + diff %.3f s = %.3f s = %.0f entries/s (%.2f of the floor's rate; "
                        "diff against a raw scan of the views and index: %.2fx)\n",
                        t.replay_s, t.diff_s, full, rate(replayed, full),
                        floor_rate > 0 ? rate(replayed, full) / floor_rate : 0.0,
                        floor.views_s > 0 ? t.diff_s / floor.views_s : 0.0);
  return out;
}

absl::StatusOr<std::unique_ptr<ledger::Storage>> OpenDataDir(const std::string& data_dir, bool secondary,
                                                             const std::string& secondary_scratch) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::exists(data_dir, error)) {
    return absl::InvalidArgumentError("no such directory");
  }
  if (!fs::is_directory(data_dir, error)) return absl::InvalidArgumentError("not a directory");
  if (!fs::exists(fs::path(data_dir) / "CURRENT", error)) {
    return absl::InvalidArgumentError(
        "not a fondbok data directory (no RocksDB CURRENT file in it)");
  }
  ledger::StorageOptions storage_options;
  storage_options.mode = secondary ? ledger::OpenMode::kSecondary : ledger::OpenMode::kReadOnly;
  storage_options.secondary_path = secondary_scratch;
  storage_options.memory_bytes = size_t{64} << 20;
  absl::StatusOr<std::unique_ptr<ledger::Storage>> storage = ledger::Storage::Open(data_dir, storage_options);
  if (!storage.ok()) {
    return absl::Status(storage.status().code(), absl::StrCat("cannot open it: ", storage.status().message()));
  }
  RETURN_IF_ERROR((*storage)->CatchUpWithPrimary());
  ASSIGN_OR_RETURN(auto format, (*storage)->NewLatestReader()->GetMeta(ledger::kMetaFormat));
  if (format.has_value() && *format == ledger::kFormatVersion1) {
    return absl::FailedPreconditionError(
        "the data directory was written by an older fondbokd: start fondbokd on it once to upgrade it, then "
        "reconcile");
  }
  if (!format.has_value() || *format != ledger::kFormatVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a fondbok data directory (its format is ", format.has_value() ? *format : "not recorded",
        ", expected ", ledger::kFormatVersion, ")"));
  }
  return std::move(*storage);
}

}  // namespace fondbok::reconcile
