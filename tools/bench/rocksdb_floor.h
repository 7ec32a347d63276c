// The raw RocksDB floor: how many 256-byte records per second this machine's disk takes in synced
// write batches, with nothing of fondbok in the way. fondbokd's rate is read against it.
#ifndef FONDBOK_TOOLS_BENCH_ROCKSDB_FLOOR_H_
#define FONDBOK_TOOLS_BENCH_ROCKSDB_FLOOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fondbok::bench {

inline constexpr size_t kRawRecordBytes = 256;

struct RawFloorOptions {
  // A fresh database is created in a new temporary directory under this one and removed after.
  std::string parent_dir = "/tmp";
  // Records per synced WriteBatch, >= 1.
  int batch_records = 1;
  // Threads writing batches at the same time (RocksDB groups concurrent writers into one synced
  // write of its own), >= 1.
  int writer_threads = 1;
  absl::Duration duration = absl::Seconds(2);
};

struct RawFloorResult {
  double records_per_s = 0;
  uint64_t records = 0;
  absl::Duration elapsed;
};

// Opens a fresh RocksDB (default options, create_if_missing) and writes batches with
// WriteOptions.sync = true from `writer_threads` threads for `duration`. UNAVAILABLE naming the
// directory when it cannot be created or opened.
absl::StatusOr<RawFloorResult> MeasureRawFloor(const RawFloorOptions& options);

}  // namespace fondbok::bench

#endif  // FONDBOK_TOOLS_BENCH_ROCKSDB_FLOOR_H_
