// Restructuring of the apparatus (sắp xếp tổ chức bộ máy) as scenario actions:
// merge agencies or units, dissolve a level, merge communes by a mapping,
// rename, transfer tasks. Results are dated: units that end get valid_to = date − 1,
// new units valid_from = date, task assignments are split at the date; so the
// states before and after live in one model and analyses pick one with as_of.
//
// Format v1 has one record per agency code and no dates on people's
// postings, procedure volumes or parent links: those hold the state after the
// restructuring (people, volumes and desks follow the surviving unit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cchc/model.hpp"

namespace cchc {

/// merge_communes: one new (or surviving) commune-level unit and the old units it absorbs.
struct UnitMapping {
    std::string code;   // new or surviving unit
    std::string name;
    std::optional<Territory> territory;
    std::string parent;  // "" = the parent of the seat unit
    std::vector<std::string> from;
    std::string seat;    // old unit whose seat becomes the new seat ("" = the most populous)
};

/// dissolve_level: where one category of the dissolved units' content goes. The first
/// rule whose `what` matches and whose field/kind filter matches (empty = any) applies.
struct RoutingRule {
    std::string what;   // procedures | tasks | people | units
    std::string field;  // procedures, tasks: lĩnh vực filter
    std::string match;  // procedures, tasks: text the name contains (case and diacritics ignored)
    std::optional<AgencyKind> kind;  // people, units: kind of the dissolved unit
    std::string to;     // commune | province | <agency code> | leave (people) | keep (units) | dissolve (units)
};

/// One line of the restructuring log (returned by org.restructure).
struct RestructureEvent {
    std::int32_t action = 0;  // index in the scenario
    std::string kind;         // merged, created, ended, chair_resolved, chair_conflict, role_upgraded, task_split, ...
    std::string agency;       // agency code concerned
    std::string other;        // survivor / target / other chair
    std::string task;         // task code when relevant
    std::string detail;
};

}  // namespace cchc
