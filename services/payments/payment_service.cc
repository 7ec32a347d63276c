#include "services/payments/payment_service.h"

#include "absl/strings/str_cat.h"
#include "ledger/books.h"
#include "ledger/hash.h"
#include "ledger/money.h"
#include "ledger/queries.h"
#include "ledger/status_macros.h"
#include "services/common/fingerprint.h"
#include "services/payments/payment_import.h"
#include "services/payments/payment_keys.h"
#include "services/payments/payments_module.h"

namespace fondbok::payments {
namespace {

using services::Access;
using services::ServeRead;
using services::ServiceEnv;

const std::string kImportFile = "PaymentService.ImportFile";
constexpr int kListDefault = 1000;
constexpr int kListMax = 10000;

absl::StatusOr<v1::PaymentSettings> Settings(const ledger::KvReader& reader) {
  ASSIGN_OR_RETURN(auto settings, ReadSettings(reader));
  if (!settings.has_value()) {
    return absl::FailedPreconditionError(
        "the fund's bank details are not set: an admin runs `fondbok payments settings --bankgiro …`");
  }
  return *settings;
}

// What a file will book: its import record first, then each payment no earlier import booked.
struct ImportWork {
  std::vector<v1::Command> commands;
  int payments = 0;
};

absl::StatusOr<ImportWork> BuildImport(const ledger::KvReader& reader, const v1::ImportFileRequest& request,
                                       const std::string& sha, v1::ImportFileResponse* response) {
  ASSIGN_OR_RETURN(v1::PaymentSettings settings, Settings(reader));
  const std::string name = request.file_name().empty() ? "the file" : request.file_name();
  ASSIGN_OR_RETURN(ImportPlan plan, PlanImport(request.content(), name, settings));
  response->set_kind(plan.kind);
  response->set_payments_in_file(static_cast<int32_t>(plan.payments.size()));
  response->set_debits_skipped(plan.debits_skipped);
  ImportWork work;
  v1::RecordImport* record = work.commands.emplace_back().mutable_record_import();
  record->set_file_sha256(sha);
  record->set_file_name(request.file_name().substr(0, 200));
  record->set_kind(plan.kind);
  record->set_payments_in_file(static_cast<int32_t>(plan.payments.size()));
  record->set_account(plan.account);
  record->set_file_created(plan.file_created);
  int64_t amount = 0;
  for (v1::IncomingPayment& p : plan.payments) {
    ASSIGN_OR_RETURN(auto booked, PaymentIdForBankRef(reader, p.bank_reference()));
    if (booked.has_value()) {
      response->set_already_booked(response->already_booked() + 1);
      continue;
    }
    ASSIGN_OR_RETURN(amount, ledger::AddOre(amount, p.amount_ore()));
    v1::ReceivePayment* receive = work.commands.emplace_back().mutable_receive_payment();
    *receive->mutable_payment() = std::move(p);
    receive->set_file_sha256(sha);
    ++work.payments;
  }
  for (const OrderSettlement& s : plan.settlements) {
    ASSIGN_OR_RETURN(auto order, ReadOrder(reader, s.order_id));
    if (!order.has_value() || order->state() != v1::EXPORTED) continue;  // not ours, or settled before
    v1::SettlePaymentOrder* settle = work.commands.emplace_back().mutable_settle_payment_order();
    settle->set_order_id(s.order_id);
    settle->set_bank_reference(s.bank_reference);
    settle->set_value_date(s.value_date);
    settle->set_amount_ore(s.amount_ore);
    response->set_orders_settled(response->orders_settled() + 1);
  }
  record->set_already_booked(response->already_booked());
  record->set_amount_ore(amount);
  response->set_amount_ore(amount);
  return work;
}

// After a write that allocated or refunded: the payment as it now stands.
void AnswerPayment(const ServiceEnv& env, const std::string& id, v1::PaymentRecord* response) {
  auto snapshot = env.storage->NewSnapshot();
  auto record = ReadPayment(*snapshot, id);
  if (record.ok() && record->has_value()) *response = **record;
}

}  // namespace

grpc::ServerUnaryReactor* PaymentServiceImpl::ImportFile(grpc::CallbackServerContext* context,
                                                         const v1::ImportFileRequest* request,
                                                         v1::ImportFileResponse* response) {
  const absl::Time started = absl::Now();
  auto principal = env_.auth->Authenticate(*context, Access::kPaymentWrite, kImportFile);
  if (!principal.ok()) {
    auto* reactor = context->DefaultReactor();
    services::FinishRpc(env_, kImportFile, started, reactor, principal.status());
    return reactor;
  }
  const std::string sha = ledger::ToHex(ledger::Sha256(request->content()));
  absl::StatusOr<ImportWork> work;
  {
    auto snapshot = env_.storage->NewSnapshot();
    auto earlier = ReadImport(*snapshot, sha);
    if (earlier.ok() && earlier->has_value()) {
      response->set_already_imported(true);
      response->set_import_id((*earlier)->import_id());
      response->set_kind((*earlier)->import().kind());
      response->set_payments_in_file((*earlier)->import().payments_in_file());
      auto* reactor = context->DefaultReactor();
      services::FinishRpc(env_, kImportFile, started, reactor, absl::OkStatus());
      return reactor;
    }
    work = earlier.ok() ? BuildImport(*snapshot, *request, sha, response) : earlier.status();
  }
  if (!work.ok()) {
    auto* reactor = context->DefaultReactor();
    services::FinishRpc(env_, kImportFile, started, reactor, work.status());
    return reactor;
  }
  const int payments = work->payments;
  const std::string request_id = request->request_id().empty() ? absl::StrCat("import:", sha) : request->request_id();
  ServiceEnv env = env_;
  return services::SubmitWriteAs(
      env_, context, kImportFile, started, *principal, services::RequestFingerprint(*request), request_id,
      std::move(work->commands),
      [env, payments, response](const v1::WriteResult& result) {
        // One entry for the import, one per payment, and one more per payment its owner booked.
        const int entries = result.entries_size();
        response->set_booked(payments);
        response->set_routed(entries - 1 - payments - response->orders_settled());
        response->set_unallocated(payments - response->routed());
        if (entries > 0) {
          response->set_first_seq(result.entries(0).seq());
          response->set_last_seq(result.entries(entries - 1).seq());
        }
        auto snapshot = env.storage->NewSnapshot();
        auto entry = services::FirstEntryOf(*snapshot, result);
        if (entry.ok()) response->set_import_id(entry->event().import_recorded().import_id());
      },
      ledger::kLargeRequestCommandsMax);
}

grpc::ServerUnaryReactor* PaymentServiceImpl::ListUnallocated(grpc::CallbackServerContext* context,
                                                              const v1::ListUnallocatedRequest* request,
                                                              v1::ListUnallocatedResponse* response) {
  return ServeRead(env_, context, "PaymentService.ListUnallocated", Access::kPaymentRead,
                   [request, response](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                     if (request->limit() < 0 || request->limit() > kListMax) {
                       return absl::InvalidArgumentError(absl::StrCat("limit ", request->limit(), " must be 0–", kListMax));
                     }
                     const size_t limit = request->limit() == 0 ? kListDefault : request->limit();
                     // Strictly after `after_id`: the smallest key greater than its own is key + '\0'.
                     const std::string start = request->after_id().empty()
                                                   ? std::string(kUnallocatedPrefix)
                                                   : UnallocatedKey(request->after_id()) + std::string(1, '\0');
                     std::vector<std::string> ids;
                     bool more = false;
                     RETURN_IF_ERROR(reader.Scan(ledger::Space::kViews, start, ledger::PrefixEnd(kUnallocatedPrefix),
                                                 [&](absl::string_view key, absl::string_view) {
                                                   if (ids.size() == limit) {
                                                     more = true;
                                                     return false;
                                                   }
                                                   ids.emplace_back(key.substr(kUnallocatedPrefix.size()));
                                                   return true;
                                                 }));
                     for (const std::string& id : ids) {
                       ASSIGN_OR_RETURN(auto record, ReadPayment(reader, id));
                       if (!record.has_value()) return absl::DataLossError(absl::StrCat("payment ", id, " has no view"));
                       *response->add_payments() = std::move(*record);
                     }
                     if (more) response->set_next_after_id(ids.back());
                     ASSIGN_OR_RETURN(auto suspense, ledger::ReadAccount(reader, kUnallocatedAccount));
                     if (suspense.has_value()) {
                       response->set_total_ore(ledger::NormalBalance(suspense->account().type(),
                                                                     suspense->posted_debits(),
                                                                     suspense->posted_credits()));
                     }
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetPayment(grpc::CallbackServerContext* context,
                                                         const v1::GetPaymentRequest* request,
                                                         v1::PaymentRecord* response) {
  return ServeRead(env_, context, "PaymentService.GetPayment", Access::kPaymentRead,
                   [request, response](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                     ASSIGN_OR_RETURN(auto record, ReadPayment(reader, request->payment_id()));
                     if (!record.has_value()) {
                       return absl::NotFoundError(absl::StrCat("payment ", request->payment_id(), " does not exist"));
                     }
                     *response = std::move(*record);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::AllocatePayment(grpc::CallbackServerContext* context,
                                                              const v1::AllocatePaymentRequest* request,
                                                              v1::PaymentRecord* response) {
  v1::Command command;
  v1::AllocatePayment* c = command.mutable_allocate_payment();
  c->set_payment_id(request->payment_id());
  c->set_ocr(request->ocr());
  c->set_credit_id(request->credit_id());
  c->set_amount_ore(request->amount_ore());
  c->set_comment(request->comment());
  ServiceEnv env = env_;
  const std::string id = request->payment_id();
  return services::SubmitWrite(env_, context, "PaymentService.AllocatePayment", Access::kPaymentWrite, *request,
                               request->request_id(), std::move(command),
                               [env, id, response](const v1::WriteResult&) { AnswerPayment(env, id, response); });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::RefundPayment(grpc::CallbackServerContext* context,
                                                            const v1::RefundPaymentRequest* request,
                                                            v1::PaymentRecord* response) {
  v1::Command command;
  v1::RefundPayment* c = command.mutable_refund_payment();
  c->set_payment_id(request->payment_id());
  c->set_amount_ore(request->amount_ore());
  c->set_reason(request->reason());
  c->set_value_date(request->value_date());
  ServiceEnv env = env_;
  const std::string id = request->payment_id();
  return services::SubmitWrite(env_, context, "PaymentService.RefundPayment", Access::kPaymentWrite, *request,
                               request->request_id(), std::move(command),
                               [env, id, response](const v1::WriteResult&) { AnswerPayment(env, id, response); });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::SettlePaymentOrder(grpc::CallbackServerContext* context,
                                                                 const v1::SettlePaymentOrderRequest* request,
                                                                 v1::PaymentOrder* response) {
  v1::Command command;
  v1::SettlePaymentOrder* c = command.mutable_settle_payment_order();
  c->set_order_id(request->order_id());
  c->set_bank_reference(request->bank_reference());
  c->set_value_date(request->value_date());
  c->set_amount_ore(request->amount_ore());
  ServiceEnv env = env_;
  const std::string id = request->order_id();
  return services::SubmitWrite(env_, context, "PaymentService.SettlePaymentOrder", Access::kPaymentWrite, *request,
                               request->request_id(), std::move(command), [env, id, response](const v1::WriteResult&) {
                                 auto snapshot = env.storage->NewSnapshot();
                                 auto order = ReadOrder(*snapshot, id);
                                 if (order.ok() && order->has_value()) *response = **order;
                               });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::SetPaymentSettings(grpc::CallbackServerContext* context,
                                                                 const v1::SetPaymentSettingsRequest* request,
                                                                 v1::PaymentSettings* response) {
  v1::Command command;
  *command.mutable_set_payment_settings()->mutable_settings() = request->settings();
  ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, "PaymentService.SetPaymentSettings", Access::kPaymentAdmin, *request,
                               request->request_id(), std::move(command), [env, response](const v1::WriteResult&) {
                                 auto snapshot = env.storage->NewSnapshot();
                                 auto settings = ReadSettings(*snapshot);
                                 if (settings.ok() && settings->has_value()) *response = **settings;
                               });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::GetPaymentSettings(grpc::CallbackServerContext* context,
                                                                 const v1::GetPaymentSettingsRequest*,
                                                                 v1::PaymentSettings* response) {
  return ServeRead(env_, context, "PaymentService.GetPaymentSettings", Access::kPaymentRead,
                   [response](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                     ASSIGN_OR_RETURN(*response, Settings(reader));
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::ExportPain001(grpc::CallbackServerContext* context,
                                                            const v1::ExportPain001Request* request,
                                                            v1::ExportPain001Response* response) {
  v1::Command command;
  command.mutable_export_payment_orders()->set_execution_date(request->execution_date());
  ServiceEnv env = env_;
  return services::SubmitWrite(
      env_, context, "PaymentService.ExportPain001", Access::kPaymentWrite, *request, request->request_id(),
      std::move(command), [env, response](const v1::WriteResult& result) {
        // The file is written again from the entry: the same bytes Decide checked.
        auto snapshot = env.storage->NewSnapshot();
        auto entry = services::FirstEntryOf(*snapshot, result);
        auto settings = ReadSettings(*snapshot);
        if (!entry.ok() || !settings.ok() || !settings->has_value()) return;
        const v1::PaymentOrdersExported& exported = entry->event().payment_orders_exported();
        std::vector<v1::PaymentOrder> orders;
        for (const std::string& id : exported.order_ids()) {
          auto order = ReadOrder(*snapshot, id);
          if (!order.ok() || !order->has_value()) return;
          orders.push_back(**order);
          *response->add_orders() = **order;
        }
        auto file = Pain001For(**settings, orders, exported);
        if (!file.ok()) return;
        response->set_message_id(exported.message_id());
        response->set_amount_ore(exported.amount_ore());
        response->set_content(std::move(*file));
        // What stays behind: orders whose payee has no account yet.
        auto held_back = OpenOrders(*snapshot);
        if (held_back.ok()) {
          for (v1::PaymentOrder& order : *held_back) *response->add_held_back() = std::move(order);
        }
      });
}

grpc::ServerUnaryReactor* PaymentServiceImpl::ListPaymentOrders(grpc::CallbackServerContext* context,
                                                                const v1::ListPaymentOrdersRequest* request,
                                                                v1::ListPaymentOrdersResponse* response) {
  return ServeRead(env_, context, "PaymentService.ListPaymentOrders", Access::kPaymentRead,
                   [request, response](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                     return ledger::ScanProto<v1::PaymentOrder>(
                         reader, ledger::Space::kViews, kOrderPrefix, ledger::PrefixEnd(kOrderPrefix), "payment order",
                         [&](absl::string_view, v1::PaymentOrder& order) {
                           if (request->include_settled() || order.state() != v1::SETTLED) {
                             *response->add_orders() = std::move(order);
                           }
                           return true;
                         });
                   });
}

}  // namespace fondbok::payments
