#include "clients/cli/arguments.h"

#include <array>
#include <random>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace fondbok::cli {
namespace {

constexpr size_t kRequestIdLengthMax = 128;

constexpr std::array<std::pair<absl::string_view, v1::AccountType>, 6> kAccountTypes = {{
    {"asset", v1::ASSET},
    {"liability", v1::LIABILITY},
    {"equity", v1::EQUITY},
    {"income", v1::INCOME},
    {"expense", v1::EXPENSE},
    {"off-balance", v1::OFF_BALANCE},
}};

constexpr std::array<std::pair<absl::string_view, v1::Role>, 7> kRoles = {{
    {"admin", v1::ADMIN},
    {"officer", v1::OFFICER},
    {"board", v1::BOARD},
    {"auditor", v1::AUDITOR},
    {"supporter", v1::SUPPORTER},
    {"member", v1::MEMBER},
    {"bank", v1::BANK},
}};

template <typename Table>
std::string Choices(const Table& table) {
  std::string out;
  for (const auto& [word, value] : table) absl::StrAppend(&out, out.empty() ? "" : ", ", word);
  return out;
}

}  // namespace

absl::StatusOr<v1::AccountType> ParseAccountType(absl::string_view text) {
  const std::string word = absl::StrReplaceAll(absl::AsciiStrToLower(text), {{"_", "-"}});
  for (const auto& [name, type] : kAccountTypes) {
    if (word == name) return type;
  }
  return absl::InvalidArgumentError(absl::StrCat("account type \"", text,
                                                 "\" is not one of ", Choices(kAccountTypes)));
}

std::string AccountTypeWord(v1::AccountType type) {
  for (const auto& [name, value] : kAccountTypes) {
    if (value == type) return std::string(name);
  }
  return "unspecified";
}

bool IsDebitNormal(v1::AccountType type) {
  return type == v1::ASSET || type == v1::EXPENSE || type == v1::OFF_BALANCE;
}

v1::AccountFlags NoOverdraftFlags(v1::AccountType type) {
  v1::AccountFlags flags;
  if (IsDebitNormal(type)) {
    flags.set_credits_must_not_exceed_debits(true);
  } else {
    flags.set_debits_must_not_exceed_credits(true);
  }
  return flags;
}

absl::StatusOr<v1::Role> ParseRole(absl::string_view text) {
  const std::string word = absl::AsciiStrToLower(text);
  for (const auto& [name, role] : kRoles) {
    if (word == name) return role;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("role \"", text, "\" is not one of ", Choices(kRoles)));
}

std::string RoleWord(v1::Role role) {
  for (const auto& [name, value] : kRoles) {
    if (value == role) return std::string(name);
  }
  return "unspecified";
}

absl::Status ValidateRequestId(absl::string_view request_id, absl::string_view flag) {
  if (request_id.empty() || request_id.size() > kRequestIdLengthMax) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, " must be 1 to ", kRequestIdLengthMax, " characters long, not ", request_id.size()));
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(absl::StrCat(
          flag, " \"", request_id, "\" may hold only printable ASCII characters without spaces"));
    }
  }
  return absl::OkStatus();
}

std::string NewRequestId() {
  // random_device reads the kernel's entropy; the id only has to be unique, not secret.
  std::random_device device;
  std::string id = "cli-";
  for (int i = 0; i < 4; ++i) {
    const uint32_t word = device();
    static constexpr char kHex[] = "0123456789abcdef";
    for (int shift = 28; shift >= 0; shift -= 4) id.push_back(kHex[(word >> shift) & 0xF]);
  }
  return id;
}

}  // namespace fondbok::cli
