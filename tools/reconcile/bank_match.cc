#include "tools/reconcile/bank_match.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/payments/payment_import.h"
#include "services/payments/payment_keys.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/date.h"
#include "ledger/queries.h"
#include "ledger/status_macros.h"
#include "services/payments/bank_csv.h"
#include "services/payments/camt.h"

namespace fondbok::reconcile {
namespace {

int64_t DaysApart(absl::CivilDay a, absl::CivilDay b) { return std::llabs(static_cast<int64_t>(a - b)); }

// The unmatched ledger movement for `line` by amount and date (see MatchStatement), or -1.
int BestByDate(const BankLine& line, const std::vector<BankLine>& ledger, const std::vector<bool>& used,
               int window_days) {
  int best = -1;
  for (size_t i = 0; i < ledger.size(); ++i) {
    if (used[i] || ledger[i].amount_ore != line.amount_ore) continue;
    const int64_t apart = DaysApart(ledger[i].date, line.date);
    if (apart > window_days) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const int64_t best_apart = DaysApart(ledger[best].date, line.date);
    if (apart < best_apart || (apart == best_apart && ledger[i].date < ledger[best].date)) best = static_cast<int>(i);
  }
  return best;
}

absl::StatusOr<BankStatement> FromCamt(absl::string_view bytes) {
  ASSIGN_OR_RETURN(payments::CamtDocument document, payments::ParseCamt(bytes));
  if (document.kind != payments::CamtKind::kStatement) {
    return absl::InvalidArgumentError("a camt.054 notification is no statement: reconcile needs a camt.053");
  }
  if (document.statements.empty()) return absl::InvalidArgumentError("the camt.053 holds no Stmt");
  BankStatement statement;
  statement.format = "camt.053";
  statement.has_balances = true;
  statement.opening_ore = document.statements.front().opening.amount_ore;
  statement.opening_date = document.statements.front().opening.date;
  statement.closing_ore = document.statements.back().closing.amount_ore;
  statement.closing_date = document.statements.back().closing.date;
  uint64_t number = 0;
  for (const payments::CamtStatement& stmt : document.statements) {
    statement.accounts.emplace_back(stmt.path, stmt.iban.empty() ? stmt.other_account_id : stmt.iban);
    statement.currencies.emplace_back(stmt.path, stmt.currency);
    for (const payments::CamtEntry& entry : stmt.entries) {
      ++number;
      if (!entry.booked()) continue;
      // A bankgiro deposit is one entry holding one TxDtls per payment; the ledger books each payment
      // as its own entry, so an entry whose payments all carry amounts becomes one line per payment.
      const bool split = entry.transactions.size() > 1 &&
                         std::all_of(entry.transactions.begin(), entry.transactions.end(),
                                     [](const payments::CamtTransaction& tx) { return tx.has_amount; });
      if (split) {
        for (const payments::CamtTransaction& tx : entry.transactions) {
          const int64_t amount = entry.credit ? tx.amount_ore : -tx.amount_ore;
          statement.lines.push_back(BankLine{entry.booking_date, amount,
                                             tx.reference.empty() ? entry.account_servicer_ref : tx.reference,
                                             tx.path, number});
        }
        continue;
      }
      BankLine line{entry.booking_date, entry.signed_ore(), entry.account_servicer_ref, entry.path, number};
      if (!entry.transactions.empty() && !entry.transactions.front().reference.empty()) {
        line.reference = entry.transactions.front().reference;
      }
      statement.lines.push_back(std::move(line));
    }
  }
  return statement;
}

// The reference a ledger entry carries for bank matching (see ReadLedgerBank).
std::string ReferenceOf(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  if (event.has_repayment_recorded()) {
    const v1::Payment& payment = event.repayment_recorded().payment();
    return payment.ocr().empty() ? payment.reference() : payment.ocr();
  }
  if (event.has_capital_deposited()) return event.capital_deposited().memo();
  if (event.has_payment_received()) return event.payment_received().payment().reference();
  if (event.has_entry_posted()) return event.entry_posted().memo();
  return "";
}

std::string Range(absl::CivilDay from, absl::CivilDay to) {
  return absl::StrCat(ledger::FormatDate(from), "..", ledger::FormatDate(to));
}

absl::StatusOr<int64_t> LedgerBalanceOn(const ledger::StorageReader& reader, absl::CivilDay day) {
  ASSIGN_OR_RETURN(v1::Balance balance,
                   ledger::QueryBalance(reader, {std::string(kBankAccount), 0, ledger::FormatDate(day)}));
  return balance.balance();
}

}  // namespace

MatchResult MatchStatement(const std::vector<BankLine>& statement, const std::vector<BankLine>& ledger,
                           int window_days) {
  std::vector<int> pair(statement.size(), -1);
  std::vector<bool> by_reference(statement.size(), false);
  std::vector<bool> used(ledger.size(), false);
  for (size_t s = 0; s < statement.size(); ++s) {
    if (statement[s].reference.empty()) continue;
    for (size_t l = 0; l < ledger.size(); ++l) {
      if (used[l] || ledger[l].reference != statement[s].reference || ledger[l].amount_ore != statement[s].amount_ore) {
        continue;
      }
      pair[s] = static_cast<int>(l);
      by_reference[s] = true;
      used[l] = true;
      break;
    }
  }
  for (size_t s = 0; s < statement.size(); ++s) {
    if (pair[s] >= 0) continue;
    pair[s] = BestByDate(statement[s], ledger, used, window_days);
    if (pair[s] >= 0) used[pair[s]] = true;
  }
  MatchResult result;
  for (size_t s = 0; s < statement.size(); ++s) {
    if (pair[s] < 0) {
      result.unmatched_statement.push_back(statement[s]);
    } else {
      result.matched.push_back({statement[s], ledger[pair[s]], by_reference[s]});
    }
  }
  for (size_t l = 0; l < ledger.size(); ++l) {
    if (!used[l]) result.unmatched_ledger.push_back(ledger[l]);
  }
  return result;
}

absl::StatusOr<BankStatement> ParseStatement(absl::string_view bytes) {
  if (payments::LooksLikeCamt(bytes)) return FromCamt(bytes);
  ASSIGN_OR_RETURN(payments::CsvStatement csv, payments::ParseBankCsv(bytes));
  BankStatement statement;
  statement.format = "csv";
  for (const payments::CsvRow& row : csv.rows) {
    statement.lines.push_back({row.date, row.amount_ore, row.reference, row.text, static_cast<uint64_t>(row.line)});
  }
  return statement;
}

absl::StatusOr<BankStatement> ReadStatementFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read the statement"));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read the statement"));
  absl::StatusOr<BankStatement> statement = ParseStatement(bytes);
  if (!statement.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", statement.status().message()));
  }
  return statement;
}

absl::StatusOr<std::vector<BankLine>> ReadLedgerBank(const ledger::StorageReader& reader) {
  std::vector<BankLine> lines;
  uint64_t after = 0;
  do {
    ASSIGN_OR_RETURN(ledger::HistoryPage page, ledger::QueryHistory(reader, kBankAccount, after, ledger::kPageSizeMax));
    for (const ledger::HistoryLineOut& row : page.lines) {
      const int64_t signed_ore = row.side == v1::DEBIT ? row.posted_delta : -row.posted_delta;
      if (!lines.empty() && lines.back().source == row.seq) {
        lines.back().amount_ore += signed_ore;
      } else {
        lines.push_back({ledger::DayFromEpochDays(row.value_date_days), signed_ore, "", "", row.seq});
      }
    }
    after = page.next_after_seq;
  } while (after != 0);
  std::vector<BankLine> moved;
  for (BankLine& line : lines) {
    if (line.amount_ore == 0) continue;
    ASSIGN_OR_RETURN(std::vector<v1::JournalEntry> entries, ledger::QueryEntries(reader, line.source, 1));
    if (!entries.empty()) line.reference = ReferenceOf(entries.front());
    moved.push_back(std::move(line));
  }
  return moved;
}

bool BankReport::Holds() const {
  if (!match.unmatched_statement.empty() || !match.unmatched_ledger.empty()) return false;
  for (const BankBalance& balance : balances) {
    if (balance.difference_ore() != 0) return false;
  }
  return true;
}

absl::Status CheckStatementAccount(const ledger::StorageReader& reader, const BankStatement& statement) {
  for (const auto& [path, currency] : statement.currencies) {
    if (currency != "SEK") {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": the statement is in ", currency, "; the fund's bank account is in SEK"));
    }
  }
  ASSIGN_OR_RETURN(auto settings, payments::ReadSettings(reader));
  if (!settings.has_value()) return absl::OkStatus();
  for (const auto& [path, account] : statement.accounts) {
    if (!payments::IsFundAccount(*settings, account)) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": the statement is for account ", account, ", not the fund's ",
          settings->iban().empty() ? absl::StrCat("bankgiro ", settings->bankgiro()) : settings->iban()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<BankReport> CheckBank(const ledger::StorageReader& reader, const BankStatement& statement,
                                     int window_days) {
  RETURN_IF_ERROR(CheckStatementAccount(reader, statement));
  BankReport report;
  report.format = statement.format;
  report.window_days = window_days;
  ASSIGN_OR_RETURN(std::vector<BankLine> ledger_lines, ReadLedgerBank(reader));
  for (const BankLine& line : statement.lines) {
    if (!report.has_range || line.date < report.from) report.from = line.date;
    if (!report.has_range || line.date > report.to) report.to = line.date;
    report.has_range = true;
  }
  std::vector<BankLine> candidates;
  if (report.has_range) {
    for (const BankLine& line : ledger_lines) {
      if (line.date >= report.from - window_days && line.date <= report.to + window_days) candidates.push_back(line);
    }
  }
  report.match = MatchStatement(statement.lines, candidates, window_days);
  std::erase_if(report.match.unmatched_ledger,
                [&](const BankLine& line) { return line.date < report.from || line.date > report.to; });
  if (statement.has_balances) {
    const absl::CivilDay first = report.has_range ? report.from : statement.opening_date;
    const absl::CivilDay last = report.has_range ? report.to : statement.closing_date;
    ASSIGN_OR_RETURN(int64_t opening, LedgerBalanceOn(reader, first - 1));
    ASSIGN_OR_RETURN(int64_t closing, LedgerBalanceOn(reader, last));
    report.balances.push_back({absl::StrCat("opening (end of ", ledger::FormatDate(first - 1), ")"),
                               statement.opening_ore, opening});
    report.balances.push_back({absl::StrCat("closing (end of ", ledger::FormatDate(last), ")"),
                               statement.closing_ore, closing});
  } else if (report.has_range) {
    BankBalance movements{absl::StrCat("movements ", Range(report.from, report.to)), 0, 0};
    for (const BankLine& line : statement.lines) movements.statement_ore += line.amount_ore;
    for (const BankLine& line : ledger_lines) {
      if (line.date >= report.from && line.date <= report.to) movements.ledger_ore += line.amount_ore;
    }
    report.balances.push_back(std::move(movements));
  }
  return report;
}

}  // namespace fondbok::reconcile
