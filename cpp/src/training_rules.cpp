// Rule packs: JSON ⇄ RuleSet, with every problem reported at once by JSON pointer.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "cchc/io/json_fields.hpp"
#include "cchc/training.hpp"

namespace cchc::training {

namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

// Field reading (types, ranges, unknown keys) is the shared io::JsonFields; this adds the rule pack's shape.
class Parser : public io::JsonFields {
  public:
    Selector selector(const json& o, const std::string& path, const std::string& code) {
        Selector s;
        if (!o.is_object()) {
            error(path, code, "must be an object (a selector: category, rank_group, leadership, level, agency_kind, "
                              "position, min_age, max_age), got " + io::json_type_name(o));
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
            error(path, code,
                  "must be an object {\"courses\": [codes], \"content\": [contents], \"min_record_periods\"}, got " +
                      io::json_type_name(o));
            return m;
        }
        check_keys(o, path, code, {"courses", "content", "min_record_periods"});
        get_string_list(o, path, code, "courses", m.courses);
        get_enum_list(o, path, code, "content", m.content);
        get_number(o, path, code, "min_record_periods", m.min_record_periods, {.min = 0.0});
        return m;
    }

    Rule rule(const json& o, const std::string& path) {
        Rule r;
        if (!o.is_object()) {
            error(path, "", "a rule must be an object, got " + io::json_type_name(o));
            return r;
        }
        get_string(o, path, "", "code", r.code, true, true);
        const std::string& c = r.code;
        check_keys(o, path, c,
                   {"code", "name", "source", "note", "confirmed", "valid_from", "valid_to", "kind", "applies_to",
                    "exempt", "exempt_if_held", "match", "periods", "period_years", "grace_days", "validity_years",
                    "mandatory", "weight"});
        get_string(o, path, c, "name", r.name);
        get_string(o, path, c, "source", r.source, true, true);
        get_string(o, path, c, "note", r.note);
        get_bool(o, path, c, "confirmed", r.confirmed);
        get_date(o, path, c, "valid_from", r.valid_from);
        get_date(o, path, c, "valid_to", r.valid_to);
        if (r.valid_from != kNoDate && r.valid_to != kNoDate && r.valid_to < r.valid_from)
            error(path + "/valid_to", c, "valid_to " + format_date(r.valid_to) + " is before valid_from " +
                                             format_date(r.valid_from));
        const bool has_kind = get_enum(o, path, c, "kind", r.kind, true);
        if (auto it = o.find("applies_to"); it != o.end()) r.applies_to = selector(*it, path + "/applies_to", c);
        if (const json* list = get_array(o, path, c, "exempt"))
            for (std::size_t i = 0; i < list->size(); ++i)
                r.exempt.push_back(selector((*list)[i], path + "/exempt/" + std::to_string(i), c));
        if (auto it = o.find("exempt_if_held"); it != o.end())
            r.exempt_if_held = match(*it, path + "/exempt_if_held", c);
        if (auto it = o.find("match"); it != o.end()) {
            r.match = match(*it, path + "/match", c);
            if (r.match.empty() && it->is_object())
                error(path + "/match", c, "a rule must match at least one course code or content");
        } else {
            error(path + "/match", c, "required field 'match' is missing (the courses that satisfy the rule)");
        }
        get_number(o, path, c, "periods", r.periods, {.min = 0.0});
        get_int(o, path, c, "period_years", r.period_years, 1, 10);
        get_int(o, path, c, "grace_days", r.grace_days, 0, 36500);
        get_int(o, path, c, "validity_years", r.validity_years, 0, 100);
        get_bool(o, path, c, "mandatory", r.mandatory);
        get_number(o, path, c, "weight", r.weight, {.min = 0.0});
        if (r.kind == RuleKind::periodic && r.periods <= 0 && has_kind)
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
    const json root = io::parse_json_text(json_text, source.empty() ? "rule pack" : source);
    Parser p;
    RuleSet out;
    if (!root.is_object())
        throw ValidationError(source, {{Severity::error, "", "",
                                        "a rule pack must be a JSON object, got " + io::json_type_name(root)}});
    p.check_keys(root, "", "", {"format", "version", "name", "description", "rules"});
    std::string format;
    p.get_string(root, "", "", "format", format, true, true);
    if (!format.empty() && format != "cchc-training-rules")
        p.error("/format", "", "must be \"cchc-training-rules\", got \"" + format + "\"");
    if (int version = 1; p.get_int(root, "", "", "version", version, 0, 1'000'000, true) && version != 1)
        p.error("/version", "", "this cchc reads version 1 of rule packs, got " + std::to_string(version));
    p.get_string(root, "", "", "name", out.name, true, true);
    p.get_string(root, "", "", "description", out.description);
    if (const json* it = p.get_array(root, "", "", "rules", true)) {
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
    io::check_json_indent(indent);
    return root.dump(indent, ' ', false, ordered::error_handler_t::strict);
}

}  // namespace cchc::training
