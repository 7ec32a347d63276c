// fondbok-reconcile's checks over real RocksDB data directories: books written once by a real
// Sequencer with every module fondbokd registers, then copied and damaged with a raw RocksDB handle
// the way only someone with the files could (the test's own tampering; reconcile never writes).
#include "tools/reconcile/reconcile.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "ledger/hash.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/kv.h"
#include "ledger/ledger_module.h"
#include "ledger/replay.h"
#include "ledger/sequencer.h"
#include "ledger/testing.h"
#include "rocksdb/db.h"
#include "tools/reconcile/cli.h"
#include "tools/reconcile/report.h"

namespace fondbok::reconcile {
namespace {

using ledger::testutil::Credit;
using ledger::testutil::Debit;
using ledger::testutil::MakeAccount;
using ledger::testutil::MakeRequest;
using ledger::testutil::OpenAccountCommand;
using ledger::testutil::PostCommand;
using ledger::testutil::PostPendingCommand;
using ledger::testutil::ScopedTempDir;

// ---- a raw handle on the six column families ----

enum Family { kDefault = 0, kJournal = 1, kIdempotency = 2, kViews = 3, kIndex = 4, kMeta = 5 };

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
  std::string Get(Family family, const std::string& key) {
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[family], key, &value);
    EXPECT_TRUE(s.ok()) << s.ToString() << " for " << key;
    return value;
  }
  void Put(Family family, const std::string& key, const std::string& value) {
    ASSERT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[family], key, value).ok());
  }
  void Delete(Family family, const std::string& key) {
    ASSERT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[family], key).ok());
  }
  // The first key of `family` that starts with `prefix`.
  std::string FirstKey(Family family, const std::string& prefix) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[family]));
    it->Seek(prefix);
    EXPECT_TRUE(it->Valid() && it->key().starts_with(prefix)) << "no key under " << prefix;
    return it->Valid() ? it->key().ToString() : "";
  }
  // The last key of `family` that starts with `prefix`.
  std::string LastKey(Family family, const std::string& prefix) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[family]));
    it->SeekForPrev(ledger::PrefixEnd(prefix));
    if (it->Valid() && !it->key().starts_with(prefix)) it->Prev();
    EXPECT_TRUE(it->Valid() && it->key().starts_with(prefix)) << "no key under " << prefix;
    return it->Valid() ? it->key().ToString() : "";
  }

 private:
  RawDb() = default;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// ---- the books, written once ----

constexpr int64_t kDepositOre = 1'000'000'00;
constexpr int64_t kEuroOre = 5'000'00;
constexpr int64_t kReservedOre = 300'00;
constexpr int64_t kPostedOfReservedOre = 100'00;

ledger::WriteRequest As(const std::string& actor, const std::string& role, const std::string& id,
                        std::vector<v1::Command> commands) {
  ledger::WriteRequest request = MakeRequest(actor, id, std::move(commands));
  request.actor_role = role;
  request.actor_name = actor;
  return request;
}

v1::Command CreateFund() {
  v1::Command command;
  v1::FundCreated* fund = command.mutable_create_fund()->mutable_fund();
  fund->set_name("Testfonden");
  fund->set_base_currency("SEK");
  fund->set_time_zone("Europe/Stockholm");
  return command;
}

v1::Command RegisterOrganisation() {
  v1::Command command;
  v1::Organisation* o = command.mutable_register_organisation()->mutable_organisation();
  o->set_name("Hisingens kooperativ");
  o->set_org_number("556036-0793");
  o->set_legal_form(v1::EKONOMISK_FORENING);
  o->set_municipality("1480");
  return command;
}

// A fund in two currencies: the bootstrap-like request, a deposit, a euro entry, a reservation of
// which a part is posted, and an organisation. Returns the last seq.
uint64_t WriteBooks(const std::string& path) {
  auto modules = ServerModules::Make();
  EXPECT_TRUE(modules.ok()) << modules.status();
  auto storage = ledger::Storage::Open(path, ledger::StorageOptions{});
  EXPECT_TRUE(storage.ok()) << storage.status();
  ledger::FixedClock clock(ledger::testutil::TestNow());
  auto sequencer = ledger::Sequencer::Start(storage->get(), &(*modules)->registry(), &clock, {});
  EXPECT_TRUE(sequencer.ok()) << sequencer.status();
  auto run = [&](ledger::WriteRequest request) -> uint64_t {
    auto result = (*sequencer)->SubmitAndWait(std::move(request));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() && result->entries_size() > 0 ? result->entries(result->entries_size() - 1).seq() : 0;
  };
  run(As(std::string(ledger::kSystemActor), "admin", "bootstrap",
         {CreateFund(), OpenAccountCommand(MakeAccount("asset:bank", v1::ASSET, "SEK", false, true)),
          OpenAccountCommand(MakeAccount("liability:capital", v1::LIABILITY, "SEK", true, false)),
          OpenAccountCommand(MakeAccount("income:interest", v1::INCOME)),
          OpenAccountCommand(MakeAccount("asset:bank-eur", v1::ASSET, "EUR")),
          OpenAccountCommand(MakeAccount("liability:eur", v1::LIABILITY, "EUR"))}));
  run(As("tok-o1", "officer", "deposit", {PostCommand({Debit("asset:bank", kDepositOre), Credit("liability:capital", kDepositOre)})}));
  run(As("tok-o1", "officer", "euro", {PostCommand({Debit("asset:bank-eur", kEuroOre), Credit("liability:eur", kEuroOre)})}));
  const uint64_t reserved = run(As("tok-o1", "officer", "reserve",
                                   {PostCommand({Debit("liability:capital", kReservedOre),
                                                 Credit("asset:bank", kReservedOre)}, "", /*pending=*/true)}));
  run(As("tok-o1", "officer", "post-part", {PostPendingCommand(reserved, kPostedOfReservedOre)}));
  const uint64_t last = run(As("tok-o1", "officer", "org", {RegisterOrganisation()}));
  sequencer->reset();
  EXPECT_TRUE((*storage)->Close().ok());
  return last;
}

// Reconciles `path` read-only, as the binary does.
ReconcileReport MustReconcile(const std::string& path) {
  auto storage = OpenDataDir(path, false, "");
  EXPECT_TRUE(storage.ok()) << storage.status();
  if (!storage.ok()) return {};
  auto modules = ServerModules::Make();
  EXPECT_TRUE(modules.ok());
  auto report = Reconcile(*(*storage)->NewSnapshot(), (*modules)->registry(), ReconcileOptions{});
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : ReconcileReport{};
}

std::string Describe(const ReconcileReport& report) { return FormatText(report); }

// A key as ledger::DiffViews shows it: bytes outside printable ASCII as \xNN.
std::string Printable(absl::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

struct CliRun {
  int exit_code;
  std::string out, err;
};
CliRun RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "fondbok-reconcile");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = RunReconcileCli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

// Damages the first key under `prefix` of the books at `path` behind the journal's back: 0 deletes
// it, 1 alters its value, 2 adds a key right after it. Returns the key damaged (or added).
std::string DamageFirstKey(const std::string& path, Family family, const std::string& prefix, int action) {
  auto raw = RawDb::Open(path);
  std::string key = raw->FirstKey(family, prefix);
  if (action == 0) raw->Delete(family, key);
  if (action == 1) raw->Put(family, key, raw->Get(family, key) + "x");
  if (action == 2) raw->Put(family, key += "~forged", "forged");
  return key;
}

class ReconcileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pristine_ = new ScopedTempDir();
    last_seq_ = WriteBooks(pristine_->Sub("db"));
  }
  static void TearDownTestSuite() { delete pristine_; }

  // A fresh copy of the pristine books; returns its path.
  std::string CopyBooks() {
    dir_ = std::make_unique<ScopedTempDir>();
    const std::string path = dir_->Sub("db");
    std::filesystem::copy(pristine_->Sub("db"), path, std::filesystem::copy_options::recursive);
    return path;
  }

  static ScopedTempDir* pristine_;
  static uint64_t last_seq_;
  std::unique_ptr<ScopedTempDir> dir_;
};

ScopedTempDir* ReconcileTest::pristine_ = nullptr;
uint64_t ReconcileTest::last_seq_ = 0;

// ---- clean books ----

TEST_F(ReconcileTest, CleanBooksAreWholeWithTheRightCounts) {
  ASSERT_GE(last_seq_, 10u);
  const ReconcileReport report = MustReconcile(CopyBooks());
  EXPECT_TRUE(report.Whole()) << Describe(report);
  EXPECT_TRUE(report.integrity.chain_whole);
  EXPECT_EQ(report.integrity.entries, last_seq_);
  EXPECT_EQ(report.integrity.last_seq, last_seq_);
  EXPECT_EQ(report.integrity.last_hash.size(), ledger::kHashBytes);
  EXPECT_EQ(report.integrity.accounts, 5u);
  ASSERT_EQ(report.integrity.currencies.size(), 2u);
  const CurrencyTotals& sek = report.integrity.currencies.at("SEK");
  EXPECT_EQ(sek.journal_debits, kDepositOre + kPostedOfReservedOre);  // the unposted reservation is not posted money
  EXPECT_EQ(sek.journal_credits, sek.journal_debits);
  EXPECT_EQ(sek.view_debits, sek.journal_debits);
  EXPECT_EQ(report.integrity.currencies.at("EUR").journal_debits, kEuroOre);
  EXPECT_TRUE(report.replay.performed);
  EXPECT_EQ(report.replay.entries, last_seq_);
  EXPECT_EQ(report.replay.time_zone, "Europe/Stockholm");
  EXPECT_EQ(report.replay.time_zone_source, "FundCreated at seq 1");
  EXPECT_EQ(report.replay.differences, 0u);
  EXPECT_EQ(report.replay.views_by_module.count("ledger"), 1u);
  EXPECT_EQ(report.replay.views_by_module.count("parties"), 1u);
  EXPECT_GT(report.replay.index_rows, 0u);
}

TEST_F(ReconcileTest, CliExitsZeroAndPrintsOneJsonObject) {
  const std::string path = CopyBooks();
  CliRun run = RunCli({"--data-dir", path, "--json"});
  EXPECT_EQ(run.exit_code, kExitWhole) << run.err << run.out;
  EXPECT_TRUE(absl::StartsWith(run.out, "{\"data_dir\":")) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"whole\":true")) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, absl::StrCat("\"entries\":", last_seq_))) << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"breaks\":[]")) << run.out;
  EXPECT_EQ(run.err, "");
  CliRun text = RunCli({"--data-dir", path});
  EXPECT_EQ(text.exit_code, kExitWhole);
  EXPECT_TRUE(absl::StrContains(text.out, "Result: whole")) << text.out;
  EXPECT_TRUE(absl::StrContains(text.out, "1 000 100,00 kr")) << text.out;
}

// Names, sizes and modification times of every file under `dir`.
std::map<std::string, std::string> Listing(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    struct stat st {};
    ::stat(entry.path().c_str(), &st);
    files[entry.path().string()] = absl::StrCat(st.st_size, "@", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec);
  }
  return files;
}

TEST_F(ReconcileTest, NeverWritesToTheDataDirectory) {
  const std::string path = CopyBooks();
  const auto before = Listing(path);
  EXPECT_EQ(RunCli({"--data-dir", path}).exit_code, kExitWhole);
  EXPECT_EQ(Listing(path), before);
}

TEST_F(ReconcileTest, SecondaryFollowsAnOpenPrimary) {
  const std::string path = CopyBooks();
  auto primary = ledger::Storage::Open(path, ledger::StorageOptions{});  // holds the lock, as fondbokd does
  ASSERT_TRUE(primary.ok()) << primary.status();
  CliRun run = RunCli({"--data-dir", path, "--secondary", "--json"});
  EXPECT_EQ(run.exit_code, kExitWhole) << run.err << run.out;
  EXPECT_TRUE(absl::StrContains(run.out, "\"mode\":\"secondary\"")) << run.out;
}

// ---- a damaged journal ----

TEST_F(ReconcileTest, AFlippedJournalByteIsAChainBreakAtItsSeq) {
  for (uint64_t seq : {uint64_t{1}, uint64_t{4}, last_seq_}) {
    SCOPED_TRACE(absl::StrCat("seq ", seq));
    const std::string path = CopyBooks();
    {
      auto raw = RawDb::Open(path);
      ASSERT_NE(raw, nullptr);
      std::string value = raw->Get(kJournal, ledger::JournalKey(seq));
      ASSERT_FALSE(value.empty());
      value[value.size() / 2] ^= 0x01;
      raw->Put(kJournal, ledger::JournalKey(seq), value);
    }
    const ReconcileReport report = MustReconcile(path);
    ASSERT_FALSE(report.breaks.empty());
    EXPECT_EQ(report.breaks[0].check, "chain") << Describe(report);
    EXPECT_EQ(report.breaks[0].seq, seq) << Describe(report);
    EXPECT_FALSE(report.integrity.chain_whole);
    EXPECT_EQ(report.integrity.entries, seq - 1);
    EXPECT_FALSE(report.replay.performed);
    EXPECT_EQ(RunCli({"--data-dir", path}).exit_code, kExitBreak);
  }
}

TEST_F(ReconcileTest, AMissingJournalEntryIsNamed) {
  struct Case {
    uint64_t deleted;
    uint64_t expected_seq;
  };
  for (Case c : {Case{3, 3}, Case{last_seq_, last_seq_}}) {
    SCOPED_TRACE(absl::StrCat("deleted ", c.deleted));
    const std::string path = CopyBooks();
    RawDb::Open(path)->Delete(kJournal, ledger::JournalKey(c.deleted));
    const ReconcileReport report = MustReconcile(path);
    ASSERT_FALSE(report.breaks.empty());
    EXPECT_EQ(report.breaks[0].check, "chain");
    EXPECT_EQ(report.breaks[0].seq, c.expected_seq) << Describe(report);
  }
}

// The decode threads and batch sizes must not change what the walk finds or where: every split of
// the journal into batches, opened on 0–3 threads, gives the sequential walk's answer, and the
// replay of whole books the same views.
TEST_F(ReconcileTest, DecodeThreadsAndBatchesFindTheSameBreakAsOneThread) {
  struct Damage {
    std::string name;
    uint64_t seq;
    bool remove;
  };
  for (const Damage& damage : {Damage{"none", 0, false}, Damage{"flip 1", 1, false}, Damage{"flip 4", 4, false},
                               Damage{"flip last", last_seq_, false}, Damage{"gap 3", 3, true},
                               Damage{"gap last", last_seq_, true}}) {
    const std::string path = CopyBooks();
    if (damage.seq != 0) {
      auto raw = RawDb::Open(path);
      ASSERT_NE(raw, nullptr);
      if (damage.remove) {
        raw->Delete(kJournal, ledger::JournalKey(damage.seq));
      } else {
        std::string value = raw->Get(kJournal, ledger::JournalKey(damage.seq));
        value[value.size() / 2] ^= 0x01;
        raw->Put(kJournal, ledger::JournalKey(damage.seq), value);
      }
    }
    auto storage = OpenDataDir(path, false, "");
    ASSERT_TRUE(storage.ok()) << storage.status();
    auto snapshot = (*storage)->NewSnapshot();
    auto expected = ledger::WalkChain(*snapshot, ledger::ChainWalkOptions{});
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_EQ(expected->broken.ok(), damage.seq == 0) << damage.name;
    if (damage.seq != 0) {
      EXPECT_EQ(expected->broken_seq, damage.seq) << damage.name;
    }
    for (int threads : {0, 1, 3}) {
      for (size_t batch : {size_t{1}, size_t{2}, size_t{3}, size_t{512}}) {
        SCOPED_TRACE(absl::StrCat(damage.name, ", ", threads, " threads, batches of ", batch));
        ledger::ChainWalkOptions options;
        options.scan.decode_threads = threads;
        options.scan.batch_entries = batch;
        std::vector<uint64_t> visited;
        options.on_verified = [&](const v1::JournalEntry& entry) { visited.push_back(entry.seq()); };
        auto walk = ledger::WalkChain(*snapshot, options);
        ASSERT_TRUE(walk.ok()) << walk.status();
        EXPECT_EQ(walk->broken, expected->broken);
        EXPECT_EQ(walk->broken_seq, expected->broken_seq);
        EXPECT_EQ(walk->verified.entries, expected->verified.entries);
        EXPECT_EQ(walk->verified.last_hash, expected->verified.last_hash);
        ASSERT_EQ(visited.size(), expected->verified.entries);
        for (size_t i = 0; i < visited.size(); ++i) EXPECT_EQ(visited[i], i + 1);
      }
    }
  }
}

TEST_F(ReconcileTest, ReplayWithDecodeThreadsRebuildsTheSameViews) {
  const std::string path = CopyBooks();
  auto storage = OpenDataDir(path, false, "");
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto modules = ServerModules::Make();
  ASSERT_TRUE(modules.ok());
  auto snapshot = (*storage)->NewSnapshot();
  ledger::MemoryKv one_thread;
  ASSERT_TRUE(ledger::ReplayJournal(*snapshot, (*modules)->registry(), {}, &one_thread).ok());
  for (int threads : {1, 3}) {
    ledger::ReplayOptions options;
    options.decode_threads = threads;
    ledger::MemoryKv rebuilt;
    uint64_t failed_seq = 99;
    auto replayed = ledger::ReplayJournal(*snapshot, (*modules)->registry(), options, &rebuilt, &failed_seq);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    EXPECT_EQ(*replayed, last_seq_);
    EXPECT_EQ(failed_seq, 0u);
    EXPECT_EQ(rebuilt.Contents(ledger::Space::kViews), one_thread.Contents(ledger::Space::kViews));
    EXPECT_EQ(rebuilt.Contents(ledger::Space::kIndex), one_thread.Contents(ledger::Space::kIndex));
  }
}

// ---- damaged views ----

TEST_F(ReconcileTest, ViewsChangedBehindTheJournalAreFound) {
  struct Case {
    std::string name;
    Family family;
    std::string prefix;  // the first key under it is damaged
    int action;          // 0 delete, 1 alter, 2 add a key after it
    std::string reason;
    std::string shown;   // how DiffViews names the space
  };
  const std::vector<Case> cases = {
      {"view row deleted", kViews, "parties/", 0, "missing in store", "views:"},
      {"view row altered", kViews, "parties/", 1, "value differs", "views:"},
      {"view row added", kViews, "parties/", 2, "extra in store", "views:"},
      {"index row deleted", kIndex, "h/", 0, "missing in store", "index:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = CopyBooks();
    const std::string key = DamageFirstKey(path, c.family, c.prefix, c.action);
    const ReconcileReport report = MustReconcile(path);
    EXPECT_TRUE(report.integrity.chain_whole);
    ASSERT_EQ(report.breaks.size(), 1u) << Describe(report);
    EXPECT_EQ(report.breaks[0].check, "views");
    EXPECT_EQ(report.breaks[0].key, c.shown + Printable(key)) << Describe(report);
    EXPECT_TRUE(absl::StartsWith(report.breaks[0].reason, c.reason)) << report.breaks[0].reason;
    EXPECT_EQ(report.replay.differences, 1u);
    EXPECT_EQ(RunCli({"--data-dir", path}).exit_code, kExitBreak);
  }
}

// The diff's fast path (hash lookups over key ranges on several threads) must name the same
// first difference and count as the one-thread, in-order comparison, and find nothing in clean books.
TEST_F(ReconcileTest, DiffOnThreadsAgreesWithOneThread) {
  struct Case {
    std::string name;
    Family family;
    std::string prefix;
    int action;  // -1 nothing, 0 delete, 1 alter, 2 add a key after it
  };
  const std::vector<Case> cases = {
      {"clean", kViews, "", -1},
      {"view row deleted", kViews, "parties/", 0},
      {"view row altered", kViews, "ledger/", 1},
      {"index row added", kIndex, "h/", 2},
      {"index row deleted", kIndex, "h/", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = CopyBooks();
    if (c.action >= 0) DamageFirstKey(path, c.family, c.prefix, c.action);
    auto storage = OpenDataDir(path, false, "");
    ASSERT_TRUE(storage.ok()) << storage.status();
    auto modules = ServerModules::Make();
    ASSERT_TRUE(modules.ok());
    auto snapshot = (*storage)->NewSnapshot();
    ledger::MemoryKv rebuilt;
    ASSERT_TRUE(ledger::ReplayJournal(*snapshot, (*modules)->registry(), {}, &rebuilt).ok());
    auto one = ledger::DiffViews(rebuilt, *snapshot);
    ASSERT_TRUE(one.ok()) << one.status();
    EXPECT_EQ(one->differences, c.action < 0 ? 0u : 1u);
    for (int threads : {2, 3, 7}) {
      auto many = ledger::DiffViews(rebuilt, *snapshot, {.threads = threads, .min_rows_to_split = 1});
      ASSERT_TRUE(many.ok()) << many.status();
      EXPECT_EQ(many->differences, one->differences) << threads;
      EXPECT_EQ(many->first_key, one->first_key) << threads;
      EXPECT_EQ(many->first_reason, one->first_reason) << threads;
    }
  }
}

// An account's balance is the running total of its last history row: altering that row breaks the
// trial balance as well as the replay.
TEST_F(ReconcileTest, AnAlteredLastHistoryRowBreaksTheTrialBalanceToo) {
  const std::string path = CopyBooks();
  std::string key;
  {
    auto raw = RawDb::Open(path);
    key = raw->LastKey(kIndex, ledger::HistoryPrefix("asset:bank"));
    v1::HistoryRow row;
    ASSERT_TRUE(row.ParseFromString(raw->Get(kIndex, key)));
    row.set_posted_debits(row.posted_debits() + 1);
    raw->Put(kIndex, key, row.SerializeAsString());
  }
  const ReconcileReport report = MustReconcile(path);
  std::vector<std::string> checks;
  for (const Break& b : report.breaks) checks.push_back(b.check);
  ASSERT_EQ(checks, (std::vector<std::string>{"trial-balance", "views"})) << Describe(report);
  EXPECT_TRUE(absl::StartsWith(report.breaks[0].reason, "SEK: the stored accounts hold debits 100010001"))
      << report.breaks[0].reason;
  EXPECT_EQ(report.breaks[1].key, "index:" + Printable(key));
  EXPECT_FALSE(report.integrity.currencies.at("SEK").Balanced());
}

// ---- a journal that is chained and balanced but breaks an account flag ----

// Entries sealed by hand into a fresh database, as a forger with the hashing code could.
void WriteForgedJournal(const std::string& path, const std::vector<v1::JournalEntry>& entries) {
  auto storage = ledger::Storage::Open(path, ledger::StorageOptions{});
  ASSERT_TRUE(storage.ok()) << storage.status();
  auto txn = (*storage)->NewWriteTxn();
  std::string prev = ledger::GenesisHash();
  uint64_t seq = 0;
  for (v1::JournalEntry entry : entries) {
    entry.set_seq(++seq);
    entry.set_prev_hash(prev);
    entry.set_recorded_at_us(absl::ToUnixMicros(ledger::testutil::TestNow()));
    entry.set_value_date(std::string(ledger::testutil::kToday));
    ledger::SealedEntry sealed = ledger::SealEntry(entry);
    txn->AppendJournal(seq, sealed.stored);
    prev = sealed.hash;
  }
  std::string last;
  ledger::AppendBigEndian64(&last, seq);
  txn->PutMeta(ledger::kMetaLastSeq, last);
  txn->PutMeta(ledger::kMetaLastHash, prev);
  txn->PutMeta(ledger::kMetaFormat, ledger::kFormatVersion);
  ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
  ASSERT_TRUE((*storage)->Close().ok());
}

v1::JournalEntry Opened(const v1::Account& account) {
  v1::JournalEntry entry;
  *entry.mutable_event()->mutable_account_opened()->mutable_account() = account;
  return entry;
}

TEST(ReconcileFlagsTest, AnOverdraftInHistoryIsAReplayBreakAtItsSeq) {
  ScopedTempDir dir;
  v1::JournalEntry overdraw;
  overdraw.mutable_event()->mutable_entry_posted();
  *overdraw.add_postings() = ledger::testutil::MakePosting("asset:bank", v1::CREDIT, 100, "SEK");
  *overdraw.add_postings() = ledger::testutil::MakePosting("liability:capital", v1::DEBIT, 100, "SEK");
  WriteForgedJournal(dir.Sub("db"), {Opened(MakeAccount("asset:bank", v1::ASSET, "SEK", false, true)),
                                     Opened(MakeAccount("liability:capital", v1::LIABILITY)), overdraw});
  const ReconcileReport report = MustReconcile(dir.Sub("db"));
  EXPECT_TRUE(report.integrity.chain_whole) << Describe(report);
  EXPECT_EQ(report.replay.time_zone_source, "default: the journal records no FundCreated");
  const Break* replay = nullptr;
  for (const Break& b : report.breaks) replay = b.check == "replay" ? &b : replay;
  ASSERT_NE(replay, nullptr) << Describe(report);
  EXPECT_EQ(replay->seq, 3u);
  EXPECT_TRUE(absl::StrContains(replay->reason, "entry 3")) << replay->reason;
}

// ---- unusable input ----

TEST(ReconcileCliTest, UnusableInputExitsTwoNamingThePath) {
  ScopedTempDir dir;
  const std::string empty = dir.Sub("empty");
  std::filesystem::create_directories(empty);
  const std::string file = dir.Sub("file");
  { std::ofstream(file) << "not a database"; }
  const std::string other = dir.Sub("other-rocksdb");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, other, &db).ok());
    delete db;
  }
  struct Case {
    std::vector<std::string> args;
    std::string said;
  };
  const std::vector<Case> cases = {
      {{"--data-dir", dir.Sub("missing")}, dir.Sub("missing") + ": no such directory"},
      {{"--data-dir", file}, file + ": not a directory"},
      {{"--data-dir", empty}, empty + ": not a fondbok data directory (no RocksDB CURRENT file in it)"},
      {{"--data-dir", other}, other + ": cannot open it"},
      {{"--data-dir", dir.Sub("missing"), "--secondary"}, "no such directory"},
      {{}, "--data-dir is required"},
      {{"--data-dir", empty, "--frobnicate"}, "--frobnicate"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    CliRun run = RunCli(c.args);
    EXPECT_EQ(run.exit_code, kExitUnusable);
    EXPECT_TRUE(absl::StrContains(run.err, c.said)) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

// ---- pieces ----

TEST(AddPostingsTest, SumsPostedMoneyPerCurrencyAndLeavesReservationsOut) {
  v1::JournalEntry entry;
  *entry.add_postings() = ledger::testutil::MakePosting("a", v1::DEBIT, 500, "SEK");
  *entry.add_postings() = ledger::testutil::MakePosting("b", v1::CREDIT, 500, "SEK");
  *entry.add_postings() = ledger::testutil::MakePosting("c", v1::DEBIT, 7, "EUR");
  *entry.add_postings() = ledger::testutil::MakePosting("d", v1::CREDIT, 7, "EUR");
  *entry.add_postings() = ledger::testutil::MakePosting("a", v1::DEBIT, 90, "SEK", v1::PENDING);
  *entry.add_postings() = ledger::testutil::MakePosting("b", v1::CREDIT, 90, "SEK", v1::PENDING);
  std::map<std::string, CurrencyTotals> totals;
  AddPostings(entry, &totals);
  AddPostings(entry, &totals);
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals["SEK"].journal_debits, 1000);
  EXPECT_EQ(totals["SEK"].journal_credits, 1000);
  EXPECT_EQ(totals["EUR"].journal_debits, 14);
  EXPECT_FALSE(totals["SEK"].Balanced());  // no account states added yet
  totals["SEK"].view_debits = totals["SEK"].view_credits = 1000;
  EXPECT_TRUE(totals["SEK"].Balanced());
}

TEST(ReportTest, JsonStringsAreEscaped) {
  const std::pair<std::string, std::string> cases[] = {
      {"plain", "\"plain\""},
      {"a\"b", "\"a\\\"b\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"line\nbreak\t", "\"line\\nbreak\\t\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"Göteborg", "\"Göteborg\""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(JsonString(in), out);
}

TEST(ReportTest, TotalsBeyondInt64AreShownInOre) {
  EXPECT_EQ(FormatTotal(123456, "SEK"), "1 234,56 kr");
  EXPECT_EQ(FormatTotal(absl::int128(std::numeric_limits<int64_t>::max()) * 4, "SEK"), "36893488147419103228 öre");
}

TEST(ReportTest, TextListsEveryBreakAligned) {
  ReconcileReport report;
  report.data_dir = "/srv/fondbok";
  report.mode = "read-only";
  report.replay.skipped_because = "the journal is broken at seq 17";
  report.breaks = {{"chain", 17, "", "journal entry 17: hash does not match its contents"},
                   {"trial-balance", 0, "", "SEK: differs"}};
  const std::string text = FormatText(report);
  EXPECT_TRUE(absl::StrContains(text, "  chain          seq 17  journal entry 17: hash does not match its contents\n"))
      << text;
  EXPECT_TRUE(absl::StrContains(text, "  trial-balance  -       SEK: differs\n")) << text;
  EXPECT_TRUE(absl::StrContains(text, "skipped  the journal is broken at seq 17")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Result: 2 breaks")) << text;
  const std::string json = FormatJson(report);
  EXPECT_TRUE(absl::StrContains(json, "\"whole\":false")) << json;
  EXPECT_TRUE(absl::StrContains(json, "{\"check\":\"chain\",\"seq\":17,\"key\":\"\",\"reason\":")) << json;
}

}  // namespace
}  // namespace fondbok::reconcile
