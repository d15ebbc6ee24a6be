// libFuzzer target: the JSON v1 reader. Invalid input must raise
// cchc::ValidationError (every problem with a JSON pointer), never crash; a
// model that loads must write and re-read to the same bytes. The reader parses
// with Boost.JSON and falls back to nlohmann: it must call exactly the inputs
// nlohmann rejects malformed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cchc/errors.hpp"
#include "cchc/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bool well_formed = nlohmann::json::accept(text);
    try {
        auto m = cchc::io::read_json(text, "fuzz");
        if (!well_formed) __builtin_trap();
        const std::string once = cchc::io::write_json(*m);
        const std::string twice = cchc::io::write_json(*cchc::io::read_json(once, "fuzz-rewritten"));
        if (once != twice) __builtin_trap();
    } catch (const cchc::ValidationError& e) {
        const bool malformed = e.problems().size() == 1 && e.problems()[0].message.rfind("malformed JSON", 0) == 0;
        if (malformed == well_formed) __builtin_trap();
    }
    return 0;
}
