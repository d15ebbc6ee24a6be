// Compliance cost (chi phí tuân thủ) of administrative procedures, after
// Circular 02/2017/TT-VPCP art. 27 and the OECD Standard Cost Model (SCM):
// cost of one dossier = work time × hourly income + out-of-pocket costs + fees
// and charges; annual cost = cost per dossier × dossiers per year (SCM: P × Q,
// P = tariff × time, Q = population × frequency). Opportunity cost (waiting for
// the result) is excluded, as the Circular requires.
//
// Per dossier of procedure p at implementing agency a (desk level L, one-way
// distance km = a.travel_km, or the level's default when 0):
//   hours  = Σ prep_hours (required components; optional ones × weight) + form_hours
//            + E[trips] × (waiting_hours + fixed_hours[L] + 2·km / km_per_hour[L])
//   money  = Σ (cost + copies × (pages × copy_price + notarised × notarisation))
//            + Σ fees + E[trips] × (fixed_vnd[L] + 2·km × vnd_per_km[L]) + E[postage]
//   cost   = hours × hourly_income + money
// E[trips] mixes three channels: online (share σ when the procedure is online:
// full → 0 trips, partial → min(trips, 1)), postal return of the result (share ρ
// of the rest, when the procedure has a `post` method: one trip fewer, plus
// postage) and the counter (p.trips). Every term is linear, so one pass over
// the catalogue's (procedure, agency) volume lines evaluates everything.
#pragma once

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "cchc/model.hpp"

namespace cchc {

/// Travel of a citizen to a desk at one administrative level.
struct LevelTravel {
    double default_km = 0.0;   // one-way distance used when the agency's travel_km is 0
    double vnd_per_km = 0.0;   // vehicle cost per km travelled (round trip = 2 × km)
    double fixed_vnd = 0.0;    // per trip: parking, tolls
    double km_per_hour = 30.0; // mean door-to-desk speed
    double fixed_hours = 0.0;  // per trip: getting ready, finding the desk
};

/// Where a parameter's default comes from; `confirmed` is false when the value
/// was not found in a primary text (docs/domain.md#compliance-cost: keep it a parameter).
struct ParamSource {
    std::string name;
    std::string unit;
    std::string source;
    bool confirmed = false;
};

/// Every parameter of the cost engine, with documented defaults (see sources()).
struct CostParams {
    // Hourly income: the tariff (P = tariff × time) at which work time is priced.
    double income_per_month = 4'205'000.0;  // VND per person per month
    double hours_per_month = 176.0;         // 22 working days × 8 hours
    double form_hours = 0.5;                // filling in the declaration forms, per dossier
    double waiting_hours = 0.5;             // queueing at the counter, per trip
    double optional_component_weight = 0.0; // share of dossiers that attach an optional component
    double copy_price_per_page = 500.0;     // photocopy, VND per page
    double pages_per_copy = 2.0;
    double notarisation_per_copy = 4'000.0; // chứng thực bản sao: 2,000 VND/page for pages 1–2
    double postage = 26'000.0;              // public postal return of a result (VND per dossier)
    double online_share_partial = 0.15;     // share of dossiers submitted online, partial-online procedures
    double online_share_full = 0.30;        // … full-online procedures
    double postal_share = 0.05;             // share of counter dossiers returned by post (when offered)
    /// Indexed by Level: central, province, district, commune.
    std::array<LevelTravel, 4> travel{{
        {60.0, 2'000.0, 5'000.0, 40.0, 0.5},  // central: treated like the province
        {60.0, 2'000.0, 5'000.0, 40.0, 0.5},  // province: provincial Public Administrative Service Centre
        {20.0, 2'000.0, 5'000.0, 30.0, 0.25}, // district one-stop desk
        {5.0, 2'000.0, 0.0, 20.0, 0.25},      // commune one-stop desk
    }};
    /// Observed or planned shares per procedure code (override the defaults above).
    std::unordered_map<std::string, double> online_share_by_procedure;
    std::unordered_map<std::string, double> postal_share_by_procedure;

    [[nodiscard]] double hourly_income() const noexcept { return income_per_month / hours_per_month; }
    /// Throws Error naming the parameter when a value is negative, a share is outside [0, 1], …
    void validate() const;
    /// Source, unit and confirmation status of every scalar parameter.
    static std::vector<ParamSource> sources();
};

/// Cost of one dossier of a procedure, by SCM component (VND, hours, trips).
struct DossierCost {
    double hours = 0.0;          // work time (time in P = tariff × time)
    double time_cost = 0.0;      // hours × hourly income
    double out_of_pocket = 0.0;  // component costs, copies, notarisation, postage
    double fees = 0.0;           // fees and charges (phí, lệ phí)
    double travel = 0.0;         // vehicle cost of the trips
    double trips = 0.0;          // expected trips per dossier
    [[nodiscard]] double total() const noexcept { return time_cost + out_of_pocket + fees + travel; }
};

/// Compliance cost of a whole catalogue, column-wise.
struct CostResult {
    double hourly_income = 0.0;
    // One entry per procedure (model order). Per-dossier columns are volume
    // weighted over implementing agencies; a procedure without volume is costed
    // at a desk of its first implementing level at the default distance.
    std::vector<double> volume, per_dossier, annual, hours, time_cost, out_of_pocket, fees, travel, trips;
    // One entry per (procedure, implementing agency) volume line.
    std::vector<Index> line_procedure, line_agency;
    std::vector<double> line_volume, line_per_dossier, line_annual;
    // One entry per agency: dossiers and annual cost it implements.
    std::vector<double> agency_volume, agency_annual;
    double total_volume = 0.0;
    double total_annual = 0.0;
};

/// The agency-independent part of a procedure's dossier cost (trips excluded).
struct ProcedureCostParts {
    DossierCost fixed;      // everything except per-trip terms
    double trips = 0.0;     // expected trips per dossier
};

/// The channel mix and fixed cost of one procedure under params.
ProcedureCostParts procedure_cost_parts(const Procedure& p, const CostParams& params);

/// Cost of one trip to agency a's desk: hours (travel and waiting at the counter) and vehicle VND.
struct TripCost {
    double hours = 0.0;
    double vnd = 0.0;
};
TripCost trip_cost(const Agency& a, const CostParams& params);
TripCost trip_cost(Level level, double km, const CostParams& params);

/// Cost of one dossier of p at agency `agency` (kNone: a desk of p's first level).
DossierCost dossier_cost(const Model& m, Index procedure, Index agency, const CostParams& params);

/// Evaluates the whole catalogue in one linear pass.
CostResult compliance_cost(const Model& m, const CostParams& params = {});

}  // namespace cchc
