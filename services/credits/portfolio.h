// The portfolio as of a date (DESIGN.md §8, §12): outstanding principal, arrears buckets and
// PAR30 per product, risk grade, municipality and capital source, computed from every credit's
// history — backdated payments inside open periods count on their value dates.
#ifndef FONDBOK_SERVICES_CREDITS_PORTFOLIO_H_
#define FONDBOK_SERVICES_CREDITS_PORTFOLIO_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/credit_service.pb.h"
#include "ledger/kv.h"

namespace fondbok::credits {

// Accumulates credits one by one. Not thread-safe.
class PortfolioBuilder {
 public:
  explicit PortfolioBuilder(absl::CivilDay as_of);
  absl::Status Add(const v1::Credit& credit);
  v1::PortfolioResponse Finish() const;

 private:
  v1::PortfolioGroup& Group(const std::string& dimension, const std::string& key);
  absl::CivilDay as_of_;
  std::vector<v1::PortfolioGroup> groups_;
  int64_t written_off_ore_ = 0;
  int32_t scanned_ = 0;
};

// Reads every credit from `state` and builds the portfolio. The scan runs on the calling thread
// and hands the raw credits in batches to one worker thread, which parses them and adds them to a
// PortfolioBuilder in scan order (so the result is the same as adding them one by one): reading
// the store and computing overlap on two cores. `state` is used only by the calling thread.
// DATA_LOSS naming the key of a credit that does not decode; the scan's or the first credit's
// error otherwise.
absl::StatusOr<v1::PortfolioResponse> BuildPortfolio(const ledger::KvReader& state, absl::CivilDay as_of);

}  // namespace fondbok::credits

#endif  // FONDBOK_SERVICES_CREDITS_PORTFOLIO_H_
