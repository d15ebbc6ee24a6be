// Training (bồi dưỡng) of cadres, civil servants and public employees:
// requirement rules as data versioned by validity dates, per-person gaps over
// the CSR-grouped training records, aggregated compliance, and a training plan
// (people → course sessions) under budget, seats, days away and no overlaps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/model.hpp"

namespace cchc::training {

/// once: hold the programme (optionally at least `periods` in total);
/// periodic: `periods` per period of `period_years` calendar years;
/// certificate: hold a certificate that has not expired.
enum class RuleKind : std::uint8_t { once, periodic, certificate };

/// missing: never completed; short: some periods, not enough; expired: certificate expired.
enum class GapStatus : std::uint8_t { missing, short_periods, expired };

/// Who a rule applies to (or who is exempt). Empty lists match everyone.
struct Selector {
    std::vector<PersonCategory> category;
    std::vector<RankGroup> rank_group;
    std::vector<Leadership> leadership;
    std::vector<Level> level;              // level of the person's agency
    std::vector<AgencyKind> agency_kind;   // kind of the person's agency
    std::vector<std::string> position;     // exact position titles (commune title, job position)
    int min_age = -1;                      // -1: no bound; people without a birth year never match a bound
    int max_age = -1;
};

/// Which records count: course code in `courses` or course content in `content`,
/// and the record has at least `min_record_periods` periods.
struct CourseMatch {
    std::vector<std::string> courses;
    std::vector<CourseContent> content;
    double min_record_periods = 0.0;

    [[nodiscard]] bool empty() const noexcept { return courses.empty() && content.empty(); }
};

struct Rule {
    std::string code;
    std::string name;
    std::string source;  // legal basis, e.g. "Decree 101/2017/NĐ-CP art. 17"
    std::string note;
    bool confirmed = true;  // false: a documented default not found in a primary text
    Date valid_from = kNoDate;  // inclusive
    Date valid_to = kNoDate;    // inclusive
    RuleKind kind = RuleKind::once;
    Selector applies_to;
    std::vector<Selector> exempt;  // a person matching any of these is exempt
    CourseMatch exempt_if_held;    // holding such a course (passed) exempts
    CourseMatch match;
    double periods = 0.0;      // once: minimum total (0: one passed record suffices); periodic: per period
    int period_years = 1;      // periodic: period length, aligned on the rule's valid_from year
    int grace_days = 0;        // once/certificate: time to comply from when the rule starts to apply
    int validity_years = 0;    // certificate: 0 = the course's certificate_validity_years
    bool mandatory = true;
    double weight = 1.0;       // plan weight multiplier
};

struct RuleSet {
    std::string name;
    std::string description;
    std::vector<Rule> rules;
};

/// Parses a rule pack (format "cchc-training-rules", version 1). Every problem
/// is reported at once with the JSON pointer of the bad field; throws ValidationError.
RuleSet parse_rules(std::string_view json_text, const std::string& source = "");
/// The pack as JSON text (round-trips through parse_rules).
std::string rules_to_json(const RuleSet& rules, int indent = 2);

/// One row per (person, unmet requirement), people in index order, rules in pack order.
struct Gaps {
    std::vector<Index> person;
    std::vector<Index> agency;
    std::vector<std::int32_t> rule;
    std::vector<GapStatus> status;
    std::vector<float> missing_periods;
    std::vector<Date> due;
    std::vector<Date> since;
    std::vector<std::uint8_t> overdue;  // as_of > due

    [[nodiscard]] std::size_t size() const noexcept { return person.size(); }
};

struct EvalOptions {
    Date as_of = kNoDate;
    int threads = 0;  // 0: hardware concurrency; results do not depend on it
};

/// Unmet requirements on `as_of` of everyone in service that day.
Gaps find_gaps(const Model& model, const RuleSet& rules, const EvalOptions& options);

enum class Dimension : std::uint8_t { agency, level, category, rank_group, gender, ethnicity, leadership, requirement };

/// Requirement counts by group. Keys are codes: agency/rule index, enum value, ethnicity pool id.
/// requirements = applicable (person, rule) pairs; met + pending + overdue = requirements,
/// pending = unmet but not yet due; exempt pairs are not requirements.
struct Compliance {
    std::vector<Dimension> by;
    std::vector<std::vector<std::int32_t>> keys;  // keys[d][row]
    std::vector<std::int64_t> people;             // in service (with the rule, when by requirement)
    std::vector<std::int64_t> compliant_people;   // no overdue requirement
    std::vector<std::int64_t> requirements;
    std::vector<std::int64_t> met;
    std::vector<std::int64_t> pending;
    std::vector<std::int64_t> overdue;
    std::vector<std::int64_t> exempt;

    [[nodiscard]] std::size_t size() const noexcept { return people.size(); }
};

Compliance compliance(const Model& model, const RuleSet& rules, const std::vector<Dimension>& by,
                      const EvalOptions& options);

// ---------------------------------------------------------------------------
// Plan

struct Session {
    Index course = kNone;
    Date start = kNoDate;
    Date end = kNoDate;   // inclusive
    Index place = kNone;  // agency hosting it
    std::int32_t seats = 0;
    Vnd cost_per_seat = 0;
};

struct PlanOptions {
    Date as_of = kNoDate;        // gaps are taken on this date (default: 1 January of the plan year)
    Vnd budget = 0;
    double max_days_away = 30;   // per person over the plan, calendar days of sessions (end − start + 1)
    // Travel: per session attended away from one's own agency, travel(a) + travel(place) with
    // travel(u) = round(2 × travel_km(u) × vnd_per_km) (each unit's travel_km read as its distance
    // to the centre: an approximation); 0 at one's own agency.
    double vnd_per_km = 3000;
    Vnd per_diem = 0;            // allowance per day away
    // Weights of a gap: rule weight × (mandatory ? 1 : optional_weight) × (overdue ? overdue_weight : 1)
    // × (leader ? leader_weight : 1).
    double optional_weight = 0.5;
    double overdue_weight = 2.0;
    double leader_weight = 1.5;
    // Fairness floor: the first `fairness_floor` share of each agency's open gap weight is
    // worth (1 + fairness_bonus) as much, so no agency is left out while others are served.
    double fairness_floor = 0.2;
    double fairness_bonus = 1.0;
    int sessions_per_course = 0;  // > 0: offer each person only the k cheapest sessions of a course; 0: all
    int improve_rounds = -1;      // ruin-and-recreate rounds; -1: automatic (bounded work)
    std::uint64_t seed = 1;
    int threads = 0;
};

/// The optimisation instance. Candidates (person × session) are implicit: an item is a person
/// and a course useful to them; the item may take any session of its course. Exact solvers get
/// the explicit list from enumerate_candidates().
struct PlanInstance {
    // gaps
    std::vector<Index> gap_person, gap_agency;
    std::vector<std::int32_t> gap_rule;
    std::vector<double> gap_weight;
    std::vector<float> gap_missing;
    std::vector<std::uint8_t> gap_overdue;
    std::vector<Date> gap_due;
    // items: person × useful course, grouped by person; item → (gap, fraction of the gap one session closes), CSR
    std::vector<Index> item_person, item_agency;
    std::vector<std::int32_t> item_course;
    std::vector<std::int64_t> item_offsets{0};
    std::vector<std::int32_t> item_gap;
    std::vector<double> item_fraction;
    // agencies with gaps: fairness target F_a = floor × W_a
    std::vector<double> agency_target;  // indexed by agency
    std::vector<Session> sessions;
    std::vector<double> session_days;
    // cost(agency, s) = session_base[s] + (agency ≠ place ? agency_travel[agency] + agency_travel[place] : 0)
    std::vector<Vnd> session_base;   // cost_per_seat + per_diem × days
    std::vector<Vnd> agency_travel;  // round(2 × travel_km × vnd_per_km)
    // sessions with seats, by course (CSR), sorted by (session_base + travel of the place, index): the
    // order of cost for anyone travelling to them
    std::vector<std::int64_t> course_offsets{0};
    std::vector<std::int32_t> course_session;
    // the same sessions by place then course (CSR over agencies), sorted by (course, session_base, index)
    std::vector<std::int64_t> place_offsets{0};
    std::vector<std::int32_t> place_session;
    int sessions_per_course = 0;
    Vnd budget = 0;
    double max_days_away = 0;
    double fairness_bonus = 0;

    [[nodiscard]] Vnd cost(Index agency, std::int32_t session) const noexcept {
        const Session& s = sessions[static_cast<std::size_t>(session)];
        Vnd c = session_base[static_cast<std::size_t>(session)];
        if (agency != s.place)
            c += (agency >= 0 ? agency_travel[static_cast<std::size_t>(agency)] : 0) +
                 agency_travel[static_cast<std::size_t>(s.place)];
        return c;
    }
};

/// The explicit candidates of an instance: person × session of a useful course (the item's first
/// `sessions_per_course` by cost when that limit is set), grouped by person, then by item and cost.
struct Candidates {
    std::vector<Index> person;
    std::vector<std::int32_t> item, session;
    std::vector<Vnd> cost;
    std::vector<std::int64_t> offsets{0};  // cand → (gap, fraction), CSR
    std::vector<std::int32_t> gap;
    std::vector<double> fraction;

    [[nodiscard]] std::size_t size() const noexcept { return person.size(); }
};

/// Throws Error when there would be more than `limit` candidates (the list is meant for small instances).
Candidates enumerate_candidates(const PlanInstance& instance, std::size_t limit = 5'000'000);

enum class UnmetReason : std::uint8_t { none, no_session, no_seat, budget, conflict, not_selected };

struct PlanResult {
    // chosen (item, session) pairs, sorted
    std::vector<std::int32_t> item, session;
    std::vector<Vnd> cost;
    std::vector<double> gap_closed;    // fraction closed per gap
    std::vector<UnmetReason> gap_reason;
    double objective = 0.0;
    double greedy_objective = 0.0;
    Vnd budget_used = 0;
    std::int64_t gaps_closed = 0;
    int rounds = 0;
};

PlanInstance build_plan_instance(const Model& model, const RuleSet& rules, const std::vector<Session>& sessions,
                                 const PlanOptions& options);
/// Lazy greedy by marginal value / cost over (item, cheapest available session): when a person's
/// nearest sessions fill, the item moves on to the next cheapest, so demand spills to farther
/// sessions while the budget allows. Then ruin-and-recreate local search (seeded, deterministic).
PlanResult solve_plan(const PlanInstance& instance, const PlanOptions& options);
/// Objective of a set of (person, session) assignments (to score an external solution); throws Error if
/// one is not a candidate or the set breaks a constraint.
double plan_objective(const PlanInstance& instance, const std::vector<Index>& person,
                      const std::vector<std::int32_t>& session);

/// The full result (costs, closure, reasons) of a given set of (person, session) assignments, e.g. an
/// exact solver's plan; throws Error like plan_objective. rounds = 0, greedy_objective = objective.
PlanResult plan_result(const PlanInstance& instance, const std::vector<Index>& person,
                       const std::vector<std::int32_t>& session);

/// The model with extra training records (e.g. a plan's rosters, to carry them into the next year's
/// gaps); other tables are shared. Records are passed column-wise; result is `passed`.
Shared<Model> with_training_records(const Model& model, const std::vector<Index>& person,
                                    const std::vector<Index>& course, const std::vector<Date>& start,
                                    const std::vector<Date>& end, const std::vector<float>& periods,
                                    const std::vector<std::uint8_t>& certificate);

}  // namespace cchc::training

namespace cchc {
template <>
struct EnumInfo<training::RuleKind> {
    static constexpr std::string_view type_name = "RuleKind";
    static constexpr auto names = std::to_array<std::string_view>({"once", "periodic", "certificate"});
};
template <>
struct EnumInfo<training::GapStatus> {
    static constexpr std::string_view type_name = "GapStatus";
    static constexpr auto names = std::to_array<std::string_view>({"missing", "short", "expired"});
};
template <>
struct EnumInfo<training::Dimension> {
    static constexpr std::string_view type_name = "Dimension";
    static constexpr auto names = std::to_array<std::string_view>(
        {"agency", "level", "category", "rank_group", "gender", "ethnicity", "leadership", "requirement"});
};
template <>
struct EnumInfo<training::UnmetReason> {
    static constexpr std::string_view type_name = "UnmetReason";
    static constexpr auto names =
        std::to_array<std::string_view>({"", "no_session", "no_seat", "budget", "conflict", "not_selected"});
};
}  // namespace cchc

namespace cchc::training {
/// A synthetic national-scale population for benchmarks: 34 provinces (each a People's
/// Committee, 20 departments, a one-stop desk and ~97 communes), the default pack's course
/// codes, `people` people with on average `records_per_person` records (2012–2021). Seeded.
Shared<Model> synthetic_population(std::size_t people, double records_per_person, std::uint64_t seed);
}  // namespace cchc::training
