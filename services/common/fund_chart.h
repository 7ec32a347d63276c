// The accounts of the fund's own chart (DESIGN.md §3) that more than one module posts to. One
// definition of each code: the credits and payments modules name them through these, and the
// bootstrap chart (services/server/bootstrap.cc) opens them in a new fund.
#ifndef FONDBOK_SERVICES_COMMON_FUND_CHART_H_
#define FONDBOK_SERVICES_COMMON_FUND_CHART_H_

#include "absl/strings/string_view.h"

namespace fondbok::services {

// The fund's bank account (bankgiro), as the bank keeps it.
inline constexpr absl::string_view kBankAccount = "asset:bank";
// Payments received and not yet allocated to what they pay (suspense).
inline constexpr absl::string_view kUnallocatedAccount = "liability:unallocated";
// Money ordered out of the bank (a disbursement, a refund) that the bank statement has not yet
// shown leaving; the statement's debit moves it to asset:bank.
inline constexpr absl::string_view kPaymentsOutAccount = "liability:payments-out";

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_FUND_CHART_H_
