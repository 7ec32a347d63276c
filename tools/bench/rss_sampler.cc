#include "tools/bench/rss_sampler.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fondbok::bench {

absl::StatusOr<int64_t> ParseVmRssKb(absl::string_view status_text) {
  for (absl::string_view line : absl::StrSplit(status_text, '\n')) {
    if (!absl::ConsumePrefix(&line, "VmRSS:")) continue;
    line = absl::StripAsciiWhitespace(line);
    if (!absl::ConsumeSuffix(&line, "kB")) break;
    int64_t kb = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &kb)) break;
    return kb;
  }
  return absl::NotFoundError("the status text has no \"VmRSS: <n> kB\" line");
}

absl::StatusOr<int64_t> ReadVmRssKb(pid_t pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/status");
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("process ", pid, " does not exist (cannot read ", path, ")"));
  std::stringstream text;
  text << in.rdbuf();
  auto kb = ParseVmRssKb(text.str());
  if (!kb.ok()) return absl::NotFoundError(absl::StrCat(path, ": ", kb.status().message()));
  return kb;
}

absl::StatusOr<std::unique_ptr<RssSampler>> RssSampler::Start(pid_t pid, absl::Duration interval) {
  auto first = ReadVmRssKb(pid);
  if (!first.ok()) return first.status();
  std::unique_ptr<RssSampler> sampler(new RssSampler(pid, interval, *first));
  sampler->thread_ = std::thread([s = sampler.get()] { s->Run(); });
  return sampler;
}

RssSampler::RssSampler(pid_t pid, absl::Duration interval, int64_t first_kb) : pid_(pid), interval_(interval) {
  summary_.start_kb = summary_.max_kb = summary_.end_kb = first_kb;
  summary_.samples = 1;
}

RssSampler::~RssSampler() { Stop(); }

void RssSampler::Record(int64_t kb) {
  std::lock_guard<std::mutex> lock(mu_);
  summary_.max_kb = std::max(summary_.max_kb, kb);
  summary_.end_kb = kb;
  ++summary_.samples;
}

void RssSampler::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (stop_requested_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; })) return;
    }
    auto kb = ReadVmRssKb(pid_);
    if (!kb.ok()) return;  // the process is gone; keep what was sampled
    Record(*kb);
  }
}

RssSummary RssSampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    auto kb = ReadVmRssKb(pid_);
    if (kb.ok()) Record(*kb);
  }
  std::lock_guard<std::mutex> lock(mu_);
  return summary_;
}

}  // namespace fondbok::bench
