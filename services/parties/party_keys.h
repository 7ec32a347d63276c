// The parties module's views ("parties/..."), exported so that other modules and adapters can read
// them (the credits module reads a borrower's municipality). Only PartiesModule::Project writes
// these keys.
//
//   parties/org/<id>           → v1::Organisation (serialized; registered_seq and closed_seq set)
//   parties/orgnr/<10 digits>  → organisation id
//   parties/next-id            → the number of the next organisation id, decimal ("7" → ORG-000007)
#ifndef FONDBOK_SERVICES_PARTIES_PARTY_KEYS_H_
#define FONDBOK_SERVICES_PARTIES_PARTY_KEYS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/parties.pb.h"
#include "ledger/kv.h"

namespace fondbok::parties {

inline constexpr absl::string_view kPartiesModuleName = "parties";
inline constexpr absl::string_view kOrganisationKeyPrefix = "parties/org/";
inline constexpr absl::string_view kOrgNumberKeyPrefix = "parties/orgnr/";
inline constexpr absl::string_view kNextOrganisationIdKey = "parties/next-id";
inline constexpr absl::string_view kOrganisationIdPrefix = "ORG-";

std::string OrganisationKey(absl::string_view id);               // parties/org/<id>
std::string OrgNumberKey(absl::string_view org_number_digits);   // parties/orgnr/<10 digits>
// "ORG-000042" for 42 (at least six digits).
std::string OrganisationId(uint64_t number);

// The organisation `id` as its view holds it; std::nullopt when there is none. DATA_LOSS when the
// stored value does not decode.
absl::StatusOr<std::optional<v1::Organisation>> ReadOrganisation(const ledger::KvReader& reader, absl::string_view id);

// The id registered for an organisation number (ten digits, as NormalizeOrgNumber returns it).
absl::StatusOr<std::optional<std::string>> FindOrganisationId(const ledger::KvReader& reader,
                                                              absl::string_view org_number_digits);

}  // namespace fondbok::parties

#endif  // FONDBOK_SERVICES_PARTIES_PARTY_KEYS_H_
