// Views of the payments module ("payments/" prefix in the views space):
//   payments/settings                 → PaymentSettings (the fund's bank details)
//   payments/next-payment             → number of the next payment id, decimal ("7" → IN-000007)
//   payments/next-import              → number of the next import id ("3" → I-000003)
//   payments/payment/<IN-id>          → PaymentRecord
//   payments/bankref/<bank reference> → payment id (a bank reference is booked once)
//   payments/import/<sha256 hex>      → ImportRecorded (a file is imported once)
//   payments/unallocated/<IN-id>      → "" while any of the payment is held in suspense
//   payments/next-order, next-export  → counters of payment orders (O-…) and pain.001 files
//   payments/order/<O-id>             → PaymentOrder
//   payments/order-open/<O-id>        → "" while the order is ORDERED (not yet in a file)
#ifndef FONDBOK_SERVICES_PAYMENTS_PAYMENT_KEYS_H_
#define FONDBOK_SERVICES_PAYMENTS_PAYMENT_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/payments.pb.h"
#include "ledger/kv.h"
#include "services/common/fund_chart.h"

namespace fondbok::payments {

inline constexpr absl::string_view kSettingsKey = "payments/settings";
inline constexpr absl::string_view kNextPaymentKey = "payments/next-payment";
inline constexpr absl::string_view kNextImportKey = "payments/next-import";
inline constexpr absl::string_view kPaymentPrefix = "payments/payment/";
inline constexpr absl::string_view kBankRefPrefix = "payments/bankref/";
inline constexpr absl::string_view kImportPrefix = "payments/import/";
inline constexpr absl::string_view kUnallocatedPrefix = "payments/unallocated/";
inline constexpr absl::string_view kNextOrderKey = "payments/next-order";
inline constexpr absl::string_view kNextExportKey = "payments/next-export";
inline constexpr absl::string_view kOrderPrefix = "payments/order/";
inline constexpr absl::string_view kOpenOrderPrefix = "payments/order-open/";

// The fund-wide accounts shared with the credits module (services/common/fund_chart.h).
using services::kBankAccount;
using services::kPaymentsOutAccount;
using services::kUnallocatedAccount;

std::string PaymentKey(absl::string_view id);
std::string BankRefKey(absl::string_view bank_reference);
std::string ImportKey(absl::string_view sha256_hex);
std::string UnallocatedKey(absl::string_view id);
std::string PaymentId(int64_t number);  // "IN-000007" (not P-: proposals are P-…)
std::string ImportId(int64_t number);   // "I-000003"
std::string OrderKey(absl::string_view id);
std::string OpenOrderKey(absl::string_view id);
std::string OrderId(int64_t number);    // "O-000002"
std::string ExportMessageId(int64_t number);  // "FONDBOK-PAIN-000001"

// The number stored under a counter key (1 when absent).
absl::StatusOr<int64_t> ReadCounter(const ledger::KvReader& state, absl::string_view key);
// std::nullopt when no admin has set them yet.
absl::StatusOr<std::optional<v1::PaymentSettings>> ReadSettings(const ledger::KvReader& state);
absl::StatusOr<std::optional<v1::PaymentRecord>> ReadPayment(const ledger::KvReader& state, absl::string_view id);
absl::StatusOr<std::optional<std::string>> PaymentIdForBankRef(const ledger::KvReader& state,
                                                                absl::string_view bank_reference);
absl::StatusOr<std::optional<v1::PaymentOrder>> ReadOrder(const ledger::KvReader& state, absl::string_view id);
absl::StatusOr<std::optional<v1::ImportRecorded>> ReadImport(const ledger::KvReader& state,
                                                              absl::string_view sha256_hex);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_PAYMENT_KEYS_H_
