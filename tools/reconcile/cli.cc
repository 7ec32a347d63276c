#include "tools/reconcile/cli.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "tools/reconcile/reconcile.h"
#include "tools/reconcile/report.h"

namespace fondbok::reconcile {
namespace {

struct CliOptions {
  std::string data_dir;
  bool secondary = false;
  bool json = false;
  std::string statement;  // empty: no bank matching
  int window_days = kWindowDaysDefault;
  bool timings = false;     // print each check's time and a raw-read floor on stderr
  int decode_threads = -1;  // ReconcileOptions::decode_threads
};

// A private temporary directory, removed with its contents on destruction.
class ScratchDir {
 public:
  static absl::StatusOr<std::unique_ptr<ScratchDir>> Make() {
    std::error_code error;
    std::string pattern = (std::filesystem::temp_directory_path(error) / "fondbok-reconcile-XXXXXX").string();
    if (error || ::mkdtemp(pattern.data()) == nullptr) {
      return absl::UnavailableError(absl::StrCat("cannot make a temporary directory for the secondary's log: ",
                                                 error ? error.message() : std::strerror(errno)));
    }
    return std::unique_ptr<ScratchDir>(new ScratchDir(pattern));
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Opens the directory and runs every check; errors make the input unusable.
absl::StatusOr<ReconcileReport> Run(const CliOptions& options, const std::optional<BankStatement>& statement,
                                    std::ostream& err) {
  std::unique_ptr<ScratchDir> scratch;
  if (options.secondary) {
    auto made = ScratchDir::Make();
    if (!made.ok()) return made.status();
    scratch = std::move(*made);
  }
  auto storage = OpenDataDir(options.data_dir, options.secondary, scratch ? scratch->path() : "");
  if (!storage.ok()) return storage.status();
  auto modules = ServerModules::Make();
  if (!modules.ok()) return modules.status();
  // Read-only and secondary readers see one fixed state until the next catch-up: one consistent view.
  std::unique_ptr<ledger::Snapshot> snapshot = (*storage)->NewSnapshot();
  absl::StatusOr<ReadFloor> floor = ReadFloor{};
  if (options.timings) floor = MeasureReadFloor(*snapshot);
  if (!floor.ok()) return floor.status();
  ReconcileOptions reconcile_options;
  reconcile_options.decode_threads = options.decode_threads;
  auto report = Reconcile(*snapshot, (*modules)->registry(), reconcile_options);
  if (!report.ok()) return report.status();
  if (options.timings) err << FormatTimings(*report, *floor);
  if (statement.has_value()) {
    auto bank = CheckBank(*snapshot, *statement, options.window_days);
    if (!bank.ok()) {
      return absl::Status(bank.status().code(), absl::StrCat("statement ", options.statement, ": ", bank.status().message()));
    }
    bank->file = options.statement;
    report->bank = std::move(*bank);
  }
  report->data_dir = options.data_dir;
  report->mode = options.secondary ? "secondary" : "read-only";
  return report;
}

}  // namespace

int RunReconcileCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"fondbok-reconcile: prove that the books are whole — hash chain, balances, trial balance, "
               "and every view replayed from the journal. Never writes to the data directory.",
               "fondbok-reconcile"};
  CliOptions options;
  app.add_option("--data-dir", options.data_dir, "data directory of fondbokd, or a checkpoint of `fondbok admin backup`")
      ->required();
  app.add_flag("--secondary", options.secondary, "follow a running fondbokd as a RocksDB secondary");
  app.add_flag("--json", options.json, "print one JSON object instead of the report");
  app.add_option("--statement", options.statement,
                 "bank statement of asset:bank to match: camt.053, or CSV with date,amount,reference,text");
  app.add_option("--window-days", options.window_days, "days a statement line and a ledger movement may lie apart")
      ->check(CLI::Range(0, 366))
      ->default_val(kWindowDaysDefault);
  app.add_flag("--timings", options.timings,
               "print on stderr how long each check took, against a raw read of the same journal and views");
  app.add_option("--decode-threads", options.decode_threads,
                 "threads that decode and hash journal entries ahead of the checks (-1: one per core, 0: none)")
      ->check(CLI::Range(-1, 64))
      ->default_val(-1);
  app.footer("Exit status: 0 whole, 1 a break or an unmatched bank item found, 2 unusable input or command line.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error, out, err) == 0 ? kExitWhole : kExitUnusable;
  }
  std::optional<BankStatement> statement;
  if (!options.statement.empty()) {
    absl::StatusOr<BankStatement> read = ReadStatementFile(options.statement);
    if (!read.ok()) {
      // The message names the file and the line or element.
      err << "fondbok-reconcile: unusable statement " << read.status().message() << "\n";
      return kExitUnusable;
    }
    statement = std::move(*read);
  }
  absl::StatusOr<ReconcileReport> report = Run(options, statement, err);
  if (!report.ok()) {
    err << "fondbok-reconcile: cannot use " << options.data_dir << ": " << report.status().message() << " ("
        << absl::StatusCodeToString(report.status().code()) << ")\n";
    return kExitUnusable;
  }
  out << (options.json ? FormatJson(*report) : FormatText(*report));
  out.flush();
  return report->Whole() ? kExitWhole : kExitBreak;
}

}  // namespace fondbok::reconcile
