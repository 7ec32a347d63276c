#include "ledger/module.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

void ViewWriter::Put(absl::string_view key, absl::string_view value) {
  FONDBOK_CHECK(absl::StartsWith(key, prefix_));
  store_->Put(Space::kViews, key, value);
}

void ViewWriter::Delete(absl::string_view key) {
  FONDBOK_CHECK(absl::StartsWith(key, prefix_));
  store_->Delete(Space::kViews, key);
}

absl::StatusOr<ProposalTerms> Module::Terms(const CommandContext&, const v1::Command&, const StateReader&) const {
  return absl::InvalidArgumentError(absl::StrCat("module ", Name(), " has no command that can be proposed"));
}

absl::Status ModuleRegistry::Register(const Module* module) {
  for (const Module* existing : modules_) {
    if (existing->Name() == module->Name()) {
      return absl::AlreadyExistsError(absl::StrCat("module ", module->Name(), " is registered twice"));
    }
  }
  for (int kind : module->CommandCases()) {
    for (const auto& [existing, owner] : commands_) {
      if (existing == kind) {
        return absl::AlreadyExistsError(absl::StrCat("command case ", kind, " is claimed by ", owner->Name(),
                                                     " and ", module->Name()));
      }
    }
    commands_.emplace_back(kind, module);
  }
  for (int kind : module->EventCases()) {
    for (const auto& [existing, owner] : events_) {
      if (existing == kind) {
        return absl::AlreadyExistsError(absl::StrCat("event case ", kind, " is claimed by ", owner->Name(),
                                                     " and ", module->Name()));
      }
    }
    events_.emplace_back(kind, module);
  }
  modules_.push_back(module);
  return absl::OkStatus();
}

const Module* ModuleRegistry::ForCommand(const v1::Command& command) const {
  for (const auto& [kind, module] : commands_) {
    if (kind == static_cast<int>(command.kind_case())) return module;
  }
  return nullptr;
}

const Module* ModuleRegistry::ForEvent(const v1::Event& event) const {
  for (const auto& [kind, module] : events_) {
    if (kind == static_cast<int>(event.kind_case())) return module;
  }
  return nullptr;
}

v1::Posting MakePosting(absl::string_view account, v1::Side side, int64_t amount_ore, v1::Phase phase) {
  v1::Posting p;
  p.set_account(std::string(account));
  p.set_side(side);
  p.set_amount_ore(amount_ore);
  p.set_phase(phase);
  return p;
}

absl::Status OpenAccountIfMissing(const StateReader& state, Decision& decision, v1::Account account) {
  for (const v1::Account& a : decision.open_accounts) {
    if (a.code() == account.code()) return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(auto existing, ReadAccount(state, account.code()));
  if (!existing.has_value()) decision.open_accounts.push_back(std::move(account));
  return absl::OkStatus();
}

}  // namespace fondbok::ledger
