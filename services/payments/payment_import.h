// From a bank file to the payments it books (pure: bytes and the fund's bank details in, a plan
// out). The gRPC adapter turns the plan into one request: RecordImport, then one ReceivePayment per
// payment not booked before.
#ifndef FONDBOK_SERVICES_PAYMENTS_PAYMENT_IMPORT_H_
#define FONDBOK_SERVICES_PAYMENTS_PAYMENT_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/payments.pb.h"

namespace fondbok::payments {

// A debit on a statement that carries one of fondbok's payment order ids as its EndToEndId.
struct OrderSettlement {
  std::string order_id;         // "O-000004"
  std::string bank_reference;   // "CAMT:<account>:<ref>:<n>"
  std::string value_date;
  int64_t amount_ore = 0;       // positive
  std::string location;         // the TxDtls path
};

struct ImportPlan {
  std::string kind;             // "bgmax", "camt.053", "camt.054"
  std::string account;          // the payee bankgiro (BgMax) or the statement's account (camt)
  std::string file_created;     // the file's own timestamp, as written
  std::vector<v1::IncomingPayment> payments;  // money in, in file order; bank references unique
  std::vector<OrderSettlement> settlements;  // camt: debits of payment orders sent by pain.001
  int debits_skipped = 0;       // camt: other booked debits and reversals (not payments in)
  int not_booked_skipped = 0;   // camt: PDNG / INFO entries
};

// Whether a statement's account (its IBAN, or Othr/Id such as a bankgiro number) is the fund's:
// the IBAN of `settings`, or the same digits as its bankgiro or IBAN.
bool IsFundAccount(const v1::PaymentSettings& settings, absl::string_view account);

// Reads a BgMax file or a camt.053 / camt.054 document (told apart by content), validated whole by
// its reader, and checks it belongs to the fund: BgMax deposits to `settings.bankgiro`, camt
// statements for `settings.iban` (or the bankgiro as Othr/Id), in the fund's currency, no test
// file, and no bank reference twice. Errors name `file_name` and the line or element.
absl::StatusOr<ImportPlan> PlanImport(absl::string_view bytes, absl::string_view file_name,
                                      const v1::PaymentSettings& settings);

}  // namespace fondbok::payments

#endif  // FONDBOK_SERVICES_PAYMENTS_PAYMENT_IMPORT_H_
