#include "tools/bench/journal_check.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fondbok::bench {
namespace {

struct RequestKey {
  size_t thread = 0;
  uint64_t number = 0;
};

bool ParseRequestKey(absl::string_view rest, RequestKey* key) {
  std::vector<absl::string_view> parts = absl::StrSplit(rest, '-');
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], &key->thread) && absl::SimpleAtoi(parts[1], &key->number);
}

}  // namespace

uint64_t RunAcks::requests() const {
  uint64_t total = 0;
  for (const auto& thread : first_seqs) total += thread.size();
  return total;
}

std::string RequestIdOf(const std::string& prefix, int thread, uint64_t number) {
  return absl::StrCat(prefix, thread, "-", number);
}

JournalChecker::JournalChecker(const RunAcks* acks) : acks_(acks) {
  seen_.reserve(acks_->first_seqs.size());
  for (const auto& thread : acks_->first_seqs) seen_.emplace_back(thread.size() * acks_->entries_per_request, false);
}

absl::Status JournalChecker::Check(const v1::JournalEntry& entry) {
  const std::string& id = entry.request_id();
  if (!absl::StartsWith(id, acks_->request_id_prefix)) return absl::OkStatus();
  RequestKey key;
  if (!ParseRequestKey(absl::string_view(id).substr(acks_->request_id_prefix.size()), &key)) {
    return absl::DataLossError(
        absl::StrCat("entry ", entry.seq(), " has request id \"", id, "\" of this run, which the bench never sent"));
  }
  if (key.thread >= acks_->first_seqs.size() || key.number >= acks_->first_seqs[key.thread].size()) {
    return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " belongs to request \"", id,
                                            "\", which was never acknowledged"));
  }
  const uint32_t per_request = acks_->entries_per_request;
  if (entry.command_index() >= per_request || entry.command_count() != per_request) {
    return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " of request \"", id, "\" is command ",
                                            entry.command_index() + 1, " of ", entry.command_count(), ", but the ",
                                            "request held ", per_request));
  }
  const uint64_t expected_seq = acks_->first_seqs[key.thread][key.number] + entry.command_index();
  std::vector<bool>::reference seen = seen_[key.thread][key.number * per_request + entry.command_index()];
  if (seen) {
    return absl::DataLossError(absl::StrCat("request \"", id, "\" command ", entry.command_index() + 1,
                                            " is in the journal twice: at seq ", expected_seq, " and at seq ",
                                            entry.seq()));
  }
  if (entry.seq() != expected_seq) {
    return absl::DataLossError(absl::StrCat("request \"", id, "\" command ", entry.command_index() + 1,
                                            " was acknowledged as seq ", expected_seq, " but is at seq ",
                                            entry.seq()));
  }
  if (entry.postings_size() != 2) {
    return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " of request \"", id, "\" has ",
                                            entry.postings_size(), " postings; the bench sent 2"));
  }
  seen = true;
  ++run_entries_seen_;
  return absl::OkStatus();
}

absl::Status JournalChecker::Finish() const {
  if (run_entries_seen_ == acks_->entries()) return absl::OkStatus();
  const uint32_t per_request = acks_->entries_per_request;
  for (size_t t = 0; t < seen_.size(); ++t) {
    for (size_t i = 0; i < seen_[t].size(); ++i) {
      if (seen_[t][i]) continue;
      const uint64_t number = i / per_request;
      return absl::DataLossError(absl::StrCat(
          "only ", run_entries_seen_, " of ", acks_->entries(), " acknowledged entries are in the journal; e.g. ",
          "request \"", RequestIdOf(acks_->request_id_prefix, static_cast<int>(t), number), "\" command ",
          i % per_request + 1, ", acknowledged as seq ", acks_->first_seqs[t][number] + i % per_request,
          ", is missing"));
    }
  }
  return absl::DataLossError(
      absl::StrCat("found ", run_entries_seen_, " entries of this run but ", acks_->entries(), " were acknowledged"));
}

}  // namespace fondbok::bench
