// The in-memory model of the ledger that the property test checks the real Sequencer against:
// plain maps of totals, written from the rules of DESIGN.md §3, independent of books.cc.
#ifndef FONDBOK_LEDGER_LEDGER_MODEL_H_
#define FONDBOK_LEDGER_LEDGER_MODEL_H_

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "fondbok/v1/journal.pb.h"
#include "ledger/date.h"
#include "ledger/testing.h"

namespace fondbok::ledger::model {

using absl::StatusCode;
using testutil::TestNow;
using testutil::TestToday;

struct Totals {
  int64_t posted_debits = 0, posted_credits = 0, pending_debits = 0, pending_credits = 0;
  bool operator==(const Totals&) const = default;
};
inline std::ostream& operator<<(std::ostream& os, const Totals& t) {
  return os << "{posted D " << t.posted_debits << " C " << t.posted_credits << ", pending D " << t.pending_debits
            << " C " << t.pending_credits << "}";
}

struct Leg {
  std::string account;
  v1::Side side;
  int64_t amount;
};

struct ModelAccount {
  v1::Account definition;
  Totals totals;
};

struct ModelPending {
  std::vector<Leg> legs;
  std::vector<int64_t> remaining;
  v1::PendingState::Status status = v1::PendingState::OPEN;
  int64_t expires_at_us = 0;
};

enum class Kind { kNoPostings, kPosted, kReversal, kReserve, kSettle };

struct ModelEntry {
  Kind kind;
  std::vector<Leg> legs;
  bool reversed = false;
  absl::CivilDay day = absl::CivilDay();  // value date, for entries that may be settled or reversed
};

// A change of one account's totals by one entry, with the entry's value date.
struct Change {
  std::string account;
  v1::Side side;
  int64_t posted;
  int64_t pending;
};
struct DatedChange {
  Change change;
  absl::CivilDay day;
};

// The books as plain maps of totals. Apply() interprets a command the way DESIGN.md §3 describes
// the ledger, in the order the ledger checks things (so that the expected error code is exact),
// and changes nothing unless the command is accepted.
class Model {
 public:
  std::map<std::string, ModelAccount> accounts;
  std::map<uint64_t, ModelPending> pending;
  std::vector<ModelEntry> entries;  // entries[seq - 1]
  std::optional<absl::CivilMonth> closed_through;
  std::vector<DatedChange> history;
  int64_t now_us = absl::ToUnixMicros(TestNow());
  absl::CivilDay today = TestToday();

  uint64_t last_seq() const { return entries.size(); }

  StatusCode Apply(const v1::Command& command) {
    switch (command.kind_case()) {
      case v1::Command::kOpenAccount: return OpenAccount(command.open_account().account());
      case v1::Command::kPostEntry: return PostEntry(command.post_entry());
      case v1::Command::kPostPending: return PostPending(command.post_pending());
      case v1::Command::kVoidPending: return Void(command.void_pending().pending_seq());
      case v1::Command::kReverseEntry: return Reverse(command.reverse_entry());
      case v1::Command::kClosePeriod: return ClosePeriod(command.close_period().period());
      default: return StatusCode::kInvalidArgument;
    }
  }

  // The sweep: every open reservation whose expiry has passed, in (expiry, seq) order.
  std::vector<uint64_t> Due() const {
    std::vector<std::pair<int64_t, uint64_t>> due;
    for (const auto& [seq, p] : pending) {
      if (p.status == v1::PendingState::OPEN && p.expires_at_us != 0 && p.expires_at_us <= now_us) {
        due.emplace_back(p.expires_at_us, seq);
      }
    }
    std::sort(due.begin(), due.end());
    std::vector<uint64_t> seqs;
    for (const auto& [at, seq] : due) seqs.push_back(seq);
    return seqs;
  }
  void Expire(uint64_t seq) {
    ModelPending& p = pending.at(seq);
    std::vector<Change> changes;
    for (size_t i = 0; i < p.legs.size(); ++i) changes.push_back({p.legs[i].account, p.legs[i].side, 0, -p.remaining[i]});
    EXPECT_EQ(Book(changes, today), StatusCode::kOk);
    std::fill(p.remaining.begin(), p.remaining.end(), 0);
    p.status = v1::PendingState::EXPIRED;
    entries.push_back({Kind::kSettle, {}});
  }

  std::map<std::string, Totals> AllTotals() const {
    std::map<std::string, Totals> out;
    for (const auto& [code, a] : accounts) out[code] = a.totals;
    return out;
  }

 private:
  StatusCode CheckDate(absl::CivilDay day) const {
    if (day > today) return StatusCode::kInvalidArgument;
    if (closed_through.has_value() && absl::CivilMonth(day) <= *closed_through) return StatusCode::kFailedPrecondition;
    return StatusCode::kOk;
  }
  std::optional<absl::CivilDay> DayOf(const std::string& value_date) const {
    if (value_date.empty()) return today;
    auto day = ParseDate(value_date);
    if (!day.ok()) return std::nullopt;
    return *day;
  }

  // Applies the changes when every touched account's flags still hold afterwards.
  StatusCode Book(const std::vector<Change>& changes, absl::CivilDay day) {
    std::map<std::string, Totals> after;
    for (const Change& c : changes) {
      Totals& t = after.try_emplace(c.account, accounts.at(c.account).totals).first->second;
      if (c.side == v1::DEBIT) {
        t.posted_debits += c.posted;
        t.pending_debits += c.pending;
      } else {
        t.posted_credits += c.posted;
        t.pending_credits += c.pending;
      }
    }
    for (const auto& [code, t] : after) {
      const v1::AccountFlags& flags = accounts.at(code).definition.flags();
      if (flags.debits_must_not_exceed_credits() && t.posted_debits + t.pending_debits > t.posted_credits) {
        return StatusCode::kFailedPrecondition;
      }
      if (flags.credits_must_not_exceed_debits() && t.posted_credits + t.pending_credits > t.posted_debits) {
        return StatusCode::kFailedPrecondition;
      }
    }
    for (const auto& [code, t] : after) accounts.at(code).totals = t;
    for (const Change& c : changes) history.push_back({c, day});
    return StatusCode::kOk;
  }

  StatusCode OpenAccount(const v1::Account& account) {
    if (account.flags().debits_must_not_exceed_credits() && account.flags().credits_must_not_exceed_debits()) {
      return StatusCode::kInvalidArgument;
    }
    if (accounts.count(account.code()) != 0) return StatusCode::kAlreadyExists;
    accounts[account.code()].definition = account;
    entries.push_back({Kind::kNoPostings, {}});
    return StatusCode::kOk;
  }

  StatusCode PostEntry(const v1::PostEntry& post) {
    if (post.postings_size() < 2) return StatusCode::kInvalidArgument;
    if (post.expires_in_s() < 0 || (post.expires_in_s() > 0 && !post.pending())) return StatusCode::kInvalidArgument;
    const std::optional<absl::CivilDay> day = DayOf(post.value_date());
    if (!day.has_value()) return StatusCode::kInvalidArgument;
    std::vector<Leg> legs;
    for (const v1::Posting& p : post.postings()) {  // currencies come from the accounts
      auto it = accounts.find(p.account());
      if (it == accounts.end()) return StatusCode::kNotFound;
      if (!p.currency().empty() && p.currency() != it->second.definition.currency()) {
        return StatusCode::kInvalidArgument;
      }
      legs.push_back({p.account(), p.side(), p.amount_ore()});
    }
    if (StatusCode date = CheckDate(*day); date != StatusCode::kOk) return date;
    std::map<std::string, int64_t> net;
    for (const Leg& leg : legs) {
      if (leg.amount <= 0) return StatusCode::kInvalidArgument;
      net[accounts.at(leg.account).definition.currency()] += leg.side == v1::DEBIT ? leg.amount : -leg.amount;
    }
    for (const auto& [currency, sum] : net) {
      if (sum != 0) return StatusCode::kInvalidArgument;
    }
    std::vector<Change> changes;
    for (const Leg& leg : legs) {
      changes.push_back({leg.account, leg.side, post.pending() ? 0 : leg.amount, post.pending() ? leg.amount : 0});
    }
    if (StatusCode booked = Book(changes, *day); booked != StatusCode::kOk) return booked;
    entries.push_back({post.pending() ? Kind::kReserve : Kind::kPosted, legs, false, *day});
    if (post.pending()) {
      ModelPending& p = pending[last_seq()];
      p.legs = legs;
      for (const Leg& leg : legs) p.remaining.push_back(leg.amount);
      p.expires_at_us = post.expires_in_s() > 0 ? now_us + post.expires_in_s() * 1'000'000 : 0;
    }
    return StatusCode::kOk;
  }

  StatusCode PostPending(const v1::PostPending& command) {
    const std::optional<absl::CivilDay> day = DayOf(command.value_date());
    if (!day.has_value()) return StatusCode::kInvalidArgument;
    if (command.amount_ore() < 0) return StatusCode::kInvalidArgument;
    if (command.pending_seq() == 0) return StatusCode::kInvalidArgument;
    auto it = pending.find(command.pending_seq());
    if (it == pending.end()) return StatusCode::kNotFound;
    ModelPending& p = it->second;
    if (p.status != v1::PendingState::OPEN) return StatusCode::kFailedPrecondition;
    // A settlement is not dated before the reservation it settles.
    if (!command.value_date().empty() && *day < entries[command.pending_seq() - 1].day) {
      return StatusCode::kInvalidArgument;
    }
    if (p.expires_at_us != 0 && now_us >= p.expires_at_us) return StatusCode::kFailedPrecondition;
    std::vector<int64_t> amounts;
    for (size_t i = 0; i < p.legs.size(); ++i) {
      int64_t amount = p.remaining[i];
      if (command.amount_ore() != 0) {
        // One amount on every leg: only when every leg has the same amount left.
        if (p.remaining[i] != p.remaining[0] || command.amount_ore() > p.remaining[i]) {
          return StatusCode::kFailedPrecondition;
        }
        amount = command.amount_ore();
      }
      if (amount == 0) return StatusCode::kFailedPrecondition;
      amounts.push_back(amount);
    }
    if (StatusCode date = CheckDate(*day); date != StatusCode::kOk) return date;
    std::vector<Change> changes;
    std::vector<Leg> posted;
    for (size_t i = 0; i < p.legs.size(); ++i) {
      changes.push_back({p.legs[i].account, p.legs[i].side, amounts[i], -amounts[i]});
      posted.push_back({p.legs[i].account, p.legs[i].side, amounts[i]});
    }
    if (StatusCode booked = Book(changes, *day); booked != StatusCode::kOk) return booked;
    bool open = false;
    for (size_t i = 0; i < p.legs.size(); ++i) {
      p.remaining[i] -= amounts[i];
      open = open || p.remaining[i] > 0;
    }
    if (!open) p.status = v1::PendingState::POSTED_IN_FULL;
    entries.push_back({Kind::kSettle, posted});
    return StatusCode::kOk;
  }

  StatusCode Void(uint64_t seq) {
    if (seq == 0) return StatusCode::kInvalidArgument;
    auto it = pending.find(seq);
    if (it == pending.end()) return StatusCode::kNotFound;
    ModelPending& p = it->second;
    if (p.status != v1::PendingState::OPEN) return StatusCode::kFailedPrecondition;
    if (StatusCode date = CheckDate(today); date != StatusCode::kOk) return date;
    std::vector<Change> changes;
    for (size_t i = 0; i < p.legs.size(); ++i) changes.push_back({p.legs[i].account, p.legs[i].side, 0, -p.remaining[i]});
    if (StatusCode booked = Book(changes, today); booked != StatusCode::kOk) return booked;
    std::fill(p.remaining.begin(), p.remaining.end(), 0);
    p.status = v1::PendingState::VOIDED;
    entries.push_back({Kind::kSettle, {}});
    return StatusCode::kOk;
  }

  StatusCode Reverse(const v1::ReverseEntry& command) {
    const std::optional<absl::CivilDay> day = DayOf(command.value_date());
    if (!day.has_value()) return StatusCode::kInvalidArgument;
    if (command.seq() == 0) return StatusCode::kInvalidArgument;
    if (command.seq() > last_seq()) return StatusCode::kNotFound;
    ModelEntry& original = entries[command.seq() - 1];
    if (original.kind != Kind::kPosted || original.reversed) return StatusCode::kFailedPrecondition;
    // A reversal is not dated before the entry it reverses.
    if (!command.value_date().empty() && *day < original.day) return StatusCode::kInvalidArgument;
    if (StatusCode date = CheckDate(*day); date != StatusCode::kOk) return date;
    std::vector<Change> changes;
    std::vector<Leg> mirrored;
    for (const Leg& leg : original.legs) {
      const v1::Side side = leg.side == v1::DEBIT ? v1::CREDIT : v1::DEBIT;
      changes.push_back({leg.account, side, leg.amount, 0});
      mirrored.push_back({leg.account, side, leg.amount});
    }
    if (StatusCode booked = Book(changes, *day); booked != StatusCode::kOk) return booked;
    original.reversed = true;
    entries.push_back({Kind::kReversal, mirrored});
    return StatusCode::kOk;
  }

  StatusCode ClosePeriod(const std::string& period) {
    auto month = ParsePeriod(period);
    if (!month.ok()) return StatusCode::kInvalidArgument;
    if (*month >= absl::CivilMonth(today)) return StatusCode::kFailedPrecondition;
    if (closed_through.has_value() && *month <= *closed_through) return StatusCode::kFailedPrecondition;
    closed_through = *month;
    entries.push_back({Kind::kNoPostings, {}});
    return StatusCode::kOk;
  }
};

}  // namespace fondbok::ledger::model

#endif  // FONDBOK_LEDGER_LEDGER_MODEL_H_
