// Rule packs: JSON ⇄ RuleSet, with every problem reported at once by JSON pointer.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "cchc/training.hpp"

namespace cchc::training {

namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

std::string fmt(double v) {
    std::string s = std::to_string(v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

class Parser {
  public:
    std::vector<Problem> problems;

    void error(const std::string& path, const std::string& code, std::string message) {
        problems.push_back({Severity::error, path, code, std::move(message)});
    }

    // Fields not in `known` are errors: a typo in a rule pack silently changes who must train.
    void check_keys(const json& obj, const std::string& path, const std::string& code,
                    std::initializer_list<const char*> known) {
        for (const auto& [key, value] : obj.items()) {
            (void)value;
            bool ok = false;
            for (const char* k : known) ok = ok || key == k;
            if (!ok) {
                std::string allowed;
                for (const char* k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
                error(path + "/" + json_pointer_escape(key), code,
                      "unknown field '" + key + "' (allowed: " + allowed + ")");
            }
        }
    }

    void get_string(const json& o, const std::string& path, const std::string& code, const char* name,
                    std::string& out, bool required = false) {
        auto it = o.find(name);
        if (it == o.end() || it->is_null()) {
            if (required) error(path + "/" + name, code, std::string("missing required field '") + name + "'");
            return;
        }
        if (!it->is_string()) {
            error(path + "/" + name, code, std::string("'") + name + "' must be a string");
            return;
        }
        out = it->get<std::string>();
        if (required && out.empty()) error(path + "/" + name, code, std::string("'") + name + "' must not be empty");
    }

    void get_date(const json& o, const std::string& path, const std::string& code, const char* name, Date& out) {
        auto it = o.find(name);
        if (it == o.end() || it->is_null()) return;
        if (it->is_string())
            if (auto d = parse_date(it->get<std::string>())) {
                out = *d;
                return;
            }
        error(path + "/" + name, code, std::string("'") + name + "' must be a date \"YYYY-MM-DD\" or null");
    }

    void get_bool(const json& o, const std::string& path, const std::string& code, const char* name, bool& out) {
        auto it = o.find(name);
        if (it == o.end()) return;
        if (!it->is_boolean()) {
            error(path + "/" + name, code, std::string("'") + name + "' must be true or false");
            return;
        }
        out = it->get<bool>();
    }

    void get_number(const json& o, const std::string& path, const std::string& code, const char* name, double& out,
                    double min) {
        auto it = o.find(name);
        if (it == o.end()) return;
        if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < min) {
            error(path + "/" + name, code, std::string("'") + name + "' must be a number ≥ " + fmt(min));
            return;
        }
        out = it->get<double>();
    }

    void get_int(const json& o, const std::string& path, const std::string& code, const char* name, int& out,
                 int min, int max) {
        auto it = o.find(name);
        if (it == o.end()) return;
        if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max) {
            error(path + "/" + name, code,
                  std::string("'") + name + "' must be an integer in " + std::to_string(min) + ".." +
                      std::to_string(max));
            return;
        }
        out = static_cast<int>(it->get<std::int64_t>());
    }

    template <class E>
    void get_enum_list(const json& o, const std::string& path, const std::string& code, const char* name,
                       std::vector<E>& out) {
        auto it = o.find(name);
        if (it == o.end()) return;
        const std::string p = path + "/" + name;
        if (!it->is_array()) {
            error(p, code, std::string("'") + name + "' must be a list of: " + allowed_values<E>());
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            std::optional<E> e;
            if (v.is_string()) e = enum_from_string<E>(v.get<std::string>());
            if (!e) {
                error(p + "/" + std::to_string(i), code,
                      "unknown " + std::string(EnumInfo<E>::type_name) + " " + v.dump() +
                          " (allowed: " + allowed_values<E>() + ")");
                continue;
            }
            out.push_back(*e);
        }
    }

    void get_string_list(const json& o, const std::string& path, const std::string& code, const char* name,
                         std::vector<std::string>& out) {
        auto it = o.find(name);
        if (it == o.end()) return;
        const std::string p = path + "/" + name;
        if (!it->is_array()) {
            error(p, code, std::string("'") + name + "' must be a list of strings");
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            if (!v.is_string() || v.get<std::string>().empty()) {
                error(p + "/" + std::to_string(i), code, "must be a non-empty string");
                continue;
            }
            out.push_back(v.get<std::string>());
        }
    }

    Selector selector(const json& o, const std::string& path, const std::string& code) {
        Selector s;
        if (!o.is_object()) {
            error(path, code, "must be an object (a selector: category, rank_group, leadership, level, agency_kind, "
                              "position, min_age, max_age)");
            return s;
        }
        check_keys(o, path, code,
                   {"category", "rank_group", "leadership", "level", "agency_kind", "position", "min_age", "max_age"});
        get_enum_list(o, path, code, "category", s.category);
        get_enum_list(o, path, code, "rank_group", s.rank_group);
        get_enum_list(o, path, code, "leadership", s.leadership);
        get_enum_list(o, path, code, "level", s.level);
        get_enum_list(o, path, code, "agency_kind", s.agency_kind);
        get_string_list(o, path, code, "position", s.position);
        get_int(o, path, code, "min_age", s.min_age, 0, 150);
        get_int(o, path, code, "max_age", s.max_age, 0, 150);
        if (s.min_age >= 0 && s.max_age >= 0 && s.min_age > s.max_age)
            error(path + "/max_age", code, "max_age is below min_age");
        return s;
    }

    CourseMatch match(const json& o, const std::string& path, const std::string& code) {
        CourseMatch m;
        if (!o.is_object()) {
            error(path, code, "must be an object {\"courses\": [codes], \"content\": [contents], \"min_record_periods\"}");
            return m;
        }
        check_keys(o, path, code, {"courses", "content", "min_record_periods"});
        get_string_list(o, path, code, "courses", m.courses);
        get_enum_list(o, path, code, "content", m.content);
        get_number(o, path, code, "min_record_periods", m.min_record_periods, 0.0);
        return m;
    }

    Rule rule(const json& o, const std::string& path) {
        Rule r;
        if (!o.is_object()) {
            error(path, "", "a rule must be an object");
            return r;
        }
        get_string(o, path, "", "code", r.code, true);
        const std::string& c = r.code;
        check_keys(o, path, c,
                   {"code", "name", "source", "note", "confirmed", "valid_from", "valid_to", "kind", "applies_to",
                    "exempt", "exempt_if_held", "match", "periods", "period_years", "grace_days", "validity_years",
                    "mandatory", "weight"});
        get_string(o, path, c, "name", r.name);
        get_string(o, path, c, "source", r.source, true);
        get_string(o, path, c, "note", r.note);
        get_bool(o, path, c, "confirmed", r.confirmed);
        get_date(o, path, c, "valid_from", r.valid_from);
        get_date(o, path, c, "valid_to", r.valid_to);
        if (r.valid_from != kNoDate && r.valid_to != kNoDate && r.valid_to < r.valid_from)
            error(path + "/valid_to", c, "valid_to " + format_date(r.valid_to) + " is before valid_from " +
                                             format_date(r.valid_from));
        std::string kind;
        get_string(o, path, c, "kind", kind, true);
        if (!kind.empty()) {
            if (auto k = enum_from_string<RuleKind>(kind))
                r.kind = *k;
            else
                error(path + "/kind", c, "unknown kind '" + kind + "' (allowed: " + allowed_values<RuleKind>() + ")");
        }
        if (auto it = o.find("applies_to"); it != o.end()) r.applies_to = selector(*it, path + "/applies_to", c);
        if (auto it = o.find("exempt"); it != o.end()) {
            if (!it->is_array())
                error(path + "/exempt", c, "'exempt' must be a list of selectors");
            else
                for (std::size_t i = 0; i < it->size(); ++i)
                    r.exempt.push_back(selector((*it)[i], path + "/exempt/" + std::to_string(i), c));
        }
        if (auto it = o.find("exempt_if_held"); it != o.end())
            r.exempt_if_held = match(*it, path + "/exempt_if_held", c);
        if (auto it = o.find("match"); it != o.end()) {
            r.match = match(*it, path + "/match", c);
            if (r.match.empty() && it->is_object())
                error(path + "/match", c, "a rule must match at least one course code or content");
        } else {
            error(path + "/match", c, "missing required field 'match' (the courses that satisfy the rule)");
        }
        get_number(o, path, c, "periods", r.periods, 0.0);
        get_int(o, path, c, "period_years", r.period_years, 1, 10);
        get_int(o, path, c, "grace_days", r.grace_days, 0, 36500);
        get_int(o, path, c, "validity_years", r.validity_years, 0, 100);
        get_bool(o, path, c, "mandatory", r.mandatory);
        get_number(o, path, c, "weight", r.weight, 0.0);
        if (r.kind == RuleKind::periodic && r.periods <= 0 && !kind.empty())
            error(path + "/periods", c, "a periodic rule needs 'periods' > 0 (periods required per period)");
        return r;
    }
};

template <class E>
ordered enum_list(const std::vector<E>& v) {
    ordered a = ordered::array();
    for (auto e : v) a.push_back(std::string(to_string(e)));
    return a;
}

ordered selector_json(const Selector& s) {
    ordered o = ordered::object();
    if (!s.category.empty()) o["category"] = enum_list(s.category);
    if (!s.rank_group.empty()) o["rank_group"] = enum_list(s.rank_group);
    if (!s.leadership.empty()) o["leadership"] = enum_list(s.leadership);
    if (!s.level.empty()) o["level"] = enum_list(s.level);
    if (!s.agency_kind.empty()) o["agency_kind"] = enum_list(s.agency_kind);
    if (!s.position.empty()) o["position"] = s.position;
    if (s.min_age >= 0) o["min_age"] = s.min_age;
    if (s.max_age >= 0) o["max_age"] = s.max_age;
    return o;
}

ordered match_json(const CourseMatch& m) {
    ordered o = ordered::object();
    if (!m.courses.empty()) o["courses"] = m.courses;
    if (!m.content.empty()) o["content"] = enum_list(m.content);
    if (m.min_record_periods > 0) o["min_record_periods"] = m.min_record_periods;
    return o;
}

}  // namespace

RuleSet parse_rules(std::string_view json_text, const std::string& source) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::parse_error& e) {
        throw ValidationError(source, {{Severity::error, "", "", std::string("not valid JSON: ") + e.what()}});
    }
    Parser p;
    RuleSet out;
    if (!root.is_object()) throw ValidationError(source, {{Severity::error, "", "", "a rule pack must be a JSON object"}});
    p.check_keys(root, "", "", {"format", "version", "name", "description", "rules"});
    std::string format;
    p.get_string(root, "", "", "format", format, true);
    if (!format.empty() && format != "cchc-training-rules")
        p.error("/format", "", "format must be \"cchc-training-rules\", not \"" + format + "\"");
    if (auto it = root.find("version"); it == root.end() || !it->is_number_integer() || it->get<int>() != 1)
        p.error("/version", "", "version must be 1");
    p.get_string(root, "", "", "name", out.name, true);
    p.get_string(root, "", "", "description", out.description);
    auto it = root.find("rules");
    if (it == root.end() || !it->is_array()) {
        p.error("/rules", "", "'rules' must be a list of rules");
    } else {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string path = "/rules/" + std::to_string(i);
            Rule r = p.rule((*it)[i], path);
            if (!r.code.empty() && !seen.insert(r.code).second)
                p.error(path + "/code", r.code, "duplicate rule code '" + r.code + "'");
            out.rules.push_back(std::move(r));
        }
    }
    if (!p.problems.empty()) throw ValidationError(source.empty() ? "rule pack" : source, std::move(p.problems));
    return out;
}

std::string rules_to_json(const RuleSet& rules, int indent) {
    ordered root = ordered::object();
    root["format"] = "cchc-training-rules";
    root["version"] = 1;
    root["name"] = rules.name;
    if (!rules.description.empty()) root["description"] = rules.description;
    ordered list = ordered::array();
    for (const auto& r : rules.rules) {
        ordered o = ordered::object();
        o["code"] = r.code;
        if (!r.name.empty()) o["name"] = r.name;
        o["source"] = r.source;
        if (!r.note.empty()) o["note"] = r.note;
        if (!r.confirmed) o["confirmed"] = false;
        o["valid_from"] = r.valid_from == kNoDate ? ordered(nullptr) : ordered(format_date(r.valid_from));
        o["valid_to"] = r.valid_to == kNoDate ? ordered(nullptr) : ordered(format_date(r.valid_to));
        o["kind"] = std::string(to_string(r.kind));
        o["applies_to"] = selector_json(r.applies_to);
        if (!r.exempt.empty()) {
            ordered e = ordered::array();
            for (const auto& s : r.exempt) e.push_back(selector_json(s));
            o["exempt"] = e;
        }
        if (!r.exempt_if_held.empty()) o["exempt_if_held"] = match_json(r.exempt_if_held);
        o["match"] = match_json(r.match);
        if (r.periods > 0) o["periods"] = r.periods;
        if (r.period_years != 1) o["period_years"] = r.period_years;
        if (r.grace_days) o["grace_days"] = r.grace_days;
        if (r.validity_years) o["validity_years"] = r.validity_years;
        if (!r.mandatory) o["mandatory"] = false;
        if (r.weight != 1.0) o["weight"] = r.weight;
        list.push_back(o);
    }
    root["rules"] = list;
    return root.dump(indent);
}

}  // namespace cchc::training
