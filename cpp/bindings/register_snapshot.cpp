#include "pybind11.hpp"

#include "cchc/io/snapshot.hpp"

namespace cchc::bindings {

void register_snapshot(py::module_& m) {
    m.attr("SNAPSHOT_FORMAT_VERSION") = io::kSnapshotFormatVersion;
    m.def(
        "snapshot_dumps",
        [](const ModelHandle& model) {
            std::string bytes;
            {
                py::gil_scoped_release release;
                bytes = io::snapshot_dumps(*model);
            }
            return py::bytes(bytes);
        },
        py::arg("model"), "The model as .cchc snapshot bytes (header + Boost binary archive).");
    m.def(
        "snapshot_loads",
        [](py::bytes data, const std::string& source) {
            // The bytes object is immutable and held by the caller: read it in place.
            std::string_view view = data;
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                out = io::snapshot_loads(view, source);
            }
            return handle(out);
        },
        py::arg("data"), py::arg("source") = "<bytes>", "Decodes snapshot bytes; raises SnapshotError.");
    m.def(
        "save_snapshot",
        [](const ModelHandle& model, const std::string& path) {
            py::gil_scoped_release release;
            io::save_snapshot(*model, path);
        },
        py::arg("model"), py::arg("path"), "Saves a .cchc snapshot atomically.");
    m.def(
        "load_snapshot",
        [](const std::string& path) {
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                out = io::load_snapshot(path);
            }
            return handle(out);
        },
        py::arg("path"), "Loads a .cchc snapshot; raises SnapshotError.");
    m.def(
        "snapshot_info",
        [](py::bytes data) {
            const auto info = io::snapshot_info(std::string_view(data));
            py::dict d;
            d["format_version"] = info.format_version;
            d["payload_length"] = info.payload_length;
            d["payload_checksum"] = info.payload_checksum;
            return d;
        },
        py::arg("data"), "The snapshot header's fields (checks the header, not the payload).");
}

}  // namespace cchc::bindings
