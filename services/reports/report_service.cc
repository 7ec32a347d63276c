#include "services/reports/report_service.h"

#include "absl/strings/str_cat.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"
#include "services/reports/reports_module.h"
#include "services/reports/sie.h"
#include "services/reports/sie_export.h"

#ifndef FONDBOK_VERSION
#define FONDBOK_VERSION "0"
#endif

namespace fondbok::reports {
namespace {

const std::string kSetBasMapping = "ReportService.SetBasMapping";
const std::string kGetBasMapping = "ReportService.GetBasMapping";
const std::string kExportSie = "ReportService.ExportSie";

}  // namespace

grpc::ServerUnaryReactor* ReportServiceImpl::SetBasMapping(grpc::CallbackServerContext* context,
                                                           const v1::SetBasMappingRequest* request,
                                                           v1::BasMappingResponse* response) {
  v1::Command command;
  *command.mutable_set_bas_mapping()->mutable_mapping() = request->mapping();
  services::ServiceEnv env = env_;
  return services::SubmitWrite(env_, context, kSetBasMapping, services::Access::kPeriodClose, *request,
                               request->request_id(), std::move(command),
                               [env, response](const v1::WriteResult& result) {
                                 *response->mutable_result() = result;
                                 auto snapshot = env.storage->NewSnapshot();
                                 auto entry = services::FirstEntryOf(*snapshot, result);
                                 if (entry.ok() && entry->event().has_bas_mapping_set()) {
                                   *response->mutable_mapping() = entry->event().bas_mapping_set().mapping();
                                   response->mutable_mapping()->set_set_seq(entry->seq());
                                 }
                               });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetBasMapping(grpc::CallbackServerContext* context,
                                                           const v1::GetBasMappingRequest*,
                                                           v1::BasMappingResponse* response) {
  return services::ServeRead(env_, context, kGetBasMapping, services::Access::kJournalRead,
                             [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
                               bool is_default = false;
                               ASSIGN_OR_RETURN(*response->mutable_mapping(), ReadBasMapping(reader, &is_default));
                               response->set_is_default(is_default);
                               return absl::OkStatus();
                             });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ExportSie(grpc::CallbackServerContext* context,
                                                       const v1::ExportSieRequest* request,
                                                       v1::ExportSieResponse* response) {
  // #GEN: today in the fund's time zone, as the sequencer dates entries.
  const absl::CivilDay today = env_.sequencer->BusinessDay(env_.clock->Now());
  return services::ServeRead(
      env_, context, kExportSie, services::Access::kJournalRead,
      [&](const v1::Principal&, const ledger::StorageReader& reader) -> absl::Status {
        ASSIGN_OR_RETURN(v1::BasMapping mapping, ReadBasMapping(reader));
        SieExportOptions options;
        options.year = request->year();
        options.period_from = request->period_from();
        options.period_to = request->period_to();
        options.generated = today;
        options.program_version = FONDBOK_VERSION;
        ASSIGN_OR_RETURN(SieExport input, BuildSieExport(reader, mapping, options));
        ASSIGN_OR_RETURN(std::string content, WriteSie(input));
        if (content.size() > kSieExportBytesMax) {
          return absl::ResourceExhaustedError(absl::StrCat("the SIE file would be ", content.size(),
                                                           " bytes; at most ", kSieExportBytesMax,
                                                           " are sent at once: export a shorter period (--period)"));
        }
        response->set_content(std::move(content));
        response->set_vouchers(static_cast<uint32_t>(input.vouchers.size()));
        response->set_accounts(static_cast<uint32_t>(input.accounts.size()));
        return absl::OkStatus();
      });
}

}  // namespace fondbok::reports
