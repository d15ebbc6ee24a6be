#include "cchc/sim/engine.hpp"
#include "sim_params.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace cchc;
using namespace cchc::sim;

namespace {

// Mean and standard error of n draws.
template <class F>
std::pair<double, double> moments(int n, F draw) {
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = draw();
        s += x;
        s2 += x * x;
    }
    const double mean = s / n;
    const double var = s2 / n - mean * mean;
    return {mean, std::sqrt(var / n)};
}

// UBND (index 0) and its department STP (index 1, headcount 10).
ModelParts two_agencies() {
    ModelParts parts;
    parts.info.name = "test";
    Agency ubnd;
    ubnd.code = "UBND";
    ubnd.name = "UBND";
    ubnd.kind = AgencyKind::provincial_people_committee;
    Agency dept;
    dept.code = "STP";
    dept.name = "Sở Tư pháp";
    dept.kind = AgencyKind::department;
    dept.parent = 0;
    dept.headcount = 10;
    parts.agencies = {ubnd, dept};
    return parts;
}

Shared<Model> one_procedure(double annual, double step_days, double deadline_days) {
    ModelParts parts = two_agencies();
    Procedure p;
    p.code = "P";
    p.name = "P";
    p.field = "F";
    p.levels = {Level::province};
    if (step_days > 0) p.steps.push_back(Step{"Xử lý", StepRole::processing, kImplementingAgency, step_days,
                                              TimeUnit::working_day, Transfer::none});
    p.methods.push_back(SubmissionMethod{Channel::in_person, deadline_days, TimeUnit::working_day});
    p.volumes.push_back(Volume{1, annual});
    parts.procedures = {p};
    return Model::build(std::move(parts));
}

Params exact() {
    Params p = cchc_test::routing_off();
    p.desk_time = Dist::fixed(0);
    p.step_ratio = Dist::fixed(1);
    p.desk_handover = Dist::fixed(0);
    p.pickup_delay = Dist::fixed(0);
    return p;
}

}  // namespace

TEST(sim, rng_is_reproducible_and_streams_differ) {
    Rng a(7, 0, 1), b(7, 0, 1), c(7, 1, 1), d(7, 0, 2);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
    EXPECT_NE(Rng(7, 0, 1).next(), c.next());
    EXPECT_NE(Rng(7, 0, 1).next(), d.next());
    // Known answers: splitmix64 from state 0, xoshiro256** from state {1, 2, 3, 4} (reference C code).
    std::uint64_t state = 0;
    EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
    Rng e = Rng::from_state(1, 2, 3, 4);
    EXPECT_EQ(e.next(), 11520u);
    EXPECT_EQ(e.next(), 0u);
    EXPECT_EQ(e.next(), 1509978240u);
    EXPECT_EQ(e.next(), 1215971899390074240ULL);
}

TEST(sim, distribution_means_within_4_standard_errors) {
    Rng rng(11);
    const int n = 200000;
    struct Case {
        Dist dist;
        double mean;
    };
    const std::vector<Case> cases = {
        {Dist::exponential(10.0), 10.0},
        {Dist::lognormal(5.0, 0.8), 5.0},
        {Dist::triangular(1.0, 2.0, 6.0), 3.0},
        {Dist::empirical({1.0, 2.0, 6.0}), 3.0},
        {Dist::fixed(4.0), 4.0},
    };
    for (const auto& c : cases) {
        auto [mean, se] = moments(n, [&] { return c.dist.sample(rng); });
        EXPECT_NEAR(mean, c.mean, 4 * se + 1e-12);
        EXPECT_DOUBLE_EQ(c.dist.mean(), c.mean);
    }
    // Log-normal coefficient of variation.
    const Dist ln = Dist::lognormal(5.0, 0.8);
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = ln.sample(rng);
        s += x;
        s2 += x * x;
    }
    const double m = s / n;
    EXPECT_NEAR(std::sqrt(s2 / n - m * m) / m, 0.8, 0.03);
    // Normal via the polar method: mean 0, variance 1.
    auto [nm, nse] = moments(n, [&] { return rng.normal(); });
    EXPECT_NEAR(nm, 0.0, 4 * nse);
}

TEST(sim, ziggurat_exponential_has_the_exponential_law) {
    // Kolmogorov-Smirnov against 1 - e^-x, the tail beyond the ziggurat's base (r = 7.697) and the
    // first two moments: a wrong table row shifts the CDF by ~1/256 around its layer.
    Rng rng(2026);
    const int n = 1'000'000;
    std::vector<double> x(n);
    for (auto& v : x) v = rng.standard_exponential();
    std::sort(x.begin(), x.end());
    double d = 0;
    for (int i = 0; i < n; ++i) {
        const double f = -std::expm1(-x[static_cast<std::size_t>(i)]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    EXPECT_LT(d, 1.95 / std::sqrt(static_cast<double>(n)));  // 0.1% critical value
    EXPECT_GE(x.front(), 0.0);
    // P(X > 9) = e^-9: the tail path (x > r) must carry the right mass. Binomial, 5 SE.
    const double p9 = std::exp(-9.0);
    const auto beyond = static_cast<double>(x.end() - std::upper_bound(x.begin(), x.end(), 9.0));
    EXPECT_NEAR(beyond, n * p9, 5 * std::sqrt(n * p9));
    auto [mean, se] = moments(n, [&] { return rng.standard_exponential(); });
    EXPECT_NEAR(mean, 1.0, 4 * se);
    auto [m2, se2] = moments(n, [&] {
        const double v = rng.standard_exponential();
        return v * v;
    });
    EXPECT_NEAR(m2, 2.0, 4 * se2);  // E[X^2] = 2
}

TEST(sim, ziggurat_tables_are_equal_area_layers_under_the_density) {
    // Row by row (a corrupt row moves too few draws for a statistical test to see): layer i spans
    // [0, x_i] x [f(x_i), f(x_{i-1})] with f = e^-x, x_i = W[i] 2^53, every layer of area v, the
    // base (layer 0) being [0, r] x [0, f(r)] plus the tail beyond r; K[i] = x_{i-1} / x_i 2^53.
    using namespace cchc::sim::detail;
    const double two53 = 0x1.0p53, r = kZigExpR;
    const double v = r * std::exp(-r) + std::exp(-r);
    EXPECT_NEAR(kZigExpW[255] * two53, r, 1e-12 * r);
    EXPECT_NEAR(kZigExpW[0] * two53 * std::exp(-r), v, 1e-15);
    EXPECT_NEAR(static_cast<double>(kZigExpK[0]), r / (kZigExpW[0] * two53) * two53, 2.0);
    EXPECT_EQ(kZigExpF[0], 1.0);
    EXPECT_EQ(kZigExpK[1], 0u);
    for (int i = 1; i < 256; ++i) {
        const double x = kZigExpW[i] * two53;
        SCOPED_TRACE("layer " + std::to_string(i));
        EXPECT_NEAR(kZigExpF[i], std::exp(-x), 1e-15);
        EXPECT_NEAR(x * (kZigExpF[i - 1] - kZigExpF[i]), v, 1e-12);
        if (i > 1) {
            EXPECT_NEAR(static_cast<double>(kZigExpK[i]), kZigExpW[i - 1] / kZigExpW[i] * two53, 2.0);
        }
    }
}

TEST(sim, bad_distributions_are_named) {
    EXPECT_THROW(Dist::triangular(5, 1, 9).check("desk_time"), std::invalid_argument);
    EXPECT_THROW(Dist::empirical({}).check("x"), std::invalid_argument);
    EXPECT_THROW(Dist::exponential(-1).check("x"), std::invalid_argument);
    try {
        Dist::fixed(-1).check("paper_transfer");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("paper_transfer"), std::string::npos);
    }
}

TEST(sim, histogram_quantiles) {
    Histogram h(1.0, 10);
    for (int i = 0; i < 10; ++i) h.add(i + 0.5);
    EXPECT_EQ(h.total(), 10u);
    EXPECT_DOUBLE_EQ(h.quantile(0.5), 5.0);
    EXPECT_DOUBLE_EQ(h.quantile(1.0), 10.0);
    h.add(1000);  // overflow goes to the last bin
    EXPECT_EQ(h.counts.back(), 2u);
}

TEST(sim, deterministic_step_across_tet_by_hand) {
    // Received Tue 9 Feb 2021 16:00; 1 working day of work; Tết 10-16 Feb -> ready 17 Feb 16:00.
    auto model = one_procedure(0.0, 1.0, 3.0);
    Params p = exact();
    p.start = make_date(2021, 2, 1);
    p.days = 60;
    p.scripted.push_back({0, 1, make_minutes(make_date(2021, 2, 9), 16, 0), Channel::in_person, false});
    Simulation sim(model, p);
    const Output out = sim.run();
    ASSERT_EQ(out.dossiers.size(), 1u);
    const auto& d = out.dossiers[0];
    ASSERT_EQ(d.id.size(), 1u);
    EXPECT_EQ(d.ready_wall[0], make_minutes(make_date(2021, 2, 17), 16, 0) * 60);
    EXPECT_EQ(d.deadline_wall[0], make_minutes(make_date(2021, 2, 19), 17, 0) * 60);
    EXPECT_EQ(d.outcome[0], static_cast<std::uint8_t>(Outcome::early));
    EXPECT_DOUBLE_EQ(d.lead_days[0], 1.0);
    EXPECT_EQ(d.trips[0], 2);
    EXPECT_EQ(out.reps[0].total.arrived, 1u);
    EXPECT_EQ(out.reps[0].total.early, 1u);
}

TEST(sim, same_seed_same_output_any_thread_count) {
    auto model = one_procedure(20000.0, 2.0, 3.0);
    Params p;
    p.days = 90;
    p.replications = 4;
    p.keep_replications = 4;
    p.seed = 99;
    p.threads = 1;
    const Output a = Simulation(model, p).run();
    p.threads = 2;
    const Output b = Simulation(model, p).run();
    ASSERT_EQ(a.reps.size(), b.reps.size());
    for (std::size_t r = 0; r < a.reps.size(); ++r) {
        EXPECT_EQ(a.reps[r].total.arrived, b.reps[r].total.arrived);
        EXPECT_EQ(a.reps[r].total.lead_sum, b.reps[r].total.lead_sum);
        EXPECT_EQ(a.reps[r].events, b.reps[r].events);
        EXPECT_EQ(a.dossiers[r].ready, b.dossiers[r].ready);
    }
    EXPECT_NE(a.reps[0].total.lead_sum, a.reps[1].total.lead_sum);
}

TEST(sim, poisson_volume_and_zero_volume) {
    auto model = one_procedure(5000.0, 0.0, 1.0);
    Params p;
    p.replications = 8;
    p.keep_dossiers = false;
    const Output out = Simulation(model, p).run();
    double s = 0;
    for (const auto& r : out.reps) s += static_cast<double>(r.total.arrived);
    // Mean of 8 Poisson(5000) counts: standard error sqrt(5000 / 8) = 25.
    EXPECT_NEAR(s / 8, 5000.0, 4 * 25.0);
    EXPECT_TRUE(out.dossiers.empty());

    const Output none = Simulation(one_procedure(0.0, 1.0, 1.0), p).run();
    for (const auto& r : none.reps) EXPECT_EQ(r.total.arrived, 0u);
}

TEST(sim, bad_parameters_throw) {
    auto model = one_procedure(100.0, 1.0, 1.0);
    Params p;
    p.days = 0;
    EXPECT_THROW(Simulation(model, p), std::invalid_argument);
    p = Params{};
    p.supplement_prob = 2;
    EXPECT_THROW(Simulation(model, p), std::invalid_argument);
    p = Params{};
    p.staff.push_back({7, 3});
    EXPECT_THROW(Simulation(model, p), std::invalid_argument);
}

TEST(sim, time_limit_without_steps_runs_the_derived_plan) {
    // 10 working days, 1 left to the desk: one step of 9 working days at the implementing agency.
    Params p = exact();
    p.days = 60;
    p.staff.push_back({1, 1000});
    const Output out = Simulation(one_procedure(300.0, 0.0, 10.0), p).run();
    ASSERT_EQ(out.derived_plans, std::vector<Index>{0});
    EXPECT_TRUE(out.excluded.empty());
    const auto& rows = out.dossiers.at(0);
    ASSERT_GT(rows.lead_days.size(), 20u);
    for (double lead : rows.lead_days)
        if (std::isfinite(lead)) {
            EXPECT_DOUBLE_EQ(lead, 9.0);
        }
}

TEST(sim, neither_steps_nor_time_limit_is_excluded) {
    ModelParts parts = two_agencies();
    Procedure pr;
    pr.code = "NONE";
    pr.name = "NONE";
    pr.volumes.push_back(Volume{1, 1000.0});
    parts.procedures = {pr};
    const Output out = Simulation(Model::build(std::move(parts)), exact()).run();
    EXPECT_EQ(out.excluded, std::vector<Index>{0});
    EXPECT_EQ(out.reps.at(0).total.arrived, 0u);
    EXPECT_EQ(out.reps.at(0).total.on_time + out.reps.at(0).total.early, 0u);
}

TEST(sim, offered_load_counts_rework_visits_from_the_target_on) {
    // Steps at STP (60 min), then UBND (30 min); rework p = 0.5 back to step 1 (UBND): STP once,
    // UBND twice per dossier. Loads: V x 60 / (S x year) and V x 30 x 2 / (S x year).
    ModelParts parts = two_agencies();
    Procedure pr;
    pr.code = "R";
    pr.name = "R";
    pr.steps = {Step{"A", StepRole::processing, 1, 1.0, TimeUnit::working_hour, Transfer::none},
                Step{"B", StepRole::approval, 0, 0.5, TimeUnit::working_hour, Transfer::none}};
    pr.methods = {SubmissionMethod{Channel::in_person, 10, TimeUnit::working_day}};
    pr.volumes.push_back(Volume{1, 1000.0});
    parts.procedures = {pr};
    Params p = exact();
    p.days = 5;
    p.staff = {{0, 2}, {1, 4}};
    p.rework.push_back(ReworkRule{0, 0.5, 1, {}});
    Simulation s(Model::build(std::move(parts)), p);
    const Output out = s.run();
    double year = 0;
    for (Date d = p.start; d < p.start + 365; ++d) year += s.calendar().office_minutes(d);
    for (std::size_t i = 0; i < out.pool_agency.size(); ++i) {
        if (out.pool_is_desk[i]) continue;
        const double expected = out.pool_agency[i] == 1 ? 1000.0 * 60 / (4 * year) : 1000.0 * 30 * 2 / (2 * year);
        EXPECT_NEAR(out.pool_offered[i], expected, 1e-12) << out.pool_agency[i];
    }
    p.rework[0].probability = 1.0;  // would loop forever
    EXPECT_THROW(Simulation(one_procedure(10.0, 1.0, 1.0), p), std::invalid_argument);
}

TEST(sim, runs_beyond_the_memory_limit_are_refused_before_they_start) {
    auto model = one_procedure(1000.0, 1.0, 5.0);
    Params p;
    p.replications = 2;
    const Simulation ok(model, p);
    EXPECT_GT(ok.memory_estimate(), 2.0 * 145 * 1000);  // at least the kept rows and their copy
    p.max_memory = 1024;
    try {
        Simulation refused(model, p);
        FAIL() << "not refused";
    } catch (const MemoryLimitError& e) {
        EXPECT_EQ(e.limit(), 1024);
        EXPECT_GT(e.needed(), 1024);
        EXPECT_NE(std::string(e.what()).find("the limit is 1.0 KiB (max_memory)"), std::string::npos) << e.what();
    }
    p = Params{};
    p.replications = 100'000'000;  // results alone: far beyond any machine
    if (physical_memory() > 0) {
        EXPECT_THROW(Simulation(model, p), MemoryLimitError);
    }
}
