// Restructuring actions of scenarios: invariants, dates, the chair rule, errors naming codes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cchc/scenario.hpp"

using namespace cchc;

namespace {

Agency unit(std::string code, AgencyKind kind, Level level, Index parent, std::int64_t pop, double km) {
    Agency a;
    a.code = std::move(code);
    a.name = "Ủy ban nhân dân xã " + a.code;
    a.kind = kind;
    a.level = level;
    a.parent = parent;
    a.population = pop;
    a.travel_km = km;
    a.quota_civil_servants = 10;
    a.territory = kind == AgencyKind::commune_people_committee ? Territory::commune : Territory::none;
    return a;
}

// P ─ H (district) ─ X1 (pop 300, 4 km), X2 (pop 100, 6 km); task T chaired by X1, coordinated by X2.
Shared<Model> small() {
    ModelParts p;
    p.info.name = "restructure";
    p.info.as_of = make_date(2024, 12, 31);
    p.agencies.push_back(unit("P", AgencyKind::provincial_people_committee, Level::province, kNone, 1000, 40));
    p.agencies.push_back(unit("H", AgencyKind::district_people_committee, Level::district, 0, 400, 20));
    p.agencies.push_back(unit("X1", AgencyKind::commune_people_committee, Level::commune, 1, 300, 4));
    p.agencies.push_back(unit("X2", AgencyKind::commune_people_committee, Level::commune, 1, 100, 6));
    Task t;
    t.code = "T";
    t.name = "Hộ tịch";
    t.assignments = {{2, TaskRole::chair, kNoDate, kNoDate}, {3, TaskRole::coordinate, kNoDate, kNoDate}};
    p.tasks.push_back(t);
    Procedure pr;
    pr.code = "1.1";
    pr.name = "Khai sinh";
    pr.field = "Hộ tịch";
    pr.levels = {Level::commune};
    pr.volumes = {{2, 30.0}, {3, 10.0}};
    p.procedures.push_back(pr);
    for (int i = 0; i < 5; ++i) {
        p.people.id.push_back("P" + std::to_string(i));
        p.people.agency.push_back(i < 3 ? 2 : 3);
        p.people.category.push_back(PersonCategory::cong_chuc);
        p.people.rank_group.push_back(RankGroup::none);
        p.people.rank.push_back(p.people.strings.intern(""));
        p.people.position.push_back(p.people.strings.intern(""));
        p.people.leadership.push_back(Leadership::none);
        p.people.birth_year.push_back(1980);
        p.people.gender.push_back(Gender::female);
        p.people.ethnicity.push_back(p.people.strings.intern("Kinh"));
        p.people.entered.push_back(make_date(2010, 1, 1));
        p.people.left.push_back(kNoDate);
    }
    p.records.offsets.assign(6, 0);
    return Model::build(std::move(p));
}

Scenario merge_into_new() {
    return Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "m", "actions": [
        {"action": "merge_units", "units": ["X1", "X2"], "into": "XN", "name": "xã Mới", "date": "2025-07-01"}]})");
}

}  // namespace

TEST(restructure, merge_conserves_and_dates) {
    const auto m = small();
    const Applied out = apply(*m, merge_into_new());
    const Model& r = *out.model;
    ASSERT_EQ(r.agencies().size(), 5U);
    const Index xn = r.agency_index("XN");
    const Agency& n = r.agencies()[static_cast<std::size_t>(xn)];
    EXPECT_EQ(n.valid_from, make_date(2025, 7, 1));
    EXPECT_EQ(n.quota_civil_servants, 20);
    EXPECT_EQ(n.population, 400);
    // Seat X1 (most populous); X2's residents: sqrt(6² + (1.5 (6 + 4))²).
    EXPECT_NEAR(n.travel_km, (300 * 4 + 100 * std::hypot(6.0, 15.0)) / 400, 1e-12);
    EXPECT_EQ(r.agencies()[2].valid_to, make_date(2025, 6, 30));
    EXPECT_EQ(r.info().as_of, make_date(2025, 7, 1));
    // People, volumes conserved and moved.
    ASSERT_EQ(r.people().size(), 5U);
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(r.people().agency[i], xn);
    ASSERT_EQ(r.procedures()[0].volumes.size(), 1U);
    EXPECT_DOUBLE_EQ(r.procedures()[0].volumes[0].annual, 40.0);
    // T: old assignments end the day before; XN chairs once from the date.
    const auto& as = r.tasks()[0].assignments;
    int chairs_after = 0;
    for (const auto& x : as) {
        if (x.agency != xn) {
            EXPECT_EQ(x.valid_to, make_date(2025, 6, 30));
        } else {
            EXPECT_EQ(x.role, TaskRole::chair);
            ++chairs_after;
        }
    }
    EXPECT_EQ(chairs_after, 1);
    EXPECT_FALSE(out.log.empty());
}

TEST(restructure, unknown_code_names_closest) {
    const auto m = small();
    const auto s = Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "m", "actions": [
        {"action": "merge_units", "units": ["X1", "X3"], "into": "X1", "date": "2025-07-01"}]})");
    try {
        (void)apply(*m, s);
        FAIL() << "expected ScenarioError";
    } catch (const ScenarioError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/actions/0/units/1"), std::string::npos) << what;
        EXPECT_NE(what.find("unknown agency 'X3'"), std::string::npos) << what;
        EXPECT_NE(what.find("'X1'"), std::string::npos) << what;
    }
}

TEST(restructure, field_errors_name_the_pointer_in_the_shared_style) {
    // Restructuring actions are read with the same field reader as every other document (io::JsonFields).
    auto message = [](const std::string& action) {
        try {
            (void)Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "m", "actions": [)" + action +
                                      "]}");
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(R"({"action": "merge_units", "units": "X1", "into": "X1"})"),
              "scenario at /actions/0/units: must be an array, got a string");
    EXPECT_EQ(message(R"({"action": "merge_units", "units": ["X1", 7], "into": "X1"})"),
              "scenario at /actions/0/units/1: must be a string, got an integer");
    EXPECT_EQ(message(R"({"action": "rename_unit", "agency": "X1", "name": "N", "date": "2025-13-01"})"),
              "scenario at /actions/0/date: '2025-13-01' is not a valid date \"YYYY-MM-DD\" (years 1900..2200)");
    EXPECT_EQ(message(R"({"action": "merge_communes", "mapping": [{"code": "N", "from": ["X1"], "colour": 1}]})"),
              "scenario at /actions/0/mapping/0/colour: unknown field 'colour' (known: code, name, territory, "
              "parent, from, seat)");
    EXPECT_EQ(message(R"({"action": "transfer_tasks", "from": "X1", "to": "X2", "tasks": ["T1"], "role": "boss"})"),
              "scenario at /actions/0/role: unknown value 'boss'; allowed: " + allowed_values<TaskRole>());
}

TEST(restructure, json_round_trip) {
    const Scenario s = merge_into_new();
    EXPECT_EQ(Scenario::from_json(s.to_json()).to_json(), s.to_json());
    EXPECT_THROW(Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "m", "actions": [
        {"action": "dissolve_level", "level": "province"}]})"),
                 ScenarioError);
}

TEST(restructure, evaluator_refuses_restructuring) {
    ScenarioEvaluator ev(small());
    EXPECT_THROW((void)ev.evaluate(merge_into_new()), ScenarioError);
}
