// Writer of ISO 20022 pain.001.001.03 customer credit transfer initiations (FORMATS.md "ISO 20022
// pain.001"): the file fondbok hands to its bank to pay out credits and refunds. Pure: a batch in,
// UTF-8 XML out; no gRPC, no RocksDB, no I/O. Thread-safe (no shared state).
//
// The batch is validated WHOLE before anything is written; the first failure refuses it with
// INVALID_ARGUMENT naming the field (and for a transfer its index and end-to-end id) and the rule, e.g.
//   transfers[2] (end_to_end_id "PO-17"): creditor_iban "SE45 5000 0000 0583 9825 7467" fails the
//   IBAN check (mod 97 is 23, must be 1)
// One file holds one GrpHdr and one PmtInf (one debtor account, one execution date) with 1 to 100 000
// CdtTrfTxInf. NbOfTxs and CtrlSum (a decimal with exactly two decimals, computed from integer öre) are
// written in both GrpHdr and PmtInf.
#ifndef FONDBOK_SERVICES_PAYMENTS_PAIN001_H_
#define FONDBOK_SERVICES_PAYMENTS_PAIN001_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::payments {

inline constexpr char kPain001Namespace[] = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
inline constexpr size_t kPain001TransfersMax = 100000;
// ActiveOrHistoricCurrencyAndAmount and CtrlSum's DecimalNumber allow 18 digits in all: with two
// decimals that is 9 999 999 999 999 999.99 (one öre less than 10^16 kronor).
inline constexpr int64_t kPain001AmountMaxOre = 999999999999999999;
inline constexpr size_t kPain001IdCharsMax = 35;      // Max35Text: MsgId, PmtInfId, EndToEndId
inline constexpr size_t kPain001NameCharsMax = 70;    // Max70Text: Nm
inline constexpr size_t kPain001TextCharsMax = 140;   // Max140Text: Ustrd

// One CdtTrfTxInf.
struct CreditTransfer {
  std::string end_to_end_id;      // PmtId/EndToEndId: 1–35 characters, unique in the file (fondbok's
                                  // payment order id); the bank Latin set without space, not starting
                                  // or ending with '/' and without "//" (the EPC rule for references)
  int64_t amount_ore = 0;         // Amt/InstdAmt: > 0, ≤ kPain001AmountMaxOre
  std::string currency = "SEK";   // InstdAmt@Ccy: three upper-case letters; SEK for a bankgiro
  std::string creditor_name;      // Cdtr/Nm: 1–70 characters after conversion to the bank Latin set
  std::string creditor_iban;      // CdtrAcct/Id/IBAN (spaces removed, mod 97 checked) …
  std::string creditor_bankgiro;  // … or CdtrAcct/Id/Othr/Id with SchmeNm/Prtry BGNR (7–8 digits,
                                  // Luhn, a hyphen allowed on input); exactly one of the two
  std::string ocr;                // optional: RmtInf/Strd/CdtrRefInf/Ref (2–25 digits, Luhn)
  std::string text;               // optional: RmtInf/Ustrd (≤ 140 characters); not both ocr and text
};

// One file: GrpHdr + one PmtInf.
struct Pain001Batch {
  std::string message_id;         // GrpHdr/MsgId: 1–35 characters, same rule as end_to_end_id
  absl::CivilSecond created;      // GrpHdr/CreDtTm, local time "YYYY-MM-DDTHH:MM:SS"
  std::string initiating_party;   // GrpHdr/InitgPty/Nm: 1–70 characters
  std::string payment_info_id;    // PmtInf/PmtInfId: 1–35 characters, same rule as end_to_end_id
  absl::CivilDay execution_date;  // PmtInf/ReqdExctnDt: not before the day of `created`
  std::string debtor_name;        // Dbtr/Nm: 1–70 characters
  std::string debtor_iban;        // DbtrAcct/Id/IBAN …
  std::string debtor_bankgiro;    // … or DbtrAcct/Id/Othr/Id with BGNR; exactly one of the two
  std::string debtor_bic;         // DbtrAgt/FinInstnId/BIC, 8 or 11 characters; optional (see .cc)
  std::vector<CreditTransfer> transfers;  // 1 to kPain001TransfersMax
};

// The pain.001.001.03 document for `batch`: UTF-8, declaration first, two-space indentation, LF line
// ends, ending in a newline; the same batch always gives the same bytes. Texts (names, Ustrd) are
// converted to the bank Latin set by ToBankLatin; ids must already be in it.
absl::StatusOr<std::string> WritePain001(const Pain001Batch& batch);

// IBAN check (ISO 13616): spaces ignored, lower case read as upper; 15–34 characters, two letters of
// a country, two check digits, letters and digits; a Swedish IBAN (SE) has 24; the number with its
// first four characters moved to the end and letters as 10–35 is 1 modulo 97.
bool ValidIban(absl::string_view iban);
// The IBAN without spaces, upper-cased, or INVALID_ARGUMENT naming the value and the rule broken.
absl::StatusOr<std::string> NormalizeIban(absl::string_view text);

// A BIC (ISO 9362): 4 letters (bank), 2 letters (country), 2 letters or digits (location), and
// optionally 3 more (branch); 8 or 11 characters, upper-cased on return.
absl::StatusOr<std::string> NormalizeBic(absl::string_view text);

// Converts UTF-8 `text` to the ISO 20022 Latin character set Swedish banks accept: a–z, A–Z,
// åäöÅÄÖ, 0–9, space and / - ? : ( ) . , ' +. Other letters become their close equivalent (é → e,
// ü → u, æ → ä, ø → ö, ß → ss), '&' becomes '+', quotes become ', dashes and '_' become '-',
// anything else a space; runs of spaces collapse to one and the ends are trimmed.
// INVALID_ARGUMENT when `text` is not valid UTF-8.
absl::StatusOr<std::string> ToBankLatin(absl::string_view text);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_PAIN001_H_
