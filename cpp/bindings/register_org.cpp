#include "pybind11.hpp"

#include "cchc/org.hpp"

namespace cchc::bindings {

namespace {

Date date_arg(const std::string& text) {
    if (text.empty()) return kNoDate;
    auto d = parse_date(text);
    if (!d) throw py::value_error("'" + text + "' is not a date \"YYYY-MM-DD\"");
    return *d;
}

}  // namespace

void register_org(py::module_& m) {
    auto org = m.def_submodule("org", "Organisation analysis (C++).");
    org.def(
        "task_chairs",
        [](const ModelHandle& model, const std::string& as_of) {
            const Date d = date_arg(as_of);
            std::vector<org::TaskChairs> rows;
            {
                py::gil_scoped_release release;
                rows = org::task_chairs(*model, d);
            }
            std::vector<Index> task, chair_agency, chair_task;
            std::vector<std::int32_t> chairs, coordinators;
            for (const auto& r : rows) {
                task.push_back(r.task);
                chairs.push_back(r.chairs);
                coordinators.push_back(r.coordinators);
                for (Index a : r.chair_agencies) {
                    chair_task.push_back(r.task);
                    chair_agency.push_back(a);
                }
            }
            py::dict out;
            out["task"] = to_numpy(task);
            out["chairs"] = to_numpy(chairs);
            out["coordinators"] = to_numpy(coordinators);
            out["chair_task"] = to_numpy(chair_task);
            out["chair_agency"] = to_numpy(chair_agency);
            return out;
        },
        py::arg("model"), py::arg("as_of") = "");
    org.def(
        "overlaps",
        [](const ModelHandle& model, const std::string& as_of, bool chair_only, int min_shared, double min_jaccard,
           std::size_t top) {
            org::OverlapOptions options;
            options.chair_only = chair_only;
            options.min_shared = min_shared;
            options.min_jaccard = min_jaccard;
            options.top = top;
            const Date d = date_arg(as_of);
            std::vector<org::Overlap> rows;
            {
                py::gil_scoped_release release;
                rows = org::overlaps(*model, d, options);
            }
            std::vector<Index> a, b;
            std::vector<std::int32_t> shared, shared_chaired;
            std::vector<double> jaccard;
            py::list tasks;
            for (const auto& r : rows) {
                a.push_back(r.a);
                b.push_back(r.b);
                shared.push_back(r.shared);
                shared_chaired.push_back(r.shared_chaired);
                jaccard.push_back(r.jaccard);
                tasks.append(to_numpy(r.shared_tasks));
            }
            py::dict out;
            out["a"] = to_numpy(a);
            out["b"] = to_numpy(b);
            out["shared"] = to_numpy(shared);
            out["jaccard"] = to_numpy(jaccard);
            out["shared_chaired"] = to_numpy(shared_chaired);
            out["shared_tasks"] = tasks;
            return out;
        },
        py::arg("model"), py::arg("as_of") = "", py::arg("chair_only") = false, py::arg("min_shared") = 1,
        py::arg("min_jaccard") = 0.0, py::arg("top") = 50);
    org.def(
        "structure",
        [](const ModelHandle& model, const std::string& as_of) {
            const Date d = date_arg(as_of);
            std::vector<org::UnitStructure> rows;
            {
                py::gil_scoped_release release;
                rows = org::structure(*model, d);
            }
            py::dict out;
            out["agency"] = gather<Index>(rows, [](const auto& r) { return r.agency; });
            out["depth"] = gather<std::int32_t>(rows, [](const auto& r) { return r.depth; });
            out["children"] = gather<std::int32_t>(rows, [](const auto& r) { return r.children; });
            out["descendants"] = gather<std::int32_t>(rows, [](const auto& r) { return r.descendants; });
            out["pass_through"] = gather<bool>(rows, [](const auto& r) { return r.pass_through; });
            out["people"] = gather<std::int32_t>(rows, [](const auto& r) { return r.people; });
            out["leaders"] = gather<std::int32_t>(rows, [](const auto& r) { return r.leaders; });
            out["deputies"] = gather<std::int32_t>(rows, [](const auto& r) { return r.deputies; });
            out["procedures"] = gather<std::int32_t>(rows, [](const auto& r) { return r.procedures; });
            out["annual_dossiers"] = gather<double>(rows, [](const auto& r) { return r.annual_dossiers; });
            return out;
        },
        py::arg("model"), py::arg("as_of") = "");
}

}  // namespace cchc::bindings
