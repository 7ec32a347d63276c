#include "clients/cli/posting_spec.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ledger/money.h"

namespace fondbok::cli {
namespace {

absl::string_view SideFlag(v1::Side side) { return side == v1::DEBIT ? "--debit" : "--credit"; }

}  // namespace

absl::StatusOr<v1::Posting> ParsePostingSpec(absl::string_view spec, v1::Side side) {
  // The last '=' splits, so that an amount never has to be guessed out of a code.
  const size_t equals = spec.rfind('=');
  if (equals == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        SideFlag(side), " \"", spec, "\" is not CODE=AMOUNT, e.g. ", SideFlag(side), " asset:bank=1250.50"));
  }
  absl::string_view code = absl::StripAsciiWhitespace(spec.substr(0, equals));
  absl::string_view amount_text = absl::StripAsciiWhitespace(spec.substr(equals + 1));
  if (code.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(SideFlag(side), " \"", spec, "\" has no account code before '='"));
  }
  auto amount_ore = ledger::ParseAmount(amount_text);
  if (!amount_ore.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(SideFlag(side), " ", code, ": ",
                                                   amount_ore.status().message()));
  }
  if (*amount_ore == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        SideFlag(side), " ", code, ": amount must be greater than zero, not \"", amount_text, "\""));
  }
  v1::Posting posting;
  posting.set_account(std::string(code));
  posting.set_side(side);
  posting.set_amount_ore(*amount_ore);
  return posting;
}

absl::StatusOr<std::vector<v1::Posting>> ParsePostingSpecs(const std::vector<std::string>& debits,
                                                           const std::vector<std::string>& credits) {
  if (debits.empty() || credits.empty()) {
    return absl::InvalidArgumentError(
        "an entry needs at least one --debit CODE=AMOUNT and one --credit CODE=AMOUNT");
  }
  if (debits.size() + credits.size() > kPostingsPerEntryMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("an entry has at most ", kPostingsPerEntryMax, " postings, not ",
                     debits.size() + credits.size()));
  }
  std::vector<v1::Posting> postings;
  postings.reserve(debits.size() + credits.size());
  for (const auto& [specs, side] : {std::pair{&debits, v1::DEBIT}, std::pair{&credits, v1::CREDIT}}) {
    for (const std::string& spec : *specs) {
      auto posting = ParsePostingSpec(spec, side);
      if (!posting.ok()) return posting.status();
      postings.push_back(std::move(*posting));
    }
  }
  return postings;
}

}  // namespace fondbok::cli
