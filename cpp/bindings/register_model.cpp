#include "pybind11.hpp"

#include <algorithm>

#include "cchc/io/file.hpp"
#include "cchc/text.hpp"
#include "cchc/io/json.hpp"

namespace cchc::bindings {

namespace {

// A table crossing to Python: columns in order, and each column's kind so the
// Python layer can build dates, categoricals and references in one call.
struct TableOut {
    py::dict columns;
    py::dict kinds;

    void add(const char* name, py::object values, const std::string& kind) {
        columns[name] = std::move(values);
        kinds[name] = kind;
    }
    template <class E, class Items, class Get>
    void add_enum(const char* name, const Items& items, Get get) {
        add(name, gather<std::uint8_t>(items, [&](const auto& x) { return static_cast<std::uint8_t>(get(x)); }),
            std::string("enum:") + std::string(EnumInfo<E>::type_name));
    }
    template <class Items, class Get>
    void add_date(const char* name, const Items& items, Get get) {
        add(name, gather<std::int32_t>(items, get), "date");
    }
    py::tuple result() { return py::make_tuple(columns, kinds); }
};

template <class E>
py::list enum_names() {
    py::list out;
    for (auto n : EnumInfo<E>::names) out.append(py::str(std::string(n)));
    return out;
}

py::dict all_enum_names() {
    py::dict d;
#define CCHC_ENUM(E) d[#E] = enum_names<E>();
    CCHC_ENUM(AgencyKind)
    CCHC_ENUM(Level)
    CCHC_ENUM(Territory)
    CCHC_ENUM(TaskRole)
    CCHC_ENUM(ProcedureType)
    CCHC_ENUM(OnlineLevel)
    CCHC_ENUM(Channel)
    CCHC_ENUM(TimeUnit)
    CCHC_ENUM(StepRole)
    CCHC_ENUM(Transfer)
    CCHC_ENUM(FeeKind)
    CCHC_ENUM(Subject)
    CCHC_ENUM(PersonCategory)
    CCHC_ENUM(RankGroup)
    CCHC_ENUM(Leadership)
    CCHC_ENUM(Gender)
    CCHC_ENUM(CourseContent)
    CCHC_ENUM(TrainingResult)
#undef CCHC_ENUM
    return d;
}

// Flattens a nested list (steps of procedures, ...) into rows with the parent index.
template <class Parent, class Child>
struct Flat {
    std::vector<Index> parent;
    std::vector<std::int32_t> position;
    std::vector<const Child*> rows;
};

template <class Parent, class Child, class Get>
Flat<Parent, Child> flatten(const std::vector<Parent>& parents, Get children) {
    Flat<Parent, Child> f;
    for (std::size_t i = 0; i < parents.size(); ++i) {
        const auto& list = children(parents[i]);
        for (std::size_t k = 0; k < list.size(); ++k) {
            f.parent.push_back(static_cast<Index>(i));
            f.position.push_back(static_cast<std::int32_t>(k));
            f.rows.push_back(&list[k]);
        }
    }
    return f;
}

py::tuple table(const ModelHandle& self, const std::string& name) {
    const Model& m = *self;
    TableOut t;
    if (name == "agencies") {
        const auto& a = m.agencies();
        t.add("code", gather_str(a, [](const Agency& x) { return x.code; }), "str");
        t.add("name", gather_str(a, [](const Agency& x) { return x.name; }), "str");
        t.add_enum<AgencyKind>("kind", a, [](const Agency& x) { return x.kind; });
        t.add_enum<Level>("level", a, [](const Agency& x) { return x.level; });
        t.add_enum<Territory>("territory", a, [](const Agency& x) { return x.territory; });
        t.add("parent", gather<Index>(a, [](const Agency& x) { return x.parent; }), "ref:agencies");
        t.add_date("valid_from", a, [](const Agency& x) { return x.valid_from; });
        t.add_date("valid_to", a, [](const Agency& x) { return x.valid_to; });
        t.add("quota_civil_servants", gather<std::int32_t>(a, [](const Agency& x) { return x.quota_civil_servants; }), "num");
        t.add("quota_public_employees", gather<std::int32_t>(a, [](const Agency& x) { return x.quota_public_employees; }), "num");
        t.add("headcount", gather<std::int32_t>(a, [](const Agency& x) { return x.headcount; }), "num");
        t.add("population", gather<std::int64_t>(a, [](const Agency& x) { return x.population; }), "num");
        t.add("travel_km", gather<double>(a, [](const Agency& x) { return x.travel_km; }), "num");
    } else if (name == "tasks") {
        const auto& a = m.tasks();
        t.add("code", gather_str(a, [](const Task& x) { return x.code; }), "str");
        t.add("name", gather_str(a, [](const Task& x) { return x.name; }), "str");
        t.add("field", gather_str(a, [](const Task& x) { return x.field; }), "str");
    } else if (name == "task_assignments") {
        auto f = flatten<Task, TaskAssignment>(m.tasks(), [](const Task& x) -> const auto& { return x.assignments; });
        t.add("task", to_numpy(f.parent), "ref:tasks");
        t.add("agency", gather<Index>(f.rows, [](auto* x) { return x->agency; }), "ref:agencies");
        t.add_enum<TaskRole>("role", f.rows, [](auto* x) { return x->role; });
        t.add_date("valid_from", f.rows, [](auto* x) { return x->valid_from; });
        t.add_date("valid_to", f.rows, [](auto* x) { return x->valid_to; });
    } else if (name == "procedures") {
        const auto& a = m.procedures();
        t.add("code", gather_str(a, [](const Procedure& x) { return x.code; }), "str");
        t.add("name", gather_str(a, [](const Procedure& x) { return x.name; }), "str");
        t.add("field", gather_str(a, [](const Procedure& x) { return x.field; }), "str");
        t.add("levels", gather_str(a, [](const Procedure& x) {
                  std::string s;
                  for (auto l : x.levels) s += (s.empty() ? "" : ",") + std::string(to_string(l));
                  return s;
              }), "str");
        t.add_enum<ProcedureType>("type", a, [](const Procedure& x) { return x.type; });
        t.add_enum<OnlineLevel>("online_level", a, [](const Procedure& x) { return x.online_level; });
        t.add("online_share", gather<double>(a, [](const Procedure& x) { return x.online_share; }), "num");
        t.add("postal_share", gather<double>(a, [](const Procedure& x) { return x.postal_share; }), "num");
        t.add("trips", gather<std::int32_t>(a, [](const Procedure& x) { return x.trips; }), "num");
        t.add("steps", gather<std::int32_t>(a, [](const Procedure& x) { return x.steps.size(); }), "num");
        t.add("components", gather<std::int32_t>(a, [](const Procedure& x) { return x.components.size(); }), "num");
        t.add("fees_vnd", gather<std::int64_t>(a, [](const Procedure& x) {
                  Vnd s = 0;
                  for (const auto& f : x.fees) s += f.amount;
                  return s;
              }), "num");
        t.add("annual_volume", gather<double>(a, [](const Procedure& x) { return x.annual_volume(); }), "num");
        t.add("decision", gather_str(a, [](const Procedure& x) { return x.decision; }), "str");
        t.add("result", gather_str(a, [](const Procedure& x) { return x.result; }), "str");
    } else if (name == "procedure_steps") {
        const auto& ag = m.agencies();
        auto f = flatten<Procedure, Step>(m.procedures(), [](const Procedure& x) -> const auto& { return x.steps; });
        t.add("procedure", to_numpy(f.parent), "ref:procedures");
        t.add("position", to_numpy(f.position), "num");
        t.add("name", gather_str(f.rows, [](auto* x) { return x->name; }), "str");
        t.add_enum<StepRole>("role", f.rows, [](auto* x) { return x->role; });
        t.add("responsible", gather_str(f.rows, [&](auto* x) {
                  return x->responsible == kImplementingAgency   ? std::string("@implementing")
                         : x->responsible == kParentOfImplementing ? std::string("@parent")
                                                                   : ag[static_cast<std::size_t>(x->responsible)].code;
              }), "str");
        t.add("duration", gather<double>(f.rows, [](auto* x) { return x->duration; }), "num");
        t.add_enum<TimeUnit>("unit", f.rows, [](auto* x) { return x->unit; });
        t.add_enum<Transfer>("transfer", f.rows, [](auto* x) { return x->transfer; });
    } else if (name == "procedure_methods") {
        auto f = flatten<Procedure, SubmissionMethod>(m.procedures(),
                                                      [](const Procedure& x) -> const auto& { return x.methods; });
        t.add("procedure", to_numpy(f.parent), "ref:procedures");
        t.add_enum<Channel>("channel", f.rows, [](auto* x) { return x->channel; });
        t.add("processing_time", gather<double>(f.rows, [](auto* x) { return x->processing_time; }), "num");
        t.add_enum<TimeUnit>("unit", f.rows, [](auto* x) { return x->unit; });
    } else if (name == "procedure_fees") {
        auto f = flatten<Procedure, FeeItem>(m.procedures(), [](const Procedure& x) -> const auto& { return x.fees; });
        t.add("procedure", to_numpy(f.parent), "ref:procedures");
        t.add("name", gather_str(f.rows, [](auto* x) { return x->name; }), "str");
        t.add_enum<FeeKind>("kind", f.rows, [](auto* x) { return x->kind; });
        t.add("amount", gather<std::int64_t>(f.rows, [](auto* x) { return x->amount; }), "num");
    } else if (name == "procedure_components") {
        auto f = flatten<Procedure, Component>(m.procedures(),
                                               [](const Procedure& x) -> const auto& { return x.components; });
        t.add("procedure", to_numpy(f.parent), "ref:procedures");
        t.add("position", to_numpy(f.position), "num");
        t.add("name", gather_str(f.rows, [](auto* x) { return x->name; }), "str");
        t.add("originals", gather<std::int32_t>(f.rows, [](auto* x) { return x->originals; }), "num");
        t.add("copies", gather<std::int32_t>(f.rows, [](auto* x) { return x->copies; }), "num");
        t.add("prep_hours", gather<double>(f.rows, [](auto* x) { return x->prep_hours; }), "num");
        t.add("cost", gather<std::int64_t>(f.rows, [](auto* x) { return x->cost; }), "num");
        t.add("required", gather<bool>(f.rows, [](auto* x) { return x->required; }), "bool");
        t.add("notarised", gather<bool>(f.rows, [](auto* x) { return x->notarised; }), "bool");
        t.add("electronic_form", gather<bool>(f.rows, [](auto* x) { return x->electronic_form; }), "bool");
    } else if (name == "procedure_volumes") {
        auto f = flatten<Procedure, Volume>(m.procedures(), [](const Procedure& x) -> const auto& { return x.volumes; });
        t.add("procedure", to_numpy(f.parent), "ref:procedures");
        t.add("agency", gather<Index>(f.rows, [](auto* x) { return x->agency; }), "ref:agencies");
        t.add("annual", gather<double>(f.rows, [](auto* x) { return x->annual; }), "num");
    } else if (name == "documents") {
        const auto& a = m.documents();
        t.add("code", gather_str(a, [](const LegalDocument& x) { return x.code; }), "str");
        t.add("title", gather_str(a, [](const LegalDocument& x) { return x.title; }), "str");
        t.add("issuer", gather_str(a, [](const LegalDocument& x) { return x.issuer; }), "str");
        t.add("kind", gather_str(a, [](const LegalDocument& x) { return x.kind; }), "str");
        t.add_date("issued", a, [](const LegalDocument& x) { return x.issued; });
        t.add_date("effective", a, [](const LegalDocument& x) { return x.effective; });
        t.add_date("expired", a, [](const LegalDocument& x) { return x.expired; });
        t.add("procedures", gather<std::int32_t>(a, [](const LegalDocument& x) { return x.procedures.size(); }), "num");
    } else if (name == "courses") {
        const auto& a = m.courses();
        t.add("code", gather_str(a, [](const Course& x) { return x.code; }), "str");
        t.add("name", gather_str(a, [](const Course& x) { return x.name; }), "str");
        t.add_enum<CourseContent>("content", a, [](const Course& x) { return x.content; });
        t.add("periods", gather<double>(a, [](const Course& x) { return x.periods; }), "num");
        t.add("days", gather<double>(a, [](const Course& x) { return x.days; }), "num");
        t.add("certificate_validity_years",
              gather<std::int32_t>(a, [](const Course& x) { return x.certificate_validity_years; }), "num");
    } else if (name == "people") {
        const People& p = m.people();
        auto owner = self;
        py::list pool;
        for (const auto& s : p.strings.values) pool.append(py::str(s));
        py::list ids(p.size());
        for (std::size_t i = 0; i < p.size(); ++i) ids[i] = py::str(p.id[i]);
        t.add("id", ids, "str");
        t.add("agency", view_numpy(p.agency, owner), "ref:agencies");
        t.add("category", view_numpy(p.category, owner), "enum:PersonCategory");
        t.add("rank_group", view_numpy(p.rank_group, owner), "enum:RankGroup");
        t.add("rank", py::make_tuple(view_numpy(p.rank, owner), pool), "pool");
        t.add("position", py::make_tuple(view_numpy(p.position, owner), pool), "pool");
        t.add("leadership", view_numpy(p.leadership, owner), "enum:Leadership");
        t.add("birth_year", view_numpy(p.birth_year, owner), "num");
        t.add("gender", view_numpy(p.gender, owner), "enum:Gender");
        t.add("ethnicity", py::make_tuple(view_numpy(p.ethnicity, owner), pool), "pool");
        t.add("entered", view_numpy(p.entered, owner), "date");
        t.add("left", view_numpy(p.left, owner), "date");
    } else if (name == "training_records") {
        const TrainingRecords& r = m.records();
        auto owner = self;
        std::vector<Index> person;
        {
            py::gil_scoped_release release;
            person = r.person_column();
        }
        t.add("person", to_numpy(person), "ref:people");
        t.add("course", view_numpy(r.course, owner), "ref:courses");
        t.add("start", view_numpy(r.start, owner), "date");
        t.add("end", view_numpy(r.end, owner), "date");
        t.add("periods", view_numpy(r.periods, owner), "num");
        t.add("result", view_numpy(r.result, owner), "enum:TrainingResult");
        t.add("certificate", view_numpy(r.certificate, owner), "bool");
    } else {
        throw py::key_error("unknown table '" + name + "'");
    }
    return t.result();
}

std::size_t table_len(const Model& m, const std::string& name) {
    if (name == "agencies") return m.agencies().size();
    if (name == "tasks") return m.tasks().size();
    if (name == "procedures") return m.procedures().size();
    if (name == "documents") return m.documents().size();
    if (name == "courses") return m.courses().size();
    if (name == "people") return m.people().size();
    if (name == "training_records") return m.records().size();
    std::size_t n = 0;
    if (name == "task_assignments")
        for (const auto& x : m.tasks()) n += x.assignments.size();
    else if (name == "procedure_steps")
        for (const auto& x : m.procedures()) n += x.steps.size();
    else if (name == "procedure_methods")
        for (const auto& x : m.procedures()) n += x.methods.size();
    else if (name == "procedure_fees")
        for (const auto& x : m.procedures()) n += x.fees.size();
    else if (name == "procedure_components")
        for (const auto& x : m.procedures()) n += x.components.size();
    else if (name == "procedure_volumes")
        for (const auto& x : m.procedures()) n += x.volumes.size();
    else
        throw py::key_error("unknown table '" + name + "'");
    return n;
}

// Codes of a table, in index order (categories for reference columns).
py::list codes(const Model& m, const std::string& name) {
    if (name == "agencies") return gather_str(m.agencies(), [](const Agency& x) { return x.code; });
    if (name == "tasks") return gather_str(m.tasks(), [](const Task& x) { return x.code; });
    if (name == "procedures") return gather_str(m.procedures(), [](const Procedure& x) { return x.code; });
    if (name == "documents") return gather_str(m.documents(), [](const LegalDocument& x) { return x.code; });
    if (name == "courses") return gather_str(m.courses(), [](const Course& x) { return x.code; });
    if (name == "people") return gather_str(m.people().id, [](const std::string& x) { return x; });
    throw py::key_error("table '" + name + "' has no codes");
}

// Rows whose folded name or code contains every folded word of the query;
// exact matches first, then prefixes, then shorter names.
std::vector<Index> search(const Model& m, const std::string& name, const std::string& query, std::size_t limit) {
    std::vector<std::pair<std::string_view, std::string_view>> rows;  // code, name
    if (name == "agencies")
        for (const auto& x : m.agencies()) rows.emplace_back(x.code, x.name);
    else if (name == "tasks")
        for (const auto& x : m.tasks()) rows.emplace_back(x.code, x.name);
    else if (name == "procedures")
        for (const auto& x : m.procedures()) rows.emplace_back(x.code, x.name);
    else if (name == "documents")
        for (const auto& x : m.documents()) rows.emplace_back(x.code, x.title);
    else if (name == "courses")
        for (const auto& x : m.courses()) rows.emplace_back(x.code, x.name);
    else
        throw py::key_error("table '" + name + "' cannot be searched by name");
    const std::string q = fold_vietnamese(query);
    std::vector<std::string> words;
    for (std::size_t i = 0; i < q.size();) {
        while (i < q.size() && q[i] == ' ') ++i;
        std::size_t j = i;
        while (j < q.size() && q[j] != ' ') ++j;
        if (j > i) words.emplace_back(q.substr(i, j - i));
        i = j;
    }
    struct Hit {
        int rank;
        std::size_t length;
        Index index;
    };
    std::vector<Hit> hits;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string n = fold_vietnamese(rows[i].second);
        const std::string c = fold_vietnamese(rows[i].first);
        if (n == q || c == q) {
            hits.push_back({0, n.size(), static_cast<Index>(i)});
            continue;
        }
        const std::string hay = n + " " + c;
        bool all = !words.empty();
        for (const auto& w : words) all = all && hay.find(w) != std::string::npos;
        if (all) hits.push_back({n.rfind(q, 0) == 0 ? 1 : 2, n.size(), static_cast<Index>(i)});
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const Hit& a, const Hit& b) { return std::tie(a.rank, a.length) < std::tie(b.rank, b.length); });
    std::vector<Index> out;
    for (std::size_t k = 0; k < hits.size() && k < limit; ++k) out.push_back(hits[k].index);
    return out;
}

// Counts on one date (as_of; "" = the model's, and everything when it has none): agencies and
// administrative units valid on it, people serving on it, volumes of agencies valid on it.
py::dict summary(const Model& m, const std::string& as_of_text) {
    Date day = m.info().as_of;
    if (!as_of_text.empty()) {
        const auto d = parse_date(as_of_text);
        if (!d) throw py::value_error("as_of: '" + as_of_text + "' is not a date \"YYYY-MM-DD\"");
        day = *d;
    }
    const auto valid = [&](Date from, Date to) {
        return day == kNoDate || ((from == kNoDate || from <= day) && (to == kNoDate || to >= day));
    };
    py::dict d;
    d["name"] = m.info().name;
    d["province"] = m.info().province;
    d["as_of"] = format_date(day);
    std::size_t agencies = 0, province_units = 0, district_units = 0, commune_units = 0;
    for (const auto& a : m.agencies()) {
        if (!valid(a.valid_from, a.valid_to)) continue;
        ++agencies;
        // The unit's level is its People's Committee's kind (its territory may be unrecorded).
        if (a.kind == AgencyKind::provincial_people_committee) ++province_units;
        else if (a.kind == AgencyKind::district_people_committee) ++district_units;
        else if (a.kind == AgencyKind::commune_people_committee) ++commune_units;
    }
    d["agencies"] = agencies;
    d["province_level_units"] = province_units;
    d["district_level_units"] = district_units;
    d["commune_level_units"] = commune_units;
    d["tasks"] = m.tasks().size();
    d["procedures"] = m.procedures().size();
    std::size_t proc_level[4] = {0, 0, 0, 0};
    std::size_t online[3] = {0, 0, 0};
    double volume = 0;
    const auto& ag = m.agencies();
    for (const auto& p : m.procedures()) {
        for (auto l : p.levels) proc_level[static_cast<std::size_t>(l)]++;
        online[static_cast<std::size_t>(p.online_level)]++;
        for (const auto& v : p.volumes)
            if (v.agency >= 0 && static_cast<std::size_t>(v.agency) < ag.size() &&
                valid(ag[static_cast<std::size_t>(v.agency)].valid_from, ag[static_cast<std::size_t>(v.agency)].valid_to))
                volume += v.annual;
    }
    d["procedures_province"] = proc_level[1];
    d["procedures_district"] = proc_level[2];
    d["procedures_commune"] = proc_level[3];
    d["procedures_full_online"] = online[2];
    d["procedures_partial_online"] = online[1];
    d["annual_dossiers"] = volume;
    std::size_t documents = 0;  // in force: effective by the date, not yet expired (the expiry day is out)
    for (const auto& doc : m.documents())
        if (day == kNoDate || ((doc.effective == kNoDate || doc.effective <= day) && (doc.expired == kNoDate || doc.expired > day)))
            ++documents;
    d["documents"] = documents;
    const auto& pe = m.people();
    std::size_t people = 0;
    for (std::size_t i = 0; i < pe.size(); ++i)
        if (pe.serving_on(i, day)) ++people;
    d["people"] = people;
    d["courses"] = m.courses().size();
    const auto& rec = m.records();
    std::size_t records = 0;  // started by the date
    for (std::size_t i = 0; i < rec.size(); ++i)
        if (day == kNoDate || rec.start[i] == kNoDate || rec.start[i] <= day) ++records;
    d["training_records"] = records;
    return d;
}

py::list problems_to_python(const std::vector<Problem>& problems) {
    py::module_ errors = py::module_::import("cchc.errors");
    py::list out;
    for (const auto& pr : problems)
        out.append(errors.attr("Problem")(pr.path, pr.message, pr.code,
                                          pr.severity == Severity::error ? "error" : "warning"));
    return out;
}

}  // namespace

void register_model(py::module_& m) {
    py::class_<Model, ModelHandle> model(m, "Model", "Immutable province model (C++). Wrapped by cchc.Model.");

    m.def("enum_names", &all_enum_names, "Allowed spellings of every enumeration, in numeric order.");
    m.def("fold", &fold_vietnamese, py::arg("text"),
          "Lower-case and remove Vietnamese diacritics (đ → d): the key of name lookups.");
    m.def("nfc", [](const std::string& text) { return to_nfc(text); }, py::arg("text"),
          "Unicode NFC of the text, as every reader stores text (the C++ tables, cchc/text.hpp).");
    m.def(
        "read_json",
        [](py::bytes data, const std::string& source, bool strict) {
            std::string_view text = data;
            io::JsonReadOptions options;
            options.strict = strict;
            Shared<Model> out;
            {
                py::gil_scoped_release release;
                out = io::read_json(text, source, options);
            }
            return handle(out);
        },
        py::arg("data"), py::arg("source") = "", py::arg("strict") = false);
    m.def(
        "read_json_file",
        [](const std::string& path, const std::string& source, bool strict) {
            io::JsonReadOptions options;
            options.strict = strict;
            py::gil_scoped_release release;
            return handle(io::read_json_file(path, source, options));
        },
        py::arg("path"), py::arg("source") = "", py::arg("strict") = false,
        "Streams a .json or .json.gz file (chunks, never the whole text or a whole DOM).");
    m.def(
        "save_json",
        [](const ModelHandle& self, const std::string& path, int indent) {
            io::JsonWriteOptions options;
            options.indent = indent;
            py::gil_scoped_release release;
            io::save_json(*self, path, options);
        },
        py::arg("model"), py::arg("path"), py::arg("indent") = -1,
        "Writes the model's JSON to a file atomically, person by person (no whole-model DOM or string); "
        "a path ending in .gz is deflated on the way.");
    m.def(
        "check_path", [](const std::string& path) { io::check_path(path); }, py::arg("path"),
        "Raises cchc.Error for a path that cannot name a file (empty, or with a NUL character).");
    // The one atomic writer, for Python's writers too (report, CSV, Excel, scenario): cchc.files.
    py::class_<io::AtomicFile>(m, "AtomicFile")
        .def(py::init<std::string>(), py::arg("path"))
        .def(
            "write",
            [](io::AtomicFile& f, py::buffer data) {
                const py::buffer_info info = data.request();
                const std::string_view bytes(static_cast<const char*>(info.ptr),
                                             static_cast<std::size_t>(info.size * info.itemsize));
                py::gil_scoped_release release;
                f.write(bytes);
            },
            py::arg("data"))
        .def("commit", &io::AtomicFile::commit, py::call_guard<py::gil_scoped_release>())
        .def("discard", &io::AtomicFile::discard)
        .def_property_readonly("temporary_path", &io::AtomicFile::temporary_path)
        .def_property_readonly("target_path", &io::AtomicFile::target_path);

    model.def(
             "to_json",
             [](const ModelHandle& self, int indent) {
                 std::string text;
                 {
                     py::gil_scoped_release release;
                     io::JsonWriteOptions options;
                     options.indent = indent;
                     text = io::write_json(*self, options);
                 }
                 return py::bytes(text);
             },
             py::arg("indent") = -1)
        .def("table", &table, py::arg("name"))
        .def("table_len", &table_len, py::arg("name"))
        .def("codes", &codes, py::arg("name"))
        .def("search", &search, py::arg("table"), py::arg("query"), py::arg("limit") = 20)
        .def("summary", &summary, py::arg("as_of") = "")
        .def("validate", [](const Model& self) { return problems_to_python(self.validate()); })
        .def("load_warnings", [](const Model& self) { return problems_to_python(self.load_warnings()); })
        .def("index", [](const Model& self, const std::string& table_name, const std::string& code) -> Index {
            if (table_name == "agencies") return self.agency_index(code);
            if (table_name == "procedures") return self.procedure_index(code);
            if (table_name == "tasks") return self.task_index(code);
            if (table_name == "courses") return self.course_index(code);
            if (table_name == "people") return self.person_index(code);
            if (table_name == "documents") {
                const Index i = self.find_document(code);
                if (i == kNone) throw ReferenceError("unknown legal document '" + code + "'");
                return i;
            }
            throw py::key_error("unknown table '" + table_name + "'");
        })
        .def("renamed",
             [](const Model& self, const std::string& name) {
                 TableSet t = self.tables();  // every table shared, only the header copied
                 auto info = std::make_shared<ModelInfo>(self.info());
                 info->name = to_nfc(name);
                 t.info = std::move(info);
                 return Model::from_tables(std::move(t), "renamed", &self);
             },
             py::arg("name"))
        .def_property_readonly("name", [](const Model& self) { return self.info().name; })
        .def_property_readonly("province", [](const Model& self) { return self.info().province; })
        .def_property_readonly("description", [](const Model& self) { return self.info().description; })
        .def_property_readonly("as_of", [](const Model& self) { return format_date(self.info().as_of); });
}

}  // namespace cchc::bindings
