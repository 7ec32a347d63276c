#include "tools/reconcile/report.h"

#include <cstdint>
#include <limits>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
  const std::string breaks = BreaksText(report.breaks);
  if (!breaks.empty()) absl::StrAppend(&out, breaks, "\n");
  if (report.Whole()) {
    absl::StrAppend(&out, "Result: whole — every check holds\n");
  } else {
    absl::StrAppend(&out, "Result: ", report.breaks.size(), report.breaks.size() == 1 ? " break" : " breaks", "\n");
  }
  return out;
}

std::string FormatJson(const ReconcileReport& report) {
  return absl::StrCat("{\"data_dir\":", JsonString(report.data_dir), ",\"mode\":", JsonString(report.mode),
                      ",\"whole\":", Bool(report.Whole()), ",\"integrity\":", IntegrityJson(report.integrity),
                      ",\"replay\":", ReplayJson(report.replay), ",\"breaks\":", BreaksJson(report.breaks), "}\n");
}

}  // namespace fondbok::reconcile
