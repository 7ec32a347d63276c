#include "services/credits/credit_keys.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/status_macros.h"

namespace fondbok::credits {
namespace {

template <typename Message>
absl::StatusOr<std::optional<Message>> ReadMessage(const ledger::KvReader& state, const std::string& key) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, key));
  if (!bytes.has_value()) return std::nullopt;
  Message message;
  if (!message.ParseFromString(*bytes)) return absl::DataLossError(absl::StrCat("view ", key, " does not decode"));
  return message;
}

}  // namespace

std::string ProductKey(absl::string_view id) { return absl::StrCat(kProductPrefix, id); }
std::string CapitalKey(absl::string_view id) { return absl::StrCat(kCapitalPrefix, id); }
std::string CreditKey(absl::string_view id) { return absl::StrCat(kCreditPrefix, id); }
std::string ByOrgKey(absl::string_view organisation, absl::string_view credit_id) {
  return absl::StrCat(kByOrgPrefix, organisation, "/", credit_id);
}
std::string OcrKey(absl::string_view ocr) { return absl::StrCat(kOcrPrefix, ocr); }

std::string LoanAccount(absl::string_view credit_id) { return absl::StrCat("asset:loans:", credit_id); }
std::string InterestReceivableAccount(absl::string_view credit_id) {
  return absl::StrCat("asset:receivable:interest:", credit_id);
}
std::string FeesReceivableAccount(absl::string_view party_id) { return absl::StrCat("asset:receivable:fees:", party_id); }
std::string CapitalLiabilityAccount(absl::string_view source_id) { return absl::StrCat("liability:capital:", source_id); }
std::string CapitalFreeAccount(absl::string_view source_id) { return absl::StrCat("offbalance:capital-free:", source_id); }
std::string CapitalLentAccount(absl::string_view source_id) { return absl::StrCat("offbalance:capital-lent:", source_id); }
std::string CapitalLossesAccount(absl::string_view source_id) {
  return absl::StrCat("offbalance:capital-losses:", source_id);
}

v1::CreditSettings DefaultCreditSettings() {
  v1::CreditSettings settings;
  settings.set_reference_rate_bp(0);
  settings.set_late_margin_bp(800);
  settings.set_reminder_fee_ore(6000);
  settings.set_reminder_fee_cap_ore(6000);
  return settings;
}

absl::StatusOr<std::optional<v1::Product>> ReadProduct(const ledger::KvReader& state, absl::string_view id) {
  return ReadMessage<v1::Product>(state, ProductKey(id));
}

absl::StatusOr<v1::CreditSettings> ReadSettings(const ledger::KvReader& state) {
  ASSIGN_OR_RETURN(auto settings, ReadMessage<v1::CreditSettings>(state, std::string(kSettingsKey)));
  return settings.has_value() ? *settings : DefaultCreditSettings();
}

absl::StatusOr<std::optional<v1::CapitalSource>> ReadCapitalSource(const ledger::KvReader& state,
                                                                   absl::string_view id) {
  return ReadMessage<v1::CapitalSource>(state, CapitalKey(id));
}

absl::StatusOr<std::vector<v1::CapitalSource>> ReadCapitalSources(const ledger::KvReader& state) {
  std::vector<v1::CapitalSource> sources;
  RETURN_IF_ERROR(ledger::ScanProto<v1::CapitalSource>(state, ledger::Space::kViews, kCapitalPrefix,
                                                       ledger::PrefixEnd(kCapitalPrefix), "capital source",
                                                       [&](absl::string_view, v1::CapitalSource& source) {
                                                         sources.push_back(std::move(source));
                                                         return sources.size() < 10000;
                                                       }));
  return sources;
}

absl::StatusOr<std::optional<v1::Credit>> ReadCredit(const ledger::KvReader& state, absl::string_view id) {
  return ReadMessage<v1::Credit>(state, CreditKey(id));
}

absl::StatusOr<std::optional<std::string>> CreditIdForOcr(const ledger::KvReader& state, absl::string_view ocr) {
  return state.Get(ledger::Space::kViews, OcrKey(ocr));
}

std::string CreditId(int64_t number) { return absl::StrFormat("C-%06d", number); }

absl::StatusOr<int64_t> ParseCreditId(absl::string_view id) {
  int64_t number = 0;
  if (id.size() < 3 || id.substr(0, 2) != "C-" || !absl::SimpleAtoi(id.substr(2), &number) || number <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("\"", id, "\" is not a credit id such as C-000001"));
  }
  return number;
}

}  // namespace fondbok::credits
