// The reports module (DESIGN.md §12): the admin-set BAS mapping the SIE 4 export books under.
// Its one view, "reports/bas-mapping", holds the mapping in force; absent means the built-in
// default (DefaultBasMapping()). The export itself only reads (sie_export.h).
#ifndef FONDBOK_SERVICES_REPORTS_REPORTS_MODULE_H_
#define FONDBOK_SERVICES_REPORTS_REPORTS_MODULE_H_

#include "ledger/module.h"

namespace fondbok::reports {

inline constexpr absl::string_view kBasMappingKey = "reports/bas-mapping";

// The mapping an admin set (set_seq = its entry), or the default (set_seq 0) when none was set.
// `is_default` may be null. DATA_LOSS when the stored mapping does not decode.
absl::StatusOr<v1::BasMapping> ReadBasMapping(const ledger::KvReader& state, bool* is_default = nullptr);

// Commands: SetBasMapping (admin only: PERMISSION_DENIED for any other role; INVALID_ARGUMENT
// for a mapping ValidateBasMapping refuses). Event: BasMappingSet, which replaces the view.
class ReportsModule final : public ledger::Module {
 public:
  absl::string_view Name() const override { return "reports"; }
  std::vector<int> CommandCases() const override;
  std::vector<int> EventCases() const override;
  absl::StatusOr<ledger::Decision> Decide(const ledger::CommandContext& context, const v1::Command& command,
                                          const ledger::StateReader& state) const override;
  absl::Status Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const override;
};

}  // namespace fondbok::reports

#endif  // FONDBOK_SERVICES_REPORTS_REPORTS_MODULE_H_
