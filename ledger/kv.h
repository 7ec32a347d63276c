// The key-value surface that domain modules and the ledger core read and write: views (module
// projections), index (ledger-maintained lookups) and derived (the ledger's memo of values it can
// compute again from the index). The journal is not reachable through this interface: only the
// sequencer appends to it.
#ifndef FONDBOK_LEDGER_KV_H_
#define FONDBOK_LEDGER_KV_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fondbok::ledger {

// kDerived holds values that are a function of the other spaces (an account complete with its
// running totals, which are its last history row). A store may keep them or drop them: RocksDB
// drops every write and reads nothing, so they never cost a write to disk; the in-memory stores
// (MemoryKv for replay, the sequencer's StateCache) keep them, so the hot path need not derive
// them again. A reader that finds nothing must derive the value from the other spaces; whoever
// changes what a value is derived from must write the new value too (or delete it), in the same
// store.
enum class Space : uint8_t { kViews = 0, kIndex = 1, kDerived = 2 };
inline constexpr int kSpaces = 3;

// Called for each key in a scan, in key order; return false to stop.
using ScanVisitor = std::function<bool(absl::string_view key, absl::string_view value)>;
// Called with a stored value that is valid only during the call.
using PeekVisitor = absl::FunctionRef<void(absl::string_view value)>;

class KvReader {
 public:
  virtual ~KvReader() = default;
  // std::nullopt when the key is absent. An I/O failure is an error status.
  virtual absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const = 0;
  // Calls `use` with the value when the key is present, without copying it where the store can
  // (decoding a message in place); returns whether it was present.
  virtual absl::StatusOr<bool> Peek(Space space, absl::string_view key, const PeekVisitor& use) const {
    absl::StatusOr<std::optional<std::string>> value = Get(space, key);
    if (!value.ok()) return value.status();
    if (!value->has_value()) return false;
    use(**value);
    return true;
  }
  // Visits keys in [start, end) in order; an empty `end` means no upper bound.
  virtual absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const = 0;
  // Calls `use` with the last key in [start, end) and its value (both valid only during the call);
  // returns whether there was one. An empty `end` means no upper bound. The default scans the
  // whole range; stores that can seek backwards do.
  virtual absl::StatusOr<bool> PeekLast(Space space, absl::string_view start, absl::string_view end,
                                        const ScanVisitor& use) const;
};

class KvStore : public KvReader {
 public:
  virtual void Put(Space space, absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(Space space, absl::string_view key) = 0;
};

// An in-memory store: replay targets and unit tests. Not thread-safe, not even for concurrent
// reads (a Scan may sort keys inserted since the last one).
//
// Replay writes millions of rows (every history row of every account), almost all of them new
// keys, and reads them back point by point; ordered iteration is rare while replaying and needed
// once at the end. So rows live in a hash table (Get/Put/Delete in O(1), no key comparisons), and
// key order is built lazily: keys inserted since the last ordered read are sorted and merged into
// an ordered list of row pointers when a Scan, ForEachInOrder or Contents needs it. A Delete leaves
// a tombstone, so that list never points at a freed row.
class MemoryKv final : public KvStore {
 public:
  MemoryKv();
  ~MemoryKv() override;
  MemoryKv(MemoryKv&&) noexcept;
  MemoryKv& operator=(MemoryKv&&) noexcept;
  MemoryKv(const MemoryKv& other);  // a deep copy (tests snapshot a store this way)
  MemoryKv& operator=(const MemoryKv& other);

  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override;
  absl::StatusOr<bool> Peek(Space space, absl::string_view key, const PeekVisitor& use) const override;
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  absl::StatusOr<bool> PeekLast(Space space, absl::string_view start, absl::string_view end,
                                const ScanVisitor& use) const override;
  void Put(Space space, absl::string_view key, absl::string_view value) override;
  void Delete(Space space, absl::string_view key) override;

  // The stored value, without copying it; nullptr when absent. Valid until the next write.
  const std::string* Find(Space space, absl::string_view key) const;
  // Makes room for `rows` keys in `space` without rehashing (a hint; replay knows roughly how many).
  void Reserve(Space space, size_t rows);
  // Number of keys present.
  size_t Size(Space space) const;
  // Visits every key in no particular order (cheaper than in key order); return false to stop.
  void ForEachUnordered(Space space, const ScanVisitor& visit) const;
  // A sorted copy of one space: for tests and small stores.
  std::map<std::string, std::string> Contents(Space space) const;

 private:
  struct Table;
  Table& table(Space space) const { return *tables_[static_cast<int>(space)]; }
  std::unique_ptr<Table> tables_[kSpaces];
};

// The end of a prefix range: the smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(absl::string_view prefix);

// Reads the protobuf message `T` stored under `key` in the views: std::nullopt when absent,
// DATA_LOSS naming `what` and the key when it does not decode.
template <typename T>
absl::StatusOr<std::optional<T>> ReadProtoView(const KvReader& reader, const std::string& key, absl::string_view what) {
  T value;
  bool decoded = true;
  absl::StatusOr<bool> present = reader.Peek(Space::kViews, key, [&](absl::string_view bytes) {
    decoded = value.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  });
  if (!present.ok()) return present.status();
  if (!*present) return std::nullopt;
  if (!decoded) return absl::DataLossError(absl::StrCat("the ", what, " stored under ", key, " does not decode"));
  return value;
}

// Scans [start, end) of `space` and hands `visit` each value decoded as the protobuf message `T`
// (it may move from it; false stops the scan). DATA_LOSS naming `what` and the key when a value
// does not decode; nothing after that value is visited.
template <typename T>
absl::Status ScanProto(const KvReader& reader, Space space, absl::string_view start, absl::string_view end,
                       absl::string_view what, absl::FunctionRef<bool(absl::string_view key, T& value)> visit) {
  absl::Status failure;
  absl::Status scanned = reader.Scan(space, start, end, [&](absl::string_view key, absl::string_view bytes) {
    T value;
    if (!value.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      failure = absl::DataLossError(
          absl::StrCat("the ", what, " stored under \"", absl::CHexEscape(key), "\" does not decode"));
      return false;
    }
    return visit(key, value);
  });
  if (!scanned.ok()) return scanned;
  return failure;
}

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_KV_H_
