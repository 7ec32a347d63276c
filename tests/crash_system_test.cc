// kill -9 while clients write: after every restart each acknowledged entry is present exactly
// once, the hash chain verifies, and the views equal a replay of the journal.
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "ledger/journal.h"
#include "ledger/ledger_module.h"
#include "ledger/replay.h"
#include "ledger/storage.h"
#include "services/auth/auth_module.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

struct Ack {
  uint64_t seq;
  int64_t amount;
};

// Opens the stopped server's directory read-only and checks chain, replay and acknowledged entries.
void VerifyDataDir(const std::string& dir, const std::map<std::string, Ack>& acked, uint64_t* last_seq) {
  ledger::StorageOptions options;
  options.mode = ledger::OpenMode::kReadOnly;
  auto storage = ledger::Storage::Open(dir, options);
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto snapshot = (*storage)->NewSnapshot();
  auto chain = ledger::VerifyChain(*snapshot);
  ASSERT_TRUE(chain.ok()) << chain.status();
  *last_seq = chain->last_seq;

  std::map<std::string, uint64_t> seen;  // request id → seq
  ASSERT_TRUE(snapshot
                  ->ScanJournal(1,
                                [&](uint64_t seq, absl::string_view value) {
                                  auto entry = ledger::OpenEntry(seq, value);
                                  EXPECT_TRUE(entry.ok());
                                  if (entry->request_id().rfind("crash-", 0) == 0) {
                                    EXPECT_TRUE(seen.emplace(entry->request_id(), seq).second)
                                        << entry->request_id() << " is in the journal twice";
                                  }
                                  return true;
                                })
                  .ok());
  for (const auto& [id, ack] : acked) {
    auto it = seen.find(id);
    ASSERT_NE(it, seen.end()) << "acknowledged " << id << " (seq " << ack.seq << ") is missing";
    EXPECT_EQ(it->second, ack.seq) << id;
  }
  ledger::LedgerModule ledger_module;
  services::AuthModule auth_module;
  ledger::ModuleRegistry modules;
  ASSERT_TRUE(modules.Register(&ledger_module).ok());
  ASSERT_TRUE(modules.Register(&auth_module).ok());
  ledger::MemoryKv rebuilt;
  auto replayed = ledger::ReplayJournal(*snapshot, modules, {}, &rebuilt);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  auto diff = ledger::DiffViews(rebuilt, *snapshot);
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->differences, 0u) << diff->first_key << ": " << diff->first_reason;
}

TEST(CrashSystemTest, KillNineWhileWritingLosesNoAcknowledgedEntry) {
  const unsigned seed = std::random_device{}();
  std::cout << "crash test seed " << seed << std::endl;
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 random(seed);
  TestServer server;
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  const std::string token = server.admin_token();
  {
    auto c = Connect(server.address(), token);
    ASSERT_TRUE(OpenAccount(*c, "asset:crash:a", v1::ASSET).ok());
    ASSERT_TRUE(OpenAccount(*c, "equity:crash:b", v1::EQUITY).ok());
  }
  std::map<std::string, Ack> acked;
  std::map<std::string, int64_t> unknown;  // sent, outcome not known → amount
  std::mutex mu;
  constexpr int kCycles = 4;
  constexpr int kClients = 4;
  int next_id = 0;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&, t] {
        auto c = Connect(server.address(), token);
        while (!stop.load()) {
          std::string id;
          int64_t amount = 0;
          {
            std::lock_guard<std::mutex> lock(mu);
            amount = 1 + (next_id * 7919 + t) % 10'000;
            id = absl::StrCat("crash-", next_id++);
            unknown.emplace(id, amount);
          }
          auto result = c->Post(Transfer(id, "asset:crash:a", "equity:crash:b", amount));
          std::lock_guard<std::mutex> lock(mu);
          if (result.ok()) {
            acked[id] = {result->entries(0).seq(), amount};
            unknown.erase(id);
          }
          if (!result.ok() && result.status().code() != absl::StatusCode::kUnavailable &&
              result.status().code() != absl::StatusCode::kDeadlineExceeded &&
              result.status().code() != absl::StatusCode::kCancelled) {
            ADD_FAILURE() << "unexpected " << result.status();
          }
          if (!result.ok()) break;  // the server is gone
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 400));
    server.Kill();
    stop.store(true);
    for (auto& c : clients) c.join();
    uint64_t last_seq = 0;
    VerifyDataDir(server.data_dir(), acked, &last_seq);
    ASSERT_TRUE(server.Start(&error)) << error;
    EXPECT_NE(server.log().find(absl::StrCat("last_seq=", last_seq)), std::string::npos)
        << "restart resumes at the verified tail " << last_seq;
  }
  // Retrying every request whose answer was lost, with the same id: each lands exactly once,
  // whether the first attempt reached the disk before the kill or not.
  auto c = Connect(server.address(), token);
  int64_t expected = 0;
  for (const auto& [id, ack] : acked) expected += ack.amount;
  for (const auto& [id, amount] : unknown) {
    auto result = c->Post(Transfer(id, "asset:crash:a", "equity:crash:b", amount));
    ASSERT_TRUE(result.ok()) << id << ": " << result.status();
    acked[id] = {result->entries(0).seq(), amount};
    expected += amount;
  }
  EXPECT_EQ(BalanceOf(*c, "asset:crash:a"), expected);
  c.reset();
  ASSERT_EQ(server.Stop(), 0);
  uint64_t last_seq = 0;
  VerifyDataDir(server.data_dir(), acked, &last_seq);
  EXPECT_GT(acked.size(), 0u);
  std::cout << "acknowledged " << acked.size() << " entries over " << kCycles << " kills, " << unknown.size()
            << " retried after losing their answer" << std::endl;
}

}  // namespace
}  // namespace fondbok::testing
