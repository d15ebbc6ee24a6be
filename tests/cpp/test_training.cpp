#include "cchc/training.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace cchc;
using namespace cchc::training;

namespace {

Date D(int y, unsigned m, unsigned d) { return make_date(y, m, d); }

struct Rec {
    std::string course;
    Date start, end;
    float periods;
};

// A small model: one department, courses CN (24 periods) and CN40, people with records.
class Builder {
  public:
    Builder() {
        parts.agencies.push_back({.code = "SNV", .name = "Sở Nội vụ", .kind = AgencyKind::department});
        parts.agencies.push_back({.code = "XA", .name = "UBND xã", .kind = AgencyKind::commune_people_committee,
                                  .level = Level::commune, .travel_km = 30});
        parts.courses.push_back({.code = "CN", .name = "Cập nhật", .content = CourseContent::knowledge_update,
                                 .periods = 24, .days = 3});
        parts.courses.push_back({.code = "CN40", .name = "Cập nhật 40", .content = CourseContent::knowledge_update,
                                 .periods = 40, .days = 5});
        parts.people.strings.intern("");
    }
    void person(const std::string& id, Index agency, RankGroup rank, Date entered, const std::vector<Rec>& recs) {
        auto& p = parts.people;
        p.id.push_back(id);
        p.agency.push_back(agency);
        p.category.push_back(PersonCategory::cong_chuc);
        p.rank_group.push_back(rank);
        p.rank.push_back(0);
        p.position.push_back(0);
        p.leadership.push_back(Leadership::none);
        p.birth_year.push_back(1980);
        p.gender.push_back(Gender::female);
        p.ethnicity.push_back(0);
        p.entered.push_back(entered);
        p.left.push_back(kNoDate);
        for (const auto& r : recs) {
            parts.records.course.push_back(r.course == "CN" ? 0 : 1);
            parts.records.start.push_back(r.start);
            parts.records.end.push_back(r.end);
            parts.records.periods.push_back(r.periods);
            parts.records.result.push_back(TrainingResult::passed);
            parts.records.certificate.push_back(0);
        }
        parts.records.offsets.push_back(static_cast<std::int64_t>(parts.records.course.size()));
    }
    Shared<Model> build() { return Model::build(parts); }
    ModelParts parts;
};

const char* kPack = R"({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
  {"code": "U40", "source": "Decree 101/2017", "kind": "periodic", "periods": 40,
   "valid_from": "2017-10-15", "valid_to": "2021-12-09", "match": {"content": ["knowledge_update"]}}]})";

}  // namespace

TEST(training, rule_errors_name_json_pointers) {
    const char* bad = R"({"format": "cchc-training-rules", "version": 1, "name": "b", "rules": [
      {"code": "A", "source": "s", "kind": "yearly", "match": {"content": ["x"]}},
      {"code": "A", "source": "s", "kind": "once"}]})";
    try {
        (void)parse_rules(bad, "bad.json");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        std::vector<std::string> paths;
        for (const auto& p : e.problems()) paths.push_back(p.path);
        for (const char* want : {"/rules/0/kind", "/rules/0/match/content/0", "/rules/1/code", "/rules/1/match"})
            EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
        std::map<std::string, std::string> msg;
        for (const auto& p : e.problems()) msg[p.path] = p.message;
        EXPECT_EQ(msg["/rules/0/kind"], "unknown value 'yearly'; allowed: " + allowed_values<RuleKind>());
        EXPECT_EQ(msg["/rules/0/match/content/0"], "unknown value 'x'; allowed: " + allowed_values<CourseContent>());
        EXPECT_EQ(msg["/rules/1/match"], "required field 'match' is missing (the courses that satisfy the rule)");
    }
    const RuleSet ok = parse_rules(kPack);
    EXPECT_EQ(parse_rules(rules_to_json(ok)).rules.size(), 1u);
}

// Field types and ranges come from the shared reader: its messages, at the field's pointer, with the rule's code.
TEST(training, rule_field_messages) {
    const char* bad = R"({"format": "cchc-training-rules", "version": 2, "name": "", "rules": [
      {"code": "R1", "source": "s", "kind": "once", "periods": -5, "period_years": 20, "confirmed": "yes",
       "valid_from": 2021, "colour": "red", "applies_to": {"min_age": "x", "position": [""]},
       "match": {"courses": ["C"]}}]})";
    try {
        (void)parse_rules(bad, "bad.json");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        std::map<std::string, std::string> msg;
        for (const auto& p : e.problems()) {
            msg[p.path] = p.message;
            if (p.path.starts_with("/rules/0/")) {
                EXPECT_EQ(p.code, "R1") << p.path;
            }
        }
        EXPECT_EQ(msg.size(), 9u);
        EXPECT_EQ(msg["/version"], "this cchc reads version 1 of rule packs, got 2");
        EXPECT_EQ(msg["/name"], "must not be empty");
        EXPECT_EQ(msg["/rules/0/periods"], "must be ≥ 0, got -5");
        EXPECT_EQ(msg["/rules/0/period_years"], "must be an integer in 1..10, got 20");
        EXPECT_EQ(msg["/rules/0/confirmed"], "must be true or false, got a string");
        EXPECT_EQ(msg["/rules/0/valid_from"], "must be a date string \"YYYY-MM-DD\", got an integer");
        EXPECT_EQ(msg["/rules/0/colour"].substr(0, 37), "unknown field 'colour' (known: code, ");
        EXPECT_EQ(msg["/rules/0/applies_to/min_age"], "must be an integer, got a string");
        EXPECT_EQ(msg["/rules/0/applies_to/position/0"], "must not be empty");
    }
}

TEST(training, annual_update_until_10_december_2021) {
    Builder b;
    b.person("short", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN", D(2021, 3, 1), D(2021, 3, 3), 24}});
    b.person("full", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN40", D(2021, 3, 1), D(2021, 3, 5), 40}});
    auto m = b.build();
    const RuleSet rules = parse_rules(kPack);
    Gaps g = find_gaps(*m, rules, {D(2021, 6, 30), 1});
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g.person[0], 0);
    EXPECT_FLOAT_EQ(g.missing_periods[0], 16.0f);
    EXPECT_EQ(g.due[0], D(2021, 12, 9));
    EXPECT_EQ(g.since[0], D(2021, 1, 1));
    EXPECT_EQ(g.status[0], GapStatus::short_periods);
    EXPECT_EQ(find_gaps(*m, rules, {D(2022, 6, 30), 1}).size(), 0u);
    Compliance c = compliance(*m, rules, {}, {D(2021, 6, 30), 2});
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c.requirements[0], 2);
    EXPECT_EQ(c.met[0], 1);
    EXPECT_EQ(c.pending[0], 1);
}

TEST(training, plan_respects_seats_budget_and_overlaps) {
    Builder b;
    for (int i = 0; i < 40; ++i) {
        std::string id = std::to_string(i);  // (avoids g++ 12's false -Wrestrict on "p" + string)
        b.person(id, i % 2, RankGroup::specialist, D(2010, 1, 1), {});
    }
    auto m = b.build();
    const RuleSet rules = parse_rules(R"({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
      {"code": "U", "source": "s", "kind": "periodic", "periods": 40, "match": {"content": ["knowledge_update"]}}]})");
    std::vector<Session> sessions;
    for (int s = 0; s < 10; ++s)
        sessions.push_back({s % 2, D(2022, 3, 1) + 4 * s, D(2022, 3, 1) + 4 * s + 5, s % 2, 3 + s % 4,
                            500000 + 100000 * s});
    PlanOptions o;
    o.as_of = D(2022, 1, 1);
    o.budget = 9000000;
    o.max_days_away = 12;
    PlanInstance in = build_plan_instance(*m, rules, sessions, o);
    PlanResult r = solve_plan(in, o);
    EXPECT_LE(r.budget_used, o.budget);
    EXPECT_GE(r.objective, r.greedy_objective);
    std::vector<Index> person;
    for (auto i : r.item) person.push_back(in.item_person[static_cast<std::size_t>(i)]);
    EXPECT_NEAR(plan_objective(in, person, r.session), r.objective, 1e-9);  // also re-checks every constraint
    std::vector<int> used(sessions.size(), 0);
    Vnd spent = 0;
    for (std::size_t k = 0; k < r.session.size(); ++k) {
        ++used[static_cast<std::size_t>(r.session[k])];
        spent += r.cost[k];
    }
    EXPECT_EQ(spent, r.budget_used);
    for (std::size_t s = 0; s < sessions.size(); ++s) EXPECT_LE(used[s], sessions[s].seats);
    PlanResult again = solve_plan(in, o);
    EXPECT_EQ(again.item, r.item);
    EXPECT_EQ(again.session, r.session);
    // every candidate at once breaks the budget and the seats, and is refused
    const Candidates all = enumerate_candidates(in);
    EXPECT_EQ(all.size(), 40u * 10u);  // each person: all 10 sessions (both courses count)
    EXPECT_THROW((void)plan_objective(in, all.person, all.session), Error);
}

TEST(training, plan_demand_spills_to_farther_sessions_when_near_ones_fill) {
    Builder b;
    for (int i = 0; i < 6; ++i) {
        std::string id = std::to_string(i);
        b.person(id, 1, RankGroup::specialist, D(2010, 1, 1), {});  // all at the commune (30 km)
    }
    auto m = b.build();
    const RuleSet rules = parse_rules(R"({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
      {"code": "U", "source": "s", "kind": "periodic", "periods": 40, "match": {"courses": ["CN40"]}}]})");
    // 2 seats at the commune itself, 3 at the department (travel 2 × 30 km × 3,000 đ), 5 more expensive ones
    const std::vector<Session> sessions = {{1, D(2022, 3, 1), D(2022, 3, 5), 1, 2, 1000000},
                                           {1, D(2022, 4, 1), D(2022, 4, 5), 0, 3, 1000000},
                                           {1, D(2022, 5, 1), D(2022, 5, 5), 0, 5, 1500000}};
    PlanOptions o;
    o.as_of = D(2022, 1, 1);
    o.budget = 100000000;
    PlanInstance in = build_plan_instance(*m, rules, sessions, o);
    ASSERT_EQ(in.item_person.size(), 6u);
    EXPECT_EQ(in.cost(1, 1), 1000000 + 180000);
    PlanResult r = solve_plan(in, o);
    std::vector<int> used(3, 0);
    for (auto s : r.session) ++used[static_cast<std::size_t>(s)];
    EXPECT_EQ(used, (std::vector<int>{2, 3, 1}));
    EXPECT_EQ(r.gaps_closed, 6);
    EXPECT_EQ(r.budget_used, 2 * 1000000 + 3 * 1180000 + 1680000);
    // the same with a budget for 4: the 4 cheapest places, the rest unmet for the budget
    o.budget = 2 * 1000000 + 2 * 1180000;
    PlanResult tight = solve_plan(build_plan_instance(*m, rules, sessions, o), o);
    EXPECT_EQ(tight.gaps_closed, 4);
    EXPECT_EQ(std::count(tight.gap_reason.begin(), tight.gap_reason.end(), UnmetReason::budget), 2);
}

TEST(training, added_records_count_in_later_gaps) {
    Builder b;
    b.person("a", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN", D(2020, 3, 1), D(2020, 3, 3), 24}});
    b.person("b", 0, RankGroup::specialist, D(2010, 1, 1), {});
    b.person("c", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN", D(2021, 3, 1), D(2021, 3, 3), 24}});
    auto m = b.build();
    const RuleSet rules = parse_rules(R"({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
      {"code": "U", "source": "s", "kind": "periodic", "periods": 40, "match": {"content": ["knowledge_update"]}}]})");
    EXPECT_EQ(find_gaps(*m, rules, {D(2021, 12, 31), 1}).size(), 3u);
    // new 2021 records: b gets 40 periods, a 16 (a's 24 periods of 2020 belong to another period)
    auto m2 = with_training_records(*m, {1, 0}, {1, 0}, {D(2021, 5, 1), D(2021, 6, 1)}, {D(2021, 5, 5), D(2021, 6, 2)},
                                    {40.0f, 16.0f}, {1, 0});
    EXPECT_EQ(m2->records().size(), 4u);
    EXPECT_EQ(m2->records().offsets, (std::vector<std::int64_t>{0, 2, 3, 4}));
    EXPECT_EQ(m2->people_ptr(), m->people_ptr());  // other tables shared
    const Gaps g = find_gaps(*m2, rules, {D(2021, 12, 31), 1});
    ASSERT_EQ(g.size(), 2u);  // a: 16 of 40 in 2021; c: 24 of 40
    EXPECT_EQ(g.person, (std::vector<Index>{0, 2}));
    EXPECT_FLOAT_EQ(g.missing_periods[0], 24.0f);
    EXPECT_THROW((void)with_training_records(*m, {7}, {0}, {D(2021, 1, 1)}, {D(2021, 1, 2)}, {8.0f}, {0}), Error);
}

TEST(training, derived_models_check_only_changed_people_and_records) {
    Builder b;
    b.person("a", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN", D(2020, 3, 1), D(2020, 3, 3), 24}});
    b.person("b", 0, RankGroup::specialist, D(2010, 1, 1), {{"CN", D(2021, 3, 1), D(2021, 3, 3), 24}});
    auto m = b.build();
    // records changed, people shared: the new records are still checked, and the id map is reused
    TableSet t = m->tables();
    auto records = std::make_shared<TrainingRecords>(m->records());
    records->course[1] = 9;
    records->periods[0] = -1.0f;
    t.records = records;
    try {
        (void)Model::from_tables(t, "derived", m.get());
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 2u);
        EXPECT_EQ(e.problems()[0].path, "/people/0/training/0/periods");
        EXPECT_EQ(e.problems()[1].path, "/people/1/training/0/course");
    }
    records->course[1] = 1;
    records->periods[0] = 8.0f;
    auto m2 = Model::from_tables(t, "derived", m.get());
    EXPECT_EQ(m2->person_index("b"), 1);
    EXPECT_EQ(m2->find_course("CN40"), 1);
    // people changed, records shared: a duplicate id is caught, with the records untouched
    TableSet u = m->tables();
    auto people = std::make_shared<People>(m->people());
    people->id[1] = "a";
    u.people = people;
    try {
        (void)Model::from_tables(u, "derived", m.get());
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].path, "/people/1/id");
    }
    people->id[1] = "c";
    auto m3 = Model::from_tables(u, "derived", m.get());
    EXPECT_EQ(m3->find_person("b"), kNone);
    EXPECT_EQ(m3->person_index("c"), 1);
}
