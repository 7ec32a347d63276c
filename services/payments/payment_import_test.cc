// PlanImport over the bank files of testdata/ and variants of them: which payments a file books,
// and why a file that is not the fund's (another bankgiro, IBAN or currency, a test file, a
// duplicate entry, neither format) is refused whole with the line or element named.
#include "services/payments/payment_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace fondbok::payments {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(FONDBOK_PAYMENTS_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open testdata/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The valid BgMax file as its records (Latin-1 bytes), for building variants.
std::vector<std::string> BgMaxRecords() {
  std::vector<std::string> lines = absl::StrSplit(ReadTestdata("bgmax_valid.txt"), "\r\n");
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

// Replaces the first occurrence of each `from` with its `to`; fails the test when one is missing.
std::string Edit(std::string text, const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "not in the file: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

v1::PaymentSettings Fund(const std::string& bankgiro = "54029681", const std::string& iban = "SE4550000000058398257466") {
  v1::PaymentSettings s;
  s.set_bankgiro(bankgiro);
  s.set_iban(iban);
  s.set_currency("SEK");
  return s;
}

struct Expected {
  std::string bank_reference;
  int64_t amount_ore;
  std::string value_date;
  std::string reference;
  std::string payer_name;
  std::string payer_account;
  std::string file_location;
};

void ExpectPayments(const ImportPlan& plan, const std::vector<Expected>& want, const std::string& source) {
  ASSERT_EQ(plan.payments.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].bank_reference);
    const v1::IncomingPayment& p = plan.payments[i];
    EXPECT_EQ(p.bank_reference(), want[i].bank_reference);
    EXPECT_EQ(p.amount_ore(), want[i].amount_ore);
    EXPECT_EQ(p.value_date(), want[i].value_date);
    EXPECT_EQ(p.reference(), want[i].reference);
    EXPECT_EQ(p.payer_name(), want[i].payer_name);
    EXPECT_EQ(p.payer_account(), want[i].payer_account);
    EXPECT_EQ(p.file_location(), want[i].file_location);
    EXPECT_EQ(p.currency(), "SEK");
    EXPECT_EQ(p.source(), source);
  }
}

void ExpectRefused(const absl::StatusOr<ImportPlan>& plan, const std::vector<std::string>& parts,
                   absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), code) << plan.status();
  for (const std::string& part : parts) {
    EXPECT_TRUE(absl::StrContains(plan.status().message(), part)) << plan.status().message() << "\nlacks: " << part;
  }
}

TEST(PlanImportTest, BgMaxToTheFundsBankgiroBooksEveryPaymentAndDeduction) {
  absl::StatusOr<ImportPlan> plan = PlanImport(ReadTestdata("bgmax_valid.txt"), "bg.txt", Fund());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->kind, "bgmax");
  EXPECT_EQ(plan->account, "54029681");
  EXPECT_EQ(plan->file_created, "2026-11-23T10:15:30");
  ExpectPayments(*plan,
                 {
                     {"BGC:54029681:000000001001", 125000, "2026-11-23", "1001000106", "Åsa Öberg", "9912346", "line 3"},
                     {"BGC:54029681:000000001002", 80000, "2026-11-23", "FAKTURA 7 OCH 8", "Kjell Ärlig", "", "line 8"},
                     {"BGC:54029681:000000001003", -5000, "2026-11-23", "1001000106", "", "", "line 15"},
                     {"BGC:54029681:000000002001", 33350, "2026-11-24", "1002000204", "Bo Ek", "", "line 18"},
                     {"BGC:54029681:000000002002", 100, "2026-11-24", "", "", "54029681", "line 20"},
                 },
                 "bgmax");
  EXPECT_EQ(plan->payments[0].payer_org_number(), "165560360793");
  EXPECT_EQ(plan->payments[1].texts_size(), 2);
  EXPECT_EQ(plan->payments[1].texts(0), "Amortering november, två fakturor");
  EXPECT_EQ(plan->debits_skipped, 0);
  EXPECT_EQ(plan->not_booked_skipped, 0);
}

TEST(PlanImportTest, BgMaxThatIsNotTheFundsIsRefusedWhole) {
  std::vector<std::string> other_payee = BgMaxRecords();
  ASSERT_EQ(other_payee[16].substr(0, 2), "05");
  other_payee[16] = Put(other_payee[16], 3, "0009912346");
  ExpectRefused(PlanImport(Join(other_payee), "bg.txt", Fund()),
                {"bg.txt: line 17: the deposit is to bankgiro 9912346, not the fund's 54029681"});

  std::vector<std::string> test_file = BgMaxRecords();
  ASSERT_EQ(test_file[0].substr(44, 1), "P");
  test_file[0] = Put(test_file[0], 45, "T");
  ExpectRefused(PlanImport(Join(test_file), "bg.txt", Fund()), {"bg.txt: line 1", "test file"});

  ExpectRefused(PlanImport(ReadTestdata("bgmax_valid.txt"), "bg.txt", Fund("9912346")),
                {"line 2: the deposit is to bankgiro 54029681, not the fund's 9912346"});
  ExpectRefused(PlanImport(ReadTestdata("bgmax_valid.txt"), "bg.txt", Fund("", "SE4550000000058398257466")),
                {"bankgiro is not set"}, absl::StatusCode::kFailedPrecondition);
  // The reader's own refusals keep the file's name in front.
  ExpectRefused(PlanImport(ReadTestdata("bgmax_bad_deposit_sum.txt"), "bad.txt", Fund()), {"bad.txt: line 16"});
}

TEST(PlanImportTest, Camt053BooksTheCreditsOfTheFundsStatement) {
  absl::StatusOr<ImportPlan> plan = PlanImport(ReadTestdata("camt053_v02.xml"), "stmt.xml", Fund());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->kind, "camt.053");
  EXPECT_EQ(plan->account, "SE4550000000058398257466");
  EXPECT_EQ(plan->file_created, "2026-11-23T18:30:00");
  const std::string ref = "CAMT:SE4550000000058398257466:BG-20261123-00001:";
  ExpectPayments(*plan,
                 {
                     {ref + "1", 125000, "2026-11-23", "1001000106", "Åsa Öberg", "",
                      "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]"},
                     {ref + "2", 75000, "2026-11-23", "1001000205", "Per Nilsson", "",
                      "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]"},
                 },
                 "camt.053");
  EXPECT_EQ(plan->debits_skipped, 1) << "the bank fee";
  EXPECT_EQ(plan->not_booked_skipped, 0);

  // .08, the account as Othr/Id (the fund's bankgiro), and a pending entry that is not booked yet.
  absl::StatusOr<ImportPlan> v08 = PlanImport(ReadTestdata("camt053_v08.xml"), "stmt.xml", Fund());
  ASSERT_TRUE(v08.ok()) << v08.status();
  EXPECT_EQ(v08->account, "5402-9681");
  ASSERT_EQ(v08->payments.size(), 2u);
  EXPECT_EQ(v08->payments[0].bank_reference(), "CAMT:5402-9681:BG-20261123-00001:1");
  EXPECT_EQ(v08->payments[1].amount_ore(), 75000);
  EXPECT_EQ(v08->debits_skipped, 1);
  EXPECT_EQ(v08->not_booked_skipped, 1);

  // A reversal is not money in.
  absl::StatusOr<ImportPlan> reversed = PlanImport(
      Edit(ReadTestdata("camt053_v02.xml"), {{"<RvslInd>false</RvslInd>", "<RvslInd>true</RvslInd>"}}), "stmt.xml",
      Fund());
  ASSERT_TRUE(reversed.ok()) << reversed.status();
  EXPECT_EQ(reversed->payments.size(), 0u);
  EXPECT_EQ(reversed->debits_skipped, 2);
}

TEST(PlanImportTest, Camt054NotificationWithoutAStructuredReference) {
  absl::StatusOr<ImportPlan> plan = PlanImport(ReadTestdata("camt054_v02.xml"), "ntf.xml", Fund());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->kind, "camt.054");
  ExpectPayments(*plan,
                 {{"CAMT:SE4550000000058398257466:BG-20261124-00003:1", 98050, "2026-11-24", "", "Karin Lund", "",
                   "Ntfctn[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]"}},
                 "camt.054");
  ASSERT_EQ(plan->payments[0].texts_size(), 1);
  EXPECT_EQ(plan->payments[0].texts(0), "Insats Karin Lund");
}

TEST(PlanImportTest, CamtThatIsNotTheFundsIsRefusedWhole) {
  const std::string v02 = ReadTestdata("camt053_v02.xml");
  ExpectRefused(PlanImport(v02, "stmt.xml", Fund("54029681", "GB82WEST12345698765432")),
                {"stmt.xml: Stmt[1]: the statement is for account SE4550000000058398257466, not the fund's "
                 "GB82WEST12345698765432"});
  ExpectRefused(PlanImport(absl::StrReplaceAll(v02, {{"SEK", "EUR"}}), "stmt.xml", Fund()),
                {"stmt.xml: Stmt[1]: the account is in EUR, not SEK"});
  ExpectRefused(PlanImport(ReadTestdata("camt053_v08.xml"), "stmt.xml", Fund("9912346", "")),
                {"Stmt[1]: the statement is for account 5402-9681"});
  ExpectRefused(PlanImport(v02, "stmt.xml", Fund("", "")), {"not set"}, absl::StatusCode::kFailedPrecondition);

  // The same booked entry in two statements of one document.
  const size_t begin = v02.find("    <Stmt>");
  const size_t end = v02.find("</Stmt>\n") + std::string("</Stmt>\n").size();
  ASSERT_NE(begin, std::string::npos);
  std::string second = v02.substr(begin, end - begin);
  second = Edit(second, {{"<Id>STMT-20261123-0001-1</Id>", "<Id>STMT-20261123-0001-2</Id>"},
                         {"<ElctrncSeqNb>327</ElctrncSeqNb>", "<ElctrncSeqNb>328</ElctrncSeqNb>"}});
  const std::string two = v02.substr(0, end) + second + v02.substr(end);
  ExpectRefused(PlanImport(two, "stmt.xml", Fund()),
                {"stmt.xml: Stmt[2]/Ntry[1]/NtryDtls[1]/TxDtls[1]", "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]",
                 "duplicate statement entry"});
  // The reader's own refusals keep the file's name in front.
  ExpectRefused(PlanImport(Edit(v02, {{"11654.33", "11654.34"}}), "stmt.xml", Fund()),
                {"stmt.xml: Stmt[1]: the balances do not add up"});
}

TEST(PlanImportTest, NeitherFormatIsRefused) {
  for (const std::string& bytes : {std::string("date;amount;text\n2026-11-23;100,00;x\n"), std::string(""),
                                   ReadTestdata("csv_comma.csv"), std::string("<Invoice/>")}) {
    SCOPED_TRACE(bytes.substr(0, 20));
    ExpectRefused(PlanImport(bytes, "file.bin", Fund()), {"file.bin: neither a BgMax file", "camt.053"});
  }
}

}  // namespace
}  // namespace fondbok::payments
