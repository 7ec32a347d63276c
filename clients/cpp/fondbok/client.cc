#include "fondbok/client.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace fondbok::client {
namespace {

constexpr size_t kTokenFileBytesMax = 4 * 1024;
constexpr size_t kPemFileBytesMax = 1024 * 1024;
constexpr char kUserAgent[] = "fondbok-client/0.1";

// Reads a whole small file; the error names the file and what to do.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path, absl::string_view what,
                                          size_t bytes_max) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    const std::string reason = error != 0 ? std::strerror(error) : "cannot be opened";
    std::string message = absl::StrCat(what, " file \"", path, "\" cannot be read: ", reason);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::NotFoundError(message);
  }
  std::string content;
  content.resize(bytes_max + 1);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  if (content.size() > bytes_max) {
    return absl::InvalidArgumentError(absl::StrCat(what, " file \"", path, "\" is larger than ",
                                                   bytes_max, " bytes"));
  }
  return content;
}

// A token travels in an HTTP/2 header: printable ASCII without spaces, nothing else.
bool IsTokenText(absl::string_view token) {
  for (char c : token) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(
    const ClientOptions& options, grpc::ChannelArguments& args) {
  const bool has_cert = !options.tls_client_cert_pem_path.empty();
  const bool has_key = !options.tls_client_key_pem_path.empty();
  if (options.tls_ca_pem_path.empty()) {
    if (!options.tls_server_name.empty() || has_cert || has_key) {
      return absl::InvalidArgumentError(
          "a TLS server name or client certificate needs the server's CA certificate as well "
          "(--tls-ca FILE)");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (has_cert != has_key) {
    return absl::InvalidArgumentError(
        "a client certificate needs its key and a key its certificate: give both or neither");
  }
  grpc::SslCredentialsOptions ssl;
  auto ca = ReadSmallFile(options.tls_ca_pem_path, "CA certificate", kPemFileBytesMax);
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = std::move(*ca);
  if (has_cert) {
    auto cert = ReadSmallFile(options.tls_client_cert_pem_path, "client certificate", kPemFileBytesMax);
    if (!cert.ok()) return cert.status();
    auto key = ReadSmallFile(options.tls_client_key_pem_path, "client key", kPemFileBytesMax);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = std::move(*cert);
    ssl.pem_private_key = std::move(*key);
  }
  if (!options.tls_server_name.empty()) args.SetSslTargetNameOverride(options.tls_server_name);
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // gRPC and Abseil number their canonical codes identically (0 OK … 16 UNAUTHENTICATED).
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  auto content = ReadSmallFile(path, "token", kTokenFileBytesMax);
  if (!content.ok()) return content.status();
  std::string token(absl::StripAsciiWhitespace(*content));
  if (token.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("token file \"", path, "\" is empty"));
  }
  if (!IsTokenText(token)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "token file \"", path, "\" holds more than one token: a token is printable ASCII without spaces"));
  }
  return token;
}

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const ClientOptions& options) {
  if (options.address.empty()) {
    return absl::InvalidArgumentError("the server address is empty: give host:port, e.g. 127.0.0.1:50051");
  }
  if (!IsTokenText(options.token)) {
    return absl::InvalidArgumentError(
        "the token holds spaces or other characters a token cannot have: a token is printable ASCII");
  }
  if (options.timeout <= std::chrono::milliseconds::zero()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the call timeout must be positive, not ", options.timeout.count(), " ms"));
  }
  grpc::ChannelArguments args;
  args.SetUserAgentPrefix(kUserAgent);
  // Answers are paged, but one page of payments or credits may pass gRPC's 4 MiB default.
  args.SetMaxReceiveMessageSize(64 << 20);
  auto credentials = MakeCredentials(options, args);
  if (!credentials.ok()) return credentials.status();
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateCustomChannel(options.address, *credentials, args);
  if (channel == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create a channel to \"", options.address, "\""));
  }
  return std::unique_ptr<Client>(new Client(options, std::move(channel)));
}

Client::Client(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)),
      channel_(std::move(channel)),
      ledger_stub_(v1::LedgerService::NewStub(channel_)),
      admin_stub_(v1::AdminService::NewStub(channel_)),
      party_stub_(v1::PartyService::NewStub(channel_)),
      approval_stub_(v1::ApprovalService::NewStub(channel_)),
      credit_stub_(v1::CreditService::NewStub(channel_)),
      payment_stub_(v1::PaymentService::NewStub(channel_)),
      report_stub_(v1::ReportService::NewStub(channel_)) {}

Client::~Client() = default;

std::unique_ptr<grpc::ClientContext> Client::NewContext(bool with_deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", options_.token));
  }
  if (with_deadline) context->set_deadline(std::chrono::system_clock::now() + options_.timeout);
  return context;
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Call(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request) const {
  std::unique_ptr<grpc::ClientContext> context = NewContext();
  Response response;
  grpc::Status status = (stub.*method)(context.get(), request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::WriteResult> Client::CreateAccount(const v1::CreateAccountRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::CreateAccount, request);
}

absl::StatusOr<v1::WriteResult> Client::Post(const v1::PostRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::Post, request);
}

absl::StatusOr<v1::WriteResult> Client::PostPending(const v1::PostPendingRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::PostPending, request);
}

absl::StatusOr<v1::WriteResult> Client::VoidPending(const v1::VoidPendingRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::VoidPending, request);
}

absl::StatusOr<v1::WriteResult> Client::Reverse(const v1::ReverseRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::Reverse, request);
}

absl::StatusOr<v1::WriteResult> Client::ClosePeriod(const v1::ClosePeriodRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::ClosePeriod, request);
}

absl::StatusOr<v1::WriteResult> Client::SubmitLinked(const v1::LinkedRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::SubmitLinked, request);
}

absl::StatusOr<v1::Account> Client::GetAccount(const v1::GetAccountRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::GetAccount, request);
}

absl::StatusOr<v1::ListAccountsResponse> Client::ListAccounts(
    const v1::ListAccountsRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::ListAccounts, request);
}

absl::StatusOr<v1::Balance> Client::GetBalance(const v1::GetBalanceRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::GetBalance, request);
}

absl::StatusOr<v1::GetHistoryResponse> Client::GetHistory(const v1::GetHistoryRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::GetHistory, request);
}

absl::StatusOr<v1::ListEntriesResponse> Client::ListEntries(
    const v1::ListEntriesRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::ListEntries, request);
}

absl::StatusOr<v1::GetPeriodsResponse> Client::GetPeriods(const v1::GetPeriodsRequest& request) const {
  return Call(*ledger_stub_, &v1::LedgerService::Stub::GetPeriods, request);
}

absl::Status Client::Follow(uint64_t from_seq, const EntryCallback& on_entry) const {
  std::unique_ptr<grpc::ClientContext> context = NewContext(/*with_deadline=*/false);
  v1::FollowRequest request;
  request.set_from_seq(from_seq);
  std::unique_ptr<grpc::ClientReader<v1::JournalEntry>> reader =
      ledger_stub_->Follow(context.get(), request);
  v1::JournalEntry entry;
  bool stopped = false;
  while (reader->Read(&entry)) {
    if (!on_entry(entry)) {
      stopped = true;
      // Cancelling is how a client ends a server stream early; Finish then reports CANCELLED.
      context->TryCancel();
      break;
    }
  }
  grpc::Status status = reader->Finish();
  if (stopped) return absl::OkStatus();
  return FromGrpcStatus(status);
}

absl::StatusOr<v1::CreateTokenResponse> Client::CreateToken(
    const v1::CreateTokenRequest& request) const {
  return Call(*admin_stub_, &v1::AdminService::Stub::CreateToken, request);
}

absl::StatusOr<v1::WriteResult> Client::RevokeToken(const v1::RevokeTokenRequest& request) const {
  return Call(*admin_stub_, &v1::AdminService::Stub::RevokeToken, request);
}

absl::StatusOr<v1::ListTokensResponse> Client::ListTokens(const v1::ListTokensRequest& request) const {
  return Call(*admin_stub_, &v1::AdminService::Stub::ListTokens, request);
}

absl::StatusOr<v1::BackupResponse> Client::Backup(const v1::BackupRequest& request) const {
  return Call(*admin_stub_, &v1::AdminService::Stub::Backup, request);
}

absl::StatusOr<v1::Principal> Client::WhoAmI(const v1::WhoAmIRequest& request) const {
  return Call(*admin_stub_, &v1::AdminService::Stub::WhoAmI, request);
}

absl::StatusOr<v1::OrganisationResponse> Client::CreateOrganisation(const v1::CreateOrganisationRequest& request) const {
  return Call(*party_stub_, &v1::PartyService::Stub::CreateOrganisation, request);
}

absl::StatusOr<v1::OrganisationResponse> Client::CloseOrganisation(const v1::CloseOrganisationRequest& request) const {
  return Call(*party_stub_, &v1::PartyService::Stub::CloseOrganisation, request);
}

absl::StatusOr<v1::Organisation> Client::GetOrganisation(const v1::GetOrganisationRequest& request) const {
  return Call(*party_stub_, &v1::PartyService::Stub::GetOrganisation, request);
}

absl::StatusOr<v1::ListOrganisationsResponse> Client::ListOrganisations(const v1::ListOrganisationsRequest& request) const {
  return Call(*party_stub_, &v1::PartyService::Stub::ListOrganisations, request);
}

absl::StatusOr<v1::ListProposalsResponse> Client::ListProposals(const v1::ListProposalsRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::ListProposals, request);
}

absl::StatusOr<v1::Proposal> Client::GetProposal(const v1::GetProposalRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::GetProposal, request);
}

absl::StatusOr<v1::DecisionResponse> Client::ApproveProposal(const v1::ApproveRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::Approve, request);
}

absl::StatusOr<v1::DecisionResponse> Client::RejectProposal(const v1::RejectRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::Reject, request);
}

absl::StatusOr<v1::FundPolicy> Client::GetPolicy(const v1::GetPolicyRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::GetPolicy, request);
}

absl::StatusOr<v1::DecisionResponse> Client::ProposePolicy(const v1::ProposePolicyRequest& request) const {
  return Call(*approval_stub_, &v1::ApprovalService::Stub::ProposePolicy, request);
}

absl::StatusOr<v1::ProductResponse> Client::DefineProduct(const v1::DefineProductRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::DefineProduct, request);
}

absl::StatusOr<v1::ListProductsResponse> Client::ListProducts(const v1::ListProductsRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ListProducts, request);
}

absl::StatusOr<v1::SettingsResponse> Client::SetSettings(const v1::SetSettingsRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::SetSettings, request);
}

absl::StatusOr<v1::SettingsResponse> Client::GetSettings(const v1::GetSettingsRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::GetSettings, request);
}

absl::StatusOr<v1::CapitalResponse> Client::DepositCapital(const v1::DepositCapitalRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::DepositCapital, request);
}

absl::StatusOr<v1::CapitalResponse> Client::WithdrawCapital(const v1::WithdrawCapitalRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::WithdrawCapital, request);
}

absl::StatusOr<v1::ListCapitalResponse> Client::ListCapital(const v1::ListCapitalRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ListCapital, request);
}

absl::StatusOr<v1::CreditResponse> Client::ApplyCredit(const v1::ApplyRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Apply, request);
}

absl::StatusOr<v1::CreditResponse> Client::SubmitCredit(const v1::CreditIdRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Submit, request);
}

absl::StatusOr<v1::CreditResponse> Client::WithdrawCredit(const v1::CreditReasonRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Withdraw, request);
}

absl::StatusOr<v1::CreditResponse> Client::AssessCredit(const v1::AssessRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Assess, request);
}

absl::StatusOr<v1::ProposalResponse> Client::ProposeApproval(const v1::ProposeApprovalRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ProposeApproval, request);
}

absl::StatusOr<v1::CreditResponse> Client::RejectCredit(const v1::CreditReasonRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Reject, request);
}

absl::StatusOr<v1::CreditResponse> Client::CancelCredit(const v1::CreditReasonRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Cancel, request);
}

absl::StatusOr<v1::CreditResponse> Client::LapseCredit(const v1::CreditIdRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Lapse, request);
}

absl::StatusOr<v1::CreditResponse> Client::DisburseCredit(const v1::DisburseRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Disburse, request);
}

absl::StatusOr<v1::CreditResponse> Client::RepayCredit(const v1::RepayRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Repay, request);
}

absl::StatusOr<v1::CreditResponse> Client::RemindCredit(const v1::RemindRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Remind, request);
}

absl::StatusOr<v1::ProposalResponse> Client::ProposeReschedule(const v1::ProposeRescheduleRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ProposeReschedule, request);
}

absl::StatusOr<v1::ProposalResponse> Client::ProposeWriteOff(const v1::CreditReasonRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ProposeWriteOff, request);
}

absl::StatusOr<v1::CreditResponse> Client::RecordRecovery(const v1::RecoveryRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::RecordRecovery, request);
}

absl::StatusOr<v1::CreditResponse> Client::GetCredit(const v1::GetCreditRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::GetCredit, request);
}

absl::StatusOr<v1::ListCreditsResponse> Client::ListCredits(const v1::ListCreditsRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::ListCredits, request);
}

absl::StatusOr<v1::PortfolioResponse> Client::Portfolio(const v1::PortfolioRequest& request) const {
  return Call(*credit_stub_, &v1::CreditService::Stub::Portfolio, request);
}

absl::StatusOr<v1::ImportFileResponse> Client::ImportPaymentFile(const v1::ImportFileRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::ImportFile, request);
}

absl::StatusOr<v1::ListUnallocatedResponse> Client::ListUnallocated(const v1::ListUnallocatedRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::ListUnallocated, request);
}

absl::StatusOr<v1::PaymentRecord> Client::GetPayment(const v1::GetPaymentRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::GetPayment, request);
}

absl::StatusOr<v1::PaymentRecord> Client::AllocatePayment(const v1::AllocatePaymentRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::AllocatePayment, request);
}

absl::StatusOr<v1::PaymentRecord> Client::RefundPayment(const v1::RefundPaymentRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::RefundPayment, request);
}

absl::StatusOr<v1::PaymentOrder> Client::SettlePaymentOrder(const v1::SettlePaymentOrderRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::SettlePaymentOrder, request);
}

absl::StatusOr<v1::PaymentSettings> Client::SetPaymentSettings(const v1::SetPaymentSettingsRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::SetPaymentSettings, request);
}

absl::StatusOr<v1::PaymentSettings> Client::GetPaymentSettings(const v1::GetPaymentSettingsRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::GetPaymentSettings, request);
}

absl::StatusOr<v1::BasMappingResponse> Client::SetBasMapping(const v1::SetBasMappingRequest& request) const {
  return Call(*report_stub_, &v1::ReportService::Stub::SetBasMapping, request);
}

absl::StatusOr<v1::BasMappingResponse> Client::GetBasMapping(const v1::GetBasMappingRequest& request) const {
  return Call(*report_stub_, &v1::ReportService::Stub::GetBasMapping, request);
}

absl::StatusOr<v1::ExportSieResponse> Client::ExportSie(const v1::ExportSieRequest& request) const {
  return Call(*report_stub_, &v1::ReportService::Stub::ExportSie, request);
}

absl::StatusOr<v1::ExportPain001Response> Client::ExportPain001(const v1::ExportPain001Request& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::ExportPain001, request);
}

absl::StatusOr<v1::ListPaymentOrdersResponse> Client::ListPaymentOrders(
    const v1::ListPaymentOrdersRequest& request) const {
  return Call(*payment_stub_, &v1::PaymentService::Stub::ListPaymentOrders, request);
}

}  // namespace fondbok::client
