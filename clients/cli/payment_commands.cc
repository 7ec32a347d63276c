// fondbok payments settings | import | unallocated | show | allocate | refund (PaymentService).
// The server reads and checks the bank files; the CLI sends the file's bytes as they are.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/commands.h"
#include "clients/cli/credit_cli.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "clients/cli/table.h"
#include "fondbok/v1/payment_service.pb.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

constexpr int kUnallocatedPage = 1000;

std::string RenderSettings(const v1::PaymentSettings& s) {
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kLeft}});
  table.AddRow({"bankgiro", s.bankgiro().empty() ? "-" : s.bankgiro()});
  table.AddRow({"IBAN", s.iban().empty() ? "-" : s.iban()});
  table.AddRow({"BIC", s.bic().empty() ? "-" : s.bic()});
  table.AddRow({"account name", s.account_name().empty() ? "-" : s.account_name()});
  table.AddRow({"currency", s.currency()});
  return table.Render();
}

std::string Where(const v1::PaymentRecord& p) {
  if (!p.routed_module().empty()) return absl::StrCat(p.routed_module(), " ", p.routed_subject());
  if (p.unallocated_ore() != 0) return "suspense";
  return p.moves().empty() ? "-" : p.moves(p.moves_size() - 1).target();
}

std::string RenderPayment(const v1::PaymentRecord& p) {
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kLeft}});
  table.AddRow({"payment", p.id()});
  table.AddRow({"bank reference", p.payment().bank_reference()});
  table.AddRow({"amount", ledger::FormatAmount(p.payment().amount_ore(), p.payment().currency())});
  table.AddRow({"value date", p.payment().value_date()});
  table.AddRow({"reference", p.payment().reference().empty() ? "-" : p.payment().reference()});
  table.AddRow({"payer", p.payment().payer_name().empty() ? "-" : p.payment().payer_name()});
  if (!p.payment().payer_account().empty()) table.AddRow({"payer account", p.payment().payer_account()});
  if (!p.payment().texts().empty()) table.AddRow({"text", absl::StrJoin(p.payment().texts(), " / ")});
  table.AddRow({"import", p.import_id().empty() ? "-" : p.import_id()});
  table.AddRow({"booked at seq", absl::StrCat(p.seq())});
  table.AddRow({"booked to", Where(p)});
  table.AddRow({"unallocated", ledger::FormatAmount(p.unallocated_ore(), p.payment().currency())});
  if (!p.unallocated_reason().empty()) table.AddRow({"why in suspense", p.unallocated_reason()});
  for (const v1::PaymentMove& m : p.moves()) {
    table.AddRow({absl::StrCat(m.kind(), " (seq ", m.seq(), ")"),
                  absl::StrCat(ledger::FormatAmount(m.amount_ore()), " → ", m.target().empty() ? "-" : m.target(),
                               m.comment().empty() ? "" : absl::StrCat(": ", m.comment()))});
  }
  return table.Render();
}

std::string RenderUnallocated(const v1::ListUnallocatedResponse& r) {
  Table table({{"PAYMENT"}, {"VALUE DATE"}, {"AMOUNT", Table::Align::kRight}, {"UNALLOCATED", Table::Align::kRight},
               {"REFERENCE"}, {"PAYER"}, {"WHY"}});
  for (const v1::PaymentRecord& p : r.payments()) {
    table.AddRow({p.id(), p.payment().value_date(), ledger::FormatAmount(p.payment().amount_ore()),
                  ledger::FormatAmount(p.unallocated_ore()), p.payment().reference().empty() ? "-" : p.payment().reference(),
                  p.payment().payer_name().empty() ? "-" : p.payment().payer_name(), p.unallocated_reason()});
  }
  return absl::StrCat(table.Render(), r.payments_size(), " payment(s); liability:unallocated holds ",
                      ledger::FormatAmount(r.total_ore()), "\n");
}

std::string RenderImport(const v1::ImportFileResponse& r) {
  if (r.already_imported()) {
    return absl::StrCat("file already imported as ", r.import_id(), " (", r.kind(), ", ", r.payments_in_file(),
                        " payments); nothing booked\n");
  }
  std::string out = absl::StrCat("import ", r.import_id(), " (", r.kind(), "): ", r.payments_in_file(),
                                 " payment(s) in the file, ", r.booked(), " booked (", r.routed(), " by OCR, ",
                                 r.unallocated(), " to suspense), ", r.already_booked(), " booked before; ",
                                 ledger::FormatAmount(r.amount_ore()), "\n");
  if (r.booked() > 0 || r.first_seq() > 0) absl::StrAppend(&out, "entries ", r.first_seq(), "–", r.last_seq(), "\n");
  if (r.debits_skipped() > 0) {
    absl::StrAppend(&out, r.debits_skipped(), " debit entr(ies) not booked: fondbok-reconcile matches them\n");
  }
  return out;
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageError(absl::InvalidArgumentError(absl::StrCat("cannot read ", path)));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void AddSettings(CLI::App* payments, CommandContext& context) {
  auto s = std::make_shared<v1::SetPaymentSettingsRequest>();
  CLI::App* c = Command(payments, context, "settings",
                        "Show the fund's bank details, or set them (admin) with any of the options", [s]() -> Run {
                          return [s](CommandContext& ctx, const client::Client& client) -> absl::Status {
                            const v1::PaymentSettings& given = s->settings();
                            if (given.bankgiro().empty() && given.iban().empty() && given.bic().empty() &&
                                given.account_name().empty()) {
                              return Print<v1::PaymentSettings>(ctx, client.GetPaymentSettings({}), RenderSettings);
                            }
                            v1::SetPaymentSettingsRequest request = *s;
                            ASSIGN_OR_RETURN(*request.mutable_request_id(), ctx.RequestId(s->request_id()));
                            return Print<v1::PaymentSettings>(ctx, client.SetPaymentSettings(request), RenderSettings);
                          };
                        });
  c->add_option("--bankgiro", *s->mutable_settings()->mutable_bankgiro(), "The fund's bankgiro (BgMax files are for it)");
  c->add_option("--iban", *s->mutable_settings()->mutable_iban(), "The fund's IBAN (camt statements are for it)");
  c->add_option("--bic", *s->mutable_settings()->mutable_bic(), "The fund's bank's BIC");
  c->add_option("--name", *s->mutable_settings()->mutable_account_name(), "The fund's name as the bank knows it");
  c->add_option("--request-id", *s->mutable_request_id(), "Idempotency key (default: a fresh one)");
}

void AddImport(CLI::App* payments, CommandContext& context) {
  struct Args { std::string file; std::string request_id; };
  auto args = std::make_shared<Args>();
  CLI::App* c = Command(payments, context, "import",
                        "Book the incoming payments of a BgMax file or a camt.053/054 statement", [args]() -> Run {
                          return [args](CommandContext& ctx, const client::Client& client) -> absl::Status {
                            v1::ImportFileRequest request;
                            ASSIGN_OR_RETURN(*request.mutable_content(), ReadWholeFile(args->file));
                            request.set_file_name(args->file);
                            request.set_request_id(args->request_id);  // empty: the server uses the file's hash
                            return Print<v1::ImportFileResponse>(ctx, client.ImportPaymentFile(request), RenderImport);
                          };
                        });
  c->add_option("file", args->file, "The bank file")->required();
  c->add_option("--request-id", args->request_id, "Idempotency key (default: import:<SHA-256 of the file>)");
}

void AddUnallocated(CLI::App* payments, CommandContext& context) {
  Command(payments, context, "unallocated", "List payments held in suspense (liability:unallocated)", []() -> Run {
    return [](CommandContext& ctx, const client::Client& client) -> absl::Status {
      // Every page; the JSON is one response with all of them.
      v1::ListUnallocatedResponse all;
      v1::ListUnallocatedRequest request;
      request.set_limit(kUnallocatedPage);
      do {
        auto page = client.ListUnallocated(request);
        if (!page.ok()) return ctx.Explain(page.status());
        for (v1::PaymentRecord& p : *page->mutable_payments()) *all.add_payments() = std::move(p);
        all.set_total_ore(page->total_ore());
        request.set_after_id(page->next_after_id());
      } while (!request.after_id().empty());
      return Print<v1::ListUnallocatedResponse>(ctx, all, RenderUnallocated);
    };
  });
}

void AddShow(CLI::App* payments, CommandContext& context) {
  auto id = std::make_shared<std::string>();
  CLI::App* c = Command(payments, context, "show", "Show one payment and where it went", [id]() -> Run {
    return [id](CommandContext& ctx, const client::Client& client) -> absl::Status {
      v1::GetPaymentRequest request;
      request.set_payment_id(*id);
      return Print<v1::PaymentRecord>(ctx, client.GetPayment(request), RenderPayment);
    };
  });
  c->add_option("payment", *id, "Payment id, IN-…")->required();
}

void AddAllocate(CLI::App* payments, CommandContext& context) {
  struct Args { v1::AllocatePaymentRequest request; std::string amount; };
  auto args = std::make_shared<Args>();
  CLI::App* c = Command(payments, context, "allocate", "Move a payment held in suspense to what it pays",
                        [args]() -> Run {
                          return [args](CommandContext& ctx, const client::Client& client) -> absl::Status {
                            v1::AllocatePaymentRequest request = args->request;
                            ASSIGN_OR_RETURN(int64_t amount, Amount(args->amount, "--amount", false));
                            request.set_amount_ore(amount);
                            ASSIGN_OR_RETURN(*request.mutable_request_id(), ctx.RequestId(args->request.request_id()));
                            return Print<v1::PaymentRecord>(ctx, client.AllocatePayment(request), RenderPayment);
                          };
                        });
  c->add_option("--payment", *args->request.mutable_payment_id(), "Payment id, IN-…")->required();
  auto* ocr = c->add_option("--ocr", *args->request.mutable_ocr(), "The OCR reference it should have carried");
  auto* credit = c->add_option("--credit", *args->request.mutable_credit_id(), "The credit it repays, C-…");
  ocr->excludes(credit);
  c->add_option("--amount", args->amount, "Part of it (default: all that is unallocated)");
  c->add_option("--comment", *args->request.mutable_comment(), "Why (kept in the books)");
  c->add_option("--request-id", *args->request.mutable_request_id(), "Idempotency key (default: a fresh one)");
}

void AddRefund(CLI::App* payments, CommandContext& context) {
  struct Args { v1::RefundPaymentRequest request; std::string amount; };
  auto args = std::make_shared<Args>();
  CLI::App* c = Command(payments, context, "refund", "Pay a payment held in suspense back", [args]() -> Run {
    return [args](CommandContext& ctx, const client::Client& client) -> absl::Status {
      v1::RefundPaymentRequest request = args->request;
      ASSIGN_OR_RETURN(int64_t amount, Amount(args->amount, "--amount", false));
      request.set_amount_ore(amount);
      ASSIGN_OR_RETURN(*request.mutable_request_id(), ctx.RequestId(args->request.request_id()));
      return Print<v1::PaymentRecord>(ctx, client.RefundPayment(request), RenderPayment);
    };
  });
  c->add_option("--payment", *args->request.mutable_payment_id(), "Payment id, IN-…")->required();
  c->add_option("--amount", args->amount, "Part of it (default: all that is unallocated)");
  c->add_option("--reason", *args->request.mutable_reason(), "Why it is paid back")->required();
  c->add_option("--value-date", *args->request.mutable_value_date(), "YYYY-MM-DD (default: today)");
  c->add_option("--request-id", *args->request.mutable_request_id(), "Idempotency key (default: a fresh one)");
}

std::string OrderAccount(const v1::PaymentOrder& o) {
  if (!o.payee_iban().empty()) return o.payee_iban();
  if (!o.payee_bankgiro().empty()) return absl::StrCat("bg ", o.payee_bankgiro());
  return "(no account)";
}

std::string RenderOrders(const Repeated<v1::PaymentOrder>& orders) {
  Table table({{"ORDER"}, {"STATE"}, {"FOR"}, {"PAYEE"}, {"ACCOUNT"}, {"AMOUNT", Table::Align::kRight}, {"FILE"},
               {"SETTLED"}});
  for (const v1::PaymentOrder& o : orders) {
    std::string state = v1::PaymentOrderState_Name(o.state());
    table.AddRow({o.id(), state, o.description(), o.payee_name(), OrderAccount(o), ledger::FormatAmount(o.amount_ore()),
                  o.message_id().empty() ? "-" : o.message_id(), o.settled_date().empty() ? "-" : o.settled_date()});
  }
  return table.Render();
}

void AddOrders(CLI::App* payments, CommandContext& context) {
  auto all = std::make_shared<bool>(false);
  CLI::App* c = Command(payments, context, "orders", "Payments out: ordered, exported and settled", [all]() -> Run {
    return [all](CommandContext& ctx, const client::Client& client) -> absl::Status {
      v1::ListPaymentOrdersRequest request;
      request.set_include_settled(*all);
      return Print<v1::ListPaymentOrdersResponse>(ctx, client.ListPaymentOrders(request),
                                                  [](const v1::ListPaymentOrdersResponse& r) { return RenderOrders(r.orders()); });
    };
  });
  c->add_flag("--all", *all, "Also the orders a statement has settled");
}

void AddSettle(CLI::App* payments, CommandContext& context) {
  struct Args { v1::SettlePaymentOrderRequest request; std::string amount; };
  auto args = std::make_shared<Args>();
  CLI::App* c = Command(payments, context, "settle",
                        "Record that the bank paid an order outside a pain.001 file (by hand)", [args]() -> Run {
                          return [args](CommandContext& ctx, const client::Client& client) -> absl::Status {
                            v1::SettlePaymentOrderRequest request = args->request;
                            ASSIGN_OR_RETURN(int64_t amount, Amount(args->amount, "--amount", true));
                            request.set_amount_ore(amount);
                            ASSIGN_OR_RETURN(*request.mutable_request_id(), ctx.RequestId(args->request.request_id()));
                            return Print<v1::PaymentOrder>(ctx, client.SettlePaymentOrder(request),
                                                           [](const v1::PaymentOrder& order) {
                                                             Repeated<v1::PaymentOrder> one;
                                                             *one.Add() = order;
                                                             return RenderOrders(one);
                                                           });
                          };
                        });
  c->add_option("--order", *args->request.mutable_order_id(), "Payment order id, O-…")->required();
  c->add_option("--amount", args->amount, "The amount the bank paid (must be the order's)")->required();
  c->add_option("--bank-ref", *args->request.mutable_bank_reference(), "The bank's reference of the debit")->required();
  c->add_option("--date", *args->request.mutable_value_date(), "The day the bank paid it, YYYY-MM-DD")->required();
  c->add_option("--request-id", *args->request.mutable_request_id(), "Idempotency key (default: a fresh one)");
}

void AddExportPain001(CLI::App* payments, CommandContext& context) {
  struct Args { std::string date; std::string out; std::string request_id; };
  auto args = std::make_shared<Args>();
  CLI::App* c = Command(
      payments, context, "export-pain001",
      "Write every payment order not yet sent into one ISO 20022 pain.001.001.03 file for the bank", [args]() -> Run {
        return [args](CommandContext& ctx, const client::Client& client) -> absl::Status {
          v1::ExportPain001Request request;
          request.set_execution_date(args->date);
          ASSIGN_OR_RETURN(*request.mutable_request_id(), ctx.RequestId(args->request_id));
          auto response = client.ExportPain001(request);
          if (!response.ok()) return ctx.Explain(response.status());
          if (ctx.json()) {
            ctx.out() << ProtoToJson(*response) << "\n";
            return absl::OkStatus();
          }
          if (args->out.empty()) {
            ctx.out() << response->content();
            return absl::OkStatus();
          }
          std::ofstream file(args->out, std::ios::binary | std::ios::trunc);
          file << response->content();
          file.close();
          if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", args->out));
          ctx.out() << response->message_id() << ": " << response->orders_size() << " payment(s), "
                    << ledger::FormatAmount(response->amount_ore()) << " → " << args->out << "\n"
                    << RenderOrders(response->orders());
          if (response->held_back_size() > 0) {
            ctx.out() << response->held_back_size() << " order(s) held back: the payee has no bankgiro or IBAN\n";
          }
          return absl::OkStatus();
        };
      });
  c->add_option("--date", args->date, "Requested execution date, YYYY-MM-DD")->required();
  c->add_option("--out", args->out, "Write the file here (default: the XML to stdout)");
  c->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
}

}  // namespace

void AddPaymentCommands(CLI::App& app, CommandContext& context) {
  CLI::App* payments = app.add_subcommand("payments", "Bank files in, suspense, allocation and refunds");
  payments->require_subcommand(1);
  AddSettings(payments, context);
  AddImport(payments, context);
  AddUnallocated(payments, context);
  AddShow(payments, context);
  AddAllocate(payments, context);
  AddRefund(payments, context);
  AddOrders(payments, context);
  AddExportPain001(payments, context);
  AddSettle(payments, context);
}

}  // namespace fondbok::cli
