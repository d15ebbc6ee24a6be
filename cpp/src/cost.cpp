#include "cchc/cost.hpp"

#include <cmath>

namespace cchc {

namespace {

void require(bool ok, const std::string& name, double value, const char* rule) {
    if (!ok) throw Error("cost parameter '" + name + "' " + rule + ", got " + std::to_string(value));
}

void check_share(const std::string& name, double v) {
    require(std::isfinite(v) && v >= 0.0 && v <= 1.0, name, v, "must be a share in [0, 1]");
}

void check_nonneg(const std::string& name, double v) {
    require(std::isfinite(v) && v >= 0.0, name, v, "must be a finite number >= 0");
}

double share_for(const std::unordered_map<std::string, double>& by_code, const std::string& code, double fallback) {
    if (by_code.empty()) return fallback;
    auto it = by_code.find(code);
    return it == by_code.end() ? fallback : it->second;
}

bool offers_post(const Procedure& p) {
    for (const auto& m : p.methods)
        if (m.channel == Channel::post) return true;
    return false;
}

}  // namespace

void CostParams::validate() const {
    require(std::isfinite(income_per_month) && income_per_month >= 0, "income_per_month", income_per_month,
            "must be a finite number >= 0");
    require(std::isfinite(hours_per_month) && hours_per_month > 0, "hours_per_month", hours_per_month,
            "must be positive");
    check_nonneg("form_hours", form_hours);
    check_nonneg("waiting_hours", waiting_hours);
    check_share("optional_component_weight", optional_component_weight);
    check_nonneg("copy_price_per_page", copy_price_per_page);
    check_nonneg("pages_per_copy", pages_per_copy);
    check_nonneg("notarisation_per_copy", notarisation_per_copy);
    check_nonneg("postage", postage);
    check_share("online_share_partial", online_share_partial);
    check_share("online_share_full", online_share_full);
    check_share("postal_share", postal_share);
    for (std::size_t l = 0; l < travel.size(); ++l) {
        const std::string lv(to_string(static_cast<Level>(l)));
        check_nonneg("default_km[" + lv + "]", travel[l].default_km);
        check_nonneg("vnd_per_km[" + lv + "]", travel[l].vnd_per_km);
        check_nonneg("trip_fixed_vnd[" + lv + "]", travel[l].fixed_vnd);
        require(std::isfinite(travel[l].km_per_hour) && travel[l].km_per_hour > 0, "km_per_hour[" + lv + "]",
                travel[l].km_per_hour, "must be positive");
        check_nonneg("trip_fixed_hours[" + lv + "]", travel[l].fixed_hours);
    }
    for (const auto& [code, v] : online_share_by_procedure) check_share("online_share_by_procedure[" + code + "]", v);
    for (const auto& [code, v] : postal_share_by_procedure) check_share("postal_share_by_procedure[" + code + "]", v);
}

std::vector<ParamSource> CostParams::sources() {
    const std::string estimate = "working estimate of this project, not from a primary text";
    return {
        {"income_per_month", "VND/person/month",
         "average monthly income per capita, whole country, 2021 (GSO Household Living Standards Survey): "
         "4,205 thousand VND; Circular 02/2017 asks for per-capita income, the exact official basis is not stated",
         false},
        {"hours_per_month", "hours/month",
         "22 working days × 8 hours (40-hour week of state agencies, Decision 188/1999/QĐ-TTg)", false},
        {"form_hours", "hours/dossier", "time to fill in the declaration form(s); " + estimate, false},
        {"waiting_hours", "hours/trip", "queueing at a one-stop desk; " + estimate, false},
        {"optional_component_weight", "share",
         "optional components count only in some dossier cases; 0 follows the Circular's 'lower average' rule",
         false},
        {"copy_price_per_page", "VND/page", "photocopy price in a provincial town; " + estimate, false},
        {"pages_per_copy", "pages", "typical length of a copied paper (ID card, certificate); " + estimate, false},
        {"notarisation_per_copy", "VND/copy",
         "certification of copies from originals (chứng thực bản sao): 2,000 VND per page for pages 1–2, "
         "1,000 VND from page 3 (Circular 226/2016/TT-BTC), 2 pages", false},
        {"postage", "VND/dossier", "public postal service (BCCI) return of a result within a province; " + estimate,
         false},
        {"online_share_partial", "share", "share of dossiers filed online when partial online service exists; " +
                                              estimate + " (observed shares per procedure override it)", false},
        {"online_share_full", "share", "share of dossiers filed online when full online service exists; " + estimate,
         false},
        {"postal_share", "share", "share of counter dossiers whose result is returned by post; " + estimate, false},
        {"default_km", "km (one way)",
         "used when an agency has no travel_km: province 60, district 20, commune 5 (mountainous province); " +
             estimate, false},
        {"vnd_per_km", "VND/km", "motorbike: fuel ≈ 500 VND/km plus wear and maintenance; " + estimate, false},
        {"trip_fixed_vnd", "VND/trip", "motorbike parking at district and provincial desks; " + estimate, false},
        {"km_per_hour", "km/h", "mean speed on mountain roads: province 40, district 30, commune 20; " + estimate,
         false},
        {"trip_fixed_hours", "hours/trip", "getting to and finding the desk; " + estimate, false},
    };
}

TripCost trip_cost(Level level, double km, const CostParams& params) {
    const LevelTravel& t = params.travel[static_cast<std::size_t>(level)];
    if (km <= 0.0) km = t.default_km;
    // Waiting at the counter belongs to the trip: no trip, no queue.
    return {params.waiting_hours + t.fixed_hours + 2.0 * km / t.km_per_hour, t.fixed_vnd + 2.0 * km * t.vnd_per_km};
}

TripCost trip_cost(const Agency& a, const CostParams& params) { return trip_cost(a.level, a.travel_km, params); }

ProcedureCostParts procedure_cost_parts(const Procedure& p, const CostParams& params) {
    ProcedureCostParts out;
    DossierCost& c = out.fixed;
    const double copy_price = params.copy_price_per_page * params.pages_per_copy;
    double hours = params.form_hours;
    double money = 0.0;
    for (const auto& comp : p.components) {
        const double w = comp.required ? 1.0 : params.optional_component_weight;
        if (w == 0.0) continue;
        const double copies = comp.copies;
        hours += w * comp.prep_hours;
        money += w * (static_cast<double>(comp.cost) + copies * copy_price +
                      (comp.notarised ? copies * params.notarisation_per_copy : 0.0));
    }
    double fees = 0.0;
    for (const auto& f : p.fees) fees += static_cast<double>(f.amount);

    // Channel mix: online share σ, postal-return share ρ of the counter dossiers.
    double online = 0.0;
    if (p.online_level != OnlineLevel::none) {
        const double def =
            p.online_level == OnlineLevel::full ? params.online_share_full : params.online_share_partial;
        // This call's explicit parameters win, then the share recorded in the model, then the default.
        online = share_for(params.online_share_by_procedure, p.code, share_known(p.online_share) ? p.online_share : def);
    }
    const double postal =
        offers_post(p) ? share_for(params.postal_share_by_procedure, p.code,
                                   share_known(p.postal_share) ? p.postal_share : params.postal_share)
                       : 0.0;
    // Channels: counter (1-σ), of which a share ρ has the result posted (one
    // collection trip fewer, plus postage); online σ: full → no trip, partial →
    // one trip (originals, result) that postal return saves too.
    const double T = static_cast<double>(std::max(p.trips, 0));
    const bool partial = p.online_level == OnlineLevel::partial;
    const double posted = T >= 1.0 ? postal : 0.0;  // nothing to collect: nothing to post
    const double online_trips = partial ? std::min(T, 1.0) : 0.0;
    out.trips = (1.0 - online) * ((1.0 - posted) * T + posted * (T - 1.0)) + online * (1.0 - posted) * online_trips;
    const double postage_share = (1.0 - online) * posted + (partial ? online * posted : 0.0);
    money += postage_share * params.postage;

    c.hours = hours;
    c.time_cost = hours * params.hourly_income();
    c.out_of_pocket = money;
    c.fees = fees;
    c.travel = 0.0;
    c.trips = out.trips;
    return out;
}

namespace {

Level first_level(const Procedure& p) { return p.levels.empty() ? Level::province : p.levels.front(); }

DossierCost add_trips(const ProcedureCostParts& parts, TripCost trip, double rate) {
    DossierCost c = parts.fixed;
    const double h = parts.trips * trip.hours;
    c.hours += h;
    c.time_cost += h * rate;
    c.travel += parts.trips * trip.vnd;
    return c;
}

}  // namespace

DossierCost dossier_cost(const Model& m, Index procedure, Index agency, const CostParams& params) {
    const auto& procs = m.procedures();
    if (procedure < 0 || static_cast<std::size_t>(procedure) >= procs.size())
        throw Error("procedure index " + std::to_string(procedure) + " is out of range");
    const Procedure& p = procs[static_cast<std::size_t>(procedure)];
    const auto parts = procedure_cost_parts(p, params);
    TripCost trip;
    if (agency == kNone) {
        trip = trip_cost(first_level(p), 0.0, params);
    } else {
        if (agency < 0 || static_cast<std::size_t>(agency) >= m.agencies().size())
            throw Error("agency index " + std::to_string(agency) + " is out of range");
        trip = trip_cost(m.agencies()[static_cast<std::size_t>(agency)], params);
    }
    return add_trips(parts, trip, params.hourly_income());
}

CostResult compliance_cost(const Model& m, const CostParams& params) {
    params.validate();
    const auto& procs = m.procedures();
    const auto& agencies = m.agencies();
    const double rate = params.hourly_income();
    CostResult r;
    r.hourly_income = rate;
    const std::size_t np = procs.size();
    for (auto* col : {&r.volume, &r.per_dossier, &r.annual, &r.hours, &r.time_cost, &r.out_of_pocket, &r.fees,
                      &r.travel, &r.trips})
        col->assign(np, 0.0);
    r.agency_volume.assign(agencies.size(), 0.0);
    r.agency_annual.assign(agencies.size(), 0.0);

    // A trip's cost depends only on the desk: once per agency, not per line.
    std::vector<TripCost> trips(agencies.size());
    for (std::size_t a = 0; a < agencies.size(); ++a) trips[a] = trip_cost(agencies[a], params);

    std::size_t lines = 0;
    for (const auto& p : procs) lines += p.volumes.size();
    r.line_procedure.reserve(lines);
    r.line_agency.reserve(lines);
    r.line_volume.reserve(lines);
    r.line_per_dossier.reserve(lines);
    r.line_annual.reserve(lines);

    for (std::size_t i = 0; i < np; ++i) {
        const Procedure& p = procs[i];
        const auto parts = procedure_cost_parts(p, params);
        double v_sum = 0.0, trip_h = 0.0, trip_vnd = 0.0;
        for (const auto& vol : p.volumes) {
            const TripCost& t = trips[static_cast<std::size_t>(vol.agency)];
            const DossierCost c = add_trips(parts, t, rate);
            const double per = c.total();
            const double annual = per * vol.annual;
            r.line_procedure.push_back(static_cast<Index>(i));
            r.line_agency.push_back(vol.agency);
            r.line_volume.push_back(vol.annual);
            r.line_per_dossier.push_back(per);
            r.line_annual.push_back(annual);
            r.agency_volume[static_cast<std::size_t>(vol.agency)] += vol.annual;
            r.agency_annual[static_cast<std::size_t>(vol.agency)] += annual;
            v_sum += vol.annual;
            trip_h += vol.annual * t.hours;
            trip_vnd += vol.annual * t.vnd;
        }
        // Volume-weighted dossier; without volume, a desk of the first level.
        TripCost mean = v_sum > 0.0 ? TripCost{trip_h / v_sum, trip_vnd / v_sum}
                                    : trip_cost(first_level(p), 0.0, params);
        const DossierCost c = add_trips(parts, mean, rate);
        r.volume[i] = v_sum;
        r.per_dossier[i] = c.total();
        r.annual[i] = c.total() * v_sum;
        r.hours[i] = c.hours;
        r.time_cost[i] = c.time_cost;
        r.out_of_pocket[i] = c.out_of_pocket;
        r.fees[i] = c.fees;
        r.travel[i] = c.travel;
        r.trips[i] = c.trips;
        r.total_volume += v_sum;
        r.total_annual += r.annual[i];
    }
    return r;
}

}  // namespace cchc
