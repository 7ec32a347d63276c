// Small helpers for absl::Status, which Debian's Abseil (20220623) does not ship:
// RETURN_IF_ERROR, ASSIGN_OR_RETURN and an always-on FONDBOK_CHECK.
#ifndef FONDBOK_LEDGER_STATUS_MACROS_H_
#define FONDBOK_LEDGER_STATUS_MACROS_H_

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define FONDBOK_CONCAT_INNER_(a, b) a##b
#define FONDBOK_CONCAT_(a, b) FONDBOK_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                              \
  do {                                                     \
    ::absl::Status fondbok_status_ = (expr);               \
    if (!fondbok_status_.ok()) return fondbok_status_;     \
  } while (false)

// ASSIGN_OR_RETURN(auto x, MakeX()); declares or assigns `lhs` from a StatusOr, or returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(FONDBOK_CONCAT_(fondbok_statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) return statusor.status();      \
  lhs = std::move(*statusor)

namespace fondbok::internal {
[[noreturn]] inline void CheckFailed(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}
}  // namespace fondbok::internal

// A check that stays on in release builds: used where continuing would corrupt the books.
#define FONDBOK_CHECK(condition)                                                  \
  do {                                                                            \
    if (!(condition)) ::fondbok::internal::CheckFailed(__FILE__, __LINE__, #condition); \
  } while (false)

#endif  // FONDBOK_LEDGER_STATUS_MACROS_H_
