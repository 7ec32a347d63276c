// Upgrading a format-1 data directory (account records that carried running totals) to format 2.
#include "ledger/upgrade.h"

#include <map>
#include <string>

#include "gtest/gtest.h"
#include "ledger/sequencer_test_util.h"

namespace fondbok::ledger {
namespace {

using namespace seqtest;  // NOLINT: the sequencer tests' chart and builders

// Every account record, by key.
std::map<std::string, std::string> AccountRecords(Storage& storage) {
  std::map<std::string, std::string> out;
  EXPECT_TRUE(storage.NewSnapshot()
                  ->Scan(Space::kViews, kAccountKeyPrefix, PrefixEnd(kAccountKeyPrefix),
                         [&](absl::string_view k, absl::string_view v) {
                           out.emplace(std::string(k), std::string(v));
                           return true;
                         })
                  .ok());
  return out;
}

std::map<std::string, std::string> Balances(Storage& storage, const std::map<std::string, std::string>& records) {
  std::map<std::string, std::string> out;
  auto snapshot = storage.NewSnapshot();
  for (const auto& [key, record] : records) {
    const std::string code = key.substr(kAccountKeyPrefix.size());
    auto account = ReadAccount(*snapshot, code);
    EXPECT_TRUE(account.ok() && account->has_value()) << code;
    if (account.ok() && account->has_value()) out[code] = CurrentBalance(**account).SerializeAsString();
  }
  return out;
}

TEST(UpgradeTest, Format1AccountRecordsLoseTheirTotalsAndBalancesStayTheSame) {
  LedgerHarness h;
  OpenChart(h);
  ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 125050)).ok());
  ASSERT_TRUE(h.Run(Transfer(kLoans, kCash, 100000)).ok());
  ASSERT_TRUE(h.Run(Reserve(kCash, kPlain, 500)).ok());
  const std::string db = h.dir().Sub("db");
  h.Shutdown();

  auto storage = Storage::Open(db, StorageOptions{});
  ASSERT_TRUE(storage.ok()) << storage.status();
  const std::map<std::string, std::string> current = AccountRecords(**storage);
  const std::map<std::string, std::string> balances = Balances(**storage, current);
  ASSERT_EQ(current.size(), 6u);
  ASSERT_TRUE(testutil::RewriteAsFormat1(**storage).ok());
  ASSERT_NE(AccountRecords(**storage), current);
  EXPECT_EQ(Balances(**storage, current), balances) << "format-1 totals are ignored on read";

  auto upgraded = UpgradeFormat(**storage);
  ASSERT_TRUE(upgraded.ok()) << upgraded.status();
  EXPECT_TRUE(upgraded->upgraded);
  EXPECT_EQ(upgraded->accounts_rewritten, 6u);
  EXPECT_EQ(AccountRecords(**storage), current) << "the records replay would write";
  EXPECT_EQ(Balances(**storage, current), balances);
  EXPECT_EQ(*(*storage)->NewSnapshot()->GetMeta(kMetaFormat), std::string(kFormatVersion));

  auto again = UpgradeFormat(**storage);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->upgraded) << "already current";
  ASSERT_TRUE((*storage)->Close().ok());

  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Run(Transfer(kCash, kPlain, 1)).ok());
  EXPECT_EQ(h.Account(kCash).posted_debits(), 125051);
}

TEST(UpgradeTest, TheSequencerRefusesAnOldFormatAndTheUpgradeAnUnknownOne) {
  LedgerHarness h;
  OpenChart(h);
  const std::string db = h.dir().Sub("db");
  h.Shutdown();
  for (const char* format : {"fondbok-journal-1", "fondbok-journal-99"}) {
    SCOPED_TRACE(format);
    {
      auto storage = Storage::Open(db, StorageOptions{});
      ASSERT_TRUE(storage.ok());
      auto txn = (*storage)->NewWriteTxn();
      txn->PutMeta(kMetaFormat, format);
      ASSERT_TRUE((*storage)->Commit(*txn, true).ok());
      ASSERT_TRUE((*storage)->Close().ok());
    }
    absl::Status opened = h.Open();
    EXPECT_EQ(opened.code(), absl::StatusCode::kFailedPrecondition) << opened;
    EXPECT_NE(opened.message().find(format), absl::string_view::npos) << opened;
    h.Shutdown();
  }
  auto storage = Storage::Open(db, StorageOptions{});
  ASSERT_TRUE(storage.ok());
  const auto before = AccountRecords(**storage);
  auto upgraded = UpgradeFormat(**storage);
  EXPECT_EQ(upgraded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AccountRecords(**storage), before) << "nothing written";
  EXPECT_EQ(*(*storage)->NewSnapshot()->GetMeta(kMetaFormat), "fondbok-journal-99");
}

}  // namespace
}  // namespace fondbok::ledger
