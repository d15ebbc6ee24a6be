// The shared JSON field reader: each getter's accepted value and its messages
// (JSON pointer of the field, the entity's code, the model reader's wording).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cchc/io/json_fields.hpp"

using namespace cchc;
using nlohmann::json;

namespace {

// The getter returned false and collected exactly this problem (code "P-7"), now cleared for the next check.
::testing::AssertionResult rejected(io::JsonFields& f, bool returned, const std::string& path,
                                    const std::string& message) {
    std::vector<Problem> got;
    got.swap(f.problems);
    if (returned) return ::testing::AssertionFailure() << "the getter accepted the value";
    if (got.size() != 1) return ::testing::AssertionFailure() << got.size() << " problems";
    const Problem& p = got[0];
    if (p.path != path || p.code != "P-7" || p.message != message || p.severity != Severity::error)
        return ::testing::AssertionFailure() << p.path << " [" << p.code << "] " << p.message;
    return ::testing::AssertionSuccess();
}

// Every problem collected, in order: (path, message).
std::vector<std::pair<std::string, std::string>> all(const io::JsonFields& f) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& p : f.problems) out.emplace_back(p.path, p.message);
    return out;
}

using Expected = std::vector<std::pair<std::string, std::string>>;

const json kObj = json::parse(R"({"s": "abc", "e": "", "n": 2.5, "i": 7, "f": 3.0, "b": true, "z": null,
  "d": "2021-03-15", "lvl": "district", "lvls": ["province", "commune"], "names": ["x", "y"],
  "neg": -1, "big": 18446744073709551615, "bad/d": "2021-02-30", "arr": [], "o": {}})");

}  // namespace

TEST(json_fields, string) {
    io::JsonFields f;
    std::string out = "keep";
    EXPECT_TRUE(f.get_string(kObj, "/x/0", "P-7", "s", out, true, true));
    EXPECT_EQ(out, "abc");
    EXPECT_FALSE(f.get_string(kObj, "/x/0", "P-7", "absent", out));  // optional and absent: no problem
    EXPECT_FALSE(f.get_string(kObj, "/x/0", "P-7", "z", out));       // null is absent when optional
    EXPECT_EQ(out, "abc");
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_string(kObj, "/x/0", "P-7", "n", out), "/x/0/n", "must be a string, got a number"));
    EXPECT_TRUE(rejected(f, f.get_string(kObj, "/x/0", "P-7", "absent", out, true),
                         "/x/0/absent", "required field 'absent' is missing"));
    EXPECT_TRUE(rejected(f, f.get_string(kObj, "/x/0", "P-7", "z", out, true), "/x/0/z", "must be a string, got null"));
    EXPECT_TRUE(f.get_string(kObj, "/x/0", "P-7", "e", out));  // empty allowed unless nonempty
    EXPECT_EQ(out, "");
    EXPECT_TRUE(rejected(f, f.get_string(kObj, "/x/0", "P-7", "e", out, false, true), "/x/0/e", "must not be empty"));
}

TEST(json_fields, number_with_range) {
    io::JsonFields f;
    double out = 0.0;
    EXPECT_TRUE(f.get_number(kObj, "", "P-7", "n", out, {.min = 0.0, .max = 3.0}));
    EXPECT_EQ(out, 2.5);
    EXPECT_TRUE(f.get_number(kObj, "", "P-7", "i", out));  // an integer is a number
    EXPECT_EQ(out, 7.0);
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_number(kObj, "", "P-7", "s", out), "/s", "must be a number, got a string"));
    EXPECT_TRUE(rejected(f, f.get_number(kObj, "", "P-7", "neg", out, {.min = 0.0}), "/neg", "must be ≥ 0, got -1"));
    EXPECT_TRUE(rejected(f, f.get_number(kObj, "", "P-7", "n", out, {.min = 0.0, .max = 1.0}),
                         "/n", "must be in [0, 1], got 2.5"));
    EXPECT_TRUE(rejected(f, f.get_number(kObj, "", "P-7", "i", out, {.max = 5.0}), "/i", "must be ≤ 5, got 7"));
    EXPECT_EQ(out, 7.0);  // untouched by the rejected values
}

TEST(json_fields, integer_with_range) {
    io::JsonFields f;
    int out = -1;
    EXPECT_TRUE(f.get_int(kObj, "/a", "P-7", "i", out, 0, 150));
    EXPECT_EQ(out, 7);
    EXPECT_TRUE(f.get_int(kObj, "/a", "P-7", "f", out, 0, 150));  // 3.0 is the integer 3
    EXPECT_EQ(out, 3);
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_int(kObj, "/a", "P-7", "n", out, 0, 150), "/a/n", "must be an integer, got 2.5"));
    EXPECT_TRUE(rejected(f, f.get_int(kObj, "/a", "P-7", "b", out, 0, 150),
                         "/a/b", "must be an integer, got a boolean"));
    EXPECT_TRUE(rejected(f, f.get_int(kObj, "/a", "P-7", "i", out, 1, 5), "/a/i", "must be an integer in 1..5, got 7"));
    EXPECT_TRUE(rejected(f, f.get_int(kObj, "/a", "P-7", "neg", out, 0, 150),
                         "/a/neg", "must be an integer in 0..150, got -1"));
    // Default range: the type's.
    EXPECT_TRUE(rejected(f, f.get_int(kObj, "/a", "P-7", "big", out),
                         "/a/big", "must be an integer in -2147483648..2147483647, got 18446744073709551615"));
    EXPECT_EQ(out, 3);
}

TEST(json_fields, bool_and_date) {
    io::JsonFields f;
    bool b = false;
    EXPECT_TRUE(f.get_bool(kObj, "", "P-7", "b", b));
    EXPECT_TRUE(b);
    Date d = kNoDate;
    EXPECT_TRUE(f.get_date(kObj, "", "P-7", "d", d));
    EXPECT_EQ(format_date(d), "2021-03-15");
    EXPECT_FALSE(f.get_date(kObj, "", "P-7", "z", d));  // null: no date, no problem
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_bool(kObj, "", "P-7", "s", b), "/s", "must be true or false, got a string"));
    EXPECT_TRUE(rejected(f, f.get_date(kObj, "", "P-7", "i", d),
                         "/i", "must be a date string \"YYYY-MM-DD\", got an integer"));
    // The pointer escapes '/'.
    EXPECT_TRUE(rejected(f, f.get_date(kObj, "", "P-7", "bad/d", d),
                         "/bad~1d", "'2021-02-30' is not a valid date \"YYYY-MM-DD\" (years 1900..2200)"));
    EXPECT_EQ(format_date(d), "2021-03-15");
}

TEST(json_fields, enum_and_enum_list) {
    io::JsonFields f;
    Level l = Level::central;
    EXPECT_TRUE(f.get_enum(kObj, "/u", "P-7", "lvl", l));
    EXPECT_EQ(l, Level::district);
    std::vector<Level> ls;
    EXPECT_TRUE(f.get_enum_list(kObj, "/u", "P-7", "lvls", ls));
    EXPECT_EQ(ls, (std::vector<Level>{Level::province, Level::commune}));
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_enum(kObj, "/u", "P-7", "s", l),
                         "/u/s", "unknown value 'abc'; allowed: central, province, district, commune"));
    EXPECT_TRUE(rejected(f, f.get_enum(kObj, "/u", "P-7", "i", l),
                         "/u/i", "must be one of central, province, district, commune; got an integer"));
    EXPECT_TRUE(rejected(f, f.get_enum_list(kObj, "/u", "P-7", "lvl", ls), "/u/lvl", "must be an array, got a string"));
    // Each bad element at its index; the good ones are kept.
    const json list = json::parse(R"({"l": ["commune", "village", 3]})");
    ls.clear();
    EXPECT_FALSE(f.get_enum_list(list, "/u", "P-7", "l", ls));
    EXPECT_EQ(ls, std::vector<Level>{Level::commune});
    EXPECT_EQ(all(f), (Expected{
                          {"/u/l/1", "unknown value 'village'; allowed: central, province, district, commune"},
                          {"/u/l/2", "must be one of central, province, district, commune; got an integer"},
                      }));
}

TEST(json_fields, string_list) {
    io::JsonFields f;
    std::vector<std::string> out;
    EXPECT_TRUE(f.get_string_list(kObj, "", "P-7", "names", out));
    EXPECT_EQ(out, (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE(f.get_string_list(kObj, "", "P-7", "arr", out));
    EXPECT_TRUE(f.problems.empty());
    EXPECT_TRUE(rejected(f, f.get_string_list(kObj, "", "P-7", "o", out), "/o", "must be an array, got an object"));
    const json list = json::parse(R"({"l": ["a", "", 1]})");
    out.clear();
    EXPECT_FALSE(f.get_string_list(list, "/r", "P-7", "l", out));
    EXPECT_EQ(out, std::vector<std::string>{"a"});
    EXPECT_EQ(all(f), (Expected{{"/r/l/1", "must not be empty"}, {"/r/l/2", "must be a string, got an integer"}}));
}

TEST(json_fields, unknown_keys_list_the_known_ones) {
    io::JsonFields f;
    const json o = json::parse(R"({"name": "x", "colour": "red", "a~b": 1})");
    EXPECT_TRUE(f.check_keys(o, "/rules/2", "P-7", {"name", "colour", "a~b"}));
    EXPECT_TRUE(f.problems.empty());
    EXPECT_FALSE(f.check_keys(o, "/rules/2", "P-7", {"name", "weight"}));
    // nlohmann keeps keys sorted: "a~b" before "colour"; the pointer escapes '~'.
    EXPECT_EQ(all(f), (Expected{{"/rules/2/a~0b", "unknown field 'a~b' (known: name, weight)"},
                                {"/rules/2/colour", "unknown field 'colour' (known: name, weight)"}}));
    EXPECT_EQ(f.problems[1].code, "P-7");
    f.problems.clear();
    f.check_keys(o, "", "P-7", {"name", "a~b"}, Severity::warning);
    ASSERT_EQ(f.problems.size(), 1u);
    EXPECT_EQ(f.problems[0].severity, Severity::warning);
    EXPECT_FALSE(f.expect_object(json::array(), "/rules/3", "P-7"));
    EXPECT_EQ(f.problems[1].message, "must be an object, got an array");
    EXPECT_EQ(f.problems[1].path, "/rules/3");
}
