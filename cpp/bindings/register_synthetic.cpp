#include "pybind11.hpp"

#include <stdexcept>

#include "cchc/synthetic.hpp"

namespace cchc::bindings {

void register_synthetic(py::module_& m) {
    m.def(
        "synthetic",
        [](std::int32_t provinces, std::int32_t communes, std::int64_t people, double records_per_person,
           std::uint64_t seed, std::int32_t province_procedures, std::int32_t commune_procedures,
           std::int64_t population, double dossiers_per_resident, const std::string& as_of) {
            SyntheticOptions o;
            o.provinces = provinces;
            o.communes = communes;
            o.people = people;
            o.records_per_person = records_per_person;
            o.seed = seed;
            o.province_procedures = province_procedures;
            o.commune_procedures = commune_procedures;
            o.population = population;
            o.dossiers_per_resident = dossiers_per_resident;
            const auto date = parse_date(as_of);
            if (!date) throw py::value_error("as_of must be a date 'YYYY-MM-DD', got '" + as_of + "'");
            o.as_of = *date;
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                try {
                    out = synthetic(o);
                } catch (const std::invalid_argument& e) {
                    py::gil_scoped_acquire acquire;
                    throw py::value_error(e.what());
                }
            }
            return handle(out);
        },
        py::arg("provinces"), py::arg("communes"), py::arg("people"), py::arg("records_per_person"), py::arg("seed"),
        py::arg("province_procedures"), py::arg("commune_procedures"), py::arg("population"),
        py::arg("dossiers_per_resident"), py::arg("as_of"),
        "A synthetic national model (see cchc.datasets.synthetic).");
}

}  // namespace cchc::bindings
