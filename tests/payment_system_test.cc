// Money in through the real fondbokd and the real fondbok CLI (issue 4, "Tests"): three credits are
// invoiced; a BgMax file written here by hand from FORMATS.md pays two instalments in full, one in
// part, and carries one wrong OCR reference, which lands in suspense and is then allocated by hand;
// the credits' arrears reflect it. The same file imported again books nothing, and an overlapping
// file books only its new payment. fondbok-reconcile then proves the books against a matching
// camt.053 statement (exit 0) and names the line of a statement whose one amount was changed (exit 1).
//
// The server runs on the real clock; all value dates lie in early 2026, before this was written
// (2026-11-23), so the test holds on any later day.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "fondbok/v1/credit_service.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "fondbok/v1/party_service.pb.h"
#include "fondbok/v1/payment_service.pb.h"
#include "tests/test_server.h"
#include "tools/reconcile/reconcile_locator.h"

namespace fondbok::testing {
namespace {

constexpr char kBankgiro[] = "54029681";
constexpr char kIban[] = "SE4550000000058398257466";

std::string Kr(int64_t ore) { return absl::StrCat(ore / 100, ".", absl::Dec(ore % 100, absl::kZeroPad2)); }

// --- BgMax records, 80 characters, positions as FORMATS.md lists them -------------------------
// Pads to `width` characters (a UTF-8 letter such as é is one character of the record).
std::string Pad(std::string text, size_t width) {
  size_t characters = 0;
  for (char ch : text) characters += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
  if (characters < width) text.append(width - characters, ' ');
  return text;
}
std::string Zeros(const std::string& digits, size_t width) { return std::string(width - digits.size(), '0') + digits; }

struct BgPayment {
  std::string ocr;
  int64_t amount_ore;
  int serial;
  std::string payer;
};

std::string BgMaxFile(const std::string& date, int deposit_serial, const std::vector<BgPayment>& payments) {
  std::vector<std::string> records;
  records.push_back(Pad(absl::StrCat("01", Pad("BGMAX", 20), "01", date, "101530123456", "P"), 80));
  records.push_back(Pad(absl::StrCat("05", Zeros(kBankgiro, 10), Zeros("", 10), "SEK"), 80));
  int64_t sum = 0;
  for (const BgPayment& p : payments) {
    records.push_back(Pad(absl::StrCat("20", Zeros("", 10), Pad(p.ocr, 25), Zeros(absl::StrCat(p.amount_ore), 18), "2",
                                       "1", Zeros(absl::StrCat(p.serial), 12), "0"),
                          80));
    records.push_back(Pad(absl::StrCat("26", Pad(p.payer, 35)), 80));
    sum += p.amount_ore;
  }
  records.push_back(absl::StrCat("15", Pad("123456789012", 35), date, Zeros(absl::StrCat(deposit_serial), 5),
                                 Zeros(absl::StrCat(sum), 18), "SEK", Zeros(absl::StrCat(payments.size()), 8), " "));
  records.push_back(Pad(absl::StrCat("70", Zeros(absl::StrCat(payments.size()), 8), Zeros("0", 8), Zeros("0", 8),
                                     Zeros("1", 8)),
                        80));
  return absl::StrCat(absl::StrJoin(records, "\r\n"), "\r\n");
}

// --- camt.053 ----------------------------------------------------------------------------------
struct Tx {
  std::string reference;
  int64_t amount_ore;
};
struct Ntry {
  std::string ref;
  int64_t amount_ore;  // signed: money in positive
  std::string date;
  std::vector<Tx> txs;
};

std::string Amount(int64_t ore) { return Kr(ore < 0 ? -ore : ore); }

std::string Camt053(const std::vector<Ntry>& entries, const std::string& iban = kIban) {
  int64_t closing = 0;
  std::string body;
  for (const Ntry& e : entries) {
    closing += e.amount_ore;
    absl::StrAppend(&body, "<Ntry><NtryRef>", e.ref, "</NtryRef><Amt Ccy=\"SEK\">", Amount(e.amount_ore),
                    "</Amt><CdtDbtInd>", e.amount_ore > 0 ? "CRDT" : "DBIT",
                    "</CdtDbtInd><RvslInd>false</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>", e.date,
                    "</Dt></BookgDt><ValDt><Dt>", e.date, "</Dt></ValDt><AcctSvcrRef>", e.ref, "</AcctSvcrRef>");
    if (!e.txs.empty()) {
      absl::StrAppend(&body, "<NtryDtls>");
      for (const Tx& tx : e.txs) {
        absl::StrAppend(&body, "<TxDtls><AmtDtls><TxAmt><Amt Ccy=\"SEK\">", Amount(tx.amount_ore),
                        "</Amt></TxAmt></AmtDtls><RmtInf><Strd><CdtrRefInf><Ref>", tx.reference,
                        "</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>");
      }
      absl::StrAppend(&body, "</NtryDtls>");
    }
    absl::StrAppend(&body, "</Ntry>\n");
  }
  auto balance = [](const char* code, int64_t ore, const char* date) {
    return absl::StrCat("<Bal><Tp><CdOrPrtry><Cd>", code, "</Cd></CdOrPrtry></Tp><Amt Ccy=\"SEK\">", Amount(ore),
                        "</Amt><CdtDbtInd>", ore < 0 ? "DBIT" : "CRDT", "</CdtDbtInd><Dt><Dt>", date, "</Dt></Dt></Bal>");
  };
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
      "<GrpHdr><MsgId>STMT-2026-02</MsgId><CreDtTm>2026-02-28T18:00:00</CreDtTm></GrpHdr>"
      "<Stmt><Id>STMT-2026-02-1</Id><ElctrncSeqNb>2</ElctrncSeqNb>"
      "<Acct><Id><IBAN>",
      iban, "</IBAN></Id><Ccy>SEK</Ccy></Acct>\n", balance("OPBD", 0, "2025-12-31"),
      balance("CLBD", closing, "2026-02-28"), "\n", body, "</Stmt></BkToCstmrStmt></Document>\n");
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  ASSERT_TRUE(out.good()) << path;
}

class PaymentSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    admin_ = server_.admin_token();
    dir_ = MakeTempDir("payments");
  }
  void TearDown() override { server_.Stop(); }

  std::string Ok(const std::string& token, const std::vector<std::string>& args) {
    CommandResult r = RunCli(server_.address(), token, args);
    EXPECT_EQ(r.exit_code, 0) << "fondbok " << absl::StrJoin(args, " ") << "\nstderr: " << r.err << "\nstdout: " << r.out;
    return r.out;
  }
  template <typename M>
  M Json(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const std::string out = Ok(token, args);
    M message;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    const auto status = google::protobuf::util::JsonStringToMessage(out, &message, options);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\nin: " << out.substr(0, 2000);
    return message;
  }
  void Refused(const std::string& token, const std::vector<std::string>& args, const std::string& code,
               const std::string& part) {
    CommandResult r = RunCli(server_.address(), token, args);
    EXPECT_EQ(r.exit_code, 1) << "fondbok " << absl::StrJoin(args, " ") << "\nstdout: " << r.out;
    EXPECT_TRUE(absl::StrContains(r.err, code) && absl::StrContains(r.err, part)) << absl::StrJoin(args, " ") << ": " << r.err;
  }
  std::string NewToken(const std::string& role, const std::string& name) {
    return std::string(absl::StripAsciiWhitespace(Ok(admin_, {"token", "create", "--role", role, "--name", name})));
  }
  int64_t Balance(const std::string& account) {
    return Json<v1::Balance>(olle_, {"ledger", "balance", "--account", account}).balance();
  }

  void SetUpFund() {
    olle_ = NewToken("officer", "Olle Officer");
    berit_ = NewToken("officer", "Berit Beslut");
    cecilia_ = NewToken("officer", "Cecilia Kredit");
    Ok(admin_, {"credit-settings", "set", "--bankgiro", kBankgiro});
    Ok(admin_, {"payments", "settings", "--bankgiro", "5402-9681", "--iban", "SE45 5000 0000 0583 9825 7466",
                "--bic", "ESSESESS", "--name", "Mikrofonden Väst"});
    Ok(admin_, {"product", "define", "--id", "annuity-36", "--name", "Annuitetslån 3 år", "--amortisation", "annuity",
                "--rate-bp", "500", "--min", "10000", "--max", "1000000", "--term-max", "36"});
    Ok(admin_, {"capital", "deposit", "vast", "--amount", "1000000", "--name", "Västra Götalandsregionen", "--date",
                "2026-01-02", "--memo", "CAP-2026-01"});
  }

  // An organisation and a credit of `amount` kr over 12 months, approved by four eyes and
  // disbursed on 2026-01-15; returns the credit.
  v1::Credit DisbursedCredit(const std::string& name, const std::string& org_number, const std::string& amount,
                             const std::string& bankgiro = "") {
    std::vector<std::string> create = {"org", "create", "--name", name, "--org-number", org_number, "--legal-form",
                                       "ekonomisk-forening", "--municipality", "1480"};
    if (!bankgiro.empty()) create.insert(create.end(), {"--bankgiro", bankgiro});
    const std::string org = Json<v1::OrganisationResponse>(olle_, create).organisation().id();
    const std::string id = Json<v1::CreditResponse>(olle_, {"credit", "apply", "--org", org, "--product", "annuity-36",
                                                            "--amount", amount, "--term", "12", "--purpose", "Lokal"})
                               .credit()
                               .id();
    Ok(olle_, {"credit", "submit", id});
    Ok(olle_, {"credit", "assess", id, "--risk", "B", "--text", "Stabil verksamhet"});
    const std::string made = Ok(olle_, {"--json", "credit", "propose-approval", id});
    const size_t at = made.find("\"id\":\"P-");
    EXPECT_NE(at, std::string::npos) << made;
    const std::string proposal = made.substr(at + 6, 8);
    Ok(berit_, {"approval", "approve", proposal});
    Ok(cecilia_, {"approval", "approve", proposal});
    return Json<v1::CreditResponse>(olle_, {"credit", "disburse", id, "--date", "2026-01-15"}).credit();
  }

  TestServer server_;
  std::string admin_, olle_, berit_, cecilia_, dir_;
};

int64_t InstalmentTotal(const v1::Instalment& in) { return in.principal_ore() + in.interest_ore() + in.fee_ore(); }

TEST_F(PaymentSystemTest, BgMaxPaysInstalmentsSuspenseIsAllocatedAndReconcileProvesTheBank) {
  SetUpFund();
  ASSERT_FALSE(HasFailure());
  const v1::Credit a = DisbursedCredit("Hisingens kooperativ", "556036-0793", "120000", "5402-9681");
  const v1::Credit b = DisbursedCredit("Angereds café & bageri", "769600-0004", "60000", "991-2346");
  const v1::Credit c = DisbursedCredit("Biskopsgårdens cykelverkstad", "802400-0005", "90000");
  ASSERT_FALSE(HasFailure());
  for (const v1::Credit* credit : {&a, &b, &c}) ASSERT_EQ(credit->state(), v1::CREDIT_ACTIVE) << credit->id();
  const v1::Instalment& a1 = a.schedules(0).instalments(0);
  const v1::Instalment& b1 = b.schedules(0).instalments(0);
  const v1::Instalment& c1 = c.schedules(0).instalments(0);
  ASSERT_EQ(a1.due_date(), "2026-02-25");
  const int64_t c_half = InstalmentTotal(c1) / 2;
  const int64_t c_rest = InstalmentTotal(c1) - c_half;
  std::string wrong_ocr = c1.ocr();
  wrong_ocr.back() = wrong_ocr.back() == '9' ? '0' : static_cast<char>(wrong_ocr.back() + 1);

  // Before the payments: every first instalment is overdue on 2026-03-10.
  EXPECT_EQ(Json<v1::CreditResponse>(olle_, {"credit", "show", c.id(), "--as-of", "2026-03-10"}).standing().overdue_ore(),
            InstalmentTotal(c1));

  const std::string file = absl::StrCat(dir_, "/bgmax-2026-02-25.txt");
  WriteFile(file, BgMaxFile("20260225", 1,
                            {{a1.ocr(), InstalmentTotal(a1), 1001, "Hisingens kooperativ"},
                             {b1.ocr(), InstalmentTotal(b1), 1002, "Angereds café"},
                             {c1.ocr(), c_half, 1003, "Biskopsgårdens cykelverkstad"},
                             {wrong_ocr, c_rest, 1004, "Biskopsgårdens cykelverkstad"}}));
  const int64_t bank_before = Balance("asset:bank");
  const auto imported = Json<v1::ImportFileResponse>(olle_, {"payments", "import", file});
  EXPECT_EQ(imported.kind(), "bgmax");
  EXPECT_EQ(imported.payments_in_file(), 4);
  EXPECT_EQ(imported.booked(), 4);
  EXPECT_EQ(imported.routed(), 3);
  EXPECT_EQ(imported.unallocated(), 1);
  EXPECT_EQ(Balance("asset:bank") - bank_before, InstalmentTotal(a1) + InstalmentTotal(b1) + InstalmentTotal(c1));
  EXPECT_EQ(Balance("liability:unallocated"), c_rest);

  // The same file again: nothing booked.
  const auto again = Json<v1::ImportFileResponse>(olle_, {"payments", "import", file});
  EXPECT_TRUE(again.already_imported());
  EXPECT_EQ(again.import_id(), imported.import_id());
  EXPECT_EQ(Balance("liability:unallocated"), c_rest);

  // Arrears: A and B are current; C still owes the part that went to suspense.
  auto overdue = [&](const v1::Credit& credit) {
    return Json<v1::CreditResponse>(olle_, {"credit", "show", credit.id(), "--as-of", "2026-03-10"})
        .standing()
        .overdue_ore();
  };
  EXPECT_EQ(overdue(a), 0);
  EXPECT_EQ(overdue(b), 0);
  EXPECT_EQ(overdue(c), c_rest);

  // Suspense, by hand: the officer sees the wrong reference and allocates it to credit C.
  const auto suspense = Json<v1::ListUnallocatedResponse>(olle_, {"payments", "unallocated"});
  ASSERT_EQ(suspense.payments_size(), 1);
  const v1::PaymentRecord& held = suspense.payments(0);
  EXPECT_EQ(held.payment().reference(), wrong_ocr);
  EXPECT_EQ(held.unallocated_ore(), c_rest);
  EXPECT_TRUE(absl::StrContains(held.unallocated_reason(), "belongs to nothing")) << held.unallocated_reason();
  EXPECT_TRUE(absl::StrContains(Ok(olle_, {"payments", "unallocated"}), wrong_ocr));
  Refused(olle_, {"payments", "allocate", "--payment", held.id(), "--ocr", "1234567897"}, "NOT_FOUND", "1234567897");
  Refused(olle_, {"payments", "allocate", "--payment", held.id(), "--credit", c.id(), "--amount", Kr(c_rest + 1)},
          "INVALID_ARGUMENT", "unallocated");
  const auto allocated = Json<v1::PaymentRecord>(
      olle_, {"payments", "allocate", "--payment", held.id(), "--ocr", c1.ocr(), "--comment", "fel OCR, enligt kund"});
  EXPECT_EQ(allocated.unallocated_ore(), 0);
  ASSERT_EQ(allocated.moves_size(), 1);
  EXPECT_EQ(allocated.moves(0).target(), absl::StrCat("credits ", c.id()));
  EXPECT_EQ(Balance("liability:unallocated"), 0);
  EXPECT_EQ(overdue(c), 0);
  EXPECT_EQ(Json<v1::ListUnallocatedResponse>(olle_, {"payments", "unallocated"}).payments_size(), 0);
  Refused(olle_, {"payments", "refund", "--payment", held.id(), "--reason", "dubbelbetalning"}, "FAILED_PRECONDITION",
          "nothing in suspense");

  // An overlapping file: payment 1004 again (booked before) and one new payment without a reference.
  const std::string overlap = absl::StrCat(dir_, "/bgmax-2026-02-26.txt");
  WriteFile(overlap, BgMaxFile("20260226", 2,
                               {{wrong_ocr, c_rest, 1004, "Biskopsgårdens cykelverkstad"},
                                {"", 50000, 1005, "Okänd gåva"}}));
  const auto second = Json<v1::ImportFileResponse>(olle_, {"payments", "import", overlap});
  EXPECT_EQ(second.payments_in_file(), 2);
  EXPECT_EQ(second.already_booked(), 1);
  EXPECT_EQ(second.booked(), 1);
  EXPECT_EQ(second.unallocated(), 1);
  const auto gift = Json<v1::ListUnallocatedResponse>(olle_, {"payments", "unallocated"});
  ASSERT_EQ(gift.payments_size(), 1);
  EXPECT_EQ(gift.payments(0).unallocated_reason(), "the payment carries no reference");
  const auto refunded = Json<v1::PaymentRecord>(
      olle_, {"payments", "refund", "--payment", gift.payments(0).id(), "--reason", "okänd betalare", "--value-date",
              "2026-02-27"});
  EXPECT_EQ(refunded.unallocated_ore(), 0);
  EXPECT_EQ(Balance("liability:unallocated"), 0);

  // A file for another bankgiro is refused whole and books nothing.
  std::string foreign = BgMaxFile("20260227", 3, {{a1.ocr(), 100, 2001, "X"}});
  foreign = absl::StrReplaceAll(foreign, {{absl::StrCat("05", Zeros(kBankgiro, 10)), absl::StrCat("05", Zeros("9912346", 10))}});
  WriteFile(absl::StrCat(dir_, "/foreign.txt"), foreign);
  Refused(olle_, {"payments", "import", absl::StrCat(dir_, "/foreign.txt")}, "INVALID_ARGUMENT", "line 2");

  // Payments out: each disbursement ordered a payment; C's organisation has no bankgiro yet, so its
  // order is held back. The file carries the other two, once.
  const auto orders = Json<v1::ListPaymentOrdersResponse>(olle_, {"payments", "orders"});
  ASSERT_EQ(orders.orders_size(), 4);  // three disbursements and the refund (payer without an account)
  const std::string pain = absl::StrCat(dir_, "/pain001.xml");
  const std::string exported =
      Ok(olle_, {"payments", "export-pain001", "--date", "2099-12-31", "--out", pain});
  EXPECT_TRUE(absl::StrContains(exported, "2 payment(s)")) << exported;
  EXPECT_TRUE(absl::StrContains(exported, "2 order(s) held back")) << exported;
  std::ifstream pain_in(pain, std::ios::binary);
  const std::string xml((std::istreambuf_iterator<char>(pain_in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(absl::StrContains(xml, "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03")) << xml;
  EXPECT_TRUE(absl::StrContains(xml, "<NbOfTxs>2</NbOfTxs>")) << xml;
  EXPECT_TRUE(absl::StrContains(xml, absl::StrCat("<CtrlSum>", Kr(a.disbursed_ore() + b.disbursed_ore()), "</CtrlSum>")))
      << xml;
  EXPECT_TRUE(absl::StrContains(xml, "<EndToEndId>O-000001</EndToEndId>")) << xml;
  EXPECT_TRUE(absl::StrContains(xml, "<Id>9912346</Id>")) << xml;
  EXPECT_TRUE(absl::StrContains(xml, "<Nm>Angereds cafe + bageri</Nm>")) << xml;  // the bank Latin set
  EXPECT_FALSE(absl::StrContains(xml, "O-000003")) << xml;
  Refused(olle_, {"payments", "export-pain001", "--date", "2099-12-31"}, "FAILED_PRECONDITION", "2 without one");
  // The bank's debit notification shows both transfers: the orders are settled, once.
  const std::string notification = absl::StrCat(dir_, "/camt054.xml");
  WriteFile(notification,
            absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>"
                         "<GrpHdr><MsgId>NTF-1</MsgId><CreDtTm>2026-01-15T18:00:00</CreDtTm></GrpHdr>"
                         "<Ntfctn><Id>NTF-1-1</Id><Acct><Id><IBAN>",
                         kIban, "</IBAN></Id><Ccy>SEK</Ccy></Acct>",
                         "<Ntry><NtryRef>D1</NtryRef><Amt Ccy=\"SEK\">", Kr(a.disbursed_ore() + b.disbursed_ore()),
                         "</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-15</Dt></BookgDt>"
                         "<AcctSvcrRef>D1</AcctSvcrRef><NtryDtls>"
                         "<TxDtls><Refs><EndToEndId>O-000001</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"SEK\">",
                         Kr(a.disbursed_ore()),
                         "</Amt></TxAmt></AmtDtls></TxDtls>"
                         "<TxDtls><Refs><EndToEndId>O-000002</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"SEK\">",
                         Kr(b.disbursed_ore()),
                         "</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n"));
  const auto settled = Json<v1::ImportFileResponse>(olle_, {"payments", "import", notification});
  EXPECT_EQ(settled.kind(), "camt.054");
  EXPECT_EQ(settled.orders_settled(), 2);
  EXPECT_EQ(settled.booked(), 0);
  EXPECT_EQ(settled.routed(), 0);
  const auto after = Json<v1::ListPaymentOrdersResponse>(olle_, {"payments", "orders", "--all"});
  ASSERT_EQ(after.orders_size(), 4);
  EXPECT_EQ(after.orders(0).state(), v1::SETTLED);
  EXPECT_EQ(after.orders(1).state(), v1::SETTLED);
  EXPECT_EQ(after.orders(2).state(), v1::ORDERED);
  EXPECT_EQ(after.orders(3).state(), v1::ORDERED);
  EXPECT_EQ(after.orders(3).payee_name(), "Okänd gåva");

  // The third disbursement had no payee account, so it was held back from pain.001; the officer
  // paid it by hand in the bank's own service and records that.
  EXPECT_EQ(Balance("liability:payments-out"), c.disbursed_ore() + 50000);
  Refused(olle_, {"payments", "settle", "--order", "O-000003", "--amount", Kr(c.disbursed_ore() - 1), "--bank-ref",
                  "MANUELL-1", "--date", "2026-01-15"},
          "INVALID_ARGUMENT", "which is for");
  const auto by_hand = Json<v1::PaymentOrder>(olle_, {"payments", "settle", "--order", "O-000003", "--amount",
                                                      Kr(c.disbursed_ore()), "--bank-ref", "MANUELL-1", "--date",
                                                      "2026-01-15"});
  EXPECT_EQ(by_hand.state(), v1::SETTLED);
  EXPECT_EQ(by_hand.settled_date(), "2026-01-15");
  Refused(olle_, {"payments", "settle", "--order", "O-000003", "--amount", Kr(c.disbursed_ore()), "--bank-ref",
                  "MANUELL-2", "--date", "2026-01-15"},
          "FAILED_PRECONDITION", "already SETTLED");
  // The refund is still owed out: the bank has not paid it.
  EXPECT_EQ(Balance("liability:payments-out"), 50000);

  // The bank's statement for January–February: the capital, three disbursements, the two deposits
  // (one entry per deposit, one TxDtls per payment). Not the refund: the bank has not paid it.
  const std::vector<Ntry> movements = {
      {"E1", 100'000'000, "2026-01-02", {}},
      {"E2", -a.disbursed_ore(), "2026-01-15", {}},
      {"E3", -b.disbursed_ore(), "2026-01-15", {}},
      {"E4", -c.disbursed_ore(), "2026-01-15", {}},
      {"E5",
       InstalmentTotal(a1) + InstalmentTotal(b1) + InstalmentTotal(c1),
       "2026-02-25",
       {{a1.ocr(), InstalmentTotal(a1)}, {b1.ocr(), InstalmentTotal(b1)}, {c1.ocr(), c_half}, {wrong_ocr, c_rest}}},
      {"E6", 50000, "2026-02-26", {}},
  };
  const std::string statement = absl::StrCat(dir_, "/camt053.xml");
  WriteFile(statement, Camt053(movements));
  ASSERT_EQ(server_.Stop(), 0);
  const std::string reconcile = reconcile::ReconcilePath();
  CommandResult proved = RunProgram({reconcile, "--data-dir", server_.data_dir(), "--statement", statement});
  EXPECT_EQ(proved.exit_code, 0) << proved.out << proved.err;

  // One amount changed (disbursement E3 is 1 kr more, and so is the closing balance): exit 1,
  // naming the statement's entry.
  std::vector<Ntry> changed = movements;
  changed[2].amount_ore -= 100;
  const std::string bad = absl::StrCat(dir_, "/camt053-changed.xml");
  WriteFile(bad, Camt053(changed));
  CommandResult broken = RunProgram({reconcile, "--data-dir", server_.data_dir(), "--statement", bad});
  EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
  EXPECT_TRUE(absl::StrContains(broken.out, "not in the ledger     entry 3  2026-01-15  -60 001,00 kr")) << broken.out;
  EXPECT_TRUE(absl::StrContains(broken.out, "closing (end of 2026-02-26)")) << broken.out;

  // Another account's statement is unusable input (exit 2), named.
  const std::string other = absl::StrCat(dir_, "/camt053-other.xml");
  WriteFile(other, Camt053(movements, "SE3550000000054910000003"));
  CommandResult wrong = RunProgram({reconcile, "--data-dir", server_.data_dir(), "--statement", other});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.out << wrong.err;
  EXPECT_TRUE(absl::StrContains(wrong.err, "Stmt[1]: the statement is for account SE3550000000054910000003"))
      << wrong.err;
}

}  // namespace
}  // namespace fondbok::testing
