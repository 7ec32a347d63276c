// fondbok org create | list | show | close: organisations (PartyService). The server is the
// authority on organisation numbers, kommunkoder and bankgiro numbers; the CLI passes them through.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "clients/cli/table.h"
#include "fondbok/v1/party_service.pb.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

// At most this many pages of kListOrganisationsMax are fetched by one `org list`.
constexpr int kListPagesMax = 100;
constexpr int kListPageSize = 1000;

struct LegalFormWord {
  const char* word;
  const char* swedish;
  v1::LegalForm form;
};
constexpr LegalFormWord kLegalForms[] = {
    {"ekonomisk-forening", "ekonomisk förening", v1::EKONOMISK_FORENING},
    {"ideell-forening", "ideell förening", v1::IDEELL_FORENING},
    {"stiftelse", "stiftelse", v1::STIFTELSE},
    {"aktiebolag", "aktiebolag", v1::AKTIEBOLAG},
    {"other", "other", v1::OTHER_LEGAL_FORM},
};

absl::StatusOr<v1::LegalForm> ParseLegalForm(absl::string_view text) {
  const std::string word = absl::StrReplaceAll(absl::AsciiStrToLower(text), {{"_", "-"}});
  for (const LegalFormWord& f : kLegalForms) {
    if (word == f.word) return f.form;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--legal-form \"", text, "\" is not one of ekonomisk-forening, ideell-forening, stiftelse, aktiebolag, other"));
}

std::string LegalFormText(v1::LegalForm form) {
  for (const LegalFormWord& f : kLegalForms) {
    if (form == f.form) return f.swedish;
  }
  return "unspecified";
}

// The server stores digits; people read "NNNNNN-NNNN" and "NNNN-NNNN" (FORMATS.md "Numbers").
std::string Hyphenated(const std::string& digits, size_t last, std::initializer_list<size_t> sizes) {
  for (size_t size : sizes) {
    if (digits.size() == size) return absl::StrCat(digits.substr(0, size - last), "-", digits.substr(size - last));
  }
  return digits;
}
std::string OrgNumberText(const std::string& digits) { return Hyphenated(digits, 4, {10}); }
std::string BankgiroText(const std::string& digits) { return Hyphenated(digits, 4, {7, 8}); }

std::string StatusText(const v1::Organisation& o) { return o.closed() ? "closed" : "active"; }

std::string RenderOrganisation(const v1::Organisation& o) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"id", o.id()},
      {"name", o.name()},
      {"org number", OrgNumberText(o.org_number())},
      {"legal form", LegalFormText(o.legal_form())},
      {"municipality", o.municipality()},
      {"contact", o.contact().empty() ? "-" : o.contact()},
      {"bankgiro", o.bankgiro().empty() ? "-" : BankgiroText(o.bankgiro())},
      {"status", StatusText(o)},
      {"registered at seq", absl::StrCat(o.registered_seq())},
  };
  if (o.closed()) {
    rows.push_back({"closed at seq", absl::StrCat(o.closed_seq())});
    rows.push_back({"closed because", o.closed_reason()});
  }
  Table table({{"", Table::Align::kLeft}, {"", Table::Align::kLeft}});
  for (auto& [key, value] : rows) table.AddRow({key, value});
  return table.Render();
}

std::string RenderOrganisations(const Repeated<v1::Organisation>& organisations) {
  Table table({{"ID"}, {"ORG NUMBER"}, {"NAME"}, {"LEGAL FORM"}, {"MUNICIPALITY"}, {"BANKGIRO"}, {"STATUS"}});
  for (const v1::Organisation& o : organisations) {
    table.AddRow({o.id(), OrgNumberText(o.org_number()), o.name(), LegalFormText(o.legal_form()), o.municipality(),
                  o.bankgiro().empty() ? "-" : BankgiroText(o.bankgiro()), StatusText(o)});
  }
  return table.Render();
}

absl::Status PrintOrganisationWrite(CommandContext& context, const absl::StatusOr<v1::OrganisationResponse>& response,
                                    absl::string_view verb) {
  if (!response.ok()) return context.Explain(response.status());
  if (context.json()) {
    context.out() << ProtoToJson(*response) << "\n";
    return absl::OkStatus();
  }
  context.out() << "organisation " << response->organisation().id() << " " << verb << "\n"
                << RenderOrganisation(response->organisation()) << RenderWriteResult(response->result());
  return absl::OkStatus();
}

struct CreateArgs {
  std::string name;
  std::string org_number;
  std::string legal_form;
  std::string municipality;
  std::string bankgiro;
  std::string contact;
  std::string request_id;
};

absl::Status RunCreate(CommandContext& context, const CreateArgs& args) {
  v1::CreateOrganisationRequest request;
  auto form = ParseLegalForm(args.legal_form);
  if (!form.ok()) return UsageError(form.status());
  request.set_legal_form(*form);
  request.set_name(args.name);
  request.set_org_number(args.org_number);
  request.set_municipality(args.municipality);
  request.set_bankgiro(args.bankgiro);
  request.set_contact(args.contact);
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  return PrintOrganisationWrite(context, client->CreateOrganisation(request), "registered");
}

absl::Status RunClose(CommandContext& context, const std::string& id, const std::string& reason,
                      const std::string& request_id) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::CloseOrganisationRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(request_id));
  request.set_organisation_id(id);
  request.set_reason(reason);
  return PrintOrganisationWrite(context, client->CloseOrganisation(request), "closed");
}

absl::Status RunShow(CommandContext& context, const std::string& id_or_number) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::GetOrganisationRequest request;
  if (absl::StartsWithIgnoreCase(id_or_number, "ORG-")) {
    request.set_organisation_id(absl::AsciiStrToUpper(id_or_number));
  } else {
    request.set_org_number(id_or_number);
  }
  auto organisation = client->GetOrganisation(request);
  if (!organisation.ok()) return context.Explain(organisation.status());
  context.out() << (context.json() ? ProtoToJson(*organisation) + "\n" : RenderOrganisation(*organisation));
  return absl::OkStatus();
}

// Fetches every page; the JSON is one response with all organisations.
absl::Status RunList(CommandContext& context, const std::string& municipality, bool all) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ListOrganisationsResponse everything;
  v1::ListOrganisationsRequest request;
  request.set_municipality(municipality);
  request.set_include_closed(all);
  request.set_limit(kListPageSize);
  for (int page = 0; page < kListPagesMax; ++page) {
    auto response = client->ListOrganisations(request);
    if (!response.ok()) return context.Explain(response.status());
    for (v1::Organisation& o : *response->mutable_organisations()) *everything.add_organisations() = std::move(o);
    if (response->next_after_id().empty()) break;
    request.set_after_id(response->next_after_id());
    if (page + 1 == kListPagesMax) everything.set_next_after_id(response->next_after_id());
  }
  context.out() << (context.json() ? ProtoToJson(everything) + "\n" : RenderOrganisations(everything.organisations()));
  return absl::OkStatus();
}

void AddCreate(CLI::App* org, CommandContext& context) {
  auto args = std::make_shared<CreateArgs>();
  CLI::App* command = org->add_subcommand("create", "Register an organisation");
  command->add_option("--name", args->name, "Name of the organisation")->required();
  command->add_option("--org-number", args->org_number, "Organisation number, NNNNNN-NNNN")->required();
  command->add_option("--legal-form", args->legal_form,
                      "ekonomisk-forening|ideell-forening|stiftelse|aktiebolag|other")->required();
  command->add_option("--municipality", args->municipality, "Kommunkod, four digits (e.g. 0583)")->required();
  command->add_option("--bankgiro", args->bankgiro, "Bankgiro number, NNN-NNNN or NNNN-NNNN");
  command->add_option("--contact", args->contact, "Contact person, telephone or e-mail (one line)");
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] {
    context.set_action([&context, args] { return RunCreate(context, *args); });
  });
}

void AddClose(CLI::App* org, CommandContext& context) {
  struct Args { std::string id; std::string reason; std::string request_id; };
  auto args = std::make_shared<Args>();
  CLI::App* command = org->add_subcommand("close", "Close an organisation (it is never deleted)");
  command->add_option("id", args->id, "Organisation id, ORG-…")->required();
  command->add_option("--reason", args->reason, "Why it is closed")->required();
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] {
    context.set_action([&context, args] { return RunClose(context, args->id, args->reason, args->request_id); });
  });
}

void AddShowAndList(CLI::App* org, CommandContext& context) {
  auto id = std::make_shared<std::string>();
  CLI::App* show = org->add_subcommand("show", "Show one organisation by id or organisation number");
  show->add_option("id", *id, "ORG-… or NNNNNN-NNNN")->required();
  show->callback([&context, id] { context.set_action([&context, id] { return RunShow(context, *id); }); });

  struct ListArgs { std::string municipality; bool all = false; };
  auto args = std::make_shared<ListArgs>();
  CLI::App* list = org->add_subcommand("list", "List organisations (active ones unless --all)");
  list->add_option("--municipality", args->municipality, "Only this kommunkod");
  list->add_flag("--all", args->all, "Include closed organisations");
  list->callback([&context, args] {
    context.set_action([&context, args] { return RunList(context, args->municipality, args->all); });
  });
}

}  // namespace

void AddOrgCommands(CLI::App& app, CommandContext& context) {
  CLI::App* org = app.add_subcommand("org", "Organisations: register, list, show, close");
  org->require_subcommand(1);
  AddCreate(org, context);
  AddClose(org, context);
  AddShowAndList(org, context);
}

}  // namespace fondbok::cli
