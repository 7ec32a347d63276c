#include "services/payments/pain001.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ledger/money.h"
#include "ledger/status_macros.h"
#include "services/parties/check_digits.h"
#include "services/payments/text_encoding.h"

namespace fondbok::payments {
namespace {

absl::Status Refuse(absl::string_view where, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", reason));
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", text, "\""); }

// Characters, not bytes: the limits of Max35Text/Max70Text/Max140Text count characters.
size_t CharCount(absl::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The ASCII part of the ISO 20022 Latin set (EPC's "SEPA requirements for an extended character
// set" and the Swedish banks' guides): a–z A–Z 0–9 / - ? : ( ) . , ' + space.
bool IsBankLatinAscii(char32_t c) {
  if (c < 0x80 && absl::ascii_isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case ' ': case '/': case '-': case '?': case ':': case '(': case ')': case '.': case ',':
    case '\'': case '+':
      return true;
    default:
      return false;
  }
}

// U+00C0–U+00FF. Swedish banks accept åäöÅÄÖ; the rest become the letter a Swede would write
// (æ/ø as ä/ö, the Nordic spelling), multiplication and division signs a space.
constexpr const char* kLatin1Letters[64] = {
    "A", "A", "A", "A", "Ä", "Å", "Ä", "C", "E", "E", "E", "E", "I", "I", "I", "I",     // C0–CF
    "D", "N", "O", "O", "O", "O", "Ö", " ", "Ö", "U", "U", "U", "U", "Y", "TH", "ss",  // D0–DF
    "a", "a", "a", "a", "ä", "å", "ä", "c", "e", "e", "e", "e", "i", "i", "i", "i",     // E0–EF
    "d", "n", "o", "o", "o", "o", "ö", " ", "ö", "u", "u", "u", "u", "y", "th", "y"};  // F0–FF

// U+0100–U+017F (Latin Extended-A: Polish, Czech, Baltic, Turkish, … names) → the base letter.
constexpr char kLatinExtendedA[] =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSs"
    "TtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(sizeof(kLatinExtendedA) == 0x80 + 1, "one letter for each of U+0100..U+017F");

// The replacement for one code point outside the ASCII part of the set.
std::string CloseEquivalent(char32_t c) {
  if (c >= 0xC0 && c <= 0xFF) return kLatin1Letters[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F) return std::string(1, kLatinExtendedA[c - 0x100]);
  switch (c) {
    case '&': return "+";
    case '"': case '`': case 0xB4: case 0xAB: case 0xBB: case 0x2018: case 0x2019: case 0x201A:
    case 0x201B: case 0x201C: case 0x201D: case 0x201E: case 0x2039: case 0x203A:
      return "'";
    case '_': case 0xAD: case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
      return "-";
    default:
      return " ";
  }
}

// One of MsgId, PmtInfId, EndToEndId: written as given, so it must already be in the set (a
// silently changed id would not match the bank's statement when it comes back).
absl::Status CheckId(absl::string_view id, absl::string_view where) {
  if (id.empty() || id.size() > kPain001IdCharsMax) {
    return Refuse(where, absl::StrCat(Quoted(id), " is ", id.size(), " characters; an id is 1 to ",
                                      kPain001IdCharsMax));
  }
  for (char c : id) {
    if (c == ' ' || !IsBankLatinAscii(static_cast<unsigned char>(c))) {
      const std::string what = static_cast<unsigned char>(c) < 0x80 && c != ' '
                                   ? absl::StrCat("'", std::string(1, c), "'")
                                   : (c == ' ' ? "a space" : "a character outside ASCII");
      return Refuse(where, absl::StrCat(Quoted(id), " holds ", what,
                                        "; an id may hold only a-z A-Z 0-9 / - ? : ( ) . , ' +"));
    }
  }
  if (id.front() == '/' || id.back() == '/' || id.find("//") != absl::string_view::npos) {
    return Refuse(where, absl::StrCat(Quoted(id), " starts or ends with '/' or holds \"//\"; banks refuse that"));
  }
  return absl::OkStatus();
}

// A name or free text converted by ToBankLatin, 1 (or 0 when optional) to `max_chars` characters.
absl::StatusOr<std::string> CheckText(absl::string_view text, size_t max_chars, bool required,
                                      absl::string_view where) {
  absl::StatusOr<std::string> latin = ToBankLatin(text);
  if (!latin.ok()) return Refuse(where, latin.status().message());
  if (required && latin->empty()) return Refuse(where, "is empty; it is required");
  if (CharCount(*latin) > max_chars) {
    return Refuse(where, absl::StrCat(Quoted(*latin), " is ", CharCount(*latin), " characters; at most ",
                                      max_chars, " are allowed"));
  }
  return latin;
}

// One account: exactly one of an IBAN and a bankgiro number.
struct Account {
  std::string iban;
  std::string bankgiro;
};

absl::StatusOr<Account> CheckAccount(absl::string_view iban, absl::string_view bankgiro,
                                     absl::string_view who, absl::string_view where) {
  if (iban.empty() == bankgiro.empty()) {
    return Refuse(absl::StrCat(where, who, "_account"), absl::StrCat("give exactly one of ", who, "_iban and ", who, "_bankgiro (",
                                      iban.empty() ? "neither" : "both", " given)"));
  }
  Account account;
  if (!iban.empty()) {
    absl::StatusOr<std::string> normal = NormalizeIban(iban);
    if (!normal.ok()) return Refuse(absl::StrCat(where, who, "_iban"), normal.status().message());
    account.iban = *std::move(normal);
  } else {
    absl::StatusOr<std::string> normal = parties::NormalizeBankgiro(bankgiro);
    if (!normal.ok()) return Refuse(absl::StrCat(where, who, "_bankgiro"), normal.status().message());
    account.bankgiro = *std::move(normal);
  }
  return account;
}

// A structured creditor reference as Swedish bankgiro payees issue them: 2–25 digits ending in a
// Luhn digit. The payee decides whether a length digit is used, so only the Luhn digit is checked.
absl::StatusOr<std::string> CheckOcr(absl::string_view text, absl::string_view where) {
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits.push_back(c);
  }
  if (digits.size() < parties::kOcrDigitsMin || digits.size() > parties::kOcrDigitsMax ||
      !parties::AllDigits(digits)) {
    return Refuse(where, absl::StrCat(Quoted(text), " must be ", parties::kOcrDigitsMin, " to ",
                                      parties::kOcrDigitsMax, " digits"));
  }
  if (!parties::LuhnValid(digits)) {
    return Refuse(where, absl::StrCat(Quoted(text), " fails the Luhn check: its last digit must be ",
                                      parties::LuhnCheckDigit(digits.substr(0, digits.size() - 1))));
  }
  return digits;
}

struct CheckedTransfer {
  std::string id;
  int64_t amount_ore = 0;
  std::string currency;
  std::string name;
  Account account;
  std::string ocr;
  std::string text;
};

absl::StatusOr<CheckedTransfer> CheckTransfer(const CreditTransfer& t, absl::string_view where) {
  CheckedTransfer out;
  RETURN_IF_ERROR(CheckId(t.end_to_end_id, absl::StrCat(where, "end_to_end_id")));
  out.id = t.end_to_end_id;
  if (t.amount_ore <= 0 || t.amount_ore > kPain001AmountMaxOre) {
    return Refuse(absl::StrCat(where, "amount_ore"),
                  absl::StrCat(t.amount_ore, " öre is outside 1 to ", kPain001AmountMaxOre,
                               " öre (a transfer pays a positive amount of at most 18 digits)"));
  }
  out.amount_ore = t.amount_ore;
  if (t.currency.size() != 3 || !absl::ascii_isupper(static_cast<unsigned char>(t.currency[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(t.currency[1])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(t.currency[2]))) {
    return Refuse(absl::StrCat(where, "currency"), absl::StrCat(Quoted(t.currency), " is not three upper-case letters"));
  }
  out.currency = t.currency;
  ASSIGN_OR_RETURN(out.name, CheckText(t.creditor_name, kPain001NameCharsMax, true,
                                       absl::StrCat(where, "creditor_name")));
  ASSIGN_OR_RETURN(out.account, CheckAccount(t.creditor_iban, t.creditor_bankgiro, "creditor", where));
  if (!out.account.bankgiro.empty() && out.currency != "SEK") {
    return Refuse(absl::StrCat(where, "currency"),
                  absl::StrCat(Quoted(out.currency), " to a bankgiro number; Bankgirot pays SEK only"));
  }
  if (!t.ocr.empty() && !t.text.empty()) {
    return Refuse(absl::StrCat(where, "ocr"), "give either ocr or text, not both (RmtInf holds one of Strd and Ustrd)");
  }
  if (!t.ocr.empty()) {
    ASSIGN_OR_RETURN(out.ocr, CheckOcr(t.ocr, absl::StrCat(where, "ocr")));
  }
  ASSIGN_OR_RETURN(out.text, CheckText(t.text, kPain001TextCharsMax, false, absl::StrCat(where, "text")));
  return out;
}

struct CheckedBatch {
  std::string initiating_party;
  std::string debtor_name;
  Account debtor;
  std::string debtor_bic;
  std::vector<CheckedTransfer> transfers;
  int64_t sum_ore = 0;
};

absl::Status CheckDates(const Pain001Batch& batch) {
  if (batch.created.year() < 1900 || batch.created.year() > 9999) {
    return Refuse("created", absl::StrCat("year ", batch.created.year(), " is outside 1900 to 9999"));
  }
  if (batch.execution_date < absl::CivilDay(batch.created)) {
    return Refuse("execution_date", absl::StrCat(absl::FormatCivilTime(batch.execution_date),
                                                 " is before the file was created (",
                                                 absl::FormatCivilTime(batch.created), ")"));
  }
  if (batch.execution_date.year() > 9999) return Refuse("execution_date", "year is after 9999");
  return absl::OkStatus();
}

absl::StatusOr<CheckedBatch> CheckHeader(const Pain001Batch& batch) {
  CheckedBatch out;
  RETURN_IF_ERROR(CheckId(batch.message_id, "message_id"));
  RETURN_IF_ERROR(CheckId(batch.payment_info_id, "payment_info_id"));
  RETURN_IF_ERROR(CheckDates(batch));
  ASSIGN_OR_RETURN(out.initiating_party, CheckText(batch.initiating_party, kPain001NameCharsMax, true,
                                                   "initiating_party"));
  ASSIGN_OR_RETURN(out.debtor_name, CheckText(batch.debtor_name, kPain001NameCharsMax, true, "debtor_name"));
  ASSIGN_OR_RETURN(out.debtor, CheckAccount(batch.debtor_iban, batch.debtor_bankgiro, "debtor", ""));
  if (!batch.debtor_bic.empty()) {
    absl::StatusOr<std::string> bic = NormalizeBic(batch.debtor_bic);
    if (!bic.ok()) return Refuse("debtor_bic", bic.status().message());
    out.debtor_bic = *std::move(bic);
  }
  if (batch.transfers.empty() || batch.transfers.size() > kPain001TransfersMax) {
    return Refuse("transfers", absl::StrCat(batch.transfers.size(), " transfers; a file holds 1 to ",
                                            kPain001TransfersMax));
  }
  return out;
}

// Everything WritePain001 checks, before a byte is written.
absl::StatusOr<CheckedBatch> CheckBatch(const Pain001Batch& batch) {
  ASSIGN_OR_RETURN(CheckedBatch out, CheckHeader(batch));
  std::set<absl::string_view> ids;
  out.transfers.reserve(batch.transfers.size());
  for (size_t i = 0; i < batch.transfers.size(); ++i) {
    const CreditTransfer& t = batch.transfers[i];
    const std::string where = absl::StrCat("transfers[", i, "] (end_to_end_id ", Quoted(t.end_to_end_id), "): ");
    ASSIGN_OR_RETURN(CheckedTransfer checked, CheckTransfer(t, where));
    if (!ids.insert(t.end_to_end_id).second) {
      return Refuse(absl::StrCat(where, "end_to_end_id"), "is used by an earlier transfer; it must be unique in the file");
    }
    absl::StatusOr<int64_t> sum = ledger::AddOre(out.sum_ore, checked.amount_ore);
    if (!sum.ok() || *sum > kPain001AmountMaxOre) {
      return Refuse(absl::StrCat(where, "amount_ore"),
                    absl::StrCat("brings the sum of the file past ", kPain001AmountMaxOre,
                                 " öre, the most CtrlSum can hold (18 digits); split the batch"));
    }
    out.sum_ore = *sum;
    out.transfers.push_back(std::move(checked));
  }
  return out;
}

// A small pretty-printer: two-space indentation, LF, text escaped.
class XmlOut {
 public:
  void Open(absl::string_view tag, absl::string_view attributes = "") {
    Indent();
    absl::StrAppend(&out_, "<", tag, attributes, ">\n");
    ++depth_;
  }
  void Close(absl::string_view tag) {
    --depth_;
    Indent();
    absl::StrAppend(&out_, "</", tag, ">\n");
  }
  void Leaf(absl::string_view tag, absl::string_view text) {
    Indent();
    absl::StrAppend(&out_, "<", tag, ">", Escaped(text), "</", tag, ">\n");
  }
  void Raw(absl::string_view line) {
    Indent();
    absl::StrAppend(&out_, line, "\n");
  }
  // ToBankLatin leaves none of & < > ", but a writer that escapes cannot be broken by a later change
  // of the character rule.
  static std::string Escaped(absl::string_view text) {
    std::string out;
    for (char c : text) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
      }
    }
    return out;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Indent() { out_.append(2 * depth_, ' '); }
  std::string out_;
  int depth_ = 0;
};

void WriteAccount(const Account& account, absl::string_view tag, XmlOut& xml) {
  xml.Open(tag);
  xml.Open("Id");
  if (!account.iban.empty()) {
    xml.Leaf("IBAN", account.iban);
  } else {
    // Swedish banks' guides for bankgiro: Othr/Id the 7–8 digits, SchmeNm/Prtry "BGNR".
    xml.Open("Othr");
    xml.Leaf("Id", account.bankgiro);
    xml.Open("SchmeNm");
    xml.Leaf("Prtry", "BGNR");
    xml.Close("SchmeNm");
    xml.Close("Othr");
  }
  xml.Close("Id");
  xml.Close(tag);
}

void WriteRemittance(const CheckedTransfer& t, XmlOut& xml) {
  if (t.ocr.empty() && t.text.empty()) return;
  xml.Open("RmtInf");
  if (!t.ocr.empty()) {
    // Tp/CdOrPrtry/Cd SCOR ("structured communication reference") is how the banks' guides tell an
    // OCR reference from other structured references.
    xml.Open("Strd");
    xml.Open("CdtrRefInf");
    xml.Open("Tp");
    xml.Open("CdOrPrtry");
    xml.Leaf("Cd", "SCOR");
    xml.Close("CdOrPrtry");
    xml.Close("Tp");
    xml.Leaf("Ref", t.ocr);
    xml.Close("CdtrRefInf");
    xml.Close("Strd");
  } else {
    xml.Leaf("Ustrd", t.text);
  }
  xml.Close("RmtInf");
}

void WriteTransfer(const CheckedTransfer& t, XmlOut& xml) {
  xml.Open("CdtTrfTxInf");
  xml.Open("PmtId");
  xml.Leaf("EndToEndId", t.id);
  xml.Close("PmtId");
  xml.Open("Amt");
  xml.Raw(absl::StrCat("<InstdAmt Ccy=\"", t.currency, "\">", ledger::FormatDecimal(t.amount_ore), "</InstdAmt>"));
  xml.Close("Amt");
  // SLEV (each side pays its own bank's charges, as the EPC rulebook demands for SEPA and Swedish
  // banks default to for IBAN payments) for IBAN transfers; a domestic bankgiro payment carries no
  // charge bearer, and some banks refuse one there.
  if (!t.account.iban.empty()) xml.Leaf("ChrgBr", "SLEV");
  xml.Open("Cdtr");
  xml.Leaf("Nm", t.name);
  xml.Close("Cdtr");
  WriteAccount(t.account, "CdtrAcct", xml);
  WriteRemittance(t, xml);
  xml.Close("CdtTrfTxInf");
}

void WriteDebtor(const CheckedBatch& batch, XmlOut& xml) {
  xml.Open("Dbtr");
  xml.Leaf("Nm", batch.debtor_name);
  xml.Close("Dbtr");
  WriteAccount(batch.debtor, "DbtrAcct", xml);
  xml.Open("DbtrAgt");
  xml.Open("FinInstnId");
  if (!batch.debtor_bic.empty()) {
    xml.Leaf("BIC", batch.debtor_bic);
  } else {
    // The schema allows an empty FinInstnId, but bank guides refuse one; Othr/Id "NOTPROVIDED" is the
    // EPC convention for "the bank knows itself". Swedish banks ask for the BIC: give it when known.
    xml.Open("Othr");
    xml.Leaf("Id", "NOTPROVIDED");
    xml.Close("Othr");
  }
  xml.Close("FinInstnId");
  xml.Close("DbtrAgt");
}

std::string Write(const Pain001Batch& input, const CheckedBatch& batch) {
  XmlOut xml;
  xml.Raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  xml.Open("Document", absl::StrCat(" xmlns=\"", kPain001Namespace, "\""));
  const std::string count = absl::StrCat(batch.transfers.size());
  const std::string sum = ledger::FormatDecimal(batch.sum_ore);
  xml.Open("CstmrCdtTrfInitn");
  xml.Open("GrpHdr");
  xml.Leaf("MsgId", input.message_id);
  xml.Leaf("CreDtTm", absl::FormatCivilTime(input.created));
  xml.Leaf("NbOfTxs", count);
  xml.Leaf("CtrlSum", sum);
  xml.Open("InitgPty");
  xml.Leaf("Nm", batch.initiating_party);
  xml.Close("InitgPty");
  xml.Close("GrpHdr");
  xml.Open("PmtInf");
  xml.Leaf("PmtInfId", input.payment_info_id);
  xml.Leaf("PmtMtd", "TRF");
  // false: the bank books every transfer on its own line of the statement, so that fondbok-reconcile
  // matches each one to its payment order by EndToEndId instead of one lump for the whole file.
  xml.Leaf("BtchBookg", "false");
  xml.Leaf("NbOfTxs", count);
  xml.Leaf("CtrlSum", sum);
  xml.Leaf("ReqdExctnDt", absl::FormatCivilTime(input.execution_date));
  WriteDebtor(batch, xml);
  for (const CheckedTransfer& t : batch.transfers) WriteTransfer(t, xml);
  xml.Close("PmtInf");
  xml.Close("CstmrCdtTrfInitn");
  xml.Close("Document");
  return xml.Take();
}

}  // namespace

absl::StatusOr<std::string> ToBankLatin(absl::string_view text) {
  if (!IsValidUtf8(text)) return absl::InvalidArgumentError("is not valid UTF-8");
  std::string out;
  out.reserve(text.size());
  for (char32_t c : DecodeText(text, TextEncoding::kUtf8)) {
    std::string piece;
    if (IsBankLatinAscii(c)) {
      piece.assign(1, static_cast<char>(c));
    } else {
      piece = CloseEquivalent(c);
    }
    for (char p : piece) {
      if (p == ' ' && (out.empty() || out.back() == ' ')) continue;  // trim the front, collapse runs
      out.push_back(p);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

absl::StatusOr<std::string> NormalizeIban(absl::string_view text) {
  std::string iban;
  for (char c : text) {
    if (c != ' ') iban.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  const std::string rule = "an IBAN is 2 letters, 2 check digits and up to 30 letters or digits";
  if (iban.size() < 15 || iban.size() > 34) {
    return absl::InvalidArgumentError(absl::StrCat(Quoted(text), " is ", iban.size(), " characters; ", rule));
  }
  bool shape = absl::ascii_isupper(static_cast<unsigned char>(iban[0])) &&
               absl::ascii_isupper(static_cast<unsigned char>(iban[1])) &&
               absl::ascii_isdigit(static_cast<unsigned char>(iban[2])) &&
               absl::ascii_isdigit(static_cast<unsigned char>(iban[3]));
  for (char c : iban) shape = shape && absl::ascii_isalnum(static_cast<unsigned char>(c));
  if (!shape) return absl::InvalidArgumentError(absl::StrCat(Quoted(text), " is not an IBAN: ", rule));
  if (iban.compare(0, 2, "SE") == 0 && iban.size() != 24) {
    return absl::InvalidArgumentError(
        absl::StrCat(Quoted(text), " is ", iban.size(), " characters; a Swedish IBAN (SE) has 24"));
  }
  // ISO 13616: move the first four to the end, letters as 10..35, the number mod 97 must be 1.
  int remainder = 0;
  const std::string rearranged = iban.substr(4) + iban.substr(0, 4);
  for (char c : rearranged) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  }
  if (remainder != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(Quoted(text), " fails the IBAN check (mod 97 is ", remainder, ", must be 1)"));
  }
  return iban;
}

bool ValidIban(absl::string_view iban) { return NormalizeIban(iban).ok(); }

absl::StatusOr<std::string> NormalizeBic(absl::string_view text) {
  const std::string bic = absl::AsciiStrToUpper(text);
  bool ok = bic.size() == 8 || bic.size() == 11;
  for (size_t i = 0; ok && i < bic.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bic[i]);
    ok = i < 6 ? absl::ascii_isupper(c) : absl::ascii_isalnum(c);
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        Quoted(text), " is not a BIC: 6 letters (bank and country), 2 letters or digits (location) and "
                      "optionally 3 more (branch); 8 or 11 characters"));
  }
  return bic;
}

absl::StatusOr<std::string> WritePain001(const Pain001Batch& batch) {
  ASSIGN_OR_RETURN(CheckedBatch checked, CheckBatch(batch));
  return Write(batch, checked);
}

}  // namespace fondbok::payments
