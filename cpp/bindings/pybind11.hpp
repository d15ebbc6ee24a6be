// Included first by every binding file: pybind11 and the helpers they share.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cchc/model.hpp"

namespace py = pybind11;

namespace cchc::bindings {

// pybind11 holders cannot be shared_ptr<const T>; the model is never mutated
// through this handle, the constness is restored on the C++ side.
using ModelHandle = std::shared_ptr<Model>;

inline ModelHandle handle(Shared<Model> m) { return std::const_pointer_cast<Model>(std::move(m)); }

/// Copies a C++ vector into a new numpy array.
template <class T>
py::array_t<T> to_numpy(const std::vector<T>& values) {
    py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
    if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(T));
    return out;
}

template <class T, bool = std::is_enum_v<T>>
struct NumpyElem {
    using type = T;
};
template <class T>
struct NumpyElem<T, true> {
    using type = std::underlying_type_t<T>;
};

/// A read-only numpy view of a column that `owner` keeps alive (zero-copy).
template <class T, class Owner>
py::array view_numpy(const std::vector<T>& values, const Owner& owner) {
    using Elem = typename NumpyElem<T>::type;
    py::array out(py::dtype::of<Elem>(), {static_cast<py::ssize_t>(values.size())}, {sizeof(T)},
                  reinterpret_cast<const Elem*>(values.data()), py::cast(owner));
    py::detail::array_proxy(out.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return out;
}

/// Gathers one field of a vector of structs into a numpy array.
template <class Out, class Items, class Get>
py::array_t<Out> gather(const Items& items, Get get) {
    py::array_t<Out> out(static_cast<py::ssize_t>(items.size()));
    Out* data = out.mutable_data();
    std::size_t i = 0;
    for (const auto& item : items) data[i++] = static_cast<Out>(get(item));
    return out;
}

template <class Items, class Get>
py::list gather_str(const Items& items, Get get) {
    py::list out(items.size());
    std::size_t i = 0;
    for (const auto& item : items) out[i++] = py::str(get(item));
    return out;
}

void register_errors(py::module_& m);
void register_model(py::module_& m);
void register_org(py::module_& m);
void register_inspection(py::module_& m);
void register_cost(py::module_& m);
void register_calendar(py::module_& m);
void register_sim(py::module_& m);
void register_snapshot(py::module_& m);
void register_synthetic(py::module_& m);
void register_training(py::module_& m);
void register_scorecard(py::module_& m);
void register_restructure(py::module_& m);

}  // namespace cchc::bindings
