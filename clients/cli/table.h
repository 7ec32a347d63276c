// A tiny text table for the CLI's human output: column widths from the content, two spaces
// between columns, numbers right-aligned. Widths count UTF-8 code points, so "Ängen" is 5 wide.
#ifndef FONDBOK_CLIENTS_CLI_TABLE_H_
#define FONDBOK_CLIENTS_CLI_TABLE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace fondbok::cli {

class Table {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;  // empty for every column: the table has no header line
    Align align = Align::kLeft;
  };

  explicit Table(std::vector<Column> columns);

  // REQUIRES: cells.size() == number of columns. Cells must not contain newlines.
  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  // One line per row (after the header line, if any), each ending in '\n', without trailing
  // spaces. An empty table with headers renders just the header line.
  std::string Render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text: the number of code points (not bytes).
size_t DisplayWidth(absl::string_view text);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_TABLE_H_
