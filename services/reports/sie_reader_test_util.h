// Test-only: an SIE 4 reader of its own, written apart from the writer (sie.cc) so that the tests
// check the file as an importer would read it, not as the writer meant it. CP437 → UTF-8 with its
// own table, a tokenizer for quoted strings (backslash escapes) and {} object lists, and the
// checks an accountant relies on. Header only; Abseil only (used by unit and system tests).
#ifndef FONDBOK_SERVICES_REPORTS_SIE_READER_TEST_UTIL_H_
#define FONDBOK_SERVICES_REPORTS_SIE_READER_TEST_UTIL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fondbok::reports::sietest {

// CP437 bytes → UTF-8. Only the letters a Swedish ledger uses are decoded (plus a few signs);
// any other byte above 0x7F becomes U+FFFD, which a test then notices.
inline std::string Cp437ToUtf8(absl::string_view bytes) {
  static const std::map<unsigned char, const char*> kHigh = {
      {0x86, "å"}, {0x84, "ä"}, {0x94, "ö"}, {0x8F, "Å"}, {0x8E, "Ä"}, {0x99, "Ö"}, {0x82, "é"},
      {0x90, "É"}, {0x81, "ü"}, {0x9A, "Ü"}, {0x91, "æ"}, {0x92, "Æ"}, {0x9B, "¢"}, {0x9C, "£"},
      {0xE1, "ß"}, {0xF8, "°"}, {0xA0, "á"}, {0x85, "à"}, {0x87, "ç"}, {0x8A, "è"}, {0xA4, "ñ"}};
  std::string out;
  for (char c : bytes) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out.push_back(c);
      continue;
    }
    auto it = kHigh.find(u);
    out += it == kHigh.end() ? "\xEF\xBF\xBD" : it->second;
  }
  return out;
}

// "-1250.50" → -125050; at most two decimals, no exponent, no grouping.
inline absl::StatusOr<int64_t> ParseSieAmount(absl::string_view text) {
  bool negative = false;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  absl::string_view whole = text.substr(0, dot);
  absl::string_view fraction = dot == absl::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 2) return absl::InvalidArgumentError(absl::StrCat("bad amount ", text));
  for (char c : absl::StrCat(whole, fraction)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return absl::InvalidArgumentError(absl::StrCat("bad amount ", text));
  }
  int64_t kronor = 0, ore = 0;
  if (!absl::SimpleAtoi(whole, &kronor)) return absl::InvalidArgumentError(absl::StrCat("bad amount ", text));
  if (!fraction.empty() && !absl::SimpleAtoi(fraction, &ore)) return absl::InvalidArgumentError("bad amount");
  if (fraction.size() == 1) ore *= 10;
  const int64_t value = kronor * 100 + ore;
  return negative ? -value : value;
}

// One line's tokens: the label, plain words, quoted strings (unescaped) and {…} lists (raw).
inline absl::StatusOr<std::vector<std::string>> Tokenize(absl::string_view line) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '"') {
      std::string token;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        token.push_back(line[i]);
      }
      if (i >= line.size()) return absl::InvalidArgumentError(absl::StrCat("unterminated string: ", line));
      ++i;
      tokens.push_back(token);
    } else if (c == '{') {
      const size_t close = line.find('}', i);
      if (close == absl::string_view::npos) return absl::InvalidArgumentError(absl::StrCat("unterminated {: ", line));
      tokens.emplace_back(line.substr(i, close - i + 1));
      i = close + 1;
    } else {
      size_t end = i;
      while (end < line.size() && line[end] != ' ' && line[end] != '\t') ++end;
      tokens.emplace_back(line.substr(i, end - i));
      i = end;
    }
  }
  return tokens;
}

struct ParsedTrans {
  int32_t account = 0;
  int64_t amount_ore = 0;
  std::string date, text;
};
struct ParsedVoucher {
  std::string series, number, date, text, registered;
  std::vector<ParsedTrans> transactions;
};
struct ParsedSie {
  bool crlf = true;                                        // every line ended in CRLF
  std::map<std::string, std::vector<std::string>> header;  // first record of each label, its fields
  std::map<int32_t, std::string> account_names;            // #KONTO
  std::map<int32_t, std::string> account_types;            // #KTYP
  std::map<int32_t, int64_t> ib, ub, res;                  // year 0 only
  std::vector<ParsedVoucher> vouchers;
};

inline absl::StatusOr<int32_t> AccountNumber(const std::string& text) {
  int32_t n = 0;
  if (!absl::SimpleAtoi(text, &n) || n < 1000 || n > 9999) return absl::InvalidArgumentError("bad account " + text);
  return n;
}

// Reads one balance record "#IB 0 1930 125.00" into `into` (year 0 only).
inline absl::Status ReadBalance(const std::vector<std::string>& t, std::map<int32_t, int64_t>& into) {
  if (t.size() < 4) return absl::InvalidArgumentError(absl::StrCat(t[0], " needs year, account, amount"));
  if (t[1] != "0") return absl::OkStatus();
  auto account = AccountNumber(t[2]);
  auto amount = ParseSieAmount(t[3]);
  if (!account.ok()) return account.status();
  if (!amount.ok()) return amount.status();
  if (into.count(*account) != 0) return absl::InvalidArgumentError(absl::StrCat(t[0], " twice for ", *account));
  into[*account] = *amount;
  return absl::OkStatus();
}

// Reads one record outside a voucher body; `open` is set when a #VER starts.
inline absl::Status ReadRecord(const std::vector<std::string>& t, ParsedSie& out, bool& open) {
  const std::string& label = t[0];
  if (label == "#KONTO" && t.size() >= 3) {
    auto n = AccountNumber(t[1]);
    if (!n.ok()) return n.status();
    out.account_names[*n] = t[2];
  } else if (label == "#KTYP" && t.size() >= 3) {
    auto n = AccountNumber(t[1]);
    if (!n.ok()) return n.status();
    out.account_types[*n] = t[2];
  } else if (label == "#IB" || label == "#UB" || label == "#RES") {
    return ReadBalance(t, label == "#IB" ? out.ib : label == "#UB" ? out.ub : out.res);
  } else if (label == "#VER") {
    if (t.size() < 4) return absl::InvalidArgumentError("#VER needs series, number and date");
    ParsedVoucher v;
    v.series = t[1];
    v.number = t[2];
    v.date = t[3];
    if (t.size() > 4) v.text = t[4];
    if (t.size() > 5) v.registered = t[5];
    out.vouchers.push_back(v);
    open = true;
  } else if (out.header.count(label) == 0) {
    out.header[label] = std::vector<std::string>(t.begin() + 1, t.end());
  }
  return absl::OkStatus();
}

inline absl::Status ReadTrans(const std::vector<std::string>& t, ParsedVoucher& voucher) {
  if (t.size() < 4 || t[2].empty() || t[2][0] != '{') return absl::InvalidArgumentError("#TRANS needs account {} amount");
  ParsedTrans trans;
  auto account = AccountNumber(t[1]);
  auto amount = ParseSieAmount(t[3]);
  if (!account.ok()) return account.status();
  if (!amount.ok()) return amount.status();
  trans.account = *account;
  trans.amount_ore = *amount;
  if (t.size() > 4) trans.date = t[4];
  if (t.size() > 5) trans.text = t[5];
  voucher.transactions.push_back(trans);
  return absl::OkStatus();
}

// Parses a whole file (CP437 bytes). Strings come out as UTF-8.
inline absl::StatusOr<ParsedSie> ParseSie(absl::string_view bytes) {
  ParsedSie out;
  const std::string text = Cp437ToUtf8(bytes);
  bool open = false, in_body = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    absl::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1); else out.crlf = false;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (line == "{") {
      if (!open || in_body) return absl::InvalidArgumentError("{ without #VER");
      in_body = true;
      continue;
    }
    if (line == "}") {
      if (!in_body) return absl::InvalidArgumentError("} without {");
      in_body = open = false;
      continue;
    }
    auto tokens = Tokenize(line);
    if (!tokens.ok()) return tokens.status();
    if (tokens->empty() || (*tokens)[0].empty() || (*tokens)[0][0] != '#') {
      return absl::InvalidArgumentError(absl::StrCat("not a record: ", line));
    }
    if (in_body) {
      if ((*tokens)[0] != "#TRANS") return absl::InvalidArgumentError(absl::StrCat("in a voucher: ", line));
      absl::Status read = ReadTrans(*tokens, out.vouchers.back());
      if (!read.ok()) return read;
      continue;
    }
    if (open) return absl::InvalidArgumentError("#VER without {");
    absl::Status read = ReadRecord(*tokens, out, open);
    if (!read.ok()) return read;
  }
  if (open || in_body) return absl::InvalidArgumentError("the file ends inside a voucher");
  return out;
}

// What every importer and accountant relies on: every #VER sums to zero and books only on listed
// accounts; per balance account #IB + Σ #TRANS = #UB; per result account Σ #TRANS = #RES; the
// opening balance sheet balances (Σ #IB = 0) and so does the closing one with the result
// (Σ #UB + Σ #RES = 0).
inline absl::Status CheckSieInvariants(const ParsedSie& sie) {
  std::map<int32_t, int64_t> movement;
  for (const ParsedVoucher& v : sie.vouchers) {
    int64_t sum = 0;
    for (const ParsedTrans& t : v.transactions) {
      if (sie.account_names.count(t.account) == 0) {
        return absl::FailedPreconditionError(absl::StrCat("voucher ", v.number, " books on unlisted ", t.account));
      }
      sum += t.amount_ore;
      movement[t.account] += t.amount_ore;
    }
    if (sum != 0) return absl::FailedPreconditionError(absl::StrCat("voucher ", v.number, " sums to ", sum));
  }
  int64_t ib_sum = 0, ub_res_sum = 0;
  for (const auto& [account, type] : sie.account_types) {
    const bool balance = type == "T" || type == "S";
    auto get = [](const std::map<int32_t, int64_t>& m, int32_t a) { auto it = m.find(a); return it == m.end() ? 0 : it->second; };
    if (balance) {
      if (get(sie.ib, account) + movement[account] != get(sie.ub, account)) {
        return absl::FailedPreconditionError(absl::StrCat("account ", account, ": IB ", get(sie.ib, account), " + ",
                                                          movement[account], " != UB ", get(sie.ub, account)));
      }
      ib_sum += get(sie.ib, account);
      ub_res_sum += get(sie.ub, account);
    } else {
      if (movement[account] != get(sie.res, account)) {
        return absl::FailedPreconditionError(absl::StrCat("account ", account, ": movement ", movement[account],
                                                          " != RES ", get(sie.res, account)));
      }
      ub_res_sum += get(sie.res, account);
    }
  }
  if (ib_sum != 0) return absl::FailedPreconditionError(absl::StrCat("opening balances sum to ", ib_sum));
  if (ub_res_sum != 0) return absl::FailedPreconditionError(absl::StrCat("closing balances and result sum to ", ub_res_sum));
  return absl::OkStatus();
}

}  // namespace fondbok::reports::sietest

#endif  // FONDBOK_SERVICES_REPORTS_SIE_READER_TEST_UTIL_H_
