#include "services/common/auth.h"

#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>

#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger_service.pb.h"
#include "ledger/hash.h"
#include "services/common/fingerprint.h"

namespace fondbok::services {
namespace {

TEST(TokenTest, ShapeAndHash) {
  std::string token = NewToken();
  EXPECT_EQ(token.size(), 4u + 64u);
  EXPECT_EQ(token.substr(0, 4), "fbk_");
  EXPECT_NE(NewToken(), token);
  EXPECT_EQ(TokenSha256(token).size(), 32u);
  EXPECT_EQ(TokenId(TokenSha256(token)).size(), 4u + 16u);
}

TEST(RoleTest, AccessTable) {
  struct Case {
    v1::Role role;
    Access access;
    bool allowed;
  } cases[] = {
      {v1::ADMIN, Access::kLedgerWrite, true},    {v1::OFFICER, Access::kLedgerWrite, true},
      {v1::BOARD, Access::kLedgerWrite, false},   {v1::AUDITOR, Access::kLedgerWrite, false},
      {v1::MEMBER, Access::kLedgerWrite, false},  {v1::OFFICER, Access::kPeriodClose, false},
      {v1::ADMIN, Access::kPeriodClose, true},    {v1::AUDITOR, Access::kJournalRead, true},
      {v1::MEMBER, Access::kJournalRead, false},  {v1::BANK, Access::kLedgerRead, true},
      {v1::OFFICER, Access::kTokenAdmin, false},  {v1::AUDITOR, Access::kTokenRead, true},
      {v1::SUPPORTER, Access::kAnyPrincipal, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RoleAllows(c.role, c.access), c.allowed) << RoleName(c.role) << " " << static_cast<int>(c.access);
  }
}

TEST(RoleTest, ParseRole) {
  EXPECT_EQ(*ParseRole("Officer"), v1::OFFICER);
  EXPECT_EQ(ParseRole("king").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FingerprintTest, IgnoresRequestIdOnly) {
  v1::PostRequest a;
  a.set_request_id("r-1");
  a.mutable_entry()->set_memo("x");
  v1::PostRequest b = a;
  b.set_request_id("r-2");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  b.mutable_entry()->set_memo("y");
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
}

// The fingerprint as first defined: copy the request, clear request_id on the copy, serialize
// deterministically. Stored idempotency records hold these, so the cheaper way must give the same.
std::string FingerprintOfClearedCopy(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const auto* field = copy->GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return ledger::Sha256(copy->GetDescriptor()->full_name(), bytes);
}

TEST(FingerprintTest, SameAsClearingRequestIdOnACopy) {
  v1::LinkedRequest linked;
  linked.set_request_id("batch-7");
  for (int i = 0; i < 3; ++i) {
    auto* posting = linked.add_commands()->mutable_post_entry()->add_postings();
    posting->set_account("asset:bank");
    posting->set_amount_ore(100 + i);
  }
  v1::LinkedRequest no_id = linked;
  no_id.clear_request_id();
  v1::PostRequest only_id;
  only_id.set_request_id("r-1");
  v1::PostRequest long_id;  // a length prefix of two bytes
  long_id.set_request_id(std::string(200, 'x'));
  long_id.mutable_entry()->set_memo("m");
  v1::JournalEntry middle;  // request_id is field 6 here: fields before and after it
  middle.set_seq(9);
  middle.set_actor("alice");
  middle.set_request_id("r-9");
  middle.add_postings()->set_account("asset:bank");
  v1::PostRequest unknown;  // a field this build does not know, kept as unknown
  unknown.set_request_id("r-2");
  unknown.GetReflection()->MutableUnknownFields(&unknown)->AddVarint(99, 5);
  const std::vector<const google::protobuf::Message*> cases = {&linked, &no_id, &only_id, &long_id, &middle,
                                                               &unknown, &v1::PostRequest::default_instance()};
  for (const google::protobuf::Message* request : cases) {
    EXPECT_EQ(RequestFingerprint(*request), FingerprintOfClearedCopy(*request)) << request->ShortDebugString();
  }
  EXPECT_EQ(RequestFingerprint(linked), RequestFingerprint(no_id));
}

}  // namespace
}  // namespace fondbok::services
