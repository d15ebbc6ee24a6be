// The streaming JSON reader (SAX, people element by element; files and .gz in
// chunks) and the streaming writer: same models, bytes and messages as the
// whole-document semantics they replace.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cchc/errors.hpp"
#include "cchc/io/file.hpp"
#include "cchc/io/json.hpp"
#include "cchc/synthetic.hpp"

using namespace cchc;
using ojson = nlohmann::ordered_json;

namespace {

// About 2.5 MB of JSON: more than two of the reader's 1 MiB chunks.
const std::string& national_sample() {
    static const std::string text = [] {
        SyntheticOptions o;
        o.provinces = 2;
        o.communes = 12;
        o.people = 4000;
        o.records_per_person = 6.0;
        o.seed = 3;
        return io::write_json(*synthetic(o));
    }();
    return text;
}

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() /
               ("cchc_json_stream_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string gzip(std::string_view bytes) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::vector<Problem> problems_of(const std::function<void()>& load) {
    try {
        load();
    } catch (const ValidationError& e) {
        return e.problems();
    }
    ADD_FAILURE() << "expected a ValidationError";
    return {};
}

std::string describe(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) out += p.path + " [" + p.code + "] " + p.message + "\n";
    return out;
}

std::string one_message(std::string_view text) {
    const auto problems = problems_of([&] { (void)io::read_json(text, "t.json"); });
    return problems.size() == 1 ? problems[0].message : describe(problems);
}

}  // namespace

TEST(json_stream, file_gzip_and_text_read_the_same_model) {
    const std::string& text = national_sample();
    ASSERT_GT(text.size(), std::size_t{2} << 20);
    const auto dir = temp_dir();
    write_bytes(dir / "m.json", text);
    write_bytes(dir / "m.json.gz", gzip(text));
    EXPECT_EQ(io::write_json(*io::read_json(text)), text);
    EXPECT_EQ(io::write_json(*io::read_json_file((dir / "m.json").string())), text);
    EXPECT_EQ(io::write_json(*io::read_json_file((dir / "m.json.gz").string())), text);
    std::filesystem::remove_all(dir);
}

TEST(json_stream, gzip_members_are_concatenated_and_damage_is_named) {
    const std::string& text = national_sample();
    const auto dir = temp_dir();
    // gzip(1) and Python's gzip read consecutive members as one stream.
    const std::size_t half = text.size() / 2;
    write_bytes(dir / "two.json.gz", gzip(text.substr(0, half)) + gzip(text.substr(half)));
    EXPECT_EQ(io::write_json(*io::read_json_file((dir / "two.json.gz").string())), text);

    const std::string whole = gzip(text);
    write_bytes(dir / "cut.json.gz", whole.substr(0, whole.size() / 2));
    auto problems = problems_of([&] { (void)io::read_json_file((dir / "cut.json.gz").string()); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].message, "not a valid gzip file: truncated (the compressed data ends early)");

    write_bytes(dir / "plain.json.gz", text.substr(0, 100));
    problems = problems_of([&] { (void)io::read_json_file((dir / "plain.json.gz").string()); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].message, "not a valid gzip file: incorrect header check");

    EXPECT_THROW((void)io::read_json_file((dir / "missing.json").string()), Error);
    std::filesystem::remove_all(dir);
}

TEST(json_stream, people_before_the_tables_they_refer_to_read_the_same) {
    // The writer puts people and procedures after the agencies and courses (one
    // pass); any other order takes a second pass over them: the same model.
    const std::string& text = national_sample();
    const ojson doc = ojson::parse(text);
    ojson reordered;
    reordered["people"] = doc["people"];
    reordered["procedures"] = doc["procedures"];
    for (const auto& [key, value] : doc.items())
        if (key != "people" && key != "procedures") reordered[key] = value;
    const std::string moved = reordered.dump();
    ASSERT_LT(moved.find("\"people\""), moved.find("\"agencies\""));
    EXPECT_EQ(io::write_json(*io::read_json(moved)), text);
    const auto dir = temp_dir();
    write_bytes(dir / "moved.json.gz", gzip(moved));
    EXPECT_EQ(io::write_json(*io::read_json_file((dir / "moved.json.gz").string())), text);
    std::filesystem::remove_all(dir);
}

TEST(json_stream, problems_do_not_depend_on_the_order_of_the_tables) {
    ojson doc = ojson::parse(national_sample());
    std::vector<std::size_t> trained;  // people with training records
    for (std::size_t i = 1; i < doc["people"].size() && trained.size() < 2; ++i)
        if (doc["people"][i].contains("training")) trained.push_back(i);
    ASSERT_EQ(trained.size(), 2u);
    doc["people"][0]["agency"] = "NO-SUCH-AGENCY";
    doc["people"][trained[0]]["training"][0]["course"] = "NO-SUCH-COURSE";
    doc["people"][trained[1]]["training"][0]["periods"] = "many";
    doc["procedures"][0]["legal_basis"] = {"NO-SUCH-DOC"};
    doc["procedures"][0]["trips"] = "two";  // after the legal basis in the same procedure
    doc["agencies"][3]["parent"] = "NO-SUCH-PARENT";
    ojson reordered;  // procedures and people before the tables they refer to
    reordered["procedures"] = doc["procedures"];
    reordered["courses"] = doc["courses"];
    reordered["people"] = doc["people"];
    for (const auto& [key, value] : doc.items())
        if (key != "people" && key != "courses" && key != "procedures") reordered[key] = value;
    const auto canonical = problems_of([&] { (void)io::read_json(doc.dump(), "t.json"); });
    const auto moved = problems_of([&] { (void)io::read_json(reordered.dump(), "t.json"); });
    EXPECT_EQ(describe(canonical), describe(moved));
    ASSERT_EQ(canonical.size(), 6u) << describe(canonical);
    // Table order: agencies, procedures (field order within one), then people (with hints of the closest codes).
    EXPECT_EQ(canonical[0].path, "/agencies/3/parent");
    EXPECT_EQ(canonical[1].path, "/procedures/0/legal_basis/0");
    EXPECT_NE(canonical[1].message.find("unknown legal document 'NO-SUCH-DOC'; closest: "), std::string::npos);
    EXPECT_EQ(canonical[2].path, "/procedures/0/trips");
    EXPECT_EQ(canonical[3].path, "/people/0/agency");
    EXPECT_NE(canonical[3].message.find("unknown agency 'NO-SUCH-AGENCY'"), std::string::npos);
    EXPECT_EQ(canonical[4].path, "/people/" + std::to_string(trained[0]) + "/training/0/course");
    EXPECT_NE(canonical[4].message.find("closest: "), std::string::npos) << canonical[4].message;
    EXPECT_EQ(canonical[5].path, "/people/" + std::to_string(trained[1]) + "/training/0/periods");
}

TEST(json_stream, a_repeated_key_keeps_its_last_value_as_a_dom_would) {
    const std::string head =
        R"({"format":"cchc","version":1,"name":"d","agencies":[{"code":"A","name":"Sở","kind":"department","level":"province"}],)";
    const std::string person =
        R"({"id":"P%","agency":"A","category":"cong_chuc","gender":"female","training":[{"course":"C","start":"2021-01-04","end":"2021-01-08"}]})";
    auto p = [&](const char* id) {
        std::string s = person;
        s.replace(s.find('%'), 1, id);
        return s;
    };
    const std::string course8 = R"({"code":"C","name":"Bồi dưỡng","content":"other","periods":8})";
    const std::string course16 = R"({"code":"C","name":"Bồi dưỡng","content":"other","periods":16})";
    // courses again after the people: the people's default periods come from the last one.
    auto m = io::read_json(head + R"("courses":[)" + course8 + R"(],"people":[)" + p("1") + "," + p("2") +
                           R"(],"courses":[)" + course16 + "]}");
    ASSERT_EQ(m->people().size(), 2u);
    EXPECT_EQ(m->records().periods[0], 16.0f);
    EXPECT_EQ(m->records().periods[1], 16.0f);
    // people twice: the second array replaces the first.
    m = io::read_json(head + R"("courses":[)" + course8 + R"(],"people":[)" + p("1") + "," + p("2") +
                      R"(],"people":[)" + p("3") + "]}");
    ASSERT_EQ(m->people().size(), 1u);
    EXPECT_EQ(m->people().id[0], "P3");
    EXPECT_EQ(m->records().periods[0], 8.0f);
    // people, then something that is not an array: reported as such.
    const auto problems = problems_of(
        [&] { (void)io::read_json(head + R"("people":[)" + p("1") + R"(],"people":{"id":"x"}})"); });
    ASSERT_EQ(problems.size(), 1u) << describe(problems);
    EXPECT_EQ(problems[0].path, "/people");
    EXPECT_EQ(problems[0].message, "must be an array, got an object");
}

TEST(json_stream, malformed_input_names_the_offending_byte_and_where_the_token_starts) {
    // 'tru' is the bad literal: the error is at '}' (column 10), the token starts at column 7.
    // (nlohmann's "last read" runs from the last string or number it began.)
    EXPECT_EQ(one_message("{\"a\": tru}"),
              "malformed JSON at line 1, column 10: syntax error while parsing value - invalid literal; "
              "last read: '\"a\": tru}'; the token starts at line 1, column 7");
    // An unterminated string: the control character, then the opening quote.
    EXPECT_EQ(one_message("[\"a b\n\"]").substr(0, 36), "malformed JSON at line 1, column 6: ");
    EXPECT_NE(one_message("[\"a b\n\"]").find("; the token starts at line 1, column 2"), std::string::npos);
    // A number cut short, after a string holding structural characters and an escaped quote.
    EXPECT_NE(one_message("[\"{[\\\"\", 12.x]").find("column 13: syntax error while parsing value - invalid number;"),
              std::string::npos) << one_message("[\"{[\\\"\", 12.x]");
    EXPECT_NE(one_message("[\"{[\\\"\", 12.x]").find("; the token starts at line 1, column 10"), std::string::npos);
    // An unexpected string: its last byte, then its first.
    EXPECT_EQ(one_message("{\"format\": \"cchc\"\n  \"version\": 1}"),
              "malformed JSON at line 2, column 11: syntax error while parsing object - unexpected string literal; "
              "expected '}'; the token starts at line 2, column 3");
    // Columns count UTF-8 characters, not bytes.
    EXPECT_EQ(one_message("[\"Sở\", tru]").substr(0, 37), "malformed JSON at line 1, column 11: ");
    // A one-byte token: no start to add.
    EXPECT_EQ(one_message("[1,]"),
              "malformed JSON at line 1, column 4: syntax error while parsing value - unexpected ']'; "
              "expected '[', '{', or a literal");
}

TEST(json_stream, errors_beyond_the_first_chunk_are_located_like_in_memory) {
    std::string text = national_sample();
    // A damaged value 1.5 MiB in, i.e. in the reader's second chunk.
    const std::size_t at = text.find("\"gender\":", std::size_t{3} << 19);
    ASSERT_NE(at, std::string::npos);
    text.replace(at + 9, 1, "\x01");
    const auto dir = temp_dir();
    write_bytes(dir / "bad.json", text);
    write_bytes(dir / "bad.json.gz", gzip(text));
    const auto in_memory = problems_of([&] { (void)io::read_json(text, "bad"); });
    const auto from_file = problems_of([&] { (void)io::read_json_file((dir / "bad.json").string(), "bad"); });
    const auto from_gzip = problems_of([&] { (void)io::read_json_file((dir / "bad.json.gz").string(), "bad"); });
    ASSERT_EQ(in_memory.size(), 1u);
    EXPECT_EQ(describe(in_memory), describe(from_file));
    EXPECT_EQ(describe(in_memory), describe(from_gzip));
    std::size_t column = 1;  // UTF-8 characters before the bad byte, plus one
    for (std::size_t i = 0; i < at + 9; ++i) column += (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U;
    EXPECT_NE(in_memory[0].message.find("malformed JSON at line 1, column " + std::to_string(column) + ":"),
              std::string::npos)
        << in_memory[0].message;
    std::filesystem::remove_all(dir);
}

TEST(json_stream, streamed_writer_matches_the_dom_dump_in_every_layout) {
    const auto m = io::read_json(national_sample());
    for (int indent : {-1, 0, 1, 2, 4}) {
        io::JsonWriteOptions options;
        options.indent = indent;
        const std::string streamed = io::write_json(*m, options);
        const ojson dom = ojson::parse(streamed);
        EXPECT_EQ(streamed, dom.dump(indent, ' ', false, ojson::error_handler_t::strict) + "\n") << indent;
        std::size_t pieces = 0, total = 0;
        io::write_json(*m, options, [&](std::string_view bytes) {
            ++pieces;
            total += bytes.size();
        });
        EXPECT_EQ(total, streamed.size());
        EXPECT_GT(pieces, 1u);  // handed over in pieces, not as one string
    }
    const auto dir = temp_dir();
    io::save_json(*m, (dir / "m.json").string());
    EXPECT_EQ(io::read_file((dir / "m.json").string()), national_sample());
    // .gz: deflated on the way; a gzip member (magic 1f 8b, deflate, no name, time 0) that reads back.
    io::save_json(*m, (dir / "m.json.gz").string());
    const std::string gz = io::read_file((dir / "m.json.gz").string());
    ASSERT_GT(gz.size(), 10u);
    EXPECT_EQ(gz.substr(0, 8), std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
    EXPECT_LT(gz.size(), national_sample().size() / 3);
    EXPECT_EQ(io::write_json(*io::read_json_file((dir / "m.json.gz").string())), national_sample());
    std::filesystem::remove_all(dir);
}

TEST(json_stream, the_direct_path_for_valid_people_matches_the_per_element_dom) {
    // Valid people go straight into the columns; an unknown key (a warning) sends
    // each through its own DOM and the general reader: both must give the same model.
    const std::string head =
        R"({"format":"cchc","version":1,"name":"d","agencies":[{"code":"A","name":"Sở","kind":"department","level":"province"}],)"
        R"("courses":[{"code":"C","name":"Bồi dưỡng","content":"other","periods":8},{"code":"D","name":"Lý luận","content":"political_theory"}],"people":[)";
    const std::vector<std::string> people = {
        R"({"id":"P1","agency":"A","category":"cong_chuc","gender":"female")",
        R"({"id":"P2","agency":"A","category":"vien_chuc","gender":"male","rank_group":null,"rank":"","position":null,)"
        R"("leadership":"division_head","birth_year":1980,"ethnicity":"Thái","entered":"2001-02-03","left":null,"training":null)",
        R"({"gender":"male","training":[],"category":"can_bo","agency":"A","id":"P3","rank_group":"specialist","rank":"01.003")",
        R"({"id":"P4","agency":"A","category":"cong_chuc","gender":"female","birth_year":1999,"training":[)"
        R"({"course":"C","start":"2020-01-02","end":"2020-01-03"},)"
        R"({"course":"D","start":"2020-01-02","end":"2020-01-03","periods":null,"result":null,"certificate":null},)"
        R"({"certificate":true,"result":"failed","periods":12,"end":"2021-05-06","start":"2021-05-04","course":"C"},)"
        R"({"course":"C","start":"2020-01-02","end":"2020-01-03","periods":2.75,"result":"passed","certificate":false}])",
    };
    std::string fast = head, dom = head;
    for (std::size_t i = 0; i < people.size(); ++i) {
        fast += (i ? "," : "") + people[i] + "}";
        dom += (i ? "," : "") + people[i] + R"(,"note":1})";
    }
    fast += "]}";
    dom += "]}";
    const auto a = io::read_json(fast);
    const auto b = io::read_json(dom);
    EXPECT_TRUE(a->validate().empty());
    EXPECT_EQ(b->validate().size(), people.size());  // the unknown-field warnings
    EXPECT_EQ(io::write_json(*a), io::write_json(*b));
    ASSERT_EQ(a->records().size(), 4u);
    EXPECT_EQ(a->records().periods[0], 8.0f);   // the course's periods
    EXPECT_EQ(a->records().periods[1], 0.0f);   // course D has none
    EXPECT_EQ(a->records().periods[2], 12.0f);
    EXPECT_EQ(a->records().periods[3], 2.75f);
    EXPECT_EQ(a->people().birth_year[3], 1999);
    EXPECT_EQ(a->records().offsets, (std::vector<std::int64_t>{0, 0, 0, 0, 4}));

    // A repeated key is not for the direct path: the last value wins, as in a DOM.
    const auto c = io::read_json(head + R"({"id":"X","agency":"A","category":"cong_chuc","gender":"female","id":"Y"}]})");
    EXPECT_EQ(c->people().id[0], "Y");
    // Nor a float year (accepted when integral) or a date that is not one (an error with its pointer).
    const auto d = io::read_json(head + R"({"id":"X","agency":"A","category":"cong_chuc","gender":"female","birth_year":1980.0}]})");
    EXPECT_EQ(d->people().birth_year[0], 1980);
    const auto problems = problems_of([&] {
        (void)io::read_json(head + R"({"id":"X","agency":"A","category":"cong_chuc","gender":"female","entered":"2021-02-30"}]})");
    });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "/people/0/entered");
}

TEST(json_stream, what_only_the_reference_parser_accepts_still_loads) {
    // Boost.JSON reads the usual file; where it stops, nlohmann (the reference) reads
    // again: a UTF-8 byte-order mark, a number too large for Boost.JSON's int64 but
    // not for nlohmann's uint64, deep nesting inside an ignored field.
    const std::string doc =
        R"({"format":"cchc","version":1,"name":"b","agencies":[{"code":"A","name":"Sở","kind":"department","level":"province","population":4000000000}],"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})";
    for (const std::string& text : {doc, "\xEF\xBB\xBF" + doc}) {
        const auto m = io::read_json(text);
        EXPECT_EQ(m->agencies()[0].population, 4000000000);
        EXPECT_EQ(m->validate().size(), 1u);  // the unknown field "x"
    }
}
