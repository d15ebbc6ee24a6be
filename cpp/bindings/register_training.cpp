#include "pybind11.hpp"

#include "cchc/training.hpp"

namespace cchc::bindings {

namespace {

using namespace cchc::training;

using RulesHandle = std::shared_ptr<RuleSet>;
using InstanceHandle = std::shared_ptr<PlanInstance>;

template <class E>
py::array_t<std::uint8_t> enum_column(const std::vector<E>& v) {
    return gather<std::uint8_t>(v, [](E e) { return static_cast<std::uint8_t>(e); });
}

py::dict gaps_columns(const Gaps& g) {
    py::dict d;
    d["person"] = to_numpy(g.person);
    d["agency"] = to_numpy(g.agency);
    d["rule"] = to_numpy(g.rule);
    d["status"] = enum_column(g.status);
    d["missing_periods"] = to_numpy(g.missing_periods);
    d["due"] = to_numpy(g.due);
    d["since"] = to_numpy(g.since);
    d["overdue"] = to_numpy(g.overdue);
    return d;
}

std::vector<Dimension> dimensions(const std::vector<std::string>& names) {
    std::vector<Dimension> out;
    for (const auto& n : names) {
        auto d = enum_from_string<Dimension>(n);
        if (!d) throw Error("compliance: unknown grouping '" + n + "' (allowed: " + allowed_values<Dimension>() + ")");
        out.push_back(*d);
    }
    return out;
}

template <class T>
std::vector<T> vec(const py::array_t<T, py::array::c_style | py::array::forcecast>& a) {
    return std::vector<T>(a.data(), a.data() + a.size());
}

PlanOptions plan_options(const py::dict& o) {
    PlanOptions p;
    auto get = [&](const char* k, auto& out) {
        if (o.contains(k)) out = o[k].cast<std::decay_t<decltype(out)>>();
    };
    get("as_of", p.as_of);
    get("budget", p.budget);
    get("max_days_away", p.max_days_away);
    get("vnd_per_km", p.vnd_per_km);
    get("per_diem", p.per_diem);
    get("optional_weight", p.optional_weight);
    get("overdue_weight", p.overdue_weight);
    get("leader_weight", p.leader_weight);
    get("fairness_floor", p.fairness_floor);
    get("fairness_bonus", p.fairness_bonus);
    get("sessions_per_course", p.sessions_per_course);
    get("improve_rounds", p.improve_rounds);
    get("seed", p.seed);
    get("threads", p.threads);
    return p;
}

py::dict session_columns(const PlanInstance& in, py::dict d) {
    d["session_days"] = to_numpy(in.session_days);
    d["session_seats"] = gather<std::int32_t>(in.sessions, [](const Session& s) { return s.seats; });
    d["session_start"] = gather<std::int32_t>(in.sessions, [](const Session& s) { return s.start; });
    d["session_end"] = gather<std::int32_t>(in.sessions, [](const Session& s) { return s.end; });
    d["agency_target"] = to_numpy(in.agency_target);
    d["budget"] = in.budget;
    d["max_days_away"] = in.max_days_away;
    d["fairness_bonus"] = in.fairness_bonus;
    return d;
}

py::dict instance_columns(const PlanInstance& in) {
    py::dict d;
    d["gap_person"] = to_numpy(in.gap_person);
    d["gap_agency"] = to_numpy(in.gap_agency);
    d["gap_rule"] = to_numpy(in.gap_rule);
    d["gap_weight"] = to_numpy(in.gap_weight);
    d["gap_missing"] = to_numpy(in.gap_missing);
    d["gap_overdue"] = to_numpy(in.gap_overdue);
    d["gap_due"] = to_numpy(in.gap_due);
    d["item_person"] = to_numpy(in.item_person);
    d["item_course"] = to_numpy(in.item_course);
    return session_columns(in, d);
}

py::dict candidate_columns(const PlanInstance& in, std::size_t limit) {
    Candidates c;
    {
        py::gil_scoped_release release;
        c = enumerate_candidates(in, limit);
    }
    py::dict d = instance_columns(in);
    d["cand_person"] = to_numpy(c.person);
    d["cand_item"] = to_numpy(c.item);
    d["cand_session"] = to_numpy(c.session);
    d["cand_cost"] = to_numpy(c.cost);
    d["cand_offsets"] = to_numpy(c.offsets);
    d["cand_gap"] = to_numpy(c.gap);
    d["cand_fraction"] = to_numpy(c.fraction);
    return d;
}

py::dict result_dict(const PlanInstance& in, const PlanResult& r) {
    py::dict d;
    std::vector<Index> person(r.item.size());
    for (std::size_t k = 0; k < r.item.size(); ++k) person[k] = in.item_person[static_cast<std::size_t>(r.item[k])];
    d["chosen_person"] = to_numpy(person);
    d["chosen_session"] = to_numpy(r.session);
    d["chosen_cost"] = to_numpy(r.cost);
    d["gap_closed"] = to_numpy(r.gap_closed);
    d["gap_reason"] = enum_column(r.gap_reason);
    d["objective"] = r.objective;
    d["greedy_objective"] = r.greedy_objective;
    d["budget_used"] = r.budget_used;
    d["gaps_closed"] = r.gaps_closed;
    d["rounds"] = r.rounds;
    return d;
}

}  // namespace

void register_training(py::module_& m) {
    py::class_<RuleSet, RulesHandle>(m, "TrainingRules", "A parsed training requirement rule pack.")
        .def_property_readonly("name", [](const RuleSet& r) { return r.name; })
        .def_property_readonly("description", [](const RuleSet& r) { return r.description; })
        .def("__len__", [](const RuleSet& r) { return r.rules.size(); })
        .def("to_json", [](const RuleSet& r, int indent) { return rules_to_json(r, indent); }, py::arg("indent") = 2)
        .def("columns", [](const RuleSet& r) {
            py::dict d;
            const auto& x = r.rules;
            d["code"] = gather_str(x, [](const Rule& a) { return a.code; });
            d["name"] = gather_str(x, [](const Rule& a) { return a.name; });
            d["kind"] = gather_str(x, [](const Rule& a) { return std::string(to_string(a.kind)); });
            d["valid_from"] = gather<std::int32_t>(x, [](const Rule& a) { return a.valid_from; });
            d["valid_to"] = gather<std::int32_t>(x, [](const Rule& a) { return a.valid_to; });
            d["periods"] = gather<double>(x, [](const Rule& a) { return a.periods; });
            d["grace_days"] = gather<std::int32_t>(x, [](const Rule& a) { return a.grace_days; });
            d["mandatory"] = gather<bool>(x, [](const Rule& a) { return a.mandatory; });
            d["confirmed"] = gather<bool>(x, [](const Rule& a) { return a.confirmed; });
            d["source"] = gather_str(x, [](const Rule& a) { return a.source; });
            return d;
        });
    py::class_<PlanInstance, InstanceHandle>(m, "TrainingPlanInstance",
                                             "The plan's optimisation instance (gaps, candidates, sessions).")
        .def("columns", &instance_columns)
        .def("candidates", &candidate_columns, py::arg("limit") = 5'000'000,
             "Every (person, session) candidate, explicit (for an exact solver on small instances).")
        .def("result", [](const PlanInstance& in, py::array_t<Index, py::array::c_style | py::array::forcecast> person,
                          py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> session) {
            return result_dict(in, plan_result(in, vec(person), vec(session)));
        }, py::arg("person"), py::arg("session"),
             "The plan result (as training_plan returns it) of given (person, session) assignments.")
        .def("objective", [](const PlanInstance& in, py::array_t<Index, py::array::c_style | py::array::forcecast> person,
                             py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> session) {
            return plan_objective(in, vec(person), vec(session));
        }, py::arg("person"), py::arg("session"),
             "Objective of (person, session) assignments; raises cchc.Error if one breaks a constraint.");

    m.def(
        "training_parse_rules",
        [](const std::string& text, const std::string& source) {
            py::gil_scoped_release release;
            return std::make_shared<RuleSet>(parse_rules(text, source));
        },
        py::arg("text"), py::arg("source") = "");
    m.def(
        "training_gaps",
        [](const ModelHandle& model, const RuleSet& rules, Date as_of, int threads) {
            Gaps g;
            {
                py::gil_scoped_release release;
                g = find_gaps(*model, rules, {as_of, threads});
            }
            return gaps_columns(g);
        },
        py::arg("model"), py::arg("rules"), py::arg("as_of"), py::arg("threads") = 0);
    m.def(
        "training_compliance",
        [](const ModelHandle& model, const RuleSet& rules, const std::vector<std::string>& by, Date as_of,
           int threads) {
            const auto dims = dimensions(by);
            Compliance c;
            {
                py::gil_scoped_release release;
                c = compliance(*model, rules, dims, {as_of, threads});
            }
            py::dict d;
            for (std::size_t k = 0; k < by.size(); ++k) d[py::str(by[k])] = to_numpy(c.keys[k]);
            d["people"] = to_numpy(c.people);
            d["compliant_people"] = to_numpy(c.compliant_people);
            d["requirements"] = to_numpy(c.requirements);
            d["met"] = to_numpy(c.met);
            d["pending"] = to_numpy(c.pending);
            d["overdue"] = to_numpy(c.overdue);
            d["exempt"] = to_numpy(c.exempt);
            return d;
        },
        py::arg("model"), py::arg("rules"), py::arg("by"), py::arg("as_of"), py::arg("threads") = 0);
    m.def(
        "training_plan",
        [](const ModelHandle& model, const RuleSet& rules, py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> course,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> start,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> end,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> place,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> seats,
           py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> cost, const py::dict& options) {
            const auto n = static_cast<std::size_t>(course.size());
            if (static_cast<std::size_t>(start.size()) != n || static_cast<std::size_t>(end.size()) != n ||
                static_cast<std::size_t>(place.size()) != n || static_cast<std::size_t>(seats.size()) != n ||
                static_cast<std::size_t>(cost.size()) != n)
                throw Error("plan: session columns differ in length");
            std::vector<Session> sessions(n);
            for (std::size_t i = 0; i < n; ++i)
                sessions[i] = {course.data()[i], start.data()[i], end.data()[i], place.data()[i], seats.data()[i],
                               cost.data()[i]};
            const PlanOptions opts = plan_options(options);
            auto in = std::make_shared<PlanInstance>();
            PlanResult r;
            {
                py::gil_scoped_release release;
                *in = build_plan_instance(*model, rules, sessions, opts);
                r = solve_plan(*in, opts);
            }
            return py::make_tuple(in, result_dict(*in, r));
        },
        py::arg("model"), py::arg("rules"), py::arg("course"), py::arg("start"), py::arg("end"), py::arg("place"),
        py::arg("seats"), py::arg("cost_per_seat"), py::arg("options"));
    m.def(
        "training_add_records",
        [](const ModelHandle& model, py::array_t<Index, py::array::c_style | py::array::forcecast> person,
           py::array_t<Index, py::array::c_style | py::array::forcecast> course,
           py::array_t<Date, py::array::c_style | py::array::forcecast> start,
           py::array_t<Date, py::array::c_style | py::array::forcecast> end,
           py::array_t<float, py::array::c_style | py::array::forcecast> periods,
           py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast> certificate) {
            auto p = vec(person);
            auto c = vec(course);
            auto s = vec(start);
            auto e = vec(end);
            auto n = vec(periods);
            auto cert = vec(certificate);
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                out = with_training_records(*model, p, c, s, e, n, cert);
            }
            return handle(out);
        },
        py::arg("model"), py::arg("person"), py::arg("course"), py::arg("start"), py::arg("end"), py::arg("periods"),
        py::arg("certificate"), "The model with extra passed training records (a plan's rosters).");
    m.def(
        "training_synthetic",
        [](std::size_t people, double records_per_person, std::uint64_t seed) {
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                out = synthetic_population(people, records_per_person, seed);
            }
            return handle(out);
        },
        py::arg("people"), py::arg("records_per_person") = 10.0, py::arg("seed") = 1,
        "A synthetic national-scale population for benchmarks (see training.hpp).");
    // Cheap accessors (the people table would build millions of id strings).
    m.def("training_string_pool", [](const ModelHandle& model) {
        py::list out;
        for (const auto& v : model->people().strings.values) out.append(py::str(v));
        return out;
    });
    m.def("training_person_agency", [](const ModelHandle& model) { return to_numpy(model->people().agency); });
    py::list reasons, statuses;
    for (auto n : EnumInfo<UnmetReason>::names) reasons.append(py::str(std::string(n)));
    for (auto n : EnumInfo<GapStatus>::names) statuses.append(py::str(std::string(n)));
    m.attr("TRAINING_UNMET_REASONS") = reasons;
    m.attr("TRAINING_GAP_STATUS") = statuses;
}

}  // namespace cchc::bindings
