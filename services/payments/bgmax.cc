#include "services/payments/bgmax.h"

#include <array>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/payments/text_encoding.h"

namespace fondbok::payments {
namespace {

// One record of exactly 80 characters (code points) and its 1-based file line.
struct Record {
  int line = 0;
  std::u32string text;
};

std::string RecordName(absl::string_view type) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"01", "TK01 start"},         {"05", "TK05 deposit start"}, {"15", "TK15 deposit end"},
      {"20", "TK20 payment"},       {"21", "TK21 deduction"},     {"22", "TK22 extra reference"},
      {"23", "TK23 extra reference"}, {"25", "TK25 text"},        {"26", "TK26 name"},
      {"27", "TK27 address"},       {"28", "TK28 town"},          {"29", "TK29 organisation number"},
      {"70", "TK70 end"}};
  auto it = kNames.find(type);
  return it == kNames.end() ? absl::StrCat("TK", type) : it->second;
}

// Field access by FORMATS.md's 1-based, inclusive positions, with errors that name them.
class Fields {
 public:
  explicit Fields(const Record& record)
      : record_(record), type_(ToUtf8(std::u32string_view(record.text).substr(0, 2))) {}

  const std::string& type() const { return type_; }
  int line() const { return record_.line; }

  // The characters at positions first..last as UTF-8, spaces trimmed on both sides.
  std::string Text(int first, int last) const {
    return std::string(absl::StripAsciiWhitespace(Raw(first, last)));
  }

  absl::Status Error(int first, int last, absl::string_view what) const {
    std::string where = first == last ? absl::StrCat("position ", first)
                                      : absl::StrCat("positions ", first, "-", last);
    return absl::InvalidArgumentError(
        absl::StrCat("line ", record_.line, " (", RecordName(type_), "), ", where, ": ", what));
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("line ", record_.line, " (", RecordName(type_), "): ", what));
  }

  // All positions first..last must be ASCII digits.
  absl::StatusOr<std::string> Digits(int first, int last, absl::string_view what) const {
    std::string raw = Raw(first, last);
    for (char c : raw) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return Error(first, last, absl::StrCat(what, " \"", raw, "\" is not ", last - first + 1, " digits"));
      }
    }
    return raw;
  }

  // Digits with the zero padding removed, or blank; empty for all zeros or blank.
  absl::StatusOr<std::string> PaddedNumber(int first, int last, absl::string_view what) const {
    if (Text(first, last).empty()) return std::string();
    ASSIGN_OR_RETURN(std::string digits, Digits(first, last, what));
    size_t nonzero = digits.find_first_not_of('0');
    return nonzero == std::string::npos ? std::string() : digits.substr(nonzero);
  }

  // An amount: 18 digits in öre (FORMATS.md). 18 digits always fit in int64.
  absl::StatusOr<int64_t> Amount(int first, int last) const {
    std::string raw = Raw(first, last);
    int64_t ore = 0;
    for (char c : raw) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return Error(first, last, absl::StrCat("amount \"", raw, "\" is not ", last - first + 1, " digits of öre"));
      }
      ore = ore * 10 + (c - '0');
    }
    return ore;
  }

  // One digit in [low, high].
  absl::StatusOr<int> Code(int position, int low, int high, absl::string_view what) const {
    std::string raw = Raw(position, position);
    if (raw.size() != 1 || raw[0] < '0' + low || raw[0] > '0' + high) {
      return Error(position, position,
                   absl::StrCat(what, " \"", raw, "\" is not a digit from ", low, " to ", high));
    }
    return raw[0] - '0';
  }

  // YYYYMMDD, a real calendar day.
  absl::StatusOr<absl::CivilDay> Date(int first, int last, absl::string_view what) const {
    std::string raw = Raw(first, last);
    auto bad = [&] {
      return Error(first, last, absl::StrCat(what, " \"", raw, "\" is not a date written YYYYMMDD"));
    };
    if (!Digits(first, last, what).ok()) return bad();
    auto day = ledger::ParseDate(absl::StrCat(raw.substr(0, 4), "-", raw.substr(4, 2), "-", raw.substr(6, 2)));
    if (!day.ok()) return bad();
    return *day;
  }

 private:
  std::string Raw(int first, int last) const {
    return ToUtf8(std::u32string_view(record_.text).substr(first - 1, last - first + 1));
  }

  const Record& record_;
  std::string type_;
};

// Reads records of exactly 80 characters, LF or CRLF ended, one at a time (a 256 MiB file is not
// held twice in memory). Empty lines (and a DOS end-of-file mark, Ctrl-Z) after the last record are
// ignored; a line of another length or holding a control character is refused.
class RecordReader {
 public:
  explicit RecordReader(absl::string_view bytes) : encoding_(DetectEncoding(bytes)), rest_(bytes) {
    // A UTF-8 byte-order mark, as an editor may add, is not part of the first record.
    if (encoding_ == TextEncoding::kUtf8 && absl::StartsWith(rest_, "\xEF\xBB\xBF")) rest_.remove_prefix(3);
    while (!rest_.empty() && (rest_.back() == '\n' || rest_.back() == '\r' || rest_.back() == '\x1A')) {
      rest_.remove_suffix(1);
    }
  }

  bool empty() const { return rest_.empty(); }

  // The next record. REQUIRES: !empty().
  absl::StatusOr<Record> Next() {
    size_t end = rest_.find('\n');
    absl::string_view raw = rest_.substr(0, end);
    rest_ = end == absl::string_view::npos ? absl::string_view() : rest_.substr(end + 1);
    ++line_;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    Record record{line_, DecodeText(raw, encoding_)};
    if (record.text.size() != static_cast<size_t>(kBgMaxRecordLength)) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_, ": record is ", record.text.size(),
                                                     " characters; BgMax records are 80"));
    }
    for (size_t i = 0; i < record.text.size(); ++i) {
      if (IsControl(record.text[i])) {
        return absl::InvalidArgumentError(absl::StrCat(
            "line ", line_, ", position ", i + 1, ": character U+",
            absl::Hex(static_cast<uint32_t>(record.text[i]), absl::kZeroPad4),
            " is a control character or an undecodable byte; BgMax records hold printable text only"));
      }
    }
    return record;
  }

 private:
  TextEncoding encoding_;
  absl::string_view rest_;
  int line_ = 0;
};

// Walks the records in order, keeping the file, the open deposit and the running counts.
class Parser {
 public:
  absl::StatusOr<BgMaxFile> Run(absl::string_view bytes) {
    RecordReader reader(bytes);
    if (reader.empty()) return absl::InvalidArgumentError("the file is empty: a BgMax file starts with a TK01 record");
    while (!reader.empty()) {
      ASSIGN_OR_RETURN(Record record, reader.Next());
      RETURN_IF_ERROR(Dispatch(Fields(record)));
      last_line_ = record.line;
    }
    if (state_ == State::kInDeposit) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the file ends at line ", last_line_, " inside the deposit opened on line ", file_.deposits.back().line,
          " (no TK15 deposit end record) and without the TK70 end record: the file is incomplete"));
    }
    if (state_ != State::kDone) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the file ends at line ", last_line_, " without the TK70 end record: the file is incomplete"));
    }
    return std::move(file_);
  }

 private:
  enum class State { kStart, kBetweenDeposits, kInDeposit, kDone };

  absl::Status Dispatch(const Fields& f) {
    const std::string& t = f.type();
    if (state_ == State::kStart && t != "01") {
      return f.Error(absl::StrCat("a BgMax file must start with a TK01 start record (layout BGMAX); found record type \"",
                                  t, "\""));
    }
    if (state_ == State::kDone) {
      return f.Error(absl::StrCat("record after the TK70 end record on line ", end_line_,
                                  ": TK70 must be the last record"));
    }
    if (t == "01") return Start(f);
    if (t == "05") return OpenDeposit(f);
    if (t == "15") return CloseDeposit(f);
    if (t == "70") return Finish(f);
    if (t == "20" || t == "21") return AddPayment(f);
    if (t == "22" || t == "23" || t == "25" || t == "26" || t == "27" || t == "28" || t == "29") {
      return AddToPayment(f);
    }
    // Unknown types are refused rather than skipped: a record we do not understand may carry money.
    return f.Error(absl::StrCat("unknown record type \"", t,
                                "\"; BgMax record types are 01, 05, 15, 20-23, 25-29 and 70"));
  }

  absl::Status Start(const Fields& f) {
    if (state_ != State::kStart) return f.Error("a second TK01 start record; the file started on line 1");
    std::string layout = f.Text(3, 22);
    if (layout != "BGMAX") {
      return f.Error(3, 22, absl::StrCat("layout name \"", layout, "\" is not BGMAX: this is not a BgMax file"));
    }
    ASSIGN_OR_RETURN(std::string version, f.Digits(23, 24, "version"));
    (void)absl::SimpleAtoi(version, &file_.version);
    ASSIGN_OR_RETURN(std::string stamp, f.Digits(25, 44, "timestamp"));
    ASSIGN_OR_RETURN(absl::CivilDay day, f.Date(25, 32, "timestamp date"));
    int hour = 0, minute = 0, second = 0;
    (void)absl::SimpleAtoi(stamp.substr(8, 2), &hour);
    (void)absl::SimpleAtoi(stamp.substr(10, 2), &minute);
    (void)absl::SimpleAtoi(stamp.substr(12, 2), &second);
    (void)absl::SimpleAtoi(stamp.substr(14, 6), &file_.timestamp_us);
    if (hour > 23 || minute > 59 || second > 59) {
      return f.Error(33, 38, absl::StrCat("time \"", stamp.substr(8, 6), "\" is not a time written HHMMSS"));
    }
    file_.timestamp = absl::CivilSecond(day.year(), day.month(), day.day(), hour, minute, second);
    std::string marker = f.Text(45, 45);
    if (marker != "T" && marker != "P") {
      return f.Error(45, 45, absl::StrCat("test marker \"", marker, "\" is neither T (test) nor P (production)"));
    }
    file_.test = marker == "T";
    state_ = State::kBetweenDeposits;
    return absl::OkStatus();
  }

  absl::Status OpenDeposit(const Fields& f) {
    if (state_ == State::kInDeposit) {
      return f.Error(absl::StrCat("a new deposit starts, but the deposit opened on line ", file_.deposits.back().line,
                                  " has no TK15 deposit end record"));
    }
    Deposit deposit;
    deposit.line = f.line();
    ASSIGN_OR_RETURN(deposit.payee_bankgiro, f.PaddedNumber(3, 12, "payee bankgiro"));
    if (deposit.payee_bankgiro.empty()) return f.Error(3, 12, "the payee bankgiro is missing");
    ASSIGN_OR_RETURN(deposit.payee_plusgiro, f.PaddedNumber(13, 22, "payee plusgiro"));
    deposit.currency = f.Text(23, 25);
    if (deposit.currency != "SEK") {
      return f.Error(23, 25, absl::StrCat("currency \"", deposit.currency, "\": BgMax deposits are taken in SEK only"));
    }
    file_.deposits.push_back(std::move(deposit));
    deposit_sum_ore_ = 0;
    deposit_records_ = 0;
    state_ = State::kInDeposit;
    return absl::OkStatus();
  }

  absl::Status RequireDeposit(const Fields& f) const {
    if (state_ == State::kInDeposit) return absl::OkStatus();
    return f.Error("record outside a deposit: it must come between a TK05 deposit start and its TK15 deposit end");
  }

  absl::Status AddPayment(const Fields& f) {
    RETURN_IF_ERROR(RequireDeposit(f));
    Deposit& deposit = file_.deposits.back();
    Payment p;
    p.deduction = f.type() == "21";
    p.line = f.line();
    ASSIGN_OR_RETURN(p.sender_bankgiro, f.PaddedNumber(3, 12, "sender bankgiro"));
    p.reference = f.Text(13, 37);
    ASSIGN_OR_RETURN(int64_t amount_ore, f.Amount(38, 55));
    ASSIGN_OR_RETURN(int code, f.Code(56, 0, 5, "reference code"));
    ASSIGN_OR_RETURN(int channel, f.Code(57, 1, 4, "channel"));
    ASSIGN_OR_RETURN(p.bgc_serial, f.Digits(58, 69, "BGC serial number"));
    p.image = f.Text(70, 70) == "1";
    if (p.deduction) p.deduction_code = f.Text(71, 71);
    p.amount_ore = p.deduction ? -amount_ore : amount_ore;
    p.reference_code = static_cast<ReferenceCode>(code);
    p.channel = static_cast<Channel>(channel);
    p.bank_reference = absl::StrCat("BGC:", deposit.payee_bankgiro, ":", p.bgc_serial);
    auto [it, inserted] = bank_reference_lines_.emplace(p.bank_reference, p.line);
    if (!inserted) {
      return f.Error(58, 69, absl::StrCat("BGC serial number ", p.bgc_serial, " to bankgiro ", deposit.payee_bankgiro,
                                          " was already used on line ", it->second,
                                          "; every payment has a serial number of its own"));
    }
    if (__builtin_add_overflow(deposit_sum_ore_, p.amount_ore, &deposit_sum_ore_)) {
      return f.Error(absl::StrCat("the sum of the deposit opened on line ", deposit.line, " overflows"));
    }
    ++deposit_records_;
    ++(p.deduction ? file_.deductions : file_.payments);
    deposit.payments.push_back(std::move(p));
    return absl::OkStatus();
  }

  // TK22-TK29 belong to the TK20/TK21 before them.
  absl::Status AddToPayment(const Fields& f) {
    RETURN_IF_ERROR(RequireDeposit(f));
    Deposit& deposit = file_.deposits.back();
    if (deposit.payments.empty()) {
      return f.Error(absl::StrCat("no payment record before it in the deposit opened on line ", deposit.line,
                                  ": it must follow the TK20 or TK21 it belongs to"));
    }
    Payment& p = deposit.payments.back();
    const std::string& t = f.type();
    if (t == "22" || t == "23") return AddExtraReference(f, &p);
    if (t == "25") {
      p.texts.push_back(f.Text(3, 52));
      return absl::OkStatus();
    }
    // One name, address, town and organisation number per payment: a second would silently
    // replace the first.
    auto once = [&](int& seen_line) -> absl::Status {
      if (seen_line != 0) {
        return f.Error(absl::StrCat("a second ", RecordName(t), " record for the payment on line ", p.line,
                                    " (the first is on line ", seen_line, ")"));
      }
      seen_line = f.line();
      return absl::OkStatus();
    };
    if (p.line != detail_payment_line_) {
      detail_lines_ = {};
      detail_payment_line_ = p.line;
    }
    if (t == "26") {
      RETURN_IF_ERROR(once(detail_lines_[0]));
      p.payer_name = f.Text(3, 37);
      p.extra_name = f.Text(38, 72);
    } else if (t == "27") {
      RETURN_IF_ERROR(once(detail_lines_[1]));
      p.address = f.Text(3, 37);
      p.postcode = f.Text(38, 46);
    } else if (t == "28") {
      RETURN_IF_ERROR(once(detail_lines_[2]));
      p.town = f.Text(3, 37);
      p.country = f.Text(38, 72);
      p.country_code = f.Text(73, 74);
    } else {
      RETURN_IF_ERROR(once(detail_lines_[3]));
      if (!f.Text(3, 14).empty()) {
        ASSIGN_OR_RETURN(p.org_number, f.Digits(3, 14, "organisation number"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status AddExtraReference(const Fields& f, Payment* p) {
    ExtraReference extra;
    extra.line = f.line();
    extra.reference = f.Text(13, 37);
    ASSIGN_OR_RETURN(extra.amount_ore, f.Amount(38, 55));
    if (f.type() == "23") extra.amount_ore = -extra.amount_ore;
    ASSIGN_OR_RETURN(int code, f.Code(56, 0, 5, "reference code"));
    extra.reference_code = static_cast<ReferenceCode>(code);
    p->extra_references.push_back(std::move(extra));
    ++file_.extra_references;
    return absl::OkStatus();
  }

  absl::Status CloseDeposit(const Fields& f) {
    if (state_ != State::kInDeposit) return f.Error("a deposit end record without a TK05 deposit start before it");
    Deposit& d = file_.deposits.back();
    d.end_line = f.line();
    d.bank_account = f.Text(3, 37);
    ASSIGN_OR_RETURN(d.payment_date, f.Date(38, 45, "payment date"));
    ASSIGN_OR_RETURN(d.serial, f.Digits(46, 50, "deposit serial number"));
    ASSIGN_OR_RETURN(d.amount_ore, f.Amount(51, 68));
    std::string currency = f.Text(69, 71);
    if (currency != d.currency) {
      return f.Error(69, 71, absl::StrCat("currency \"", currency, "\" differs from \"", d.currency,
                                          "\" of the deposit start on line ", d.line));
    }
    ASSIGN_OR_RETURN(std::string count_text, f.Digits(72, 79, "number of payment and deduction records"));
    int64_t count = 0;
    (void)absl::SimpleAtoi(count_text, &count);
    d.deposit_type = f.Text(80, 80);
    if (d.amount_ore != deposit_sum_ore_) {
      return f.Error(51, 68, absl::StrCat("deposit amount ", ledger::FormatAmount(d.amount_ore), " (", d.amount_ore,
                                          " öre) does not equal the payments less deductions of the deposit opened"
                                          " on line ", d.line, ": ", ledger::FormatAmount(deposit_sum_ore_), " (",
                                          deposit_sum_ore_, " öre)"));
    }
    if (count != deposit_records_) {
      return f.Error(72, 79, absl::StrCat("the record says ", count, " payment and deduction records, but the deposit"
                                          " opened on line ", d.line, " has ", deposit_records_));
    }
    state_ = State::kBetweenDeposits;
    return absl::OkStatus();
  }

  absl::Status CheckCount(const Fields& f, int first, int last, absl::string_view what, int64_t actual) const {
    ASSIGN_OR_RETURN(std::string text, f.Digits(first, last, absl::StrCat("number of ", what)));
    int64_t stated = 0;
    (void)absl::SimpleAtoi(text, &stated);
    if (stated == actual) return absl::OkStatus();
    return f.Error(first, last, absl::StrCat("the record says ", stated, " ", what, ", but the file has ", actual));
  }

  absl::Status Finish(const Fields& f) {
    if (state_ == State::kInDeposit) {
      return f.Error(absl::StrCat("the file ends, but the deposit opened on line ", file_.deposits.back().line,
                                  " has no TK15 deposit end record"));
    }
    RETURN_IF_ERROR(CheckCount(f, 3, 10, "payment records (TK20)", file_.payments));
    RETURN_IF_ERROR(CheckCount(f, 11, 18, "deduction records (TK21)", file_.deductions));
    RETURN_IF_ERROR(CheckCount(f, 19, 26, "extra reference records (TK22, TK23)", file_.extra_references));
    RETURN_IF_ERROR(CheckCount(f, 27, 34, "deposits (TK05)", static_cast<int64_t>(file_.deposits.size())));
    end_line_ = f.line();
    state_ = State::kDone;
    return absl::OkStatus();
  }

  State state_ = State::kStart;
  BgMaxFile file_;
  int64_t deposit_sum_ore_ = 0;
  int64_t deposit_records_ = 0;
  int last_line_ = 0;
  int end_line_ = 0;
  std::map<std::string, int> bank_reference_lines_;  // bank reference → line
  int detail_payment_line_ = 0;                       // the payment detail_lines_ belong to
  std::array<int, 4> detail_lines_ = {};                        // lines of its TK26, TK27, TK28, TK29
};

}  // namespace

bool LooksLikeBgMax(absl::string_view bytes) { return absl::StartsWith(bytes, "01BGMAX"); }

absl::StatusOr<BgMaxFile> ParseBgMax(absl::string_view bytes) {
  if (bytes.size() > kBgMaxBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("the file is ", bytes.size(), " bytes; a BgMax file may be at most ",
                                                   kBgMaxBytesMax >> 20, " MiB"));
  }
  return Parser().Run(bytes);
}

}  // namespace fondbok::payments
