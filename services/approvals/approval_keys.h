// The approvals module's views ("approvals/..."), and how adapters read them. Keys:
//   approvals/policy        serialized FundPolicy; absent: DefaultPolicy() applies
//   approvals/policy-seq    decimal seq of the entry that set the policy (absent with the default)
//   approvals/next-id       decimal number of the next proposal id (absent: 1)
//   approvals/proposal/<id> serialized Proposal, votes and state as of the last entry
//   approvals/open/<id>     "" for every OPEN proposal; deleted when it is decided
// Proposal ids are "P-" and six digits ("P-000001"), so they sort in key order up to P-999999.
#ifndef FONDBOK_SERVICES_APPROVALS_APPROVAL_KEYS_H_
#define FONDBOK_SERVICES_APPROVALS_APPROVAL_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/approvals.pb.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/kv.h"

namespace fondbok::approvals {

inline constexpr absl::string_view kModuleName = "approvals";
inline constexpr absl::string_view kPolicyKey = "approvals/policy";
inline constexpr absl::string_view kPolicySeqKey = "approvals/policy-seq";
inline constexpr absl::string_view kNextIdKey = "approvals/next-id";
inline constexpr absl::string_view kProposalKeyPrefix = "approvals/proposal/";
inline constexpr absl::string_view kOpenKeyPrefix = "approvals/open/";

std::string ProposalKey(absl::string_view proposal_id);
std::string OpenKey(absl::string_view proposal_id);
// "P-000042" for 42.
std::string FormatProposalId(uint64_t number);
// 42 for "P-000042"; INVALID_ARGUMENT for anything that is not a proposal id.
absl::StatusOr<uint64_t> ParseProposalId(absl::string_view proposal_id);

// The proposal `proposal_id` as of `state`; std::nullopt when there is none. DATA_LOSS when the
// stored bytes do not decode.
absl::StatusOr<std::optional<v1::Proposal>> ReadProposal(const ledger::KvReader& state,
                                                         absl::string_view proposal_id);

// The fund policy in force: the stored one, or DefaultPolicy() when none was ever set.
absl::StatusOr<v1::FundPolicy> ReadPolicy(const ledger::KvReader& state);
// The seq of the entry that set the policy in force; 0 while the default applies.
absl::StatusOr<uint64_t> ReadPolicySeq(const ledger::KvReader& state);

// The number the next proposal gets (1 for the first).
absl::StatusOr<uint64_t> ReadNextProposalNumber(const ledger::KvReader& state);

// The proposal an entry belongs to: the one it made, approved or rejected, or the one that
// executed it (JournalEntry::approved_by_proposal). NOT_FOUND for an entry with no proposal.
absl::StatusOr<std::string> ProposalIdOf(const v1::JournalEntry& entry);

}  // namespace fondbok::approvals

#endif  // FONDBOK_SERVICES_APPROVALS_APPROVAL_KEYS_H_
