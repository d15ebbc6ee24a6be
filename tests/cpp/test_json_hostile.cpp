// Hostile JSON (issue 14): nesting beyond the limit, content after the document, UTF-16,
// pipes, huge numbers, writer indents. Each is a located error, never a crash, a raw
// nlohmann exception or a silently accepted document.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "cchc/errors.hpp"
#include "cchc/io/file.hpp"
#include "cchc/io/json.hpp"
#include "cchc/io/json_fields.hpp"
#include "cchc/scenario.hpp"
#include "cchc/scorecard.hpp"
#include "cchc/training.hpp"

using namespace cchc;

namespace {

const std::string kHead =
    R"({"format":"cchc","version":1,"name":"h","agencies":[{"code":"A","name":"Sở","kind":"department","level":"province"}])";
const std::string kDoc = kHead + "}";

std::vector<Problem> problems_of(std::string_view text) {
    try {
        (void)io::read_json(text, "h.json");
    } catch (const ValidationError& e) {
        return e.problems();
    }
    ADD_FAILURE() << "expected a ValidationError";
    return {};
}

std::string one_message(std::string_view text) {
    const auto problems = problems_of(text);
    return problems.size() == 1 ? problems[0].message : "(" + std::to_string(problems.size()) + " problems)";
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() /
               ("cchc_json_hostile_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Reads `bytes` through a pipe: the path /dev/fd/N of its read end, fed by a thread.
template <class Read>
auto through_pipe(const std::string& bytes, Read read) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    std::thread writer([&] {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fds[1], bytes.data() + done, bytes.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    });
    struct Join {
        std::thread& t;
        int fd;
        ~Join() {
            ::close(fd);
            t.join();
        }
    } join{writer, fds[0]};
    return read("/dev/fd/" + std::to_string(fds[0]));
}

}  // namespace

TEST(json_hostile, nesting_is_limited_with_a_located_error) {
    // 256 levels (the limit) in an ignored field still load, with the unknown-field warning.
    const auto m = io::read_json(kHead + R"(,"x":)" + nested(io::kMaxJsonDepth - 1) + "}");
    EXPECT_EQ(m->validate().size(), 1u);
    // One more: the '[' that opens level 257 is named. Column: '{' + kHead ... + ',"x":' + 256 '['.
    const std::size_t column = (kHead + R"(,"x":)").size() - 1 /* "ở" is 3 bytes, 1 character */ - 1 + 256;
    const std::string expected = "malformed JSON at line 1, column " + std::to_string(column) +
                                 ": arrays and objects nested deeper than 256 levels";
    EXPECT_EQ(one_message(kHead + R"(,"x":)" + nested(io::kMaxJsonDepth) + "}"), expected);
    // 150,000 levels (300 KB) crashed the reader: the same error, in memory and from a file.
    const std::string deep = kHead + R"(,"x":)" + nested(150'000) + "}";
    EXPECT_EQ(one_message(deep), expected);
    const auto dir = temp_dir();
    std::ofstream(dir / "deep.json", std::ios::binary) << deep;
    try {
        (void)io::read_json_file((dir / "deep.json").string());
        ADD_FAILURE() << "deep nesting loaded";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].message, expected);
    }
    std::filesystem::remove_all(dir);
    // Objects count as much as arrays.
    std::string objects;
    for (int i = 0; i < 300; ++i) objects += R"({"a":)";
    EXPECT_NE(one_message(objects).find("nested deeper than 256 levels"), std::string::npos);
}

TEST(json_hostile, content_after_the_document_is_an_error) {
    // nlohmann's lexer takes a NUL byte for the end of input: "{...}\0garbage" loaded.
    EXPECT_EQ(one_message(kDoc + std::string("\0garbage", 8)),
              "malformed JSON at line 1, column " + std::to_string(kDoc.size() - 1) +
                  ": unexpected content after the JSON value (a NUL byte)");
    EXPECT_EQ(one_message(kDoc + std::string("\n\n\0", 3)),
              "malformed JSON at line 3, column 1: unexpected content after the JSON value (a NUL byte)");
    EXPECT_NE(one_message(kDoc + " {}").find("expected end of input"), std::string::npos) << one_message(kDoc + " {}");
    // Whitespace after the document is fine.
    EXPECT_EQ(io::read_json(kDoc + "\n\r\n  \t")->agencies().size(), 1u);
}

TEST(json_hostile, utf16_and_utf32_are_named) {
    const auto widen = [](const std::string& ascii, int width, bool big_endian) {
        std::string out;
        for (char c : ascii) {
            std::string unit(static_cast<std::size_t>(width), '\0');
            unit[big_endian ? static_cast<std::size_t>(width - 1) : 0] = c;
            out += unit;
        }
        return out;
    };
    const std::string ascii = R"({"format":"cchc","version":1,"name":"h","agencies":[]})";
    const std::string utf16 = "the text is UTF-16; cchc reads JSON in UTF-8 only: save the file as UTF-8";
    const std::string utf32 = "the text is UTF-32; cchc reads JSON in UTF-8 only: save the file as UTF-8";
    EXPECT_EQ(one_message("\xFF\xFE" + widen(ascii, 2, false)), utf16);
    EXPECT_EQ(one_message("\xFE\xFF" + widen(ascii, 2, true)), utf16);
    EXPECT_EQ(one_message(widen(ascii, 2, false)), utf16);
    EXPECT_EQ(one_message(widen(ascii, 2, true)), utf16);
    EXPECT_EQ(one_message(std::string("\xFF\xFE\0\0", 4) + widen(ascii, 4, false)), utf32);
    EXPECT_EQ(one_message(widen(ascii, 4, true)), utf32);
}

TEST(json_hostile, pipes_are_read_without_seeking) {
    // A byte-order mark, people before agencies (a second pass) and a syntax error all
    // made the reader seek back: "Illegal seek" on a pipe.
    const std::string people_first =
        "\xEF\xBB\xBF"
        R"({"format":"cchc","version":1,"name":"p","people":[{"id":"P","agency":"A","category":"cong_chuc","gender":"male"}],)"
        R"("agencies":[{"code":"A","name":"Sở","kind":"department","level":"province"}]})";
    const auto m = through_pipe(people_first, [](const std::string& path) { return io::read_json_file(path, "p"); });
    EXPECT_EQ(m->people().size(), 1u);
    EXPECT_EQ(m->people().agency[0], 0);
    try {
        through_pipe(kDoc.substr(0, kDoc.size() - 3) + "tru}",
                     [](const std::string& path) { return io::read_json_file(path, "p"); });
        ADD_FAILURE() << "a syntax error loaded";
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].message.rfind("malformed JSON at line 1, column", 0), 0u) << e.problems()[0].message;
    }
    // read_file (snapshots) reads to the end without a size.
    EXPECT_EQ(through_pipe(kDoc, [](const std::string& path) { return io::read_file(path); }), kDoc);
}

TEST(json_hostile, directories_and_unreadable_files_are_named) {
    const auto dir = temp_dir();
    std::filesystem::create_directories(dir / "x.cchc");
    const auto message = [](auto read) {
        try {
            read();
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string d = (dir / "x.cchc").string();
    EXPECT_EQ(message([&] { io::read_file(d); }), "cannot read '" + d + "': Is a directory");
    EXPECT_EQ(message([&] { io::read_json_file(d); }), "cannot read " + d + ": Is a directory");
    const std::string missing = (dir / "none.json").string();
    EXPECT_EQ(message([&] { io::read_file(missing); }), "cannot open '" + missing + "': No such file or directory");
    std::filesystem::remove_all(dir);
}

TEST(json_hostile, huge_numbers_are_located_errors_in_every_reader) {
    // Scenarios, rule packs and scorecard packs parsed with json::parse, which throws
    // out_of_range for 1e400: a raw "[json.exception.out_of_range.406]".
    const std::string overflow = "number 1e400 is infinite as a double; durations, fees and volumes must be finite";
    try {
        (void)io::parse_json_text(R"({"a": [1e400]})", "t");
        ADD_FAILURE();
    } catch (const ValidationError& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_EQ(e.problems()[0].message, "malformed JSON at line 1, column 8: " + overflow);
    }
    try {
        (void)Scenario::from_json(
            R"({"format":"cchc-scenario","version":1,"actions":[{"action":"set_trips","procedure":"*","trips":1e400}]})");
        ADD_FAILURE();
    } catch (const ScenarioError& e) {
        EXPECT_EQ(std::string(e.what()), "scenario: not valid JSON: malformed JSON at line 1, column 96: " + overflow);
    }
    try {
        (void)training::parse_rules(R"({"format":"cchc-training-rules","version":1e400})", "r.json");
        ADD_FAILURE();
    } catch (const ValidationError& e) {
        EXPECT_EQ(e.source(), "r.json");
        EXPECT_EQ(e.problems().at(0).message, "malformed JSON at line 1, column 43: " + overflow);
    }
    EXPECT_THROW((void)scorecard::Pack::from_json(nested(1000), "s.json"), ValidationError);
    EXPECT_THROW((void)scorecard::Pack::from_json(std::string("{}\0x", 4), "s.json"), ValidationError);
    // Scenario versions are compared as numbers, not cut to an int (4294967297 was 1).
    EXPECT_THROW((void)Scenario::from_json(R"({"format":"cchc-scenario","version":4294967297})"), ScenarioError);
}

TEST(json_hostile, values_out_of_range_say_the_number_as_written) {
    const std::string courses = R"(,"courses":[{"code":"C","name":"K","content":"other"}],"people":[)"
                                R"({"id":"P","agency":"A","category":"cong_chuc","gender":"male","training":[)"
                                R"({"course":"C","start":"2020-01-01","end":"2020-01-02","periods":1e39}]}]})";
    const auto problems = problems_of(kHead + courses);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "/people/0/training/0/periods");
    EXPECT_EQ(problems[0].message, "periods 1e+39 is out of range (at most 3.402823466e+38)");
    const std::string procedure =
        R"(,"procedures":[{"code":"T","name":"Thủ tục","field":"f","levels":["province"],)"
        R"("methods":[{"channel":"in_person","processing_time":1e300}],"steps":[{"name":"s","role":"processing","duration":36501}]}]})";
    const auto p = problems_of(kHead + procedure);
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(p[0].path, "/procedures/0/steps/0/duration");
    EXPECT_EQ(p[0].message, "step duration is out of range: got 36501, at most 36500");
    EXPECT_EQ(p[1].message, "processing time is out of range: got 1e+300, at most 36500");
}

TEST(json_hostile, control_characters_in_messages_are_escaped) {
    // A NUL in a code cut str(ValidationError) short (what() is a C string).
    const std::string text = kHead.substr(0, kHead.size() - 1) +
                             R"(,{"code":"B\u0000x","name":"n","kind":"department","level":"province","parent":"Z"}]})";
    try {
        (void)io::read_json(text, "n.json");
        ADD_FAILURE();
    } catch (const ValidationError& e) {
        EXPECT_NE(std::string(e.what()).find("[B\\u0000x]: unknown parent agency 'Z'"), std::string::npos) << e.what();
    }
    EXPECT_EQ(std::string(Error(std::string("a\0b\nc\x1b", 6)).what()), "a\\u0000b\nc\\u001b");
}

TEST(json_hostile, writers_refuse_indents_beyond_the_maximum) {
    // nlohmann's serializer read past its 512-space buffer for indents above 1024.
    const auto m = io::read_json(kDoc);
    io::JsonWriteOptions options;
    options.indent = io::kMaxJsonIndent;
    const std::string widest = io::write_json(*m, options);
    EXPECT_NE(widest.find("\n" + std::string(2 * io::kMaxJsonIndent, ' ') + "{"), std::string::npos);
    EXPECT_EQ(io::write_json(*io::read_json(widest)), io::write_json(*m));
    for (int bad : {io::kMaxJsonIndent + 1, 1025, 1'000'000, -2}) {
        options.indent = bad;
        try {
            (void)io::write_json(*m, options);
            ADD_FAILURE() << bad;
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()), "indent must be 0..64 spaces (or -1 / None for compact JSON), got " +
                                                 std::to_string(bad));
        }
        EXPECT_THROW((void)Scenario{}.to_json(bad), std::invalid_argument);
        EXPECT_THROW((void)training::rules_to_json(training::RuleSet{}, bad), std::invalid_argument);
    }
}
