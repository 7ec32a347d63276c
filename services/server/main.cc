// fondbokd: the fondbok server. Flags (or a --config file of the same keys) → ServerOptions;
// SIGTERM or SIGINT shut it down cleanly.
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/server/server.h"

int main(int argc, char** argv) {
  fondbok::services::ServerOptions options;
  CLI::App app{"fondbokd — the books and daily work of a microfund, served over gRPC"};
  app.set_config("--config", "", "read flags from a TOML/INI file (key = value, same names as the flags)");
  app.add_option("--listen", options.listen, "gRPC address HOST:PORT; plaintext only on loopback")
      ->capture_default_str();
  app.add_option("--data-dir", options.data_dir, "the fund's data directory (RocksDB)")->capture_default_str();
  app.add_option("--tls-cert", options.tls_cert_path, "PEM certificate chain for TLS");
  app.add_option("--tls-key", options.tls_key_path, "PEM private key for TLS");
  app.add_option("--tls-client-ca", options.tls_client_ca_path, "PEM roots to verify optional client certificates");
  app.add_option("--metrics-listen", options.metrics_listen, "serve Prometheus /metrics on HOST:PORT (off if empty)");
  app.add_flag("--reflection", options.reflection, "enable gRPC server reflection (answers without a token)");
  app.add_option("--port-file", options.port_file, "write the bound port to this file once listening");
  app.add_option("--fund-name", options.fund_name, "name of a new fund (first start only)")->capture_default_str();
  app.add_option("--time-zone", options.time_zone, "the fund's time zone for business dates")->capture_default_str();
  app.add_option("--queue-max", options.queue_requests_max, "write requests that may wait; more are refused")
      ->capture_default_str();
  app.add_option("--rocksdb-memory-mb", options.rocksdb_memory_mb,
                 "RocksDB's memory: blocks read, index and filter blocks, and memtables (at most half)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{16}, size_t{1} << 20));
  app.add_option("--clock-offset-days", options.clock_offset_days,
                 "tests and rehearsals only: run the server's clock this many days ahead (loopback only)");
  CLI11_PARSE(app, argc, argv);

  // Debian builds Abseil without NDEBUG, which leaves absl::Mutex deadlock detection on in gRPC's
  // locks; it cost a few per cent of the server's CPU under load.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc);

  // Signals are taken by a sigwait in this thread; every thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = fondbok::services::Server::Start(options);
  if (!server.ok()) {
    spdlog::error("event=start_failed reason=\"{}\"", server.status().ToString());
    std::cerr << "fondbokd: " << server.status().message() << "\n";
    return 1;
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("event=signal signal={}", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  absl::Status closed = (*server)->Shutdown();
  server->reset();
  return closed.ok() ? 0 : 1;
}
