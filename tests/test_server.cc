#include "tests/test_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace fondbok::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string FondbokdPath() { return FONDBOKD_PATH; }
std::string CliPath() { return FONDBOK_CLI_PATH; }

std::string MakeTempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::filesystem::path root = base != nullptr ? base : std::filesystem::temp_directory_path();
  std::random_device rd;
  std::filesystem::path dir = root / (name + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

TestServer::TestServer(TestServerOptions options) : options_(std::move(options)) {
  if (options_.data_dir.empty()) {
    data_dir_ = MakeTempDir("fondbok-data");
    owns_data_dir_ = true;
  } else {
    data_dir_ = options_.data_dir;
  }
  std::string scratch = MakeTempDir("fondbok-run");
  log_path_ = scratch + "/fondbokd.log";
  port_path_ = scratch + "/port";
}

TestServer::~TestServer() {
  if (pid_ > 0) Stop();
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(port_path_).parent_path(), ec);
  if (owns_data_dir_) std::filesystem::remove_all(data_dir_, ec);
}

bool TestServer::Start(std::string* error) {
  std::error_code ec;
  std::filesystem::remove(port_path_, ec);
  std::vector<std::string> args = {FondbokdPath(), "--listen", options_.listen_host + ":0", "--data-dir", data_dir_,
                                   "--port-file", port_path_};
  for (const auto& flag : options_.extra_flags) args.push_back(flag);
  std::vector<char*> argv = CStrings(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    if (error != nullptr) *error = "posix_spawn failed";
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string port = Trim(ReadAll(port_path_));
    if (!port.empty()) {
      port_ = std::stoi(port);
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (error != nullptr) *error = "fondbokd exited at start: " + log();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill();
  if (error != nullptr) *error = "fondbokd did not start within 30 s: " + log();
  return false;
}

int TestServer::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void TestServer::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string TestServer::address() const { return options_.listen_host + ":" + std::to_string(port_); }

std::string TestServer::admin_token() const { return Trim(ReadAll(data_dir_ + "/admin.token")); }

std::string TestServer::log() const { return ReadAll(log_path_); }

CommandResult RunProgram(const std::vector<std::string>& argv_in, const std::vector<std::string>& env_in) {
  std::string scratch = MakeTempDir("fondbok-cmd");
  std::string out_path = scratch + "/out";
  std::string err_path = scratch + "/err";
  std::vector<std::string> args = argv_in;
  std::vector<char*> argv = CStrings(args);
  std::vector<std::string> env = env_in;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind("FONDBOK_", 0) != 0) env.push_back(entry);
  }
  std::vector<char*> envp = CStrings(env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  CommandResult result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = ReadAll(out_path);
  result.err = ReadAll(err_path);
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  return result;
}

CommandResult RunCli(const std::string& address, const std::string& token, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {CliPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, {"FONDBOK_ADDR=" + address, "FONDBOK_TOKEN=" + token});
}

}  // namespace fondbok::testing
