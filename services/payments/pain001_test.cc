#include "services/payments/pain001.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fondbok::payments {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(FONDBOK_PAYMENTS_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open testdata/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The batch of testdata/pain001_expected.xml: a bankgiro with OCR, an IBAN with text, and a bankgiro
// whose name holds an ampersand and an é and whose text an en dash.
Pain001Batch GoldenBatch() {
  Pain001Batch b;
  b.message_id = "FB-PAIN-20261123-1";
  b.created = absl::CivilSecond(2026, 11, 23, 10, 15, 0);
  b.initiating_party = "Kreditfonden Norrland ek. för.";
  b.payment_info_id = "FB-PMT-20261123-1";
  b.execution_date = absl::CivilDay(2026, 11, 25);
  b.debtor_name = "Kreditfonden Norrland ek. för.";
  b.debtor_iban = "SE35 5000 0000 0549 1000 0003";
  b.debtor_bic = "ESSESESS";
  b.transfers.push_back({"PO-1001", 125000, "SEK", "Ängsbackens Bygdegårdsförening", "", "5050-1055",
                         "1234567897", ""});
  b.transfers.push_back({"PO-1002", 4999950, "SEK", "Åsa Öberg", "SE45 5000 0000 0583 9825 7466", "", "",
                         "Utbetalning lån 2026/17"});
  b.transfers.push_back({"PO-1003", 7, "SEK", "Berg & Söner Café AB", "", "991-2346", "",
                         "Återbetalning – överskott"});
  return b;
}

TEST(Pain001Test, GoldenFileByteForByte) {
  absl::StatusOr<std::string> xml = WritePain001(GoldenBatch());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_EQ(*xml, ReadTestdata("pain001_expected.xml"));
}

std::string At(const pugi::xml_node& root, const std::string& path) {
  pugi::xpath_node n = root.select_node(path.c_str());
  EXPECT_TRUE(n) << "missing " << path;
  return n ? n.node().text().get() : "";
}

TEST(Pain001Test, ParsesBackWithEveryRequiredElement) {
  absl::StatusOr<std::string> xml = WritePain001(GoldenBatch());
  ASSERT_TRUE(xml.ok()) << xml.status();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml->c_str())) << *xml;
  pugi::xml_node root = doc.child("Document");
  EXPECT_STREQ(root.attribute("xmlns").value(), kPain001Namespace);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"CstmrCdtTrfInitn/GrpHdr/MsgId", "FB-PAIN-20261123-1"},
      {"CstmrCdtTrfInitn/GrpHdr/CreDtTm", "2026-11-23T10:15:00"},
      {"CstmrCdtTrfInitn/GrpHdr/NbOfTxs", "3"},
      {"CstmrCdtTrfInitn/GrpHdr/CtrlSum", "51249.57"},  // 1250.00 + 49999.50 + 0.07
      {"CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm", "Kreditfonden Norrland ek. för."},
      {"CstmrCdtTrfInitn/PmtInf/PmtInfId", "FB-PMT-20261123-1"},
      {"CstmrCdtTrfInitn/PmtInf/PmtMtd", "TRF"},
      {"CstmrCdtTrfInitn/PmtInf/BtchBookg", "false"},
      {"CstmrCdtTrfInitn/PmtInf/NbOfTxs", "3"},
      {"CstmrCdtTrfInitn/PmtInf/CtrlSum", "51249.57"},
      {"CstmrCdtTrfInitn/PmtInf/ReqdExctnDt", "2026-11-25"},
      {"CstmrCdtTrfInitn/PmtInf/Dbtr/Nm", "Kreditfonden Norrland ek. för."},
      {"CstmrCdtTrfInitn/PmtInf/DbtrAcct/Id/IBAN", "SE3550000000054910000003"},
      {"CstmrCdtTrfInitn/PmtInf/DbtrAgt/FinInstnId/BIC", "ESSESESS"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/PmtId/EndToEndId", "PO-1001"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/Amt/InstdAmt", "1250.00"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/Cdtr/Nm", "Ängsbackens Bygdegårdsförening"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/CdtrAcct/Id/Othr/Id", "50501055"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/CdtrAcct/Id/Othr/SchmeNm/Prtry", "BGNR"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd", "SCOR"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/RmtInf/Strd/CdtrRefInf/Ref", "1234567897"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/PmtId/EndToEndId", "PO-1002"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/Amt/InstdAmt", "49999.50"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/ChrgBr", "SLEV"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/Cdtr/Nm", "Åsa Öberg"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/CdtrAcct/Id/IBAN", "SE4550000000058398257466"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[2]/RmtInf/Ustrd", "Utbetalning lån 2026/17"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[3]/PmtId/EndToEndId", "PO-1003"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[3]/Amt/InstdAmt", "0.07"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[3]/Cdtr/Nm", "Berg + Söner Cafe AB"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[3]/CdtrAcct/Id/Othr/Id", "9912346"},
      {"CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[3]/RmtInf/Ustrd", "Återbetalning - överskott"},
  };
  for (const auto& [path, value] : expected) EXPECT_EQ(At(root, path), value) << path;
  pugi::xpath_node_set amounts = root.select_nodes("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt");
  ASSERT_EQ(amounts.size(), 3u);
  for (const pugi::xpath_node& a : amounts) EXPECT_STREQ(a.node().attribute("Ccy").value(), "SEK");
  // A bankgiro transfer carries no ChrgBr and no Ustrd beside its OCR.
  EXPECT_FALSE(root.select_node("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/ChrgBr"));
  EXPECT_FALSE(root.select_node("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf[1]/RmtInf/Ustrd"));
  EXPECT_FALSE(absl::StrContains(*xml, "&")) << "the ampersand must have become '+'";
}

TEST(Pain001Test, DebtorBankgiroAndNoBic) {
  Pain001Batch b = GoldenBatch();
  b.debtor_iban = "";
  b.debtor_bankgiro = "5050-1055";
  b.debtor_bic = "";
  absl::StatusOr<std::string> xml = WritePain001(b);
  ASSERT_TRUE(xml.ok()) << xml.status();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml->c_str()));
  pugi::xml_node pmt = doc.child("Document").child("CstmrCdtTrfInitn").child("PmtInf");
  EXPECT_EQ(At(pmt, "DbtrAcct/Id/Othr/Id"), "50501055");
  EXPECT_EQ(At(pmt, "DbtrAcct/Id/Othr/SchmeNm/Prtry"), "BGNR");
  EXPECT_FALSE(pmt.select_node("DbtrAcct/Id/IBAN"));
  EXPECT_EQ(At(pmt, "DbtrAgt/FinInstnId/Othr/Id"), "NOTPROVIDED");
  EXPECT_FALSE(pmt.select_node("DbtrAgt/FinInstnId/BIC"));
}

TEST(Pain001Test, SameBatchSameBytes) {
  absl::StatusOr<std::string> a = WritePain001(GoldenBatch());
  absl::StatusOr<std::string> b = WritePain001(GoldenBatch());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

struct Refusal {
  std::string name;
  std::function<void(Pain001Batch&)> change;
  std::string message_part;  // must appear in the INVALID_ARGUMENT message
};

TEST(Pain001Test, Refusals) {
  constexpr int64_t kMax = kPain001AmountMaxOre;
  const std::vector<Refusal> cases = {
      {"bad creditor IBAN", [](Pain001Batch& b) { b.transfers[1].creditor_iban = "SE45 5000 0000 0583 9825 7467"; },
       "transfers[1] (end_to_end_id \"PO-1002\"): creditor_iban: \"SE45 5000 0000 0583 9825 7467\" fails the "
       "IBAN check (mod 97 is 28, must be 1)"},
      {"Swedish IBAN of the wrong length", [](Pain001Batch& b) { b.transfers[1].creditor_iban = "SE455000000005839825746"; },
       "a Swedish IBAN (SE) has 24"},
      {"IBAN with a symbol", [](Pain001Batch& b) { b.transfers[1].creditor_iban = "SE45-5000-0000-0583-9825-7466"; },
       "is not an IBAN"},
      {"bad debtor IBAN", [](Pain001Batch& b) { b.debtor_iban = "SE35 5000 0000 0549 1000 0004"; },
       "debtor_iban: \"SE35 5000 0000 0549 1000 0004\" fails the IBAN check"},
      {"bad bankgiro (Luhn)", [](Pain001Batch& b) { b.transfers[0].creditor_bankgiro = "5050-1056"; },
       "transfers[0] (end_to_end_id \"PO-1001\"): creditor_bankgiro: bankgiro number \"5050-1056\""},
      {"bad bankgiro (length)", [](Pain001Batch& b) { b.transfers[0].creditor_bankgiro = "50501"; },
       "must be 7 or 8 digits"},
      {"both IBAN and bankgiro", [](Pain001Batch& b) { b.transfers[0].creditor_iban = "SE4550000000058398257466"; },
       "creditor_account: give exactly one of creditor_iban and creditor_bankgiro (both given)"},
      {"no creditor account", [](Pain001Batch& b) { b.transfers[0].creditor_bankgiro = ""; },
       "(neither given)"},
      {"no debtor account", [](Pain001Batch& b) { b.debtor_iban = ""; },
       "debtor_account: give exactly one of debtor_iban and debtor_bankgiro"},
      {"both ocr and text", [](Pain001Batch& b) { b.transfers[0].text = "faktura 17"; },
       "transfers[0] (end_to_end_id \"PO-1001\"): ocr: give either ocr or text, not both"},
      {"bad OCR", [](Pain001Batch& b) { b.transfers[0].ocr = "1234567898"; },
       "ocr: \"1234567898\" fails the Luhn check: its last digit must be 7"},
      {"OCR with letters", [](Pain001Batch& b) { b.transfers[0].ocr = "12AB"; }, "must be 2 to 25 digits"},
      {"zero amount", [](Pain001Batch& b) { b.transfers[2].amount_ore = 0; },
       "transfers[2] (end_to_end_id \"PO-1003\"): amount_ore: 0 öre is outside 1 to"},
      {"negative amount", [](Pain001Batch& b) { b.transfers[2].amount_ore = -100; }, "-100 öre is outside"},
      {"amount beyond 18 digits", [](Pain001Batch& b) { b.transfers[2].amount_ore = kMax + 1; }, "is outside 1 to"},
      {"sum beyond CtrlSum",
       [](Pain001Batch& b) {
         b.transfers[0].amount_ore = kMax;
         b.transfers[1].amount_ore = 1;
       },
       "transfers[1] (end_to_end_id \"PO-1002\"): amount_ore: brings the sum of the file past"},
      {"ten transfers of the largest amount",
       [](Pain001Batch& b) {
         b.transfers.resize(1);
         for (int i = 0; i < 10; ++i) {
           CreditTransfer t = b.transfers[0];
           t.end_to_end_id = absl::StrCat("PO-2", i);
           t.amount_ore = kMax;
           b.transfers.push_back(t);
         }
       },
       "brings the sum of the file past 999999999999999999 öre"},
      {"duplicate end-to-end id", [](Pain001Batch& b) { b.transfers[2].end_to_end_id = "PO-1001"; },
       "transfers[2] (end_to_end_id \"PO-1001\"): end_to_end_id: is used by an earlier transfer"},
      {"too long end-to-end id", [](Pain001Batch& b) { b.transfers[1].end_to_end_id = std::string(36, 'A'); },
       "is 36 characters; an id is 1 to 35"},
      {"empty end-to-end id", [](Pain001Batch& b) { b.transfers[1].end_to_end_id = ""; }, "is 0 characters"},
      {"id with a space", [](Pain001Batch& b) { b.transfers[1].end_to_end_id = "PO 1002"; }, "holds a space"},
      {"id with an underscore", [](Pain001Batch& b) { b.transfers[1].end_to_end_id = "PO_1002"; }, "holds '_'"},
      {"id with double slash", [](Pain001Batch& b) { b.transfers[1].end_to_end_id = "PO//1002"; }, "\"//\""},
      {"too long message id", [](Pain001Batch& b) { b.message_id = std::string(36, '1'); },
       "message_id: \"111111111111111111111111111111111111\" is 36 characters"},
      {"bad payment info id", [](Pain001Batch& b) { b.payment_info_id = "/PMT"; }, "payment_info_id:"},
      {"empty batch", [](Pain001Batch& b) { b.transfers.clear(); }, "transfers: 0 transfers; a file holds 1 to 100000"},
      {"too many transfers", [](Pain001Batch& b) { b.transfers.resize(kPain001TransfersMax + 1); },
       "100001 transfers; a file holds 1 to 100000"},
      {"bankgiro in EUR", [](Pain001Batch& b) { b.transfers[0].currency = "EUR"; }, "Bankgirot pays SEK only"},
      {"lower-case currency", [](Pain001Batch& b) { b.transfers[1].currency = "sek"; },
       "currency: \"sek\" is not three upper-case letters"},
      {"empty creditor name", [](Pain001Batch& b) { b.transfers[1].creditor_name = " # "; },
       "creditor_name: is empty; it is required"},
      {"creditor name too long", [](Pain001Batch& b) { b.transfers[1].creditor_name = std::string(71, 'x'); },
       "is 71 characters; at most 70"},
      {"creditor name not UTF-8", [](Pain001Batch& b) { b.transfers[1].creditor_name = "\xE5sa"; },
       "creditor_name: is not valid UTF-8"},
      {"text too long", [](Pain001Batch& b) { b.transfers[1].text = std::string(141, 'x'); },
       "text: \"" + std::string(141, 'x') + "\" is 141 characters; at most 140"},
      {"bad BIC", [](Pain001Batch& b) { b.debtor_bic = "ESSE5ESS"; }, "debtor_bic: \"ESSE5ESS\" is not a BIC"},
      {"BIC of 9 characters", [](Pain001Batch& b) { b.debtor_bic = "ESSESESSX"; }, "is not a BIC"},
      {"execution before creation", [](Pain001Batch& b) { b.execution_date = absl::CivilDay(2026, 11, 22); },
       "execution_date: 2026-11-22 is before the file was created (2026-11-23T10:15:00)"},
      {"empty initiating party", [](Pain001Batch& b) { b.initiating_party = ""; }, "initiating_party: is empty"},
      {"empty debtor name", [](Pain001Batch& b) { b.debtor_name = ""; }, "debtor_name: is empty"},
  };
  for (const Refusal& c : cases) {
    Pain001Batch batch = GoldenBatch();
    c.change(batch);
    absl::StatusOr<std::string> xml = WritePain001(batch);
    ASSERT_FALSE(xml.ok()) << c.name;
    EXPECT_EQ(xml.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_TRUE(absl::StrContains(xml.status().message(), c.message_part))
        << c.name << ": " << xml.status().message() << "\n  expected to contain: " << c.message_part;
  }
}

TEST(Pain001Test, AcceptedVariants) {
  const std::vector<std::pair<std::string, std::function<void(Pain001Batch&)>>> cases = {
      {"lower-case IBAN", [](Pain001Batch& b) { b.transfers[1].creditor_iban = "se4550000000058398257466"; }},
      {"foreign IBAN in EUR", [](Pain001Batch& b) {
         b.transfers[1].creditor_iban = "DE89 3704 0044 0532 0130 00";
         b.transfers[1].currency = "EUR";
       }},
      {"BIC of 11 characters", [](Pain001Batch& b) { b.debtor_bic = "esseseSS123"; }},
      {"OCR with spaces", [](Pain001Batch& b) { b.transfers[0].ocr = "1234 5678 97"; }},
      {"no remittance at all", [](Pain001Batch& b) { b.transfers[0].ocr = ""; }},
      {"execution on the day of creation", [](Pain001Batch& b) { b.execution_date = absl::CivilDay(2026, 11, 23); }},
      {"id of 35 characters", [](Pain001Batch& b) { b.message_id = std::string(35, 'M'); }},
      {"name of 70 Swedish letters", [](Pain001Batch& b) { b.transfers[0].creditor_name = std::string(35, 'x') + [] {
         std::string s;
         for (int i = 0; i < 35; ++i) s += "ö";
         return s;
       }(); }},
  };
  for (const auto& [name, change] : cases) {
    Pain001Batch batch = GoldenBatch();
    change(batch);
    absl::StatusOr<std::string> xml = WritePain001(batch);
    EXPECT_TRUE(xml.ok()) << name << ": " << xml.status();
  }
}

TEST(Pain001Test, ToBankLatin) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Åsa Öberg", "Åsa Öberg"},
      {"Berg & Söner", "Berg + Söner"},
      {"Café Müller", "Cafe Muller"},
      {"Søren Kjærgaard", "Sören Kjärgaard"},
      {"Straße", "Strasse"},
      {"Łódź", "Lodz"},
      {"\"Bästa\" – fonden", "'Bästa' - fonden"},
      {"a_b", "a-b"},
      {"  many   spaces\tand\nlines  ", "many spaces and lines"},
      {"50% off <now> #1 @home", "50 off now 1 home"},
      {"a/b-c?d:e(f)g.h,i'j+k", "a/b-c?d:e(f)g.h,i'j+k"},
      {"€ ✓ 漢字", ""},
  };
  for (const auto& [in, out] : cases) {
    absl::StatusOr<std::string> latin = ToBankLatin(in);
    ASSERT_TRUE(latin.ok()) << in;
    EXPECT_EQ(*latin, out) << in;
  }
  EXPECT_FALSE(ToBankLatin("\xC3").ok());
}

TEST(Pain001Test, Iban) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"SE4550000000058398257466", true},
      {"SE45 5000 0000 0583 9825 7466", true},
      {"se45 5000 0000 0583 9825 7466", true},
      {"DE89370400440532013000", true},
      {"GB82WEST12345698765432", true},
      {"SE4550000000058398257467", false},  // one digit off
      {"SE5450000000058398257466", false},  // check digits swapped
      {"DE8937040044053201300", false},     // one short: wrong remainder
      {"SE45500000000583982574", false},     // Swedish, 22 characters
      {"4550000000058398257466SE", false},
      {"", false},
      {"SE45 5000 0000 0583 9825 746Ö", false},
  };
  for (const auto& [iban, valid] : cases) EXPECT_EQ(ValidIban(iban), valid) << iban;
  absl::StatusOr<std::string> normal = NormalizeIban("se45 5000 0000 0583 9825 7466");
  ASSERT_TRUE(normal.ok());
  EXPECT_EQ(*normal, "SE4550000000058398257466");
}

}  // namespace
}  // namespace fondbok::payments
