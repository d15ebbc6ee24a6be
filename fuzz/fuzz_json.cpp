// libFuzzer target: the JSON v1 reader. Invalid input must raise
// cchc::ValidationError (every problem with a JSON pointer), never crash; a
// model that loads must write and re-read to the same bytes.
#include <cstdint>
#include <string>

#include "cchc/errors.hpp"
#include "cchc/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto m = cchc::io::read_json(text, "fuzz");
        const std::string once = cchc::io::write_json(*m);
        const std::string twice = cchc::io::write_json(*cchc::io::read_json(once, "fuzz-rewritten"));
        if (once != twice) __builtin_trap();
    } catch (const cchc::ValidationError&) {
    }
    return 0;
}
