#include "services/payments/bgmax.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/payments/text_encoding.h"

namespace fondbok::payments {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(FONDBOK_PAYMENTS_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open testdata/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The valid file as its records (Latin-1 bytes), for building broken variants.
std::vector<std::string> ValidRecords() {
  std::string bytes = ReadTestdata("bgmax_valid.txt");
  std::vector<std::string> lines = absl::StrSplit(bytes, "\r\n");
  EXPECT_EQ(lines.back(), "");
  lines.pop_back();
  return lines;
}

std::string Join(const std::vector<std::string>& records) { return absl::StrJoin(records, "\r\n") + "\r\n"; }

// Overwrites `record` from 1-based `position` with `text`.
std::string Put(std::string record, int position, const std::string& text) {
  record.replace(position - 1, text.size(), text);
  return record;
}

TEST(BgMaxTest, ValidFileWithTwoDeposits) {
  absl::StatusOr<BgMaxFile> file = ParseBgMax(ReadTestdata("bgmax_valid.txt"));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->version, 1);
  EXPECT_EQ(file->timestamp, absl::CivilSecond(2026, 11, 23, 10, 15, 30));
  EXPECT_EQ(file->timestamp_us, 123456);
  EXPECT_FALSE(file->test);
  EXPECT_EQ(file->payments, 4);
  EXPECT_EQ(file->deductions, 1);
  EXPECT_EQ(file->extra_references, 3);
  ASSERT_EQ(file->deposits.size(), 2u);

  const Deposit& d1 = file->deposits[0];
  EXPECT_EQ(d1.payee_bankgiro, "54029681");
  EXPECT_EQ(d1.payee_plusgiro, "");
  EXPECT_EQ(d1.currency, "SEK");
  EXPECT_EQ(d1.bank_account, "00000000000000000000000012345678901");
  EXPECT_EQ(d1.payment_date, absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(d1.serial, "00001");
  EXPECT_EQ(d1.amount_ore, 200000);
  EXPECT_EQ(d1.line, 2);
  EXPECT_EQ(d1.end_line, 16);
  ASSERT_EQ(d1.payments.size(), 3u);

  const Payment& ocr = d1.payments[0];
  EXPECT_FALSE(ocr.deduction);
  EXPECT_EQ(ocr.sender_bankgiro, "9912346");
  EXPECT_EQ(ocr.reference, "1001000106");
  EXPECT_EQ(ocr.reference_code, ReferenceCode::kOcr);
  EXPECT_EQ(ocr.amount_ore, 125000);
  EXPECT_EQ(ocr.channel, Channel::kBank);
  EXPECT_EQ(ocr.bgc_serial, "000000001001");
  EXPECT_EQ(ocr.bank_reference, "BGC:54029681:000000001001");
  EXPECT_EQ(ocr.payer_name, "Åsa Öberg");  // ISO-8859-1 in the file, UTF-8 here
  EXPECT_EQ(ocr.extra_name, "Öberg Bygg AB");
  EXPECT_EQ(ocr.address, "Storgatan 12");
  EXPECT_EQ(ocr.postcode, "59130");
  EXPECT_EQ(ocr.town, "Motala");
  EXPECT_EQ(ocr.country, "Sverige");
  EXPECT_EQ(ocr.country_code, "SE");
  EXPECT_EQ(ocr.org_number, "165560360793");
  EXPECT_EQ(ocr.line, 3);

  const Payment& split = d1.payments[1];
  EXPECT_EQ(split.reference, "FAKTURA 7 OCH 8");
  EXPECT_EQ(split.reference_code, ReferenceCode::kUnchecked);
  EXPECT_EQ(split.sender_bankgiro, "");
  ASSERT_EQ(split.extra_references.size(), 3u);
  EXPECT_EQ(split.extra_references[0].reference, "1002000204");
  EXPECT_EQ(split.extra_references[0].amount_ore, 50000);
  EXPECT_EQ(split.extra_references[2].amount_ore, -10000);  // TK23
  EXPECT_EQ(split.extra_references[2].line, 11);
  EXPECT_EQ(split.texts, (std::vector<std::string>{"Amortering november, två fakturor", "Hälsningar Kjell"}));
  EXPECT_EQ(split.payer_name, "Kjell Ärlig");

  const Payment& deduction = d1.payments[2];
  EXPECT_TRUE(deduction.deduction);
  EXPECT_EQ(deduction.amount_ore, -5000);
  EXPECT_EQ(deduction.deduction_code, "1");

  const Deposit& d2 = file->deposits[1];
  EXPECT_EQ(d2.payment_date, absl::CivilDay(2026, 11, 24));
  EXPECT_EQ(d2.amount_ore, 33450);
  ASSERT_EQ(d2.payments.size(), 2u);
  EXPECT_EQ(d2.payments[0].channel, Channel::kPaper);
  EXPECT_TRUE(d2.payments[0].image);
  EXPECT_EQ(d2.payments[1].reference, "");
  EXPECT_EQ(d2.payments[1].reference_code, ReferenceCode::kNone);
  EXPECT_EQ(d2.payments[1].amount_ore, 100);
}

TEST(BgMaxTest, LineEndsAndEncodingsAreTolerated) {
  const std::string crlf = ReadTestdata("bgmax_valid.txt");
  std::string lf = absl::StrReplaceAll(crlf, {{"\r\n", "\n"}});
  std::string no_final_eol = crlf.substr(0, crlf.size() - 2);
  std::string trailing_blank = crlf + "\r\n\r\n\x1A";
  std::string utf8 = ToUtf8(DecodeText(crlf, TextEncoding::kWindows1252));
  std::string utf8_bom = "\xEF\xBB\xBF" + utf8;
  for (const std::string& bytes : {lf, no_final_eol, trailing_blank, utf8, utf8_bom}) {
    absl::StatusOr<BgMaxFile> file = ParseBgMax(bytes);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->deposits[0].payments[0].payer_name, "Åsa Öberg");
    EXPECT_EQ(file->deposits[1].amount_ore, 33450);
  }
  // Windows-1252's 0x80 is the euro sign, not a control character.
  std::vector<std::string> records = ValidRecords();
  records[11] = Put(records[11], 3, "Betalt 100 \x80" + std::string(38, ' '));
  absl::StatusOr<BgMaxFile> file = ParseBgMax(Join(records));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->deposits[0].payments[1].texts[0], "Betalt 100 €");
}

TEST(BgMaxTest, BadFilesAreRefusedWhole) {
  struct Case {
    std::string file;
    std::string want;
  } cases[] = {
      {"bgmax_bad_deposit_sum.txt",
       "line 16 (TK15 deposit end), positions 51-68: deposit amount 2 000,01 kr (200001 öre) does not equal the "
       "payments less deductions of the deposit opened on line 2: 2 000,00 kr (200000 öre)"},
      {"bgmax_bad_tk70_count.txt",
       "line 22 (TK70 end), positions 3-10: the record says 5 payment records (TK20), but the file has 4"},
      {"bgmax_bad_record_count.txt",
       "line 21 (TK15 deposit end), positions 72-79: the record says 3 payment and deduction records, but the "
       "deposit opened on line 17 has 2"},
      {"bgmax_81_chars.txt", "line 8: record is 81 characters; BgMax records are 80"},
      {"bgmax_amount_nondigit.txt",
       "line 3 (TK20 payment), positions 38-55: amount \"000O00000000125000\" is not 18 digits of öre"},
      {"bgmax_wrong_order.txt",
       "line 18 (TK26 name): no payment record before it in the deposit opened on line 17: it must follow the TK20 "
       "or TK21 it belongs to"},
      {"bgmax_missing_tk70.txt", "the file ends at line 21 without the TK70 end record: the file is incomplete"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<BgMaxFile> file = ParseBgMax(ReadTestdata(c.file));
    ASSERT_FALSE(file.ok()) << c.file;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << c.file;
    EXPECT_EQ(file.status().message(), c.want) << c.file;
  }
}

TEST(BgMaxTest, BrokenVariantsNameLineAndRule) {
  using Records = std::vector<std::string>;
  struct Case {
    std::string name;
    std::function<void(Records&)> damage;
    std::string want;
  } cases[] = {
      {"empty", [](Records& r) { r.clear(); }, "the file is empty"},
      {"no TK01", [](Records& r) { r.erase(r.begin()); },
       "line 1 (TK05 deposit start): a BgMax file must start with a TK01 start record"},
      {"second TK01", [](Records& r) { r.insert(r.begin() + 1, r[0]); }, "line 2 (TK01 start): a second TK01"},
      {"not BGMAX", [](Records& r) { r[0] = Put(r[0], 3, "BGMAY"); }, "layout name \"BGMAY\" is not BGMAX"},
      {"bad test marker", [](Records& r) { r[0] = Put(r[0], 45, "X"); },
       "position 45: test marker \"X\" is neither T (test) nor P (production)"},
      {"bad timestamp", [](Records& r) { r[0] = Put(r[0], 25, "20261131"); },
       "positions 25-32: timestamp date \"20261131\" is not a date written YYYYMMDD"},
      {"bad time", [](Records& r) { r[0] = Put(r[0], 33, "256000"); }, "time \"256000\" is not a time"},
      {"79 characters", [](Records& r) { r[4].pop_back(); }, "line 5: record is 79 characters; BgMax records are 80"},
      {"blank line inside", [](Records& r) { r.insert(r.begin() + 3, ""); }, "line 4: record is 0 characters"},
      {"tab", [](Records& r) { r[3][10] = '\t'; }, "line 4, position 11: character U+0009 is a control character"},
      {"unknown type", [](Records& r) { r[11] = Put(r[11], 1, "30"); },
       "line 12 (TK30): unknown record type \"30\"; BgMax record types are 01, 05, 15, 20-23, 25-29 and 70"},
      {"payment between deposits", [](Records& r) { r.insert(r.begin() + 16, Put(r[19], 58, "000000009999")); },
       "line 17 (TK20 payment): record outside a deposit: it must come between a TK05 deposit start and its TK15"},
      {"TK05 inside deposit", [](Records& r) { r.erase(r.begin() + 15); },
       "line 16 (TK05 deposit start): a new deposit starts, but the deposit opened on line 2 has no TK15"},
      {"TK70 inside deposit", [](Records& r) { r.erase(r.begin() + 20); },
       "line 21 (TK70 end): the file ends, but the deposit opened on line 17 has no TK15 deposit end record"},
      {"ends inside deposit", [](Records& r) { r.resize(19); },
       "the file ends at line 19 inside the deposit opened on line 17 (no TK15 deposit end record)"},
      {"record after TK70", [](Records& r) { r.push_back(r[11]); },
       "line 23 (TK25 text): record after the TK70 end record on line 22: TK70 must be the last record"},
      {"euro deposit", [](Records& r) { r[1] = Put(r[1], 23, "EUR"); },
       "line 2 (TK05 deposit start), positions 23-25: currency \"EUR\": BgMax deposits are taken in SEK only"},
      {"no payee", [](Records& r) { r[1] = Put(r[1], 3, "0000000000"); }, "the payee bankgiro is missing"},
      {"TK15 currency", [](Records& r) { r[15] = Put(r[15], 69, "NOK"); },
       "positions 69-71: currency \"NOK\" differs from \"SEK\" of the deposit start on line 2"},
      {"reference code 7", [](Records& r) { r[2] = Put(r[2], 56, "7"); },
       "line 3 (TK20 payment), position 56: reference code \"7\" is not a digit from 0 to 5"},
      {"channel 9", [](Records& r) { r[2] = Put(r[2], 57, "9"); }, "channel \"9\" is not a digit from 1 to 4"},
      {"serial letters", [](Records& r) { r[2] = Put(r[2], 58, "ABC"); },
       "positions 58-69: BGC serial number \"ABC000001001\" is not 12 digits"},
      {"sender bankgiro letters", [](Records& r) { r[2] = Put(r[2], 3, "00099X2346"); },
       "positions 3-12: sender bankgiro \"00099X2346\" is not 10 digits"},
      {"negative amount", [](Records& r) { r[2] = Put(r[2], 38, "-00000000000125000"); },
       "amount \"-00000000000125000\" is not 18 digits of öre"},
      {"blank amount", [](Records& r) { r[17] = Put(r[17], 38, std::string(18, ' ')); }, "is not 18 digits of öre"},
      {"duplicate serial", [](Records& r) { r[19] = Put(r[19], 58, "000000002001"); },
       "line 20 (TK20 payment), positions 58-69: BGC serial number 000000002001 to bankgiro 54029681 was already "
       "used on line 18"},
      {"second name", [](Records& r) { r.insert(r.begin() + 4, r[3]); },
       "line 5 (TK26 name): a second TK26 name record for the payment on line 3 (the first is on line 4)"},
      {"extra reference first", [](Records& r) { std::swap(r[16], r[17]); r[16] = r[8]; },
       "line 17 (TK22 extra reference): record outside a deposit"},
      {"bad payment date", [](Records& r) { r[15] = Put(r[15], 38, "20260230"); },
       "positions 38-45: payment date \"20260230\" is not a date written YYYYMMDD"},
      {"TK70 deductions", [](Records& r) { r[21] = Put(r[21], 11, "00000000"); },
       "positions 11-18: the record says 0 deduction records (TK21), but the file has 1"},
      {"TK70 extra references", [](Records& r) { r[21] = Put(r[21], 19, "00000002"); },
       "positions 19-26: the record says 2 extra reference records (TK22, TK23), but the file has 3"},
      {"TK70 deposits", [](Records& r) { r[21] = Put(r[21], 27, "00000003"); },
       "positions 27-34: the record says 3 deposits (TK05), but the file has 2"},
      {"org number letters", [](Records& r) { r[6] = Put(r[6], 3, "16556036079X"); },
       "organisation number \"16556036079X\" is not 12 digits"},
  };
  for (const Case& c : cases) {
    Records records = ValidRecords();
    c.damage(records);
    absl::StatusOr<BgMaxFile> file = ParseBgMax(records.empty() ? "" : Join(records));
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_TRUE(absl::StrContains(file.status().message(), c.want))
        << c.name << ": got \"" << file.status().message() << "\", want \"" << c.want << "\"";
  }
}

TEST(BgMaxTest, DepositSumOverflowIsRefused) {
  // Ten payments of the largest 18-digit amount exceed int64 öre: refused, not wrapped.
  std::vector<std::string> valid = ValidRecords();
  std::vector<std::string> records = {valid[0], valid[1]};
  for (int i = 0; i < 10; ++i) {
    records.push_back(Put(Put(valid[19], 38, std::string(18, '9')), 58, "00000000300" + std::to_string(i)));
  }
  absl::StatusOr<BgMaxFile> file = ParseBgMax(Join(records));
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(), "line 12 (TK20 payment): the sum of the deposit opened on line 2 overflows");
}

TEST(BgMaxTest, HundredThousandPayments) {
  // The size the fund plans for (issue 4: 100 000 payments imported in under 10 s).
  std::vector<std::string> valid = ValidRecords();
  constexpr int kPayments = 100000;
  std::vector<std::string> records = {valid[0], valid[1]};
  for (int i = 0; i < kPayments; ++i) {
    std::string serial = std::to_string(100000000 + i);
    records.push_back(Put(valid[2], 58, std::string(12 - serial.size(), '0') + serial));
    records.push_back(valid[3]);
  }
  std::string sum = std::to_string(int64_t{125000} * kPayments);
  records.push_back(Put(Put(valid[15], 51, std::string(18 - sum.size(), '0') + sum), 72, "00100000"));
  records.push_back(Put(Put(Put(valid[21], 3, "00100000"), 11, "00000000"), 19, "0000000000000001"));
  absl::StatusOr<BgMaxFile> file = ParseBgMax(Join(records));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->payments, kPayments);
  EXPECT_EQ(file->deposits[0].payments.back().payer_name, "Åsa Öberg");
}

TEST(BgMaxTest, LooksLikeBgMax) {
  EXPECT_TRUE(LooksLikeBgMax(ReadTestdata("bgmax_valid.txt")));
  EXPECT_FALSE(LooksLikeBgMax("<?xml version=\"1.0\"?><Document/>"));
  EXPECT_FALSE(LooksLikeBgMax("01BGMA"));
}

}  // namespace
}  // namespace fondbok::payments
