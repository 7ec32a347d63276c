#include "services/approvals/approval_keys.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/status_macros.h"
#include "services/approvals/policy.h"

namespace fondbok::approvals {
namespace {

absl::StatusOr<uint64_t> ReadNumber(const ledger::KvReader& state, absl::string_view key) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, key));
  if (!bytes.has_value()) return 0;
  uint64_t number = 0;
  if (!absl::SimpleAtoi(*bytes, &number)) return absl::DataLossError(absl::StrCat(key, " is not a number"));
  return number;
}

}  // namespace

std::string ProposalKey(absl::string_view proposal_id) { return absl::StrCat(kProposalKeyPrefix, proposal_id); }

std::string OpenKey(absl::string_view proposal_id) { return absl::StrCat(kOpenKeyPrefix, proposal_id); }

std::string FormatProposalId(uint64_t number) { return absl::StrFormat("P-%06d", number); }

absl::StatusOr<uint64_t> ParseProposalId(absl::string_view proposal_id) {
  uint64_t number = 0;
  if (!absl::StartsWith(proposal_id, "P-") || proposal_id.size() < 8 || proposal_id.size() > 22 ||
      !absl::SimpleAtoi(proposal_id.substr(2), &number) || number == 0 || FormatProposalId(number) != proposal_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", proposal_id.substr(0, 40), "\" is not a proposal id: use P- and six digits, e.g. P-000001"));
  }
  return number;
}

absl::StatusOr<std::optional<v1::Proposal>> ReadProposal(const ledger::KvReader& state,
                                                         absl::string_view proposal_id) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, ProposalKey(proposal_id)));
  if (!bytes.has_value()) return std::nullopt;
  v1::Proposal proposal;
  if (!proposal.ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("stored proposal ", proposal_id, " does not decode"));
  }
  return proposal;
}

absl::StatusOr<v1::FundPolicy> ReadPolicy(const ledger::KvReader& state) {
  ASSIGN_OR_RETURN(auto bytes, state.Get(ledger::Space::kViews, kPolicyKey));
  if (!bytes.has_value()) return DefaultPolicy();
  v1::FundPolicy policy;
  if (!policy.ParseFromString(*bytes)) return absl::DataLossError("the stored fund policy does not decode");
  return policy;
}

absl::StatusOr<uint64_t> ReadPolicySeq(const ledger::KvReader& state) { return ReadNumber(state, kPolicySeqKey); }

absl::StatusOr<uint64_t> ReadNextProposalNumber(const ledger::KvReader& state) {
  ASSIGN_OR_RETURN(uint64_t next, ReadNumber(state, kNextIdKey));
  return next == 0 ? 1 : next;
}

absl::StatusOr<std::string> ProposalIdOf(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  if (event.has_proposal_made()) return event.proposal_made().proposal().id();
  if (event.has_proposal_approved()) return event.proposal_approved().proposal_id();
  if (event.has_proposal_rejected()) return event.proposal_rejected().proposal_id();
  if (!entry.approved_by_proposal().empty()) return entry.approved_by_proposal();
  return absl::NotFoundError(absl::StrCat("entry ", entry.seq(), " belongs to no proposal"));
}

}  // namespace fondbok::approvals
