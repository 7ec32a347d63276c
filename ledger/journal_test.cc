// Sealing and opening journal entries, and VerifyChain over a real RocksDB journal that the test
// damages behind the Storage's back with a raw RocksDB handle.
#include "ledger/journal.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/stubs/logging.h"
#include "gtest/gtest.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/storage.h"
#include "ledger/testing.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace fondbok::ledger {
namespace {

using testutil::ScopedTempDir;

constexpr char kMemo[] = "memo-to-damage";

v1::JournalEntry MakeEntry(uint64_t seq, const std::string& prev_hash, int64_t amount_ore) {
  v1::JournalEntry entry;
  entry.set_seq(seq);
  entry.set_prev_hash(prev_hash);
  entry.set_recorded_at_us(1'773'568'800'000'000 + static_cast<int64_t>(seq));
  entry.set_value_date("2026-03-15");
  entry.set_actor("officer");
  entry.set_request_id(absl::StrCat("req-", seq));
  entry.set_command_count(1);
  entry.mutable_event()->mutable_entry_posted()->set_memo(std::string(kMemo));
  *entry.add_postings() = testutil::MakePosting("asset:bank", v1::DEBIT, amount_ore, "SEK");
  *entry.add_postings() = testutil::MakePosting("liability:capital:m1", v1::CREDIT, amount_ore, "SEK");
  return entry;
}

TEST(SealEntry, OpenEntryReturnsWhatWasSealed) {
  const v1::JournalEntry entry = MakeEntry(7, Sha256("previous"), 125050);
  const SealedEntry sealed = SealEntry(entry);
  ASSERT_EQ(sealed.hash.size(), kHashBytes);

  v1::StoredEntry stored;
  ASSERT_TRUE(stored.ParseFromString(sealed.stored));
  EXPECT_EQ(stored.hash(), sealed.hash);
  EXPECT_EQ(sealed.hash, Sha256(entry.prev_hash(), stored.body())) << "hash = SHA-256(prev_hash || body)";

  auto opened = OpenEntry(7, sealed.stored);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->hash(), sealed.hash);
  v1::JournalEntry without_hash = *opened;
  without_hash.clear_hash();
  EXPECT_EQ(without_hash.SerializeAsString(), entry.SerializeAsString());
  EXPECT_EQ(without_hash.DebugString(), entry.DebugString());
}

// SealEntry writes the stored value by hand; it must be exactly protobuf's own encoding of
// StoredEntry, for bodies whose length prefix takes one, two and three bytes.
TEST(SealEntry, StoredBytesAreProtobufsEncodingOfStoredEntry) {
  for (size_t memo_bytes : {0, 100, 200, 20000}) {
    v1::JournalEntry entry = MakeEntry(9, Sha256("previous"), 42);
    entry.mutable_event()->mutable_entry_posted()->set_memo(std::string(memo_bytes, 'm'));
    const SealedEntry sealed = SealEntry(entry);
    v1::StoredEntry expected;
    expected.set_body(entry.SerializeAsString());
    expected.set_hash(Sha256(entry.prev_hash(), expected.body()));
    EXPECT_EQ(sealed.stored, expected.SerializeAsString()) << memo_bytes << "-byte memo";
    EXPECT_EQ(sealed.hash, expected.hash());
  }
}

TEST(SealEntry, DifferentPrevHashGivesDifferentHash) {
  const v1::JournalEntry a = MakeEntry(2, Sha256("a"), 100);
  const v1::JournalEntry b = MakeEntry(2, Sha256("b"), 100);
  EXPECT_NE(SealEntry(a).hash, SealEntry(b).hash);
  EXPECT_NE(SealEntry(a).hash, SealEntry(MakeEntry(2, Sha256("a"), 101)).hash);
}

TEST(OpenEntry, EveryFlippedByteIsDataLoss) {
  google::protobuf::LogSilencer quiet;  // damaged strings are not UTF-8: protobuf would log each one
  const SealedEntry sealed = SealEntry(MakeEntry(3, Sha256("previous"), 125050));
  for (size_t i = 0; i < sealed.stored.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string damaged = sealed.stored;
      damaged[i] = static_cast<char>(damaged[i] ^ mask);
      auto opened = OpenEntry(3, damaged);
      ASSERT_FALSE(opened.ok()) << "byte " << i << " mask " << int{mask} << " went unnoticed";
      EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << opened.status();
    }
  }
}

TEST(OpenEntry, FlippedBodyByteFailsTheHash) {
  const SealedEntry sealed = SealEntry(MakeEntry(3, Sha256("previous"), 125050));
  v1::StoredEntry stored;
  ASSERT_TRUE(stored.ParseFromString(sealed.stored));
  std::string body = stored.body();
  const size_t at = body.find(kMemo);
  ASSERT_NE(at, std::string::npos);
  body[at] = static_cast<char>(body[at] ^ 0x20);  // still a valid message, different memo
  stored.set_body(body);
  auto opened = OpenEntry(3, stored.SerializeAsString());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(opened.status().message().find("journal entry 3: hash does not match"), std::string::npos)
      << opened.status();
}

TEST(OpenEntry, WrongSeqAndGarbageAreDataLoss) {
  const SealedEntry sealed = SealEntry(MakeEntry(3, Sha256("previous"), 1));
  auto wrong = OpenEntry(4, sealed.stored);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(wrong.status().message().find("under key 4 says it is entry 3"), std::string::npos) << wrong.status();

  for (const std::string& garbage : {std::string("\xff\xff\xff"), std::string("\x0a\x05zz")}) {
    auto opened = OpenEntry(1, garbage);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss);
  }
  auto empty = OpenEntry(1, "");
  ASSERT_FALSE(empty.ok()) << "an empty value is no entry 1";
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kDataLoss);
}

TEST(SealEntryDeathTest, RefusesAnEntryWithoutPrevHash) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  v1::JournalEntry entry = MakeEntry(1, "short", 1);
  EXPECT_DEATH(SealEntry(entry), "CHECK failed");
}

TEST(CheckEntryBalances, PerCurrencyAndPhase) {
  using testutil::MakePosting;
  struct Case {
    const char* name;
    std::vector<v1::Posting> postings;
    bool balanced;
  };
  const std::vector<Case> cases = {
      {"no postings", {}, true},
      {"one pair", {MakePosting("a", v1::DEBIT, 5, "SEK"), MakePosting("b", v1::CREDIT, 5, "SEK")}, true},
      {"two currencies", {MakePosting("a", v1::DEBIT, 5, "SEK"), MakePosting("b", v1::CREDIT, 5, "SEK"),
                          MakePosting("c", v1::DEBIT, 7, "EUR"), MakePosting("d", v1::CREDIT, 7, "EUR")}, true},
      {"pending pair", {MakePosting("a", v1::DEBIT, 5, "SEK", v1::PENDING),
                        MakePosting("b", v1::CREDIT, 5, "SEK", v1::PENDING)}, true},
      {"off by one öre", {MakePosting("a", v1::DEBIT, 5, "SEK"), MakePosting("b", v1::CREDIT, 4, "SEK")}, false},
      {"across currencies", {MakePosting("a", v1::DEBIT, 5, "SEK"), MakePosting("b", v1::CREDIT, 5, "EUR")}, false},
      {"across phases", {MakePosting("a", v1::DEBIT, 5, "SEK", v1::PENDING), MakePosting("b", v1::CREDIT, 5, "SEK")},
       false},
      {"zero amounts", {MakePosting("a", v1::DEBIT, 0, "SEK"), MakePosting("b", v1::CREDIT, 0, "SEK")}, false},
      {"negative amounts", {MakePosting("a", v1::DEBIT, -5, "SEK"), MakePosting("b", v1::CREDIT, -5, "SEK")}, false},
      {"sums beyond int64 still compared exactly",
       {MakePosting("a", v1::DEBIT, INT64_MAX, "SEK"), MakePosting("a", v1::DEBIT, INT64_MAX, "SEK"),
        MakePosting("b", v1::CREDIT, INT64_MAX, "SEK"), MakePosting("b", v1::CREDIT, INT64_MAX - 1, "SEK")},
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::JournalEntry entry;
    entry.set_seq(9);
    for (const v1::Posting& p : c.postings) *entry.add_postings() = p;
    absl::Status status = CheckEntryBalances(entry);
    EXPECT_EQ(status.ok(), c.balanced) << status;
    if (!c.balanced) {
      EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
      EXPECT_NE(status.message().find("entry 9"), std::string::npos) << status;
    }
  }
}

// ---- VerifyChain over RocksDB ----

constexpr int kEntries = 6;

// The six column families opened directly, to damage the journal the way only someone with the
// files could.
class RawDb {
 public:
  static std::unique_ptr<RawDb> Open(const std::string& path) {
    auto raw = std::unique_ptr<RawDb>(new RawDb());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "journal", "idempotency", "views", "index", "meta"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &raw->handles_, &raw->db_);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok() ? std::move(raw) : nullptr;
  }
  ~RawDb() {
    for (auto* handle : handles_) EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
    EXPECT_TRUE(db_->Close().ok());
    delete db_;
  }
  std::string GetJournal(uint64_t seq) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[1], JournalKey(seq), &value);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return value;
  }
  void PutJournal(uint64_t seq, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[1], JournalKey(seq), value).ok());
  }
  void DeleteJournal(uint64_t seq) {
    ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[1], JournalKey(seq)).ok());
  }
  void PutMeta(absl::string_view key, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[5], rocksdb::Slice(key.data(), key.size()), value).ok());
  }

 private:
  RawDb() = default;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

std::string EncodeSeq(uint64_t seq) {
  std::string out;
  AppendBigEndian64(&out, seq);
  return out;
}

// A journal of kEntries chained entries and its recorded tail, written once as the sequencer
// would; each test works on its own copy of the closed database directory.
class VerifyChainTest : public ::testing::Test {
 public:
  static const std::string& Hash(uint64_t seq) { return (*hashes_)[seq - 1]; }
  static const v1::JournalEntry& EntryAt(uint64_t seq) { return (*entries_)[seq - 1]; }

 protected:
  static void SetUpTestSuite() {
    pristine_ = new ScopedTempDir();
    entries_ = new std::vector<v1::JournalEntry>();
    hashes_ = new std::vector<std::string>();
    auto storage = Storage::Open(pristine_->Sub("db"), StorageOptions{});
    ASSERT_TRUE(storage.ok()) << storage.status();
    std::unique_ptr<WriteTxn> txn = (*storage)->NewWriteTxn();
    std::string prev = GenesisHash();
    for (uint64_t seq = 1; seq <= kEntries; ++seq) {
      v1::JournalEntry entry = MakeEntry(seq, prev, static_cast<int64_t>(seq) * 100);
      SealedEntry sealed = SealEntry(entry);
      txn->AppendJournal(seq, sealed.stored);
      entries_->push_back(entry);
      hashes_->push_back(sealed.hash);
      prev = sealed.hash;
    }
    txn->PutMeta(kMetaLastSeq, EncodeSeq(kEntries));
    txn->PutMeta(kMetaLastHash, prev);
    ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
    ASSERT_TRUE((*storage)->Close().ok());
  }
  static void TearDownTestSuite() {
    delete pristine_;
    delete entries_;
    delete hashes_;
  }

  // A fresh copy of the pristine journal; returns its path.
  std::string CopyJournal() {
    dir_ = std::make_unique<ScopedTempDir>();
    const std::string path = dir_->Sub("db");
    std::filesystem::copy(pristine_->Sub("db"), path, std::filesystem::copy_options::recursive);
    return path;
  }

  static absl::StatusOr<ChainCheck> Verify(const std::string& path) {
    StorageOptions options;
    options.mode = OpenMode::kReadOnly;
    auto storage = Storage::Open(path, options);
    if (!storage.ok()) return storage.status();
    return VerifyChain(*(*storage)->NewSnapshot());
  }

  static ScopedTempDir* pristine_;
  static std::vector<v1::JournalEntry>* entries_;
  static std::vector<std::string>* hashes_;
  std::unique_ptr<ScopedTempDir> dir_;
};

ScopedTempDir* VerifyChainTest::pristine_ = nullptr;
std::vector<v1::JournalEntry>* VerifyChainTest::entries_ = nullptr;
std::vector<std::string>* VerifyChainTest::hashes_ = nullptr;

TEST_F(VerifyChainTest, EmptyJournalIsWhole) {
  ScopedTempDir empty;
  auto storage = Storage::Open(empty.Sub("db"), StorageOptions{});
  ASSERT_TRUE(storage.ok());
  auto check = VerifyChain(*(*storage)->NewSnapshot());
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->entries, 0u);
  EXPECT_EQ(check->last_seq, 0u);
  EXPECT_EQ(check->last_hash, GenesisHash());
}

TEST_F(VerifyChainTest, IntactJournalVerifies) {
  auto check = Verify(CopyJournal());
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->entries, static_cast<uint64_t>(kEntries));
  EXPECT_EQ(check->last_seq, static_cast<uint64_t>(kEntries));
  EXPECT_EQ(check->last_hash, Hash(kEntries));
}

TEST_F(VerifyChainTest, FindsEveryKindOfDamage) {
  struct Case {
    const char* name;
    std::function<void(RawDb&)> damage;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"entry 3 deleted", [](RawDb& db) { db.DeleteJournal(3); }, "entry 3 is missing"},
      {"entry 1 deleted", [](RawDb& db) { db.DeleteJournal(1); }, "entry 1 is missing"},
      {"last entry deleted", [](RawDb& db) { db.DeleteJournal(kEntries); },
       "ends at entry 5 but the recorded last entry is 6"},
      {"an entry appended behind the sequencer's back",
       [](RawDb& db) {
         db.PutJournal(kEntries + 1, SealEntry(MakeEntry(kEntries + 1, Hash(kEntries), 1)).stored);
       },
       "ends at entry 7 but the recorded last entry is 6"},
      {"entry 4 resealed with another prev_hash",
       [](RawDb& db) {
         v1::JournalEntry entry = EntryAt(4);
         entry.set_prev_hash(Hash(2));
         db.PutJournal(4, SealEntry(entry).stored);
       },
       "hash chain broken at entry 4"},
      {"entry 3 rewritten (amounts changed) and resealed",
       [](RawDb& db) {
         v1::JournalEntry entry = EntryAt(3);
         entry.mutable_postings(0)->set_amount_ore(999999);
         entry.mutable_postings(1)->set_amount_ore(999999);
         db.PutJournal(3, SealEntry(entry).stored);
       },
       "hash chain broken at entry 4"},
      {"last entry rewritten and resealed",
       [](RawDb& db) {
         v1::JournalEntry entry = EntryAt(kEntries);
         entry.set_actor("mallory");
         db.PutJournal(kEntries, SealEntry(entry).stored);
       },
       "not the recorded last hash"},
      {"a body byte of entry 3 flipped on disk",
       [](RawDb& db) {
         v1::StoredEntry stored;
         ASSERT_TRUE(stored.ParseFromString(db.GetJournal(3)));
         std::string body = stored.body();
         const size_t at = body.find(kMemo);
         ASSERT_NE(at, std::string::npos);
         body[at + 1] = static_cast<char>(body[at + 1] ^ 0x01);
         stored.set_body(body);
         db.PutJournal(3, stored.SerializeAsString());
       },
       "journal entry 3: hash does not match"},
      {"entry 2's value copied under key 3", [](RawDb& db) { db.PutJournal(3, db.GetJournal(2)); },
       "under key 3 says it is entry 2"},
      {"unbalanced entry sealed in place of the last one, tail updated",
       [](RawDb& db) {
         v1::JournalEntry entry = EntryAt(kEntries);
         entry.mutable_postings(1)->set_amount_ore(1);
         SealedEntry sealed = SealEntry(entry);
         db.PutJournal(kEntries, sealed.stored);
         db.PutMeta(kMetaLastHash, sealed.hash);
       },
       "entry 6 does not balance"},
      {"a truncated value", [](RawDb& db) { db.PutJournal(5, db.GetJournal(5).substr(0, 20)); },
       "journal entry 5"},
      {"recorded last seq damaged", [](RawDb& db) { db.PutMeta(kMetaLastSeq, "xyz"); },
       "recorded last seq is damaged"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = CopyJournal();
    {
      std::unique_ptr<RawDb> db = RawDb::Open(path);
      ASSERT_NE(db, nullptr);
      c.damage(*db);
    }
    auto check = Verify(path);
    ASSERT_FALSE(check.ok()) << "damage went unnoticed; chain of " << check->entries;
    EXPECT_EQ(check.status().code(), absl::StatusCode::kDataLoss) << check.status();
    EXPECT_NE(check.status().message().find(c.message), std::string::npos) << check.status();
  }
}

}  // namespace
}  // namespace fondbok::ledger
