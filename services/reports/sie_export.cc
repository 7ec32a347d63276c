#include "services/reports/sie_export.h"

#include <map>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/books.h"
#include "ledger/date.h"
#include "ledger/journal.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"
#include "services/reports/bas_mapping.h"

namespace fondbok::reports {
namespace {

// One BAS account as the export adds it up.
struct BasTotals {
  SieAccount account;
  int64_t movement_ore = 0;  // Σ #TRANS, for the closing check
};

// What the export knows of one fondbok account that takes part.
struct Member {
  int32_t bas = 0;
  bool exported = false;  // false: off-balance, never in the general ledger
};

struct Collected {
  std::map<int32_t, BasTotals> bas;
  std::map<std::string, Member> members;  // by fondbok account code
  int64_t carried_ore = 0;                // debit-positive result of result accounts before the period
  std::set<std::string> unmapped, misfit, foreign_currencies, foreign_accounts, kind_conflicts;
};

int64_t DebitPositive(const v1::Balance& b) { return b.posted_debits() - b.posted_credits(); }

SieAccountType SieTypeOf(v1::AccountType type) {
  switch (type) {
    case v1::ASSET: return SieAccountType::kAsset;
    case v1::INCOME: return SieAccountType::kIncome;
    case v1::EXPENSE: return SieAccountType::kCost;
    default: return SieAccountType::kDebt;  // liability and equity
  }
}

bool IsBalanceType(SieAccountType type) { return type == SieAccountType::kAsset || type == SieAccountType::kDebt; }

absl::Status Add(int64_t& total, int64_t amount, absl::string_view what) {
  if (__builtin_add_overflow(total, amount, &total)) {
    return absl::OutOfRangeError(absl::StrCat("the total of ", what, " overflows"));
  }
  return absl::OkStatus();
}

// Adds one fondbok account to the BAS totals (or notes why it cannot be exported).
absl::Status CollectAccount(const ledger::KvReader& reader, const v1::AccountState& state,
                            const v1::BasMapping& mapping, const std::string& base_currency, absl::CivilDay first,
                            absl::CivilDay last, Collected& out) {
  const v1::Account& account = state.account();
  if (account.type() == v1::OFF_BALANCE) {
    out.members[account.code()] = Member{};
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(v1::Balance closing, ledger::BalanceAsOfDate(reader, state, last));
  if (closing.posted_debits() == 0 && closing.posted_credits() == 0) return absl::OkStatus();  // never used
  if (account.currency() != base_currency) {
    out.foreign_currencies.insert(account.currency());
    out.foreign_accounts.insert(account.code());
    return absl::OkStatus();
  }
  const v1::BasRule* rule = FindBasRule(mapping, account.code());
  if (rule == nullptr) {
    out.unmapped.insert(account.code());
    return absl::OkStatus();
  }
  if (!BasClassFits(account.type(), rule->bas_account())) {
    out.misfit.insert(absl::StrCat(account.code(), " → ", rule->bas_account()));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(v1::Balance opening, ledger::BalanceAsOfDate(reader, state, first - 1));
  const SieAccountType type = SieTypeOf(account.type());
  auto [it, fresh] = out.bas.try_emplace(rule->bas_account());
  BasTotals& totals = it->second;
  if (fresh) totals.account = SieAccount{rule->bas_account(), rule->bas_name(), type};
  if (totals.account.type != type) {
    out.kind_conflicts.insert(absl::StrCat(rule->bas_account(), " (", account.code(), ")"));
    return absl::OkStatus();
  }
  out.members[account.code()] = Member{rule->bas_account(), true};
  if (IsBalanceType(type)) {
    RETURN_IF_ERROR(Add(totals.account.opening_ore, DebitPositive(opening), "opening balances"));
    return Add(totals.account.closing_ore, DebitPositive(closing), "closing balances");
  }
  RETURN_IF_ERROR(Add(out.carried_ore, DebitPositive(opening), "earlier results"));
  return Add(totals.account.result_ore, DebitPositive(closing) - DebitPositive(opening), "results");
}

absl::Status RefusalOf(const Collected& c) {
  if (!c.foreign_currencies.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the SIE export holds only the fund's base currency, but accounts in ", absl::StrJoin(c.foreign_currencies, ", "),
        " have posted amounts: ", absl::StrJoin(c.foreign_accounts, ", ")));
  }
  if (!c.unmapped.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no BAS mapping rule covers ", absl::StrJoin(c.unmapped, ", "),
        ": add rules for them (fondbok export set-bas-mapping) and export again"));
  }
  if (!c.misfit.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "BAS account of the wrong class (asset → 1xxx, liability and equity → 2xxx, income and expense → "
        "3xxx–8xxx) for ", absl::StrJoin(c.misfit, ", ")));
  }
  if (!c.kind_conflicts.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "fondbok accounts of different types map to the same BAS account: ", absl::StrJoin(c.kind_conflicts, ", ")));
  }
  return absl::OkStatus();
}

absl::Status CollectAccounts(const ledger::StorageReader& reader, const v1::BasMapping& mapping,
                             const std::string& base_currency, absl::CivilDay first, absl::CivilDay last,
                             Collected& out) {
  const std::string prefix = ledger::AccountKey("");
  std::vector<v1::AccountState> states;
  RETURN_IF_ERROR(ledger::ScanProto<v1::AccountState>(reader, ledger::Space::kViews, prefix, ledger::PrefixEnd(prefix),
                                                      "account record",
                                                      [&](absl::string_view, v1::AccountState& state) {
                                                        states.push_back(std::move(state));
                                                        return true;
                                                      }));
  for (const v1::AccountState& state : states) {
    RETURN_IF_ERROR(CollectAccount(reader, state, mapping, base_currency, first, last, out));
  }
  RETURN_IF_ERROR(RefusalOf(out));
  if (out.carried_ore == 0) return absl::OkStatus();
  const v1::BasRule* retained = FindBasRule(mapping, "equity:retained");
  if (retained == nullptr || !BasClassFits(v1::EQUITY, retained->bas_account())) {
    return absl::FailedPreconditionError(
        "income and expense from before the period must be carried to retained earnings, but no BAS mapping "
        "rule of class 2 covers equity:retained");
  }
  auto [it, fresh] = out.bas.try_emplace(retained->bas_account());
  if (fresh) it->second.account = SieAccount{retained->bas_account(), retained->bas_name(), SieAccountType::kDebt};
  if (!IsBalanceType(it->second.account.type)) return absl::FailedPreconditionError("equity:retained maps to a result account");
  RETURN_IF_ERROR(Add(it->second.account.opening_ore, out.carried_ore, "opening balances"));
  return Add(it->second.account.closing_ore, out.carried_ore, "closing balances");
}

absl::CivilDay RecordedDay(int64_t recorded_at_us, const absl::TimeZone& zone) {
  return absl::ToCivilDay(absl::FromUnixMicros(recorded_at_us), zone);
}

// The voucher of one entry, or std::nullopt when it booked nothing in the general ledger.
absl::StatusOr<std::optional<SieVoucher>> VoucherOf(const v1::JournalEntry& entry, absl::CivilDay value_day,
                                                    const absl::TimeZone& zone, Collected& c) {
  SieVoucher voucher;
  int64_t sum = 0;
  for (const v1::Posting& posting : entry.postings()) {
    if (posting.phase() != v1::POSTED) continue;  // a reservation books nothing until it is posted
    auto member = c.members.find(posting.account());
    if (member == c.members.end()) {
      return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " posts to ", posting.account(),
                                              " which has no posted balance"));
    }
    if (!member->second.exported) continue;
    const int64_t amount = posting.side() == v1::DEBIT ? posting.amount_ore() : -posting.amount_ore();
    voucher.transactions.push_back(SieTransaction{member->second.bas, amount, posting.account()});
    RETURN_IF_ERROR(Add(sum, amount, "a voucher"));
    RETURN_IF_ERROR(Add(c.bas[member->second.bas].movement_ore, amount, "movements"));
  }
  if (voucher.transactions.empty()) return std::nullopt;
  if (sum != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "entry ", entry.seq(), " posts between general-ledger and off-balance accounts, so its general-ledger "
        "postings do not balance on their own (", FormatSieAmount(sum), ") and cannot be one SIE voucher"));
  }
  voucher.number = entry.seq();
  voucher.date = value_day;
  voucher.text = EntrySummary(entry);
  voucher.registered = RecordedDay(entry.recorded_at_us(), zone);
  return voucher;
}

absl::Status CollectVouchers(const ledger::StorageReader& reader, absl::CivilDay first, absl::CivilDay last,
                             const absl::TimeZone& zone, Collected& c, std::vector<SieVoucher>& out) {
  absl::Status failure = absl::OkStatus();
  const std::string first_text = ledger::FormatDate(first);
  const std::string last_text = ledger::FormatDate(last);
  RETURN_IF_ERROR(reader.ScanJournal(1, [&](uint64_t seq, absl::string_view stored) {
    auto entry = ledger::OpenEntry(seq, stored);
    if (!entry.ok()) {
      failure = entry.status();
      return false;
    }
    // "YYYY-MM-DD" orders as the dates do.
    if (entry->value_date() < first_text || entry->value_date() > last_text) return true;
    auto day = ledger::ParseDate(entry->value_date(), "value date");
    if (!day.ok()) {
      failure = absl::DataLossError(absl::StrCat("entry ", seq, " has value date ", entry->value_date()));
      return false;
    }
    auto voucher = VoucherOf(*entry, *day, zone, c);
    if (!voucher.ok()) {
      failure = voucher.status();
      return false;
    }
    if (voucher->has_value()) out.push_back(std::move(**voucher));
    if (out.size() > kSieVouchersMax) {
      failure = absl::ResourceExhaustedError(absl::StrCat("more than ", kSieVouchersMax,
                                                          " vouchers: export a shorter period"));
      return false;
    }
    return true;
  }));
  return failure;
}

// The books must add up before anything leaves the server: IB + Σ #TRANS = UB, Σ #TRANS = RES.
absl::Status CheckAddsUp(const Collected& c) {
  for (const auto& [number, totals] : c.bas) {
    const SieAccount& a = totals.account;
    const bool ok = IsBalanceType(a.type) ? a.opening_ore + totals.movement_ore == a.closing_ore
                                          : totals.movement_ore == a.result_ore;
    if (!ok) {
      return absl::DataLossError(absl::StrCat("BAS account ", number, ": the journal's movements (",
                                              FormatSieAmount(totals.movement_ore),
                                              ") do not match the balance index; run fondbok-reconcile"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> ExportPeriod(const SieExportOptions& options) {
  if (options.year < 1900 || options.year > 9999) {
    return absl::InvalidArgumentError(absl::StrCat("year ", options.year, " is not a year 1900–9999"));
  }
  absl::CivilMonth from(options.year, 1), to(options.year, 12);
  if (!options.period_from.empty()) {
    ASSIGN_OR_RETURN(from, ledger::ParsePeriod(options.period_from));
  }
  if (!options.period_to.empty()) {
    ASSIGN_OR_RETURN(to, ledger::ParsePeriod(options.period_to));
  }
  if (from.year() != options.year || to.year() != options.year || to < from) {
    return absl::InvalidArgumentError(absl::StrCat("period ", ledger::FormatPeriod(from), "..",
                                                   ledger::FormatPeriod(to), " must be months of ", options.year,
                                                   ", the first not after the last"));
  }
  return std::make_pair(absl::CivilDay(from), absl::CivilDay(to + 1) - 1);
}

absl::StatusOr<SieExport> BuildSieExport(const ledger::StorageReader& reader, const v1::BasMapping& mapping,
                                         const SieExportOptions& options) {
  ASSIGN_OR_RETURN(auto period, ExportPeriod(options));
  ASSIGN_OR_RETURN(auto stored_fund,
                   ledger::ReadProtoView<v1::FundCreated>(reader, std::string(ledger::kFundKey), "fund"));
  if (!stored_fund.has_value()) return absl::FailedPreconditionError("the data directory holds no fund");
  const v1::FundCreated& fund = *stored_fund;
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!fund.time_zone().empty()) absl::LoadTimeZone(fund.time_zone(), &zone);
  Collected collected;
  RETURN_IF_ERROR(CollectAccounts(reader, mapping, fund.base_currency(), period.first, period.second, collected));
  SieExport out;
  RETURN_IF_ERROR(CollectVouchers(reader, period.first, period.second, zone, collected, out.vouchers));
  RETURN_IF_ERROR(CheckAddsUp(collected));
  out.program_version = options.program_version;
  out.fund_name = fund.name();
  out.organisation_number = mapping.organisation_number();
  out.currency = fund.base_currency();
  out.generated = options.generated;
  out.year_start = absl::CivilDay(options.year, 1, 1);
  out.year_end = absl::CivilDay(options.year, 12, 31);
  for (auto& [number, totals] : collected.bas) out.accounts.push_back(totals.account);
  return out;
}

std::string EntrySummary(const v1::JournalEntry& entry) {
  const v1::Event& event = entry.event();
  const auto* kind = event.GetDescriptor()->FindFieldByNumber(static_cast<int>(event.kind_case()));
  if (kind == nullptr || kind->message_type() == nullptr) return absl::StrCat("entry ", entry.seq());
  const google::protobuf::Message& body = event.GetReflection()->GetMessage(event, kind);
  auto text_field = [&](const char* name) -> std::string {
    const auto* field = body.GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || field->is_repeated() ||
        field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
      return "";
    }
    return body.GetReflection()->GetString(body, field);
  };
  const std::string memo = !text_field("memo").empty() ? text_field("memo") : text_field("reason");
  if (event.has_entry_posted() && !memo.empty()) return memo;
  std::string summary = absl::StrReplaceAll(kind->name(), {{"_", " "}});
  if (event.has_entry_reversed()) summary = absl::StrCat("reversal of entry ", event.entry_reversed().reversed_seq());
  if (event.has_pending_posted()) summary = absl::StrCat("reservation ", event.pending_posted().pending_seq(), " posted");
  const std::string credit = text_field("credit_id");
  if (!credit.empty()) absl::StrAppend(&summary, " ", credit);
  if (!memo.empty()) absl::StrAppend(&summary, ": ", memo);
  return summary;
}

}  // namespace fondbok::reports
