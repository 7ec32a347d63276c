// What every `fondbok` command shares: the global options, the connection, the output streams and
// the rules for errors and exit codes.
#ifndef FONDBOK_CLIENTS_CLI_CONTEXT_H_
#define FONDBOK_CLIENTS_CLI_CONTEXT_H_

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/client.h"
#include "fondbok/v1/journal.pb.h"

namespace fondbok::cli {

// Exit codes of `fondbok`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the server (or the connection) refused the request
inline constexpr int kExitUsage = 2;   // the command line was wrong; nothing was sent

inline constexpr char kAddressEnv[] = "FONDBOK_ADDR";
inline constexpr char kTokenEnv[] = "FONDBOK_TOKEN";
// Where `tools/setup.sh` and a first `fondbokd --data-dir var/fondbok` leave the admin token.
inline constexpr char kDefaultTokenPath[] = "var/fondbok/admin.token";

// Reads an environment variable; injectable so that tests do not depend on the real environment.
using Getenv = std::function<std::optional<std::string>(const char* name)>;
Getenv ProcessGetenv();

// The global options as given on the command line (flags win over the environment).
struct GlobalOptions {
  std::string address;          // --addr; empty: $FONDBOK_ADDR, else 127.0.0.1:50051
  std::string token;            // --token; empty: --token-file, $FONDBOK_TOKEN, ./var/fondbok/admin.token
  std::string token_file;       // --token-file
  std::string tls_ca;           // --tls-ca PEM; empty: plaintext
  std::string tls_server_name;  // --tls-server-name
  std::string tls_cert;         // --tls-cert PEM (mutual TLS)
  std::string tls_key;          // --tls-key PEM
  bool json = false;            // --json
  std::string timeout = "30s";  // --timeout, a duration such as 30s, 2m
};

// Marks a status as a usage error (exit 2: the command line was wrong, nothing was sent).
absl::Status UsageError(absl::Status status);
bool IsUsageError(const absl::Status& status);
// 0 for OK, 2 for usage errors, 1 for everything else.
int ExitCodeFor(const absl::Status& status);
// "error: FAILED_PRECONDITION: account … may not be overdrawn …" (one line, no newline).
std::string ErrorLine(const absl::Status& status);

// The token to send: --token, else --token-file, else $FONDBOK_TOKEN, else the content of
// `default_token_path` when that file is readable, else "" (no token). A --token-file that
// cannot be read is an error; the default path is only tried.
absl::StatusOr<std::string> ResolveToken(const GlobalOptions& options, const Getenv& getenv,
                                         const std::string& default_token_path);

// Turns the global options into client options (usage errors for a bad --timeout etc.).
absl::StatusOr<client::ClientOptions> MakeClientOptions(const GlobalOptions& options,
                                                        const Getenv& getenv,
                                                        const std::string& default_token_path);

class CommandContext {
 public:
  CommandContext(std::ostream& out, std::ostream& err, Getenv getenv,
                 std::string default_token_path = kDefaultTokenPath);

  // The command picked on the command line; set by the subcommand's parse callback, run by RunCli.
  using Action = std::function<absl::Status()>;
  void set_action(Action action) { action_ = std::move(action); }
  const Action& action() const { return action_; }

  GlobalOptions& options() { return options_; }
  bool json() const { return options_.json; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  // The connected client; connects on first use. Errors are usage errors (bad flags, files).
  absl::StatusOr<const client::Client*> client();

  // Adds a hint to UNAUTHENTICATED errors when no token was given at all.
  absl::Status Explain(absl::Status status) const;

  // Prints the outcome of a write: the JSON of the result, or `done` and the seq and hash of
  // each entry written.
  absl::Status PrintWrite(const absl::StatusOr<v1::WriteResult>& result, absl::string_view done);

  // The request id to use: `given` after checking it, or (when it is empty and `fresh_if_empty`) a
  // fresh one that is announced on stderr so that the write can be retried with the same id.
  absl::StatusOr<std::string> RequestId(const std::string& given, bool fresh_if_empty = true);

 private:
  std::ostream& out_;
  std::ostream& err_;
  Getenv getenv_;
  const std::string default_token_path_;
  GlobalOptions options_;
  Action action_;
  std::unique_ptr<client::Client> client_;
};

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_CONTEXT_H_
