// StateCache: the sequencer's read-through, write-back cache of the views and index spaces, and
// the keeper of the derived space (kv.h), which it holds in memory and never writes out.
//
// Within a group, every read of a key after the first is served from memory, and every key is
// written to the batch once, at the end of the group, however often commands changed it (a hot
// account touched by a thousand entries is one Put, not a thousand). Across groups the cache keeps
// what it has read and written of the views space: the sequencer is the only writer of views, so
// committed values stay true until the next commit changes them through this same cache. Index rows
// (history, expiry) are written far more than read again, so they are kept only as this group's
// write log and dropped after each flush. Derived values are kept like views across groups (so a
// hot path reads them from memory) but are never flushed: after the cache forgets them, readers
// derive them again from the committed spaces. After a failed commit the cache is cleared.
//
// Costs, per operation of a group: a views read or write is one hash lookup (no key comparisons);
// a key's first write in a group also enters it in an ordered set of dirty keys, which a Scan and
// the flush walk in key order; an index write is an append to the log, sorted once at the flush.
// An index read builds a lookup of the log lazily, so a group that never reads the index never pays
// for one.
//
// Save points mirror WriteTxn's, so a rejected request undoes its cache changes too. Each key keeps
// one undo record per save point (its value when the save point was set), not one per write.
// Not thread-safe: used by the sequencer thread only.
#ifndef FONDBOK_LEDGER_STATE_CACHE_H_
#define FONDBOK_LEDGER_STATE_CACHE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/node_hash_map.h"
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
  absl::StatusOr<bool> Peek(Space space, absl::string_view key, const PeekVisitor& use) const override;
  // Merges the base's keys with this group's dirty keys, in key order.
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  // Index: the base's last key merged with this group's writes (a seek, not a scan, unless this
  // group deleted a key in the range). Views and derived: through Scan.
  absl::StatusOr<bool> PeekLast(Space space, absl::string_view start, absl::string_view end,
                                const ScanVisitor& use) const override;
  void Put(Space space, absl::string_view key, absl::string_view value) override;
  void Delete(Space space, absl::string_view key) override;

  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();

  size_t size() const { return views_.size() + derived_.size() + index_log_.size(); }
  // Keys written this group: dirty views keys plus index writes (each index write counts).
  size_t dirty() const { return dirty_views_.size() + index_log_.size(); }

 private:
  struct Slot {
    std::optional<std::string> value;  // nullopt: absent (deleted or never there)
    bool dirty = false;
    uint64_t undo_point = 0;  // the save point that holds this key's undo record (0: none)
  };
  using Views = absl::node_hash_map<std::string, Slot>;  // nodes stay put: pointers to them stay valid
  using Element = Views::value_type;
  struct Undo {
    Views* map;  // views_ or derived_
    Element* element;
    std::optional<Slot> previous;  // nullopt: the key was not in the cache
  };
  struct SavePoint {
    uint64_t id;
    size_t index_log_size;
    std::vector<Undo> undo;
  };
  struct IndexWrite {
    std::string key;
    std::optional<std::string> value;  // nullopt: delete
  };

  // The map that caches `space` (views or derived).
  Views& Cached(Space space) const { return space == Space::kViews ? views_ : derived_; }
  // The slot of a views or derived key, read from the base on a miss.
  absl::StatusOr<const Slot*> Load(Space space, absl::string_view key) const;
  // A write of a views key (dirty until flushed) or a derived key (never flushed).
  void WriteCached(Space space, absl::string_view key, std::optional<std::string> value);
  void WriteIndex(absl::string_view key, std::optional<std::string> value);
  // Adds the index writes made since the last lookup to index_lookup_.
  void UpdateIndexLookup() const;
  // The last write of `key` to the index this group, or nullptr.
  const IndexWrite* FindIndexWrite(absl::string_view key) const;

  StateCacheOptions options_;
  const KvReader* base_ = nullptr;
  std::function<void()> barrier_;
  // Mutable: a read fills the cache.
  mutable Views views_;
  mutable Views derived_;
  // This group's dirty views keys in key order (pointing into views_'s nodes).
  absl::btree_map<absl::string_view, Slot*> dirty_views_;
  // This group's index writes in the order made (a deque: appends keep earlier keys in place).
  std::deque<IndexWrite> index_log_;
  // Lazily built on an index read: key → position of its last write among the first
  // index_lookup_size_ writes, in key order (PeekLast seeks in it).
  mutable absl::btree_map<absl::string_view, size_t> index_lookup_;
  mutable size_t index_lookup_size_ = 0;
  std::vector<SavePoint> save_points_;
  uint64_t next_save_point_id_ = 1;
};

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_STATE_CACHE_H_
