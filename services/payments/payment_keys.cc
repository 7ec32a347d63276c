#include "services/payments/payment_keys.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/status_macros.h"

namespace fondbok::payments {

std::string PaymentKey(absl::string_view id) { return absl::StrCat(kPaymentPrefix, id); }
std::string BankRefKey(absl::string_view bank_reference) { return absl::StrCat(kBankRefPrefix, bank_reference); }
std::string ImportKey(absl::string_view sha256_hex) { return absl::StrCat(kImportPrefix, sha256_hex); }
std::string UnallocatedKey(absl::string_view id) { return absl::StrCat(kUnallocatedPrefix, id); }
std::string PaymentId(int64_t number) { return absl::StrFormat("IN-%06d", number); }
std::string ImportId(int64_t number) { return absl::StrFormat("I-%06d", number); }
std::string OrderKey(absl::string_view id) { return absl::StrCat(kOrderPrefix, id); }
std::string OpenOrderKey(absl::string_view id) { return absl::StrCat(kOpenOrderPrefix, id); }
std::string OrderId(int64_t number) { return absl::StrFormat("O-%06d", number); }
std::string ExportMessageId(int64_t number) { return absl::StrFormat("FONDBOK-PAIN-%06d", number); }

absl::StatusOr<std::optional<v1::PaymentOrder>> ReadOrder(const ledger::KvReader& state, absl::string_view id) {
  return ledger::ReadProtoView<v1::PaymentOrder>(state, OrderKey(id), "payment order");
}

absl::StatusOr<int64_t> ReadCounter(const ledger::KvReader& state, absl::string_view key) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, key));
  if (!bytes.has_value()) return 1;
  int64_t n = 0;
  if (!absl::SimpleAtoi(*bytes, &n) || n < 1) {
    return absl::DataLossError(absl::StrCat("the counter stored under ", key, " does not decode"));
  }
  return n;
}

absl::StatusOr<std::optional<v1::PaymentSettings>> ReadSettings(const ledger::KvReader& state) {
  return ledger::ReadProtoView<v1::PaymentSettings>(state, std::string(kSettingsKey), "payment settings");
}

absl::StatusOr<std::optional<v1::PaymentRecord>> ReadPayment(const ledger::KvReader& state, absl::string_view id) {
  return ledger::ReadProtoView<v1::PaymentRecord>(state, PaymentKey(id), "payment");
}

absl::StatusOr<std::optional<std::string>> PaymentIdForBankRef(const ledger::KvReader& state,
                                                                absl::string_view bank_reference) {
  return state.Get(ledger::Space::kViews, BankRefKey(bank_reference));
}

absl::StatusOr<std::optional<v1::ImportRecorded>> ReadImport(const ledger::KvReader& state,
                                                              absl::string_view sha256_hex) {
  return ledger::ReadProtoView<v1::ImportRecorded>(state, ImportKey(sha256_hex), "import record");
}

}  // namespace fondbok::payments
