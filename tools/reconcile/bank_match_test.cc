// Bank matching: MatchStatement table-tested, the statement readers' glue, and one end-to-end run of
// the CLI over books written by a real Sequencer against a hand-written CSV statement.
#include "tools/reconcile/bank_match.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "ledger/sequencer.h"
#include "ledger/testing.h"
#include "tools/reconcile/cli.h"
#include "tools/reconcile/reconcile.h"

namespace fondbok::reconcile {
namespace {

using ledger::testutil::Credit;
using ledger::testutil::Debit;
using ledger::testutil::MakeAccount;
using ledger::testutil::MakeRequest;
using ledger::testutil::OpenAccountCommand;
using ledger::testutil::PostCommand;
using ledger::testutil::ScopedTempDir;

BankLine L(int day, int64_t amount_ore, std::string reference, uint64_t source) {
  return {absl::CivilDay(2026, 3, day), amount_ore, std::move(reference), "", source};
}

// (statement source, ledger source, by reference)
using Pair = std::tuple<uint64_t, uint64_t, bool>;

struct MatchCase {
  std::string name;
  std::vector<BankLine> statement, ledger;
  int window_days;
  std::vector<Pair> matched;
  std::vector<uint64_t> unmatched_statement, unmatched_ledger;
};

TEST(MatchStatementTest, Table) {
  const std::vector<MatchCase> cases = {
      {"exact by reference, dates far apart", {L(10, 500, "OCR1", 1)}, {L(1, 500, "OCR1", 7)}, 3, {{1, 7, true}}, {}, {}},
      {"reference with another amount falls back to the date", {L(10, 500, "OCR1", 1)}, {L(11, 400, "OCR1", 7), L(11, 500, "", 8)}, 3,
       {{1, 8, false}}, {}, {7}},
      {"a missing payment: unmatched ledger movement", {L(10, 500, "A", 1)}, {L(10, 500, "A", 7), L(12, 900, "B", 8)}, 3,
       {{1, 7, true}}, {}, {8}},
      {"an unknown payment: unmatched statement line", {L(10, 500, "A", 1), L(11, 123, "X", 2)}, {L(10, 500, "A", 7)}, 3,
       {{1, 7, true}}, {2}, {}},
      {"equal amounts on one day resolved by reference", {L(10, 500, "B", 1), L(10, 500, "A", 2)},
       {L(10, 500, "A", 7), L(10, 500, "B", 8)}, 3, {{1, 8, true}, {2, 7, true}}, {}, {}},
      {"reference claims first, the other by date", {L(10, 500, "", 1), L(10, 500, "A", 2)},
       {L(10, 500, "A", 7), L(10, 500, "", 8)}, 3, {{1, 8, false}, {2, 7, true}}, {}, {}},
      {"window edge: exactly window days apart matches", {L(10, 500, "", 1)}, {L(13, 500, "", 7)}, 3, {{1, 7, false}}, {}, {}},
      {"window edge: before, too", {L(10, 500, "", 1)}, {L(7, 500, "", 7)}, 3, {{1, 7, false}}, {}, {}},
      {"window edge: one day beyond does not", {L(10, 500, "", 1)}, {L(14, 500, "", 7)}, 3, {}, {1}, {7}},
      {"window zero: same day only", {L(10, 500, "", 1)}, {L(11, 500, "", 7)}, 0, {}, {1}, {7}},
      {"closest date first", {L(10, 500, "", 1)}, {L(13, 500, "", 7), L(11, 500, "", 8)}, 3, {{1, 8, false}}, {}, {7}},
      {"equally close: the earliest", {L(10, 500, "", 1)}, {L(11, 500, "", 7), L(9, 500, "", 8)}, 3, {{1, 8, false}}, {}, {7}},
      {"sign matters", {L(10, -500, "", 1)}, {L(10, 500, "", 7)}, 3, {}, {1}, {7}},
      {"each side at most once", {L(10, 500, "", 1), L(10, 500, "", 2)}, {L(10, 500, "", 7)}, 3, {{1, 7, false}}, {2}, {}},
      {"empty references never match by reference", {L(10, 500, "", 1)}, {L(20, 500, "", 7)}, 3, {}, {1}, {7}},
  };
  for (const MatchCase& c : cases) {
    SCOPED_TRACE(c.name);
    const MatchResult result = MatchStatement(c.statement, c.ledger, c.window_days);
    std::vector<Pair> matched;
    for (const MatchedPair& p : result.matched) matched.emplace_back(p.statement.source, p.ledger.source, p.by_reference);
    std::vector<uint64_t> unmatched_statement, unmatched_ledger;
    for (const BankLine& l : result.unmatched_statement) unmatched_statement.push_back(l.source);
    for (const BankLine& l : result.unmatched_ledger) unmatched_ledger.push_back(l.source);
    EXPECT_EQ(matched, c.matched);
    EXPECT_EQ(unmatched_statement, c.unmatched_statement);
    EXPECT_EQ(unmatched_ledger, c.unmatched_ledger);
  }
}

TEST(ParseStatementTest, CsvRowsKeepTheirLines) {
  auto statement = ParseStatement("date;amount;reference;text\n2026-03-10;1 250,50;OCR9;In\n\n2026-03-11;-12;;Ut\n");
  ASSERT_TRUE(statement.ok()) << statement.status();
  EXPECT_EQ(statement->format, "csv");
  EXPECT_FALSE(statement->has_balances);
  ASSERT_EQ(statement->lines.size(), 2u);
  EXPECT_EQ(statement->lines[0], (BankLine{absl::CivilDay(2026, 3, 10), 125050, "OCR9", "In", 2}));
  EXPECT_EQ(statement->lines[1], (BankLine{absl::CivilDay(2026, 3, 11), -1200, "", "Ut", 4}));
}

TEST(ParseStatementTest, BadCsvNamesTheLine) {
  auto statement = ParseStatement("date,amount,reference,text\n2026-03-10,12.345,A,B\n");
  ASSERT_FALSE(statement.ok());
  EXPECT_EQ(statement.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(statement.status().message(), "2")) << statement.status();
}

TEST(ParseStatementTest, CamtTakesBookedEntriesBalancesAndReferences) {
  std::ifstream in(FONDBOK_PAYMENTS_TESTDATA "/camt053_v02.xml", std::ios::binary);
  ASSERT_TRUE(in.good());
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto statement = ParseStatement(bytes.str());
  ASSERT_TRUE(statement.ok()) << statement.status();
  EXPECT_EQ(statement->format, "camt.053");
  EXPECT_TRUE(statement->has_balances);
  EXPECT_EQ(statement->opening_ore, 10000'00);
  EXPECT_EQ(statement->closing_ore, 11654'33);
  ASSERT_GE(statement->lines.size(), 2u);
  ASSERT_GE(statement->lines.size(), 3u);
  // A deposit of two payments becomes a line per payment, each with its structured reference and
  // the path of its TxDtls; without a reference, AcctSvcrRef; debits negative.
  EXPECT_EQ(statement->lines[0].reference, "1001000106");
  EXPECT_EQ(statement->lines[0].amount_ore, 1250'00);
  EXPECT_EQ(statement->lines[0].date, absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(statement->lines[0].text, "Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]");
  EXPECT_EQ(statement->lines[1].reference, "1001000205");
  EXPECT_EQ(statement->lines[1].amount_ore, 750'00);
  EXPECT_EQ(statement->lines[1].source, statement->lines[0].source);
  EXPECT_EQ(statement->lines[2].reference, "FEE-20261123-77");
  EXPECT_EQ(statement->lines[2].amount_ore, -345'67);
}

// ---- end to end: books by a real Sequencer, the CLI against a CSV ----

ledger::WriteRequest As(const std::string& actor, const std::string& role, const std::string& id,
                        std::vector<v1::Command> commands) {
  ledger::WriteRequest request = MakeRequest(actor, id, std::move(commands));
  request.actor_role = role;
  request.actor_name = actor;
  return request;
}

v1::Command CreateFund() {
  v1::Command command;
  v1::FundCreated* fund = command.mutable_create_fund()->mutable_fund();
  fund->set_name("Testfonden");
  fund->set_base_currency("SEK");
  fund->set_time_zone("Europe/Stockholm");
  return command;
}

// A capital deposit (memo CAP-1), interest received without a reference, a withdrawal (memo W-1).
void WriteBankBooks(const std::string& path) {
  auto modules = ServerModules::Make();
  ASSERT_TRUE(modules.ok()) << modules.status();
  auto storage = ledger::Storage::Open(path, ledger::StorageOptions{});
  ASSERT_TRUE(storage.ok()) << storage.status();
  ledger::FixedClock clock(ledger::testutil::TestNow());
  auto sequencer = ledger::Sequencer::Start(storage->get(), &(*modules)->registry(), &clock, {});
  ASSERT_TRUE(sequencer.ok()) << sequencer.status();
  auto run = [&](ledger::WriteRequest request) {
    auto result = (*sequencer)->SubmitAndWait(std::move(request));
    EXPECT_TRUE(result.ok()) << result.status();
  };
  run(As(std::string(ledger::kSystemActor), "admin", "bootstrap",
         {CreateFund(), OpenAccountCommand(MakeAccount("asset:bank", v1::ASSET, "SEK", false, true)),
          OpenAccountCommand(MakeAccount("liability:capital", v1::LIABILITY, "SEK", true, false)),
          OpenAccountCommand(MakeAccount("income:interest", v1::INCOME))}));
  run(As("tok-o1", "officer", "deposit",
         {PostCommand({Debit("asset:bank", 1'000'000'00), Credit("liability:capital", 1'000'000'00)}, "2026-03-10",
                      false, 0, "CAP-1")}));
  run(As("tok-o1", "officer", "interest",
         {PostCommand({Debit("asset:bank", 250'00), Credit("income:interest", 250'00)}, "2026-03-12")}));
  run(As("tok-o1", "officer", "withdraw",
         {PostCommand({Debit("liability:capital", 500'00), Credit("asset:bank", 500'00)}, "2026-03-14", false, 0,
                      "W-1")}));
  sequencer->reset();
  EXPECT_TRUE((*storage)->Close().ok());
}

struct CliRun {
  int exit_code;
  std::string out, err;
};
CliRun RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "fondbok-reconcile");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = RunReconcileCli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

std::string WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

constexpr char kHeader[] = "date,amount,reference,text\n";
constexpr char kDeposit[] = "2026-03-10,\"1000000,00\",CAP-1,Insättning\n";
constexpr char kInterest[] = "2026-03-12,250.00,,Ränta\n";
constexpr char kWithdrawal[] = "2026-03-15,-500.00,W-1,Uttag\n";

TEST(BankEndToEndTest, CsvStatementReconcilesAndAMissingLineIsFound) {
  ScopedTempDir dir;
  const std::string db = dir.Sub("db");
  WriteBankBooks(db);
  if (HasFatalFailure()) return;

  const std::string whole = WriteFile(dir.Sub("whole.csv"), absl::StrCat(kHeader, kDeposit, kInterest, kWithdrawal));
  CliRun run = RunCli({"--data-dir", db, "--statement", whole});
  EXPECT_EQ(run.exit_code, kExitWhole) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "Bank (asset:bank)")) << run.out;

  run = RunCli({"--data-dir", db, "--statement", whole, "--json"});
  EXPECT_EQ(run.exit_code, kExitWhole) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "\"bank\":{")) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"matched\":3,\"holds\":true")) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"difference_ore\":0")) << run.out;

  // The interest line removed: the ledger's movement is unmatched and the sums differ by 250 kr.
  const std::string missing = WriteFile(dir.Sub("missing.csv"), absl::StrCat(kHeader, kDeposit, kWithdrawal));
  run = RunCli({"--data-dir", db, "--statement", missing, "--json"});
  EXPECT_EQ(run.exit_code, kExitBreak) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "\"unmatched_ledger\":[{\"date\":\"2026-03-12\",\"amount_ore\":25000"))
      << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"difference_ore\":-25000")) << run.out;
  run = RunCli({"--data-dir", db, "--statement", missing});
  EXPECT_EQ(run.exit_code, kExitBreak);
  EXPECT_TRUE(absl::StrContains(run.out, "not on the statement")) << run.out;

  // An unknown payment: a statement line the ledger does not have, named by its line.
  const std::string unknown = WriteFile(
      dir.Sub("unknown.csv"), absl::StrCat(kHeader, kDeposit, kInterest, "2026-03-13,99.00,OCR77,Okänd\n", kWithdrawal));
  run = RunCli({"--data-dir", db, "--statement", unknown, "--json"});
  EXPECT_EQ(run.exit_code, kExitBreak) << run.out << run.err;
  EXPECT_TRUE(absl::StrContains(run.out, "\"reference\":\"OCR77\",\"text\":\"Okänd\",\"line\":4")) << run.out;

  // Unusable statements: exit 2 naming the file and the line.
  const std::string bad = WriteFile(dir.Sub("bad.csv"), absl::StrCat(kHeader, kDeposit, "2026-02-30,1.00,,x\n"));
  run = RunCli({"--data-dir", db, "--statement", bad});
  EXPECT_EQ(run.exit_code, kExitUnusable);
  EXPECT_TRUE(absl::StrContains(run.err, bad)) << run.err;
  EXPECT_TRUE(absl::StrContains(run.err, "3")) << run.err;
  run = RunCli({"--data-dir", db, "--statement", dir.Sub("absent.csv")});
  EXPECT_EQ(run.exit_code, kExitUnusable);
  EXPECT_TRUE(absl::StrContains(run.err, "absent.csv")) << run.err;
}

}  // namespace
}  // namespace fondbok::reconcile
