#include "services/reports/reports_module.h"

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"
#include "services/reports/bas_mapping.h"

namespace fondbok::reports {

absl::StatusOr<v1::BasMapping> ReadBasMapping(const ledger::KvReader& state, bool* is_default) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, kBasMappingKey));
  if (is_default != nullptr) *is_default = !bytes.has_value();
  if (!bytes.has_value()) return DefaultBasMapping();
  v1::BasMapping mapping;
  if (!mapping.ParseFromString(*bytes)) return absl::DataLossError("the stored BAS mapping does not decode");
  return mapping;
}

std::vector<int> ReportsModule::CommandCases() const { return {v1::Command::kSetBasMapping}; }

std::vector<int> ReportsModule::EventCases() const { return {v1::Event::kBasMappingSet}; }

absl::StatusOr<ledger::Decision> ReportsModule::Decide(const ledger::CommandContext& context,
                                                       const v1::Command& command,
                                                       const ledger::StateReader&) const {
  if (command.kind_case() != v1::Command::kSetBasMapping) return absl::InvalidArgumentError("not a reports command");
  // The mapping decides where every krona lands in the accountant's books: the fund admin's call.
  if (context.actor_role != "admin") {
    return absl::PermissionDeniedError(absl::StrCat("only an admin sets the BAS mapping; the caller is ",
                                                    context.actor_role.empty() ? "no principal" : context.actor_role));
  }
  v1::BasMapping mapping = command.set_bas_mapping().mapping();
  mapping.set_set_seq(0);
  RETURN_IF_ERROR(ValidateBasMapping(mapping));
  ledger::Decision decision;
  *decision.event.mutable_bas_mapping_set()->mutable_mapping() = std::move(mapping);
  return decision;
}

absl::Status ReportsModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  if (!entry.event().has_bas_mapping_set()) return absl::InternalError("not a reports event");
  v1::BasMapping mapping = entry.event().bas_mapping_set().mapping();
  mapping.set_set_seq(entry.seq());
  views.Put(kBasMappingKey, mapping.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace fondbok::reports
