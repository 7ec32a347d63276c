// The plain ledger through the real fondbokd and the real client library and CLI.
#include <filesystem>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

class LedgerSystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    client_ = Connect(server_->address(), server_->admin_token()).release();
  }
  static void TearDownTestSuite() {
    delete client_;
    client_ = nullptr;
    EXPECT_EQ(server_->Stop(), 0) << server_->log();
    delete server_;
    server_ = nullptr;
  }
  CommandResult Cli(const std::vector<std::string>& args) {
    return RunCli(server_->address(), server_->admin_token(), args);
  }
  uint64_t LastSeq() {
    v1::ListEntriesRequest request;
    request.set_from_seq(1);
    request.set_limit(1);
    auto entries = client_->ListEntries(request);
    EXPECT_TRUE(entries.ok()) << entries.status();
    return entries.ok() ? entries->last_seq() : 0;
  }

  static TestServer* server_;
  static client::Client* client_;
};

TestServer* LedgerSystemTest::server_ = nullptr;
client::Client* LedgerSystemTest::client_ = nullptr;

TEST_F(LedgerSystemTest, FirstStartCreatedFundChartAndAdminToken) {
  auto mode = std::filesystem::status(server_->data_dir() + "/admin.token").permissions();
  EXPECT_EQ(mode & std::filesystem::perms::all, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto me = client_->WhoAmI();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->role(), v1::ADMIN);
  v1::GetAccountRequest request;
  request.set_code("asset:bank");
  EXPECT_TRUE(client_->GetAccount(request).ok());
  request.set_code("offbalance:guarantee-capacity");
  EXPECT_TRUE(client_->GetAccount(request).ok());
  EXPECT_NE(server_->log().find("admin_token_file"), std::string::npos);
}

TEST_F(LedgerSystemTest, CliCreatePostBalanceHistoryEntries) {
  auto created = Cli({"ledger", "account-create", "--code", "asset:cli:bank", "--type", "asset", "--currency", "SEK"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  created = Cli({"ledger", "account-create", "--code", "liability:cli:capital", "--type", "liability", "--currency",
                 "SEK", "--no-overdraft"});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  auto posted = Cli({"--json", "ledger", "post", "--request-id", "cli-post-1", "--debit", "asset:cli:bank=1 250,50",
                     "--credit", "liability:cli:capital=1250.50", "--memo", "kommunens insats"});
  ASSERT_EQ(posted.exit_code, 0) << posted.err;
  EXPECT_TRUE(absl::StrContains(posted.out, "\"seq\":")) << posted.out;
  EXPECT_TRUE(absl::StrContains(posted.out, "\"hash\":\"")) << posted.out;

  auto balance = Cli({"--json", "ledger", "balance", "--account", "asset:cli:bank"});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  for (const char* field : {"\"posted_debits\":125050", "\"posted_credits\":0", "\"pending_debits\":0",
                            "\"pending_credits\":0", "\"balance\":125050"}) {
    EXPECT_TRUE(absl::StrContains(balance.out, field)) << field << " in " << balance.out;
  }
  auto human = Cli({"ledger", "balance", "--account", "liability:cli:capital"});
  ASSERT_EQ(human.exit_code, 0) << human.err;
  EXPECT_TRUE(absl::StrContains(human.out, "1 250,50 kr")) << human.out;

  auto history = Cli({"ledger", "history", "--account", "asset:cli:bank"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_TRUE(absl::StrContains(history.out, "1 250,50 kr")) << history.out;
  auto entries = Cli({"ledger", "entries", "--from-seq", "1", "--limit", "5"});
  EXPECT_EQ(entries.exit_code, 0) << entries.err;

  // Overdrawing the no-overdraft liability is refused with the status named on one line.
  auto overdraw = Cli({"ledger", "post", "--request-id", "cli-post-2", "--debit", "liability:cli:capital=2000",
                       "--credit", "asset:cli:bank=2000"});
  EXPECT_NE(overdraw.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(overdraw.err, "FAILED_PRECONDITION")) << overdraw.err;
}

TEST_F(LedgerSystemTest, CliRefusesMalformedAmountsBeforeSending) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:amt:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "equity:amt:b", v1::EQUITY).ok());
  const uint64_t before = LastSeq();
  for (const char* amount : {"12,5.0", "1e3", "0.001", "", "92233720368547758.08", "-5", "abc"}) {
    auto result = Cli({"ledger", "post", "--request-id", NextId("bad-amount"), "--debit",
                       std::string("asset:amt:a=") + amount, "--credit", "equity:amt:b=1"});
    EXPECT_NE(result.exit_code, 0) << amount;
    EXPECT_FALSE(result.err.empty()) << amount;
  }
  EXPECT_EQ(LastSeq(), before);
}

TEST_F(LedgerSystemTest, RetryWithSameRequestIdReturnsFirstResult) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:idem:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:idem:b", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:idem:c", v1::ASSET).ok());
  v1::PostRequest request = Transfer("idem-1", "asset:idem:a", "asset:idem:b", 500);
  request.mutable_entry()->set_memo("first");
  auto first = client_->Post(request);
  ASSERT_TRUE(first.ok()) << first.status();
  const uint64_t after_first = LastSeq();
  auto again = client_->Post(request);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->entries(0).seq(), first->entries(0).seq());
  EXPECT_EQ(again->entries(0).hash(), first->entries(0).hash());
  EXPECT_FALSE(first->replayed());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(LastSeq(), after_first);
  EXPECT_EQ(BalanceOf(*client_, "asset:idem:a"), 500);

  // The same id with each field changed in turn: ALREADY_EXISTS every time, nothing written.
  std::vector<std::pair<std::string, std::function<void(v1::PostRequest&)>>> changes = {
      {"amount", [](v1::PostRequest& r) {
         r.mutable_entry()->mutable_postings(0)->set_amount_ore(501);
         r.mutable_entry()->mutable_postings(1)->set_amount_ore(501);
       }},
      {"debit account", [](v1::PostRequest& r) { r.mutable_entry()->mutable_postings(0)->set_account("asset:idem:c"); }},
      {"credit account", [](v1::PostRequest& r) { r.mutable_entry()->mutable_postings(1)->set_account("asset:idem:c"); }},
      {"sides", [](v1::PostRequest& r) {
         r.mutable_entry()->mutable_postings(0)->set_side(v1::CREDIT);
         r.mutable_entry()->mutable_postings(1)->set_side(v1::DEBIT);
       }},
      {"memo", [](v1::PostRequest& r) { r.mutable_entry()->set_memo("second"); }},
      {"value date", [](v1::PostRequest& r) { r.mutable_entry()->set_value_date("2026-01-02"); }},
      {"pending", [](v1::PostRequest& r) { r.mutable_entry()->set_pending(true); }},
      {"currency", [](v1::PostRequest& r) { r.mutable_entry()->mutable_postings(0)->set_currency("SEK"); }},
  };
  for (auto& [name, change] : changes) {
    v1::PostRequest changed = request;
    change(changed);
    auto result = client_->Post(changed);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kAlreadyExists) << name << ": " << result.status();
    EXPECT_TRUE(absl::StrContains(result.status().message(), "idem-1")) << result.status();
  }
  EXPECT_EQ(LastSeq(), after_first);
}

TEST_F(LedgerSystemTest, BadInputIsRefusedWithAClearStatusAndWritesNothing) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:bad:sek", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "equity:bad:sek", v1::EQUITY).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:bad:eur", v1::ASSET, false, "", "EUR").ok());
  const uint64_t before = LastSeq();
  struct Case {
    std::string name;
    v1::PostRequest request;
    absl::StatusCode code;
    std::string needle;
  };
  std::vector<Case> cases;
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 100);
    r.mutable_entry()->mutable_postings(1)->set_amount_ore(99);
    cases.push_back({"unbalanced", r, absl::StatusCode::kInvalidArgument, "does not balance"});
  }
  cases.push_back({"zero", Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 0),
                   absl::StatusCode::kInvalidArgument, "greater than zero"});
  cases.push_back({"negative", Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", -5),
                   absl::StatusCode::kInvalidArgument, "greater than zero"});
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", INT64_MAX);
    *r.mutable_entry()->add_postings() = Leg("asset:bad:sek", v1::DEBIT, INT64_MAX);
    *r.mutable_entry()->add_postings() = Leg("equity:bad:sek", v1::CREDIT, INT64_MAX);
    cases.push_back({"amount over int64", r, absl::StatusCode::kOutOfRange, "overflow"});
  }
  cases.push_back({"unknown account", Transfer(NextId("bad"), "asset:bad:nope", "equity:bad:sek", 100),
                   absl::StatusCode::kNotFound, "asset:bad:nope"});
  cases.push_back({"currency mismatch", Transfer(NextId("bad"), "asset:bad:eur", "equity:bad:sek", 100),
                   absl::StatusCode::kInvalidArgument, "does not balance in"});
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 100);
    r.mutable_entry()->mutable_postings(0)->set_currency("EUR");
    cases.push_back({"posting currency differs from account", r, absl::StatusCode::kInvalidArgument, "kept in SEK"});
  }
  cases.push_back({"empty request id", Transfer("", "asset:bad:sek", "equity:bad:sek", 100),
                   absl::StatusCode::kInvalidArgument, "request id is empty"});
  cases.push_back({"over-long request id", Transfer(std::string(129, 'x'), "asset:bad:sek", "equity:bad:sek", 100),
                   absl::StatusCode::kInvalidArgument, "at most 128"});
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 100);
    r.mutable_entry()->set_memo(std::string(65 << 20, 'm'));  // past the 64 MiB a bank file may take
    cases.push_back({"oversized request", r, absl::StatusCode::kResourceExhausted, ""});
  }
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 100);
    r.mutable_entry()->set_value_date("2026-02-30");
    cases.push_back({"impossible value date", r, absl::StatusCode::kInvalidArgument, "2026-02-30"});
  }
  {
    v1::PostRequest r = Transfer(NextId("bad"), "asset:bad:sek", "equity:bad:sek", 100);
    r.mutable_entry()->set_value_date("2999-01-01");
    cases.push_back({"future value date", r, absl::StatusCode::kInvalidArgument, "future"});
  }
  for (const Case& c : cases) {
    auto result = client_->Post(c.request);
    EXPECT_EQ(result.status().code(), c.code) << c.name << ": " << result.status();
    EXPECT_TRUE(absl::StrContains(result.status().message(), c.needle)) << c.name << ": " << result.status();
  }
  EXPECT_EQ(OpenAccount(*client_, "asset:bad:sek", v1::ASSET).code(), absl::StatusCode::kOk)  // same id: replay
      << "re-sending the same account creation is an idempotent replay";
  v1::CreateAccountRequest duplicate;
  duplicate.set_request_id(NextId("dup"));
  duplicate.mutable_account()->set_code("asset:bad:sek");
  duplicate.mutable_account()->set_type(v1::ASSET);
  duplicate.mutable_account()->set_currency("SEK");
  auto dup = client_->CreateAccount(duplicate);
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists) << dup.status();
  EXPECT_EQ(LastSeq(), before);
}

TEST_F(LedgerSystemTest, ConcurrentClientsCannotOverdrawANoOverdraftAccount) {
  ASSERT_TRUE(OpenAccount(*client_, "liability:race:deposit", v1::LIABILITY, /*no_overdraft=*/true).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:race:bank", v1::ASSET).ok());
  ASSERT_TRUE(client_->Post(Transfer("race-fund", "asset:race:bank", "liability:race:deposit", 100'000)).ok());
  constexpr int kThreads = 8;
  constexpr int kAttempts = 40;  // 8 × 40 × 10 kr = 3 200 kr demanded of 1 000 kr
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto c = Connect(server_->address(), server_->admin_token());
      for (int i = 0; i < kAttempts; ++i) {
        auto result = c->Post(Transfer(absl::StrCat("race-", t, "-", i), "liability:race:deposit",
                                       "asset:race:bank", 1'000));
        if (result.ok()) {
          accepted.fetch_add(1);
        } else if (result.status().code() == absl::StatusCode::kFailedPrecondition) {
          refused.fetch_add(1);
        } else {
          other.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 100);
  EXPECT_EQ(refused.load(), kThreads * kAttempts - 100);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(BalanceOf(*client_, "liability:race:deposit"), 0);
}

TEST_F(LedgerSystemTest, PendingPostPartialThenVoidThroughTheCli) {
  ASSERT_TRUE(OpenAccount(*client_, "liability:pend:capital", v1::LIABILITY, true).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:pend:loan", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "asset:pend:bank", v1::ASSET).ok());
  ASSERT_TRUE(client_->Post(Transfer("pend-fund", "asset:pend:bank", "liability:pend:capital", 50'000)).ok());
  auto reserved = Cli({"--json", "ledger", "post", "--request-id", "pend-1", "--debit", "liability:pend:capital=300",
                       "--credit", "asset:pend:bank=300", "--pending", "--expires-in", "1h"});
  ASSERT_EQ(reserved.exit_code, 0) << reserved.err;
  v1::ListEntriesRequest list;
  list.set_from_seq(LastSeq());
  auto last = client_->ListEntries(list);
  ASSERT_TRUE(last.ok());
  const uint64_t pending_seq = last->entries(0).seq();
  ASSERT_EQ(last->entries(0).postings(0).phase(), v1::PENDING);

  v1::GetBalanceRequest req;
  req.set_account("liability:pend:capital");
  auto balance = client_->GetBalance(req);
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->pending_debits(), 30'000);
  EXPECT_EQ(balance->balance(), 50'000);
  // Another reservation past what is free is refused: pending debits count against the limit.
  auto too_much = Cli({"ledger", "post", "--request-id", "pend-2", "--debit", "liability:pend:capital=300",
                       "--credit", "asset:pend:bank=300", "--pending"});
  EXPECT_NE(too_much.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(too_much.err, "FAILED_PRECONDITION")) << too_much.err;

  auto partial = Cli({"ledger", "post-pending", "--request-id", "pend-3", "--pending-seq",
                      std::to_string(pending_seq), "--amount", "100"});
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  balance = client_->GetBalance(req);
  EXPECT_EQ(balance->pending_debits(), 20'000);
  EXPECT_EQ(balance->posted_debits(), 10'000);
  auto voided = Cli({"ledger", "void-pending", "--request-id", "pend-4", "--pending-seq", std::to_string(pending_seq)});
  ASSERT_EQ(voided.exit_code, 0) << voided.err;
  balance = client_->GetBalance(req);
  EXPECT_EQ(balance->pending_debits(), 0);
  EXPECT_EQ(balance->balance(), 40'000);
  auto again = Cli({"ledger", "void-pending", "--request-id", "pend-5", "--pending-seq", std::to_string(pending_seq)});
  EXPECT_TRUE(absl::StrContains(again.err, "FAILED_PRECONDITION")) << again.err;
}

TEST_F(LedgerSystemTest, ReversalAndAsOfBalancesWithBackdatedEntries) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:asof:bank", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "equity:asof:capital", v1::EQUITY).ok());
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  // Two days back stays in an open period in this fresh fund, whatever the month.
  const std::string earlier = absl::FormatCivilTime(today - 2);
  auto a = client_->Post(Transfer("asof-1", "asset:asof:bank", "equity:asof:capital", 1'000));
  ASSERT_TRUE(a.ok()) << a.status();
  v1::PostRequest backdated = Transfer("asof-2", "asset:asof:bank", "equity:asof:capital", 250);
  backdated.mutable_entry()->set_value_date(earlier);
  auto b = client_->Post(backdated);
  ASSERT_TRUE(b.ok()) << b.status();

  v1::GetBalanceRequest req;
  req.set_account("asset:asof:bank");
  req.set_as_of_seq(a->entries(0).seq());
  EXPECT_EQ(client_->GetBalance(req)->balance(), 1'000);
  req.set_as_of_date(earlier);
  EXPECT_EQ(client_->GetBalance(req)->balance(), 250) << "the backdated entry counts from its value date";
  req.set_as_of_date(absl::FormatCivilTime(today - 3));
  EXPECT_EQ(client_->GetBalance(req)->balance(), 0);

  auto reversed = Cli({"--json", "ledger", "reverse", "--request-id", "asof-3", "--seq",
                       std::to_string(a->entries(0).seq())});
  ASSERT_EQ(reversed.exit_code, 0) << reversed.err;
  EXPECT_EQ(BalanceOf(*client_, "asset:asof:bank"), 250);
  auto twice = Cli({"ledger", "reverse", "--request-id", "asof-4", "--seq", std::to_string(a->entries(0).seq())});
  EXPECT_TRUE(absl::StrContains(twice.err, "already reversed")) << twice.err;
}

TEST_F(LedgerSystemTest, LinkedRequestAppliesAllOrNone) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:link:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "equity:link:b", v1::EQUITY).ok());
  const uint64_t before = LastSeq();
  v1::LinkedRequest linked;
  linked.set_request_id("link-1");
  for (int i = 0; i < 3; ++i) {
    *linked.add_commands()->mutable_post_entry() = Transfer("", "asset:link:a", "equity:link:b", 100).entry();
  }
  *linked.add_commands()->mutable_post_entry() = Transfer("", "asset:link:a", "asset:link:missing", 100).entry();
  auto failed = client_->SubmitLinked(linked);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound) << failed.status();
  EXPECT_TRUE(absl::StrContains(failed.status().message(), "command 4 of 4")) << failed.status();
  EXPECT_EQ(LastSeq(), before);
  linked.mutable_commands()->RemoveLast();
  linked.set_request_id("link-2");
  auto ok = client_->SubmitLinked(linked);
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_EQ(ok->entries_size(), 3);
  EXPECT_EQ(ok->entries(1).seq(), ok->entries(0).seq() + 1);
  EXPECT_EQ(BalanceOf(*client_, "asset:link:a"), 300);
}

TEST_F(LedgerSystemTest, FollowStreamsNewEntries) {
  ASSERT_TRUE(OpenAccount(*client_, "asset:follow:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client_, "equity:follow:b", v1::EQUITY).ok());
  const uint64_t from = LastSeq() + 1;
  std::vector<uint64_t> seen;
  std::thread follower([&] {
    auto c = Connect(server_->address(), server_->admin_token());
    absl::Status status = c->Follow(from, [&](const v1::JournalEntry& entry) {
      seen.push_back(entry.seq());
      return seen.size() < 3;
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client_->Post(Transfer(NextId("follow"), "asset:follow:a", "equity:follow:b", 10)).ok());
  }
  follower.join();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], from);
  EXPECT_EQ(seen[2], from + 2);
}

TEST(LedgerRestartTest, RestartReadsBackAndBackupStartsAsAServer) {
  TestServer server;
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  auto c = Connect(server.address(), server.admin_token());
  ASSERT_TRUE(OpenAccount(*c, "asset:restart:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*c, "equity:restart:b", v1::EQUITY).ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(c->Post(Transfer(absl::StrCat("restart-", i), "asset:restart:a", "equity:restart:b", 100 + i)).ok());
  }
  const std::string backup_dir = MakeTempDir("fondbok-backup") + "/checkpoint";
  auto backup = RunCli(server.address(), server.admin_token(), {"admin", "backup", backup_dir});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  c.reset();  // an idle open channel would make the server wait for its GOAWAY handshake
  ASSERT_EQ(server.Stop(), 0) << server.log();
  EXPECT_NE(server.log().find("event=shutdown_complete"), std::string::npos);

  ASSERT_TRUE(server.Start(&error)) << error;
  c = Connect(server.address(), server.admin_token());
  EXPECT_EQ(BalanceOf(*c, "asset:restart:a"), 20 * 100 + 190);
  auto again = c->Post(Transfer("restart-0", "asset:restart:a", "equity:restart:b", 100));
  ASSERT_TRUE(again.ok()) << "a retry after restart is still recognised: " << again.status();
  EXPECT_EQ(BalanceOf(*c, "asset:restart:a"), 20 * 100 + 190);
  c.reset();
  ASSERT_EQ(server.Stop(), 0);

  // Restoring is starting fondbokd on the checkpoint; the original admin token still works.
  TestServerOptions restored_options;
  restored_options.data_dir = backup_dir;
  TestServer restored(restored_options);
  ASSERT_TRUE(restored.Start(&error)) << error;
  auto rc = Connect(restored.address(), server.admin_token());
  EXPECT_EQ(BalanceOf(*rc, "asset:restart:a"), 20 * 100 + 190);
  rc.reset();
  EXPECT_EQ(restored.Stop(), 0);
  std::filesystem::remove_all(std::filesystem::path(backup_dir).parent_path());
}

TEST(LedgerPeriodTest, ClosedPeriodRefusesEntriesDatedInIt) {
  TestServer server;
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  auto c = Connect(server.address(), server.admin_token());
  ASSERT_TRUE(OpenAccount(*c, "asset:period:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*c, "equity:period:b", v1::EQUITY).ok());
  // The fund's business dates are in Europe/Stockholm.
  absl::TimeZone stockholm;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Stockholm", &stockholm));
  const absl::CivilMonth this_month(absl::ToCivilDay(absl::Now(), stockholm));
  const absl::CivilMonth last_month = this_month - 1;
  const std::string last_month_day = absl::FormatCivilTime(absl::CivilDay(last_month) + 14);
  v1::PostRequest early = Transfer("period-1", "asset:period:a", "equity:period:b", 100);
  early.mutable_entry()->set_value_date(last_month_day);
  ASSERT_TRUE(c->Post(early).ok());

  auto refuse_current = RunCli(server.address(), server.admin_token(),
                               {"ledger", "close-period", absl::FormatTime("%Y-%m", absl::Now(), stockholm)});
  EXPECT_NE(refuse_current.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(refuse_current.err, "has not ended")) << refuse_current.err;
  auto closed = RunCli(server.address(), server.admin_token(),
                       {"ledger", "close-period", absl::FormatCivilTime(last_month).substr(0, 7)});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;

  v1::PostRequest late = Transfer("period-2", "asset:period:a", "equity:period:b", 100);
  late.mutable_entry()->set_value_date(last_month_day);
  auto refused = c->Post(late);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_TRUE(absl::StrContains(refused.status().message(), "closed period")) << refused.status();
  // The correction goes into the open period.
  late.set_request_id("period-3");
  late.mutable_entry()->clear_value_date();
  EXPECT_TRUE(c->Post(late).ok());
  // Reading as of the closed month still works.
  v1::GetBalanceRequest req;
  req.set_account("asset:period:a");
  req.set_as_of_date(last_month_day);
  EXPECT_EQ(c->GetBalance(req)->balance(), 100);
  c.reset();
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace fondbok::testing
