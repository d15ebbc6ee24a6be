// Internal to scenario.cpp and restructure.cpp: scenario JSON read with the shared field reader
// (io::JsonFields), throw-first: a scenario stops at its first problem, reported as
// ScenarioError "scenario at <JSON pointer>: <message>". Fields are read only when present, so
// they are "required" (a null is a wrong type, not an absence).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/date.hpp"
#include "cchc/errors.hpp"
#include "cchc/io/json_fields.hpp"

namespace cchc::scenario_fields {

[[noreturn]] inline void fail(const std::string& pointer, const std::string& message) {
    throw ScenarioError("scenario" + (pointer.empty() ? std::string() : " at " + pointer) + ": " + message);
}

inline void raise_first(const io::JsonFields& f) {
    if (!f.problems.empty()) fail(f.problems.front().path, f.problems.front().message);
}

inline std::string get_string(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    std::string out;
    f.get_string(o, at, "", key, out, true);
    raise_first(f);
    return out;
}

inline std::vector<std::string> get_string_list(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    std::vector<std::string> out;
    f.get_string_list(o, at, "", key, out, true);
    raise_first(f);
    return out;
}

inline double get_number(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    double out = 0.0;
    f.get_number(o, at, "", key, out, {}, true);
    raise_first(f);
    return out;
}

inline std::int32_t get_int(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    std::int32_t out = 0;
    f.get_int(o, at, "", key, out, 0, 1'000'000, true);
    raise_first(f);
    return out;
}

inline bool get_bool(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    bool out = false;
    f.get_bool(o, at, "", key, out, true);
    raise_first(f);
    return out;
}

inline Date get_date(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    Date out{};
    f.get_date(o, at, "", key, out, true);
    raise_first(f);
    return out;
}

template <class E>
E get_enum(const nlohmann::json& o, const char* key, const std::string& at) {
    io::JsonFields f;
    E out{};
    f.get_enum(o, at, "", key, out, true);
    raise_first(f);
    return out;
}

/// "unknown field 'x' (known: a, b)" for the first key of `o` not in `known`.
inline void check_keys(const nlohmann::json& o, const std::string& at, std::initializer_list<std::string_view> known) {
    io::JsonFields f;
    f.check_keys(o, at, "", known);
    raise_first(f);
}

}  // namespace cchc::scenario_fields
