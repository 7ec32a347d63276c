// Storage: the narrow interface between the ledger and RocksDB — open, read at a snapshot, write
// one atomic batch, checkpoint. Column families: journal, idempotency, views, index, meta. The
// derived space (kv.h) is not stored: writes to it are dropped and reads find nothing.
//
// There is deliberately no way to delete or overwrite a journal key: WriteTxn::AppendJournal only
// adds the next key, and nothing else in this interface touches the journal family.
//
// A Storage is safe for concurrent use from many threads; a WriteTxn is used by one thread.
#ifndef FONDBOK_LEDGER_STORAGE_H_
#define FONDBOK_LEDGER_STORAGE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ledger/kv.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Env;
class Snapshot;
class WriteBatch;
class WriteBatchBase;
class WriteBatchWithIndex;
}  // namespace rocksdb

namespace fondbok::ledger {

enum class OpenMode {
  kReadWrite,   // the server
  kReadOnly,    // a stopped data directory or a checkpoint; never writes
  kSecondary,   // follows a live primary from another process (reconcile while fondbokd runs)
};

// Observes the storage engine for metrics. Called on the thread that waited; must be cheap and
// thread-safe.
class StorageObserver {
 public:
  virtual ~StorageObserver() = default;
  // One sync (fdatasync) of the write-ahead log: the part of a synced write that waits for the disk.
  virtual void OnWalSync(absl::Duration duration) = 0;
};

struct StorageOptions {
  OpenMode mode = OpenMode::kReadWrite;
  // kReadWrite only: create the directory and column families when missing.
  bool create_if_missing = true;
  // kSecondary only: a private directory for the secondary's own info logs.
  std::string secondary_path;
  // RocksDB's memory, all in one LRU cache of this size shared by every column family: the data
  // blocks it reads, the index and filter blocks of its table files (which otherwise grow with the
  // journal, outside any bound), and the memtables, charged to the cache through a write buffer
  // manager that flushes once they hold half of it (they may pass the half while a flush runs).
  size_t memory_bytes = size_t{256} << 20;
  // Every column family's memtable size; 0: the defaults (RocksDB's 64 MiB; 8 MiB for views and
  // idempotency). Tests set it small so that memtables flush and table files compact while they run.
  size_t write_buffer_bytes = 0;
  // RocksDB Env to use; nullptr = the default. Tests inject faults through it.
  rocksdb::Env* env = nullptr;
  // kReadWrite only: told the duration of every WAL sync. Not owned; must outlive the Storage. The
  // syncs are timed by a file system wrapped around `env`'s (or the default Env's); the Env built
  // on it takes its threads and clock from the default Env.
  StorageObserver* observer = nullptr;
};

// Gauges of the storage engine for monitoring, read from RocksDB's properties.
struct EngineStats {
  uint64_t pending_compaction_bytes = 0;  // estimate of what compactions still have to rewrite
  uint64_t running_compactions = 0;
  uint64_t running_flushes = 0;
  uint64_t memtable_bytes = 0;            // all memtables, active and waiting to flush
  uint64_t sst_bytes = 0;                 // all table files of every version still referenced
  uint64_t block_cache_bytes = 0;         // everything charged to the cache, memtables included
  uint64_t memory_bytes_max = 0;          // the cache's capacity (StorageOptions::memory_bytes)
  uint64_t table_readers_bytes = 0;       // table files' readers held outside the cache
  uint64_t delayed_write_rate = 0;        // bytes/s; non-zero while RocksDB slows writes down
  bool writes_stopped = false;            // RocksDB stopped writes until compaction catches up
  // Level-0 files by column family: too many slow reads down and then stall writes.
  std::vector<std::pair<std::string, uint64_t>> level0_files;
};

class Storage;

// Reads from one consistent point: either a snapshot or (inside a WriteTxn) the latest state
// including the transaction's own writes.
class StorageReader : public KvReader {
 public:
  virtual absl::StatusOr<std::optional<std::string>> GetJournal(uint64_t seq) const = 0;
  // Visits journal entries with seq >= from_seq in order; the visitor returns false to stop.
  virtual absl::Status ScanJournal(uint64_t from_seq,
                                   const std::function<bool(uint64_t seq, absl::string_view value)>& visit) const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetMeta(absl::string_view key) const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetIdempotency(absl::string_view key) const = 0;
};

// A read-only snapshot. Cheap; release it promptly (it pins old data).
class Snapshot final : public StorageReader {
 public:
  ~Snapshot() override;
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override;
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  absl::StatusOr<bool> PeekLast(Space space, absl::string_view start, absl::string_view end,
                                const ScanVisitor& use) const override;
  absl::StatusOr<std::optional<std::string>> GetJournal(uint64_t seq) const override;
  absl::Status ScanJournal(uint64_t from_seq,
                           const std::function<bool(uint64_t, absl::string_view)>& visit) const override;
  absl::StatusOr<std::optional<std::string>> GetMeta(absl::string_view key) const override;
  absl::StatusOr<std::optional<std::string>> GetIdempotency(absl::string_view key) const override;

 private:
  friend class Storage;
  Snapshot(const Storage* storage, bool pinned);
  absl::Status Usable() const;
  const Storage* storage_;
  std::shared_lock<std::shared_mutex> lock_;  // keeps the database open while the snapshot lives
  const rocksdb::Snapshot* snapshot_ = nullptr;  // nullptr in read-only and secondary modes
};

// One atomic batch. An indexed batch reads through itself (RocksDB WriteBatchWithIndex); a plain
// one reads only committed state and costs less to fill — for a writer that keeps its own
// uncommitted state (the sequencer's StateCache). Nothing is visible to other readers until
// Storage::Commit returns OK.
class WriteTxn final : public StorageReader, public KvStore {
 public:
  ~WriteTxn() override;
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override;
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override;
  absl::StatusOr<bool> PeekLast(Space space, absl::string_view start, absl::string_view end,
                                const ScanVisitor& use) const override;
  void Put(Space space, absl::string_view key, absl::string_view value) override;
  void Delete(Space space, absl::string_view key) override;
  absl::StatusOr<std::optional<std::string>> GetJournal(uint64_t seq) const override;
  absl::Status ScanJournal(uint64_t from_seq,
                           const std::function<bool(uint64_t, absl::string_view)>& visit) const override;
  absl::StatusOr<std::optional<std::string>> GetMeta(absl::string_view key) const override;
  absl::StatusOr<std::optional<std::string>> GetIdempotency(absl::string_view key) const override;

  // Adds journal entry `seq`. REQUIRES: seq is the next seq (the sequencer guarantees it and the
  // caller checks that the key does not exist yet).
  void AppendJournal(uint64_t seq, absl::string_view value);
  void PutMeta(absl::string_view key, absl::string_view value);
  void PutIdempotency(absl::string_view key, absl::string_view value);

  // Save points make linked commands all-or-nothing inside the batch.
  void SetSavePoint();
  void RollbackToSavePoint();
  void PopSavePoint();

  // Bytes of the batch so far.
  size_t DataSize() const;

 private:
  friend class Storage;
  WriteTxn(const Storage* storage, bool indexed, size_t reserve_bytes);
  const Storage* storage_;
  std::unique_ptr<rocksdb::WriteBatchWithIndex> indexed_;  // set when indexed
  std::unique_ptr<rocksdb::WriteBatch> plain_;             // set otherwise
  rocksdb::WriteBatchBase* batch_;                         // the one in use
};

class Storage {
 public:
  static absl::StatusOr<std::unique_ptr<Storage>> Open(const std::string& path, const StorageOptions& options);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  std::unique_ptr<Snapshot> NewSnapshot() const;
  // A reader of the latest committed state without pinning a RocksDB snapshot: cheaper, for a
  // single point read (each read sees whatever is committed when it runs).
  std::unique_ptr<Snapshot> NewLatestReader() const;
  // indexed: reads see the batch's own writes; plain: reads see committed state only.
  // reserve_bytes: room to make in a plain batch up front (a writer that knows roughly how large
  // its batches are saves the copies of growing one).
  std::unique_ptr<WriteTxn> NewWriteTxn(bool indexed = true, size_t reserve_bytes = 0) const;

  // Writes the transaction atomically. With sync the WAL is fsynced before this returns.
  // I/O failures (disk full, read-only file system) are UNAVAILABLE and nothing is applied.
  absl::Status Commit(WriteTxn& txn, bool sync);

  // An online, consistent copy of the whole database in `directory` (which must not exist).
  absl::Status Checkpoint(const std::string& directory);

  // kSecondary: catch up with the primary's latest writes.
  absl::Status CatchUpWithPrimary();

  // Closes and reopens the database in place, replaying its WAL: the way back after a failed
  // write (disk full, I/O error), whatever RocksDB's own error state. Waits for open snapshots to
  // be released. REQUIRES: no WriteTxn is alive. On failure the storage stays closed and every
  // read answers UNAVAILABLE until a later Reopen succeeds.
  absl::Status Reopen();

  // Flushes memtables and closes. Further use is an error.
  absl::Status Close();

  OpenMode mode() const { return mode_; }
  const std::string& path() const { return path_; }

  // The engine's gauges now. UNAVAILABLE while the database is closed (between a failed write and
  // its reopen).
  absl::StatusOr<EngineStats> Stats() const;

 private:
  friend class Snapshot;
  friend class WriteTxn;
  Storage() = default;
  rocksdb::ColumnFamilyHandle* Family(int index) const { return handles_[static_cast<size_t>(index)]; }
  absl::Status OpenLocked();
  absl::Status CloseLocked(bool flush);

  std::string path_;
  OpenMode mode_ = OpenMode::kReadWrite;
  StorageOptions options_;
  // options_.env (or the default Env) with its WAL files' syncs timed for options_.observer; kept
  // across Reopen. Null when there is no observer.
  std::unique_ptr<rocksdb::Env> timed_env_;
  // Shared by readers and commits; exclusive while reopening.
  mutable std::shared_mutex mu_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // default, journal, idempotency, views, index, meta
};

}  // namespace fondbok::ledger

#endif  // FONDBOK_LEDGER_STORAGE_H_
