// The payments module, money in, through the real sequencer with the modules fondbokd runs
// (payments_module_test_util.h): settings, the payment-reference registry, routing by OCR to the
// credits module, suspense (liability:unallocated), idempotent bank references and imports, and
// allocation. Money out (refunds, payment orders, settlement) is in payments_out_test.cc.
#include "services/payments/payments_module.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "services/payments/payment_import.h"
#include "services/payments/payments_module_test_util.h"

// In the fixture's namespace (payments_module_test_util.h), so that its helpers need no using.
namespace fondbok::payments::testing {
namespace {

TEST_F(PaymentsModuleTest, SettingsOnlyByAnAdminAndOnlyValidBankDetails) {
  // Before the fund's bank details are known, nothing can be booked or imported.
  EXPECT_EQ(h_.Run(kOfficer1, Receive("BGC:1", 100'00, "")).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.Run(kOfficer1, Import(kSha, 1)).status().code(), absl::StatusCode::kFailedPrecondition);

  struct Case {
    std::string name;
    Person who;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"officer", kOfficer1, Settings("5402-9681", ""), absl::StatusCode::kPermissionDenied},
      {"board", kBoard, Settings("5402-9681", ""), absl::StatusCode::kPermissionDenied},
      {"bankgiro check digit", kAdmin, Settings("5402-9682", ""), absl::StatusCode::kInvalidArgument},
      {"bankgiro too short", kAdmin, Settings("540", ""), absl::StatusCode::kInvalidArgument},
      {"IBAN check digits", kAdmin, Settings("", "SE4550000000058398257467"), absl::StatusCode::kInvalidArgument},
      {"IBAN with a stray character", kAdmin, Settings("", "SE45-5000-0000-0583-9825-7466"),
       absl::StatusCode::kInvalidArgument},
      {"IBAN too short", kAdmin, Settings("", "SE45"), absl::StatusCode::kInvalidArgument},
      {"neither", kAdmin, Settings("", ""), absl::StatusCode::kInvalidArgument},
      {"not SEK", kAdmin, Settings("5402-9681", "", "EUR"), absl::StatusCode::kInvalidArgument},
      {"BIC of 5", kAdmin, Settings("5402-9681", "", "", "ESSES"), absl::StatusCode::kInvalidArgument},
      {"bankgiro and IBAN", kAdmin, Settings("5402-9681", "se45 5000 0000 0583 9825 7466", "", "ESSESESS"),
       absl::StatusCode::kOk},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(h_.Run(c.who, c.command).status().code(), c.code);
  }
  auto snapshot = h_.storage().NewSnapshot();
  auto settings = ReadSettings(*snapshot);
  ASSERT_TRUE(settings.ok() && settings->has_value());
  EXPECT_EQ((*settings)->bankgiro(), "54029681");
  EXPECT_EQ((*settings)->iban(), "SE4550000000058398257466");
  EXPECT_EQ((*settings)->currency(), "SEK");
  // An IBAN alone is enough too (a fund paid by camt statements only).
  h_.MustRun(kAdmin, Settings("", "GB82 WEST 1234 5698 7654 32"));
}

TEST_F(PaymentsModuleTest, DisbursementRegistersEveryInstalmentOcr) {
  const std::string id = Active();
  const v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.schedules_size(), 1);
  ASSERT_EQ(credit.schedules(0).instalments_size(), 12);
  std::vector<std::string> seen;
  for (const v1::Instalment& in : credit.schedules(0).instalments()) {
    SCOPED_TRACE(in.ocr());
    ASSERT_FALSE(in.ocr().empty());
    EXPECT_TRUE(ledger::ValidateReference(in.ocr()).ok());
    std::optional<v1::ReferenceOwner> owner = Owner(in.ocr());
    ASSERT_TRUE(owner.has_value());
    EXPECT_EQ(owner->module(), "credits");
    EXPECT_EQ(owner->subject(), id);
    EXPECT_GT(owner->claimed_seq(), 0u);
    seen.push_back(in.ocr());
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "every instalment has its own OCR";
  EXPECT_FALSE(Owner("1234567897").has_value());
  // A second credit's OCRs belong to it, not to the first.
  const std::string second = Active(50'000'00);
  EXPECT_EQ(Owner(Ocr(second))->subject(), second);
  EXPECT_NE(Ocr(second), Ocr(id));
}

TEST_F(PaymentsModuleTest, PaymentWithTheInstalmentOcrIsRoutedToTheCredit) {
  FundBankDetails();
  const std::string id = Active();
  const std::string loan = credits::LoanAccount(id);
  const int64_t bank = BankBalance();
  const int64_t lent = h_.Balance(loan);
  auto result = h_.Run(kOfficer1, Receive("BGC:54029681:000000001001", 10'000'00, Ocr(id)));
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->entries_size(), 2) << "PaymentReceived, then the credit's RepaymentRecorded";

  const v1::JournalEntry received = Entry(result->entries(0).seq());
  ASSERT_TRUE(received.event().has_payment_received());
  EXPECT_EQ(received.event().payment_received().payment_id(), "IN-000001");
  EXPECT_EQ(received.event().payment_received().routed_module(), "credits");
  EXPECT_EQ(received.event().payment_received().routed_subject(), id);
  EXPECT_EQ(received.event().payment_received().unallocated_reason(), "");
  EXPECT_EQ(received.postings_size(), 0) << "the owner's entry books the money";
  const v1::JournalEntry repaid = Entry(result->entries(1).seq());
  ASSERT_TRUE(repaid.event().has_repayment_recorded());
  EXPECT_EQ(repaid.value_date(), "2026-03-01");
  ASSERT_GE(repaid.postings_size(), 2);
  EXPECT_EQ(Legs(repaid)[0], "D asset:bank 1000000");

  const v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 1);
  EXPECT_EQ(credit.payments(0).reference(), "IN-000001");
  EXPECT_EQ(credit.payments(0).ocr(), Ocr(id));
  EXPECT_EQ(credit.payments(0).amount_ore(), 10'000'00);
  EXPECT_GT(credit.payments(0).principal_ore(), 0);
  EXPECT_EQ(BankBalance(), bank + 10'000'00);
  EXPECT_EQ(h_.Balance(loan), lent - credit.payments(0).principal_ore());
  EXPECT_EQ(Suspense(), 0);

  const v1::PaymentRecord record = Payment("IN-000001");
  EXPECT_EQ(record.routed_module(), "credits");
  EXPECT_EQ(record.routed_subject(), id);
  EXPECT_EQ(record.unallocated_ore(), 0);
  EXPECT_EQ(record.payment().bank_reference(), "BGC:54029681:000000001001");
  EXPECT_FALSE(InSuspenseList("IN-000001"));
}

TEST_F(PaymentsModuleTest, PaymentsTheOwnerCannotTakeAreHeldInSuspenseWithTheReason) {
  FundBankDetails();
  const std::string id = Active();
  const std::string ocr = Ocr(id);
  struct Case {
    std::string name;
    int64_t amount_ore;
    std::string reference;
    std::string value_date;
    std::vector<std::string> reason;  // substrings
  };
  const std::vector<Case> cases = {
      {"unknown OCR", 500'00, "1234567897", "2026-03-01", {"OCR reference 1234567897 belongs to nothing"}},
      {"no reference", 600'00, "", "2026-03-01", {"carries no reference"}},
      {"free text", 700'00, "FAKTURA 7 OCH 8", "2026-03-01", {"\"FAKTURA 7 OCH 8\" is not an OCR reference"}},
      {"more than is owed", 500'000'00, ocr, "2026-03-01",
       {absl::StrCat("credits ", id, " refused it"), "exceeds what credit"}},
      {"dated before the disbursement", 800'00, ocr, "2025-06-01", {absl::StrCat("credits ", id, " refused it")}},
      {"a deduction", -50'00, ocr, "2026-03-01", {"a deduction by the bank"}},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const int64_t bank = BankBalance();
    const int64_t suspense = Suspense();
    auto result = h_.Run(kOfficer1, Receive(absl::StrCat("BGC:54029681:00000000200", ++n), c.amount_ore, c.reference,
                                            c.value_date));
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->entries_size(), 1);
    const v1::JournalEntry entry = Entry(result->entries(0).seq());
    const v1::PaymentReceived& e = entry.event().payment_received();
    EXPECT_EQ(e.routed_module(), "");
    for (const std::string& part : c.reason) {
      EXPECT_TRUE(absl::StrContains(e.unallocated_reason(), part)) << e.unallocated_reason() << "\nlacks: " << part;
    }
    const int64_t amount = c.amount_ore;
    const std::vector<std::string> legs =
        amount > 0 ? std::vector<std::string>{absl::StrCat("D asset:bank ", amount),
                                              absl::StrCat("C liability:unallocated ", amount)}
                   : std::vector<std::string>{absl::StrCat("D liability:unallocated ", -amount),
                                              absl::StrCat("C asset:bank ", -amount)};
    EXPECT_EQ(Legs(entry), legs);
    EXPECT_EQ(entry.value_date(), c.value_date);
    EXPECT_EQ(BankBalance(), bank + amount);
    EXPECT_EQ(Suspense(), suspense + amount);
    const v1::PaymentRecord record = Payment(e.payment_id());
    EXPECT_EQ(record.unallocated_ore(), amount);
    EXPECT_EQ(record.unallocated_reason(), e.unallocated_reason());
    EXPECT_TRUE(InSuspenseList(e.payment_id()));
  }
  EXPECT_EQ(h_.Credit(id).payments_size(), 0) << "the credit took none of them";
}

TEST_F(PaymentsModuleTest, BankReferencesAndFilesAreBookedOnce) {
  FundBankDetails();
  const std::string id = Active();
  h_.MustRun(kOfficer1, Receive("BGC:54029681:000000003001", 100'00, ""));
  const int64_t bank = BankBalance();
  auto again = h_.Run(kOfficer1, Receive("BGC:54029681:000000003001", 100'00, ""));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(again.status().message(), "booked before as IN-000001")) << again.status();
  // Twice in one request: the second sees the first, and the whole request fails.
  auto twice = RunAll(kOfficer1, {Receive("BGC:X:1", 100'00, ""), Receive("BGC:X:1", 100'00, "")});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(BankBalance(), bank);

  // A file's payments follow its import record.
  EXPECT_EQ(h_.Run(kOfficer1, Receive("BGC:Y:1", 100'00, "", "2026-03-01", kSha)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(h_.Run(kOfficer1, Import("abc", 1)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(h_.Run(kBoard, Import(kSha, 1)).status().code(), absl::StatusCode::kPermissionDenied);

  // One linked request: the import, then its payments (one routed, two held).
  auto file = RunAll(kOfficer1, {Import(kSha, 3), Receive("BGC:F:1", 5'000'00, Ocr(id), "2026-03-02", kSha),
                                 Receive("BGC:F:2", 250'00, "", "2026-03-02", kSha),
                                 Receive("BGC:F:3", 300'00, "1234567897", "2026-03-02", kSha)});
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->entries_size(), 5) << "import, three payments, one repayment";
  const v1::JournalEntry import = Entry(file->entries(0).seq());
  EXPECT_EQ(import.event().import_recorded().import_id(), "I-000001");
  for (const char* payment : {"IN-000002", "IN-000003", "IN-000004"}) {
    EXPECT_EQ(Payment(payment).import_id(), "I-000001") << payment;
  }
  EXPECT_EQ(Payment("IN-000002").routed_subject(), id);
  EXPECT_EQ(Suspense(), 100'00 + 250'00 + 300'00);
  EXPECT_EQ(BankBalance(), bank + 5'000'00 + 250'00 + 300'00);

  auto file_again = h_.Run(kOfficer2, Import(kSha, 3));
  EXPECT_EQ(file_again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(file_again.status().message(), "I-000001")) << file_again.status();
  // A second file is a second import.
  auto other = RunAll(kOfficer1, {Import(kOtherSha, 1), Receive("BGC:G:1", 100'00, "", "2026-03-03", kOtherSha)});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(Payment("IN-000005").import_id(), "I-000002");
}

TEST_F(PaymentsModuleTest, IncomingPaymentsAreValidated) {
  FundBankDetails();
  v1::Command euro = Receive("BGC:E:1", 100'00, "");
  euro.mutable_receive_payment()->mutable_payment()->set_currency("EUR");
  v1::Command future = Receive("BGC:E:2", 100'00, "", "2026-03-16");
  const std::vector<std::pair<std::string, v1::Command>> cases = {
      {"no bank reference", Receive("", 100'00, "")},
      {"no amount", Receive("BGC:E:3", 0, "")},
      {"another currency", euro},
      {"a value date in the future", future},
      {"not a date", Receive("BGC:E:4", 100'00, "", "2026-02-30")},
  };
  for (const auto& [name, command] : cases) {
    SCOPED_TRACE(name);
    EXPECT_EQ(h_.Run(kOfficer1, command).status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(h_.Run(kBoard, Receive("BGC:E:5", 100'00, "")).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Suspense(), 0);
}

TEST_F(PaymentsModuleTest, AllocationMovesSuspenseToTheCredit) {
  FundBankDetails();
  const std::string id = Active();
  const std::string loan = credits::LoanAccount(id);
  const std::string held = MustReceive(Receive("BGC:A:1", 10'000'00, ""));
  const std::string part = MustReceive(Receive("BGC:A:2", 8'000'00, "Lån Ängen"));
  const std::string routed = MustReceive(Receive("BGC:A:3", 1'000'00, Ocr(id)));
  ASSERT_EQ(Suspense(), 18'000'00);
  const int64_t bank = BankBalance();
  const int64_t lent = h_.Balance(loan);

  // By OCR, all of it.
  auto by_ocr = h_.Run(kOfficer1, Allocate(held, Ocr(id, 2), ""));
  ASSERT_TRUE(by_ocr.ok()) << by_ocr.status();
  ASSERT_EQ(by_ocr->entries_size(), 2) << "PaymentAllocated, then the credit's RepaymentRecorded";
  const v1::JournalEntry allocated = Entry(by_ocr->entries(0).seq());
  EXPECT_EQ(allocated.event().payment_allocated().amount_ore(), 10'000'00);
  EXPECT_EQ(allocated.event().payment_allocated().routed_subject(), id);
  const v1::JournalEntry repaid = Entry(by_ocr->entries(1).seq());
  ASSERT_TRUE(repaid.event().has_repayment_recorded());
  EXPECT_EQ(Legs(repaid)[0], "D liability:unallocated 1000000") << "funded from suspense, not the bank";
  EXPECT_EQ(repaid.value_date(), "2026-03-01") << "the day the money arrived";
  EXPECT_EQ(Suspense(), 8'000'00);
  EXPECT_EQ(BankBalance(), bank) << "the money was in the bank already";
  v1::Credit credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 2);
  EXPECT_EQ(credit.payments(1).reference(), held);
  EXPECT_EQ(credit.payments(1).ocr(), Ocr(id, 2));
  EXPECT_EQ(h_.Balance(loan), lent - credit.payments(1).principal_ore());
  v1::PaymentRecord record = Payment(held);
  EXPECT_EQ(record.unallocated_ore(), 0);
  ASSERT_EQ(record.moves_size(), 1);
  EXPECT_EQ(record.moves(0).kind(), "allocated");
  EXPECT_EQ(record.moves(0).target(), absl::StrCat("credits ", id));
  EXPECT_EQ(record.moves(0).actor(), kOfficer1.id);
  EXPECT_FALSE(InSuspenseList(held));

  // By credit id, in parts; more than is left is refused.
  ASSERT_TRUE(h_.Run(kOfficer2, Allocate(part, "", id, 3'000'00)).ok());
  EXPECT_EQ(Payment(part).unallocated_ore(), 5'000'00);
  EXPECT_TRUE(InSuspenseList(part));
  auto over = h_.Run(kOfficer1, Allocate(part, "", id, 5'000'01));
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(over.status().message(), "5 000,00")) << over.status();
  EXPECT_EQ(h_.Run(kOfficer1, Allocate(part, "", id, -1)).status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(h_.Run(kOfficer1, Allocate(part, "", id, 5'000'00)).ok());
  EXPECT_EQ(Payment(part).unallocated_ore(), 0);
  EXPECT_EQ(Payment(part).moves_size(), 2);
  EXPECT_FALSE(InSuspenseList(part));
  EXPECT_EQ(Suspense(), 0);
  credit = h_.Credit(id);
  ASSERT_EQ(credit.payments_size(), 4);
  EXPECT_EQ(credit.payments(2).amount_ore() + credit.payments(3).amount_ore(), 8'000'00);
  EXPECT_EQ(BankBalance(), bank);

  // Nothing left, routed on arrival, unknown targets, the wrong people.
  struct Case {
    std::string name;
    Person who;
    v1::Command command;
    absl::StatusCode code;
  };
  const std::string more = MustReceive(Receive("BGC:A:4", 100'00, ""));
  const std::vector<Case> cases = {
      {"all allocated", kOfficer1, Allocate(held, "", id), absl::StatusCode::kFailedPrecondition},
      {"routed on arrival", kOfficer1, Allocate(routed, "", id), absl::StatusCode::kFailedPrecondition},
      {"unknown OCR", kOfficer1, Allocate(more, "1234567897", ""), absl::StatusCode::kNotFound},
      {"unknown credit", kOfficer1, Allocate(more, "", "C-000099"), absl::StatusCode::kNotFound},
      {"unknown payment", kOfficer1, Allocate("IN-000099", "", id), absl::StatusCode::kNotFound},
      {"both OCR and credit", kOfficer1, Allocate(more, Ocr(id), id), absl::StatusCode::kInvalidArgument},
      {"neither", kOfficer1, Allocate(more, "", ""), absl::StatusCode::kInvalidArgument},
      {"a board member", kBoard, Allocate(more, "", id), absl::StatusCode::kPermissionDenied},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(h_.Run(c.who, c.command).status().code(), c.code);
  }
  EXPECT_EQ(Payment(more).unallocated_ore(), 100'00);
}

TEST_F(PaymentsModuleTest, AllocationTheCreditRefusesWritesNothing) {
  FundBankDetails();
  const std::string id = Active();
  const std::string big = MustReceive(Receive("BGC:B:1", 500'000'00, Ocr(id)));
  ASSERT_TRUE(absl::StrContains(Payment(big).unallocated_reason(), "exceeds what credit")) << Payment(big).DebugString();
  const int64_t suspense = Suspense();
  const int64_t loan = h_.Balance(credits::LoanAccount(id));
  auto refused = h_.Run(kOfficer1, Allocate(big, "", id));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "exceeds what credit")) << refused.status();
  EXPECT_EQ(Suspense(), suspense);
  EXPECT_EQ(h_.Balance(credits::LoanAccount(id)), loan);
  EXPECT_EQ(Payment(big).unallocated_ore(), 500'000'00);
  EXPECT_EQ(Payment(big).moves_size(), 0);
  EXPECT_EQ(h_.Credit(id).payments_size(), 0);
  // What the credit can take may be allocated, and the rest refunded.
  ASSERT_TRUE(h_.Run(kOfficer1, Allocate(big, "", id, 20'000'00)).ok());
  ASSERT_TRUE(h_.Run(kOfficer1, Refund(big, 0, "paid too much")).ok());
  EXPECT_EQ(Suspense(), 0);
  EXPECT_EQ(Payment(big).unallocated_ore(), 0);
}

TEST_F(PaymentsModuleTest, EveryPaymentOfAPlannedFileIsBookable) {
  FundBankDetails();
  std::string ustrd;
  for (int i = 0; i < 40; ++i) ustrd += absl::StrCat("<Ustrd>rad ", i, " ", std::string(150, 'x'), "</Ustrd>");
  const std::string name(150, 'x');
  std::string camt =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>"
      "<GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-03-01T10:00:00</CreDtTm></GrpHdr>"
      "<Ntfctn><Id>N1-1</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id><Ccy>SEK</Ccy></Acct>"
      "<Ntry><NtryRef>E1</NtryRef><Amt Ccy=\"SEK\">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
      "<BookgDt><Dt>2026-03-01</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef><NtryDtls><TxDtls>"
      "<RltdPties><Dbtr><Nm>" + std::string(120, 'x') + "ÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖÅÄÖ</Nm></Dbtr></RltdPties>"
      "<RmtInf>" + ustrd + "<Strd><CdtrRefInf><Ref>" + std::string(250, '7') + "</Ref></CdtrRefInf></Strd></RmtInf>"
      "</TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
  auto snapshot = h_.storage().NewSnapshot();
  auto settings = ReadSettings(*snapshot);
  ASSERT_TRUE(settings.ok() && settings->has_value());
  absl::StatusOr<ImportPlan> plan = PlanImport(camt, "long.xml", **settings);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->payments.size(), 1u);
  std::vector<v1::Command> commands = {Import(kSha, 1)};
  v1::Command receive;
  *receive.mutable_receive_payment()->mutable_payment() = plan->payments[0];
  receive.mutable_receive_payment()->set_file_sha256(kSha);
  commands.push_back(receive);
  auto booked = RunAll(kOfficer1, commands);
  ASSERT_TRUE(booked.ok()) << booked.status();
  const v1::PaymentRecord record = Payment("IN-000001");
  EXPECT_EQ(record.unallocated_ore(), 100'00);
  EXPECT_TRUE(absl::StartsWith(record.payment().payer_name(), std::string(120, 'x') + "ÅÄÖ"));
  EXPECT_LE(record.payment().payer_name().size(), 200u);
  EXPECT_EQ(record.payment().reference(), std::string(200, '7'));
  EXPECT_TRUE(absl::StartsWith(Payment("IN-000001").unallocated_reason(), "reference \"777")) << record.DebugString();
  ASSERT_EQ(record.payment().texts_size(), 32);
  EXPECT_TRUE(absl::StartsWith(record.payment().texts(0), "rad 0 xxx"));
  EXPECT_EQ(record.payment().texts(31), "(9 more lines in the file)");
}

// A payment from a month since closed can still be allocated.
TEST_F(PaymentsModuleTest, AllocationOfAPaymentFromAClosedMonth) {
  FundBankDetails();
  const std::string id = Active();
  const std::string held = MustReceive(Receive("BGC:C:1", 10'000'00, "", "2026-02-20"));
  v1::Command close;
  close.mutable_close_period()->set_period("2026-02");
  h_.MustRun(kAdmin, close);
  auto allocated = h_.Run(kOfficer1, Allocate(held, "", id));
  ASSERT_TRUE(allocated.ok()) << allocated.status();
  ASSERT_EQ(allocated->entries_size(), 2);
  EXPECT_EQ(Entry(allocated->entries(1).seq()).value_date(), "2026-03-01") << "the first day still open";
  EXPECT_EQ(Suspense(), 0);
  // In an open month the repayment keeps the day the money arrived.
  const std::string march = MustReceive(Receive("BGC:C:2", 1'000'00, "", "2026-03-05"));
  auto open = h_.Run(kOfficer1, Allocate(march, "", id));
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(Entry(open->entries(1).seq()).value_date(), "2026-03-05");
}

}  // namespace
}  // namespace fondbok::payments::testing
