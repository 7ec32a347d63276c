// The key-value surface that domain modules and the ledger core read and write: two spaces,
// views (module projections) and index (ledger-maintained lookups). The journal is not reachable
// through this interface: only the sequencer appends to it.
#ifndef FONDBOK_LEDGER_KV_H_
#define FONDBOK_LEDGER_KV_H_

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fondbok::ledger {

enum class Space : uint8_t { kViews = 0, kIndex = 1 };

// Called for each key in a scan, in key order; return false to stop.
using ScanVisitor = std::function<bool(absl::string_view key, absl::string_view value)>;

class KvReader {
 public:
  virtual ~KvReader() = default;
  // std::nullopt when the key is absent. An I/O failure is an error status.
  virtual absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const = 0;
  // Visits keys in [start, end) in order; an empty `end` means no upper bound.
  virtual absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const = 0;
};

class KvStore : public KvReader {
 public:
  virtual void Put(Space space, absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(Space space, absl::string_view key) = 0;
};

// An in-memory store: replay targets and unit tests. Not thread-safe.
class MemoryKv final : public KvStore {
 public:
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override;
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  void Put(Space space, absl::string_view key, absl::string_view value) override;
  void Delete(Space space, absl::string_view key) override;

  // Ordered by key; looked up by string_view without copying the key (std::less<>).
  using Map = std::map<std::string, std::string, std::less<>>;
  const Map& Contents(Space space) const { return space == Space::kViews ? views_ : index_; }

 private:
  Map& Mutable(Space space) { return space == Space::kViews ? views_ : index_; }
  Map views_;
  Map index_;
};

// The end of a prefix range: the smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(absl::string_view prefix);

// Reads the protobuf message `T` stored under `key` in the views: std::nullopt when absent,
// DATA_LOSS naming `what` and the key when it does not decode.
template <typename T>
absl::StatusOr<std::optional<T>> ReadProtoView(const KvReader& reader, const std::string& key, absl::string_view what) {
  absl::StatusOr<std::optional<std::string>> bytes = reader.Get(Space::kViews, key);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::nullopt;
  T value;
  if (!value.ParseFromString(**bytes)) {
    return absl::DataLossError(absl::StrCat("the ", what, " stored under ", key, " does not decode"));
  }
  return value;
}

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_KV_H_
