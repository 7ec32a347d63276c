#include "ledger/state_cache.h"

#include <algorithm>

#include "ledger/status_macros.h"

namespace fondbok::ledger {

void StateCache::BeginGroup(const KvReader* base) {
  FONDBOK_CHECK(dirty_count_ == 0 && save_points_.empty());
  base_ = base;
  if (size() > options_.keys_max) {
    if (barrier_) barrier_();
    Clear();
  }
}

void StateCache::Clear() {
  views_.clear();
  index_.clear();
  dirty_count_ = 0;
  dirty_keys_.clear();
  save_points_.clear();
}

void StateCache::FlushDirty(KvStore& out) {
  FONDBOK_CHECK(save_points_.empty());
  // In key order: RocksDB's memtable inserts a key next to the previous one cheaply, while keys in
  // the order commands touched them (accounts at random) each search the skip list from the top.
  std::sort(dirty_keys_.begin(), dirty_keys_.end());
  for (const auto& [space, key] : dirty_keys_) {
    Map& map = MapFor(space);
    auto it = map.find(key);
    if (it == map.end() || !it->second.dirty) continue;  // rolled back
    Slot& slot = it->second;
    if (slot.value.has_value()) {
      out.Put(space, key, *slot.value);
    } else {
      out.Delete(space, key);
    }
    slot.dirty = false;
  }
  dirty_keys_.clear();
  dirty_count_ = 0;
  index_.clear();
}

absl::StatusOr<std::optional<std::string>> StateCache::Get(Space space, absl::string_view key) const {
  Map& map = MapFor(space);
  auto it = map.find(key);
  if (it != map.end()) return it->second.value;
  FONDBOK_CHECK(base_ != nullptr);
  if (space == Space::kIndex && barrier_) barrier_();
  ASSIGN_OR_RETURN(auto value, base_->Get(space, key));
  map.emplace(std::string(key), Slot{value, false});
  return value;
}

absl::Status StateCache::Scan(Space space, absl::string_view start, absl::string_view end,
                              const ScanVisitor& visit) const {
  // Only dirty slots can differ from the base: clean ones are copies of it.
  const Map& map = MapFor(space);
  auto it = map.lower_bound(start);
  auto in_range = [&](const Map::const_iterator& i) {
    return i != map.end() && (end.empty() || absl::string_view(i->first) < end);
  };
  auto next_dirty = [&](Map::const_iterator i) {
    while (in_range(i) && !i->second.dirty) ++i;
    return i;
  };
  it = next_dirty(it);
  bool stopped = false;
  FONDBOK_CHECK(base_ != nullptr);
  if (barrier_) barrier_();
  RETURN_IF_ERROR(base_->Scan(space, start, end, [&](absl::string_view key, absl::string_view value) {
    while (in_range(it) && absl::string_view(it->first) < key) {
      if (it->second.value.has_value() && !visit(it->first, *it->second.value)) {
        stopped = true;
        return false;
      }
      it = next_dirty(std::next(it));
    }
    if (in_range(it) && absl::string_view(it->first) == key) {
      const Slot& slot = it->second;
      it = next_dirty(std::next(it));
      if (!slot.value.has_value()) return true;  // deleted in this group
      if (!visit(key, *slot.value)) {
        stopped = true;
        return false;
      }
      return true;
    }
    if (!visit(key, value)) {
      stopped = true;
      return false;
    }
    return true;
  }));
  for (; !stopped && in_range(it); it = next_dirty(std::next(it))) {
    if (it->second.value.has_value() && !visit(it->first, *it->second.value)) break;
  }
  return absl::OkStatus();
}

void StateCache::Write(Space space, absl::string_view key, std::optional<std::string> value) {
  Map& map = MapFor(space);
  auto it = map.find(key);
  if (!save_points_.empty()) {
    save_points_.back().push_back(
        Undo{space, std::string(key), it == map.end() ? std::nullopt : std::optional<Slot>(it->second)});
  }
  if (it == map.end()) it = map.emplace(std::string(key), Slot{}).first;
  if (!it->second.dirty) {
    ++dirty_count_;
    dirty_keys_.emplace_back(space, it->first);
  }
  it->second.value = std::move(value);
  it->second.dirty = true;
}

void StateCache::Put(Space space, absl::string_view key, absl::string_view value) {
  Write(space, key, std::string(value));
}

void StateCache::Delete(Space space, absl::string_view key) { Write(space, key, std::nullopt); }

void StateCache::SetSavePoint() { save_points_.emplace_back(); }

void StateCache::RollbackToSavePoint() {
  FONDBOK_CHECK(!save_points_.empty());
  std::vector<Undo> undo = std::move(save_points_.back());
  save_points_.pop_back();
  for (auto u = undo.rbegin(); u != undo.rend(); ++u) {
    Map& map = MapFor(u->space);
    auto it = map.find(u->key);
    FONDBOK_CHECK(it != map.end());
    if (it->second.dirty) --dirty_count_;
    if (u->previous.has_value()) {
      it->second = *u->previous;
      if (it->second.dirty) ++dirty_count_;
    } else {
      map.erase(it);
    }
  }
}

void StateCache::PopSavePoint() {
  FONDBOK_CHECK(!save_points_.empty());
  std::vector<Undo> undo = std::move(save_points_.back());
  save_points_.pop_back();
  // Nested save points keep the outer level's undo records.
  if (!save_points_.empty()) {
    for (Undo& u : undo) save_points_.back().push_back(std::move(u));
  }
}

}  // namespace fondbok::ledger
