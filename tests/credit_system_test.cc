// Credits through the real fondbokd and nothing but the real fondbok CLI (issue 3, "Tests and
// measurements"): an annuity credit and a bridge credit against an ESF grant are taken from
// application to REPAID — four-eyes approval, disbursement back-dated into this year, payments by
// OCR reference and by id, a late instalment with a reminder fee and late-payment interest, an
// early repayment with lower instalments and a full early repayment — and then the journal's
// balances are shown to equal the schedules and the payments to the öre. Refusals on the way
// (disbursing before approval, paying more than is owed, a member reading another organisation's
// credits, self-approval, a reminder when nothing is overdue) must exit 1 naming the status.
//
// The server runs on the real clock; all value dates lie in 2026 before the day this was written
// (2026-11-23), so the test holds on any later day.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/approvals.pb.h"
#include "fondbok/v1/credit_service.pb.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"
#include "fondbok/v1/ledger_service.pb.h"
#include "tests/test_server.h"

namespace fondbok::testing {
namespace {

constexpr char kBankgiro[] = "5402-9681";
constexpr int64_t kAnnuityRateBp = 475;
constexpr int64_t kLateRateBp = 200 + 800;  // reference rate set below + the default margin
constexpr int64_t kReminderFeeOre = 6000;   // the default reminder fee, 60 kr

// "1234.56": the CLI takes kronor.
std::string Kr(int64_t ore) { return absl::StrCat(ore / 100, ".", absl::Dec(ore % 100, absl::kZeroPad2)); }

absl::CivilDay Day(const std::string& text) {
  absl::CivilDay day;
  EXPECT_TRUE(absl::ParseCivilTime(text, &day)) << text;
  return day;
}

// numerator / denominator rounded half to even (numerator >= 0), as the server rounds interest.
int64_t RoundHalfEven(int64_t numerator, int64_t denominator) {
  int64_t q = numerator / denominator;
  const int64_t twice_r = (numerator % denominator) * 2;
  if (twice_r > denominator || (twice_r == denominator && q % 2 != 0)) ++q;
  return q;
}

int64_t Days30E360(absl::CivilDay from, absl::CivilDay to) {
  return (to.year() - from.year()) * 360 + (to.month() - from.month()) * 30 +
         (std::min(to.day(), 30) - std::min(from.day(), 30));
}

int64_t InstalmentTotal(const v1::Instalment& in) { return in.principal_ore() + in.interest_ore() + in.fee_ore(); }

// The value of the first `"key":"…"` in a line of JSON.
std::string StringField(const std::string& json, const std::string& key) {
  const std::string needle = absl::StrCat("\"", key, "\":\"");
  const size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  const size_t from = at + needle.size();
  return json.substr(from, json.find('"', from) - from);
}

struct Totals {  // what a credit's payments were booked to
  int64_t amount = 0, reminder_fee = 0, late_interest = 0, fee = 0, interest = 0, principal = 0;
};

Totals PaymentTotals(const v1::Credit& credit) {
  Totals t;
  for (const v1::Payment& p : credit.payments()) {
    t.amount += p.amount_ore();
    t.reminder_fee += p.reminder_fee_ore();
    t.late_interest += p.late_interest_ore();
    t.fee += p.fee_ore();
    t.interest += p.interest_ore();
    t.principal += p.principal_ore();
    EXPECT_EQ(p.amount_ore(), p.reminder_fee_ore() + p.late_interest_ore() + p.fee_ore() + p.interest_ore() +
                                  p.principal_ore())
        << "payment " << p.id() << " is not split exactly";
  }
  return t;
}

int64_t Charged(const v1::Credit& credit, v1::Charge::Kind kind) {
  int64_t total = 0;
  for (const v1::Charge& c : credit.charges()) total += c.kind() == kind ? c.amount_ore() : 0;
  return total;
}

class CreditSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    admin_ = server_.admin_token();
  }
  void TearDown() override { EXPECT_EQ(server_.Stop(), 0); }

  CommandResult Cli(const std::string& token, const std::vector<std::string>& args) {
    return RunCli(server_.address(), token, args);
  }
  // Runs a command that must succeed; its stdout.
  std::string Ok(const std::string& token, const std::vector<std::string>& args) {
    CommandResult r = Cli(token, args);
    EXPECT_EQ(r.exit_code, 0) << "fondbok " << absl::StrJoin(args, " ") << "\nstderr: " << r.err << "\nstdout: " << r.out;
    return r.out;
  }
  // Runs a command with --json and parses its answer into M.
  template <typename M>
  M Json(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    // Bytes print as hex (clients/cli/json.h), which protobuf's parser reads as base64; a proposal's
    // serialized command may be of any length, so it is dropped before parsing.
    std::string out = Ok(token, args);
    const std::string command = "\"command\":\"";
    for (size_t at = out.find(command); at != std::string::npos; at = out.find(command, at + 1)) {
      const size_t from = at + command.size();
      out.erase(from, out.find('"', from) - from);
    }
    M message;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    const auto status = google::protobuf::util::JsonStringToMessage(out, &message, options);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\nin: " << out.substr(0, 2000);
    return message;
  }
  // A command the server must refuse: exit 1 and `error: CODE: …` naming `code` and `part`.
  void Refused(const std::string& token, const std::vector<std::string>& args, const std::string& code,
               const std::string& part) {
    CommandResult r = Cli(token, args);
    EXPECT_EQ(r.exit_code, 1) << "fondbok " << absl::StrJoin(args, " ") << "\nstdout: " << r.out;
    EXPECT_TRUE(absl::StrContains(r.err, code)) << absl::StrJoin(args, " ") << ": " << r.err;
    EXPECT_TRUE(absl::StrContains(r.err, part)) << absl::StrJoin(args, " ") << ": " << r.err;
  }
  std::string NewToken(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"token", "create"};
    all.insert(all.end(), args.begin(), args.end());
    return std::string(absl::StripAsciiWhitespace(Ok(admin_, all)));
  }
  v1::CreditResponse Show(const std::string& id, const std::string& as_of = "") {
    std::vector<std::string> args = {"credit", "show", id};
    if (!as_of.empty()) args.insert(args.end(), {"--as-of", as_of});
    return Json<v1::CreditResponse>(olle_, args);
  }
  int64_t Balance(const std::string& account, const std::string& as_of_date = "") {
    std::vector<std::string> args = {"ledger", "balance", "--account", account};
    if (!as_of_date.empty()) args.insert(args.end(), {"--as-of-date", as_of_date});
    return Json<v1::Balance>(olle_, args).balance();
  }
  // Proposes with `propose` (Olle), shows that Olle cannot approve his own proposal, and has
  // Berit and Cecilia approve it; the second approval executes the command.
  void FourEyes(const std::vector<std::string>& propose) {
    const std::string made = Ok(olle_, [&] {
      std::vector<std::string> a = {"--json"};
      a.insert(a.end(), propose.begin(), propose.end());
      return a;
    }());
    const std::string id = StringField(made, "id");
    ASSERT_TRUE(absl::StartsWith(id, "P-")) << made;
    EXPECT_TRUE(absl::StrContains(made, "\"state\":\"PROPOSAL_OPEN\"")) << made;
    Refused(olle_, {"approval", "approve", id}, "PERMISSION_DENIED", "four eyes");
    EXPECT_TRUE(absl::StrContains(Ok(berit_, {"approval", "approve", id}), "still needs 1 officer approval"));
    const std::string last = Ok(cecilia_, {"--json", "approval", "approve", id, "--comment", "ok"});
    EXPECT_TRUE(absl::StrContains(last, "\"state\":\"PROPOSAL_EXECUTED\"")) << last;
  }

  // Admin settings, products, capital; three officers; the borrower in Göteborg (1480) and a second
  // organisation with a member token.
  void SetUpFund() {
    olle_ = NewToken({"--role", "officer", "--name", "Olle Officer"});
    berit_ = NewToken({"--role", "officer", "--name", "Berit Beslut"});
    cecilia_ = NewToken({"--role", "officer", "--name", "Cecilia Kredit"});
    const std::string settings =
        Ok(admin_, {"credit-settings", "set", "--bankgiro", kBankgiro, "--reference-rate-bp", "200"});
    EXPECT_TRUE(absl::StrContains(settings, "reference rate 200 bp + margin 800 bp")) << settings;
    EXPECT_TRUE(absl::StrContains(settings, kBankgiro)) << settings;
    Ok(admin_, {"product", "define", "--id", "annuity-60", "--name", "Annuitetslån 5 år", "--amortisation", "annuity",
                "--rate-bp", absl::StrCat(kAnnuityRateBp), "--min", "10000", "--max", "1000000", "--term-max", "60",
                "--arrangement-fee", "1500"});
    Ok(admin_, {"product", "define", "--id", "bridge-esf", "--name", "Brygglån mot ESF-stöd", "--amortisation",
                "bridge", "--rate-bp", "600", "--min", "10000", "--max", "1000000", "--term-max", "24",
                "--arrangement-fee", "1000"});
    const std::string products = Ok(olle_, {"product", "list"});
    EXPECT_TRUE(absl::StrContains(products, "annuity-60") && absl::StrContains(products, "bridge")) << products;
    const std::string capital = Ok(admin_, {"capital", "deposit", "goteborg", "--amount", "1000000", "--name",
                                            "Göteborgs stad", "--earmark", "1480", "--date", "2026-01-02"});
    EXPECT_TRUE(absl::StrContains(capital, "1480")) << capital;
    org_ = StringField(Ok(olle_, {"--json", "org", "create", "--name", "Hisingens kooperativ", "--org-number",
                                  "556036-0793", "--legal-form", "ekonomisk-forening", "--municipality", "1480",
                                  "--bankgiro", "54029681"}),
                       "id");
    other_org_ = StringField(Ok(olle_, {"--json", "org", "create", "--name", "Andra föreningen", "--org-number",
                                        "2120001355", "--legal-form", "ideell-forening", "--municipality", "1480"}),
                             "id");
    ASSERT_TRUE(absl::StartsWith(org_, "ORG-")) << org_;
    ASSERT_TRUE(absl::StartsWith(other_org_, "ORG-")) << other_org_;
    member_ = NewToken({"--role", "member", "--name", "Maja Medlem", "--org", other_org_});
  }

  // apply → submit → assess → (refused disbursement) → four-eyes approval; returns the credit id.
  std::string ApplyAndApprove(const std::vector<std::string>& apply) {
    std::vector<std::string> args = {"credit", "apply", "--org", org_};
    args.insert(args.end(), apply.begin(), apply.end());
    v1::CreditResponse applied = Json<v1::CreditResponse>(olle_, args);
    const std::string id = applied.credit().id();
    EXPECT_EQ(applied.credit().state(), v1::CREDIT_DRAFT);
    EXPECT_EQ(Json<v1::CreditResponse>(olle_, {"credit", "submit", id}).credit().state(), v1::CREDIT_SUBMITTED);
    v1::CreditResponse assessed = Json<v1::CreditResponse>(
        olle_, {"credit", "assess", id, "--risk", "B", "--text", "Stabil verksamhet, god likviditet", "--revenue",
                "2400000", "--result", "85000", "--equity", "-12000", "--collateral", "Borgen av styrelsen"});
    EXPECT_EQ(assessed.credit().state(), v1::CREDIT_UNDER_REVIEW);
    EXPECT_EQ(assessed.credit().assessment().equity_ore(), -1'200'000);
    // Refused: disbursing before approval names the state.
    Refused(olle_, {"credit", "disburse", id, "--date", "2026-01-15"}, "FAILED_PRECONDITION", "is UNDER_REVIEW");
    FourEyes({"credit", "propose-approval", id, "--comment", "enligt kreditpolicyn"});
    v1::CreditResponse approved = Show(id);
    EXPECT_EQ(approved.credit().state(), v1::CREDIT_APPROVED);
    EXPECT_EQ(approved.credit().capital_source(), "goteborg");
    EXPECT_TRUE(absl::StartsWith(approved.credit().approved_by_proposal(), "P-"));
    return id;
  }

  // The annuity (300 000 kr, 24 months) from application to its fourth instalment, the second one late.
  void AnnuityThroughALateInstalment() {
    const std::string annuity = ApplyAndApprove({"--product", "annuity-60", "--amount", "300000", "--term", "24",
                                                 "--purpose", "Ombyggnad av caféet"});
    ASSERT_FALSE(HasFailure());
    v1::CreditResponse disbursed =
        Json<v1::CreditResponse>(olle_, {"credit", "disburse", annuity, "--date", "2026-01-15"});
    EXPECT_EQ(disbursed.credit().state(), v1::CREDIT_ACTIVE);
    EXPECT_EQ(disbursed.credit().disbursed_ore(), 30'000'000);
    ASSERT_EQ(disbursed.credit().schedules_size(), 1);
    const v1::Schedule v1_schedule = disbursed.credit().schedules(0);
    ASSERT_EQ(v1_schedule.instalments_size(), 24);
    {
      int64_t principal = 0;
      std::set<std::string> ocrs;
      for (const v1::Instalment& in : v1_schedule.instalments()) {
        principal += in.principal_ore();
        ocrs.insert(in.ocr());
      }
      EXPECT_EQ(principal, 30'000'000);
      EXPECT_EQ(ocrs.size(), 24u);
      EXPECT_EQ(v1_schedule.instalments(0).due_date(), "2026-02-25");
      EXPECT_EQ(v1_schedule.instalments(0).fee_ore(), 150'000);  // the arrangement fee
    }
    const std::string printed = Ok(olle_, {"credit", "schedule", annuity});
    EXPECT_TRUE(absl::StrContains(printed, absl::StrCat("pay to bankgiro ", kBankgiro))) << printed;
    for (int i : {0, 23}) {
      EXPECT_TRUE(absl::StrContains(printed, v1_schedule.instalments(i).ocr())) << printed;
      EXPECT_TRUE(absl::StrContains(printed, v1_schedule.instalments(i).due_date())) << printed;
    }
    EXPECT_EQ(Show(annuity).pay_to_bankgiro(), kBankgiro);
    auto inst = [&](int n) { return v1_schedule.instalments(n - 1); };

    // Instalment 1 on its due date, by OCR reference.
    Ok(olle_, {"credit", "repay", "--ocr", inst(1).ocr(), "--amount", Kr(InstalmentTotal(inst(1))), "--date",
               "2026-02-25", "--reference", "BG 2026-02-25"});
    // Instalment 2 (due 2026-03-25) is late: no reminder while nothing is overdue; then one on 04-10.
    Refused(olle_, {"credit", "remind", annuity, "--as-of", "2026-03-20"}, "FAILED_PRECONDITION", "is overdue");
    v1::CreditResponse overdue = Show(annuity, "2026-04-10");
    EXPECT_EQ(overdue.standing().overdue_ore(), InstalmentTotal(inst(2)));
    EXPECT_EQ(overdue.standing().days_past_due(), 16);
    EXPECT_EQ(overdue.standing().bucket(), 1);
    const int64_t late_interest =
        RoundHalfEven((inst(2).principal_ore() + inst(2).interest_ore()) * 16 * kLateRateBp, 10'000 * 365);
    EXPECT_GT(late_interest, 0);
    EXPECT_EQ(overdue.standing().late_interest_accrued_ore(), late_interest);
    v1::CreditResponse reminded = Json<v1::CreditResponse>(olle_, {"credit", "remind", annuity, "--as-of", "2026-04-10"});
    ASSERT_EQ(reminded.credit().charges_size(), 2) << reminded.DebugString();
    EXPECT_EQ(Charged(reminded.credit(), v1::Charge::REMINDER_FEE), kReminderFeeOre);
    EXPECT_EQ(Charged(reminded.credit(), v1::Charge::LATE_INTEREST), late_interest);
    const std::string reminder_ocr = reminded.credit().charges(0).ocr();
    EXPECT_FALSE(reminder_ocr.empty());
    EXPECT_TRUE(absl::StrContains(Ok(olle_, {"credit", "schedule", annuity}), reminder_ocr));
    // The portfolio on 2026-04-01 sees the annuity 7 days past due and the bridge not yet lent.
    {
      v1::PortfolioResponse portfolio = Json<v1::PortfolioResponse>(olle_, {"credit", "portfolio", "--as-of", "2026-04-01"});
      bool seen = false;
      for (const v1::PortfolioGroup& g : portfolio.groups()) {
        if (g.dimension() != "total") continue;
        seen = true;
        EXPECT_EQ(g.credits(), 1);
        EXPECT_EQ(g.bucket_counts_1_30(), 1);
        EXPECT_EQ(g.overdue_ore(), InstalmentTotal(inst(2)));
      }
      EXPECT_TRUE(seen) << portfolio.DebugString();
    }
    // Paid on 04-12 with the reminder's OCR: instalment 2, the reminder fee and the late interest.
    v1::CreditResponse late_paid = Json<v1::CreditResponse>(
        olle_, {"credit", "repay", "--ocr", reminder_ocr, "--amount",
                Kr(InstalmentTotal(inst(2)) + kReminderFeeOre + late_interest), "--date", "2026-04-12"});
    ASSERT_EQ(late_paid.credit().payments_size(), 2);
    EXPECT_EQ(late_paid.credit().payments(1).reminder_fee_ore(), kReminderFeeOre);
    EXPECT_EQ(late_paid.credit().payments(1).late_interest_ore(), late_interest);
    EXPECT_EQ(late_paid.credit().payments(1).principal_ore(), inst(2).principal_ore());
    // Instalments 3 and 4 on time, by credit id.
    Ok(olle_, {"credit", "repay", annuity, "--amount", Kr(InstalmentTotal(inst(3))), "--date", "2026-04-25"});
    Ok(olle_, {"credit", "repay", annuity, "--amount", Kr(InstalmentTotal(inst(4))), "--date", "2026-05-25"});
    EXPECT_EQ(Show(annuity, "2026-05-31").standing().overdue_ore(), 0);
    annuity_ = annuity;
    first_schedule_ = v1_schedule;
    late_interest_ = late_interest;
  }

  // Early repayment of the annuity in part (lower instalments), two instalments, then in full.
  void AnnuityRepaidEarly() {
    const std::string& annuity = annuity_;
    const v1::Schedule& v1_schedule = first_schedule_;
    // Early repayment of 50 000 kr on 2026-06-01, keeping the end date (lower instalments): four eyes.
    FourEyes({"credit", "early-repayment", annuity, "--kind", "lower-instalment", "--amount", "50000", "--date",
              "2026-06-01", "--comment", "överskott från julmarknaden"});
    v1::CreditResponse lowered = Show(annuity);
    ASSERT_EQ(lowered.credit().schedules_size(), 2);
    const v1::Schedule v2_schedule = lowered.credit().schedules(1);
    EXPECT_EQ(v2_schedule.reason(), v1::EARLY_REPAYMENT_LOWER_INSTALMENT);
    ASSERT_GE(v2_schedule.instalments_size(), 7);
    // The instalments due before the date are kept as they were; the end date stays; the new
    // instalments are lower, fall due after the date and carry new OCR references.
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(v2_schedule.instalments(i).SerializeAsString(), v1_schedule.instalments(i).SerializeAsString()) << i;
    }
    EXPECT_GT(v2_schedule.instalments(4).due_date(), "2026-06-01");
    EXPECT_EQ(v2_schedule.instalments(v2_schedule.instalments_size() - 1).due_date(), v1_schedule.instalments(23).due_date());
    EXPECT_LT(InstalmentTotal(v2_schedule.instalments(6)), InstalmentTotal(v1_schedule.instalments(6)));
    EXPECT_NE(v2_schedule.instalments(4).ocr(), v1_schedule.instalments(4).ocr());
    {
      int64_t principal = 0;
      for (const v1::Instalment& in : v2_schedule.instalments()) principal += in.principal_ore();
      EXPECT_EQ(principal, 30'000'000 - 5'000'000);
    }
    const int64_t early_interest_1 =
        RoundHalfEven(5'000'000 * kAnnuityRateBp * Days30E360(Day("2026-05-25"), Day("2026-06-01")), 10'000 * 360);
    // Instalments 5 and 6 of the new schedule on time, with the new OCR references.
    for (int n : {5, 6}) {
      const v1::Instalment& in = v2_schedule.instalments(n - 1);
      Ok(olle_, {"credit", "repay", "--ocr", in.ocr(), "--amount", Kr(InstalmentTotal(in)), "--date", in.due_date()});
    }
    // And the rest in full a week after instalment 6: four eyes again; the credit is REPAID.
    const std::string sixth_due = v2_schedule.instalments(5).due_date();
    const std::string full_date = absl::FormatCivilTime(Day(sixth_due) + 7);
    ASSERT_LT(full_date, "2026-11-23");
    int64_t remaining_principal = 0;
    for (int i = 6; i < v2_schedule.instalments_size(); ++i) remaining_principal += v2_schedule.instalments(i).principal_ore();
    const int64_t early_interest_2 =
        RoundHalfEven(remaining_principal * kAnnuityRateBp * Days30E360(Day(sixth_due), Day(full_date)), 10'000 * 360);
    FourEyes({"credit", "early-repayment", annuity, "--kind", "full", "--date", full_date});
    v1::CreditResponse annuity_done = Show(annuity);
    EXPECT_EQ(annuity_done.credit().state(), v1::CREDIT_REPAID);
    ASSERT_EQ(annuity_done.credit().schedules_size(), 3);
    EXPECT_EQ(annuity_done.credit().schedules(2).reason(), v1::EARLY_REPAYMENT_FULL);
    EXPECT_EQ(annuity_done.standing().total_outstanding_ore(), 0);

    expected_early_interest_ = early_interest_1 + early_interest_2;
    expected_early_principal_ = 5'000'000 + remaining_principal;
  }

  // The bridge loan (200 000 kr against an ESF grant of 250 000 kr) from application to REPAID.
  void BridgeToRepaid() {
    const std::string& annuity = annuity_;
    const std::string bridge = ApplyAndApprove(
        {"--product", "bridge-esf", "--amount", "200000", "--purpose", "Förfinansiering av ESF-projektet Vägen in",
         "--grant-funder", "ESF", "--grant-ref", "2026/00417", "--grant-amount", "250000", "--payout",
         "2026-05-15=120000", "--payout", "2026-09-30=130000"});
    ASSERT_FALSE(HasFailure());
    v1::CreditResponse bridge_out = Json<v1::CreditResponse>(olle_, {"credit", "disburse", bridge, "--date", "2026-02-01"});
    ASSERT_EQ(bridge_out.credit().schedules_size(), 1);
    const v1::Schedule bridge_schedule = bridge_out.credit().schedules(0);
    ASSERT_EQ(bridge_schedule.instalments_size(), 2);
    EXPECT_EQ(bridge_schedule.instalments(0).due_date(), "2026-05-15");
    EXPECT_EQ(bridge_schedule.instalments(0).principal_ore(), 12'000'000);
    EXPECT_EQ(bridge_schedule.instalments(1).due_date(), "2026-09-30");
    EXPECT_EQ(bridge_schedule.instalments(1).principal_ore(), 8'000'000);
    EXPECT_EQ(bridge_schedule.instalments(0).fee_ore(), 100'000);
    EXPECT_TRUE(absl::StrContains(Ok(olle_, {"credit", "show", bridge}), "ESF decision 2026/00417")) << "grant shown";
    // Refused: more than the credit still owes.
    const int64_t bridge_owed = InstalmentTotal(bridge_schedule.instalments(0)) + InstalmentTotal(bridge_schedule.instalments(1));
    Refused(olle_, {"credit", "repay", bridge, "--amount", Kr(bridge_owed + 1), "--date", "2026-05-15"},
            "FAILED_PRECONDITION", "exceeds what credit");
    // The first (partial) payout of the grant pays instalment 1 on its date; the balance falls to 80 000 kr.
    Ok(olle_, {"credit", "repay", "--ocr", bridge_schedule.instalments(0).ocr(), "--amount",
               Kr(InstalmentTotal(bridge_schedule.instalments(0))), "--date", "2026-05-15", "--reference", "ESF utbetalning 1"});
    EXPECT_EQ(Balance(absl::StrCat("asset:loans:", bridge)), 8'000'000);

    // The portfolio while both are active: outstanding equals the standings and the ledger as of the date.
    {
      const std::string as_of = "2026-06-15";
      v1::PortfolioResponse portfolio = Json<v1::PortfolioResponse>(olle_, {"credit", "portfolio", "--as-of", as_of});
      const int64_t a = Show(annuity, as_of).standing().outstanding_principal_ore();
      const int64_t b = Show(bridge, as_of).standing().outstanding_principal_ore();
      EXPECT_EQ(a, Balance(absl::StrCat("asset:loans:", annuity), as_of));
      EXPECT_EQ(b, Balance(absl::StrCat("asset:loans:", bridge), as_of));
      EXPECT_EQ(b, 8'000'000);
      bool seen = false;
      for (const v1::PortfolioGroup& g : portfolio.groups()) {
        if (g.dimension() != "total") continue;
        seen = true;
        EXPECT_EQ(g.credits(), 2);
        EXPECT_EQ(g.outstanding_principal_ore(), a + b);
        EXPECT_EQ(g.overdue_ore(), 0);
        EXPECT_EQ(g.par30_principal_ore(), 0);
      }
      EXPECT_TRUE(seen) << portfolio.DebugString();
      const std::string text = Ok(olle_, {"credit", "portfolio", "--as-of", as_of});
      EXPECT_TRUE(absl::StrContains(text, "annuity-60") && absl::StrContains(text, "bridge-esf")) << text;
    }
    // The second payout arrives on 2026-09-30 in two transfers: 50 000 kr, then the rest.
    Ok(olle_, {"credit", "repay", bridge, "--amount", "50000", "--date", "2026-09-30"});
    EXPECT_EQ(Show(bridge).credit().state(), v1::CREDIT_ACTIVE);
    v1::CreditResponse bridge_done = Json<v1::CreditResponse>(
        olle_, {"credit", "repay", bridge, "--amount",
                Kr(InstalmentTotal(bridge_schedule.instalments(1)) - 5'000'000), "--date", "2026-09-30"});
    EXPECT_EQ(bridge_done.credit().state(), v1::CREDIT_REPAID);
    bridge_ = bridge;
  }

  // Who sees what: a member of the other organisation.
  void MemberSeesOnlyItsOwn() {
    const std::string& annuity = annuity_;
    const std::string& bridge = bridge_;
    Refused(member_, {"credit", "list", "--org", org_}, "PERMISSION_DENIED", "your own organisation");
    Refused(member_, {"credit", "show", annuity}, "PERMISSION_DENIED", "not your organisation");
    EXPECT_FALSE(absl::StrContains(Ok(member_, {"credit", "list"}), annuity));
    const std::string listed = Ok(olle_, {"credit", "list", "--state", "repaid"});
    EXPECT_TRUE(absl::StrContains(listed, annuity) && absl::StrContains(listed, bridge)) << listed;
  }

  // The journal's balances equal the credits' schedules, payments and charges to the öre.
  void BooksEqualSchedulesToTheOre() {
    const std::string& annuity = annuity_;
    const std::string& bridge = bridge_;
    const int64_t late_interest = late_interest_;
    const v1::Credit a = Show(annuity).credit();
    const v1::Credit b = Show(bridge).credit();
    // The early repayments as the journal recorded them, per credit.
    std::map<std::string, int64_t> early_principal, early_interest;
    v1::ListEntriesResponse journal = Json<v1::ListEntriesResponse>(olle_, {"ledger", "entries", "--limit", "10000"});
    for (const v1::JournalEntry& e : journal.entries()) {
      if (!e.event().has_credit_rescheduled()) continue;
      const v1::CreditRescheduled& r = e.event().credit_rescheduled();
      early_principal[r.credit_id()] += r.paid_principal_ore();
      early_interest[r.credit_id()] += r.paid_interest_ore();
      EXPECT_TRUE(absl::StartsWith(e.approved_by_proposal(), "P-")) << "four eyes on entry " << e.seq();
    }
    EXPECT_EQ(early_interest[annuity], expected_early_interest_);
    EXPECT_EQ(early_principal[annuity], expected_early_principal_);
    EXPECT_EQ(early_principal[bridge], 0);

    const Totals ta = PaymentTotals(a), tb = PaymentTotals(b);
    for (const auto& [credit, t] : {std::pair{&a, ta}, std::pair{&b, tb}}) {
      SCOPED_TRACE(credit->id());
      // Disbursed principal = principal paid + principal repaid early, and the loan account is 0.
      EXPECT_EQ(credit->disbursed_ore(), t.principal + early_principal[credit->id()]);
      EXPECT_EQ(Balance(absl::StrCat("asset:loans:", credit->id())), 0);
      // The payments cover the last schedule exactly (its instalments are those kept as paid) and the charges.
      int64_t fee = 0, interest = 0, principal = 0;
      for (const v1::Instalment& in : credit->schedules(credit->schedules_size() - 1).instalments()) {
        fee += in.fee_ore();
        interest += in.interest_ore();
        principal += in.principal_ore();
      }
      EXPECT_EQ(t.fee, fee);
      EXPECT_EQ(t.interest, interest);
      EXPECT_EQ(t.principal, principal);
      EXPECT_EQ(t.reminder_fee, Charged(*credit, v1::Charge::REMINDER_FEE));
      EXPECT_EQ(t.late_interest, Charged(*credit, v1::Charge::LATE_INTEREST));
    }
    EXPECT_EQ(tb.principal, 20'000'000);
    EXPECT_EQ(ta.late_interest, late_interest);
    EXPECT_EQ(ta.reminder_fee, kReminderFeeOre);
    EXPECT_EQ(tb.late_interest + tb.reminder_fee, 0);

    // Income: interest actually paid + late-payment interest + early-repayment interest; fees paid
    // (arrangement fees) + reminder fees. The receivables the reminder opened are cleared.
    const int64_t early_interest_all = early_interest[annuity] + early_interest[bridge];
    EXPECT_EQ(Balance("income:interest"), ta.interest + tb.interest + ta.late_interest + tb.late_interest + early_interest_all);
    EXPECT_EQ(Balance("income:loan-fees"), ta.fee + tb.fee + ta.reminder_fee + tb.reminder_fee);
    EXPECT_EQ(ta.fee + tb.fee, 150'000 + 100'000);
    v1::ListAccountsResponse receivables =
        Json<v1::ListAccountsResponse>(olle_, {"ledger", "accounts", "--prefix", "asset:receivable"});
    EXPECT_GE(receivables.accounts_size(), 1);
    for (const v1::Account& account : receivables.accounts()) EXPECT_EQ(Balance(account.code()), 0) << account.code();
    // The bank: capital in, every payment and the early repayments' cash in. The two disbursements
    // are owed out (liability:payments-out) until a bank statement shows them paid; this fund has
    // imported none.
    EXPECT_EQ(Balance("asset:bank"),
              100'000'000 + ta.amount + tb.amount + early_principal[annuity] + early_interest_all);
    EXPECT_EQ(Balance("liability:payments-out"), 30'000'000 + 20'000'000);
  }

  // Everything repaid: the capital is free and today's portfolio is empty.
  void CapitalFreeAgain() {
    v1::ListCapitalResponse capital = Json<v1::ListCapitalResponse>(olle_, {"capital", "list"});
    ASSERT_EQ(capital.sources_size(), 1);
    EXPECT_EQ(capital.sources(0).deposited_ore(), 100'000'000);
    EXPECT_EQ(capital.sources(0).reserved_ore(), 0);
    EXPECT_EQ(capital.sources(0).lent_ore(), 0);
    EXPECT_EQ(capital.sources(0).lost_ore(), 0);
    const std::string capital_text = Ok(olle_, {"capital", "list"});
    EXPECT_TRUE(absl::StrContains(capital_text, "goteborg") && absl::StrContains(capital_text, "1480")) << capital_text;
    // Nothing active remains in today's portfolio.
    v1::PortfolioResponse today = Json<v1::PortfolioResponse>(olle_, {"credit", "portfolio"});
    for (const v1::PortfolioGroup& g : today.groups()) {
      if (g.dimension() == "total") {
        EXPECT_EQ(g.credits(), 0);
      }
    }
  }

  TestServer server_;
  std::string admin_, olle_, berit_, cecilia_, member_, org_, other_org_;
  std::string annuity_, bridge_;
  v1::Schedule first_schedule_;
  int64_t late_interest_ = 0, expected_early_interest_ = 0, expected_early_principal_ = 0;
};

TEST_F(CreditSystemTest, AnnuityAndBridgeFromApplicationToRepaidBalanceToTheOre) {
  ASSERT_NO_FATAL_FAILURE(SetUpFund());
  ASSERT_FALSE(HasFailure());
  ASSERT_NO_FATAL_FAILURE(AnnuityThroughALateInstalment());
  ASSERT_NO_FATAL_FAILURE(AnnuityRepaidEarly());
  ASSERT_NO_FATAL_FAILURE(BridgeToRepaid());
  MemberSeesOnlyItsOwn();
  ASSERT_FALSE(HasFailure());
  BooksEqualSchedulesToTheOre();
  CapitalFreeAgain();
}

}  // namespace
}  // namespace fondbok::testing
