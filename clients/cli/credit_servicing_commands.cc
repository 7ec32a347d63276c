// fondbok credit repay | remind | early-repayment | restructure | write-off | recover.
#include <memory>

#include "clients/cli/credit_cli.h"

namespace fondbok::cli {
namespace {

struct Args {
  std::string id, ocr, amount, date, reference, comment, reason, kind, request_id;
  int term = 0, grace = 0;
};

void AddRepay(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<Args>();
  CLI::App* c = Command(group, context, "repay", "Record a repayment (fees → interest → principal, oldest first)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      if (a->id.empty() == a->ocr.empty()) {
        return UsageError(absl::InvalidArgumentError("name the credit or give --ocr, not both"));
      }
      v1::RepayRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      request.set_ocr(a->ocr);
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount"));
      request.set_amount_ore(amount);
      request.set_value_date(a->date);
      request.set_reference(a->reference);
      return PrintCredit(context, client.RepayCredit(request));
    };
  });
  c->add_option("credit", a->id, "Credit id (or --ocr)");
  c->add_option("--ocr", a->ocr, "The OCR reference the borrower paid with");
  c->add_option("--amount", a->amount, "Kronor")->required();
  c->add_option("--date", a->date, "Value date (default today; backdating inside open periods is fine)");
  c->add_option("--reference", a->reference, "Bank reference or text");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddRemind(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<Args>();
  CLI::App* c = Command(group, context, "remind", "Issue a reminder: reminder fee and late-payment interest", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::RemindRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      request.set_as_of(a->date);
      return PrintCredit(context, client.RemindCredit(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  c->add_option("--as-of", a->date, "Reminder date (default today)");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddReschedule(CLI::App* group, CommandContext& context, bool restructure) {
  auto a = std::make_shared<Args>();
  CLI::App* c = Command(group, context, restructure ? "restructure" : "early-repayment",
                        restructure ? "Propose a new term for the outstanding principal (four eyes)"
                                    : "Propose an early repayment, full or partial (four eyes)",
                        [a, restructure]() -> Run {
    return [a, restructure](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::ProposeRescheduleRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      if (restructure) {
        request.set_kind(v1::RescheduleCredit::RESTRUCTURE);
      } else if (a->kind == "full") {
        request.set_kind(v1::RescheduleCredit::EARLY_FULL);
      } else if (a->kind == "shorter-term") {
        request.set_kind(v1::RescheduleCredit::EARLY_SHORTER_TERM);
      } else if (a->kind == "lower-instalment") {
        request.set_kind(v1::RescheduleCredit::EARLY_LOWER_INSTALMENT);
      } else {
        return UsageError(absl::InvalidArgumentError("--kind is full, shorter-term or lower-instalment"));
      }
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount", false));
      request.set_amount_ore(amount);
      request.set_effective_date(a->date);
      request.set_term_months(a->term);
      request.set_grace_months(a->grace);
      request.set_comment(a->comment);
      return PrintProposal(context, client.ProposeReschedule(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  if (restructure) {
    c->add_option("--term", a->term, "New term in months from the date")->required();
    c->add_option("--grace", a->grace, "Months of interest only");
  } else {
    c->add_option("--kind", a->kind, "full | shorter-term | lower-instalment")->required();
    c->add_option("--amount", a->amount, "Principal paid now (partial), kronor");
  }
  c->add_option("--date", a->date, "Effective date (default today)");
  c->add_option("--comment", a->comment, "For the approvers");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddWriteOff(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<Args>();
  CLI::App* c = Command(group, context, "write-off", "Propose to write off a credit (four eyes)", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::CreditReasonRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      request.set_reason(a->reason);
      return PrintProposal(context, client.ProposeWriteOff(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  c->add_option("--reason", a->reason, "Why")->required();
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

void AddRecover(CLI::App* group, CommandContext& context) {
  auto a = std::make_shared<Args>();
  CLI::App* c = Command(group, context, "recover", "Record money recovered on a written-off credit", [a]() -> Run {
    return [a](CommandContext& context, const client::Client& client) -> absl::Status {
      v1::RecoveryRequest request;
      ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(a->request_id));
      request.set_credit_id(a->id);
      ASSIGN_OR_RETURN(int64_t amount, Amount(a->amount, "--amount"));
      request.set_amount_ore(amount);
      request.set_value_date(a->date);
      request.set_reference(a->reference);
      return PrintCredit(context, client.RecordRecovery(request));
    };
  });
  c->add_option("credit", a->id, "Credit id")->required();
  c->add_option("--amount", a->amount, "Kronor")->required();
  c->add_option("--date", a->date, "Value date (default today)");
  c->add_option("--reference", a->reference, "Text");
  c->add_option("--request-id", a->request_id, "Idempotency key (default: a fresh one)");
}

}  // namespace

void AddCreditServicingCommands(CLI::App* group, CommandContext& context) {
  AddRepay(group, context);
  AddRemind(group, context);
  AddReschedule(group, context, false);
  AddReschedule(group, context, true);
  AddWriteOff(group, context);
  AddRecover(group, context);
}

}  // namespace fondbok::cli
