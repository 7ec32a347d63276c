#include "services/common/fingerprint.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include "ledger/hash.h"

namespace fondbok::services {
namespace {

using google::protobuf::internal::WireFormatLite;

// Removes every top-level occurrence of field `number` from serialized message bytes. What remains
// is exactly what serializing the message with that field cleared gives (fields are written in
// number order, each field once), without copying the message to clear it: a batch of a thousand
// commands is not copied on every write.
void EraseTopLevelField(std::string& bytes, int number) {
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  std::string kept;
  size_t copied_to = 0;  // bytes[0, copied_to) are decided: kept, or dropped
  bool erased = false;
  for (;;) {
    const size_t start = static_cast<size_t>(input.CurrentPosition());
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    if (!WireFormatLite::SkipField(&input, tag)) return;  // not a message we serialized: keep it whole
    if (WireFormatLite::GetTagFieldNumber(tag) != number) continue;
    if (!erased) kept.reserve(bytes.size());
    kept.append(bytes, copied_to, start - copied_to);
    copied_to = static_cast<size_t>(input.CurrentPosition());
    erased = true;
  }
  if (!erased) return;
  kept.append(bytes, copied_to, std::string::npos);
  bytes = std::move(kept);
}

}  // namespace

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr) EraseTopLevelField(bytes, field->number());
  return ledger::Sha256(request.GetDescriptor()->full_name(), bytes);
}

}  // namespace fondbok::services
