// What a new fund starts with: the fund itself, the minimum chart of accounts of DESIGN.md §3 and
// the first admin token — all journal entries of one linked request by the "system" actor.
#ifndef FONDBOK_SERVICES_SERVER_BOOTSTRAP_H_
#define FONDBOK_SERVICES_SERVER_BOOTSTRAP_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "fondbok/v1/journal.pb.h"

namespace fondbok::services {

struct FundSettings {
  std::string name = "Mikrofonden";
  std::string base_currency = "SEK";
  std::string time_zone = "Europe/Stockholm";
};

struct ChartAccount {
  absl::string_view code;
  v1::AccountType type;
  const char* name;
  // Account flag debits_must_not_exceed_credits: the balance may never go below zero.
  bool debits_limited = false;
};

// The fund-wide accounts every fund has. Per-party accounts (asset:loans:<credit>, ...) are opened
// by the domain modules when the party or credit appears.
const std::vector<ChartAccount>& MinimumChart();

std::vector<v1::Command> BootstrapCommands(const FundSettings& fund, absl::string_view admin_token_sha256);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_SERVER_BOOTSTRAP_H_
