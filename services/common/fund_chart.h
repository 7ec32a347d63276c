// The accounts of the fund's own chart (DESIGN.md §3) that more than one module posts to. One
// definition of each code: the credits and payments modules name them through these, and the
// bootstrap chart (services/server/bootstrap.cc) opens them in a new fund.
#ifndef FONDBOK_SERVICES_COMMON_FUND_CHART_H_
#define FONDBOK_SERVICES_COMMON_FUND_CHART_H_

#include <string>

#include "absl/strings/string_view.h"
#include "fondbok/v1/ledger.pb.h"

namespace fondbok::services {

// The fund's bank account (bankgiro), as the bank keeps it.
inline constexpr absl::string_view kBankAccount = "asset:bank";
// Payments received and not yet allocated to what they pay (suspense).
inline constexpr absl::string_view kUnallocatedAccount = "liability:unallocated";
// Money ordered out of the bank (a disbursement, a refund) that the bank statement has not yet
// shown leaving; the statement's debit moves it to asset:bank.
inline constexpr absl::string_view kPaymentsOutAccount = "liability:payments-out";
inline constexpr const char* kPaymentsOutName = "Payments ordered from the bank, not yet debited";

// liability:payments-out as a new fund's chart opens it, for a module to open in a fund whose chart
// predates it: never below zero, so no more is settled than was ordered.
inline v1::Account PaymentsOutAccount(absl::string_view currency) {
  v1::Account a;
  a.set_code(std::string(kPaymentsOutAccount));
  a.set_type(v1::LIABILITY);
  a.set_currency(std::string(currency));
  a.set_name(kPaymentsOutName);
  a.mutable_flags()->set_debits_must_not_exceed_credits(true);
  return a;
}

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_FUND_CHART_H_
