// StateCache: the sequencer's read-through, write-back cache of the views and index spaces.
//
// Within a group, every read of a key after the first is served from memory, and every key is
// written to the batch once, at the end of the group, however often commands changed it (a hot
// account touched by a thousand entries is one Put, not a thousand). Across groups the cache keeps
// what it has read and written of the views space: the sequencer is the only writer of views, so
// committed values stay true until the next commit changes them through this same cache. Index rows
// (history, expiry) are written far more than read again, so they are dropped after each flush.
// After a failed commit the cache is cleared.
//
// Save points mirror WriteTxn's, so a rejected request undoes its cache changes too.
// Not thread-safe: used by the sequencer thread only.
#ifndef FONDBOK_LEDGER_STATE_CACHE_H_
#define FONDBOK_LEDGER_STATE_CACHE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/kv.h"

namespace fondbok::ledger {

struct StateCacheOptions {
  // When the cache holds more keys than this at the start of a group, it forgets its clean keys.
  size_t keys_max = 1 << 20;
};

class StateCache final : public KvStore {
 public:
  explicit StateCache(StateCacheOptions options = {}) : options_(options) {}

  // Starts a group whose misses are read from `base` (committed state). REQUIRES: no dirty keys.
  void BeginGroup(const KvReader* base);
  // Called before every base read that needs all earlier flushes to be in the base: scans, index
  // reads, and the first read after the cache forgot its keys. A writer that commits a flushed
  // group on another thread waits for that commit here; a point read of a views key needs no
  // barrier, because every flushed views key stays cached until the next barrier.
  void SetBaseBarrier(std::function<void()> barrier) { barrier_ = std::move(barrier); }
  // Writes every dirty key to `out` once (Put or Delete), in (space, key) order, and marks them clean.
  void FlushDirty(KvStore& out);
  // Forgets everything (after a failed commit, or a reopen).
  void Clear();

  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override;
  // Merges the base's keys with this group's dirty keys, in key order.
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  void Put(Space space, absl::string_view key, absl::string_view value) override;
  void Delete(Space space, absl::string_view key) override;

  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();

  size_t size() const { return views_.size() + index_.size(); }
  size_t dirty() const { return dirty_count_; }

 private:
  struct Slot {
    std::optional<std::string> value;  // nullopt: absent (deleted or never there)
    bool dirty = false;
  };
  using Map = std::map<std::string, Slot, std::less<>>;
  struct Undo {
    Space space;
    std::string key;
    std::optional<Slot> previous;  // nullopt: the key was not in the cache
  };

  Map& MapFor(Space space) const { return space == Space::kViews ? views_ : index_; }
  void Write(Space space, absl::string_view key, std::optional<std::string> value);

  StateCacheOptions options_;
  const KvReader* base_ = nullptr;
  std::function<void()> barrier_;
  // Mutable: a read fills the cache.
  mutable Map views_;
  mutable Map index_;
  size_t dirty_count_ = 0;
  // Keys that became dirty this group, in order; may hold keys since rolled back (skipped at flush).
  std::vector<std::pair<Space, std::string>> dirty_keys_;
  std::vector<std::vector<Undo>> save_points_;
};

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_STATE_CACHE_H_
