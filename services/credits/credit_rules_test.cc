#include "services/credits/credit_rules.h"

#include "gtest/gtest.h"
#include "services/parties/check_digits.h"

namespace fondbok::credits {
namespace {

using v1::CreditState;

// DESIGN.md §8: every action against every state. `allowed` lists the states it may start from.
TEST(CheckActionTest, EveryActionAgainstEveryState) {
  struct Case {
    CreditAction action;
    std::vector<CreditState> allowed;
  };
  const Case cases[] = {
      {CreditAction::kSubmit, {v1::CREDIT_DRAFT}},
      {CreditAction::kWithdraw, {v1::CREDIT_DRAFT, v1::CREDIT_SUBMITTED}},
      {CreditAction::kAssess, {v1::CREDIT_SUBMITTED, v1::CREDIT_UNDER_REVIEW}},
      {CreditAction::kApprove, {v1::CREDIT_UNDER_REVIEW}},
      {CreditAction::kReject, {v1::CREDIT_UNDER_REVIEW}},
      {CreditAction::kLapse, {v1::CREDIT_APPROVED}},
      {CreditAction::kCancel, {v1::CREDIT_APPROVED}},
      {CreditAction::kDisburse, {v1::CREDIT_APPROVED, v1::CREDIT_ACTIVE}},
      {CreditAction::kRepay, {v1::CREDIT_ACTIVE}},
      {CreditAction::kRemind, {v1::CREDIT_ACTIVE}},
      {CreditAction::kReschedule, {v1::CREDIT_ACTIVE}},
      {CreditAction::kWriteOff, {v1::CREDIT_ACTIVE}},
      {CreditAction::kRecover, {v1::CREDIT_WRITTEN_OFF}},
  };
  int refused = 0;
  for (const Case& c : cases) {
    for (int s = v1::CREDIT_DRAFT; s <= v1::CREDIT_CANCELLED; ++s) {
      v1::Credit credit;
      credit.set_id("C-000007");
      credit.set_state(static_cast<CreditState>(s));
      const bool allowed = std::find(c.allowed.begin(), c.allowed.end(), s) != c.allowed.end();
      absl::Status status = CheckAction(credit, c.action);
      EXPECT_EQ(status.ok(), allowed) << ActionName(c.action) << " from " << StateName(credit.state());
      if (!allowed) {
        ++refused;
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        // The message names the credit and its current state.
        EXPECT_NE(status.message().find("C-000007 is " + StateName(credit.state())), std::string::npos) << status;
      }
    }
  }
  EXPECT_EQ(refused, 13 * 11 - 16);
}

TEST(CreditOcrTest, ReferencesCarryLengthAndCheckDigit) {
  const struct {
    int64_t credit;
    int version, number;
  } cases[] = {{1, 1, 1}, {42, 3, 360}, {999999, 98, 999}};
  for (const auto& c : cases) {
    auto ocr = InstalmentOcr(c.credit, c.version, c.number);
    ASSERT_TRUE(ocr.ok()) << ocr.status();
    EXPECT_TRUE(parties::ValidateOcr(*ocr).ok()) << *ocr;
    auto reminder = ReminderOcr(c.credit, c.number);
    ASSERT_TRUE(reminder.ok());
    EXPECT_TRUE(parties::ValidateOcr(*reminder).ok()) << *reminder;
    EXPECT_NE(*ocr, *reminder);
  }
  EXPECT_EQ(*InstalmentOcr(1, 1, 1), "10100188");  // body 101001, length 8, Luhn 8
  EXPECT_FALSE(InstalmentOcr(1, 99, 1).ok());
  EXPECT_FALSE(InstalmentOcr(1, 1, 1000).ok());
}

TEST(StandingTest, BackdatedPaymentChangesTheFiguresAsOfEarlierDates) {
  v1::Credit credit;
  credit.set_id("C-000001");
  v1::Transition* active = credit.add_transitions();
  active->set_state(v1::CREDIT_ACTIVE);
  active->set_value_date("2026-01-01");
  v1::Schedule* schedule = credit.add_schedules();
  schedule->set_effective_date("2026-01-01");
  for (int i = 1; i <= 3; ++i) {
    v1::Instalment* in = schedule->add_instalments();
    in->set_number(i);
    in->set_due_date(absl::StrCat("2026-0", i + 1, "-25"));
    in->set_principal_ore(1000'00);
    in->set_interest_ore(10'00);
  }
  auto before = StandingAsOf(credit, absl::CivilDay(2026, 4, 1), 0);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->overdue_ore(), 2 * 1010'00);
  EXPECT_EQ(before->days_past_due(), 35);  // 2026-02-25 .. 2026-04-01
  EXPECT_EQ(before->outstanding_principal_ore(), 3000'00);
  // A payment recorded later but dated 2026-02-25 covers the first instalment on its due date.
  v1::Payment* p = credit.add_payments();
  p->set_value_date("2026-02-25");
  p->set_amount_ore(1010'00);
  auto after = StandingAsOf(credit, absl::CivilDay(2026, 4, 1), 0);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->overdue_ore(), 1010'00);
  EXPECT_EQ(after->days_past_due(), 7);  // 2026-03-25 .. 2026-04-01
  EXPECT_EQ(after->bucket(), 1);
  EXPECT_EQ(after->outstanding_principal_ore(), 2000'00);
  // As of a date before the payment's value date nothing changes.
  auto earlier = StandingAsOf(credit, absl::CivilDay(2026, 2, 24), 0);
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->paid_ore(), 0);
  EXPECT_EQ(earlier->overdue_ore(), 0);
}

}  // namespace
}  // namespace fondbok::credits
