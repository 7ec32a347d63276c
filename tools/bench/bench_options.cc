#include "tools/bench/bench_options.h"

#include <cstdlib>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"

namespace fondbok::bench {
namespace {

constexpr char kDescription[] =
    "fondbok-bench — load generator and floor measurements for fondbokd.\n"
    "Creates 10 000 accounts (10 with --hot), sends two-posting transfers from --clients threads for\n"
    "--seconds, prints entries/s and p50/p99 latency, verifies that every acknowledged entry is in the\n"
    "journal exactly once, then measures a synced raw RocksDB and a bare gRPC echo on this machine.";

void AddLoadOptions(CLI::App& app, BenchOptions* options) {
  app.add_option("--addr", options->address, "fondbokd address HOST:PORT (plaintext, loopback)")
      ->capture_default_str();
  auto* token = app.add_option("--token", options->token, "bearer token of an admin or officer");
  auto* token_file = app.add_option("--token-file", options->token_file, "file holding the token, e.g. DIR/admin.token");
  token->excludes(token_file);
  app.add_option("--clients", options->clients, "concurrent client threads")
      ->check(CLI::Range(1, kClientsMax))
      ->capture_default_str();
  app.add_option("--batch", options->batch_entries, "entries per request: 1 = Post, more = SubmitLinked")
      ->check(CLI::Range(1, kBatchEntriesMax))
      ->capture_default_str();
  app.add_option("--seconds", options->duration_s, "how long the load runs")
      ->check(CLI::Range(1, kDurationSecondsMax))
      ->capture_default_str();
  app.add_flag("--hot", options->hot, "all transfers touch the same 10 accounts");
  app.add_flag("--json", options->json, "print exactly one JSON object on stdout");
  app.add_option("--fill", options->fill_entries, "only write this many entries as fast as possible and print the rate")
      ->check(CLI::Range(uint64_t{1}, kFillEntriesMax));
}

void AddMeasurementOptions(CLI::App& app, BenchOptions* options, std::string* channels) {
  app.add_option("--server-pid", options->server_pid, "sample VmRSS of this fondbokd process every second")
      ->check(CLI::PositiveNumber);
  app.add_option("--channels", *channels, "shared: one connection for all client threads; per-thread: one each")
      ->check(CLI::IsMember({"shared", "per-thread"}))
      ->capture_default_str();
  app.add_flag("!--no-floors", options->measure_floors, "skip the raw RocksDB and echo floors");
  app.add_option("--raw-dir", options->raw_dir,
                 "parent directory of the raw RocksDB floor's temporary database (same disk as the server!)");
  app.add_option("--seed", options->seed, "seed of the transfer generator (0: random)")->capture_default_str();
  app.add_option("--timeout-ms", options->timeout_ms, "deadline of every call")
      ->check(CLI::Range(1, kTimeoutMsMax))
      ->capture_default_str();
}

}  // namespace

const char* ChannelModeName(ChannelMode mode) {
  return mode == ChannelMode::kShared ? "shared" : "per-thread";
}

std::optional<int> ParseBenchOptions(int argc, char** argv, BenchOptions* options) {
  CLI::App app{kDescription, "fondbok-bench"};
  AddLoadOptions(app, options);
  std::string channels = ChannelModeName(options->channel_mode);
  AddMeasurementOptions(app, options, &channels);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 numbers its errors itself; this tool promises 0 for --help and 2 for any usage error.
    return app.exit(e) == 0 ? 0 : 2;
  }
  options->channel_mode = channels == "per-thread" ? ChannelMode::kPerThread : ChannelMode::kShared;
  if (options->raw_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    options->raw_dir = (tmp != nullptr && *tmp != '\0') ? tmp : "/tmp";
  }
  return std::nullopt;
}

absl::Status ValidateBenchOptions(const BenchOptions& options) {
  if (options.token.empty() == options.token_file.empty()) {
    return absl::InvalidArgumentError(
        "give the server's token with exactly one of --token T and --token-file FILE (e.g. DIR/admin.token)");
  }
  if (options.clients < 1 || options.clients > kClientsMax) {
    return absl::InvalidArgumentError(absl::StrCat("--clients ", options.clients, " is outside 1..", kClientsMax));
  }
  if (options.batch_entries < 1 || options.batch_entries > kBatchEntriesMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("--batch ", options.batch_entries, " is outside 1..", kBatchEntriesMax));
  }
  if (options.duration_s < 1 || options.duration_s > kDurationSecondsMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("--seconds ", options.duration_s, " is outside 1..", kDurationSecondsMax));
  }
  if (options.fill_entries > kFillEntriesMax) {
    return absl::InvalidArgumentError(absl::StrCat("--fill ", options.fill_entries, " is more than ", kFillEntriesMax));
  }
  if (options.timeout_ms < 1 || options.timeout_ms > kTimeoutMsMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout-ms ", options.timeout_ms, " is outside 1..", kTimeoutMsMax));
  }
  return absl::OkStatus();
}

}  // namespace fondbok::bench
