// The parties module (DESIGN.md §7): registering and closing organisations are journal entries;
// the organisation register is this module's view (party_keys.h). A party is never deleted.
//
// Rules (Decide):
//   - only admin and officer principals (and the server itself) register and close;
//   - a registration needs a name (1–200 bytes), a valid organisation number (check_digits.h),
//     a legal form, a kommunkod of a Swedish municipality, optionally a valid bankgiro, and a
//     contact of at most 200 bytes; an organisation number registers once (ALREADY_EXISTS);
//   - ids are "ORG-000001", "ORG-000002", … from the counter parties/next-id;
//   - closing needs a reason; an unknown id is NOT_FOUND, a closed one FAILED_PRECONDITION.
// Decide and Project are const and deterministic (thread-safe).
#ifndef FONDBOK_SERVICES_PARTIES_PARTIES_MODULE_H_
#define FONDBOK_SERVICES_PARTIES_PARTIES_MODULE_H_

#include <cstddef>

#include "ledger/module.h"
#include "services/parties/party_keys.h"

namespace fondbok::parties {

inline constexpr size_t kOrganisationNameBytesMax = 200;
inline constexpr size_t kContactBytesMax = 200;
inline constexpr size_t kCloseReasonBytesMax = 500;

class PartiesModule final : public ledger::Module {
 public:
  absl::string_view Name() const override { return kPartiesModuleName; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;
};

}  // namespace fondbok::parties

#endif  // FONDBOK_SERVICES_PARTIES_PARTIES_MODULE_H_
