// The credits module's views (prefix "credits/"), and helpers that read them. Other modules and
// the adapter read through these; only CreditsModule::Project writes them.
//
//   credits/product/<id>          → v1::Product
//   credits/settings              → v1::CreditSettings (absent: DefaultCreditSettings())
//   credits/capital/<source id>   → v1::CapitalSource
//   credits/credit/<id>           → v1::Credit (the whole credit: terms, schedules, payments, history)
//   credits/by-org/<org>/<id>     → ""  (a member's credits)
//   credits/ocr/<ocr>             → credit id (every instalment's and charge's reference)
//   credits/next-credit           → decimal counter
#ifndef FONDBOK_SERVICES_CREDITS_CREDIT_KEYS_H_
#define FONDBOK_SERVICES_CREDITS_CREDIT_KEYS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/credits.pb.h"
#include "ledger/kv.h"
#include "services/common/fund_chart.h"

namespace fondbok::credits {

inline constexpr absl::string_view kProductPrefix = "credits/product/";
inline constexpr absl::string_view kSettingsKey = "credits/settings";
inline constexpr absl::string_view kCapitalPrefix = "credits/capital/";
inline constexpr absl::string_view kCreditPrefix = "credits/credit/";
inline constexpr absl::string_view kByOrgPrefix = "credits/by-org/";
inline constexpr absl::string_view kOcrPrefix = "credits/ocr/";
inline constexpr absl::string_view kNextCreditKey = "credits/next-credit";

std::string ProductKey(absl::string_view id);
std::string CapitalKey(absl::string_view id);
std::string CreditKey(absl::string_view id);
std::string ByOrgKey(absl::string_view organisation, absl::string_view credit_id);
std::string OcrKey(absl::string_view ocr);

// Ledger accounts the module posts to.
std::string LoanAccount(absl::string_view credit_id);             // asset:loans:<credit>
std::string InterestReceivableAccount(absl::string_view credit_id);  // asset:receivable:interest:<credit>
std::string FeesReceivableAccount(absl::string_view party_id);   // asset:receivable:fees:<party>
std::string CapitalLiabilityAccount(absl::string_view source_id);  // liability:capital:<source>
std::string CapitalFreeAccount(absl::string_view source_id);     // offbalance:capital-free:<source>
std::string CapitalLentAccount(absl::string_view source_id);     // offbalance:capital-lent:<source>
std::string CapitalLossesAccount(absl::string_view source_id);   // offbalance:capital-losses:<source>
inline constexpr absl::string_view kCapitalPlacedAccount = "offbalance:capital-placed";
// The fund-wide accounts shared with the payments module (services/common/fund_chart.h). A
// disbursement is owed out on payments-out until the bank statement shows it left.
using services::kBankAccount;
using services::kPaymentsOutAccount;
using services::kUnallocatedAccount;
inline constexpr absl::string_view kMemberCapitalAccount = "equity:member-capital";
inline constexpr absl::string_view kInterestIncomeAccount = "income:interest";
inline constexpr absl::string_view kLoanFeesAccount = "income:loan-fees";
inline constexpr absl::string_view kRecoveriesAccount = "income:recoveries";
inline constexpr absl::string_view kCreditLossesAccount = "expense:credit-losses";

// Default settings (räntelagen 6 §: reference rate + 8 percentage points; 60 kr reminder fee, the
// cap of inkassokostnadslagen as the fund configures it).
v1::CreditSettings DefaultCreditSettings();

absl::StatusOr<std::optional<v1::Product>> ReadProduct(const ledger::KvReader& state, absl::string_view id);
absl::StatusOr<v1::CreditSettings> ReadSettings(const ledger::KvReader& state);
absl::StatusOr<std::optional<v1::CapitalSource>> ReadCapitalSource(const ledger::KvReader& state,
                                                                   absl::string_view id);
absl::StatusOr<std::vector<v1::CapitalSource>> ReadCapitalSources(const ledger::KvReader& state);
absl::StatusOr<std::optional<v1::Credit>> ReadCredit(const ledger::KvReader& state, absl::string_view id);
// The credit an OCR reference belongs to.
absl::StatusOr<std::optional<std::string>> CreditIdForOcr(const ledger::KvReader& state, absl::string_view ocr);

// "C-000042" for 42.
std::string CreditId(int64_t number);
// The number in "C-000042"; INVALID_ARGUMENT for anything else.
absl::StatusOr<int64_t> ParseCreditId(absl::string_view id);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_CREDIT_KEYS_H_
