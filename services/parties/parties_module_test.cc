#include "services/parties/parties_module.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "ledger/kv.h"
#include "services/parties/check_digits.h"

namespace fondbok::parties {
namespace {

class MemoryState final : public ledger::StateReader {
 public:
  explicit MemoryState(ledger::MemoryKv* kv) : kv_(kv) {}
  absl::StatusOr<std::optional<std::string>> Get(ledger::Space space, absl::string_view key) const override {
    return kv_->Get(space, key);
  }
  absl::Status Scan(ledger::Space space, absl::string_view start, absl::string_view end,
                    const ledger::ScanVisitor& visit) const override {
    return kv_->Scan(space, start, end, visit);
  }
  absl::StatusOr<std::optional<v1::JournalEntry>> GetEntry(uint64_t) const override { return std::nullopt; }

 private:
  ledger::MemoryKv* kv_;
};

v1::Command Register(const std::string& name, const std::string& org_number, v1::LegalForm form,
                     const std::string& municipality, const std::string& bankgiro = "",
                     const std::string& contact = "") {
  v1::Command command;
  v1::Organisation* o = command.mutable_register_organisation()->mutable_organisation();
  o->set_name(name);
  o->set_org_number(org_number);
  o->set_legal_form(form);
  o->set_municipality(municipality);
  o->set_bankgiro(bankgiro);
  o->set_contact(contact);
  return command;
}

v1::Command Close(const std::string& id, const std::string& reason) {
  v1::Command command;
  command.mutable_close_organisation()->set_organisation_id(id);
  command.mutable_close_organisation()->set_reason(reason);
  return command;
}

ledger::CommandContext Context(absl::string_view actor) {
  ledger::CommandContext context;
  context.actor = actor;
  context.request_id = "r";
  context.now = absl::FromUnixSeconds(1'800'000'000);
  context.today = absl::CivilDay(2027, 1, 15);
  return context;
}

class PartiesModuleTest : public ::testing::Test {
 protected:
  absl::StatusOr<ledger::Decision> Decide(const v1::Command& command, absl::string_view role = "officer") {
    ledger::CommandContext context = Context("tok-officer");
    context.actor_role = role;
    return module_.Decide(context, command, state_);
  }
  uint64_t Project(const ledger::Decision& decision) {
    v1::JournalEntry entry;
    entry.set_seq(++seq_);
    *entry.mutable_event() = decision.event;
    ledger::ViewWriter views("parties/", &kv_);
    absl::Status status = module_.Project(entry, views);
    EXPECT_TRUE(status.ok()) << status;
    return seq_;
  }
  // Decides and projects a command that must succeed.
  void Apply(const v1::Command& command) {
    auto decision = Decide(command);
    ASSERT_TRUE(decision.ok()) << decision.status();
    Project(*decision);
  }
  v1::Organisation Org(const std::string& id) {
    auto org = ReadOrganisation(kv_, id);
    EXPECT_TRUE(org.ok() && org->has_value()) << id;
    return org.ok() && org->has_value() ? **org : v1::Organisation();
  }

  PartiesModule module_;
  ledger::MemoryKv kv_;
  MemoryState state_{&kv_};
  uint64_t seq_ = 0;
};

TEST_F(PartiesModuleTest, RegisterRules) {
  const std::string long_name(kOrganisationNameBytesMax + 1, 'x');
  struct Case {
    v1::Command command;
    absl::StatusCode code;
    std::string message_part;
  } cases[] = {
      {Register("Ängens kooperativ", "556036-0793", v1::EKONOMISK_FORENING, "0583"), absl::StatusCode::kOk, ""},
      {Register("Ängen", "5560360793", v1::AKTIEBOLAG, "1480", "5402-9681", "Anna, 070-1234567"),
       absl::StatusCode::kOk, ""},
      {Register(std::string(kOrganisationNameBytesMax, 'x'), "556036-0793", v1::STIFTELSE, "0583"),
       absl::StatusCode::kOk, ""},
      {Register("", "556036-0793", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument, "organisation name"},
      {Register("   ", "556036-0793", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument, "organisation name"},
      {Register(long_name, "556036-0793", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument, "1–200 bytes"},
      {Register("A\nB", "556036-0793", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument, "one line"},
      {Register("A", "556036-0794", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument,
       "organisation number \"556036-0794\" has a wrong check digit (expected 3)"},
      {Register("A", "811218-9876", v1::STIFTELSE, "0583"), absl::StatusCode::kInvalidArgument, "20 or more"},
      {Register("A", "556036-0793", v1::LEGAL_FORM_UNSPECIFIED, "0583"), absl::StatusCode::kInvalidArgument,
       "legal form"},
      {Register("A", "556036-0793", static_cast<v1::LegalForm>(99), "0583"), absl::StatusCode::kInvalidArgument,
       "legal form"},
      {Register("A", "556036-0793", v1::STIFTELSE, ""), absl::StatusCode::kInvalidArgument, "kommunkod"},
      {Register("A", "556036-0793", v1::STIFTELSE, "0283"), absl::StatusCode::kInvalidArgument, "county"},
      {Register("A", "556036-0793", v1::STIFTELSE, "0583", "5402-9682"), absl::StatusCode::kInvalidArgument,
       "bankgiro"},
      {Register("A", "556036-0793", v1::STIFTELSE, "0583", "", std::string(kContactBytesMax + 1, 'c')),
       absl::StatusCode::kInvalidArgument, "contact"},
  };
  for (const Case& c : cases) {
    auto decision = Decide(c.command);
    EXPECT_EQ(decision.status().code(), c.code) << c.command.ShortDebugString() << " → " << decision.status();
    EXPECT_TRUE(absl::StrContains(decision.status().message(), c.message_part)) << decision.status();
  }
  EXPECT_TRUE(kv_.Contents(ledger::Space::kViews).empty()) << "Decide wrote";
}

TEST_F(PartiesModuleTest, OnlyAdminsAndOfficersWrite) {
  const v1::Command register_command = Register("A", "556036-0793", v1::STIFTELSE, "0583");
  struct Case {
    std::string role;
    absl::StatusCode code;
  } cases[] = {
      {"admin", absl::StatusCode::kOk},
      {"officer", absl::StatusCode::kOk},
      {"board", absl::StatusCode::kPermissionDenied},
      {"auditor", absl::StatusCode::kPermissionDenied},
      {"member", absl::StatusCode::kPermissionDenied},
      {"supporter", absl::StatusCode::kPermissionDenied},
      {"bank", absl::StatusCode::kPermissionDenied},
      {"", absl::StatusCode::kPermissionDenied},  // not the system actor either
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Decide(register_command, c.role).status().code(), c.code) << c.role;
    EXPECT_EQ(Decide(Close("ORG-000001", "r"), c.role).status().code(),
              c.code == absl::StatusCode::kOk ? absl::StatusCode::kNotFound : c.code)
        << c.role;
  }
  ledger::CommandContext system = Context("system");
  EXPECT_TRUE(module_.Decide(system, register_command, state_).ok());
}

TEST_F(PartiesModuleTest, RegisterAssignsIdsAndNormalizes) {
  auto decision = Decide(Register("  Ängens kooperativ ", "556036-0793", v1::EKONOMISK_FORENING, "0583",
                                  "5402-9681", " Anna "));
  ASSERT_TRUE(decision.ok()) << decision.status();
  const v1::Organisation& event = decision->event.organisation_registered().organisation();
  EXPECT_EQ(event.id(), "ORG-000001");
  EXPECT_EQ(event.name(), "Ängens kooperativ");
  EXPECT_EQ(event.org_number(), "5560360793");
  EXPECT_EQ(event.bankgiro(), "54029681");
  EXPECT_EQ(event.contact(), "Anna");
  EXPECT_EQ(event.registered_seq(), 0u);  // set by Project from the entry
  EXPECT_TRUE(decision->postings.empty());
  seq_ = 6;
  Project(*decision);

  v1::Organisation stored = Org("ORG-000001");
  EXPECT_EQ(stored.registered_seq(), 7u);
  EXPECT_EQ(stored.municipality(), "0583");
  EXPECT_EQ(stored.legal_form(), v1::EKONOMISK_FORENING);
  EXPECT_FALSE(stored.closed());
  auto by_number = FindOrganisationId(kv_, "5560360793");
  ASSERT_TRUE(by_number.ok() && by_number->has_value());
  EXPECT_EQ(**by_number, "ORG-000001");

  Apply(Register("Second", "212000-1355", v1::OTHER_LEGAL_FORM, "1480"));
  EXPECT_EQ(Org("ORG-000002").name(), "Second");
  EXPECT_EQ(kv_.Get(ledger::Space::kViews, kNextOrganisationIdKey)->value_or(""), "3");
  EXPECT_EQ(OrganisationId(1234567), "ORG-1234567");
}

TEST_F(PartiesModuleTest, DuplicateOrgNumberNamesTheExistingId) {
  Apply(Register("First", "556036-0793", v1::AKTIEBOLAG, "0583"));
  for (const std::string number : {"556036-0793", "5560360793", "165560360793"}) {
    auto again = Decide(Register("Other name", number, v1::STIFTELSE, "1480"));
    EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists) << number;
    EXPECT_TRUE(absl::StrContains(again.status().message(), "ORG-000001")) << again.status();
    EXPECT_TRUE(absl::StrContains(again.status().message(), "556036-0793")) << again.status();
  }
}

TEST_F(PartiesModuleTest, CloseRules) {
  Apply(Register("First", "556036-0793", v1::AKTIEBOLAG, "0583"));
  struct Case {
    v1::Command command;
    absl::StatusCode code;
    std::string message_part;
  } before[] = {
      {Close("ORG-000009", "gone"), absl::StatusCode::kNotFound, "ORG-000009 does not exist"},
      {Close("", "gone"), absl::StatusCode::kInvalidArgument, "id"},
      {Close("ORG-000001", ""), absl::StatusCode::kInvalidArgument, "reason"},
      {Close("ORG-000001", "  "), absl::StatusCode::kInvalidArgument, "reason"},
      {Close("ORG-000001", std::string(kCloseReasonBytesMax + 1, 'r')), absl::StatusCode::kInvalidArgument,
       "reason"},
  };
  for (const Case& c : before) {
    auto decision = Decide(c.command);
    EXPECT_EQ(decision.status().code(), c.code) << c.command.ShortDebugString() << decision.status();
    EXPECT_TRUE(absl::StrContains(decision.status().message(), c.message_part)) << decision.status();
  }
  auto closed = Decide(Close("ORG-000001", " merged into another cooperative "));
  ASSERT_TRUE(closed.ok()) << closed.status();
  const uint64_t seq = Project(*closed);
  v1::Organisation stored = Org("ORG-000001");
  EXPECT_TRUE(stored.closed());
  EXPECT_EQ(stored.closed_reason(), "merged into another cooperative");
  EXPECT_EQ(stored.closed_seq(), seq);
  EXPECT_EQ(stored.registered_seq(), 1u);

  auto again = Decide(Close("ORG-000001", "again"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(again.status().message(), "already closed")) << again.status();
  // A closed organisation keeps its number: registering it again is still a duplicate.
  EXPECT_EQ(Decide(Register("Reborn", "556036-0793", v1::AKTIEBOLAG, "0583")).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(PartiesModuleTest, ReplayRebuildsTheSameViews) {
  std::vector<v1::JournalEntry> journal;
  for (const v1::Command& command : {Register("A", "556036-0793", v1::AKTIEBOLAG, "0583"),
                                     Register("B", "212000-1355", v1::STIFTELSE, "1480", "123-4566"),
                                     Close("ORG-000001", "dissolved")}) {
    auto decision = Decide(command);
    ASSERT_TRUE(decision.ok()) << decision.status();
    v1::JournalEntry entry;
    entry.set_seq(++seq_);
    *entry.mutable_event() = decision->event;
    ledger::ViewWriter views("parties/", &kv_);
    ASSERT_TRUE(module_.Project(entry, views).ok());
    journal.push_back(entry);
  }
  ledger::MemoryKv replayed;
  for (const v1::JournalEntry& entry : journal) {
    ledger::ViewWriter views("parties/", &replayed);
    ASSERT_TRUE(module_.Project(entry, views).ok());
  }
  EXPECT_EQ(replayed.Contents(ledger::Space::kViews), kv_.Contents(ledger::Space::kViews));
}

TEST_F(PartiesModuleTest, ProjectRefusesEventsItCouldNotHaveDecided) {
  ledger::ViewWriter views("parties/", &kv_);
  v1::JournalEntry entry;
  entry.set_seq(1);
  entry.mutable_event()->mutable_organisation_closed()->set_organisation_id("ORG-000404");
  EXPECT_EQ(module_.Project(entry, views).code(), absl::StatusCode::kDataLoss);
  entry.mutable_event()->mutable_organisation_registered()->mutable_organisation()->set_id("bad");
  EXPECT_EQ(module_.Project(entry, views).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace fondbok::parties
