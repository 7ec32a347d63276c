// Time is injected: the ledger and every domain module read the time from a Clock, never from the
// system directly, so tests can fix it and as-of computations are reproducible.
#ifndef FONDBOK_LEDGER_CLOCK_H_
#define FONDBOK_LEDGER_CLOCK_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace fondbok::ledger {

// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// The system clock moved by a fixed offset. fondbokd runs on it with offset 0; a rehearsal or a
// system test may run the server days ahead (--clock-offset-days) to see offers lapse and
// instalments fall due.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(absl::Duration offset) : offset_(offset) {}
  absl::Time Now() const override { return absl::Now() + offset_; }

 private:
  const absl::Duration offset_;
};

// A clock that stands still until it is moved; for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_us_(absl::ToUnixMicros(now)) {}
  absl::Time Now() const override { return absl::FromUnixMicros(now_us_.load()); }
  void Set(absl::Time now) { now_us_.store(absl::ToUnixMicros(now)); }
  void Advance(absl::Duration d) { now_us_.fetch_add(absl::ToInt64Microseconds(d)); }

 private:
  std::atomic<int64_t> now_us_;
};

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_CLOCK_H_
