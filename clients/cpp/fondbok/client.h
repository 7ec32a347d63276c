// fondbok::client — a thin C++ client for fondbokd's services: LedgerService, AdminService,
// PartyService, ApprovalService and CreditService.
//
// A Client owns one gRPC channel to one fondbokd and one stub per service. Every method sends
// `authorization: Bearer <token>` and, for unary calls, a deadline of `ClientOptions::timeout`
// from the moment of the call. The server's gRPC status comes back as an absl::Status with the
// same code and message (the numeric codes of gRPC and Abseil are identical).
//
//   fondbok::client::ClientOptions options;
//   options.token = "…";
//   auto client = fondbok::client::Client::Connect(options);
//   if (!client.ok()) return client.status();
//   fondbok::v1::GetBalanceRequest request;
//   request.set_account("asset:bank");
//   auto balance = (*client)->GetBalance(request);
//   if (balance.ok()) use(balance->balance());
//
// Writes: every write request carries a client-chosen `request_id` (1–128 printable ASCII, no
// spaces). Sending the same id with the same payload again returns the first result and writes
// nothing, so a write that failed with UNAVAILABLE or DEADLINE_EXCEEDED is retried safely by
// repeating it with the same id. The same id with another payload is ALREADY_EXISTS.
// The client never retries by itself.
//
// Thread safety: a Client is safe for concurrent use by many threads without external
// synchronisation (its state is immutable after Connect; gRPC stubs are thread-safe).
#ifndef FONDBOK_CLIENTS_CPP_FONDBOK_CLIENT_H_
#define FONDBOK_CLIENTS_CPP_FONDBOK_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/admin_service.grpc.pb.h"
#include "fondbok/v1/approval_service.grpc.pb.h"
#include "fondbok/v1/credit_service.grpc.pb.h"
#include "fondbok/v1/ledger_service.grpc.pb.h"
#include "fondbok/v1/party_service.grpc.pb.h"
#include "fondbok/v1/report_service.grpc.pb.h"
#include "fondbok/v1/payment_service.grpc.pb.h"

namespace fondbok::client {

// Where fondbokd listens when nothing else is said.
inline constexpr char kDefaultAddress[] = "127.0.0.1:50051";

struct ClientOptions {
  // "host:port" of fondbokd (any gRPC target name works, e.g. "dns:///fund.example:50051").
  // Default: 127.0.0.1:50051.
  std::string address = kDefaultAddress;

  // The bearer token sent with every call (see ReadTokenFile). Empty: calls carry no
  // authorization and the server answers UNAUTHENTICATED to everything but health.
  // REQUIRES: printable ASCII without spaces.
  std::string token;

  // PEM file with the root certificate(s) that sign the server's certificate. Empty: the
  // channel is plaintext (fondbokd accepts plaintext only on loopback addresses).
  std::string tls_ca_pem_path;

  // The name the server's certificate is checked against, when it differs from the host in
  // `address` (e.g. "localhost" when dialling 127.0.0.1 through a tunnel). Empty: the host part
  // of `address`. REQUIRES: tls_ca_pem_path is set.
  std::string tls_server_name;

  // Optional client certificate and key (PEM) for mutual TLS, e.g. for a partner bank.
  // Either both or neither. REQUIRES: tls_ca_pem_path is set.
  std::string tls_client_cert_pem_path;
  std::string tls_client_key_pem_path;

  // Deadline of every unary call, measured from when the call starts. Default 30 s.
  // REQUIRES: > 0. Follow() has no deadline: it runs until stopped.
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
};

// Converts a gRPC status into an absl::Status with the same code and message.
absl::Status FromGrpcStatus(const grpc::Status& status);

// Reads a bearer token from a file (such as `<data-dir>/admin.token`) and strips surrounding
// whitespace. NOT_FOUND / PERMISSION_DENIED when the file cannot be read, INVALID_ARGUMENT when it
// is empty, larger than 4 KiB or holds characters a token cannot have.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

class Client {
 public:
  // Called for each streamed entry; return false to stop following.
  using EntryCallback = std::function<bool(const v1::JournalEntry& entry)>;

  // Checks the options, reads the TLS files and creates the channel. The connection itself is
  // made lazily by the first call, so Connect succeeds even while the server is down; a call then
  // fails with UNAVAILABLE. INVALID_ARGUMENT for bad options, NOT_FOUND for unreadable files.
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const ClientOptions& options);

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  // ---- LedgerService: writes (roles admin and officer; ClosePeriod admin) ----
  absl::StatusOr<v1::WriteResult> CreateAccount(const v1::CreateAccountRequest& request) const;
  absl::StatusOr<v1::WriteResult> Post(const v1::PostRequest& request) const;
  absl::StatusOr<v1::WriteResult> PostPending(const v1::PostPendingRequest& request) const;
  absl::StatusOr<v1::WriteResult> VoidPending(const v1::VoidPendingRequest& request) const;
  absl::StatusOr<v1::WriteResult> Reverse(const v1::ReverseRequest& request) const;
  absl::StatusOr<v1::WriteResult> ClosePeriod(const v1::ClosePeriodRequest& request) const;
  // Several commands that apply all or none; the result lists one entry per command.
  absl::StatusOr<v1::WriteResult> SubmitLinked(const v1::LinkedRequest& request) const;

  // ---- LedgerService: reads ----
  absl::StatusOr<v1::Account> GetAccount(const v1::GetAccountRequest& request) const;
  absl::StatusOr<v1::ListAccountsResponse> ListAccounts(const v1::ListAccountsRequest& request) const;
  absl::StatusOr<v1::Balance> GetBalance(const v1::GetBalanceRequest& request) const;
  absl::StatusOr<v1::GetHistoryResponse> GetHistory(const v1::GetHistoryRequest& request) const;
  absl::StatusOr<v1::ListEntriesResponse> ListEntries(const v1::ListEntriesRequest& request) const;
  absl::StatusOr<v1::GetPeriodsResponse> GetPeriods(const v1::GetPeriodsRequest& request) const;

  // Streams journal entries from `from_seq` (0: from the next entry to be written) and then each
  // new entry as it is committed, calling `on_entry` for each, in seq order, on the calling
  // thread. Blocks until `on_entry` returns false (→ OK), the server ends the stream (→ its
  // status, OK when it closed cleanly) or the connection fails (→ UNAVAILABLE etc.).
  absl::Status Follow(uint64_t from_seq, const EntryCallback& on_entry) const;

  // ---- AdminService ----
  absl::StatusOr<v1::CreateTokenResponse> CreateToken(const v1::CreateTokenRequest& request) const;
  absl::StatusOr<v1::WriteResult> RevokeToken(const v1::RevokeTokenRequest& request) const;
  absl::StatusOr<v1::ListTokensResponse> ListTokens(const v1::ListTokensRequest& request) const;
  // `request.directory` is a path on the server's machine; it must be absolute and not exist yet.
  absl::StatusOr<v1::BackupResponse> Backup(const v1::BackupRequest& request) const;
  absl::StatusOr<v1::Principal> WhoAmI(const v1::WhoAmIRequest& request = {}) const;

  // ---- PartyService ----
  absl::StatusOr<v1::OrganisationResponse> CreateOrganisation(const v1::CreateOrganisationRequest& request) const;
  absl::StatusOr<v1::OrganisationResponse> CloseOrganisation(const v1::CloseOrganisationRequest& request) const;
  absl::StatusOr<v1::Organisation> GetOrganisation(const v1::GetOrganisationRequest& request) const;
  absl::StatusOr<v1::ListOrganisationsResponse> ListOrganisations(const v1::ListOrganisationsRequest& request) const;

  // ---- ApprovalService ----
  absl::StatusOr<v1::ListProposalsResponse> ListProposals(const v1::ListProposalsRequest& request) const;
  absl::StatusOr<v1::Proposal> GetProposal(const v1::GetProposalRequest& request) const;
  absl::StatusOr<v1::DecisionResponse> ApproveProposal(const v1::ApproveRequest& request) const;
  absl::StatusOr<v1::DecisionResponse> RejectProposal(const v1::RejectRequest& request) const;
  absl::StatusOr<v1::FundPolicy> GetPolicy(const v1::GetPolicyRequest& request) const;
  absl::StatusOr<v1::DecisionResponse> ProposePolicy(const v1::ProposePolicyRequest& request) const;

  // ---- CreditService ----
  absl::StatusOr<v1::ProductResponse> DefineProduct(const v1::DefineProductRequest& request) const;
  absl::StatusOr<v1::ListProductsResponse> ListProducts(const v1::ListProductsRequest& request) const;
  absl::StatusOr<v1::SettingsResponse> SetSettings(const v1::SetSettingsRequest& request) const;
  absl::StatusOr<v1::SettingsResponse> GetSettings(const v1::GetSettingsRequest& request) const;
  absl::StatusOr<v1::CapitalResponse> DepositCapital(const v1::DepositCapitalRequest& request) const;
  absl::StatusOr<v1::CapitalResponse> WithdrawCapital(const v1::WithdrawCapitalRequest& request) const;
  absl::StatusOr<v1::ListCapitalResponse> ListCapital(const v1::ListCapitalRequest& request) const;
  absl::StatusOr<v1::CreditResponse> ApplyCredit(const v1::ApplyRequest& request) const;
  absl::StatusOr<v1::CreditResponse> SubmitCredit(const v1::CreditIdRequest& request) const;
  absl::StatusOr<v1::CreditResponse> WithdrawCredit(const v1::CreditReasonRequest& request) const;
  absl::StatusOr<v1::CreditResponse> AssessCredit(const v1::AssessRequest& request) const;
  absl::StatusOr<v1::ProposalResponse> ProposeApproval(const v1::ProposeApprovalRequest& request) const;
  absl::StatusOr<v1::CreditResponse> RejectCredit(const v1::CreditReasonRequest& request) const;
  absl::StatusOr<v1::CreditResponse> CancelCredit(const v1::CreditReasonRequest& request) const;
  absl::StatusOr<v1::CreditResponse> LapseCredit(const v1::CreditIdRequest& request) const;
  absl::StatusOr<v1::CreditResponse> DisburseCredit(const v1::DisburseRequest& request) const;
  absl::StatusOr<v1::CreditResponse> RepayCredit(const v1::RepayRequest& request) const;
  absl::StatusOr<v1::CreditResponse> RemindCredit(const v1::RemindRequest& request) const;
  absl::StatusOr<v1::ProposalResponse> ProposeReschedule(const v1::ProposeRescheduleRequest& request) const;
  absl::StatusOr<v1::ProposalResponse> ProposeWriteOff(const v1::CreditReasonRequest& request) const;
  absl::StatusOr<v1::CreditResponse> RecordRecovery(const v1::RecoveryRequest& request) const;
  absl::StatusOr<v1::CreditResponse> GetCredit(const v1::GetCreditRequest& request) const;
  absl::StatusOr<v1::ListCreditsResponse> ListCredits(const v1::ListCreditsRequest& request) const;
  absl::StatusOr<v1::PortfolioResponse> Portfolio(const v1::PortfolioRequest& request) const;

  // ---- PaymentService: bank files in, suspense, allocation, refunds ----
  absl::StatusOr<v1::ImportFileResponse> ImportPaymentFile(const v1::ImportFileRequest& request) const;
  absl::StatusOr<v1::ListUnallocatedResponse> ListUnallocated(const v1::ListUnallocatedRequest& request) const;
  absl::StatusOr<v1::PaymentRecord> GetPayment(const v1::GetPaymentRequest& request) const;
  absl::StatusOr<v1::PaymentRecord> AllocatePayment(const v1::AllocatePaymentRequest& request) const;
  absl::StatusOr<v1::PaymentRecord> RefundPayment(const v1::RefundPaymentRequest& request) const;
  absl::StatusOr<v1::PaymentSettings> SetPaymentSettings(const v1::SetPaymentSettingsRequest& request) const;
  absl::StatusOr<v1::PaymentSettings> GetPaymentSettings(const v1::GetPaymentSettingsRequest& request) const;
  absl::StatusOr<v1::ExportPain001Response> ExportPain001(const v1::ExportPain001Request& request) const;
  absl::StatusOr<v1::ListPaymentOrdersResponse> ListPaymentOrders(const v1::ListPaymentOrdersRequest& request) const;
  // An order the bank paid outside a pain.001 file.
  absl::StatusOr<v1::PaymentOrder> SettlePaymentOrder(const v1::SettlePaymentOrderRequest& request) const;

  // ---- ReportService: the BAS mapping and the SIE 4 export ----
  // SetBasMapping is admin only; the others are for staff. ExportSie's content is CP437 bytes.
  absl::StatusOr<v1::BasMappingResponse> SetBasMapping(const v1::SetBasMappingRequest& request) const;
  absl::StatusOr<v1::BasMappingResponse> GetBasMapping(const v1::GetBasMappingRequest& request = {}) const;
  absl::StatusOr<v1::ExportSieResponse> ExportSie(const v1::ExportSieRequest& request) const;

  // ---- For advanced use: async calls, other services on the same channel ----
  // A context that carries the token and, when `with_deadline`, the configured deadline.
  std::unique_ptr<grpc::ClientContext> NewContext(bool with_deadline = true) const;
  v1::LedgerService::Stub& ledger_stub() const { return *ledger_stub_; }
  v1::AdminService::Stub& admin_stub() const { return *admin_stub_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  const ClientOptions& options() const { return options_; }

 private:
  Client(ClientOptions options, std::shared_ptr<grpc::Channel> channel);

  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) const;

  const ClientOptions options_;
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<v1::LedgerService::Stub> ledger_stub_;
  const std::unique_ptr<v1::AdminService::Stub> admin_stub_;
  const std::unique_ptr<v1::PartyService::Stub> party_stub_;
  const std::unique_ptr<v1::ApprovalService::Stub> approval_stub_;
  const std::unique_ptr<v1::CreditService::Stub> credit_stub_;
  const std::unique_ptr<v1::PaymentService::Stub> payment_stub_;
  const std::unique_ptr<v1::ReportService::Stub> report_stub_;
};

}  // namespace fondbok::client

#endif  // FONDBOK_CLIENTS_CPP_FONDBOK_CLIENT_H_
