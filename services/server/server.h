// fondbokd as a library: opens (or creates) a fund's data directory, starts the sequencer and the
// gRPC services, and shuts everything down in order. main.cc only parses flags and waits for a
// signal. Thread-safe: Shutdown may be called from any thread, once.
#ifndef FONDBOK_SERVICES_SERVER_SERVER_H_
#define FONDBOK_SERVICES_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fondbok::services {

struct ServerOptions {
  // gRPC listen address. Plaintext is allowed only on loopback; elsewhere TLS is required.
  std::string listen = "127.0.0.1:50051";
  // The fund's RocksDB directory; created on first start with the fund, its chart and an admin token.
  std::string data_dir = "./var/fondbok";
  // PEM certificate chain and private key; both or neither.
  std::string tls_cert_path;
  std::string tls_key_path;
  // PEM roots for optional client certificates (partner banks); requested and verified when sent.
  std::string tls_client_ca_path;
  // Prometheus /metrics endpoint ("127.0.0.1:9464"); empty = off.
  std::string metrics_listen;
  // gRPC server reflection. It serves only the public schema but answers without a token, so it is off
  // unless asked for.
  bool reflection = false;
  // Written with the bound port once listening (for tests that listen on port 0); empty = none.
  std::string port_file;
  std::string fund_name = "Mikrofonden";
  std::string time_zone = "Europe/Stockholm";
  size_t queue_requests_max = 4096;
  // RocksDB's memory in MiB: one cache for blocks read, index and filter blocks and (up to half of
  // it) the memtables. See ledger::StorageOptions::memory_bytes.
  size_t rocksdb_memory_mb = 256;
  int max_message_bytes = 64 << 20;  // a bank file of 100 000 payments is about 30 MB
  // For system tests and rehearsals only: the server's clock runs this many days ahead of the
  // machine's, so that offers lapse and instalments fall due without waiting. Refused unless the
  // server listens in plaintext on a loopback address; logged as a warning at start.
  int clock_offset_days = 0;
  // How long Shutdown waits for in-flight RPCs before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(10);
};

class Server {
 public:
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();

  int port() const;
  // Stops accepting calls, lets in-flight writes finish (or cancels them after the grace period),
  // drains the sequencer, and closes RocksDB cleanly.
  absl::Status Shutdown();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_SERVER_SERVER_H_
