#include "cchc/io/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>


namespace cchc::io {

using nlohmann::json;

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void JsonFields::error(std::string path, std::string code, std::string message) {
    problems.push_back({Severity::error, std::move(path), std::move(code), std::move(message)});
}

std::string JsonFields::pointer(const std::string& path, std::string_view name) {
    return path + "/" + json_pointer_escape(std::string(name));
}

bool JsonFields::check_keys(const json& obj, const std::string& path, const std::string& code,
                            std::initializer_list<std::string_view> known, Severity severity) {
    if (!obj.is_object()) return true;
    bool clean = true;
    for (const auto& item : obj.items()) {
        const std::string& key = item.key();
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string allowed;
        for (auto k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
        problems.push_back(
            {severity, pointer(path, key), code, "unknown field '" + key + "' (known: " + allowed + ")"});
        clean = false;
    }
    return clean;
}

const json* JsonFields::field(const json& obj, const std::string& path, const std::string& code,
                              std::string_view name, bool required) {
    auto it = obj.is_object() ? obj.find(name) : obj.end();
    if (it == obj.end()) {
        if (required) error(pointer(path, name), code, "required field '" + std::string(name) + "' is missing");
        return nullptr;
    }
    if (it->is_null() && !required) return nullptr;
    return &*it;
}

bool JsonFields::expect_object(const json& v, const std::string& path, const std::string& code) {
    if (v.is_object()) return true;
    error(path, code, "must be an object, got " + json_type_name(v));
    return false;
}

const json* JsonFields::typed(const json& obj, const std::string& path, const std::string& code,
                              std::string_view name, bool required, bool (json::*is)() const noexcept,
                              const char* what) {
    const json* v = field(obj, path, code, name, required);
    if (!v || (v->*is)()) return v;
    error(pointer(path, name), code, std::string("must be ") + what + ", got " + json_type_name(*v));
    return nullptr;
}

bool JsonFields::get_string(const json& obj, const std::string& path, const std::string& code, std::string_view name,
                            std::string& out, bool required, bool nonempty) {
    const json* v = typed(obj, path, code, name, required, &json::is_string, "a string");
    if (!v) return false;
    if (nonempty && v->get_ref<const std::string&>().empty()) {
        error(pointer(path, name), code, "must not be empty");
        return false;
    }
    out = v->get<std::string>();
    return true;
}

bool JsonFields::get_number(const json& obj, const std::string& path, const std::string& code, std::string_view name,
                            double& out, NumberRange range, bool required) {
    const json* v = typed(obj, path, code, name, required, &json::is_number, "a number");
    if (!v) return false;
    const double d = v->get<double>();
    if (!std::isfinite(d)) {
        error(pointer(path, name), code, "must be finite, got " + v->dump());
        return false;
    }
    if (d < range.min || d > range.max) {
        const bool lo = std::isfinite(range.min), hi = std::isfinite(range.max);
        const std::string want = lo && hi ? "in [" + format_number(range.min) + ", " + format_number(range.max) + "]"
                                 : lo     ? "≥ " + format_number(range.min)
                                          : "≤ " + format_number(range.max);
        error(pointer(path, name), code, "must be " + want + ", got " + format_number(d));
        return false;
    }
    out = d;
    return true;
}

bool JsonFields::get_int(const json& obj, const std::string& path, const std::string& code, std::string_view name,
                         std::int64_t& out, std::int64_t min, std::int64_t max, bool required) {
    const json* v = field(obj, path, code, name, required);
    if (!v) return false;
    const auto range = [&](const std::string& got) {
        error(pointer(path, name), code,
              "must be an integer in " + std::to_string(min) + ".." + std::to_string(max) + ", got " + got);
        return false;
    };
    std::int64_t i = 0;
    if (v->is_number_float()) {
        // 3.0 is the integer 3 (some writers emit every number as a float).
        const double d = v->get<double>();
        if (!std::isfinite(d) || d != std::floor(d)) {
            error(pointer(path, name), code, "must be an integer, got " + v->dump());
            return false;
        }
        if (d < static_cast<double>(min) || d > static_cast<double>(max)) return range(v->dump());
        i = static_cast<std::int64_t>(d);
    } else if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (max < 0 || u > static_cast<std::uint64_t>(max)) return range(v->dump());
        i = static_cast<std::int64_t>(u);
    } else if (v->is_number_integer()) {
        i = v->get<std::int64_t>();
    } else {
        error(pointer(path, name), code, "must be an integer, got " + json_type_name(*v));
        return false;
    }
    if (i < min || i > max) return range(v->dump());
    out = i;
    return true;
}

bool JsonFields::get_bool(const json& obj, const std::string& path, const std::string& code, std::string_view name,
                          bool& out, bool required) {
    const json* v = typed(obj, path, code, name, required, &json::is_boolean, "true or false");
    if (!v) return false;
    out = v->get<bool>();
    return true;
}

bool JsonFields::get_date(const json& obj, const std::string& path, const std::string& code, std::string_view name,
                          Date& out, bool required) {
    const json* v = typed(obj, path, code, name, required, &json::is_string, "a date string \"YYYY-MM-DD\"");
    if (!v) return false;
    const auto& text = v->get_ref<const std::string&>();
    if (auto d = parse_date(text)) {
        out = *d;
        return true;
    }
    error(pointer(path, name), code, "'" + text + "' is not a valid date \"YYYY-MM-DD\" (years 1900..2200)");
    return false;
}

const json* JsonFields::get_array(const json& obj, const std::string& path, const std::string& code,
                                  std::string_view name, bool required) {
    return typed(obj, path, code, name, required, &json::is_array, "an array");
}

bool JsonFields::get_string_list(const json& obj, const std::string& path, const std::string& code,
                                 std::string_view name, std::vector<std::string>& out, bool required,
                                 bool nonempty) {
    const json* v = get_array(obj, path, code, name, required);
    if (!v) return false;
    const std::string p = pointer(path, name);
    bool ok = true;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const json& e = (*v)[i];
        if (!e.is_string()) {
            error(p + "/" + std::to_string(i), code, "must be a string, got " + json_type_name(e));
            ok = false;
        } else if (nonempty && e.get_ref<const std::string&>().empty()) {
            error(p + "/" + std::to_string(i), code, "must not be empty");
            ok = false;
        } else {
            out.push_back(e.get<std::string>());
        }
    }
    return ok;
}

}  // namespace cchc::io
