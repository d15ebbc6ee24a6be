#include "cchc/scenario.hpp"
#include "cchc/io/json.hpp"
#include "cchc/io/json_fields.hpp"

#include "restructure_detail.hpp"
#include "scenario_fields.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cmath>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace cchc {

using nlohmann::json;
using namespace scenario_fields;  // fail, get_string, ...: throw-first field readers

// ---------------------------------------------------------------------------
// Describing actions

namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

std::string Action::describe() const {
    if (restructure::is_restructuring(kind)) return restructure::describe(*this);
    std::string out(to_string(kind));
    std::string target;
    if (all)
        target = "all procedures";
    else if (!field.empty())
        target = "field " + quoted(field);
    else
        for (std::size_t i = 0; i < procedures.size(); ++i) target += (i ? ", " : "") + procedures[i];
    out += " " + target;
    std::vector<std::string> args;
    if (!component.empty()) args.push_back("component " + quoted(component));
    if (!step.empty()) args.push_back("step " + quoted(step));
    if (!fee.empty()) args.push_back("fee " + quoted(fee));
    if (!agency.empty()) args.push_back("agency " + agency);
    if (!into.empty()) args.push_back("into " + into);
    if (!name.empty()) args.push_back("name " + quoted(name));
    if (online_level) args.push_back("level " + std::string(to_string(*online_level)));
    if (level) args.push_back("level " + std::string(to_string(*level)));
    if (prep_hours) args.push_back("prep_hours " + fmt(*prep_hours));
    if (copies) args.push_back("copies " + std::to_string(*copies));
    if (cost) args.push_back("cost " + fmt(*cost));
    if (notarised) args.push_back(std::string("notarised ") + (*notarised ? "yes" : "no"));
    if (required) args.push_back(std::string("required ") + (*required ? "yes" : "no"));
    if (days) args.push_back("-" + fmt(*days) + " days");
    if (percent) args.push_back("-" + fmt(*percent) + "%");
    if (amount) args.push_back("amount " + fmt(*amount) + " VND");
    if (trips) args.push_back("trips " + std::to_string(*trips));
    if (share) args.push_back("share " + fmt(*share * 100.0) + "%");
    if (factor) args.push_back("× " + fmt(*factor));
    if (annual) args.push_back("annual " + fmt(*annual));
    if (!args.empty()) {
        out += ":";
        for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : " ") + args[i];
    }
    if (!note.empty()) out += " — " + note;
    return out;
}

// ---------------------------------------------------------------------------
// JSON

namespace {

constexpr const char* kFormat = "cchc-scenario";
constexpr int kVersion = 1;

std::string type_of(const json& v) { return cchc::io::json_type_name(v); }

// Keys each action accepts (besides "action", "note" and the target keys).
std::vector<std::string_view> action_keys(ActionKind k) {
    switch (k) {
        case ActionKind::remove_component: return {"component"};
        case ActionKind::set_component: return {"component", "prep_hours", "copies", "cost", "notarised", "required"};
        case ActionKind::cut_time: return {"step", "days", "percent"};
        case ActionKind::set_online: return {"level", "share"};
        case ActionKind::set_trips: return {"trips"};
        case ActionKind::set_fee: return {"fee", "amount", "percent"};
        case ActionKind::abolish: return {};
        case ActionKind::merge: return {"into", "name"};
        case ActionKind::link: return {};
        case ActionKind::move_level: return {"level"};
        case ActionKind::scale_volume: return {"factor", "agency"};
        case ActionKind::set_volume: return {"agency", "annual"};
        case ActionKind::set_postal_return: return {"share"};
        case ActionKind::merge_units:
        case ActionKind::dissolve_level:
        case ActionKind::merge_communes:
        case ActionKind::rename_unit:
        case ActionKind::transfer_tasks: return restructure::action_keys(k);
    }
    return {};
}

Action parse_action(const json& a, const std::string& at) {
    if (!a.is_object()) fail(at, "an action must be a JSON object, got " + type_of(a));
    if (!a.contains("action")) fail(at, "missing \"action\" (one of " + allowed_values<ActionKind>() + ")");
    Action out;
    out.kind = get_enum<ActionKind>(a, "action", at);
    auto keys = action_keys(out.kind);
    std::vector<std::string_view> known = keys;
    for (auto k : {"action", "note", "procedures", "field", "all"}) known.emplace_back(k);
    for (const auto& [key, value] : a.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string msg = "unknown field '" + key + "' for action " + std::string(to_string(out.kind));
        const auto near = closest_codes(key, known, 1);
        if (!near.empty()) msg += "; did you mean '" + near.front() + "'?";
        fail(at + "/" + json_pointer_escape(key), msg);
    }
    if (a.contains("note")) out.note = get_string(a, "note", at);
    int targets = 0;
    if (a.contains("procedures")) {
        ++targets;
        out.procedures = get_string_list(a, "procedures", at);
    }
    if (a.contains("field")) {
        ++targets;
        out.field = get_string(a, "field", at);
    }
    if (a.contains("all")) {
        ++targets;
        out.all = get_bool(a, "all", at);
        if (!out.all) fail(at + "/all", "must be true when present");
    }
    if (restructure::is_restructuring(out.kind)) {
        if (targets) fail(at, std::string(to_string(out.kind)) + " acts on agencies: it takes no procedure target");
        restructure::parse(a, at, out);
        return out;
    }
    if (targets != 1) fail(at, "give exactly one target: \"procedures\": [codes], \"field\": name or \"all\": true");
    if (a.contains("component")) out.component = get_string(a, "component", at);
    if (a.contains("step")) out.step = get_string(a, "step", at);
    if (a.contains("fee")) out.fee = get_string(a, "fee", at);
    if (a.contains("agency")) out.agency = get_string(a, "agency", at);
    if (a.contains("into")) out.into = get_string(a, "into", at);
    if (a.contains("name")) out.name = get_string(a, "name", at);
    if (a.contains("level")) {
        if (out.kind == ActionKind::set_online)
            out.online_level = get_enum<OnlineLevel>(a, "level", at);
        else
            out.level = get_enum<Level>(a, "level", at);
    }
    if (a.contains("prep_hours")) out.prep_hours = get_number(a, "prep_hours", at);
    if (a.contains("cost")) out.cost = get_number(a, "cost", at);
    if (a.contains("days")) out.days = get_number(a, "days", at);
    if (a.contains("percent")) out.percent = get_number(a, "percent", at);
    if (a.contains("share")) out.share = get_number(a, "share", at);
    if (a.contains("amount")) out.amount = get_number(a, "amount", at);
    if (a.contains("factor")) out.factor = get_number(a, "factor", at);
    if (a.contains("annual")) out.annual = get_number(a, "annual", at);
    if (a.contains("copies")) out.copies = get_int(a, "copies", at);
    if (a.contains("trips")) out.trips = get_int(a, "trips", at);
    if (a.contains("notarised")) out.notarised = get_bool(a, "notarised", at);
    if (a.contains("required")) out.required = get_bool(a, "required", at);
    return out;
}

void check_action(const Action& a, const std::string& at) {
    if (restructure::is_restructuring(a.kind)) return restructure::check(a, at);
    auto need = [&](bool ok, const char* what) {
        if (!ok) fail(at, std::string(to_string(a.kind)) + " needs " + what);
    };
    auto nonneg = [&](const std::optional<double>& v, const char* key) {
        if (v && (!std::isfinite(*v) || *v < 0)) fail(at + "/" + key, "must be >= 0, got " + fmt(*v));
    };
    auto share = [&](const std::optional<double>& v, const char* key) {
        if (v && (!std::isfinite(*v) || *v < 0 || *v > 1))
            fail(at + "/" + key, "must be a share in [0, 1], got " + fmt(*v));
    };
    auto pct = [&](const std::optional<double>& v) {
        if (v && (!std::isfinite(*v) || *v < 0 || *v > 100))
            fail(at + "/percent", "is a cut in percent, in [0, 100], got " + fmt(*v));
    };
    if (!a.all && a.field.empty() && a.procedures.empty())
        fail(at, "give exactly one target: \"procedures\": [codes], \"field\": name or \"all\": true");
    for (std::size_t i = 0; i < a.procedures.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (a.procedures[i] == a.procedures[j])
                fail(at + "/procedures/" + std::to_string(i), "procedure '" + a.procedures[i] + "' listed twice");
    auto money = [&](const std::optional<double>& v, const char* key) {
        if (v) {
            if (std::string problem = money_problem(*v); !problem.empty()) fail(at + "/" + key, problem);
        }
    };
    nonneg(a.prep_hours, "prep_hours");
    money(a.cost, "cost");
    nonneg(a.days, "days");
    money(a.amount, "amount");
    nonneg(a.factor, "factor");
    nonneg(a.annual, "annual");
    share(a.share, "share");
    pct(a.percent);
    switch (a.kind) {
        case ActionKind::remove_component: need(!a.component.empty(), "\"component\" (its name)"); break;
        case ActionKind::set_component:
            need(!a.component.empty(), "\"component\" (its name)");
            need(a.prep_hours || a.copies || a.cost || a.notarised || a.required,
                 "at least one of prep_hours, copies, cost, notarised, required");
            break;
        case ActionKind::cut_time: need(a.days.has_value() != a.percent.has_value(), "exactly one of days, percent"); break;
        case ActionKind::set_online: need(a.online_level.has_value(), "\"level\" (none, partial, full)"); break;
        case ActionKind::set_trips: need(a.trips.has_value(), "\"trips\""); break;
        case ActionKind::set_fee: need(a.amount.has_value() != a.percent.has_value(), "exactly one of amount, percent"); break;
        case ActionKind::abolish: break;
        case ActionKind::merge:
        case ActionKind::link:
            need(a.procedures.size() >= 2, "at least two procedure codes in \"procedures\"");
            if (!a.into.empty() &&
                std::find(a.procedures.begin(), a.procedures.end(), a.into) == a.procedures.end())
                fail(at + "/into", "'" + a.into + "' is not one of the merged procedures");
            break;
        case ActionKind::move_level:
            need(a.level.has_value(), "\"level\" (district or commune)");
            if (*a.level == Level::central || *a.level == Level::province)
                fail(at + "/level", "moving to a lower level means district or commune, got " +
                                        std::string(to_string(*a.level)));
            break;
        case ActionKind::scale_volume: need(a.factor.has_value(), "\"factor\""); break;
        case ActionKind::set_volume: need(!a.agency.empty() && a.annual.has_value(), "\"agency\" and \"annual\""); break;
        case ActionKind::set_postal_return: need(a.share.has_value(), "\"share\""); break;
        case ActionKind::merge_units:
        case ActionKind::dissolve_level:
        case ActionKind::merge_communes:
        case ActionKind::rename_unit:
        case ActionKind::transfer_tasks: break;  // restructure::check
    }
}

json action_json(const Action& a) {
    if (restructure::is_restructuring(a.kind)) return restructure::to_json(a);
    json o = json::object();
    o["action"] = std::string(to_string(a.kind));
    if (a.all)
        o["all"] = true;
    else if (!a.field.empty())
        o["field"] = a.field;
    else
        o["procedures"] = a.procedures;
    if (!a.component.empty()) o["component"] = a.component;
    if (!a.step.empty()) o["step"] = a.step;
    if (!a.fee.empty()) o["fee"] = a.fee;
    if (!a.agency.empty()) o["agency"] = a.agency;
    if (!a.into.empty()) o["into"] = a.into;
    if (!a.name.empty()) o["name"] = a.name;
    if (a.online_level) o["level"] = std::string(to_string(*a.online_level));
    if (a.level) o["level"] = std::string(to_string(*a.level));
    if (a.prep_hours) o["prep_hours"] = *a.prep_hours;
    if (a.copies) o["copies"] = *a.copies;
    if (a.cost) o["cost"] = *a.cost;
    if (a.notarised) o["notarised"] = *a.notarised;
    if (a.required) o["required"] = *a.required;
    if (a.days) o["days"] = *a.days;
    if (a.percent) o["percent"] = *a.percent;
    if (a.amount) o["amount"] = *a.amount;
    if (a.trips) o["trips"] = *a.trips;
    if (a.share) o["share"] = *a.share;
    if (a.factor) o["factor"] = *a.factor;
    if (a.annual) o["annual"] = *a.annual;
    if (!a.note.empty()) o["note"] = a.note;
    return o;
}

}  // namespace

Scenario Scenario::from_json(std::string_view text) {
    json root;
    try {
        root = io::parse_json_text(text, "scenario");
    } catch (const ValidationError& e) {  // one problem: "malformed JSON at line L, column C: ..."
        throw ScenarioError("scenario: not valid JSON: " + e.problems().front().message);
    }
    if (!root.is_object()) fail("", "the document must be a JSON object, got " + type_of(root));
    check_keys(root, "", {"format", "version", "name", "description", "actions"});
    if (!root.contains("format") || !root["format"].is_string() || root["format"].get<std::string>() != kFormat)
        fail("/format", std::string("must be \"") + kFormat + "\"");
    if (!root.contains("version") || !root["version"].is_number_integer())
        fail("/version", "must be the integer 1");
    if (root["version"] != kVersion)  // compared as JSON: 4294967297 is not 1
        fail("/version", "version " + root["version"].dump() +
                             " is not supported by this cchc (reads version 1)");
    Scenario s;
    if (root.contains("name")) s.name = get_string(root, "name", "");
    if (root.contains("description")) s.description = get_string(root, "description", "");
    if (root.contains("actions")) {
        const json& acts = root["actions"];
        if (!acts.is_array()) fail("/actions", "must be an array, got " + type_of(acts));
        for (std::size_t i = 0; i < acts.size(); ++i) s.actions.push_back(parse_action(acts[i], "/actions/" + std::to_string(i)));
    }
    s.check();
    return s;
}

std::string Scenario::to_json(int indent) const {
    json root = json::object();
    root["format"] = kFormat;
    root["version"] = kVersion;
    root["name"] = name;
    if (!description.empty()) root["description"] = description;
    json acts = json::array();
    for (const auto& a : actions) acts.push_back(action_json(a));
    root["actions"] = std::move(acts);
    // nlohmann's object keeps keys sorted: deterministic output.
    io::check_json_indent(indent);
    return root.dump(indent, ' ', false, json::error_handler_t::strict);
}

void Scenario::check() const {
    for (std::size_t i = 0; i < actions.size(); ++i) check_action(actions[i], "/actions/" + std::to_string(i));
}

Scenario operator+(const Scenario& a, const Scenario& b) {
    Scenario out = a;
    if (out.name.empty())
        out.name = b.name;
    else if (!b.name.empty())
        out.name += " + " + b.name;
    out.actions.insert(out.actions.end(), b.actions.begin(), b.actions.end());
    return out;
}

// ---------------------------------------------------------------------------
// Applying actions

namespace {

bool territorial(const Agency& a) {
    return a.kind == AgencyKind::provincial_people_committee || a.kind == AgencyKind::district_people_committee ||
           a.kind == AgencyKind::commune_people_committee;
}

}  // namespace

/// Base-model lookups shared by every scenario applied to it.
struct detail::Catalogue {
    const Model& m;
    std::unordered_map<std::string, std::vector<Index>> by_field;
    std::vector<std::string> fields;
    // Territorial units (People's Committees) valid on as_of, by level, and the
    // units of each level below every territorial unit.
    std::array<std::vector<Index>, 4> units;
    std::unordered_map<Index, std::array<std::vector<Index>, 4>> below;

    explicit Catalogue(const Model& model) : m(model) {
        const auto& procs = m.procedures();
        for (std::size_t i = 0; i < procs.size(); ++i) {
            auto [it, inserted] = by_field.try_emplace(procs[i].field);
            if (inserted) fields.push_back(procs[i].field);
            it->second.push_back(static_cast<Index>(i));
        }
        const auto& ag = m.agencies();
        const Date as_of = m.info().as_of;
        for (std::size_t i = 0; i < ag.size(); ++i) {
            if (!territorial(ag[i]) || (as_of != kNoDate && !ag[i].valid_on(as_of))) continue;
            const auto lv = static_cast<std::size_t>(ag[i].level);
            units[lv].push_back(static_cast<Index>(i));
            // Walk up (bounded: the model has no cycles) and register under every territorial ancestor.
            Index p = ag[i].parent;
            for (int depth = 0; p >= 0 && depth < 64; ++depth, p = ag[static_cast<std::size_t>(p)].parent)
                if (territorial(ag[static_cast<std::size_t>(p)])) below[p][lv].push_back(static_cast<Index>(i));
        }
    }

    /// Nearest territorial unit at or above agency a (kNone when there is none).
    [[nodiscard]] Index territory_of(Index a) const {
        const auto& ag = m.agencies();
        for (int depth = 0; a >= 0 && depth < 64; ++depth, a = ag[static_cast<std::size_t>(a)].parent)
            if (territorial(ag[static_cast<std::size_t>(a)])) return a;
        return kNone;
    }
};

namespace {

using detail::Catalogue;

/// A scenario applied on top of a base model: copies of the procedures it
/// edits, the set it removes, and the behavioural shares it sets.
class Workspace {
  public:
    Workspace(const Catalogue& cat, CostParams& params) : cat_(cat), m_(cat.m), params_(params) {}

    std::unordered_map<Index, Procedure> edited;
    std::unordered_map<Index, std::int32_t> removed;  // index → action that removed it
    std::unordered_map<Index, Index> merged_into;      // removed by a merge → the survivor
    std::vector<std::pair<Index, std::int32_t>> touched;

    [[nodiscard]] const Procedure& get(Index i) const {
        auto it = edited.find(i);
        return it == edited.end() ? m_.procedures()[static_cast<std::size_t>(i)] : it->second;
    }

    void run(const Action& a, std::int32_t k) {
        action_ = &a;
        k_ = k;
        at_ = "/actions/" + std::to_string(k);
        switch (a.kind) {
            case ActionKind::remove_component: each_component(true); break;
            case ActionKind::set_component: each_component(false); break;
            case ActionKind::cut_time: cut_time(); break;
            case ActionKind::set_online:
                for (Index i : targets()) {
                    edit(i).online_level = *a.online_level;
                    if (a.share) edit(i).online_share = *a.share;
                }
                break;
            case ActionKind::set_trips:
                for (Index i : targets()) edit(i).trips = *a.trips;
                break;
            case ActionKind::set_fee: set_fee(); break;
            case ActionKind::abolish:
                for (Index i : targets()) remove(i);
                break;
            case ActionKind::merge: merge(); break;
            case ActionKind::link: link(); break;
            case ActionKind::move_level: move_level(); break;
            case ActionKind::scale_volume:
            case ActionKind::set_volume: volumes(); break;
            case ActionKind::set_postal_return:
                for (Index i : targets()) {
                    Procedure& p = edit(i);
                    const bool has = std::any_of(p.methods.begin(), p.methods.end(),
                                                 [](const SubmissionMethod& x) { return x.channel == Channel::post; });
                    if (!has) {
                        SubmissionMethod post;
                        post.channel = Channel::post;
                        if (!p.methods.empty()) {
                            post.processing_time = p.methods.front().processing_time;
                            post.unit = p.methods.front().unit;
                        }
                        p.methods.push_back(post);
                    }
                    p.postal_share = *a.share;
                }
                break;
            case ActionKind::merge_units:
            case ActionKind::dissolve_level:
            case ActionKind::merge_communes:
            case ActionKind::rename_unit:
            case ActionKind::transfer_tasks:
                error("", "restructuring changes agencies: apply the scenario (apply(), Model.apply) instead of "
                          "evaluating it");
        }
    }

  private:
    const Catalogue& cat_;
    const Model& m_;
    CostParams& params_;
    const Action* action_ = nullptr;
    std::int32_t k_ = 0;
    std::string at_;

    [[noreturn]] void error(const std::string& where, const std::string& message) const {
        throw ScenarioError("scenario action " + std::to_string(k_ + 1) + " (" + std::string(to_string(action_->kind)) +
                            ") at " + at_ + where + ": " + message);
    }

    static std::string near_list(std::string_view wanted, const std::vector<std::string_view>& all) {
        const auto near = closest_codes(wanted, all);
        if (near.empty()) return "";
        std::string out = "; closest: ";
        for (std::size_t i = 0; i < near.size(); ++i) out += (i ? ", " : "") + quoted(near[i]);
        return out;
    }

    Procedure& edit(Index i) {
        touched.emplace_back(i, k_);
        auto it = edited.find(i);
        if (it != edited.end()) return it->second;
        return edited.emplace(i, m_.procedures()[static_cast<std::size_t>(i)]).first->second;
    }

    void remove(Index i) {
        touched.emplace_back(i, k_);
        removed.emplace(i, k_);
    }

    Index resolve(const std::string& code, const std::string& where) const {
        const Index i = m_.find_procedure(code);
        if (i == kNone) {
            std::vector<std::string_view> all;
            all.reserve(m_.procedures().size());
            for (std::size_t j = 0; j < m_.procedures().size(); ++j)
                if (!removed.contains(static_cast<Index>(j))) all.emplace_back(m_.procedures()[j].code);
            error(where, "unknown procedure '" + code + "'" + near_list(code, all));
        }
        if (auto it = removed.find(i); it != removed.end()) {
            auto into = merged_into.find(i);
            error(where, "procedure '" + code + "' no longer exists: " +
                             (into != merged_into.end()
                                  ? "merged into '" + m_.procedures()[static_cast<std::size_t>(into->second)].code + "'"
                                  : std::string("abolished")) +
                             " by action " + std::to_string(it->second + 1));
        }
        return i;
    }

    /// The procedures an action targets; `explicit_` tells whether they were named.
    std::vector<Index> targets(bool* explicit_ = nullptr) const {
        const Action& a = *action_;
        std::vector<Index> out;
        if (explicit_) *explicit_ = !a.all && a.field.empty();
        if (a.all) {
            for (std::size_t i = 0; i < m_.procedures().size(); ++i)
                if (!removed.contains(static_cast<Index>(i))) out.push_back(static_cast<Index>(i));
        } else if (!a.field.empty()) {
            auto it = cat_.by_field.find(a.field);
            if (it == cat_.by_field.end()) {
                std::vector<std::string_view> all(cat_.fields.begin(), cat_.fields.end());
                error("/field", "unknown field '" + a.field + "'" + near_list(a.field, all));
            }
            for (Index i : it->second)
                if (!removed.contains(i)) out.push_back(i);
        } else {
            for (std::size_t j = 0; j < a.procedures.size(); ++j)
                out.push_back(resolve(a.procedures[j], "/procedures/" + std::to_string(j)));
        }
        if (out.empty()) error("", "no procedure left to act on");
        return out;
    }

    // Finds an item by exact name, then by folded name (case and diacritics ignored).
    template <class Items, class Name>
    static Index find_named(const Items& items, const std::string& wanted, Name name) {
        for (std::size_t i = 0; i < items.size(); ++i)
            if (name(items[i]) == wanted) return static_cast<Index>(i);
        const std::string f = fold_vietnamese(wanted);
        for (std::size_t i = 0; i < items.size(); ++i)
            if (fold_vietnamese(name(items[i])) == f) return static_cast<Index>(i);
        return kNone;
    }

    // For every target, the index of the named item; a named target must have
    // it, a field or "all" target must have it at least once.
    template <class Items, class Name>
    std::vector<std::pair<Index, Index>> named_items(const std::string& wanted, const char* what, const char* key,
                                                     Items (*list)(const Procedure&), Name name) {
        bool named = false;
        const auto ts = targets(&named);
        std::vector<std::pair<Index, Index>> out;
        std::vector<std::string> seen;
        for (Index i : ts) {
            const Procedure& p = get(i);
            const auto& items = list(p);
            const Index k = find_named(items, wanted, name);
            if (k != kNone) {
                out.emplace_back(i, k);
            } else {
                if (named) {
                    std::vector<std::string_view> all;
                    for (const auto& it : items) all.emplace_back(name(it));
                    error(std::string("/") + key,
                          "procedure '" + p.code + "' has no " + what + " '" + wanted + "'" +
                              (all.empty() ? std::string("; it has none") : near_list(wanted, all)));
                }
                if (seen.size() < 2000)
                    for (const auto& it : items) seen.push_back(name(it));
            }
        }
        if (out.empty()) {
            std::vector<std::string_view> all(seen.begin(), seen.end());
            error(std::string("/") + key, std::string("no targeted procedure has a ") + what + " '" + wanted + "'" +
                                              near_list(wanted, all));
        }
        return out;
    }

    static const std::vector<Component>& components_of(const Procedure& p) { return p.components; }
    static const std::vector<Step>& steps_of(const Procedure& p) { return p.steps; }
    static const std::vector<FeeItem>& fees_of(const Procedure& p) { return p.fees; }

    void each_component(bool remove_it) {
        const Action& a = *action_;
        auto hits = named_items<const std::vector<Component>&>(a.component, "dossier component", "component",
                                                               &components_of,
                                                               [](const Component& c) -> const std::string& { return c.name; });
        for (auto [i, k] : hits) {
            Procedure& p = edit(i);
            if (remove_it) {
                p.components.erase(p.components.begin() + k);
                continue;
            }
            Component& c = p.components[static_cast<std::size_t>(k)];
            if (a.prep_hours) c.prep_hours = *a.prep_hours;
            if (a.copies) c.copies = *a.copies;
            if (a.cost) c.cost = round_vnd(*a.cost);
            if (a.notarised) c.notarised = *a.notarised;
            if (a.required) c.required = *a.required;
        }
    }

    // Days expressed in a time unit (a working day has 8 office hours, a month 22 working days).
    static double in_unit(double days, TimeUnit unit) {
        switch (unit) {
            case TimeUnit::working_day:
            case TimeUnit::day: return days;
            case TimeUnit::working_hour:
            case TimeUnit::hour: return days * 8.0;
            case TimeUnit::month: return days / 22.0;
        }
        return days;
    }

    static double cut(double value, TimeUnit unit, const Action& a) {
        if (a.percent) return value * (1.0 - *a.percent / 100.0);
        return std::max(0.0, value - in_unit(*a.days, unit));
    }

    void cut_time() {
        const Action& a = *action_;
        if (!a.step.empty()) {
            auto hits = named_items<const std::vector<Step>&>(a.step, "step", "step", &steps_of,
                                                              [](const Step& s) -> const std::string& { return s.name; });
            for (auto [i, k] : hits) {
                Step& s = edit(i).steps[static_cast<std::size_t>(k)];
                s.duration = cut(s.duration, s.unit, a);
            }
            return;
        }
        for (Index i : targets()) {
            Procedure& p = edit(i);
            for (auto& m : p.methods) m.processing_time = cut(m.processing_time, m.unit, a);
            // Steps shrink in proportion, so they still add up to the shorter time.
            double total = 0.0;
            for (const auto& s : p.steps) total += s.duration / in_unit(1.0, s.unit);
            double f = 1.0;
            if (a.percent)
                f = 1.0 - *a.percent / 100.0;
            else if (total > 0.0)
                f = std::max(0.0, (total - *a.days) / total);
            for (auto& s : p.steps) s.duration *= f;
        }
    }

    void set_fee() {
        const Action& a = *action_;
        if (!a.fee.empty()) {
            auto hits = named_items<const std::vector<FeeItem>&>(a.fee, "fee", "fee", &fees_of,
                                                                 [](const FeeItem& f) -> const std::string& { return f.name; });
            for (auto [i, k] : hits) {
                FeeItem& f = edit(i).fees[static_cast<std::size_t>(k)];
                f.amount = a.amount ? round_vnd(*a.amount)
                                    : round_vnd(static_cast<double>(f.amount) * (1.0 - *a.percent / 100.0));
            }
            return;
        }
        for (Index i : targets()) {
            Procedure& p = edit(i);
            if (a.percent) {
                for (auto& f : p.fees)
                    f.amount = round_vnd(static_cast<double>(f.amount) * (1.0 - *a.percent / 100.0));
                continue;
            }
            // A total amount replaces every item by one (named after the first).
            FeeItem item;
            item.name = p.fees.empty() ? std::string("Phí, lệ phí") : p.fees.front().name;
            item.kind = p.fees.empty() ? FeeKind::fee : p.fees.front().kind;
            item.amount = round_vnd(*a.amount);
            p.fees.clear();
            if (item.amount > 0) p.fees.push_back(std::move(item));
        }
    }

    std::vector<Index> explicit_list() const {
        std::vector<Index> out;
        for (std::size_t j = 0; j < action_->procedures.size(); ++j)
            out.push_back(resolve(action_->procedures[j], "/procedures/" + std::to_string(j)));
        return out;
    }

    static void add_volume(Procedure& p, Index agency, double annual) {
        for (auto& v : p.volumes)
            if (v.agency == agency) {
                v.annual += annual;
                return;
            }
        p.volumes.push_back({agency, annual});
    }

    void merge() {
        const Action& a = *action_;
        if (!a.field.empty() || a.all) error("", "merge needs explicit procedure codes");
        const auto list = explicit_list();
        const std::string into_code = a.into.empty() ? a.procedures.front() : a.into;
        const Index into = resolve(into_code, "/into");
        Procedure& keep = edit(into);
        std::unordered_set<std::string> comps, fees;
        for (const auto& c : keep.components) comps.insert(fold_vietnamese(c.name));
        for (const auto& f : keep.fees) fees.insert(fold_vietnamese(f.name));
        for (Index i : list) {
            if (i == into) continue;
            const Procedure other = get(i);  // copy: edit(into) may rehash `edited`
            Procedure& k = edited.at(into);
            for (const auto& c : other.components)
                if (comps.insert(fold_vietnamese(c.name)).second) k.components.push_back(c);
            for (const auto& f : other.fees)
                if (fees.insert(fold_vietnamese(f.name)).second) k.fees.push_back(f);
            for (const auto& v : other.volumes) add_volume(k, v.agency, v.annual);
            for (const auto& m : other.methods)
                if (std::none_of(k.methods.begin(), k.methods.end(),
                                 [&](const SubmissionMethod& x) { return x.channel == m.channel; }))
                    k.methods.push_back(m);
            for (auto l : other.levels)
                if (std::find(k.levels.begin(), k.levels.end(), l) == k.levels.end()) k.levels.push_back(l);
            k.trips = std::max(k.trips, other.trips);
            merged_into.emplace(i, into);
            remove(i);
        }
        if (!a.name.empty()) edited.at(into).name = a.name;
    }

    void link() {
        const Action& a = *action_;
        if (!a.field.empty() || a.all) error("", "link needs explicit procedure codes, in the order of the chain");
        const auto list = explicit_list();
        std::unordered_set<std::string> seen;
        for (const auto& c : get(list.front()).components) seen.insert(fold_vietnamese(c.name));
        edit(list.front());
        for (std::size_t j = 1; j < list.size(); ++j) {
            Procedure& p = edit(list[j]);
            // Components already handed in at the first desk are not asked for again.
            std::vector<Component> keep;
            for (auto& c : p.components)
                if (seen.insert(fold_vietnamese(c.name)).second) keep.push_back(std::move(c));
            p.components = std::move(keep);
            p.trips = 0;  // the dossier travels between agencies, not the citizen
            if (!p.steps.empty()) p.steps.front().transfer = Transfer::electronic;
        }
    }

    void move_level() {
        const Action& a = *action_;
        const Level target = *a.level;
        const auto lv = static_cast<std::size_t>(target);
        if (cat_.units[lv].empty())
            error("/level", "the model has no People's Committees at " + std::string(to_string(target)) +
                                " level valid on its as_of date");
        const auto& ag = m_.agencies();
        for (Index i : targets()) {
            Procedure& p = edit(i);
            std::vector<Volume> moved;
            std::vector<Volume> stay;
            for (const auto& v : p.volumes) {
                const Agency& from = ag[static_cast<std::size_t>(v.agency)];
                if (static_cast<std::size_t>(from.level) >= lv) {
                    stay.push_back(v);
                    continue;
                }
                // Units below the source's territory; a provincial agency hands over to all of them.
                const std::vector<Index>* units = &cat_.units[lv];
                const Index t = cat_.territory_of(v.agency);
                if (t != kNone && ag[static_cast<std::size_t>(t)].level != Level::province &&
                    ag[static_cast<std::size_t>(t)].level != Level::central) {
                    auto it = cat_.below.find(t);
                    if (it != cat_.below.end() && !it->second[lv].empty()) units = &it->second[lv];
                }
                double pop = 0.0;
                for (Index u : *units) pop += static_cast<double>(ag[static_cast<std::size_t>(u)].population);
                for (Index u : *units) {
                    const double w = pop > 0.0 ? static_cast<double>(ag[static_cast<std::size_t>(u)].population) / pop
                                               : 1.0 / static_cast<double>(units->size());
                    if (w > 0.0) moved.push_back({u, v.annual * w});
                }
            }
            p.volumes = std::move(stay);
            for (const auto& v : moved) add_volume(p, v.agency, v.annual);
            std::vector<Level> levels;
            for (auto l : p.levels)
                if (static_cast<std::size_t>(l) > lv) levels.push_back(l);
            levels.insert(levels.begin(), target);
            p.levels = std::move(levels);
        }
    }

    void volumes() {
        const Action& a = *action_;
        Index agency = kNone;
        if (!a.agency.empty()) {
            agency = m_.find_agency(a.agency);
            if (agency == kNone) {
                std::vector<std::string_view> all;
                for (const auto& x : m_.agencies()) all.emplace_back(x.code);
                error("/agency", "unknown agency '" + a.agency + "'" + near_list(a.agency, all));
            }
        }
        bool named = false;
        const auto ts = targets(&named);
        for (Index i : ts) {
            Procedure& p = edit(i);
            if (a.kind == ActionKind::set_volume) {
                bool found = false;
                for (auto& v : p.volumes)
                    if (v.agency == agency) {
                        v.annual = *a.annual;
                        found = true;
                    }
                if (!found) p.volumes.push_back({agency, *a.annual});
                continue;
            }
            bool found = agency == kNone;
            for (auto& v : p.volumes)
                if (agency == kNone || v.agency == agency) {
                    v.annual *= *a.factor;
                    found = true;
                }
            if (!found && named) {
                std::vector<std::string_view> all;
                for (const auto& v : p.volumes) all.emplace_back(m_.agencies()[static_cast<std::size_t>(v.agency)].code);
                error("/agency", "procedure '" + p.code + "' is not implemented by '" + a.agency + "'" +
                                     near_list(a.agency, all));
            }
        }
    }
};

// Annual cost of one procedure (same formula as compliance_cost).
double annual_cost(const Procedure& p, const std::vector<TripCost>& trips, const CostParams& params, double rate) {
    const auto parts = procedure_cost_parts(p, params);
    double v = 0.0, h = 0.0, vnd = 0.0;
    for (const auto& vol : p.volumes) {
        const TripCost& t = trips[static_cast<std::size_t>(vol.agency)];
        v += vol.annual;
        h += vol.annual * t.hours;
        vnd += vol.annual * t.vnd;
    }
    const DossierCost& f = parts.fixed;
    return v * (f.time_cost + f.out_of_pocket + f.fees) + parts.trips * (h * rate + vnd);
}

}  // namespace

namespace {

// Procedure actions [begin, end) of s on m, into out (model, touched; params updated in place).
void apply_range(const Model& m, const Scenario& s, std::size_t begin, std::size_t end, Applied& out) {
    Catalogue cat(m);
    Workspace ws(cat, out.params);
    for (std::size_t k = begin; k < end; ++k) ws.run(s.actions[k], static_cast<std::int32_t>(k));

    const auto& base = m.procedures();
    TableSet t = m.tables();
    if (!ws.edited.empty() || !ws.removed.empty()) {
        std::vector<Index> remap(base.size(), kNone);
        auto procs = std::make_shared<std::vector<Procedure>>();
        procs->reserve(base.size() - ws.removed.size());
        for (std::size_t i = 0; i < base.size(); ++i) {
            if (ws.removed.contains(static_cast<Index>(i))) continue;
            remap[i] = static_cast<Index>(procs->size());
            procs->push_back(ws.get(static_cast<Index>(i)));
        }
        t.procedures = std::move(procs);
        if (!ws.removed.empty()) {
            // Legal documents point at procedures by index: follow merges, drop abolished ones.
            for (const auto& [from, into] : ws.merged_into) remap[static_cast<std::size_t>(from)] = remap[static_cast<std::size_t>(into)];
            auto docs = std::make_shared<std::vector<LegalDocument>>(m.documents());
            for (auto& d : *docs) {
                std::vector<Index> refs;
                for (Index r : d.procedures) {
                    const Index n = remap[static_cast<std::size_t>(r)];
                    if (n != kNone && std::find(refs.begin(), refs.end(), n) == refs.end()) refs.push_back(n);
                }
                d.procedures = std::move(refs);
            }
            t.documents = std::move(docs);
        }
    }
    out.model = Model::from_tables(std::move(t), "scenario '" + s.name + "'", &m);
    for (const auto& [i, k] : ws.touched) out.touched.emplace_back(base[static_cast<std::size_t>(i)].code, k);
}

}  // namespace

Applied apply(const Model& m, const Scenario& s, const CostParams& params) {
    s.check();
    Applied out;
    out.params = params;
    // Runs of procedure actions go through one Workspace; a restructuring action
    // rebuilds the model, so later actions see the new agencies.
    restructure::State state;
    Shared<Model> current;
    std::size_t k = 0;
    while (k < s.actions.size() || !current) {
        const Model& base = current ? *current : m;
        if (k < s.actions.size() && restructure::is_restructuring(s.actions[k].kind)) {
            current = restructure::apply(base, s.actions[k], static_cast<std::int32_t>(k), state, out.log);
            ++k;
            continue;
        }
        std::size_t end = k;
        while (end < s.actions.size() && !restructure::is_restructuring(s.actions[end].kind)) ++end;
        apply_range(base, s, k, end, out);
        current = out.model;
        k = end;
    }
    out.model = current;
    return out;
}

// ---------------------------------------------------------------------------
// Fast evaluation of many scenarios

namespace {
std::vector<TripCost> trip_table(const Model& m, const CostParams& params) {
    std::vector<TripCost> out(m.agencies().size());
    for (std::size_t a = 0; a < out.size(); ++a) out[a] = trip_cost(m.agencies()[a], params);
    return out;
}
}  // namespace

ScenarioEvaluator::ScenarioEvaluator(Shared<Model> base, CostParams params)
    : base_(std::move(base)), params_(std::move(params)) {
    if (!base_) throw Error("ScenarioEvaluator needs a model");
    params_.validate();
    trips_ = trip_table(*base_, params_);
    catalogue_ = std::make_shared<const Catalogue>(*base_);
    const double rate = params_.hourly_income();
    annual_.reserve(base_->procedures().size());
    for (const auto& p : base_->procedures()) {
        annual_.push_back(annual_cost(p, trips_, params_, rate));
        total_ += annual_.back();
    }
}

ScenarioEvaluator::Outcome ScenarioEvaluator::evaluate(const Scenario& s) const {
    s.check();
    CostParams params = params_;
    Workspace ws(*catalogue_, params);
    for (std::size_t k = 0; k < s.actions.size(); ++k) ws.run(s.actions[k], static_cast<std::int32_t>(k));

    std::unordered_set<Index> touched;
    for (const auto& [i, k] : ws.touched) touched.insert(i);
    const double rate = params.hourly_income();
    double after = total_;
    for (Index i : touched) {
        after -= annual_[static_cast<std::size_t>(i)];
        if (!ws.removed.contains(i)) after += annual_cost(ws.get(i), trips_, params, rate);
    }
    return {total_, after, static_cast<std::int32_t>(touched.size())};
}

std::vector<ScenarioEvaluator::Outcome> ScenarioEvaluator::evaluate_many(const std::vector<Scenario>& scenarios,
                                                                          unsigned threads) const {
    std::vector<Outcome> out(scenarios.size());
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, scenarios.size())));
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < scenarios.size() && !failed; i = next++) out[i] = evaluate(scenarios[i]);
        } catch (...) {
            if (!failed.exchange(true)) failure = std::current_exception();
        }
    };
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
        for (auto& th : pool) th.join();
    }
    if (failure) std::rethrow_exception(failure);
    return out;
}

}  // namespace cchc
