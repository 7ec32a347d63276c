#include "clients/cli/table.h"

#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

TEST(TableTest, WidthsFromContentNumbersRight) {
  Table table({{"ACCOUNT"}, {"BALANCE", Table::Align::kRight}});
  table.AddRow({"asset:bank", "1 250,50 kr"});
  table.AddRow({"equity:member-capital", "5,00 kr"});
  EXPECT_EQ(table.Render(),
            "ACCOUNT                    BALANCE\n"
            "asset:bank             1 250,50 kr\n"
            "equity:member-capital      5,00 kr\n");
}

TEST(TableTest, Table) {
  const struct {
    const char* what;
    std::vector<Table::Column> columns;
    std::vector<std::vector<std::string>> rows;
    const char* expected;
  } kCases[] = {
      {"header only", {{"A"}, {"B"}}, {}, "A  B\n"},
      {"no header, no rows", {{""}, {""}}, {}, ""},
      {"no header", {{""}, {"", Table::Align::kRight}}, {{"x", "1"}, {"yy", "10"}}, "x    1\nyy  10\n"},
      {"no trailing spaces", {{"NAME"}, {"NOTE"}}, {{"a", ""}, {"bbbbbb", "n"}},
       "NAME    NOTE\na\nbbbbbb  n\n"},
      {"utf-8 counts code points", {{"NAME"}, {"N", Table::Align::kRight}},
       {{"Ängen", "1"}, {"abcdef", "2"}}, "NAME    N\nÄngen   1\nabcdef  2\n"},
      {"header wider than cells", {{"", Table::Align::kRight}, {"LONG HEADER"}}, {{"1", "x"}},
       "   LONG HEADER\n1  x\n"},
  };
  for (const auto& c : kCases) {
    Table table(c.columns);
    for (const auto& row : c.rows) table.AddRow(row);
    EXPECT_EQ(table.Render(), c.expected) << c.what;
  }
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("kr"), 2u);
  EXPECT_EQ(DisplayWidth("Älvdalen"), 8u);
  EXPECT_EQ(DisplayWidth("\xE2\x80\xAF"), 1u);  // narrow no-break space
}

}  // namespace
}  // namespace fondbok::cli
