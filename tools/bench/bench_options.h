// fondbok-bench's options: what to measure, against which server, for how long. Parsed from the
// command line by ParseBenchOptions; every field has its default and its bound here.
#ifndef FONDBOK_TOOLS_BENCH_BENCH_OPTIONS_H_
#define FONDBOK_TOOLS_BENCH_BENCH_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace fondbok::bench {

inline constexpr int kClientsMax = 256;
inline constexpr int kBatchEntriesMax = 1000;  // the server's limit of commands per linked request
inline constexpr int kDurationSecondsMax = 3600;
inline constexpr uint64_t kFillEntriesMax = 100'000'000;
inline constexpr int kTimeoutMsMax = 600'000;

// How the client threads reach the server (the ledger load and the echo floor use the same).
enum class ChannelMode {
  // One channel shared by every client thread: one HTTP/2 connection. The default: on the 2-core
  // machine it was measured on, it carried 1.5-2x the echo calls of per-thread channels at 4, 32
  // and 64 threads, and the same fondbokd rate (README.md, "Channels").
  kShared,
  // One channel, and so one TCP connection, per client thread.
  kPerThread,
};

struct BenchOptions {
  // fondbokd's "host:port" (plaintext; fondbokd accepts plaintext on loopback).
  std::string address = "127.0.0.1:50051";
  // Bearer token of an admin or officer. Exactly one of `token` and `token_file` is given.
  std::string token;
  std::string token_file;

  // Concurrent client threads, 1..kClientsMax. Default 1.
  int clients = 1;
  // Entries per write request, 1..kBatchEntriesMax: 1 sends Post, more send SubmitLinked.
  int batch_entries = 1;
  // How long the load runs, 1..kDurationSecondsMax seconds. Default 10.
  int duration_s = 10;
  // Every transfer touches the same 10 accounts instead of 10 000.
  bool hot = false;
  // Print exactly one JSON object on stdout instead of text.
  bool json = false;

  // > 0: fill mode. Write this many entries as fast as possible (batches of `batch_entries`), print
  // the rate and stop: no latency, no verification, no floors. At most kFillEntriesMax.
  uint64_t fill_entries = 0;

  // > 0: sample VmRSS of this process (fondbokd) every second during the load.
  int64_t server_pid = 0;

  ChannelMode channel_mode = ChannelMode::kShared;

  // Measure the raw RocksDB and the bare gRPC echo floors after the load. Default on.
  bool measure_floors = true;
  // Where the raw RocksDB floor creates its temporary database. Put it on the same file system
  // as fondbokd's data directory, or the floor says nothing about the server. Default: $TMPDIR or /tmp.
  std::string raw_dir;

  // Seed of the transfer generator; 0 picks one at random (printed either way).
  uint64_t seed = 0;
  // Deadline of every call, 1..kTimeoutMsMax milliseconds. Default 30 s.
  int timeout_ms = 30'000;
};

// Parses argv into `options`. Returns an exit code when the program should stop right away:
// 0 after --help, 2 for a usage error (the message is already printed on stderr).
std::optional<int> ParseBenchOptions(int argc, char** argv, BenchOptions* options);

// Checks what the parser alone cannot: combinations of fields. INVALID_ARGUMENT with the rule.
absl::Status ValidateBenchOptions(const BenchOptions& options);

// The text of a channel mode as the command line spells it ("per-thread", "shared").
const char* ChannelModeName(ChannelMode mode);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_BENCH_OPTIONS_H_
