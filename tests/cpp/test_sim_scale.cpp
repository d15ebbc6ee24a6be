// Simulation at scale: dossier slots recycled (memory ~ work in progress), offered load and
// staffing raised for the expected work.
#include "cchc/sim/engine.hpp"
#include "sim_params.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace cchc;
using namespace cchc::sim;

namespace {

Shared<Model> one_step(double annual, std::int32_t headcount) {
    ModelParts parts;
    parts.info.name = "test";
    Agency ubnd;
    ubnd.code = "UBND";
    ubnd.name = "UBND";
    ubnd.kind = AgencyKind::provincial_people_committee;
    ubnd.headcount = 10;
    Agency dept;
    dept.code = "STP";
    dept.name = "Sở Tư pháp";
    dept.kind = AgencyKind::department;
    dept.parent = 0;
    dept.headcount = headcount;
    parts.agencies = {ubnd, dept};
    Procedure p;
    p.code = "P";
    p.name = "P";
    p.field = "F";
    p.levels = {Level::province};
    p.steps.push_back(Step{"Xử lý", StepRole::processing, kImplementingAgency, 1.0, TimeUnit::working_day, Transfer::none});
    p.methods.push_back(SubmissionMethod{Channel::in_person, 5.0, TimeUnit::working_day});
    p.volumes.push_back(Volume{1, annual});
    parts.procedures = {p};
    return Model::build(std::move(parts));
}

Params exact() {
    Params p = cchc_test::routing_off();
    p.start = make_date(2021, 1, 4);  // a Monday
    p.days = 60;
    p.desk_time = Dist::fixed(0);
    p.step_ratio = Dist::fixed(1);
    p.desk_handover = Dist::fixed(0);
    p.pickup_delay = Dist::fixed(0);
    p.keep_dossiers = false;
    return p;
}

double office_minutes_of_year(const Simulation& s, Date start) {
    double m = 0;
    for (Date d = start; d < start + 365; ++d) m += s.calendar().office_minutes(d);
    return m;
}

}  // namespace

TEST(sim_scale, slots_are_recycled_peak_is_the_work_in_progress) {
    // Scripted dossiers of one working day each: one every other working day never overlap
    // (peak 1 slot for 10 dossiers); ten at the same instant need ten slots.
    Params p = exact();
    const Date days[] = {make_date(2021, 1, 4),  make_date(2021, 1, 6),  make_date(2021, 1, 8),
                         make_date(2021, 1, 12), make_date(2021, 1, 14), make_date(2021, 1, 18),
                         make_date(2021, 1, 20), make_date(2021, 1, 22), make_date(2021, 1, 26),
                         make_date(2021, 1, 28)};
    for (Date d : days) p.scripted.push_back({0, 1, make_minutes(d, 8, 0), Channel::in_person, false});
    Output apart = Simulation(one_step(0.0, 10), p).run();
    EXPECT_EQ(apart.reps[0].total.finished, 10u);
    EXPECT_EQ(apart.reps[0].peak_wip, 1u);

    p.scripted.clear();
    for (int i = 0; i < 10; ++i) p.scripted.push_back({0, 1, make_minutes(days[0], 8, 0), Channel::in_person, false});
    Output together = Simulation(one_step(0.0, 10), p).run();
    EXPECT_EQ(together.reps[0].total.finished, 10u);
    EXPECT_EQ(together.reps[0].peak_wip, 10u);
}

TEST(sim_scale, offered_load_and_understaffed_pools) {
    // 12,000 dossiers x 1 working day (480 min) on 10 x 0.3 x 10 = 30 servers.
    Params p = exact();
    Simulation base(one_step(12000.0, 10), p);
    const double year = office_minutes_of_year(base, p.start);
    const Output b = base.run();
    ASSERT_EQ(b.pool_offered.size(), 2u);  // the department's counter, then its processing pool
    EXPECT_EQ(b.pool_servers[1], 30);
    EXPECT_NEAR(b.pool_offered[1], 12000.0 * 480.0 / (30.0 * year), 1e-12);
    EXPECT_EQ(b.pool_raised[1], 0);

    p.understaffed_utilisation = 0.5;
    const Output r = Simulation(one_step(12000.0, 10), p).run();
    const auto need = static_cast<std::int32_t>(std::ceil(12000.0 * 480.0 / (0.5 * year)));
    EXPECT_GT(need, 30);
    EXPECT_EQ(r.pool_servers[1], need);
    EXPECT_EQ(r.pool_raised[1], 1);
    EXPECT_LE(r.pool_offered[1], 0.5);

    p.staff.push_back({1, 25});  // an explicit override stands
    const Output o = Simulation(one_step(12000.0, 10), p).run();
    EXPECT_EQ(o.pool_servers[1], 25);
    EXPECT_EQ(o.pool_raised[1], 0);

    p = exact();
    p.understaffed_utilisation = 1.0;
    EXPECT_THROW(Simulation(one_step(100.0, 10), p), std::invalid_argument);
}
