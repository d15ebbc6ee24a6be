#include "cchc/inspection.hpp"

#include "cchc/random.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>

namespace cchc::inspection {

namespace {

// A stateless hash of (seed, year, agency key) gives each unit its own uniform
// number, so the plan does not depend on the order of the input.
constexpr auto mix = splitmix64_hash;

double uniform(std::uint64_t seed, std::int32_t year, std::uint64_t key) {
    const std::uint64_t h = mix(mix(mix(seed) ^ static_cast<std::uint64_t>(year)) ^ key);
    return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;  // in (0, 1)
}

}  // namespace

std::uint64_t stable_key(std::string_view code) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : code) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

Plan plan(const std::vector<Unit>& units, const PlanOptions& options) {
    if (!(options.fraction > 0.0 && options.fraction <= 1.0))
        throw Error("inspection fraction must be in (0, 1], got " + std::to_string(options.fraction));
    if (options.capacity_per_month.size() != 12)
        throw Error("capacity_per_month must have 12 entries, got " + std::to_string(options.capacity_per_month.size()));
    if (options.years < 1) throw Error("years must be at least 1");
    if (options.cycle_years < 0) throw Error("cycle_years must be >= 0 (0: ceil(1 / fraction))");
    if (!(options.risk_floor >= 0.0) || !std::isfinite(options.risk_floor))
        throw Error("risk_floor must be finite and >= 0");
    for (std::size_t mth = 0; mth < 12; ++mth)
        if (options.capacity_per_month[mth] < 0)
            throw Error("capacity_per_month[" + std::to_string(mth) + "] must be >= 0");
    for (const auto& u : units)
        if (!(u.risk >= 0.0) || !std::isfinite(u.risk))
            throw Error("risk of agency index " + std::to_string(u.agency) + " must be finite and >= 0");

    Plan out;
    out.cycle_years = options.cycle_years > 0
                          ? options.cycle_years
                          : static_cast<std::int32_t>(std::ceil(1.0 / options.fraction - 1e-9));
    const std::int32_t cycle = out.cycle_years;

    // Deterministic order of units, independent of the input order: by key (agency index when no key).
    std::vector<Unit> sorted = units;
    for (auto& u : sorted)
        if (u.key == 0) u.key = static_cast<std::uint64_t>(u.agency);
    std::sort(sorted.begin(), sorted.end(),
              [](const Unit& a, const Unit& b) { return std::tie(a.key, a.agency) < std::tie(b.key, b.agency); });
    std::vector<std::int32_t> last(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) last[i] = sorted[i].last_inspected;
    std::map<std::int32_t, std::vector<std::size_t>> strata;
    for (std::size_t i = 0; i < sorted.size(); ++i) strata[sorted[i].stratum].push_back(i);

    for (std::int32_t y = options.first_year; y < options.first_year + options.years; ++y) {
        std::vector<Selection> year_sel;
        for (const auto& [stratum, members] : strata) {
            StratumYear sy;
            sy.stratum = stratum;
            sy.year = y;
            sy.units = static_cast<std::int32_t>(members.size());
            sy.required = static_cast<std::int32_t>(std::ceil(options.fraction * sy.units - 1e-9));
            // A never-inspected unit is due by the end of the first cycle window.
            auto due_year = [&](std::size_t i) {
                return last[i] > 0 ? last[i] + cycle : options.first_year + cycle - 1;
            };
            // Units that would fall due later in this window than the remaining years can absorb
            // are pulled forward: keep at most `required` units due in each coming year.
            std::vector<std::size_t> due, rest;
            for (auto i : members) (due_year(i) <= y ? due : rest).push_back(i);
            sy.due = static_cast<std::int32_t>(due.size());
            std::vector<std::pair<double, std::size_t>> keys;  // Efraimidis–Spirakis: u^(1/w), largest first
            for (auto i : rest) {
                const std::int32_t since = last[i] > 0 ? y - last[i] : cycle;
                const double w = (options.risk_floor + sorted[i].risk) * std::max(1, since);
                keys.emplace_back(std::log(uniform(options.seed, y, sorted[i].key)) / w, i);
            }
            std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
            // Look ahead: units due in year y+k must fit in the k+1 plans from now on.
            std::size_t extra = 0;
            {
                std::vector<std::int32_t> due_in(static_cast<std::size_t>(cycle) + 1, 0);
                for (auto i : rest) {
                    const auto k = static_cast<std::size_t>(std::clamp(due_year(i) - y, 0, cycle));
                    ++due_in[k];
                }
                std::int64_t cumulative = 0;
                for (std::size_t k = 1; k <= static_cast<std::size_t>(cycle); ++k) {
                    cumulative += due_in[k];
                    const std::int64_t can = static_cast<std::int64_t>(sy.required) * static_cast<std::int64_t>(k);
                    extra = std::max<std::size_t>(extra, cumulative > can ? static_cast<std::size_t>(cumulative - can) : 0);
                }
            }
            std::vector<std::size_t> chosen = due;
            std::size_t want = std::max<std::size_t>(static_cast<std::size_t>(sy.required), due.size() + extra);
            // Pull forward the earliest-due units first when the look-ahead demands it; among units due
            // the same year, in the risk-weighted random order (else a fresh plan would take the first
            // units of the list every time, whatever the seed and the risk).
            if (extra > 0) {
                std::vector<std::size_t> draw(sorted.size(), 0);
                for (std::size_t r = 0; r < keys.size(); ++r) draw[keys[r].second] = r;
                std::vector<std::size_t> by_due(rest);
                std::sort(by_due.begin(), by_due.end(), [&](std::size_t a, std::size_t b) {
                    return due_year(a) != due_year(b) ? due_year(a) < due_year(b) : draw[a] < draw[b];
                });
                for (std::size_t k = 0; k < extra && k < by_due.size(); ++k) chosen.push_back(by_due[k]);
            }
            for (const auto& [key, i] : keys) {
                if (chosen.size() >= want) break;
                if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
            }
            sy.selected = static_cast<std::int32_t>(chosen.size());
            out.strata.push_back(sy);
            for (std::size_t k = 0; k < chosen.size(); ++k) {
                const auto i = chosen[k];
                Selection s;
                s.agency = sorted[i].agency;
                s.stratum = stratum;
                s.year = y;
                s.risk = sorted[i].risk;
                s.years_since = last[i] > 0 ? y - last[i] : 0;
                s.weight = (options.risk_floor + sorted[i].risk) * std::max(1, last[i] > 0 ? y - last[i] : cycle);
                s.reason = k < due.size() ? Reason::cycle_due : Reason::risk_sample;
                year_sel.push_back(s);
            }
            for (auto i : chosen) last[i] = y;  // strata are disjoint: later strata never read these
        }
        // Months: riskiest first into the least-loaded open month (ties: earliest).
        // Ties in risk: by key, not by input order.
        std::map<Index, std::uint64_t> key_by_agency;
        for (const auto& u : sorted) key_by_agency[u.agency] = u.key;
        std::sort(year_sel.begin(), year_sel.end(), [&](const Selection& a, const Selection& b) {
            return a.risk != b.risk ? a.risk > b.risk : key_by_agency[a.agency] < key_by_agency[b.agency];
        });
        std::vector<std::int32_t> load(12, 0);
        for (auto& s : year_sel) {
            int best = -1;
            for (int mth = 0; mth < 12; ++mth) {
                if (load[static_cast<std::size_t>(mth)] >= options.capacity_per_month[static_cast<std::size_t>(mth)]) continue;
                if (best < 0 || load[static_cast<std::size_t>(mth)] < load[static_cast<std::size_t>(best)]) best = mth;
            }
            if (best >= 0) {
                ++load[static_cast<std::size_t>(best)];
                s.month = best + 1;
            }
        }
        std::sort(year_sel.begin(), year_sel.end(), [](const Selection& a, const Selection& b) {
            return std::tie(a.month, a.agency) < std::tie(b.month, b.agency);
        });
        out.selections.insert(out.selections.end(), year_sel.begin(), year_sel.end());
    }
    return out;
}

}  // namespace cchc::inspection
