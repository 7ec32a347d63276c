#include "tools/bench/verify.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"

namespace fondbok::bench {
namespace {

constexpr uint32_t kEntriesPerPage = 1000;

absl::StatusOr<v1::ListEntriesResponse> ReadPage(const client::Client& client, uint64_t from_seq) {
  v1::ListEntriesRequest request;
  request.set_from_seq(from_seq);
  request.set_limit(kEntriesPerPage);
  auto page = client.ListEntries(request);
  if (!page.ok()) {
    return absl::Status(page.status().code(),
                        absl::StrCat("reading the journal from seq ", from_seq, " failed: ", page.status().message()));
  }
  return page;
}

}  // namespace

absl::StatusOr<uint64_t> JournalLastSeq(const client::Client& client) {
  // A page that starts past any possible entry is empty but still tells the last seq.
  ASSIGN_OR_RETURN(v1::ListEntriesResponse page, ReadPage(client, std::numeric_limits<uint64_t>::max()));
  return page.last_seq();
}

absl::StatusOr<uint64_t> VerifyRun(const client::Client& client, const RunAcks& acks, uint64_t after_seq) {
  JournalChecker checker(&acks);
  uint64_t next = after_seq + 1;
  uint64_t last = 0;
  bool first_page = true;
  // Bounded: the range is fixed by the first page, and every page but the last moves forward.
  while (first_page || next <= last) {
    ASSIGN_OR_RETURN(v1::ListEntriesResponse page, ReadPage(client, next));
    if (first_page) {
      last = page.last_seq();
      first_page = false;
    }
    if (page.entries_size() == 0) {
      if (next <= last) {
        return absl::DataLossError(
            absl::StrCat("the journal says its last seq is ", last, " but returns nothing from seq ", next));
      }
      break;
    }
    for (const v1::JournalEntry& entry : page.entries()) {
      if (entry.seq() > last) break;
      if (entry.seq() != next) {
        return absl::DataLossError(absl::StrCat("the journal is not dense: seq ", entry.seq(), " follows ", next - 1));
      }
      RETURN_IF_ERROR(checker.Check(entry));
      ++next;
    }
    if (page.entries(page.entries_size() - 1).seq() > last) break;
  }
  RETURN_IF_ERROR(checker.Finish());
  return checker.run_entries_seen();
}

}  // namespace fondbok::bench
