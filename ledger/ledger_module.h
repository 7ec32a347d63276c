// The plain double-entry ledger as a module: open accounts, post (and reserve), settle or void
// reservations, reverse entries, close periods, create the fund. It is the first module on the
// contract of module.h and the example the domain modules follow.
#ifndef FONDBOK_LEDGER_LEDGER_MODULE_H_
#define FONDBOK_LEDGER_LEDGER_MODULE_H_

#include "ledger/module.h"

namespace fondbok::ledger {

inline constexpr size_t kMemoBytesMax = 500;
inline constexpr absl::string_view kSystemActor = "system";

class LedgerModule final : public Module {
 public:
  absl::string_view Name() const override { return "ledger"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<Decision> Decide(const CommandContext& context, const v1::Command& command,
                                  const StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ViewWriter& views) const override;
};

// Validates an account definition as a caller gives it (code, type, currency, flags, lengths).
absl::Status ValidateAccount(const v1::Account& account);

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_LEDGER_MODULE_H_
