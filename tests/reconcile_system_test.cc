// fondbok-reconcile on books written by the real fondbokd through the real CLI: while the server
// runs (as a RocksDB secondary), on a checkpoint of `fondbok admin backup`, and on the stopped data
// directory — whole every time — and then on a copy with a view changed behind the journal: a break.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "ledger/kv.h"
#include "ledger/storage.h"
#include "ledger/testing.h"
#include "tests/test_server.h"
#include "tools/reconcile/reconcile_locator.h"

namespace fondbok::testing {
namespace {

// The number after the first `"key":` in `json` (reconcile's integrity section comes first).
uint64_t NumberField(const std::string& json, const std::string& key) {
  const std::string needle = absl::StrCat("\"", key, "\":");
  const size_t at = json.find(needle);
  if (at == std::string::npos) return 0;
  const size_t from = at + needle.size();
  uint64_t value = 0;
  (void)absl::SimpleAtoi(json.substr(from, json.find_first_not_of("0123456789", from) - from), &value);
  return value;
}

CommandResult Reconcile(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {reconcile::ReconcilePath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv);
}

class ReconcileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(&error)) << error;
    admin_ = server_.admin_token();
  }
  std::string Ok(const std::string& token, const std::vector<std::string>& args) {
    CommandResult r = RunCli(server_.address(), token, args);
    EXPECT_EQ(r.exit_code, 0) << "fondbok " << absl::StrJoin(args, " ") << "\nstderr: " << r.err;
    return r.out;
  }
  // An organisation, a product and a capital deposit, each through the CLI.
  void WriteSomeBooks() {
    officer_ = std::string(absl::StripAsciiWhitespace(
        Ok(admin_, {"token", "create", "--role", "officer", "--name", "Olle Officer"})));
    Ok(officer_, {"org", "create", "--name", "Hisingens kooperativ", "--org-number", "556036-0793", "--legal-form",
                  "ekonomisk-forening", "--municipality", "1480"});
    Ok(admin_, {"product", "define", "--id", "annuity-60", "--name", "Annuitetslån 5 år", "--amortisation", "annuity",
                "--rate-bp", "500", "--min", "10000", "--max", "1000000", "--term-max", "60"});
    Ok(admin_, {"capital", "deposit", "goteborg", "--amount", "1000000", "--name", "Göteborgs stad", "--earmark",
                "1480"});
  }
  // Runs reconcile with --json; expects exit `code` and returns stdout.
  std::string Expect(int code, const std::vector<std::string>& args) {
    std::vector<std::string> all = args;
    all.push_back("--json");
    CommandResult r = Reconcile(all);
    EXPECT_EQ(r.exit_code, code) << absl::StrJoin(all, " ") << "\nstderr: " << r.err << "\nstdout: " << r.out;
    return r.out;
  }

  TestServer server_;
  std::string admin_, officer_;
};

TEST_F(ReconcileSystemTest, ProvesTheServersBooksLiveFromABackupAndStopped) {
  WriteSomeBooks();
  ASSERT_FALSE(HasFailure());

  // While fondbokd runs: a secondary.
  const std::string live = Expect(0, {"--data-dir", server_.data_dir(), "--secondary"});
  EXPECT_TRUE(absl::StrContains(live, "\"whole\":true")) << live;
  EXPECT_TRUE(absl::StrContains(live, "\"mode\":\"secondary\"")) << live;
  const uint64_t entries = NumberField(live, "entries");
  EXPECT_GE(entries, 5u) << live;
  EXPECT_EQ(NumberField(live, "last_seq"), entries);
  EXPECT_TRUE(absl::StrContains(live, "\"time_zone\":\"Europe/Stockholm\"")) << live;
  EXPECT_TRUE(absl::StrContains(live, "\"differences\":0")) << live;
  EXPECT_GT(NumberField(live, "credits"), 0u) << live;  // views_by_module: the credits module's views compared

  // A checkpoint.
  const std::string backup = MakeTempDir("reconcile-backup") + "/checkpoint";
  const std::string made = Ok(admin_, {"admin", "backup", backup});
  EXPECT_TRUE(absl::StrContains(made, absl::StrCat("journal through seq ", entries))) << made;
  const std::string copy = Expect(0, {"--data-dir", backup});
  EXPECT_EQ(NumberField(copy, "entries"), entries) << copy;
  EXPECT_TRUE(absl::StrContains(copy, "\"mode\":\"read-only\"")) << copy;

  // Stopped: read-only on the data directory itself.
  ASSERT_EQ(server_.Stop(), 0);
  const std::string stopped = Expect(0, {"--data-dir", server_.data_dir()});
  EXPECT_EQ(NumberField(stopped, "entries"), entries) << stopped;
  CommandResult text = Reconcile({"--data-dir", server_.data_dir()});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(text.out, "Result: whole")) << text.out;

  // A copy with a view changed without a journal entry.
  const std::string tampered = MakeTempDir("reconcile-tampered") + "/db";
  std::filesystem::copy(backup, tampered, std::filesystem::copy_options::recursive);
  {
    ledger::StorageOptions options;
    options.create_if_missing = false;
    auto storage = ledger::Storage::Open(tampered, options);
    ASSERT_TRUE(storage.ok()) << storage.status();
    auto txn = (*storage)->NewWriteTxn();
    txn->Put(ledger::Space::kViews, "credits/forged", "x");
    ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
    ASSERT_TRUE((*storage)->Close().ok());
  }
  const std::string broken = Expect(1, {"--data-dir", tampered});
  EXPECT_TRUE(absl::StrContains(broken, "\"whole\":false")) << broken;
  EXPECT_TRUE(absl::StrContains(broken, "\"check\":\"views\",\"seq\":0,\"key\":\"views:credits/forged\"")) << broken;
  CommandResult report = Reconcile({"--data-dir", tampered});
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(report.out, "views:credits/forged  extra in store")) << report.out;
  std::filesystem::remove_all(std::filesystem::path(backup).parent_path());
  std::filesystem::remove_all(std::filesystem::path(tampered).parent_path());
}

// A data directory as an older fondbokd (format 1) left it — account records that also carried
// their running totals — is refused by reconcile, upgraded by fondbokd when it starts on it, and
// then proven whole, with every balance as it was.
TEST_F(ReconcileSystemTest, AnOlderDataDirectoryIsUpgradedWhenTheServerStartsOnIt) {
  WriteSomeBooks();
  ASSERT_FALSE(HasFailure());
  const std::string balance_before = Ok(admin_, {"ledger", "balance", "--account", "asset:bank", "--json"});
  ASSERT_EQ(server_.Stop(), 0);
  {
    ledger::StorageOptions options;
    options.create_if_missing = false;
    auto storage = ledger::Storage::Open(server_.data_dir(), options);
    ASSERT_TRUE(storage.ok()) << storage.status();
    const absl::Status rewritten = ledger::testutil::RewriteAsFormat1(**storage);
    ASSERT_TRUE(rewritten.ok()) << rewritten;
    ASSERT_TRUE((*storage)->Close().ok());
  }
  CommandResult refused = Reconcile({"--data-dir", server_.data_dir()});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_TRUE(absl::StrContains(refused.err, "start fondbokd on it once")) << refused.err;

  std::string error;
  ASSERT_TRUE(server_.Start(&error)) << error;
  EXPECT_TRUE(absl::StrContains(server_.log(), "event=data_dir_upgraded")) << server_.log();
  EXPECT_EQ(Ok(admin_, {"ledger", "balance", "--account", "asset:bank", "--json"}), balance_before);
  ASSERT_EQ(server_.Stop(), 0);
  const std::string whole = Expect(0, {"--data-dir", server_.data_dir()});
  EXPECT_TRUE(absl::StrContains(whole, "\"differences\":0")) << whole;
}

TEST(ReconcileSystemCliTest, NoSuchDirectoryIsUnusable) {
  CommandResult r = Reconcile({"--data-dir", "/nonexistent/fondbok"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "fondbok-reconcile: cannot use /nonexistent/fondbok: no such directory (INVALID_ARGUMENT)\n");
}

}  // namespace
}  // namespace fondbok::testing
