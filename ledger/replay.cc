#include "ledger/replay.h"

#include <algorithm>
#include <memory>
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

absl::StatusOr<ViewDiff> DiffViews(const MemoryKv& rebuilt, const StorageReader& stored) {
  ViewDiff diff;
  auto note = [&](Space space, absl::string_view key, const char* reason) {
    if (diff.differences++ == 0) {
      diff.first_key = absl::StrCat(space == Space::kViews ? "views:" : "index:", Printable(key));
      diff.first_reason = reason;
    }
  };
  for (Space space : {Space::kViews, Space::kIndex}) {
    const auto& expected = rebuilt.Contents(space);
    auto it = expected.begin();
    RETURN_IF_ERROR(stored.Scan(space, "", "", [&](absl::string_view key, absl::string_view value) {
      while (it != expected.end() && absl::string_view(it->first) < key) {
        note(space, it->first, "missing in store");
        ++it;
      }
      if (it != expected.end() && absl::string_view(it->first) == key) {
        if (it->second != value) note(space, key, "value differs");
        ++it;
      } else {
        note(space, key, "extra in store");
      }
      return true;
    }));
    for (; it != expected.end(); ++it) note(space, it->first, "missing in store");
  }
  return diff;
}

}  // namespace fondbok::ledger
