#include "tools/bench/bench_accounts.h"

#include <gtest/gtest.h>

namespace fondbok::bench {
namespace {

TEST(BenchAccountCode, IsZeroPaddedSoThatListingIsInOrder) {
  EXPECT_EQ(BenchAccountCode(0), "bench:acct:00000");
  EXPECT_EQ(BenchAccountCode(42), "bench:acct:00042");
  EXPECT_EQ(BenchAccountCode(9999), "bench:acct:09999");
  EXPECT_LT(BenchAccountCode(9), BenchAccountCode(10));
}

TEST(SetupRequestId, IsDeterministicAndDependsOnTheCodes) {
  const std::vector<std::string> a = {"bench:acct:00000", "bench:acct:00001"};
  EXPECT_EQ(SetupRequestId(a), SetupRequestId(a));
  EXPECT_NE(SetupRequestId(a), SetupRequestId({"bench:acct:00000"}));
  EXPECT_NE(SetupRequestId({"ab", "c"}), SetupRequestId({"a", "bc"}));
  // Pinned: a change would make a second run against an old server send new requests.
  EXPECT_EQ(SetupRequestId({}), "bench-setup-0-cbf29ce484222325");
  EXPECT_LE(SetupRequestId(a).size(), 128u);
}

}  // namespace
}  // namespace fondbok::bench
