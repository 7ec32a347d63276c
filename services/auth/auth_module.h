// The auth module: issuing and revoking bearer tokens are journal entries like every other change
// (the actor of each is recorded), and the principal table is this module's view ("auth/...").
#ifndef FONDBOK_SERVICES_AUTH_AUTH_MODULE_H_
#define FONDBOK_SERVICES_AUTH_AUTH_MODULE_H_

#include "ledger/module.h"

namespace fondbok::services {

inline constexpr size_t kPrincipalNameBytesMax = 100;

class AuthModule final : public ledger::Module {
 public:
  absl::string_view Name() const override { return "auth"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_AUTH_AUTH_MODULE_H_
