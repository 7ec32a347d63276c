#include "tools/bench/report.h"

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

BenchReport Unbatched() {
  BenchReport r;
  r.run_id = "00000000abcdef01";
  r.seed = 7;
  r.clients = 32;
  r.batch_entries = 1;
  r.duration_s = 10;
  r.channel_mode = "per-thread";
  r.accounts = 10000;
  r.requests = r.entries = r.verified_entries = 120000;
  r.elapsed_s = 10;
  r.entries_per_s = 12000;
  r.latency = {120000, 2500, 8000, 20000};
  r.raw_writer_threads = 32;
  r.raw_records_per_s = 24000;
  r.raw_one_sync_per_s = 3000;
  r.echo_calls_per_s = 16000;
  return r;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(FormatJson, HoldsTheRequiredFieldsOnOneLine) {
  const std::string json = FormatJson(Unbatched());
  for (const char* part :
       {"\"entries_per_s\":12000.0", "\"latency_us_p50\":2500", "\"latency_us_p99\":8000",
        "\"raw_records_per_s\":24000.0", "\"echo_calls_per_s\":16000.0", "\"ratio_raw\":0.5000",
        "\"ratio_echo\":0.7500", "\"raw_one_sync_per_s\":3000.0", "\"ratio_one_sync\":4.0000", "\"clients\":32",
        "\"batch\":1", "\"seconds\":10", "\"hot\":false", "\"verified_entries\":120000"}) {
    EXPECT_TRUE(Has(json, part)) << part << " in " << json;
  }
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");
  EXPECT_EQ(json.find('\n'), json.size() - 1);
  EXPECT_FALSE(Has(json, "rss_kb_server"));
}

TEST(FormatJson, AbsentFloorsAreNullAndBatchedRunsHaveNoOneSync) {
  BenchReport r = Unbatched();
  r.batch_entries = 1000;
  r.raw_records_per_s.reset();
  r.raw_one_sync_per_s.reset();
  r.echo_calls_per_s.reset();
  r.rss_server = RssSummary{1000, 3000, 2000, 11};
  const std::string json = FormatJson(r);
  EXPECT_TRUE(Has(json, "\"raw_records_per_s\":null"));
  EXPECT_TRUE(Has(json, "\"ratio_echo\":null"));
  EXPECT_FALSE(Has(json, "ratio_one_sync"));
  EXPECT_TRUE(Has(json, "\"rss_kb_server\":3000"));
  EXPECT_TRUE(Has(json, "\"rss_kb_server_start\":1000"));
  EXPECT_TRUE(Has(json, "\"rss_kb_server_end\":2000"));
}

TEST(FormatJson, CpuPerEntryByThreadWhenMeasured) {
  BenchReport r = Unbatched();
  EXPECT_FALSE(Has(FormatJson(r), "cpu_us_per_entry"));
  EXPECT_FALSE(Has(FormatText(r), "CPU per entry"));
  r.server_cpu_us_per_entry_by_thread = {{"seq-commit", 6.25}, {"seq-writer", 5.5}};
  r.server_cpu_us_per_entry = 11.75;
  r.client_cpu_us_per_entry = 2.0;
  const std::string json = FormatJson(r);
  EXPECT_TRUE(Has(json, "\"server_cpu_us_per_entry\":11.75")) << json;
  EXPECT_TRUE(Has(json, "\"server_cpu_us_per_entry_by_thread\":{\"seq-commit\":6.25,\"seq-writer\":5.50}")) << json;
  EXPECT_TRUE(Has(json, "\"client_cpu_us_per_entry\":2.00")) << json;
  const std::string text = FormatText(r);
  EXPECT_TRUE(Has(text, "server CPU per entry: 11.8 us (seq-commit 6.2, seq-writer 5.5)")) << text;
  EXPECT_TRUE(Has(text, "load generator CPU per entry: 2.0 us")) << text;
}

TEST(FormatJson, FillHasTheRateButNoLatencyOrFloors) {
  BenchReport r = Unbatched();
  r.fill = true;
  const std::string json = FormatJson(r);
  EXPECT_TRUE(Has(json, "\"mode\":\"fill\"")) << json;
  EXPECT_TRUE(Has(json, "\"entries_per_s\":12000.0")) << json;
  EXPECT_FALSE(Has(json, "latency_us_p50")) << json;
  EXPECT_FALSE(Has(json, "ratio_raw")) << json;
  EXPECT_FALSE(Has(json, "verified_entries")) << json;
}

TEST(FormatText, SaysWhatWasVerifiedAndTheRatios) {
  const std::string text = FormatText(Unbatched());
  EXPECT_TRUE(Has(text, "entries/s: 12000.0")) << text;
  EXPECT_TRUE(Has(text, "p50 2500  p99 8000")) << text;
  EXPECT_TRUE(Has(text, "verified: 120000 entries\n")) << text;
  EXPECT_TRUE(Has(text, "ratio_raw 0.5000  ratio_echo 0.7500  ratio_one_sync 4.00")) << text;
}

TEST(Ratio, NeedsAPositiveFloor) {
  EXPECT_FALSE(Ratio(10, std::nullopt).has_value());
  EXPECT_FALSE(Ratio(10, 0.0).has_value());
  EXPECT_DOUBLE_EQ(*Ratio(10, 4.0), 2.5);
}

}  // namespace
}  // namespace fondbok::bench
