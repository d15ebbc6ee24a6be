// Restructuring: a scenario applied with its log of merges, ended units and chair decisions.
#include "pybind11.hpp"

#include "cchc/scenario.hpp"

namespace cchc::bindings {

void register_restructure(py::module_& m) {
    m.def(
        "restructure",
        [](const ModelHandle& model, const std::string& text) {
            Applied out;
            {
                py::gil_scoped_release release;
                out = apply(*model, Scenario::from_json(text), CostParams{});
            }
            py::dict log;
            std::vector<std::int32_t> action;
            py::list kind, agency, other, task, detail;
            for (const auto& e : out.log) {
                action.push_back(e.action);
                kind.append(e.kind);
                agency.append(e.agency);
                other.append(e.other);
                task.append(e.task);
                detail.append(e.detail);
            }
            log["action"] = to_numpy(action);
            log["kind"] = kind;
            log["agency"] = agency;
            log["other"] = other;
            log["task"] = task;
            log["detail"] = detail;
            return py::make_tuple(handle(out.model), log);
        },
        py::arg("model"), py::arg("scenario"),
        "Applies a scenario (restructuring actions included); returns (model, log columns).");
}

}  // namespace cchc::bindings
