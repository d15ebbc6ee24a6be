// Scorecard packs: JSON → validated criteria tree (every problem at once, by JSON pointer); scoring.
#include "cchc/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "cchc/io/json_fields.hpp"

namespace cchc::scorecard {

namespace {

using nlohmann::json;

std::string fmt(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

// Field reading (types, ranges, unknown keys) is the shared io::JsonFields; this adds the pack's tree.
class Parser : public io::JsonFields {
  public:
    Pack pack;

    void rule(const json& r, const std::string& path, Node& n) {
        if (!r.is_object()) {
            error(path, n.id, "must be an object such as {\"kind\": \"linear\", \"from\": 0, \"to\": 1}, got " +
                                 io::json_type_name(r));
            return;
        }
        check_keys(r, path, n.id, {"kind", "from", "to", "steps", "scale", "lower_is_better", "note"});
        std::string kind;
        get_string(r, path, n.id, "kind", kind, true, true);
        if (kind == "linear") {
            n.rule = RuleKind::linear;
            n.from = 0.0;
            n.to = 1.0;
            get_number(r, path, n.id, "from", n.from);
            get_number(r, path, n.id, "to", n.to);
            if (n.from == n.to) error(path + "/to", n.id, "'from' and 'to' must differ (the value giving 0 and max points)");
        } else if (kind == "steps") {
            n.rule = RuleKind::steps;
            get_bool(r, path, n.id, "lower_is_better", n.lower_is_better);
            auto it = r.find("steps");
            if (it == r.end() || !it->is_array() || it->empty()) {
                error(path + "/steps", n.id, "must be a non-empty array of {\"at\": value, \"share\": 0..1}, best first");
                return;
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& s = (*it)[i];
                const std::string p = path + "/steps/" + std::to_string(i);
                if (!s.is_object()) {
                    error(p, n.id, "a step must be an object {\"at\": value, \"share\": 0..1}, got " + io::json_type_name(s));
                    continue;
                }
                check_keys(s, p, n.id, {"at", "share", "points"});
                Step step;
                bool ok = true;
                if (!get_number(s, p, n.id, "at", step.at, {}, true)) ok = false;
                const bool give_share = s.contains("share"), give_points = s.contains("points");
                if (give_share && give_points) {
                    error(p, n.id, "give 'share' or 'points', not both");
                    ok = false;
                } else if (!give_share && !give_points) {
                    error(p, n.id, "a step needs 'share' (of the maximum, 0..1) or 'points'");
                    ok = false;
                } else if (give_share) {
                    ok = get_number(s, p, n.id, "share", step.share, {.min = 0.0, .max = 1.0}, true) && ok;
                } else {
                    double points = 0.0;
                    ok = get_number(s, p, n.id, "points", points, {.min = 0.0}, true) && ok;
                    step.share = -points;  // resolved against the maximum once known
                }
                if (!ok) continue;
                if (!n.steps.empty()) {
                    const double prev = n.steps.back().at;
                    if (n.lower_is_better ? step.at <= prev : step.at >= prev)
                        error(p + "/at", n.id,
                              std::string("steps must be ordered best first: 'at' ") +
                                  (n.lower_is_better ? "increasing" : "decreasing") + " (after " + fmt(prev) + ")");
                }
                n.steps.push_back(step);
            }
        } else if (kind == "direct") {
            n.rule = RuleKind::direct;
            n.scale = 0.0;
            get_number(r, path, n.id, "scale", n.scale, {.min = 0.0});
        } else if (kind == "boolean") {
            n.rule = RuleKind::boolean;
        } else if (!kind.empty()) {
            error(path + "/kind", n.id, "unknown rule kind '" + kind + "' (use linear, steps, direct or boolean)");
        }
    }

    // Pre-order: parent before children; maxima resolved top-down afterwards.
    void node(const json& j, const std::string& path, std::int32_t parent, std::map<std::string, std::string>& ids,
              bool& has_max, bool& has_weight) {
        if (!j.is_object()) {
            error(path, "", "a criterion must be an object with 'id', 'name' and 'max' or 'weight', got " +
                                 io::json_type_name(j));
            return;
        }
        const auto self = static_cast<std::int32_t>(pack.nodes.size());
        pack.nodes.emplace_back();
        Node n;
        n.pointer = path;
        n.parent = parent;
        get_string(j, path, "", "id", n.id, true, true);
        check_keys(j, path, n.id,
                   {"id", "name", "max", "weight", "criteria", "indicator", "rule", "source", "basis", "description", "note"});
        if (!n.id.empty()) {
            auto [it, fresh] = ids.emplace(n.id, path);
            if (!fresh) error(path + "/id", n.id, "duplicate id '" + n.id + "' (first at " + it->second + ")");
        }
        n.name = n.id;
        get_string(j, path, n.id, "name", n.name, false, true);
        get_string(j, path, n.id, "source", n.source, false, true);
        get_string(j, path, n.id, "basis", n.basis, false, true);
        has_max = j.contains("max") && get_number(j, path, n.id, "max", n.max, {.min = 0.0}, true);
        has_weight = j.contains("weight") && get_number(j, path, n.id, "weight", n.weight, {.min = 0.0}, true);
        if (j.contains("max") && j.contains("weight"))
            error(path, n.id, "give 'max' (points) or 'weight' (share of the parent's points), not both");
        else if (!j.contains("max") && !j.contains("weight") && parent >= 0)
            error(path, n.id, "missing 'max' (points) or 'weight' (share of the parent's points)");
        auto kids = j.find("criteria");
        const bool inner = kids != j.end();
        if (inner) {
            if (j.contains("indicator")) error(path + "/indicator", n.id, "a criterion with sub-criteria takes no 'indicator'");
            if (j.contains("rule")) error(path + "/rule", n.id, "a criterion with sub-criteria takes no 'rule' (it is their sum)");
        } else {
            get_string(j, path, n.id, "indicator", n.indicator, true, true);
            if (auto r = j.find("rule"); r != j.end()) {
                rule(*r, path + "/rule", n);
            } else {
                n.rule = n.indicator == "input" ? RuleKind::direct : RuleKind::linear;  // documented defaults
            }
        }
        if (n.source.empty()) n.source = n.indicator == "input" ? "assessment" : (inner ? "" : "model");
        pack.nodes[static_cast<std::size_t>(self)] = std::move(n);
        if (parent >= 0) pack.nodes[static_cast<std::size_t>(parent)].children.push_back(self);
        if (inner) children(*kids, path + "/criteria", self, ids);
    }

    void children(const json& list, const std::string& path, std::int32_t parent,
                  std::map<std::string, std::string>& ids) {
        const std::string& code = pack.nodes[static_cast<std::size_t>(parent)].id;
        if (!list.is_array() || list.empty()) {
            error(path, code, "must be a non-empty array of criteria, got " +
                                  (list.is_array() ? std::string("an empty one") : io::json_type_name(list)));
            return;
        }
        std::vector<std::pair<std::int32_t, int>> given;  // child, 1 max / 2 weight / 0 neither
        for (std::size_t i = 0; i < list.size(); ++i) {
            bool has_max = false, has_weight = false;
            const auto before = static_cast<std::int32_t>(pack.nodes.size());
            node(list[i], path + "/" + std::to_string(i), parent, ids, has_max, has_weight);
            if (static_cast<std::int32_t>(pack.nodes.size()) > before)
                given.emplace_back(before, has_max ? 1 : has_weight ? 2 : 0);
        }
        flags_[parent] = std::move(given);
    }

    void resolve() {
        // Top-down: the root's max is given; children by max or by weight of what remains.
        for (std::size_t k = 0; k < pack.nodes.size(); ++k) {
            auto f = flags_.find(static_cast<std::int32_t>(k));
            if (f == flags_.end()) continue;
            Node& n = pack.nodes[k];
            double given = 0.0, weights = 0.0;
            int weighted = 0, bad = 0;
            for (auto [c, how] : f->second) {
                if (how == 1) given += pack.nodes[static_cast<std::size_t>(c)].max;
                else if (how == 2) weights += pack.nodes[static_cast<std::size_t>(c)].weight, ++weighted;
                else ++bad;
            }
            if (bad) continue;  // already reported
            const double left = n.max - given;
            if (weighted == 0) {
                if (!close(given, n.max))
                    error(n.pointer.empty() ? "/criteria" : n.pointer + "/criteria", n.id,
                          "the sub-criteria's maxima sum to " + fmt(given) + ", not to '" + n.name + "''s maximum " +
                              fmt(n.max) + " (fix a 'max', or give some sub-criteria a 'weight' instead)");
                continue;
            }
            if (left < -1e-9 * std::max(1.0, n.max) || weights <= 0.0) {
                error(n.pointer.empty() ? "/criteria" : n.pointer + "/criteria", n.id,
                      weights <= 0.0 ? "the weights of the sub-criteria sum to 0"
                                     : "the sub-criteria's maxima (" + fmt(given) + ") exceed '" + n.name +
                                           "''s maximum " + fmt(n.max) + ": nothing left to share by weight");
                continue;
            }
            for (auto [c, how] : f->second)
                if (how == 2) {
                    Node& child = pack.nodes[static_cast<std::size_t>(c)];
                    child.max = std::max(0.0, left) * child.weight / weights;
                }
        }
        for (auto& n : pack.nodes)
            for (auto& s : n.steps)
                if (s.share < 0.0) {  // given in points
                    const double pts = -s.share;
                    if (pts > n.max + 1e-9) {
                        error(n.pointer + "/rule/steps", n.id, "a step gives " + fmt(pts) + " points, more than the maximum " + fmt(n.max));
                        s.share = 1.0;
                    } else {
                        s.share = n.max > 0.0 ? pts / n.max : 0.0;
                    }
                }
    }

  private:
    std::map<std::int32_t, std::vector<std::pair<std::int32_t, int>>> flags_;

  public:
    void parse(const json& doc) {
        if (!doc.is_object()) {
            error("", "", "a scorecard pack must be a JSON object with 'id', 'max' and 'criteria', got " +
                             io::json_type_name(doc));
            return;
        }
        check_keys(doc, "", "",
                   {"format", "version", "id", "name", "unit", "max", "bands", "survey_points", "criteria",
                    "description", "note", "sources", "basis"});
        if (std::string format; get_string(doc, "", "", "format", format) && format != "cchc-scorecard")
            error("/format", "", "must be \"cchc-scorecard\", got \"" + format + "\"");
        if (int version = 1; get_int(doc, "", "", "version", version, 0, 1'000'000) && version != 1)
            error("/version", "", "this cchc reads version 1 of scorecard packs, got " + std::to_string(version));
        Node root;
        get_string(doc, "", "", "id", root.id, true, true);
        pack.id = root.id;
        get_string(doc, "", "", "name", pack.name, false, true);
        if (pack.name.empty()) pack.name = pack.id;
        root.name = pack.name;
        get_string(doc, "", pack.id, "basis", root.basis, false, true);
        pack.unit = "province";
        get_string(doc, "", "", "unit", pack.unit, false, true);
        if (pack.unit != "province" && pack.unit != "agency")
            error("/unit", pack.id, "must be \"province\" or \"agency\", got \"" + pack.unit + "\"");
        if (!doc.contains("max")) error("/max", pack.id, "required field 'max' is missing (total points, e.g. 100)");
        else if (get_number(doc, "", pack.id, "max", root.max, {.min = 0.0}, true) && root.max <= 0.0)
            error("/max", pack.id, "must be > 0, got " + fmt(root.max));
        pack.nodes.push_back(root);
        std::map<std::string, std::string> ids;
        if (!root.id.empty()) ids.emplace(root.id, "");
        auto kids = doc.find("criteria");
        if (kids == doc.end()) error("/criteria", pack.id, "required field 'criteria' is missing");
        else children(*kids, "/criteria", 0, ids);
        if (problems.empty()) resolve();

        if (auto b = doc.find("bands"); b != doc.end()) {
            if (!b->is_array()) {
                error("/bands", pack.id, "must be an array of {\"name\": ..., \"min\": points}, best first, got " +
                                                   io::json_type_name(*b));
            } else {
                for (std::size_t i = 0; i < b->size(); ++i) {
                    const auto& x = (*b)[i];
                    const std::string p = "/bands/" + std::to_string(i);
                    if (!x.is_object()) {
                        error(p, pack.id, "a band must be an object {\"name\": ..., \"min\": points}, got " + io::json_type_name(x));
                        continue;
                    }
                    check_keys(x, p, pack.id, {"name", "min", "note"});
                    Band band;
                    get_string(x, p, pack.id, "name", band.name, true, true);
                    if (!get_number(x, p, pack.id, "min", band.min, {.min = 0.0, .max = root.max}, true)) continue;
                    if (!pack.bands.empty() && band.min >= pack.bands.back().min)
                        error(p + "/min", pack.id, "bands must be ordered best first, by decreasing 'min'");
                    pack.bands.push_back(band);
                }
            }
        }
        if (doc.contains("survey_points") && get_number(doc, "", pack.id, "survey_points", pack.survey_points, {.min = 0.0}) &&
            problems.empty()) {
            double survey = 0.0;
            for (auto leaf : pack.leaves())
                if (pack.nodes[static_cast<std::size_t>(leaf)].source == "survey")
                    survey += pack.nodes[static_cast<std::size_t>(leaf)].max;
            if (!close(survey, pack.survey_points))
                error("/survey_points", pack.id,
                      "the criteria with source \"survey\" carry " + fmt(survey) + " points, not " +
                          fmt(pack.survey_points));
        }
    }
};

std::string describe(const Node& n) {
    switch (n.rule) {
        case RuleKind::linear:
            return "linear " + fmt(n.from) + " → 0, " + fmt(n.to) + " → " + fmt(n.max);
        case RuleKind::steps: {
            std::string s = "steps";
            for (const auto& st : n.steps)
                s += std::string(" ") + (n.lower_is_better ? "≤ " : "≥ ") + fmt(st.at) + " → " + fmt(st.share * n.max) + ";";
            s.pop_back();
            return s;
        }
        case RuleKind::direct:
            return n.scale > 0.0 ? "scored out of " + fmt(n.scale) + " → × " + fmt(n.max / n.scale) : "points as given";
        case RuleKind::boolean:
            return "yes → " + fmt(n.max) + ", no → 0";
        case RuleKind::sum:
            break;
    }
    return "sum";
}

}  // namespace

std::vector<std::int32_t> Pack::leaves() const {
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].children.empty() && i > 0) out.push_back(static_cast<std::int32_t>(i));
    return out;
}

Pack Pack::from_json(std::string_view text, const std::string& source) {
    const json doc = io::parse_json_text(text, source);
    Parser p;
    p.parse(doc);
    if (!p.problems.empty()) throw ValidationError(source, std::move(p.problems));
    return std::move(p.pack);
}

double leaf_points(const Node& n, double value) {
    double share = 0.0;
    switch (n.rule) {
        case RuleKind::linear:
            share = (value - n.from) / (n.to - n.from);
            break;
        case RuleKind::steps:
            for (const auto& s : n.steps)
                if (n.lower_is_better ? value <= s.at : value >= s.at) {
                    share = s.share;
                    break;
                }
            break;
        case RuleKind::direct:
            return std::clamp(n.scale > 0.0 ? value / n.scale * n.max : value, 0.0, n.max);
        case RuleKind::boolean:
            share = value != 0.0 ? 1.0 : 0.0;
            break;
        case RuleKind::sum:
            return 0.0;
    }
    return std::clamp(share, 0.0, 1.0) * n.max;
}

Scores score(const Pack& pack, const std::vector<double>& values, std::size_t units) {
    const auto leaves = pack.leaves();
    const std::size_t nn = pack.nodes.size(), nl = leaves.size();
    if (values.size() != units * nl)
        throw Error("scorecard: expected " + std::to_string(units) + " × " + std::to_string(nl) + " values, got " +
                    std::to_string(values.size()));
    Scores s;
    s.units = units;
    s.points.assign(units * nn, 0.0);
    s.missing.assign(units * nn, 1);
    s.explanation.resize(units * nl);
    for (std::size_t u = 0; u < units; ++u) {
        double* pts = s.points.data() + u * nn;
        std::uint8_t* miss = s.missing.data() + u * nn;
        for (std::size_t l = 0; l < nl; ++l) {
            const auto k = static_cast<std::size_t>(leaves[l]);
            const Node& n = pack.nodes[k];
            const double v = values[u * nl + l];
            std::string& text = s.explanation[u * nl + l];
            if (std::isnan(v)) {
                text = "no value for " + n.indicator + " → 0 of " + fmt(n.max);
                continue;
            }
            pts[k] = leaf_points(n, v);
            miss[k] = 0;
            text = n.indicator + " = " + fmt(v) + "; " + describe(n) + " → " + fmt(pts[k]) + " of " + fmt(n.max);
        }
        // Pre-order: children follow their parent, so a reverse sweep sums bottom-up.
        for (std::size_t k = nn; k-- > 1;) {
            const auto p = static_cast<std::size_t>(pack.nodes[k].parent);
            pts[p] += pts[k];
            miss[p] = static_cast<std::uint8_t>(miss[p] && miss[k]);
        }
    }
    s.band.assign(units, -1);
    s.rank.assign(units, 0);
    std::vector<std::size_t> order(units);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return s.points[a * nn] > s.points[b * nn]; });
    for (std::size_t r = 0; r < units; ++r) {
        const std::size_t u = order[r];
        const bool tie = r > 0 && s.points[order[r - 1] * nn] == s.points[u * nn];
        s.rank[u] = tie ? s.rank[order[r - 1]] : static_cast<std::int32_t>(r + 1);
        for (std::size_t b = 0; b < pack.bands.size(); ++b)
            if (s.points[u * nn] >= pack.bands[b].min - 1e-9) {
                s.band[u] = static_cast<std::int32_t>(b);
                break;
            }
    }
    return s;
}

}  // namespace cchc::scorecard
