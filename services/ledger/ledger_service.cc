#include "services/ledger/ledger_service.h"

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/keys.h"
#include "ledger/queries.h"
#include "ledger/status_macros.h"
#include "services/common/grpc_status.h"
#include "services/ledger/follow_reactor.h"

namespace fondbok::services {
namespace {

std::vector<v1::Command> One(v1::Command command) {
  std::vector<v1::Command> commands;
  commands.push_back(std::move(command));
  return commands;
}

// Non-staff principals read only accounts their organisation owns (DESIGN.md §4).
absl::Status CheckOwner(const v1::Principal& principal, const v1::Account& account) {
  if (ReadsEverything(principal.role())) return absl::OkStatus();
  if (!principal.organisation().empty() && account.owner() == principal.organisation()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("role ", RoleName(principal.role()), " may read only accounts of ",
                                                  principal.organisation().empty() ? "its own organisation"
                                                                                   : principal.organisation()));
}

}  // namespace

grpc::ServerUnaryReactor* LedgerServiceImpl::Write(grpc::CallbackServerContext* context, const std::string& method,
                                                   Access access, const google::protobuf::Message& request,
                                                   const std::string& request_id, std::vector<v1::Command> commands,
                                                   v1::WriteResult* response) {
  return SubmitWrite(env_, context, method, access, request, request_id, std::move(commands),
                     [response](const v1::WriteResult& result) { *response = result; });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::CreateAccount(grpc::CallbackServerContext* context,
                                                           const v1::CreateAccountRequest* request,
                                                           v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_open_account()->mutable_account() = request->account();
  return Write(context, "LedgerService.CreateAccount", Access::kLedgerWrite, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::Post(grpc::CallbackServerContext* context, const v1::PostRequest* request,
                                                  v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_post_entry() = request->entry();
  return Write(context, "LedgerService.Post", Access::kLedgerWrite, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::PostPending(grpc::CallbackServerContext* context,
                                                         const v1::PostPendingRequest* request,
                                                         v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_post_pending() = request->post();
  return Write(context, "LedgerService.PostPending", Access::kLedgerWrite, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::VoidPending(grpc::CallbackServerContext* context,
                                                         const v1::VoidPendingRequest* request,
                                                         v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_void_pending() = request->void_pending();
  return Write(context, "LedgerService.VoidPending", Access::kLedgerWrite, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::Reverse(grpc::CallbackServerContext* context,
                                                     const v1::ReverseRequest* request, v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_reverse_entry() = request->reverse();
  return Write(context, "LedgerService.Reverse", Access::kLedgerWrite, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::ClosePeriod(grpc::CallbackServerContext* context,
                                                         const v1::ClosePeriodRequest* request,
                                                         v1::WriteResult* response) {
  v1::Command command;
  *command.mutable_close_period() = request->close();
  return Write(context, "LedgerService.ClosePeriod", Access::kPeriodClose, *request, request->request_id(),
               One(std::move(command)), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::SubmitLinked(grpc::CallbackServerContext* context,
                                                          const v1::LinkedRequest* request,
                                                          v1::WriteResult* response) {
  std::vector<v1::Command> commands;
  commands.reserve(static_cast<size_t>(request->commands_size()));
  for (const v1::LedgerCommand& c : request->commands()) {
    v1::Command& command = commands.emplace_back();
    switch (c.kind_case()) {
      case v1::LedgerCommand::kOpenAccount: *command.mutable_open_account() = c.open_account(); break;
      case v1::LedgerCommand::kPostEntry: *command.mutable_post_entry() = c.post_entry(); break;
      case v1::LedgerCommand::kPostPending: *command.mutable_post_pending() = c.post_pending(); break;
      case v1::LedgerCommand::kVoidPending: *command.mutable_void_pending() = c.void_pending(); break;
      case v1::LedgerCommand::kReverseEntry: *command.mutable_reverse_entry() = c.reverse_entry(); break;
      default: break;  // an empty command: the sequencer refuses it with a message
    }
  }
  return Write(context, "LedgerService.SubmitLinked", Access::kLedgerWrite, *request, request->request_id(),
               std::move(commands), response);
}

grpc::ServerUnaryReactor* LedgerServiceImpl::GetAccount(grpc::CallbackServerContext* context,
                                                        const v1::GetAccountRequest* request, v1::Account* response) {
  return ServeRead(env_, context, "LedgerService.GetAccount", Access::kLedgerRead,
              [&](const v1::Principal& principal, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(v1::AccountState state, ledger::GetAccountState(reader, request->code()));
                RETURN_IF_ERROR(CheckOwner(principal, state.account()));
                *response = state.account();
                return absl::OkStatus();
              });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::ListAccounts(grpc::CallbackServerContext* context,
                                                          const v1::ListAccountsRequest* request,
                                                          v1::ListAccountsResponse* response) {
  return ServeRead(env_, context, "LedgerService.ListAccounts", Access::kLedgerRead,
              [&](const v1::Principal& principal, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(auto page, ledger::QueryAccounts(reader, request->prefix(), request->page_token(),
                                                                  request->page_size()));
                for (v1::Account& account : page.accounts) {
                  if (CheckOwner(principal, account).ok()) *response->add_accounts() = std::move(account);
                }
                response->set_next_page_token(page.next_page_token);
                return absl::OkStatus();
              });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::GetBalance(grpc::CallbackServerContext* context,
                                                        const v1::GetBalanceRequest* request, v1::Balance* response) {
  return ServeRead(env_, context, "LedgerService.GetBalance", Access::kLedgerRead,
              [&](const v1::Principal& principal, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(v1::AccountState state, ledger::GetAccountState(reader, request->account()));
                RETURN_IF_ERROR(CheckOwner(principal, state.account()));
                ledger::BalanceQuery query;
                query.account = request->account();
                query.as_of_seq = request->as_of_seq();
                query.as_of_date = request->as_of_date();
                ASSIGN_OR_RETURN(*response, ledger::QueryBalance(reader, query));
                return absl::OkStatus();
              });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::GetHistory(grpc::CallbackServerContext* context,
                                                        const v1::GetHistoryRequest* request,
                                                        v1::GetHistoryResponse* response) {
  return ServeRead(env_, context, "LedgerService.GetHistory", Access::kLedgerRead,
              [&](const v1::Principal& principal, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(v1::AccountState state, ledger::GetAccountState(reader, request->account()));
                RETURN_IF_ERROR(CheckOwner(principal, state.account()));
                ASSIGN_OR_RETURN(auto page, ledger::QueryHistory(reader, request->account(), request->after_seq(),
                                                                 request->page_size()));
                for (const auto& line : page.lines) {
                  v1::HistoryLine* out = response->add_lines();
                  out->set_seq(line.seq);
                  out->set_value_date(ledger::FormatDate(ledger::DayFromEpochDays(line.value_date_days)));
                  out->set_side(line.side);
                  out->set_posted_delta_ore(line.posted_delta);
                  out->set_pending_delta_ore(line.pending_delta);
                  out->set_balance_after_ore(line.balance_after);
                }
                response->set_next_after_seq(page.next_after_seq);
                return absl::OkStatus();
              });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::ListEntries(grpc::CallbackServerContext* context,
                                                         const v1::ListEntriesRequest* request,
                                                         v1::ListEntriesResponse* response) {
  return ServeRead(env_, context, "LedgerService.ListEntries", Access::kJournalRead,
              [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(auto entries, ledger::QueryEntries(reader, request->from_seq(), request->limit()));
                for (auto& entry : entries) *response->add_entries() = std::move(entry);
                ASSIGN_OR_RETURN(uint64_t last, ledger::QueryLastSeq(reader));
                response->set_last_seq(last);
                return absl::OkStatus();
              });
}

grpc::ServerUnaryReactor* LedgerServiceImpl::GetPeriods(grpc::CallbackServerContext* context,
                                                        const v1::GetPeriodsRequest*,
                                                        v1::GetPeriodsResponse* response) {
  return ServeRead(env_, context, "LedgerService.GetPeriods", Access::kLedgerRead,
              [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                ASSIGN_OR_RETURN(auto closed, ledger::ReadClosedThrough(reader));
                if (closed.has_value()) response->set_closed_through(ledger::FormatPeriod(*closed));
                return absl::OkStatus();
              });
}

grpc::ServerWriteReactor<v1::JournalEntry>* LedgerServiceImpl::Follow(grpc::CallbackServerContext* context,
                                                                      const v1::FollowRequest* request) {
  auto principal = env_.auth->Authenticate(*context, Access::kJournalRead, "LedgerService.Follow");
  if (!principal.ok()) {
    // A stream that ends at once with the reason.
    class Refused final : public grpc::ServerWriteReactor<v1::JournalEntry> {
     public:
      explicit Refused(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Refused(ToGrpcStatus(principal.status()));
  }
  uint64_t from = request->from_seq() == 0 ? env_.sequencer->last_seq() + 1 : request->from_seq();
  return NewFollowReactor(env_, from);
}

}  // namespace fondbok::services
