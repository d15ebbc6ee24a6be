// Concurrency: many threads simulating, costing, applying scenarios and
// snapshotting on one shared model (what cchc.sweep does with a thread pool or
// a threaded Dask worker). Every concurrent result must equal the sequential
// one bit for bit. Run under the `tsan` preset to look for data races:
//   cmake --preset tsan && cmake --build --preset tsan -j1 &&
//   build/tsan/cchc_tests --gtest_filter='distributed*'
#include "cchc/cost.hpp"
#include "cchc/io/snapshot.hpp"
#include "cchc/scenario.hpp"
#include "cchc/sim/engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace cchc;
using namespace cchc::sim;

namespace {

// A desk (one-stop) and two departments; two procedures, one with an inter-agency step.
Shared<Model> province() {
    ModelParts parts;
    parts.info.name = "concurrency";
    Agency ubnd;
    ubnd.code = "UBND";
    ubnd.name = "UBND tỉnh";
    ubnd.kind = AgencyKind::provincial_people_committee;
    ubnd.headcount = 5;
    Agency stp;
    stp.code = "STP";
    stp.name = "Sở Tư pháp";
    stp.kind = AgencyKind::department;
    stp.parent = 0;
    stp.headcount = 6;
    Agency snv;
    snv.code = "SNV";
    snv.name = "Sở Nội vụ";
    snv.kind = AgencyKind::department;
    snv.parent = 0;
    snv.headcount = 4;
    parts.agencies = {ubnd, stp, snv};
    Procedure a;
    a.code = "1.000001";
    a.name = "Cấp phiếu lý lịch tư pháp";
    a.field = "Lý lịch tư pháp";
    a.levels = {Level::province};
    a.trips = 2;
    a.steps.push_back(Step{"Xử lý", StepRole::processing, kImplementingAgency, 3.0, TimeUnit::working_day,
                           Transfer::none});
    a.methods.push_back(SubmissionMethod{Channel::in_person, 5.0, TimeUnit::working_day});
    a.components.push_back(Component{});
    a.components.back().name = "Tờ khai";
    a.components.back().prep_hours = 0.5;
    a.volumes.push_back(Volume{1, 3000.0});
    Procedure b;
    b.code = "2.000002";
    b.name = "Thẩm định tổ chức";
    b.field = "Tổ chức";
    b.levels = {Level::province};
    b.trips = 1;
    b.steps.push_back(Step{"Thẩm định", StepRole::appraisal, kImplementingAgency, 4.0, TimeUnit::working_day,
                           Transfer::none});
    b.steps.push_back(Step{"Phê duyệt", StepRole::approval, 0, 2.0, TimeUnit::working_day, Transfer::paper});
    b.methods.push_back(SubmissionMethod{Channel::in_person, 7.0, TimeUnit::working_day});
    b.volumes.push_back(Volume{2, 1500.0});
    parts.procedures = {a, b};
    return Model::build(std::move(parts));
}

Params params(std::uint64_t seed, int threads) {
    Params p;
    p.days = 120;
    p.replications = 2;
    p.seed = seed;
    p.threads = threads;
    p.keep_replications = 1;
    p.supplement_prob = 0.1;
    p.step_ratio = Dist::lognormal(1.0, 0.4);
    return p;
}

struct Fingerprint {
    std::vector<std::uint64_t> arrived, late;
    std::vector<double> lead_sum;
    std::vector<std::uint64_t> events;
    bool operator==(const Fingerprint&) const = default;
};

Fingerprint fingerprint(const Output& out) {
    Fingerprint f;
    for (const auto& r : out.reps) {
        f.arrived.push_back(r.total.arrived);
        f.late.push_back(r.total.late);
        f.lead_sum.push_back(r.total.lead_sum);
        f.events.push_back(r.events);
    }
    return f;
}

const char* kScenario = R"({"format": "cchc-scenario", "version": 1, "name": "cut",
  "actions": [{"action": "set_trips", "all": true, "trips": 1},
              {"action": "cut_time", "procedures": ["2.000002"], "percent": 25}]})";

}  // namespace

TEST(distributed, threads_share_one_model_and_match_sequential) {
    const auto model = province();
    const auto scenario = Scenario::from_json(kScenario);
    constexpr int kSeeds = 8;

    // Sequential reference.
    std::vector<Fingerprint> base(kSeeds), after(kSeeds);
    const Applied ref_applied = apply(*model, scenario);
    for (int s = 0; s < kSeeds; ++s) {
        base[s] = fingerprint(Simulation(model, params(100 + s, 1)).run());
        after[s] = fingerprint(Simulation(ref_applied.model, params(100 + s, 1)).run());
    }
    const double cost_before = compliance_cost(*model).total_annual;
    const double cost_after = compliance_cost(*ref_applied.model, ref_applied.params).total_annual;
    const std::string snap = io::snapshot_dumps(*model);
    const ScenarioEvaluator evaluator(model);

    // Four threads, each doing every kind of work on the shared model; the inner
    // simulations themselves use two threads (nested parallelism, as in a sweep
    // whose tasks call simulate with threads > 1).
    std::atomic<int> mismatches{0};
    auto work = [&](int t) {
        for (int s = t; s < kSeeds; s += 4) {
            if (!(fingerprint(Simulation(model, params(100 + s, 2)).run()) == base[s])) ++mismatches;
            const Applied a = apply(*model, scenario);
            if (!(fingerprint(Simulation(a.model, params(100 + s, 1)).run()) == after[s])) ++mismatches;
            if (compliance_cost(*model).total_annual != cost_before) ++mismatches;
            if (compliance_cost(*a.model, a.params).total_annual != cost_after) ++mismatches;
            if (evaluator.evaluate(scenario).after != cost_after) ++mismatches;
            if (io::snapshot_dumps(*model) != snap) ++mismatches;
            const auto copy = io::snapshot_loads(snap);
            if (io::snapshot_dumps(*copy) != snap) ++mismatches;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
    EXPECT_EQ(mismatches.load(), 0);
    // The scenario really changes the simulation (so equal fingerprints mean something).
    EXPECT_NE(base[0], after[0]);
    EXPECT_GT(cost_before, cost_after);
}

TEST(distributed, concurrent_background_runs_and_cancel) {
    // start()/wait()/cancel() from several threads at once on separate simulations
    // of one model: the cancelled ones stop, the others finish with the reference numbers.
    // Thread 1 cancels before starting (cancellation is certain: no replication may run);
    // thread 3 cancels a running simulation (it may finish first: then its numbers must be right).
    const auto model = province();
    const Fingerprint ref = fingerprint(Simulation(model, params(7, 1)).run());
    std::atomic<int> mismatches{0}, cancelled_before_start{0}, ran_after_cancel{0};
    auto work = [&](int t) {
        Simulation sim(model, params(7, 1));
        if (t == 1) sim.cancel();
        sim.start();
        if (t == 3) sim.cancel();
        while (!sim.wait(0.01)) {
        }
        const Output out = sim.take();
        if (t == 1) {
            if (out.cancelled) ++cancelled_before_start;
            if (sim.finished() != 0) ++ran_after_cancel;
        } else if (!out.cancelled && !(fingerprint(out) == ref)) {
            ++mismatches;
        } else if (t != 3 && out.cancelled) {
            ++mismatches;  // nobody cancelled threads 0 and 2
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
    EXPECT_EQ(mismatches.load(), 0);
    EXPECT_EQ(cancelled_before_start.load(), 1);
    EXPECT_EQ(ran_after_cancel.load(), 0);
}
