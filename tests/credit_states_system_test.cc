// Every credit product through its states with the real CLI against the real server (issue 3:
// "a credit of each product can be taken through every state"): draft → submitted → under review →
// approved (four eyes) → active → repaid, and the other ends — withdrawn, rejected, cancelled,
// written off with a recovery — and lapsed, by restarting the server with its clock days ahead
// (--clock-offset-days, loopback only).
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class CreditStatesSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    admin_ = server_.admin_token();
    for (const char* name : {"Olle", "Oda", "Otto"}) {
      auto token = Cli(admin_, {"token", "create", "--role", "officer", "--name", name});
      ASSERT_EQ(token.exit_code, 0) << token.err;
      officers_.push_back(std::string(absl::StripTrailingAsciiWhitespace(token.out)));
    }
    Must(admin_, {"credit-settings", "set", "--bankgiro", "5402-9681"});
    Must(officers_[0], {"capital", "deposit", "members", "--amount", "5000000", "--name", "Members", "--member-capital"});
    Must(officers_[0], {"org", "create", "--name", "Ängen", "--org-number", "556036-0793", "--legal-form",
                        "ekonomisk-forening", "--municipality", "1480"});
  }
  void TearDown() override { EXPECT_EQ(server_.Stop(), 0) << server_.log(); }

  CommandResult Cli(const std::string& token, const std::vector<std::string>& args) {
    return RunCli(server_.address(), token, args);
  }
  std::string Must(const std::string& token, const std::vector<std::string>& args) {
    auto r = Cli(token, args);
    EXPECT_EQ(r.exit_code, 0) << absl::StrJoin(args, " ") << ": " << r.err;
    return r.out;
  }
  std::string State(const std::string& id) {
    const std::string json = Must(officers_[0], {"--json", "credit", "show", id});
    const size_t at = json.find("\"state\":\"CREDIT_");
    return at == std::string::npos ? "?" : json.substr(at + 16, json.find('"', at + 16) - at - 16);
  }
  // Proposes with officer 0 (from `args`), approves with officers 1 and 2.
  void FourEyes(const std::vector<std::string>& args) {
    const std::string out = Must(officers_[0], args);
    const size_t at = out.find("proposal P-");
    ASSERT_NE(at, std::string::npos) << out;
    const std::string proposal = out.substr(at + 9, 8);
    auto own = Cli(officers_[0], {"approval", "approve", proposal});
    EXPECT_EQ(own.exit_code, 1);
    EXPECT_TRUE(absl::StrContains(own.err, "PERMISSION_DENIED")) << own.err;
    Must(officers_[1], {"approval", "approve", proposal});
    Must(officers_[2], {"approval", "approve", proposal, "--comment", "ok"});
  }
  std::string NextCredit() { return absl::StrCat("C-", absl::Dec(++credits_, absl::kZeroPad6)); }
  // apply (with `extra` terms) → submit → assess; the credit id.
  std::string UnderReview(const std::string& product, std::vector<std::string> extra) {
    std::vector<std::string> args = {"credit", "apply", "--org", "ORG-000001", "--product", product,
                                     "--amount", "100000", "--purpose", "test"};
    args.insert(args.end(), extra.begin(), extra.end());
    Must(officers_[0], args);
    const std::string id = NextCredit();
    EXPECT_EQ(State(id), "DRAFT");
    Must(officers_[0], {"credit", "submit", id});
    EXPECT_EQ(State(id), "SUBMITTED");
    Must(officers_[0], {"credit", "assess", id, "--risk", "C", "--text", "ok", "--revenue", "1 200 000"});
    EXPECT_EQ(State(id), "UNDER_REVIEW");
    return id;
  }

  TestServer server_;
  std::string admin_;
  std::vector<std::string> officers_;
  int credits_ = 0;
};

TEST_F(CreditStatesSystemTest, EveryProductFromApplicationToRepaid) {
  struct Product {
    std::vector<std::string> define;
    std::vector<std::string> apply;
  };
  const std::vector<std::string> common = {"--min", "1000", "--max", "1000000", "--term-max", "60", "--grace-max", "6"};
  const Product products[] = {
      {{"--id", "annuity", "--amortisation", "annuity", "--rate-bp", "475", "--arrangement-fee", "500"}, {"--term", "24"}},
      {{"--id", "straight", "--amortisation", "straight-line", "--rate-bp", "500", "--day-count", "act365"},
       {"--term", "12", "--quarterly", "--payment-day", "28"}},
      {{"--id", "bullet", "--amortisation", "bullet", "--rate-bp", "600"}, {"--term", "12"}},
      {{"--id", "bridge", "--amortisation", "bridge", "--rate-bp", "300"},
       {"--grant-funder", "ESF", "--grant-ref", "2026/417", "--grant-amount", "120000", "--payout", "2026-06-30=60000",
        "--payout", "2026-10-30=60000"}},
      {{"--id", "points", "--amortisation", "interest-free-with-fee", "--loan-fee-bp", "350", "--yearly-fee", "100"},
       {"--term", "36", "--grace", "3"}},
  };
  for (const Product& p : products) {
    std::vector<std::string> define = {"product", "define", "--name", p.define[1]};
    define.insert(define.end(), p.define.begin(), p.define.end());
    define.insert(define.end(), common.begin(), common.end());
    Must(admin_, define);
    const std::string id = UnderReview(p.define[1], p.apply);
    FourEyes({"credit", "propose-approval", id});
    EXPECT_EQ(State(id), "APPROVED") << p.define[1];
    Must(officers_[0], {"credit", "disburse", id, "--date", "2026-02-02"});
    EXPECT_EQ(State(id), "ACTIVE") << p.define[1];
    const std::string schedule = Must(officers_[0], {"credit", "schedule", id});
    EXPECT_TRUE(absl::StrContains(schedule, "pay to bankgiro 5402-9681")) << schedule;
    EXPECT_TRUE(absl::StrContains(schedule, "100 000,00 kr")) << schedule;  // principal total, to the öre
    // Repaid in full before the first instalment falls due.
    FourEyes({"credit", "early-repayment", id, "--kind", "full", "--date", "2026-02-20"});
    EXPECT_EQ(State(id), "REPAID") << p.define[1];
    auto balance = Cli(officers_[0], {"--json", "ledger", "balance", "--account", "asset:loans:" + id});
    ASSERT_EQ(balance.exit_code, 0) << balance.err;
    EXPECT_TRUE(absl::StrContains(balance.out, "\"balance\":0")) << balance.out;
  }
  const std::string capital = Must(officers_[0], {"--json", "capital", "list"});
  EXPECT_TRUE(absl::StrContains(capital, "\"lent_ore\":0,")) << capital;  // every krona back
  EXPECT_TRUE(absl::StrContains(capital, "\"reserved_ore\":0,")) << capital;
}

TEST_F(CreditStatesSystemTest, TheOtherEnds) {
  Must(admin_, {"product", "define", "--id", "annuity", "--name", "A", "--amortisation", "annuity", "--rate-bp", "400",
                "--min", "1000", "--max", "1000000", "--term-max", "60"});
  // Withdrawn by the applicant while a draft.
  Must(officers_[0], {"credit", "apply", "--org", "ORG-000001", "--product", "annuity", "--amount", "5000", "--term",
                      "12", "--purpose", "x"});
  const std::string withdrawn = NextCredit();
  Must(officers_[0], {"credit", "withdraw", withdrawn, "--reason", "changed plans"});
  EXPECT_EQ(State(withdrawn), "WITHDRAWN");
  auto again = Cli(officers_[0], {"credit", "submit", withdrawn});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(again.err, "FAILED_PRECONDITION")) << again.err;
  EXPECT_TRUE(absl::StrContains(again.err, "is WITHDRAWN")) << again.err;
  // Rejected after review.
  const std::string rejected = UnderReview("annuity", {"--term", "12"});
  Must(officers_[0], {"credit", "reject", rejected, "--reason", "no own contribution"});
  EXPECT_EQ(State(rejected), "REJECTED");
  // Cancelled after approval: the reservation is released.
  const std::string cancelled = UnderReview("annuity", {"--term", "12"});
  FourEyes({"credit", "propose-approval", cancelled});
  Must(officers_[0], {"credit", "cancel", cancelled, "--reason", "the borrower declined"});
  EXPECT_EQ(State(cancelled), "CANCELLED");
  // Written off (four eyes), then a recovery.
  const std::string lost = UnderReview("annuity", {"--term", "12"});
  FourEyes({"credit", "propose-approval", lost});
  Must(officers_[0], {"credit", "disburse", lost, "--date", "2026-01-05"});
  FourEyes({"credit", "write-off", lost, "--reason", "konkurs"});
  EXPECT_EQ(State(lost), "WRITTEN_OFF");
  Must(officers_[0], {"credit", "recover", lost, "--amount", "2500"});
  auto losses = Cli(officers_[0], {"--json", "ledger", "balance", "--account", "expense:credit-losses"});
  EXPECT_TRUE(absl::StrContains(losses.out, "\"balance\":10000000")) << losses.out;
  auto recoveries = Cli(officers_[0], {"--json", "ledger", "balance", "--account", "income:recoveries"});
  EXPECT_TRUE(absl::StrContains(recoveries.out, "\"balance\":250000")) << recoveries.out;
  const std::string capital = Must(officers_[0], {"--json", "capital", "list"});
  EXPECT_TRUE(absl::StrContains(capital, "\"lost_ore\":9750000")) << capital;
}

TEST_F(CreditStatesSystemTest, WhoSeesWhat) {
  Must(admin_, {"product", "define", "--id", "annuity", "--name", "A", "--amortisation", "annuity", "--rate-bp", "400",
                "--min", "1000", "--max", "1000000", "--term-max", "60"});
  Must(officers_[0], {"org", "create", "--name", "Andra", "--org-number", "212000-1355", "--legal-form",
                      "ideell-forening", "--municipality", "0180"});
  auto member = Cli(admin_, {"token", "create", "--role", "member", "--org", "ORG-000001", "--name", "Kassör"});
  auto auditor = Cli(admin_, {"token", "create", "--role", "auditor", "--name", "Revisor"});
  ASSERT_EQ(member.exit_code, 0);
  ASSERT_EQ(auditor.exit_code, 0);
  const std::string m(absl::StripTrailingAsciiWhitespace(member.out));
  const std::string a(absl::StripTrailingAsciiWhitespace(auditor.out));
  // A member applies for its own organisation, not for another.
  Must(m, {"credit", "apply", "--org", "ORG-000001", "--product", "annuity", "--amount", "5000", "--term", "12",
           "--purpose", "own"});
  auto other = Cli(m, {"credit", "apply", "--org", "ORG-000002", "--product", "annuity", "--amount", "5000", "--term",
                       "12", "--purpose", "not ours"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(other.err, "PERMISSION_DENIED")) << other.err;
  Must(officers_[0], {"credit", "apply", "--org", "ORG-000002", "--product", "annuity", "--amount", "5000", "--term",
                      "12", "--purpose", "theirs"});
  // It sees only its own credits.
  const std::string listed = Must(m, {"credit", "list"});
  EXPECT_TRUE(absl::StrContains(listed, "C-000001")) << listed;
  EXPECT_FALSE(absl::StrContains(listed, "C-000002")) << listed;
  auto peek = Cli(m, {"credit", "show", "C-000002"});
  EXPECT_EQ(peek.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(peek.err, "PERMISSION_DENIED")) << peek.err;
  auto portfolio = Cli(m, {"credit", "portfolio"});
  EXPECT_EQ(portfolio.exit_code, 1);
  // The auditor reads everything and writes nothing.
  const std::string all = Must(a, {"credit", "list"});
  EXPECT_TRUE(absl::StrContains(all, "C-000002")) << all;
  Must(a, {"credit", "portfolio"});
  auto write = Cli(a, {"credit", "submit", "C-000001"});
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(write.err, "PERMISSION_DENIED")) << write.err;
}

TEST_F(CreditStatesSystemTest, AnOfferNotDisbursedInTimeLapses) {
  Must(admin_, {"product", "define", "--id", "quick", "--name", "Q", "--amortisation", "annuity", "--rate-bp", "400",
                "--min", "1000", "--max", "1000000", "--term-max", "60", "--offer-days", "1"});
  const std::string id = UnderReview("quick", {"--term", "12"});
  FourEyes({"credit", "propose-approval", id});
  auto early = Cli(officers_[0], {"credit", "lapse", id});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(early.err, "is valid until")) << early.err;
  // Three days later (the same data directory, the server's clock ahead).
  ASSERT_EQ(server_.Stop(), 0);
  TestServerOptions later;
  later.data_dir = server_.data_dir();
  later.extra_flags = {"--clock-offset-days", "3"};
  TestServer ahead(later);
  std::string error;
  ASSERT_TRUE(ahead.Start(&error)) << error;
  auto too_late = RunCli(ahead.address(), officers_[0], {"credit", "disburse", id});
  EXPECT_EQ(too_late.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(too_late.err, "has lapsed")) << too_late.err;
  auto lapsed = RunCli(ahead.address(), officers_[0], {"--json", "credit", "lapse", id});
  EXPECT_EQ(lapsed.exit_code, 0) << lapsed.err;
  EXPECT_TRUE(absl::StrContains(lapsed.out, "\"state\":\"CREDIT_LAPSED\"")) << lapsed.out;
  auto capital = RunCli(ahead.address(), officers_[0], {"--json", "capital", "list"});
  EXPECT_TRUE(absl::StrContains(capital.out, "\"reserved_ore\":0,")) << capital.out;
  EXPECT_EQ(ahead.Stop(), 0);
  ASSERT_TRUE(server_.Start(&error)) << error;
}

}  // namespace
}  // namespace fondbok::testing
