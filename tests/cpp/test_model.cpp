#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cchc/io/json.hpp"
#include "cchc/model.hpp"

using namespace cchc;

namespace {

ModelParts tiny() {
    ModelParts p;
    p.info.name = "tiny";
    Agency root;
    root.code = "P";
    root.name = "UBND tỉnh";
    root.kind = AgencyKind::provincial_people_committee;
    Agency dept;
    dept.code = "D";
    dept.name = "Sở Nội vụ";
    dept.kind = AgencyKind::department;
    dept.parent = 0;
    p.agencies = {root, dept};
    Procedure proc;
    proc.code = "1.000001";
    proc.name = "Thủ tục";
    proc.levels = {Level::province};
    proc.steps.push_back({"Xử lý", StepRole::processing, kImplementingAgency, 2.0, TimeUnit::working_day, Transfer::none});
    proc.volumes.push_back({1, 10.0});
    p.procedures = {proc};
    return p;
}

bool has_problem(const ValidationError& e, const std::string& path, const std::string& fragment) {
    for (const auto& pr : e.problems())
        if (pr.path == path && pr.message.find(fragment) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(model, builds_and_looks_up_codes) {
    auto m = Model::build(tiny());
    EXPECT_EQ(m->agencies().size(), 2u);
    EXPECT_EQ(m->find_agency("D"), 1);
    EXPECT_EQ(m->find_agency("X"), kNone);
    EXPECT_EQ(m->procedure_index("1.000001"), 0);
    EXPECT_DOUBLE_EQ(m->procedures()[0].annual_volume(), 10.0);
    try {
        (void)m->agency_index("DD");
        FAIL() << "expected ReferenceError";
    } catch (const ReferenceError& e) {
        EXPECT_NE(std::string(e.what()).find("closest: D"), std::string::npos) << e.what();
    }
}

TEST(model, rejects_non_finite_and_negative_numbers_with_pointers) {
    auto p = tiny();
    p.procedures[0].steps[0].duration = std::numeric_limits<double>::quiet_NaN();
    p.procedures[0].volumes[0].annual = std::numeric_limits<double>::infinity();
    p.agencies[1].travel_km = -2.0;
    try {
        (void)Model::build(std::move(p));
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.problems().size(), 3u);
        EXPECT_TRUE(has_problem(e, "/procedures/0/steps/0/duration", "must be a finite number"));
        EXPECT_TRUE(has_problem(e, "/procedures/0/volumes/0/annual", "must be a finite number, got inf"));
        EXPECT_TRUE(has_problem(e, "/agencies/1/travel_km", "must not be negative, got -2"));
    }
}

TEST(model, detects_cycles_and_out_of_range_references) {
    auto p = tiny();
    p.agencies[0].parent = 1;  // P → D → P
    p.procedures[0].volumes[0].agency = 7;
    try {
        (void)Model::build(std::move(p));
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_TRUE(has_problem(e, "/agencies/0/parent", "cycle in the agency tree: P → D → P"));
        EXPECT_TRUE(has_problem(e, "/procedures/0/volumes/0/agency", "out of range"));
    }
}

TEST(model, derived_models_share_untouched_tables) {
    auto m = Model::build(tiny());
    TableSet t = m->tables();
    auto procs = std::make_shared<std::vector<Procedure>>(m->procedures());
    (*procs)[0].volumes[0].annual = 20.0;
    t.procedures = procs;
    auto m2 = Model::from_tables(t);
    EXPECT_EQ(m2->tables().agencies.get(), m->tables().agencies.get());
    EXPECT_NE(m2->tables().procedures.get(), m->tables().procedures.get());
    EXPECT_DOUBLE_EQ(m->procedures()[0].annual_volume(), 10.0);
    EXPECT_DOUBLE_EQ(m2->procedures()[0].annual_volume(), 20.0);
}

TEST(text, folds_vietnamese_and_suggests_close_codes) {
    EXPECT_EQ(fold_vietnamese("Sở Nội vụ"), "so noi vu");
    EXPECT_EQ(fold_vietnamese("ĐOÀN KẾT"), "doan ket");
    EXPECT_EQ(fold_vietnamese("Mường Tè"), "muong te");
    EXPECT_EQ(fold_vietnamese("Sìn Hồ, Than Uyên"), "sin ho, than uyen");
    EXPECT_EQ(fold_vietnamese("Nghi\xCC\x83"), "nghi");  // decomposed tilde (NFD) vanishes
    const std::vector<std::string_view> codes{"SNV", "STP", "SXD", "UBT"};
    const auto near = closest_codes("SNVV", codes, 2);
    ASSERT_EQ(near.size(), 2u);
    EXPECT_EQ(near[0], "SNV");
}

TEST(date, parses_strictly_and_formats) {
    EXPECT_EQ(parse_date("1970-01-01"), 0);
    EXPECT_EQ(parse_date("2021-02-12"), make_date(2021, 2, 12));
    EXPECT_FALSE(parse_date("2021-02-29").has_value());
    EXPECT_TRUE(parse_date("2020-02-29").has_value());
    EXPECT_FALSE(parse_date("2021-2-1").has_value());
    EXPECT_FALSE(parse_date("2021-13-01").has_value());
    EXPECT_FALSE(parse_date("21-01-2021").has_value());
    EXPECT_EQ(format_date(make_date(2025, 7, 1)), "2025-07-01");
    EXPECT_EQ(format_date(kNoDate), "");
    EXPECT_EQ(iso_weekday(make_date(2021, 2, 12)), 5u);  // Tết 2021 fell on a Friday
}

TEST(json, round_trip_is_byte_identical) {
    auto m = Model::build(tiny());
    const std::string first = io::write_json(*m);
    auto again = io::read_json(first, "mem");
    EXPECT_EQ(io::write_json(*again), first);
    EXPECT_NE(first.find("\"parent\":\"P\""), std::string::npos);
    EXPECT_NE(first.find("\"name\":\"Sở Nội vụ\""), std::string::npos);
}

TEST(json, reports_every_problem_with_pointer_and_code) {
    const std::string text = R"({"format":"cchc","version":1,"name":"x","agencies":[
        {"code":"A","name":"a","kind":"department","level":"province","parent":"Z"},
        {"code":"A","name":"b","kind":"dept","level":"province"}],
        "people":[{"id":"p","agency":"A","category":"cong_chuc","gender":"other"}]})";
    try {
        (void)io::read_json(text, "t.json");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.source(), "t.json");
        EXPECT_TRUE(has_problem(e, "/agencies/0/parent", "unknown parent agency 'Z'"));
        EXPECT_TRUE(has_problem(e, "/agencies/1/kind", "allowed: provincial_people_committee"));
        EXPECT_TRUE(has_problem(e, "/agencies/1/code", "duplicate code 'A'"));
        EXPECT_TRUE(has_problem(e, "/people/0/gender", "unknown value 'other'; allowed: male, female"));
        EXPECT_EQ(e.problems().size(), 4u);
        EXPECT_NE(std::string(e.what()).find("t.json: 4 errors"), std::string::npos);
    }
}

TEST(json, malformed_input_gives_line_and_column) {
    try {
        (void)io::read_json("{\n\"format\": \"cchc\",\n  oops\n}", "bad.json");
        FAIL();
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_NE(e.problems()[0].message.find("line 3, column 3"), std::string::npos) << e.problems()[0].message;
    }
}

TEST(model, annual_volume_above_the_bound_is_an_error_with_its_pointer) {
    ModelParts parts;
    parts.info.name = "t";
    Agency a;
    a.code = "A";
    a.name = "A";
    parts.agencies = {a};
    Procedure p;
    p.code = "P";
    p.name = "P";
    p.volumes = {Volume{0, 1e9}, Volume{0, 1.5e9}};
    parts.procedures = {p};
    try {
        Model::build(std::move(parts));
        FAIL() << "accepted";
    } catch (const ValidationError& e) {
        // the duplicate agency is one problem, the volume above 10^9 the other; 10^9 itself is accepted
        ASSERT_EQ(e.problems().size(), 2u);
        EXPECT_TRUE(has_problem(e, "/procedures/0/volumes/1/annual", "annual volume 1.5e+09 is above 1e+09"));
        EXPECT_TRUE(has_problem(e, "/procedures/0/volumes/1/agency", "listed twice"));
    }
}

// `left` is the last day in service (docs/format.md): one definition for org, training,
// restructuring and the summary.
TEST(People, ServingOnIncludesTheFirstAndLastDay) {
    People p;
    p.entered = {make_date(2010, 3, 1), kNoDate};
    p.left = {make_date(2021, 12, 31), kNoDate};
    p.id = {"A", "B"};
    EXPECT_FALSE(p.serving_on(0, make_date(2010, 2, 28)));
    EXPECT_TRUE(p.serving_on(0, make_date(2010, 3, 1)));
    EXPECT_TRUE(p.serving_on(0, make_date(2021, 12, 31)));
    EXPECT_FALSE(p.serving_on(0, make_date(2022, 1, 1)));
    EXPECT_FALSE(p.left_before(0, make_date(2021, 12, 31)));
    EXPECT_TRUE(p.left_before(0, make_date(2022, 1, 1)));
    EXPECT_TRUE(p.serving_on(1, make_date(1990, 1, 1)));
    EXPECT_TRUE(p.serving_on(0, kNoDate));
}
