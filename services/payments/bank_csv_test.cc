#include "services/payments/bank_csv.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"

namespace fondbok::payments {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(FONDBOK_PAYMENTS_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open testdata/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(BankCsvTest, CommaSeparatedWithQuotesAndDuplicates) {
  absl::StatusOr<CsvStatement> statement = ParseBankCsv(ReadTestdata("csv_comma.csv"));
  ASSERT_TRUE(statement.ok()) << statement.status();
  EXPECT_EQ(statement->separator, ',');
  ASSERT_EQ(statement->rows.size(), 5u);
  const CsvRow& first = statement->rows[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.date, absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(first.amount_ore, 125000);
  EXPECT_EQ(first.reference, "1001000106");
  EXPECT_EQ(first.text, "Åsa Öberg");
  EXPECT_EQ(statement->rows[1].amount_ore, 125050);  // quoted decimal comma
  EXPECT_EQ(statement->rows[1].text, "Kjell Ärlig, faktura 7 och 8");
  EXPECT_EQ(statement->rows[2].amount_ore, -30000);
  EXPECT_EQ(statement->rows[2].reference, "");
  EXPECT_EQ(statement->rows[2].text, "Uttag \"kontant\"");
  // The empty line 5 is skipped; lines 6 and 7 are two equal payments, both kept.
  EXPECT_EQ(statement->rows[3].line, 6);
  EXPECT_EQ(statement->rows[4].line, 7);
  EXPECT_EQ(statement->rows[3].duplicate_of_line, 0);
  EXPECT_EQ(statement->rows[4].duplicate_of_line, 6);
  EXPECT_EQ(statement->duplicate_rows, 1);
}

TEST(BankCsvTest, SemicolonSeparatedLatin1WithDecimalComma) {
  absl::StatusOr<CsvStatement> statement = ParseBankCsv(ReadTestdata("csv_semicolon_latin1.csv"));
  ASSERT_TRUE(statement.ok()) << statement.status();
  EXPECT_EQ(statement->separator, ';');
  ASSERT_EQ(statement->rows.size(), 3u);
  EXPECT_EQ(statement->rows[0].amount_ore, 125000);
  EXPECT_EQ(statement->rows[0].text, "Åsa Öberg");  // ISO-8859-1 in the file
  EXPECT_EQ(statement->rows[1].text, "Lön; november");
  EXPECT_EQ(statement->rows[1].amount_ore, -30000);
  EXPECT_EQ(statement->rows[2].amount_ore, 33350);  // "+333,5"
  EXPECT_EQ(statement->rows[2].date, absl::CivilDay(2026, 11, 24));
  EXPECT_EQ(statement->duplicate_rows, 0);
}

TEST(BankCsvTest, Variants) {
  struct Case {
    std::string name;
    std::string csv;
    int64_t amount_ore;  // of the only row
    std::string text;
  } cases[] = {
      {"BOM and CRLF", "\xEF\xBB\xBF" "date,amount,reference,text\r\n2026-01-02,10,R1,t\r\n", 1000, "t"},
      {"extra columns", "Saldo;Date;Amount;Reference;Text\n99;2026-01-02;-1 000 000,05;R1;t\n", -100000005, "t"},
      {"spaces around fields", "date , amount , reference , text\n 2026-01-02 , 12.5 , R1 ,  a b  \n", 1250, "a b"},
      {"quoted line break", "date,amount,reference,text\n2026-01-02,1,R1,\"two\nlines\"\n", 100, "two lines"},
      {"quoted after spaces", "date,amount,reference,text\n2026-01-02, \"1,50\",R1,t\n", 150, "t"},
      {"minus sign", "date;amount;reference;text\n2026-01-02;\xE2\x88\x92" "5,00;R1;t\n", -500, "t"},
      {"no final newline", "date,amount,reference,text\n2026-01-02,0.01,R1,t", 1, "t"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CsvStatement> statement = ParseBankCsv(c.csv);
    ASSERT_TRUE(statement.ok()) << c.name << ": " << statement.status();
    ASSERT_EQ(statement->rows.size(), 1u) << c.name;
    EXPECT_EQ(statement->rows[0].amount_ore, c.amount_ore) << c.name;
    EXPECT_EQ(statement->rows[0].text, c.text) << c.name;
    EXPECT_EQ(statement->rows[0].date, absl::CivilDay(2026, 1, 2)) << c.name;
  }
}

TEST(BankCsvTest, HeaderOnlyIsAnEmptyStatement) {
  absl::StatusOr<CsvStatement> statement = ParseBankCsv("\n\ndate;amount;reference;text\n\n;;;\n");
  ASSERT_TRUE(statement.ok()) << statement.status();
  EXPECT_TRUE(statement->rows.empty());
}

TEST(BankCsvTest, BadInputNamesLineAndReason) {
  struct Case {
    std::string name;
    std::string csv;
    std::string want;
  } cases[] = {
      {"file: more than two decimals", ReadTestdata("csv_bad_decimals.csv"),
       "line 3: amount \"12,345\" is not a decimal amount (it has more than two decimals)"},
      {"file: bad date", ReadTestdata("csv_bad_date.csv"),
       "line 3: date \"2026-02-30\" is not a date (no such day in the calendar)"},
      {"file: missing column", ReadTestdata("csv_missing_column.csv"),
       "line 1: the header lacks the column \"reference\"; a bank statement needs date, amount, reference and text"
       " (found: date, amount, text)"},
      {"file: unquoted decimal comma", ReadTestdata("csv_unquoted_decimal_comma.csv"),
       "line 2: 5 fields, but the header has 4 (with ',' as separator a decimal comma must be quoted: \"1250,50\")"},
      {"empty", "", "the file is empty"},
      {"blank only", "\n \r\n", "the file is empty"},
      {"year out of range", "date,amount,reference,text\n1899-12-31,1,R,t\n", "line 2: date \"1899-12-31\" is not a date"},
      {"month out of range", "date,amount,reference,text\n2026-13-01,1,R,t\n", "(no such day in the calendar)"},
      {"day written short", "date,amount,reference,text\n2026-1-01,1,R,t\n", "(wrong shape)"},
      {"empty amount", "date,amount,reference,text\n2026-01-01,,R,t\n", "line 2: the amount is empty"},
      {"exponent", "date,amount,reference,text\n2026-01-01,1e3,R,t\n", "line 2: amount \"1e3\" is not a decimal amount"},
      {"too large", "date,amount,reference,text\n2026-01-01,99999999999999999999,R,t\n", "line 2: amount"},
      {"too few fields", "date;amount;reference;text\n2026-01-01;1;R\n", "line 2: 3 fields, but the header has 4"},
      {"duplicate column", "date,amount,reference,text,Date\n", "line 1: the header names the column \"date\" twice"},
      {"open quote", "date,amount,reference,text\n2026-01-01,1,R,\"never closed\n\n",
       "line 2: the quote opened in field 4 is never closed"},
      {"text after quote", "date,amount,reference,text\n2026-01-01,1,\"R\"x,t\n",
       "line 2: unexpected character 'x' after the closing quote of field 3"},
      {"control character", "date,amount,reference,text\n2026-01-01,1,R,a\x01" "b\n",
       "line 2: the text holds the control character 0x01"},
      {"field too long", "date,amount,reference,text\n2026-01-01,1,R," + std::string(1001, 'x') + "\n",
       "line 2: field 4 is 1001 bytes long; at most 1000"},
      {"line counted across quoted breaks", "date,amount,reference,text\n2026-01-01,1,R,\"a\nb\"\n2026-01-01,x,R,t\n",
       "line 4: amount \"x\""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CsvStatement> statement = ParseBankCsv(c.csv);
    ASSERT_FALSE(statement.ok()) << c.name;
    EXPECT_EQ(statement.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_TRUE(absl::StrContains(statement.status().message(), c.want))
        << c.name << ": got \"" << statement.status().message() << "\", want \"" << c.want << "\"";
  }
}

}  // namespace
}  // namespace fondbok::payments
