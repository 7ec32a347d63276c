// libFuzzer target for ParseCamt: any bytes must give an error, or statements whose balances add
// up and whose amounts are positive. Built by tools/fuzz.sh with clang++ -fsanitize=fuzzer,address,
// undefined (Debian's pugixml is linked as is: its own code is not instrumented, the reader's is).
#include <cstddef>
#include <cstdint>

#include "ledger/status_macros.h"
#include "services/payments/camt.h"
#include "services/payments/fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<fondbok::payments::CamtDocument> document =
      fondbok::payments::ParseCamt(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!document.ok()) {
    FONDBOK_CHECK(document.status().code() == absl::StatusCode::kInvalidArgument);
    FONDBOK_CHECK(!document.status().message().empty());
    return 0;
  }
  fondbok::payments::CheckInvariants(*document);
  return 0;
}
