// credits_bench: the measurements of issue 3 (BENCHMARKS.md, "Credits (issue 3)").
//
//  - a 360-month annuity schedule, by BuildSchedule (exact rationals) and by ComposeSchedule (the
//    proto the module stores, with an OCR reference per instalment), against a floor that fills
//    360 Instalment structs with plain integer arithmetic;
//  - one credit's StandingAsOf, against parsing that credit;
//  - the portfolio as of a date (BuildPortfolio) over N credits (default 100 000) stored as
//    serialized v1::Credit under "credits/credit/<id>" in a ledger::MemoryKv and in a real RocksDB
//    (ledger::Storage, reopened after the load so reads come from its tables), against the floor of
//    scanning and parsing the same credits without computing anything.
//
// The credits are generated deterministically from a seed (printed) the way CreditsModule::Project
// fills them: DRAFT → SUBMITTED → UNDER_REVIEW → APPROVED → ACTIVE with value dates, the first
// schedule from TrancheSchedule, payments with value dates (most on time, some late, some stopped
// with a reminder charged). After the run the ratios against the floors are printed. The portfolio
// runs report wall time ("Time") and the whole process's CPU time ("CPU": BuildPortfolio's worker
// thread and RocksDB's own threads included).
//
// Environment: CREDITS_BENCH_N (credits, default 100000), CREDITS_BENCH_SEED (default 20261123),
// CREDITS_BENCH_TMPDIR (the RocksDB directory's parent, default $TMPDIR or /var/tmp; a real disk),
// CREDITS_BENCH_CACHE_MB (RocksDB's memory budget, StorageOptions::memory_bytes; default fondbokd's).
// Not a test: run it through tools/credits_bench.sh.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "ledger/date.h"
#include "ledger/kv.h"
#include "ledger/storage.h"
#include "services/credits/credit_keys.h"
#include "services/credits/credit_rules.h"
#include "services/credits/credit_schedule.h"
#include "services/credits/portfolio.h"
#include "services/credits/schedule.h"

namespace fondbok::credits {
namespace {

const absl::CivilDay kAsOf(2026, 11, 15);

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoll(v, nullptr, 10) : fallback;
}

std::string TmpRoot() {
  for (const char* name : {"CREDITS_BENCH_TMPDIR", "TMPDIR"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return v;
  }
  return "/var/tmp";
}

std::string* rocks_dir_to_remove = new std::string;  // the temporary RocksDB, once created

void Die(const absl::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "credits_bench: %s: %s\n", what, status.ToString().c_str());
  if (!rocks_dir_to_remove->empty()) std::filesystem::remove_all(*rocks_dir_to_remove);
  std::exit(1);
}

// splitmix64: deterministic on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Between(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Percent(int p) { return Between(0, 99) < p; }

 private:
  uint64_t state_;
};

// ---- products and credits ----

v1::Product MakeProduct(const char* id, v1::Amortisation a, int rate_bp, v1::DayCount dc, int64_t arrangement_ore,
                        int64_t yearly_fee_ore) {
  v1::Product p;
  p.set_id(id);
  p.set_name(id);
  p.set_amortisation(a);
  p.set_rate_bp(rate_bp);
  p.set_day_count(dc);
  p.mutable_arrangement_fee()->set_fixed_ore(arrangement_ore);
  p.mutable_yearly_fee()->set_fixed_ore(yearly_fee_ore);
  p.set_amount_min_ore(10'000'00);
  p.set_amount_max_ore(10'000'000'00);
  p.set_term_months_max(360);
  p.set_grace_months_max(12);
  p.set_offer_validity_days(90);
  p.set_currency("SEK");
  p.set_defined_seq(1);
  return p;
}

const std::vector<v1::Product>& Products() {
  static const auto* products = new std::vector<v1::Product>{
      MakeProduct("annuity", v1::ANNUITY, 550, v1::DAY_COUNT_30E_360, 500'00, 0),
      MakeProduct("annuity-green", v1::ANNUITY, 425, v1::DAY_COUNT_ACTUAL_365, 0, 250'00),
      MakeProduct("straight-line", v1::STRAIGHT_LINE, 600, v1::DAY_COUNT_30E_360, 500'00, 250'00),
      MakeProduct("bullet", v1::BULLET, 700, v1::DAY_COUNT_ACTUAL_365, 1'000'00, 0),
  };
  return *products;
}

constexpr const char* kMunicipalities[] = {"1480", "0180", "1280", "0380", "2480", "1880", "0580", "1283", "2580", "0680"};

enum class Behaviour { kOnTime, kSometimesLate, kStopped };

// Everything that varies between generated credits.
struct CreditSpec {
  int64_t number = 1;
  int product = 0;                     // index into Products()
  int64_t amount_ore = 1'000'000'00;
  int term_months = 120;
  v1::Frequency frequency = v1::MONTHLY;
  int grace_months = 0;
  int payment_day = 25;
  absl::CivilDay disbursed{2022, 3, 10};
  v1::RiskGrade grade = v1::RISK_B;
  std::string municipality = "1480";
  std::string capital_source = "member-capital";
  Behaviour behaviour = Behaviour::kOnTime;
  int stop_after = 0;                  // kStopped: instalments paid before it stops
  uint64_t payment_seed = 1;           // lateness draws
};

CreditSpec RandomSpec(int64_t number, Rng& rng) {
  CreditSpec s;
  s.number = number;
  const int kind = rng.Between(0, 99);
  s.product = kind < 45 ? 0 : kind < 70 ? 1 : kind < 88 ? 2 : 3;
  s.term_months = s.product == 3 ? rng.Between(12, 36) : rng.Between(12, 120);
  if (rng.Percent(10)) s.frequency = v1::QUARTERLY;
  const int period = s.frequency == v1::QUARTERLY ? 3 : 1;
  s.term_months -= s.term_months % period;
  if (s.product != 3 && rng.Percent(15)) s.grace_months = period * rng.Between(1, 6 / period);
  s.payment_day = rng.Percent(70) ? 25 : rng.Between(1, 28);
  s.amount_ore = int64_t{rng.Between(50, 3000)} * 1'000'00;  // 50 000 .. 3 000 000 kr
  // Disbursed 0 .. term−1 months before the as-of date: every credit is still running.
  const int elapsed = rng.Between(0, s.term_months - 1);
  const absl::CivilMonth month = absl::CivilMonth(kAsOf) - elapsed;
  s.disbursed = std::min(absl::CivilDay(month.year(), month.month(), rng.Between(1, 28)), kAsOf - 1);
  const int g = rng.Between(0, 99);
  s.grade = g < 15 ? v1::RISK_A : g < 45 ? v1::RISK_B : g < 75 ? v1::RISK_C : g < 90 ? v1::RISK_D : v1::RISK_E;
  s.municipality = kMunicipalities[rng.Between(0, std::size(kMunicipalities) - 1)];
  s.capital_source = s.municipality == "1480" && rng.Percent(60) ? "goteborg" : "member-capital";
  const int b = rng.Between(0, 99);
  s.behaviour = b < 80 ? Behaviour::kOnTime : b < 92 ? Behaviour::kSometimesLate : Behaviour::kStopped;
  s.stop_after = rng.Between(0, 24);
  s.payment_seed = rng.Next();
  return s;
}

struct SeqCounter {
  uint64_t next = 1;
};

void AddTransition(v1::Credit& c, v1::CreditState state, absl::CivilDay day, SeqCounter& seq, const char* reason) {
  c.set_state(state);
  v1::Transition* t = c.add_transitions();
  t->set_state(state);
  t->set_seq(seq.next++);
  t->set_value_date(ledger::FormatDate(day));
  t->set_actor("tok-o1");
  t->set_reason(reason);
}

// DRAFT … APPROVED as CreditsModule::Project leaves them (disbursement follows in BuildCredit).
v1::Credit ApprovedCredit(const CreditSpec& s, SeqCounter& seq) {
  v1::Credit c;
  c.set_id(CreditId(s.number));
  c.set_organisation_id(absl::StrCat("P-", absl::Dec(s.number % 20'000 + 1, absl::kZeroPad6)));
  c.set_municipality(s.municipality);
  c.set_purpose("Lokal och inventarier för verksamheten");
  *c.mutable_product() = Products()[static_cast<size_t>(s.product)];
  c.set_amount_ore(s.amount_ore);
  c.set_term_months(s.term_months);
  c.set_frequency(s.frequency);
  c.set_payment_day(s.payment_day);
  c.set_grace_months(s.grace_months);
  c.set_currency("SEK");
  const absl::CivilDay applied = s.disbursed - 60;
  AddTransition(c, v1::CREDIT_DRAFT, applied, seq, "");
  AddTransition(c, v1::CREDIT_SUBMITTED, applied + 2, seq, "");
  v1::Assessment* a = c.mutable_assessment();
  a->set_risk_grade(s.grade);
  a->set_text("Stabil förening med egen insats och kommunalt stöd.");
  a->set_revenue_ore(s.amount_ore * 2);
  a->set_equity_ore(s.amount_ore / 4);
  a->set_assessed_by("Olle Officer");
  a->set_seq(seq.next);
  AddTransition(c, v1::CREDIT_UNDER_REVIEW, applied + 10, seq, "assessed");
  c.set_capital_source(s.capital_source);
  c.set_reservation_seq(seq.next);
  c.set_offer_valid_until(ledger::FormatDate(applied + 20 + 90));
  c.set_approved_by_proposal(absl::StrCat("A-", s.number));
  AddTransition(c, v1::CREDIT_APPROVED, applied + 20, seq, "beviljas");
  return c;
}

// Payments of the instalments due on or before the as-of date, in order, each paying its instalment
// in full (so its split is the instalment's), some late, a stopped payer reminded once.
void AddPayments(v1::Credit& c, const CreditSpec& s, SeqCounter& seq) {
  Rng rng(s.payment_seed);
  const v1::Schedule& schedule = c.schedules(0);
  absl::CivilDay last = s.disbursed;
  for (int i = 0; i < schedule.instalments_size(); ++i) {
    const v1::Instalment& in = schedule.instalments(i);
    const absl::CivilDay due = *ledger::ParseDate(in.due_date());
    if (due > kAsOf) break;
    if (s.behaviour == Behaviour::kStopped && i >= s.stop_after) {
      v1::Charge* fee = c.add_charges();
      fee->set_kind(v1::Charge::REMINDER_FEE);
      fee->set_due_date(ledger::FormatDate(std::min(due + 14, kAsOf)));
      fee->set_amount_ore(60'00);
      fee->set_seq(seq.next++);
      fee->set_ocr(*ReminderOcr(s.number, 1));
      c.set_reminders(1);
      c.set_last_reminder_date(fee->due_date());
      break;
    }
    int delay = rng.Percent(20) ? -rng.Between(1, 5) : 0;  // some pay a few days early
    if (s.behaviour == Behaviour::kSometimesLate && rng.Percent(40)) delay = rng.Between(1, 75);
    const absl::CivilDay day = std::max(last, due + delay);
    if (day > kAsOf) break;
    last = day;
    v1::Payment* p = c.add_payments();
    p->set_id(absl::StrCat(c.id(), "/", c.payments_size()));
    p->set_value_date(ledger::FormatDate(day));
    p->set_amount_ore(in.principal_ore() + in.interest_ore() + in.fee_ore());
    p->set_ocr(in.ocr());
    p->set_seq(seq.next++);
    p->set_fee_ore(in.fee_ore());
    p->set_interest_ore(in.interest_ore());
    p->set_principal_ore(in.principal_ore());
  }
}

v1::Credit BuildCredit(const CreditSpec& s) {
  SeqCounter seq{static_cast<uint64_t>(s.number) * 1000};
  v1::Credit c = ApprovedCredit(s, seq);
  auto schedule = TrancheSchedule(c, s.disbursed, s.amount_ore);
  Die(schedule.status(), "TrancheSchedule");
  c.set_disbursed_ore(s.amount_ore);
  v1::Schedule* stored = c.add_schedules();
  *stored = std::move(*schedule);
  stored->set_seq(seq.next);
  c.set_first_disbursed_on(ledger::FormatDate(s.disbursed));
  c.set_maturity_date(stored->instalments(stored->instalments_size() - 1).due_date());
  AddTransition(c, v1::CREDIT_ACTIVE, s.disbursed, seq, "disbursed");
  AddPayments(c, s, seq);
  c.set_last_seq(seq.next - 1);
  return c;
}

// ---- the data set ----

struct Dataset {
  int64_t credits = 0;
  uint64_t seed = 0;
  int64_t bytes = 0;
  ledger::MemoryKv memory;
  std::string rocks_dir;
  std::unique_ptr<ledger::Storage> rocks;
  std::string memory_result, rocks_result;  // the last portfolio of each store, serialized
};

Dataset* built = nullptr;  // set once Data() has built the data set
int64_t ScanParse(const ledger::KvReader& reader, int64_t expected);

void LoadRocks(Dataset& d) {
  d.rocks_dir = absl::StrCat(TmpRoot(), "/credits_bench.", getpid());
  std::filesystem::remove_all(d.rocks_dir);
  *rocks_dir_to_remove = d.rocks_dir;
  ledger::StorageOptions options;  // fondbokd's defaults (256 MB for RocksDB) unless asked otherwise
  const int64_t cache_mb = EnvInt("CREDITS_BENCH_CACHE_MB", 0);
  if (cache_mb > 0) options.memory_bytes = static_cast<size_t>(cache_mb) << 20;
  std::fprintf(stderr, "credits_bench: RocksDB memory budget %zu MB\n", options.memory_bytes >> 20);
  auto storage = ledger::Storage::Open(d.rocks_dir, options);
  Die(storage.status(), "Storage::Open");
  d.rocks = std::move(*storage);
  std::unique_ptr<ledger::WriteTxn> txn = d.rocks->NewWriteTxn(/*indexed=*/false);
  int in_txn = 0;
  for (const auto& [key, value] : d.memory.Contents(ledger::Space::kViews)) {
    txn->Put(ledger::Space::kViews, key, value);
    if (++in_txn == 2000) {
      Die(d.rocks->Commit(*txn, /*sync=*/false), "Commit");
      txn = d.rocks->NewWriteTxn(false);
      in_txn = 0;
    }
  }
  Die(d.rocks->Commit(*txn, /*sync=*/true), "Commit");
  txn.reset();
  // Close flushes the memtables: after the reopen the portfolio reads RocksDB's tables, as a
  // server that has run for a while does.
  Die(d.rocks->Reopen(), "Reopen");
}

Dataset& Data() {
  static Dataset* data = [] {
    auto* d = new Dataset;
    d->credits = EnvInt("CREDITS_BENCH_N", 100'000);
    d->seed = static_cast<uint64_t>(EnvInt("CREDITS_BENCH_SEED", 20261123));
    const absl::Time t0 = absl::Now();
    Rng rng(d->seed);
    for (int64_t n = 1; n <= d->credits; ++n) {
      const v1::Credit credit = BuildCredit(RandomSpec(n, rng));
      std::string bytes = credit.SerializeAsString();
      d->bytes += static_cast<int64_t>(bytes.size());
      d->memory.Put(ledger::Space::kViews, CreditKey(credit.id()), bytes);
    }
    const absl::Time t1 = absl::Now();
    LoadRocks(*d);
    std::fprintf(stderr,
                 "credits_bench: %lld credits, seed %llu, %.1f MB serialized (%.0f bytes/credit); generated in "
                 "%.1f s, loaded into RocksDB at %s in %.1f s\n",
                 static_cast<long long>(d->credits), static_cast<unsigned long long>(d->seed), d->bytes / 1e6,
                 static_cast<double>(d->bytes) / static_cast<double>(d->credits), absl::ToDoubleSeconds(t1 - t0),
                 d->rocks_dir.c_str(), absl::ToDoubleSeconds(absl::Now() - t1));
    built = d;
    // One untimed pass over each store, so that no measured run pays for first touches.
    ScanParse(d->memory, d->credits);
    ScanParse(*d->rocks->NewSnapshot(), d->credits);
    return d;
  }();
  return *data;
}

// ---- schedules ----

ScheduleTerms Annuity360() {
  ScheduleTerms t;
  t.amortisation = Amortisation::kAnnuity;
  t.principal_ore = 2'000'000'00;
  t.start = absl::CivilDay(2026, 1, 10);
  t.term_months = 360;
  t.payment_day = 25;
  t.rate_bp = 475;
  t.day_count = DayCount::k30E360;
  t.first_fee_ore = 500'00;
  return t;
}

// Floor: 360 Instalment structs from plain integer arithmetic (a level payment given, interest
// truncated, no validation, no exact rationals).
void BM_FloorSchedule360(benchmark::State& state) {
  const ScheduleTerms t = Annuity360();
  const int64_t payment = *AnnuityPayment(t.principal_ore, t.rate_bp, 1, 360);
  for (auto _ : state) {
    std::vector<Instalment> out;
    out.reserve(360);
    int64_t open = t.principal_ore;
    const absl::CivilMonth first(t.start);
    for (int k = 1; k <= 360; ++k) {
      const absl::CivilMonth m = first + k;
      Instalment in;
      in.number = k;
      in.due = absl::CivilDay(m.year(), m.month(), t.payment_day);
      in.opening_principal_ore = open;
      in.interest_ore = open * t.rate_bp / 120'000;
      in.principal_ore = k == 360 ? open : std::min(open, payment - in.interest_ore);
      open -= in.principal_ore;
      out.push_back(in);
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_FloorSchedule360)->Unit(benchmark::kMicrosecond);

void BM_BuildSchedule360(benchmark::State& state) {
  const ScheduleTerms t = Annuity360();
  for (auto _ : state) {
    auto schedule = BuildSchedule(t);
    Die(schedule.status(), "BuildSchedule");
    benchmark::DoNotOptimize(schedule->data());
  }
}
BENCHMARK(BM_BuildSchedule360)->Unit(benchmark::kMicrosecond);

CreditSpec Spec360() {
  CreditSpec s;
  s.number = 4711;
  s.product = 0;
  s.amount_ore = 2'000'000'00;
  s.term_months = 360;
  s.disbursed = absl::CivilDay(2011, 11, 10);  // 180 instalments due by the as-of date
  s.behaviour = Behaviour::kSometimesLate;
  return s;
}

void BM_ComposeSchedule360(benchmark::State& state) {
  SeqCounter seq;
  const v1::Credit credit = ApprovedCredit(Spec360(), seq);
  NewScheduleTerms t;
  t.start = absl::CivilDay(2026, 1, 10);
  t.principal_ore = 2'000'000'00;
  t.term_months = 360;
  t.first_fee_ore = 500'00;
  t.reason = v1::FIRST_DISBURSEMENT;
  for (auto _ : state) {
    auto schedule = ComposeSchedule(credit, {}, t);
    Die(schedule.status(), "ComposeSchedule");
    benchmark::DoNotOptimize(schedule->instalments_size());
  }
}
BENCHMARK(BM_ComposeSchedule360)->Unit(benchmark::kMicrosecond);

// ---- one credit ----

// A typical credit: 120-month annuity, 60 instalments due by the as-of date, some paid late.
CreditSpec SpecTypical() {
  CreditSpec s = Spec360();
  s.number = 815;
  s.amount_ore = 750'000'00;
  s.term_months = 120;
  s.disbursed = absl::CivilDay(2021, 11, 10);
  return s;
}

void StandingOf(benchmark::State& state, const CreditSpec& spec) {
  const v1::Credit credit = BuildCredit(spec);
  for (auto _ : state) {
    auto standing = StandingAsOf(credit, kAsOf, 1200);  // reference 4 % + 8 pp, as `credit show`
    Die(standing.status(), "StandingAsOf");
    benchmark::DoNotOptimize(standing->outstanding_principal_ore());
  }
  state.counters["payments"] = credit.payments_size();
  state.counters["bytes"] = static_cast<double>(credit.ByteSizeLong());
}
void ParseOf(benchmark::State& state, const CreditSpec& spec) {
  const std::string bytes = BuildCredit(spec).SerializeAsString();
  v1::Credit credit;
  for (auto _ : state) {
    if (!credit.ParseFromString(bytes)) Die(absl::DataLossError("parse"), "ParseFromString");
    benchmark::DoNotOptimize(credit.payments_size());
  }
}
void BM_StandingAsOf_Typical(benchmark::State& state) { StandingOf(state, SpecTypical()); }
void BM_StandingAsOf_360(benchmark::State& state) { StandingOf(state, Spec360()); }
void BM_FloorParse_Typical(benchmark::State& state) { ParseOf(state, SpecTypical()); }
void BM_FloorParse_360(benchmark::State& state) { ParseOf(state, Spec360()); }
BENCHMARK(BM_FloorParse_Typical)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StandingAsOf_Typical)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FloorParse_360)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_StandingAsOf_360)->Unit(benchmark::kMicrosecond);

// ---- the portfolio ----

// Floor: scan and parse every credit, compute nothing.
int64_t ScanParse(const ledger::KvReader& reader, int64_t expected) {
  v1::Credit credit;
  int64_t seen = 0;
  Die(reader.Scan(ledger::Space::kViews, kCreditPrefix, ledger::PrefixEnd(kCreditPrefix),
                  [&](absl::string_view, absl::string_view value) {
                    if (!credit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                      Die(absl::DataLossError("a credit does not decode"), "ScanParse");
                    }
                    ++seen;
                    return true;
                  }),
      "Scan");
  if (seen != expected) Die(absl::InternalError("the scan missed credits"), "ScanParse");
  return seen;
}

void Report(benchmark::State& state, const Dataset& d) {
  state.counters["credits"] = static_cast<double>(d.credits);
  state.counters["credits_per_s"] =
      benchmark::Counter(static_cast<double>(d.credits) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.SetBytesProcessed(d.bytes * state.iterations());
}

void CheckPortfolio(const v1::PortfolioResponse& p, const Dataset& d, std::string& keep) {
  if (p.credits_scanned() != d.credits) Die(absl::InternalError("portfolio did not scan every credit"), "check");
  keep = p.SerializeAsString();
}

// The portfolio the slow way, one credit after another on this thread: BuildPortfolio must agree.
std::string SequentialPortfolio(const ledger::KvReader& reader) {
  PortfolioBuilder builder(kAsOf);
  v1::Credit credit;
  Die(reader.Scan(ledger::Space::kViews, kCreditPrefix, ledger::PrefixEnd(kCreditPrefix),
                  [&](absl::string_view, absl::string_view value) {
                    if (!credit.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
                      Die(absl::DataLossError("a credit does not decode"), "SequentialPortfolio");
                    }
                    Die(builder.Add(credit), "PortfolioBuilder::Add");
                    return true;
                  }),
      "Scan");
  return builder.Finish().SerializeAsString();
}

void BM_FloorScanParse_Memory(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) benchmark::DoNotOptimize(ScanParse(d.memory, d.credits));
  Report(state, d);
}
void BM_Portfolio_Memory(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) {
    auto p = BuildPortfolio(d.memory, kAsOf);
    Die(p.status(), "BuildPortfolio");
    CheckPortfolio(*p, d, d.memory_result);
  }
  Report(state, d);
}
void BM_FloorScanParse_RocksDB(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) benchmark::DoNotOptimize(ScanParse(*d.rocks->NewSnapshot(), d.credits));
  Report(state, d);
}
void BM_Portfolio_RocksDB(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) {
    auto p = BuildPortfolio(*d.rocks->NewSnapshot(), kAsOf);
    Die(p.status(), "BuildPortfolio");
    CheckPortfolio(*p, d, d.rocks_result);
  }
  Report(state, d);
}
// The same portfolio on one thread (PortfolioBuilder fed by the scan): what the two-thread
// BuildPortfolio gains.
void BM_SequentialPortfolio_Memory(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) benchmark::DoNotOptimize(SequentialPortfolio(d.memory));
  Report(state, d);
}
void BM_SequentialPortfolio_RocksDB(benchmark::State& state) {
  Dataset& d = Data();
  for (auto _ : state) benchmark::DoNotOptimize(SequentialPortfolio(*d.rocks->NewSnapshot()));
  Report(state, d);
}
BENCHMARK(BM_FloorScanParse_Memory)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);
BENCHMARK(BM_Portfolio_Memory)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);
BENCHMARK(BM_FloorScanParse_RocksDB)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);
BENCHMARK(BM_Portfolio_RocksDB)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);
BENCHMARK(BM_SequentialPortfolio_Memory)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);
BENCHMARK(BM_SequentialPortfolio_RocksDB)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->Iterations(3);

// ---- ratios ----

// Passes every run to the console and remembers the seconds per iteration by function name.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred || run.iterations == 0) continue;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      seconds_[run.run_name.function_name] = run.real_accumulated_time / static_cast<double>(run.iterations);
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void PrintRatios() const {
    std::printf("\nratios against floors measured in this run (time / floor):\n");
    for (auto [what, floor] : {std::pair{"BM_BuildSchedule360", "BM_FloorSchedule360"},
                               {"BM_ComposeSchedule360", "BM_FloorSchedule360"},
                               {"BM_StandingAsOf_Typical", "BM_FloorParse_Typical"},
                               {"BM_StandingAsOf_360", "BM_FloorParse_360"},
                               {"BM_Portfolio_Memory", "BM_FloorScanParse_Memory"},
                               {"BM_Portfolio_RocksDB", "BM_FloorScanParse_RocksDB"},
                               {"BM_SequentialPortfolio_Memory", "BM_FloorScanParse_Memory"},
                               {"BM_SequentialPortfolio_RocksDB", "BM_FloorScanParse_RocksDB"}}) {
      auto a = seconds_.find(what);
      auto b = seconds_.find(floor);
      if (a == seconds_.end() || b == seconds_.end()) continue;
      std::printf("  %-30s / %-26s = %8.2f\n", what, floor, a->second / b->second);
    }
    auto p = seconds_.find("BM_Portfolio_RocksDB");
    if (p != seconds_.end()) {
      std::printf("\nportfolio as of %s over RocksDB: %.3f s (target < 2 s: %s)\n", ledger::FormatDate(kAsOf).c_str(),
                  p->second, p->second < 2.0 ? "met" : "NOT met");
    }
  }

 private:
  std::map<std::string, double> seconds_;
};

// Prints the portfolio's total line, checks both stores gave the same portfolio, removes the
// RocksDB directory. Nothing when the data set was not built (a filtered run).
void Finish() {
  if (built == nullptr) return;
  Dataset& d = *built;
  v1::PortfolioResponse p;
  if (!d.rocks_result.empty() && p.ParseFromString(d.rocks_result)) {
    for (const v1::PortfolioGroup& g : p.groups()) {
      if (g.dimension() != "total") continue;
      std::printf("portfolio total: %d credits, outstanding %.0f kr, overdue %.0f kr, PAR30 %.2f %%, "
                  "buckets 1-30/31-60/61-90/90+: %d/%d/%d/%d\n",
                  g.credits(), g.outstanding_principal_ore() / 100.0, g.overdue_ore() / 100.0, g.par30_bp() / 100.0,
                  g.bucket_counts_1_30(), g.bucket_counts_31_60(), g.bucket_counts_61_90(), g.bucket_counts_over_90());
    }
    std::printf("portfolio groups: %d\n", p.groups_size());
  }
  if (!d.rocks_result.empty() && !d.memory_result.empty()) {
    std::printf("MemoryKv and RocksDB portfolios identical: %s\n", d.rocks_result == d.memory_result ? "yes" : "NO");
  }
  if (!d.memory_result.empty()) {
    std::printf("BuildPortfolio equals the sequential PortfolioBuilder: %s\n",
                SequentialPortfolio(d.memory) == d.memory_result ? "yes" : "NO");
  }
  Die(d.rocks->Close(), "Close");
  std::filesystem::remove_all(d.rocks_dir);
}

}  // namespace
}  // namespace fondbok::credits

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  fondbok::credits::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  fondbok::credits::Finish();
  benchmark::Shutdown();
  return 0;
}
