// The whole `fondbok` command line against an in-process fake fondbokd: parsing, the requests
// sent, the output printed and the exit codes.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_split.h"
#include "clients/cli/commands.h"
#include "clients/cli/context.h"
#include "fondbok/testing/fake_fondbokd.h"
#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

using testing::FakeFondbokd;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Getenv FakeEnvironment(std::map<std::string, std::string> variables) {
  return [variables](const char* name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
}

class CliTest : public ::testing::Test {
 protected:
  // Runs `fondbok --addr <fake> --token t0k <args…>`.
  Outcome Run(std::vector<std::string> args, bool with_connection = true) {
    std::vector<std::string> argv = {"fondbok"};
    if (with_connection) {
      argv.insert(argv.end(), {"--addr", fake_.address(), "--token", "t0k", "--timeout", "5s"});
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return RunArgv(argv, FakeEnvironment({}));
  }

  static Outcome RunArgv(const std::vector<std::string>& argv, const Getenv& getenv) {
    std::vector<const char*> pointers;
    for (const std::string& arg : argv) pointers.push_back(arg.c_str());
    std::ostringstream out, err;
    // A default token file that never exists, wherever the test runs.
    int code = RunCli(static_cast<int>(pointers.size()), pointers.data(), out, err, getenv,
                      "/nonexistent/fondbok/admin.token");
    return {code, out.str(), err.str()};
  }

  static v1::WriteResult OneEntry(uint64_t seq) {
    v1::WriteResult result;
    v1::EntryRef* entry = result.add_entries();
    entry->set_seq(seq);
    entry->set_hash(std::string(32, '\x5a'));
    return result;
  }

  FakeFondbokd fake_;
};

const std::string kHash5a = [] {
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "5a";
  return hex;
}();

TEST_F(CliTest, BalanceJsonHasIntegerAmounts) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.balance.set_account("asset:bank");
    data.balance.set_currency("SEK");
    data.balance.set_posted_debits(125050);
    data.balance.set_balance(125050);
    data.balance.set_as_of_seq(7);
    data.balance.set_type(v1::ASSET);
  });
  Outcome outcome = Run({"ledger", "balance", "--account", "asset:bank", "--json"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "{\"account\":\"asset:bank\",\"currency\":\"SEK\",\"posted_debits\":125050,"
            "\"posted_credits\":0,\"pending_debits\":0,\"pending_credits\":0,\"balance\":125050,"
            "\"as_of_seq\":7,\"as_of_date\":\"\",\"type\":\"ASSET\"}\n");
  auto calls = fake_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].authorization, "Bearer t0k");
  EXPECT_EQ(calls[0].request, "account: \"asset:bank\"");
}

TEST_F(CliTest, BalanceAsOfDateHuman) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.balance.set_account("asset:bank");
    data.balance.set_currency("SEK");
    data.balance.set_balance(125050);
    data.balance.set_type(v1::ASSET);
  });
  Outcome outcome = Run({"ledger", "balance", "--account", "asset:bank", "--as-of-date", "2024-05-31"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("balance          1 250,50 kr\n"), std::string::npos) << outcome.out;
  EXPECT_EQ(fake_.calls()[0].request, "account: \"asset:bank\" as_of_date: \"2024-05-31\"");
}

TEST_F(CliTest, PostSendsParsedPostingsAndPrintsSeqAndHexHash) {
  fake_.Update([](FakeFondbokd::Data& data) { data.write_result = OneEntry(12); });
  Outcome outcome = Run({"ledger", "post", "--request-id", "r-1", "--debit", "asset:bank=1 250,50",
                         "--credit", "equity:member-capital=1000", "--credit", "income:loan-fees=250.5",
                         "--value-date", "2024-05-02", "--memo", "insats", "--json"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "{\"seq\":12,\"hash\":\"" + kHash5a + "\",\"replayed\":false}\n");
  EXPECT_EQ(outcome.err, "");
  auto calls = fake_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "Post");
  EXPECT_EQ(calls[0].request,
            "request_id: \"r-1\" entry { postings { account: \"asset:bank\" side: DEBIT amount_ore: 125050 } "
            "postings { account: \"equity:member-capital\" side: CREDIT amount_ore: 100000 } "
            "postings { account: \"income:loan-fees\" side: CREDIT amount_ore: 25050 } "
            "value_date: \"2024-05-02\" memo: \"insats\" }");
}

TEST_F(CliTest, PostHumanOutput) {
  fake_.Update([](FakeFondbokd::Data& data) { data.write_result = OneEntry(12); });
  Outcome outcome = Run({"ledger", "post", "--request-id", "r-1", "--debit", "a=1", "--credit", "b=1",
                         "--pending", "--expires-in", "30d"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "reserved (pending)\nseq 12  hash " + kHash5a + "\n");
  EXPECT_NE(fake_.calls()[0].request.find("pending: true expires_in_s: 2592000"), std::string::npos);
}

TEST_F(CliTest, UsageErrorsExit2AndSendNothing) {
  const std::vector<std::vector<std::string>> kCases = {
      {"ledger", "post", "--request-id", "r", "--debit", "a=12,5.0", "--credit", "b=1"},
      {"ledger", "post", "--request-id", "r", "--debit", "a=1"},
      {"ledger", "post", "--request-id", "r", "--debit", "a=1", "--credit", "b=1", "--expires-in", "1d"},
      {"ledger", "post", "--debit", "a=1", "--credit", "b=1"},
      {"ledger", "post", "--request-id", "has space", "--debit", "a=1", "--credit", "b=1"},
      {"ledger", "post-pending", "--request-id", "r", "--pending-seq", "3", "--amount", "0.001"},
      {"ledger", "account-create", "--code", "a", "--type", "assets"},
      {"ledger", "account-create", "--code", "a", "--type", "asset", "--currency", "kr"},
      {"ledger", "close-period", "2024-13"},
      {"ledger", "balance", "--account", "a", "--as-of-seq", "3", "--as-of-date", "2024-01-01"},
      {"ledger", "balance", "--account", "a", "--as-of-date", "yesterday"},
      {"ledger", "entries", "--limit", "0"},
      {"ledger", "history", "--account", "a", "--limit", "x"},
      {"token", "create", "--role", "root"},
      {"token", "create", "--role", "officer", "--expires-in", "forever"},
      {"ledger"},
      {"nonsense"},
      {"ledger", "balance", "--account", "a", "--timeout", "soon"},
  };
  for (const auto& args : kCases) {
    Outcome outcome = Run(args);
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    EXPECT_EQ(outcome.exit_code, 2) << joined << "\n" << outcome.err;
    EXPECT_FALSE(outcome.err.empty()) << joined;
    EXPECT_EQ(outcome.out, "") << joined;
  }
  EXPECT_EQ(fake_.CallCount(), 0u);
}

TEST_F(CliTest, BadAmountIsOneErrorLine) {
  Outcome outcome = Run({"ledger", "post", "--request-id", "r", "--debit", "asset:bank=12,5.0", "--credit", "b=1"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.err.rfind("error: INVALID_ARGUMENT: --debit asset:bank: amount \"12,5.0\"", 0), 0u)
      << outcome.err;
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
}

TEST_F(CliTest, ServerErrorIsOneLineNamingTheCodeExit1) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.fail_with = grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                  "account asset:bank may not be overdrawn:\nbalance 0,00 kr");
  });
  Outcome outcome = Run({"ledger", "post", "--request-id", "r", "--debit", "b=1", "--credit", "asset:bank=1"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "error: FAILED_PRECONDITION: account asset:bank may not be overdrawn: balance 0,00 kr\n");
  EXPECT_EQ(outcome.out, "");
}

TEST_F(CliTest, UnauthenticatedWithoutTokenSaysHowToGiveOne) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.fail_with = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no bearer token");
  });
  Outcome outcome = RunArgv({"fondbok", "--addr", fake_.address(), "whoami"}, FakeEnvironment({}));
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err.rfind("error: UNAUTHENTICATED: no bearer token (no token was given", 0), 0u)
      << outcome.err;
  EXPECT_EQ(fake_.calls().back().authorization, "");
}

TEST_F(CliTest, AddressAndTokenFromTheEnvironment) {
  Outcome outcome = RunArgv({"fondbok", "whoami"},
                            FakeEnvironment({{"FONDBOK_ADDR", fake_.address()}, {"FONDBOK_TOKEN", "envtok"}}));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.calls().back().authorization, "Bearer envtok");
  // A flag wins over the environment.
  outcome = RunArgv({"fondbok", "whoami", "--token", "flagtok"},
                    FakeEnvironment({{"FONDBOK_ADDR", fake_.address()}, {"FONDBOK_TOKEN", "envtok"}}));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.calls().back().authorization, "Bearer flagtok");
}

TEST_F(CliTest, AccountCreateAnnouncesAFreshRequestId) {
  fake_.Update([](FakeFondbokd::Data& data) { data.write_result = OneEntry(3); });
  Outcome outcome = Run({"ledger", "account-create", "--code", "asset:bank", "--type", "asset",
                         "--no-overdraft", "--name", "Bankgiro 5402-9681"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "account asset:bank opened\nseq 3  hash " + kHash5a + "\n");
  auto calls = fake_.calls();
  ASSERT_EQ(calls.size(), 1u);
  const std::string& request = calls[0].request;
  const size_t id_start = request.find("request_id: \"cli-");
  ASSERT_EQ(id_start, 0u) << request;
  const std::string id = request.substr(13, 36);
  EXPECT_NE(outcome.err.find("--request-id " + id), std::string::npos) << outcome.err;
  EXPECT_NE(request.find("type: ASSET currency: \"SEK\""), std::string::npos) << request;
  EXPECT_NE(request.find("flags { credits_must_not_exceed_debits: true }"), std::string::npos) << request;
}

TEST_F(CliTest, WritesWithTheirRequests) {
  fake_.Update([](FakeFondbokd::Data& data) { data.write_result = OneEntry(20); });
  const struct {
    std::vector<std::string> args;
    const char* method;
    const char* request;
  } kCases[] = {
      {{"ledger", "post-pending", "--request-id", "p1", "--pending-seq", "5", "--amount", "100"},
       "PostPending", "request_id: \"p1\" post { pending_seq: 5 amount_ore: 10000 }"},
      {{"ledger", "void-pending", "--request-id", "v1", "--pending-seq", "5", "--memo", "återtagen"},
       "VoidPending", "request_id: \"v1\" void_pending { pending_seq: 5 memo: \"\\303\\245tertagen\" }"},
      {{"ledger", "reverse", "--request-id", "x1", "--seq", "9", "--memo", "fel"},
       "Reverse", "request_id: \"x1\" reverse { seq: 9 memo: \"fel\" }"},
      {{"ledger", "close-period", "2024-04", "--request-id", "c1"},
       "ClosePeriod", "request_id: \"c1\" close { period: \"2024-04\" }"},
      {{"token", "revoke", "tok-1", "--reason", "left", "--request-id", "t1"},
       "RevokeToken", "request_id: \"t1\" token_id: \"tok-1\" reason: \"left\""},
  };
  for (const auto& c : kCases) {
    Outcome outcome = Run(c.args);
    EXPECT_EQ(outcome.exit_code, 0) << c.method << ": " << outcome.err;
    auto calls = fake_.calls();
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back().method, c.method);
    EXPECT_EQ(calls.back().request, c.request);
  }
}

TEST_F(CliTest, AccountsFollowsPages) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (int i = 0; i < 1500; ++i) {
      v1::Account& account = data.accounts.emplace_back();
      char code[32];
      std::snprintf(code, sizeof code, "asset:loans:L-%06d", i);
      account.set_code(code);
      account.set_type(v1::ASSET);
      account.set_currency("SEK");
    }
    data.accounts.emplace_back().set_code("equity:retained");
  });
  Outcome outcome = Run({"ledger", "accounts", "--prefix", "asset:loans:", "--json"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.CallCount(), 2u);
  size_t count = 0;
  for (size_t at = outcome.out.find("\"code\":"); at != std::string::npos; at = outcome.out.find("\"code\":", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1500u);
  EXPECT_EQ(outcome.out.find("equity:retained"), std::string::npos);
}

TEST_F(CliTest, HistoryPagesUpToTheLimitAndUsesTheAccountsCurrency) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (uint64_t seq = 1; seq <= 5; ++seq) {
      v1::HistoryLine& line = data.history.emplace_back();
      line.set_seq(seq * 10);
      line.set_side(v1::DEBIT);
      line.set_posted_delta_ore(100);
      line.set_balance_after_ore(static_cast<int64_t>(seq) * 100);
    }
    data.account.set_code("points:earned:s-1");
    data.account.set_currency("PTS");
  });
  Outcome outcome = Run({"ledger", "history", "--account", "points:earned:s-1", "--limit", "3"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("300 PTS"), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find("400 PTS"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("more: --after-seq 30"), std::string::npos) << outcome.out;

  outcome = Run({"ledger", "history", "--account", "points:earned:s-1", "--after-seq", "30", "--json"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("{\"seq\":40,"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("\"next_after_seq\":0}"), std::string::npos) << outcome.out;
}

TEST_F(CliTest, EntriesAcrossPages) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (uint64_t seq = 1; seq <= 2500; ++seq) data.entries.emplace_back().set_seq(seq);
  });
  Outcome outcome = Run({"ledger", "entries", "--from-seq", "2", "--limit", "2400", "--json"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.CallCount(), 3u);
  EXPECT_EQ(outcome.out.rfind("{\"entries\":[{\"seq\":2,", 0), 0u);
  EXPECT_NE(outcome.out.find("{\"seq\":2401,"), std::string::npos);
  EXPECT_EQ(outcome.out.find("{\"seq\":2402,"), std::string::npos);
  EXPECT_NE(outcome.out.find("\"last_seq\":2500}"), std::string::npos);
}

TEST_F(CliTest, FollowPrintsOneJsonObjectPerLine) {
  fake_.Update([](FakeFondbokd::Data& data) {
    for (uint64_t seq = 1; seq <= 3; ++seq) {
      v1::JournalEntry& entry = data.entries.emplace_back();
      entry.set_seq(seq);
      entry.set_hash(std::string(32, '\x5a'));
    }
  });
  Outcome outcome = Run({"--json", "ledger", "follow", "--from-seq", "2"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  std::vector<std::string> lines = absl::StrSplit(outcome.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << outcome.out;
  EXPECT_EQ(lines[0].rfind("{\"seq\":2,", 0), 0u);
  EXPECT_NE(lines[1].find("\"hash\":\"" + kHash5a + "\""), std::string::npos);
}

TEST_F(CliTest, TokenCreatePrintsOnlyTheTokenOnStdout) {
  fake_.Update([](FakeFondbokd::Data& data) {
    data.token_response.set_token("fbk_secret");
    data.token_response.mutable_principal()->set_id("tok-1");
    data.token_response.mutable_principal()->set_role(v1::OFFICER);
    *data.token_response.mutable_result() = OneEntry(30);
  });
  Outcome outcome = Run({"token", "create", "--role", "officer", "--name", "Anna", "--expires-in", "90d",
                         "--request-id", "t-1"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "fbk_secret\n");
  EXPECT_NE(outcome.err.find("tok-1"), std::string::npos);
  EXPECT_EQ(fake_.calls().back().request,
            "request_id: \"t-1\" name: \"Anna\" role: OFFICER expires_in_s: 7776000");

  outcome = Run({"token", "create", "--role", "officer", "--json", "--request-id", "t-1"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out.rfind("{\"token\":\"fbk_secret\",\"principal\":{\"id\":\"tok-1\"", 0), 0u) << outcome.out;
  EXPECT_NE(outcome.out.find("\"result\":{\"entries\":[{\"seq\":30,\"hash\":\"" + kHash5a), std::string::npos);
}

TEST_F(CliTest, BackupSendsAnAbsolutePath) {
  Outcome outcome = Run({"admin", "backup", "backups/../backups/2024-05-31"});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::string expected = (std::filesystem::current_path() / "backups/2024-05-31").string();
  EXPECT_EQ(fake_.calls().back().request, "directory: \"" + expected + "\"");
  EXPECT_EQ(outcome.out, "backup written to " + expected + " (journal through seq 42)\n");
}

TEST_F(CliTest, GlobalOptionsMayFollowTheSubcommand) {
  Outcome outcome = RunArgv({"fondbok", "ledger", "periods", "--addr", fake_.address(), "--token", "x", "--json"},
                            FakeEnvironment({}));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "{\"closed_through\":\"\"}\n");
}

TEST_F(CliTest, HelpExits0) {
  Outcome outcome = Run({"ledger", "post", "--help"}, false);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.out.find("--debit"), std::string::npos);
}

TEST(CliTlsTest, TlsFlagsReachTheChannel) {
  const std::string testdata = FONDBOK_CLIENT_TESTDATA_DIR;
  auto read = [&](const char* name) {
    std::ifstream in(testdata + "/" + name);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  };
  grpc::SslServerCredentialsOptions server_options;
  server_options.pem_key_cert_pairs.push_back({read("server.key"), read("server.pem")});
  FakeFondbokd fake(grpc::SslServerCredentials(server_options));
  const std::string port = fake.address().substr(fake.address().rfind(':') + 1);
  auto run = [&](std::vector<std::string> argv) {
    std::vector<const char*> pointers;
    for (const std::string& arg : argv) pointers.push_back(arg.c_str());
    std::ostringstream out, err;
    return RunCli(static_cast<int>(pointers.size()), pointers.data(), out, err, FakeEnvironment({}),
                  "/nonexistent/fondbok/admin.token");
  };
  EXPECT_EQ(run({"fondbok", "--addr", "127.0.0.1:" + port, "--token", "t", "--tls-ca", testdata + "/ca.pem",
                 "--tls-server-name", "localhost", "whoami"}),
            0);
  EXPECT_EQ(run({"fondbok", "--addr", "127.0.0.1:" + port, "--token", "t", "--tls-ca",
                 testdata + "/ca.pem", "--tls-server-name", "fund.example", "--timeout", "5s", "whoami"}),
            1);
  EXPECT_EQ(run({"fondbok", "--addr", "127.0.0.1:" + port, "--token", "t", "--tls-ca",
                 testdata + "/missing.pem", "whoami"}),
            2);
}

TEST(ExitCodeTest, Table) {
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), 0);
  EXPECT_EQ(ExitCodeFor(absl::FailedPreconditionError("x")), 1);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("x")), 1);  // from the server
  EXPECT_EQ(ExitCodeFor(UsageError(absl::InvalidArgumentError("x"))), 2);
  EXPECT_EQ(ErrorLine(absl::UnavailableError("disk full\nretry")), "error: UNAVAILABLE: disk full retry");
}

class ResolveTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "fondbok-cli-test-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << content;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(ResolveTokenTest, FlagThenFileThenEnvironmentThenDefaultFile) {
  const std::string file = Write("token", "from-file\n");
  const std::string default_file = Write("admin.token", "from-default\n");
  const std::string missing = (dir_ / "missing").string();
  const struct {
    const char* what;
    std::string token, token_file;
    std::map<std::string, std::string> env;
    std::string default_path;
    bool ok;
    const char* expected;
  } kCases[] = {
      {"flag", "from-flag", "", {{"FONDBOK_TOKEN", "from-env"}}, default_file, true, "from-flag"},
      {"file", "", file, {{"FONDBOK_TOKEN", "from-env"}}, default_file, true, "from-file"},
      {"env", "", "", {{"FONDBOK_TOKEN", "from-env"}}, default_file, true, "from-env"},
      {"default", "", "", {}, default_file, true, "from-default"},
      {"none", "", "", {}, missing, true, ""},
      {"both flags", "x", file, {}, default_file, false, ""},
      {"missing file", "", missing, {}, default_file, false, ""},
  };
  for (const auto& c : kCases) {
    GlobalOptions options;
    options.token = c.token;
    options.token_file = c.token_file;
    auto token = ResolveToken(options, FakeEnvironment(c.env), c.default_path);
    ASSERT_EQ(token.ok(), c.ok) << c.what << ": " << token.status();
    if (token.ok()) {
      EXPECT_EQ(*token, c.expected) << c.what;
    }
  }
}

}  // namespace
}  // namespace fondbok::cli
