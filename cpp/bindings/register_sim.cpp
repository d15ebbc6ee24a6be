// Bindings of the service-flow simulation: parameters in as a dict (the Python
// layer normalises them), results out as numpy columns.
#include "pybind11.hpp"

#include <chrono>

#include "cchc/sim/engine.hpp"

namespace cchc::bindings {

namespace {

using sim::Dist;
using sim::Params;

Dist to_dist(const py::handle& obj, const std::string& what) {
    // ("fixed", v) | ("exponential", mean) | ("lognormal", mean, cv) | ("triangular", lo, mode, hi) | ("empirical", [..])
    auto t = obj.cast<py::tuple>();
    if (t.size() < 2) throw py::value_error(what + ": expected (kind, parameters...)");
    const auto kind = t[0].cast<std::string>();
    Dist d;
    if (kind == "fixed") d = Dist::fixed(t[1].cast<double>());
    else if (kind == "exponential") d = Dist::exponential(t[1].cast<double>());
    else if (kind == "lognormal" && t.size() == 3) d = Dist::lognormal(t[1].cast<double>(), t[2].cast<double>());
    else if (kind == "triangular" && t.size() == 4)
        d = Dist::triangular(t[1].cast<double>(), t[2].cast<double>(), t[3].cast<double>());
    else if (kind == "empirical") d = Dist::empirical(t[1].cast<std::vector<double>>());
    else throw py::value_error(what + ": unknown distribution '" + kind + "'");
    d.check(what);
    return d;
}

std::vector<sim::PoolOverride> to_overrides(const py::handle& obj) {
    std::vector<sim::PoolOverride> out;
    for (auto item : obj.cast<py::dict>())
        out.push_back({item.first.cast<Index>(), item.second.cast<std::int32_t>()});
    return out;
}

template <std::size_t N>
void to_array(const py::handle& obj, double (&out)[N], const char* what) {
    auto v = obj.cast<std::vector<double>>();
    if (v.size() != N) throw py::value_error(std::string(what) + ": expected " + std::to_string(N) + " values");
    for (std::size_t i = 0; i < N; ++i) out[i] = v[i];
}

Params to_params(const py::dict& d) {
    Params p;
    for (auto item : d) {
        const auto key = item.first.cast<std::string>();
        const py::handle v = item.second;
        if (key == "start") p.start = v.cast<Date>();
        else if (key == "days") p.days = v.cast<int>();
        else if (key == "warmup_days") p.warmup_days = v.cast<int>();
        else if (key == "replications") p.replications = v.cast<int>();
        else if (key == "seed") p.seed = v.cast<std::uint64_t>();
        else if (key == "threads") p.threads = v.cast<int>();
        else if (key == "keep_dossiers") p.keep_dossiers = v.cast<bool>();
        else if (key == "keep_event_log") p.keep_event_log = v.cast<bool>();
        else if (key == "keep_replications") p.keep_replications = v.cast<int>();
        else if (key == "volume_scale") p.volume_scale = v.cast<double>();
        else if (key == "drain_days") p.drain_days = v.cast<double>();
        else if (key == "max_memory") p.max_memory = v.cast<double>();
        else if (key == "derived_desk_days") p.derived_desk_days = v.cast<double>();
        else if (key == "month_weights") to_array(v, p.month_weight, "month_weights");
        else if (key == "weekday_weights") to_array(v, p.weekday_weight, "weekday_weights");
        else if (key == "online_share") to_array(v, p.online_share, "online_share");
        else if (key == "post_share") p.post_share = v.cast<double>();
        else if (key == "priority_share") p.priority_share = v.cast<double>();
        else if (key == "desk_time") p.desk_time = to_dist(v, key);
        else if (key == "online_desk_time") p.online_desk_time = to_dist(v, key);
        else if (key == "desk_staff_default") p.desk_staff_default = v.cast<std::int32_t>();
        else if (key == "desk_staff_share") p.desk_staff_share = v.cast<double>();
        else if (key == "desk_staff") p.desk_staff = to_overrides(v);
        else if (key == "step_ratio") p.step_ratio = to_dist(v, key);
        else if (key == "processing_staff_share") p.processing_staff_share = v.cast<double>();
        else if (key == "dossiers_per_officer") p.dossiers_per_officer = v.cast<double>();
        else if (key == "min_servers") p.min_servers = v.cast<std::int32_t>();
        else if (key == "unstaffed_utilisation") p.unstaffed_utilisation = v.cast<double>();
        else if (key == "understaffed_utilisation") p.understaffed_utilisation = v.cast<double>();
        else if (key == "staff") p.staff = to_overrides(v);
        else if (key == "paper_transfer") p.paper_transfer = to_dist(v, key);
        else if (key == "electronic_transfer") p.electronic_transfer = to_dist(v, key);
        else if (key == "desk_handover") p.desk_handover = to_dist(v, key);
        else if (key == "supplement_prob") p.supplement_prob = v.cast<double>();
        else if (key == "supplement_delay") p.supplement_delay = to_dist(v, key);
        else if (key == "clock_rule") {
            const auto s = v.cast<std::string>();
            if (s == "restart") p.clock_rule = sim::ClockRule::restart;
            else if (s == "continue") p.clock_rule = sim::ClockRule::continue_;
            else throw py::value_error("clock_rule: expected 'restart' or 'continue', got '" + s + "'");
        } else if (key == "refusal_prob") p.refusal_prob = v.cast<double>();
        else if (key == "post_return_share") p.post_return_share = v.cast<double>();
        else if (key == "pickup_delay") p.pickup_delay = to_dist(v, key);
        else if (key == "post_delay") p.post_delay = to_dist(v, key);
        else if (key == "rework_prob") p.rework_prob = v.cast<double>();
        else if (key == "rework_to_step") p.rework_to_step = v.cast<std::int32_t>();
        else if (key == "rework") {
            // [(procedure index, probability, step index or name), ...]
            for (auto item : v) {
                auto t = item.cast<py::tuple>();
                sim::ReworkRule r;
                r.procedure = t[0].cast<Index>();
                r.probability = t[1].cast<double>();
                if (py::isinstance<py::str>(t[2])) r.to_name = t[2].cast<std::string>();
                else r.to_step = t[2].cast<std::int32_t>();
                p.rework.push_back(std::move(r));
            }
        } else if (key == "travel_speed_kmh") p.travel_speed_kmh = v.cast<double>();
        else if (key == "scripted") {
            // (procedure index, agency index, wall minutes, channel, priority) columns
            auto t = v.cast<py::tuple>();
            auto proc = t[0].cast<std::vector<Index>>();
            auto ag = t[1].cast<std::vector<Index>>();
            auto time = t[2].cast<std::vector<std::int64_t>>();
            auto ch = t[3].cast<std::vector<int>>();
            auto pr = t[4].cast<std::vector<bool>>();
            for (std::size_t i = 0; i < proc.size(); ++i)
                p.scripted.push_back({proc[i], ag[i], time[i], static_cast<Channel>(ch[i]), static_cast<bool>(pr[i])});
        } else
            throw py::value_error("unknown simulation parameter '" + key + "'");
    }
    return p;
}

CalendarConfig to_calendar(const py::dict& d) {
    CalendarConfig c;
    if (d.contains("office_hours")) {
        c.office_hours.clear();
        for (auto seg : d["office_hours"]) {
            auto pair = seg.cast<std::pair<int, int>>();
            c.office_hours.push_back({pair.first, pair.second});
        }
    }
    if (d.contains("saturday_morning")) c.saturday_morning = d["saturday_morning"].cast<bool>();
    return c;
}

template <class Get>
py::array_t<double> per_rep(const sim::Output& o, Get get) {
    py::array_t<double> a(static_cast<py::ssize_t>(o.reps.size()));
    auto* p = a.mutable_data();
    for (std::size_t r = 0; r < o.reps.size(); ++r) p[r] = static_cast<double>(get(o.reps[r]));
    return a;
}

// R x n matrix of one field of a per-group vector.
template <class Vec, class Get>
py::array_t<double> matrix(const sim::Output& o, Vec vec, std::size_t n, Get get) {
    py::array_t<double> a({static_cast<py::ssize_t>(o.reps.size()), static_cast<py::ssize_t>(n)});
    auto* p = a.mutable_data();
    for (std::size_t r = 0; r < o.reps.size(); ++r) {
        const auto& v = vec(o.reps[r]);
        for (std::size_t i = 0; i < n; ++i) p[r * n + i] = i < v.size() ? static_cast<double>(get(v[i])) : 0.0;
    }
    return a;
}

template <class Vec>
py::dict groups(const sim::Output& o, Vec vec, std::size_t n) {
    py::dict d;
#define CCHC_FIELD(f) d[#f] = matrix(o, vec, n, [](const sim::GroupStats& g) { return g.f; });
    CCHC_FIELD(arrived)
    CCHC_FIELD(finished)
    CCHC_FIELD(refused)
    CCHC_FIELD(early)
    CCHC_FIELD(on_time)
    CCHC_FIELD(late)
    CCHC_FIELD(supplements)
    CCHC_FIELD(reworks)
    CCHC_FIELD(backlog)
    CCHC_FIELD(lead_sum)
    CCHC_FIELD(lead_sumsq)
    CCHC_FIELD(trips)
    CCHC_FIELD(desk_wait)
    CCHC_FIELD(step_wait)
    CCHC_FIELD(hours_lost)
#undef CCHC_FIELD
    return d;
}

py::dict output_to_python(sim::Output o) {
    py::dict d;
    const std::size_t R = o.reps.size();
    d["total"] = groups(o, [](const sim::RepStats& r) { return std::vector<sim::GroupStats>{r.total}; }, 1);
    const std::size_t n_ag = R ? o.reps[0].by_agency.size() : 0, n_pr = R ? o.reps[0].by_procedure.size() : 0;
    d["agency"] = groups(o, [](const sim::RepStats& r) -> const auto& { return r.by_agency; }, n_ag);
    d["procedure"] = groups(o, [](const sim::RepStats& r) -> const auto& { return r.by_procedure; }, n_pr);
    const std::size_t n_pool = o.pool_agency.size();
    py::dict pools;
    auto pv = [](const sim::RepStats& r) -> const auto& { return r.pools; };
    pools["busy"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.busy; });
    pools["queue_area"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.queue_area; });
    pools["wait_sum"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.wait_sum; });
    pools["served"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.served; });
    pools["backlog"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.backlog; });
    pools["max_queue"] = matrix(o, pv, n_pool, [](const sim::PoolStats& s) { return s.max_queue; });
    pools["agency"] = to_numpy(o.pool_agency);
    pools["is_desk"] = to_numpy(o.pool_is_desk);
    pools["servers"] = to_numpy(o.pool_servers);
    pools["defaulted"] = to_numpy(o.pool_defaulted);
    pools["offered"] = to_numpy(o.pool_offered);
    pools["raised"] = to_numpy(o.pool_raised);
    d["pools"] = pools;
    d["derived_plans"] = to_numpy(o.derived_plans);
    d["excluded"] = to_numpy(o.excluded);
    d["no_distance"] = to_numpy(o.no_distance);
    d["not_valid"] = to_numpy(o.not_valid);
    d["memory_estimate"] = o.memory_estimate;
    const std::size_t bins = R ? o.reps[0].lead.counts.size() : 0;
    py::array_t<std::uint64_t> hist({static_cast<py::ssize_t>(R), static_cast<py::ssize_t>(bins)});
    for (std::size_t r = 0; r < R; ++r)
        std::copy(o.reps[r].lead.counts.begin(), o.reps[r].lead.counts.end(), hist.mutable_data() + r * bins);
    d["lead_hist"] = hist;
    d["lead_bin_minutes"] = R ? o.reps[0].lead.width : 30.0;
    d["events"] = per_rep(o, [](const sim::RepStats& r) { return r.events; });
    d["peak_wip"] = per_rep(o, [](const sim::RepStats& r) { return r.peak_wip; });
    py::list wip;
    for (const auto& r : o.reps) wip.append(to_numpy(r.wip_by_day));
    d["wip_by_day"] = wip;
    py::list qmean, qmax;
    for (const auto& r : o.reps) {
        qmean.append(to_numpy(r.queue_mean_by_day));
        qmax.append(to_numpy(r.queue_max_by_day));
    }
    d["queue_mean_by_day"] = qmean;
    d["queue_max_by_day"] = qmax;
    py::list dossiers;
    for (auto& r : o.dossiers) {
        py::dict c;
#define CCHC_COL(f) c[#f] = to_numpy(r.f);
        CCHC_COL(id) CCHC_COL(procedure) CCHC_COL(agency) CCHC_COL(desk) CCHC_COL(channel) CCHC_COL(priority)
        CCHC_COL(outcome) CCHC_COL(status) CCHC_COL(trips) CCHC_COL(arrival) CCHC_COL(receipt) CCHC_COL(deadline)
        CCHC_COL(ready) CCHC_COL(completion) CCHC_COL(desk_wait) CCHC_COL(step_wait) CCHC_COL(step_work)
        CCHC_COL(transfer) CCHC_COL(arrival_wall) CCHC_COL(receipt_wall) CCHC_COL(deadline_wall)
        CCHC_COL(ready_wall) CCHC_COL(completion_wall) CCHC_COL(lead_days)
#undef CCHC_COL
        dossiers.append(c);
    }
    d["dossiers"] = dossiers;
    py::list events;
    for (auto& r : o.events) {
        py::dict c;
        c["dossier"] = to_numpy(r.dossier);
        c["activity"] = to_numpy(r.activity);
        c["resource"] = to_numpy(r.resource);
        c["start"] = to_numpy(r.start);
        c["end"] = to_numpy(r.end);
        c["start_wall"] = to_numpy(r.start_wall);
        c["end_wall"] = to_numpy(r.end_wall);
        events.append(c);
    }
    d["event_log"] = events;
    d["activity_names"] = o.activity_names;
    d["horizon_minutes"] = o.horizon_minutes;
    d["minutes_per_day"] = o.minutes_per_day;
    d["cancelled"] = o.cancelled;
    return d;
}

}  // namespace

void register_sim(py::module_& m) {
    // A run refused for its memory estimate is Python's MemoryError (raised before anything is allocated).
    py::register_exception_translator([](std::exception_ptr p) {
        if (!p) return;
        try {
            std::rethrow_exception(p);
        } catch (const sim::MemoryLimitError& e) {
            PyErr_SetString(PyExc_MemoryError, e.what());
        }
    });
    py::class_<sim::Simulation> cls(m, "Simulation",
                                    "A prepared service-flow simulation (C++). Use cchc.simulate().");
    cls.def(py::init([](const ModelHandle& model, const py::dict& params, const py::dict& calendar) {
                Params p = to_params(params);
                CalendarConfig c = to_calendar(calendar);
                py::gil_scoped_release release;
                return std::make_unique<sim::Simulation>(model, std::move(p), std::move(c));
            }),
            py::arg("model"), py::arg("params"), py::arg("calendar") = py::dict())
        .def("run",
             [](sim::Simulation& self) {
                 sim::Output out;
                 {
                     py::gil_scoped_release release;
                     out = self.run();
                 }
                 return output_to_python(std::move(out));
             })
        .def("start", [](sim::Simulation& self) { self.start(); })
        .def(
            "wait",
            [](sim::Simulation& self, double seconds) {
                py::gil_scoped_release release;
                return self.wait(seconds);
            },
            py::arg("seconds"))
        .def("take",
             [](sim::Simulation& self) {
                 sim::Output out;
                 {
                     py::gil_scoped_release release;
                     out = self.take();
                 }
                 return output_to_python(std::move(out));
             })
        .def("cancel", &sim::Simulation::cancel)
        .def_property_readonly("finished", &sim::Simulation::finished)
        .def_property_readonly("replications", &sim::Simulation::replications)
        .def_property_readonly("memory_estimate", &sim::Simulation::memory_estimate,
                               "Estimated peak memory of the run in bytes.");
}

}  // namespace cchc::bindings
