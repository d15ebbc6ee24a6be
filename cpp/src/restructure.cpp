// Restructuring actions: merge_units, dissolve_level, merge_communes,
// rename_unit, transfer_tasks (see cchc/restructure.hpp for what is dated).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_set>

#include "restructure_detail.hpp"
#include "scenario_fields.hpp"

namespace cchc::restructure {

using nlohmann::json;
using namespace scenario_fields;  // fail, get_string, ...: throw-first field readers

bool is_restructuring(ActionKind k) noexcept {
    return k == ActionKind::merge_units || k == ActionKind::dissolve_level || k == ActionKind::merge_communes ||
           k == ActionKind::rename_unit || k == ActionKind::transfer_tasks;
}

std::vector<std::string_view> action_keys(ActionKind k) {
    switch (k) {
        case ActionKind::merge_units: return {"units", "into", "name", "date", "chair_rule", "seat_distance_factor"};
        case ActionKind::dissolve_level: return {"level", "date", "rules", "chair_rule"};
        case ActionKind::merge_communes: return {"mapping", "date", "complete", "chair_rule", "seat_distance_factor"};
        case ActionKind::rename_unit: return {"agency", "name", "code", "date"};
        case ActionKind::transfer_tasks: return {"from", "to", "tasks", "task_field", "role", "date", "chair_rule"};
        default: return {};
    }
}

// ---------------------------------------------------------------------------
// JSON

namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

void parse(const json& a, const std::string& at, Action& out) {
    if (a.contains("units")) out.units = get_string_list(a, "units", at);
    if (a.contains("tasks")) out.tasks = get_string_list(a, "tasks", at);
    if (a.contains("task_field")) out.task_field = get_string(a, "task_field", at);
    if (a.contains("from")) out.from = get_string(a, "from", at);
    if (a.contains("to")) out.to = get_string(a, "to", at);
    if (a.contains("into")) out.into = get_string(a, "into", at);
    if (a.contains("name")) out.name = get_string(a, "name", at);
    if (a.contains("agency")) out.agency = get_string(a, "agency", at);
    if (a.contains("code")) out.code = get_string(a, "code", at);
    if (a.contains("level")) out.level = get_enum<Level>(a, "level", at);
    if (a.contains("role")) out.role = get_enum<TaskRole>(a, "role", at);
    if (a.contains("chair_rule")) out.chair_rule = get_string(a, "chair_rule", at);
    if (a.contains("complete")) out.complete = get_bool(a, "complete", at);
    if (a.contains("date")) out.date = get_date(a, "date", at);
    if (a.contains("seat_distance_factor")) out.seat_distance_factor = get_number(a, "seat_distance_factor", at);
    if (a.contains("mapping")) {
        const json& v = a["mapping"];
        if (!v.is_array()) fail(at + "/mapping", "must be an array of {code, name, from: [codes]}");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string p = at + "/mapping/" + std::to_string(i);
            const json& e = v[i];
            if (!e.is_object()) fail(p, "must be an object {code, name, from: [codes]}");
            check_keys(e, p, {"code", "name", "territory", "parent", "from", "seat"});
            if (!e.contains("code") || !e.contains("from")) fail(p, "needs \"code\" and \"from\"");
            UnitMapping u;
            u.code = get_string(e, "code", p);
            if (e.contains("name")) u.name = get_string(e, "name", p);
            if (e.contains("territory")) u.territory = get_enum<Territory>(e, "territory", p);
            if (e.contains("parent")) u.parent = get_string(e, "parent", p);
            if (e.contains("seat")) u.seat = get_string(e, "seat", p);
            u.from = get_string_list(e, "from", p);
            out.mapping.push_back(std::move(u));
        }
    }
    if (a.contains("rules")) {
        const json& v = a["rules"];
        if (!v.is_array()) fail(at + "/rules", "must be an array of {what, to, field?, kind?, match?}");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string p = at + "/rules/" + std::to_string(i);
            const json& e = v[i];
            if (!e.is_object()) fail(p, "must be an object {what, to, field?, kind?, match?}");
            check_keys(e, p, {"what", "to", "field", "kind", "match", "note"});
            if (!e.contains("what") || !e.contains("to")) fail(p, "needs \"what\" and \"to\"");
            RoutingRule r;
            r.what = get_string(e, "what", p);
            r.to = get_string(e, "to", p);
            if (e.contains("field")) r.field = get_string(e, "field", p);
            if (e.contains("match")) r.match = get_string(e, "match", p);
            if (e.contains("kind")) r.kind = get_enum<AgencyKind>(e, "kind", p);
            out.rules.push_back(std::move(r));
        }
    }
}

void check(const Action& a, const std::string& at) {
    const std::string kind(to_string(a.kind));
    auto need = [&](bool ok, const std::string& what) {
        if (!ok) fail(at, kind + " needs " + what);
    };
    if (!a.chair_rule.empty() && a.chair_rule != "survivor" && a.chair_rule != "report" && a.chair_rule != "error")
        fail(at + "/chair_rule", "unknown rule '" + a.chair_rule + "'; allowed: survivor, report, error");
    if (a.seat_distance_factor && (!std::isfinite(*a.seat_distance_factor) || *a.seat_distance_factor < 0))
        fail(at + "/seat_distance_factor", "must be >= 0");
    switch (a.kind) {
        case ActionKind::merge_units: {
            need(!a.units.empty(), "\"units\": the agency codes to merge");
            need(a.units.size() >= 2 || (!a.into.empty() && a.into != a.units.front()),
                 "two units, or one unit and an \"into\" agency");
            std::unordered_set<std::string> seen;
            for (std::size_t i = 0; i < a.units.size(); ++i)
                if (!seen.insert(a.units[i]).second)
                    fail(at + "/units/" + std::to_string(i), "unit '" + a.units[i] + "' listed twice");
            break;
        }
        case ActionKind::dissolve_level: {
            need(a.level.has_value(), "\"level\" (the level to dissolve, e.g. district)");
            if (*a.level == Level::central || *a.level == Level::province)
                fail(at + "/level", "only the district or commune level can be dissolved");
            for (std::size_t i = 0; i < a.rules.size(); ++i) {
                const auto& r = a.rules[i];
                const std::string p = at + "/rules/" + std::to_string(i);
                if (r.what != "procedures" && r.what != "tasks" && r.what != "people" && r.what != "units")
                    fail(p + "/what", "unknown '" + r.what + "'; allowed: procedures, tasks, people, units");
                if (r.to.empty()) fail(p + "/to", "must name where they go");
                if ((r.what == "people" || r.what == "units") && (!r.field.empty() || !r.match.empty()))
                    fail(p, r.what + " rules filter by \"kind\", not by field or name");
                if ((r.what == "procedures" || r.what == "tasks") && r.kind)
                    fail(p + "/kind", r.what + " rules filter by \"field\" or \"match\", not by kind");
                if (r.what == "units" && r.to != "keep" && r.to != "dissolve")
                    fail(p + "/to", "units go to 'keep' (moved under the level above) or 'dissolve'");
                if (r.what != "people" && r.to == "leave") fail(p + "/to", "'leave' applies to people only");
            }
            break;
        }
        case ActionKind::merge_communes: {
            need(!a.mapping.empty(), "\"mapping\": [{code, name, from: [old codes]}]");
            std::unordered_set<std::string> codes, olds;
            for (std::size_t i = 0; i < a.mapping.size(); ++i) {
                const auto& u = a.mapping[i];
                const std::string p = at + "/mapping/" + std::to_string(i);
                if (u.code.empty()) fail(p + "/code", "must not be empty");
                if (!codes.insert(u.code).second) fail(p + "/code", "code '" + u.code + "' mapped twice");
                if (u.from.empty()) fail(p + "/from", "must list at least one old unit");
                for (std::size_t j = 0; j < u.from.size(); ++j)
                    if (!olds.insert(u.from[j]).second)
                        fail(p + "/from/" + std::to_string(j), "old unit '" + u.from[j] + "' is mapped twice");
                if (!u.seat.empty() && std::find(u.from.begin(), u.from.end(), u.seat) == u.from.end())
                    fail(p + "/seat", "'" + u.seat + "' is not one of the merged units");
            }
            break;
        }
        case ActionKind::rename_unit: need(!a.agency.empty() && (!a.name.empty() || !a.code.empty()),
                                           "\"agency\" and a new \"name\" and/or \"code\""); break;
        case ActionKind::transfer_tasks:
            need(!a.from.empty() && !a.to.empty(), "\"from\" and \"to\" agency codes");
            if (a.from == a.to) fail(at + "/to", "'from' and 'to' are the same agency");
            if (!a.tasks.empty() && !a.task_field.empty()) fail(at, "give \"tasks\" or \"task_field\", not both");
            break;
        default: break;
    }
}

json to_json(const Action& a) {
    json o = json::object();
    o["action"] = std::string(to_string(a.kind));
    if (!a.units.empty()) o["units"] = a.units;
    if (!a.tasks.empty()) o["tasks"] = a.tasks;
    if (!a.task_field.empty()) o["task_field"] = a.task_field;
    if (!a.from.empty()) o["from"] = a.from;
    if (!a.to.empty()) o["to"] = a.to;
    if (!a.into.empty()) o["into"] = a.into;
    if (!a.agency.empty()) o["agency"] = a.agency;
    if (!a.code.empty()) o["code"] = a.code;
    if (!a.name.empty()) o["name"] = a.name;
    if (a.level) o["level"] = std::string(to_string(*a.level));
    if (a.role) o["role"] = std::string(to_string(*a.role));
    if (a.date != kNoDate) o["date"] = format_date(a.date);
    if (!a.chair_rule.empty()) o["chair_rule"] = a.chair_rule;
    if (a.seat_distance_factor) o["seat_distance_factor"] = *a.seat_distance_factor;
    if (a.complete) o["complete"] = true;
    if (!a.mapping.empty()) {
        json m = json::array();
        for (const auto& u : a.mapping) {
            json e = json::object();
            e["code"] = u.code;
            if (!u.name.empty()) e["name"] = u.name;
            if (u.territory) e["territory"] = std::string(to_string(*u.territory));
            if (!u.parent.empty()) e["parent"] = u.parent;
            e["from"] = u.from;
            if (!u.seat.empty()) e["seat"] = u.seat;
            m.push_back(std::move(e));
        }
        o["mapping"] = std::move(m);
    }
    if (!a.rules.empty()) {
        json r = json::array();
        for (const auto& x : a.rules) {
            json e = json::object();
            e["what"] = x.what;
            if (!x.field.empty()) e["field"] = x.field;
            if (!x.match.empty()) e["match"] = x.match;
            if (x.kind) e["kind"] = std::string(to_string(*x.kind));
            e["to"] = x.to;
            r.push_back(std::move(e));
        }
        o["rules"] = std::move(r);
    }
    if (!a.note.empty()) o["note"] = a.note;
    return o;
}

std::string describe(const Action& a) {
    std::string out(to_string(a.kind));
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
        return s;
    };
    switch (a.kind) {
        case ActionKind::merge_units: out += " " + list(a.units) + (a.into.empty() ? "" : " into " + a.into); break;
        case ActionKind::dissolve_level:
            out += " " + std::string(to_string(*a.level)) + " level, " + std::to_string(a.rules.size()) + " rules";
            break;
        case ActionKind::merge_communes: {
            std::size_t olds = 0;
            for (const auto& u : a.mapping) olds += u.from.size();
            out += " " + std::to_string(olds) + " units into " + std::to_string(a.mapping.size());
            break;
        }
        case ActionKind::rename_unit: out += " " + a.agency + (a.code.empty() ? "" : " → " + a.code); break;
        case ActionKind::transfer_tasks:
            out += " " + (a.tasks.empty() ? (a.task_field.empty() ? std::string("all tasks") : "field '" + a.task_field + "'")
                                          : list(a.tasks)) +
                   " from " + a.from + " to " + a.to;
            break;
        default: break;
    }
    if (!a.name.empty()) out += ": name '" + a.name + "'";
    if (a.date != kNoDate) out += " from " + format_date(a.date);
    if (!a.chair_rule.empty()) out += ", chair rule " + a.chair_rule;
    if (a.seat_distance_factor) out += ", seat distance × " + fmt(*a.seat_distance_factor);
    if (!a.note.empty()) out += " — " + a.note;
    return out;
}

// ---------------------------------------------------------------------------
// Applying

namespace {

bool territorial(const Agency& a) {
    return a.kind == AgencyKind::provincial_people_committee || a.kind == AgencyKind::district_people_committee ||
           a.kind == AgencyKind::commune_people_committee;
}

bool active_from(const TaskAssignment& x, Date d) { return x.valid_to == kNoDate || x.valid_to >= d; }

bool valid_on(const TaskAssignment& x, Date d) {
    return (x.valid_from == kNoDate || x.valid_from <= d) && (x.valid_to == kNoDate || x.valid_to >= d);
}

Date later_end(Date a, Date b) { return (a == kNoDate || b == kNoDate) ? kNoDate : std::max(a, b); }

// Largest-remainder split of n into integer parts proportional to weights (deterministic).
std::vector<std::int64_t> split(std::int64_t n, const std::vector<double>& w) {
    std::vector<std::int64_t> out(w.size(), 0);
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    if (w.empty() || n <= 0) return out;
    std::vector<std::pair<double, std::size_t>> rest;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double exact = total > 0 ? static_cast<double>(n) * w[i] / total : static_cast<double>(n) / static_cast<double>(w.size());
        out[i] = static_cast<std::int64_t>(std::floor(exact));
        given += out[i];
        rest.emplace_back(exact - static_cast<double>(out[i]), i);
    }
    std::stable_sort(rest.begin(), rest.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (std::size_t k = 0; given < n; ++k, ++given) ++out[rest[k % rest.size()].second];
    return out;
}

class Editor {
  public:
    Editor(const Model& m, const Action& a, std::int32_t k, State& state, std::vector<RestructureEvent>& log)
        : m_(m), a_(a), k_(k), state_(state), log_(log), t_(m.tables()) {
        ag_ = std::make_shared<std::vector<Agency>>(m.agencies());
        tasks_ = std::make_shared<std::vector<Task>>(m.tasks());
        for (std::size_t i = 0; i < ag_->size(); ++i) codes_.emplace((*ag_)[i].code, static_cast<Index>(i));
        for (std::size_t i = 0; i < tasks_->size(); ++i) task_codes_.emplace((*tasks_)[i].code, static_cast<Index>(i));
        date_ = a.date != kNoDate ? a.date : m.info().as_of;
        if (date_ == kNoDate) error("/date", "give a date: the model has no as_of date to default to");
        rule_ = a.chair_rule.empty() ? "survivor" : a.chair_rule;
    }

    Shared<Model> run() {
        switch (a_.kind) {
            case ActionKind::merge_units: merge_units(); break;
            case ActionKind::merge_communes: merge_communes(); break;
            case ActionKind::rename_unit: rename_unit(); break;
            case ActionKind::transfer_tasks: transfer_tasks(); break;
            case ActionKind::dissolve_level: dissolve_level(); break;
            default: break;
        }
        return finish();
    }

  private:
    const Model& m_;
    const Action& a_;
    std::int32_t k_;
    State& state_;
    std::vector<RestructureEvent>& log_;
    TableSet t_;
    std::shared_ptr<std::vector<Agency>> ag_;
    std::shared_ptr<std::vector<Task>> tasks_;
    std::shared_ptr<std::vector<Procedure>> procs_;
    std::shared_ptr<People> people_;
    std::unordered_map<std::string, Index> codes_, task_codes_;
    Date date_ = kNoDate;
    std::string rule_;

    [[noreturn]] void error(const std::string& where, const std::string& message) const {
        throw ScenarioError("scenario action " + std::to_string(k_ + 1) + " (" + std::string(to_string(a_.kind)) +
                            ") at /actions/" + std::to_string(k_) + where + ": " + message);
    }

    void note(std::string kind, Index agency, Index other, std::string task, std::string detail) {
        RestructureEvent e;
        e.action = k_;
        e.kind = std::move(kind);
        if (agency >= 0) e.agency = (*ag_)[static_cast<std::size_t>(agency)].code;
        if (other >= 0) e.other = (*ag_)[static_cast<std::size_t>(other)].code;
        e.task = std::move(task);
        e.detail = std::move(detail);
        log_.push_back(std::move(e));
    }

    Agency& ag(Index i) { return (*ag_)[static_cast<std::size_t>(i)]; }

    std::vector<Procedure>& procs() {
        if (!procs_) procs_ = std::make_shared<std::vector<Procedure>>(m_.procedures());
        return *procs_;
    }
    People& people() {
        if (!people_) people_ = std::make_shared<People>(m_.people());
        return *people_;
    }

    Index find(const std::string& code) const {
        auto it = codes_.find(code);
        return it == codes_.end() ? kNone : it->second;
    }

    std::string near(const std::string& wanted, const std::unordered_map<std::string, Index>& codes) const {
        std::vector<std::string_view> all;
        all.reserve(codes.size());
        for (const auto& [c, i] : codes) all.emplace_back(c);
        std::sort(all.begin(), all.end());  // ties resolve the same way whatever the hash order
        const auto close = closest_codes(wanted, all);
        if (close.empty()) return "";
        std::string out = "; closest: ";
        for (std::size_t i = 0; i < close.size(); ++i) out += (i ? ", '" : "'") + close[i] + "'";
        return out;
    }

    Index agency(const std::string& code, const std::string& where) const {
        const Index i = find(code);
        if (i == kNone) error(where, "unknown agency '" + code + "'" + near(code, codes_));
        return i;
    }

    Index task(const std::string& code, const std::string& where) const {
        auto it = task_codes_.find(code);
        if (it == task_codes_.end()) error(where, "unknown task '" + code + "'" + near(code, task_codes_));
        return it->second;
    }

    bool valid_at(Index i, Date d) const {
        const Agency& x = (*ag_)[static_cast<std::size_t>(i)];
        return x.valid_on(d);
    }

    Index add_agency(Agency a) {
        const auto i = static_cast<Index>(ag_->size());
        codes_.emplace(a.code, i);
        ag_->push_back(std::move(a));
        return i;
    }

    void end(Index i) {
        Agency& x = ag(i);
        if (x.valid_to == kNoDate || x.valid_to >= date_) x.valid_to = date_ - 1;
    }

    Shared<Model> finish() {
        t_.agencies = ag_;
        t_.tasks = tasks_;
        if (procs_) t_.procedures = procs_;
        if (people_) t_.people = people_;
        auto info = std::make_shared<ModelInfo>(m_.info());
        if (info->as_of == kNoDate || info->as_of < date_) info->as_of = date_;
        t_.info = info;
        return Model::from_tables(std::move(t_), "restructuring action " + std::to_string(k_ + 1), &m_);
    }

    // ---- the travel of a merged unit ------------------------------------
    // A resident of merged unit i lives on average d_i from its old seat. The new
    // seat is the seat unit s's; two adjacent seats are about L = 1.5 (d_i + d_s)
    // apart (a unit as a disc: the mean distance to its centre is 2/3 of its
    // radius), times seat_distance_factor; the resident's new distance is then
    // about sqrt(d_i² + L²). The unit's travel_km is the population-weighted mean.
    double merged_travel(const std::vector<Index>& units, Index seat) const {
        const double f = a_.seat_distance_factor.value_or(1.0);
        const Agency& s = (*ag_)[static_cast<std::size_t>(seat)];
        double w = 0.0, sum = 0.0;
        for (Index u : units) {
            const Agency& x = (*ag_)[static_cast<std::size_t>(u)];
            double d = x.travel_km;
            if (u != seat) {
                const double l = 1.5 * f * (x.travel_km + s.travel_km);
                d = std::sqrt(x.travel_km * x.travel_km + l * l);
            }
            const double p = static_cast<double>(x.population);
            w += p;
            sum += p * d;
        }
        return w > 0.0 ? sum / w : s.travel_km;
    }

    // ---- task assignments -------------------------------------------------
    // Assignments of agencies in `to` (keys) that are active on or after the date move to
    // the mapped agency from the date; a task held twice by one agency keeps one
    // assignment (chair if either was chair); then the chair rule.
    void move_assignments(const std::unordered_map<Index, Index>& to, const std::unordered_set<Index>* only = nullptr,
                          std::optional<TaskRole> role = std::nullopt) {
        const Date d = date_;
        for (std::size_t t = 0; t < tasks_->size(); ++t) {
            if (only && !only->contains(static_cast<Index>(t))) continue;
            Task& task = (*tasks_)[t];
            std::vector<TaskAssignment> added;
            std::unordered_set<Index> targets;
            for (auto& x : task.assignments) {
                auto it = to.find(x.agency);
                if (it == to.end() || !active_from(x, d)) continue;
                TaskAssignment n = x;
                n.agency = it->second;
                if (role) n.role = *role;
                if (n.valid_from == kNoDate || n.valid_from < d) n.valid_from = d;
                targets.insert(n.agency);
                added.push_back(n);
                if (x.valid_from != kNoDate && x.valid_from >= d)
                    x.agency = kNone;  // wholly in the future: replaced by its moved copy
                else
                    x.valid_to = d - 1;
            }
            if (added.empty()) continue;
            std::erase_if(task.assignments, [](const TaskAssignment& x) { return x.agency == kNone; });
            for (Index target : targets) {
                // The target's own assignments active from the date join the moved ones.
                TaskRole combined = TaskRole::coordinate;
                Date until = d - 1;  // "none yet"
                bool first = true;
                bool was_coordinator = false;
                for (auto& x : task.assignments)
                    if (x.agency == target && active_from(x, d)) {
                        if (x.role == TaskRole::chair) combined = TaskRole::chair;
                        was_coordinator = was_coordinator || x.role == TaskRole::coordinate;
                        until = first ? x.valid_to : later_end(until, x.valid_to);
                        first = false;
                        if (x.valid_from != kNoDate && x.valid_from >= d) x.agency = kNone;
                        else x.valid_to = d - 1;
                    }
                for (const auto& n : added)
                    if (n.agency == target) {
                        if (n.role == TaskRole::chair) {
                            if (was_coordinator && combined != TaskRole::chair)
                                note("role_upgraded", target, kNone, task.code, "coordinator becomes chair");
                            combined = TaskRole::chair;
                        }
                        until = first ? n.valid_to : later_end(until, n.valid_to);
                        first = false;
                    }
                std::erase_if(task.assignments, [](const TaskAssignment& x) { return x.agency == kNone; });
                task.assignments.push_back({target, combined, d, until});
            }
            apply_chair_rule(task, targets);
        }
    }

    void apply_chair_rule(Task& task, const std::unordered_set<Index>& targets) {
        const Date d = date_;
        std::vector<std::size_t> chairs;
        Index keeper = kNone;
        for (std::size_t i = 0; i < task.assignments.size(); ++i) {
            const auto& x = task.assignments[i];
            if (x.role != TaskRole::chair || !valid_on(x, d) || !valid_at(x.agency, d)) continue;
            chairs.push_back(i);
            if (targets.contains(x.agency) && keeper == kNone) keeper = x.agency;
        }
        if (chairs.size() < 2 || keeper == kNone) return;
        std::string names;
        for (std::size_t i : chairs) names += (names.empty() ? "" : ", ") + ag(task.assignments[i].agency).code;
        if (rule_ == "error")
            error("", "task '" + task.code + "' would have " + std::to_string(chairs.size()) + " chairs on " +
                          format_date(d) + " (" + names + "); set chair_rule to 'survivor' or 'report'");
        if (rule_ == "report") {
            note("chair_conflict", keeper, kNone, task.code, "chairs on " + format_date(d) + ": " + names);
            return;
        }
        // survivor: the receiving agency keeps the chair; the others coordinate from the date.
        std::vector<TaskAssignment> extra;
        for (std::size_t i : chairs) {
            auto& x = task.assignments[i];
            if (x.agency == keeper) continue;
            note("chair_resolved", x.agency, keeper, task.code, "chair passes to the survivor; coordinates from the date");
            TaskAssignment c = x;
            c.role = TaskRole::coordinate;
            if (x.valid_from != kNoDate && x.valid_from >= d) {
                x.role = TaskRole::coordinate;
                continue;
            }
            c.valid_from = d;
            x.valid_to = d - 1;
            extra.push_back(c);
        }
        for (auto& c : extra) task.assignments.push_back(c);
    }

    // ---- merging ----------------------------------------------------------
    // Merges `units` into `survivor` from the date (survivor may be one of them, an
    // existing agency or a unit just created with zero quotas).
    void merge(const std::vector<Index>& units, Index survivor, Index seat, bool survivor_is_new) {
        const Date d = date_;
        std::vector<Index> absorbed;
        for (Index u : units)
            if (u != survivor) absorbed.push_back(u);
        for (Index u : absorbed)
            if (!valid_at(u, d - 1) && !valid_at(u, d))
                error("", "unit '" + ag(u).code + "' is not valid on " + format_date(d - 1) + " (valid until " +
                              format_date(ag(u).valid_to) + ")");
        std::vector<Index> all = absorbed;
        if (!survivor_is_new) all.push_back(survivor);
        {
            Agency& s = ag(survivor);
            const bool has_people = std::any_of(all.begin(), all.end(), [&](Index u) {
                return territorial(ag(u)) || ag(u).kind == AgencyKind::one_stop_desk;
            });
            const double travel = has_people ? merged_travel(survivor_is_new ? units : all, seat) : ag(seat).travel_km;
            for (Index u : absorbed) {
                const Agency& x = ag(u);
                s.quota_civil_servants += x.quota_civil_servants;
                s.quota_public_employees += x.quota_public_employees;
                s.headcount += x.headcount;
                s.population += x.population;
            }
            ag(survivor).travel_km = travel;
        }
        std::unordered_map<Index, Index> to;
        for (Index u : absorbed) {
            to.emplace(u, survivor);
            end(u);
            state_.successor[u] = survivor;
            note("merged", u, survivor, "", "ends " + format_date(d - 1));
        }
        // Children: one-stop desks merge into the survivor's desk; others move under the survivor.
        std::vector<Index> desks;
        Index survivor_desk = kNone;
        const std::size_t n = ag_->size();
        for (std::size_t i = 0; i < n; ++i) {
            const Index p = (*ag_)[i].parent;
            if (p < 0 || !valid_at(static_cast<Index>(i), d)) continue;
            if (p == survivor && (*ag_)[i].kind == AgencyKind::one_stop_desk && survivor_desk == kNone)
                survivor_desk = static_cast<Index>(i);
            if (!to.contains(p)) continue;
            if ((*ag_)[i].kind == AgencyKind::one_stop_desk)
                desks.push_back(static_cast<Index>(i));
            else
                (*ag_)[i].parent = survivor;
        }
        if (!desks.empty()) {
            bool desk_new = false;
            if (survivor_desk == kNone) {
                Agency desk = ag(desks.front());
                desk.code = ag(survivor).code + ".MC";
                if (find(desk.code) != kNone) error("", "cannot create the one-stop desk '" + desk.code + "': code taken");
                desk.name = "Bộ phận Một cửa " + short_name(ag(survivor).name);
                desk.parent = survivor;
                desk.level = ag(survivor).level;
                desk.valid_from = d;
                desk.valid_to = kNoDate;
                desk.quota_civil_servants = desk.quota_public_employees = desk.headcount = 0;
                desk.population = 0;
                survivor_desk = add_agency(std::move(desk));
                desk_new = true;
                note("created", survivor_desk, survivor, "", "one-stop desk from " + format_date(d));
            }
            // The seat's desk stays the seat (the survivor's own desk when it had one).
            Index desk_seat = desks.front();
            for (Index x : desks)
                if (ag(x).parent == seat) desk_seat = x;
            if (!desk_new) desk_seat = survivor_desk;
            std::vector<Index> all_desks = desks;
            if (!desk_new) all_desks.push_back(survivor_desk);
            merge(all_desks, survivor_desk, desk_seat, desk_new);
        }
        move_assignments(to);
        // Procedures: volumes and step responsibilities follow the survivor.
        bool touches = false;
        for (const auto& p : m_.procedures()) {
            for (const auto& v : p.volumes) touches = touches || to.contains(v.agency);
            for (const auto& s : p.steps) touches = touches || to.contains(s.responsible);
            if (touches) break;
        }
        if (touches)
            for (auto& p : procs()) {
                std::vector<Volume> vols;
                for (const auto& v : p.volumes) {
                    const Index target = to.contains(v.agency) ? to.at(v.agency) : v.agency;
                    auto it = std::find_if(vols.begin(), vols.end(), [&](const Volume& x) { return x.agency == target; });
                    if (it == vols.end()) vols.push_back({target, v.annual});
                    else it->annual += v.annual;
                }
                p.volumes = std::move(vols);
                for (auto& s : p.steps)
                    if (to.contains(s.responsible)) s.responsible = to.at(s.responsible);
            }
        move_people(to);
    }

    // People serving on the date follow the map; those who left before keep their posting.
    void move_people(const std::unordered_map<Index, Index>& to) {
        const People& base = people_ ? *people_ : m_.people();
        bool any = false;
        for (std::size_t i = 0; i < base.size() && !any; ++i) any = to.contains(base.agency[i]);
        if (!any) return;
        People& p = people();
        for (std::size_t i = 0; i < p.size(); ++i) {
            auto it = to.find(p.agency[i]);
            if (it == to.end() || p.left_before(i, date_)) continue;
            p.agency[i] = it->second;
        }
    }

    static std::string short_name(const std::string& name) {
        // "Ủy ban nhân dân xã Bình Lư" → "xã Bình Lư"
        const std::string prefix = "Ủy ban nhân dân ";
        return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
    }

    Index most_populous(const std::vector<Index>& units) const {
        Index best = units.front();
        for (Index u : units)
            if ((*ag_)[static_cast<std::size_t>(u)].population > (*ag_)[static_cast<std::size_t>(best)].population) best = u;
        return best;
    }

    void merge_units() {
        std::vector<Index> units;
        for (std::size_t i = 0; i < a_.units.size(); ++i) units.push_back(agency(a_.units[i], "/units/" + std::to_string(i)));
        const std::string into = a_.into.empty() ? a_.units.front() : a_.into;
        Index survivor = find(into);
        bool is_new = false;
        if (survivor == kNone) {
            if (a_.name.empty())
                error("/into", "'" + into + "' is not an agency of the model" + near(into, codes_) +
                                   "; to create a new unit give its \"name\" too");
            Agency n = ag(units.front());
            n.code = into;
            n.name = a_.name;
            n.valid_from = date_;
            n.valid_to = kNoDate;
            n.quota_civil_servants = n.quota_public_employees = n.headcount = 0;
            n.population = 0;
            survivor = add_agency(std::move(n));
            is_new = true;
            note("created", survivor, kNone, "", "from " + format_date(date_));
        } else if (!a_.name.empty()) {
            ag(survivor).name = a_.name;
        }
        const Index seat = is_new ? most_populous(units) : survivor;
        merge(units, survivor, seat, is_new);
    }

    void rename_unit() {
        const Index u = agency(a_.agency, "/agency");
        if (a_.code.empty()) {
            note("renamed", u, kNone, "", "'" + ag(u).name + "' → '" + a_.name + "'");
            ag(u).name = a_.name;
            return;
        }
        if (find(a_.code) != kNone) error("/code", "agency code '" + a_.code + "' already exists");
        Agency n = ag(u);
        n.code = a_.code;
        if (!a_.name.empty()) n.name = a_.name;
        n.valid_from = date_;
        n.valid_to = kNoDate;
        n.quota_civil_servants = n.quota_public_employees = n.headcount = 0;
        n.population = 0;
        const Index s = add_agency(std::move(n));
        note("created", s, u, "", "renamed from '" + ag(u).code + "' from " + format_date(date_));
        merge({u}, s, u, true);
    }

    void transfer_tasks() {
        const Index from = agency(a_.from, "/from");
        const Index to = agency(a_.to, "/to");
        if (!valid_at(to, date_)) error("/to", "agency '" + a_.to + "' is not valid on " + format_date(date_));
        std::unordered_set<Index> only;
        if (!a_.tasks.empty()) {
            for (std::size_t i = 0; i < a_.tasks.size(); ++i) {
                const Index t = task(a_.tasks[i], "/tasks/" + std::to_string(i));
                const auto& as = (*tasks_)[static_cast<std::size_t>(t)].assignments;
                if (std::none_of(as.begin(), as.end(), [&](const TaskAssignment& x) { return x.agency == from && active_from(x, date_); }))
                    error("/tasks/" + std::to_string(i), "agency '" + a_.from + "' holds no assignment of task '" +
                                                             a_.tasks[i] + "' on or after " + format_date(date_));
                only.insert(t);
            }
        } else {
            std::vector<std::string> fields;
            for (std::size_t t = 0; t < tasks_->size(); ++t) {
                const Task& x = (*tasks_)[t];
                if (!a_.task_field.empty() && x.field != a_.task_field) continue;
                for (const auto& s : x.assignments)
                    if (s.agency == from && active_from(s, date_)) only.insert(static_cast<Index>(t));
            }
            if (only.empty()) {
                std::unordered_map<std::string, Index> names;
                for (const auto& x : *tasks_)
                    for (const auto& s : x.assignments)
                        if (s.agency == from) names.emplace(x.field, 0);
                error(a_.task_field.empty() ? "/from" : "/task_field",
                      "agency '" + a_.from + "' holds no task" +
                          (a_.task_field.empty() ? std::string() : " of field '" + a_.task_field + "'" + near(a_.task_field, names)) +
                          " on or after " + format_date(date_));
            }
        }
        for (Index t : only) note("task_transferred", from, to, (*tasks_)[static_cast<std::size_t>(t)].code, "");
        move_assignments({{from, to}}, &only, a_.role);
    }

    void merge_communes() {
        const Date d = date_;
        std::unordered_set<Index> mapped;
        std::vector<std::vector<Index>> groups;
        for (std::size_t i = 0; i < a_.mapping.size(); ++i) {
            const auto& u = a_.mapping[i];
            const std::string p = "/mapping/" + std::to_string(i);
            std::vector<Index> from;
            for (std::size_t j = 0; j < u.from.size(); ++j) {
                const Index x = agency(u.from[j], p + "/from/" + std::to_string(j));
                if (!territorial(ag(x)))
                    error(p + "/from/" + std::to_string(j), "'" + u.from[j] + "' is not a People's Committee (it is a " +
                                                                std::string(to_string(ag(x).kind)) + ")");
                from.push_back(x);
                mapped.insert(x);
            }
            groups.push_back(std::move(from));
        }
        if (a_.complete) {
            std::vector<std::string> missing;
            for (std::size_t i = 0; i < ag_->size(); ++i) {
                const Agency& x = (*ag_)[i];
                if (x.kind == AgencyKind::commune_people_committee && x.valid_on(d - 1) && !mapped.contains(static_cast<Index>(i)))
                    missing.push_back(x.code);
            }
            if (!missing.empty()) {
                std::string list;
                for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + missing[i];
                error("/mapping", std::to_string(missing.size()) + " commune-level units valid on " + format_date(d - 1) +
                                      " are not mapped (complete is true): " + list + (missing.size() > 10 ? ", ..." : ""));
            }
        }
        for (std::size_t i = 0; i < a_.mapping.size(); ++i) {
            const auto& u = a_.mapping[i];
            const std::string p = "/mapping/" + std::to_string(i);
            const auto& from = groups[i];
            const Index seat = u.seat.empty() ? most_populous(from) : find(u.seat);
            Index survivor = find(u.code);
            bool is_new = false;
            if (survivor == kNone) {
                Agency n = ag(seat);
                n.code = u.code;
                n.name = u.name.empty() ? ag(seat).name : u.name;
                n.kind = AgencyKind::commune_people_committee;
                n.level = Level::commune;
                if (u.territory) n.territory = *u.territory;
                if (!u.parent.empty()) n.parent = agency(u.parent, p + "/parent");
                n.valid_from = d;
                n.valid_to = kNoDate;
                n.quota_civil_servants = n.quota_public_employees = n.headcount = 0;
                n.population = 0;
                survivor = add_agency(std::move(n));
                is_new = true;
                note("created", survivor, kNone, "", "from " + format_date(d) + ", merging " + std::to_string(from.size()) + " units");
            } else {
                if (std::find(from.begin(), from.end(), survivor) == from.end())
                    error(p + "/code", "'" + u.code + "' exists and is not one of the merged units; use a new code");
                if (!u.name.empty()) ag(survivor).name = u.name;
                if (u.territory) ag(survivor).territory = *u.territory;
                if (!u.parent.empty()) ag(survivor).parent = agency(u.parent, p + "/parent");
            }
            merge(from, survivor, is_new ? seat : survivor, is_new);
        }
    }

    // ---- dissolving a level ------------------------------------------------
    const RoutingRule* rule_for(const std::string& what, const std::string& field, const std::string& name,
                                std::optional<AgencyKind> kind) const {
        for (const auto& r : a_.rules) {
            if (r.what != what) continue;
            if (!r.field.empty() && r.field != field) continue;
            if (!r.match.empty() && fold_vietnamese(name).find(fold_vietnamese(r.match)) == std::string::npos) continue;
            if (r.kind && (!kind || *r.kind != *kind)) continue;
            return &r;
        }
        return nullptr;
    }

    Index walk_to(Index i, Level level) const {
        for (int depth = 0; i >= 0 && depth < 64; ++depth, i = (*ag_)[static_cast<std::size_t>(i)].parent)
            if (territorial((*ag_)[static_cast<std::size_t>(i)]) && (*ag_)[static_cast<std::size_t>(i)].level == level) return i;
        return kNone;
    }

    Index final_successor(Index i) const {
        for (int depth = 0; depth < 64 && !valid_at(i, date_); ++depth) {
            auto it = state_.successor.find(i);
            if (it == state_.successor.end()) return kNone;
            i = it->second;
        }
        return valid_at(i, date_) ? i : kNone;
    }

    void dissolve_level() {
        const Date d = date_;
        const Level level = *a_.level;
        const auto below = static_cast<Level>(static_cast<int>(level) + 1);
        const std::size_t n0 = ag_->size();
        // Territorial units of the level, the units under each (valid the day before,
        // mapped through earlier merges to their unit on the date) with population weights.
        std::vector<Index> dissolved;
        std::unordered_map<Index, std::vector<std::pair<Index, double>>> lower;
        Index province = kNone;
        for (std::size_t i = 0; i < n0; ++i) {
            const Agency& x = (*ag_)[i];
            if (x.level == level && x.valid_on(d)) dissolved.push_back(static_cast<Index>(i));
            if (x.kind == AgencyKind::provincial_people_committee && x.valid_on(d) && province == kNone)
                province = static_cast<Index>(i);
        }
        if (dissolved.empty())
            error("/level", "no unit of the " + std::string(to_string(level)) + " level is valid on " + format_date(d));
        for (std::size_t i = 0; i < n0; ++i) {
            const Agency& x = (*ag_)[i];
            if (!territorial(x) || x.level != below || !x.valid_on(d - 1)) continue;
            const Index t = walk_to(x.parent, level);
            const Index s = final_successor(static_cast<Index>(i));
            if (t == kNone || s == kNone) continue;
            auto& list = lower[t];
            auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == s; });
            const double w = static_cast<double>(std::max<std::int64_t>(x.population, 1));
            if (it == list.end()) list.emplace_back(s, w);
            else it->second += w;
        }
        if (province == kNone) error("", "no provincial People's Committee valid on " + format_date(d));
        std::unordered_set<Index> gone(dissolved.begin(), dissolved.end());
        std::vector<Index> territory(n0, kNone);
        for (Index u : dissolved) territory[static_cast<std::size_t>(u)] = walk_to(u, level);

        auto lower_of = [&](Index u, const std::string& where) -> const std::vector<std::pair<Index, double>>& {
            const Index t = territory[static_cast<std::size_t>(u)];
            auto it = lower.find(t);
            if (t == kNone || it == lower.end() || it->second.empty())
                error(where, "'" + ag(u).code + "' has no " + std::string(to_string(below)) +
                                 "-level unit valid on " + format_date(d) + " under its territory to take its share");
            return it->second;
        };
        // The provincial agency for a field: the one implementing most of that field's
        // volume at province level (procedures) or chairing most of its tasks.
        std::unordered_map<std::string, Index> by_field_proc, by_field_task;
        {
            std::unordered_map<std::string, std::unordered_map<Index, double>> vol;
            for (const auto& p : m_.procedures())
                for (const auto& v : p.volumes)
                    if (ag(v.agency).level == Level::province && valid_at(v.agency, d)) vol[p.field][v.agency] += v.annual;
            for (const auto& [f, m] : vol) {
                Index best = kNone;
                double most = -1;
                for (const auto& [a, x] : m)
                    if (x > most || (x == most && a < best)) best = a, most = x;
                by_field_proc[f] = best;
            }
            std::unordered_map<std::string, std::unordered_map<Index, int>> cnt;
            for (const auto& t : *tasks_)
                for (const auto& s : t.assignments)
                    if (s.role == TaskRole::chair && valid_on(s, d) && ag(s.agency).level == Level::province &&
                        valid_at(s.agency, d) && ag(s.agency).kind == AgencyKind::department)
                        ++cnt[t.field][s.agency];
            for (const auto& [f, m] : cnt) {
                Index best = kNone;
                int most = -1;
                for (const auto& [a, x] : m)
                    if (x > most || (x == most && a < best)) best = a, most = x;
                by_field_task[f] = best;
            }
        }
        auto target_of = [&](const std::string& to, const std::unordered_map<std::string, Index>& by_field,
                             const std::string& field, const std::string& where) -> Index {
            if (to == "province") {
                auto it = by_field.find(field);
                return it == by_field.end() ? province : it->second;
            }
            const Index x = agency(to, where);
            if (!valid_at(x, d)) error(where, "agency '" + to + "' is not valid on " + format_date(d));
            return x;
        };
        auto no_rule = [&](const std::string& what, const std::string& filter) {
            error("/rules", "no rule for " + what + " of " + filter + "; add {\"what\": \"" + what +
                                "\", ..., \"to\": ...} or one without a filter as the default");
        };

        // Units: keep (moved under the nearest unit above the level) or dissolve. Units of the
        // level outside the territorial units' subtrees (branches of provincial departments)
        // are not local government of the level: they are kept and move up a level.
        std::vector<Index> kept;
        for (Index u : dissolved) {
            const RoutingRule* r = rule_for("units", "", "", ag(u).kind);
            const bool branch = territory[static_cast<std::size_t>(u)] == kNone;
            if (branch || (r && r->to == "keep" && !territorial(ag(u)))) {
                kept.push_back(u);
                gone.erase(u);
            }
        }
        for (Index u : kept) {
            Index p = ag(u).parent;
            while (p >= 0 && (gone.contains(p) || ag(p).level == level)) p = ag(p).parent;
            ag(u).parent = p >= 0 ? p : province;
            ag(u).level = p >= 0 ? ag(p).level : Level::province;
            note("kept", u, ag(u).parent, "", "moves up a level");
        }

        // Procedures.
        bool touches = false;
        for (const auto& p : m_.procedures()) {
            for (const auto& v : p.volumes) touches = touches || gone.contains(v.agency);
            for (const auto& s : p.steps) touches = touches || gone.contains(s.responsible);
        }
        std::vector<Index> dissolved_now(gone.begin(), gone.end());
        std::sort(dissolved_now.begin(), dissolved_now.end());
        if (touches) {
            for (std::size_t pi = 0; pi < procs().size(); ++pi) {
                Procedure& p = procs()[pi];
                const bool has = std::any_of(p.volumes.begin(), p.volumes.end(), [&](const Volume& v) { return gone.contains(v.agency); }) ||
                                 std::any_of(p.steps.begin(), p.steps.end(), [&](const Step& s) { return gone.contains(s.responsible); });
                if (!has) continue;
                const RoutingRule* r = rule_for("procedures", p.field, p.name, std::nullopt);
                if (!r) no_rule("procedures", "field '" + p.field + "' (" + p.code + ")");
                const std::string where = "/rules/" + std::to_string(r - a_.rules.data()) + "/to";
                std::vector<Volume> vols;
                auto add = [&](Index a, double x) {
                    auto it = std::find_if(vols.begin(), vols.end(), [&](const Volume& v) { return v.agency == a; });
                    if (it == vols.end()) vols.push_back({a, x});
                    else it->annual += x;
                };
                Level new_level = Level::province;
                Index fixed = kNone;
                if (r->to == "commune") {
                    new_level = below;
                } else {
                    fixed = target_of(r->to, by_field_proc, p.field, where);
                    new_level = ag(fixed).level;
                }
                for (const auto& v : p.volumes) {
                    if (!gone.contains(v.agency)) {
                        add(v.agency, v.annual);
                        continue;
                    }
                    if (fixed != kNone) {
                        add(fixed, v.annual);
                        continue;
                    }
                    const auto& units = lower_of(v.agency, where);
                    double w = 0;
                    for (const auto& e : units) w += e.second;
                    for (const auto& e : units) add(e.first, v.annual * e.second / w);
                }
                p.volumes = std::move(vols);
                for (auto& s : p.steps)
                    if (gone.contains(s.responsible)) s.responsible = fixed != kNone ? fixed : kImplementingAgency;
                if (std::none_of(p.volumes.begin(), p.volumes.end(), [&](const Volume& v) { return ag(v.agency).level == level; })) {
                    std::vector<Level> levels;
                    for (auto l : p.levels)
                        if (l != level && std::find(levels.begin(), levels.end(), l) == levels.end()) levels.push_back(l);
                    if (std::find(levels.begin(), levels.end(), new_level) == levels.end()) levels.push_back(new_level);
                    std::sort(levels.begin(), levels.end());
                    p.levels = std::move(levels);
                }
            }
        }

        // Tasks: assignments held by dissolved units.
        {
            std::unordered_map<Index, Index> to_province;  // dissolved agency → target, per task below
            const std::size_t nt = tasks_->size();
            for (std::size_t t = 0; t < nt; ++t) {
                Task& task = (*tasks_)[t];
                const bool has = std::any_of(task.assignments.begin(), task.assignments.end(), [&](const TaskAssignment& x) {
                    return gone.contains(x.agency) && active_from(x, d);
                });
                if (!has) continue;
                const RoutingRule* r = rule_for("tasks", task.field, task.name, std::nullopt);
                if (!r) no_rule("tasks", "field '" + task.field + "' (" + task.code + ")");
                const std::string where = "/rules/" + std::to_string(r - a_.rules.data()) + "/to";
                if (r->to != "commune") {
                    const Index target = target_of(r->to, by_field_task, task.field, where);
                    std::unordered_map<Index, Index> map;
                    for (const auto& x : task.assignments)
                        if (gone.contains(x.agency)) map.emplace(x.agency, target);
                    const std::unordered_set<Index> only{static_cast<Index>(t)};
                    move_assignments(map, &only);
                    continue;
                }
                // Each unit below the territory takes its own copy of the task, from the date.
                Index terr = kNone;
                TaskRole role = TaskRole::coordinate;
                for (auto& x : task.assignments) {
                    if (!gone.contains(x.agency) || !active_from(x, d)) continue;
                    if (terr == kNone) terr = x.agency;
                    if (x.role == TaskRole::chair) role = TaskRole::chair;
                    if (x.valid_from != kNoDate && x.valid_from >= d) x.agency = kNone;  // would start after the end
                    else x.valid_to = d - 1;
                }
                std::erase_if(task.assignments, [](const TaskAssignment& x) { return x.agency == kNone; });
                const Task original = task;  // copy: push_back below may reallocate
                for (const auto& [unit, w] : lower_of(terr, where)) {
                    Task copy;
                    copy.code = original.code + "@" + ag(unit).code;
                    if (task_codes_.contains(copy.code)) error(where, "task code '" + copy.code + "' already exists");
                    copy.name = original.name + " (" + short_name(ag(unit).name) + ")";
                    copy.field = original.field;
                    copy.assignments.push_back({unit, role, d, kNoDate});
                    task_codes_.emplace(copy.code, static_cast<Index>(tasks_->size()));
                    tasks_->push_back(std::move(copy));
                }
                note("task_split", terr, kNone, original.code, "one copy per " + std::string(to_string(below)) + "-level unit");
            }
        }

        // People and quotas of dissolved units.
        std::vector<std::vector<Index>> members(n0);
        {
            const People& base = people_ ? *people_ : m_.people();
            for (std::size_t i = 0; i < base.size(); ++i) {
                const Index a = base.agency[i];
                if (static_cast<std::size_t>(a) < n0 && gone.contains(a) && !base.left_before(i, d))
                    members[static_cast<std::size_t>(a)].push_back(static_cast<Index>(i));
            }
        }
        for (Index u : dissolved_now) {
            const RoutingRule* r = rule_for("people", "", "", ag(u).kind);
            const auto& list = members[static_cast<std::size_t>(u)];
            if (!r) {
                if (list.empty() && ag(u).quota_civil_servants + ag(u).quota_public_employees == 0) continue;
                no_rule("people", "units of kind " + std::string(to_string(ag(u).kind)) + " (" + ag(u).code + ")");
            }
            const std::string where = "/rules/" + std::to_string(r - a_.rules.data()) + "/to";
            if (r->to == "leave") {
                for (Index i : list) people().left[static_cast<std::size_t>(i)] = d - 1;
                if (!list.empty()) note("people_left", u, kNone, "", std::to_string(list.size()) + " people leave");
                continue;
            }
            std::vector<Index> targets;
            std::vector<double> weights;
            if (r->to == "commune") {
                for (const auto& [unit, w] : lower_of(u, where)) {
                    targets.push_back(unit);
                    weights.push_back(w);
                }
            } else {
                targets.push_back(r->to == "province" ? province : target_of(r->to, by_field_task, "", where));
                weights.push_back(1.0);
            }
            const auto counts = split(static_cast<std::int64_t>(list.size()), weights);
            std::size_t next = 0;
            for (std::size_t j = 0; j < targets.size(); ++j)
                for (std::int64_t c = 0; c < counts[j]; ++c) people().agency[static_cast<std::size_t>(list[next++])] = targets[j];
            // Quotas and recorded headcount follow the same shares.
            const auto cs = split(ag(u).quota_civil_servants, weights);
            const auto pe = split(ag(u).quota_public_employees, weights);
            const auto hc = split(ag(u).headcount, weights);
            for (std::size_t j = 0; j < targets.size(); ++j) {
                Agency& x = ag(targets[j]);
                x.quota_civil_servants += static_cast<std::int32_t>(cs[j]);
                x.quota_public_employees += static_cast<std::int32_t>(pe[j]);
                x.headcount += static_cast<std::int32_t>(hc[j]);
            }
            if (!list.empty()) note("people_moved", u, targets.size() == 1 ? targets.front() : kNone, "",
                                    std::to_string(list.size()) + " people to " + std::to_string(targets.size()) + " units");
        }
        // End the dissolved units; their children outside the level move up.
        for (Index u : dissolved_now) {
            end(u);
            note("ended", u, kNone, "", "dissolved; last day " + format_date(d - 1));
        }
        std::int32_t moved = 0;
        for (std::size_t i = 0; i < ag_->size(); ++i) {
            Agency& x = (*ag_)[i];
            if (x.parent < 0 || !gone.contains(x.parent) || !x.valid_on(d)) continue;
            Index p = x.parent;
            while (p >= 0 && gone.contains(p)) p = ag(p).parent;
            x.parent = p >= 0 ? p : province;
            ++moved;
        }
        if (moved) note("reparented", province, kNone, "", std::to_string(moved) + " units valid on " + format_date(d) +
                                                               " move under the level above");
    }
};

}  // namespace

Shared<Model> apply(const Model& m, const Action& a, std::int32_t k, State& state, std::vector<RestructureEvent>& log) {
    return Editor(m, a, k, state, log).run();
}

}  // namespace cchc::restructure
