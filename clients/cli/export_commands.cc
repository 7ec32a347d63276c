// fondbok export …: the SIE 4 export for the fund's accountant and the BAS mapping it books under
// (ReportService).
#include <fstream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "clients/cli/render.h"
#include "clients/cli/table.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

absl::Status Usage(absl::string_view message) { return UsageError(absl::InvalidArgumentError(message)); }

// "2025-03..2025-06" → from, to; "2025-03" → that month alone. The server checks the months.
absl::Status ParsePeriodRange(const std::string& text, v1::ExportSieRequest& request) {
  if (text.empty()) return absl::OkStatus();
  std::vector<std::string> parts = absl::StrSplit(text, "..");
  if (parts.size() == 1) parts.push_back(parts[0]);
  if (parts.size() != 2 || parts[0].size() != 7 || parts[1].size() != 7) {
    return Usage(absl::StrCat("--period \"", text, "\" is not YYYY-MM..YYYY-MM (or one month YYYY-MM)"));
  }
  request.set_period_from(parts[0]);
  request.set_period_to(parts[1]);
  return absl::OkStatus();
}

struct SieArgs {
  int year = 0;
  std::string period;
  std::string out;
};

absl::Status RunExportSie(CommandContext& context, const SieArgs& args) {
  v1::ExportSieRequest request;
  request.set_year(args.year);
  RETURN_IF_ERROR(ParsePeriodRange(args.period, request));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto response = client->ExportSie(request);
  if (!response.ok()) return context.Explain(response.status());
  if (!args.out.empty()) {
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    file.write(response->content().data(), static_cast<std::streamsize>(response->content().size()));
    file.close();
    if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", args.out));
  }
  const std::string summary = absl::StrCat(response->vouchers(), " vouchers, ", response->accounts(), " accounts, ",
                                           response->content().size(), " bytes");
  if (context.json()) {
    if (args.out.empty()) {
      context.out() << ProtoToJson(*response) << "\n";  // content as base64
    } else {
      context.out() << "{\"file\":" << JsonQuote(args.out) << ",\"vouchers\":" << response->vouchers()
                    << ",\"accounts\":" << response->accounts() << ",\"bytes\":" << response->content().size()
                    << "}\n";
    }
    return absl::OkStatus();
  }
  if (args.out.empty()) {
    // The file itself on stdout, byte for byte (CP437): `fondbok export sie --year 2025 > fond.se`.
    context.out().write(response->content().data(), static_cast<std::streamsize>(response->content().size()));
    context.err() << "SIE 4 export: " << summary << "\n";
  } else {
    context.out() << "SIE 4 export written to " << args.out << ": " << summary << "\n";
  }
  return absl::OkStatus();
}

std::string RenderMapping(const v1::BasMappingResponse& response) {
  const v1::BasMapping& mapping = response.mapping();
  std::string out = response.is_default() ? "BAS mapping: the built-in default\n"
                                          : absl::StrCat("BAS mapping set at entry ", mapping.set_seq(), "\n");
  absl::StrAppend(&out, "organisation number: ",
                  mapping.organisation_number().empty() ? "(none)" : mapping.organisation_number(), "\n");
  Table table({{"PREFIX"}, {"BAS", Table::Align::kRight}, {"NAME"}});
  for (const v1::BasRule& rule : mapping.rules()) {
    table.AddRow({rule.prefix(), absl::StrCat(rule.bas_account()), rule.bas_name()});
  }
  return out + table.Render();
}

absl::Status RunShowMapping(CommandContext& context) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto response = client->GetBasMapping();
  if (!response.ok()) return context.Explain(response.status());
  context.out() << (context.json() ? ProtoToJson(*response) + "\n" : RenderMapping(*response));
  return absl::OkStatus();
}

// CSV "prefix;bas;name", one rule a line; blank lines, '#' comments and a "prefix;bas;name"
// header line are skipped. A bad line is a usage error naming its number.
absl::StatusOr<v1::BasMapping> ParseMappingCsv(const std::string& text) {
  v1::BasMapping mapping;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#' || absl::StartsWithIgnoreCase(line, "prefix;")) continue;
    std::vector<std::string> fields = absl::StrSplit(line, absl::MaxSplits(';', 2));
    int32_t bas = 0;
    if (fields.size() != 3 || !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[1]), &bas)) {
      return Usage(absl::StrCat("line ", line_number, " \"", line,
                                "\" is not prefix;bas;name, e.g. asset:bank;1930;Företagskonto"));
    }
    v1::BasRule* rule = mapping.add_rules();
    rule->set_prefix(std::string(absl::StripAsciiWhitespace(fields[0])));
    rule->set_bas_account(bas);
    rule->set_bas_name(std::string(absl::StripAsciiWhitespace(fields[2])));
  }
  return mapping;
}

struct SetMappingArgs {
  std::string file;
  std::string org_number;
  std::string request_id;
};

absl::Status RunSetMapping(CommandContext& context, const SetMappingArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) return Usage(absl::StrCat("cannot read --file ", args.file));
  std::stringstream buffer;
  buffer << in.rdbuf();
  ASSIGN_OR_RETURN(v1::BasMapping mapping, ParseMappingCsv(buffer.str()));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::SetBasMappingRequest request;
  if (args.org_number.empty()) {
    // Keep the organisation number already set: the CSV holds only the rules.
    auto current = client->GetBasMapping();
    if (!current.ok()) return context.Explain(current.status());
    mapping.set_organisation_number(current->mapping().organisation_number());
  } else {
    mapping.set_organisation_number(args.org_number);
  }
  *request.mutable_mapping() = mapping;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  auto response = client->SetBasMapping(request);
  if (!response.ok()) return context.Explain(response.status());
  if (context.json()) {
    context.out() << ProtoToJson(*response) << "\n";
  } else {
    context.out() << "BAS mapping set: " << response->mapping().rules_size() << " rules\n"
                  << RenderWriteResult(response->result());
  }
  return absl::OkStatus();
}

void AddExportSie(CLI::App* group, CommandContext& context) {
  auto args = std::make_shared<SieArgs>();
  CLI::App* command = group->add_subcommand("sie", "The general ledger of a year as an SIE 4 file (CP437)");
  command->add_option("--year", args->year, "Fiscal (calendar) year, e.g. 2025")->required();
  command->add_option("--period", args->period, "Months of the year only: YYYY-MM..YYYY-MM");
  command->add_option("--out", args->out, "Write the file here (default: stdout)");
  command->callback([&context, args] { context.set_action([&context, args] { return RunExportSie(context, *args); }); });
}

void AddSetMapping(CLI::App* group, CommandContext& context) {
  auto args = std::make_shared<SetMappingArgs>();
  CLI::App* command = group->add_subcommand("set-bas-mapping", "Replace the BAS mapping (admin)");
  command->add_option("--file", args->file, "CSV of prefix;bas;name lines")->required();
  command->add_option("--org-number", args->org_number, "The fund's organisation number for #ORGNR (default: keep)");
  command->add_option("--request-id", args->request_id, "Idempotency key (default: a fresh one)");
  command->callback([&context, args] { context.set_action([&context, args] { return RunSetMapping(context, *args); }); });
}

}  // namespace

void AddExportCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("export", "Exports for the fund's accountant (SIE 4, BAS mapping)");
  group->require_subcommand(1);
  AddExportSie(group, context);
  group->add_subcommand("bas-mapping", "Show the BAS mapping in force")->callback([&context] {
    context.set_action([&context] { return RunShowMapping(context); });
  });
  AddSetMapping(group, context);
}

}  // namespace fondbok::cli
