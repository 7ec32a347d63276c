// The Prometheus endpoint of the real fondbokd (--metrics-listen), scraped over HTTP after real
// RPCs: requests and latencies per RPC and status code, group commits, the synced write's time,
// each WAL fsync's time, journal entries, queue depth and the storage engine's gauges (with the
// memory budget the server was started with).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/system_test_util.h"

namespace fondbok::testing {
namespace {

// The port of "event=started ... metrics=127.0.0.1:PORT" in the server's log; 0 when absent.
int MetricsPort(const std::string& log) {
  const std::string marker = "metrics=127.0.0.1:";
  const size_t at = log.find(marker);
  if (at == std::string::npos) return 0;
  return std::atoi(log.c_str() + at + marker.size());
}

// GET /metrics over plain HTTP/1.0; the body, or "" on any failure.
std::string Scrape(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[8192];
      for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

// "name{labels} value" lines of the exposition format, by "name{labels}".
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    if (space == absl::string_view::npos || !absl::SimpleAtod(line.substr(space + 1), &value)) continue;
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

TEST(MetricsSystemTest, ScrapeShowsRpcsGroupCommitsAndWalSyncs) {
  TestServerOptions options;
  options.extra_flags = {"--metrics-listen", "127.0.0.1:0", "--rocksdb-memory-mb", "48"};
  TestServer server(options);
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  const int port = MetricsPort(server.log());
  ASSERT_GT(port, 0) << "no metrics address in the log:\n" << server.log();
  auto client = Connect(server.address(), server.admin_token());

  ASSERT_TRUE(OpenAccount(*client, "asset:metrics:a", v1::ASSET).ok());
  ASSERT_TRUE(OpenAccount(*client, "asset:metrics:b", v1::ASSET).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client->Post(Transfer(NextId("metrics-post"), "asset:metrics:a", "asset:metrics:b", 100)).ok());
  }
  auto refused = client->Post(Transfer(NextId("metrics-post"), "asset:metrics:a", "asset:metrics:nowhere", 100));
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kNotFound) << refused.status();

  const std::map<std::string, double> samples = Samples(Scrape(port));
  ASSERT_FALSE(samples.empty()) << "nothing scraped from port " << port;
  auto at = [&](const std::string& name) {
    auto it = samples.find(name);
    return it == samples.end() ? -1.0 : it->second;
  };
  // Requests by method and status code (NOT_FOUND is 5), with their latencies.
  EXPECT_EQ(at(R"(fondbok_rpc_requests_total{code="0",method="LedgerService.Post"})"), 3);
  EXPECT_EQ(at(R"(fondbok_rpc_requests_total{code="5",method="LedgerService.Post"})"), 1);
  EXPECT_EQ(at(R"(fondbok_rpc_latency_seconds_count{method="LedgerService.Post"})"), 4);
  // Every accepted write was one group at least; the refused one wrote nothing.
  const double groups = at("fondbok_group_commit_entries_count");
  EXPECT_GE(groups, 5);  // two accounts opened and three posts, one at a time
  EXPECT_GE(at("fondbok_group_commit_entries_sum"), 5);
  EXPECT_EQ(at("fondbok_journal_entries_total"), at("fondbok_group_commit_entries_sum"));
  EXPECT_EQ(at("fondbok_journal_write_seconds_count"), groups);
  EXPECT_GT(at("fondbok_journal_write_seconds_sum"), 0);
  // Each synced group waited for at least one WAL fsync, and each fsync took some time.
  EXPECT_GE(at("fondbok_wal_sync_seconds_count"), groups);
  EXPECT_GT(at("fondbok_wal_sync_seconds_sum"), 0);
  EXPECT_LE(at("fondbok_wal_sync_seconds_sum"), at("fondbok_journal_write_seconds_sum") + 1.0);
  EXPECT_EQ(at(R"(fondbok_wal_sync_seconds_bucket{le="+Inf"})"), at("fondbok_wal_sync_seconds_count"));
  EXPECT_GE(at("fondbok_write_queue_depth"), 0);
  // The storage engine's gauges, read at the scrape.
  EXPECT_GT(at("fondbok_rocksdb_memtable_bytes"), 0);
  EXPECT_EQ(at("fondbok_rocksdb_writes_stopped"), 0);
  EXPECT_EQ(at("fondbok_rocksdb_delayed_write_rate_bytes"), 0);
  EXPECT_GE(at("fondbok_rocksdb_pending_compaction_bytes"), 0);
  // --rocksdb-memory-mb is the cache's capacity; the memtables are charged to it.
  EXPECT_EQ(at("fondbok_rocksdb_memory_bytes_max"), 48 << 20);
  EXPECT_GE(at("fondbok_rocksdb_block_cache_bytes"), at("fondbok_rocksdb_memtable_bytes"));
  EXPECT_GE(at("fondbok_rocksdb_table_readers_bytes"), 0);
  for (const char* family : {"journal", "idempotency", "views", "index", "meta"}) {
    EXPECT_GE(at(std::string("fondbok_rocksdb_level0_files{family=\"") + family + "\"}"), 0) << family;
  }
  client.reset();
  EXPECT_EQ(server.Stop(), 0) << server.log();
}

}  // namespace
}  // namespace fondbok::testing
