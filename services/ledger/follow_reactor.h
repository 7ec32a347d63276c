// The server stream of LedgerService.Follow: sends committed entries from a seq on, then each new
// entry as the sequencer commits it. One write in flight at a time; woken by a commit listener.
#ifndef FONDBOK_SERVICES_LEDGER_FOLLOW_REACTOR_H_
#define FONDBOK_SERVICES_LEDGER_FOLLOW_REACTOR_H_

#include <grpcpp/support/server_callback.h>

#include "fondbok/v1/journal.pb.h"
#include "services/common/service_env.h"

namespace fondbok::services {

// Creates a reactor that deletes itself when the stream is done.
grpc::ServerWriteReactor<v1::JournalEntry>* NewFollowReactor(const ServiceEnv& env, uint64_t from_seq);

}  // namespace fondbok::services

#endif  // FONDBOK_SERVICES_LEDGER_FOLLOW_REACTOR_H_
