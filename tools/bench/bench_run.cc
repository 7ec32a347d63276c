#include "tools/bench/bench_run.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fondbok/client.h"
#include "ledger/status_macros.h"
#include "tools/bench/bench_accounts.h"
#include "tools/bench/channels.h"
#include "tools/bench/closed_loop.h"
#include "tools/bench/echo_floor.h"
#include "tools/bench/ledger_writer.h"
#include "tools/bench/rocksdb_floor.h"
#include "tools/bench/rss_sampler.h"
#include "tools/bench/thread_cpu.h"
#include "tools/bench/verify.h"

namespace fondbok::bench {
namespace {

constexpr absl::Duration kConnectTimeout = absl::Seconds(10);
constexpr absl::Duration kFloorDurationMin = absl::Seconds(2);

template <typename... Args>
void Progress(const absl::FormatSpec<Args...>& format, const Args&... args) {
  std::fprintf(stderr, "fondbok-bench: %s\n", absl::StrFormat(format, args...).c_str());
}

absl::Status Prefixed(const absl::Status& status, absl::string_view step) {
  return absl::Status(status.code(), absl::StrCat(step, ": ", status.message()));
}

std::string RandomRunId() {
  std::random_device device;
  return absl::StrFormat("%08x%08x", device(), device());
}

uint64_t RandomSeed() {
  std::random_device device;
  const uint64_t seed = (uint64_t{device()} << 32) | device();
  return seed != 0 ? seed : 1;
}

absl::StatusOr<std::unique_ptr<client::Client>> ConnectClient(const BenchOptions& options) {
  client::ClientOptions client_options;
  client_options.address = options.address;
  client_options.timeout = std::chrono::milliseconds(options.timeout_ms);
  if (!options.token.empty()) {
    client_options.token = options.token;
  } else {
    auto token = client::ReadTokenFile(options.token_file);
    if (!token.ok()) return token.status();
    client_options.token = *token;
  }
  return client::Client::Connect(client_options);
}

LedgerWriterOptions WriterOptions(const BenchOptions& options, const client::Client& client, uint64_t seed,
                                  const std::string& run_id) {
  LedgerWriterOptions writer;
  writer.token = client.options().token;
  writer.timeout = std::chrono::milliseconds(options.timeout_ms);
  writer.batch_entries = options.batch_entries;
  writer.seed = seed;
  writer.run_id = run_id;
  return writer;
}

absl::Status RunFill(const BenchOptions& options, LedgerWriter& writer, BenchReport& report) {
  FillBudget budget(options.fill_entries, options.batch_entries);
  LoopCall call = [&](int thread, uint64_t number) -> absl::StatusOr<CallOutcome> {
    const int entries = budget.Take();
    if (entries == 0) return CallOutcome{0, true};
    RETURN_IF_ERROR(writer.Write(thread, number, entries).status());
    return CallOutcome{static_cast<uint64_t>(entries), false};
  };
  ClosedLoopOptions loop;
  loop.threads = options.clients;
  loop.duration = absl::InfiniteDuration();
  Progress("fill: writing %d entries in requests of up to %d from %d clients", options.fill_entries,
           options.batch_entries, options.clients);
  auto result = RunClosedLoop(loop, call);
  if (!result.ok()) return Prefixed(result.status(), "fill");
  report.requests = result->calls;
  report.entries = result->units;
  report.elapsed_s = absl::ToDoubleSeconds(result->elapsed);
  report.entries_per_s = static_cast<double>(result->units) / report.elapsed_s;
  report.retries = writer.retries();
  return absl::OkStatus();
}

absl::Status RunLoad(const BenchOptions& options, LedgerWriter& writer, BenchReport& report) {
  // fondbokd's memory, and CPU per entry (fondbokd's, in all and by thread, and this process's),
  // around the load only.
  std::unique_ptr<RssSampler> sampler;
  std::optional<CpuMeter> server_cpu, client_cpu;
  if (options.server_pid > 0) {
    const auto pid = static_cast<pid_t>(options.server_pid);
    auto started = RssSampler::Start(pid);
    if (!started.ok()) return Prefixed(started.status(), "--server-pid");
    sampler = std::move(*started);
    auto meter = CpuMeter::Start(pid);
    if (!meter.ok()) return Prefixed(meter.status(), "--server-pid");
    server_cpu = std::move(*meter);
  }
  if (auto meter = CpuMeter::Start(getpid()); meter.ok()) client_cpu = std::move(*meter);
  LoopCall call = [&](int thread, uint64_t number) { return writer.LoadCall(thread, number); };
  ClosedLoopOptions loop;
  loop.threads = options.clients;
  loop.duration = absl::Seconds(options.duration_s);
  Progress("load: %d clients, %d entries per request, %d s", options.clients, options.batch_entries,
           options.duration_s);
  auto result = RunClosedLoop(loop, call);
  if (sampler != nullptr) report.rss_server = sampler->Stop();
  if (!result.ok()) return Prefixed(result.status(), "load");
  if (server_cpu.has_value()) {
    if (auto cpu = server_cpu->PerUnit(result->units); cpu.ok()) {
      report.server_cpu_us_per_entry = cpu->total_us;
      report.server_cpu_us_per_entry_by_thread = std::move(cpu->by_thread_us);
    }
  }
  if (client_cpu.has_value()) {
    if (auto cpu = client_cpu->PerUnit(result->units); cpu.ok()) report.client_cpu_us_per_entry = cpu->total_us;
  }
  report.requests = result->calls;
  report.entries = result->units;
  report.elapsed_s = absl::ToDoubleSeconds(result->elapsed);
  report.entries_per_s = static_cast<double>(result->units) / report.elapsed_s;
  report.latency = SummarizeLatencies(result->latencies_us);
  report.retries = writer.retries();
  report.reached_call_bound = result->reached_call_bound;
  return absl::OkStatus();
}

absl::Status Verify(const client::Client& client, LedgerWriter& writer, uint64_t after_seq, BenchReport& report) {
  RunAcks acks = writer.TakeAcks();
  Progress("verify: reading the journal after seq %d for %d acknowledged entries", after_seq, acks.entries());
  const auto started = std::chrono::steady_clock::now();
  auto verified = VerifyRun(client, acks, after_seq);
  if (!verified.ok()) return Prefixed(verified.status(), "verification");
  report.verified_entries = *verified;
  Progress("verify: %d entries verified in %.2f s", *verified,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return absl::OkStatus();
}

absl::StatusOr<double> RawFloor(const BenchOptions& options, int writer_threads, absl::Duration duration) {
  RawFloorOptions raw;
  raw.parent_dir = options.raw_dir;
  raw.batch_records = options.batch_entries;
  raw.writer_threads = writer_threads;
  raw.duration = duration;
  Progress("floor: raw RocksDB, %d writer(s), synced batches of %d records, %.0f s", writer_threads,
           options.batch_entries, absl::ToDoubleSeconds(duration));
  auto result = MeasureRawFloor(raw);
  if (!result.ok()) return Prefixed(result.status(), "raw RocksDB floor");
  return result->records_per_s;
}

absl::Status MeasureFloors(const BenchOptions& options, const std::string& token, LedgerWriter& writer,
                           BenchReport& report) {
  const absl::Duration duration = std::max(kFloorDurationMin, absl::Seconds(options.duration_s) / 3);
  // Unbatched, the server's best case is N concurrent one-record writers grouped into one sync
  // (RocksDB groups them as the sequencer does); the worst is one synced write at a time.
  report.raw_writer_threads = options.batch_entries == 1 ? options.clients : 1;
  ASSIGN_OR_RETURN(report.raw_records_per_s, RawFloor(options, report.raw_writer_threads, duration));
  if (options.batch_entries == 1) {
    if (report.raw_writer_threads == 1) {
      report.raw_one_sync_per_s = report.raw_records_per_s;
    } else {
      ASSIGN_OR_RETURN(report.raw_one_sync_per_s, RawFloor(options, 1, duration));
    }
  }
  EchoFloorOptions echo;
  echo.clients = options.clients;
  echo.channel_mode = options.channel_mode;
  echo.duration = duration;
  echo.token = token;  // the same authorization header as the load; the echo server ignores it
  echo.timeout = std::chrono::milliseconds(options.timeout_ms);
  echo.request_bytes = writer.RequestBytes(options.batch_entries);
  echo.reply_bytes = LedgerWriter::ReplyBytes(options.batch_entries);
  Progress("floor: gRPC echo, %d clients, %s channels, %d B requests, %.0f s", options.clients,
           ChannelModeName(options.channel_mode), echo.request_bytes, absl::ToDoubleSeconds(duration));
  // The echo server runs in this process, so this process's CPU is the whole cost of a call
  // (client and server), to set beside fondbokd's and the load generator's per entry.
  absl::StatusOr<CpuMeter> echo_cpu = CpuMeter::Start(getpid());
  auto result = MeasureEchoFloor(echo);
  if (!result.ok()) return Prefixed(result.status(), "gRPC echo floor");
  report.echo_calls_per_s = result->calls_per_s;
  report.echo_latency = result->latency;
  if (echo_cpu.ok()) {
    if (auto cpu = echo_cpu->PerUnit(result->calls); cpu.ok()) report.echo_cpu_us_per_call = cpu->total_us;
  }
  return absl::OkStatus();
}

BenchReport NewReport(const BenchOptions& options, uint64_t seed, const std::string& run_id) {
  BenchReport report;
  report.fill = options.fill_entries > 0;
  report.run_id = run_id;
  report.seed = seed;
  report.clients = options.clients;
  report.batch_entries = options.batch_entries;
  report.duration_s = options.duration_s;
  report.hot = options.hot;
  report.channel_mode = ChannelModeName(options.channel_mode);
  report.accounts = options.hot ? kAccountsHot : kAccountsDefault;
  return report;
}

}  // namespace

absl::StatusOr<BenchReport> RunBench(const BenchOptions& options) {
  if (options.server_pid > 0) {
    auto rss = ReadVmRssKb(static_cast<pid_t>(options.server_pid));
    if (!rss.ok()) return Prefixed(rss.status(), "--server-pid");
  }
  auto client = ConnectClient(options);
  if (!client.ok()) return Prefixed(client.status(), "connecting");
  const uint64_t seed = options.seed != 0 ? options.seed : RandomSeed();
  BenchReport report = NewReport(options, seed, RandomRunId());
  Progress("run %s, seed %d, server %s", report.run_id, seed, options.address);

  const auto setup_started = std::chrono::steady_clock::now();
  auto accounts = EnsureBenchAccounts(**client, report.accounts);
  if (!accounts.ok()) return Prefixed(accounts.status(), "setup");
  report.accounts_created = accounts->created;
  Progress("setup: %d accounts (%d existed, %d created) in %.2f s", report.accounts, accounts->existing,
           accounts->created,
           std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_started).count());

  auto after_seq = JournalLastSeq(**client);
  if (!after_seq.ok()) return Prefixed(after_seq.status(), "reading the journal's last seq");
  std::vector<std::shared_ptr<grpc::Channel>> channels =
      MakeChannels(options.address, options.clients, options.channel_mode);
  RETURN_IF_ERROR(ConnectChannels(channels, options.address, kConnectTimeout));
  LedgerWriter writer(WriterOptions(options, **client, seed, report.run_id), channels, &accounts->codes);

  if (report.fill) {
    RETURN_IF_ERROR(RunFill(options, writer, report));
    return report;
  }
  RETURN_IF_ERROR(RunLoad(options, writer, report));
  RETURN_IF_ERROR(Verify(**client, writer, *after_seq, report));
  if (options.measure_floors) RETURN_IF_ERROR(MeasureFloors(options, (*client)->options().token, writer, report));
  return report;
}

}  // namespace fondbok::bench
