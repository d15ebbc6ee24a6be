#include "cchc/io/json.hpp"

#include "cchc/io/file.hpp"
#include "cchc/io/json_fields.hpp"
#include "cchc/text.hpp"

#include <fcntl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <boost/json/basic_parser_impl.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <type_traits>

namespace cchc::io {

using nlohmann::json;

namespace {

}  // namespace

std::string json_type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        case json::value_t::number_float: return "a number";
        default: return "an unsupported value";
    }
}

namespace {

std::string type_name(const json& v) { return json_type_name(v); }

// Replaces bytes that are not valid UTF-8 by "<XX>" so messages quoting bad input stay printable.
std::string printable_utf8(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0U) == 0x80U;
        if (ok) {
            out.append(text.substr(i, len));
            i += len;
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += '<';
            out += hex[b >> 4];
            out += hex[b & 0xF];
            out += '>';
            ++i;
        }
    }
    return out;
}

// Training periods are stored as floats.
bool fits_float(double v) { return std::abs(v) <= std::numeric_limits<float>::max(); }

// One SAX event of a streamed element, kept until the element ends.
struct Event {
    enum Type : std::uint8_t { null, boolean, integer, unsigned_integer, number, string, key, object, end_object, array, end_array };
    Type type = null;
    bool b = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0.0;
    std::string s;
};

// Builds a DOM value by value, as nlohmann's DOM parser would.
struct DomBuilder {
    explicit DomBuilder(json& into) : root(into) {}
    json& root;
    std::vector<json*> stack;  // open containers
    json* slot = nullptr;      // where an object's next value goes

    json* place(json&& v) {
        if (stack.empty()) {
            root = std::move(v);
            return &root;
        }
        json& top = *stack.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        *slot = std::move(v);
        return slot;
    }
};

// Frees a DOM without allocating. nlohmann's destructor moves a container's children into a
// std::vector first, which throws bad_alloc when memory has just run out, and a destructor
// that throws ends the process (SIGABRT instead of MemoryError). Here the last child of the
// deepest last container goes first: the path is on the stack (nesting <= kMaxJsonDepth),
// and only scalars and empty containers are ever destroyed.
void free_dom(json& root) noexcept {
    std::array<json*, kMaxJsonDepth + 1> path{};
    std::size_t n = 0;
    path[n++] = &root;
    while (n > 0) {
        json& top = *path[n - 1];
        json* last = nullptr;
        if (top.is_array() && !top.empty()) last = &top.back();
        if (top.is_object() && !top.empty()) last = &std::prev(top.get_ref<json::object_t&>().end())->second;
        if (last == nullptr) {
            --n;  // empty (or a scalar): its parent removes it
            continue;
        }
        if ((last->is_array() || last->is_object()) && !last->empty() && n < path.size()) {
            path[n++] = last;
            continue;
        }
        if (top.is_array())
            top.get_ref<json::array_t&>().pop_back();
        else
            top.get_ref<json::object_t&>().erase(std::prev(top.get_ref<json::object_t&>().end()));
    }
    root = nullptr;
}

// The element's DOM, built from its events.
json element_dom(std::span<Event> events) {
    json out;
    DomBuilder dom{out};
    for (Event& e : events) {
        switch (e.type) {
            case Event::null: dom.place(json(nullptr)); break;
            case Event::boolean: dom.place(json(e.b)); break;
            case Event::integer: dom.place(json(e.i)); break;
            case Event::unsigned_integer: dom.place(json(e.u)); break;
            case Event::number: dom.place(json(e.d)); break;
            case Event::string: dom.place(json(std::move(e.s))); break;
            case Event::key: dom.slot = &(*dom.stack.back())[e.s]; break;
            case Event::object: dom.stack.push_back(dom.place(json::object())); break;
            case Event::array: dom.stack.push_back(dom.place(json::array())); break;
            case Event::end_object:
            case Event::end_array: dom.stack.pop_back(); break;
        }
    }
    return out;
}

using CodeMap = std::unordered_map<std::string, Index>;

// Reads one document into ModelParts, collecting problems instead of stopping.
class Reader {
  public:
    Reader(const JsonReadOptions& options) : options_(options) {}

    std::vector<Problem> problems;
    ModelParts parts;

    void read(const json& root) {
        if (!root.is_object()) {
            error("", "", "the document must be a JSON object, got " + type_name(root));
            return;
        }
        known(root, "", "",
              {"format", "version", "name", "province", "description", "as_of", "calendar", "agencies", "tasks",
               "procedures", "documents", "courses", "people"});
        const json* format = field(root, "", "", "format", true);
        if (format && (!format->is_string() || format->get_ref<const std::string&>() != "cchc")) {
            error("/format", "", "expected \"cchc\", got " + format->dump());
            return;  // not our file: the rest would be noise
        }
        const json* version = field(root, "", "", "version", true);
        if (version) {
            if (!version->is_number_integer()) {
                error("/version", "", "must be an integer, got " + type_name(*version));
            } else if (version->get<std::int64_t>() != kJsonFormatVersion) {
                error("/version", "",
                      "format version " + version->dump() + " is not supported; this cchc reads version " +
                          std::to_string(kJsonFormatVersion) +
                          (version->get<std::int64_t>() > kJsonFormatVersion ? " (upgrade cchc)" : ""));
                return;
            }
        }
        get_string(root, "", "", "name", parts.info.name, true);
        get_string(root, "", "", "province", parts.info.province);
        get_string(root, "", "", "description", parts.info.description);
        get_date(root, "", "", "as_of", parts.info.as_of);

        const json* agencies = array_field(root, "agencies", true);
        const json* tasks = array_field(root, "tasks");
        const json* procedures = array_field(root, "procedures");
        const json* documents = array_field(root, "documents");
        const json* courses = array_field(root, "courses");
        const json* people = array_field(root, "people");

        // Codes first, so references resolve whatever the order of the tables.
        collect_codes(agencies, "code", agency_codes_);
        if (streamed_procedures_)
            procedure_codes_ = streamed_procedures_->own_codes_;
        else
            collect_codes(procedures, "code", procedure_codes_);
        collect_codes(documents, "code", document_codes_);
        collect_codes(courses, "code", course_codes_);

        if (const json* cal = field(root, "", "", "calendar", false)) read_calendar(*cal);
        if (agencies) read_agencies(*agencies);
        if (tasks) read_tasks(*tasks);
        if (documents) read_documents(*documents);
        if (procedures) {
            if (streamed_procedures_)
                adopt_procedures(*streamed_procedures_);
            else
                read_procedures(*procedures);
        }
        if (courses) read_courses(*courses);
        if (people) {
            if (streamed_people_)
                adopt_people(*streamed_people_);
            else
                read_people(*people);
        }
    }

    // Tables read element by element while parsing (see DocumentHandler): read()
    // takes their rows and problems in place of the placeholder arrays.
    Reader* streamed_procedures_ = nullptr;
    Reader* streamed_people_ = nullptr;

    // What reading a streamed table needs from the others (codes; the courses'
    // standard periods). Problems found here are dropped: the main reader
    // reports them when it reads these tables.
    void prepare(std::string_view table, const json& root) {
        auto array = [&root](const char* key) -> const json* {
            auto it = root.find(key);
            return it != root.end() && it->is_array() ? &*it : nullptr;
        };
        collect_codes(array("agencies"), "code", agency_codes_);
        if (table == "procedures") {
            defer_documents_ = true;
        } else if (const json* courses = array("courses")) {
            collect_codes(courses, "code", course_codes_);
            read_courses(*courses);
        }
        problems.clear();
        pending_.clear();
        if (table == "people") begin_people();
    }

    // A streamed element from its SAX events: a person straight into the columns
    // when it is entirely valid (the usual case), otherwise through its DOM and
    // the reader above, for the very same problems.
    void read_events(std::string_view table, std::span<Event> events, std::size_t i) {
        if (table == "people" && fast_person(events)) return;
        read_element(table, element_dom(events), i);
    }

    void read_element(std::string_view table, const json& o, std::size_t i) {
        if (table == "people") {
            read_person_impl(o, i);
            return;
        }
        // The codes as collect_codes would find them, for documents' references.
        if (o.is_object())
            if (auto it = o.find("code"); it != o.end() && it->is_string())
                own_codes_.emplace(it->get<std::string>(), static_cast<Index>(i));
        const std::string path = "/procedures/" + std::to_string(i);
        Procedure p;
        if (expect_object(o, path)) read_procedure(o, path, p);
        parts.procedures.push_back(std::move(p));
    }

    CodeMap own_codes_;
    // A legal-basis reference read before the documents were known.
    struct Deferred {
        std::size_t procedure, k;
        json value;
        std::string path, code;
        std::size_t problem;  // where its problem goes among this reader's problems
    };
    bool defer_documents_ = false;
    std::vector<Deferred> deferred_;

    void begin_people() { empty_string_ = parts.people.strings.intern(""); }

    // Appends each pending "closest codes" hint, for the first 200 unknown codes.
    void add_suggestions() {
        std::unordered_map<const CodeMap*, std::vector<std::string_view>> lists;
        for (std::size_t n = 0; n < pending_.size() && n < 200; ++n) {
            const PendingSuggestion& p = pending_[n];
            auto& list = lists[p.map];
            if (list.empty()) {
                for (const auto& [k, _] : *p.map) list.push_back(k);
                std::sort(list.begin(), list.end());
            }
            const auto near = closest_codes(p.text, list);
            if (near.empty()) continue;
            std::string& message = problems[p.problem].message;
            message += "; closest: ";
            for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : "") + near[i];
        }
    }

  private:
    const JsonReadOptions& options_;
    CodeMap agency_codes_, procedure_codes_, document_codes_, course_codes_;
    struct PendingSuggestion {
        std::size_t problem;  // index in problems
        std::string text;
        const CodeMap* map;
    };
    std::vector<PendingSuggestion> pending_;  // in problem order
    std::uint32_t empty_string_ = 0;

    void error(std::string path, std::string code, std::string message) {
        problems.push_back({Severity::error, std::move(path), std::move(code), std::move(message)});
    }

    void known(const json& obj, const std::string& path, const std::string& code,
               std::initializer_list<std::string_view> names) {
        for (const auto& [key, value] : obj.items()) {
            if (std::find(names.begin(), names.end(), key) != names.end()) continue;
            std::string allowed;
            for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
            problems.push_back({options_.strict ? Severity::error : Severity::warning,
                                path + "/" + json_pointer_escape(key), code,
                                "unknown field '" + key + "' (known: " + allowed + ")"});
        }
    }

    const json* field(const json& obj, const std::string& path, const std::string& code, const char* name,
                      bool required) {
        auto it = obj.find(name);
        if (it == obj.end()) {
            if (required) error(path + "/" + name, code, std::string("required field '") + name + "' is missing");
            return nullptr;
        }
        return &*it;
    }

    const json* array_field(const json& root, const char* name, bool required = false) {
        const json* v = field(root, "", "", name, required);
        if (v && !v->is_array()) {
            error(std::string("/") + name, "", std::string("must be an array, got ") + type_name(*v));
            return nullptr;
        }
        return v;
    }

    bool get_string(const json& obj, const std::string& path, const std::string& code, const char* name,
                    std::string& out, bool required = false, bool nonempty = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return false;
        if (!v->is_string()) {
            error(path + "/" + name, code, "must be a string, got " + type_name(*v));
            return false;
        }
        out = v->get<std::string>();
        if (nonempty && out.empty()) {
            error(path + "/" + name, code, "must not be empty");
            return false;
        }
        return true;
    }

    void get_date(const json& obj, const std::string& path, const std::string& code, const char* name, Date& out,
                  bool required = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return;
        if (!v->is_string()) {
            error(path + "/" + name, code, "must be a date string \"YYYY-MM-DD\", got " + type_name(*v));
            return;
        }
        const auto& text = v->get_ref<const std::string&>();
        if (auto d = parse_date(text)) {
            out = *d;
        } else {
            error(path + "/" + name, code, "'" + text + "' is not a valid date \"YYYY-MM-DD\" (years 1900..2200)");
        }
    }

    template <class E>
    void get_enum(const json& obj, const std::string& path, const std::string& code, const char* name, E& out,
                  bool required = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return;
        enum_value(*v, path + "/" + name, code, out);
    }

    template <class E>
    bool enum_value(const json& v, const std::string& path, const std::string& code, E& out) {
        std::string problem = read_enum(v, out);  // shared with io::JsonFields: the same words
        if (problem.empty()) return true;
        error(path, code, std::move(problem));
        return false;
    }

    // Numbers are checked for type here; range (negative, NaN, infinite) in check_tables.
    bool get_number(const json& obj, const std::string& path, const std::string& code, const char* name, double& out,
                    bool required = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return false;
        if (!v->is_number()) {
            error(path + "/" + name, code, "must be a number, got " + type_name(*v));
            return false;
        }
        out = v->get<double>();
        return true;
    }

    template <class Int>
    void get_int(const json& obj, const std::string& path, const std::string& code, const char* name, Int& out,
                 bool required = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return;
        if (v->is_number_float()) {
            const double d = v->get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.0e15) {
                out = static_cast<Int>(d);
                return;
            }
            error(path + "/" + name, code, "must be an integer, got " + v->dump());
            return;
        }
        if (!v->is_number_integer()) {
            error(path + "/" + name, code, "must be an integer, got " + type_name(*v));
            return;
        }
        if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) {
                error(path + "/" + name, code, "integer " + v->dump() + " is too large");
                return;
            }
            out = static_cast<Int>(u);
            return;
        }
        const auto i = v->get<std::int64_t>();
        if (i < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
            i > static_cast<std::int64_t>(std::numeric_limits<Int>::max())) {
            error(path + "/" + name, code, "integer " + v->dump() + " is out of range");
            return;
        }
        out = static_cast<Int>(i);
    }

    void get_bool(const json& obj, const std::string& path, const std::string& code, const char* name, bool& out) {
        const json* v = field(obj, path, code, name, false);
        if (!v || v->is_null()) return;
        if (!v->is_boolean()) {
            error(path + "/" + name, code, "must be true or false, got " + type_name(*v));
            return;
        }
        out = v->get<bool>();
    }

    const json* get_array(const json& obj, const std::string& path, const std::string& code, const char* name,
                          bool required = false) {
        const json* v = field(obj, path, code, name, required);
        if (!v || (v->is_null() && !required)) return nullptr;
        if (!v->is_array()) {
            error(path + "/" + name, code, "must be an array, got " + type_name(*v));
            return nullptr;
        }
        return v;
    }

    bool expect_object(const json& v, const std::string& path) {
        if (v.is_object()) return true;
        error(path, "", "must be an object, got " + type_name(v));
        return false;
    }

    static void collect_codes(const json* table, const char* key, CodeMap& map) {
        if (!table) return;
        Index i = 0;
        for (const auto& item : *table) {
            if (item.is_object()) {
                auto it = item.find(key);
                if (it != item.end() && it->is_string()) map.emplace(it->get<std::string>(), i);
            }
            ++i;
        }
    }

    // Resolves a code; reports a dangling reference. The closest codes are added
    // by add_suggestions() once every problem is known, for the first 200 only
    // (each costs a scan of the table), so the choice does not depend on the
    // order in which the streaming reader meets the tables.
    Index resolve(const json& v, const std::string& path, const std::string& code, const CodeMap& map,
                  std::string_view what) {
        if (!v.is_string()) {
            error(path, code, std::string(what) + " code must be a string, got " + type_name(v));
            return kUnresolved;
        }
        const auto& text = v.get_ref<const std::string&>();
        if (auto it = map.find(text); it != map.end()) return it->second;
        pending_.push_back({problems.size(), text, &map});
        error(path, code, "unknown " + std::string(what) + " '" + text + "'");
        return kUnresolved;
    }

    static std::string code_of(const json& item, const char* key = "code") {
        if (!item.is_object()) return {};
        auto it = item.find(key);
        return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    void read_calendar(const json& cal) {
        if (!expect_object(cal, "/calendar")) return;
        known(cal, "/calendar", "", {"overrides"});
        const json* overrides = get_array(cal, "/calendar", "", "overrides");
        if (!overrides) return;
        for (std::size_t i = 0; i < overrides->size(); ++i) {
            const json& o = (*overrides)[i];
            const std::string path = "/calendar/overrides/" + std::to_string(i);
            if (!expect_object(o, path)) continue;
            known(o, path, "", {"date", "working", "name"});
            CalendarOverride c;
            get_date(o, path, "", "date", c.date, true);
            get_bool(o, path, "", "working", c.working);
            get_string(o, path, "", "name", c.name);
            parts.calendar.push_back(std::move(c));
        }
    }

    void read_agencies(const json& table) {
        parts.agencies.reserve(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) {
            const json& o = table[i];
            const std::string path = "/agencies/" + std::to_string(i);
            Agency a;
            if (expect_object(o, path)) {
                known(o, path, code_of(o),
                      {"code", "name", "kind", "level", "territory", "parent", "valid_from", "valid_to",
                       "quota_civil_servants", "quota_public_employees", "headcount", "population", "travel_km"});
                get_string(o, path, "", "code", a.code, true, true);
                const std::string& c = a.code;
                get_string(o, path, c, "name", a.name, true, true);
                get_enum(o, path, c, "kind", a.kind, true);
                get_enum(o, path, c, "level", a.level, true);
                get_enum(o, path, c, "territory", a.territory);
                if (const json* p = field(o, path, c, "parent", false); p && !p->is_null())
                    a.parent = resolve(*p, path + "/parent", c, agency_codes_, "parent agency");
                get_date(o, path, c, "valid_from", a.valid_from);
                get_date(o, path, c, "valid_to", a.valid_to);
                get_int(o, path, c, "quota_civil_servants", a.quota_civil_servants);
                get_int(o, path, c, "quota_public_employees", a.quota_public_employees);
                get_int(o, path, c, "headcount", a.headcount);
                get_int(o, path, c, "population", a.population);
                get_number(o, path, c, "travel_km", a.travel_km);
            }
            parts.agencies.push_back(std::move(a));
        }
    }

    void read_tasks(const json& table) {
        parts.tasks.reserve(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) {
            const json& o = table[i];
            const std::string path = "/tasks/" + std::to_string(i);
            Task t;
            if (expect_object(o, path)) {
                known(o, path, code_of(o), {"code", "name", "field", "assignments"});
                get_string(o, path, "", "code", t.code, true, true);
                get_string(o, path, t.code, "name", t.name, true, true);
                get_string(o, path, t.code, "field", t.field);
                if (const json* as = get_array(o, path, t.code, "assignments")) {
                    for (std::size_t k = 0; k < as->size(); ++k) {
                        const json& ao = (*as)[k];
                        const std::string ap = path + "/assignments/" + std::to_string(k);
                        if (!expect_object(ao, ap)) continue;
                        known(ao, ap, t.code, {"agency", "role", "valid_from", "valid_to"});
                        TaskAssignment a;
                        if (const json* ag = field(ao, ap, t.code, "agency", true))
                            a.agency = resolve(*ag, ap + "/agency", t.code, agency_codes_, "agency");
                        else
                            a.agency = kUnresolved;
                        get_enum(ao, ap, t.code, "role", a.role, true);
                        get_date(ao, ap, t.code, "valid_from", a.valid_from);
                        get_date(ao, ap, t.code, "valid_to", a.valid_to);
                        t.assignments.push_back(a);
                    }
                }
            }
            parts.tasks.push_back(std::move(t));
        }
    }

    void read_documents(const json& table) {
        parts.documents.reserve(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) {
            const json& o = table[i];
            const std::string path = "/documents/" + std::to_string(i);
            LegalDocument d;
            if (expect_object(o, path)) {
                known(o, path, code_of(o),
                      {"code", "title", "issuer", "kind", "issued", "effective", "expired", "procedures"});
                get_string(o, path, "", "code", d.code, true, true);
                get_string(o, path, d.code, "title", d.title, true, true);
                get_string(o, path, d.code, "issuer", d.issuer);
                get_string(o, path, d.code, "kind", d.kind);
                get_date(o, path, d.code, "issued", d.issued);
                get_date(o, path, d.code, "effective", d.effective);
                get_date(o, path, d.code, "expired", d.expired);
                if (const json* ps = get_array(o, path, d.code, "procedures"))
                    for (std::size_t k = 0; k < ps->size(); ++k)
                        d.procedures.push_back(resolve((*ps)[k], path + "/procedures/" + std::to_string(k), d.code,
                                                       procedure_codes_, "procedure"));
            }
            parts.documents.push_back(std::move(d));
        }
    }

    template <class E>
    void enum_list(const json& o, const std::string& path, const std::string& code, const char* name,
                   std::vector<E>& out, bool required = false) {
        const json* arr = get_array(o, path, code, name, required);
        if (!arr) return;
        for (std::size_t k = 0; k < arr->size(); ++k) {
            E e{};
            if (enum_value((*arr)[k], path + "/" + name + "/" + std::to_string(k), code, e)) out.push_back(e);
        }
    }

    void read_procedures(const json& table) {
        parts.procedures.reserve(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) {
            const json& o = table[i];
            const std::string path = "/procedures/" + std::to_string(i);
            Procedure p;
            if (expect_object(o, path)) read_procedure(o, path, p);
            parts.procedures.push_back(std::move(p));
        }
    }

    void read_procedure(const json& o, const std::string& path, Procedure& p) {
        known(o, path, code_of(o),
              {"code", "name", "field", "levels", "type", "decision", "legal_basis", "subjects", "online_level",
               "online_share", "postal_share", "trips", "result", "steps", "methods", "fees", "components",
               "volumes"});
        get_string(o, path, "", "code", p.code, true, true);
        const std::string& c = p.code;
        get_string(o, path, c, "name", p.name, true, true);
        get_string(o, path, c, "field", p.field, true);
        enum_list(o, path, c, "levels", p.levels, true);
        get_enum(o, path, c, "type", p.type);
        get_string(o, path, c, "decision", p.decision);
        if (const json* lb = get_array(o, path, c, "legal_basis"))
            for (std::size_t k = 0; k < lb->size(); ++k) {
                std::string at = path + "/legal_basis/" + std::to_string(k);
                if (defer_documents_) {
                    // Documents come after procedures in a saved file: resolved in adopt_procedures.
                    deferred_.push_back({parts.procedures.size(), k, (*lb)[k], std::move(at), c, problems.size()});
                    p.legal_basis.push_back(kUnresolved);
                } else {
                    p.legal_basis.push_back(resolve((*lb)[k], at, c, document_codes_, "legal document"));
                }
            }
        enum_list(o, path, c, "subjects", p.subjects);
        get_enum(o, path, c, "online_level", p.online_level);
        get_number(o, path, c, "online_share", p.online_share);  // range checked in check_tables
        get_number(o, path, c, "postal_share", p.postal_share);
        get_int(o, path, c, "trips", p.trips);
        get_string(o, path, c, "result", p.result);
        if (const json* steps = get_array(o, path, c, "steps")) {
            for (std::size_t k = 0; k < steps->size(); ++k) {
                const json& so = (*steps)[k];
                const std::string sp = path + "/steps/" + std::to_string(k);
                if (!expect_object(so, sp)) continue;
                known(so, sp, c, {"name", "role", "responsible", "duration", "unit", "transfer"});
                Step s;
                get_string(so, sp, c, "name", s.name, true);
                get_enum(so, sp, c, "role", s.role, true);
                if (const json* r = field(so, sp, c, "responsible", false); r && !r->is_null()) {
                    if (r->is_string() && r->get_ref<const std::string&>() == "@implementing")
                        s.responsible = kImplementingAgency;
                    else if (r->is_string() && r->get_ref<const std::string&>() == "@parent")
                        s.responsible = kParentOfImplementing;
                    else
                        s.responsible =
                            resolve(*r, sp + "/responsible", c, agency_codes_, "responsible agency");
                }
                get_number(so, sp, c, "duration", s.duration, true);
                get_enum(so, sp, c, "unit", s.unit);
                get_enum(so, sp, c, "transfer", s.transfer);
                p.steps.push_back(std::move(s));
            }
        }
        if (const json* methods = get_array(o, path, c, "methods")) {
            for (std::size_t k = 0; k < methods->size(); ++k) {
                const json& mo = (*methods)[k];
                const std::string mp = path + "/methods/" + std::to_string(k);
                if (!expect_object(mo, mp)) continue;
                known(mo, mp, c, {"channel", "processing_time", "unit"});
                SubmissionMethod m;
                get_enum(mo, mp, c, "channel", m.channel, true);
                get_number(mo, mp, c, "processing_time", m.processing_time, true);
                get_enum(mo, mp, c, "unit", m.unit);
                p.methods.push_back(m);
            }
        }
        if (const json* fees = get_array(o, path, c, "fees")) {
            for (std::size_t k = 0; k < fees->size(); ++k) {
                const json& fo = (*fees)[k];
                const std::string fp = path + "/fees/" + std::to_string(k);
                if (!expect_object(fo, fp)) continue;
                known(fo, fp, c, {"name", "kind", "amount"});
                FeeItem f;
                get_string(fo, fp, c, "name", f.name, true);
                get_enum(fo, fp, c, "kind", f.kind);
                get_int(fo, fp, c, "amount", f.amount, true);
                p.fees.push_back(std::move(f));
            }
        }
        if (const json* comps = get_array(o, path, c, "components")) {
            for (std::size_t k = 0; k < comps->size(); ++k) {
                const json& co = (*comps)[k];
                const std::string cp = path + "/components/" + std::to_string(k);
                if (!expect_object(co, cp)) continue;
                known(co, cp, c,
                      {"name", "originals", "copies", "prep_hours", "cost", "required", "notarised", "electronic_form"});
                Component comp;
                get_string(co, cp, c, "name", comp.name, true, true);
                get_int(co, cp, c, "originals", comp.originals);
                get_int(co, cp, c, "copies", comp.copies);
                get_number(co, cp, c, "prep_hours", comp.prep_hours);
                get_int(co, cp, c, "cost", comp.cost);
                get_bool(co, cp, c, "required", comp.required);
                get_bool(co, cp, c, "notarised", comp.notarised);
                get_bool(co, cp, c, "electronic_form", comp.electronic_form);
                p.components.push_back(std::move(comp));
            }
        }
        if (const json* vols = get_array(o, path, c, "volumes")) {
            for (std::size_t k = 0; k < vols->size(); ++k) {
                const json& vo = (*vols)[k];
                const std::string vp = path + "/volumes/" + std::to_string(k);
                if (!expect_object(vo, vp)) continue;
                known(vo, vp, c, {"agency", "annual"});
                Volume v;
                if (const json* ag = field(vo, vp, c, "agency", true))
                    v.agency = resolve(*ag, vp + "/agency", c, agency_codes_, "implementing agency");
                else
                    v.agency = kUnresolved;
                get_number(vo, vp, c, "annual", v.annual, true);
                p.volumes.push_back(v);
            }
        }
    }

    void read_courses(const json& table) {
        parts.courses.reserve(table.size());
        for (std::size_t i = 0; i < table.size(); ++i) {
            const json& o = table[i];
            const std::string path = "/courses/" + std::to_string(i);
            Course c;
            if (expect_object(o, path)) {
                known(o, path, code_of(o), {"code", "name", "content", "periods", "days", "certificate_validity_years"});
                get_string(o, path, "", "code", c.code, true, true);
                get_string(o, path, c.code, "name", c.name, true, true);
                get_enum(o, path, c.code, "content", c.content, true);
                get_number(o, path, c.code, "periods", c.periods);
                get_number(o, path, c.code, "days", c.days);
                get_int(o, path, c.code, "certificate_validity_years", c.certificate_validity_years);
            }
            parts.courses.push_back(std::move(c));
        }
    }

    void read_people(const json& table) {
        parts.people.reserve(table.size());
        parts.records.offsets.reserve(table.size() + 1);
        begin_people();
        for (std::size_t i = 0; i < table.size(); ++i) read_person_impl(table[i], i);
    }

    // One person's fields as read (by read_person_impl or fast_person), before they go into the columns.
    struct PersonRow {
        std::string id;
        std::string_view rank, position, ethnicity;  // interned by append_person
        Index agency = kUnresolved;
        PersonCategory category{};
        RankGroup rank_group = RankGroup::none;
        Leadership leadership = Leadership::none;
        std::int16_t birth_year = 0;
        Gender gender{};
        Date entered = kNoDate, left = kNoDate;
    };

    void append_person(PersonRow& p) {
        People& people = parts.people;
        auto text = [&](std::string_view t) { return t.empty() ? empty_string_ : people.strings.intern(t); };
        people.id.push_back(std::move(p.id));
        people.agency.push_back(p.agency);
        people.category.push_back(p.category);
        people.rank_group.push_back(p.rank_group);
        people.rank.push_back(text(p.rank));
        people.position.push_back(text(p.position));
        people.leadership.push_back(p.leadership);
        people.birth_year.push_back(p.birth_year);
        people.gender.push_back(p.gender);
        people.ethnicity.push_back(text(p.ethnicity));
        people.entered.push_back(p.entered);
        people.left.push_back(p.left);
    }

    void read_person_impl(const json& o, std::size_t i) {
        const std::string path = "/people/" + std::to_string(i);
        PersonRow p;
        std::string rank, position, ethnicity;
        if (expect_object(o, path)) {
            known(o, path, code_of(o, "id"),
                  {"id", "agency", "category", "rank_group", "rank", "position", "leadership", "birth_year", "gender",
                   "ethnicity", "entered", "left", "training"});
            const std::string& id = p.id;
            get_string(o, path, "", "id", p.id, true, true);
            if (const json* ag = field(o, path, id, "agency", true))
                p.agency = resolve(*ag, path + "/agency", id, agency_codes_, "agency");
            get_enum(o, path, id, "category", p.category, true);
            get_enum(o, path, id, "rank_group", p.rank_group);
            get_string(o, path, id, "rank", rank);
            get_string(o, path, id, "position", position);
            get_enum(o, path, id, "leadership", p.leadership);
            get_int(o, path, id, "birth_year", p.birth_year);
            get_enum(o, path, id, "gender", p.gender, true);
            get_string(o, path, id, "ethnicity", ethnicity);
            get_date(o, path, id, "entered", p.entered);
            get_date(o, path, id, "left", p.left);
            if (const json* training = get_array(o, path, id, "training")) read_training(*training, path, id);
        }
        p.rank = rank;
        p.position = position;
        p.ethnicity = ethnicity;
        append_person(p);
        parts.records.offsets.push_back(static_cast<std::int64_t>(parts.records.course.size()));
    }

    // Decodes a person that read_person_impl would accept without a problem, with
    // the same values; false (nothing appended) for anything else: unknown or
    // repeated keys, null where required, wrong types, unknown codes, bad dates.
    bool fast_person(std::span<Event> ev) {
        using E = Event;
        std::size_t i = 0;
        const std::size_t n = ev.size();
        if (n < 2 || ev[i++].type != E::object) return false;
        std::string* id = nullptr;
        PersonRow p;
        unsigned seen = 0;
        records_.clear();
        auto enum_at = [&](auto& out, bool nullable) {
            const E& v = ev[i++];
            if (v.type == E::null) return nullable;
            if (v.type != E::string) return false;
            auto e = enum_from_string<std::remove_reference_t<decltype(out)>>(v.s);
            if (!e) return false;
            out = *e;
            return true;
        };
        auto text_at = [&](std::string_view& out) {
            const E& v = ev[i++];
            if (v.type == E::null) return true;
            if (v.type != E::string) return false;
            out = v.s;
            return true;
        };
        auto date_at = [&](Date& out, bool nullable) {
            const E& v = ev[i++];
            if (v.type == E::null) return nullable;
            if (v.type != E::string) return false;
            auto d = parse_date(v.s);
            if (!d) return false;
            out = *d;
            return true;
        };
        while (i < n && ev[i].type == E::key) {
            const std::string& k = ev[i++].s;
            if (i >= n) return false;
            static constexpr std::array<std::string_view, 13> names{
                "id", "agency", "category", "rank_group", "rank", "position", "leadership",
                "birth_year", "gender", "ethnicity", "entered", "left", "training"};
            const auto f = static_cast<unsigned>(std::find(names.begin(), names.end(), k) - names.begin());
            if (f >= names.size() || (seen & (1U << f))) return false;
            seen |= 1U << f;
            bool ok = true;
            switch (f) {
                case 0:
                    ok = ev[i].type == E::string && !ev[i].s.empty();
                    id = &ev[i++].s;
                    break;
                case 1: {
                    const E& v = ev[i++];
                    if (v.type != E::string) return false;
                    auto it = agency_codes_.find(v.s);
                    if (it == agency_codes_.end()) return false;
                    p.agency = it->second;
                    break;
                }
                case 2: ok = enum_at(p.category, false); break;
                case 3: ok = enum_at(p.rank_group, true); break;
                case 4: ok = text_at(p.rank); break;
                case 5: ok = text_at(p.position); break;
                case 6: ok = enum_at(p.leadership, true); break;
                case 7: {
                    const E& v = ev[i++];
                    if (v.type == E::unsigned_integer && v.u <= 32767U)
                        p.birth_year = static_cast<std::int16_t>(v.u);
                    else if (v.type == E::integer && v.i >= -32768 && v.i <= 32767)
                        p.birth_year = static_cast<std::int16_t>(v.i);
                    else
                        ok = v.type == E::null;
                    break;
                }
                case 8: ok = enum_at(p.gender, false); break;
                case 9: ok = text_at(p.ethnicity); break;
                case 10: ok = date_at(p.entered, true); break;
                case 11: ok = date_at(p.left, true); break;
                default:
                    if (ev[i].type == E::null) {
                        ++i;
                        break;
                    }
                    if (ev[i++].type != E::array) return false;
                    while (i < n && ev[i].type == E::object) {
                        ++i;
                        if (!fast_record(ev, i)) return false;
                    }
                    ok = i < n && ev[i++].type == E::end_array;
            }
            if (!ok) return false;
        }
        // id, agency, category and gender are required; then the object must end here.
        if ((seen & 0b1'0000'0111U) != 0b1'0000'0111U || i + 1 != n || ev[i].type != E::end_object) return false;

        p.id = std::move(*id);
        append_person(p);
        TrainingRecords& rec = parts.records;
        for (const FastRecord& r : records_) {
            rec.course.push_back(r.course);
            rec.start.push_back(r.start);
            rec.end.push_back(r.end);
            rec.periods.push_back(r.periods);
            rec.result.push_back(r.result);
            rec.certificate.push_back(r.certificate);
        }
        rec.offsets.push_back(static_cast<std::int64_t>(rec.course.size()));
        return true;
    }

    struct FastRecord {
        Index course;
        Date start, end;
        float periods;
        TrainingResult result;
        std::uint8_t certificate;
    };
    std::vector<FastRecord> records_;

    // One training record after its '{' (i moves past its '}'), as read_training would take it.
    bool fast_record(std::span<Event> ev, std::size_t& i) {
        using E = Event;
        const std::size_t n = ev.size();
        FastRecord r{kUnresolved, kNoDate, kNoDate, 0.0f, TrainingResult::passed, 0};
        double periods = 0.0;
        bool has_periods = false;
        unsigned seen = 0;
        while (i < n && ev[i].type == E::key) {
            const std::string& k = ev[i++].s;
            if (i >= n) return false;
            static constexpr std::array<std::string_view, 6> names{"course", "start", "end", "periods", "result",
                                                                   "certificate"};
            const auto f = static_cast<unsigned>(std::find(names.begin(), names.end(), k) - names.begin());
            if (f >= names.size() || (seen & (1U << f))) return false;
            seen |= 1U << f;
            const E& v = ev[i++];
            switch (f) {
                case 0: {
                    if (v.type != E::string) return false;
                    auto it = course_codes_.find(v.s);
                    if (it == course_codes_.end()) return false;
                    r.course = it->second;
                    break;
                }
                case 1:
                case 2: {
                    if (v.type != E::string) return false;
                    auto d = parse_date(v.s);
                    if (!d) return false;
                    (f == 1 ? r.start : r.end) = *d;
                    break;
                }
                case 3:
                    has_periods = v.type != E::null;
                    if (v.type == E::number)
                        periods = v.d;
                    else if (v.type == E::unsigned_integer)
                        periods = static_cast<double>(v.u);
                    else if (v.type == E::integer)
                        periods = static_cast<double>(v.i);
                    else if (v.type != E::null)
                        return false;
                    break;
                case 4: {
                    if (v.type == E::null) break;
                    if (v.type != E::string) return false;
                    auto e = enum_from_string<TrainingResult>(v.s);
                    if (!e) return false;
                    r.result = *e;
                    break;
                }
                default:
                    if (v.type == E::boolean)
                        r.certificate = v.b ? 1 : 0;
                    else if (v.type != E::null)
                        return false;
            }
        }
        if ((seen & 0b111U) != 0b111U || i >= n || ev[i++].type != E::end_object) return false;
        if (!fits_float(periods)) return false;
        if (!has_periods)
            periods = static_cast<std::size_t>(r.course) < parts.courses.size()
                          ? parts.courses[static_cast<std::size_t>(r.course)].periods
                          : 0.0;
        r.periods = static_cast<float>(periods);
        records_.push_back(r);
        return true;
    }

    void adopt_problems(Reader& from) {
        const std::size_t base = problems.size();
        for (auto& p : from.pending_) {
            p.problem += base;
            pending_.push_back(std::move(p));
        }
        from.pending_.clear();
        problems.insert(problems.end(), std::make_move_iterator(from.problems.begin()),
                        std::make_move_iterator(from.problems.end()));
        from.problems.clear();
    }

    void adopt_procedures(Reader& from) {
        // Resolve the deferred legal-basis references against the documents, each
        // problem inserted where reading the procedures from a DOM puts it.
        std::size_t j = 0, next_pending = 0;
        auto move_until = [&](std::size_t end) {
            for (; j < end; ++j) {
                for (; next_pending < from.pending_.size() && from.pending_[next_pending].problem == j; ++next_pending) {
                    PendingSuggestion s = std::move(from.pending_[next_pending]);
                    s.problem = problems.size();
                    pending_.push_back(std::move(s));
                }
                problems.push_back(std::move(from.problems[j]));
            }
        };
        for (Deferred& d : from.deferred_) {
            move_until(d.problem);
            from.parts.procedures[d.procedure].legal_basis[d.k] =
                resolve(d.value, d.path, d.code, document_codes_, "legal document");
        }
        move_until(from.problems.size());
        from.problems.clear();
        from.pending_.clear();
        from.deferred_.clear();
        parts.procedures = std::move(from.parts.procedures);
        parts.procedures.shrink_to_fit();
    }

    void adopt_people(Reader& from) {
        adopt_problems(from);
        parts.people = std::move(from.parts.people);
        parts.records = std::move(from.parts.records);
        // Grown by push_back without knowing the count: give back up to half of each
        // column, which the model would otherwise hold for its whole life.
        People& p = parts.people;
        shrink(p.id, p.agency, p.category, p.rank_group, p.rank, p.position, p.leadership, p.birth_year, p.gender,
               p.ethnicity, p.entered, p.left);
        TrainingRecords& r = parts.records;
        shrink(r.offsets, r.course, r.start, r.end, r.periods, r.result, r.certificate);
    }

    template <class... Column>
    static void shrink(Column&... columns) {
        (columns.shrink_to_fit(), ...);
    }

    void read_training(const json& training, const std::string& person_path, const std::string& id) {
        TrainingRecords& rec = parts.records;
        for (std::size_t k = 0; k < training.size(); ++k) {
            const json& o = training[k];
            const std::string path = person_path + "/training/" + std::to_string(k);
            Index course = kUnresolved;
            Date start = kNoDate, end = kNoDate;
            double periods = 0.0;
            bool has_periods = false;  // absent: the course's standard periods
            TrainingResult result = TrainingResult::passed;
            bool certificate = false;
            if (expect_object(o, path)) {
                known(o, path, id, {"course", "start", "end", "periods", "result", "certificate"});
                if (const json* c = field(o, path, id, "course", true))
                    course = resolve(*c, path + "/course", id, course_codes_, "course");
                get_date(o, path, id, "start", start, true);
                get_date(o, path, id, "end", end, true);
                has_periods = get_number(o, path, id, "periods", periods);
                if (has_periods && !fits_float(periods)) {  // stored as a float: 1e39 would become inf
                    error(path + "/periods", id,
                          "periods " + o["periods"].dump() + " is out of range (at most " +
                              format_number(std::numeric_limits<float>::max()) + ")");
                    periods = 0.0;
                }
                get_enum(o, path, id, "result", result);
                get_bool(o, path, id, "certificate", certificate);
            }
            if (!has_periods)
                periods = course >= 0 && static_cast<std::size_t>(course) < parts.courses.size()
                              ? parts.courses[static_cast<std::size_t>(course)].periods
                              : 0.0;
            rec.course.push_back(course);
            rec.start.push_back(start);
            rec.end.push_back(end);
            rec.periods.push_back(static_cast<float>(periods));
            rec.result.push_back(result);
            rec.certificate.push_back(certificate ? 1 : 0);
        }
    }
};

// ---------------------------------------------------------------------------
// Streaming input. The document is parsed by nlohmann's SAX interface: the
// small tables become a DOM as before, while the two that grow with the country,
// `procedures` (a volume row per implementing unit) and `people` (with their
// training records), are read element by element: each element's SAX events are
// kept until it ends, then a person that is entirely valid goes straight into the
// columns (Reader::fast_person) and anything else through a small DOM of its own
// and the per-element reader above, so every message, pointer and problem order
// is the whole-DOM reader's. A national file never exists as one DOM, nor (read
// from a file or .gz) as one string.

constexpr std::size_t kChunk = std::size_t{1} << 20;

// Bytes in chunks. A chunk stays valid until the call after the next one (two
// buffers alternate), so a parse error can still quote the chunk before.
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    virtual std::string_view next() = 0;  // empty at the end
    virtual void rewind() = 0;
};

class TextSource final : public ByteSource {
  public:
    explicit TextSource(std::string_view text) : text_(text) {}
    std::string_view next() override {
        if (given_) return {};
        given_ = true;
        return text_;
    }
    void rewind() override { given_ = false; }

  private:
    std::string_view text_;
    bool given_ = false;
};

[[noreturn]] void cannot_read(const std::string& path, int err) {
    throw Error("cannot read " + path + ": " + std::strerror(err));
}

// A file, or a pipe / character device (/dev/stdin, a FIFO, a process substitution),
// which cannot seek back: its chunks are kept and replayed by rewind().
class FileSource final : public ByteSource {
  public:
    explicit FileSource(const std::string& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) cannot_read(path, errno);
        struct stat st {};
        if (::fstat(fd_, &st) != 0 || S_ISDIR(st.st_mode)) {
            const int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
            ::close(fd_);
            cannot_read(path, err);
        }
        seekable_ = ::lseek(fd_, 0, SEEK_CUR) >= 0;
    }
    ~FileSource() override { ::close(fd_); }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    std::string_view next() override {
        if (!seekable_ && replay_ < kept_.size()) return kept_[replay_++];
        std::string& buf = seekable_ ? buf_[which_ ^= 1] : kept_.emplace_back();
        buf.resize(kChunk);
        // A whole chunk (a pipe gives 64 KiB a read): kept chunks hold no slack.
        std::size_t got = 0;
        while (got < buf.size()) {
            const ssize_t n = ::read(fd_, buf.data() + got, buf.size() - got);
            if (n == 0) break;
            if (n > 0)
                got += static_cast<std::size_t>(n);
            else if (errno != EINTR)
                cannot_read(path_, errno);
        }
        buf.resize(got);
        if (!seekable_) {
            if (got == 0) kept_.pop_back();
            replay_ = kept_.size();
        }
        return buf;
    }
    // The same open file again: a concurrent atomic save (rename) cannot swap it.
    void rewind() override {
        if (!seekable_)
            replay_ = 0;
        else if (::lseek(fd_, 0, SEEK_SET) != 0)
            cannot_read(path_, errno);
    }

  private:
    std::string path_;
    int fd_ = -1;
    bool seekable_ = true;
    std::string buf_[2];
    int which_ = 0;
    std::deque<std::string> kept_;  // unseekable input so far (a deque: the chunks never move)
    std::size_t replay_ = 0;
};

// gzip (one or more members, as gzip(1) and Python's gzip write), inflated in chunks.
class GzipSource final : public ByteSource {
  public:
    GzipSource(const std::string& path, std::string source) : file_(path), source_(std::move(source)) {
        if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw Error("zlib: cannot initialise");
    }
    ~GzipSource() override { inflateEnd(&z_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    std::string_view next() override {
        std::string& out = out_[which_ ^= 1];
        out.resize(kChunk);
        z_.next_out = reinterpret_cast<Bytef*>(out.data());
        z_.avail_out = static_cast<uInt>(out.size());
        while (z_.avail_out > 0 && !eof_) {
            if (z_.avail_in == 0) {
                const std::string_view in = file_.next();
                if (in.empty()) {
                    eof_ = true;
                    if (in_member_) bad("truncated (the compressed data ends early)");
                    break;
                }
                z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
                z_.avail_in = static_cast<uInt>(in.size());
                in_member_ = true;
            }
            const int rc = inflate(&z_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                // Another member may follow; inflate reads its header after the reset.
                inflateReset(&z_);
                in_member_ = z_.avail_in > 0;
                continue;
            }
            if (rc == Z_BUF_ERROR && z_.avail_in == 0) continue;
            if (rc != Z_OK) bad(z_.msg ? z_.msg : "zlib error " + std::to_string(rc));
        }
        return {out.data(), out.size() - z_.avail_out};
    }

    void rewind() override {
        file_.rewind();
        inflateReset(&z_);
        z_.avail_in = 0;
        eof_ = in_member_ = false;
    }

  private:
    [[noreturn]] void bad(const std::string& why) {
        throw ValidationError(source_, {{Severity::error, "", "", "not a valid gzip file: " + why}});
    }

    FileSource file_;
    std::string source_;
    z_stream z_{};
    std::string out_[2];
    int which_ = 0;
    bool eof_ = false, in_member_ = false;
};

// Line and column (1-based, columns in UTF-8 characters) after `bytes`, from (line, column).
void advance_position(std::string_view bytes, std::size_t& line, std::size_t& column) {
    const auto newlines = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    std::string_view tail = bytes;
    if (newlines > 0) {
        line += newlines;
        column = 1;
        tail = bytes.substr(bytes.rfind('\n') + 1);
    }
    for (char c : tail) column += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
}

// The source as a byte sequence for the parser, remembering the current and
// previous chunk (and where they start) to locate and quote errors.
class ChunkReader {
  public:
    explicit ChunkReader(ByteSource& src) : src_(src) { load(); }

    const char* p = nullptr;
    const char* end = nullptr;

    void advance() {
        if (++p == end) load();
    }
    bool at_end() const { return p == end; }
    std::size_t consumed() const { return cur_.begin + cur_.bytes.size(); }
    // Offset of the next byte to read.
    std::size_t offset() const { return consumed() - static_cast<std::size_t>(end - p); }
    // Offset of the first NUL byte read outside a string (nlohmann's lexer takes it for
    // the end of input, so what follows would be ignored); npos when none was.
    std::size_t nul = std::string::npos;

    // Line and column of byte `offset`, if it lies in the remembered chunks.
    bool locate(std::size_t offset, std::size_t& line, std::size_t& column) const {
        for (const Chunk* c : {&cur_, &prev_}) {
            if (offset < c->begin || offset > c->begin + c->bytes.size()) continue;
            line = c->line;
            column = c->column;
            advance_position(c->bytes.substr(0, offset - c->begin), line, column);
            return true;
        }
        return false;
    }

    // The remembered bytes in [from, to).
    std::string window(std::size_t from, std::size_t to) const {
        std::string out;
        for (const Chunk* c : {&prev_, &cur_}) {
            const std::size_t b = std::max(from, c->begin), e = std::min(to, c->begin + c->bytes.size());
            if (b < e) out.append(c->bytes.substr(b - c->begin, e - b));
        }
        return out;
    }

  private:
    struct Chunk {
        std::string_view bytes;
        std::size_t begin = 0, line = 1, column = 1;  // position of bytes[0]
    };

    void load() {
        Chunk next{{}, cur_.begin + cur_.bytes.size(), cur_.line, cur_.column};
        advance_position(cur_.bytes, next.line, next.column);
        next.bytes = src_.next();
        prev_ = cur_;
        cur_ = next;
        p = cur_.bytes.data();
        end = p + cur_.bytes.size();
    }

    ByteSource& src_;
    Chunk prev_, cur_;
};

// nlohmann's input adapter interface (what its lexer calls; detail::parser is
// the only way to hand it a custom adapter, pinned with the nlohmann version) over a
// ChunkReader: a byte at a time from the current chunk, the next on exhaustion.
struct ChunkAdapter {
    using char_type = char;
    ChunkReader* r;

    std::char_traits<char>::int_type get_character() {
        if (r->at_end()) [[unlikely]]
            return std::char_traits<char>::eof();  // advance() has already tried to load more
        const auto c = std::char_traits<char>::to_int_type(*r->p);
        if (c == 0 && r->nul == std::string::npos) r->nul = r->offset();
        r->advance();
        return c;
    }
};

struct ParseFailure {
    enum Kind { none, syntax, overflow, too_deep, trailing, other } kind = none;
    std::size_t byte = 0;  // nlohmann's position: bytes read, the offending one included
    std::string token;     // nlohmann's "last read" token, control characters as <U+XXXX>
    std::string what;
};

// SAX handler: the DOM of everything but the two tables that grow with the
// country, `procedures` (a volume row per implementing unit: 1.2 M nationally)
// and `people` (with their training records), whose elements go to a Reader one
// by one. With `final_root` (second pass) it builds no DOM and only streams the
// tables the first pass could not read, using the complete document.
class DocumentHandler {
  public:
    static constexpr std::array<std::string_view, 2> kStreamed{"procedures", "people"};

    DocumentHandler(const JsonReadOptions& options, const json* final_root, std::array<bool, 2> stream)
        : options_(options), final_root_(final_root), build_(final_root == nullptr), stream_(stream) {}
    ~DocumentHandler() { free_dom(root); }  // also while bad_alloc unwinds
    DocumentHandler(const DocumentHandler&) = delete;
    DocumentHandler& operator=(const DocumentHandler&) = delete;

    json root;
    ParseFailure failure;
    const ChunkReader* input = nullptr;  // the nlohmann pass's input, to place a depth failure

    // The Reader holding streamed table t, or nullptr when its last value was
    // not an array (then it is in `root`, and Reader::read reports it).
    Reader* streamed(std::size_t t) { return tables_[t].streamed ? tables_[t].reader.get() : nullptr; }
    // Read before the agencies (or other tables) they refer to were complete: read again in a second pass.
    std::array<bool, 2> second_pass() const {
        return {tables_[0].streamed && !tables_[0].valid, tables_[1].streamed && !tables_[1].valid};
    }
    bool any_second_pass() const { return second_pass()[0] || second_pass()[1]; }
    void adopt(DocumentHandler& second) {
        for (std::size_t t = 0; t < kStreamed.size(); ++t)
            if (second_pass()[t]) {
                tables_[t].reader = std::move(second.tables_[t].reader);
                tables_[t].valid = true;
            }
    }

    bool null() {
        if (active_) return recorded(record(Event::null));
        return scalar(json(nullptr));
    }
    bool boolean(bool v) {
        if (active_) return recorded(record(Event::boolean).b = v);
        return scalar(json(v));
    }
    bool number_integer(json::number_integer_t v) {
        if (active_) return recorded(record(Event::integer).i = v);
        return scalar(json(v));
    }
    bool number_unsigned(json::number_unsigned_t v) {
        if (active_) return recorded(record(Event::unsigned_integer).u = v);
        return scalar(json(v));
    }
    bool number_float(json::number_float_t v, const std::string&) {
        if (active_) return recorded(record(Event::number).d = v);
        return scalar(json(v));
    }
    bool string(std::string& v) {
        normalize_nfc(v);  // every string of the document, so codes compare equal whatever form was typed
        if (active_) {
            record(Event::string).s = std::move(v);
            return recorded(true);
        }
        return scalar(json(std::move(v)));
    }
    bool binary(json::binary_t& v) { return scalar(json(std::move(v))); }  // not produced by JSON text
    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close(Event::end_object); }
    bool end_array() { return close(Event::end_array); }

    bool key(std::string& k) {
        if (active_) {
            record(Event::key).s = std::move(k);
            return true;
        }
        if (depth_ == 1) root_key(k);
        if (build_) dom_.slot = &(*dom_.stack.back())[k];
        return true;
    }

    template <class Exception>
    bool parse_error(std::size_t position, const std::string& last_token, const Exception& ex) {
        failure.byte = position;
        failure.token = last_token;
        failure.what = ex.what();
        if constexpr (std::is_same_v<Exception, json::parse_error>) {
            failure.kind = ParseFailure::syntax;
            failure.byte = ex.byte;
        } else if constexpr (std::is_same_v<Exception, json::out_of_range>) {
            failure.kind = ParseFailure::overflow;
        } else {
            failure.kind = ParseFailure::other;
        }
        return false;
    }

  private:
    struct Table {
        std::unique_ptr<Reader> reader;
        bool streamed = false;  // the last value of this key is an array, read here
        bool valid = false;     // read with the final values of the tables it refers to
        bool skip = false;      // no agencies yet: elements are not read in this pass
        std::size_t index = 0;
    };

    const JsonReadOptions& options_;
    const json* final_root_;
    bool build_;
    std::array<bool, 2> stream_;  // which tables this pass streams
    std::array<Table, 2> tables_;
    DomBuilder dom_{root};        // the DOM outside streamed tables
    std::size_t depth_ = 0;       // open containers, DOM or not
    std::size_t next_ = kNone;    // the root key just read names streamed table next_
    Table* active_ = nullptr;     // inside this streamed table's array
    std::size_t active_depth_ = 0;  // depth_ inside that array
    std::vector<Event> events_;   // the current element's events (events_[0, used_))
    std::size_t used_ = 0;
    static constexpr std::size_t kNone = 2;

    // Which tables an element refers to (whose later appearance invalidates a first pass).
    static bool depends(std::size_t t, std::string_view key) {
        return key == "agencies" || (t == 1 && key == "courses");  // legal bases wait for the documents
    }

    void root_key(const std::string& k) {
        next_ = kNone;
        for (std::size_t t = 0; t < kStreamed.size(); ++t) {
            if (k == kStreamed[t]) {
                if (stream_[t]) next_ = t;
                tables_[t] = Table{};  // a repeated key: the last value wins
            } else if (build_ && tables_[t].streamed && depends(t, k)) {
                tables_[t].valid = false;
            }
        }
    }


    // Events of the current element; the vector and its strings' buffers are reused.
    Event& record(Event::Type type) {
        if (used_ == events_.size()) events_.emplace_back();
        Event& e = events_[used_++];
        e.type = type;
        return e;
    }

    // A scalar of the streamed array's element (or the element itself).
    template <class T>
    bool recorded(const T&) {
        next_ = kNone;
        if (depth_ == active_depth_) emit();
        return true;
    }
    bool scalar(json&& v) {
        next_ = kNone;
        if (build_) {
            dom_.place(std::move(v));
        }
        return true;
    }

    bool open(json::value_t type) {
        if (depth_ >= kMaxJsonDepth) {  // Boost.JSON stops here too (max_depth)
            failure.kind = ParseFailure::too_deep;
            failure.byte = input ? input->offset() : 0;  // just after the '[' or '{'
            return false;
        }
        if (active_) {
            record(type == json::value_t::object ? Event::object : Event::array);
        } else if (next_ != kNone && depth_ == 1 && type == json::value_t::array) {
            begin(next_);
        } else if (build_) {
            dom_.stack.push_back(dom_.place(json(type)));
        }
        next_ = kNone;
        ++depth_;
        if (active_ && active_depth_ == 0) active_depth_ = depth_;
        return true;
    }

    bool close(Event::Type type) {
        if (active_ && depth_ == active_depth_) {  // the streamed array ends
            active_ = nullptr;
            active_depth_ = 0;
            --depth_;
            return true;
        }
        --depth_;
        if (active_) {
            record(type);
            if (depth_ == active_depth_) emit();
        } else if (build_) {
            dom_.stack.pop_back();
        }
        return true;
    }

    void begin(std::size_t t) {
        Table& table = tables_[t];
        active_ = &table;
        active_table_ = t;
        active_depth_ = 0;  // set by open() once the array is open
        table.streamed = true;
        table.reader = std::make_unique<Reader>(options_);
        const json& deps = build_ ? root : *final_root_;
        if (build_) *dom_.slot = json::array();  // placeholder: Reader::read takes the streamed rows instead
        // Without agencies yet every reference would fail: read the table in a second pass.
        table.skip = !deps.contains("agencies");
        table.valid = !table.skip;
        if (!table.skip) table.reader->prepare(kStreamed[t], deps);
    }

    std::size_t active_table_ = 0;

    void emit() {
        if (!active_->skip)
            active_->reader->read_events(kStreamed[active_table_], std::span<Event>(events_.data(), used_),
                                         active_->index);
        ++active_->index;
        used_ = 0;
    }
};

// Bytes of nlohmann's "last read" token: control characters come back as <U+00XX>.
std::string raw_token(std::string_view token) {
    std::string raw;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token.substr(i, 5) == "<U+00" && i + 8 <= token.size() && token[i + 7] == '>') {
            unsigned value = 0;
            auto [end, ec] = std::from_chars(token.data() + i + 5, token.data() + i + 7, value, 16);
            if (ec == std::errc() && end == token.data() + i + 7 && value < 0x20) {
                raw += static_cast<char>(value);
                i += 7;
                continue;
            }
        }
        raw += token[i];
    }
    return raw;
}

// Where the token still open at the end of `bytes` starts (bytes.size() if none is).
std::size_t open_token(std::string_view bytes) {
    std::size_t open = bytes.size();
    bool in_string = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false, open = bytes.size();
        } else if (c == '"') {
            in_string = true;
            open = i;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '[' || c == ']' ||
                   c == '{' || c == '}') {
            open = bytes.size();
        } else if (open == bytes.size()) {
            open = i;
        }
    }
    return open;
}

// "UTF-16" or "UTF-32" when the text starts with such a byte-order mark or, without one,
// interleaves NUL bytes with ASCII as those encodings write '{' and '"'; else empty.
std::string_view wide_encoding(std::string_view head) {
    const auto starts = [&](std::string_view bom) { return head.substr(0, bom.size()) == bom; };
    using namespace std::string_view_literals;
    if (starts("\x00\x00\xFE\xFF"sv) || starts("\xFF\xFE\x00\x00"sv)) return "UTF-32";
    if (starts("\xFE\xFF"sv) || starts("\xFF\xFE"sv)) return "UTF-16";
    if (head.size() < 4) return {};
    const bool z0 = head[0] == 0, z1 = head[1] == 0, z2 = head[2] == 0, z3 = head[3] == 0;
    if ((!z0 && z1 && z2 && z3) || (z0 && z1 && z2 && !z3)) return "UTF-32";
    if ((!z0 && z1 && !z2 && z3) || (z0 && !z1 && z2 && !z3)) return "UTF-16";
    return {};
}

[[noreturn]] void report_malformed(const ChunkReader& input, const ParseFailure& f, const std::string& source) {
    if (const std::string_view wide = wide_encoding(input.window(0, 4)); !wide.empty())
        throw ValidationError(source, {{Severity::error, "", "",
                                        "the text is " + std::string(wide) +
                                            "; cchc reads JSON in UTF-8 only: save the file as UTF-8"}});
    std::size_t at = 0, start = 0;
    std::string what = f.what;
    if (f.kind == ParseFailure::too_deep) {
        start = at = f.byte > 0 ? f.byte - 1 : 0;
        what = "arrays and objects nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    } else if (f.kind == ParseFailure::trailing) {
        start = at = f.byte > 0 ? f.byte - 1 : 0;
        what = "unexpected content after the JSON value (a NUL byte)";
    } else if (f.kind == ParseFailure::syntax) {
        // The offending byte (the end of input when there is none).
        at = std::min(f.byte > 0 ? f.byte - 1 : 0, input.consumed());
        // nlohmann's message: "[json.exception.parse_error.101] parse error at line L, column C: ..."
        if (auto colon = what.find(": ", what.find("parse error")); colon != std::string::npos)
            what = what.substr(colon + 2);
        const std::string rest = input.window(at > 8 ? at - 8 : 0, at + 16);
        if (rest.find("NaN") != std::string::npos || rest.find("Infinity") != std::string::npos)
            what = "NaN and Infinity are not JSON numbers; durations, fees and volumes must be finite (" + what + ")";
        if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
            what = "invalid UTF-8 in a string: " + what;
        // nlohmann's "last read" holds the bytes from the last string or number it began
        // to the offending byte (none at the end of input): find the token open before it.
        const std::string raw = raw_token(f.token);
        const std::size_t before = at < input.consumed() && !raw.empty() ? raw.size() - 1 : raw.size();
        const std::size_t open = open_token(std::string_view(raw).substr(0, before));
        start = before - open <= at ? at - (before - open) : at;
    } else if (f.kind == ParseFailure::overflow) {
        // A number too large for a double ("number overflow parsing '1e999'"): the whole token was read.
        start = at = f.byte >= f.token.size() ? f.byte - f.token.size() : 0;
        what = "number " + f.token + " is infinite as a double; durations, fees and volumes must be finite";
    }
    std::size_t line = 1, column = 1;
    input.locate(at, line, column);
    std::string message = "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                          ": " + printable_utf8(what);
    std::size_t start_line = 0, start_column = 0;
    if (start < at && input.locate(start, start_line, start_column))
        message += "; the token starts at line " + std::to_string(start_line) + ", column " +
                   std::to_string(start_column);
    throw ValidationError(source, {{Severity::error, "", "", std::move(message)}});
}

// One SAX pass over the source; a syntax error becomes a ValidationError. Always through
// ChunkReader (not nlohmann's contiguous adapter), which knows the offset of every byte.
void parse_pass(ByteSource& src, DocumentHandler& handler, const std::string& source) {
    ChunkReader input(src);
    handler.input = &input;
    bool ok = false;
    try {
        ok = nlohmann::detail::parser<json, ChunkAdapter>(ChunkAdapter{&input}, nullptr, true, false)
                 .sax_parse(&handler, true);
    } catch (const json::exception& e) {
        handler.failure.kind = ParseFailure::other;
        handler.failure.what = e.what();
    }
    if (ok && input.nul != std::string::npos) {  // "{...}\0garbage": nlohmann stopped at the NUL
        ok = false;
        handler.failure.kind = ParseFailure::trailing;
        handler.failure.byte = input.nul + 1;
    }
    handler.input = nullptr;
    if (!ok) report_malformed(input, handler.failure, source);
}

// Boost.JSON's incremental parser (about 5× faster than nlohmann's lexer) feeding
// the same DocumentHandler. nlohmann stays the reference: when Boost.JSON stops
// (malformed input, a number beyond a double, or what only nlohmann accepts, such
// as a byte-order mark) the pass is redone with nlohmann, for its exact messages.
struct BoostEvents {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    using ec_t = boost::system::error_code;

    DocumentHandler* h;
    std::string text;  // a key or string arriving in parts

    explicit BoostEvents(DocumentHandler* handler) : h(handler) {}
    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_object_begin(ec_t&) { return h->start_object(std::size_t(-1)); }
    bool on_object_end(std::size_t, ec_t&) { return h->end_object(); }
    bool on_array_begin(ec_t&) { return h->start_array(std::size_t(-1)); }
    bool on_array_end(std::size_t, ec_t&) { return h->end_array(); }
    bool on_key_part(std::string_view s, std::size_t, ec_t&) {
        text.append(s);
        return true;
    }
    bool on_key(std::string_view s, std::size_t, ec_t&) {
        text.append(s);
        const bool ok = h->key(text);
        text.clear();
        return ok;
    }
    bool on_string_part(std::string_view s, std::size_t, ec_t&) {
        text.append(s);
        return true;
    }
    bool on_string(std::string_view s, std::size_t, ec_t&) {
        text.append(s);
        const bool ok = h->string(text);
        text.clear();
        return ok;
    }
    bool on_number_part(std::string_view, ec_t&) { return true; }
    // nlohmann's kinds: a non-negative integer is unsigned.
    bool on_int64(std::int64_t v, std::string_view, ec_t&) {
        return v >= 0 ? h->number_unsigned(static_cast<std::uint64_t>(v)) : h->number_integer(v);
    }
    bool on_uint64(std::uint64_t v, std::string_view, ec_t&) { return h->number_unsigned(v); }
    bool on_double(double v, std::string_view, ec_t& ec) {
        if (!std::isfinite(v)) {  // nlohmann reports these as errors
            ec = make_error_code(boost::json::error::exponent_overflow);
            return false;
        }
        return h->number_float(v, {});
    }
    bool on_bool(bool v, ec_t&) { return h->boolean(v); }
    bool on_null(ec_t&) { return h->null(); }
    bool on_comment_part(std::string_view, ec_t&) { return false; }
    bool on_comment(std::string_view, ec_t&) { return false; }
};

// One pass with Boost.JSON; false when it stopped (the handler is then spoilt).
bool boost_pass(ByteSource& src, DocumentHandler& handler) {
    boost::json::parse_options options;
    options.numbers = boost::json::number_precision::precise;  // correctly rounded, as nlohmann's strtod
    options.max_depth = kMaxJsonDepth;                           // deeper: nlohmann's pass reports it
    boost::json::basic_parser<BoostEvents> parser(options, &handler);
    boost::system::error_code ec;
    for (bool first = true;; first = false) {
        std::string_view chunk = src.next();
        if (chunk.empty()) break;
        // A UTF-8 byte-order mark (Notepad writes one): nlohmann skips it, Boost.JSON does not.
        if (first && chunk.substr(0, 3) == "\xEF\xBB\xBF") chunk.remove_prefix(3);
        if (parser.write_some(true, chunk.data(), chunk.size(), ec) != chunk.size() || ec) return false;
    }
    parser.write_some(false, nullptr, 0, ec);
    return !ec && parser.done();
}

// One pass over the source: Boost.JSON, else nlohmann (whose syntax errors throw).
std::unique_ptr<DocumentHandler> read_pass(ByteSource& src, const std::string& source, const JsonReadOptions& options,
                                           const json* final_root, std::array<bool, 2> stream) {
    auto handler = std::make_unique<DocumentHandler>(options, final_root, stream);
    if (boost_pass(src, *handler)) return handler;
    src.rewind();
    handler = std::make_unique<DocumentHandler>(options, final_root, stream);
    parse_pass(src, *handler, source);
    return handler;
}

// Reads a document: one pass when procedures and people come after the tables
// they refer to (as write_json puts them), else a second pass over those.
Shared<Model> read_stream(ByteSource& src, const std::string& source, const JsonReadOptions& options) {
    const auto first = read_pass(src, source, options, nullptr, {true, true});
    if (first->any_second_pass()) {
        src.rewind();
        const auto second = read_pass(src, source, options, &first->root, first->second_pass());
        first->adopt(*second);
    }
    Reader reader(options);
    reader.streamed_procedures_ = first->streamed(0);
    reader.streamed_people_ = first->streamed(1);
    reader.read(first->root);
    reader.add_suggestions();
    free_dom(first->root);  // the small tables, before building
#if defined(__GLIBC__)
    // Millions of small per-person DOM nodes were freed: return those pages to the system.
    ::malloc_trim(0);
#endif
    return Model::build(std::move(reader.parts), std::move(reader.problems), source);
}

// ---------------------------------------------------------------------------
// Writing

using ojson = nlohmann::ordered_json;

void put_date(ojson& o, const char* name, Date d) {
    if (d != kNoDate) o[name] = format_date(d);
}

// Shortest decimal that reads back as the same float, written as a double.
double float_for_json(float f) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
    double d = 0.0;
    std::from_chars(buf, end, d);
    return d;
}

std::string agency_ref(const std::vector<Agency>& agencies, Index i) {
    return agencies[static_cast<std::size_t>(i)].code;
}

}  // namespace

Shared<Model> read_json(std::string_view text, const std::string& source, const JsonReadOptions& options) {
    TextSource src(text);
    return read_stream(src, source, options);
}

Shared<Model> read_json_file(const std::string& path, const std::string& source, const JsonReadOptions& options) {
    check_path(path);  // "a\0b.json" would open "a"
    const std::string& name = source.empty() ? path : source;
    if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
        GzipSource src(path, name);
        return read_stream(src, name, options);
    }
    FileSource src(path);
    return read_stream(src, name, options);
}

void check_json_indent(int indent) {
    if (indent < -1 || indent > kMaxJsonIndent)
        throw std::invalid_argument("indent must be 0.." + std::to_string(kMaxJsonIndent) +
                                    " spaces (or -1 / None for compact JSON), got " + std::to_string(indent));
}

json parse_json_text(std::string_view text, const std::string& source) {
    TextSource src(text);
    DocumentHandler handler(JsonReadOptions{}, nullptr, {false, false});  // streams nothing: the whole DOM
    parse_pass(src, handler, source);
    return std::move(handler.root);
}

void write_json(const Model& model, const JsonWriteOptions& options,
                const std::function<void(std::string_view)>& sink) {
    check_json_indent(options.indent);
    constexpr std::size_t kWriteChunk = std::size_t{1} << 20;
    const auto& agencies = model.agencies();
    ojson root;
    root["format"] = "cchc";
    root["version"] = kJsonFormatVersion;
    const ModelInfo& info = model.info();
    root["name"] = info.name;
    if (!info.province.empty()) root["province"] = info.province;
    if (!info.description.empty()) root["description"] = info.description;
    put_date(root, "as_of", info.as_of);
    if (!model.calendar().empty()) {
        ojson overrides = ojson::array();
        for (const auto& c : model.calendar()) {
            ojson o;
            o["date"] = format_date(c.date);
            o["working"] = c.working;
            if (!c.name.empty()) o["name"] = c.name;
            overrides.push_back(std::move(o));
        }
        root["calendar"]["overrides"] = std::move(overrides);
    }

    ojson& out_agencies = root["agencies"] = ojson::array();
    for (const Agency& a : agencies) {
        ojson o;
        o["code"] = a.code;
        o["name"] = a.name;
        o["kind"] = to_string(a.kind);
        o["level"] = to_string(a.level);
        if (a.territory != Territory::none) o["territory"] = to_string(a.territory);
        if (a.parent >= 0) o["parent"] = agency_ref(agencies, a.parent);
        put_date(o, "valid_from", a.valid_from);
        put_date(o, "valid_to", a.valid_to);
        if (a.quota_civil_servants) o["quota_civil_servants"] = a.quota_civil_servants;
        if (a.quota_public_employees) o["quota_public_employees"] = a.quota_public_employees;
        if (a.headcount) o["headcount"] = a.headcount;
        if (a.population) o["population"] = a.population;
        if (a.travel_km != 0.0) o["travel_km"] = a.travel_km;
        out_agencies.push_back(std::move(o));
    }

    if (!model.tasks().empty()) {
        ojson& out = root["tasks"] = ojson::array();
        for (const Task& t : model.tasks()) {
            ojson o;
            o["code"] = t.code;
            o["name"] = t.name;
            if (!t.field.empty()) o["field"] = t.field;
            ojson as = ojson::array();
            for (const auto& a : t.assignments) {
                ojson ao;
                ao["agency"] = agency_ref(agencies, a.agency);
                ao["role"] = to_string(a.role);
                put_date(ao, "valid_from", a.valid_from);
                put_date(ao, "valid_to", a.valid_to);
                as.push_back(std::move(ao));
            }
            o["assignments"] = std::move(as);
            out.push_back(std::move(o));
        }
    }

    const auto& documents = model.documents();
    const auto& procedures = model.procedures();
    if (!procedures.empty()) {
        ojson& out = root["procedures"] = ojson::array();
        for (const Procedure& p : procedures) {
            ojson o;
            o["code"] = p.code;
            o["name"] = p.name;
            o["field"] = p.field;
            ojson levels = ojson::array();
            for (auto l : p.levels) levels.push_back(to_string(l));
            o["levels"] = std::move(levels);
            if (p.type != ProcedureType::standard) o["type"] = to_string(p.type);
            if (!p.decision.empty()) o["decision"] = p.decision;
            if (!p.legal_basis.empty()) {
                ojson lb = ojson::array();
                for (auto d : p.legal_basis) lb.push_back(documents[static_cast<std::size_t>(d)].code);
                o["legal_basis"] = std::move(lb);
            }
            if (!p.subjects.empty()) {
                ojson s = ojson::array();
                for (auto x : p.subjects) s.push_back(to_string(x));
                o["subjects"] = std::move(s);
            }
            if (p.online_level != OnlineLevel::none) o["online_level"] = to_string(p.online_level);
            if (share_known(p.online_share)) o["online_share"] = p.online_share;
            if (share_known(p.postal_share)) o["postal_share"] = p.postal_share;
            if (p.trips != 2) o["trips"] = p.trips;
            if (!p.result.empty()) o["result"] = p.result;
            if (!p.steps.empty()) {
                ojson steps = ojson::array();
                for (const Step& s : p.steps) {
                    ojson so;
                    so["name"] = s.name;
                    so["role"] = to_string(s.role);
                    if (s.responsible == kParentOfImplementing)
                        so["responsible"] = "@parent";
                    else if (s.responsible >= 0)
                        so["responsible"] = agency_ref(agencies, s.responsible);
                    so["duration"] = s.duration;
                    if (s.unit != TimeUnit::working_day) so["unit"] = to_string(s.unit);
                    if (s.transfer != Transfer::none) so["transfer"] = to_string(s.transfer);
                    steps.push_back(std::move(so));
                }
                o["steps"] = std::move(steps);
            }
            if (!p.methods.empty()) {
                ojson methods = ojson::array();
                for (const auto& m : p.methods) {
                    ojson mo;
                    mo["channel"] = to_string(m.channel);
                    mo["processing_time"] = m.processing_time;
                    if (m.unit != TimeUnit::working_day) mo["unit"] = to_string(m.unit);
                    methods.push_back(std::move(mo));
                }
                o["methods"] = std::move(methods);
            }
            if (!p.fees.empty()) {
                ojson fees = ojson::array();
                for (const auto& f : p.fees) {
                    ojson fo;
                    fo["name"] = f.name;
                    if (f.kind != FeeKind::fee) fo["kind"] = to_string(f.kind);
                    fo["amount"] = f.amount;
                    fees.push_back(std::move(fo));
                }
                o["fees"] = std::move(fees);
            }
            if (!p.components.empty()) {
                ojson comps = ojson::array();
                for (const auto& c : p.components) {
                    ojson co;
                    co["name"] = c.name;
                    if (c.originals != 1) co["originals"] = c.originals;
                    if (c.copies) co["copies"] = c.copies;
                    if (c.prep_hours != 0.0) co["prep_hours"] = c.prep_hours;
                    if (c.cost) co["cost"] = c.cost;
                    if (!c.required) co["required"] = false;
                    if (c.notarised) co["notarised"] = true;
                    if (c.electronic_form) co["electronic_form"] = true;
                    comps.push_back(std::move(co));
                }
                o["components"] = std::move(comps);
            }
            if (!p.volumes.empty()) {
                ojson vols = ojson::array();
                for (const auto& v : p.volumes) {
                    ojson vo;
                    vo["agency"] = agency_ref(agencies, v.agency);
                    vo["annual"] = v.annual;
                    vols.push_back(std::move(vo));
                }
                o["volumes"] = std::move(vols);
            }
            out.push_back(std::move(o));
        }
    }

    if (!documents.empty()) {
        ojson& out = root["documents"] = ojson::array();
        for (const LegalDocument& d : documents) {
            ojson o;
            o["code"] = d.code;
            o["title"] = d.title;
            if (!d.issuer.empty()) o["issuer"] = d.issuer;
            if (!d.kind.empty()) o["kind"] = d.kind;
            put_date(o, "issued", d.issued);
            put_date(o, "effective", d.effective);
            put_date(o, "expired", d.expired);
            if (!d.procedures.empty()) {
                ojson ps = ojson::array();
                for (auto p : d.procedures) ps.push_back(procedures[static_cast<std::size_t>(p)].code);
                o["procedures"] = std::move(ps);
            }
            out.push_back(std::move(o));
        }
    }

    const auto& courses = model.courses();
    if (!courses.empty()) {
        ojson& out = root["courses"] = ojson::array();
        for (const Course& c : courses) {
            ojson o;
            o["code"] = c.code;
            o["name"] = c.name;
            o["content"] = to_string(c.content);
            if (c.periods != 0.0) o["periods"] = c.periods;
            if (c.days != 0.0) o["days"] = c.days;
            if (c.certificate_validity_years) o["certificate_validity_years"] = c.certificate_validity_years;
            out.push_back(std::move(o));
        }
    }

    const People& people = model.people();
    const TrainingRecords& rec = model.records();
    // People (and their training records) are the bulk of a national file: written one
    // by one into the placeholder array, never as one DOM. Same bytes as root.dump().
    if (people.size()) root["people"] = ojson::array();
    std::string text = root.dump(options.indent, ' ', false, ojson::error_handler_t::strict);
    if (people.size()) {
        const bool pretty = options.indent >= 0;
        const std::string_view placeholder = pretty ? "[]\n}" : "[]}";
        text.resize(text.size() - placeholder.size());
        const std::string element_indent(pretty ? 2 * static_cast<std::size_t>(options.indent) : 0, ' ');
        text += pretty ? "[\n" : "[";
        for (std::size_t i = 0; i < people.size(); ++i) {
            ojson o;
            o["id"] = people.id[i];
            o["agency"] = agency_ref(agencies, people.agency[i]);
            o["category"] = to_string(people.category[i]);
            if (people.rank_group[i] != RankGroup::none) o["rank_group"] = to_string(people.rank_group[i]);
            if (const auto& s = people.strings[people.rank[i]]; !s.empty()) o["rank"] = s;
            if (const auto& s = people.strings[people.position[i]]; !s.empty()) o["position"] = s;
            if (people.leadership[i] != Leadership::none) o["leadership"] = to_string(people.leadership[i]);
            if (people.birth_year[i]) o["birth_year"] = people.birth_year[i];
            o["gender"] = to_string(people.gender[i]);
            if (const auto& s = people.strings[people.ethnicity[i]]; !s.empty()) o["ethnicity"] = s;
            put_date(o, "entered", people.entered[i]);
            put_date(o, "left", people.left[i]);
            if (rec.offsets[i + 1] > rec.offsets[i]) {
                ojson training = ojson::array();
                for (auto k = rec.offsets[i]; k < rec.offsets[i + 1]; ++k) {
                    const auto r = static_cast<std::size_t>(k);
                    ojson ro;
                    const Course& course = courses[static_cast<std::size_t>(rec.course[r])];
                    ro["course"] = course.code;
                    put_date(ro, "start", rec.start[r]);
                    put_date(ro, "end", rec.end[r]);
                    if (rec.periods[r] != static_cast<float>(course.periods))
                        ro["periods"] = float_for_json(rec.periods[r]);
                    if (rec.result[r] != TrainingResult::passed) ro["result"] = to_string(rec.result[r]);
                    if (rec.certificate[r]) ro["certificate"] = true;
                    training.push_back(std::move(ro));
                }
                o["training"] = std::move(training);
            }
            if (i > 0) text += pretty ? ",\n" : ",";
            const std::string element = o.dump(options.indent, ' ', false, ojson::error_handler_t::strict);
            if (pretty) {
                // Nested one level deeper than dump() puts it; strings hold no raw newline.
                text += element_indent;
                for (char ch : element) {
                    text += ch;
                    if (ch == '\n') text += element_indent;
                }
            } else {
                text += element;
            }
            if (text.size() >= kWriteChunk) {
                sink(text);
                text.clear();
            }
        }
        if (pretty) text.append("\n").append(static_cast<std::size_t>(options.indent), ' ');
        text += pretty ? "]\n}" : "]}";
    }
    text += '\n';
    sink(text);
}

std::string write_json(const Model& model, const JsonWriteOptions& options) {
    std::string out;
    write_json(model, options, [&out](std::string_view bytes) { out.append(bytes); });
    return out;
}

namespace {

// gzip of a byte stream, deflated in chunks (level 6, zlib's header: no name, time 0): the same
// bytes as Python's gzip.compress(data, 6, mtime=0), without the whole text in memory.
class GzipSink {
  public:
    explicit GzipSink(std::function<void(std::string_view)> out) : out_(std::move(out)), buf_(kChunk, '\0') {
        if (deflateInit2(&z_, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error("zlib: cannot initialise");
    }
    ~GzipSink() { deflateEnd(&z_); }
    GzipSink(const GzipSink&) = delete;
    GzipSink& operator=(const GzipSink&) = delete;

    void write(std::string_view bytes) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        z_.avail_in = static_cast<uInt>(bytes.size());  // pieces of ~1 MiB (write_json)
        pump(Z_NO_FLUSH);
    }
    void finish() { pump(Z_FINISH); }

  private:
    static constexpr std::size_t kChunk = std::size_t{1} << 18;
    void pump(int flush) {
        for (;;) {
            z_.next_out = reinterpret_cast<Bytef*>(buf_.data());
            z_.avail_out = static_cast<uInt>(buf_.size());
            const int rc = deflate(&z_, flush);
            if (rc == Z_STREAM_ERROR) throw Error("zlib: deflate failed");
            const std::size_t n = buf_.size() - z_.avail_out;
            if (n > 0) out_({buf_.data(), n});
            if (flush == Z_FINISH ? rc == Z_STREAM_END : z_.avail_out > 0) return;
        }
    }
    std::function<void(std::string_view)> out_;
    std::string buf_;
    z_stream z_{};
};

}  // namespace

void save_json(const Model& model, const std::string& path, const JsonWriteOptions& options) {
    check_json_indent(options.indent);  // before any temporary file exists
    AtomicFile file(path);
    const auto to_file = [&file](std::string_view bytes) { file.write(bytes); };
    if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
        GzipSink gz(to_file);
        write_json(model, options, [&gz](std::string_view bytes) { gz.write(bytes); });
        gz.finish();
    } else {
        write_json(model, options, to_file);
    }
    file.commit();
}

}  // namespace cchc::io
