// Compliance cost (Circular 02/2017/TT-VPCP, SCM) and simplification scenarios.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cchc/cost.hpp"
#include "cchc/scenario.hpp"
#include "hand_params.hpp"

using namespace cchc;
using cchc_test::hand_params;

namespace {

// Own generator (splitmix64) so the property tests are the same everywhere.
struct SplitMix {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

Agency agency(std::string code, AgencyKind kind, Level level, Index parent, double km, std::int64_t pop = 0) {
    Agency a;
    a.code = std::move(code);
    a.name = a.code;
    a.kind = kind;
    a.level = level;
    a.parent = parent;
    a.travel_km = km;
    a.population = pop;
    if (kind == AgencyKind::district_people_committee) a.territory = Territory::district;
    if (kind == AgencyKind::commune_people_committee) a.territory = Territory::commune;
    if (kind == AgencyKind::provincial_people_committee) a.territory = Territory::province;
    return a;
}

Component component(std::string name, double hours, int copies = 0, Vnd cost = 0, bool notarised = false) {
    Component c;
    c.name = std::move(name);
    c.prep_hours = hours;
    c.copies = copies;
    c.cost = cost;
    c.notarised = notarised;
    return c;
}

// Agencies: 0 province PC, 1 department, 2 district PC (15 km), 3 and 4 communes.
std::vector<Agency> agencies() {
    return {agency("UBND-T", AgencyKind::provincial_people_committee, Level::province, kNone, 0),
            agency("SO-TP", AgencyKind::department, Level::province, 0, 50),
            agency("UBND-H1", AgencyKind::district_people_committee, Level::district, 0, 15, 30'000),
            agency("UBND-X1", AgencyKind::commune_people_committee, Level::commune, 2, 3, 1'000),
            agency("UBND-X2", AgencyKind::commune_people_committee, Level::commune, 2, 6, 3'000)};
}

// The hand-worked procedure: three components, a fee, two trips, at the district desk.
Procedure birth_like() {
    Procedure p;
    p.code = "1.000001";
    p.name = "Đăng ký ví dụ";
    p.field = "Hộ tịch";
    p.levels = {Level::district};
    p.trips = 2;
    p.components = {component("Tờ khai", 0.5), component("Bản sao giấy khai sinh", 1.0, 1, 0, true),
                    component("Giấy xác nhận cư trú", 2.0, 2, 10'000)};
    p.fees = {{"Lệ phí", FeeKind::fee, 50'000}};
    p.steps = {{"Tiếp nhận", StepRole::reception, kImplementingAgency, 0.5, TimeUnit::working_day, Transfer::none},
               {"Giải quyết", StepRole::processing, kImplementingAgency, 4.5, TimeUnit::working_day, Transfer::none}};
    p.methods = {{Channel::in_person, 5, TimeUnit::working_day}};
    p.volumes = {{2, 1'000}};
    return p;
}

Shared<Model> one_procedure_model(Procedure p) {
    ModelParts parts;
    parts.info.name = "test";
    parts.agencies = agencies();
    parts.procedures.push_back(std::move(p));
    return Model::build(std::move(parts));
}

Scenario parse(const std::string& actions) {
    return Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "t", "actions": )" + actions + "}");
}

}  // namespace

// ---------------------------------------------------------------------------
// Hand-worked examples

TEST(cost, hand_worked_three_components_fee_two_trips) {
    // Trip to the district desk, 15 km: 0.25 h + 2×15/30 h = 1.25 h; 5,000 + 30 km × 2,000 = 65,000 VND.
    // Hours: prep 0.5 + 1 + 2 = 3.5, form 0.5, 2 trips × (0.5 waiting + 1.25) = 3.5 → 7.5 h × 25,000 = 187,500.
    // Out of pocket: notarised copy 1,000 + 4,000; certificate 10,000 + 2 copies × 1,000 → 17,000.
    // Fee 50,000; travel 2 × 65,000 = 130,000. Total 384,500 VND per dossier; × 1,000 a year.
    auto m = one_procedure_model(birth_like());
    const auto r = compliance_cost(*m, hand_params());
    EXPECT_DOUBLE_EQ(r.hourly_income, 25'000);
    EXPECT_DOUBLE_EQ(r.hours[0], 7.5);
    EXPECT_DOUBLE_EQ(r.time_cost[0], 187'500);
    EXPECT_DOUBLE_EQ(r.out_of_pocket[0], 17'000);
    EXPECT_DOUBLE_EQ(r.fees[0], 50'000);
    EXPECT_DOUBLE_EQ(r.travel[0], 130'000);
    EXPECT_DOUBLE_EQ(r.trips[0], 2);
    EXPECT_DOUBLE_EQ(r.per_dossier[0], 384'500);
    EXPECT_DOUBLE_EQ(r.annual[0], 384'500'000);
    EXPECT_DOUBLE_EQ(r.total_annual, 384'500'000);
    ASSERT_EQ(r.line_agency.size(), 1U);
    EXPECT_EQ(r.line_agency[0], 2);
    EXPECT_DOUBLE_EQ(r.agency_annual[2], 384'500'000);
    EXPECT_DOUBLE_EQ(r.agency_annual[1], 0);
    const auto d = dossier_cost(*m, 0, 2, hand_params());
    EXPECT_DOUBLE_EQ(d.total(), 384'500);
}

TEST(cost, published_tax_report_example) {
    // 12 filings a year × 325,000 firms at 250,000 VND per filing = 975 bn VND a year;
    // cutting to 4 filings saves 650 bn. 250,000 VND = 10 hours at 25,000 VND/hour.
    Procedure p;
    p.code = "TAX";
    p.name = "Báo cáo thuế";
    p.field = "Thuế";
    p.levels = {Level::province};
    p.trips = 0;
    p.components = {component("Báo cáo", 10.0)};
    p.volumes = {{1, 12.0 * 325'000}};
    auto m = one_procedure_model(p);
    CostParams params = hand_params();
    params.form_hours = 0;
    const auto before = compliance_cost(*m, params);
    EXPECT_DOUBLE_EQ(before.per_dossier[0], 250'000);
    EXPECT_DOUBLE_EQ(before.total_annual, 975e9);

    const auto s = parse(R"([{"action": "scale_volume", "procedures": ["TAX"], "factor": 0.3333333333333333}])");
    const auto after = compliance_cost(*apply(*m, s, params).model, params);
    EXPECT_NEAR(after.total_annual, 325e9, 1.0);
    EXPECT_NEAR(before.total_annual - after.total_annual, 650e9, 1.0);
    ScenarioEvaluator ev(m, params);
    const auto o = ev.evaluate(s);
    EXPECT_NEAR(o.before - o.after, 650e9, 1.0);
}

TEST(cost, online_and_postal_channels_change_trips) {
    auto p = birth_like();
    p.online_level = OnlineLevel::full;
    auto params = hand_params();
    params.online_share_full = 0.5;
    auto m = one_procedure_model(p);
    auto r = compliance_cost(*m, params);
    // Half the dossiers online with no trip: 1 trip on average, no waiting on that half.
    EXPECT_DOUBLE_EQ(r.trips[0], 1.0);
    EXPECT_DOUBLE_EQ(r.hours[0], 4.0 + 1.75);
    EXPECT_DOUBLE_EQ(r.travel[0], 65'000);

    // Partial online: online dossiers still make one trip (originals, result).
    p.online_level = OnlineLevel::partial;
    params.online_share_partial = 0.5;
    r = compliance_cost(*one_procedure_model(p), params);
    EXPECT_DOUBLE_EQ(r.trips[0], 0.5 * 2 + 0.5 * 1);

    // Postal return (offered, taken by 40% of counter dossiers) saves the collection trip for postage.
    p.online_level = OnlineLevel::none;
    p.methods.push_back({Channel::post, 5, TimeUnit::working_day});
    params.postal_share = 0.4;
    r = compliance_cost(*one_procedure_model(p), params);
    EXPECT_DOUBLE_EQ(r.trips[0], 0.6 * 2 + 0.4 * 1);
    EXPECT_DOUBLE_EQ(r.out_of_pocket[0], 17'000 + 0.4 * 20'000);
    // Per-procedure overrides win over the defaults.
    params.postal_share_by_procedure["1.000001"] = 1.0;
    r = compliance_cost(*one_procedure_model(p), params);
    EXPECT_DOUBLE_EQ(r.trips[0], 1.0);
}

TEST(cost, default_distance_and_no_volume) {
    auto p = birth_like();
    p.volumes.clear();
    auto r = compliance_cost(*one_procedure_model(p), hand_params());
    // No volume: priced at a district desk at the default 20 km: trip 0.25 + 40/30 h, 5,000 + 80,000 VND.
    const double trip_h = 0.25 + 40.0 / 30.0;
    EXPECT_DOUBLE_EQ(r.hours[0], 4.0 + 2 * (0.5 + trip_h));
    EXPECT_DOUBLE_EQ(r.travel[0], 2 * 85'000);
    EXPECT_EQ(r.annual[0], 0.0);
}

TEST(cost, parameters_are_validated_and_sourced) {
    CostParams p;
    p.online_share_full = 1.5;
    EXPECT_THROW(p.validate(), Error);
    try {
        p.validate();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("online_share_full"), std::string::npos);
    }
    CostParams q;
    q.hours_per_month = 0;
    EXPECT_THROW(q.validate(), Error);
    const auto sources = CostParams::sources();
    EXPECT_GE(sources.size(), 15U);
    for (const auto& s : sources) EXPECT_FALSE(s.source.empty()) << s.name;
    EXPECT_NEAR(CostParams{}.hourly_income(), 4'205'000.0 / 176.0, 1e-9);
}

// ---------------------------------------------------------------------------
// Scenarios

TEST(scenario, json_round_trip_and_concatenation) {
    const auto s = parse(R"([
        {"action": "remove_component", "procedures": ["1.000001"], "component": "Tờ khai", "note": "dùng dữ liệu dân cư"},
        {"action": "set_component", "field": "Hộ tịch", "component": "Giấy xác nhận cư trú", "prep_hours": 0.5, "copies": 0},
        {"action": "cut_time", "all": true, "percent": 30},
        {"action": "cut_time", "procedures": ["1.000001"], "step": "Giải quyết", "days": 1.5},
        {"action": "set_online", "procedures": ["1.000001"], "level": "full", "share": 0.6},
        {"action": "set_trips", "procedures": ["1.000001"], "trips": 1},
        {"action": "set_fee", "procedures": ["1.000001"], "amount": 0},
        {"action": "move_level", "procedures": ["1.000001"], "level": "commune"},
        {"action": "scale_volume", "procedures": ["1.000001"], "factor": 0.5, "agency": "UBND-X1"},
        {"action": "set_volume", "procedures": ["1.000001"], "agency": "UBND-X2", "annual": 10},
        {"action": "set_postal_return", "procedures": ["1.000001"], "share": 0.25},
        {"action": "merge", "procedures": ["a", "b"], "into": "b", "name": "AB"},
        {"action": "link", "procedures": ["a", "b"]},
        {"action": "abolish", "procedures": ["a"]}])");
    ASSERT_EQ(s.actions.size(), 14U);
    const std::string text = s.to_json(2);
    const auto back = Scenario::from_json(text);
    EXPECT_EQ(back.to_json(2), text);
    EXPECT_EQ(back.actions[4].share, 0.6);
    EXPECT_EQ(back.actions[7].level, Level::commune);
    EXPECT_EQ(back.actions[0].note, "dùng dữ liệu dân cư");
    const auto both = s + back;
    EXPECT_EQ(both.actions.size(), 28U);
    EXPECT_NE(s.actions[2].describe().find("all procedures"), std::string::npos);
}

TEST(scenario, malformed_json_names_the_place) {
    auto message = [](const std::string& actions) {
        try {
            parse(actions);
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(R"([{"action": "cut_time", "all": true, "percnt": 30}])").find("did you mean 'percent'"),
              std::string::npos);
    EXPECT_NE(message(R"([{"action": "cut_time", "all": true, "percent": 130}])").find("/actions/0/percent"),
              std::string::npos);
    EXPECT_NE(message(R"([{"action": "simplify", "all": true}])").find("allowed: remove_component"), std::string::npos);
    EXPECT_NE(message(R"([{"action": "abolish"}])").find("exactly one target"), std::string::npos);
    EXPECT_NE(message(R"([{"action": "merge", "procedures": ["a"]}])").find("at least two"), std::string::npos);
    EXPECT_THROW(Scenario::from_json(R"({"format": "cchc-scenario", "version": 2, "actions": []})"), ScenarioError);
    EXPECT_THROW(Scenario::from_json("{"), ScenarioError);
    // Field types come from the shared reader; the first problem is thrown with its pointer.
    EXPECT_EQ(message(R"([{"action": "set_trips", "all": true, "trips": 2.5}])"),
              "scenario at /actions/0/trips: must be an integer, got 2.5");
    EXPECT_EQ(message(R"([{"action": "set_trips", "all": true, "trips": -1}])"),
              "scenario at /actions/0/trips: must be an integer in 0..1000000, got -1");
    EXPECT_EQ(message(R"([{"action": "cut_time", "all": true, "days": "3"}])"),
              "scenario at /actions/0/days: must be a number, got a string");
    EXPECT_EQ(message(R"([{"action": "set_component", "all": true, "component": "x", "notarised": null}])"),
              "scenario at /actions/0/notarised: must be true or false, got null");
    EXPECT_EQ(message(R"([{"action": "abolish", "procedures": ["1.000001", 7]}])"),
              "scenario at /actions/0/procedures/1: must be a string, got an integer");
    EXPECT_EQ(message(R"([{"action": "set_online", "all": true, "level": 4}])"),
              "scenario at /actions/0/level: must be one of none, partial, full; got an integer");
    // Money beyond a Vnd: refused with the value as given (before, llround wrapped it negative
    // and a fee of 2^63 was silently dropped).
    EXPECT_EQ(message(R"([{"action": "set_fee", "all": true, "amount": 1e19}])"),
              "scenario at /actions/0/amount: 1e+19 VND is out of range (0 … 9.2e18)");
    EXPECT_EQ(message(R"([{"action": "set_component", "all": true, "component": "x", "cost": 9223372036854775808}])"),
              "scenario at /actions/0/cost: 9223372036854775808 VND is out of range (0 … 9.2e18)");
    try {
        (void)Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "colour": "red"})");
        FAIL() << "expected ScenarioError";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "scenario at /colour: unknown field 'colour' (known: format, version, name, description, actions)");
    }
}

TEST(scenario, unknown_codes_name_the_closest) {
    auto m = one_procedure_model(birth_like());
    auto message = [&](const std::string& actions) {
        try {
            apply(*m, parse(actions));
        } catch (const ScenarioError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    auto msg = message(R"([{"action": "abolish", "procedures": ["1.000002"]}])");
    EXPECT_NE(msg.find("unknown procedure '1.000002'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'1.000001'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("/actions/0/procedures/0"), std::string::npos) << msg;
    msg = message(R"([{"action": "remove_component", "procedures": ["1.000001"], "component": "Giấy xác nhận cư ngụ"}])");
    EXPECT_NE(msg.find("closest: 'Giấy xác nhận cư trú'"), std::string::npos) << msg;
    msg = message(R"([{"action": "cut_time", "field": "Ho tich", "percent": 10}])");
    EXPECT_NE(msg.find("'Hộ tịch'"), std::string::npos) << msg;
    msg = message(R"([{"action": "set_volume", "procedures": ["1.000001"], "agency": "UBND-X3", "annual": 1}])");
    EXPECT_NE(msg.find("UBND-X1"), std::string::npos) << msg;
    msg = message(R"([{"action": "abolish", "procedures": ["1.000001"]}, {"action": "set_trips", "procedures": ["1.000001"], "trips": 1}])");
    EXPECT_NE(msg.find("abolished by action 1"), std::string::npos) << msg;
    // A component name matches regardless of case and diacritics.
    EXPECT_NO_THROW(apply(*m, parse(R"([{"action": "remove_component", "procedures": ["1.000001"], "component": "to khai"}])")));
}

TEST(scenario, empty_scenario_changes_nothing_and_shares_tables) {
    auto m = one_procedure_model(birth_like());
    const auto params = hand_params();
    const auto out = apply(*m, parse("[]"), params);
    EXPECT_EQ(out.model->tables().procedures, m->tables().procedures);
    EXPECT_EQ(out.model->tables().agencies, m->tables().agencies);
    EXPECT_DOUBLE_EQ(compliance_cost(*out.model, out.params).total_annual, compliance_cost(*m, params).total_annual);
    // An edit copies the procedures table only.
    const auto edited = apply(*m, parse(R"([{"action": "set_trips", "all": true, "trips": 1}])"), params);
    EXPECT_NE(edited.model->tables().procedures, m->tables().procedures);
    EXPECT_EQ(edited.model->tables().agencies, m->tables().agencies);
    EXPECT_EQ(edited.model->tables().people, m->tables().people);
    EXPECT_EQ(m->procedures()[0].trips, 2);  // the base model is untouched
}

TEST(scenario, hand_worked_simplification) {
    // Remove the residence certificate (2 h, 10,000 + 2 copies) and one trip:
    // hours 7.5 − 2 − 1.75 = 3.75 → 93,750; out of pocket 5,000; fee 50,000; travel 65,000.
    auto m = one_procedure_model(birth_like());
    const auto s = parse(R"([
        {"action": "remove_component", "procedures": ["1.000001"], "component": "Giấy xác nhận cư trú"},
        {"action": "set_trips", "procedures": ["1.000001"], "trips": 1}])");
    const auto out = apply(*m, s, hand_params());
    const auto r = compliance_cost(*out.model, out.params);
    EXPECT_DOUBLE_EQ(r.per_dossier[0], 93'750 + 5'000 + 50'000 + 65'000);
    ASSERT_EQ(out.touched.size(), 2U);
    EXPECT_EQ(out.touched[0].first, "1.000001");
    EXPECT_EQ(out.touched[1].second, 1);
}

TEST(scenario, cut_time_by_days_and_percent) {
    auto m = one_procedure_model(birth_like());
    auto out = apply(*m, parse(R"([{"action": "cut_time", "all": true, "days": 2}])"));
    const Procedure& p = out.model->procedures()[0];
    EXPECT_DOUBLE_EQ(p.methods[0].processing_time, 3);
    EXPECT_DOUBLE_EQ(p.steps[0].duration + p.steps[1].duration, 3);
    EXPECT_DOUBLE_EQ(p.steps[0].duration, 0.3);
    out = apply(*m, parse(R"([{"action": "cut_time", "procedures": ["1.000001"], "step": "giai quyet", "percent": 40}])"));
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].steps[1].duration, 4.5 * 0.6);
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].steps[0].duration, 0.5);
}

namespace {
Shared<Model> catalogue_model() {
    ModelParts parts;
    parts.info.name = "catalogue";
    parts.agencies = agencies();
    auto a = birth_like();
    auto b = birth_like();
    b.code = "1.000002";
    b.name = "Cấp bản sao";
    b.components = {component("Tờ khai", 0.5), component("Giấy tờ tùy thân", 0.2, 1)};
    b.fees = {{"Phí", FeeKind::charge, 8'000}};
    b.volumes = {{2, 400}, {3, 100}};
    auto c = birth_like();
    c.code = "2.000003";
    c.field = "Đất đai";
    c.levels = {Level::province};
    c.volumes = {{1, 500}};
    parts.procedures = {a, b, c};
    LegalDocument d;
    d.code = "QD-1";
    d.title = "Quyết định công bố";
    d.procedures = {0, 1, 2};
    parts.documents = {d};
    return Model::build(std::move(parts));
}
}  // namespace

TEST(scenario, abolish_merge_and_documents) {
    auto m = catalogue_model();
    auto out = apply(*m, parse(R"([{"action": "merge", "procedures": ["1.000001", "1.000002"], "name": "Gộp"}])"));
    ASSERT_EQ(out.model->procedures().size(), 2U);
    const Procedure& merged = out.model->procedures()[0];
    EXPECT_EQ(merged.name, "Gộp");
    EXPECT_EQ(merged.components.size(), 4U);  // "Tờ khai" is not repeated
    EXPECT_EQ(merged.fees.size(), 2U);
    double v = 0;
    for (const auto& x : merged.volumes) v += x.annual;
    EXPECT_DOUBLE_EQ(v, 1'500);
    EXPECT_EQ(out.model->documents()[0].procedures, (std::vector<Index>{0, 1}));
    out = apply(*m, parse(R"([{"action": "abolish", "procedures": ["1.000001"]}])"));
    EXPECT_EQ(out.model->procedures().size(), 2U);
    EXPECT_EQ(out.model->procedures()[0].code, "1.000002");
    EXPECT_EQ(out.model->documents()[0].procedures, (std::vector<Index>{0, 1}));
}

TEST(scenario, link_removes_trips_and_repeated_components) {
    auto m = catalogue_model();
    const auto params = hand_params();
    auto out = apply(*m, parse(R"([{"action": "link", "procedures": ["1.000001", "1.000002"]}])"), params);
    const Procedure& second = out.model->procedures()[1];
    EXPECT_EQ(second.trips, 0);
    ASSERT_EQ(second.components.size(), 1U);
    EXPECT_EQ(second.components[0].name, "Giấy tờ tùy thân");
    EXPECT_EQ(second.steps.front().transfer, Transfer::electronic);
    EXPECT_LT(compliance_cost(*out.model, params).total_annual, compliance_cost(*m, params).total_annual);
}

TEST(scenario, move_level_hands_volume_to_communes_by_population) {
    auto m = catalogue_model();
    auto out = apply(*m, parse(R"([{"action": "move_level", "procedures": ["1.000001"], "level": "commune"}])"));
    const Procedure& p = out.model->procedures()[0];
    ASSERT_EQ(p.volumes.size(), 2U);
    EXPECT_EQ(p.volumes[0].agency, 3);
    EXPECT_DOUBLE_EQ(p.volumes[0].annual, 250);  // populations 1,000 : 3,000
    EXPECT_DOUBLE_EQ(p.volumes[1].annual, 750);
    EXPECT_EQ(p.levels, std::vector<Level>{Level::commune});
    // Communes are closer than the district: the move saves money.
    const auto params = hand_params();
    EXPECT_LT(compliance_cost(*out.model, params).annual[0], compliance_cost(*m, params).annual[0]);
}

// ---------------------------------------------------------------------------
// Invariants over random procedures

namespace {
Shared<Model> random_model(SplitMix& g, int n) {
    ModelParts parts;
    parts.info.name = "random";
    parts.agencies = agencies();
    for (int i = 0; i < n; ++i) {
        Procedure p;
        p.code = std::string("P").append(std::to_string(i));  // (GCC 12 -Wrestrict false positive on "P" + s)
        p.name = p.code;
        p.field = g.below(2) ? "A" : "B";
        p.levels = {static_cast<Level>(1 + g.below(3))};
        p.trips = g.below(4);
        p.online_level = static_cast<OnlineLevel>(g.below(3));
        const int nc = g.below(5);
        for (int k = 0; k < nc; ++k) {
            auto c = component(std::string("C").append(std::to_string(k)), g.uniform() * 5, g.below(3), g.below(3) * 5'000, g.below(2) == 1);
            c.required = g.below(4) != 0;
            p.components.push_back(c);
        }
        if (g.below(2)) p.fees.push_back({"F", FeeKind::fee, static_cast<Vnd>(g.below(100)) * 1'000});
        if (g.below(3) == 0) p.methods.push_back({Channel::post, 3, TimeUnit::working_day});
        const int first = 1 + g.below(4);
        for (int a = first; a < 5; a += 1 + g.below(2)) p.volumes.push_back({a, std::floor(g.uniform() * 1'000)});
        parts.procedures.push_back(std::move(p));
    }
    return Model::build(std::move(parts));
}
}  // namespace

TEST(scenario, removing_a_component_or_a_trip_lowers_cost) {
    // Strictly: every component here has prep_hours > 0 and weight 1 or 0.5, and every trip
    // costs waiting time (0.5 h), so a removal that changed nothing would be a bug.
    SplitMix g{20210101};
    CostParams params;  // defaults, with nonzero online and postal shares
    params.optional_component_weight = 0.5;
    for (int round = 0; round < 20; ++round) {
        auto m = random_model(g, 40);
        const auto base = compliance_cost(*m, params);
        for (std::size_t i = 0; i < m->procedures().size(); ++i) {
            const Procedure& p = m->procedures()[i];
            const std::string code = p.code;
            if (!p.components.empty()) {
                const auto& c = p.components[static_cast<std::size_t>(g.below(static_cast<int>(p.components.size())))];
                const auto out = apply(*m, parse(R"([{"action": "remove_component", "procedures": [")" + code +
                                                 R"("], "component": ")" + c.name + "\"}]"),
                                       params);
                EXPECT_LT(compliance_cost(*out.model, out.params).per_dossier[i], base.per_dossier[i] - 1.0) << code;
            }
            if (p.trips > 0) {
                const auto out = apply(*m, parse(R"([{"action": "set_trips", "procedures": [")" + code +
                                                 R"("], "trips": )" + std::to_string(p.trips - 1) + "}]"),
                                       params);
                EXPECT_LT(compliance_cost(*out.model, out.params).per_dossier[i], base.per_dossier[i] - 1.0) << code;
            }
        }
    }
}

TEST(scenario, evaluator_agrees_with_apply_then_cost) {
    SplitMix g{7};
    CostParams params;
    auto m = random_model(g, 60);
    ScenarioEvaluator ev(m, params);
    EXPECT_NEAR(ev.baseline(), compliance_cost(*m, params).total_annual, 1e-6 * ev.baseline());
    const std::vector<std::string> actions = {
        R"({"action": "remove_component", "field": "A", "component": "C0"})",
        R"({"action": "set_online", "procedures": ["P3", "P4"], "level": "full", "share": 0.7})",
        R"({"action": "set_trips", "field": "B", "trips": 1})",
        R"({"action": "set_fee", "all": true, "percent": 50})",
        R"({"action": "abolish", "procedures": ["P10"]})",
        R"({"action": "merge", "procedures": ["P11", "P12", "P13"]})",
        R"({"action": "link", "procedures": ["P20", "P21"]})",
        R"({"action": "move_level", "procedures": ["P30", "P31"], "level": "commune"})",
        R"({"action": "scale_volume", "field": "A", "factor": 0.8})",
        R"({"action": "set_postal_return", "procedures": ["P5"], "share": 0.5})",
        R"({"action": "set_component", "field": "B", "component": "C1", "prep_hours": 0.1, "copies": 0})",
    };
    std::vector<Scenario> many;
    for (int round = 0; round < 30; ++round) {
        std::string list = "[";
        const int n = 1 + g.below(4);
        for (int k = 0; k < n; ++k) list += (k ? "," : "") + actions[static_cast<std::size_t>(g.below(static_cast<int>(actions.size())))];
        list += "]";
        Scenario s;
        try {
            s = parse(list);
            const auto out = apply(*m, s, params);
            const double full = compliance_cost(*out.model, out.params).total_annual;
            const auto fast = ev.evaluate(s);
            EXPECT_NEAR(fast.after, full, 1e-6 * full) << list;
            many.push_back(s);
        } catch (const ScenarioError&) {
            // e.g. a procedure abolished twice: the evaluator must refuse it too.
            EXPECT_THROW((void)ev.evaluate(s), ScenarioError) << list;
        }
    }
    ASSERT_GT(many.size(), 10U);
    const auto par = ev.evaluate_many(many, 2);
    for (std::size_t i = 0; i < many.size(); ++i) EXPECT_DOUBLE_EQ(par[i].after, ev.evaluate(many[i]).after);
}
