// Routing probabilities of the simulation strictly between 0 and 1 (0.2 and 0.7): the observed
// rate must lie within 4 binomial standard errors, over enough dossiers that a probability off
// by 10% (relative) fails with >= 99% probability: 0.1 p >= (4 + 2.326) sqrt(p (1 - p) / n).
// (tests/python/test_sim_power.py checks the same through Python; this keeps the C++ suite able
// to catch a wrong draw on its own, e.g. for scripts/mutate_cpp.py.)
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "cchc/io/json.hpp"
#include "cchc/sim/engine.hpp"
#include "sim_params.hpp"

using namespace cchc;
using namespace cchc::sim;

namespace {

constexpr double kBound = 4.0;     // acceptance bound, standard errors
constexpr double kPower99 = 2.326; // one-sided normal quantile for 99% power

int needed(double p) { return static_cast<int>(std::ceil(std::pow((kBound + kPower99) / 0.1, 2) * (1 - p) / p)); }

// One province procedure at one department; only the result-return step (not queued), so a
// dossier visits the reception desk only; `step` adds a one-hour processing step.
Shared<Model> model(double annual, const char* online_level, bool step = false) {
    const std::string steps = step ? R"({"name": "Xử lý", "role": "processing", "duration": 1, "unit": "working_hour"},)"
                                   : "";
    return io::read_json(std::string(R"({"format": "cchc", "version": 1, "name": "rates", "agencies": [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province", "headcount": 10},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND", "headcount": 10}],
      "procedures": [{"code": "P", "name": "P", "field": "F", "levels": ["province"], "trips": 2, "online_level": ")") +
                             online_level + R"(", "steps": [)" + steps +
                             R"({"name": "Trả kết quả", "role": "result_return", "duration": 0}],
        "methods": [{"channel": "in_person", "processing_time": 5}],
        "volumes": [{"agency": "STP", "annual": )" + std::to_string(annual) + "}]}]}",
                         "rates");
}

// A fast desk with ample staff.
Params off(std::uint64_t seed) {
    Params p = cchc_test::routing_off();
    p.seed = seed;
    p.desk_time = Dist::fixed(1);
    p.desk_staff = {{1, 50}};
    p.desk_handover = Dist::fixed(0);
    p.pickup_delay = Dist::fixed(0);
    return p;
}

using Count = std::function<bool(const DossierRows&, std::size_t)>;

void expect_rate(double p, const Params& params, const char* online_level, const Count& hit) {
    const int n_needed = needed(p);
    const Output out = Simulation(model(1.15 * n_needed, online_level), params).run();
    const DossierRows& d = out.dossiers.at(0);
    const std::size_t n = d.trips.size();
    ASSERT_GE(n, static_cast<std::size_t>(n_needed)) << "too few dossiers for the power claim";
    double k = 0;
    for (std::size_t i = 0; i < n; ++i) k += hit(d, i) ? 1 : 0;
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
    EXPECT_NEAR(k / static_cast<double>(n), p, kBound * se) << "p = " << p << ", n = " << n;
}

constexpr auto in = [](Channel c) { return static_cast<std::uint8_t>(c); };

}  // namespace

class SimRate : public ::testing::TestWithParam<double> {};

TEST_P(SimRate, online_share) {
    Params q = off(31);
    q.online_share[2] = GetParam();
    expect_rate(GetParam(), q, "full",
                [](const DossierRows& d, std::size_t i) { return d.channel[i] == in(Channel::online); });
}

TEST_P(SimRate, post_share) {
    Params q = off(37);
    q.post_share = GetParam();
    expect_rate(GetParam(), q, "none",
                [](const DossierRows& d, std::size_t i) { return d.channel[i] == in(Channel::post); });
}

TEST_P(SimRate, priority_share) {
    Params q = off(41);
    q.priority_share = GetParam();
    expect_rate(GetParam(), q, "none", [](const DossierRows& d, std::size_t i) { return d.priority[i] != 0; });
}

TEST_P(SimRate, supplement_prob) {
    // Counter dossier: submit + collect = 2 trips, 3 when asked to supplement.
    Params q = off(43);
    q.supplement_prob = GetParam();
    expect_rate(GetParam(), q, "none", [](const DossierRows& d, std::size_t i) { return d.trips[i] == 3; });
}

TEST_P(SimRate, refusal_prob) {
    Params q = off(47);
    q.refusal_prob = GetParam();
    expect_rate(GetParam(), q, "none",
                [](const DossierRows& d, std::size_t i) {
                    return d.status[i] == static_cast<std::uint8_t>(Status::refused);
                });
}

TEST_P(SimRate, post_return_share) {
    // A posted result saves the collection trip: 1 trip instead of 2.
    Params q = off(53);
    q.post_return_share = GetParam();
    expect_rate(GetParam(), q, "none", [](const DossierRows& d, std::size_t i) { return d.trips[i] == 1; });
}

TEST_P(SimRate, rework_loops_are_geometric) {
    // Loops per dossier K ~ geometric: mean p / (1 - p), sd sqrt(p) / (1 - p). The dossiers are
    // chosen so that p off by 10% moves the mean by >= (4 + 2.326) SE.
    const double p = GetParam();
    auto mean = [](double x) { return x / (1 - x); };
    const double effect = std::min(std::abs(mean(1.1 * p) - mean(p)), std::abs(mean(0.9 * p) - mean(p)));
    const double sd = std::sqrt(p) / (1 - p);
    const double n_needed = std::ceil(std::pow((kBound + kPower99) * sd / effect, 2));
    Params q = off(59);
    q.rework_prob = p;
    q.keep_dossiers = false;
    q.step_ratio = Dist::fixed(1);
    q.staff = {{1, 500}};
    const Output out = Simulation(model(1.15 * n_needed, "none", true), q).run();
    const auto& t = out.reps.at(0).total;
    ASSERT_GE(static_cast<double>(t.arrived), n_needed);
    const double n = static_cast<double>(t.arrived);
    EXPECT_NEAR(static_cast<double>(t.reworks) / n, mean(p), kBound * sd / std::sqrt(n));
}

INSTANTIATE_TEST_SUITE_P(sim_rates, SimRate, ::testing::Values(0.2, 0.7));
