// Parsing of the CLI's posting arguments: "CODE=AMOUNT", e.g. "asset:bank=1 250,50".
#ifndef FONDBOK_CLIENTS_CLI_POSTING_SPEC_H_
#define FONDBOK_CLIENTS_CLI_POSTING_SPEC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fondbok/v1/ledger.pb.h"

namespace fondbok::cli {

// At most this many postings in one entry from the command line.
inline constexpr size_t kPostingsPerEntryMax = 1000;

// Parses "CODE=AMOUNT" into a posting on `side`. The amount is decimal kronor as
// ledger::ParseAmount accepts it ("1250", "1250.50", "1 250,50") and must be greater than zero;
// the code is everything before the last '=' with surrounding spaces removed.
// INVALID_ARGUMENT with a message naming the argument when either part is wrong.
absl::StatusOr<v1::Posting> ParsePostingSpec(absl::string_view spec, v1::Side side);

// The postings of one entry: every --debit, then every --credit, in the order given.
// INVALID_ARGUMENT when there are no debits, no credits, or more than kPostingsPerEntryMax.
absl::StatusOr<std::vector<v1::Posting>> ParsePostingSpecs(const std::vector<std::string>& debits,
                                                           const std::vector<std::string>& credits);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_POSTING_SPEC_H_
