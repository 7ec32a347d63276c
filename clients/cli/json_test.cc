#include "clients/cli/json.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "fondbok/v1/admin_service.pb.h"
#include "fondbok/v1/ledger_service.pb.h"
#include "gtest/gtest.h"

namespace fondbok::cli {
namespace {

std::string ProtobufJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string out;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &out, options).ok());
  return out;
}

std::string HashOf(char byte) { return std::string(32, byte); }

// Messages without 64-bit integers and bytes print exactly as protobuf prints them.
TEST(ProtoToJsonTest, MatchesProtobufWithout64BitIntegersAndBytes) {
  v1::GetBalanceRequest unset_oneof;
  unset_oneof.set_account("asset:bank");
  v1::GetBalanceRequest date;
  date.set_account("a<b>&\"\\\n\t\x01 \xC3\x84 \xE2\x80\xA8 \x7f");
  date.set_as_of_date("2024-05-31");
  v1::ListAccountsRequest list;
  list.set_prefix("asset:loans:");
  list.set_page_size(1000);
  v1::GetPeriodsResponse periods;
  periods.set_closed_through("2024-04");
  v1::FundCreated fund;
  fund.set_name("Mikrofonden Väst");
  v1::Event event;
  *event.mutable_fund_created() = fund;
  v1::CreateTokenRequest token;
  token.set_role(v1::OFFICER);
  v1::Balance unknown_enum_value;
  unknown_enum_value.set_type(static_cast<v1::AccountType>(42));
  const google::protobuf::Message* kCases[] = {
      &unset_oneof, &date, &list, &periods, &fund, &event, &v1::WhoAmIRequest::default_instance(),
      &v1::ListTokensResponse::default_instance(),
  };
  for (const auto* message : kCases) {
    EXPECT_EQ(ProtoToJson(*message), ProtobufJson(*message)) << message->ShortDebugString();
  }
}

TEST(ProtoToJsonTest, Prints64BitIntegersAsNumbersAndBytesAsHex) {
  v1::JournalEntry entry;
  entry.set_seq(7);
  entry.set_prev_hash(HashOf('\x01'));
  entry.set_recorded_at_us(1717000000000000);
  entry.set_value_date("2024-05-29");
  entry.set_actor("tok-0011223344556677");
  entry.set_request_id("r1");
  entry.mutable_event()->mutable_entry_posted()->set_memo("hyra");
  v1::Posting* posting = entry.add_postings();
  posting->set_account("asset:bank");
  posting->set_side(v1::DEBIT);
  posting->set_amount_ore(9223372036854775807);
  posting->set_currency("SEK");
  posting->set_phase(v1::POSTED);
  entry.set_hash(std::string("\xab\xcd", 2));
  EXPECT_EQ(ProtoToJson(entry),
            "{\"seq\":7,"
            "\"prev_hash\":\"0101010101010101010101010101010101010101010101010101010101010101\","
            "\"recorded_at_us\":1717000000000000,\"value_date\":\"2024-05-29\","
            "\"actor\":\"tok-0011223344556677\",\"request_id\":\"r1\",\"command_index\":0,"
            "\"command_count\":0,\"event\":{\"entry_posted\":{\"memo\":\"hyra\",\"expires_at_us\":0}},"
            "\"postings\":[{\"account\":\"asset:bank\",\"side\":\"DEBIT\","
            "\"amount_ore\":9223372036854775807,\"currency\":\"SEK\",\"phase\":\"POSTED\"}],"
            "\"pending_expires_at_us\":0,\"opened_accounts\":[],\"approved_by_proposal\":\"\","
            "\"hash\":\"abcd\",\"claimed_references\":[]}");
}

TEST(ProtoToJsonTest, NegativeNumbersAndRepeatedScalars) {
  v1::PendingState state;
  state.add_remaining_ore(-5);
  state.add_remaining_ore(0);
  state.set_status(v1::PendingState::OPEN);
  EXPECT_EQ(ProtoToJson(state),
            "{\"seq\":0,\"postings\":[],\"remaining_ore\":[-5,0],\"expires_at_us\":0,\"status\":\"OPEN\"}");
}

// What a script reads back is what the server sent (protobuf's parser takes numbers for int64).
TEST(ProtoToJsonTest, ParsesBackWithProtobuf) {
  v1::Balance balance;
  balance.set_account("asset:bank");
  balance.set_posted_debits(-1);
  balance.set_balance(int64_t{1} << 62);
  balance.set_as_of_seq(18446744073709551615u);
  v1::Account account;
  account.set_code("liability:capital:kommun-1480");
  account.set_type(v1::LIABILITY);
  account.mutable_flags()->set_debits_must_not_exceed_credits(true);
  account.set_opened_seq(3);
  v1::Principal principal;
  principal.set_id("tok-1");
  principal.set_role(v1::BANK);
  principal.set_expires_at_us(1);
  for (const google::protobuf::Message* message :
       std::initializer_list<const google::protobuf::Message*>{&balance, &account, &principal}) {
    std::unique_ptr<google::protobuf::Message> parsed(message->New());
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ProtoToJson(*message), parsed.get()).ok());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*message, *parsed))
        << ProtoToJson(*message);
  }
}

TEST(BalanceToJsonTest, AmountsAreIntegerOre) {
  v1::Balance balance;
  balance.set_account("asset:bank");
  balance.set_currency("SEK");
  balance.set_posted_debits(125050);
  balance.set_posted_credits(0);
  balance.set_pending_debits(1);
  balance.set_pending_credits(2);
  balance.set_balance(125050);
  balance.set_as_of_seq(7);
  balance.set_type(v1::ASSET);
  EXPECT_EQ(BalanceToJson(balance),
            "{\"account\":\"asset:bank\",\"currency\":\"SEK\",\"posted_debits\":125050,"
            "\"posted_credits\":0,\"pending_debits\":1,\"pending_credits\":2,\"balance\":125050,"
            "\"as_of_seq\":7,\"as_of_date\":\"\",\"type\":\"ASSET\"}");
}

TEST(WriteResultToJsonTest, OneEntryFlatSeveralListed) {
  v1::WriteResult one;
  v1::EntryRef* ref = one.add_entries();
  ref->set_seq(12);
  ref->set_hash(HashOf('\xff'));
  EXPECT_EQ(WriteResultToJson(one), "{\"seq\":12,\"hash\":\"" + std::string(64, 'f') + "\",\"replayed\":false}");
  one.set_replayed(true);
  EXPECT_EQ(WriteResultToJson(one), "{\"seq\":12,\"hash\":\"" + std::string(64, 'f') + "\",\"replayed\":true}");
  one.set_replayed(false);

  v1::WriteResult two = one;
  v1::EntryRef* second = two.add_entries();
  second->set_seq(13);
  second->set_hash(HashOf('\x10'));
  std::string tens;
  for (int i = 0; i < 32; ++i) tens += "10";
  EXPECT_EQ(WriteResultToJson(two), "{\"entries\":[{\"seq\":12,\"hash\":\"" + std::string(64, 'f') +
                                        "\"},{\"seq\":13,\"hash\":\"" + tens + "\"}],\"replayed\":false}");
  EXPECT_EQ(WriteResultToJson(v1::WriteResult()), "{\"entries\":[],\"replayed\":false}");
}

TEST(HexTest, Table) {
  const struct {
    std::string bytes;
    const char* hex;
  } kCases[] = {
      {"", ""},
      {std::string("\x00", 1), "00"},
      {"\x01\x7f\x80\xff", "017f80ff"},
      {"AZ", "415a"},
  };
  for (const auto& c : kCases) EXPECT_EQ(Hex(c.bytes), c.hex);
}

TEST(JsonQuoteTest, Table) {
  const struct {
    std::string text;
    const char* quoted;
  } kCases[] = {
      {"", "\"\""},
      {"kr", "\"kr\""},
      {"\"\\", "\"\\\"\\\\\""},
      {"\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
      {std::string("\x00\x1f", 2), "\"\\u0000\\u001f\""},
      {"<>&", "\"\\u003c\\u003e&\""},
      {"Öre", "\"Öre\""},
      {"\xE2\x80\xA8\xE2\x80\xA9", "\"\\u2028\\u2029\""},
  };
  for (const auto& c : kCases) EXPECT_EQ(JsonQuote(c.text), c.quoted) << c.text;
}

}  // namespace
}  // namespace fondbok::cli
