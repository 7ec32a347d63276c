#include "tools/bench/rocksdb_floor.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "absl/strings/str_cat.h"
#include "ledger/status_macros.h"
#include "tools/bench/closed_loop.h"

namespace fondbok::bench {
namespace {

absl::StatusOr<std::string> MakeTempDir(const std::string& parent) {
  std::string path = (std::filesystem::path(parent) / "fondbok-bench-raw-XXXXXX").string();
  if (mkdtemp(path.data()) == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot create a temporary directory in \"", parent,
                                               "\" for the raw RocksDB floor: ", std::strerror(errno)));
  }
  return path;
}

// Removes the temporary database directory however the measurement ends.
struct TempDirGuard {
  std::string path;
  ~TempDirGuard() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

std::string RecordKey(int thread, uint64_t number) {
  std::string key(12, '\0');
  for (int i = 0; i < 4; ++i) key[static_cast<size_t>(i)] = static_cast<char>(static_cast<uint32_t>(thread) >> (24 - 8 * i));
  for (int i = 0; i < 8; ++i) key[static_cast<size_t>(4 + i)] = static_cast<char>(number >> (56 - 8 * i));
  return key;
}

absl::StatusOr<ClosedLoopResult> WriteBatches(rocksdb::DB* db, const RawFloorOptions& options) {
  // Random bytes, so that compression (if any) does not flatter the floor.
  std::string value(kRawRecordBytes, '\0');
  std::mt19937_64 rng(42);
  for (char& c : value) c = static_cast<char>(rng());
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  const uint64_t records = static_cast<uint64_t>(options.batch_records);
  LoopCall call = [&](int thread, uint64_t number) -> absl::StatusOr<CallOutcome> {
    rocksdb::WriteBatch batch;
    for (uint64_t i = 0; i < records; ++i) batch.Put(RecordKey(thread, number * records + i), value);
    rocksdb::Status status = db->Write(write_options, &batch);
    if (!status.ok()) return absl::UnavailableError(absl::StrCat("a synced RocksDB write failed: ", status.ToString()));
    return CallOutcome{records, false};
  };
  ClosedLoopOptions loop;
  loop.threads = options.writer_threads;
  loop.duration = options.duration;
  return RunClosedLoop(loop, call);
}

}  // namespace

absl::StatusOr<RawFloorResult> MeasureRawFloor(const RawFloorOptions& options) {
  FONDBOK_CHECK(options.batch_records >= 1 && options.writer_threads >= 1);
  ASSIGN_OR_RETURN(std::string dir, MakeTempDir(options.parent_dir));
  TempDirGuard guard{dir};
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(db_options, dir, &raw_db);
  if (!opened.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot open a raw RocksDB in \"", dir, "\" for the floor: ", opened.ToString()));
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  ASSIGN_OR_RETURN(ClosedLoopResult loop, WriteBatches(db.get(), options));
  rocksdb::Status closed = db->Close();
  if (!closed.ok()) return absl::UnavailableError(absl::StrCat("closing the raw RocksDB failed: ", closed.ToString()));
  RawFloorResult result;
  result.records = loop.units;
  result.elapsed = loop.elapsed;
  result.records_per_s = static_cast<double>(loop.units) / absl::ToDoubleSeconds(loop.elapsed);
  return result;
}

}  // namespace fondbok::bench
