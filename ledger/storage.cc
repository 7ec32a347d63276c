#include "ledger/storage.h"

#include <chrono>
#include <cstring>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "rocksdb/write_batch.h"
#include "rocksdb/write_buffer_manager.h"

namespace fondbok::ledger {
namespace {

// Column family order; handles_ is indexed by these.
enum FamilyIndex : int { kDefault = 0, kJournal = 1, kIdempotency = 2, kViews = 3, kIndex = 4, kMeta = 5 };
constexpr const char* kFamilyNames[] = {"default", "journal", "idempotency", "views", "index", "meta"};

// REQUIRES: space != Space::kDerived (RocksDB keeps no derived values: see kv.h).
int FamilyFor(Space space) { return space == Space::kViews ? kViews : kIndex; }

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsIOError() || s.IsNoSpace() || s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() ||
      s.IsShutdownInProgress()) {
    return absl::UnavailableError(message);
  }
  if (s.IsCorruption()) return absl::DataLossError(message);
  if (s.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (s.IsNotSupported()) return absl::UnimplementedError(message);
  return absl::InternalError(message);
}

// Whether a point read keeps the blocks it reads in the block cache. Idempotency lookups do not:
// nearly every one is for a new request id and ends at a filter; the rare block a false positive
// reads is never read again, and over hours those blocks would crowd out the ones that are.
enum class Caching { kFill, kNoFill };

absl::StatusOr<std::optional<std::string>> GetFrom(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                                                   const rocksdb::Snapshot* snapshot, absl::string_view key,
                                                   Caching caching = Caching::kFill) {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  options.fill_cache = caching == Caching::kFill;
  std::string value;
  rocksdb::Status s = db->Get(options, family, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(s, "read"));
  return value;
}

absl::Status ScanIterator(rocksdb::Iterator* it, absl::string_view start, absl::string_view end,
                          const ScanVisitor& visit) {
  for (it->Seek(rocksdb::Slice(start.data(), start.size())); it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key();
    absl::string_view k(key.data(), key.size());
    if (!end.empty() && k >= end) break;
    rocksdb::Slice value = it->value();
    if (!visit(k, absl::string_view(value.data(), value.size()))) break;
  }
  return FromRocks(it->status(), "scan");
}

// The last key in [start, end) of `it`'s family, by seeking backwards from `end`.
absl::StatusOr<bool> PeekLastIterator(rocksdb::Iterator* it, absl::string_view start, absl::string_view end,
                                      const ScanVisitor& use) {
  if (end.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(rocksdb::Slice(end.data(), end.size()));
    if (it->Valid() && it->key().compare(rocksdb::Slice(end.data(), end.size())) >= 0) it->Prev();
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "seek"));
  if (!it->Valid()) return false;
  rocksdb::Slice key = it->key();
  absl::string_view k(key.data(), key.size());
  if (k < start) return false;
  rocksdb::Slice value = it->value();
  use(k, absl::string_view(value.data(), value.size()));
  return true;
}

// History rows "h/<account>\0<seq><n>" arrive in seq order per account: the prefix up to the NUL
// lets the memtable insert each one next to the account's previous row instead of searching the
// whole skiplist.
class HistoryRowPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "fondbok.HistoryRowPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const char* nul = static_cast<const char*>(std::memchr(key.data(), '\0', key.size()));
    return rocksdb::Slice(key.data(), static_cast<size_t>(nul - key.data()) + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return key.size() > 2 && key[0] == 'h' && key[1] == '/' && std::memchr(key.data(), '\0', key.size()) != nullptr;
  }
};

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache, bool point_lookups,
                                           int family, size_t write_buffer_bytes) {
  rocksdb::ColumnFamilyOptions options;
  // Journal keys only grow: one hint (empty prefix) makes every memtable insert O(1).
  if (family == kJournal) options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  if (family == kIndex) options.memtable_insert_with_hint_prefix_extractor = std::make_shared<HistoryRowPrefix>();
  // Views and idempotency keys arrive in random order; a small memtable keeps the skiplist shallow
  // and in cache (account states are overwritten often, so flushes stay small).
  if (family == kViews || family == kIdempotency) options.write_buffer_size = size_t{8} << 20;
  if (write_buffer_bytes != 0) options.write_buffer_size = write_buffer_bytes;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Index and filter blocks live in the cache too, so that their memory is bounded by it rather than
  // growing with the number of table files; level 0's stay pinned there (every point read checks
  // every level-0 file), and the rest are cached at high priority.
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  if (point_lookups) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kNoCompression;
  return options;
}

// A write-ahead log file whose syncs are timed. RocksDB syncs the WAL through Sync (fdatasync), or
// Fsync with options.use_fsync; both are timed.
class TimedSyncFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  TimedSyncFile(std::unique_ptr<rocksdb::FSWritableFile> file, StorageObserver* observer)
      : FSWritableFileOwnerWrapper(std::move(file)), observer_(observer) {}
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Timed([&] { return FSWritableFileOwnerWrapper::Sync(options, dbg); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) override {
    return Timed([&] { return FSWritableFileOwnerWrapper::Fsync(options, dbg); });
  }

 private:
  template <typename SyncFn>
  rocksdb::IOStatus Timed(SyncFn sync) {
    const auto start = std::chrono::steady_clock::now();
    rocksdb::IOStatus s = sync();
    observer_->OnWalSync(absl::FromChrono(std::chrono::steady_clock::now() - start));
    return s;
  }
  StorageObserver* observer_;
};

// A file system that hands out WAL files ("<number>.log"; the info log is "LOG") with timed syncs.
class WalSyncTimingFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  WalSyncTimingFileSystem(const std::shared_ptr<rocksdb::FileSystem>& base, StorageObserver* observer)
      : FileSystemWrapper(base), observer_(observer) {}
  const char* Name() const override { return "fondbok.WalSyncTimingFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = FileSystemWrapper::NewWritableFile(name, options, file, dbg);
    Wrap(name, s, file);
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = FileSystemWrapper::ReuseWritableFile(name, old_name, options, file, dbg);
    Wrap(name, s, file);
    return s;
  }

 private:
  void Wrap(const std::string& name, const rocksdb::IOStatus& s, std::unique_ptr<rocksdb::FSWritableFile>* file) {
    if (s.ok() && *file != nullptr && absl::EndsWith(name, ".log")) {
      *file = std::make_unique<TimedSyncFile>(std::move(*file), observer_);
    }
  }
  StorageObserver* observer_;
};

}  // namespace

// ---- Snapshot ----

Snapshot::Snapshot(const Storage* storage, bool pinned) : storage_(storage), lock_(storage->mu_) {
  if (pinned && storage_->db_ != nullptr && storage_->mode_ == OpenMode::kReadWrite) {
    snapshot_ = storage_->db_->GetSnapshot();
  }
}

Snapshot::~Snapshot() {
  if (snapshot_ != nullptr) storage_->db_->ReleaseSnapshot(snapshot_);
}

absl::Status Snapshot::Usable() const {
  if (storage_->db_ == nullptr) {
    return absl::UnavailableError("the data directory is closed (reopening after a write error); retry shortly");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> Snapshot::Get(Space space, absl::string_view key) const {
  RETURN_IF_ERROR(Usable());
  if (space == Space::kDerived) return std::nullopt;
  return GetFrom(storage_->db_, storage_->Family(FamilyFor(space)), snapshot_, key);
}

absl::Status Snapshot::Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const {
  RETURN_IF_ERROR(Usable());
  if (space == Space::kDerived) return absl::OkStatus();
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(options, storage_->Family(FamilyFor(space))));
  return ScanIterator(it.get(), start, end, visit);
}

absl::StatusOr<bool> Snapshot::PeekLast(Space space, absl::string_view start, absl::string_view end,
                                        const ScanVisitor& use) const {
  RETURN_IF_ERROR(Usable());
  if (space == Space::kDerived) return false;
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  rocksdb::Slice lower(start.data(), start.size());
  options.iterate_lower_bound = &lower;
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(options, storage_->Family(FamilyFor(space))));
  return PeekLastIterator(it.get(), start, end, use);
}

absl::StatusOr<std::optional<std::string>> Snapshot::GetJournal(uint64_t seq) const {
  RETURN_IF_ERROR(Usable());
  return GetFrom(storage_->db_, storage_->Family(kJournal), snapshot_, JournalKey(seq));
}

absl::Status Snapshot::ScanJournal(uint64_t from_seq,
                                   const std::function<bool(uint64_t, absl::string_view)>& visit) const {
  RETURN_IF_ERROR(Usable());
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(options, storage_->Family(kJournal)));
  return ScanIterator(it.get(), JournalKey(from_seq), "",
                      [&](absl::string_view key, absl::string_view value) {
                        return visit(SeqFromJournalKey(key), value);
                      });
}

absl::StatusOr<std::optional<std::string>> Snapshot::GetMeta(absl::string_view key) const {
  RETURN_IF_ERROR(Usable());
  return GetFrom(storage_->db_, storage_->Family(kMeta), snapshot_, key);
}

absl::StatusOr<std::optional<std::string>> Snapshot::GetIdempotency(absl::string_view key) const {
  RETURN_IF_ERROR(Usable());
  return GetFrom(storage_->db_, storage_->Family(kIdempotency), snapshot_, key, Caching::kNoFill);
}

// ---- WriteTxn ----

WriteTxn::WriteTxn(const Storage* storage, bool indexed, size_t reserve_bytes) : storage_(storage) {
  if (indexed) {
    indexed_ = std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true);
    batch_ = indexed_.get();
  } else {
    plain_ = std::make_unique<rocksdb::WriteBatch>(reserve_bytes);
    batch_ = plain_.get();
  }
}

WriteTxn::~WriteTxn() = default;

namespace {
absl::StatusOr<std::optional<std::string>> GetThrough(rocksdb::WriteBatchWithIndex* batch, rocksdb::DB* db,
                                                      rocksdb::ColumnFamilyHandle* family, absl::string_view key,
                                                      Caching caching = Caching::kFill) {
  if (batch == nullptr) return GetFrom(db, family, nullptr, key, caching);
  rocksdb::ReadOptions options;
  options.fill_cache = caching == Caching::kFill;
  std::string value;
  rocksdb::Status s = batch->GetFromBatchAndDB(db, options, family, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocks(s, "read"));
  return value;
}
}  // namespace

absl::StatusOr<std::optional<std::string>> WriteTxn::Get(Space space, absl::string_view key) const {
  if (space == Space::kDerived) return std::nullopt;
  return GetThrough(indexed_.get(), storage_->db_, storage_->Family(FamilyFor(space)), key);
}

absl::Status WriteTxn::Scan(Space space, absl::string_view start, absl::string_view end,
                            const ScanVisitor& visit) const {
  if (space == Space::kDerived) return absl::OkStatus();
  rocksdb::ColumnFamilyHandle* family = storage_->Family(FamilyFor(space));
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(rocksdb::ReadOptions(), family));
  if (indexed_ != nullptr) it.reset(indexed_->NewIteratorWithBase(family, it.release()));
  return ScanIterator(it.get(), start, end, visit);
}

absl::StatusOr<bool> WriteTxn::PeekLast(Space space, absl::string_view start, absl::string_view end,
                                        const ScanVisitor& use) const {
  if (space == Space::kDerived) return false;
  rocksdb::ColumnFamilyHandle* family = storage_->Family(FamilyFor(space));
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(rocksdb::ReadOptions(), family));
  if (indexed_ != nullptr) it.reset(indexed_->NewIteratorWithBase(family, it.release()));
  return PeekLastIterator(it.get(), start, end, use);
}

void WriteTxn::Put(Space space, absl::string_view key, absl::string_view value) {
  if (space == Space::kDerived) return;  // never stored: see kv.h
  FONDBOK_CHECK(batch_->Put(storage_->Family(FamilyFor(space)), rocksdb::Slice(key.data(), key.size()),
                            rocksdb::Slice(value.data(), value.size()))
                    .ok());
}

void WriteTxn::Delete(Space space, absl::string_view key) {
  if (space == Space::kDerived) return;
  FONDBOK_CHECK(batch_->Delete(storage_->Family(FamilyFor(space)), rocksdb::Slice(key.data(), key.size())).ok());
}

absl::StatusOr<std::optional<std::string>> WriteTxn::GetJournal(uint64_t seq) const {
  return GetThrough(indexed_.get(), storage_->db_, storage_->Family(kJournal), JournalKey(seq));
}

absl::Status WriteTxn::ScanJournal(uint64_t from_seq,
                                   const std::function<bool(uint64_t, absl::string_view)>& visit) const {
  rocksdb::ColumnFamilyHandle* family = storage_->Family(kJournal);
  std::unique_ptr<rocksdb::Iterator> it(storage_->db_->NewIterator(rocksdb::ReadOptions(), family));
  if (indexed_ != nullptr) it.reset(indexed_->NewIteratorWithBase(family, it.release()));
  return ScanIterator(it.get(), JournalKey(from_seq), "", [&](absl::string_view key, absl::string_view value) {
    return visit(SeqFromJournalKey(key), value);
  });
}

absl::StatusOr<std::optional<std::string>> WriteTxn::GetMeta(absl::string_view key) const {
  return GetThrough(indexed_.get(), storage_->db_, storage_->Family(kMeta), key);
}

absl::StatusOr<std::optional<std::string>> WriteTxn::GetIdempotency(absl::string_view key) const {
  return GetThrough(indexed_.get(), storage_->db_, storage_->Family(kIdempotency), key, Caching::kNoFill);
}

void WriteTxn::AppendJournal(uint64_t seq, absl::string_view value) {
  FONDBOK_CHECK(seq > 0);
  std::string key = JournalKey(seq);
  FONDBOK_CHECK(batch_->Put(storage_->Family(kJournal), key, rocksdb::Slice(value.data(), value.size())).ok());
}

void WriteTxn::PutMeta(absl::string_view key, absl::string_view value) {
  FONDBOK_CHECK(batch_->Put(storage_->Family(kMeta), rocksdb::Slice(key.data(), key.size()),
                            rocksdb::Slice(value.data(), value.size()))
                    .ok());
}

void WriteTxn::PutIdempotency(absl::string_view key, absl::string_view value) {
  FONDBOK_CHECK(batch_->Put(storage_->Family(kIdempotency), rocksdb::Slice(key.data(), key.size()),
                            rocksdb::Slice(value.data(), value.size()))
                    .ok());
}

void WriteTxn::SetSavePoint() { batch_->SetSavePoint(); }
void WriteTxn::RollbackToSavePoint() { FONDBOK_CHECK(batch_->RollbackToSavePoint().ok()); }
void WriteTxn::PopSavePoint() { FONDBOK_CHECK(batch_->PopSavePoint().ok()); }
size_t WriteTxn::DataSize() const { return batch_->GetWriteBatch()->GetDataSize(); }

// ---- Storage ----

absl::StatusOr<std::unique_ptr<Storage>> Storage::Open(const std::string& path, const StorageOptions& options) {
  std::unique_ptr<Storage> storage(new Storage());
  storage->path_ = path;
  storage->mode_ = options.mode;
  storage->options_ = options;
  if (options.mode == OpenMode::kSecondary && options.secondary_path.empty()) {
    return absl::InvalidArgumentError("a secondary needs a directory of its own (secondary_path)");
  }
  if (options.observer != nullptr && options.mode == OpenMode::kReadWrite) {
    rocksdb::Env* base = options.env != nullptr ? options.env : rocksdb::Env::Default();
    storage->timed_env_ = rocksdb::NewCompositeEnv(
        std::make_shared<WalSyncTimingFileSystem>(base->GetFileSystem(), options.observer));
  }
  std::unique_lock<std::shared_mutex> lock(storage->mu_);
  RETURN_IF_ERROR(storage->OpenLocked());
  return storage;
}

absl::Status Storage::OpenLocked() {
  const StorageOptions& options = options_;
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.mode == OpenMode::kReadWrite && options.create_if_missing;
  db_options.create_missing_column_families = db_options.create_if_missing;
  db_options.max_open_files = options.mode == OpenMode::kSecondary ? -1 : 512;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 5;
  if (options.env != nullptr) db_options.env = options.env;
  if (timed_env_ != nullptr) db_options.env = timed_env_.get();

  auto cache = rocksdb::NewLRUCache(options.memory_bytes);
  // Memtables are charged to the same cache; once they hold half of it, the write buffer manager
  // flushes the oldest; while a flush runs they may pass the half. It does not stall writes
  // (allow_stall): that stall, with memtables charged to a cache, has been reported to wedge every
  // writer for good in 7.x (facebook/rocksdb#11010), and a wedged journal is worse than memory.
  // RocksDB's own limit on unflushed memtables per family still holds.
  db_options.write_buffer_manager =
      std::make_shared<rocksdb::WriteBufferManager>(options.memory_bytes / 2, cache, /*allow_stall=*/false);
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int i = 0; i < 6; ++i) {
    bool point_lookups = i == kIdempotency || i == kViews || i == kMeta;
    families.emplace_back(kFamilyNames[i], FamilyOptions(cache, point_lookups, i, options.write_buffer_bytes));
  }
  rocksdb::DB* db = nullptr;
  rocksdb::Status s;
  handles_.clear();
  switch (options.mode) {
    case OpenMode::kReadWrite:
      s = rocksdb::DB::Open(db_options, path_, families, &handles_, &db);
      break;
    case OpenMode::kReadOnly:
      s = rocksdb::DB::OpenForReadOnly(db_options, path_, families, &handles_, &db);
      break;
    case OpenMode::kSecondary:
      s = rocksdb::DB::OpenAsSecondary(db_options, path_, options.secondary_path, families, &handles_, &db);
      break;
  }
  if (!s.ok()) {
    handles_.clear();
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return absl::UnavailableError(absl::StrCat("data directory ", path_,
                                                 " is in use by another process: ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening data directory ", path_));
  }
  db_ = db;
  return absl::OkStatus();
}

Storage::~Storage() { (void)Close(); }

std::unique_ptr<Snapshot> Storage::NewSnapshot() const {
  return std::unique_ptr<Snapshot>(new Snapshot(this, /*pinned=*/true));
}

std::unique_ptr<Snapshot> Storage::NewLatestReader() const {
  return std::unique_ptr<Snapshot>(new Snapshot(this, /*pinned=*/false));
}

std::unique_ptr<WriteTxn> Storage::NewWriteTxn(bool indexed, size_t reserve_bytes) const {
  return std::unique_ptr<WriteTxn>(new WriteTxn(this, indexed, reserve_bytes));
}

absl::Status Storage::Commit(WriteTxn& txn, bool sync) {
  if (mode_ != OpenMode::kReadWrite) return absl::FailedPreconditionError("storage is open read-only");
  std::shared_lock<std::shared_mutex> lock(mu_);
  if (db_ == nullptr) return absl::UnavailableError("the data directory is closed after a write error");
  rocksdb::WriteOptions options;
  options.sync = sync;
  return FromRocks(db_->Write(options, txn.batch_->GetWriteBatch()), "writing the journal");
}

absl::Status Storage::Checkpoint(const std::string& directory) {
  if (std::filesystem::exists(directory)) {
    return absl::AlreadyExistsError(absl::StrCat("backup directory ", directory, " already exists"));
  }
  std::shared_lock<std::shared_mutex> lock(mu_);
  if (db_ == nullptr) return absl::UnavailableError("the data directory is closed after a write error");
  rocksdb::Checkpoint* checkpoint = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::Checkpoint::Create(db_, &checkpoint), "preparing a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> owner(checkpoint);
  // log_size_for_flush = 0: always flush, so the copy needs no WAL replay and is self-contained.
  return FromRocks(checkpoint->CreateCheckpoint(directory, 0), absl::StrCat("writing checkpoint ", directory));
}

absl::Status Storage::CatchUpWithPrimary() {
  if (mode_ != OpenMode::kSecondary) return absl::OkStatus();
  std::shared_lock<std::shared_mutex> lock(mu_);
  return FromRocks(db_->TryCatchUpWithPrimary(), "catching up with the primary");
}

absl::StatusOr<EngineStats> Storage::Stats() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  if (db_ == nullptr) return absl::UnavailableError("the database is closed");
  EngineStats stats;
  auto aggregated = [&](const std::string& property) {
    uint64_t value = 0;
    return db_->GetAggregatedIntProperty(property, &value) ? value : 0;
  };
  auto db_wide = [&](const std::string& property) {
    uint64_t value = 0;
    return db_->GetIntProperty(property, &value) ? value : 0;
  };
  using P = rocksdb::DB::Properties;
  stats.pending_compaction_bytes = aggregated(P::kEstimatePendingCompactionBytes);
  stats.memtable_bytes = aggregated(P::kCurSizeAllMemTables);
  stats.sst_bytes = aggregated(P::kTotalSstFilesSize);
  stats.running_compactions = db_wide(P::kNumRunningCompactions);
  stats.running_flushes = db_wide(P::kNumRunningFlushes);
  stats.block_cache_bytes = db_wide(P::kBlockCacheUsage);  // one cache shared by every family
  stats.memory_bytes_max = db_wide(P::kBlockCacheCapacity);
  stats.table_readers_bytes = aggregated(P::kEstimateTableReadersMem);
  stats.delayed_write_rate = db_wide(P::kActualDelayedWriteRate);
  stats.writes_stopped = db_wide(P::kIsWriteStopped) != 0;
  for (size_t i = 1; i < handles_.size(); ++i) {
    std::string files;
    uint64_t count = 0;
    if (db_->GetProperty(handles_[i], P::kNumFilesAtLevelPrefix + "0", &files) && absl::SimpleAtoi(files, &count)) {
      stats.level0_files.emplace_back(kFamilyNames[i], count);
    }
  }
  return stats;
}

absl::Status Storage::Reopen() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  // The database may be in an error state: its flush would fail, and the WAL replay on open
  // brings back whatever reached the log.
  (void)CloseLocked(/*flush=*/false);
  return OpenLocked();
}

absl::Status Storage::Close() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  return CloseLocked(/*flush=*/true);
}

absl::Status Storage::CloseLocked(bool flush) {
  if (db_ == nullptr) return absl::OkStatus();
  absl::Status result = absl::OkStatus();
  if (flush && mode_ == OpenMode::kReadWrite) {
    // Flushing memtables keeps the next start from replaying a long WAL.
    rocksdb::FlushOptions flush;
    flush.wait = true;
    result = FromRocks(db_->Flush(flush, handles_), "flushing at close");
  }
  for (auto* handle : handles_) {
    rocksdb::Status s = db_->DestroyColumnFamilyHandle(handle);
    if (result.ok()) result = FromRocks(s, "closing a column family");
  }
  handles_.clear();
  rocksdb::Status s = db_->Close();
  if (result.ok() && !s.ok() && !s.IsAborted()) result = FromRocks(s, "closing the database");
  delete db_;
  db_ = nullptr;
  return result;
}

}  // namespace fondbok::ledger
