// Regression corpus test: every file of fuzz/corpus/{bgmax,csv,camt}/ runs through its parser in the
// default (g++) suite, so an input a fuzz run once found stays fixed. A file whose name starts with
// "ok_" must parse, "bad_" must be refused; any other (e.g. a crash-… reproducer) must only not
// crash and, when accepted, keep the invariants.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "services/payments/fuzz/invariants.h"

namespace fondbok::payments {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

template <typename Parse>
int RunCorpus(const std::string& folder, Parse parse) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(FONDBOK_PAYMENTS_CORPUS) + "/" + folder)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string name = entry.path().filename().string();
    auto result = parse(ReadFile(entry.path()));
    if (result.ok()) {
      CheckInvariants(*result);
    } else {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << name;
    }
    if (absl::StartsWith(name, "ok_")) {
      EXPECT_TRUE(result.ok()) << folder << "/" << name << ": " << result.status();
    }
    if (absl::StartsWith(name, "bad_")) {
      EXPECT_FALSE(result.ok()) << folder << "/" << name;
    }
  }
  return files;
}

TEST(CorpusTest, BgMax) { EXPECT_GT(RunCorpus("bgmax", ParseBgMax), 3); }
TEST(CorpusTest, BankCsv) { EXPECT_GT(RunCorpus("csv", ParseBankCsv), 3); }
TEST(CorpusTest, Camt) { EXPECT_GE(RunCorpus("camt", ParseCamt), 3); }

}  // namespace
}  // namespace fondbok::payments
