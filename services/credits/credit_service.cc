#include "services/credits/credit_service.h"

#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/status_macros.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"
#include "services/credits/portfolio.h"

namespace fondbok::credits {
namespace {

using services::Access;
using services::ServeRead;
using services::ServiceEnv;
using services::SubmitWrite;

absl::CivilDay Today(const ServiceEnv& env) { return env.sequencer->BusinessDay(env.clock->Now()); }

absl::StatusOr<absl::CivilDay> AsOf(const ServiceEnv& env, const std::string& text) {
  if (text.empty()) return Today(env);
  return ledger::ParseDate(text, "as-of date");
}

// Members, supporters and banks see only their own organisation's credits.
absl::Status CheckReader(const v1::Principal& principal, const v1::Credit& credit) {
  if (services::ReadsEverything(principal.role()) || principal.organisation() == credit.organisation_id()) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat("credit ", credit.id(), " is not your organisation's"));
}

absl::Status FillCredit(const ServiceEnv& env, const ledger::KvReader& state, const v1::Credit& credit,
                        absl::CivilDay as_of, v1::CreditResponse* response) {
  ASSIGN_OR_RETURN(v1::CreditSettings settings, ReadSettings(state));
  ASSIGN_OR_RETURN(v1::CreditStanding standing,
                   StandingAsOf(credit, as_of, settings.reference_rate_bp() + settings.late_margin_bp()));
  *response->mutable_credit() = credit;
  *response->mutable_standing() = std::move(standing);
  response->set_pay_to_bankgiro(settings.bankgiro());
  (void)env;
  return absl::OkStatus();
}

// After a write: the credit as it now stands. `id` empty: the credit the first entry applied for.
void AnswerCredit(const ServiceEnv& env, std::string id, const v1::WriteResult& result, v1::CreditResponse* response) {
  *response->mutable_result() = result;
  auto snapshot = env.storage->NewSnapshot();
  if (id.empty()) {
    auto entry = services::FirstEntryOf(*snapshot, result);
    if (entry.ok()) id = entry->event().credit_applied().credit().id();
  }
  auto credit = ReadCredit(*snapshot, id);
  if (credit.ok() && credit->has_value()) (void)FillCredit(env, *snapshot, **credit, Today(env), response);
}

grpc::ServerUnaryReactor* WriteCredit(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                      const std::string& method, Access access,
                                      const google::protobuf::Message& request, const std::string& request_id,
                                      v1::Command command, const std::string& credit_id,
                                      v1::CreditResponse* response) {
  return SubmitWrite(env, context, method, access, request, request_id, std::move(command),
                     [env, credit_id, response](const v1::WriteResult& result) {
                       AnswerCredit(env, credit_id, result, response);
                     });
}

// Wraps `inner` in a four-eyes proposal; answers with the proposal as made.
grpc::ServerUnaryReactor* Propose(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                  const std::string& method, const google::protobuf::Message& request,
                                  const std::string& request_id, const v1::Command& inner, const std::string& comment,
                                  v1::ProposalResponse* response) {
  v1::Command command;
  command.mutable_propose()->set_command(inner.SerializeAsString());
  command.mutable_propose()->set_comment(comment);
  return SubmitWrite(env, context, method, Access::kCreditWrite, request, request_id, std::move(command),
                     [env, response](const v1::WriteResult& result) {
                       *response->mutable_result() = result;
                       auto snapshot = env.storage->NewSnapshot();
                       auto entry = services::FirstEntryOf(*snapshot, result);
                       if (entry.ok()) *response->mutable_proposal() = entry->event().proposal_made().proposal();
                     });
}

}  // namespace

grpc::ServerUnaryReactor* CreditServiceImpl::DefineProduct(grpc::CallbackServerContext* context,
                                                           const v1::DefineProductRequest* request,
                                                           v1::ProductResponse* response) {
  v1::Command command;
  *command.mutable_define_product()->mutable_product() = request->product();
  ServiceEnv env = env_;
  const std::string id = request->product().id();
  return SubmitWrite(env_, context, "CreditService.DefineProduct", Access::kCreditAdmin, *request,
                     request->request_id(), std::move(command), [env, id, response](const v1::WriteResult& r) {
                       *response->mutable_result() = r;
                       auto snapshot = env.storage->NewSnapshot();
                       auto product = ReadProduct(*snapshot, id);
                       if (product.ok() && product->has_value()) *response->mutable_product() = **product;
                     });
}

grpc::ServerUnaryReactor* CreditServiceImpl::ListProducts(grpc::CallbackServerContext* context,
                                                          const v1::ListProductsRequest* request,
                                                          v1::ListProductsResponse* response) {
  return ServeRead(env_, context, "CreditService.ListProducts", Access::kCreditRead,
                   [&](const v1::Principal&, const ledger::StorageReader& state) -> absl::Status {
                     return ledger::ScanProto<v1::Product>(
                         state, ledger::Space::kViews, kProductPrefix, ledger::PrefixEnd(kProductPrefix), "product",
                         [&](absl::string_view, v1::Product& p) {
                           if (!p.closed() || request->include_closed()) *response->add_products() = std::move(p);
                           return response->products_size() < 1000;
                         });
                   });
}

grpc::ServerUnaryReactor* CreditServiceImpl::SetSettings(grpc::CallbackServerContext* context,
                                                         const v1::SetSettingsRequest* request,
                                                         v1::SettingsResponse* response) {
  v1::Command command;
  *command.mutable_set_credit_settings()->mutable_settings() = request->settings();
  ServiceEnv env = env_;
  return SubmitWrite(env_, context, "CreditService.SetSettings", Access::kCreditAdmin, *request, request->request_id(),
                     std::move(command), [env, response](const v1::WriteResult& r) {
                       *response->mutable_result() = r;
                       auto snapshot = env.storage->NewSnapshot();
                       auto settings = ReadSettings(*snapshot);
                       if (settings.ok()) *response->mutable_settings() = *settings;
                     });
}

grpc::ServerUnaryReactor* CreditServiceImpl::GetSettings(grpc::CallbackServerContext* context,
                                                         const v1::GetSettingsRequest*, v1::SettingsResponse* response) {
  return ServeRead(env_, context, "CreditService.GetSettings", Access::kCreditRead,
                   [&](const v1::Principal&, const ledger::StorageReader& state) -> absl::Status {
                     ASSIGN_OR_RETURN(*response->mutable_settings(), ReadSettings(state));
                     return absl::OkStatus();
                   });
}

namespace {

grpc::ServerUnaryReactor* WriteCapital(const ServiceEnv& env, grpc::CallbackServerContext* context,
                                       const std::string& method, const google::protobuf::Message& request,
                                       const std::string& request_id, v1::Command command, const std::string& id,
                                       v1::CapitalResponse* response) {
  return SubmitWrite(env, context, method, Access::kCapitalWrite, request, request_id, std::move(command),
                     [env, id, response](const v1::WriteResult& r) {
                       *response->mutable_result() = r;
                       auto snapshot = env.storage->NewSnapshot();
                       auto source = ReadCapitalSource(*snapshot, id);
                       if (source.ok() && source->has_value()) *response->mutable_source() = **source;
                     });
}

}  // namespace

grpc::ServerUnaryReactor* CreditServiceImpl::DepositCapital(grpc::CallbackServerContext* context,
                                                            const v1::DepositCapitalRequest* request,
                                                            v1::CapitalResponse* response) {
  v1::Command command;
  v1::DepositCapital* deposit = command.mutable_deposit_capital();
  deposit->mutable_source()->set_id(request->source_id());
  deposit->mutable_source()->set_name(request->name());
  deposit->mutable_source()->set_depositor(request->depositor());
  *deposit->mutable_source()->mutable_earmark_municipalities() = request->earmark_municipalities();
  deposit->set_amount_ore(request->amount_ore());
  deposit->set_value_date(request->value_date());
  deposit->set_memo(request->memo());
  deposit->set_member_capital(request->member_capital());
  return WriteCapital(env_, context, "CreditService.DepositCapital", *request, request->request_id(),
                      std::move(command), request->source_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::WithdrawCapital(grpc::CallbackServerContext* context,
                                                             const v1::WithdrawCapitalRequest* request,
                                                             v1::CapitalResponse* response) {
  v1::Command command;
  v1::WithdrawCapital* withdraw = command.mutable_withdraw_capital();
  withdraw->set_source_id(request->source_id());
  withdraw->set_amount_ore(request->amount_ore());
  withdraw->set_value_date(request->value_date());
  withdraw->set_memo(request->memo());
  return WriteCapital(env_, context, "CreditService.WithdrawCapital", *request, request->request_id(),
                      std::move(command), request->source_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::ListCapital(grpc::CallbackServerContext* context,
                                                         const v1::ListCapitalRequest*, v1::ListCapitalResponse* response) {
  return ServeRead(env_, context, "CreditService.ListCapital", Access::kPortfolioRead,
                   [&](const v1::Principal&, const ledger::StorageReader& state) -> absl::Status {
                     ASSIGN_OR_RETURN(std::vector<v1::CapitalSource> sources, ReadCapitalSources(state));
                     for (v1::CapitalSource& s : sources) *response->add_sources() = std::move(s);
                     return absl::OkStatus();
                   });
}

grpc::ServerUnaryReactor* CreditServiceImpl::Apply(grpc::CallbackServerContext* context, const v1::ApplyRequest* request,
                                                   v1::CreditResponse* response) {
  v1::Command command;
  v1::ApplyForCredit* apply = command.mutable_apply_for_credit();
  apply->set_organisation_id(request->organisation_id());
  apply->set_product_id(request->product_id());
  apply->set_amount_ore(request->amount_ore());
  apply->set_term_months(request->term_months());
  apply->set_frequency(request->frequency());
  apply->set_payment_day(request->payment_day());
  apply->set_grace_months(request->grace_months());
  apply->set_purpose(request->purpose());
  if (request->has_grant()) *apply->mutable_grant() = request->grant();
  return WriteCredit(env_, context, "CreditService.Apply", Access::kCreditApply, *request, request->request_id(),
                     std::move(command), "", response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Submit(grpc::CallbackServerContext* context,
                                                    const v1::CreditIdRequest* request, v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_submit_credit()->set_credit_id(request->credit_id());
  return WriteCredit(env_, context, "CreditService.Submit", Access::kCreditApply, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Withdraw(grpc::CallbackServerContext* context,
                                                      const v1::CreditReasonRequest* request,
                                                      v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_withdraw_credit()->set_credit_id(request->credit_id());
  command.mutable_withdraw_credit()->set_reason(request->reason());
  return WriteCredit(env_, context, "CreditService.Withdraw", Access::kCreditApply, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Assess(grpc::CallbackServerContext* context,
                                                    const v1::AssessRequest* request, v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_assess_credit()->set_credit_id(request->credit_id());
  *command.mutable_assess_credit()->mutable_assessment() = request->assessment();
  return WriteCredit(env_, context, "CreditService.Assess", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::ProposeApproval(grpc::CallbackServerContext* context,
                                                             const v1::ProposeApprovalRequest* request,
                                                             v1::ProposalResponse* response) {
  v1::Command inner;
  v1::ApproveCredit* approve = inner.mutable_approve_credit();
  approve->set_credit_id(request->credit_id());
  approve->set_amount_ore(request->amount_ore());
  approve->set_capital_source(request->capital_source());
  approve->set_comment(request->comment());
  return Propose(env_, context, "CreditService.ProposeApproval", *request, request->request_id(), inner,
                 request->comment(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Reject(grpc::CallbackServerContext* context,
                                                    const v1::CreditReasonRequest* request,
                                                    v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_reject_credit()->set_credit_id(request->credit_id());
  command.mutable_reject_credit()->set_reason(request->reason());
  return WriteCredit(env_, context, "CreditService.Reject", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Cancel(grpc::CallbackServerContext* context,
                                                    const v1::CreditReasonRequest* request,
                                                    v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_cancel_credit()->set_credit_id(request->credit_id());
  command.mutable_cancel_credit()->set_reason(request->reason());
  return WriteCredit(env_, context, "CreditService.Cancel", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Lapse(grpc::CallbackServerContext* context,
                                                   const v1::CreditIdRequest* request, v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_lapse_credit()->set_credit_id(request->credit_id());
  return WriteCredit(env_, context, "CreditService.Lapse", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Disburse(grpc::CallbackServerContext* context,
                                                      const v1::DisburseRequest* request,
                                                      v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_disburse_credit()->set_credit_id(request->credit_id());
  command.mutable_disburse_credit()->set_amount_ore(request->amount_ore());
  command.mutable_disburse_credit()->set_value_date(request->value_date());
  return WriteCredit(env_, context, "CreditService.Disburse", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::Repay(grpc::CallbackServerContext* context,
                                                   const v1::RepayRequest* request, v1::CreditResponse* response) {
  v1::Command command;
  v1::RecordRepayment* repay = command.mutable_record_repayment();
  repay->set_credit_id(request->credit_id());
  repay->set_ocr(request->ocr());
  repay->set_amount_ore(request->amount_ore());
  repay->set_value_date(request->value_date());
  repay->set_reference(request->reference());
  // Paid by OCR: the credit is found from the payment's own entry.
  ServiceEnv env = env_;
  return SubmitWrite(env_, context, "CreditService.Repay", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), [env, response](const v1::WriteResult& result) {
                       auto snapshot = env.storage->NewSnapshot();
                       auto entry = services::FirstEntryOf(*snapshot, result);
                       AnswerCredit(env, entry.ok() ? entry->event().repayment_recorded().credit_id() : "", result,
                                    response);
                     });
}

grpc::ServerUnaryReactor* CreditServiceImpl::Remind(grpc::CallbackServerContext* context,
                                                    const v1::RemindRequest* request, v1::CreditResponse* response) {
  v1::Command command;
  command.mutable_issue_reminder()->set_credit_id(request->credit_id());
  command.mutable_issue_reminder()->set_as_of(request->as_of());
  return WriteCredit(env_, context, "CreditService.Remind", Access::kCreditWrite, *request, request->request_id(),
                     std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::ProposeReschedule(grpc::CallbackServerContext* context,
                                                               const v1::ProposeRescheduleRequest* request,
                                                               v1::ProposalResponse* response) {
  v1::Command inner;
  v1::RescheduleCredit* r = inner.mutable_reschedule_credit();
  r->set_credit_id(request->credit_id());
  r->set_kind(request->kind());
  r->set_effective_date(request->effective_date());
  r->set_amount_ore(request->amount_ore());
  r->set_term_months(request->term_months());
  r->set_grace_months(request->grace_months());
  r->set_comment(request->comment());
  return Propose(env_, context, "CreditService.ProposeReschedule", *request, request->request_id(), inner,
                 request->comment(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::ProposeWriteOff(grpc::CallbackServerContext* context,
                                                             const v1::CreditReasonRequest* request,
                                                             v1::ProposalResponse* response) {
  v1::Command inner;
  inner.mutable_write_off_credit()->set_credit_id(request->credit_id());
  inner.mutable_write_off_credit()->set_reason(request->reason());
  return Propose(env_, context, "CreditService.ProposeWriteOff", *request, request->request_id(), inner,
                 request->reason(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::RecordRecovery(grpc::CallbackServerContext* context,
                                                            const v1::RecoveryRequest* request,
                                                            v1::CreditResponse* response) {
  v1::Command command;
  v1::RecordRecovery* r = command.mutable_record_recovery();
  r->set_credit_id(request->credit_id());
  r->set_amount_ore(request->amount_ore());
  r->set_value_date(request->value_date());
  r->set_reference(request->reference());
  return WriteCredit(env_, context, "CreditService.RecordRecovery", Access::kCreditWrite, *request,
                     request->request_id(), std::move(command), request->credit_id(), response);
}

grpc::ServerUnaryReactor* CreditServiceImpl::GetCredit(grpc::CallbackServerContext* context,
                                                       const v1::GetCreditRequest* request,
                                                       v1::CreditResponse* response) {
  return ServeRead(env_, context, "CreditService.GetCredit", Access::kCreditRead,
                   [&](const v1::Principal& principal, const ledger::StorageReader& state) -> absl::Status {
                     RETURN_IF_ERROR(ParseCreditId(request->credit_id()).status());
                     ASSIGN_OR_RETURN(auto credit, ReadCredit(state, request->credit_id()));
                     if (!credit.has_value()) {
                       return absl::NotFoundError(absl::StrCat("credit ", request->credit_id(), " does not exist"));
                     }
                     RETURN_IF_ERROR(CheckReader(principal, *credit));
                     ASSIGN_OR_RETURN(absl::CivilDay as_of, AsOf(env_, request->as_of()));
                     return FillCredit(env_, state, *credit, as_of, response);
                   });
}

grpc::ServerUnaryReactor* CreditServiceImpl::ListCredits(grpc::CallbackServerContext* context,
                                                         const v1::ListCreditsRequest* request,
                                                         v1::ListCreditsResponse* response) {
  return ServeRead(env_, context, "CreditService.ListCredits", Access::kCreditRead,
                   [&](const v1::Principal& principal, const ledger::StorageReader& state) -> absl::Status {
                     std::string organisation = request->organisation_id();
                     if (!services::ReadsEverything(principal.role())) {
                       if (!organisation.empty() && organisation != principal.organisation()) {
                         return absl::PermissionDeniedError("you may list only your own organisation's credits");
                       }
                       organisation = principal.organisation();
                     }
                     const int limit = request->limit() <= 0 ? 100 : std::min(request->limit(), 1000);
                     const std::string prefix = organisation.empty() ? std::string(kCreditPrefix)
                                                                     : ByOrgKey(organisation, "");
                     const std::string start = request->after_id().empty()
                                                   ? prefix
                                                   : absl::StrCat(prefix, request->after_id(), std::string(1, '\0'));
                     absl::Status failure;
                     RETURN_IF_ERROR(state.Scan(
                         ledger::Space::kViews, start, ledger::PrefixEnd(prefix),
                         [&](absl::string_view key, absl::string_view) {
                           const std::string id(key.substr(prefix.size()));
                           auto credit = ReadCredit(state, id);
                           if (!credit.ok() || !credit->has_value()) {
                             failure = credit.ok() ? absl::DataLossError("a credit index points nowhere") : credit.status();
                             return false;
                           }
                           const v1::Credit& c = **credit;
                           if (request->state() != v1::CREDIT_STATE_UNSPECIFIED && c.state() != request->state()) return true;
                           v1::CreditSummary* s = response->add_credits();
                           s->set_id(c.id());
                           s->set_organisation_id(c.organisation_id());
                           s->set_product_id(c.product().id());
                           s->set_state(c.state());
                           s->set_amount_ore(c.amount_ore());
                           s->set_disbursed_ore(c.disbursed_ore());
                           s->set_risk_grade(c.assessment().risk_grade());
                           s->set_municipality(c.municipality());
                           s->set_capital_source(c.capital_source());
                           if (response->credits_size() >= limit) {
                             response->set_next_after_id(c.id());
                             return false;
                           }
                           return true;
                         }));
                     return failure;
                   });
}

grpc::ServerUnaryReactor* CreditServiceImpl::Portfolio(grpc::CallbackServerContext* context,
                                                       const v1::PortfolioRequest* request,
                                                       v1::PortfolioResponse* response) {
  return ServeRead(env_, context, "CreditService.Portfolio", Access::kPortfolioRead,
                   [&](const v1::Principal&, const ledger::StorageReader& state) -> absl::Status {
                     ASSIGN_OR_RETURN(absl::CivilDay as_of, AsOf(env_, request->as_of()));
                     ASSIGN_OR_RETURN(*response, BuildPortfolio(state, as_of));
                     return absl::OkStatus();
                   });
}

}  // namespace fondbok::credits
