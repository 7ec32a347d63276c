// The idempotency fingerprint of a write request: SHA-256 of its deterministic serialization with
// the request_id field cleared (stored in idempotency records: it must never change for a request). Two requests with the same id are "the same request" exactly when
// their fingerprints are equal.
#ifndef FONDBOK_SERVICES_COMMON_FINGERPRINT_H_
#define FONDBOK_SERVICES_COMMON_FINGERPRINT_H_

#include <string>

#include <google/protobuf/message.h>

namespace fondbok::services {

std::string RequestFingerprint(const google::protobuf::Message& request);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_FINGERPRINT_H_
