// absl::Status → grpc::Status. The codes share their numbers; the message is kept as written.
#ifndef FONDBOK_SERVICES_COMMON_GRPC_STATUS_H_
#define FONDBOK_SERVICES_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace fondbok::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_COMMON_GRPC_STATUS_H_
