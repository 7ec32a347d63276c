// Reader of ISO 20022 bank-to-customer messages (FORMATS.md "camt.053"): camt.053 account statements
// (BkToCstmrStmt/Stmt) and camt.054 debit/credit notifications (BkToCstmrDbtCdtNtfctn/Ntfctn), versions
// .001.02 and .001.08 (both shapes of Sts and RltdPties are read whatever the namespace says). Pure:
// bytes in, a validated CamtDocument out; no booking, no I/O. Thread-safe (no shared state). XML is
// parsed by pugixml; elements are matched by local name, so any namespace prefix is accepted.
//
// The document is validated WHOLE before anything is returned; any failure refuses it with
// INVALID_ARGUMENT naming the element path and the rule, e.g.
//   Stmt[1]/Ntry[3]/Amt: amount "12.345" has 3 decimals; at most two (öre) are allowed
// Rules: well-formed XML (errors give line:column); the required elements (GrpHdr/MsgId,
// GrpHdr/CreDtTm, Stmt/Id, Acct/Id/IBAN or Acct/Id/Othr/Id, Ntry/Amt, Ntry/CdtDbtInd, Ntry/Sts,
// Ntry/BookgDt for booked entries; for camt.053 an opening balance OPBD (or PRCD) and a closing CLBD);
// amounts are plain positive decimals with at most two decimals ("1250", "1250.5", "1250.50"), in the
// account's currency (Acct/Ccy; when absent, the currency of the first balance or entry); dates are
// real days (1900-9999); NtryRef and AcctSvcrRef are unique within a statement; when every TxDtls of
// an entry carries an amount they sum to the entry's amount; for camt.053
// opening + Σ booked CRDT − Σ booked DBIT = closing (PDNG/INFO entries are not counted).
#ifndef FONDBOK_SERVICES_PAYMENTS_CAMT_H_
#define FONDBOK_SERVICES_PAYMENTS_CAMT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::payments {

// Bounds (a bound on everything): a statement of a busy day is a few MiB.
inline constexpr size_t kCamtBytesMax = size_t{64} << 20;
inline constexpr int kCamtStatementsMax = 10000;   // Stmt / Ntfctn per document
inline constexpr int kCamtEntriesMax = 1000000;    // Ntry in the whole document
inline constexpr int kCamtTransactionsMax = 1000000;  // TxDtls in the whole document

enum class CamtKind : int { kStatement = 53, kNotification = 54 };

// One Bal element (camt.053 only). amount_ore is signed: a DBIT balance is negative.
struct CamtBalance {
  std::string type;              // Tp/CdOrPrtry/Cd: OPBD, PRCD, CLBD, …
  int64_t amount_ore = 0;
  absl::CivilDay date;           // Dt/Dt (or the day of Dt/DtTm)
  std::string path;              // e.g. "Stmt[1]/Bal[2]"
};

// One NtryDtls/TxDtls: a single payment inside an entry (a bankgiro deposit holds one per payment).
struct CamtTransaction {
  std::string end_to_end_id;     // Refs/EndToEndId ("NOTPROVIDED" kept as written)
  std::string debtor_name;       // RltdPties/Dbtr/Nm (.02) or RltdPties/Dbtr/Pty/Nm (.08)
  std::string reference;         // RmtInf/Strd/CdtrRefInf/Ref: the OCR or RF reference
  std::vector<std::string> unstructured;  // RmtInf/Ustrd, in order
  bool has_amount = false;       // TxDtls/Amt (.08) or TxDtls/AmtDtls/TxAmt/Amt present
  int64_t amount_ore = 0;        // positive, as written
  std::string path;              // e.g. "Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[2]"
};

// One Ntry.
struct CamtEntry {
  std::string entry_ref;         // NtryRef, may be empty
  int64_t amount_ore = 0;        // Amt: positive as written; the direction is `credit`
  bool credit = false;           // CdtDbtInd CRDT (true) or DBIT (false)
  std::string currency;          // Amt@Ccy (equals the account's currency)
  bool reversal = false;         // RvslInd true
  std::string status;            // BOOK, PDNG or INFO
  bool has_booking_date = false;
  absl::CivilDay booking_date;   // BookgDt/Dt (or the day of BookgDt/DtTm)
  bool has_value_date = false;
  absl::CivilDay value_date;     // ValDt/Dt (or the day of ValDt/DtTm)
  std::string account_servicer_ref;  // AcctSvcrRef, may be empty
  std::vector<CamtTransaction> transactions;
  std::string path;              // e.g. "Stmt[1]/Ntry[3]"

  bool booked() const { return status == "BOOK"; }
  int64_t signed_ore() const { return credit ? amount_ore : -amount_ore; }
};

// One Stmt (camt.053) or Ntfctn (camt.054).
struct CamtStatement {
  std::string id;                // Id
  bool has_sequence_number = false;
  int64_t electronic_sequence_number = 0;  // ElctrncSeqNb
  std::string iban;              // Acct/Id/IBAN; empty when the account is given as Othr/Id
  std::string other_account_id;  // Acct/Id/Othr/Id; empty when IBAN is given
  std::string currency;          // Acct/Ccy (or the fallback described above)
  bool has_opening = false;      // always true for camt.053
  CamtBalance opening;           // OPBD, or PRCD when no OPBD is given
  bool has_closing = false;      // always true for camt.053
  CamtBalance closing;           // CLBD
  std::vector<CamtEntry> entries;  // in document order
  std::string path;              // "Stmt[1]" or "Ntfctn[1]"
};

struct CamtDocument {
  CamtKind kind = CamtKind::kStatement;
  std::string namespace_uri;     // e.g. "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"; may be empty
  std::string message_id;        // GrpHdr/MsgId
  std::string creation_time;     // GrpHdr/CreDtTm as written (may carry fractions and an offset)
  absl::CivilSecond created;     // its first 19 characters, YYYY-MM-DDThh:mm:ss
  std::vector<CamtStatement> statements;
};

// True when `bytes` looks like an ISO 20022 camt.053 or camt.054 message (an XML document naming
// BkToCstmrStmt or BkToCstmrDbtCdtNtfctn near its start): for telling a camt file from BgMax by content.
bool LooksLikeCamt(absl::string_view bytes);

// Parses and validates a whole camt.053 or camt.054 document (see the rules above).
absl::StatusOr<CamtDocument> ParseCamt(absl::string_view bytes);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_CAMT_H_
