#include "services/parties/check_digits.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "ledger/status_macros.h"

namespace fondbok::parties {

// Compiled in from municipalities.tsv (see CMakeLists.txt).
extern const char kMunicipalityTableText[];

namespace {

// FORMATS.md "Kommunkod": the 21 county (län) codes; no others exist.
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 21> kCounties = {{
    {"01", "Stockholm"},      {"03", "Uppsala"},        {"04", "Södermanland"},   {"05", "Östergötland"},
    {"06", "Jönköping"},      {"07", "Kronoberg"},      {"08", "Kalmar"},         {"09", "Gotland"},
    {"10", "Blekinge"},       {"12", "Skåne"},          {"13", "Halland"},        {"14", "Västra Götaland"},
    {"17", "Värmland"},       {"18", "Örebro"},         {"19", "Västmanland"},    {"20", "Dalarna"},
    {"21", "Gävleborg"},      {"22", "Västernorrland"}, {"23", "Jämtland"},       {"24", "Västerbotten"},
    {"25", "Norrbotten"},
}};

int Digit(char c) { return c - '0'; }

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

// Removes one separator at `position` (from the end) when present: "556036-0793" → "5560360793".
std::string WithoutSeparator(absl::string_view text, size_t digits_after, absl::string_view separators) {
  if (text.size() > digits_after && separators.find(text[text.size() - digits_after - 1]) != absl::string_view::npos) {
    return absl::StrCat(text.substr(0, text.size() - digits_after - 1), text.substr(text.size() - digits_after));
  }
  return std::string(text);
}

// "… has a wrong check digit (expected 3)" when the last digit is not the Luhn digit of the rest.
absl::Status CheckLuhn(absl::string_view what, absl::string_view original, absl::string_view digits) {
  const int expected = LuhnCheckDigit(digits.substr(0, digits.size() - 1));
  if (Digit(digits.back()) == expected) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, " ", Quoted(original), " has a wrong check digit (expected ", expected, ")"));
}

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// The latest year ending in `yy` whose (month, day) is on or before `today`.
int64_t CenturyFor(int yy, int month, int day, absl::CivilDay today) {
  int64_t year = today.year() - ((today.year() % 100 - yy + 100) % 100);
  if (year == today.year() && (month > today.month() || (month == today.month() && day > today.day()))) year -= 100;
  return year;
}

}  // namespace

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int LuhnCheckDigit(absl::string_view body) {
  int sum = 0;
  bool twice = true;  // the rightmost digit of the body is multiplied by 2
  for (size_t i = body.size(); i-- > 0;) {
    int product = Digit(body[i]) * (twice ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
    twice = !twice;
  }
  return (10 - sum % 10) % 10;
}

bool LuhnValid(absl::string_view digits) {
  if (digits.size() < 2 || !AllDigits(digits)) return false;
  return LuhnCheckDigit(digits.substr(0, digits.size() - 1)) == Digit(digits.back());
}

absl::StatusOr<std::string> MakeOcr(absl::string_view body_digits) {
  if (!AllDigits(body_digits) || body_digits.size() > kOcrDigitsMax - 2) {
    return absl::InvalidArgumentError(absl::StrCat("OCR body ", Quoted(body_digits), " must be 1–",
                                                   kOcrDigitsMax - 2, " digits (the reference is at most ",
                                                   kOcrDigitsMax, " digits with its two control digits)"));
  }
  std::string ocr(body_digits);
  ocr.push_back(static_cast<char>('0' + (body_digits.size() + 2) % 10));
  ocr.push_back(static_cast<char>('0' + LuhnCheckDigit(ocr)));
  return ocr;
}

absl::StatusOr<std::string> ValidateOcr(absl::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits.push_back(c);
  }
  if (!AllDigits(digits) || digits.size() < kOcrDigitsMin || digits.size() > kOcrDigitsMax) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference ", Quoted(text), " must be ", kOcrDigitsMin, "–",
                                                   kOcrDigitsMax, " digits"));
  }
  const int length_digit = static_cast<int>(digits.size() % 10);
  if (Digit(digits[digits.size() - 2]) != length_digit) {
    return absl::InvalidArgumentError(absl::StrCat("OCR reference ", Quoted(text), " has a wrong length digit (expected ",
                                                   length_digit, " for ", digits.size(), " digits)"));
  }
  if (absl::Status luhn = CheckLuhn("OCR reference", text, digits); !luhn.ok()) return luhn;
  return digits;
}

absl::StatusOr<std::string> NormalizeOrgNumber(absl::string_view text) {
  std::string digits = WithoutSeparator(text, 4, "-");
  if (digits.size() == 12 && absl::StartsWith(digits, "16")) digits = digits.substr(2);
  if (digits.size() != 10 || !AllDigits(digits)) {
    return absl::InvalidArgumentError(absl::StrCat("organisation number ", Quoted(text),
                                                   " must be ten digits, written NNNNNN-NNNN"));
  }
  if (Digit(digits[2]) * 10 + Digit(digits[3]) < 20) {
    return absl::InvalidArgumentError(absl::StrCat("organisation number ", Quoted(text), " has ", digits.substr(2, 2),
                                                   " as its third and fourth digits: an organisation number has 20 "
                                                   "or more there (less is a personnummer)"));
  }
  if (absl::Status luhn = CheckLuhn("organisation number", text, digits); !luhn.ok()) return luhn;
  return digits;
}

std::string FormatOrgNumber(absl::string_view digits) {
  if (digits.size() != 10 || !AllDigits(digits)) return std::string(digits);
  return absl::StrCat(digits.substr(0, 6), "-", digits.substr(6));
}

absl::StatusOr<std::string> NormalizeBankgiro(absl::string_view text) {
  const std::string digits = WithoutSeparator(text, 4, "-");
  if ((digits.size() != 7 && digits.size() != 8) || !AllDigits(digits)) {
    return absl::InvalidArgumentError(absl::StrCat("bankgiro number ", Quoted(text),
                                                   " must be 7 or 8 digits, written NNN-NNNN or NNNN-NNNN"));
  }
  if (absl::Status luhn = CheckLuhn("bankgiro number", text, digits); !luhn.ok()) return luhn;
  return digits;
}

std::string FormatBankgiro(absl::string_view digits) {
  if ((digits.size() != 7 && digits.size() != 8) || !AllDigits(digits)) return std::string(digits);
  return absl::StrCat(digits.substr(0, digits.size() - 4), "-", digits.substr(digits.size() - 4));
}

absl::StatusOr<std::string> NormalizePersonnummer(absl::string_view text, absl::CivilDay today) {
  const bool centenarian = text.size() == 11 && text[6] == '+';
  const std::string digits = WithoutSeparator(text, 4, "-+");
  if ((digits.size() != 10 && digits.size() != 12) || !AllDigits(digits)) {
    return absl::InvalidArgumentError(absl::StrCat("personnummer ", Quoted(text),
                                                   " must be written YYMMDD-NNNN or YYYYMMDDNNNN"));
  }
  const std::string last_ten = digits.substr(digits.size() - 10);
  const int month = Digit(last_ten[2]) * 10 + Digit(last_ten[3]);
  int day = Digit(last_ten[4]) * 10 + Digit(last_ten[5]);
  if (day > 60) day -= 60;  // samordningsnummer: the day of birth plus 60
  int64_t year = 0;
  if (digits.size() == 12) {
    year = Digit(digits[0]) * 1000 + Digit(digits[1]) * 100 + Digit(digits[2]) * 10 + Digit(digits[3]);
  } else {
    year = CenturyFor(Digit(last_ten[0]) * 10 + Digit(last_ten[1]), month, day, today) - (centenarian ? 100 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return absl::InvalidArgumentError(absl::StrCat("personnummer ", Quoted(text), " holds no valid date of birth"));
  }
  if (absl::Status luhn = CheckLuhn("personnummer", text, last_ten); !luhn.ok()) return luhn;
  return absl::StrCat(absl::Dec(year, absl::kZeroPad4), last_ten.substr(2));
}

std::optional<std::string> CountyName(absl::string_view county_code) {
  for (const auto& [code, name] : kCounties) {
    if (code == county_code) return std::string(name);
  }
  return std::nullopt;
}

absl::StatusOr<std::map<std::string, std::string>> ParseMunicipalityTable(absl::string_view text) {
  std::map<std::string, std::string> table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::pair<absl::string_view, absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    if (fields.first.size() != 4 || !AllDigits(fields.first) || !CountyName(fields.first.substr(0, 2)).has_value() ||
        fields.second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("municipality table line ", line_number, " ", Quoted(line),
                                                     " is not \"KKKK<tab>name\" with a known county code"));
    }
    if (!table.emplace(std::string(fields.first), std::string(fields.second)).second) {
      return absl::InvalidArgumentError(absl::StrCat("municipality table line ", line_number, ": kommunkod ",
                                                     fields.first, " appears twice"));
    }
  }
  return table;
}

const std::map<std::string, std::string>& Municipalities() {
  static const auto* table = [] {
    auto parsed = ParseMunicipalityTable(kMunicipalityTableText);
    // The table is compiled in and tested; a broken one is a build defect, not an input error.
    FONDBOK_CHECK(parsed.ok());
    return new std::map<std::string, std::string>(std::move(*parsed));
  }();
  return *table;
}

absl::Status ValidateKommunkod(absl::string_view code) {
  if (code.size() != 4 || !AllDigits(code)) {
    return absl::InvalidArgumentError(absl::StrCat("kommunkod ", Quoted(code),
                                                   " must be four digits, e.g. 0583 for Motala"));
  }
  std::optional<std::string> county = CountyName(code.substr(0, 2));
  if (!county.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("kommunkod ", Quoted(code), " starts with ", code.substr(0, 2),
                                                   ", which is not a county (län) code"));
  }
  if (Municipalities().count(std::string(code)) == 0) {
    return absl::InvalidArgumentError(absl::StrCat("kommunkod ", Quoted(code), " is not a municipality in ", *county,
                                                   " county"));
  }
  return absl::OkStatus();
}

}  // namespace fondbok::parties
