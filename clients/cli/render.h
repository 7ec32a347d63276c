// Human-readable output of the CLI: tables and one-line summaries. Pure functions of the protos;
// every amount goes through ledger::FormatAmount ("1 250,50 kr").
#ifndef FONDBOK_CLIENTS_CLI_RENDER_H_
#define FONDBOK_CLIENTS_CLI_RENDER_H_

#include <cstdint>
#include <string>

#include <google/protobuf/repeated_ptr_field.h>

#include "absl/strings/string_view.h"
#include "fondbok/v1/auth.pb.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "fondbok/v1/ledger_service.pb.h"

namespace fondbok::cli {

template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// "1 250,50 kr"; an empty currency is taken as SEK.
std::string FormatMoney(int64_t amount_ore, absl::string_view currency);

// "2024-05-01 12:34:56 UTC" for microseconds since the Unix epoch; `zero_text` for 0.
std::string FormatTimeUs(int64_t time_us, absl::string_view zero_text = "never");

// "seq 7  hash 3fa2…" (full hex), one line per entry written.
std::string RenderWriteResult(const v1::WriteResult& result);

// The account's line and a table of posted/pending debits and credits and the balance.
std::string RenderBalance(const v1::Balance& balance);

// One account, field by field.
std::string RenderAccount(const v1::Account& account);

// CODE TYPE CURRENCY OWNER EARMARK FLAGS NAME.
std::string RenderAccounts(const Repeated<v1::Account>& accounts);

// SEQ VALUE DATE SIDE POSTED PENDING BALANCE AFTER, amounts in `currency`.
std::string RenderHistory(const Repeated<v1::HistoryLine>& lines, absl::string_view currency);

// A journal: one row per posting, the entry's seq, date and event on its first row.
std::string RenderEntries(const Repeated<v1::JournalEntry>& entries);

// What an entry records, in a few words: `entry posted "rent May"`, `reverses #12`.
std::string DescribeEvent(const v1::JournalEntry& entry);

// One entry on one line (for `ledger follow`), without a trailing newline.
std::string FormatEntryLine(const v1::JournalEntry& entry);

// "active", "revoked" or "expired" as of `now_us`.
std::string PrincipalStatus(const v1::Principal& principal, int64_t now_us);

// One principal, field by field.
std::string RenderPrincipal(const v1::Principal& principal, int64_t now_us);

// ID ROLE NAME ORGANISATION EXPIRES STATUS ISSUED SEQ.
std::string RenderPrincipals(const Repeated<v1::Principal>& principals, int64_t now_us);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_RENDER_H_
