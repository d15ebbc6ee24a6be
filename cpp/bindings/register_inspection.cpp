#include "pybind11.hpp"

#include "cchc/inspection.hpp"

namespace cchc::bindings {

void register_inspection(py::module_& m) {
    auto ins = m.def_submodule("inspection", "Inspection sampling (C++).");
    ins.def(
        "plan",
        [](py::array_t<Index, py::array::c_style | py::array::forcecast> agency,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> stratum,
           py::array_t<double, py::array::c_style | py::array::forcecast> risk,
           py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> last_inspected, int first_year,
           int years, double fraction, int cycle_years, std::uint64_t seed, double risk_floor,
           std::vector<std::int32_t> capacity_per_month, std::vector<std::string> codes) {
            const auto n = static_cast<std::size_t>(agency.size());
            if (static_cast<std::size_t>(stratum.size()) != n || static_cast<std::size_t>(risk.size()) != n ||
                static_cast<std::size_t>(last_inspected.size()) != n)
                throw py::value_error("agency, stratum, risk and last_inspected must have the same length");
            if (!codes.empty() && codes.size() != n) throw py::value_error("codes must have one entry per unit");
            std::vector<inspection::Unit> units(n);
            for (std::size_t i = 0; i < n; ++i)
                units[i] = {agency.data()[i], stratum.data()[i], risk.data()[i], last_inspected.data()[i],
                            codes.empty() ? 0 : inspection::stable_key(codes.at(i))};
            inspection::PlanOptions options;
            options.first_year = first_year;
            options.years = years;
            options.fraction = fraction;
            options.cycle_years = cycle_years;
            options.seed = seed;
            options.risk_floor = risk_floor;
            options.capacity_per_month = std::move(capacity_per_month);
            inspection::Plan plan;
            {
                py::gil_scoped_release release;
                plan = inspection::plan(units, options);
            }
            const auto& s = plan.selections;
            py::dict sel;
            sel["agency"] = gather<Index>(s, [](const auto& x) { return x.agency; });
            sel["stratum"] = gather<std::int32_t>(s, [](const auto& x) { return x.stratum; });
            sel["year"] = gather<std::int32_t>(s, [](const auto& x) { return x.year; });
            sel["month"] = gather<std::int32_t>(s, [](const auto& x) { return x.month; });
            sel["risk"] = gather<double>(s, [](const auto& x) { return x.risk; });
            sel["weight"] = gather<double>(s, [](const auto& x) { return x.weight; });
            sel["cycle_due"] = gather<bool>(s, [](const auto& x) { return x.reason == inspection::Reason::cycle_due; });
            sel["years_since"] = gather<std::int32_t>(s, [](const auto& x) { return x.years_since; });
            const auto& st = plan.strata;
            py::dict strata;
            strata["stratum"] = gather<std::int32_t>(st, [](const auto& x) { return x.stratum; });
            strata["year"] = gather<std::int32_t>(st, [](const auto& x) { return x.year; });
            strata["units"] = gather<std::int32_t>(st, [](const auto& x) { return x.units; });
            strata["required"] = gather<std::int32_t>(st, [](const auto& x) { return x.required; });
            strata["selected"] = gather<std::int32_t>(st, [](const auto& x) { return x.selected; });
            strata["due"] = gather<std::int32_t>(st, [](const auto& x) { return x.due; });
            return py::make_tuple(sel, strata, plan.cycle_years);
        },
        py::arg("agency"), py::arg("stratum"), py::arg("risk"), py::arg("last_inspected"), py::arg("first_year"),
        py::arg("years"), py::arg("fraction"), py::arg("cycle_years"), py::arg("seed"), py::arg("risk_floor"),
        py::arg("capacity_per_month"), py::arg("codes") = std::vector<std::string>{});
}

}  // namespace cchc::bindings
