#include "ledger/hash.h"

#include <memory>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ledger/status_macros.h"

namespace fondbok::ledger {

namespace {

// OpenSSL 3 looks the algorithm up in its provider tables on every EVP_DigestInit_ex with
// EVP_sha256() (an implicit fetch, with locks); the journal hashes every entry, so fetch it once
// and keep one context per thread.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    FONDBOK_CHECK(fetched != nullptr);
    return fetched;  // kept for the life of the process
  }();
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string Sha256(absl::string_view a, absl::string_view b) {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  FONDBOK_CHECK(ctx != nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  FONDBOK_CHECK(EVP_DigestInit_ex(ctx.get(), Sha256Algorithm(), nullptr) == 1);
  FONDBOK_CHECK(EVP_DigestUpdate(ctx.get(), a.data(), a.size()) == 1);
  FONDBOK_CHECK(EVP_DigestUpdate(ctx.get(), b.data(), b.size()) == 1);
  FONDBOK_CHECK(EVP_DigestFinal_ex(ctx.get(), digest, &length) == 1);
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
