#include "services/payments/bank_csv.h"

#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/payments/text_encoding.h"

namespace fondbok::payments {
namespace {

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

// One CSV record: its fields as written (quotes removed, "" undone) and the line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  // An empty line, or one of empty fields only (";;;", as spreadsheets export): skipped.
  bool blank() const {
    for (const std::string& field : fields) {
      if (!absl::StripAsciiWhitespace(field).empty()) return false;
    }
    return true;
  }
};

// Splits the text into records, one at a time. Quoted fields may span lines.
class CsvReader {
 public:
  explicit CsvReader(absl::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  void set_separator(char separator) { separator_ = separator; }

  // REQUIRES: !done().
  absl::StatusOr<CsvRecord> Next() {
    CsvRecord record;
    record.line = line_;
    while (true) {
      std::string field;
      ASSIGN_OR_RETURN(char end, ReadField(record, &field));
      if (field.size() > kBankCsvFieldCharsMax) {
        return LineError(record.line, absl::StrCat("field ", record.fields.size() + 1, " is ", field.size(),
                                                   " bytes long; at most ", kBankCsvFieldCharsMax));
      }
      record.fields.push_back(std::move(field));
      if (end != separator_) return record;
    }
  }

 private:
  // Reads one field; returns what ended it: the separator, '\n' or '\0' at the end of the text.
  absl::StatusOr<char> ReadField(const CsvRecord& record, std::string* field) {
    size_t start = pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '"') return ReadQuoted(record, field);
    pos_ = start;
    while (pos_ < text_.size() && text_[pos_] != separator_ && text_[pos_] != '\n') field->push_back(text_[pos_++]);
    if (!field->empty() && field->back() == '\r') field->pop_back();
    return Terminator();
  }

  absl::StatusOr<char> ReadQuoted(const CsvRecord& record, std::string* field) {
    const int opened_line = line_;
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) {
        return LineError(opened_line, absl::StrCat("the quote opened in field ", record.fields.size() + 1,
                                                   " is never closed"));
      }
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field->push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field->push_back(c);
    }
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != separator_ && text_[pos_] != '\n') {
      return LineError(line_, absl::StrCat("unexpected character '", absl::string_view(&text_[pos_], 1),
                                           "' after the closing quote of field ", record.fields.size() + 1,
                                           " (write a quote inside a quoted field as \"\")"));
    }
    return Terminator();
  }

  // Consumes the separator or line end at pos_ and says which it was.
  char Terminator() {
    if (pos_ >= text_.size()) return '\0';
    char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }

  absl::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  char separator_ = ',';
};

// Column positions of the four required columns.
struct Columns {
  size_t count = 0;
  size_t date = 0, amount = 0, reference = 0, text = 0;
};

absl::StatusOr<Columns> ReadHeader(const CsvRecord& header) {
  static constexpr const char* kRequired[] = {"date", "amount", "reference", "text"};
  std::map<std::string, size_t> index;
  std::vector<std::string> names;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    names.push_back(name);
    if (!index.emplace(name, i).second && !name.empty()) {
      for (const char* required : kRequired) {
        if (name == required) {
          return LineError(header.line, absl::StrCat("the header names the column \"", name, "\" twice"));
        }
      }
    }
  }
  for (const char* required : kRequired) {
    if (!index.count(required)) {
      return LineError(header.line, absl::StrCat("the header lacks the column \"", required,
                                                 "\"; a bank statement needs date, amount, reference and text"
                                                 " (found: ", absl::StrJoin(names, ", "), ")"));
    }
  }
  return Columns{header.fields.size(), index["date"], index["amount"], index["reference"], index["text"]};
}

// Text fields: trimmed; tabs and line breaks inside quotes become spaces; other controls refused.
absl::StatusOr<std::string> CleanText(const CsvRecord& record, size_t column, absl::string_view name) {
  std::string out(absl::StripAsciiWhitespace(record.fields[column]));
  for (char& c : out) {
    if (c == '\t' || c == '\r' || c == '\n') {
      c = ' ';
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return LineError(record.line, absl::StrCat(name, " holds the control character 0x",
                                                 absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2)));
    }
  }
  return out;
}

absl::StatusOr<int64_t> ReadAmount(const CsvRecord& record, size_t column) {
  std::string text(absl::StripAsciiWhitespace(record.fields[column]));
  if (text.empty()) return LineError(record.line, "the amount is empty");
  if (absl::StartsWith(text, "\xE2\x88\x92")) text.replace(0, 3, "-");  // U+2212 minus sign
  if (text[0] == '+') text.erase(0, 1);
  absl::StatusOr<int64_t> ore = ledger::ParseAmount(text, /*allow_negative=*/true);
  if (!ore.ok()) return LineError(record.line, ore.status().message());
  return *ore;
}

absl::StatusOr<CsvRow> ReadRow(const CsvRecord& record, const Columns& columns, char separator) {
  if (record.fields.size() != columns.count) {
    std::string hint = separator == ',' && record.fields.size() > columns.count
                           ? " (with ',' as separator a decimal comma must be quoted: \"1250,50\")"
                           : "";
    return LineError(record.line, absl::StrCat(record.fields.size(), " fields, but the header has ", columns.count,
                                               hint));
  }
  CsvRow row;
  row.line = record.line;
  absl::StatusOr<absl::CivilDay> date =
      ledger::ParseDate(absl::StripAsciiWhitespace(record.fields[columns.date]), "date");
  if (!date.ok()) return LineError(record.line, date.status().message());
  row.date = *date;
  ASSIGN_OR_RETURN(row.amount_ore, ReadAmount(record, columns.amount));
  ASSIGN_OR_RETURN(row.reference, CleanText(record, columns.reference, "the reference"));
  ASSIGN_OR_RETURN(row.text, CleanText(record, columns.text, "the text"));
  return row;
}

// The text as UTF-8 without a byte-order mark.
std::string ToUtf8Text(absl::string_view bytes) {
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return ToUtf8(DecodeText(bytes, TextEncoding::kWindows1252));
}

}  // namespace

absl::StatusOr<CsvStatement> ParseBankCsv(absl::string_view bytes) {
  if (bytes.size() > kBankCsvBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("the file is ", bytes.size(), " bytes; a CSV statement may be at most ",
                                                   kBankCsvBytesMax >> 20, " MiB"));
  }
  const std::string text = ToUtf8Text(bytes);
  CsvStatement statement;
  CsvReader reader(text);
  std::optional<Columns> columns;
  std::map<std::tuple<absl::CivilDay, int64_t, std::string, std::string>, int> first_line;
  while (!reader.done()) {
    if (!columns) {
      // The separator is chosen from the header's first line, before the header is split.
      size_t start = text.find_first_not_of(" \t\r\n");
      if (start == std::string::npos) break;
      absl::string_view first = absl::string_view(text).substr(start);
      statement.separator = first.substr(0, first.find('\n')).find(';') != absl::string_view::npos ? ';' : ',';
      reader.set_separator(statement.separator);
    }
    ASSIGN_OR_RETURN(CsvRecord record, reader.Next());
    if (record.blank()) continue;
    if (!columns) {
      ASSIGN_OR_RETURN(columns, ReadHeader(record));
      continue;
    }
    ASSIGN_OR_RETURN(CsvRow row, ReadRow(record, *columns, statement.separator));
    auto [it, inserted] = first_line.emplace(std::make_tuple(row.date, row.amount_ore, row.reference, row.text),
                                             row.line);
    if (!inserted) {
      row.duplicate_of_line = it->second;
      ++statement.duplicate_rows;
    }
    statement.rows.push_back(std::move(row));
  }
  if (!columns) {
    return absl::InvalidArgumentError(
        "the file is empty: a bank statement starts with a header line naming date, amount, reference and text");
  }
  return statement;
}

}  // namespace fondbok::payments
