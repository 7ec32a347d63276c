#include "clients/cli/render.h"

#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

v1::Posting MakePosting(const char* account, v1::Side side, int64_t amount_ore,
                        v1::Phase phase = v1::POSTED) {
  v1::Posting posting;
  posting.set_account(account);
  posting.set_side(side);
  posting.set_amount_ore(amount_ore);
  posting.set_currency("SEK");
  posting.set_phase(phase);
  return posting;
}

TEST(FormatMoneyTest, Table) {
  const struct {
    int64_t amount_ore;
    const char* currency;
    const char* text;
  } kCases[] = {
      {125050, "SEK", "1 250,50 kr"}, {0, "SEK", "0,00 kr"},       {-5, "SEK", "-0,05 kr"},
      {125050, "", "1 250,50 kr"},    {100, "EUR", "1,00 EUR"},    {1500, "PTS", "1 500 PTS"},
  };
  for (const auto& c : kCases) EXPECT_EQ(FormatMoney(c.amount_ore, c.currency), c.text);
}

TEST(FormatTimeUsTest, Table) {
  EXPECT_EQ(FormatTimeUs(0), "never");
  EXPECT_EQ(FormatTimeUs(0, "-"), "-");
  EXPECT_EQ(FormatTimeUs(1717000000123456), "2024-05-29 16:26:40 UTC");
}

TEST(RenderBalanceTest, AlignsAmounts) {
  v1::Balance balance;
  balance.set_account("asset:bank");
  balance.set_currency("SEK");
  balance.set_type(v1::ASSET);
  balance.set_posted_debits(125050);
  balance.set_posted_credits(5);
  balance.set_balance(125045);
  balance.set_as_of_seq(7);
  balance.set_as_of_date("2024-05-31");
  EXPECT_EQ(RenderBalance(balance),
            "asset:bank (asset, SEK) as of seq 7, value date 2024-05-31\n"
            "posted debits    1 250,50 kr\n"
            "posted credits       0,05 kr\n"
            "pending debits       0,00 kr\n"
            "pending credits      0,00 kr\n"
            "balance          1 250,45 kr\n");
}

TEST(RenderWriteResultTest, FullHexHash) {
  v1::WriteResult result;
  v1::EntryRef* entry = result.add_entries();
  entry->set_seq(9);
  entry->set_hash(std::string(32, '\xab'));
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "ab";
  EXPECT_EQ(RenderWriteResult(result), "seq 9  hash " + hex + "\n");
}

TEST(RenderHistoryTest, SignedDeltasInTheAccountsCurrency) {
  Repeated<v1::HistoryLine> lines;
  v1::HistoryLine* line = lines.Add();
  line->set_seq(3);
  line->set_value_date("2024-05-01");
  line->set_side(v1::DEBIT);
  line->set_posted_delta_ore(100000);
  line->set_balance_after_ore(100000);
  line = lines.Add();
  line->set_seq(12);
  line->set_value_date("2024-05-02");
  line->set_side(v1::CREDIT);
  line->set_pending_delta_ore(-2500);
  line->set_balance_after_ore(100000);
  EXPECT_EQ(RenderHistory(lines, "EUR"),
            "SEQ  VALUE DATE  SIDE          POSTED     PENDING  BALANCE AFTER\n"
            "  3  2024-05-01  debit   1 000,00 EUR               1 000,00 EUR\n"
            " 12  2024-05-02  credit                -25,00 EUR   1 000,00 EUR\n");
}

TEST(RenderEntriesTest, OneRowPerPosting) {
  Repeated<v1::JournalEntry> entries;
  v1::JournalEntry* opened = entries.Add();
  opened->set_seq(1);
  opened->set_value_date("2024-05-01");
  opened->mutable_event()->mutable_account_opened()->mutable_account()->set_code("asset:bank");
  v1::JournalEntry* posted = entries.Add();
  posted->set_seq(2);
  posted->set_value_date("2024-05-02");
  posted->mutable_event()->mutable_entry_posted()->set_memo("insats");
  *posted->add_postings() = MakePosting("asset:bank", v1::DEBIT, 50000);
  *posted->add_postings() = MakePosting("equity:member-capital", v1::CREDIT, 50000);
  EXPECT_EQ(RenderEntries(entries),
            "SEQ  VALUE DATE  EVENT                       ACCOUNT                    DEBIT     CREDIT\n"
            "  1  2024-05-01  account opened: asset:bank\n"
            "  2  2024-05-02  entry posted \"insats\"       asset:bank             500,00 kr\n"
            "                                             equity:member-capital             500,00 kr\n");
}

TEST(DescribeEventTest, Table) {
  const struct {
    const char* what;
    void (*build)(v1::JournalEntry&);
    const char* text;
  } kCases[] = {
      {"fund", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_fund_created()->set_name("Mikrofonden");
         e.mutable_event()->mutable_fund_created()->set_base_currency("SEK");
       }, "fund created: Mikrofonden (SEK)"},
      {"posted", [](v1::JournalEntry& e) { e.mutable_event()->mutable_entry_posted(); }, "entry posted"},
      {"pending", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_entry_posted()->set_memo("lån");
         *e.add_postings() = MakePosting("asset:loans:L-1", v1::DEBIT, 1, v1::PENDING);
       }, "pending entry \"lån\""},
      {"post pending all", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_pending_posted()->set_pending_seq(4);
       }, "pending #4 posted"},
      {"post pending part", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_pending_posted()->set_pending_seq(4);
         e.mutable_event()->mutable_pending_posted()->set_amount_ore(150000);
         *e.add_postings() = MakePosting("asset:loans:L-1", v1::DEBIT, 150000);
       }, "pending #4 posted 1 500,00 kr"},
      {"void", [](v1::JournalEntry& e) { e.mutable_event()->mutable_pending_voided()->set_pending_seq(4); },
       "pending #4 voided"},
      {"expire", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_pending_voided()->set_pending_seq(4);
         e.mutable_event()->mutable_pending_voided()->set_expired(true);
       }, "pending #4 expired"},
      {"reverse", [](v1::JournalEntry& e) {
         e.mutable_event()->mutable_entry_reversed()->set_reversed_seq(9);
         e.mutable_event()->mutable_entry_reversed()->set_memo("fel konto");
       }, "reverses #9 \"fel konto\""},
      {"close", [](v1::JournalEntry& e) { e.mutable_event()->mutable_period_closed()->set_period("2024-04"); },
       "period closed through 2024-04"},
      {"token", [](v1::JournalEntry& e) {
         auto* principal = e.mutable_event()->mutable_token_issued()->mutable_principal();
         principal->set_id("tok-1");
         principal->set_role(v1::OFFICER);
         principal->set_name("Anna");
       }, "token issued: tok-1 (officer, Anna)"},
      {"revoke", [](v1::JournalEntry& e) { e.mutable_event()->mutable_token_revoked()->set_token_id("tok-1"); },
       "token revoked: tok-1"},
      {"none", [](v1::JournalEntry&) {}, "no event"},
  };
  for (const auto& c : kCases) {
    v1::JournalEntry entry;
    c.build(entry);
    EXPECT_EQ(DescribeEvent(entry), c.text) << c.what;
  }
}

TEST(FormatEntryLineTest, OneLine) {
  v1::JournalEntry entry;
  entry.set_seq(2);
  entry.set_value_date("2024-05-02");
  entry.set_actor("tok-00aa");
  entry.set_request_id("r-1");
  entry.mutable_event()->mutable_entry_posted();
  *entry.add_postings() = MakePosting("asset:bank", v1::DEBIT, 50000);
  *entry.add_postings() = MakePosting("equity:member-capital", v1::CREDIT, 50000);
  entry.set_hash(std::string(32, '\x0f'));
  EXPECT_EQ(FormatEntryLine(entry),
            "#2  2024-05-02  entry posted  [D asset:bank 500,00 kr; C equity:member-capital 500,00 kr]"
            "  by tok-00aa  request r-1  hash 0f0f0f0f0f0f0f0f");
}

TEST(PrincipalStatusTest, Table) {
  const struct {
    bool revoked;
    int64_t expires_at_us;
    const char* status;
  } kCases[] = {
      {false, 0, "active"}, {false, 2000, "active"}, {false, 1000, "expired"},
      {false, 500, "expired"}, {true, 0, "revoked"}, {true, 500, "revoked"},
  };
  for (const auto& c : kCases) {
    v1::Principal principal;
    principal.set_revoked(c.revoked);
    principal.set_expires_at_us(c.expires_at_us);
    EXPECT_EQ(PrincipalStatus(principal, 1000), c.status);
  }
}

TEST(RenderPrincipalsTest, Table) {
  Repeated<v1::Principal> principals;
  v1::Principal* admin = principals.Add();
  admin->set_id("tok-0123456789abcdef");
  admin->set_role(v1::ADMIN);
  admin->set_name("admin");
  admin->set_issued_seq(2);
  v1::Principal* bank = principals.Add();
  bank->set_id("tok-fedcba9876543210");
  bank->set_role(v1::BANK);
  bank->set_organisation("bank-1");
  bank->set_revoked(true);
  bank->set_issued_seq(40);
  EXPECT_EQ(RenderPrincipals(principals, 0),
            "ID                    ROLE   NAME   ORGANISATION  EXPIRES  STATUS   ISSUED SEQ\n"
            "tok-0123456789abcdef  admin  admin                never    active            2\n"
            "tok-fedcba9876543210  bank          bank-1        never    revoked          40\n");
}

}  // namespace
}  // namespace fondbok::cli
