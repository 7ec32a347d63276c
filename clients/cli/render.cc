#include "clients/cli/render.h"

#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "clients/cli/arguments.h"
#include "clients/cli/json.h"
#include "clients/cli/table.h"
#include "ledger/money.h"

namespace fondbok::cli {
namespace {

constexpr size_t kShortHashDigits = 16;

std::string PostingCurrency(const v1::JournalEntry& entry) {
  return entry.postings_size() > 0 ? entry.postings(0).currency() : std::string();
}

std::string Quoted(absl::string_view memo) { return memo.empty() ? "" : absl::StrCat(" \"", memo, "\""); }

std::string FlagsText(const v1::Account& account) {
  std::vector<std::string> words;
  if (account.flags().debits_must_not_exceed_credits()) words.push_back("debits<=credits");
  if (account.flags().credits_must_not_exceed_debits()) words.push_back("credits<=debits");
  if (account.closed()) words.push_back("closed");
  return absl::StrJoin(words, ",");
}

std::string SideWord(v1::Side side) {
  switch (side) {
    case v1::DEBIT: return "debit";
    case v1::CREDIT: return "credit";
    default: return "?";
  }
}

// The name of the oneof member that is set ("entry_posted"), for events this client does not know.
std::string EventKindName(const v1::Event& event) {
  const auto* oneof = event.GetDescriptor()->FindOneofByName("kind");
  const auto* field = event.GetReflection()->GetOneofFieldDescriptor(event, oneof);
  if (field == nullptr) return "no event";
  return absl::StrReplaceAll(field->name(), {{"_", " "}});
}

std::string KeyValueTable(const std::vector<std::pair<std::string, std::string>>& rows) {
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kLeft}});
  for (const auto& [key, value] : rows) table.AddRow({key, value});
  return table.Render();
}

}  // namespace

std::string FormatMoney(int64_t amount_ore, absl::string_view currency) {
  return ledger::FormatAmount(amount_ore, currency.empty() ? "SEK" : currency);
}

std::string FormatTimeUs(int64_t time_us, absl::string_view zero_text) {
  if (time_us == 0) return std::string(zero_text);
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMicros(time_us), absl::UTCTimeZone());
}

std::string RenderWriteResult(const v1::WriteResult& result) {
  std::string out;
  for (const v1::EntryRef& entry : result.entries()) {
    absl::StrAppend(&out, "seq ", entry.seq(), "  hash ", Hex(entry.hash()), "\n");
  }
  return out;
}

std::string RenderBalance(const v1::Balance& balance) {
  std::string out = absl::StrCat(balance.account(), " (", AccountTypeWord(balance.type()), ", ",
                                 balance.currency(), ") as of seq ", balance.as_of_seq());
  if (!balance.as_of_date().empty()) absl::StrAppend(&out, ", value date ", balance.as_of_date());
  out += "\n";
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kRight}});
  const std::string& currency = balance.currency();
  table.AddRow({"posted debits", FormatMoney(balance.posted_debits(), currency)});
  table.AddRow({"posted credits", FormatMoney(balance.posted_credits(), currency)});
  table.AddRow({"pending debits", FormatMoney(balance.pending_debits(), currency)});
  table.AddRow({"pending credits", FormatMoney(balance.pending_credits(), currency)});
  table.AddRow({"balance", FormatMoney(balance.balance(), currency)});
  return out + table.Render();
}

std::string RenderAccount(const v1::Account& account) {
  return KeyValueTable({
      {"code", account.code()},
      {"name", account.name()},
      {"type", AccountTypeWord(account.type())},
      {"currency", account.currency()},
      {"owner", account.owner()},
      {"earmark", account.earmark()},
      {"flags", FlagsText(account)},
      {"opened at seq", absl::StrCat(account.opened_seq())},
  });
}

std::string RenderAccounts(const Repeated<v1::Account>& accounts) {
  Table table({{"CODE"}, {"TYPE"}, {"CURRENCY"}, {"OWNER"}, {"EARMARK"}, {"FLAGS"}, {"NAME"}});
  for (const v1::Account& account : accounts) {
    table.AddRow({account.code(), AccountTypeWord(account.type()), account.currency(),
                  account.owner(), account.earmark(), FlagsText(account), account.name()});
  }
  return table.Render();
}

std::string RenderHistory(const Repeated<v1::HistoryLine>& lines, absl::string_view currency) {
  Table table({{"SEQ", Table::Align::kRight},
               {"VALUE DATE"},
               {"SIDE"},
               {"POSTED", Table::Align::kRight},
               {"PENDING", Table::Align::kRight},
               {"BALANCE AFTER", Table::Align::kRight}});
  for (const v1::HistoryLine& line : lines) {
    table.AddRow({absl::StrCat(line.seq()), line.value_date(), SideWord(line.side()),
                  line.posted_delta_ore() == 0 ? "" : FormatMoney(line.posted_delta_ore(), currency),
                  line.pending_delta_ore() == 0 ? "" : FormatMoney(line.pending_delta_ore(), currency),
                  FormatMoney(line.balance_after_ore(), currency)});
  }
  return table.Render();
}

std::string RenderEntries(const Repeated<v1::JournalEntry>& entries) {
  Table table({{"SEQ", Table::Align::kRight},
               {"VALUE DATE"},
               {"EVENT"},
               {"ACCOUNT"},
               {"DEBIT", Table::Align::kRight},
               {"CREDIT", Table::Align::kRight}});
  for (const v1::JournalEntry& entry : entries) {
    const std::string seq = absl::StrCat(entry.seq());
    const std::string event = DescribeEvent(entry);
    if (entry.postings().empty()) {
      table.AddRow({seq, entry.value_date(), event, "", "", ""});
      continue;
    }
    bool first = true;
    for (const v1::Posting& posting : entry.postings()) {
      std::string account = posting.account();
      if (posting.phase() == v1::PENDING) account += " (pending)";
      const std::string amount = FormatMoney(posting.amount_ore(), posting.currency());
      const bool debit = posting.side() == v1::DEBIT;
      table.AddRow({first ? seq : "", first ? entry.value_date() : "", first ? event : "", account,
                    debit ? amount : "", debit ? "" : amount});
      first = false;
    }
  }
  return table.Render();
}

std::string DescribeEvent(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  switch (event.kind_case()) {
    case v1::Event::kFundCreated:
      return absl::StrCat("fund created: ", event.fund_created().name(), " (",
                          event.fund_created().base_currency(), ")");
    case v1::Event::kAccountOpened:
      return absl::StrCat("account opened: ", event.account_opened().account().code());
    case v1::Event::kEntryPosted: {
      const bool pending = entry.postings_size() > 0 && entry.postings(0).phase() == v1::PENDING;
      return absl::StrCat(pending ? "pending entry" : "entry posted", Quoted(event.entry_posted().memo()));
    }
    case v1::Event::kPendingPosted: {
      const auto& posted = event.pending_posted();
      return absl::StrCat("pending #", posted.pending_seq(), " posted",
                          posted.amount_ore() == 0
                              ? ""
                              : absl::StrCat(" ", FormatMoney(posted.amount_ore(), PostingCurrency(entry))),
                          Quoted(posted.memo()));
    }
    case v1::Event::kPendingVoided: {
      const auto& voided = event.pending_voided();
      return absl::StrCat("pending #", voided.pending_seq(), voided.expired() ? " expired" : " voided",
                          Quoted(voided.memo()));
    }
    case v1::Event::kEntryReversed:
      return absl::StrCat("reverses #", event.entry_reversed().reversed_seq(),
                          Quoted(event.entry_reversed().memo()));
    case v1::Event::kPeriodClosed:
      return absl::StrCat("period closed through ", event.period_closed().period());
    case v1::Event::kTokenIssued: {
      const v1::Principal& principal = event.token_issued().principal();
      return absl::StrCat("token issued: ", principal.id(), " (", RoleWord(principal.role()),
                          principal.name().empty() ? "" : absl::StrCat(", ", principal.name()), ")");
    }
    case v1::Event::kTokenRevoked:
      return absl::StrCat("token revoked: ", event.token_revoked().token_id(),
                          Quoted(event.token_revoked().reason()));
    default:
      return EventKindName(event);
  }
}

std::string FormatEntryLine(const v1::JournalEntry& entry) {
  std::string line = absl::StrCat("#", entry.seq(), "  ", entry.value_date(), "  ", DescribeEvent(entry));
  std::vector<std::string> postings;
  for (const v1::Posting& posting : entry.postings()) {
    postings.push_back(absl::StrCat(posting.side() == v1::DEBIT ? "D " : "C ", posting.account(), " ",
                                    FormatMoney(posting.amount_ore(), posting.currency()),
                                    posting.phase() == v1::PENDING ? " (pending)" : ""));
  }
  if (!postings.empty()) absl::StrAppend(&line, "  [", absl::StrJoin(postings, "; "), "]");
  absl::StrAppend(&line, "  by ", entry.actor());
  if (!entry.request_id().empty()) absl::StrAppend(&line, "  request ", entry.request_id());
  absl::StrAppend(&line, "  hash ", Hex(entry.hash()).substr(0, kShortHashDigits));
  return line;
}

std::string PrincipalStatus(const v1::Principal& principal, int64_t now_us) {
  if (principal.revoked()) return "revoked";
  if (principal.expires_at_us() != 0 && principal.expires_at_us() <= now_us) return "expired";
  return "active";
}

std::string RenderPrincipal(const v1::Principal& principal, int64_t now_us) {
  return KeyValueTable({
      {"id", principal.id()},
      {"name", principal.name()},
      {"role", RoleWord(principal.role())},
      {"organisation", principal.organisation()},
      {"expires", FormatTimeUs(principal.expires_at_us())},
      {"status", PrincipalStatus(principal, now_us)},
      {"issued at seq", absl::StrCat(principal.issued_seq())},
  });
}

std::string RenderPrincipals(const Repeated<v1::Principal>& principals, int64_t now_us) {
  Table table({{"ID"},
               {"ROLE"},
               {"NAME"},
               {"ORGANISATION"},
               {"EXPIRES"},
               {"STATUS"},
               {"ISSUED SEQ", Table::Align::kRight}});
  for (const v1::Principal& principal : principals) {
    table.AddRow({principal.id(), RoleWord(principal.role()), principal.name(), principal.organisation(),
                  FormatTimeUs(principal.expires_at_us()), PrincipalStatus(principal, now_us),
                  absl::StrCat(principal.issued_seq())});
  }
  return table.Render();
}

}  // namespace fondbok::cli
