#include "clients/cli/context.h"

#include <cstdlib>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/cli/arguments.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "ledger/date.h"

namespace fondbok::cli {
namespace {

constexpr char kUsagePayloadUrl[] = "type.fondbok/cli.usage";

}  // namespace

Getenv ProcessGetenv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

absl::Status UsageError(absl::Status status) {
  if (!status.ok()) status.SetPayload(kUsagePayloadUrl, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayloadUrl).has_value();
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  return IsUsageError(status) ? kExitUsage : kExitFailed;
}

std::string ErrorLine(const absl::Status& status) {
  std::string message(status.message());
  // One line, whatever the server sent.
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return absl::StrCat("error: ", absl::StatusCodeToString(status.code()), ": ", message);
}

absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const Getenv& getenv,
                                         const std::string& default_token_path) {
  if (!options.token.empty() && !options.token_file.empty()) {
    return absl::InvalidArgumentError("give --token or --token-file, not both");
  }
  if (!options.token.empty()) return options.token;
  if (!options.token_file.empty()) return client::ReadTokenFile(options.token_file);
  if (std::optional<std::string> token = getenv(kTokenEnv)) return *token;
  if (std::ifstream(default_token_path).good()) {
    auto token = client::ReadTokenFile(default_token_path);
    if (token.ok()) return token;
  }
  return std::string();
}

absl::StatusOr<client::ClientOptions> MakeClientOptions(const GlobalOptions& options,
                                                        const Getenv& getenv,
                                                        const std::string& default_token_path) {
  client::ClientOptions result;
  if (!options.address.empty()) {
    result.address = options.address;
  } else if (std::optional<std::string> address = getenv(kAddressEnv)) {
    result.address = *address;
  }
  auto token = ResolveToken(options, getenv, default_token_path);
  if (!token.ok()) return token.status();
  result.token = std::move(*token);
  auto timeout_s = ledger::ParseDurationSeconds(options.timeout);
  if (!timeout_s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--timeout: ", timeout_s.status().message()));
  }
  result.timeout = std::chrono::seconds(*timeout_s);
  result.tls_ca_pem_path = options.tls_ca;
  result.tls_server_name = options.tls_server_name;
  result.tls_client_cert_pem_path = options.tls_cert;
  result.tls_client_key_pem_path = options.tls_key;
  return result;
}

CommandContext::CommandContext(std::ostream& out, std::ostream& err, Getenv getenv,
                               std::string default_token_path)
    : out_(out), err_(err), getenv_(std::move(getenv)), default_token_path_(std::move(default_token_path)) {}

absl::StatusOr<const client::Client*> CommandContext::client() {
  if (client_ == nullptr) {
    auto client_options = MakeClientOptions(options_, getenv_, default_token_path_);
    if (!client_options.ok()) return UsageError(client_options.status());
    auto client = client::Client::Connect(*client_options);
    if (!client.ok()) return UsageError(client.status());
    client_ = std::move(*client);
  }
  return client_.get();
}

absl::Status CommandContext::Explain(absl::Status status) const {
  if (status.code() != absl::StatusCode::kUnauthenticated || client_ == nullptr ||
      !client_->options().token.empty()) {
    return status;
  }
  return absl::Status(status.code(),
                      absl::StrCat(status.message(), " (no token was given: use --token, --token-file or ",
                                   kTokenEnv, ")"));
}

absl::Status CommandContext::PrintWrite(const absl::StatusOr<v1::WriteResult>& result,
                                        absl::string_view done) {
  if (!result.ok()) return Explain(result.status());
  if (json()) {
    out_ << WriteResultToJson(*result) << "\n";
  } else {
    out_ << done << "\n" << RenderWriteResult(*result);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CommandContext::RequestId(const std::string& given,
                                                      bool fresh_if_empty) {
  if (!given.empty() || !fresh_if_empty) {
    absl::Status valid = ValidateRequestId(given);
    if (!valid.ok()) return UsageError(valid);
    return given;
  }
  std::string fresh = NewRequestId();
  err_ << "request id " << fresh << " (repeat with --request-id " << fresh
       << " to retry this write safely)\n";
  return fresh;
}

}  // namespace fondbok::cli
