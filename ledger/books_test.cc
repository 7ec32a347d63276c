// The ledger core's rules (books.h) on an in-memory store: balance per currency, amounts, accounts,
// flags with reservations counting against them, two-phase entries, value dates and closed periods,
// and balances as of a seq or a value date.
#include "ledger/books.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "ledger/date.h"
#include "ledger/keys.h"
#include "ledger/kv.h"
#include "ledger/testing.h"

namespace fondbok::ledger {
namespace {

using testutil::kToday;
using testutil::OpenInKv;
using testutil::TestToday;
using v1::Posting;

Posting P(absl::string_view account, v1::Side side, int64_t amount, absl::string_view currency = "SEK",
          v1::Phase phase = v1::POSTED) {
  return testutil::MakePosting(account, side, amount, currency, phase);
}
Posting D(absl::string_view account, int64_t amount, absl::string_view currency = "SEK") {
  return P(account, v1::DEBIT, amount, currency);
}
Posting C(absl::string_view account, int64_t amount, absl::string_view currency = "SEK") {
  return P(account, v1::CREDIT, amount, currency);
}
Posting PendingD(absl::string_view account, int64_t amount, absl::string_view currency = "SEK") {
  return P(account, v1::DEBIT, amount, currency, v1::PENDING);
}
Posting PendingC(absl::string_view account, int64_t amount, absl::string_view currency = "SEK") {
  return P(account, v1::CREDIT, amount, currency, v1::PENDING);
}

// Accounts of the fixture. The bank may not go below zero; lending capital may not be overdrawn.
constexpr absl::string_view kBank = "asset:bank";
constexpr absl::string_view kCapital = "liability:capital:m1";
constexpr absl::string_view kLoans = "asset:loans:l1";
constexpr absl::string_view kIncome = "income:interest";
constexpr absl::string_view kCash = "asset:cash";
constexpr absl::string_view kPlain = "liability:capital:m2";
constexpr absl::string_view kEurBank = "asset:bank-eur";
constexpr absl::string_view kEurFunds = "liability:esf";

// The store as RocksDB holds it: no derived values, so readers must derive them from the index.
class WithoutDerived final : public KvReader {
 public:
  explicit WithoutDerived(const KvReader& inner) : inner_(inner) {}
  absl::StatusOr<std::optional<std::string>> Get(Space space, absl::string_view key) const override {
    if (space == Space::kDerived) return std::nullopt;
    return inner_.Get(space, key);
  }
  absl::Status Scan(Space space, absl::string_view start, absl::string_view end,
                    const ScanVisitor& visit) const override {
    if (space == Space::kDerived) return absl::OkStatus();
    return inner_.Scan(space, start, end, visit);
  }

 private:
  const KvReader& inner_;
};

class BooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using testutil::MakeAccount;
    Open(MakeAccount(kBank, v1::ASSET, "SEK", false, /*credits_must_not_exceed_debits=*/true));
    Open(MakeAccount(kCapital, v1::LIABILITY, "SEK", /*debits_must_not_exceed_credits=*/true));
    Open(MakeAccount(kLoans, v1::ASSET));
    Open(MakeAccount(kIncome, v1::INCOME));
    Open(MakeAccount(kCash, v1::ASSET));
    Open(MakeAccount(kPlain, v1::LIABILITY));
    Open(MakeAccount(kEurBank, v1::ASSET, "EUR"));
    Open(MakeAccount(kEurFunds, v1::LIABILITY, "EUR"));
  }

  void Open(const v1::Account& account) {
    absl::Status opened = OpenInKv(kv_, account, next_seq_++);
    ASSERT_TRUE(opened.ok()) << opened;
  }

  v1::JournalEntry Entry(std::vector<Posting> postings, absl::string_view value_date = kToday) const {
    v1::JournalEntry entry;
    entry.set_seq(next_seq_);
    entry.set_value_date(std::string(value_date));
    entry.mutable_event()->mutable_entry_posted();
    for (Posting& p : postings) *entry.add_postings() = std::move(p);
    return entry;
  }
  v1::JournalEntry Settle(uint64_t pending_seq, v1::PendingChange::Kind kind, std::vector<Posting> postings,
                          absl::string_view value_date = kToday) const {
    v1::JournalEntry entry = Entry(std::move(postings), value_date);
    entry.mutable_pending_change()->set_pending_seq(pending_seq);
    entry.mutable_pending_change()->set_kind(kind);
    return entry;
  }

  // Applies like the sequencer does: on a copy, kept only when the entry is accepted (the
  // sequencer rolls its batch back to a save point instead).
  // Every entry also goes through the sequencer's path (ApplyNewEntry: currencies filled from the
  // same account reads), which must decide and write exactly what FillCurrencies + ApplyEntry do.
  absl::Status Apply(const v1::JournalEntry& entry) {
    MemoryKv attempt = kv_;
    absl::Status status = ApplyEntry(entry, TestToday(), attempt);
    MemoryKv sequencer_attempt = kv_;
    v1::JournalEntry filled = entry;
    absl::Status sequencer_status = ApplyNewEntry(&filled, TestToday(), sequencer_attempt);
    EXPECT_EQ(sequencer_status.code(), status.code()) << sequencer_status << " / " << status;
    if (status.ok() && sequencer_status.ok()) {
      EXPECT_EQ(filled.SerializeAsString(), entry.SerializeAsString()) << "currencies were already filled";
      EXPECT_EQ(sequencer_attempt.Contents(Space::kViews), attempt.Contents(Space::kViews));
      EXPECT_EQ(sequencer_attempt.Contents(Space::kIndex), attempt.Contents(Space::kIndex));
      EXPECT_EQ(sequencer_attempt.Contents(Space::kDerived), attempt.Contents(Space::kDerived));
    }
    if (status.ok()) {
      kv_ = std::move(attempt);
      ++next_seq_;
    }
    return status;
  }
  // The seq of an entry that must be accepted.
  uint64_t MustApply(const v1::JournalEntry& entry) {
    const uint64_t seq = entry.seq();
    absl::Status status = Apply(entry);
    EXPECT_TRUE(status.ok()) << status;
    return seq;
  }

  // The account as ReadAccount finds it, which must not depend on whether the store kept the
  // derived totals (MemoryKv, the sequencer's cache) or must seek them in the index (RocksDB).
  v1::AccountState Account(absl::string_view code) const {
    auto account = ReadAccount(kv_, code);
    EXPECT_TRUE(account.ok() && account->has_value()) << code;
    auto derived_again = ReadAccount(WithoutDerived(kv_), code);
    EXPECT_TRUE(derived_again.ok() && derived_again->has_value()) << code;
    if (account.ok() && derived_again.ok() && account->has_value() && derived_again->has_value()) {
      EXPECT_EQ((*derived_again)->SerializeAsString(), (*account)->SerializeAsString()) << code;
    }
    return account.ok() && account->has_value() ? **account : v1::AccountState();
  }
  v1::PendingState Pending(uint64_t seq) const {
    auto pending = ReadPending(kv_, seq);
    EXPECT_TRUE(pending.ok() && pending->has_value()) << seq;
    return pending.ok() && pending->has_value() ? **pending : v1::PendingState();
  }
  bool HasExpiryKey(int64_t expires_at_us, uint64_t seq) const {
    return kv_.Contents(Space::kIndex).count(ExpiryKey(expires_at_us, seq)) == 1;
  }
  void Fund(absl::string_view debit, absl::string_view credit, int64_t amount) {
    MustApply(Entry({D(debit, amount), C(credit, amount)}));
  }

  MemoryKv kv_;
  uint64_t next_seq_ = 1;
};

// Totals of one account in one line, for compact expectations.
struct Totals {
  int64_t posted_debits, posted_credits, pending_debits, pending_credits;
  bool operator==(const Totals&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Totals& t) {
  return os << "{posted D " << t.posted_debits << " C " << t.posted_credits << ", pending D " << t.pending_debits
            << " C " << t.pending_credits << "}";
}
Totals Of(const v1::AccountState& a) {
  return {a.posted_debits(), a.posted_credits(), a.pending_debits(), a.pending_credits()};
}
Totals Of(const v1::Balance& b) {
  return {b.posted_debits(), b.posted_credits(), b.pending_debits(), b.pending_credits()};
}

TEST_F(BooksTest, BalancedEntryMovesBothAccountsAndWritesHistory) {
  const uint64_t seq = MustApply(Entry({D(kBank, 125050), C(kCapital, 125050)}));
  EXPECT_EQ(Of(Account(kBank)), (Totals{125050, 0, 0, 0}));
  EXPECT_EQ(Of(Account(kCapital)), (Totals{0, 125050, 0, 0}));
  EXPECT_EQ(Account(kBank).last_seq(), seq);

  v1::Balance bank = CurrentBalance(Account(kBank));
  EXPECT_EQ(bank.balance(), 125050) << "debit-normal";
  EXPECT_EQ(bank.currency(), "SEK");
  EXPECT_EQ(bank.as_of_seq(), seq);
  EXPECT_EQ(CurrentBalance(Account(kCapital)).balance(), 125050) << "credit-normal";

  auto row = kv_.Get(Space::kIndex, HistoryKey(kBank, seq, 0));
  ASSERT_TRUE(row.ok() && row->has_value());
  v1::HistoryRow history;
  ASSERT_TRUE(history.ParseFromString(**row));
  EXPECT_EQ(history.seq(), seq);
  EXPECT_EQ(history.side(), v1::DEBIT);
  EXPECT_EQ(history.posted_delta(), 125050);
  EXPECT_EQ(history.value_date_days(), DaysSinceEpoch(TestToday()));
  EXPECT_EQ(history.posted_debits(), 125050);
}

// An account's record is written once, when it opens: postings add history rows (whose running
// totals are the balance) and the derived totals, never a new version of the record.
TEST_F(BooksTest, PostingsLeaveTheAccountRecordAsItWasOpened) {
  const std::string opened = **kv_.Get(Space::kViews, AccountKey(kCash));
  v1::AccountState record;
  ASSERT_TRUE(record.ParseFromString(opened));
  EXPECT_EQ(record.posted_debits(), 0);
  EXPECT_EQ(record.last_seq(), 0u) << "the record holds the definition only";
  const uint64_t opened_seq = record.account().opened_seq();
  EXPECT_EQ(Account(kCash).last_seq(), opened_seq) << "no postings yet: last seq is the opening";
  Fund(kCash, kPlain, 1000);
  const uint64_t last = MustApply(Entry({D(kCash, 250), C(kPlain, 250)}));
  EXPECT_EQ(**kv_.Get(Space::kViews, AccountKey(kCash)), opened);
  EXPECT_EQ(Account(kCash).posted_debits(), 1250);
  EXPECT_EQ(Account(kCash).last_seq(), last);
  auto derived = kv_.Get(Space::kDerived, AccountKey(kCash));
  ASSERT_TRUE(derived.ok() && derived->has_value());
  EXPECT_EQ(**derived, Account(kCash).SerializeAsString()) << "the complete account";
  v1::HistoryRow row;
  ASSERT_TRUE(row.ParseFromString(**kv_.Get(Space::kIndex, HistoryKey(kCash, last, 0))));
  EXPECT_EQ(row.posted_debits(), 1250) << "the last history row holds the same totals";
}

TEST_F(BooksTest, SeveralCurrenciesInOneEntryBalanceEachOnTheirOwn) {
  MustApply(Entry({D(kCash, 1000), C(kPlain, 1000), D(kEurBank, 77, "EUR"), C(kEurFunds, 77, "EUR")}));
  EXPECT_EQ(Of(Account(kEurBank)), (Totals{77, 0, 0, 0}));
  EXPECT_EQ(Of(Account(kPlain)), (Totals{0, 1000, 0, 0}));
}

TEST_F(BooksTest, RefusesEntriesThatBreakTheRules) {
  struct Case {
    const char* name;
    v1::JournalEntry entry;
    absl::StatusCode code;
    const char* message;
  };
  v1::JournalEntry no_side = Entry({D(kCash, 100), C(kPlain, 100)});
  no_side.mutable_postings(1)->set_side(v1::SIDE_UNSPECIFIED);
  v1::JournalEntry no_phase = Entry({D(kCash, 100), C(kPlain, 100)});
  no_phase.mutable_postings(0)->set_phase(v1::PHASE_UNSPECIFIED);
  std::vector<Posting> many;
  for (int i = 0; i < 129; ++i) {
    many.push_back(D(kCash, 1));
    many.push_back(C(kPlain, 1));
  }
  v1::JournalEntry settle_missing = Settle(999, v1::PendingChange::VOID, {});
  v1::JournalEntry reserve_and_settle = Entry({PendingD(kCash, 5), PendingC(kPlain, 5)});
  reserve_and_settle.mutable_pending_change()->set_pending_seq(1);
  reserve_and_settle.mutable_pending_change()->set_kind(v1::PendingChange::VOID);

  const std::vector<Case> cases = {
      {"unbalanced", Entry({D(kCash, 1000), C(kPlain, 999)}), absl::StatusCode::kInvalidArgument,
       "does not balance in SEK"},
      {"balanced only across currencies", Entry({D(kCash, 1000), C(kEurFunds, 1000, "EUR")}),
       absl::StatusCode::kInvalidArgument, "does not balance"},
      {"one currency balanced, the other not",
       Entry({D(kCash, 1000), C(kPlain, 1000), D(kEurBank, 5, "EUR"), C(kEurFunds, 4, "EUR")}),
       absl::StatusCode::kInvalidArgument, "does not balance in EUR"},
      {"zero amounts", Entry({D(kCash, 0), C(kPlain, 0)}), absl::StatusCode::kInvalidArgument, "greater than zero"},
      {"negative amounts", Entry({D(kCash, -5), C(kPlain, -5)}), absl::StatusCode::kInvalidArgument,
       "greater than zero"},
      {"unknown account", Entry({D("asset:nowhere", 100), C(kPlain, 100)}), absl::StatusCode::kNotFound,
       "asset:nowhere"},
      {"currency of the posting is not the account's", Entry({D(kCash, 100, "EUR"), C(kEurFunds, 100, "EUR")}),
       absl::StatusCode::kInvalidArgument, "kept in SEK"},
      {"posting without side", no_side, absl::StatusCode::kInvalidArgument, "no side"},
      {"posting without phase", no_phase, absl::StatusCode::kInvalidArgument, "no phase"},
      {"pending and posted mixed", Entry({D(kCash, 100), PendingC(kPlain, 100)}),
       absl::StatusCode::kInvalidArgument, "only pending postings"},
      {"value date in the future", Entry({D(kCash, 100), C(kPlain, 100)}, "2026-03-16"),
       absl::StatusCode::kInvalidArgument, "in the future"},
      {"value date malformed", Entry({D(kCash, 100), C(kPlain, 100)}, "2026-3-1"),
       absl::StatusCode::kInvalidArgument, "2026-3-1"},
      {"value date missing", Entry({D(kCash, 100), C(kPlain, 100)}, ""), absl::StatusCode::kInvalidArgument,
       "value date"},
      {"overdraws both flagged accounts", Entry({D(kCapital, 1), C(kBank, 1)}),
       absl::StatusCode::kFailedPrecondition, "may not be overdrawn"},
      {"too many postings", Entry(many), absl::StatusCode::kInvalidArgument, "at most 256"},
      {"settles a pending entry that does not exist", settle_missing, absl::StatusCode::kNotFound,
       "pending entry 999"},
      {"reserves and settles at once", reserve_and_settle, absl::StatusCode::kInvalidArgument,
       "both reserve and settle"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::Status status = Apply(c.entry);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_NE(status.message().find(c.message), std::string::npos) << status;
  }
}

TEST_F(BooksTest, ValueDatesMayGoBackButNotIntoAClosedPeriod) {
  kv_.Put(Space::kViews, kClosedThroughKey, "2026-02");
  struct Case {
    const char* value_date;
    absl::StatusCode code;
  };
  const Case cases[] = {
      {"2026-02-28", absl::StatusCode::kFailedPrecondition}, {"2026-02-01", absl::StatusCode::kFailedPrecondition},
      {"2025-12-31", absl::StatusCode::kFailedPrecondition}, {"2026-03-01", absl::StatusCode::kOk},
      {"2026-03-15", absl::StatusCode::kOk},                 {"2026-03-16", absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value_date);
    absl::Status status = Apply(Entry({D(kCash, 100), C(kPlain, 100)}, c.value_date));
    EXPECT_EQ(status.code(), c.code) << status;
    if (c.code == absl::StatusCode::kFailedPrecondition) {
      EXPECT_NE(status.message().find("closed period (closed through 2026-02)"), std::string::npos) << status;
    }
  }
  auto closed = ReadClosedThrough(kv_);
  ASSERT_TRUE(closed.ok() && closed->has_value());
  EXPECT_EQ(**closed, absl::CivilMonth(2026, 2));

  kv_.Put(Space::kViews, kClosedThroughKey, "garbage");
  EXPECT_EQ(ReadClosedThrough(kv_).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(BooksTest, ClosedAccountTakesNoPostings) {
  v1::AccountState cash = Account(kCash);
  cash.mutable_account()->set_closed(true);
  kv_.Put(Space::kViews, AccountKey(kCash), cash.SerializeAsString());
  absl::Status status = Apply(Entry({D(kCash, 100), C(kPlain, 100)}));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_NE(status.message().find("closed"), std::string::npos);
}

// One step of a flag scenario: an entry and whether it is accepted.
struct FlagStep {
  const char* what;
  std::vector<Posting> postings;
  bool accepted;
};

TEST_F(BooksTest, DebitsMustNotExceedCreditsCountsPendingDebits) {
  Fund(kBank, kCapital, 1000);  // 10 kr of lending capital
  uint64_t reservation = next_seq_;
  const std::vector<FlagStep> steps = {
      {"reserve 6 kr of capital", {PendingD(kCapital, 600), PendingC(kLoans, 600)}, true},
      {"5 kr more would exceed 10 kr with the reservation", {D(kCapital, 500), C(kIncome, 500)}, false},
      {"4 kr more uses exactly what is free", {D(kCapital, 400), C(kIncome, 400)}, true},
      {"one öre more is refused", {D(kCapital, 1), C(kIncome, 1)}, false},
      {"a pending öre is refused too", {PendingD(kCapital, 1), PendingC(kIncome, 1)}, false},
      {"debit and credit in one entry net out", {D(kCapital, 700), C(kCapital, 700)}, true},
  };
  for (const FlagStep& step : steps) {
    SCOPED_TRACE(step.what);
    absl::Status status = Apply(Entry(step.postings));
    if (step.accepted) {
      EXPECT_TRUE(status.ok()) << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
      EXPECT_NE(status.message().find(std::string(kCapital) + " may not be overdrawn"), std::string::npos) << status;
    }
  }
  EXPECT_EQ(Of(Account(kCapital)), (Totals{1100, 1700, 600, 0}));
  // Releasing the reservation frees its amount.
  MustApply(Settle(reservation, v1::PendingChange::VOID, {}));
  EXPECT_TRUE(Apply(Entry({D(kCapital, 600), C(kIncome, 600)})).ok());
  EXPECT_EQ(Apply(Entry({D(kCapital, 1), C(kIncome, 1)})).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(BooksTest, PendingCreditsAreNotYetAvailable) {
  const uint64_t incoming = MustApply(Entry({PendingD(kBank, 1000), PendingC(kCapital, 1000)}));
  EXPECT_EQ(Apply(Entry({D(kCapital, 1), C(kIncome, 1)})).code(), absl::StatusCode::kFailedPrecondition);
  MustApply(Settle(incoming, v1::PendingChange::POST, {D(kBank, 1000), C(kCapital, 1000)}));
  EXPECT_TRUE(Apply(Entry({D(kCapital, 1000), C(kIncome, 1000)})).ok());
}

TEST_F(BooksTest, CreditsMustNotExceedDebitsCountsPendingCredits) {
  Fund(kBank, kPlain, 1000);
  const std::vector<FlagStep> steps = {
      {"reserve 7 kr out of the bank", {PendingD(kLoans, 700), PendingC(kBank, 700)}, true},
      {"4 kr more would leave the bank below zero", {D(kCash, 400), C(kBank, 400)}, false},
      {"3 kr is what is left", {D(kCash, 300), C(kBank, 300)}, true},
      {"one öre more is refused", {D(kCash, 1), C(kBank, 1)}, false},
      {"money in makes room", {D(kBank, 50), C(kPlain, 50)}, true},
      {"and can be spent", {D(kCash, 50), C(kBank, 50)}, true},
  };
  for (const FlagStep& step : steps) {
    SCOPED_TRACE(step.what);
    absl::Status status = Apply(Entry(step.postings));
    if (step.accepted) {
      EXPECT_TRUE(status.ok()) << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
      EXPECT_NE(status.message().find(std::string(kBank) + " may not be overdrawn"), std::string::npos) << status;
    }
  }
  EXPECT_EQ(Of(Account(kBank)), (Totals{1050, 350, 0, 700}));
}

TEST_F(BooksTest, PendingPostedInPartsThenInFull) {
  Fund(kBank, kPlain, 5000);
  v1::JournalEntry reserve = Entry({PendingD(kLoans, 1000), PendingC(kBank, 1000)});
  reserve.set_pending_expires_at_us(1'900'000'000'000'000);
  const uint64_t seq = MustApply(reserve);
  EXPECT_EQ(Pending(seq).status(), v1::PendingState::OPEN);
  EXPECT_EQ(Of(Account(kLoans)), (Totals{0, 0, 1000, 0}));
  EXPECT_EQ(Of(Account(kBank)), (Totals{5000, 0, 0, 1000}));
  EXPECT_TRUE(HasExpiryKey(1'900'000'000'000'000, seq));

  MustApply(Settle(seq, v1::PendingChange::POST, {D(kLoans, 300), C(kBank, 300)}));
  v1::PendingState partly = Pending(seq);
  EXPECT_EQ(partly.status(), v1::PendingState::OPEN);
  EXPECT_EQ(std::vector<int64_t>(partly.remaining_ore().begin(), partly.remaining_ore().end()),
            (std::vector<int64_t>{700, 700}));
  EXPECT_EQ(Of(Account(kLoans)), (Totals{300, 0, 700, 0}));
  EXPECT_EQ(Of(Account(kBank)), (Totals{5000, 300, 0, 700}));
  EXPECT_TRUE(HasExpiryKey(1'900'000'000'000'000, seq)) << "still open, still expires";

  absl::Status too_much = Apply(Settle(seq, v1::PendingChange::POST, {D(kLoans, 800), C(kBank, 800)}));
  EXPECT_EQ(too_much.code(), absl::StatusCode::kFailedPrecondition) << too_much;
  EXPECT_NE(too_much.message().find("only 7,00 kr"), std::string::npos) << too_much;

  MustApply(Settle(seq, v1::PendingChange::POST, {D(kLoans, 700), C(kBank, 700)}));
  EXPECT_EQ(Pending(seq).status(), v1::PendingState::POSTED_IN_FULL);
  EXPECT_EQ(Of(Account(kLoans)), (Totals{1000, 0, 0, 0}));
  EXPECT_EQ(Of(Account(kBank)), (Totals{5000, 1000, 0, 0}));
  EXPECT_FALSE(HasExpiryKey(1'900'000'000'000'000, seq)) << "a settled reservation no longer expires";

  for (auto kind : {v1::PendingChange::POST, v1::PendingChange::VOID, v1::PendingChange::EXPIRE}) {
    SCOPED_TRACE(v1::PendingChange::Kind_Name(kind));
    std::vector<Posting> postings;
    if (kind == v1::PendingChange::POST) postings = {D(kLoans, 1), C(kBank, 1)};
    absl::Status again = Apply(Settle(seq, kind, postings));
    EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
    EXPECT_NE(again.message().find("POSTED_IN_FULL"), std::string::npos) << again;
  }
}

TEST_F(BooksTest, VoidAndExpireReleaseWhatIsLeft) {
  Fund(kBank, kPlain, 5000);
  const uint64_t voided = MustApply(Entry({PendingD(kLoans, 1000), PendingC(kBank, 1000)}));
  MustApply(Settle(voided, v1::PendingChange::POST, {D(kLoans, 200), C(kBank, 200)}));
  MustApply(Settle(voided, v1::PendingChange::VOID, {}));
  EXPECT_EQ(Pending(voided).status(), v1::PendingState::VOIDED);
  EXPECT_EQ(Of(Account(kLoans)), (Totals{200, 0, 0, 0}));
  EXPECT_EQ(Of(Account(kBank)), (Totals{5000, 200, 0, 0}));

  v1::JournalEntry reserve = Entry({PendingD(kLoans, 400), PendingC(kBank, 400)});
  reserve.set_pending_expires_at_us(1234);
  const uint64_t expired = MustApply(reserve);
  EXPECT_TRUE(HasExpiryKey(1234, expired));
  MustApply(Settle(expired, v1::PendingChange::EXPIRE, {}));
  EXPECT_EQ(Pending(expired).status(), v1::PendingState::EXPIRED);
  EXPECT_FALSE(HasExpiryKey(1234, expired));
  EXPECT_EQ(Of(Account(kBank)), (Totals{5000, 200, 0, 0}));
}

TEST_F(BooksTest, SettlingMustMirrorTheReservation) {
  Fund(kBank, kPlain, 5000);
  const uint64_t seq = MustApply(Entry({PendingD(kLoans, 1000), PendingC(kBank, 1000)}));
  struct Case {
    const char* name;
    v1::JournalEntry entry;
    absl::StatusCode code;
  };
  v1::JournalEntry no_kind = Settle(seq, v1::PendingChange::KIND_UNSPECIFIED, {});
  const std::vector<Case> cases = {
      {"other account", Settle(seq, v1::PendingChange::POST, {D(kCash, 100), C(kBank, 100)}),
       absl::StatusCode::kInvalidArgument},
      {"other side", Settle(seq, v1::PendingChange::POST, {C(kLoans, 100), D(kBank, 100)}),
       absl::StatusCode::kInvalidArgument},
      {"one leg only", Settle(seq, v1::PendingChange::POST, {D(kLoans, 100)}), absl::StatusCode::kInvalidArgument},
      {"void with postings", Settle(seq, v1::PendingChange::VOID, {D(kLoans, 100), C(kBank, 100)}),
       absl::StatusCode::kInvalidArgument},
      {"no kind", no_kind, absl::StatusCode::kInvalidArgument},
      {"not a pending entry", Settle(1, v1::PendingChange::VOID, {}), absl::StatusCode::kNotFound},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Apply(c.entry).code(), c.code);
  }
  EXPECT_EQ(Pending(seq).status(), v1::PendingState::OPEN);
  EXPECT_EQ(Of(Account(kLoans)), (Totals{0, 0, 1000, 0}));
}

TEST_F(BooksTest, BalancesAsOfSeqAndAsOfValueDate) {
  const uint64_t a = MustApply(Entry({D(kCash, 100), C(kPlain, 100)}, "2026-03-10"));
  const uint64_t b = MustApply(Entry({D(kCash, 200), C(kPlain, 200)}, "2026-03-12"));
  const uint64_t c = MustApply(Entry({D(kCash, 50), C(kPlain, 50)}, "2026-03-05"));  // backdated
  const uint64_t d = MustApply(Entry({PendingD(kCash, 30), PendingC(kPlain, 30)}, "2026-03-08"));
  const uint64_t e = MustApply(Settle(d, v1::PendingChange::POST, {D(kCash, 30), C(kPlain, 30)}, "2026-03-14"));
  const v1::AccountState plain = Account(kPlain);

  struct SeqCase {
    uint64_t seq;
    Totals totals;
  };
  const SeqCase by_seq[] = {
      {a - 1, {0, 0, 0, 0}}, {a, {0, 100, 0, 0}}, {b, {0, 300, 0, 0}},  // c's 50 is not in "as of b"
      {c, {0, 350, 0, 0}},   {d, {0, 350, 0, 30}}, {e, {0, 380, 0, 0}}, {e + 10, {0, 380, 0, 0}},
  };
  for (const SeqCase& s : by_seq) {
    SCOPED_TRACE(testing::Message() << "as of seq " << s.seq);
    auto balance = BalanceAsOfSeq(kv_, plain, s.seq);
    ASSERT_TRUE(balance.ok()) << balance.status();
    EXPECT_EQ(Of(*balance), s.totals);
    EXPECT_EQ(balance->balance(), s.totals.posted_credits - s.totals.posted_debits);
    EXPECT_EQ(balance->as_of_seq(), s.seq);
  }
  auto now = BalanceAsOfSeq(kv_, plain, 0);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Of(*now), (Totals{0, 380, 0, 0}));
  EXPECT_EQ(now->as_of_seq(), e);

  struct DateCase {
    const char* date;
    Totals totals;
  };
  const DateCase by_date[] = {
      {"2026-03-04", {0, 0, 0, 0}},  {"2026-03-05", {0, 50, 0, 0}},  // c counts from its value date
      {"2026-03-07", {0, 50, 0, 0}}, {"2026-03-08", {0, 50, 0, 30}}, {"2026-03-10", {0, 150, 0, 30}},
      {"2026-03-11", {0, 150, 0, 30}}, {"2026-03-12", {0, 350, 0, 30}}, {"2026-03-14", {0, 380, 0, 0}},
      {"2026-03-15", {0, 380, 0, 0}}, {"2030-01-01", {0, 380, 0, 0}},
  };
  for (const DateCase& dc : by_date) {
    SCOPED_TRACE(dc.date);
    auto balance = BalanceAsOfDate(kv_, plain, *ParseDate(dc.date));
    ASSERT_TRUE(balance.ok()) << balance.status();
    EXPECT_EQ(Of(*balance), dc.totals);
    EXPECT_EQ(balance->balance(), dc.totals.posted_credits);
    EXPECT_EQ(balance->as_of_date(), dc.date);
  }
  auto cash = BalanceAsOfDate(kv_, Account(kCash), absl::CivilDay(2026, 3, 10));
  ASSERT_TRUE(cash.ok());
  EXPECT_EQ(cash->balance(), 150) << "debit-normal as of a date";
}

TEST_F(BooksTest, HistoryRowsCarryRunningTotals) {
  const uint64_t first = MustApply(Entry({D(kCash, 100), C(kPlain, 100)}));
  const uint64_t second = MustApply(Entry({D(kCash, 40), C(kPlain, 20), C(kPlain, 20)}));
  std::vector<v1::HistoryRow> rows;
  const std::string prefix = HistoryPrefix(kPlain);
  ASSERT_TRUE(kv_.Scan(Space::kIndex, prefix, PrefixEnd(prefix), [&](absl::string_view, absl::string_view value) {
                   rows.emplace_back().ParseFromArray(value.data(), static_cast<int>(value.size()));
                   return true;
                 }).ok());
  ASSERT_EQ(rows.size(), 3u) << "one row per posting";
  EXPECT_EQ(rows[0].seq(), first);
  EXPECT_EQ(rows[0].posted_credits(), 100);
  EXPECT_EQ(rows[1].seq(), second);
  EXPECT_EQ(rows[1].posted_credits(), 120);
  EXPECT_EQ(rows[2].posted_credits(), 140);
  EXPECT_EQ(Account(kPlain).posted_credits(), 140);
}

TEST_F(BooksTest, FillCurrenciesFromTheAccounts) {
  google::protobuf::RepeatedPtrField<Posting> postings;
  *postings.Add() = D(kCash, 1, "");
  *postings.Add() = C(kEurFunds, 1, "");
  *postings.Add() = C(kCash, 1, "SEK");
  ASSERT_TRUE(FillCurrencies(kv_, &postings).ok());
  EXPECT_EQ(postings[0].currency(), "SEK");
  EXPECT_EQ(postings[1].currency(), "EUR");

  struct Case {
    Posting posting;
    absl::StatusCode code;
  };
  const Case cases[] = {
      {D(kCash, 1, "EUR"), absl::StatusCode::kInvalidArgument},
      {D("asset:none", 1, ""), absl::StatusCode::kNotFound},
      {D("Bad Code!", 1, ""), absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.posting.ShortDebugString());
    google::protobuf::RepeatedPtrField<Posting> one;
    *one.Add() = c.posting;
    EXPECT_EQ(FillCurrencies(kv_, &one).code(), c.code);
    // The sequencer's path (ApplyNewEntry) refuses the same.
    v1::JournalEntry bad = Entry({c.posting, C(kPlain, 1, "")});
    MemoryKv untouched = kv_;
    EXPECT_EQ(ApplyNewEntry(&bad, TestToday(), untouched).code(), c.code);
  }
}

TEST_F(BooksTest, ApplyNewEntryFillsCurrenciesAsReplayWillFindThem) {
  v1::JournalEntry entry = Entry({D(kCash, 250, ""), C(kPlain, 250, "")});
  MemoryKv store = kv_;
  ASSERT_TRUE(ApplyNewEntry(&entry, TestToday(), store).ok());
  EXPECT_EQ(entry.postings(0).currency(), "SEK");
  EXPECT_EQ(entry.postings(1).currency(), "SEK");
  // The filled entry is what replay will apply: the same books.
  MemoryKv replayed = kv_;
  ASSERT_TRUE(ApplyEntry(entry, TestToday(), replayed).ok());
  EXPECT_EQ(replayed.Contents(Space::kViews), store.Contents(Space::kViews));
  EXPECT_EQ(replayed.Contents(Space::kIndex), store.Contents(Space::kIndex));
}

// Payment references (Decision::references, DESIGN.md §6): one module and subject own a reference
// for ever; claiming it again for the same owner is harmless, for anyone else refused.
TEST_F(BooksTest, PaymentReferencesBelongToOneOwner) {
  auto claiming = [&](std::vector<std::vector<std::string>> claims) {
    v1::JournalEntry entry = Entry({D(kBank, 100), C(kCapital, 100)});
    for (const auto& c : claims) {
      v1::ReferenceClaim* claim = entry.add_claimed_references();
      claim->set_reference(c[0]);
      claim->set_module(c[1]);
      claim->set_subject(c[2]);
    }
    return entry;
  };
  const uint64_t seq =
      MustApply(claiming({{"1001000106", "credits", "C-000001"}, {"1001000205", "credits", "C-000001"}}));
  for (const char* reference : {"1001000106", "1001000205"}) {
    auto owner = LookupReference(kv_, reference);
    ASSERT_TRUE(owner.ok() && owner->has_value()) << reference;
    EXPECT_EQ((*owner)->module(), "credits");
    EXPECT_EQ((*owner)->subject(), "C-000001");
    EXPECT_EQ((*owner)->claimed_seq(), seq);
  }
  auto nobody = LookupReference(kv_, "1002000204");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());

  // Again for the same owner (a rescheduled credit keeps its instalments' references).
  MustApply(claiming({{"1001000106", "credits", "C-000001"}}));
  EXPECT_EQ((*LookupReference(kv_, "1001000106"))->claimed_seq(), seq) << "the first claim is kept";

  struct Case {
    std::string name;
    std::vector<std::string> claim;
    absl::StatusCode code;
    std::string message;  // a part of it
  };
  const std::vector<Case> cases = {
      {"another subject", {"1001000106", "credits", "C-000002"}, absl::StatusCode::kFailedPrecondition,
       "payment reference 1001000106 already belongs to credits C-000001"},
      {"another module", {"1001000205", "savings", "C-000001"}, absl::StatusCode::kFailedPrecondition,
       "already belongs to credits C-000001"},
      {"a space", {"1001 000106", "credits", "C-000002"}, absl::StatusCode::kInvalidArgument, "letters and digits"},
      {"empty", {"", "credits", "C-000002"}, absl::StatusCode::kInvalidArgument, "letters and digits"},
      {"36 characters", {std::string(36, '1'), "credits", "C-000002"}, absl::StatusCode::kInvalidArgument,
       "1 to 35"},
      {"no module", {"1003000302", "", "C-000002"}, absl::StatusCode::kInvalidArgument, "without a module"},
      {"no subject", {"1003000302", "credits", ""}, absl::StatusCode::kInvalidArgument, "without a module or subject"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::Status status = Apply(claiming({c.claim}));
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_NE(status.message().find(c.message), std::string::npos) << status;
  }
  EXPECT_EQ((*LookupReference(kv_, "1001000106"))->subject(), "C-000001");
  EXPECT_FALSE(LookupReference(kv_, "1003000302")->has_value());
  // Two claims of one reference in one entry by different owners: the second is refused.
  EXPECT_EQ(Apply(claiming({{"1004000400", "credits", "C-000003"}, {"1004000400", "credits", "C-000004"}})).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AccountRules, NormalSideByType) {
  struct Case {
    v1::AccountType type;
    bool debit_normal;
    int64_t balance_of_debits_10_credits_3;
  };
  const Case cases[] = {
      {v1::ASSET, true, 7},   {v1::EXPENSE, true, 7}, {v1::OFF_BALANCE, true, 7},
      {v1::LIABILITY, false, -7}, {v1::EQUITY, false, -7}, {v1::INCOME, false, -7},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(v1::AccountType_Name(c.type));
    EXPECT_EQ(IsDebitNormal(c.type), c.debit_normal);
    EXPECT_EQ(NormalBalance(c.type, 10, 3), c.balance_of_debits_10_credits_3);
  }
}

TEST(AccountRules, AccountCodes) {
  for (const char* ok : {"asset:bank", "asset:loans:L-000123", "points:earned:s_1.a", "a", "x9"}) {
    EXPECT_TRUE(ValidateAccountCode(ok).ok()) << ok;
  }
  const std::string too_long(kAccountCodeBytesMax + 1, 'a');
  for (const std::string& bad : std::vector<std::string>{"", ":asset", "asset:", "asset::bank", "asset bank",
                                                          "asset/bank", "tillgång", too_long,
                                                          std::string("a\0b", 3)}) {
    SCOPED_TRACE(bad);
    absl::Status status = ValidateAccountCode(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(ValidateAccountCode(std::string(kAccountCodeBytesMax, 'a')).ok());
}

}  // namespace
}  // namespace fondbok::ledger
