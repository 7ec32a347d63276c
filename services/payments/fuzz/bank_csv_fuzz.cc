// libFuzzer target for ParseBankCsv: any bytes must give an error or rows whose invariants hold.
// Built by tools/fuzz.sh with clang++ -fsanitize=fuzzer,address,undefined.
#include <cstddef>
#include <cstdint>

#include "services/payments/bank_csv.h"
#include "services/payments/fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<fondbok::payments::CsvStatement> statement =
      fondbok::payments::ParseBankCsv(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (statement.ok()) {
    fondbok::payments::CheckInvariants(*statement);
  } else {
    FONDBOK_CHECK(statement.status().code() == absl::StatusCode::kInvalidArgument);
    FONDBOK_CHECK(!statement.status().message().empty());
  }
  return 0;
}
