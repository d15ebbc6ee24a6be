// Risk-based stratified inspection plans: at least a fraction of every stratum
// each year, every unit at least once in a cycle of N years, team capacity per
// month. Deterministic for a seed whatever the order of the input.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "cchc/model.hpp"

namespace cchc::inspection {

struct Unit {
    Index agency = kNone;
    std::int32_t stratum = 0;
    double risk = 0.0;                 // >= 0; higher is riskier
    std::int32_t last_inspected = 0;   // year; 0 = never
    /// Identity for the random draw and ties, independent of the input order (e.g. stable_key(code));
    /// 0: the agency index.
    std::uint64_t key = 0;
};

/// FNV-1a 64 of a code: the same on every machine, whatever the order agencies were loaded in.
std::uint64_t stable_key(std::string_view code);

struct PlanOptions {
    std::int32_t first_year = 2021;
    std::int32_t years = 1;             // length of the schedule
    double fraction = 0.30;             // per stratum and year, rounded up
    std::int32_t cycle_years = 0;       // 0: ceil(1 / fraction)
    std::uint64_t seed = 0;
    double risk_floor = 0.05;           // keeps every unit's chance above zero
    /// Inspections the teams can do in each month (12 entries); 0 closes a month.
    std::vector<std::int32_t> capacity_per_month = std::vector<std::int32_t>(12, 1 << 20);
};

enum class Reason : std::uint8_t { cycle_due, risk_sample };

struct Selection {
    Index agency = kNone;
    std::int32_t stratum = 0;
    std::int32_t year = 0;
    std::int32_t month = 0;     // 1..12; 0 = no capacity left this year
    double risk = 0.0;
    double weight = 0.0;        // sampling weight: (risk_floor + risk) × years since last inspection
    Reason reason = Reason::risk_sample;
    std::int32_t years_since = 0;  // at selection; 0 = never inspected
};

struct StratumYear {
    std::int32_t stratum = 0;
    std::int32_t year = 0;
    std::int32_t units = 0;
    std::int32_t required = 0;   // ceil(fraction × units)
    std::int32_t selected = 0;   // >= required; more when units fall due in the cycle
    std::int32_t due = 0;
};

struct Plan {
    std::vector<Selection> selections;  // by year, then month, then agency
    std::vector<StratumYear> strata;
    std::int32_t cycle_years = 0;
};

/// Throws cchc::Error on bad options (fraction outside (0, 1], capacity list not 12 long, negative risk).
Plan plan(const std::vector<Unit>& units, const PlanOptions& options);

}  // namespace cchc::inspection
