#include "ledger/hash.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ledger/status_macros.h"

namespace fondbok::ledger {

std::string Sha256(absl::string_view a, absl::string_view b) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  FONDBOK_CHECK(ctx != nullptr);
  FONDBOK_CHECK(EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1);
  FONDBOK_CHECK(EVP_DigestUpdate(ctx, a.data(), a.size()) == 1);
  FONDBOK_CHECK(EVP_DigestUpdate(ctx, b.data(), b.size()) == 1);
  FONDBOK_CHECK(EVP_DigestFinal_ex(ctx, digest, &length) == 1);
  EVP_MD_CTX_free(ctx);
  FONDBOK_CHECK(length == kHashBytes);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string ToHex(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

const std::string& GenesisHash() {
  static const std::string* genesis = new std::string(kHashBytes, '\0');
  return *genesis;
}

std::string RandomBytes(size_t bytes) {
  std::string out(bytes, '\0');
  FONDBOK_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(bytes)) == 1);
  return out;
}

}  // namespace fondbok::ledger
