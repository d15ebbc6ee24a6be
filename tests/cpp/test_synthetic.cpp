#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "cchc/io/json.hpp"
#include "cchc/io/snapshot.hpp"
#include "cchc/synthetic.hpp"

using namespace cchc;

namespace {
SyntheticOptions small(std::uint64_t seed = 0) {
    SyntheticOptions o;
    o.provinces = 3;
    o.communes = 20;
    o.people = 2000;
    o.records_per_person = 4;
    o.province_procedures = 30;
    o.commune_procedures = 10;
    o.population = 1'000'000;
    o.seed = seed;
    return o;
}
}  // namespace

TEST(synthetic, same_seed_same_model_other_seed_other_model) {
    const auto a = io::snapshot_dumps(*synthetic(small(7)));
    EXPECT_EQ(a, io::snapshot_dumps(*synthetic(small(7))));
    EXPECT_NE(a, io::snapshot_dumps(*synthetic(small(8))));
}

TEST(synthetic, counts_follow_the_options) {
    const auto m = synthetic(small());
    const auto& ag = m->agencies();
    const auto units = std::count_if(ag.begin(), ag.end(),
                                     [](const Agency& a) { return a.kind == AgencyKind::commune_people_committee; });
    const auto provinces = std::count_if(ag.begin(), ag.end(), [](const Agency& a) {
        return a.kind == AgencyKind::provincial_people_committee;
    });
    EXPECT_EQ(units, 20);
    EXPECT_EQ(provinces, 3);
    EXPECT_EQ(m->people().size(), 2000u);
    EXPECT_EQ(m->procedures().size(), 40u);
    // Mean records per person is the option, within sampling noise (2,000 people).
    const double mean = static_cast<double>(m->records().size()) / 2000.0;
    EXPECT_NEAR(mean, 4.0, 0.3);
    // No district level in the two-tier government.
    EXPECT_TRUE(std::none_of(ag.begin(), ag.end(), [](const Agency& a) { return a.level == Level::district; }));
    // Residents: commune populations add up to the national figure.
    std::int64_t residents = 0;
    for (const auto& a : ag)
        if (a.kind == AgencyKind::commune_people_committee) residents += a.population;
    EXPECT_EQ(residents, 1'000'000);
    // Headcount recorded per agency equals the people placed there.
    std::vector<std::int32_t> placed(ag.size(), 0);
    for (auto a : m->people().agency) ++placed[static_cast<std::size_t>(a)];
    for (std::size_t i = 0; i < ag.size(); ++i) ASSERT_EQ(ag[i].headcount, placed[i]) << ag[i].code;
}

TEST(synthetic, rules_by_date_are_respected) {
    const auto m = synthetic(small(3));
    const auto& r = m->records();
    const Index cnkt = m->find_course("CNKT");
    const Index digital_nc = m->find_course("KNS-NC");
    ASSERT_NE(cnkt, kNone);
    for (std::size_t k = 0; k < r.size(); ++k) {
        if (r.course[k] == cnkt) {
            ASSERT_LE(r.start[k], make_date(2021, 12, 10));  // abolished by Decree 89/2021
        }
        if (r.course[k] == digital_nc) {
            ASSERT_GE(r.start[k], make_date(2025, 7, 1));
        }
        ASSERT_LE(r.start[k], r.end[k]);
        if (r.end[k] > make_date(2025, 12, 31)) {
            ASSERT_EQ(r.result[k], TrainingResult::attending);
        }
    }
    // Records of each person are in start order.
    for (std::size_t p = 0; p + 1 < r.offsets.size(); ++p)
        ASSERT_TRUE(std::is_sorted(r.start.begin() + r.offsets[p], r.start.begin() + r.offsets[p + 1]));
}

TEST(synthetic, lai_chau_has_38_units_at_national_defaults) {
    SyntheticOptions o;
    o.people = 500;
    o.records_per_person = 1;
    o.province_procedures = 5;
    o.commune_procedures = 2;
    const auto parts = synthetic_parts(o);
    const Index lai_chau = [&] {
        for (std::size_t i = 0; i < parts.agencies.size(); ++i)
            if (parts.agencies[i].name == "Ủy ban nhân dân tỉnh Lai Châu") return static_cast<Index>(i);
        return kNone;
    }();
    ASSERT_NE(lai_chau, kNone);
    int units = 0, wards = 0, all_units = 0;
    for (const auto& a : parts.agencies) {
        if (a.kind != AgencyKind::commune_people_committee) continue;
        ++all_units;
        if (a.parent != lai_chau) continue;
        ++units;
        wards += a.territory == Territory::ward;
    }
    EXPECT_EQ(all_units, 3321);
    EXPECT_EQ(units, 38);  // 36 communes, 2 wards (docs/domain.md#territory)
    EXPECT_EQ(wards, 2);
}

TEST(synthetic, bad_options_are_refused) {
    auto o = small();
    o.communes = 2;  // fewer than provinces
    EXPECT_THROW(synthetic(o), std::invalid_argument);
    o = small();
    o.people = -1;
    EXPECT_THROW(synthetic(o), std::invalid_argument);
}
