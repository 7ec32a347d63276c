// What a run measured, and its two renderings: text for people, one JSON object for scripts.
#ifndef FONDBOK_TOOLS_BENCH_REPORT_H_
#define FONDBOK_TOOLS_BENCH_REPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "tools/bench/latency.h"
#include "tools/bench/rss_sampler.h"

namespace fondbok::bench {

struct BenchReport {
  bool fill = false;  // fill mode: only entries, elapsed and the rate mean anything
  std::string run_id;
  uint64_t seed = 0;
  int clients = 0;
  int batch_entries = 0;
  int duration_s = 0;
  bool hot = false;
  std::string channel_mode;
  int accounts = 0;
  int accounts_created = 0;

  uint64_t requests = 0;
  uint64_t entries = 0;
  double elapsed_s = 0;
  double entries_per_s = 0;
  LatencySummary latency;
  uint64_t retries = 0;
  bool reached_call_bound = false;
  uint64_t verified_entries = 0;

  // Floors; absent when not measured (--no-floors, fill mode).
  int raw_writer_threads = 1;
  std::optional<double> raw_records_per_s;
  std::optional<double> raw_one_sync_per_s;  // batch 1 only
  std::optional<double> echo_calls_per_s;
  LatencySummary echo_latency;
  // CPU of the echo's client and server together per call (they share the bench's process).
  std::optional<double> echo_cpu_us_per_call;

  std::optional<RssSummary> rss_server;

  // CPU time per entry during the load, in microseconds: fondbokd's threads by name and in all
  // (with --server-pid), and this load generator's, which shares the machine.
  std::map<std::string, double> server_cpu_us_per_entry_by_thread;
  std::optional<double> server_cpu_us_per_entry;
  std::optional<double> client_cpu_us_per_entry;
};

// entries_per_s / floor, or nullopt when the floor is absent or zero.
std::optional<double> Ratio(double entries_per_s, const std::optional<double>& floor);

std::string FormatText(const BenchReport& report);
// One JSON object on one line, ending in a newline.
std::string FormatJson(const BenchReport& report);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_REPORT_H_
