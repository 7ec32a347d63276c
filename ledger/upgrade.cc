#include "ledger/upgrade.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "fondbok/v1/ledger.pb.h"
#include "ledger/books.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

absl::StatusOr<UpgradeReport> UpgradeFormat(Storage& storage) {
  UpgradeReport report;
  std::unique_ptr<Snapshot> snapshot = storage.NewSnapshot();
  ASSIGN_OR_RETURN(std::optional<std::string> format, snapshot->GetMeta(kMetaFormat));
  if (!format.has_value() || *format == kFormatVersion) return report;  // empty, or current
  if (*format != kFormatVersion1) {
    return absl::FailedPreconditionError(absl::StrCat("the data directory has format ", *format,
                                                      ", which this fondbokd does not know (it writes ",
                                                      kFormatVersion, "): use the fondbokd that wrote it"));
  }
  std::unique_ptr<WriteTxn> txn = storage.NewWriteTxn(/*indexed=*/false);
  RETURN_IF_ERROR(ScanProto<v1::AccountState>(
      *snapshot, Space::kViews, kAccountKeyPrefix, PrefixEnd(kAccountKeyPrefix), "account record",
      [&](absl::string_view key, v1::AccountState& state) {
        txn->Put(Space::kViews, key, EncodeAccountDefinition(state.account(), state.account().opened_seq()));
        ++report.accounts_rewritten;
        return true;
      }));
  txn->PutMeta(kMetaFormat, kFormatVersion);
  RETURN_IF_ERROR(storage.Commit(*txn, /*sync=*/true));
  report.upgraded = true;
  return report;
}

}  // namespace fondbok::ledger
