#include "tools/bench/bench_accounts.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/status_macros.h"

namespace fondbok::bench {
namespace {

constexpr char kCodePrefix[] = "bench:acct:";
constexpr int kCommandsPerRequestMax = 1000;
constexpr uint32_t kListPageSize = 1000;
// Rounds of "list what exists, create what is missing"; a second round is needed only when another
// bench run creates the same accounts at the same time.
constexpr int kSetupRoundsMax = 3;

// The bench accounts among the first `count` that exist already.
absl::StatusOr<std::set<std::string>> ListExisting(const client::Client& client, int count) {
  std::set<std::string> existing;
  const std::string last = BenchAccountCode(count - 1);
  v1::ListAccountsRequest request;
  request.set_prefix(kCodePrefix);
  request.set_page_size(kListPageSize);
  const int pages_max = count / static_cast<int>(kListPageSize) + 2;
  for (int page = 0; page < pages_max; ++page) {
    auto response = client.ListAccounts(request);
    if (!response.ok()) {
      return absl::Status(response.status().code(),
                          absl::StrCat("listing the bench accounts failed: ", response.status().message()));
    }
    for (const v1::Account& account : response->accounts()) {
      if (account.code() > last) return existing;
      existing.insert(account.code());
    }
    if (response->next_page_token().empty()) return existing;
    request.set_page_token(response->next_page_token());
  }
  return existing;
}

v1::LinkedRequest OpenAccountsRequest(const std::vector<std::string>& codes, const std::vector<int>& indexes) {
  v1::LinkedRequest request;
  std::vector<std::string> chunk_codes;
  for (int index : indexes) {
    v1::Account* account = request.add_commands()->mutable_open_account()->mutable_account();
    account->set_code(codes[static_cast<size_t>(index)]);
    account->set_type(index % 2 == 0 ? v1::ASSET : v1::LIABILITY);
    account->set_currency("SEK");
    account->set_name(absl::StrCat("bench account ", index));
    chunk_codes.push_back(account->code());
  }
  request.set_request_id(SetupRequestId(chunk_codes));
  return request;
}

// Creates the missing accounts, adding to `created` as it goes; stops at the first failure.
absl::Status CreateMissing(const client::Client& client, const std::vector<std::string>& codes,
                           const std::set<std::string>& existing, int* created) {
  std::vector<int> missing;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (existing.count(codes[i]) == 0) missing.push_back(static_cast<int>(i));
  }
  for (size_t start = 0; start < missing.size(); start += kCommandsPerRequestMax) {
    const size_t end = std::min(missing.size(), start + kCommandsPerRequestMax);
    std::vector<int> chunk(missing.begin() + static_cast<std::ptrdiff_t>(start),
                           missing.begin() + static_cast<std::ptrdiff_t>(end));
    auto result = client.SubmitLinked(OpenAccountsRequest(codes, chunk));
    if (!result.ok()) return result.status();
    *created += result->entries_size();
  }
  return absl::OkStatus();
}

}  // namespace

std::string BenchAccountCode(int index) {
  FONDBOK_CHECK(index >= 0 && index <= kAccountsMax);
  return absl::StrFormat("%s%05d", kCodePrefix, index);
}

std::string SetupRequestId(const std::vector<std::string>& codes) {
  // FNV-1a: stable across processes and platforms, unlike std::hash or absl::Hash.
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const std::string& code : codes) {
    for (unsigned char c : code) {
      hash = (hash ^ c) * 0x100000001b3ULL;
    }
    hash = (hash ^ 0xffu) * 0x100000001b3ULL;  // separator: ["ab","c"] differs from ["a","bc"]
  }
  return absl::StrFormat("bench-setup-%d-%016x", codes.size(), hash);
}

absl::StatusOr<AccountSetup> EnsureBenchAccounts(const client::Client& client, int count) {
  FONDBOK_CHECK(count >= 1 && count <= kAccountsMax);
  AccountSetup setup;
  for (int i = 0; i < count; ++i) setup.codes.push_back(BenchAccountCode(i));
  absl::Status last_failure;
  for (int round = 0; round < kSetupRoundsMax; ++round) {
    ASSIGN_OR_RETURN(std::set<std::string> existing, ListExisting(client, count));
    if (round == 0) setup.existing = static_cast<int>(existing.size());
    absl::Status created = CreateMissing(client, setup.codes, existing, &setup.created);
    if (created.ok()) return setup;
    // ALREADY_EXISTS: someone else created one of them meanwhile; look again.
    if (created.code() != absl::StatusCode::kAlreadyExists) {
      return absl::Status(created.code(), absl::StrCat("creating the bench accounts failed: ", created.message()));
    }
    last_failure = created;
  }
  return absl::Status(last_failure.code(), absl::StrCat("creating the bench accounts failed ", kSetupRoundsMax,
                                                        " times: ", last_failure.message()));
}

}  // namespace fondbok::bench
