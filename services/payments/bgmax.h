// Reader of Bankgirot's BgMax file of incoming payments (FORMATS.md "BgMax"). Pure: bytes in,
// a validated BgMaxFile out; no booking, no I/O. Thread-safe (no shared state).
//
// The file is validated WHOLE before anything is returned: record lengths, record order, every
// field's shape, each deposit's TK15 amount and record count, the TK70 counts and the uniqueness of
// every payment's bank reference. Any failure refuses the whole file with INVALID_ARGUMENT naming the
// file line, the record type, the positions and the rule, e.g.
//   line 7 (TK20 payment), positions 38-55: amount "00000000000012500X" is not 18 digits of öre
#ifndef FONDBOK_SERVICES_PAYMENTS_BGMAX_H_
#define FONDBOK_SERVICES_PAYMENTS_BGMAX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fondbok::payments {

// Bounds (TIGER_STYLE: a bound on everything). 256 MiB holds ~3 million records, far above the
// 100 000 payments a day the fund plans for.
inline constexpr size_t kBgMaxBytesMax = size_t{256} << 20;
inline constexpr int kBgMaxRecordLength = 80;

// Reference codes of TK20-23 position 56 (FORMATS.md).
enum class ReferenceCode : int {
  kNone = 0,          // 0 and 1: no reference
  kNoneBlank = 1,
  kOcr = 2,           // a correct OCR reference, checked by Bankgirot
  kUnchecked = 3,     // one or more references, possibly wrong
  kOcrExtended = 4,   // correct under extended registration
  kIncorrect = 5,     // incorrect reference
};

// Channels of TK20-21 position 57.
enum class Channel : int { kBank = 1, kSupplierPayments = 2, kPaper = 3, kAutogiro = 4 };

// A TK22 (positive) or TK23 (negative) extra reference to the payment before it. Its amount is the
// payer's split and is NOT part of the deposit sum (the TK20/TK21 amount is).
struct ExtraReference {
  std::string reference;           // positions 13-37, trimmed
  int64_t amount_ore = 0;          // positions 38-55; negative for TK23
  ReferenceCode reference_code = ReferenceCode::kNone;
  int line = 0;                    // 1-based file line
};

// A TK20 payment or TK21 deduction with the records that follow it (TK22-29).
struct Payment {
  bool deduction = false;          // TK21
  std::string sender_bankgiro;     // digits without the zero padding; empty when all zeros
  std::string reference;           // positions 13-37, trimmed (an OCR for reference code 2/4)
  ReferenceCode reference_code = ReferenceCode::kNone;
  int64_t amount_ore = 0;          // positive for TK20, negative for TK21
  Channel channel = Channel::kBank;
  std::string bgc_serial;          // 12 digits, Bankgirot's serial number of the payment
  bool image = false;              // position 70 = '1': Bankgirot holds an image of the paper slip
  std::string deduction_code;      // TK21 position 71, as written (blank for TK20)
  // The payment's unique bank reference, for idempotent import: "BGC:<payee bankgiro>:<bgc serial>".
  // Bankgirot numbers each payment with its own 12-digit serial; scoping it by the receiving bankgiro
  // keeps two of the fund's bankgiros apart (whether serials are unique across payees is
  // unconfirmed), and leaving the date out makes a payment delivered again in a later file collide
  // with its first delivery. The parser refuses a file in which two payments share one.
  std::string bank_reference;
  std::string payer_name;          // TK26 3-37
  std::string extra_name;          // TK26 38-72
  std::string address;             // TK27 3-37
  std::string postcode;            // TK27 38-46
  std::string town;                // TK28 3-37
  std::string country;             // TK28 38-72
  std::string country_code;        // TK28 73-74
  std::string org_number;          // TK29 3-14, twelve digits as written ("16" + org number)
  std::vector<std::string> texts;  // TK25 3-52, one per record, trimmed
  std::vector<ExtraReference> extra_references;
  int line = 0;                    // file line of the TK20/TK21 record
};

// One TK05 … TK15 deposit to the payee's bankgiro.
struct Deposit {
  std::string payee_bankgiro;      // TK05 3-12 without zero padding
  std::string payee_plusgiro;      // TK05 13-22 without zero padding; usually empty
  std::string currency;            // TK05 23-25; always "SEK" (others are refused)
  std::string bank_account;        // TK15 3-37, trimmed
  absl::CivilDay payment_date;     // TK15 38-45
  std::string serial;              // TK15 46-50, the deposit serial number (5 digits)
  int64_t amount_ore = 0;          // TK15 51-68 = Σ payments − Σ deductions (checked)
  std::string deposit_type;        // TK15 80, as written
  std::vector<Payment> payments;   // TK20 and TK21 in file order
  int line = 0;                    // file line of the TK05 record
  int end_line = 0;                // file line of the TK15 record
};

struct BgMaxFile {
  int version = 0;                 // TK01 23-24
  absl::CivilSecond timestamp;     // TK01 25-38
  int timestamp_us = 0;            // TK01 39-44
  bool test = false;               // TK01 45: 'T' test file, 'P' production
  std::vector<Deposit> deposits;
  int payments = 0;                // TK20 records (checked against TK70)
  int deductions = 0;              // TK21 records
  int extra_references = 0;        // TK22 + TK23 records
};

// True when `bytes` starts like a BgMax file ("01BGMAX"): for telling a BgMax file from a camt
// statement by content.
bool LooksLikeBgMax(absl::string_view bytes);

// Parses and validates a whole BgMax file. Lines end in LF or CRLF; empty lines after TK70 are
// ignored. The character set is not labelled and FORMATS.md only says "probably ISO-8859-1"
// (unconfirmed): a file that is valid UTF-8 with non-ASCII text is read as UTF-8, anything else as
// ISO-8859-1 (Windows-1252 for 0x80-0x9F); record lengths count characters, not bytes. All texts in
// the result are UTF-8. Errors: INVALID_ARGUMENT naming the line and the rule.
absl::StatusOr<BgMaxFile> ParseBgMax(absl::string_view bytes);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_BGMAX_H_
