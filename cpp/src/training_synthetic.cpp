// Synthetic population for the training benchmarks (seeded splitmix64, own distributions).
#include "cchc/training.hpp"

namespace cchc::training {

namespace {
struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>((next() >> 32) * n >> 32); }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};
}  // namespace

Shared<Model> synthetic_population(std::size_t n_people, double records_per_person, std::uint64_t seed) {
    ModelParts parts;
    parts.info.name = "synthetic national population (training benchmark)";
    Rng rng{seed};
    auto& ag = parts.agencies;
    std::vector<Index> province_units, communes;
    for (int p = 0; p < 34; ++p) {
        const auto ppc = static_cast<Index>(ag.size());
        const std::string pc = "P" + std::to_string(p);
        ag.push_back({.code = pc, .name = "UBND tỉnh " + std::to_string(p), .kind = AgencyKind::provincial_people_committee,
                      .level = Level::province, .travel_km = 0});
        province_units.push_back(ppc);
        for (int d = 0; d < 20; ++d) {
            province_units.push_back(static_cast<Index>(ag.size()));
            ag.push_back({.code = pc + "-S" + std::to_string(d), .name = "Sở " + std::to_string(d),
                          .kind = AgencyKind::department, .level = Level::province, .parent = ppc,
                          .travel_km = 1 + rng.uniform() * 5});
        }
        province_units.push_back(static_cast<Index>(ag.size()));
        ag.push_back({.code = pc + "-MC", .name = "Trung tâm phục vụ hành chính công", .kind = AgencyKind::service_centre,
                      .level = Level::province, .parent = ppc, .travel_km = 2});
        for (int c = 0; c < 97; ++c) {
            communes.push_back(static_cast<Index>(ag.size()));
            ag.push_back({.code = pc + "-X" + std::to_string(c), .name = "UBND xã " + std::to_string(c),
                          .kind = AgencyKind::commune_people_committee, .level = Level::commune, .parent = ppc,
                          .travel_km = 5 + rng.uniform() * 60});
        }
    }
    struct C {
        const char* code;
        CourseContent content;
        double periods;
        int validity;
    };
    const C courses[] = {{"CN", CourseContent::knowledge_update, 24, 0},   {"CN40", CourseContent::knowledge_update, 40, 0},
                         {"QLNN-CV", CourseContent::state_management, 280, 0},
                         {"QLNN-CVC", CourseContent::state_management, 320, 0},
                         {"QLNN-CVCC", CourseContent::state_management, 400, 0},
                         {"LD-PHONG", CourseContent::leadership, 80, 0},  {"LD-SO", CourseContent::leadership, 160, 0},
                         {"XA", CourseContent::commune_title, 40, 0},     {"MOT-CUA", CourseContent::job_position, 16, 3},
                         {"SO", CourseContent::digital_skills, 24, 0},    {"KHAC", CourseContent::other, 16, 0}};
    for (const auto& c : courses)
        parts.courses.push_back({.code = c.code, .name = c.code, .content = c.content, .periods = c.periods,
                                 .days = c.periods / 8, .certificate_validity_years = c.validity});
    auto& pe = parts.people;
    pe.reserve(n_people);
    const std::uint32_t empty = pe.strings.intern("");
    const std::uint32_t ethnic[] = {pe.strings.intern("Kinh"), pe.strings.intern("Thái"), pe.strings.intern("Mông"),
                                    pe.strings.intern("Dao"), pe.strings.intern("Tày")};
    auto& rec = parts.records;
    const auto expected = static_cast<std::size_t>(static_cast<double>(n_people) * records_per_person * 1.05);
    rec.course.reserve(expected);
    rec.start.reserve(expected);
    rec.end.reserve(expected);
    rec.periods.reserve(expected);
    rec.result.reserve(expected);
    rec.certificate.reserve(expected);
    rec.offsets.reserve(n_people + 1);
    for (std::size_t i = 0; i < n_people; ++i) {
        pe.id.push_back("N" + std::to_string(i));
        const bool commune = rng.uniform() < 0.45;
        const Index a = commune ? communes[rng.below(static_cast<std::uint32_t>(communes.size()))]
                                : province_units[rng.below(static_cast<std::uint32_t>(province_units.size()))];
        pe.agency.push_back(a);
        const double u = rng.uniform();
        const auto cat = u < 0.15 ? PersonCategory::can_bo : u < 0.55 ? PersonCategory::cong_chuc : PersonCategory::vien_chuc;
        pe.category.push_back(cat);
        const double r = rng.uniform();
        pe.rank_group.push_back(cat == PersonCategory::cong_chuc
                                    ? (r < 0.02 ? RankGroup::senior_specialist
                                       : r < 0.2 ? RankGroup::principal_specialist
                                       : r < 0.9 ? RankGroup::specialist : RankGroup::officer)
                                    : RankGroup::none);
        pe.rank.push_back(empty);
        pe.position.push_back(empty);
        const double l = rng.uniform();
        pe.leadership.push_back(l < 0.01 ? Leadership::department_head
                                : l < 0.03 ? Leadership::department_deputy
                                : l < 0.08 ? Leadership::division_head
                                : l < 0.15 ? Leadership::division_deputy : Leadership::none);
        pe.birth_year.push_back(static_cast<std::int16_t>(1962 + rng.below(40)));
        pe.gender.push_back(rng.below(2) ? Gender::female : Gender::male);
        pe.ethnicity.push_back(ethnic[rng.below(5)]);
        const Date entered = make_date(1990 + static_cast<int>(rng.below(32)), 1 + rng.below(12), 1);
        pe.entered.push_back(entered);
        const Date left = make_date(2019 + static_cast<int>(rng.below(3)), 6, 30);
        pe.left.push_back(rng.uniform() < 0.03 && left > entered ? left : kNoDate);
        const auto n = static_cast<std::uint32_t>(rng.below(static_cast<std::uint32_t>(2 * records_per_person + 1)));
        for (std::uint32_t k = 0; k < n; ++k) {
            const std::uint32_t c = rng.below(static_cast<std::uint32_t>(std::size(courses)));
            const Date start = make_date(2012 + static_cast<int>(rng.below(10)), 1 + rng.below(12), 1 + rng.below(28));
            rec.course.push_back(static_cast<Index>(c));
            rec.start.push_back(start);
            rec.end.push_back(start + static_cast<Date>(courses[c].periods / 8));
            rec.periods.push_back(static_cast<float>(courses[c].periods));
            rec.result.push_back(rng.uniform() < 0.9 ? TrainingResult::passed : TrainingResult::failed);
            rec.certificate.push_back(courses[c].validity > 0 && rng.uniform() < 0.8);
        }
        rec.offsets.push_back(static_cast<std::int64_t>(rec.course.size()));
    }
    return Model::build(std::move(parts));
}

}  // namespace cchc::training
