// Compliance cost and scenarios: results cross as numpy columns, scenarios as
// JSON text (the C++ parser is the single validator), parameters as a dict.
#include "pybind11.hpp"

#include "cchc/cost.hpp"
#include "cchc/scenario.hpp"

namespace cchc::bindings {

namespace {

using Field = double CostParams::*;
const std::pair<const char*, Field> kScalars[] = {
    {"income_per_month", &CostParams::income_per_month},
    {"hours_per_month", &CostParams::hours_per_month},
    {"form_hours", &CostParams::form_hours},
    {"waiting_hours", &CostParams::waiting_hours},
    {"optional_component_weight", &CostParams::optional_component_weight},
    {"copy_price_per_page", &CostParams::copy_price_per_page},
    {"pages_per_copy", &CostParams::pages_per_copy},
    {"notarisation_per_copy", &CostParams::notarisation_per_copy},
    {"postage", &CostParams::postage},
    {"online_share_partial", &CostParams::online_share_partial},
    {"online_share_full", &CostParams::online_share_full},
    {"postal_share", &CostParams::postal_share},
};
using TravelField = double LevelTravel::*;
const std::pair<const char*, TravelField> kTravel[] = {
    {"default_km", &LevelTravel::default_km},     {"vnd_per_km", &LevelTravel::vnd_per_km},
    {"trip_fixed_vnd", &LevelTravel::fixed_vnd},  {"km_per_hour", &LevelTravel::km_per_hour},
    {"trip_fixed_hours", &LevelTravel::fixed_hours},
};

py::dict params_to_dict(const CostParams& p) {
    py::dict d;
    for (const auto& [name, field] : kScalars) d[name] = p.*field;
    for (const auto& [name, field] : kTravel) {
        py::dict by_level;
        for (std::size_t l = 0; l < p.travel.size(); ++l)
            by_level[py::str(std::string(to_string(static_cast<Level>(l))))] = p.travel[l].*field;
        d[name] = by_level;
    }
    d["online_share_by_procedure"] = p.online_share_by_procedure;
    d["postal_share_by_procedure"] = p.postal_share_by_procedure;
    return d;
}

CostParams params_from_dict(const py::dict& d) {
    CostParams p;
    for (const auto& [key_obj, value] : d) {
        const std::string key = py::str(key_obj);
        bool done = false;
        for (const auto& [name, field] : kScalars)
            if (key == name) {
                p.*field = value.cast<double>();
                done = true;
            }
        for (const auto& [name, field] : kTravel)
            if (key == name) {
                for (const auto& [lk, lv] : value.cast<py::dict>()) {
                    const std::string level = py::str(lk);
                    const auto l = enum_from_string<Level>(level);
                    if (!l) throw Error("cost parameter '" + key + "': unknown level '" + level + "'; allowed: " +
                                        allowed_values<Level>());
                    p.travel[static_cast<std::size_t>(*l)].*field = lv.cast<double>();
                }
                done = true;
            }
        if (key == "online_share_by_procedure") {
            p.online_share_by_procedure = value.cast<std::unordered_map<std::string, double>>();
            done = true;
        } else if (key == "postal_share_by_procedure") {
            p.postal_share_by_procedure = value.cast<std::unordered_map<std::string, double>>();
            done = true;
        }
        if (!done) throw Error("unknown cost parameter '" + key + "'");
    }
    p.validate();
    return p;
}

py::dict result_to_dict(const CostResult& r) {
    py::dict procs, lines, agencies, out;
    procs["volume"] = to_numpy(r.volume);
    procs["per_dossier"] = to_numpy(r.per_dossier);
    procs["annual"] = to_numpy(r.annual);
    procs["hours"] = to_numpy(r.hours);
    procs["time_cost"] = to_numpy(r.time_cost);
    procs["out_of_pocket"] = to_numpy(r.out_of_pocket);
    procs["fees"] = to_numpy(r.fees);
    procs["travel"] = to_numpy(r.travel);
    procs["trips"] = to_numpy(r.trips);
    lines["procedure"] = to_numpy(r.line_procedure);
    lines["agency"] = to_numpy(r.line_agency);
    lines["volume"] = to_numpy(r.line_volume);
    lines["per_dossier"] = to_numpy(r.line_per_dossier);
    lines["annual"] = to_numpy(r.line_annual);
    agencies["volume"] = to_numpy(r.agency_volume);
    agencies["annual"] = to_numpy(r.agency_annual);
    out["procedures"] = procs;
    out["lines"] = lines;
    out["agencies"] = agencies;
    out["hourly_income"] = r.hourly_income;
    out["total_volume"] = r.total_volume;
    out["total_annual"] = r.total_annual;
    return out;
}

Scenario parse_scenario(const std::string& text) { return Scenario::from_json(text); }

}  // namespace

void register_cost(py::module_& m) {
    py::class_<ScenarioEvaluator, std::shared_ptr<ScenarioEvaluator>> evaluator(
        m, "ScenarioEvaluator", "Costs many scenarios against one base model; recosts only touched procedures.");

    m.def("cost_defaults", [] { return params_to_dict(CostParams{}); },
          "Default cost parameters (Circular 02/2017 / SCM), as a dict.");
    m.def("cost_params_check", [](const py::dict& d) { return params_to_dict(params_from_dict(d)); },
          py::arg("params"), "Validates a parameter dict; returns it complete.");
    m.def("cost_sources", [] {
        py::list out;
        for (const auto& s : CostParams::sources()) {
            py::dict d;
            d["name"] = s.name;
            d["unit"] = s.unit;
            d["source"] = s.source;
            d["confirmed"] = s.confirmed;
            out.append(d);
        }
        return out;
    });
    m.def(
        "compliance_cost",
        [](const ModelHandle& model, const py::dict& params) {
            const CostParams p = params_from_dict(params);
            CostResult r;
            {
                py::gil_scoped_release release;
                r = compliance_cost(*model, p);
            }
            return result_to_dict(r);
        },
        py::arg("model"), py::arg("params"));
    m.def(
        "scenario_normalize",
        [](const std::string& text, int indent) {
            py::gil_scoped_release release;
            return parse_scenario(text).to_json(indent);
        },
        py::arg("text"), py::arg("indent") = -1, "Parses and checks scenario JSON; returns its canonical form.");
    m.def(
        "scenario_describe",
        [](const std::string& text) {
            std::vector<std::string> out;
            for (const auto& a : parse_scenario(text).actions) out.push_back(a.describe());
            return out;
        },
        py::arg("text"));
    m.def(
        "apply_scenario",
        [](const ModelHandle& model, const std::string& text, const py::dict& params) {
            const CostParams p = params_from_dict(params);
            Applied out;
            {
                py::gil_scoped_release release;
                out = apply(*model, parse_scenario(text), p);
            }
            return py::make_tuple(handle(out.model), params_to_dict(out.params), out.touched);
        },
        py::arg("model"), py::arg("scenario"), py::arg("params"));

    evaluator
        .def(py::init([](const ModelHandle& model, const py::dict& params) {
                 const CostParams p = params_from_dict(params);
                 py::gil_scoped_release release;
                 return std::make_shared<ScenarioEvaluator>(model, p);
             }),
             py::arg("model"), py::arg("params"))
        .def_property_readonly("baseline", &ScenarioEvaluator::baseline)
        .def(
            "evaluate",
            [](const ScenarioEvaluator& self, const std::string& text) {
                ScenarioEvaluator::Outcome o;
                {
                    py::gil_scoped_release release;
                    o = self.evaluate(parse_scenario(text));
                }
                return py::make_tuple(o.before, o.after, o.procedures_touched);
            },
            py::arg("scenario"))
        .def(
            "evaluate_many",
            [](const ScenarioEvaluator& self, const std::vector<std::string>& texts, unsigned threads) {
                std::vector<ScenarioEvaluator::Outcome> outs;
                {
                    py::gil_scoped_release release;
                    std::vector<Scenario> scenarios;
                    scenarios.reserve(texts.size());
                    for (const auto& t : texts) scenarios.push_back(parse_scenario(t));
                    outs = self.evaluate_many(scenarios, threads);
                }
                std::vector<double> after(outs.size());
                std::vector<std::int32_t> touched(outs.size());
                for (std::size_t i = 0; i < outs.size(); ++i) {
                    after[i] = outs[i].after;
                    touched[i] = outs[i].procedures_touched;
                }
                return py::make_tuple(to_numpy(after), to_numpy(touched));
            },
            py::arg("scenarios"), py::arg("threads") = 0);
}

}  // namespace cchc::bindings
