#include "services/credits/portfolio.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"

namespace fondbok::credits {
namespace {

// Raw credits as scanned: keys and values back to back in one buffer.
class CreditBatch {
 public:
  void Append(absl::string_view key, absl::string_view value) {
    bytes_.append(key.data(), key.size());
    bytes_.append(value.data(), value.size());
    sizes_.emplace_back(key.size(), value.size());
  }
  bool Full() const { return sizes_.size() >= 512 || bytes_.size() >= (size_t{2} << 20); }
  bool empty() const { return sizes_.empty(); }
  void clear() {
    bytes_.clear();
    sizes_.clear();
  }
  // Calls visit(key, value) for each credit in scan order until it returns a failure.
  absl::Status ForEach(const std::function<absl::Status(absl::string_view, absl::string_view)>& visit) const {
    size_t at = 0;
    for (auto [key_size, value_size] : sizes_) {
      const absl::string_view key(bytes_.data() + at, key_size);
      const absl::string_view value(bytes_.data() + at + key_size, value_size);
      at += key_size + value_size;
      RETURN_IF_ERROR(visit(key, value));
    }
    return absl::OkStatus();
  }

 private:
  std::string bytes_;
  std::vector<std::pair<size_t, size_t>> sizes_;
};

// Hands batches from the scanning thread to the worker, at most kDepth waiting. Thread-safe.
class CreditQueue {
 public:
  // Moves `batch` into the queue (leaving it empty); waits while the queue is full. False when the
  // worker has aborted: stop scanning.
  bool Push(CreditBatch& batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return aborted_ || waiting_.size() < kDepth; });
    if (aborted_) return false;
    waiting_.push_back(std::move(batch));
    batch.clear();
    changed_.notify_all();
    return true;
  }
  // The next batch in scan order; false once the queue is closed and drained, or aborted.
  bool Pop(CreditBatch& batch) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return aborted_ || closed_ || !waiting_.empty(); });
    if (aborted_ || waiting_.empty()) return false;
    batch = std::move(waiting_.front());
    waiting_.pop_front();
    changed_.notify_all();
    return true;
  }
  void Close() { Set(closed_); }
  void Abort() { Set(aborted_); }

 private:
  static constexpr size_t kDepth = 4;
  void Set(bool& flag) {
    std::lock_guard lock(mu_);
    flag = true;
    changed_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<CreditBatch> waiting_;
  bool closed_ = false;
  bool aborted_ = false;
};

// The worker: parses every credit of every batch, in scan order, and adds it to the builder.
absl::Status ParseAndAdd(CreditQueue& queue, PortfolioBuilder& builder) {
  v1::Credit credit;  // reused: its repeated fields and strings keep their allocations
  CreditBatch batch;
  while (queue.Pop(batch)) {
    RETURN_IF_ERROR(batch.ForEach([&](absl::string_view key, absl::string_view value) {
      if (!credit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        return absl::DataLossError(absl::StrCat("view ", key, " does not decode"));
      }
      return builder.Add(credit);
    }));
  }
  return absl::OkStatus();
}

}  // namespace

PortfolioBuilder::PortfolioBuilder(absl::CivilDay as_of) : as_of_(as_of) {}

v1::PortfolioGroup& PortfolioBuilder::Group(const std::string& dimension, const std::string& key) {
  for (v1::PortfolioGroup& g : groups_) {
    if (g.dimension() == dimension && g.key() == key) return g;
  }
  v1::PortfolioGroup& g = groups_.emplace_back();
  g.set_dimension(dimension);
  g.set_key(key);
  return g;
}

absl::Status PortfolioBuilder::Add(const v1::Credit& credit) {
  ++scanned_;
  const v1::CreditState state = StateOn(credit, as_of_);
  if (state == v1::CREDIT_WRITTEN_OFF) written_off_ore_ += credit.written_off_ore();
  if (state != v1::CREDIT_ACTIVE) return absl::OkStatus();
  ASSIGN_OR_RETURN(v1::CreditStanding standing, StandingAsOf(credit, as_of_, 0));
  const std::string grade = credit.assessment().risk_grade() == v1::RISK_GRADE_UNSPECIFIED
                                ? "-"
                                : v1::RiskGrade_Name(credit.assessment().risk_grade()).substr(5);
  for (auto [dimension, key] : {std::pair<std::string, std::string>{"total", "all"},
                                {"product", credit.product().id()},
                                {"risk_grade", grade},
                                {"municipality", credit.municipality()},
                                {"capital_source", credit.capital_source()}}) {
    v1::PortfolioGroup& g = Group(dimension, key);
    g.set_credits(g.credits() + 1);
    g.set_outstanding_principal_ore(g.outstanding_principal_ore() + standing.outstanding_principal_ore());
    g.set_overdue_ore(g.overdue_ore() + standing.overdue_ore());
    if (standing.days_past_due() > 30) {
      g.set_par30_principal_ore(g.par30_principal_ore() + standing.outstanding_principal_ore());
    }
    switch (standing.bucket()) {
      case 1: g.set_bucket_counts_1_30(g.bucket_counts_1_30() + 1); break;
      case 2: g.set_bucket_counts_31_60(g.bucket_counts_31_60() + 1); break;
      case 3: g.set_bucket_counts_61_90(g.bucket_counts_61_90() + 1); break;
      case 4: g.set_bucket_counts_over_90(g.bucket_counts_over_90() + 1); break;
      default: break;
    }
  }
  return absl::OkStatus();
}

v1::PortfolioResponse PortfolioBuilder::Finish() const {
  v1::PortfolioResponse response;
  response.set_as_of(ledger::FormatDate(as_of_));
  for (v1::PortfolioGroup g : groups_) {
    if (g.outstanding_principal_ore() > 0) {
      auto bp = ledger::MultiplyRatioHalfEven(g.par30_principal_ore(), 10000, g.outstanding_principal_ore());
      g.set_par30_bp(bp.ok() ? static_cast<int32_t>(*bp) : 0);
    }
    *response.add_groups() = std::move(g);
  }
  response.set_written_off_ore(written_off_ore_);
  response.set_credits_scanned(scanned_);
  return response;
}

absl::StatusOr<v1::PortfolioResponse> BuildPortfolio(const ledger::KvReader& state, absl::CivilDay as_of) {
  PortfolioBuilder builder(as_of);
  CreditQueue queue;
  absl::Status worked;
  std::thread worker([&] {
    worked = ParseAndAdd(queue, builder);
    if (!worked.ok()) queue.Abort();
  });
  CreditBatch batch;
  const absl::Status scanned = state.Scan(ledger::Space::kViews, kCreditPrefix, ledger::PrefixEnd(kCreditPrefix),
                                          [&](absl::string_view key, absl::string_view value) {
                                            batch.Append(key, value);
                                            return !batch.Full() || queue.Push(batch);
                                          });
  if (!scanned.ok()) {
    queue.Abort();
  } else {
    if (!batch.empty()) queue.Push(batch);
    queue.Close();
  }
  worker.join();
  RETURN_IF_ERROR(scanned);
  RETURN_IF_ERROR(worked);
  return builder.Finish();
}

}  // namespace fondbok::credits
