// Simplification scenarios (phương án đơn giản hóa thủ tục hành chính): an
// ordered list of actions on procedures, kept as data (JSON round trip) and
// applied to a Model to give a new Model that shares every untouched table.
//
// Actions target procedures by code (`procedures`), by field (`field`,
// lĩnh vực) or all of them (`all`). Each is checked against the model as it
// stands after the previous actions: an unknown code, component, step, fee,
// field or agency raises ScenarioError naming the action, its JSON pointer and
// the closest existing names.
//
// Behavioural shares (online adoption, postal return) are not model data yet:
// applying a scenario returns them as CostParams overrides per procedure code.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/cost.hpp"
#include "cchc/model.hpp"
#include "cchc/restructure.hpp"

namespace cchc {

namespace detail {
struct Catalogue;  // lookups built once per base model (scenario.cpp)
}

enum class ActionKind : std::uint8_t {
    remove_component,  // drop a dossier component (thành phần hồ sơ)
    set_component,     // change a component's prep_hours, copies, cost, notarised, required
    cut_time,          // cut a step's or the whole processing time, by days or percent
    set_online,        // online level (none/partial/full) and adoption share
    set_trips,         // trips on the counter route
    set_fee,           // set or change fees and charges (amount or percent)
    abolish,           // bãi bỏ: remove the procedure
    merge,             // merge procedures into one (volumes summed, components united)
    link,              // liên thông: one submission; later procedures need no trip nor repeated components
    move_level,        // hand the procedure to a lower level (closer to citizens)
    scale_volume,      // multiply annual volumes (e.g. fewer filings a year)
    set_volume,        // set one implementing agency's annual volume
    set_postal_return, // offer postal return of the result, with a take-up share
    // Restructuring of agencies (restructure.cpp): dated, target agencies rather than procedures.
    merge_units,       // merge agencies or units into a survivor or a new unit
    dissolve_level,    // end every unit of a level; a rule table routes procedures, tasks, people, units
    merge_communes,    // merge commune-level units by a mapping (old codes → new code and name)
    rename_unit,       // new name (and optionally a new code from a date)
    transfer_tasks,    // hand tasks from one agency to another from a date
};

template <>
struct EnumInfo<ActionKind> {
    static constexpr std::string_view type_name = "ActionKind";
    static constexpr auto names = std::to_array<std::string_view>(
        {"remove_component", "set_component", "cut_time", "set_online", "set_trips", "set_fee", "abolish", "merge",
         "link", "move_level", "scale_volume", "set_volume", "set_postal_return", "merge_units", "dissolve_level",
         "merge_communes", "rename_unit", "transfer_tasks"});
};

/// One action. Which optional arguments apply depends on `kind` (see docs in scenario.py).
struct Action {
    ActionKind kind = ActionKind::abolish;
    // Target: explicit codes, a field, or every procedure.
    std::vector<std::string> procedures;
    std::string field;
    bool all = false;
    // Arguments.
    std::string component;  // remove_component, set_component
    std::string step;       // cut_time: a step name ("" = the whole processing time)
    std::string fee;        // set_fee: a fee item's name ("" = every item)
    std::string agency;     // scale_volume / set_volume: implementing agency code
    std::string into;       // merge: the surviving code ("" = the first)
    std::string name;       // merge: new name of the merged procedure
    std::string note;       // rationale shown in the plan table (nội dung, lý do)
    std::optional<double> prep_hours, cost, days, percent, share, amount, factor, annual;
    std::optional<std::int32_t> copies, trips;
    std::optional<bool> notarised, required;
    std::optional<OnlineLevel> online_level;
    std::optional<Level> level;
    // Restructuring arguments (restructure.cpp).
    std::vector<std::string> units;   // merge_units: agency codes
    std::vector<std::string> tasks;   // transfer_tasks: task codes ("" list + task_field: by field)
    std::string task_field;           // transfer_tasks
    std::string from, to;             // transfer_tasks: agency codes
    std::string code;                 // rename_unit: new code
    std::optional<TaskRole> role;     // transfer_tasks: role at the receiving agency (default: unchanged)
    Date date = kNoDate;              // effective date (default: the model's as_of)
    std::string chair_rule;           // survivor (default) | report | error
    std::optional<double> seat_distance_factor;  // merged units' travel (see restructure.cpp)
    std::vector<UnitMapping> mapping; // merge_communes
    bool complete = false;            // merge_communes: every commune-level unit must be mapped
    std::vector<RoutingRule> rules;   // dissolve_level

    /// One line for people: "remove_component 1.004194: 'Bản sao giấy khai sinh'".
    [[nodiscard]] std::string describe() const;
};

struct Scenario {
    std::string name;
    std::string description;
    std::vector<Action> actions;

    /// Parses `{"format": "cchc-scenario", "version": 1, "name", "description"?, "actions": [...]}`;
    /// throws ScenarioError naming the JSON pointer of the first problem.
    static Scenario from_json(std::string_view text);
    /// Deterministic JSON (keys in a fixed order, absent options omitted); indent < 0: compact.
    [[nodiscard]] std::string to_json(int indent = -1) const;
    /// Checks values that do not need a model (shares, signs, required arguments).
    void check() const;
};

/// Concatenation: the actions of a, then those of b.
Scenario operator+(const Scenario& a, const Scenario& b);

/// What applying a scenario produced.
struct Applied {
    Shared<Model> model;
    /// params with the scenario's online and postal shares added per procedure code.
    CostParams params;
    /// (procedure code, action index) for every procedure an action touched; a
    /// removed or merged-away procedure appears under its own code.
    std::vector<std::pair<std::string, std::int32_t>> touched;
    /// What restructuring actions did (merges, ended units, chair conflicts resolved or reported).
    std::vector<RestructureEvent> log;
};

/// Applies every action in order; the result shares the model's untouched tables.
Applied apply(const Model& m, const Scenario& s, const CostParams& params = {});

/// Evaluates many scenarios against one base model quickly: the baseline is
/// costed once, and a scenario recosts only the procedures it touches (no new
/// Model is built). Thread-safe: evaluate() is const.
class ScenarioEvaluator {
  public:
    ScenarioEvaluator(Shared<Model> base, CostParams params = {});
    struct Outcome {
        double before = 0.0;
        double after = 0.0;
        std::int32_t procedures_touched = 0;
    };
    [[nodiscard]] double baseline() const noexcept { return total_; }
    [[nodiscard]] Outcome evaluate(const Scenario& s) const;
    /// Evaluates in `threads` threads (0: hardware concurrency); results in input order.
    [[nodiscard]] std::vector<Outcome> evaluate_many(const std::vector<Scenario>& scenarios, unsigned threads = 0) const;

  private:
    Shared<Model> base_;
    CostParams params_;
    std::shared_ptr<const detail::Catalogue> catalogue_;
    std::vector<TripCost> trips_;
    std::vector<double> annual_;  // baseline annual cost per procedure
    double total_ = 0.0;
};

}  // namespace cchc
