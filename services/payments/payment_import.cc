#include "services/payments/payment_import.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/date.h"
#include "ledger/status_macros.h"
#include "services/payments/bgmax.h"
#include "services/payments/camt.h"

namespace fondbok::payments {
namespace {

absl::Status InFile(absl::string_view file_name, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(file_name, ": ", status.message()));
}

absl::Status NotOurs(absl::string_view file_name, absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", where, ": ", what));
}

std::string DigitsOnly(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

// ReceivePayment's bounds on a payment's texts (payments_module.cc, ValidateIncoming). A camt file
// bounds neither its Ustrd lines nor a name's or a reference's length, and the officer cannot
// shorten the bank's file: what exceeds them is cut here, at a UTF-8 character boundary, rather
// than one long remittance text refusing every payment of the file.
constexpr size_t kTextBytesMax = 200;
constexpr int kTextsMax = 32;

std::string Cut(const std::string& text) {
  if (text.size() <= kTextBytesMax) return text;
  size_t end = kTextBytesMax;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

void BoundTexts(v1::IncomingPayment& p) {
  p.set_reference(Cut(p.reference()));
  p.set_payer_name(Cut(p.payer_name()));
  if (p.texts_size() > kTextsMax) {
    const int more = p.texts_size() - (kTextsMax - 1);
    p.mutable_texts()->DeleteSubrange(kTextsMax - 1, more);
    p.add_texts(absl::StrCat("(", more, " more lines in the file)"));
  }
  for (std::string& text : *p.mutable_texts()) text = Cut(text);
}

absl::StatusOr<ImportPlan> PlanBgMax(absl::string_view bytes, absl::string_view file_name,
                                     const v1::PaymentSettings& settings) {
  absl::StatusOr<BgMaxFile> file = ParseBgMax(bytes);
  if (!file.ok()) return InFile(file_name, file.status());
  if (file->test) return NotOurs(file_name, "line 1", "a test file (TK01 position 45 is 'T') is never booked");
  if (settings.bankgiro().empty()) {
    return absl::FailedPreconditionError("the fund's bankgiro is not set: `fondbok payments settings --bankgiro …`");
  }
  ImportPlan plan;
  plan.kind = "bgmax";
  plan.account = settings.bankgiro();
  plan.file_created = absl::StrCat(absl::FormatCivilTime(file->timestamp));
  for (const Deposit& deposit : file->deposits) {
    if (deposit.payee_bankgiro != settings.bankgiro()) {
      return NotOurs(file_name, absl::StrCat("line ", deposit.line),
                     absl::StrCat("the deposit is to bankgiro ", deposit.payee_bankgiro, ", not the fund's ",
                                  settings.bankgiro()));
    }
    if (deposit.currency != settings.currency()) {
      return NotOurs(file_name, absl::StrCat("line ", deposit.line),
                     absl::StrCat("the deposit is in ", deposit.currency, ", not ", settings.currency()));
    }
    for (const Payment& payment : deposit.payments) {
      v1::IncomingPayment& p = plan.payments.emplace_back();
      p.set_bank_reference(payment.bank_reference);
      p.set_source("bgmax");
      p.set_amount_ore(payment.amount_ore);
      p.set_currency(deposit.currency);
      p.set_value_date(ledger::FormatDate(deposit.payment_date));
      p.set_reference(payment.reference);
      p.set_payer_name(payment.payer_name);
      p.set_payer_account(payment.sender_bankgiro);
      for (const std::string& text : payment.texts) p.add_texts(text);
      p.set_payer_org_number(payment.org_number);
      p.set_file_location(absl::StrCat("line ", payment.line));
    }
  }
  return plan;
}

// A stable key for an entry across statements: the bank's own reference when it gave one.
std::string EntryKey(const CamtEntry& entry, std::map<std::string, int>& seen) {
  if (!entry.account_servicer_ref.empty()) return entry.account_servicer_ref;
  if (!entry.entry_ref.empty()) return entry.entry_ref;
  // No reference (tolerated, unconfirmed whether banks omit both): the day, amount and the first
  // reference, numbered among identical ones so that two equal payments stay two.
  const std::string ref = entry.transactions.empty() ? "" : entry.transactions.front().reference;
  std::string key = absl::StrCat(ledger::FormatDate(entry.booking_date), ":", entry.amount_ore, ":", ref);
  return absl::StrCat(key, ":", ++seen[key]);
}

absl::Status AddCamtEntry(const CamtStatement& statement, const CamtEntry& entry, absl::string_view source,
                          absl::string_view file_name, std::map<std::string, int>& seen, ImportPlan& plan) {
  const std::string account = statement.iban.empty() ? statement.other_account_id : statement.iban;
  const std::string key = absl::StrCat("CAMT:", account, ":", EntryKey(entry, seen));
  const absl::CivilDay day = entry.has_value_date ? entry.value_date : entry.booking_date;
  auto add = [&](int64_t amount, const CamtTransaction* tx, int n) {
    v1::IncomingPayment& p = plan.payments.emplace_back();
    p.set_bank_reference(absl::StrCat(key, ":", n));
    p.set_source(std::string(source));
    p.set_amount_ore(amount);
    p.set_currency(statement.currency);
    p.set_value_date(ledger::FormatDate(day));
    p.set_file_location(tx != nullptr ? tx->path : entry.path);
    if (tx == nullptr) return;
    p.set_reference(tx->reference);
    p.set_payer_name(tx->debtor_name);
    for (const std::string& text : tx->unstructured) p.add_texts(text);
  };
  if (entry.transactions.empty()) {
    add(entry.amount_ore, nullptr, 1);
    return absl::OkStatus();
  }
  const bool single = entry.transactions.size() == 1;
  for (size_t i = 0; i < entry.transactions.size(); ++i) {
    const CamtTransaction& tx = entry.transactions[i];
    if (!tx.has_amount && !single) {
      return NotOurs(file_name, tx.path, "a payment in an entry of several has no amount of its own");
    }
    add(tx.has_amount ? tx.amount_ore : entry.amount_ore, &tx, static_cast<int>(i) + 1);
  }
  return absl::OkStatus();
}

bool IsOrderId(absl::string_view id) {
  if (id.size() != 8 || id.substr(0, 2) != "O-") return false;
  for (char c : id.substr(2)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A booked debit: the transfers of it that fondbok sent (EndToEndId = a payment order id) settle
// their orders; anything else is left to fondbok-reconcile.
void AddCamtDebit(const CamtStatement& statement, const CamtEntry& entry, std::map<std::string, int>& seen,
                  ImportPlan& plan) {
  const std::string account = statement.iban.empty() ? statement.other_account_id : statement.iban;
  const std::string key = absl::StrCat("CAMT:", account, ":", EntryKey(entry, seen));
  const absl::CivilDay day = entry.has_value_date ? entry.value_date : entry.booking_date;
  bool any = false;
  for (size_t i = 0; i < entry.transactions.size(); ++i) {
    const CamtTransaction& tx = entry.transactions[i];
    if (!IsOrderId(tx.end_to_end_id)) continue;
    const bool single = entry.transactions.size() == 1;
    if (!tx.has_amount && !single) continue;
    plan.settlements.push_back(OrderSettlement{tx.end_to_end_id, absl::StrCat(key, ":", i + 1),
                                               ledger::FormatDate(day),
                                               tx.has_amount ? tx.amount_ore : entry.amount_ore, tx.path});
    any = true;
  }
  if (!any) ++plan.debits_skipped;
}

absl::StatusOr<ImportPlan> PlanCamt(absl::string_view bytes, absl::string_view file_name,
                                    const v1::PaymentSettings& settings) {
  absl::StatusOr<CamtDocument> doc = ParseCamt(bytes);
  if (!doc.ok()) return InFile(file_name, doc.status());
  ImportPlan plan;
  plan.kind = doc->kind == CamtKind::kStatement ? "camt.053" : "camt.054";
  plan.file_created = doc->creation_time;
  std::map<std::string, int> seen;
  for (const CamtStatement& statement : doc->statements) {
    if (!IsFundAccount(settings, statement.iban.empty() ? statement.other_account_id : statement.iban)) {
      return NotOurs(file_name, statement.path,
                     absl::StrCat("the statement is for account ",
                                  statement.iban.empty() ? statement.other_account_id : statement.iban,
                                  ", not the fund's ", settings.iban().empty() ? settings.bankgiro() : settings.iban()));
    }
    if (statement.currency != settings.currency()) {
      return NotOurs(file_name, statement.path,
                     absl::StrCat("the account is in ", statement.currency, ", not ", settings.currency()));
    }
    plan.account = statement.iban.empty() ? statement.other_account_id : statement.iban;
    for (const CamtEntry& entry : statement.entries) {
      if (!entry.booked()) {
        ++plan.not_booked_skipped;
      } else if (!entry.credit && !entry.reversal) {
        AddCamtDebit(statement, entry, seen, plan);
      } else if (entry.reversal) {
        ++plan.debits_skipped;
      } else {
        RETURN_IF_ERROR(AddCamtEntry(statement, entry, plan.kind, file_name, seen, plan));
      }
    }
  }
  return plan;
}

}  // namespace

bool IsFundAccount(const v1::PaymentSettings& settings, absl::string_view account) {
  if (!account.empty() && account == settings.iban()) return true;
  const std::string digits = DigitsOnly(account);
  return !digits.empty() && (digits == settings.bankgiro() || digits == DigitsOnly(settings.iban()));
}

absl::StatusOr<ImportPlan> PlanImport(absl::string_view bytes, absl::string_view file_name,
                                      const v1::PaymentSettings& settings) {
  absl::StatusOr<ImportPlan> plan;
  if (LooksLikeBgMax(bytes)) {
    plan = PlanBgMax(bytes, file_name, settings);
  } else if (LooksLikeCamt(bytes)) {
    if (settings.iban().empty() && settings.bankgiro().empty()) {
      return absl::FailedPreconditionError("the fund's bank account is not set: `fondbok payments settings --iban …`");
    }
    plan = PlanCamt(bytes, file_name, settings);
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": neither a BgMax file (it starts with 01BGMAX) nor a camt.053 / camt.054 statement (XML)"));
  }
  if (!plan.ok()) return plan;
  std::map<std::string, std::string> where;
  for (v1::IncomingPayment& p : plan->payments) {
    BoundTexts(p);
    auto [it, fresh] = where.emplace(p.bank_reference(), p.file_location());
    if (!fresh) {
      return NotOurs(file_name, p.file_location(),
                     absl::StrCat("the same bank entry as ", it->second, " (", p.bank_reference(),
                                  "): a duplicate statement entry"));
    }
  }
  return plan;
}

}  // namespace fondbok::payments
