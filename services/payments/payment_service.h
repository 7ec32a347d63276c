// fondbok.v1.PaymentService: the gRPC adapter of the payments module. It translates; the rules are
// in payments_module.cc (booking, routing) and payment_import.cc (what a bank file holds).
#ifndef FONDBOK_SERVICES_PAYMENTS_PAYMENT_SERVICE_H_
#define FONDBOK_SERVICES_PAYMENTS_PAYMENT_SERVICE_H_

#include "fondbok/v1/payment_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::payments {

class PaymentServiceImpl final : public v1::PaymentService::CallbackService {
 public:
  explicit PaymentServiceImpl(services::ServiceEnv env) : env_(env) {}
  grpc::ServerUnaryReactor* ImportFile(grpc::CallbackServerContext*, const v1::ImportFileRequest*, v1::ImportFileResponse*) override;
  grpc::ServerUnaryReactor* ListUnallocated(grpc::CallbackServerContext*, const v1::ListUnallocatedRequest*, v1::ListUnallocatedResponse*) override;
  grpc::ServerUnaryReactor* GetPayment(grpc::CallbackServerContext*, const v1::GetPaymentRequest*, v1::PaymentRecord*) override;
  grpc::ServerUnaryReactor* AllocatePayment(grpc::CallbackServerContext*, const v1::AllocatePaymentRequest*, v1::PaymentRecord*) override;
  grpc::ServerUnaryReactor* RefundPayment(grpc::CallbackServerContext*, const v1::RefundPaymentRequest*, v1::PaymentRecord*) override;
  grpc::ServerUnaryReactor* SetPaymentSettings(grpc::CallbackServerContext*, const v1::SetPaymentSettingsRequest*, v1::PaymentSettings*) override;
  grpc::ServerUnaryReactor* GetPaymentSettings(grpc::CallbackServerContext*, const v1::GetPaymentSettingsRequest*, v1::PaymentSettings*) override;
  grpc::ServerUnaryReactor* ExportPain001(grpc::CallbackServerContext*, const v1::ExportPain001Request*, v1::ExportPain001Response*) override;
  grpc::ServerUnaryReactor* ListPaymentOrders(grpc::CallbackServerContext*, const v1::ListPaymentOrdersRequest*, v1::ListPaymentOrdersResponse*) override;
  grpc::ServerUnaryReactor* SettlePaymentOrder(grpc::CallbackServerContext*, const v1::SettlePaymentOrderRequest*, v1::PaymentOrder*) override;

 private:
  services::ServiceEnv env_;
};

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_PAYMENT_SERVICE_H_
