#include "ledger/replay.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/journal.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {
namespace {

std::string Printable(absl::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<uint64_t> ReplayJournal(const StorageReader& reader, const ModuleRegistry& modules,
                                       const ReplayOptions& options, MemoryKv* out, uint64_t* failed_seq) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(options.time_zone, &zone)) zone = absl::UTCTimeZone();
  if (failed_seq != nullptr) *failed_seq = 0;
  uint64_t replayed = 0;
  uint64_t last_seq = 0;
  uint64_t failed_at = 0;
  absl::Status failure = absl::OkStatus();
  // One writer per module, made once: the prefix is the same for every entry.
  std::vector<std::pair<const Module*, std::unique_ptr<ViewWriter>>> writers;
  JournalScanOptions scan;
  scan.decode_threads = options.decode_threads;
  const absl::Status scanned = ScanOpenedJournal(
      reader, 1, scan, [&](uint64_t seq, const absl::Status& opened, const v1::JournalEntry& entry) {
        failed_at = seq;
        if (!opened.ok()) {
          failure = opened;
          return false;
        }
        const absl::CivilDay recorded_day = absl::ToCivilDay(absl::FromUnixMicros(entry.recorded_at_us()), zone);
        absl::Status applied = ApplyEntry(entry, recorded_day, *out);
        if (!applied.ok()) {
          failure = absl::DataLossError(absl::StrCat("replaying entry ", seq, ": ", applied.message()));
          return false;
        }
        const Module* module = modules.ForEvent(entry.event());
        if (module == nullptr) {
          failure = absl::DataLossError(absl::StrCat("entry ", seq, " holds an event no module knows"));
          return false;
        }
        auto writer = std::find_if(writers.begin(), writers.end(), [&](const auto& w) { return w.first == module; });
        if (writer == writers.end()) {
          writers.emplace_back(module, std::make_unique<ViewWriter>(absl::StrCat(module->Name(), "/"), out));
          writer = writers.end() - 1;
        }
        absl::Status projected = module->Project(entry, *writer->second);
        if (!projected.ok()) {
          failure = absl::DataLossError(absl::StrCat("projecting entry ", seq, ": ", projected.message()));
          return false;
        }
        last_seq = seq;
        ++replayed;
        return true;
      });
  if (!failure.ok()) {
    if (failed_seq != nullptr) *failed_seq = failed_at;
    return failure;
  }
  if (!scanned.ok()) {
    if (failed_seq != nullptr) *failed_seq = last_seq + 1;
    return scanned;
  }
  return replayed;
}

namespace {

// The exact comparison: both sides in key order, every difference counted, the first one named.
absl::Status DiffInOrder(const MemoryKv& rebuilt, const StorageReader& stored, Space space, ViewDiff* diff) {
  auto note = [&](absl::string_view key, const char* reason) {
    if (diff->differences++ == 0) {
      diff->first_key = absl::StrCat(space == Space::kViews ? "views:" : "index:", Printable(key));
      diff->first_reason = reason;
    }
  };
  std::vector<std::pair<std::string, std::string>> expected;
  expected.reserve(rebuilt.Size(space));
  RETURN_IF_ERROR(rebuilt.Scan(space, "", "", [&](absl::string_view key, absl::string_view value) {
    expected.emplace_back(std::string(key), std::string(value));
    return true;
  }));
  auto it = expected.begin();
  RETURN_IF_ERROR(stored.Scan(space, "", "", [&](absl::string_view key, absl::string_view value) {
    while (it != expected.end() && absl::string_view(it->first) < key) {
      note(it->first, "missing in store");
      ++it;
    }
    if (it != expected.end() && absl::string_view(it->first) == key) {
      if (it->second != value) note(key, "value differs");
      ++it;
    } else {
      note(key, "extra in store");
    }
    return true;
  }));
  for (; it != expected.end(); ++it) note(it->first, "missing in store");
  return absl::OkStatus();
}

// Keys that cut `space` into `parts` ranges of about equal numbers of rebuilt rows, from a sample
// (the hash table's order is unrelated to key order, so its first rows are a fair sample).
std::vector<std::string> SplitKeys(const MemoryKv& rebuilt, Space space, int parts) {
  std::vector<std::string> sample;
  rebuilt.ForEachUnordered(space, [&](absl::string_view key, absl::string_view) {
    sample.emplace_back(key);
    return sample.size() < 4096;
  });
  std::sort(sample.begin(), sample.end());
  std::vector<std::string> splits;
  for (int i = 1; i < parts; ++i) {
    const std::string& key = sample[sample.size() * static_cast<size_t>(i) / static_cast<size_t>(parts)];
    if (splits.empty() || splits.back() < key) splits.push_back(key);
  }
  return splits;
}

// The fast check: every stored row looked up by hash, nothing sorted, the key space cut into
// ranges checked on DiffOptions::threads threads. True when the space agrees.
absl::StatusOr<bool> SpaceAgrees(const MemoryKv& rebuilt, const StorageReader& stored, Space space,
                                 const DiffOptions& options) {
  std::vector<std::string> bounds = {""};
  if (options.threads > 1 && rebuilt.Size(space) >= std::max<size_t>(options.min_rows_to_split, 1)) {
    for (std::string& key : SplitKeys(rebuilt, space, options.threads)) bounds.push_back(std::move(key));
  }
  bounds.push_back("");  // no upper bound
  const size_t ranges = bounds.size() - 1;
  std::atomic<bool> agrees{true};
  std::vector<size_t> matched(ranges, 0);
  std::vector<absl::Status> scanned(ranges);
  auto check = [&](size_t r) {
    scanned[r] = stored.Scan(space, bounds[r], bounds[r + 1], [&](absl::string_view key, absl::string_view value) {
      const std::string* expected = rebuilt.Find(space, key);
      if (expected == nullptr || *expected != value) {
        agrees.store(false, std::memory_order_relaxed);
        return false;
      }
      ++matched[r];
      return agrees.load(std::memory_order_relaxed);
    });
  };
  std::vector<std::thread> workers;
  for (size_t r = 1; r < ranges; ++r) workers.emplace_back(check, r);
  check(0);
  for (std::thread& worker : workers) worker.join();
  size_t total = 0;
  for (size_t r = 0; r < ranges; ++r) {
    RETURN_IF_ERROR(scanned[r]);
    total += matched[r];
  }
  return agrees.load() && total == rebuilt.Size(space);
}

}  // namespace

absl::StatusOr<ViewDiff> DiffViews(const MemoryKv& rebuilt, const StorageReader& stored, const DiffOptions& options) {
  ViewDiff diff;
  for (Space space : {Space::kViews, Space::kIndex}) {
    // Books that agree (the usual case) cost one pass of hash lookups; only a space that
    // differs is compared again in key order, to count every difference and name the first.
    ASSIGN_OR_RETURN(bool agrees, SpaceAgrees(rebuilt, stored, space, options));
    if (!agrees) RETURN_IF_ERROR(DiffInOrder(rebuilt, stored, space, &diff));
  }
  return diff;
}

}  // namespace fondbok::ledger
