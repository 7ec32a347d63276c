#include "ledger/journal.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

SealedEntry SealEntry(const v1::JournalEntry& entry) {
  FONDBOK_CHECK(entry.hash().empty());
  FONDBOK_CHECK(entry.prev_hash().size() == kHashBytes);
  // The bytes of StoredEntry{body: entry, hash}, written in place: the body is serialized once,
  // straight into the stored value, and hashed there.
  constexpr uint8_t kBodyTag = (1 << 3) | 2;  // field 1, length-delimited
  constexpr uint8_t kHashTag = (2 << 3) | 2;  // field 2, length-delimited
  const size_t body_size = entry.ByteSizeLong();
  SealedEntry sealed;
  std::string& out = sealed.stored;
  out.reserve(1 + 10 + body_size + 2 + kHashBytes);
  out.push_back(static_cast<char>(kBodyTag));
  for (uint64_t n = body_size; ; n >>= 7) {
    if (n < 0x80) {
      out.push_back(static_cast<char>(n));
      break;
    }
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
  }
  const size_t body_at = out.size();
  out.resize(body_at + body_size);
  entry.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out.data() + body_at));
  sealed.hash = Sha256(entry.prev_hash(), absl::string_view(out).substr(body_at, body_size));
  out.push_back(static_cast<char>(kHashTag));
  out.push_back(static_cast<char>(kHashBytes));
  out.append(sealed.hash);
  return sealed;
}

namespace {

// OpenEntry into messages the caller keeps, so a scan reuses their allocations.
absl::Status OpenEntryInto(uint64_t seq, absl::string_view bytes, v1::StoredEntry* stored, v1::JournalEntry* entry) {
  if (!stored->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, " does not decode"));
  }
  if (!entry->ParseFromString(stored->body())) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, ": body does not decode"));
  }
  if (entry->seq() != seq) {
    return absl::DataLossError(absl::StrCat("journal entry under key ", seq, " says it is entry ", entry->seq()));
  }
  if (Sha256(entry->prev_hash(), stored->body()) != stored->hash()) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, ": hash does not match its contents"));
  }
  entry->set_hash(stored->hash());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::JournalEntry> OpenEntry(uint64_t seq, absl::string_view bytes) {
  v1::StoredEntry stored;
  v1::JournalEntry entry;
  RETURN_IF_ERROR(OpenEntryInto(seq, bytes, &stored, &entry));
  return entry;
}

std::optional<Imbalance> FindImbalance(const v1::JournalEntry& entry) {
  // Net per (currency, phase); entries have a handful of postings, so a flat list beats a map.
  struct Net {
    absl::string_view currency;
    int phase;
    absl::int128 value;
  };
  absl::InlinedVector<Net, 4> net;
  for (const auto& p : entry.postings()) {
    const absl::int128 amount = p.side() == v1::DEBIT ? p.amount_ore() : -absl::int128(p.amount_ore());
    auto it = std::find_if(net.begin(), net.end(), [&](const Net& n) {
      return n.phase == static_cast<int>(p.phase()) && n.currency == p.currency();
    });
    if (it == net.end()) {
      net.push_back({p.currency(), static_cast<int>(p.phase()), amount});
    } else {
      it->value += amount;
    }
  }
  // The first in (currency, phase) order, as a std::map would give it.
  const Net* first = nullptr;
  for (const Net& n : net) {
    if (n.value == 0) continue;
    if (first == nullptr || std::tie(n.currency, n.phase) < std::tie(first->currency, first->phase)) first = &n;
  }
  if (first == nullptr) return std::nullopt;
  return Imbalance{std::string(first->currency), static_cast<v1::Phase>(first->phase), first->value};
}

absl::Status CheckEntryBalances(const v1::JournalEntry& entry) {
  for (const auto& p : entry.postings()) {
    if (p.amount_ore() <= 0) {
      return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " has a posting of ", p.amount_ore()));
    }
  }
  if (auto imbalance = FindImbalance(entry); imbalance.has_value()) {
    return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " does not balance in ", imbalance->currency));
  }
  return absl::OkStatus();
}

namespace {

// Journal entries read together and opened together: the raw values back to back in `bytes`.
struct Batch {
  std::vector<uint64_t> seqs;
  std::vector<std::pair<size_t, size_t>> spans;  // offset and size in `bytes`
  std::string bytes;
  std::vector<v1::JournalEntry> entries;  // kept across uses: parsing reuses their allocations
  std::vector<absl::Status> opened;
  bool done = false;  // opened (guarded by the pool's mutex while a thread may open it)

  void Clear() {
    seqs.clear();
    spans.clear();
    bytes.clear();
    done = false;
  }
  void Add(uint64_t seq, absl::string_view value) {
    seqs.push_back(seq);
    spans.emplace_back(bytes.size(), value.size());
    bytes.append(value.data(), value.size());
  }
  void Open(v1::StoredEntry* scratch) {
    if (entries.size() < seqs.size()) entries.resize(seqs.size());
    opened.resize(seqs.size());
    for (size_t i = 0; i < seqs.size(); ++i) {
      const absl::string_view value(bytes.data() + spans[i].first, spans[i].second);
      opened[i] = OpenEntryInto(seqs[i], value, scratch, &entries[i]);
    }
  }
};

// Opens batches on `threads` threads (or on the caller's when 0) and hands them back in the order
// they were submitted.
class OpenPipeline {
 public:
  OpenPipeline(int threads, size_t batch_entries) : batch_entries_(std::max<size_t>(batch_entries, 1)) {
    const size_t slots = threads <= 0 ? 1 : static_cast<size_t>(threads) * 2 + 1;
    for (size_t i = 0; i < slots; ++i) free_.push_back(std::make_unique<Batch>());
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
    filling_ = TakeFree();
  }
  ~OpenPipeline() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  // Adds an entry; visits the batches that are opened by now (all of them when `flush`), in order.
  // Returns false once `visit` has said stop.
  bool Add(uint64_t seq, absl::string_view value, const OpenedEntryVisitor& visit) {
    filling_->Add(seq, value);
    if (filling_->seqs.size() < batch_entries_) return VisitReady(visit, /*wait=*/false);
    Submit();
    return VisitReady(visit, /*wait=*/false);
  }
  bool Finish(const OpenedEntryVisitor& visit) {
    if (!filling_->seqs.empty()) Submit();
    return VisitReady(visit, /*wait=*/true);
  }

 private:
  std::unique_ptr<Batch> TakeFree() {
    std::unique_ptr<Batch> batch = std::move(free_.back());
    free_.pop_back();
    batch->Clear();
    return batch;
  }
  void Submit() {
    Batch* batch = filling_.get();
    in_order_.push_back(std::move(filling_));
    if (threads_.empty()) {
      batch->Open(&scratch_);
      batch->done = true;
    } else {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        work_.push_back(batch);
      }
      work_ready_.notify_one();
    }
  }
  // Visits finished batches from the front; waits for the front one while there is no free batch
  // to fill next (or, when `wait`, until all are visited).
  bool VisitReady(const OpenedEntryVisitor& visit, bool wait) {
    while (!in_order_.empty()) {
      Batch* front = in_order_.front().get();
      if (!threads_.empty()) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!front->done && !wait && !free_.empty()) break;
        done_ready_.wait(lock, [&] { return front->done; });
      }
      for (size_t i = 0; i < front->seqs.size() && !stopped_; ++i) {
        if (!visit(front->seqs[i], front->opened[i], front->entries[i])) stopped_ = true;
      }
      free_.push_back(std::move(in_order_.front()));
      in_order_.pop_front();
      if (stopped_) return false;
    }
    if (filling_ == nullptr) filling_ = TakeFree();
    return !stopped_;
  }
  void Work() {
    v1::StoredEntry scratch;
    while (true) {
      Batch* batch = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return stopping_ || !work_.empty(); });
        if (stopping_) return;
        batch = work_.front();
        work_.pop_front();
      }
      batch->Open(&scratch);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        batch->done = true;
      }
      done_ready_.notify_all();
    }
  }

  const size_t batch_entries_;
  std::vector<std::unique_ptr<Batch>> free_;       // the caller's
  std::unique_ptr<Batch> filling_;                  // the caller's
  std::deque<std::unique_ptr<Batch>> in_order_;     // the caller's: submitted, not yet visited
  v1::StoredEntry scratch_;                         // the caller's, when there are no threads
  bool stopped_ = false;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_ready_;
  std::deque<Batch*> work_;  // guarded by mutex_
  bool stopping_ = false;    // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace

absl::Status ScanOpenedJournal(const StorageReader& reader, uint64_t from_seq, const JournalScanOptions& options,
                               const OpenedEntryVisitor& visit) {
  OpenPipeline pipeline(options.decode_threads, options.batch_entries);
  bool go_on = true;
  absl::Status scanned = reader.ScanJournal(from_seq, [&](uint64_t seq, absl::string_view value) {
    go_on = pipeline.Add(seq, value, visit);
    return go_on;
  });
  // Entries read before a failed scan are visited too, as a plain scan would have.
  if (go_on) pipeline.Finish(visit);
  return scanned;
}

namespace {

// The tail recorded in meta against the verified chain: OK, DATA_LOSS with the seq it names, or a
// failure to read.
absl::Status CheckRecordedTail(const StorageReader& reader, const ChainCheck& check, uint64_t* broken_seq) {
  ASSIGN_OR_RETURN(auto recorded_seq, reader.GetMeta(kMetaLastSeq));
  if (!recorded_seq.has_value()) return absl::OkStatus();
  *broken_seq = check.last_seq;
  if (recorded_seq->size() != kSeqKeyBytes) return absl::DataLossError("the recorded last seq is damaged");
  const uint64_t recorded = ReadBigEndian64(*recorded_seq);
  if (recorded != check.last_seq) {
    *broken_seq = std::min(recorded, check.last_seq) + 1;
    return absl::DataLossError(absl::StrCat("journal is not whole: it ends at entry ", check.last_seq,
                                            " but the recorded last entry is ", recorded));
  }
  ASSIGN_OR_RETURN(auto recorded_hash, reader.GetMeta(kMetaLastHash));
  if (!recorded_hash.has_value() || *recorded_hash != check.last_hash) {
    return absl::DataLossError(absl::StrCat("hash of the last entry ", check.last_seq,
                                            " is not the recorded last hash"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ChainWalk> WalkChain(const StorageReader& reader, const ChainWalkOptions& options) {
  ChainWalk walk;
  ChainCheck& check = walk.verified;
  check.last_hash = GenesisHash();
  absl::Status failure = absl::OkStatus();
  uint64_t failed_seq = 0;
  const absl::Status scanned = ScanOpenedJournal(
      reader, 1, options.scan, [&](uint64_t seq, const absl::Status& opened, const v1::JournalEntry& entry) {
        failed_seq = seq;
        if (seq != check.last_seq + 1) {
          failed_seq = check.last_seq + 1;
          failure = absl::DataLossError(absl::StrCat("journal is not dense: entry ", check.last_seq + 1,
                                                     " is missing (next is ", seq, ")"));
          return false;
        }
        failure = opened;
        if (!failure.ok()) return false;
        if (entry.prev_hash() != check.last_hash) {
          failure = absl::DataLossError(absl::StrCat("hash chain broken at entry ", seq,
                                                     ": prev_hash is not the hash of entry ", seq - 1));
          return false;
        }
        failure = CheckEntryBalances(entry);
        if (!failure.ok()) return false;
        check.last_seq = seq;
        check.last_hash = entry.hash();
        ++check.entries;
        if (options.on_verified) options.on_verified(entry);
        return true;
      });
  if (!failure.ok()) {
    walk.broken = failure;
    walk.broken_seq = failed_seq;
    return walk;
  }
  if (!scanned.ok()) {
    if (scanned.code() != absl::StatusCode::kDataLoss) return scanned;
    walk.broken = scanned;
    walk.broken_seq = check.last_seq + 1;
    return walk;
  }
  // The recorded tail is written in the same batch as the entries it names. A chain that ends
  // anywhere else was cut short or extended behind the sequencer's back.
  uint64_t tail_seq = check.last_seq;
  absl::Status tail = CheckRecordedTail(reader, check, &tail_seq);
  if (!tail.ok()) {
    if (tail.code() != absl::StatusCode::kDataLoss) return tail;
    walk.broken = tail;
    walk.broken_seq = tail_seq;
  }
  return walk;
}

absl::StatusOr<ChainCheck> VerifyChain(const StorageReader& reader) {
  ASSIGN_OR_RETURN(ChainWalk walk, WalkChain(reader, ChainWalkOptions{}));
  RETURN_IF_ERROR(walk.broken);
  return walk.verified;
}

}  // namespace fondbok::ledger
