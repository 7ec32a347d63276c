#include "ledger/journal.h"

#include <map>

#include "absl/numeric/int128.h"

#include "absl/strings/str_cat.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/status_macros.h"

namespace fondbok::ledger {

SealedEntry SealEntry(const v1::JournalEntry& entry) {
  FONDBOK_CHECK(entry.hash().empty());
  FONDBOK_CHECK(entry.prev_hash().size() == kHashBytes);
  v1::StoredEntry stored;
  stored.set_body(entry.SerializeAsString());
  SealedEntry sealed;
  sealed.hash = Sha256(entry.prev_hash(), stored.body());
  stored.set_hash(sealed.hash);
  sealed.stored = stored.SerializeAsString();
  return sealed;
}

absl::StatusOr<v1::JournalEntry> OpenEntry(uint64_t seq, absl::string_view bytes) {
  v1::StoredEntry stored;
  if (!stored.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, " does not decode"));
  }
  v1::JournalEntry entry;
  if (!entry.ParseFromString(stored.body())) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, ": body does not decode"));
  }
  if (entry.seq() != seq) {
    return absl::DataLossError(absl::StrCat("journal entry under key ", seq, " says it is entry ", entry.seq()));
  }
  if (Sha256(entry.prev_hash(), stored.body()) != stored.hash()) {
    return absl::DataLossError(absl::StrCat("journal entry ", seq, ": hash does not match its contents"));
  }
  entry.set_hash(stored.hash());
  return entry;
}

std::optional<Imbalance> FindImbalance(const v1::JournalEntry& entry) {
  std::map<std::pair<std::string, int>, absl::int128> net;
  for (const auto& p : entry.postings()) {
    net[{p.currency(), p.phase()}] += p.side() == v1::DEBIT ? p.amount_ore() : -absl::int128(p.amount_ore());
  }
  for (const auto& [key, value] : net) {
    if (value != 0) return Imbalance{key.first, static_cast<v1::Phase>(key.second), value};
  }
  return std::nullopt;
}

absl::Status CheckEntryBalances(const v1::JournalEntry& entry) {
  for (const auto& p : entry.postings()) {
    if (p.amount_ore() <= 0) {
      return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " has a posting of ", p.amount_ore()));
    }
  }
  if (auto imbalance = FindImbalance(entry); imbalance.has_value()) {
    return absl::DataLossError(absl::StrCat("entry ", entry.seq(), " does not balance in ", imbalance->currency));
  }
  return absl::OkStatus();
}

absl::StatusOr<ChainCheck> VerifyChain(const StorageReader& reader) {
  ChainCheck check;
  check.last_hash = GenesisHash();
  absl::Status failure = absl::OkStatus();
  RETURN_IF_ERROR(reader.ScanJournal(1, [&](uint64_t seq, absl::string_view value) {
    if (seq != check.last_seq + 1) {
      failure = absl::DataLossError(absl::StrCat("journal is not dense: entry ", check.last_seq + 1,
                                                 " is missing (next is ", seq, ")"));
      return false;
    }
    auto entry = OpenEntry(seq, value);
    if (!entry.ok()) {
      failure = entry.status();
      return false;
    }
    if (entry->prev_hash() != check.last_hash) {
      failure = absl::DataLossError(absl::StrCat("hash chain broken at entry ", seq,
                                                 ": prev_hash is not the hash of entry ", seq - 1));
      return false;
    }
    failure = CheckEntryBalances(*entry);
    if (!failure.ok()) return false;
    check.last_seq = seq;
    check.last_hash = entry->hash();
    ++check.entries;
    return true;
  }));
  RETURN_IF_ERROR(failure);
  // The recorded tail is written in the same batch as the entries it names. A chain that ends
  // anywhere else was cut short or extended behind the sequencer's back.
  ASSIGN_OR_RETURN(auto recorded_seq, reader.GetMeta(kMetaLastSeq));
  if (recorded_seq.has_value()) {
    if (recorded_seq->size() != kSeqKeyBytes) return absl::DataLossError("the recorded last seq is damaged");
    const uint64_t recorded = ReadBigEndian64(*recorded_seq);
    if (recorded != check.last_seq) {
      return absl::DataLossError(absl::StrCat("journal is not whole: it ends at entry ", check.last_seq,
                                              " but the recorded last entry is ", recorded));
    }
    ASSIGN_OR_RETURN(auto recorded_hash, reader.GetMeta(kMetaLastHash));
    if (!recorded_hash.has_value() || *recorded_hash != check.last_hash) {
      return absl::DataLossError(absl::StrCat("hash of the last entry ", check.last_seq,
                                              " is not the recorded last hash"));
    }
  }
  return check;
}

}  // namespace fondbok::ledger
