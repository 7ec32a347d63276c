#include "services/parties/parties_module.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "ledger/ledger_module.h"
#include "ledger/status_macros.h"
#include "services/parties/check_digits.h"

namespace fondbok::parties {

std::string OrganisationKey(absl::string_view id) { return absl::StrCat(kOrganisationKeyPrefix, id); }

std::string OrgNumberKey(absl::string_view org_number_digits) {
  return absl::StrCat(kOrgNumberKeyPrefix, org_number_digits);
}

std::string OrganisationId(uint64_t number) { return absl::StrFormat("%s%06d", kOrganisationIdPrefix, number); }

absl::StatusOr<std::optional<v1::Organisation>> ReadOrganisation(const ledger::KvReader& reader, absl::string_view id) {
  ASSIGN_OR_RETURN(auto stored, reader.Get(ledger::Space::kViews, OrganisationKey(id)));
  if (!stored.has_value()) return std::nullopt;
  v1::Organisation organisation;
  if (!organisation.ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("stored organisation ", id, " does not decode"));
  }
  return organisation;
}

absl::StatusOr<std::optional<std::string>> FindOrganisationId(const ledger::KvReader& reader,
                                                              absl::string_view org_number_digits) {
  return reader.Get(ledger::Space::kViews, OrgNumberKey(org_number_digits));
}

namespace {

// The number of the next organisation id; 1 before the first registration.
absl::StatusOr<uint64_t> NextNumber(const ledger::KvReader& reader) {
  ASSIGN_OR_RETURN(auto stored, reader.Get(ledger::Space::kViews, kNextOrganisationIdKey));
  if (!stored.has_value()) return 1;
  uint64_t next = 0;
  if (!absl::SimpleAtoi(*stored, &next) || next == 0) {
    return absl::DataLossError(absl::StrCat("parties/next-id holds \"", *stored, "\", not a positive number"));
  }
  return next;
}

// Who may register and close organisations: DESIGN.md §1 (fund officers; admins set up the fund).
// The adapter checks Access::kPartyWrite; this is the same rule again, next to the data it guards.
absl::Status CheckActor(const ledger::CommandContext& context, absl::string_view action) {
  if (context.actor_role == "admin" || context.actor_role == "officer" ||
      (context.actor_role.empty() && context.actor == ledger::kSystemActor)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat("only an admin or an officer may ", action, " an organisation (",
                                                  context.actor_role.empty() ? "no role" : context.actor_role,
                                                  " ", context.actor, " may not)"));
}

// A single line of text: no control characters (they would break tables and exports).
absl::Status CheckText(absl::string_view field, absl::string_view text, size_t min_bytes, size_t max_bytes) {
  if (text.size() < min_bytes || text.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must be ", min_bytes, "–", max_bytes, " bytes, not ",
                                                   text.size()));
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(absl::StrCat(field, " \"", absl::CEscape(text),
                                                     "\" must be one line without control characters"));
    }
  }
  return absl::OkStatus();
}

// Checks and normalizes what the caller gave; the id and the state fields are the server's.
absl::StatusOr<v1::Organisation> ValidateNew(const v1::Organisation& given) {
  v1::Organisation organisation;
  organisation.set_name(std::string(absl::StripAsciiWhitespace(given.name())));
  RETURN_IF_ERROR(CheckText("organisation name", organisation.name(), 1, kOrganisationNameBytesMax));
  ASSIGN_OR_RETURN(*organisation.mutable_org_number(), NormalizeOrgNumber(given.org_number()));
  if (given.legal_form() == v1::LEGAL_FORM_UNSPECIFIED || !v1::LegalForm_IsValid(given.legal_form())) {
    return absl::InvalidArgumentError(
        "legal form is required: ekonomisk förening, ideell förening, stiftelse, aktiebolag or other");
  }
  organisation.set_legal_form(given.legal_form());
  RETURN_IF_ERROR(ValidateKommunkod(given.municipality()));
  organisation.set_municipality(given.municipality());
  organisation.set_contact(std::string(absl::StripAsciiWhitespace(given.contact())));
  RETURN_IF_ERROR(CheckText("contact", organisation.contact(), 0, kContactBytesMax));
  if (!given.bankgiro().empty()) {
    ASSIGN_OR_RETURN(*organisation.mutable_bankgiro(), NormalizeBankgiro(given.bankgiro()));
  }
  return organisation;
}

absl::StatusOr<ledger::Decision> DecideRegister(const ledger::CommandContext& context,
                                                const v1::RegisterOrganisation& command,
                                                const ledger::StateReader& state) {
  RETURN_IF_ERROR(CheckActor(context, "register"));
  ASSIGN_OR_RETURN(v1::Organisation organisation, ValidateNew(command.organisation()));
  ASSIGN_OR_RETURN(auto existing, FindOrganisationId(state, organisation.org_number()));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("organisation number ", FormatOrgNumber(organisation.org_number()),
                                                 " is already registered as ", *existing));
  }
  ASSIGN_OR_RETURN(uint64_t number, NextNumber(state));
  organisation.set_id(OrganisationId(number));
  ledger::Decision decision;
  *decision.event.mutable_organisation_registered()->mutable_organisation() = std::move(organisation);
  return decision;
}

absl::StatusOr<ledger::Decision> DecideClose(const ledger::CommandContext& context,
                                             const v1::CloseOrganisation& command, const ledger::StateReader& state) {
  RETURN_IF_ERROR(CheckActor(context, "close"));
  if (command.organisation_id().empty()) return absl::InvalidArgumentError("which organisation? give its id");
  const std::string reason(absl::StripAsciiWhitespace(command.reason()));
  if (reason.empty()) return absl::InvalidArgumentError("closing an organisation needs a reason");
  RETURN_IF_ERROR(CheckText("reason", reason, 1, kCloseReasonBytesMax));
  ASSIGN_OR_RETURN(auto organisation, ReadOrganisation(state, command.organisation_id()));
  if (!organisation.has_value()) {
    return absl::NotFoundError(absl::StrCat("organisation ", command.organisation_id(), " does not exist"));
  }
  if (organisation->closed()) {
    return absl::FailedPreconditionError(absl::StrCat("organisation ", organisation->id(), " is already closed (seq ",
                                                      organisation->closed_seq(), ": ",
                                                      organisation->closed_reason(), ")"));
  }
  ledger::Decision decision;
  decision.event.mutable_organisation_closed()->set_organisation_id(organisation->id());
  decision.event.mutable_organisation_closed()->set_reason(reason);
  return decision;
}

absl::Status ProjectRegistered(const v1::JournalEntry& entry, ledger::ViewWriter& views) {
  v1::Organisation organisation = entry.event().organisation_registered().organisation();
  organisation.set_registered_seq(entry.seq());
  uint64_t number = 0;
  absl::string_view id = organisation.id();
  if (!absl::ConsumePrefix(&id, kOrganisationIdPrefix) || !absl::SimpleAtoi(id, &number)) {
    return absl::DataLossError(absl::StrCat("registered organisation id \"", organisation.id(), "\" is malformed"));
  }
  ASSIGN_OR_RETURN(uint64_t next, NextNumber(views));
  views.Put(kNextOrganisationIdKey, absl::StrCat(std::max(next, number + 1)));
  views.Put(OrgNumberKey(organisation.org_number()), organisation.id());
  views.Put(OrganisationKey(organisation.id()), organisation.SerializeAsString());
  return absl::OkStatus();
}

absl::Status ProjectClosed(const v1::JournalEntry& entry, ledger::ViewWriter& views) {
  const v1::OrganisationClosed& closed = entry.event().organisation_closed();
  ASSIGN_OR_RETURN(auto organisation, ReadOrganisation(views, closed.organisation_id()));
  if (!organisation.has_value()) {
    return absl::DataLossError(absl::StrCat("closed organisation ", closed.organisation_id(), " is not registered"));
  }
  organisation->set_closed(true);
  organisation->set_closed_reason(closed.reason());
  organisation->set_closed_seq(entry.seq());
  views.Put(OrganisationKey(organisation->id()), organisation->SerializeAsString());
  return absl::OkStatus();
}

}  // namespace

std::vector<int> PartiesModule::CommandCases() const {
  return {v1::Command::kRegisterOrganisation, v1::Command::kCloseOrganisation};
}

std::vector<int> PartiesModule::EventCases() const {
  return {v1::Event::kOrganisationRegistered, v1::Event::kOrganisationClosed};
}

absl::StatusOr<ledger::Decision> PartiesModule::Decide(const ledger::CommandContext& context,
                                                       const v1::Command& command,
                                                       const ledger::StateReader& state) const {
  switch (command.kind_case()) {
    case v1::Command::kRegisterOrganisation: return DecideRegister(context, command.register_organisation(), state);
    case v1::Command::kCloseOrganisation: return DecideClose(context, command.close_organisation(), state);
    default: return absl::InvalidArgumentError("not a parties command");
  }
}

absl::Status PartiesModule::Project(const v1::JournalEntry& entry, ledger::ViewWriter& views) const {
  switch (entry.event().kind_case()) {
    case v1::Event::kOrganisationRegistered: return ProjectRegistered(entry, views);
    case v1::Event::kOrganisationClosed: return ProjectClosed(entry, views);
    default: return absl::InternalError("not a parties event");
  }
}

}  // namespace fondbok::parties
