#include "services/payments/camt.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

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

// Replaces the first occurrence of each `from` with its `to`; fails the test when one is missing.
std::string Edit(std::string text, const std::vector<std::pair<std::string, std::string>>& edits) {
  for (const auto& [from, to] : edits) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "not in the file: " << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  return text;
}

// The statement shared by the .02 and .08 files: OPBD/PRCD 10 000,00, a bankgiro deposit of
// 2 000,00 in two payments, a fee of 345,67, CLBD 11 654,33.
void ExpectCommonStatement(const CamtDocument& doc) {
  EXPECT_EQ(doc.kind, CamtKind::kStatement);
  EXPECT_EQ(doc.message_id, "STMT-20261123-0001");
  EXPECT_EQ(doc.created, absl::CivilSecond(2026, 11, 23, 18, 30, 0));
  ASSERT_EQ(doc.statements.size(), 1u);
  const CamtStatement& st = doc.statements[0];
  EXPECT_EQ(st.path, "Stmt[1]");
  EXPECT_EQ(st.id, "STMT-20261123-0001-1");
  EXPECT_TRUE(st.has_sequence_number);
  EXPECT_EQ(st.electronic_sequence_number, 327);
  EXPECT_EQ(st.currency, "SEK");
  ASSERT_TRUE(st.has_opening && st.has_closing);
  EXPECT_EQ(st.opening.amount_ore, 1000000);
  EXPECT_EQ(st.opening.date, absl::CivilDay(2026, 11, 22));
  EXPECT_EQ(st.closing.type, "CLBD");
  EXPECT_EQ(st.closing.amount_ore, 1165433);
  EXPECT_EQ(st.closing.date, absl::CivilDay(2026, 11, 23));
  ASSERT_GE(st.entries.size(), 2u);

  const CamtEntry& deposit = st.entries[0];
  EXPECT_EQ(deposit.path, "Stmt[1]/Ntry[1]");
  EXPECT_EQ(deposit.entry_ref, "E1");
  EXPECT_EQ(deposit.amount_ore, 200000);
  EXPECT_TRUE(deposit.credit);
  EXPECT_EQ(deposit.signed_ore(), 200000);
  EXPECT_EQ(deposit.currency, "SEK");
  EXPECT_FALSE(deposit.reversal);
  EXPECT_TRUE(deposit.booked());
  EXPECT_EQ(deposit.booking_date, absl::CivilDay(2026, 11, 23));
  EXPECT_TRUE(deposit.has_value_date);
  EXPECT_EQ(deposit.value_date, absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(deposit.account_servicer_ref, "BG-20261123-00001");
  ASSERT_EQ(deposit.transactions.size(), 2u);
  const CamtTransaction& first = deposit.transactions[0];
  EXPECT_EQ(first.path, "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]");
  EXPECT_EQ(first.end_to_end_id, "BGC-000000001001");
  EXPECT_EQ(first.debtor_name, "Åsa Öberg");
  EXPECT_EQ(first.reference, "1001000106");
  EXPECT_TRUE(first.has_amount);
  EXPECT_EQ(first.amount_ore, 125000);
  EXPECT_EQ(deposit.transactions[1].debtor_name, "Per Nilsson");
  EXPECT_EQ(deposit.transactions[1].reference, "1001000205");
  EXPECT_EQ(deposit.transactions[1].amount_ore, 75000);

  const CamtEntry& fee = st.entries[1];
  EXPECT_EQ(fee.entry_ref, "E2");
  EXPECT_FALSE(fee.credit);
  EXPECT_EQ(fee.amount_ore, 34567);
  EXPECT_EQ(fee.signed_ore(), -34567);
  EXPECT_EQ(fee.value_date, absl::CivilDay(2026, 11, 24));
  ASSERT_EQ(fee.transactions.size(), 1u);
  EXPECT_FALSE(fee.transactions[0].has_amount);
  EXPECT_EQ(fee.transactions[0].unstructured, (std::vector<std::string>{"Bankavgift november", "Kontopaket"}));
}

TEST(CamtTest, Statement00102) {
  absl::StatusOr<CamtDocument> doc = ParseCamt(ReadTestdata("camt053_v02.xml"));
  ASSERT_TRUE(doc.ok()) << doc.status();
  ExpectCommonStatement(*doc);
  EXPECT_EQ(doc->namespace_uri, "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02");
  EXPECT_EQ(doc->creation_time, "2026-11-23T18:30:00");
  const CamtStatement& st = doc->statements[0];
  EXPECT_EQ(st.iban, "SE4550000000058398257466");
  EXPECT_EQ(st.other_account_id, "");
  EXPECT_EQ(st.opening.type, "OPBD");
  EXPECT_EQ(st.entries.size(), 2u);
}

// .08 shapes (Sts/Cd, Dbtr/Pty/Nm, TxDtls/Amt, ValDt/DtTm), a prefix, PRCD as the opening balance,
// Othr/Id for the account, and a pending entry of 500,00 that the balance check must not count.
TEST(CamtTest, Statement00108WithPendingEntry) {
  absl::StatusOr<CamtDocument> doc = ParseCamt(ReadTestdata("camt053_v08.xml"));
  ASSERT_TRUE(doc.ok()) << doc.status();
  ExpectCommonStatement(*doc);
  EXPECT_EQ(doc->namespace_uri, "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08");
  EXPECT_EQ(doc->creation_time, "2026-11-23T18:30:00.123+01:00");
  const CamtStatement& st = doc->statements[0];
  EXPECT_EQ(st.iban, "");
  EXPECT_EQ(st.other_account_id, "5402-9681");
  EXPECT_EQ(st.opening.type, "PRCD");
  ASSERT_EQ(st.entries.size(), 3u);
  const CamtEntry& pending = st.entries[2];
  EXPECT_EQ(pending.status, "PDNG");
  EXPECT_FALSE(pending.booked());
  EXPECT_FALSE(pending.has_booking_date);
  EXPECT_EQ(pending.amount_ore, 50000);

  // Booked, the same entry breaks the balance by exactly its amount.
  absl::StatusOr<CamtDocument> booked = ParseCamt(Edit(ReadTestdata("camt053_v08.xml"),
      {{"<c:Cd>PDNG</c:Cd></c:Sts>", "<c:Cd>BOOK</c:Cd></c:Sts><c:BookgDt><c:Dt>2026-11-23</c:Dt></c:BookgDt>"}}));
  ASSERT_FALSE(booked.ok());
  EXPECT_TRUE(absl::StrContains(booked.status().message(), "difference -500,00")) << booked.status();
}

TEST(CamtTest, Notification054) {
  absl::StatusOr<CamtDocument> doc = ParseCamt(ReadTestdata("camt054_v02.xml"));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->kind, CamtKind::kNotification);
  EXPECT_EQ(doc->message_id, "NTF-20261124-0042");
  EXPECT_EQ(doc->created, absl::CivilSecond(2026, 11, 24, 10, 5, 0));
  ASSERT_EQ(doc->statements.size(), 1u);
  const CamtStatement& n = doc->statements[0];
  EXPECT_EQ(n.path, "Ntfctn[1]");
  EXPECT_EQ(n.id, "NTF-20261124-0042-1");
  EXPECT_FALSE(n.has_opening);
  EXPECT_FALSE(n.has_closing);
  ASSERT_EQ(n.entries.size(), 1u);
  EXPECT_EQ(n.entries[0].amount_ore, 98050);
  ASSERT_EQ(n.entries[0].transactions.size(), 1u);
  EXPECT_EQ(n.entries[0].transactions[0].debtor_name, "Karin Lund");
  EXPECT_EQ(n.entries[0].transactions[0].reference, "");
  EXPECT_EQ(n.entries[0].transactions[0].unstructured, std::vector<std::string>{"Insats Karin Lund"});
}

TEST(CamtTest, DebitBalancesAreNegative) {
  absl::StatusOr<CamtDocument> doc = ParseCamt(Edit(ReadTestdata("camt053_v02.xml"),
      {{"10000.00</Amt>\n        <CdtDbtInd>CRDT", "10000.00</Amt>\n        <CdtDbtInd>DBIT"},
       {"11654.33</Amt>\n        <CdtDbtInd>CRDT", "8345.67</Amt>\n        <CdtDbtInd>DBIT"}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->statements[0].opening.amount_ore, -1000000);
  EXPECT_EQ(doc->statements[0].closing.amount_ore, -834567);
}

struct BadCase {
  std::string name;
  std::string file;
  std::vector<std::pair<std::string, std::string>> edits;
  std::vector<std::string> expected;  // substrings of the error message
};

TEST(CamtTest, RefusedWhole) {
  const std::vector<BadCase> cases = {
      {"malformed XML", "camt053_v02.xml", {{"<NtryRef>E1</NtryRef>", "<NtryRef>E1</NtryRf>"}},
       {"line 33, column", "not well-formed XML"}},
      {"entry in another currency", "camt053_v02.xml", {{"<Amt Ccy=\"SEK\">345.67", "<Amt Ccy=\"EUR\">345.67"}},
       {"Stmt[1]/Ntry[2]/Amt: currency EUR differs from the account's currency SEK"}},
      {"statement in another currency", "camt053_v02.xml", {{"<Ccy>SEK</Ccy>", "<Ccy>EUR</Ccy>"}},
       {"Stmt[1]/Bal[1]/Amt: currency SEK differs from the account's currency EUR"}},
      {"balances do not add up", "camt053_v02.xml", {{"11654.33", "11654.34"}},
       {"Stmt[1]: the balances do not add up", "opening balance OPBD 10 000,00 kr", "booked credits 2 000,00 kr",
        "booked debits 345,67 kr", "= 11 654,33 kr", "closing balance CLBD is 11 654,34 kr", "difference 0,01 kr"}},
      {"three decimals", "camt053_v02.xml", {{"345.67<", "345.670<"}},
       {"Stmt[1]/Ntry[2]/Amt: amount \"345.670\" has 3 decimals; at most two"}},
      {"negative amount", "camt053_v02.xml", {{"345.67<", "-345.67<"}}, {"Stmt[1]/Ntry[2]/Amt", "is negative"}},
      {"not a number", "camt053_v02.xml", {{"345.67<", "345,67<"}}, {"Stmt[1]/Ntry[2]/Amt", "not a decimal"}},
      {"duplicate entry reference", "camt053_v02.xml", {{"<NtryRef>E2<", "<NtryRef>E1<"}},
       {"Stmt[1]/Ntry[2]/NtryRef: entry reference \"E1\" appears twice (also Stmt[1]/Ntry[1])"}},
      {"duplicate bank reference", "camt053_v02.xml", {{"FEE-20261123-77", "BG-20261123-00001"}},
       {"Stmt[1]/Ntry[2]/AcctSvcrRef", "appears twice"}},
      {"out-of-range date", "camt053_v02.xml", {{"<BookgDt><Dt>2026-11-23", "<BookgDt><Dt>2026-02-30"}},
       {"Stmt[1]/Ntry[1]/BookgDt/Dt: date \"2026-02-30\" is not a real day"}},
      {"year before 1900", "camt053_v02.xml", {{"<Dt><Dt>2026-11-22", "<Dt><Dt>1899-12-31"}},
       {"Stmt[1]/Bal[1]/Dt/Dt"}},
      {"payments do not add up to the deposit", "camt053_v02.xml", {{">750</Amt>", ">760</Amt>"}},
       {"Stmt[1]/Ntry[1]: the 2 payments (TxDtls) add up to 2 010,00 kr but the entry's amount is 2 000,00 kr"}},
      {"missing closing balance", "camt053_v02.xml", {{"<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>"}},
       {"Stmt[1]: the closing balance", "missing"}},
      {"missing amount", "camt053_v02.xml", {{"<Amt Ccy=\"SEK\">345.67</Amt>", ""}},
       {"Stmt[1]/Ntry[2]: required element Amt"}},
      {"bad credit/debit", "camt053_v02.xml", {{"<CdtDbtInd>DBIT", "<CdtDbtInd>DEBT"}},
       {"Stmt[1]/Ntry[2]/CdtDbtInd: \"DEBT\" is neither CRDT"}},
      {"bad status", "camt053_v08.xml", {{"<c:Cd>BOOK</c:Cd></c:Sts>", "<c:Cd>BOKD</c:Cd></c:Sts>"}},
       {"Stmt[1]/Ntry[1]/Sts: status \"BOKD\""}},
      {"booked without booking date", "camt054_v02.xml", {{"<BookgDt><Dt>2026-11-24</Dt></BookgDt>", ""}},
       {"Ntfctn[1]/Ntry[1]: required element BookgDt"}},
      {"missing message id", "camt054_v02.xml", {{"<MsgId>NTF-20261124-0042</MsgId>", ""}},
       {"GrpHdr: required element MsgId is missing"}},
      {"bad creation time", "camt054_v02.xml", {{"T10:05:00Z", "T25:05:00Z"}}, {"GrpHdr/CreDtTm"}},
      {"no account", "camt054_v02.xml", {{"<IBAN>SE4550000000058398257466</IBAN>", ""}},
       {"Ntfctn[1]/Acct/Id: neither IBAN nor Othr/Id"}},
      {"mismatched end tag", "camt054_v02.xml", {{"BkToCstmrDbtCdtNtfctn>\n    <GrpHdr>", "Other>\n    <GrpHdr>"}},
       {"line", "not well-formed"}},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<CamtDocument> doc = ParseCamt(Edit(ReadTestdata(c.file), c.edits));
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
    for (const std::string& part : c.expected) {
      EXPECT_TRUE(absl::StrContains(doc.status().message(), part)) << doc.status().message() << "\nlacks: " << part;
    }
  }
}

TEST(CamtTest, RefusesOtherDocumentsAndHugeInput) {
  absl::StatusOr<CamtDocument> other = ParseCamt("<Document><CstmrCdtTrfInitn/></Document>");
  ASSERT_FALSE(other.ok());
  EXPECT_TRUE(absl::StrContains(other.status().message(), "neither BkToCstmrStmt")) << other.status();
  EXPECT_FALSE(ParseCamt("<Invoice/>").ok());
  EXPECT_FALSE(ParseCamt("").ok());
  std::string huge(kCamtBytesMax + 1, ' ');
  absl::StatusOr<CamtDocument> big = ParseCamt(huge);
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(absl::StrContains(big.status().message(), "64 MiB")) << big.status();
}

TEST(CamtTest, LooksLikeCamt) {
  EXPECT_TRUE(LooksLikeCamt(ReadTestdata("camt053_v02.xml")));
  EXPECT_TRUE(LooksLikeCamt(ReadTestdata("camt053_v08.xml")));
  EXPECT_TRUE(LooksLikeCamt("\xEF\xBB\xBF  " + ReadTestdata("camt054_v02.xml")));
  EXPECT_FALSE(LooksLikeCamt(ReadTestdata("bgmax_valid.txt")));
  EXPECT_FALSE(LooksLikeCamt("date,amount,reference,text\n"));
  EXPECT_FALSE(LooksLikeCamt(""));
}

}  // namespace
}  // namespace fondbok::payments
