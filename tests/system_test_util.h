// Small helpers shared by the system tests: a connected client, request ids, postings.
#ifndef FONDBOK_TESTS_SYSTEM_TEST_UTIL_H_
#define FONDBOK_TESTS_SYSTEM_TEST_UTIL_H_

#include <atomic>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "fondbok/client.h"
#include "tests/test_server.h"

namespace fondbok::testing {

inline std::unique_ptr<client::Client> Connect(const std::string& address, const std::string& token,
                                               const std::string& ca_path = "") {
  client::ClientOptions options;
  options.address = address;
  options.token = token;
  options.tls_ca_pem_path = ca_path;
  if (!ca_path.empty()) options.tls_server_name = "localhost";
  options.timeout = std::chrono::seconds(30);
  auto c = client::Client::Connect(options);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? std::move(*c) : nullptr;
}

inline std::string NextId(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "-" + std::to_string(counter.fetch_add(1));
}

inline v1::Posting Leg(const std::string& account, v1::Side side, int64_t amount_ore) {
  v1::Posting p;
  p.set_account(account);
  p.set_side(side);
  p.set_amount_ore(amount_ore);
  return p;
}

inline v1::PostRequest Transfer(const std::string& request_id, const std::string& debit, const std::string& credit,
                                int64_t amount_ore) {
  v1::PostRequest request;
  request.set_request_id(request_id);
  *request.mutable_entry()->add_postings() = Leg(debit, v1::DEBIT, amount_ore);
  *request.mutable_entry()->add_postings() = Leg(credit, v1::CREDIT, amount_ore);
  return request;
}

inline absl::Status OpenAccount(const client::Client& c, const std::string& code, v1::AccountType type,
                                bool no_overdraft = false, const std::string& owner = "",
                                const std::string& currency = "SEK") {
  v1::CreateAccountRequest request;
  request.set_request_id("open-" + code);
  request.mutable_account()->set_code(code);
  request.mutable_account()->set_type(type);
  request.mutable_account()->set_currency(currency);
  request.mutable_account()->set_owner(owner);
  if (no_overdraft) {
    bool debit_normal = type == v1::ASSET || type == v1::EXPENSE || type == v1::OFF_BALANCE;
    if (debit_normal) {
      request.mutable_account()->mutable_flags()->set_credits_must_not_exceed_debits(true);
    } else {
      request.mutable_account()->mutable_flags()->set_debits_must_not_exceed_credits(true);
    }
  }
  return c.CreateAccount(request).status();
}

inline int64_t BalanceOf(const client::Client& c, const std::string& account) {
  v1::GetBalanceRequest request;
  request.set_account(account);
  auto balance = c.GetBalance(request);
  EXPECT_TRUE(balance.ok()) << balance.status();
  return balance.ok() ? balance->balance() : INT64_MIN;
}

}  // namespace fondbok::testing

#endif  // FONDBOK_TESTS_SYSTEM_TEST_UTIL_H_
