#include "ledger/queries.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

uint32_t ClampPageSize(uint32_t requested) {
  if (requested == 0) return kPageSizeDefault;
  return std::min(requested, kPageSizeMax);
}

absl::StatusOr<v1::AccountState> GetAccountState(const StorageReader& reader, absl::string_view code) {
  RETURN_IF_ERROR(ValidateAccountCode(code));
  ASSIGN_OR_RETURN(auto account, ReadAccount(reader, code));
  if (!account.has_value()) return absl::NotFoundError(absl::StrCat("account ", code, " does not exist"));
  return *account;
}

absl::StatusOr<v1::Balance> QueryBalance(const StorageReader& reader, const BalanceQuery& query) {
  ASSIGN_OR_RETURN(v1::AccountState account, GetAccountState(reader, query.account));
  if (!query.as_of_date.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay day, ParseDate(query.as_of_date, "as-of date"));
    return BalanceAsOfDate(reader, account, day);
  }
  if (query.as_of_seq != 0) {
    ASSIGN_OR_RETURN(uint64_t last, QueryLastSeq(reader));
    if (query.as_of_seq > last) {
      return absl::InvalidArgumentError(absl::StrCat("as-of seq ", query.as_of_seq,
                                                     " lies after the last entry (", last, ")"));
    }
  }
  return BalanceAsOfSeq(reader, account, query.as_of_seq);
}

absl::StatusOr<HistoryPage> QueryHistory(const StorageReader& reader, absl::string_view code, uint64_t after_seq,
                                         uint32_t page_size) {
  ASSIGN_OR_RETURN(v1::AccountState account, GetAccountState(reader, code));
  const uint32_t limit = ClampPageSize(page_size);
  const std::string prefix = HistoryPrefix(code);
  HistoryPage page;
  const v1::AccountType type = account.account().type();
  RETURN_IF_ERROR(ScanProto<v1::HistoryRow>(
      reader, Space::kIndex, HistoryKey(code, after_seq + 1, 0), PrefixEnd(prefix), "history row",
      [&](absl::string_view, v1::HistoryRow& row) {
        // Keep the rows of one entry on one page.
        if (page.lines.size() >= limit && row.seq() != page.lines.back().seq) {
          page.next_after_seq = page.lines.back().seq;
          return false;
        }
        page.lines.push_back({row.seq(), row.value_date_days(), row.side(), row.posted_delta(), row.pending_delta(),
                              NormalBalance(type, row.posted_debits(), row.posted_credits())});
        return true;
      }));
  return page;
}

absl::StatusOr<AccountsPage> QueryAccounts(const StorageReader& reader, absl::string_view prefix,
                                           absl::string_view page_token, uint32_t page_size) {
  const uint32_t limit = ClampPageSize(page_size);
  const std::string key_prefix = AccountKey(prefix);
  std::string start = page_token.empty() ? key_prefix : AccountKey(page_token) + std::string(1, '\0');
  AccountsPage page;
  absl::Status failure = absl::OkStatus();
  RETURN_IF_ERROR(reader.Scan(Space::kViews, start, PrefixEnd(key_prefix), [&](absl::string_view, absl::string_view value) {
    if (page.accounts.size() >= limit) {
      page.next_page_token = page.accounts.back().code();
      return false;
    }
    v1::AccountState state;
    if (!state.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      failure = absl::DataLossError("an account record does not decode");
      return false;
    }
    page.accounts.push_back(state.account());
    return true;
  }));
  RETURN_IF_ERROR(failure);
  return page;
}

absl::StatusOr<std::vector<v1::JournalEntry>> QueryEntries(const StorageReader& reader, uint64_t from_seq,
                                                           uint32_t limit) {
  const uint32_t max = ClampPageSize(limit);
  std::vector<v1::JournalEntry> entries;
  absl::Status failure = absl::OkStatus();
  RETURN_IF_ERROR(reader.ScanJournal(std::max<uint64_t>(from_seq, 1), [&](uint64_t seq, absl::string_view value) {
    auto entry = OpenEntry(seq, value);
    if (!entry.ok()) {
      failure = entry.status();
      return false;
    }
    entries.push_back(std::move(*entry));
    return entries.size() < max;
  }));
  RETURN_IF_ERROR(failure);
  return entries;
}

absl::StatusOr<uint64_t> QueryLastSeq(const StorageReader& reader) {
  ASSIGN_OR_RETURN(auto last, reader.GetMeta(kMetaLastSeq));
  if (!last.has_value()) return 0;
  if (last->size() != 8) return absl::DataLossError("the recorded last seq is damaged");
  return ReadBigEndian64(*last);
}

}  // namespace fondbok::ledger
