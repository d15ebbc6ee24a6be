#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "cchc/inspection.hpp"
#include "cchc/scorecard.hpp"

using namespace cchc;

namespace {

const char* kTree = R"({"id": "t", "max": 10, "bands": [{"name": "A", "min": 8}, {"name": "B", "min": 5}],
  "criteria": [
    {"id": "a", "max": 6, "criteria": [
      {"id": "a1", "max": 4, "indicator": "input", "rule": {"kind": "linear", "from": 0, "to": 1}},
      {"id": "a2", "weight": 1, "indicator": "input",
       "rule": {"kind": "steps", "steps": [{"at": 0.9, "share": 1}, {"at": 0.5, "points": 1}]}}]},
    {"id": "b", "weight": 3, "indicator": "input", "rule": {"kind": "linear", "from": 5, "to": 0}},
    {"id": "c", "weight": 1, "indicator": "input", "rule": {"kind": "boolean"}}]})";

}  // namespace

TEST(scorecard, hand_worked_tree) {
    const auto pack = scorecard::Pack::from_json(kTree);
    ASSERT_EQ(pack.leaves().size(), 4u);  // a1, a2, b, c
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> values = {0.75, 0.6, 1, 1,  1.2, 0.95, 0, 0,  0.1, nan, nan, nan};
    const auto s = scorecard::score(pack, values, 3);
    const std::size_t nn = pack.nodes.size();
    EXPECT_NEAR(s.points[0 * nn], 7.4, 1e-12);
    EXPECT_NEAR(s.points[1 * nn], 9.0, 1e-12);
    EXPECT_NEAR(s.points[2 * nn], 0.4, 1e-12);
    EXPECT_EQ(s.band, (std::vector<std::int32_t>{1, 0, -1}));
    EXPECT_EQ(s.rank, (std::vector<std::int32_t>{2, 1, 3}));
    EXPECT_EQ(s.missing[2 * nn + 4], 1);  // b of the third unit
    EXPECT_EQ(s.explanation[3 * 0 + 2], "input = 1; linear 5 → 0, 0 → 3 → 2.4 of 3");
}

TEST(scorecard, bad_pack_lists_every_problem_with_pointers) {
    try {
        scorecard::Pack::from_json(R"({"id": "t", "max": 10, "criteria": [
            {"id": "a", "max": 6, "indicator": "input", "rule": {"kind": "cubic"}},
            {"id": "a", "max": 5, "indicator": "input"}]})");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 2u);
        EXPECT_EQ(e.problems()[0].path, "/criteria/0/rule/kind");
        EXPECT_EQ(e.problems()[1].path, "/criteria/1/id");
    }
    EXPECT_THROW(scorecard::Pack::from_json("{"), ValidationError);
}

// Field types and ranges come from the shared reader: its messages, at the field's pointer, with the node's id.
TEST(scorecard, field_messages) {
    try {
        scorecard::Pack::from_json(R"({"id": "t", "max": 10, "unit": "town", "version": 2, "criteria": [
            {"id": "a", "max": -1, "indicator": "input", "colour": "red"},
            {"id": "b", "weight": "x", "indicator": "input",
             "rule": {"kind": "steps", "lower_is_better": 1, "steps": [{"share": 1.5}]}}]})");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        std::map<std::string, std::pair<std::string, std::string>> got;  // path → code, message
        for (const auto& p : e.problems()) got[p.path] = {p.code, p.message};
        using P = std::pair<std::string, std::string>;
        EXPECT_EQ(got.size(), 8u);
        EXPECT_EQ(got["/version"], P("", "this cchc reads version 1 of scorecard packs, got 2"));
        EXPECT_EQ(got["/unit"], P("t", "must be \"province\" or \"agency\", got \"town\""));
        EXPECT_EQ(got["/criteria/0/colour"],
                  P("a", "unknown field 'colour' (known: id, name, max, weight, criteria, indicator, rule, source, "
                         "basis, description, note)"));
        EXPECT_EQ(got["/criteria/0/max"], P("a", "must be ≥ 0, got -1"));
        EXPECT_EQ(got["/criteria/1/weight"], P("b", "must be a number, got a string"));
        EXPECT_EQ(got["/criteria/1/rule/lower_is_better"], P("b", "must be true or false, got an integer"));
        EXPECT_EQ(got["/criteria/1/rule/steps/0/at"], P("b", "required field 'at' is missing"));
        EXPECT_EQ(got["/criteria/1/rule/steps/0/share"], P("b", "must be in [0, 1], got 1.5"));
    }
    // A null that stands for a number is an error, not an absence that would leave a maximum unset.
    try {
        scorecard::Pack::from_json(R"({"id": "t", "max": 10, "criteria": [
            {"id": "a", "max": null, "indicator": "input"},
            {"id": "b", "max": 10, "indicator": "input", "rule": {"kind": "steps", "steps": [{"at": 1, "share": null}]}}]})");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 2u);
        EXPECT_EQ(e.problems()[0].path, "/criteria/0/max");
        EXPECT_EQ(e.problems()[0].message, "must be a number, got null");
        EXPECT_EQ(e.problems()[1].path, "/criteria/1/rule/steps/0/share");
        EXPECT_EQ(e.problems()[1].message, "must be a number, got null");
    }
}

// Each criterion may cite its legal basis (Scorecard.explain prints it); a basis that is not text is an error.
TEST(scorecard, basis_is_read_and_checked) {
    const auto pack = scorecard::Pack::from_json(R"({"id": "t", "max": 10, "basis": "QĐ 766/QĐ-TTg", "criteria": [
        {"id": "a", "max": 10, "indicator": "input", "basis": "QĐ 766/QĐ-TTg, Phụ lục"}]})");
    ASSERT_EQ(pack.nodes.size(), 2u);
    EXPECT_EQ(pack.nodes[0].basis, "QĐ 766/QĐ-TTg");
    EXPECT_EQ(pack.nodes[1].basis, "QĐ 766/QĐ-TTg, Phụ lục");
    try {
        scorecard::Pack::from_json(R"({"id": "t", "max": 10, "criteria": [
            {"id": "a", "max": 10, "indicator": "input", "basis": 766}]})");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].path, "/criteria/0/basis");
        EXPECT_EQ(e.problems()[0].code, "a");
    }
}

TEST(inspection, same_plan_whatever_the_input_order) {
    std::vector<inspection::Unit> units;
    for (Index i = 0; i < 20; ++i) {
        std::string code = "U";  // not "U" + to_string(i): GCC 12's -Wrestrict false positive
        code += std::to_string(i);
        units.push_back({i, i % 2, 0.05 * i, 0, inspection::stable_key(code)});
    }
    inspection::PlanOptions o;
    o.years = 6;
    o.seed = 11;
    const auto a = inspection::plan(units, o);
    std::vector<inspection::Unit> reversed(units.rbegin(), units.rend());
    const auto b = inspection::plan(reversed, o);
    ASSERT_EQ(a.selections.size(), b.selections.size());
    for (std::size_t k = 0; k < a.selections.size(); ++k) {
        EXPECT_EQ(a.selections[k].agency, b.selections[k].agency);
        EXPECT_EQ(a.selections[k].month, b.selections[k].month);
    }
    for (const auto& st : a.strata) EXPECT_GE(st.selected, 3);  // ceil(0.3 × 10)
    o.capacity_per_month[3] = -1;
    EXPECT_THROW(inspection::plan(units, o), Error);
}
