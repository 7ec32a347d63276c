#include "ledger/kv.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

absl::StatusOr<bool> KvReader::PeekLast(Space space, absl::string_view start, absl::string_view end,
                                        const ScanVisitor& use) const {
  std::optional<std::pair<std::string, std::string>> last;
  RETURN_IF_ERROR(Scan(space, start, end, [&](absl::string_view key, absl::string_view value) {
    if (!last.has_value()) last.emplace();
    last->first.assign(key.data(), key.size());
    last->second.assign(value.data(), value.size());
    return true;
  }));
  if (!last.has_value()) return false;
  use(last->first, last->second);
  return true;
}

struct MemoryKv::Table {
  struct Slot {
    std::string value;
    bool live = false;  // false: a tombstone left by Delete
  };
  using Rows = absl::node_hash_map<std::string, Slot>;  // node-stable: `ordered` points into it
  using Row = Rows::value_type;

  Rows rows;
  size_t live = 0;
  std::vector<const Row*> ordered;  // every row (tombstones too) in key order
  std::vector<const Row*> fresh;    // rows inserted since `ordered` was last brought up to date

  // Folds the fresh rows into the ordered list: O(k log k + n) for k fresh of n rows.
  void Order() {
    if (fresh.empty()) return;
    auto by_key = [](const Row* a, const Row* b) { return a->first < b->first; };
    std::sort(fresh.begin(), fresh.end(), by_key);
    if (ordered.empty()) {
      ordered.swap(fresh);
      return;
    }
    const size_t before = ordered.size();
    ordered.insert(ordered.end(), fresh.begin(), fresh.end());
    std::inplace_merge(ordered.begin(), ordered.begin() + static_cast<std::ptrdiff_t>(before), ordered.end(), by_key);
    fresh.clear();
    fresh.shrink_to_fit();
  }
};

MemoryKv::MemoryKv() : tables_{std::make_unique<Table>(), std::make_unique<Table>(), std::make_unique<Table>()} {}
MemoryKv::~MemoryKv() = default;

MemoryKv::MemoryKv(const MemoryKv& other) : MemoryKv() { *this = other; }

MemoryKv& MemoryKv::operator=(const MemoryKv& other) {
  if (this == &other) return *this;
  for (int space = 0; space < kSpaces; ++space) {
    auto copy = std::make_unique<Table>();
    for (const auto& [key, slot] : other.tables_[space]->rows) {
      if (!slot.live) continue;
      copy->fresh.push_back(&*copy->rows.try_emplace(key, slot).first);
    }
    copy->live = copy->rows.size();
    tables_[space] = std::move(copy);
  }
  return *this;
}
MemoryKv::MemoryKv(MemoryKv&&) noexcept = default;
MemoryKv& MemoryKv::operator=(MemoryKv&&) noexcept = default;

const std::string* MemoryKv::Find(Space space, absl::string_view key) const {
  const Table& t = table(space);
  auto it = t.rows.find(key);
  if (it == t.rows.end() || !it->second.live) return nullptr;
  return &it->second.value;
}

absl::StatusOr<std::optional<std::string>> MemoryKv::Get(Space space, absl::string_view key) const {
  const std::string* value = Find(space, key);
  if (value == nullptr) return std::nullopt;
  return *value;
}

absl::StatusOr<bool> MemoryKv::Peek(Space space, absl::string_view key, const PeekVisitor& use) const {
  const std::string* value = Find(space, key);
  if (value == nullptr) return false;
  use(*value);
  return true;
}

absl::Status MemoryKv::Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const {
  Table& t = table(space);
  t.Order();
  auto it = std::lower_bound(t.ordered.begin(), t.ordered.end(), start,
                             [](const Table::Row* row, absl::string_view key) { return absl::string_view(row->first) < key; });
  for (; it != t.ordered.end(); ++it) {
    const Table::Row& row = **it;
    if (!end.empty() && absl::string_view(row.first) >= end) break;
    if (!row.second.live) continue;
    if (!visit(row.first, row.second.value)) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> MemoryKv::PeekLast(Space space, absl::string_view start, absl::string_view end,
                                        const ScanVisitor& use) const {
  Table& t = table(space);
  t.Order();
  auto by_key = [](const Table::Row* row, absl::string_view key) { return absl::string_view(row->first) < key; };
  const auto first = std::lower_bound(t.ordered.begin(), t.ordered.end(), start, by_key);
  auto it = end.empty() ? t.ordered.end() : std::lower_bound(first, t.ordered.end(), end, by_key);
  while (it != first) {
    const Table::Row& row = **--it;
    if (!row.second.live) continue;
    use(row.first, row.second.value);
    return true;
  }
  return false;
}

void MemoryKv::Put(Space space, absl::string_view key, absl::string_view value) {
  Table& t = table(space);
  auto [it, inserted] = t.rows.try_emplace(key);
  if (inserted) t.fresh.push_back(&*it);
  if (!it->second.live) {
    it->second.live = true;
    ++t.live;
  }
  it->second.value.assign(value.data(), value.size());  // reuses the old value's buffer
}

void MemoryKv::Delete(Space space, absl::string_view key) {
  Table& t = table(space);
  auto it = t.rows.find(key);
  if (it == t.rows.end() || !it->second.live) return;
  it->second.live = false;
  std::string().swap(it->second.value);
  --t.live;
}

void MemoryKv::Reserve(Space space, size_t rows) { table(space).rows.reserve(rows); }

size_t MemoryKv::Size(Space space) const { return table(space).live; }

void MemoryKv::ForEachUnordered(Space space, const ScanVisitor& visit) const {
  for (const auto& [key, slot] : table(space).rows) {
    if (slot.live && !visit(key, slot.value)) return;
  }
}

std::map<std::string, std::string> MemoryKv::Contents(Space space) const {
  std::map<std::string, std::string> out;
  (void)Scan(space, "", "", [&](absl::string_view key, absl::string_view value) {
    out.emplace_hint(out.end(), std::string(key), std::string(value));
    return true;
  });
  return out;
}

std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last != 0xFF) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return end;  // every key: no upper bound
}

}  // namespace fondbok::ledger
