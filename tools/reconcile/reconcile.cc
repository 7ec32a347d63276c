#include "tools/reconcile/reconcile.h"

#include <filesystem>
#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/kv.h"
#include "ledger/replay.h"
#include "ledger/status_macros.h"

namespace fondbok::reconcile {
namespace {

// Forwards every read to `inner` and watches the journal scans the ledger's own checks make
// (VerifyChain, ReplayJournal report a break as a message; the tap knows the entry it was on).
// After a scan: `stopped_at` is the seq whose visitor answered "stop" (0 if none did), and
// `last_accepted` the last seq the visitor accepted. `on_accepted` sees each accepted entry.
class JournalTap final : public ledger::StorageReader {
 public:
  using Accepted = std::function<void(uint64_t seq, absl::string_view value)>;
  JournalTap(const ledger::StorageReader* inner, Accepted on_accepted = nullptr)
      : inner_(inner), on_accepted_(std::move(on_accepted)) {}

  absl::StatusOr<std::optional<std::string>> Get(ledger::Space space, absl::string_view key) const override {
    return inner_->Get(space, key);
  }
  absl::Status Scan(ledger::Space space, absl::string_view start, absl::string_view end,
                    const ledger::ScanVisitor& visit) const override {
    return inner_->Scan(space, start, end, visit);
  }
  absl::StatusOr<std::optional<std::string>> GetJournal(uint64_t seq) const override {
    return inner_->GetJournal(seq);
  }
  absl::Status ScanJournal(uint64_t from_seq,
                           const std::function<bool(uint64_t, absl::string_view)>& visit) const override {
    absl::Status scanned = inner_->ScanJournal(from_seq, [&](uint64_t seq, absl::string_view value) {
      if (!visit(seq, value)) {
        stopped_at_ = seq;
        return false;
      }
      last_accepted_ = seq;
      if (on_accepted_) on_accepted_(seq, value);
      return true;
    });
    scan_completed_ = scanned.ok() && stopped_at_ == 0;
    return scanned;
  }
  absl::StatusOr<std::optional<std::string>> GetMeta(absl::string_view key) const override {
    return inner_->GetMeta(key);
  }
  absl::StatusOr<std::optional<std::string>> GetIdempotency(absl::string_view key) const override {
    return inner_->GetIdempotency(key);
  }

  // The entry a failed check broke at, when the check failed inside its scan: the one it stopped
  // at, or the missing one before it (a gap); the one after the last accepted when the scan itself
  // failed (an unreadable block). REQUIRES: !scan_completed().
  uint64_t BrokenSeq() const {
    if (stopped_at_ != 0) return std::min(stopped_at_, last_accepted_ + 1);
    return last_accepted_ + 1;
  }
  // The scan read the whole journal and every entry was accepted.
  bool scan_completed() const { return scan_completed_; }
  uint64_t last_accepted() const { return last_accepted_; }

 private:
  const ledger::StorageReader* inner_;
  Accepted on_accepted_;
  mutable uint64_t stopped_at_ = 0;
  mutable uint64_t last_accepted_ = 0;
  mutable bool scan_completed_ = false;
};

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

// Every entry verified but the tail disagrees with the one recorded in meta: the first seq past
// the shorter of the two, or the last entry when only its hash differs.
absl::StatusOr<uint64_t> TailBreakSeq(const ledger::StorageReader& reader, uint64_t last_seq) {
  ASSIGN_OR_RETURN(auto recorded, reader.GetMeta(ledger::kMetaLastSeq));
  if (!recorded.has_value() || recorded->size() != ledger::kSeqKeyBytes) return last_seq;
  const uint64_t recorded_seq = ledger::ReadBigEndian64(*recorded);
  return recorded_seq == last_seq ? last_seq : std::min(recorded_seq, last_seq) + 1;
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

absl::Status CheckIntegrity(const ledger::StorageReader& reader, ReconcileReport* report) {
  IntegrityReport& integrity = report->integrity;
  JournalTap tap(&reader, [&](uint64_t seq, absl::string_view value) {
    std::optional<v1::JournalEntry> entry = DecodeEntry(value);
    // VerifyChain has just opened this entry, so it decodes; FONDBOK_CHECK would hide a bug here.
    FONDBOK_CHECK(entry.has_value());
    AddPostings(*entry, &integrity.currencies);
    (void)seq;
  });
  absl::StatusOr<ledger::ChainCheck> chain = ledger::VerifyChain(tap);
  if (chain.ok()) {
    integrity.chain_whole = true;
    integrity.entries = chain->entries;
    integrity.last_seq = chain->last_seq;
    integrity.last_hash = chain->last_seq == 0 ? "" : chain->last_hash;
    return absl::OkStatus();
  }
  if (!IsBreak(chain.status())) return chain.status();
  integrity.entries = tap.last_accepted();
  integrity.last_seq = tap.last_accepted();
  uint64_t seq = 0;
  if (tap.scan_completed()) {
    ASSIGN_OR_RETURN(seq, TailBreakSeq(reader, tap.last_accepted()));
  } else {
    seq = tap.BrokenSeq();
  }
  report->breaks.push_back({"chain", seq, "", std::string(chain.status().message())});
  return absl::OkStatus();
}

absl::Status CheckTrialBalance(const ledger::StorageReader& reader, ReconcileReport* report) {
  IntegrityReport& integrity = report->integrity;
  integrity.trial_balance_checked = true;
  std::vector<Break> undecodable;
  const std::string prefix(ledger::kAccountKeyPrefix);
  RETURN_IF_ERROR(reader.Scan(ledger::Space::kViews, prefix, ledger::PrefixEnd(prefix),
                              [&](absl::string_view key, absl::string_view value) {
                                v1::AccountState state;
                                if (!state.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                                  undecodable.push_back({"trial-balance", 0, absl::StrCat("views:", key),
                                                         "the account state does not decode"});
                                  return true;
                                }
                                ++integrity.accounts;
                                CurrencyTotals& totals = integrity.currencies[state.account().currency()];
                                totals.view_debits += state.posted_debits();
                                totals.view_credits += state.posted_credits();
                                return true;
                              }));
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
  ledger::MemoryKv rebuilt;
  JournalTap tap(&reader);
  absl::StatusOr<uint64_t> replayed = ledger::ReplayJournal(tap, modules, replay_options, &rebuilt);
  replay.performed = true;
  if (!replayed.ok()) {
    if (!IsBreak(replayed.status())) return replayed.status();
    replay.entries = tap.last_accepted();
    report->breaks.push_back({"replay", tap.BrokenSeq(), "", std::string(replayed.status().message())});
    return absl::OkStatus();
  }
  replay.entries = *replayed;
  for (const auto& [key, value] : rebuilt.Contents(ledger::Space::kViews)) ++replay.views_by_module[ModuleOfKey(key)];
  replay.index_rows = rebuilt.Contents(ledger::Space::kIndex).size();
  ASSIGN_OR_RETURN(ledger::ViewDiff diff, ledger::DiffViews(rebuilt, reader));
  replay.differences = diff.differences;
  if (diff.differences > 0) {
    report->breaks.push_back({"views", 0, diff.first_key,
                              absl::StrCat(diff.first_reason, " (", diff.differences, " difference",
                                           diff.differences == 1 ? "" : "s", " in all)")});
  }
  return absl::OkStatus();
}

absl::StatusOr<ReconcileReport> Reconcile(const ledger::StorageReader& reader, const ledger::ModuleRegistry& modules,
                                          const ReconcileOptions& options) {
  ReconcileReport report;
  RETURN_IF_ERROR(CheckIntegrity(reader, &report));
  if (!report.integrity.chain_whole) {
    report.replay.skipped_because = absl::StrCat("the journal is broken at seq ", report.breaks.front().seq);
    return report;
  }
  RETURN_IF_ERROR(CheckTrialBalance(reader, &report));
  RETURN_IF_ERROR(CheckReplay(reader, modules, options, &report));
  return report;
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
  storage_options.block_cache_bytes = size_t{64} << 20;
  absl::StatusOr<std::unique_ptr<ledger::Storage>> storage = ledger::Storage::Open(data_dir, storage_options);
  if (!storage.ok()) {
    return absl::Status(storage.status().code(), absl::StrCat("cannot open it: ", storage.status().message()));
  }
  RETURN_IF_ERROR((*storage)->CatchUpWithPrimary());
  ASSIGN_OR_RETURN(auto format, (*storage)->NewLatestReader()->GetMeta(ledger::kMetaFormat));
  if (!format.has_value() || *format != ledger::kFormatVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a fondbok data directory (its format is ", format.has_value() ? *format : "not recorded",
        ", expected ", ledger::kFormatVersion, ")"));
  }
  return std::move(*storage);
}

}  // namespace fondbok::reconcile
