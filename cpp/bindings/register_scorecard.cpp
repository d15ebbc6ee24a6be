#include "pybind11.hpp"

#include "cchc/scorecard.hpp"

namespace cchc::bindings {

namespace {

const char* rule_name(scorecard::RuleKind k) {
    switch (k) {
        case scorecard::RuleKind::linear: return "linear";
        case scorecard::RuleKind::steps: return "steps";
        case scorecard::RuleKind::direct: return "direct";
        case scorecard::RuleKind::boolean: return "boolean";
        case scorecard::RuleKind::sum: break;
    }
    return "sum";
}

}  // namespace

void register_scorecard(py::module_& m) {
    auto sc = m.def_submodule("scorecard", "Scorecard packs and scoring (C++).");
    using scorecard::Pack;
    py::class_<Pack, std::shared_ptr<Pack>>(sc, "Pack")
        .def(py::init([](const std::string& text, const std::string& source) {
                 return std::make_shared<Pack>(Pack::from_json(text, source));
             }),
             py::arg("text"), py::arg("source") = "<scorecard>")
        .def_readonly("id", &Pack::id)
        .def_readonly("name", &Pack::name)
        .def_readonly("unit", &Pack::unit)
        .def_readonly("survey_points", &Pack::survey_points)
        .def_property_readonly("bands",
                               [](const Pack& p) {
                                   py::list out;
                                   for (const auto& b : p.bands) out.append(py::make_tuple(b.name, b.min));
                                   return out;
                               })
        .def("leaves", &Pack::leaves)
        .def("nodes", [](const Pack& p) {
            const auto& n = p.nodes;
            py::dict d;
            d["id"] = gather_str(n, [](const auto& x) { return x.id; });
            d["name"] = gather_str(n, [](const auto& x) { return x.name; });
            d["pointer"] = gather_str(n, [](const auto& x) { return x.pointer; });
            d["parent"] = gather<std::int32_t>(n, [](const auto& x) { return x.parent; });
            d["max"] = gather<double>(n, [](const auto& x) { return x.max; });
            d["weight"] = gather<double>(n, [](const auto& x) { return x.weight; });
            d["indicator"] = gather_str(n, [](const auto& x) { return x.indicator; });
            d["source"] = gather_str(n, [](const auto& x) { return x.source; });
            d["basis"] = gather_str(n, [](const auto& x) { return x.basis; });
            d["rule"] = gather_str(n, [](const auto& x) { return std::string(rule_name(x.rule)); });
            return d;
        });
    sc.def(
        "score",
        [](const Pack& pack, py::array_t<double, py::array::c_style | py::array::forcecast> values) {
            const auto nl = pack.leaves().size();
            if (values.ndim() != 2 || static_cast<std::size_t>(values.shape(1)) != nl)
                throw py::value_error("values must be a 2-D array of units × " + std::to_string(nl) + " leaves");
            const auto units = static_cast<std::size_t>(values.shape(0));
            std::vector<double> v(values.data(), values.data() + values.size());
            scorecard::Scores s;
            {
                py::gil_scoped_release release;
                s = scorecard::score(pack, v, units);
            }
            const auto nn = static_cast<py::ssize_t>(pack.nodes.size());
            const auto nu = static_cast<py::ssize_t>(units);
            py::dict out;
            out["points"] = to_numpy(s.points).reshape({nu, nn});
            out["missing"] = to_numpy(s.missing).reshape({nu, nn});
            out["band"] = to_numpy(s.band);
            out["rank"] = to_numpy(s.rank);
            out["explanation"] = s.explanation;
            return out;
        },
        py::arg("pack"), py::arg("values"));
}

}  // namespace cchc::bindings
