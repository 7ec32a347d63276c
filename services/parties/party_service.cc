#include "services/parties/party_service.h"

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"
#include "services/parties/check_digits.h"
#include "services/parties/party_keys.h"

namespace fondbok::parties {
namespace {

const std::string kCreateOrganisation = "PartyService.CreateOrganisation";
const std::string kCloseOrganisation = "PartyService.CloseOrganisation";
const std::string kGetOrganisation = "PartyService.GetOrganisation";
const std::string kListOrganisations = "PartyService.ListOrganisations";

// Whether `principal` may see organisation `id` (services/common/auth.h: staff read everything).
bool MaySee(const v1::Principal& principal, absl::string_view id) {
  return services::ReadsEverything(principal.role()) || (!principal.organisation().empty() && principal.organisation() == id);
}

absl::Status NotYours(const v1::Principal& principal, absl::string_view what) {
  return absl::PermissionDeniedError(absl::StrCat("a ", services::RoleName(principal.role()),
                                                  " token sees only its own organisation (",
                                                  principal.organisation(), "), not ", what));
}

// After a successful write: the organisation the write's entry concerns, as the views now hold
// it (a retried request answers with the current state of the first request's organisation).
void FillFromEntry(const services::ServiceEnv& env, const v1::WriteResult& result, v1::OrganisationResponse* response) {
  *response->mutable_result() = result;
  auto snapshot = env.storage->NewSnapshot();
  auto entry = services::FirstEntryOf(*snapshot, result);
  if (!entry.ok()) return;
  std::string id;
  if (entry->event().has_organisation_registered()) id = entry->event().organisation_registered().organisation().id();
  if (entry->event().has_organisation_closed()) id = entry->event().organisation_closed().organisation_id();
  auto organisation = ReadOrganisation(*snapshot, id);
  if (organisation.ok() && organisation->has_value()) *response->mutable_organisation() = **organisation;
}

// The organisation a Get names: by id, or by organisation number (either form).
absl::StatusOr<std::string> RequestedId(const v1::GetOrganisationRequest& request, const ledger::KvReader& reader) {
  if (request.organisation_id().empty() == request.org_number().empty()) {
    return absl::InvalidArgumentError("give either an organisation id (ORG-000001) or an organisation number");
  }
  if (!request.organisation_id().empty()) return request.organisation_id();
  ASSIGN_OR_RETURN(std::string digits, NormalizeOrgNumber(request.org_number()));
  ASSIGN_OR_RETURN(auto id, FindOrganisationId(reader, digits));
  if (!id.has_value()) {
    return absl::NotFoundError(absl::StrCat("no organisation is registered with number ", FormatOrgNumber(digits)));
  }
  return *id;
}

absl::Status Get(const v1::Principal& principal, const ledger::KvReader& reader,
                 const v1::GetOrganisationRequest& request, v1::Organisation* response) {
  auto id = RequestedId(request, reader);
  // A member learns nothing about other organisations, not even whether a number is registered.
  if (!services::ReadsEverything(principal.role()) && !(id.ok() && MaySee(principal, *id))) {
    return NotYours(principal, id.ok() ? *id : "another organisation");
  }
  if (!id.ok()) return id.status();
  ASSIGN_OR_RETURN(auto organisation, ReadOrganisation(reader, *id));
  if (!organisation.has_value()) return absl::NotFoundError(absl::StrCat("organisation ", *id, " does not exist"));
  *response = std::move(*organisation);
  return absl::OkStatus();
}

absl::Status List(const v1::Principal& principal, const ledger::KvReader& reader,
                  const v1::ListOrganisationsRequest& request, v1::ListOrganisationsResponse* response) {
  if (request.limit() < 0 || request.limit() > kListOrganisationsMax) {
    return absl::InvalidArgumentError(absl::StrCat("limit ", request.limit(), " must be 0–", kListOrganisationsMax,
                                                   " (0: ", kListOrganisationsDefault, ")"));
  }
  if (!request.municipality().empty()) RETURN_IF_ERROR(ValidateKommunkod(request.municipality()));
  const int limit = request.limit() == 0 ? kListOrganisationsDefault : request.limit();
  // Start strictly after `after_id`: the smallest key greater than its own is key + '\0'.
  const std::string start = request.after_id().empty() ? std::string(kOrganisationKeyPrefix)
                                                       : OrganisationKey(request.after_id()) + std::string(1, '\0');
  bool more = false;
  RETURN_IF_ERROR(ledger::ScanProto<v1::Organisation>(
      reader, ledger::Space::kViews, start, ledger::PrefixEnd(kOrganisationKeyPrefix), "organisation",
      [&](absl::string_view, v1::Organisation& organisation) {
        if (!MaySee(principal, organisation.id()) || (organisation.closed() && !request.include_closed()) ||
            (!request.municipality().empty() && organisation.municipality() != request.municipality())) {
          return true;
        }
        if (response->organisations_size() == limit) {
          more = true;
          return false;
        }
        *response->add_organisations() = std::move(organisation);
        return true;
      }));
  if (more) response->set_next_after_id(response->organisations(response->organisations_size() - 1).id());
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* PartyServiceImpl::CreateOrganisation(grpc::CallbackServerContext* context,
                                                               const v1::CreateOrganisationRequest* request,
                                                               v1::OrganisationResponse* response) {
  v1::Command command;
  v1::Organisation* organisation = command.mutable_register_organisation()->mutable_organisation();
  organisation->set_name(request->name());
  organisation->set_org_number(request->org_number());
  organisation->set_legal_form(request->legal_form());
  organisation->set_municipality(request->municipality());
  organisation->set_contact(request->contact());
  organisation->set_bankgiro(request->bankgiro());
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kCreateOrganisation, services::Access::kPartyWrite, *request,
                               request->request_id(), std::move(command),
                               [env, response](const v1::WriteResult& result) { FillFromEntry(env, result, response); });
}

grpc::ServerUnaryReactor* PartyServiceImpl::CloseOrganisation(grpc::CallbackServerContext* context,
                                                              const v1::CloseOrganisationRequest* request,
                                                              v1::OrganisationResponse* response) {
  v1::Command command;
  command.mutable_close_organisation()->set_organisation_id(request->organisation_id());
  command.mutable_close_organisation()->set_reason(request->reason());
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kCloseOrganisation, services::Access::kPartyWrite, *request,
                               request->request_id(), std::move(command),
                               [env, response](const v1::WriteResult& result) { FillFromEntry(env, result, response); });
}

grpc::ServerUnaryReactor* PartyServiceImpl::GetOrganisation(grpc::CallbackServerContext* context,
                                                            const v1::GetOrganisationRequest* request,
                                                            v1::Organisation* response) {
  return services::ServeRead(env_, context, kGetOrganisation, services::Access::kPartyRead,
                             [&](const v1::Principal& principal, const ledger::StorageReader& reader) {
                               return Get(principal, reader, *request, response);
                             });
}

grpc::ServerUnaryReactor* PartyServiceImpl::ListOrganisations(grpc::CallbackServerContext* context,
                                                              const v1::ListOrganisationsRequest* request,
                                                              v1::ListOrganisationsResponse* response) {
  return services::ServeRead(env_, context, kListOrganisations, services::Access::kPartyRead,
                             [&](const v1::Principal& principal, const ledger::StorageReader& reader) {
                               return List(principal, reader, *request, response);
                             });
}

}  // namespace fondbok::parties
