// Test only: an in-process stand-in for fondbokd's LedgerService and AdminService on a free
// loopback port. It answers from canned data, pages the way the real server documents, and
// records every call (method, authorization header, whether a deadline was set, the request).
// Thread-safe: gRPC calls it from its own threads while the test reads and sets its state.
#ifndef FONDBOK_CLIENTS_CPP_FONDBOK_TESTING_FAKE_FONDBOKD_H_
#define FONDBOK_CLIENTS_CPP_FONDBOK_TESTING_FAKE_FONDBOKD_H_

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "fondbok/v1/admin_service.grpc.pb.h"
#include "fondbok/v1/ledger_service.grpc.pb.h"

namespace fondbok::testing {

class FakeFondbokd {
 public:
  struct Call {
    std::string method;          // "GetBalance"
    std::string authorization;   // the metadata value, "" when absent
    bool has_deadline = false;
    std::string request;         // the request's ShortDebugString
  };

  // Canned answers; set them before the calls that read them.
  struct Data {
    std::optional<grpc::Status> fail_with;      // every call fails with this when set
    v1::WriteResult write_result;
    v1::Balance balance;
    v1::Account account;
    std::vector<v1::Account> accounts;          // sorted by code
    std::vector<v1::HistoryLine> history;       // sorted by seq
    std::vector<v1::JournalEntry> entries;      // seq = index + 1
    bool follow_waits_for_cancel = false;       // after the entries, wait until the client stops
    v1::CreateTokenResponse token_response;
    v1::ListTokensResponse tokens;
    v1::Principal principal;
    std::string closed_through;
  };

  // Listens on 127.0.0.1:<free port>, plaintext unless other credentials are given.
  explicit FakeFondbokd(std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials())
      : ledger_(this), admin_(this) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    builder.RegisterService(&ledger_);
    builder.RegisterService(&admin_);
    server_ = builder.BuildAndStart();
  }
  ~FakeFondbokd() { server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2)); }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  template <typename F>
  void Update(F&& change) {
    std::lock_guard<std::mutex> lock(mu_);
    change(data_);
  }
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  size_t CallCount() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_.size();
  }

 private:
  // Records the call and returns the canned failure, if any.
  std::optional<grpc::Status> Record(const char* method, grpc::ServerContext* context,
                                     const google::protobuf::Message& request) {
    Call call;
    call.method = method;
    auto found = context->client_metadata().find("authorization");
    if (found != context->client_metadata().end()) {
      call.authorization.assign(found->second.data(), found->second.size());
    }
    call.has_deadline = context->deadline() < std::chrono::system_clock::now() + std::chrono::hours(24 * 365);
    call.request = request.ShortDebugString();
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(std::move(call));
    return data_.fail_with;
  }

  template <typename Response>
  grpc::Status Answer(const char* method, grpc::ServerContext* context,
                      const google::protobuf::Message& request, Response* response,
                      Response Data::*field) {
    if (auto failure = Record(method, context, request)) return *failure;
    std::lock_guard<std::mutex> lock(mu_);
    *response = data_.*field;
    return grpc::Status::OK;
  }

  class Ledger final : public v1::LedgerService::Service {
   public:
    explicit Ledger(FakeFondbokd* fake) : fake_(fake) {}
    grpc::Status CreateAccount(grpc::ServerContext* c, const v1::CreateAccountRequest* r,
                               v1::WriteResult* w) override {
      return fake_->Answer("CreateAccount", c, *r, w, &Data::write_result);
    }
    grpc::Status Post(grpc::ServerContext* c, const v1::PostRequest* r, v1::WriteResult* w) override {
      return fake_->Answer("Post", c, *r, w, &Data::write_result);
    }
    grpc::Status PostPending(grpc::ServerContext* c, const v1::PostPendingRequest* r,
                             v1::WriteResult* w) override {
      return fake_->Answer("PostPending", c, *r, w, &Data::write_result);
    }
    grpc::Status VoidPending(grpc::ServerContext* c, const v1::VoidPendingRequest* r,
                             v1::WriteResult* w) override {
      return fake_->Answer("VoidPending", c, *r, w, &Data::write_result);
    }
    grpc::Status Reverse(grpc::ServerContext* c, const v1::ReverseRequest* r, v1::WriteResult* w) override {
      return fake_->Answer("Reverse", c, *r, w, &Data::write_result);
    }
    grpc::Status ClosePeriod(grpc::ServerContext* c, const v1::ClosePeriodRequest* r,
                             v1::WriteResult* w) override {
      return fake_->Answer("ClosePeriod", c, *r, w, &Data::write_result);
    }
    grpc::Status SubmitLinked(grpc::ServerContext* c, const v1::LinkedRequest* r,
                              v1::WriteResult* w) override {
      return fake_->Answer("SubmitLinked", c, *r, w, &Data::write_result);
    }
    grpc::Status GetAccount(grpc::ServerContext* c, const v1::GetAccountRequest* r, v1::Account* a) override {
      return fake_->Answer("GetAccount", c, *r, a, &Data::account);
    }
    grpc::Status GetBalance(grpc::ServerContext* c, const v1::GetBalanceRequest* r, v1::Balance* b) override {
      return fake_->Answer("GetBalance", c, *r, b, &Data::balance);
    }
    grpc::Status ListAccounts(grpc::ServerContext* c, const v1::ListAccountsRequest* r,
                              v1::ListAccountsResponse* response) override {
      if (auto failure = fake_->Record("ListAccounts", c, *r)) return *failure;
      std::lock_guard<std::mutex> lock(fake_->mu_);
      const size_t page_size = r->page_size() == 0 ? 100 : r->page_size();
      for (const v1::Account& account : fake_->data_.accounts) {
        if (account.code().rfind(r->prefix(), 0) != 0 || account.code() <= r->page_token()) continue;
        if (static_cast<size_t>(response->accounts_size()) == page_size) {
          response->set_next_page_token(response->accounts(response->accounts_size() - 1).code());
          break;
        }
        *response->add_accounts() = account;
      }
      return grpc::Status::OK;
    }
    grpc::Status GetHistory(grpc::ServerContext* c, const v1::GetHistoryRequest* r,
                            v1::GetHistoryResponse* response) override {
      if (auto failure = fake_->Record("GetHistory", c, *r)) return *failure;
      std::lock_guard<std::mutex> lock(fake_->mu_);
      const size_t page_size = r->page_size() == 0 ? 100 : r->page_size();
      for (const v1::HistoryLine& line : fake_->data_.history) {
        if (line.seq() <= r->after_seq()) continue;
        if (static_cast<size_t>(response->lines_size()) == page_size) {
          response->set_next_after_seq(response->lines(response->lines_size() - 1).seq());
          break;
        }
        *response->add_lines() = line;
      }
      return grpc::Status::OK;
    }
    grpc::Status ListEntries(grpc::ServerContext* c, const v1::ListEntriesRequest* r,
                             v1::ListEntriesResponse* response) override {
      if (auto failure = fake_->Record("ListEntries", c, *r)) return *failure;
      std::lock_guard<std::mutex> lock(fake_->mu_);
      const auto& entries = fake_->data_.entries;
      const size_t limit = r->limit() == 0 ? 100 : r->limit();
      for (size_t i = std::max<uint64_t>(r->from_seq(), 1) - 1; i < entries.size(); ++i) {
        if (static_cast<size_t>(response->entries_size()) == limit) break;
        *response->add_entries() = entries[i];
      }
      response->set_last_seq(entries.size());
      return grpc::Status::OK;
    }
    grpc::Status GetPeriods(grpc::ServerContext* c, const v1::GetPeriodsRequest* r,
                            v1::GetPeriodsResponse* response) override {
      if (auto failure = fake_->Record("GetPeriods", c, *r)) return *failure;
      std::lock_guard<std::mutex> lock(fake_->mu_);
      response->set_closed_through(fake_->data_.closed_through);
      return grpc::Status::OK;
    }
    grpc::Status Follow(grpc::ServerContext* c, const v1::FollowRequest* r,
                        grpc::ServerWriter<v1::JournalEntry>* writer) override {
      if (auto failure = fake_->Record("Follow", c, *r)) return *failure;
      std::vector<v1::JournalEntry> entries;
      bool wait = false;
      {
        std::lock_guard<std::mutex> lock(fake_->mu_);
        entries = fake_->data_.entries;
        wait = fake_->data_.follow_waits_for_cancel;
      }
      for (size_t i = std::max<uint64_t>(r->from_seq(), 1) - 1; i < entries.size(); ++i) {
        if (!writer->Write(entries[i])) return grpc::Status::CANCELLED;
      }
      for (int i = 0; wait && !c->IsCancelled() && i < 500; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return grpc::Status::OK;
    }

   private:
    FakeFondbokd* fake_;
  };

  class Admin final : public v1::AdminService::Service {
   public:
    explicit Admin(FakeFondbokd* fake) : fake_(fake) {}
    grpc::Status CreateToken(grpc::ServerContext* c, const v1::CreateTokenRequest* r,
                             v1::CreateTokenResponse* response) override {
      return fake_->Answer("CreateToken", c, *r, response, &Data::token_response);
    }
    grpc::Status RevokeToken(grpc::ServerContext* c, const v1::RevokeTokenRequest* r,
                             v1::WriteResult* w) override {
      return fake_->Answer("RevokeToken", c, *r, w, &Data::write_result);
    }
    grpc::Status ListTokens(grpc::ServerContext* c, const v1::ListTokensRequest* r,
                            v1::ListTokensResponse* response) override {
      return fake_->Answer("ListTokens", c, *r, response, &Data::tokens);
    }
    grpc::Status Backup(grpc::ServerContext* c, const v1::BackupRequest* r,
                        v1::BackupResponse* response) override {
      if (auto failure = fake_->Record("Backup", c, *r)) return *failure;
      response->set_directory(r->directory());
      response->set_last_seq(42);
      return grpc::Status::OK;
    }
    grpc::Status WhoAmI(grpc::ServerContext* c, const v1::WhoAmIRequest* r, v1::Principal* p) override {
      return fake_->Answer("WhoAmI", c, *r, p, &Data::principal);
    }

   private:
    FakeFondbokd* fake_;
  };

  mutable std::mutex mu_;
  Data data_;                 // guarded by mu_
  std::vector<Call> calls_;   // guarded by mu_
  Ledger ledger_;
  Admin admin_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace fondbok::testing

#endif  // FONDBOK_CLIENTS_CPP_FONDBOK_TESTING_FAKE_FONDBOKD_H_
