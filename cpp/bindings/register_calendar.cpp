// Bindings of the working calendar: vectorised over numpy arrays of days
// (int32 since 1970-01-01) and minutes (int64, Vietnam local time).
#include "pybind11.hpp"

#include "cchc/calendar.hpp"

namespace cchc::bindings {

namespace {

const char* kind_name(HolidayKind k) {
    switch (k) {
        case HolidayKind::new_year: return "new_year";
        case HolidayKind::tet: return "tet";
        case HolidayKind::hung_kings: return "hung_kings";
        case HolidayKind::victory_day: return "victory_day";
        case HolidayKind::labour_day: return "labour_day";
        case HolidayKind::national_day: return "national_day";
        case HolidayKind::compensatory: return "compensatory";
        case HolidayKind::override_off: return "override_off";
    }
    return "";
}

template <class Out, class In, class F>
py::array_t<Out> map1(const py::array_t<In, py::array::c_style | py::array::forcecast>& a, F f) {
    py::array_t<Out> out(a.size());
    const In* src = a.data();
    Out* dst = out.mutable_data();
    const auto n = static_cast<std::size_t>(a.size());
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<Out>(f(src[i], i));
    }
    return out;
}

using Days = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;
using Mins = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// Broadcast a second argument of length 1 or n.
template <class T>
struct Arg {
    py::array_t<T, py::array::c_style | py::array::forcecast> a;
    T operator[](std::size_t i) const { return a.size() == 1 ? a.data()[0] : a.data()[i]; }
};

template <class T>
Arg<T> arg(const py::array_t<T, py::array::c_style | py::array::forcecast>& a, py::ssize_t n, const char* what) {
    if (a.size() != 1 && a.size() != n) throw py::value_error(std::string(what) + ": lengths differ");
    return Arg<T>{a};
}

}  // namespace

void register_calendar(py::module_& m) {
    py::class_<WorkingCalendar, std::shared_ptr<WorkingCalendar>> cls(
        m, "WorkingCalendar", "Vietnamese working calendar (C++). Use cchc.calendar.");
    cls.def(py::init([](const std::vector<std::pair<int, int>>& hours, bool saturday_morning,
                        const std::vector<std::tuple<Date, bool, std::string>>& overrides) {
                CalendarConfig c;
                c.office_hours.clear();
                for (auto [a, b] : hours) c.office_hours.push_back({a, b});
                c.saturday_morning = saturday_morning;
                for (const auto& [d, w, name] : overrides) c.holidays.overrides.push_back({d, w, name});
                try {
                    return std::make_shared<WorkingCalendar>(std::move(c));
                } catch (const std::invalid_argument& e) {
                    throw py::value_error(e.what());
                }
            }),
            py::arg("office_hours"), py::arg("saturday_morning") = false, py::arg("overrides") = py::list())
        .def("holidays",
             [](const WorkingCalendar& self, int year) {
                 const auto hs = self.holidays(year);
                 py::dict d;
                 d["date"] = gather<std::int32_t>(hs, [](const Holiday& h) { return h.date; });
                 d["kind"] = gather_str(hs, [](const Holiday& h) { return std::string(kind_name(h.kind)); });
                 d["name_vi"] = gather_str(hs, [](const Holiday& h) { return h.name_vi; });
                 d["name_en"] = gather_str(hs, [](const Holiday& h) { return h.name_en; });
                 return d;
             })
        .def("is_working_day",
             [](const WorkingCalendar& self, const Days& d) {
                 return map1<bool>(d, [&](Date x, std::size_t) { return self.is_working_day(x); });
             })
        .def("add_working_days",
             [](const WorkingCalendar& self, const Days& d, const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& n) {
                 auto k = arg<std::int32_t>(n, d.size(), "n");
                 return map1<std::int32_t>(d, [&](Date x, std::size_t i) { return self.add_working_days(x, k[i]); });
             })
        .def("count_working_days",
             [](const WorkingCalendar& self, const Days& a, const Days& b) {
                 auto to = arg<std::int32_t>(b, a.size(), "end");
                 return map1<std::int64_t>(a, [&](Date x, std::size_t i) { return self.count_working_days(x, to[i]); });
             })
        .def("next_working_day",
             [](const WorkingCalendar& self, const Days& d) {
                 return map1<std::int32_t>(d, [&](Date x, std::size_t) { return self.next_working_day(x); });
             })
        .def("add_working_minutes",
             [](const WorkingCalendar& self, const Mins& t, const Mins& minutes) {
                 auto k = arg<std::int64_t>(minutes, t.size(), "minutes");
                 return map1<std::int64_t>(t, [&](Minutes x, std::size_t i) { return self.add_working_minutes(x, k[i]); });
             })
        .def("working_minutes_between",
             [](const WorkingCalendar& self, const Mins& a, const Mins& b) {
                 auto to = arg<std::int64_t>(b, a.size(), "end");
                 return map1<std::int64_t>(a, [&](Minutes x, std::size_t i) { return self.working_minutes_between(x, to[i]); });
             })
        .def("deadline_after_working_days",
             [](const WorkingCalendar& self, const Mins& t, const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& n) {
                 auto k = arg<std::int32_t>(n, t.size(), "n");
                 for (py::ssize_t i = 0; i < n.size(); ++i)
                     if (n.data()[i] < 0) throw py::value_error("n must be >= 0");
                 return map1<std::int64_t>(t, [&](Minutes x, std::size_t i) { return self.deadline_after_working_days(x, k[i]); });
             })
        .def("office_minutes", [](const WorkingCalendar& self, const Days& d) {
            return map1<std::int32_t>(d, [&](Date x, std::size_t) { return self.office_minutes(x); });
        });
    m.def("tet_date", &tet_date, py::arg("year"), "Tết Nguyên đán of the lunar year starting in `year` (days since 1970).");
}

}  // namespace cchc::bindings
