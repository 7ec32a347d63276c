#include "clients/cli/ledger_requests.h"

#include "absl/strings/str_cat.h"
#include "clients/cli/arguments.h"
#include "clients/cli/posting_spec.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::cli {
namespace {

// An optional date flag: empty stays empty, anything else must be a real YYYY-MM-DD.
absl::Status CheckDate(const std::string& text, absl::string_view flag) {
  if (text.empty()) return absl::OkStatus();
  auto day = ledger::ParseDate(text, flag);
  return day.ok() ? absl::OkStatus() : day.status();
}

}  // namespace

absl::StatusOr<v1::Account> BuildAccount(const AccountCreateArgs& args) {
  if (args.code.empty()) return absl::InvalidArgumentError("--code must not be empty");
  ASSIGN_OR_RETURN(v1::AccountType type, ParseAccountType(args.type));
  if (!ledger::IsValidCurrency(args.currency)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--currency \"", args.currency, "\" is not three upper-case letters such as SEK, EUR or PTS"));
  }
  v1::Account account;
  account.set_code(args.code);
  account.set_type(type);
  account.set_currency(args.currency);
  account.set_owner(args.owner);
  account.set_earmark(args.earmark);
  account.set_name(args.name);
  if (args.no_overdraft) *account.mutable_flags() = NoOverdraftFlags(type);
  return account;
}

absl::StatusOr<v1::PostEntry> BuildPostEntry(const PostArgs& args) {
  ASSIGN_OR_RETURN(std::vector<v1::Posting> postings, ParsePostingSpecs(args.debits, args.credits));
  RETURN_IF_ERROR(CheckDate(args.value_date, "--value-date"));
  if (!args.expires_in.empty() && !args.pending) {
    return absl::InvalidArgumentError("--expires-in applies only to a --pending entry");
  }
  v1::PostEntry entry;
  for (v1::Posting& posting : postings) *entry.add_postings() = std::move(posting);
  entry.set_value_date(args.value_date);
  entry.set_memo(args.memo);
  entry.set_pending(args.pending);
  if (!args.expires_in.empty()) {
    auto seconds = ledger::ParseDurationSeconds(args.expires_in);
    if (!seconds.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--expires-in: ", seconds.status().message()));
    }
    entry.set_expires_in_s(*seconds);
  }
  return entry;
}

absl::StatusOr<v1::PostPending> BuildPostPending(const PostPendingArgs& args) {
  if (args.pending_seq == 0) return absl::InvalidArgumentError("--pending-seq must be 1 or more");
  RETURN_IF_ERROR(CheckDate(args.value_date, "--value-date"));
  v1::PostPending post;
  post.set_pending_seq(args.pending_seq);
  if (!args.amount.empty()) {
    auto amount_ore = ledger::ParseAmount(args.amount);
    if (!amount_ore.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--amount: ", amount_ore.status().message()));
    }
    if (*amount_ore == 0) {
      return absl::InvalidArgumentError(
          "--amount must be greater than zero; leave it out to post everything still pending");
    }
    post.set_amount_ore(*amount_ore);
  }
  post.set_value_date(args.value_date);
  post.set_memo(args.memo);
  return post;
}

absl::StatusOr<v1::ReverseEntry> BuildReverse(const ReverseArgs& args) {
  if (args.seq == 0) return absl::InvalidArgumentError("--seq must be 1 or more");
  RETURN_IF_ERROR(CheckDate(args.value_date, "--value-date"));
  v1::ReverseEntry reverse;
  reverse.set_seq(args.seq);
  reverse.set_value_date(args.value_date);
  reverse.set_memo(args.memo);
  return reverse;
}

absl::StatusOr<v1::ClosePeriod> BuildClosePeriod(const std::string& period) {
  auto month = ledger::ParsePeriod(period);
  if (!month.ok()) return month.status();
  v1::ClosePeriod close;
  close.set_period(ledger::FormatPeriod(*month));
  return close;
}

absl::StatusOr<v1::GetBalanceRequest> BuildBalanceRequest(const BalanceArgs& args) {
  if (args.account.empty()) return absl::InvalidArgumentError("--account must not be empty");
  if (args.as_of_seq != 0 && !args.as_of_date.empty()) {
    return absl::InvalidArgumentError("give --as-of-seq or --as-of-date, not both");
  }
  v1::GetBalanceRequest request;
  request.set_account(args.account);
  if (args.as_of_seq != 0) request.set_as_of_seq(args.as_of_seq);
  if (!args.as_of_date.empty()) {
    RETURN_IF_ERROR(CheckDate(args.as_of_date, "--as-of-date"));
    request.set_as_of_date(args.as_of_date);
  }
  return request;
}

}  // namespace fondbok::cli
