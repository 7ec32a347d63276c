// ReportService adapter: the BAS mapping and the SIE 4 export. Translates only; the rules live in
// ReportsModule (the mapping), sie_export.h (what is exported) and sie.h (the file).
// Access: an admin sets the mapping (Access::kPeriodClose, the admin's book-keeping access, and
// the module checks the role again); staff — admin, officer, board, auditor — read the mapping
// and export (Access::kJournalRead: the export shows every entry of the period).
#ifndef FONDBOK_SERVICES_REPORTS_REPORT_SERVICE_H_
#define FONDBOK_SERVICES_REPORTS_REPORT_SERVICE_H_

#include "fondbok/v1/report_service.grpc.pb.h"
#include "services/common/service_env.h"

namespace fondbok::reports {

// An export larger than this is refused (RESOURCE_EXHAUSTED: export a shorter period); it stays
// below gRPC's default 4 MiB receive limit of clients.
inline constexpr size_t kSieExportBytesMax = size_t{4000} << 10;

class ReportServiceImpl final : public v1::ReportService::CallbackService {
 public:
  explicit ReportServiceImpl(services::ServiceEnv env) : env_(env) {}

  grpc::ServerUnaryReactor* SetBasMapping(grpc::CallbackServerContext* context,
                                          const v1::SetBasMappingRequest* request,
                                          v1::BasMappingResponse* response) override;
  grpc::ServerUnaryReactor* GetBasMapping(grpc::CallbackServerContext* context,
                                          const v1::GetBasMappingRequest* request,
                                          v1::BasMappingResponse* response) override;
  grpc::ServerUnaryReactor* ExportSie(grpc::CallbackServerContext* context, const v1::ExportSieRequest* request,
                                      v1::ExportSieResponse* response) override;

 private:
  services::ServiceEnv env_;
};

}  // namespace fondbok::reports

#endif  // FONDBOK_SERVICES_REPORTS_REPORT_SERVICE_H_
