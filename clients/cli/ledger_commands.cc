// fondbok ledger …: the plain double-entry ledger (LedgerService).
#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>

#include "absl/strings/str_cat.h"
#include "clients/cli/commands.h"
#include "clients/cli/json.h"
#include "clients/cli/ledger_requests.h"
#include "clients/cli/render.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

// Pages are fetched until the limit is reached; the server returns at most this many per call.
constexpr uint32_t kServerPageSizeMax = 1000;
constexpr uint32_t kLinesLimitMax = 1'000'000;
// ListAccounts pages walked at most (1000 accounts each) before giving up on a runaway listing.
constexpr int kAccountPagesMax = 10'000;

// Builds a request with a pure function; its errors are the user's, reported before any call.
template <typename T>
absl::StatusOr<T> Usage(absl::StatusOr<T> built) {
  if (!built.ok()) return UsageError(built.status());
  return built;
}

// ---- the arguments of each subcommand, as CLI11 fills them in ----

struct AccountCreateCommandArgs { AccountCreateArgs account; std::string request_id; };
struct PostCommandArgs { PostArgs entry; std::string request_id; };
struct PostPendingCommandArgs { PostPendingArgs post; std::string request_id; };
struct VoidPendingCommandArgs { uint64_t pending_seq = 0; std::string memo; std::string request_id; };
struct ReverseCommandArgs { ReverseArgs reverse; std::string request_id; };
struct ClosePeriodCommandArgs { std::string period; std::string request_id; };
struct HistoryArgs { std::string account; uint64_t after_seq = 0; uint32_t limit = 100; };
struct AccountsArgs { std::string prefix; };
struct AccountArgs { std::string code; };
struct EntriesArgs { uint64_t from_seq = 1; uint32_t limit = 100; };
struct FollowArgs { uint64_t from_seq = 0; };
struct PeriodsArgs {};

// ---- writes ----

absl::Status RunAccountCreate(CommandContext& context, const AccountCreateCommandArgs& args) {
  ASSIGN_OR_RETURN(v1::Account account, Usage(BuildAccount(args.account)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::CreateAccountRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  *request.mutable_account() = account;
  return context.PrintWrite(client->CreateAccount(request),
                            absl::StrCat("account ", account.code(), " opened"));
}

absl::Status RunPost(CommandContext& context, const PostCommandArgs& args) {
  ASSIGN_OR_RETURN(v1::PostEntry entry, Usage(BuildPostEntry(args.entry)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::PostRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id, false));
  *request.mutable_entry() = std::move(entry);
  return context.PrintWrite(client->Post(request), args.entry.pending ? "reserved (pending)" : "posted");
}

absl::Status RunPostPending(CommandContext& context, const PostPendingCommandArgs& args) {
  ASSIGN_OR_RETURN(v1::PostPending post, Usage(BuildPostPending(args.post)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::PostPendingRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id, false));
  *request.mutable_post() = std::move(post);
  return context.PrintWrite(client->PostPending(request),
                            absl::StrCat("pending entry #", args.post.pending_seq, " posted"));
}

absl::Status RunVoidPending(CommandContext& context, const VoidPendingCommandArgs& args) {
  if (args.pending_seq == 0) {
    return UsageError(absl::InvalidArgumentError("--pending-seq must be 1 or more"));
  }
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::VoidPendingRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id, false));
  request.mutable_void_pending()->set_pending_seq(args.pending_seq);
  request.mutable_void_pending()->set_memo(args.memo);
  return context.PrintWrite(client->VoidPending(request),
                            absl::StrCat("pending entry #", args.pending_seq, " voided"));
}

absl::Status RunReverse(CommandContext& context, const ReverseCommandArgs& args) {
  ASSIGN_OR_RETURN(v1::ReverseEntry reverse, Usage(BuildReverse(args.reverse)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ReverseRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id, false));
  *request.mutable_reverse() = std::move(reverse);
  return context.PrintWrite(client->Reverse(request),
                            absl::StrCat("entry #", args.reverse.seq, " reversed"));
}

absl::Status RunClosePeriod(CommandContext& context, const ClosePeriodCommandArgs& args) {
  ASSIGN_OR_RETURN(v1::ClosePeriod close, Usage(BuildClosePeriod(args.period)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ClosePeriodRequest request;
  ASSIGN_OR_RETURN(*request.mutable_request_id(), context.RequestId(args.request_id));
  *request.mutable_close() = close;
  return context.PrintWrite(client->ClosePeriod(request),
                            absl::StrCat("closed through ", close.period()));
}

// ---- reads ----

absl::Status RunBalance(CommandContext& context, const BalanceArgs& args) {
  ASSIGN_OR_RETURN(v1::GetBalanceRequest request, Usage(BuildBalanceRequest(args)));
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto balance = client->GetBalance(request);
  if (!balance.ok()) return context.Explain(balance.status());
  context.out() << (context.json() ? BalanceToJson(*balance) + "\n" : RenderBalance(*balance));
  return absl::OkStatus();
}

// Up to `limit` lines from after_seq on, fetched page by page.
absl::StatusOr<v1::GetHistoryResponse> FetchHistory(const client::Client& client, const HistoryArgs& args) {
  v1::GetHistoryResponse all;
  v1::GetHistoryRequest request;
  request.set_account(args.account);
  request.set_after_seq(args.after_seq);
  while (static_cast<uint32_t>(all.lines_size()) < args.limit) {
    request.set_page_size(std::min(kServerPageSizeMax, args.limit - static_cast<uint32_t>(all.lines_size())));
    ASSIGN_OR_RETURN(v1::GetHistoryResponse page, client.GetHistory(request));
    for (auto& line : *page.mutable_lines()) *all.add_lines() = std::move(line);
    all.set_next_after_seq(page.next_after_seq());
    if (page.next_after_seq() == 0 || page.lines().empty()) break;
    request.set_after_seq(page.next_after_seq());
  }
  return all;
}

absl::Status RunHistory(CommandContext& context, const HistoryArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto history = FetchHistory(*client, args);
  if (!history.ok()) return context.Explain(history.status());
  if (context.json()) {
    context.out() << ProtoToJson(*history) << "\n";
    return absl::OkStatus();
  }
  // History lines carry no currency; the account knows it.
  v1::GetAccountRequest account_request;
  account_request.set_code(args.account);
  auto account = client->GetAccount(account_request);
  if (!account.ok()) return context.Explain(account.status());
  context.out() << args.account << " (" << account->currency() << ")\n"
                << RenderHistory(history->lines(), account->currency());
  if (history->next_after_seq() != 0) {
    context.out() << "more: --after-seq " << history->next_after_seq() << "\n";
  }
  return absl::OkStatus();
}

absl::Status RunAccounts(CommandContext& context, const AccountsArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ListAccountsResponse all;
  v1::ListAccountsRequest request;
  request.set_prefix(args.prefix);
  request.set_page_size(kServerPageSizeMax);
  for (int pages = 0;; ++pages) {
    if (pages == kAccountPagesMax) {
      return absl::OutOfRangeError(absl::StrCat("more than ", kAccountPagesMax,
                                                " pages of accounts: narrow the listing with --prefix"));
    }
    auto page = client->ListAccounts(request);
    if (!page.ok()) return context.Explain(page.status());
    for (auto& account : *page->mutable_accounts()) *all.add_accounts() = std::move(account);
    if (page->next_page_token().empty() || page->accounts().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  context.out() << (context.json() ? ProtoToJson(all) + "\n" : RenderAccounts(all.accounts()));
  return absl::OkStatus();
}

absl::Status RunAccount(CommandContext& context, const AccountArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::GetAccountRequest request;
  request.set_code(args.code);
  auto account = client->GetAccount(request);
  if (!account.ok()) return context.Explain(account.status());
  context.out() << (context.json() ? ProtoToJson(*account) + "\n" : RenderAccount(*account));
  return absl::OkStatus();
}

absl::Status RunEntries(CommandContext& context, const EntriesArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  v1::ListEntriesResponse all;
  v1::ListEntriesRequest request;
  request.set_from_seq(args.from_seq);
  while (static_cast<uint32_t>(all.entries_size()) < args.limit) {
    request.set_limit(std::min(kServerPageSizeMax, args.limit - static_cast<uint32_t>(all.entries_size())));
    auto page = client->ListEntries(request);
    if (!page.ok()) return context.Explain(page.status());
    all.set_last_seq(page->last_seq());
    if (page->entries().empty()) break;
    const uint64_t next = page->entries(page->entries_size() - 1).seq() + 1;
    for (auto& entry : *page->mutable_entries()) *all.add_entries() = std::move(entry);
    if (next > page->last_seq()) break;
    request.set_from_seq(next);
  }
  context.out() << (context.json() ? ProtoToJson(all) + "\n" : RenderEntries(all.entries()));
  return absl::OkStatus();
}

absl::Status RunFollow(CommandContext& context, const FollowArgs& args) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  const bool json = context.json();
  absl::Status status = client->Follow(args.from_seq, [&](const v1::JournalEntry& entry) {
    // Flushed per entry: a reader on a pipe sees each entry as it is committed.
    context.out() << (json ? ProtoToJson(entry) : FormatEntryLine(entry)) << std::endl;
    return static_cast<bool>(context.out());
  });
  return context.Explain(status);
}

absl::Status RunPeriods(CommandContext& context, const PeriodsArgs&) {
  ASSIGN_OR_RETURN(const client::Client* client, context.client());
  auto periods = client->GetPeriods(v1::GetPeriodsRequest());
  if (!periods.ok()) return context.Explain(periods.status());
  if (context.json()) {
    context.out() << ProtoToJson(*periods) << "\n";
  } else if (periods->closed_through().empty()) {
    context.out() << "no period is closed\n";
  } else {
    context.out() << "closed through " << periods->closed_through() << "\n";
  }
  return absl::OkStatus();
}

// ---- registration ----

CLI::Option* AddRequestId(CLI::App* command, std::string& request_id, bool required) {
  CLI::Option* option = command->add_option(
      "--request-id", request_id,
      required ? "Idempotency key: repeat the same id to retry safely (1-128 printable ASCII)"
               : "Idempotency key (default: a fresh one, printed on stderr)");
  if (required) option->required();
  return option;
}

// Each subcommand's arguments live in a shared_ptr owned by its callbacks, so that they outlive
// this function and stay where CLI11 writes them.
template <typename Args>
void SetAction(CLI::App* command, CommandContext& context, std::shared_ptr<Args> args,
               absl::Status (*run)(CommandContext&, const Args&)) {
  command->callback([&context, args, run] {
    context.set_action([&context, args, run] { return run(context, *args); });
  });
}

void AddAccountCreateCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<AccountCreateCommandArgs>();
  CLI::App* command = ledger->add_subcommand("account-create", "Open an account");
  command->add_option("--code", args->account.code, "Account code, e.g. asset:bank")->required();
  command->add_option("--type", args->account.type, "asset|liability|equity|income|expense|off-balance")
      ->required();
  command->add_option("--currency", args->account.currency, "ISO 4217 code or unit")->capture_default_str();
  command->add_option("--owner", args->account.owner, "Owner party id");
  command->add_option("--earmark", args->account.earmark, "Earmark, e.g. a kommunkod");
  command->add_option("--name", args->account.name, "Readable name");
  command->add_flag("--no-overdraft", args->account.no_overdraft,
                    "Refuse entries that would take the balance below zero");
  AddRequestId(command, args->request_id, false);
  SetAction(command, context, args, &RunAccountCreate);
}

void AddPostCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<PostCommandArgs>();
  CLI::App* command = ledger->add_subcommand("post", "Post (or reserve) a balanced entry");
  AddRequestId(command, args->request_id, true);
  command->add_option("--debit", args->entry.debits, "CODE=AMOUNT, repeatable")
      ->type_name("CODE=AMOUNT")->required()->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--credit", args->entry.credits, "CODE=AMOUNT, repeatable")
      ->type_name("CODE=AMOUNT")->required()->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--value-date", args->entry.value_date, "YYYY-MM-DD (default: today)");
  command->add_option("--memo", args->entry.memo, "Text kept with the entry");
  CLI::Option* pending = command->add_flag("--pending", args->entry.pending, "Reserve instead of post");
  command->add_option("--expires-in", args->entry.expires_in, "Reservation expiry, e.g. 30d")
      ->needs(pending);
  SetAction(command, context, args, &RunPost);
}

void AddPostPendingCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<PostPendingCommandArgs>();
  CLI::App* command = ledger->add_subcommand("post-pending", "Post a pending entry, in full or in part");
  AddRequestId(command, args->request_id, true);
  command->add_option("--pending-seq", args->post.pending_seq, "Seq of the pending entry")->required();
  command->add_option("--amount", args->post.amount, "Amount to post (default: all still pending)");
  command->add_option("--value-date", args->post.value_date, "YYYY-MM-DD (default: today)");
  command->add_option("--memo", args->post.memo, "Text kept with the entry");
  SetAction(command, context, args, &RunPostPending);
}

void AddVoidPendingCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<VoidPendingCommandArgs>();
  CLI::App* command = ledger->add_subcommand("void-pending", "Release what a pending entry still holds");
  AddRequestId(command, args->request_id, true);
  command->add_option("--pending-seq", args->pending_seq, "Seq of the pending entry")->required();
  command->add_option("--memo", args->memo, "Text kept with the entry");
  SetAction(command, context, args, &RunVoidPending);
}

void AddReverseCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<ReverseCommandArgs>();
  CLI::App* command = ledger->add_subcommand("reverse", "Reverse an entry with a mirror entry");
  AddRequestId(command, args->request_id, true);
  command->add_option("--seq", args->reverse.seq, "Seq of the entry to reverse")->required();
  command->add_option("--value-date", args->reverse.value_date, "YYYY-MM-DD (default: today)");
  command->add_option("--memo", args->reverse.memo, "Why");
  SetAction(command, context, args, &RunReverse);
}

void AddClosePeriodCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<ClosePeriodCommandArgs>();
  CLI::App* command = ledger->add_subcommand("close-period", "Close a month and every month before it");
  command->add_option("period", args->period, "YYYY-MM")->required();
  AddRequestId(command, args->request_id, false);
  SetAction(command, context, args, &RunClosePeriod);
}

void AddBalanceCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<BalanceArgs>();
  CLI::App* command = ledger->add_subcommand("balance", "An account's balance, now or as of a seq or date");
  command->add_option("--account", args->account, "Account code")->required();
  CLI::Option* seq = command->add_option("--as-of-seq", args->as_of_seq, "Balance after this entry");
  command->add_option("--as-of-date", args->as_of_date, "YYYY-MM-DD: entries valued on or before")
      ->excludes(seq);
  SetAction(command, context, args, &RunBalance);
}

void AddHistoryCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<HistoryArgs>();
  CLI::App* command = ledger->add_subcommand("history", "An account's lines, oldest first");
  command->add_option("--account", args->account, "Account code")->required();
  command->add_option("--after-seq", args->after_seq, "Lines after this seq (paging)");
  command->add_option("--limit", args->limit, "Lines at most")
      ->check(CLI::Range(uint32_t{1}, kLinesLimitMax))->capture_default_str();
  SetAction(command, context, args, &RunHistory);
}

void AddAccountsCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<AccountsArgs>();
  CLI::App* command = ledger->add_subcommand("accounts", "List accounts");
  command->add_option("--prefix", args->prefix, "Only codes starting with this, e.g. asset:loans:");
  SetAction(command, context, args, &RunAccounts);
}

void AddAccountCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<AccountArgs>();
  CLI::App* command = ledger->add_subcommand("account", "Show one account");
  command->add_option("code", args->code, "Account code")->required();
  SetAction(command, context, args, &RunAccount);
}

void AddEntriesCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<EntriesArgs>();
  CLI::App* command = ledger->add_subcommand("entries", "Journal entries by seq");
  command->add_option("--from-seq", args->from_seq, "First seq")->capture_default_str();
  command->add_option("--limit", args->limit, "Entries at most")
      ->check(CLI::Range(uint32_t{1}, kLinesLimitMax))->capture_default_str();
  SetAction(command, context, args, &RunEntries);
}

void AddFollowCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<FollowArgs>();
  CLI::App* command =
      ledger->add_subcommand("follow", "Print entries as they are committed (until interrupted)");
  command->add_option("--from-seq", args->from_seq, "Start here (default: the next entry written)");
  SetAction(command, context, args, &RunFollow);
}

void AddPeriodsCommand(CLI::App* ledger, CommandContext& context) {
  auto args = std::make_shared<PeriodsArgs>();
  CLI::App* command = ledger->add_subcommand("periods", "Which months are closed");
  SetAction(command, context, args, &RunPeriods);
}

}  // namespace

void AddLedgerCommands(CLI::App& app, CommandContext& context) {
  CLI::App* ledger = app.add_subcommand("ledger", "Accounts, entries and balances");
  ledger->require_subcommand(1);
  AddAccountCreateCommand(ledger, context);
  AddPostCommand(ledger, context);
  AddPostPendingCommand(ledger, context);
  AddVoidPendingCommand(ledger, context);
  AddReverseCommand(ledger, context);
  AddClosePeriodCommand(ledger, context);
  AddBalanceCommand(ledger, context);
  AddHistoryCommand(ledger, context);
  AddAccountsCommand(ledger, context);
  AddAccountCommand(ledger, context);
  AddEntriesCommand(ledger, context);
  AddFollowCommand(ledger, context);
  AddPeriodsCommand(ledger, context);
}

}  // namespace fondbok::cli
