#include "services/payments/camt.h"

#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/date.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"

namespace fondbok::payments {
namespace {

absl::Status Refuse(absl::string_view path, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", reason));
}

absl::string_view LocalName(const char* name) {
  absl::string_view full(name);
  size_t colon = full.rfind(':');
  return colon == absl::string_view::npos ? full : full.substr(colon + 1);
}

// The first element child of `node` whose local name is `local` (any prefix); null when none.
pugi::xml_node Child(pugi::xml_node node, absl::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return pugi::xml_node();
}

std::vector<pugi::xml_node> Children(pugi::xml_node node, absl::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) out.push_back(c);
  }
  return out;
}

// Follows a chain of local names ("Tp", "CdOrPrtry", "Cd"); null when any link is missing.
pugi::xml_node Descend(pugi::xml_node node, std::initializer_list<absl::string_view> names) {
  for (absl::string_view name : names) {
    if (!node) break;
    node = Child(node, name);
  }
  return node;
}

std::string Text(pugi::xml_node node) {
  return std::string(absl::StripAsciiWhitespace(node.text().get()));
}

std::string Indexed(absl::string_view parent, absl::string_view name, size_t index) {
  return absl::StrCat(parent, parent.empty() ? "" : "/", name, "[", index + 1, "]");
}

std::string Sub(absl::string_view parent, absl::string_view name) { return absl::StrCat(parent, "/", name); }

// The trimmed text of the required child `name`; refused when missing or empty.
absl::StatusOr<std::string> RequiredText(pugi::xml_node node, absl::string_view name, absl::string_view path) {
  pugi::xml_node c = Child(node, name);
  if (!c) return Refuse(path, absl::StrCat("required element ", name, " is missing"));
  std::string text = Text(c);
  if (text.empty()) return Refuse(Sub(path, name), "is empty");
  return text;
}

// A camt amount: a plain positive decimal with '.' and at most two decimals.
absl::StatusOr<int64_t> ParseCamtAmount(absl::string_view text, absl::string_view path) {
  if (absl::StartsWith(text, "-")) {
    return Refuse(path, absl::StrCat("amount \"", text,
                                     "\" is negative; camt amounts are always positive and the direction "
                                     "is given by CdtDbtInd"));
  }
  size_t dot = text.find('.');
  absl::string_view whole = text.substr(0, dot);
  absl::string_view decimals = dot == absl::string_view::npos ? "" : text.substr(dot + 1);
  auto all_digits = [](absl::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(decimals) ||
      (dot != absl::string_view::npos && decimals.empty())) {
    return Refuse(path, absl::StrCat("amount \"", text, "\" is not a decimal number such as 1250.50"));
  }
  if (decimals.size() > 2) {
    return Refuse(path, absl::StrCat("amount \"", text, "\" has ", decimals.size(),
                                     " decimals; at most two (öre) are allowed"));
  }
  absl::StatusOr<int64_t> ore = ledger::ParseAmount(text);
  if (!ore.ok()) return Refuse(path, absl::StrCat("amount \"", text, "\" is out of range"));
  return *ore;
}

// Reads an `Amt Ccy="…"` element; when `currency` is non-empty the Ccy must equal it.
absl::StatusOr<int64_t> ReadAmount(pugi::xml_node amt, absl::string_view path, absl::string_view currency) {
  std::string ccy = std::string(absl::StripAsciiWhitespace(amt.attribute("Ccy").value()));
  if (ccy.empty()) return Refuse(path, "the currency attribute Ccy is missing");
  if (!currency.empty() && ccy != currency) {
    return Refuse(path, absl::StrCat("currency ", ccy, " differs from the account's currency ", currency,
                                     "; a statement is read in its account's currency only"));
  }
  return ParseCamtAmount(Text(amt), path);
}

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text, absl::string_view path) {
  absl::StatusOr<absl::CivilDay> day = ledger::ParseDate(text.substr(0, 10), path);
  if (!day.ok() || (text.size() > 10 && text[10] != 'T')) {
    return Refuse(path, absl::StrCat("date \"", text, "\" is not a real day YYYY-MM-DD between 1900 and 9999"));
  }
  return *day;
}

// A date group such as BookgDt, ValDt or Bal/Dt: its Dt child, or the day of its DtTm child.
absl::StatusOr<absl::CivilDay> ReadDateGroup(pugi::xml_node group, absl::string_view path) {
  if (pugi::xml_node dt = Child(group, "Dt")) return ParseDay(Text(dt), Sub(path, "Dt"));
  if (pugi::xml_node dt = Child(group, "DtTm")) return ParseDay(Text(dt), Sub(path, "DtTm"));
  return Refuse(path, "neither Dt nor DtTm is given");
}

absl::StatusOr<bool> ReadCredit(pugi::xml_node node, absl::string_view path) {
  absl::StatusOr<std::string> ind = RequiredText(node, "CdtDbtInd", path);
  if (!ind.ok()) return ind.status();
  if (*ind == "CRDT") return true;
  if (*ind == "DBIT") return false;
  return Refuse(Sub(path, "CdtDbtInd"), absl::StrCat("\"", *ind, "\" is neither CRDT (credit) nor DBIT (debit)"));
}

absl::StatusOr<absl::CivilSecond> ParseCreationTime(absl::string_view text, absl::string_view path) {
  ASSIGN_OR_RETURN(absl::CivilDay day, ParseDay(text, path));
  int parts[3] = {0, 0, 0};
  const int limits[3] = {23, 59, 60};
  bool ok = text.size() >= 19 && text[13] == ':' && text[16] == ':';
  for (int i = 0; ok && i < 3; ++i) {
    absl::string_view two = text.substr(11 + 3 * i, 2);
    ok = absl::ascii_isdigit(two[0]) && absl::ascii_isdigit(two[1]) && absl::SimpleAtoi(two, &parts[i]) &&
         parts[i] <= limits[i];
  }
  if (!ok) return Refuse(path, absl::StrCat("\"", text, "\" is not a time YYYY-MM-DDThh:mm:ss"));
  return absl::CivilSecond(day.year(), day.month(), day.day(), parts[0], parts[1], parts[2]);
}

struct Counts {
  int entries = 0;
  int transactions = 0;
};

// The currency of the statement: Acct/Ccy, else the first balance's or entry's Amt@Ccy.
absl::StatusOr<std::string> StatementCurrency(pugi::xml_node stmt, absl::string_view path) {
  std::string ccy = Text(Descend(stmt, {"Acct", "Ccy"}));
  if (ccy.empty()) ccy = Descend(stmt, {"Bal", "Amt"}).attribute("Ccy").value();
  if (ccy.empty()) ccy = Descend(stmt, {"Ntry", "Amt"}).attribute("Ccy").value();
  ccy = std::string(absl::StripAsciiWhitespace(ccy));
  if (ccy.empty()) return Refuse(Sub(path, "Acct"), "the account's currency (Ccy) is missing");
  if (ccy.size() != 3 || !std::all_of(ccy.begin(), ccy.end(), [](char c) { return absl::ascii_isupper(c); })) {
    return Refuse(Sub(path, "Acct/Ccy"), absl::StrCat("\"", ccy, "\" is not a three-letter currency code"));
  }
  return ccy;
}

absl::Status ReadAccount(pugi::xml_node stmt, absl::string_view path, CamtStatement& st) {
  pugi::xml_node id = Descend(stmt, {"Acct", "Id"});
  if (!id) return Refuse(path, "required element Acct/Id (the account) is missing");
  st.iban = Text(Child(id, "IBAN"));
  st.other_account_id = Text(Descend(id, {"Othr", "Id"}));
  if (st.iban.empty() && st.other_account_id.empty()) {
    return Refuse(Sub(path, "Acct/Id"), "neither IBAN nor Othr/Id names the account");
  }
  ASSIGN_OR_RETURN(st.currency, StatementCurrency(stmt, path));
  return absl::OkStatus();
}

absl::StatusOr<CamtBalance> ReadBalance(pugi::xml_node bal, std::string path, absl::string_view currency) {
  CamtBalance b;
  b.path = path;
  b.type = Text(Descend(bal, {"Tp", "CdOrPrtry", "Cd"}));
  pugi::xml_node amt = Child(bal, "Amt");
  if (!amt) return Refuse(path, "required element Amt is missing");
  ASSIGN_OR_RETURN(b.amount_ore, ReadAmount(amt, Sub(path, "Amt"), currency));
  ASSIGN_OR_RETURN(bool credit, ReadCredit(bal, path));
  if (!credit) b.amount_ore = -b.amount_ore;
  pugi::xml_node dt = Child(bal, "Dt");
  if (!dt) return Refuse(path, "required element Dt (the balance's date) is missing");
  ASSIGN_OR_RETURN(b.date, ReadDateGroup(dt, Sub(path, "Dt")));
  return b;
}

// Opening (OPBD, else PRCD) and closing (CLBD) balances; both required for a camt.053 statement.
absl::Status ReadBalances(pugi::xml_node stmt, bool required, CamtStatement& st) {
  std::map<std::string, CamtBalance> by_type;
  std::vector<pugi::xml_node> bals = Children(stmt, "Bal");
  for (size_t i = 0; i < bals.size(); ++i) {
    ASSIGN_OR_RETURN(CamtBalance b, ReadBalance(bals[i], Indexed(st.path, "Bal", i), st.currency));
    if (b.type.empty()) continue;  // a proprietary balance type: not used
    auto [it, inserted] = by_type.emplace(b.type, b);
    if (!inserted) return Refuse(b.path, absl::StrCat("a second ", b.type, " balance (the first is ", it->second.path, ")"));
  }
  for (const char* type : {"OPBD", "PRCD"}) {
    auto it = by_type.find(type);
    if (it != by_type.end() && !st.has_opening) st.has_opening = true, st.opening = it->second;
  }
  if (auto it = by_type.find("CLBD"); it != by_type.end()) st.has_closing = true, st.closing = it->second;
  if (required && !st.has_opening) {
    return Refuse(st.path, "the opening balance (Bal with Tp/CdOrPrtry/Cd OPBD or PRCD) is missing");
  }
  if (required && !st.has_closing) return Refuse(st.path, "the closing balance (Bal with Tp/CdOrPrtry/Cd CLBD) is missing");
  return absl::OkStatus();
}

absl::StatusOr<CamtTransaction> ReadTransaction(pugi::xml_node tx, std::string path, absl::string_view currency) {
  CamtTransaction t;
  t.path = std::move(path);
  t.end_to_end_id = Text(Descend(tx, {"Refs", "EndToEndId"}));
  pugi::xml_node dbtr = Descend(tx, {"RltdPties", "Dbtr"});
  t.debtor_name = Text(Child(dbtr, "Nm"));
  if (t.debtor_name.empty()) t.debtor_name = Text(Descend(dbtr, {"Pty", "Nm"}));
  pugi::xml_node rmt = Child(tx, "RmtInf");
  t.reference = Text(Descend(rmt, {"Strd", "CdtrRefInf", "Ref"}));
  for (pugi::xml_node u : Children(rmt, "Ustrd")) t.unstructured.push_back(Text(u));
  std::string amt_path = Sub(t.path, "Amt");
  pugi::xml_node amt = Child(tx, "Amt");
  if (!amt) {
    amt = Descend(tx, {"AmtDtls", "TxAmt", "Amt"});
    amt_path = Sub(t.path, "AmtDtls/TxAmt/Amt");
  }
  if (amt) {
    t.has_amount = true;
    ASSIGN_OR_RETURN(t.amount_ore, ReadAmount(amt, amt_path, currency));
  }
  return t;
}

absl::Status ReadEntryStatus(pugi::xml_node ntry, CamtEntry& e) {
  pugi::xml_node sts = Child(ntry, "Sts");
  if (!sts) return Refuse(e.path, "required element Sts (the entry's status) is missing");
  pugi::xml_node cd = Child(sts, "Cd");  // .08: <Sts><Cd>BOOK</Cd></Sts>; .02: <Sts>BOOK</Sts>
  e.status = Text(cd ? cd : sts);
  if (e.status != "BOOK" && e.status != "PDNG" && e.status != "INFO" && e.status != "FUTR") {
    return Refuse(Sub(e.path, "Sts"), absl::StrCat("status \"", e.status,
                                                  "\" is not BOOK (booked), PDNG (pending), INFO or FUTR"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CamtEntry> ReadEntry(pugi::xml_node ntry, std::string path, absl::string_view currency, Counts& counts) {
  CamtEntry e;
  e.path = std::move(path);
  e.entry_ref = Text(Child(ntry, "NtryRef"));
  e.account_servicer_ref = Text(Child(ntry, "AcctSvcrRef"));
  pugi::xml_node amt = Child(ntry, "Amt");
  if (!amt) return Refuse(e.path, "required element Amt (the entry's amount) is missing");
  e.currency = std::string(currency);
  ASSIGN_OR_RETURN(e.amount_ore, ReadAmount(amt, Sub(e.path, "Amt"), currency));
  ASSIGN_OR_RETURN(e.credit, ReadCredit(ntry, e.path));
  std::string rvsl = Text(Child(ntry, "RvslInd"));
  if (!rvsl.empty() && rvsl != "true" && rvsl != "false" && rvsl != "1" && rvsl != "0") {
    return Refuse(Sub(e.path, "RvslInd"), absl::StrCat("\"", rvsl, "\" is neither true nor false"));
  }
  e.reversal = rvsl == "true" || rvsl == "1";
  RETURN_IF_ERROR(ReadEntryStatus(ntry, e));
  if (pugi::xml_node d = Child(ntry, "BookgDt")) {
    e.has_booking_date = true;
    ASSIGN_OR_RETURN(e.booking_date, ReadDateGroup(d, Sub(e.path, "BookgDt")));
  } else if (e.booked()) {
    return Refuse(e.path, "required element BookgDt (the booking date) is missing for a booked entry");
  }
  if (pugi::xml_node d = Child(ntry, "ValDt")) {
    e.has_value_date = true;
    ASSIGN_OR_RETURN(e.value_date, ReadDateGroup(d, Sub(e.path, "ValDt")));
  }
  std::vector<pugi::xml_node> details = Children(ntry, "NtryDtls");
  for (size_t d = 0; d < details.size(); ++d) {
    std::vector<pugi::xml_node> txs = Children(details[d], "TxDtls");
    for (size_t i = 0; i < txs.size(); ++i) {
      if (++counts.transactions > kCamtTransactionsMax) {
        return Refuse(e.path, absl::StrCat("more than ", kCamtTransactionsMax, " TxDtls in one document"));
      }
      std::string tx_path = Indexed(Indexed(e.path, "NtryDtls", d), "TxDtls", i);
      ASSIGN_OR_RETURN(CamtTransaction t, ReadTransaction(txs[i], std::move(tx_path), currency));
      e.transactions.push_back(std::move(t));
    }
  }
  return e;
}

// When every TxDtls carries an amount, they must add up to the entry's amount.
absl::Status CheckTransactionSum(const CamtEntry& e) {
  if (e.transactions.empty()) return absl::OkStatus();
  int64_t sum = 0;
  for (const CamtTransaction& t : e.transactions) {
    if (!t.has_amount) return absl::OkStatus();
    ASSIGN_OR_RETURN(sum, ledger::AddOre(sum, t.amount_ore));
  }
  if (sum == e.amount_ore) return absl::OkStatus();
  return Refuse(e.path, absl::StrCat("the ", e.transactions.size(), " payments (TxDtls) add up to ",
                                     ledger::FormatAmount(sum, e.currency), " but the entry's amount is ",
                                     ledger::FormatAmount(e.amount_ore, e.currency)));
}

// NtryRef and AcctSvcrRef must each be unique within a statement (an entry listed twice is refused).
absl::Status CheckUniqueRefs(const CamtStatement& st) {
  std::map<std::string, const CamtEntry*> ntry_refs, svcr_refs;
  for (const CamtEntry& e : st.entries) {
    if (!e.entry_ref.empty() && !ntry_refs.emplace(e.entry_ref, &e).second) {
      return Refuse(Sub(e.path, "NtryRef"), absl::StrCat("entry reference \"", e.entry_ref, "\" appears twice (also ",
                                                         ntry_refs[e.entry_ref]->path, "); each entry is listed once"));
    }
    if (!e.account_servicer_ref.empty() && !svcr_refs.emplace(e.account_servicer_ref, &e).second) {
      return Refuse(Sub(e.path, "AcctSvcrRef"),
                    absl::StrCat("bank reference \"", e.account_servicer_ref, "\" appears twice (also ",
                                 svcr_refs[e.account_servicer_ref]->path, "); each entry is listed once"));
    }
  }
  return absl::OkStatus();
}

// camt.053: opening + Σ booked CRDT − Σ booked DBIT = closing. Pending and info entries do not count.
absl::Status CheckBalance(const CamtStatement& st) {
  int64_t credits = 0, debits = 0;
  for (const CamtEntry& e : st.entries) {
    if (!e.booked()) continue;
    if (e.credit) {
      ASSIGN_OR_RETURN(credits, ledger::AddOre(credits, e.amount_ore));
    } else {
      ASSIGN_OR_RETURN(debits, ledger::AddOre(debits, e.amount_ore));
    }
  }
  ASSIGN_OR_RETURN(int64_t with_credits, ledger::AddOre(st.opening.amount_ore, credits));
  ASSIGN_OR_RETURN(int64_t computed, ledger::SubtractOre(with_credits, debits));
  if (computed == st.closing.amount_ore) return absl::OkStatus();
  auto fmt = [&](int64_t ore) { return ledger::FormatAmount(ore, st.currency); };
  return Refuse(st.path, absl::StrCat("the balances do not add up: opening balance ", st.opening.type, " ",
                                      fmt(st.opening.amount_ore), " + booked credits ", fmt(credits),
                                      " − booked debits ", fmt(debits), " = ", fmt(computed),
                                      ", but the closing balance CLBD is ", fmt(st.closing.amount_ore),
                                      " (difference ", fmt(st.closing.amount_ore - computed), ")"));
}

absl::StatusOr<CamtStatement> ReadStatement(pugi::xml_node stmt, std::string path, CamtKind kind, Counts& counts) {
  CamtStatement st;
  st.path = std::move(path);
  ASSIGN_OR_RETURN(st.id, RequiredText(stmt, "Id", st.path));
  if (pugi::xml_node seq = Child(stmt, "ElctrncSeqNb")) {
    std::string text = Text(seq);
    if (text.empty() || text.size() > 18 || !absl::SimpleAtoi(text, &st.electronic_sequence_number) ||
        !std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); })) {
      return Refuse(Sub(st.path, "ElctrncSeqNb"), absl::StrCat("\"", text, "\" is not a sequence number"));
    }
    st.has_sequence_number = true;
  }
  RETURN_IF_ERROR(ReadAccount(stmt, st.path, st));
  RETURN_IF_ERROR(ReadBalances(stmt, kind == CamtKind::kStatement, st));
  std::vector<pugi::xml_node> entries = Children(stmt, "Ntry");
  for (size_t i = 0; i < entries.size(); ++i) {
    if (++counts.entries > kCamtEntriesMax) {
      return Refuse(st.path, absl::StrCat("more than ", kCamtEntriesMax, " entries (Ntry) in one document"));
    }
    ASSIGN_OR_RETURN(CamtEntry e, ReadEntry(entries[i], Indexed(st.path, "Ntry", i), st.currency, counts));
    RETURN_IF_ERROR(CheckTransactionSum(e));
    st.entries.push_back(std::move(e));
  }
  RETURN_IF_ERROR(CheckUniqueRefs(st));
  if (kind == CamtKind::kStatement) RETURN_IF_ERROR(CheckBalance(st));
  return st;
}

// pugixml's error at a byte offset, as "line L, column C" (columns count bytes from 1).
absl::Status XmlError(absl::string_view bytes, const pugi::xml_parse_result& result) {
  size_t offset = std::min(bytes.size(), static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0)));
  absl::string_view before = bytes.substr(0, offset);
  int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  size_t last_newline = before.rfind('\n');
  size_t column = last_newline == absl::string_view::npos ? offset + 1 : offset - last_newline;
  return absl::InvalidArgumentError(
      absl::StrCat("line ", line, ", column ", column, ": the file is not well-formed XML: ", result.description()));
}

std::string NamespaceOf(pugi::xml_node root) {
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    if (absl::StartsWith(a.name(), "xmlns") && absl::StrContains(a.value(), "camt.05")) return a.value();
  }
  return "";
}

}  // namespace

bool LooksLikeCamt(absl::string_view bytes) {
  absl::string_view head = bytes.substr(0, 64 * 1024);
  if (absl::StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  head = absl::StripLeadingAsciiWhitespace(head);
  return absl::StartsWith(head, "<") &&
         (absl::StrContains(head, "BkToCstmrStmt") || absl::StrContains(head, "BkToCstmrDbtCdtNtfctn"));
}

absl::StatusOr<CamtDocument> ParseCamt(absl::string_view bytes) {
  if (bytes.size() > kCamtBytesMax) {
    return absl::InvalidArgumentError(absl::StrCat("the file is ", bytes.size(), " bytes; camt files above ",
                                                   kCamtBytesMax, " bytes (64 MiB) are refused"));
  }
  pugi::xml_document xml;
  pugi::xml_parse_result parsed = xml.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) return XmlError(bytes, parsed);
  pugi::xml_node root = xml.document_element();
  if (!root || LocalName(root.name()) != "Document") {
    return Refuse("Document", "the root element is not Document; this is not an ISO 20022 camt message");
  }
  CamtDocument doc;
  doc.namespace_uri = NamespaceOf(root);
  pugi::xml_node msg = Child(root, "BkToCstmrStmt");
  absl::string_view item = "Stmt";
  if (!msg) msg = Child(root, "BkToCstmrDbtCdtNtfctn"), item = "Ntfctn", doc.kind = CamtKind::kNotification;
  if (!msg) {
    return Refuse("Document", "holds neither BkToCstmrStmt (camt.053) nor BkToCstmrDbtCdtNtfctn (camt.054)");
  }
  pugi::xml_node hdr = Child(msg, "GrpHdr");
  if (!hdr) return Refuse(LocalName(msg.name()), "required element GrpHdr is missing");
  ASSIGN_OR_RETURN(doc.message_id, RequiredText(hdr, "MsgId", "GrpHdr"));
  ASSIGN_OR_RETURN(doc.creation_time, RequiredText(hdr, "CreDtTm", "GrpHdr"));
  ASSIGN_OR_RETURN(doc.created, ParseCreationTime(doc.creation_time, "GrpHdr/CreDtTm"));
  std::vector<pugi::xml_node> stmts = Children(msg, item);
  if (stmts.empty()) return Refuse(LocalName(msg.name()), absl::StrCat("holds no ", item));
  if (stmts.size() > static_cast<size_t>(kCamtStatementsMax)) {
    return Refuse(LocalName(msg.name()), absl::StrCat("holds more than ", kCamtStatementsMax, " ", item));
  }
  Counts counts;
  for (size_t i = 0; i < stmts.size(); ++i) {
    ASSIGN_OR_RETURN(CamtStatement st, ReadStatement(stmts[i], Indexed("", item, i), doc.kind, counts));
    doc.statements.push_back(std::move(st));
  }
  return doc;
}

}  // namespace fondbok::payments
