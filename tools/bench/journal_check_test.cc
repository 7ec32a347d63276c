#include "tools/bench/journal_check.h"

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

constexpr char kPrefix[] = "bench-00000000abcdef01-";

v1::JournalEntry Entry(uint64_t seq, const std::string& request_id, uint32_t index, uint32_t count) {
  v1::JournalEntry entry;
  entry.set_seq(seq);
  entry.set_request_id(request_id);
  entry.set_command_index(index);
  entry.set_command_count(count);
  entry.add_postings()->set_account("bench:acct:00000");
  entry.add_postings()->set_account("bench:acct:00001");
  return entry;
}

// Two threads, batches of 2: thread 0 request 0 at 11-12, thread 1 request 0 at 13-14,
// thread 0 request 1 at 17-18 (15 and 16 belong to someone else).
RunAcks TwoThreads() {
  RunAcks acks;
  acks.request_id_prefix = kPrefix;
  acks.entries_per_request = 2;
  acks.first_seqs = {{11, 17}, {13}};
  return acks;
}

std::vector<v1::JournalEntry> GoodJournal() {
  const std::string p = kPrefix;
  return {Entry(11, p + "0-0", 0, 2), Entry(12, p + "0-0", 1, 2), Entry(13, p + "1-0", 0, 2),
          Entry(14, p + "1-0", 1, 2), Entry(15, "someone-else", 0, 1), Entry(16, "bench-other-0-0", 0, 1),
          Entry(17, p + "0-1", 0, 2), Entry(18, p + "0-1", 1, 2)};
}

absl::Status CheckAll(const RunAcks& acks, const std::vector<v1::JournalEntry>& journal) {
  JournalChecker checker(&acks);
  for (const auto& entry : journal) {
    absl::Status status = checker.Check(entry);
    if (!status.ok()) return status;
  }
  return checker.Finish();
}

TEST(JournalChecker, AcceptsTheJournalAsAcknowledged) {
  RunAcks acks = TwoThreads();
  JournalChecker checker(&acks);
  for (const auto& entry : GoodJournal()) ASSERT_TRUE(checker.Check(entry).ok()) << entry.seq();
  EXPECT_TRUE(checker.Finish().ok());
  EXPECT_EQ(checker.run_entries_seen(), 6u);
  EXPECT_EQ(acks.entries(), 6u);
}

TEST(JournalChecker, FindsEachKindOfDiscrepancy) {
  const std::string p = kPrefix;
  struct Case {
    const char* name;
    std::function<void(std::vector<v1::JournalEntry>&)> damage;
    const char* message_part;
  };
  const Case cases[] = {
      {"missing entry", [](auto& j) { j.erase(j.begin() + 1); }, "only 5 of 6"},
      {"duplicate", [&](auto& j) { j.push_back(Entry(19, p + "1-0", 1, 2)); }, "twice"},
      {"moved", [&](auto& j) { j[2] = Entry(13, p + "1-0", 1, 2); }, "acknowledged as seq 14 but is at seq 13"},
      {"never acknowledged", [&](auto& j) { j.push_back(Entry(19, p + "1-1", 0, 2)); }, "never acknowledged"},
      {"unknown thread", [&](auto& j) { j.push_back(Entry(19, p + "7-0", 0, 2)); }, "never acknowledged"},
      {"garbled id", [&](auto& j) { j.push_back(Entry(19, p + "x", 0, 2)); }, "never sent"},
      {"wrong count", [&](auto& j) { j[0] = Entry(11, p + "0-0", 0, 3); }, "the request held 2"},
      {"wrong postings", [](auto& j) { j[0].add_postings(); }, "3 postings"},
  };
  for (const Case& c : cases) {
    std::vector<v1::JournalEntry> journal = GoodJournal();
    c.damage(journal);
    absl::Status status = CheckAll(TwoThreads(), journal);
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << c.name;
    EXPECT_NE(status.message().find(c.message_part), std::string::npos) << c.name << ": " << status.message();
  }
}

TEST(RequestIdOf, Format) { EXPECT_EQ(RequestIdOf("bench-ab-", 3, 42), "bench-ab-3-42"); }

}  // namespace
}  // namespace fondbok::bench
