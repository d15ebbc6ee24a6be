#include "pybind11.hpp"

#include "cchc/errors.hpp"

namespace cchc::bindings {

// C++ errors become the Python classes of cchc.errors, so users catch one hierarchy.
void register_errors(py::module_& m) {
    py::register_exception_translator([](std::exception_ptr p) {
        if (!p) return;
        auto raise = [](const char* name, const std::string& message) {
            py::object cls = py::module_::import("cchc.errors").attr(name);
            PyErr_SetObject(cls.ptr(), py::str(message).ptr());
        };
        try {
            std::rethrow_exception(p);
        } catch (const ValidationError& e) {
            py::module_ errors = py::module_::import("cchc.errors");
            py::list problems;
            for (const auto& pr : e.problems())
                problems.append(errors.attr("Problem")(pr.path, pr.message, pr.code,
                                                        pr.severity == Severity::error ? "error" : "warning"));
            py::object exc = errors.attr("ValidationError")(e.what(), problems, e.source());
            PyErr_SetObject(errors.attr("ValidationError").ptr(), exc.ptr());
        } catch (const ReferenceError& e) {
            raise("ReferenceError", e.what());
        } catch (const SnapshotError& e) {
            raise("SnapshotError", e.what());
        } catch (const ScenarioError& e) {
            raise("ScenarioError", e.what());
        } catch (const Error& e) {
            raise("Error", e.what());
        }
    });
    (void)m;
}

}  // namespace cchc::bindings

PYBIND11_MODULE(_core, m) {
    m.doc() = "cchc core (C++): data model, I/O and engines. Use the `cchc` package, not this module.";
    m.attr("__version__") = CCHC_VERSION;
    cchc::bindings::register_errors(m);
    cchc::bindings::register_model(m);
    cchc::bindings::register_org(m);
    cchc::bindings::register_inspection(m);
    cchc::bindings::register_cost(m);
    cchc::bindings::register_calendar(m);
    cchc::bindings::register_sim(m);
    cchc::bindings::register_snapshot(m);
    cchc::bindings::register_synthetic(m);
    cchc::bindings::register_training(m);
    cchc::bindings::register_scorecard(m);
    cchc::bindings::register_restructure(m);
}
