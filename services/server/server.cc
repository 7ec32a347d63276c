#include "services/server/server.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <prometheus/exposer.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "ledger/clock.h"
#include "ledger/keys.h"
#include "ledger/ledger_module.h"
#include "ledger/sequencer.h"
#include "ledger/status_macros.h"
#include "ledger/storage.h"
#include "ledger/upgrade.h"
#include "services/approvals/approval_service.h"
#include "services/approvals/approvals_module.h"
#include "services/auth/admin_service.h"
#include "services/auth/auth_module.h"
#include "services/common/auth.h"
#include "services/common/rpc_metrics.h"
#include "services/common/storage_metrics.h"
#include "services/credits/credit_service.h"
#include "services/credits/credits_module.h"
#include "services/payments/payment_service.h"
#include "services/payments/payments_module.h"
#include "services/ledger/ledger_service.h"
#include "services/parties/parties_module.h"
#include "services/parties/party_service.h"
#include "services/reports/report_service.h"
#include "services/reports/reports_module.h"
#include "services/server/bootstrap.h"
#include "services/server/listen_address.h"

namespace fondbok::services {

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<ledger::OffsetClock> clock_ptr = std::make_unique<ledger::OffsetClock>(absl::ZeroDuration());
  ledger::Clock& clock_ref() { return *clock_ptr; }
  ledger::LedgerModule ledger_module;
  AuthModule auth_module;
  ledger::ModuleRegistry modules;
  approvals::ApprovalsModule approvals_module{&modules};
  parties::PartiesModule parties_module;
  credits::CreditsModule credits_module;
  reports::ReportsModule reports_module;
  payments::PaymentsModule payments_module{&modules};
  Metrics metrics;
  std::unique_ptr<ledger::Storage> storage;
  std::unique_ptr<ledger::Sequencer> sequencer;
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<LedgerServiceImpl> ledger_service;
  std::unique_ptr<AdminServiceImpl> admin_service;
  std::unique_ptr<approvals::ApprovalServiceImpl> approval_service;
  std::unique_ptr<parties::PartyServiceImpl> party_service;
  std::unique_ptr<credits::CreditServiceImpl> credit_service;
  std::unique_ptr<reports::ReportServiceImpl> report_service;
  std::unique_ptr<payments::PaymentServiceImpl> payment_service;
  std::unique_ptr<grpc::Server> grpc_server;
  std::shared_ptr<StorageMetrics> storage_metrics;  // reads `storage`: declared after it
  std::unique_ptr<prometheus::Exposer> exposer;     // scrapes both: destroyed first
  int port = 0;
  bool shut_down = false;
};

namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read ", what, " ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `content` to `path` with mode 0600, durably: temp file, fsync, rename.
absl::Status WriteSecretFile(const std::string& path, const std::string& content) {
  const std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot create ", temp, ": ", std::strerror(errno)));
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, content.data(), content.size()) ==
                                           static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& options,
                                                                     const ListenAddress& address) {
  const bool tls = !options.tls_cert_path.empty() || !options.tls_key_path.empty();
  if (!tls) {
    if (!address.loopback) {
      return absl::InvalidArgumentError(absl::StrCat(
          "refusing to listen on ", options.listen,
          " without TLS: plaintext is allowed only on a loopback address; give --tls-cert and --tls-key"));
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.tls_cert_path.empty() || options.tls_key_path.empty()) {
    return absl::InvalidArgumentError("TLS needs both --tls-cert and --tls-key");
  }
  ASSIGN_OR_RETURN(std::string cert, ReadFile(options.tls_cert_path, "TLS certificate"));
  ASSIGN_OR_RETURN(std::string key, ReadFile(options.tls_key_path, "TLS key"));
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back({key, cert});
  if (!options.tls_client_ca_path.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFile(options.tls_client_ca_path, "client CA"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

absl::Status Bootstrap(Server::Impl& s) {
  const std::string token = NewToken();
  const std::string token_path = (std::filesystem::path(s.options.data_dir) / "admin.token").string();
  // The token file is written before the journal entry: if the commit fails, the next start makes a
  // new token and overwrites the file; the reverse order could lock the fund's admin out.
  RETURN_IF_ERROR(WriteSecretFile(token_path, token + "\n"));
  FundSettings fund;
  fund.name = s.options.fund_name;
  fund.time_zone = s.options.time_zone;
  ledger::WriteRequest request;
  request.actor = std::string(ledger::kSystemActor);
  request.request_id = "bootstrap";
  request.payload_sha256 = "bootstrap";
  request.commands = BootstrapCommands(fund, TokenSha256(token));
  auto result = s.sequencer->SubmitAndWait(std::move(request));
  if (!result.ok()) return absl::Status(result.status().code(), absl::StrCat("creating the fund: ", result.status().message()));
  spdlog::info("event=fund_created fund=\"{}\" entries={} chart_accounts={} admin_token_file={} mode=0600",
               fund.name, result->entries_size(), MinimumChart().size(), token_path);
  return absl::OkStatus();
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { (void)Shutdown(); }

int Server::port() const { return impl_->port; }

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  const absl::Time started = absl::Now();
  auto impl = std::make_unique<Impl>();
  Impl& s = *impl;
  s.options = options;
  ASSIGN_OR_RETURN(ListenAddress address, ParseListenAddress(options.listen));
  ASSIGN_OR_RETURN(auto credentials, Credentials(options, address));
  if (options.clock_offset_days != 0) {
    const bool tls = !options.tls_cert_path.empty() || !options.tls_key_path.empty();
    if (tls || !address.loopback || options.clock_offset_days < 0 || options.clock_offset_days > 3660) {
      return absl::InvalidArgumentError(
          "--clock-offset-days is for tests and rehearsals: 1–3660 days, plaintext on a loopback address only");
    }
    s.clock_ptr = std::make_unique<ledger::OffsetClock>(absl::Hours(24) * options.clock_offset_days);
    spdlog::warn("event=clock_offset days={} note=\"the server's clock runs ahead of the machine's: tests and "
                 "rehearsals only\"", options.clock_offset_days);
  }

  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("cannot create data directory ", options.data_dir, ": ", ec.message()));
  std::filesystem::permissions(options.data_dir, std::filesystem::perms::owner_all, ec);

  RETURN_IF_ERROR(s.modules.Register(&s.ledger_module));
  RETURN_IF_ERROR(s.modules.Register(&s.auth_module));
  RETURN_IF_ERROR(s.modules.Register(&s.approvals_module));
  RETURN_IF_ERROR(s.modules.Register(&s.parties_module));
  RETURN_IF_ERROR(s.modules.Register(&s.credits_module));
  RETURN_IF_ERROR(s.modules.Register(&s.payments_module));
  RETURN_IF_ERROR(s.modules.Register(&s.reports_module));
  ledger::StorageOptions storage_options;
  storage_options.observer = &s.metrics;  // times every WAL fsync
  storage_options.memory_bytes = options.rocksdb_memory_mb << 20;
  ASSIGN_OR_RETURN(s.storage, ledger::Storage::Open(options.data_dir, storage_options));
  ASSIGN_OR_RETURN(ledger::UpgradeReport upgrade, ledger::UpgradeFormat(*s.storage));
  if (upgrade.upgraded) {
    spdlog::info("event=data_dir_upgraded format={} account_records_rewritten={}", std::string(ledger::kFormatVersion),
                 upgrade.accounts_rewritten);
  }
  ledger::SequencerOptions sequencer_options;
  sequencer_options.time_zone = options.time_zone;
  sequencer_options.queue_requests_max = options.queue_requests_max;
  ASSIGN_OR_RETURN(s.sequencer,
                   ledger::Sequencer::Start(s.storage.get(), &s.modules, &s.clock_ref(), sequencer_options, &s.metrics));
  const uint64_t opened_at_seq = s.sequencer->last_seq();
  if (opened_at_seq == 0) RETURN_IF_ERROR(Bootstrap(s));

  s.authenticator = std::make_unique<Authenticator>(s.storage.get(), &s.clock_ref());
  ServiceEnv env{s.storage.get(), s.sequencer.get(), s.authenticator.get(), &s.metrics, &s.clock_ref()};
  s.ledger_service = std::make_unique<LedgerServiceImpl>(env);
  s.admin_service = std::make_unique<AdminServiceImpl>(env);
  s.approval_service = std::make_unique<approvals::ApprovalServiceImpl>(env);
  s.party_service = std::make_unique<parties::PartyServiceImpl>(env);
  s.credit_service = std::make_unique<credits::CreditServiceImpl>(env);
  s.report_service = std::make_unique<reports::ReportServiceImpl>(env);
  s.payment_service = std::make_unique<payments::PaymentServiceImpl>(env);

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection) grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &s.port);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.RegisterService(s.ledger_service.get());
  builder.RegisterService(s.admin_service.get());
  builder.RegisterService(s.approval_service.get());
  builder.RegisterService(s.party_service.get());
  builder.RegisterService(s.credit_service.get());
  builder.RegisterService(s.report_service.get());
  builder.RegisterService(s.payment_service.get());
  s.grpc_server = builder.BuildAndStart();
  if (s.grpc_server == nullptr || s.port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen, " (in use, or not an address here)"));
  }
  std::string metrics_address = "off";
  if (!options.metrics_listen.empty()) {
    try {
      s.exposer = std::make_unique<prometheus::Exposer>(options.metrics_listen);
      s.exposer->RegisterCollectable(s.metrics.registry());
      s.storage_metrics = std::make_shared<StorageMetrics>(s.storage.get());
      s.exposer->RegisterCollectable(s.storage_metrics);
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", options.metrics_listen, ": ", e.what()));
    }
    // The port actually bound (the flag may ask for port 0).
    const std::vector<int> ports = s.exposer->GetListeningPorts();
    const size_t colon = options.metrics_listen.rfind(':');
    metrics_address = ports.empty() || colon == std::string::npos
                          ? options.metrics_listen
                          : absl::StrCat(options.metrics_listen.substr(0, colon), ":", ports.front());
  }
  spdlog::info("event=started listen={}:{} tls={} data_dir={} last_seq={} startup_ms={} metrics={}", address.host,
               s.port, options.tls_cert_path.empty() ? "off" : "on", options.data_dir, s.sequencer->last_seq(),
               absl::ToInt64Milliseconds(absl::Now() - started), metrics_address);
  if (opened_at_seq != 0) {
    std::filesystem::path token_path = std::filesystem::path(options.data_dir) / "admin.token";
    if (std::filesystem::exists(token_path)) spdlog::info("event=admin_token_file path={}", token_path.string());
  }
  // Last: whoever waits for the port file (tools/bench.sh, the system tests) may read the lines above
  // as soon as it appears.
  if (!options.port_file.empty()) RETURN_IF_ERROR(WriteSecretFile(options.port_file, absl::StrCat(s.port, "\n")));
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

absl::Status Server::Shutdown() {
  Impl& s = *impl_;
  if (s.shut_down) return absl::OkStatus();
  s.shut_down = true;
  spdlog::info("event=shutdown_started last_seq={}", s.sequencer->last_seq());
  if (s.grpc_server != nullptr) {
    if (auto* health = s.grpc_server->GetHealthCheckService()) health->Shutdown();
    // In-flight writes finish through the still-running sequencer; streams are cancelled at the deadline.
    s.grpc_server->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(s.options.shutdown_grace));
    s.grpc_server->Wait();
  }
  s.exposer.reset();
  s.sequencer->Stop();
  const uint64_t last = s.sequencer->last_seq();
  s.sequencer.reset();
  absl::Status closed = s.storage->Close();
  spdlog::info("event=shutdown_complete last_seq={} storage_closed={}", last, closed.ok() ? "ok" : closed.ToString());
  return closed;
}

}  // namespace fondbok::services
