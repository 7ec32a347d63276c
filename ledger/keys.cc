#include "ledger/keys.h"

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

void AppendBigEndian64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xFF));
}

void AppendBigEndian32(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xFF));
}

uint64_t ReadBigEndian64(absl::string_view bytes) {
  FONDBOK_CHECK(bytes.size() >= 8);
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

std::string JournalKey(uint64_t seq) {
  std::string key;
  key.reserve(kSeqKeyBytes);
  AppendBigEndian64(&key, seq);
  return key;
}

uint64_t SeqFromJournalKey(absl::string_view key) {
  FONDBOK_CHECK(key.size() == kSeqKeyBytes);
  return ReadBigEndian64(key);
}

std::string IdempotencyKey(absl::string_view actor, absl::string_view request_id) {
  return absl::StrCat(actor, absl::string_view("\0", 1), request_id);
}

std::string AccountKey(absl::string_view code) { return absl::StrCat(kAccountKeyPrefix, code); }

std::string PendingKey(uint64_t seq) {
  std::string key = "ledger/pending/";
  AppendBigEndian64(&key, seq);
  return key;
}

std::string ReferenceKey(absl::string_view reference) { return absl::StrCat("ledger/ref/", reference); }

std::string ReversedKey(uint64_t seq) {
  std::string key = "ledger/reversed/";
  AppendBigEndian64(&key, seq);
  return key;
}

std::string HistoryPrefix(absl::string_view code) {
  return absl::StrCat("h/", code, absl::string_view("\0", 1));
}

std::string HistoryKey(absl::string_view code, uint64_t seq, uint16_t posting_index) {
  std::string key = HistoryPrefix(code);
  AppendBigEndian64(&key, seq);
  key.push_back(static_cast<char>(posting_index >> 8));
  key.push_back(static_cast<char>(posting_index & 0xFF));
  return key;
}

std::string ExpiryKey(int64_t expires_at_us, uint64_t seq) {
  std::string key(kExpiryPrefix);
  AppendBigEndian64(&key, static_cast<uint64_t>(expires_at_us));
  AppendBigEndian64(&key, seq);
  return key;
}

}  // namespace fondbok::ledger
