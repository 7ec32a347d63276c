// libFuzzer target for ParseBgMax: any bytes must give an error or a file whose invariants hold.
// Built by tools/fuzz.sh with clang++ -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>

#include "services/payments/bgmax.h"
#include "services/payments/fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<fondbok::payments::BgMaxFile> file =
      fondbok::payments::ParseBgMax(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (file.ok()) {
    fondbok::payments::CheckInvariants(*file);
  } else {
    FONDBOK_CHECK(file.status().code() == absl::StatusCode::kInvalidArgument);
    FONDBOK_CHECK(!file.status().message().empty());
  }
  return 0;
}
