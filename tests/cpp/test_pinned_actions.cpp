// Every procedure action of a scenario pinned by a hand-worked value: what the
// action writes into the model, and the compliance cost (Circular 02/2017,
// cost.hpp's formula) of the applied model. The expected numbers are worked out
// in the comments and written as arithmetic; none is taken from the engine, and
// apply() + compliance_cost() is used, not the fast ScenarioEvaluator (which
// shares the action code: a wrong action would agree with itself there).
#include <gtest/gtest.h>

#include <string>

#include "cchc/cost.hpp"
#include "cchc/io/json.hpp"
#include "cchc/scenario.hpp"
#include "hand_params.hpp"

using namespace cchc;
using cchc_test::hand_params;

namespace {

// One trip (round trip, plus 0.5 h waiting at the counter), at 25,000 VND/h:
//   H1 district 15 km: 0.5 + 0.25 + 30/30 = 1.75 h = 43,750; vehicle 5,000 + 30 × 2,000 = 65,000 → 108,750
//   X1 commune   3 km: 0.5 + 0.25 +  6/20 = 1.05 h = 26,250; vehicle 6 × 2,000 = 12,000       →  38,250
//   X2 commune   6 km: 0.5 + 0.25 + 12/20 = 1.35 h = 33,750; vehicle 12 × 2,000 = 24,000      →  57,750
constexpr double kTripH1 = 1.75 * 25'000 + 65'000;
constexpr double kTripX1 = 1.05 * 25'000 + 12'000;
constexpr double kTripX2 = 1.35 * 25'000 + 24'000;

// Procedure A (1.000001), 2 trips, 1,000 dossiers at H1. Fixed part of one dossier:
//   hours: form 0.5 + Tờ khai 0.5 + Bản sao 1 + Giấy xác nhận 2 = 4 h → 100,000
//   out of pocket: Bản sao 1 copy 1,000 + notarised 4,000; Giấy xác nhận 10,000 + 2 copies 2,000 → 17,000
//   fee 50,000  → fixed 167,000; per dossier 167,000 + 2 × 108,750 = 384,500.
// Procedure B (1.000002), 2 trips, 400 dossiers at H1 and 100 at X1. Fixed part:
//   hours: form 0.5 + Tờ khai 0.5 + Giấy tờ tùy thân 0.2 = 1.2 h → 30,000; 1 copy 1,000; charge 8,000 → 39,000.
constexpr double kFixedA = 167'000;
constexpr double kFixedB = 39'000;
const char* kModel = R"({"format": "cchc", "version": 1, "name": "pinned", "as_of": "2021-12-31",
 "agencies": [
  {"code": "UBND-T", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province", "territory": "province"},
  {"code": "SO-TP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND-T", "travel_km": 50},
  {"code": "UBND-H1", "name": "UBND huyện 1", "kind": "district_people_committee", "level": "district",
   "territory": "district", "parent": "UBND-T", "travel_km": 15, "population": 30000},
  {"code": "UBND-X1", "name": "UBND xã 1", "kind": "commune_people_committee", "level": "commune",
   "territory": "commune", "parent": "UBND-H1", "travel_km": 3, "population": 1000},
  {"code": "UBND-X2", "name": "UBND xã 2", "kind": "commune_people_committee", "level": "commune",
   "territory": "commune", "parent": "UBND-H1", "travel_km": 6, "population": 3000}],
 "procedures": [
  {"code": "1.000001", "name": "Đăng ký ví dụ", "field": "Hộ tịch", "levels": ["district"], "trips": 2,
   "components": [{"name": "Tờ khai", "prep_hours": 0.5},
                  {"name": "Bản sao giấy khai sinh", "prep_hours": 1.0, "copies": 1, "notarised": true},
                  {"name": "Giấy xác nhận cư trú", "prep_hours": 2.0, "copies": 2, "cost": 10000}],
   "fees": [{"name": "Lệ phí", "amount": 50000}],
   "steps": [{"name": "Tiếp nhận", "role": "reception", "duration": 0.5},
             {"name": "Giải quyết", "role": "processing", "duration": 4.5}],
   "methods": [{"channel": "in_person", "processing_time": 5}],
   "volumes": [{"agency": "UBND-H1", "annual": 1000}]},
  {"code": "1.000002", "name": "Cấp bản sao", "field": "Chứng thực", "levels": ["district"], "trips": 2,
   "components": [{"name": "Tờ khai", "prep_hours": 0.5}, {"name": "Giấy tờ tùy thân", "prep_hours": 0.2, "copies": 1}],
   "fees": [{"name": "Phí", "kind": "charge", "amount": 8000}],
   "methods": [{"channel": "in_person", "processing_time": 3}],
   "volumes": [{"agency": "UBND-H1", "annual": 400}, {"agency": "UBND-X1", "annual": 100}]}]})";

Shared<Model> pinned_model() { return io::read_json(kModel, "pinned"); }

Applied run(const std::string& actions, const CostParams& params = hand_params()) {
    return apply(*pinned_model(),
                 Scenario::from_json(R"({"format": "cchc-scenario", "version": 1, "name": "t", "actions": )" + actions +
                                     "}"),
                 params);
}

CostResult cost_of(const Applied& a) { return compliance_cost(*a.model, a.params); }

}  // namespace

TEST(pinned, the_baseline_by_hand) {
    const auto r = compliance_cost(*pinned_model(), hand_params());
    EXPECT_DOUBLE_EQ(r.per_dossier[0], kFixedA + 2 * kTripH1);
    EXPECT_DOUBLE_EQ(r.per_dossier[0], 384'500);
    EXPECT_DOUBLE_EQ(r.annual[1], 400 * (kFixedB + 2 * kTripH1) + 100 * (kFixedB + 2 * kTripX1));
    EXPECT_DOUBLE_EQ(r.annual[1], 400 * 256'500 + 100 * 115'500);
}

TEST(pinned, set_fee_by_percent_on_every_item_and_on_one) {
    // 40% off every fee: 50,000 × 0.6 = 30,000, so 20,000 less per dossier.
    auto out = run(R"([{"action": "set_fee", "procedures": ["1.000001"], "percent": 40}])");
    ASSERT_EQ(out.model->procedures()[0].fees.size(), 1U);
    EXPECT_EQ(out.model->procedures()[0].fees[0].amount, 30'000);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 20'000);
    // 25% off the named item: 37,500.
    out = run(R"([{"action": "set_fee", "procedures": ["1.000001"], "fee": "le phi", "percent": 25}])");
    EXPECT_EQ(out.model->procedures()[0].fees[0].amount, 37'500);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 12'500);
    // 100%: free of charge.
    out = run(R"([{"action": "set_fee", "all": true, "percent": 100}])");
    EXPECT_EQ(out.model->procedures()[1].fees[0].amount, 0);
    EXPECT_DOUBLE_EQ(cost_of(out).fees[1], 0);
}

TEST(pinned, set_fee_by_amount) {
    // A total replaces every item by one, named and typed after the first (B's "Phí", a charge).
    auto out = run(R"([{"action": "set_fee", "procedures": ["1.000002"], "amount": 20000}])");
    const auto& fees = out.model->procedures()[1].fees;
    ASSERT_EQ(fees.size(), 1U);
    EXPECT_EQ(fees[0].name, "Phí");
    EXPECT_EQ(fees[0].kind, FeeKind::charge);
    EXPECT_EQ(fees[0].amount, 20'000);
    // 12,000 more per dossier on 500 dossiers.
    EXPECT_DOUBLE_EQ(cost_of(out).annual[1],
                     400 * (kFixedB + 12'000 + 2 * kTripH1) + 100 * (kFixedB + 12'000 + 2 * kTripX1));
    // Amount 0 drops the items.
    out = run(R"([{"action": "set_fee", "procedures": ["1.000001"], "amount": 0}])");
    EXPECT_TRUE(out.model->procedures()[0].fees.empty());
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 50'000);
    // A named item gets exactly the amount.
    out = run(R"([{"action": "set_fee", "procedures": ["1.000001"], "fee": "Lệ phí", "amount": 15000}])");
    EXPECT_EQ(out.model->procedures()[0].fees[0].amount, 15'000);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 35'000);
}

TEST(pinned, set_component_each_field) {
    // Giấy xác nhận cư trú before: 2 h = 50,000 + 10,000 + 2 copies × 1,000 = 62,000.
    // After: 1 h = 25,000 + 4,000 + 1 copy × (1,000 + notarised 4,000) = 34,000 → 28,000 less.
    auto out = run(R"([{"action": "set_component", "procedures": ["1.000001"], "component": "Giấy xác nhận cư trú",
                        "prep_hours": 1, "copies": 1, "cost": 4000, "notarised": true}])");
    const Component& c = out.model->procedures()[0].components[2];
    EXPECT_DOUBLE_EQ(c.prep_hours, 1.0);
    EXPECT_EQ(c.copies, 1);
    EXPECT_EQ(c.cost, 4'000);
    EXPECT_TRUE(c.notarised);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 62'000 + 34'000);
    // Optional: weight 0 drops its 62,000; weight 0.5 half of it.
    const std::string optional =
        R"([{"action": "set_component", "procedures": ["1.000001"], "component": "Giấy xác nhận cư trú", "required": false}])";
    out = run(optional);
    EXPECT_FALSE(out.model->procedures()[0].components[2].required);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 62'000);
    auto half = hand_params();
    half.optional_component_weight = 0.5;
    EXPECT_DOUBLE_EQ(cost_of(run(optional, half)).per_dossier[0], 384'500 - 31'000);
}

TEST(pinned, remove_component) {
    // Bản sao giấy khai sinh: 1 h = 25,000 + 1 copy 1,000 + notarised 4,000 = 30,000.
    const auto out = run(R"([{"action": "remove_component", "procedures": ["1.000001"], "component": "Bản sao giấy khai sinh"}])");
    ASSERT_EQ(out.model->procedures()[0].components.size(), 2U);
    EXPECT_EQ(out.model->procedures()[0].components[1].name, "Giấy xác nhận cư trú");
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], 384'500 - 30'000);
}

TEST(pinned, set_trips) {
    const auto out = run(R"([{"action": "set_trips", "procedures": ["1.000001"], "trips": 1}])");
    EXPECT_EQ(out.model->procedures()[0].trips, 1);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], kFixedA + kTripH1);
}

TEST(pinned, set_postal_return_adds_the_method_and_prices_postage) {
    // 40% of counter dossiers have the result posted: trips 0.6 × 2 + 0.4 × 1 = 1.6, postage 0.4 × 20,000.
    const auto out = run(R"([{"action": "set_postal_return", "procedures": ["1.000001"], "share": 0.4}])");
    const Procedure& p = out.model->procedures()[0];
    ASSERT_EQ(p.methods.size(), 2U);
    EXPECT_EQ(p.methods[1].channel, Channel::post);
    EXPECT_DOUBLE_EQ(p.methods[1].processing_time, 5);  // copied from the counter's
    EXPECT_DOUBLE_EQ(p.postal_share, 0.4);
    const auto r = cost_of(out);
    EXPECT_DOUBLE_EQ(r.trips[0], 1.6);
    EXPECT_DOUBLE_EQ(r.out_of_pocket[0], 17'000 + 8'000);
    EXPECT_DOUBLE_EQ(r.per_dossier[0], kFixedA + 8'000 + 1.6 * kTripH1);
    EXPECT_DOUBLE_EQ(r.per_dossier[0], 349'000);
}

TEST(pinned, set_online_full_partial_and_with_post) {
    // Full online, 60% take-up: trips 0.4 × 2 = 0.8.
    auto out = run(R"([{"action": "set_online", "procedures": ["1.000001"], "level": "full", "share": 0.6}])");
    EXPECT_EQ(out.model->procedures()[0].online_level, OnlineLevel::full);
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].online_share, 0.6);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], kFixedA + 0.8 * kTripH1);
    // Partial online, 50%: online dossiers still make one trip → 0.5 × 2 + 0.5 × 1 = 1.5.
    out = run(R"([{"action": "set_online", "procedures": ["1.000001"], "level": "partial", "share": 0.5}])");
    EXPECT_DOUBLE_EQ(cost_of(out).trips[0], 1.5);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], kFixedA + 1.5 * kTripH1);
    // Partial 50% and postal return 40%: counter 0.5 × (0.6 × 2 + 0.4 × 1) + online 0.5 × 0.6 × 1 = 1.1 trips;
    // postage on 0.5 × 0.4 + 0.5 × 0.4 = 0.4 of dossiers.
    out = run(R"([{"action": "set_online", "procedures": ["1.000001"], "level": "partial", "share": 0.5},
                  {"action": "set_postal_return", "procedures": ["1.000001"], "share": 0.4}])");
    EXPECT_DOUBLE_EQ(cost_of(out).trips[0], 1.1);
    EXPECT_DOUBLE_EQ(cost_of(out).per_dossier[0], kFixedA + 0.4 * 20'000 + 1.1 * kTripH1);
}

TEST(pinned, scale_and_set_volume_by_agency) {
    // × 0.5 at X1 only: B = 400 at H1 + 50 at X1.
    auto out = run(R"([{"action": "scale_volume", "procedures": ["1.000002"], "factor": 0.5, "agency": "UBND-X1"}])");
    const auto& v = out.model->procedures()[1].volumes;
    ASSERT_EQ(v.size(), 2U);
    EXPECT_DOUBLE_EQ(v[0].annual, 400);
    EXPECT_DOUBLE_EQ(v[1].annual, 50);
    EXPECT_DOUBLE_EQ(cost_of(out).annual[1], 400 * (kFixedB + 2 * kTripH1) + 50 * (kFixedB + 2 * kTripX1));
    // × 0.5 everywhere halves B's annual cost.
    out = run(R"([{"action": "scale_volume", "procedures": ["1.000002"], "factor": 0.5}])");
    EXPECT_DOUBLE_EQ(cost_of(out).annual[1], 200 * (kFixedB + 2 * kTripH1) + 50 * (kFixedB + 2 * kTripX1));
    // set_volume adds a line at X2 (10 dossiers) and replaces H1's.
    out = run(R"([{"action": "set_volume", "procedures": ["1.000002"], "agency": "UBND-X2", "annual": 10},
                  {"action": "set_volume", "procedures": ["1.000002"], "agency": "UBND-H1", "annual": 300}])");
    EXPECT_DOUBLE_EQ(cost_of(out).annual[1],
                     300 * (kFixedB + 2 * kTripH1) + 100 * (kFixedB + 2 * kTripX1) + 10 * (kFixedB + 2 * kTripX2));
    EXPECT_DOUBLE_EQ(cost_of(out).volume[1], 410);
}

TEST(pinned, merge_unites_components_fees_and_volumes) {
    // A absorbs B: components A's three + Giấy tờ tùy thân (Tờ khai once); fees 50,000 + 8,000;
    // volumes H1 1,000 + 400, X1 100; trips max(2, 2).
    // Fixed: 4 h + 0.2 h = 4.2 h = 105,000; out of pocket 17,000 + 1,000; fees 58,000 → 181,000.
    const auto out = run(R"([{"action": "merge", "procedures": ["1.000001", "1.000002"], "name": "Gộp"}])");
    ASSERT_EQ(out.model->procedures().size(), 1U);
    const Procedure& p = out.model->procedures()[0];
    EXPECT_EQ(p.name, "Gộp");
    EXPECT_EQ(p.components.size(), 4U);
    ASSERT_EQ(p.fees.size(), 2U);
    EXPECT_EQ(p.fees[0].amount + p.fees[1].amount, 58'000);
    ASSERT_EQ(p.volumes.size(), 2U);
    EXPECT_DOUBLE_EQ(p.volumes[0].annual, 1'400);
    EXPECT_DOUBLE_EQ(p.volumes[1].annual, 100);
    const double fixed = 4.2 * 25'000 + 18'000 + 58'000;
    EXPECT_DOUBLE_EQ(fixed, 181'000);
    const auto r = cost_of(out);
    EXPECT_DOUBLE_EQ(r.total_annual, 1'400 * (fixed + 2 * kTripH1) + 100 * (fixed + 2 * kTripX1));
    EXPECT_DOUBLE_EQ(r.total_annual, 583'650'000);
}

TEST(pinned, link_and_abolish) {
    // Linked after A: B drops the repeated Tờ khai (0.5 h) and every trip: 0.7 h = 17,500 + 1,000 + 8,000.
    auto out = run(R"([{"action": "link", "procedures": ["1.000001", "1.000002"]}])");
    EXPECT_DOUBLE_EQ(cost_of(out).annual[1], 500 * 26'500);
    EXPECT_DOUBLE_EQ(cost_of(out).annual[0], 1'000 * 384'500);  // the first desk is unchanged
    out = run(R"([{"action": "abolish", "procedures": ["1.000001"]}])");
    EXPECT_DOUBLE_EQ(cost_of(out).total_annual, 400 * 256'500 + 100 * 115'500);
}

TEST(pinned, move_level_to_communes_by_population) {
    // H1's 1,000 dossiers go to X1 and X2 in proportion 1,000 : 3,000 → 250 and 750.
    const auto out = run(R"([{"action": "move_level", "procedures": ["1.000001"], "level": "commune"}])");
    EXPECT_DOUBLE_EQ(cost_of(out).annual[0], 250 * (kFixedA + 2 * kTripX1) + 750 * (kFixedA + 2 * kTripX2));
    EXPECT_DOUBLE_EQ(cost_of(out).annual[0], 272'750'000);
}

TEST(pinned, cut_time_by_percent_and_days) {
    // 40% off: 5 → 3 days; steps 0.5 → 0.3 and 4.5 → 2.7.
    auto out = run(R"([{"action": "cut_time", "procedures": ["1.000001"], "percent": 40}])");
    const Procedure& p = out.model->procedures()[0];
    EXPECT_DOUBLE_EQ(p.methods[0].processing_time, 3);
    EXPECT_DOUBLE_EQ(p.steps[0].duration, 0.3);
    EXPECT_DOUBLE_EQ(p.steps[1].duration, 2.7);
    // One step, 1.5 days off: 4.5 → 3; the other steps and the processing time unchanged.
    out = run(R"([{"action": "cut_time", "procedures": ["1.000001"], "step": "Giải quyết", "days": 1.5}])");
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].steps[1].duration, 3);
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].steps[0].duration, 0.5);
    EXPECT_DOUBLE_EQ(out.model->procedures()[0].methods[0].processing_time, 5);
}
