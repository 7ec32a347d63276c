// PartyService adapter: organisations. Translates only; the rules live in PartiesModule (writes)
// and in the per-resource visibility below (reads):
//   - admin and officer register and close (Access::kPartyWrite);
//   - admin, officer, board and auditor read every organisation; member, supporter and bank
//     principals read only their own (principal.organisation()): another id is PERMISSION_DENIED
//     (whether or not it exists), and a list holds only their own.
// Thread-safe: every call reads its own snapshot or goes through the sequencer.
#ifndef FONDBOK_SERVICES_PARTIES_PARTY_SERVICE_H_
#define FONDBOK_SERVICES_PARTIES_PARTY_SERVICE_H_

#include "fondbok/v1/party_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::parties {

inline constexpr int kListOrganisationsDefault = 100;
inline constexpr int kListOrganisationsMax = 1000;

class PartyServiceImpl final : public v1::PartyService::CallbackService {
 public:
  explicit PartyServiceImpl(services::ServiceEnv env) : env_(env) {}

  grpc::ServerUnaryReactor* CreateOrganisation(grpc::CallbackServerContext* context,
                                               const v1::CreateOrganisationRequest* request,
                                               v1::OrganisationResponse* response) override;
  grpc::ServerUnaryReactor* CloseOrganisation(grpc::CallbackServerContext* context,
                                              const v1::CloseOrganisationRequest* request,
                                              v1::OrganisationResponse* response) override;
  grpc::ServerUnaryReactor* GetOrganisation(grpc::CallbackServerContext* context,
                                            const v1::GetOrganisationRequest* request,
                                            v1::Organisation* response) override;
  grpc::ServerUnaryReactor* ListOrganisations(grpc::CallbackServerContext* context,
                                              const v1::ListOrganisationsRequest* request,
                                              v1::ListOrganisationsResponse* response) override;

 private:
  services::ServiceEnv env_;
};

}  // namespace fondbok::parties

#endif  // FONDBOK_SERVICES_PARTIES_PARTY_SERVICE_H_
