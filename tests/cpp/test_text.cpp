// NFC normalisation and UTF-8 validity (cchc/text.hpp), and the readers that rely on them.
#include <gtest/gtest.h>

#include <string>

#include "cchc/io/json.hpp"
#include "cchc/scenario.hpp"
#include "cchc/text.hpp"

using namespace cchc;

TEST(text, vietnamese_nfd_composes) {
    // "Sở Nội vụ" as NFD: o + horn + hook above, o + circumflex + dot below.
    const std::string nfd = "So\xCC\x9B\xCC\x89 No\xCC\x82\xCC\xA3i vu\xCC\xA3";
    EXPECT_FALSE(is_nfc(nfd));
    EXPECT_EQ(to_nfc(nfd), "Sở Nội vụ");
    // Marks in the other canonical order (dot below before circumflex) give the same letter.
    EXPECT_EQ(to_nfc("No\xCC\xA3\xCC\x82i"), "Nội");
    EXPECT_TRUE(is_nfc("Sở Nội vụ"));
    EXPECT_TRUE(is_nfc("ASCII only"));
    EXPECT_EQ(to_nfc(""), "");
}

TEST(text, hangul_reordering_singletons_and_exclusions) {
    EXPECT_EQ(to_nfc("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), "\xEA\xB0\x81");  // L V T -> 각
    EXPECT_EQ(to_nfc("\xEA\xB0\x80\xE1\x86\xA8"), "\xEA\xB0\x81");              // LV T -> 각
    EXPECT_EQ(to_nfc("\xE2\x84\xAB"), "\xC3\x85");                               // Angstrom sign -> Å
    EXPECT_EQ(to_nfc("\xE0\xA5\x98"), "\xE0\xA4\x95\xE0\xA4\xBC");               // U+0958 is excluded
    // A combining mark first: nothing to compose with, kept.
    EXPECT_EQ(to_nfc("\xCC\x81" "a"), "\xCC\x81" "a");
    // Blocked: a mark of the same class between the base and the second mark.
    EXPECT_EQ(to_nfc("a\xCC\x81\xCC\x81"), "\xC3\xA1\xCC\x81");
}

TEST(text, normalize_in_place_keeps_nfc_text) {
    std::string s = "Lai Châu";
    const char* before = s.data();
    normalize_nfc(s);
    EXPECT_EQ(s, "Lai Châu");
    EXPECT_EQ(s.data(), before);
    std::string d = "Cha\xCC\x82u";
    normalize_nfc(d);
    EXPECT_EQ(d, "Châu");
}

TEST(text, invalid_utf8_is_located) {
    EXPECT_EQ(invalid_utf8_at("abc"), std::string_view::npos);
    EXPECT_EQ(invalid_utf8_at("Sở"), std::string_view::npos);
    EXPECT_EQ(invalid_utf8_at("ab\xFF"), 2U);
    EXPECT_EQ(invalid_utf8_at("a\xC0\x80"), 1U);          // overlong NUL
    EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0U);       // surrogate
    EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0U);   // past U+10FFFF
    EXPECT_EQ(invalid_utf8_at("x\xE1\xBB"), 1U);          // truncated
    EXPECT_EQ(text_problem("ab\xFF"), "is not valid UTF-8 (byte 0xFF at offset 2)");
    EXPECT_EQ(text_problem("So\xCC\x9B\xCC\x89"), "is not in Unicode NFC (composed) form");
    EXPECT_EQ(text_problem("Sở"), "");
}

namespace {
// A model whose agency code is "Sở" and whose procedure refers to it in NFD.
const std::string kNfdModel = R"({"format": "cchc", "version": 1, "name": "NFD",
  "agencies": [{"code": "Sở", "name": "Sở Nội vụ", "kind": "department", "level": "province"}],
  "procedures": [{"code": "P1", "name": "Thu\u0309 tu\u0323c", "field": "Nội vụ", "levels": ["province"],
                  "volumes": [{"agency": "So\u031b\u0309", "annual": 5}]}]})";
}  // namespace

TEST(text, json_reader_stores_nfc_and_resolves_nfd_references) {
    const auto m = io::read_json(kNfdModel, "nfd.json");
    ASSERT_EQ(m->procedures().size(), 1U);
    EXPECT_EQ(m->procedures()[0].name, "Thủ tục");
    EXPECT_EQ(m->procedures()[0].volumes[0].agency, 0);
    // Lookups normalise what they are given.
    EXPECT_EQ(m->agency_index("So\xCC\x9B\xCC\x89"), 0);
    EXPECT_EQ(m->find_agency("So\xCC\x9B\xCC\x89"), 0);
    EXPECT_EQ(m->find_agency("Sx"), kNone);
}

TEST(text, scenario_json_codes_are_normalised) {
    const auto s = Scenario::from_json(
        R"({"format": "cchc-scenario", "version": 1, "name": "Đơn gia\u0309n",
            "actions": [{"action": "abolish", "procedures": ["Thu\u0309"], "note": "Bo\u0309"}]})");
    EXPECT_EQ(s.name, "Đơn giản");
    ASSERT_EQ(s.actions.size(), 1U);
    EXPECT_EQ(s.actions[0].procedures, std::vector<std::string>{"Thủ"});
    EXPECT_EQ(s.actions[0].note, "Bỏ");
}

TEST(model, money_read_as_integers_is_bounded_like_every_money_input) {
    try {
        (void)io::read_json(R"({"format": "cchc", "version": 1, "name": "M",
          "agencies": [{"code": "A", "name": "A", "kind": "department", "level": "province"}],
          "procedures": [{"code": "P", "name": "P", "field": "F", "levels": ["province"],
                          "fees": [{"name": "Phí", "amount": 9223372036854775807}],
                          "components": [{"name": "C", "cost": 9200000000000000000}]}]})",
                            "money.json");
        FAIL() << "expected ValidationError";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1U);
        EXPECT_EQ(e.problems()[0].path, "/procedures/0/fees/0/amount");
        EXPECT_EQ(e.problems()[0].message, "fee amount 9223372036854775807 VND is out of range (0 … 9.2e18)");
    }
}
