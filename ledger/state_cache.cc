#include "ledger/state_cache.h"

#include <algorithm>
#include <utility>

#include "ledger/status_macros.h"

namespace fondbok::ledger {
namespace {

// This group's writes in a key range, in key order: the value, or nullopt for a delete.
using Overlay = std::vector<std::pair<absl::string_view, const std::optional<std::string>*>>;

// Visits the base's keys in [start, end) with `overlay` laid over them.
absl::Status MergeScan(const KvReader& base, Space space, absl::string_view start, absl::string_view end,
                       const Overlay& overlay, const ScanVisitor& visit) {
  auto next = overlay.begin();
  bool stopped = false;
  RETURN_IF_ERROR(base.Scan(space, start, end, [&](absl::string_view key, absl::string_view value) {
    for (; next != overlay.end() && next->first < key; ++next) {
      if (next->second->has_value() && !visit(next->first, **next->second)) {
        stopped = true;
        return false;
      }
    }
    if (next != overlay.end() && next->first == key) {
      const std::optional<std::string>& mine = *next->second;
      ++next;
      if (!mine.has_value()) return true;  // deleted in this group
      stopped = !visit(key, *mine);
      return !stopped;
    }
    stopped = !visit(key, value);
    return !stopped;
  }));
  for (; !stopped && next != overlay.end(); ++next) {
    if (next->second->has_value() && !visit(next->first, **next->second)) break;
  }
  return absl::OkStatus();
}

bool InRange(absl::string_view key, absl::string_view start, absl::string_view end) {
  return key >= start && (end.empty() || key < end);
}

}  // namespace

void StateCache::BeginGroup(const KvReader* base) {
  FONDBOK_CHECK(dirty_views_.empty() && index_log_.empty() && save_points_.empty());
  base_ = base;
  if (size() > options_.keys_max) {
    if (barrier_) barrier_();
    Clear();
  }
}

void StateCache::Clear() {
  dirty_views_.clear();  // first: it points into views_
  views_.clear();
  derived_.clear();
  index_lookup_.clear();
  index_lookup_size_ = 0;
  index_log_.clear();
  save_points_.clear();
}

void StateCache::FlushDirty(KvStore& out) {
  FONDBOK_CHECK(save_points_.empty());
  // In key order: RocksDB's memtable inserts a key next to the previous one cheaply, while keys in
  // the order commands touched them (accounts at random) each search the skip list from the top.
  for (auto& [key, slot] : dirty_views_) {
    if (slot->value.has_value()) {
      out.Put(Space::kViews, key, *slot->value);
    } else {
      out.Delete(Space::kViews, key);
    }
    slot->dirty = false;
  }
  dirty_views_.clear();
  // The index log in key order; of several writes to one key, the last. The keys are sorted as
  // views next to their positions (no trip through the deque per comparison).
  std::vector<std::pair<absl::string_view, uint32_t>> order;
  order.reserve(index_log_.size());
  for (const IndexWrite& write : index_log_) {
    order.emplace_back(write.key, static_cast<uint32_t>(order.size()));
  }
  std::sort(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size() && order[i + 1].first == order[i].first) continue;  // written again later
    const IndexWrite& write = index_log_[order[i].second];
    if (write.value.has_value()) {
      out.Put(Space::kIndex, write.key, *write.value);
    } else {
      out.Delete(Space::kIndex, write.key);
    }
  }
  index_lookup_.clear();
  index_lookup_size_ = 0;
  index_log_.clear();
}

absl::StatusOr<const StateCache::Slot*> StateCache::Load(Space space, absl::string_view key) const {
  Views& map = Cached(space);
  auto it = map.find(key);
  if (it != map.end()) return &it->second;
  FONDBOK_CHECK(base_ != nullptr);
  ASSIGN_OR_RETURN(auto value, base_->Get(space, key));
  return &map.emplace(std::string(key), Slot{std::move(value)}).first->second;
}

void StateCache::UpdateIndexLookup() const {
  for (; index_lookup_size_ < index_log_.size(); ++index_lookup_size_) {
    index_lookup_[index_log_[index_lookup_size_].key] = index_lookup_size_;
  }
}

const StateCache::IndexWrite* StateCache::FindIndexWrite(absl::string_view key) const {
  UpdateIndexLookup();
  auto it = index_lookup_.find(key);
  return it == index_lookup_.end() ? nullptr : &index_log_[it->second];
}

absl::StatusOr<std::optional<std::string>> StateCache::Get(Space space, absl::string_view key) const {
  if (space != Space::kIndex) {
    ASSIGN_OR_RETURN(const Slot* slot, Load(space, key));
    return slot->value;
  }
  if (const IndexWrite* write = FindIndexWrite(key); write != nullptr) return write->value;
  FONDBOK_CHECK(base_ != nullptr);
  if (barrier_) barrier_();
  return base_->Get(space, key);
}

absl::StatusOr<bool> StateCache::Peek(Space space, absl::string_view key, const PeekVisitor& use) const {
  if (space != Space::kIndex) {
    ASSIGN_OR_RETURN(const Slot* slot, Load(space, key));
    if (!slot->value.has_value()) return false;
    use(*slot->value);
    return true;
  }
  return KvStore::Peek(space, key, use);
}

absl::Status StateCache::Scan(Space space, absl::string_view start, absl::string_view end,
                              const ScanVisitor& visit) const {
  // Only this group's writes can differ from the base: clean views are copies of it.
  Overlay overlay;
  if (space == Space::kViews) {
    for (auto it = dirty_views_.lower_bound(start); it != dirty_views_.end() && InRange(it->first, start, end);
         ++it) {
      overlay.emplace_back(it->first, &it->second->value);
    }
  } else if (space == Space::kDerived) {
    // Every cached derived value, clean or not, is at least as new as the base's.
    for (const auto& [key, slot] : derived_) {
      if (InRange(key, start, end)) overlay.emplace_back(key, &slot.value);
    }
    std::sort(overlay.begin(), overlay.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  } else {
    for (const IndexWrite& write : index_log_) {
      if (InRange(write.key, start, end)) overlay.emplace_back(write.key, &write.value);
    }
    std::stable_sort(overlay.begin(), overlay.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    // Of several writes to one key, the last.
    auto last = std::unique(overlay.rbegin(), overlay.rend(), [](const auto& a, const auto& b) {
      return a.first == b.first;
    });
    overlay.erase(overlay.begin(), last.base());
  }
  FONDBOK_CHECK(base_ != nullptr);
  if (barrier_) barrier_();
  return MergeScan(*base_, space, start, end, overlay, visit);
}

absl::StatusOr<bool> StateCache::PeekLast(Space space, absl::string_view start, absl::string_view end,
                                          const ScanVisitor& use) const {
  if (space != Space::kIndex) return KvStore::PeekLast(space, start, end, use);
  UpdateIndexLookup();
  // This group's last write in the range.
  auto it = end.empty() ? index_lookup_.end() : index_lookup_.lower_bound(end);
  const IndexWrite* mine = nullptr;
  if (it != index_lookup_.begin() && (--it)->first >= start) mine = &index_log_[it->second];
  // A delete there could hide the base's last key: find the answer the slow way.
  if (mine != nullptr && !mine->value.has_value()) return KvStore::PeekLast(space, start, end, use);
  FONDBOK_CHECK(base_ != nullptr);
  if (barrier_) barrier_();
  bool used = false;
  ASSIGN_OR_RETURN(bool found, base_->PeekLast(space, start, end, [&](absl::string_view key, absl::string_view value) {
    if (mine == nullptr || key > mine->key) {
      used = true;
      use(key, value);
    }
    return false;
  }));
  if (used) return true;
  if (mine != nullptr) {
    use(mine->key, *mine->value);
    return true;
  }
  return found;  // false: had the base found a key, `used` would be set
}

void StateCache::WriteCached(Space space, absl::string_view key, std::optional<std::string> value) {
  Views& map = Cached(space);
  auto it = map.find(key);
  const bool cached = it != map.end();
  if (!cached) it = map.emplace(std::string(key), Slot{}).first;
  Element* element = &*it;
  Slot& slot = element->second;
  if (!save_points_.empty() && slot.undo_point != save_points_.back().id) {
    save_points_.back().undo.push_back(Undo{&map, element, cached ? std::optional<Slot>(slot) : std::nullopt});
    slot.undo_point = save_points_.back().id;
  }
  if (space == Space::kViews && !slot.dirty) {
    slot.dirty = true;
    dirty_views_.emplace(element->first, &slot);
  }
  slot.value = std::move(value);
}

void StateCache::WriteIndex(absl::string_view key, std::optional<std::string> value) {
  index_log_.push_back(IndexWrite{std::string(key), std::move(value)});
}

void StateCache::Put(Space space, absl::string_view key, absl::string_view value) {
  if (space != Space::kIndex) {
    WriteCached(space, key, std::string(value));
  } else {
    WriteIndex(key, std::string(value));
  }
}

void StateCache::Delete(Space space, absl::string_view key) {
  if (space != Space::kIndex) {
    WriteCached(space, key, std::nullopt);
  } else {
    WriteIndex(key, std::nullopt);
  }
}

void StateCache::SetSavePoint() { save_points_.push_back(SavePoint{next_save_point_id_++, index_log_.size(), {}}); }

void StateCache::RollbackToSavePoint() {
  FONDBOK_CHECK(!save_points_.empty());
  SavePoint point = std::move(save_points_.back());
  save_points_.pop_back();
  for (auto u = point.undo.rbegin(); u != point.undo.rend(); ++u) {
    Element* element = u->element;
    Slot& slot = element->second;
    if (slot.dirty) dirty_views_.erase(element->first);
    if (u->previous.has_value()) {
      slot = *u->previous;
      if (slot.dirty) dirty_views_.emplace(element->first, &slot);
    } else {
      u->map->erase(u->map->find(element->first));
    }
  }
  index_log_.resize(point.index_log_size);
  if (index_lookup_size_ > index_log_.size()) {
    index_lookup_.clear();
    index_lookup_size_ = 0;
  }
}

void StateCache::PopSavePoint() {
  FONDBOK_CHECK(!save_points_.empty());
  SavePoint point = std::move(save_points_.back());
  save_points_.pop_back();
  // Nested save points keep the inner level's undo records in the outer one.
  if (!save_points_.empty()) {
    std::vector<Undo>& outer = save_points_.back().undo;
    outer.insert(outer.end(), std::make_move_iterator(point.undo.begin()), std::make_move_iterator(point.undo.end()));
  }
}

}  // namespace fondbok::ledger
