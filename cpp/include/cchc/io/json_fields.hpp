// One way to read typed fields out of JSON objects (rule packs, scorecard packs,
// scenarios): every problem is collected with its JSON pointer and the entity's
// code, in the model reader's message style ("must be a string, got an integer").
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/date.hpp"
#include "cchc/enums.hpp"
#include "cchc/errors.hpp"
#include "cchc/io/json.hpp"

namespace cchc::io {

/// Parses a whole small document (scenario, rule pack, scorecard pack) into a DOM with
/// the model reader's checks: nesting at most kMaxJsonDepth, nothing after the value
/// (a NUL byte included), finite numbers, UTF-8 (UTF-16/32 named as such). Throws
/// ValidationError(source, one problem "malformed JSON at line L, column C: ...");
/// never an nlohmann exception. Every string value comes out in NFC (cchc/text.hpp).
nlohmann::json parse_json_text(std::string_view text, const std::string& source);

/// Reads one enum spelling: sets `out` and returns "", or returns what is wrong
/// ("must be one of a, b; got an integer", "unknown value 'x'; allowed: a, b").
/// The model reader and JsonFields share it, so both word it the same.
template <class E>
std::string read_enum(const nlohmann::json& v, E& out) {
    if (!v.is_string()) return "must be one of " + allowed_values<E>() + "; got " + json_type_name(v);
    const auto& text = v.get_ref<const std::string&>();
    if (auto e = enum_from_string<E>(text)) {
        out = *e;
        return {};
    }
    return "unknown value '" + text + "'; allowed: " + allowed_values<E>();
}

/// Bounds for JsonFields::get_number (inclusive; infinite = unbounded).
struct NumberRange {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
};

/// Collects `Problem`s while reading fields. Every getter takes the object, the
/// object's JSON pointer `path`, the entity's `code` ("" when not known) and the
/// field's name; it leaves `out` untouched and returns false when the field is
/// absent (or null) or wrong. The problem's path is `path + "/" + name`, so the
/// messages do not repeat the field's name.
class JsonFields {
  public:
    std::vector<Problem> problems;

    void error(std::string path, std::string code, std::string message);

    /// "path/name" with `name` escaped per RFC 6901.
    static std::string pointer(const std::string& path, std::string_view name);

    /// Fields not in `known`: "unknown field 'x' (known: a, b)" at path/x.
    /// Returns true when there was none.
    bool check_keys(const nlohmann::json& obj, const std::string& path, const std::string& code,
                    std::initializer_list<std::string_view> known, Severity severity = Severity::error);

    /// The field, or nullptr when absent (null counts as absent unless required);
    /// a missing required field is "required field 'x' is missing".
    const nlohmann::json* field(const nlohmann::json& obj, const std::string& path, const std::string& code,
                                std::string_view name, bool required = false);

    /// "must be an object, got an array" at `path` unless `v` is an object.
    bool expect_object(const nlohmann::json& v, const std::string& path, const std::string& code);

    bool get_string(const nlohmann::json& obj, const std::string& path, const std::string& code,
                    std::string_view name, std::string& out, bool required = false, bool nonempty = false);

    /// A finite number in `range`: "must be a number, got a string", "must be ≥ 0, got -1",
    /// "must be in [0, 1], got 1.5".
    bool get_number(const nlohmann::json& obj, const std::string& path, const std::string& code,
                    std::string_view name, double& out, NumberRange range = {}, bool required = false);

    /// An integer in min..max (3.0 counts as 3): "must be an integer, got 2.5",
    /// "must be an integer in 0..150, got 200".
    bool get_int(const nlohmann::json& obj, const std::string& path, const std::string& code, std::string_view name,
                 std::int64_t& out, std::int64_t min, std::int64_t max, bool required = false);

    template <class Int>
    bool get_int(const nlohmann::json& obj, const std::string& path, const std::string& code, std::string_view name,
                 Int& out, std::int64_t min = std::numeric_limits<Int>::min(),
                 std::int64_t max = static_cast<std::int64_t>(std::numeric_limits<Int>::max()),
                 bool required = false) {
        std::int64_t v = 0;
        if (!get_int(obj, path, code, name, v, min, max, required)) return false;
        out = static_cast<Int>(v);
        return true;
    }

    bool get_bool(const nlohmann::json& obj, const std::string& path, const std::string& code,
                  std::string_view name, bool& out, bool required = false);

    /// "YYYY-MM-DD" (years 1900..2200); null is absent.
    bool get_date(const nlohmann::json& obj, const std::string& path, const std::string& code,
                  std::string_view name, Date& out, bool required = false);

    /// A value given as an element (e.g. of a list): at `path` itself.
    template <class E>
    bool enum_value(const nlohmann::json& v, const std::string& path, const std::string& code, E& out) {
        std::string problem = read_enum(v, out);
        if (problem.empty()) return true;
        error(path, code, std::move(problem));
        return false;
    }

    template <class E>
    bool get_enum(const nlohmann::json& obj, const std::string& path, const std::string& code,
                  std::string_view name, E& out, bool required = false) {
        const nlohmann::json* v = field(obj, path, code, name, required);
        return v && enum_value(*v, pointer(path, name), code, out);
    }

    /// An array of enum spellings; each bad element is reported at its index.
    template <class E>
    bool get_enum_list(const nlohmann::json& obj, const std::string& path, const std::string& code,
                       std::string_view name, std::vector<E>& out, bool required = false) {
        const nlohmann::json* v = get_array(obj, path, code, name, required);
        if (!v) return false;
        const std::string p = pointer(path, name);
        bool ok = true;
        for (std::size_t i = 0; i < v->size(); ++i) {
            E e{};
            if (enum_value((*v)[i], p + "/" + std::to_string(i), code, e))
                out.push_back(e);
            else
                ok = false;
        }
        return ok;
    }

    /// An array of strings (each non-empty when `nonempty`); bad elements at their index.
    bool get_string_list(const nlohmann::json& obj, const std::string& path, const std::string& code,
                         std::string_view name, std::vector<std::string>& out, bool required = false,
                         bool nonempty = true);

    /// "must be an array, got an object".
    const nlohmann::json* get_array(const nlohmann::json& obj, const std::string& path, const std::string& code,
                                    std::string_view name, bool required = false);

  private:
    // The field when present and of the type `is` tests; else nullptr, with "must be <what>, got <type>".
    const nlohmann::json* typed(const nlohmann::json& obj, const std::string& path, const std::string& code,
                                std::string_view name, bool required, bool (nlohmann::json::*is)() const noexcept,
                                const char* what);
};

/// "1.5", "100", "0.25": a number for messages (up to 10 significant digits).
std::string format_number(double v);

}  // namespace cchc::io
