// libFuzzer target: the JSON v1 reader and writer. Invalid input must raise
// cchc::ValidationError (every problem with a JSON pointer), never crash; a
// model that loads must write and re-read to the same bytes, compact and with an
// indent taken from the input (any 0..kMaxJsonIndent; a larger one is refused).
// The reader parses with Boost.JSON and falls back to nlohmann: it must call
// exactly the inputs nlohmann rejects malformed, plus those nesting deeper than
// kMaxJsonDepth and those with a NUL byte after the value (nlohmann's lexer takes
// a NUL for the end). The seeds in fuzz/corpus/json include deep nesting on both
// sides of the limit.
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cchc/errors.hpp"
#include "cchc/io/json.hpp"

namespace {

// Deepest nesting of a well-formed text (brackets outside strings).
std::size_t depth_of(std::string_view text) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bool well_formed = nlohmann::json::accept(text) && std::memchr(data, 0, size) == nullptr &&
                             depth_of(text) <= cchc::io::kMaxJsonDepth;
    try {
        auto m = cchc::io::read_json(text, "fuzz");
        if (!well_formed) __builtin_trap();
        const std::string once = cchc::io::write_json(*m);
        const std::string twice = cchc::io::write_json(*cchc::io::read_json(once, "fuzz-rewritten"));
        if (once != twice) __builtin_trap();
        // The writer with an indent from the input: valid JSON of the same model.
        cchc::io::JsonWriteOptions options;
        options.indent = size == 0 ? 0 : static_cast<int>(data[size - 1]) % (cchc::io::kMaxJsonIndent + 2) - 1;
        const std::string pretty = cchc::io::write_json(*m, options);
        if (cchc::io::write_json(*cchc::io::read_json(pretty, "fuzz-indented")) != once) __builtin_trap();
        options.indent = cchc::io::kMaxJsonIndent + 1 + (size == 0 ? 0 : data[0]);
        try {
            (void)cchc::io::write_json(*m, options);
            __builtin_trap();
        } catch (const std::invalid_argument&) {
        }
    } catch (const cchc::ValidationError& e) {
        const bool malformed = e.problems().size() == 1 &&
                               (e.problems()[0].message.rfind("malformed JSON", 0) == 0 ||
                                e.problems()[0].message.rfind("the text is UTF-", 0) == 0);
        if (malformed == well_formed) __builtin_trap();
    }
    return 0;
}
