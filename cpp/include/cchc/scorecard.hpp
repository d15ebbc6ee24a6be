// Scorecards: a criteria tree (areas → criteria → sub-criteria) with maximum
// points, weights and scoring rules held as data (JSON "packs"), scored per unit
// from indicator values. Totals are sums of their parts, each part within its
// maximum; every leaf score comes with its explanation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/errors.hpp"

namespace cchc::scorecard {

enum class RuleKind : std::uint8_t {
    sum,      // inner node: the sum of its children
    linear,   // value `from` → 0 points, value `to` → max, linear between, clipped (to < from: lower is better)
    steps,    // share of max of the first step reached (steps ordered best first)
    direct,   // points = value / scale × max, clipped to [0, max] (scale 0: the value is already points)
    boolean,  // value ≠ 0 → max, else 0
};

struct Step {
    double at = 0.0;     // threshold on the value
    double share = 0.0;  // share of the node's maximum, in [0, 1]
};

struct Node {
    std::string id;
    std::string name;
    std::string pointer;            // JSON pointer of the node in its pack
    std::int32_t parent = -1;       // -1 for the root
    std::vector<std::int32_t> children;
    double max = 0.0;               // resolved maximum points
    double weight = 0.0;            // as given (0 when the maximum was given)
    std::string indicator;          // leaves: the indicator's name ("input": a manual input keyed by id)
    std::string source;             // e.g. "model", "survey", "assessment"
    std::string basis;              // the legal text behind the criterion (decision, article, annex item)
    RuleKind rule = RuleKind::sum;
    double from = 0.0, to = 1.0;    // linear
    double scale = 0.0;             // direct
    bool lower_is_better = false;   // steps: value ≤ at reaches a step
    std::vector<Step> steps;
};

struct Band {
    std::string name;
    double min = 0.0;
};

struct Pack {
    std::string id;
    std::string name;
    std::string unit;               // "province" or "agency": what one score row is, by default
    std::vector<Node> nodes;        // pre-order; node 0 is the root (the whole index)
    std::vector<Band> bands;        // by descending minimum
    double survey_points = -1.0;    // when ≥ 0: leaves with source "survey" must sum to this

    /// Parses and validates a pack; throws ValidationError listing every problem with its JSON pointer.
    static Pack from_json(std::string_view text, const std::string& source = "<scorecard>");
    [[nodiscard]] std::vector<std::int32_t> leaves() const;
};

struct Scores {
    std::size_t units = 0;
    std::vector<double> points;            // units × nodes, row-major
    std::vector<std::uint8_t> missing;     // units × nodes: 1 where no value reached the node (0 points)
    std::vector<std::int32_t> band;        // per unit: index into Pack::bands, -1 when below every band
    std::vector<std::int32_t> rank;        // per unit: 1 = best; ties share the better rank
    std::vector<std::string> explanation;  // units × leaves
};

/// Scores `units` rows; `values` holds units × leaves (Pack::leaves() order), NaN where no value is known.
Scores score(const Pack& pack, const std::vector<double>& values, std::size_t units);

/// How a leaf turns `value` into points (without clipping to the node's data availability).
double leaf_points(const Node& leaf, double value);

}  // namespace cchc::scorecard
