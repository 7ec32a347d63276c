// The CLI's JSON output: protobuf's JSON mapping (proto field names, enum value names, every
// scalar field printed, unset message fields and unset oneof members left out) with two
// deliberate differences, so that scripts can do arithmetic and compare hashes directly:
//   - 64-bit integers (amounts in öre, seqs, microsecond times) are JSON numbers, not strings;
//   - bytes (hashes) are lower-case hex, not base64.
// Messages without 64-bit integers and bytes come out exactly as MessageToJsonString prints them.
#ifndef FONDBOK_CLIENTS_CLI_JSON_H_
#define FONDBOK_CLIENTS_CLI_JSON_H_

#include <string>

#include <google/protobuf/message.h>

#include "absl/strings/string_view.h"
#include "fondbok/v1/journal.pb.h"
#include "fondbok/v1/ledger.pb.h"

namespace fondbok::cli {

// One line of compact JSON, no trailing newline.
std::string ProtoToJson(const google::protobuf::Message& message);

// {"account":"asset:bank","currency":"SEK","posted_debits":125050,…,"balance":125050,
//  "as_of_seq":7,"as_of_date":"","type":"ASSET"}: every amount an integer number of öre.
std::string BalanceToJson(const v1::Balance& balance);

// {"seq":N,"hash":"<64 hex>"} when the write produced one entry; {"entries":[{…},…]} otherwise.
std::string WriteResultToJson(const v1::WriteResult& result);

// A JSON string literal for UTF-8 text, escaped as protobuf's JSON printer does.
std::string JsonQuote(absl::string_view text);

// Lower-case hex of raw bytes ("" for none).
std::string Hex(absl::string_view bytes);

}  // namespace fondbok::cli

#endif  // FONDBOK_CLIENTS_CLI_JSON_H_
