// SHA-256 through OpenSSL's EVP interface, and hex helpers.
#ifndef FONDBOK_LEDGER_HASH_H_
#define FONDBOK_LEDGER_HASH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fondbok::ledger {

inline constexpr size_t kHashBytes = 32;

// SHA-256 of the concatenation of a and b, as 32 raw bytes.
std::string Sha256(absl::string_view a, absl::string_view b = {});
std::string ToHex(absl::string_view bytes);
// 32 zero bytes: the prev_hash of the first entry.
const std::string& GenesisHash();
// `bytes` random bytes from OpenSSL's CSPRNG. Aborts if the generator fails.
std::string RandomBytes(size_t bytes);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_HASH_H_
