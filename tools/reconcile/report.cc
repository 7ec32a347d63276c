#include "tools/reconcile/report.h"

#include <cstdint>
#include <limits>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/date.h"
#include "ledger/hash.h"
#include "ledger/money.h"

namespace fondbok::reconcile {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Left-aligned columns, two spaces apart, each line indented by `indent`.
std::string Align(const Rows& rows, absl::string_view indent = "  ") {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line(indent);
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string Decimal(absl::int128 value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string Bool(bool value) { return value ? "true" : "false"; }

std::string IntegrityText(const IntegrityReport& integrity) {
  Rows rows;
  rows.push_back({"hash chain", integrity.chain_whole ? absl::StrCat("whole, seq 1–", integrity.last_seq)
                                                      : absl::StrCat("BROKEN after seq ", integrity.last_seq)});
  if (!integrity.last_hash.empty()) rows.push_back({"last hash", ledger::ToHex(integrity.last_hash)});
  rows.push_back({"entries", absl::StrCat(integrity.entries)});
  rows.push_back({"accounts", absl::StrCat(integrity.accounts)});
  std::string out = absl::StrCat("Integrity\n", Align(rows));
  if (!integrity.trial_balance_checked) return absl::StrCat(out, "  trial balance  skipped: the journal is broken\n");
  Rows totals = {{"currency", "journal debits", "journal credits", "accounts' debits", "accounts' credits", ""}};
  for (const auto& [currency, t] : integrity.currencies) {
    totals.push_back({currency, FormatTotal(t.journal_debits, currency), FormatTotal(t.journal_credits, currency),
                      FormatTotal(t.view_debits, currency), FormatTotal(t.view_credits, currency),
                      t.Balanced() ? "zero" : "DOES NOT BALANCE"});
  }
  absl::StrAppend(&out, "  trial balance (posted)\n", Align(totals, "    "));
  return out;
}

std::string ReplayText(const ReplayReport& replay) {
  if (!replay.performed) {
    return absl::StrCat("Replay\n", Align({{"skipped", replay.skipped_because.empty() ? "-" : replay.skipped_because}}));
  }
  uint64_t views = 0;
  std::vector<std::string> parts;
  for (const auto& [module, keys] : replay.views_by_module) {
    views += keys;
    parts.push_back(absl::StrCat(module, " ", keys));
  }
  Rows rows = {{"time zone", absl::StrCat(replay.time_zone, " (", replay.time_zone_source, ")")},
               {"entries replayed", absl::StrCat(replay.entries)},
               {"views compared", absl::StrCat(views, parts.empty() ? "" : absl::StrCat(" (", absl::StrJoin(parts, ", "), ")"))},
               {"index rows", absl::StrCat(replay.index_rows)},
               {"differences", absl::StrCat(replay.differences)}};
  return absl::StrCat("Replay (views rebuilt in memory)\n", Align(rows));
}

std::string BreaksText(const std::vector<Break>& breaks) {
  if (breaks.empty()) return "";
  Rows rows;
  for (const Break& b : breaks) {
    std::string where = b.seq != 0 ? absl::StrCat("seq ", b.seq) : b.key.empty() ? "-" : b.key;
    rows.push_back({b.check, where, b.reason});
  }
  return absl::StrCat("Breaks\n", Align(rows));
}

std::string CurrenciesJson(const IntegrityReport& integrity) {
  std::vector<std::string> items;
  for (const auto& [currency, t] : integrity.currencies) {
    items.push_back(absl::StrCat("{\"currency\":", JsonString(currency),
                                 ",\"journal_debits_ore\":", Decimal(t.journal_debits),
                                 ",\"journal_credits_ore\":", Decimal(t.journal_credits),
                                 ",\"view_debits_ore\":", Decimal(t.view_debits),
                                 ",\"view_credits_ore\":", Decimal(t.view_credits), ",\"balanced\":", Bool(t.Balanced()),
                                 "}"));
  }
  return absl::StrCat("[", absl::StrJoin(items, ","), "]");
}

std::string IntegrityJson(const IntegrityReport& integrity) {
  return absl::StrCat("{\"chain_whole\":", Bool(integrity.chain_whole), ",\"entries\":", integrity.entries,
                      ",\"last_seq\":", integrity.last_seq,
                      ",\"last_hash\":", JsonString(ledger::ToHex(integrity.last_hash)),
                      ",\"trial_balance_checked\":", Bool(integrity.trial_balance_checked),
                      ",\"accounts\":", integrity.accounts, ",\"currencies\":", CurrenciesJson(integrity), "}");
}

std::string ReplayJson(const ReplayReport& replay) {
  uint64_t views = 0;
  std::vector<std::string> modules;
  for (const auto& [module, keys] : replay.views_by_module) {
    views += keys;
    modules.push_back(absl::StrCat(JsonString(module), ":", keys));
  }
  return absl::StrCat("{\"performed\":", Bool(replay.performed),
                      ",\"skipped_because\":", JsonString(replay.skipped_because),
                      ",\"time_zone\":", JsonString(replay.time_zone),
                      ",\"time_zone_source\":", JsonString(replay.time_zone_source), ",\"entries\":", replay.entries,
                      ",\"views_compared\":", views, ",\"views_by_module\":{", absl::StrJoin(modules, ","), "}",
                      ",\"index_rows\":", replay.index_rows, ",\"differences\":", replay.differences, "}");
}

std::string BreaksJson(const std::vector<Break>& breaks) {
  std::vector<std::string> items;
  for (const Break& b : breaks) {
    items.push_back(absl::StrCat("{\"check\":", JsonString(b.check), ",\"seq\":", b.seq, ",\"key\":", JsonString(b.key),
                                 ",\"reason\":", JsonString(b.reason), "}"));
  }
  return absl::StrCat("[", absl::StrJoin(items, ","), "]");
}

std::string Sek(int64_t amount_ore) { return ledger::FormatAmount(amount_ore, "SEK"); }

// Where an item is: "line 4" / "entry 2" on the statement, "seq 7" in the ledger.
std::string Where(const BankLine& line, absl::string_view format, bool ledger_side) {
  if (ledger_side) return absl::StrCat("seq ", line.source);
  return absl::StrCat(format == "csv" ? "line " : "entry ", line.source);
}

void AddItems(const std::vector<BankLine>& lines, absl::string_view what, absl::string_view format, bool ledger_side,
              Rows* rows) {
  for (const BankLine& line : lines) {
    rows->push_back({std::string(what), Where(line, format, ledger_side), ledger::FormatDate(line.date),
                     Sek(line.amount_ore), line.reference.empty() ? "-" : line.reference});
  }
}

std::string BankText(const BankReport& bank) {
  Rows rows = {{"statement", absl::StrCat(bank.file, " (", bank.format, ")")},
               {"range", bank.has_range ? absl::StrCat(ledger::FormatDate(bank.from), "..", ledger::FormatDate(bank.to))
                                        : "no movements"},
               {"window", absl::StrCat(bank.window_days, " days")},
               {"matched", absl::StrCat(bank.match.matched.size())},
               {"unmatched", absl::StrCat(bank.match.unmatched_statement.size(), " on the statement, ",
                                          bank.match.unmatched_ledger.size(), " in the ledger")}};
  std::string out = absl::StrCat("Bank (", kBankAccount, ")\n", Align(rows));
  Rows balances = {{"balance", "statement", "ledger", "difference"}};
  for (const BankBalance& b : bank.balances) {
    balances.push_back({b.label, Sek(b.statement_ore), Sek(b.ledger_ore), Sek(b.difference_ore())});
  }
  absl::StrAppend(&out, Align(balances, "    "));
  Rows items;
  AddItems(bank.match.unmatched_statement, "not in the ledger", bank.format, false, &items);
  AddItems(bank.match.unmatched_ledger, "not on the statement", bank.format, true, &items);
  if (!items.empty()) absl::StrAppend(&out, "  unmatched\n", Align(items, "    "));
  return out;
}

std::string ItemsJson(const std::vector<BankLine>& lines, absl::string_view source_key) {
  std::vector<std::string> items;
  for (const BankLine& line : lines) {
    items.push_back(absl::StrCat("{\"date\":", JsonString(ledger::FormatDate(line.date)),
                                 ",\"amount_ore\":", line.amount_ore, ",\"reference\":", JsonString(line.reference),
                                 ",\"text\":", JsonString(line.text), ",\"", source_key, "\":", line.source, "}"));
  }
  return absl::StrCat("[", absl::StrJoin(items, ","), "]");
}

// {"file", "format", "window_days", "from", "to", "matched", "holds",
//  "unmatched_statement": [{"date", "amount_ore", "reference", "text", "line"|"entry"}],
//  "unmatched_ledger": [{..., "seq"}], "balances": [{"label", "statement_ore", "ledger_ore", "difference_ore"}]}
std::string BankJson(const BankReport& bank) {
  std::vector<std::string> balances;
  for (const BankBalance& b : bank.balances) {
    balances.push_back(absl::StrCat("{\"label\":", JsonString(b.label), ",\"statement_ore\":", b.statement_ore,
                                    ",\"ledger_ore\":", b.ledger_ore, ",\"difference_ore\":", b.difference_ore(), "}"));
  }
  return absl::StrCat(
      "{\"file\":", JsonString(bank.file), ",\"format\":", JsonString(bank.format), ",\"window_days\":", bank.window_days,
      ",\"from\":", JsonString(bank.has_range ? ledger::FormatDate(bank.from) : ""),
      ",\"to\":", JsonString(bank.has_range ? ledger::FormatDate(bank.to) : ""),
      ",\"matched\":", bank.match.matched.size(), ",\"holds\":", Bool(bank.Holds()),
      ",\"unmatched_statement\":", ItemsJson(bank.match.unmatched_statement, bank.format == "csv" ? "line" : "entry"),
      ",\"unmatched_ledger\":", ItemsJson(bank.match.unmatched_ledger, "seq"), ",\"balances\":[",
      absl::StrJoin(balances, ","), "]}");
}

}  // namespace

std::string FormatTotal(absl::int128 amount_ore, absl::string_view currency) {
  if (amount_ore >= std::numeric_limits<int64_t>::min() && amount_ore <= std::numeric_limits<int64_t>::max()) {
    return ledger::FormatAmount(static_cast<int64_t>(amount_ore), currency);
  }
  return absl::StrCat(Decimal(amount_ore), " öre");
}

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          absl::StrAppend(&out, "\\u00", absl::Hex(c, absl::kZeroPad2));
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
  return out;
}

std::string FormatText(const ReconcileReport& report) {
  std::string out = absl::StrCat("fondbok-reconcile  ", report.data_dir, " (", report.mode, ")\n\n");
  absl::StrAppend(&out, IntegrityText(report.integrity), "\n", ReplayText(report.replay), "\n");
  if (report.bank.has_value()) absl::StrAppend(&out, BankText(*report.bank), "\n");
  const std::string breaks = BreaksText(report.breaks);
  if (!breaks.empty()) absl::StrAppend(&out, breaks, "\n");
  if (report.Whole()) {
    absl::StrAppend(&out, "Result: whole — every check holds\n");
  } else if (report.breaks.empty()) {
    absl::StrAppend(&out, "Result: the bank does not reconcile\n");
  } else {
    absl::StrAppend(&out, "Result: ", report.breaks.size(), report.breaks.size() == 1 ? " break" : " breaks",
                    report.bank.has_value() && !report.bank->Holds() ? "; the bank does not reconcile" : "", "\n");
  }
  return out;
}

std::string FormatJson(const ReconcileReport& report) {
  return absl::StrCat("{\"data_dir\":", JsonString(report.data_dir), ",\"mode\":", JsonString(report.mode),
                      ",\"whole\":", Bool(report.Whole()), ",\"integrity\":", IntegrityJson(report.integrity),
                      ",\"replay\":", ReplayJson(report.replay),
                      report.bank.has_value() ? absl::StrCat(",\"bank\":", BankJson(*report.bank)) : "", ",\"breaks\":", BreaksJson(report.breaks), "}\n");
}

}  // namespace fondbok::reconcile
