#include "ledger/kv.h"

namespace fondbok::ledger {

absl::StatusOr<std::optional<std::string>> MemoryKv::Get(Space space, absl::string_view key) const {
  const auto& map = Contents(space);
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

absl::Status MemoryKv::Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const {
  const auto& map = Contents(space);
  for (auto it = map.lower_bound(start); it != map.end(); ++it) {
    if (!end.empty() && absl::string_view(it->first) >= end) break;
    if (!visit(it->first, it->second)) break;
  }
  return absl::OkStatus();
}

void MemoryKv::Put(Space space, absl::string_view key, absl::string_view value) {
  Map& map = Mutable(space);
  auto it = map.lower_bound(key);
  if (it != map.end() && absl::string_view(it->first) == key) {
    it->second.assign(value.data(), value.size());  // reuses the old value's buffer
  } else {
    map.emplace_hint(it, std::string(key), std::string(value));
  }
}

void MemoryKv::Delete(Space space, absl::string_view key) {
  Map& map = Mutable(space);
  auto it = map.find(key);
  if (it != map.end()) map.erase(it);
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
