// System-test harness: starts the real fondbokd binary on a free loopback port with a temporary
// data directory, and runs the real fondbok CLI against it.
#ifndef FONDBOK_TESTS_TEST_SERVER_H_
#define FONDBOK_TESTS_TEST_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace fondbok::testing {

struct TestServerOptions {
  std::string data_dir;                 // empty: a fresh temporary directory, removed at the end
  std::vector<std::string> extra_flags;  // e.g. {"--tls-cert", path, "--tls-key", path}
  std::string listen_host = "127.0.0.1";
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();  // stops the server (SIGTERM) and removes a temporary data directory

  // Starts fondbokd and waits until it listens. Returns false (with the log in `error`) on failure.
  bool Start(std::string* error = nullptr);
  // SIGTERM and wait; returns the exit status (0 on a clean shutdown).
  int Stop();
  // SIGKILL and reap: a crash.
  void Kill();
  bool running() const { return pid_ > 0; }

  std::string address() const;  // "127.0.0.1:PORT"
  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string admin_token() const;  // content of <data-dir>/admin.token
  std::string log() const;          // stdout+stderr of the server so far

 private:
  TestServerOptions options_;
  std::string data_dir_;
  bool owns_data_dir_ = false;
  std::string log_path_;
  std::string port_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the fondbok CLI with `args` (no shell), with FONDBOK_ADDR and FONDBOK_TOKEN set from the
// arguments and the rest of the environment cleared of FONDBOK_*.
CommandResult RunCli(const std::string& address, const std::string& token, const std::vector<std::string>& args);

// Runs any program (no shell).
CommandResult RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

std::string FondbokdPath();
std::string CliPath();
// A fresh directory under the test temp dir.
std::string MakeTempDir(const std::string& name);

}  // namespace fondbok::testing

#endif  // FONDBOK_TESTS_TEST_SERVER_H_
