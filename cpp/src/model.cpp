#include "cchc/model.hpp"

#include "cchc/org.hpp"
#include "cchc/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace cchc {

double Procedure::annual_volume() const noexcept {
    double total = 0.0;
    for (const auto& v : volumes) total += v.annual;
    return total;
}

std::uint32_t StringPool::intern(std::string_view text) {
    if (auto it = ids.find(std::string(text)); it != ids.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(values.size());
    values.emplace_back(text);
    ids.emplace(values.back(), id);
    return id;
}

void People::reserve(std::size_t n) {
    id.reserve(n);
    agency.reserve(n);
    category.reserve(n);
    rank_group.reserve(n);
    rank.reserve(n);
    position.reserve(n);
    leadership.reserve(n);
    birth_year.reserve(n);
    gender.reserve(n);
    ethnicity.reserve(n);
    entered.reserve(n);
    left.reserve(n);
}

std::vector<Index> TrainingRecords::person_column() const {
    std::vector<Index> out(size());
    for (std::size_t p = 0; p + 1 < offsets.size(); ++p)
        std::fill(out.begin() + offsets[p], out.begin() + offsets[p + 1], static_cast<Index>(p));
    return out;
}

// ---------------------------------------------------------------------------
// Checks

namespace {

class ProblemSink {
  public:
    explicit ProblemSink(std::vector<Problem>& out) : out_(out) {}
    void error(std::string path, std::string code, std::string message) {
        out_.push_back({Severity::error, std::move(path), std::move(code), std::move(message)});
    }
    void warning(std::string path, std::string code, std::string message) {
        out_.push_back({Severity::warning, std::move(path), std::move(code), std::move(message)});
    }

  private:
    std::vector<Problem>& out_;
};

std::string at(std::string_view table, std::size_t i, std::string_view field = {}) {
    std::string p = "/";
    p += table;
    p += '/';
    p += std::to_string(i);
    if (!field.empty()) {
        p += '/';
        p += field;
    }
    return p;
}

std::string number(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
}

bool valid_ref(Index i, std::size_t n) { return i >= 0 && static_cast<std::size_t>(i) < n; }

// The checks take the JSON pointer as a callable: national models have millions
// of rows, and a pointer string is only worth building for a problem.
// A reference is bad when it points outside the table; kUnresolved was already reported.
template <class Path>
void check_ref(ProblemSink& sink, Index ref, std::size_t n, Path&& path, const std::string& code,
               std::string_view what, bool optional = false) {
    if (ref == kUnresolved || valid_ref(ref, n) || (optional && ref == kNone)) return;
    sink.error(path(), code, std::string(what) + " reference " + std::to_string(ref) + " is out of range (" +
                                 std::to_string(n) + " entries)");
}

// Step durations and time limits (working days or hours): more than a century is no time
// limit but a typo, and would overflow the calendar's day counts downstream.
constexpr double kMaxDuration = 36500;

template <class Path>
void check_nonneg(ProblemSink& sink, double value, Path&& path, const std::string& code, std::string_view what,
                  double max = std::numeric_limits<double>::infinity()) {
    if (!std::isfinite(value))
        sink.error(path(), code, std::string(what) + " must be a finite number, got " + number(value));
    else if (value < 0)
        sink.error(path(), code, std::string(what) + " must not be negative, got " + number(value));
    else if (value > max)
        sink.error(path(), code,
                   std::string(what) + " is out of range: got " + number(value) + ", at most " + number(max));
}

// Upper bound of one agency's annual volume of one procedure: the busiest real procedures handle
// millions of dossiers a year nationwide; 10^9 at one agency is a unit or typing error, and the
// simulation would need memory in proportion (docs/format.md).
constexpr double kMaxAnnualVolume = 1e9;

// Money read as an integer: not negative and at most kMaxVnd, the bound of every money input.
template <class Path>
void check_money(ProblemSink& sink, Vnd value, Path&& path, const std::string& code, std::string_view what) {
    if (value < 0)
        check_nonneg(sink, static_cast<double>(value), path, code, what);
    else if (static_cast<double>(value) > kMaxVnd)
        sink.error(path(), code, std::string(what) + " " + std::to_string(value) + " VND is out of range (0 … 9.2e18)");
}

template <class Path>
void check_period(ProblemSink& sink, Date from, Date to, Path&& path, const std::string& code) {
    if (from != kNoDate && to != kNoDate && to < from)
        sink.error(path(), code,
                   "validity ends (" + format_date(to) + ") before it starts (" + format_date(from) + ")");
}

bool periods_overlap(Date a0, Date a1, Date b0, Date b1) {
    const Date lo_a = a0 == kNoDate ? std::numeric_limits<Date>::min() : a0;
    const Date hi_a = a1 == kNoDate ? std::numeric_limits<Date>::max() : a1;
    const Date lo_b = b0 == kNoDate ? std::numeric_limits<Date>::min() : b0;
    const Date hi_b = b1 == kNoDate ? std::numeric_limits<Date>::max() : b1;
    return lo_a <= hi_b && lo_b <= hi_a;
}

template <class Range, class Key>
void check_unique(ProblemSink& sink, const Range& items, std::string_view table, std::string_view field, Key key) {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string_view code = key(i);
        if (code.empty()) {
            sink.error(at(table, i, field), "", std::string(field) + " must not be empty");
            continue;
        }
        auto [it, inserted] = seen.emplace(code, i);
        if (!inserted)
            sink.error(at(table, i, field), std::string(code),
                       "duplicate " + std::string(field) + " '" + std::string(code) + "' (first at " +
                           at(table, it->second) + ")");
    }
}

template <class Path>
void check_date(ProblemSink& sink, Date d, Path&& path, const std::string& code) {
    if (d != kNoDate && (d < kFirstDate || d > kLastDate))
        sink.error(path(), code,
                   "day number " + std::to_string(d) + " is not a date in 1900-01-01 .. 2200-12-31");
}

// The value checks of stored text and dates, for every reader's output (the JSON reader
// produces them valid; a snapshot re-sealed after editing need not): text must be valid
// UTF-8 in NFC, dates within kFirstDate..kLastDate. Returns false when some text is not
// UTF-8: the other checks would quote those bytes in their messages. (Training-record
// dates are checked with the records, which know their person.)
bool check_values(ProblemSink& sink, const TableSet& t, bool skip_agencies, bool skip_tasks, bool skip_procedures,
                  bool skip_documents, bool skip_courses, bool skip_people) {
    bool utf8 = true;
    auto text = [&](std::string_view s, auto&& path, std::string_view code) {
        std::string problem = text_problem(s);
        if (problem.empty()) return;
        if (invalid_utf8_at(s) != std::string_view::npos) utf8 = false;
        sink.error(path(), invalid_utf8_at(code) == std::string_view::npos ? std::string(code) : std::string(),
                   "text " + problem);
    };
    const ModelInfo& info = *t.info;
    text(info.name, [] { return std::string("/name"); }, "");
    text(info.province, [] { return std::string("/province"); }, "");
    text(info.description, [] { return std::string("/description"); }, "");
    check_date(sink, info.as_of, [] { return std::string("/as_of"); }, "");
    const auto& cal = *t.calendar;
    for (std::size_t i = 0; i < cal.size(); ++i) {
        text(cal[i].name, [&] { return at("calendar/overrides", i, "name"); }, "");
        check_date(sink, cal[i].date, [&] { return at("calendar/overrides", i, "date"); }, "");
    }
    if (!skip_agencies)
        for (std::size_t i = 0; i < t.agencies->size(); ++i) {
            const Agency& a = (*t.agencies)[i];
            text(a.code, [&] { return at("agencies", i, "code"); }, a.code);
            text(a.name, [&] { return at("agencies", i, "name"); }, a.code);
            check_date(sink, a.valid_from, [&] { return at("agencies", i, "valid_from"); }, a.code);
            check_date(sink, a.valid_to, [&] { return at("agencies", i, "valid_to"); }, a.code);
        }
    if (!skip_tasks)
        for (std::size_t i = 0; i < t.tasks->size(); ++i) {
            const Task& task = (*t.tasks)[i];
            text(task.code, [&] { return at("tasks", i, "code"); }, task.code);
            text(task.name, [&] { return at("tasks", i, "name"); }, task.code);
            text(task.field, [&] { return at("tasks", i, "field"); }, task.code);
            for (std::size_t k = 0; k < task.assignments.size(); ++k) {
                auto base = [&] { return at("tasks", i, "assignments/" + std::to_string(k)); };
                check_date(sink, task.assignments[k].valid_from, [&] { return base() + "/valid_from"; }, task.code);
                check_date(sink, task.assignments[k].valid_to, [&] { return base() + "/valid_to"; }, task.code);
            }
        }
    if (!skip_procedures)
        for (std::size_t i = 0; i < t.procedures->size(); ++i) {
            const Procedure& p = (*t.procedures)[i];
            for (const auto& f : {std::pair{&p.code, "code"}, std::pair{&p.name, "name"}, std::pair{&p.field, "field"},
                                  std::pair{&p.decision, "decision"}, std::pair{&p.result, "result"}})
                text(*f.first, [&] { return at("procedures", i, f.second); }, p.code);
            for (std::size_t k = 0; k < p.steps.size(); ++k)
                text(p.steps[k].name, [&] { return at("procedures", i, "steps/" + std::to_string(k) + "/name"); }, p.code);
            for (std::size_t k = 0; k < p.fees.size(); ++k)
                text(p.fees[k].name, [&] { return at("procedures", i, "fees/" + std::to_string(k) + "/name"); }, p.code);
            for (std::size_t k = 0; k < p.components.size(); ++k)
                text(p.components[k].name,
                     [&] { return at("procedures", i, "components/" + std::to_string(k) + "/name"); }, p.code);
        }
    if (!skip_documents)
        for (std::size_t i = 0; i < t.documents->size(); ++i) {
            const LegalDocument& d = (*t.documents)[i];
            for (const auto& f : {std::pair{&d.code, "code"}, std::pair{&d.title, "title"},
                                  std::pair{&d.issuer, "issuer"}, std::pair{&d.kind, "kind"}})
                text(*f.first, [&] { return at("documents", i, f.second); }, d.code);
            for (const auto& f : {std::pair{d.issued, "issued"}, std::pair{d.effective, "effective"},
                                  std::pair{d.expired, "expired"}})
                check_date(sink, f.first, [&] { return at("documents", i, f.second); }, d.code);
        }
    if (!skip_courses)
        for (std::size_t i = 0; i < t.courses->size(); ++i) {
            const Course& c = (*t.courses)[i];
            text(c.code, [&] { return at("courses", i, "code"); }, c.code);
            text(c.name, [&] { return at("courses", i, "name"); }, c.code);
        }
    const People& people = *t.people;
    if (!skip_people) {
        for (std::size_t i = 0; i < people.id.size(); ++i) {
            text(people.id[i], [&] { return at("people", i, "id"); }, people.id[i]);
            if (i < people.entered.size())
                check_date(sink, people.entered[i], [&] { return at("people", i, "entered"); }, people.id[i]);
            if (i < people.left.size())
                check_date(sink, people.left[i], [&] { return at("people", i, "left"); }, people.id[i]);
        }
        // Rank, position and ethnicity are stored once each in the pool: a bad one is
        // reported at the first person who uses it.
        auto pool_path = [&](std::size_t k) {
            for (std::size_t i = 0; i < people.id.size(); ++i)
                for (auto [column, name] : {std::pair{&people.rank, "rank"}, std::pair{&people.position, "position"},
                                            std::pair{&people.ethnicity, "ethnicity"}})
                    if (i < column->size() && (*column)[i] == k) return at("people", i, name);
            return std::string("/people");
        };
        for (std::size_t k = 0; k < people.strings.values.size(); ++k)
            text(people.strings.values[k], [&] { return pool_path(k); }, "");
    }
    return utf8;
}

std::vector<Problem> check_calendar(std::vector<Problem>& out, const std::vector<CalendarOverride>& cal) {
    ProblemSink sink(out);
    std::unordered_set<Date> days;
    for (std::size_t i = 0; i < cal.size(); ++i)
        if (!days.insert(cal[i].date).second)
            sink.error(at("calendar/overrides", i, "date"), format_date(cal[i].date), "date overridden twice");
    return std::move(out);
}

}  // namespace

std::string money_problem(double value) {
    if (std::isfinite(value) && value >= 0 && value <= kMaxVnd) return {};
    return number(value) + " VND is out of range (0 … 9.2e18)";
}

Vnd round_vnd(double value) noexcept {
    if (!(value > 0)) return 0;  // also NaN
    return static_cast<Vnd>(std::llround(std::min(value, kMaxVnd)));
}

std::vector<Problem> check_tables(const TableSet& t, const TableSet* checked) {
    std::vector<Problem> out;
    ProblemSink sink(out);
    // A block is skipped when every table it reads is the very table already checked in `checked`.
    auto unchanged = [&](auto... member) { return checked && ((t.*member == checked->*member) && ...); };
    const bool skip_agencies = unchanged(&TableSet::agencies);
    const bool skip_tasks = unchanged(&TableSet::tasks, &TableSet::agencies);
    const bool skip_procedures = unchanged(&TableSet::procedures, &TableSet::agencies, &TableSet::documents);
    const bool skip_documents = unchanged(&TableSet::documents, &TableSet::procedures);
    const bool skip_courses = unchanged(&TableSet::courses);
    const bool skip_people = unchanged(&TableSet::people, &TableSet::agencies);
    const bool skip_records = unchanged(&TableSet::records, &TableSet::people, &TableSet::courses);
    if (!check_values(sink, t, skip_agencies, skip_tasks, skip_procedures, skip_documents, skip_courses, skip_people))
        return out;
    const auto& agencies = *t.agencies;
    const std::size_t na = agencies.size();

if (!skip_agencies) {
    check_unique(sink, agencies, "agencies", "code", [&](std::size_t i) { return std::string_view(agencies[i].code); });
    for (std::size_t i = 0; i < na; ++i) {
        const Agency& a = agencies[i];
        check_ref(sink, a.parent, na, [&] { return at("agencies", i, "parent"); }, a.code, "parent agency", true);
        if (a.parent == static_cast<Index>(i)) sink.error(at("agencies", i, "parent"), a.code, "agency is its own parent");
        check_period(sink, a.valid_from, a.valid_to, [&] { return at("agencies", i, "valid_to"); }, a.code);
        check_nonneg(sink, a.quota_civil_servants, [&] { return at("agencies", i, "quota_civil_servants"); }, a.code, "quota");
        check_nonneg(sink, a.quota_public_employees, [&] { return at("agencies", i, "quota_public_employees"); }, a.code, "quota");
        check_nonneg(sink, a.headcount, [&] { return at("agencies", i, "headcount"); }, a.code, "headcount");
        check_nonneg(sink, static_cast<double>(a.population), [&] { return at("agencies", i, "population"); }, a.code, "population");
        check_nonneg(sink, a.travel_km, [&] { return at("agencies", i, "travel_km"); }, a.code, "travel_km");
    }
    // Cycles in the agency tree: walk up from each agency with a step bound.
    {
        std::vector<std::uint8_t> state(na, 0);  // 0 unseen, 1 on current path, 2 done
        for (std::size_t start = 0; start < na; ++start) {
            if (state[start]) continue;
            std::vector<std::size_t> path;
            std::size_t cur = start;
            while (true) {
                if (state[cur] == 2) break;
                if (state[cur] == 1) {
                    std::string cycle;
                    auto it = std::find(path.begin(), path.end(), cur);
                    for (auto k = it; k != path.end(); ++k) cycle += agencies[*k].code + " → ";
                    cycle += agencies[cur].code;
                    sink.error(at("agencies", cur, "parent"), agencies[cur].code, "cycle in the agency tree: " + cycle);
                    break;
                }
                state[cur] = 1;
                path.push_back(cur);
                const Index parent = agencies[cur].parent;
                if (!valid_ref(parent, na) || parent == static_cast<Index>(cur)) break;
                cur = static_cast<std::size_t>(parent);
            }
            for (auto k : path) state[k] = 2;
        }
    }

}
    const auto& tasks = *t.tasks;
if (!skip_tasks) {
    check_unique(sink, tasks, "tasks", "code", [&](std::size_t i) { return std::string_view(tasks[i].code); });
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const Task& task = tasks[i];
        for (std::size_t k = 0; k < task.assignments.size(); ++k) {
            const auto& as = task.assignments[k];
            auto base = [&] { return at("tasks", i, "assignments/" + std::to_string(k)); };
            check_ref(sink, as.agency, na, [&] { return base() + "/agency"; }, task.code, "agency");
            check_period(sink, as.valid_from, as.valid_to, [&] { return base() + "/valid_to"; }, task.code);
            for (std::size_t j = 0; j < k; ++j) {
                const auto& other = task.assignments[j];
                if (other.agency == as.agency && valid_ref(as.agency, na) &&
                    periods_overlap(other.valid_from, other.valid_to, as.valid_from, as.valid_to))
                    sink.error(base(), task.code,
                               "agency '" + agencies[static_cast<std::size_t>(as.agency)].code +
                                   "' is assigned twice over overlapping validity periods (also at " +
                                   at("tasks", i, "assignments/" + std::to_string(j)) + ")");
            }
        }
    }

}
    const auto& documents = *t.documents;
    const auto& procedures = *t.procedures;
if (!skip_procedures) {
    check_unique(sink, procedures, "procedures", "code",
                 [&](std::size_t i) { return std::string_view(procedures[i].code); });
    std::vector<std::int64_t> volume_seen_by(na, -1);
    std::vector<std::size_t> volume_seen_at(na, 0);
    for (std::size_t i = 0; i < procedures.size(); ++i) {
        const Procedure& p = procedures[i];
        auto base = [&] { return at("procedures", i); };
        for (std::size_t k = 0; k < p.legal_basis.size(); ++k)
            check_ref(sink, p.legal_basis[k], documents.size(), [&] { return base() + "/legal_basis/" + std::to_string(k); }, p.code,
                      "legal document");
        if (p.trips < 0) sink.error(base() + "/trips", p.code, "trips must not be negative");
        for (auto [share, name] : {std::pair{p.online_share, "online_share"}, std::pair{p.postal_share, "postal_share"}})
            if (share_known(share) && !(share >= 0.0 && share <= 1.0))
                sink.error(base() + "/" + name, p.code, std::string(name) + " must be within [0, 1], got " + number(share));
        for (std::size_t k = 0; k < p.steps.size(); ++k) {
            const Step& s = p.steps[k];
            auto sp = [&] { return base() + "/steps/" + std::to_string(k); };
            if (s.responsible != kImplementingAgency && s.responsible != kParentOfImplementing)
                check_ref(sink, s.responsible, na, [&] { return sp() + "/responsible"; }, p.code, "responsible agency");
            check_nonneg(sink, s.duration, [&] { return sp() + "/duration"; }, p.code, "step duration", kMaxDuration);
        }
        for (std::size_t k = 0; k < p.methods.size(); ++k)
            check_nonneg(sink, p.methods[k].processing_time, [&] { return base() + "/methods/" + std::to_string(k) + "/processing_time"; },
                         p.code, "processing time", kMaxDuration);
        for (std::size_t k = 0; k < p.fees.size(); ++k)
            check_money(sink, p.fees[k].amount, [&] { return base() + "/fees/" + std::to_string(k) + "/amount"; },
                        p.code, "fee amount");
        for (std::size_t k = 0; k < p.components.size(); ++k) {
            const Component& c = p.components[k];
            auto cp = [&] { return base() + "/components/" + std::to_string(k); };
            check_nonneg(sink, c.originals, [&] { return cp() + "/originals"; }, p.code, "originals");
            check_nonneg(sink, c.copies, [&] { return cp() + "/copies"; }, p.code, "copies");
            check_nonneg(sink, c.prep_hours, [&] { return cp() + "/prep_hours"; }, p.code, "preparation time");
            check_money(sink, c.cost, [&] { return cp() + "/cost"; }, p.code, "component cost");
        }
        // Duplicate implementing agencies: stamp each agency with the procedure that
        // last listed it (linear; national procedures list thousands of communes).
        for (std::size_t k = 0; k < p.volumes.size(); ++k) {
            auto vp = [&] { return base() + "/volumes/" + std::to_string(k); };
            const Index ag = p.volumes[k].agency;
            check_ref(sink, ag, na, [&] { return vp() + "/agency"; }, p.code, "implementing agency");
            check_nonneg(sink, p.volumes[k].annual, [&] { return vp() + "/annual"; }, p.code, "annual volume");
            if (std::isfinite(p.volumes[k].annual) && p.volumes[k].annual > kMaxAnnualVolume)
                sink.error(vp() + "/annual", p.code,
                           "annual volume " + number(p.volumes[k].annual) + " is above " + number(kMaxAnnualVolume) +
                               " dossiers a year for one agency, far above any real one (a unit or typing error?)");
            if (!valid_ref(ag, na)) continue;
            const auto a = static_cast<std::size_t>(ag);
            if (volume_seen_by[a] == static_cast<std::int64_t>(i))
                sink.error(vp() + "/agency", p.code,
                           "implementing agency '" + agencies[a].code + "' listed twice (also at " + base() +
                               "/volumes/" + std::to_string(volume_seen_at[a]) + ")");
            volume_seen_by[a] = static_cast<std::int64_t>(i);
            volume_seen_at[a] = k;
        }
    }

}
if (!skip_documents) {
    check_unique(sink, documents, "documents", "code",
                 [&](std::size_t i) { return std::string_view(documents[i].code); });
    for (std::size_t i = 0; i < documents.size(); ++i) {
        const LegalDocument& d = documents[i];
        if (d.issued != kNoDate && d.effective != kNoDate && d.effective < d.issued)
            sink.error(at("documents", i, "effective"), d.code, "takes effect before it was issued");
        check_period(sink, d.effective, d.expired, [&] { return at("documents", i, "expired"); }, d.code);
        for (std::size_t k = 0; k < d.procedures.size(); ++k)
            check_ref(sink, d.procedures[k], procedures.size(), [&] { return at("documents", i, "procedures/" + std::to_string(k)); },
                      d.code, "procedure");
    }

}
    const auto& courses = *t.courses;
if (!skip_courses) {
    check_unique(sink, courses, "courses", "code", [&](std::size_t i) { return std::string_view(courses[i].code); });
    for (std::size_t i = 0; i < courses.size(); ++i) {
        check_nonneg(sink, courses[i].periods, [&] { return at("courses", i, "periods"); }, courses[i].code, "periods");
        check_nonneg(sink, courses[i].days, [&] { return at("courses", i, "days"); }, courses[i].code, "days");
        check_nonneg(sink, courses[i].certificate_validity_years, [&] { return at("courses", i, "certificate_validity_years"); },
                     courses[i].code, "certificate validity");
    }

}
    const People& people = *t.people;
    const std::size_t np = people.size();
if (!skip_people) {
    if (people.agency.size() != np || people.category.size() != np || people.rank_group.size() != np ||
        people.rank.size() != np || people.position.size() != np || people.leadership.size() != np ||
        people.birth_year.size() != np || people.gender.size() != np || people.ethnicity.size() != np ||
        people.entered.size() != np || people.left.size() != np) {
        sink.error("/people", "", "people columns have different lengths");
        return out;  // the records check below indexes these columns
    }
    check_unique(sink, people.id, "people", "id", [&](std::size_t i) { return std::string_view(people.id[i]); });
    const auto pool_size = static_cast<std::uint32_t>(people.strings.size());
    for (std::size_t i = 0; i < np; ++i) {
        check_ref(sink, people.agency[i], na, [&] { return at("people", i, "agency"); }, people.id[i], "agency");
        if (people.birth_year[i] != 0 && (people.birth_year[i] < 1920 || people.birth_year[i] > 2015))
            sink.error(at("people", i, "birth_year"), people.id[i],
                       "birth year " + std::to_string(people.birth_year[i]) + " is outside 1920..2015");
        if (people.entered[i] != kNoDate && people.left[i] != kNoDate && people.left[i] < people.entered[i])
            sink.error(at("people", i, "left"), people.id[i], "left the service before entering it");
        if (people.rank[i] >= pool_size || people.position[i] >= pool_size || people.ethnicity[i] >= pool_size)
            sink.error(at("people", i), people.id[i], "string id out of the pool's range");
    }

}
    if (skip_records) return check_calendar(out, *t.calendar);
    const TrainingRecords& r = *t.records;
    const std::size_t nr = r.course.size();
    if (r.offsets.size() != np + 1 || r.offsets.front() != 0 || static_cast<std::size_t>(r.offsets.back()) != nr ||
        !std::is_sorted(r.offsets.begin(), r.offsets.end()) || r.start.size() != nr || r.end.size() != nr ||
        r.periods.size() != nr || r.result.size() != nr || r.certificate.size() != nr) {
        sink.error("/people", "", "training records are not grouped consistently with the people table");
        return out;
    }
    for (std::size_t p = 0; p < np; ++p) {
        for (auto k = r.offsets[p]; k < r.offsets[p + 1]; ++k) {
            const auto rec = static_cast<std::size_t>(k);
            auto rp = [&] { return at("people", p, "training/" + std::to_string(k - r.offsets[p])); };
            check_ref(sink, r.course[rec], courses.size(), [&] { return rp() + "/course"; }, people.id[p], "course");
            check_date(sink, r.start[rec], [&] { return rp() + "/start"; }, people.id[p]);
            check_date(sink, r.end[rec], [&] { return rp() + "/end"; }, people.id[p]);
            if (r.start[rec] != kNoDate && r.end[rec] != kNoDate && r.end[rec] < r.start[rec])
                sink.error(rp() + "/end", people.id[p], "course ends before it starts");
            check_nonneg(sink, r.periods[rec], [&] { return rp() + "/periods"; }, people.id[p], "periods");
        }
    }

    return check_calendar(out, *t.calendar);
}

// ---------------------------------------------------------------------------
// Model

Shared<Model> Model::build(ModelParts parts, std::vector<Problem> prior, std::string source) {
    TableSet t;
    t.info = std::make_shared<const ModelInfo>(std::move(parts.info));
    t.agencies = std::make_shared<const std::vector<Agency>>(std::move(parts.agencies));
    t.tasks = std::make_shared<const std::vector<Task>>(std::move(parts.tasks));
    t.procedures = std::make_shared<const std::vector<Procedure>>(std::move(parts.procedures));
    t.documents = std::make_shared<const std::vector<LegalDocument>>(std::move(parts.documents));
    t.courses = std::make_shared<const std::vector<Course>>(std::move(parts.courses));
    t.people = std::make_shared<const People>(std::move(parts.people));
    t.records = std::make_shared<const TrainingRecords>(std::move(parts.records));
    t.calendar = std::make_shared<const std::vector<CalendarOverride>>(std::move(parts.calendar));
    auto problems = std::move(prior);
    // A place the reader already reported (e.g. a missing code) is not reported again.
    std::unordered_set<std::string> reported;
    for (const auto& p : problems)
        if (p.severity == Severity::error) reported.insert(p.path);
    for (auto& p : check_tables(t))
        if (!reported.contains(p.path)) problems.push_back(std::move(p));
    const bool failed = std::any_of(problems.begin(), problems.end(),
                                    [](const Problem& p) { return p.severity == Severity::error; });
    if (failed) throw ValidationError(std::move(source), std::move(problems));
    std::shared_ptr<Model> m(new Model());
    m->t_ = std::move(t);
    m->warnings_ = std::move(problems);
    m->index_codes();
    return m;
}

Shared<Model> Model::from_tables(TableSet tables, std::string source, const Model* base) {
    auto problems = check_tables(tables, base ? &base->t_ : nullptr);
    const bool failed = std::any_of(problems.begin(), problems.end(),
                                    [](const Problem& p) { return p.severity == Severity::error; });
    if (failed) throw ValidationError(std::move(source), std::move(problems));
    std::shared_ptr<Model> m(new Model());
    m->t_ = std::move(tables);
    m->warnings_ = std::move(problems);
    m->index_codes(base);
    return m;
}

void Model::index_codes(const Model* base) {
    auto fill = [&](auto table, std::shared_ptr<const CodeMap> Model::*map, const auto& items, auto key) {
        if (base && t_.*table == base->t_.*table) {
            this->*map = base->*map;
            return;
        }
        auto fresh = std::make_shared<CodeMap>();
        fresh->reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) fresh->emplace(key(items[i]), static_cast<Index>(i));
        this->*map = std::move(fresh);
    };
    fill(&TableSet::agencies, &Model::agency_codes_, *t_.agencies, [](const Agency& a) { return std::string_view(a.code); });
    fill(&TableSet::tasks, &Model::task_codes_, *t_.tasks, [](const Task& a) { return std::string_view(a.code); });
    fill(&TableSet::procedures, &Model::procedure_codes_, *t_.procedures,
         [](const Procedure& a) { return std::string_view(a.code); });
    fill(&TableSet::documents, &Model::document_codes_, *t_.documents,
         [](const LegalDocument& a) { return std::string_view(a.code); });
    fill(&TableSet::courses, &Model::course_codes_, *t_.courses, [](const Course& a) { return std::string_view(a.code); });
    fill(&TableSet::people, &Model::person_ids_, t_.people->id, [](const std::string& id) { return std::string_view(id); });
}

namespace {
// Stored codes are NFC (check_tables); a wanted code typed in another form (NFD from some
// Windows and macOS tools) is normalised on a miss, so hits cost nothing extra.
Index find_in(const std::unordered_map<std::string_view, Index>& map, std::string_view code) {
    auto it = map.find(code);
    if (it != map.end()) return it->second;
    if (invalid_utf8_at(code) != std::string_view::npos || is_nfc(code)) return kNone;
    it = map.find(to_nfc(code));
    return it == map.end() ? kNone : it->second;
}

[[noreturn]] void unknown(std::string_view what, std::string_view code, const std::vector<std::string_view>& all) {
    std::string msg = "unknown " + std::string(what) + " '" + std::string(code) + "'";
    const auto near = closest_codes(code, all);
    if (!near.empty()) {
        msg += "; closest: ";
        for (std::size_t i = 0; i < near.size(); ++i) msg += (i ? ", " : "") + near[i];
    }
    throw ReferenceError(msg);
}

template <class Items, class Key>
Index lookup(const std::unordered_map<std::string_view, Index>& map, std::string_view what, std::string_view code,
             const Items& items, Key key) {
    const Index i = find_in(map, code);
    if (i != kNone) return i;
    std::vector<std::string_view> all;
    all.reserve(items.size());
    for (const auto& item : items) all.push_back(key(item));
    unknown(what, code, all);
}
}  // namespace

Index Model::find_agency(std::string_view code) const { return find_in(*agency_codes_, code); }
Index Model::find_task(std::string_view code) const { return find_in(*task_codes_, code); }
Index Model::find_procedure(std::string_view code) const { return find_in(*procedure_codes_, code); }
Index Model::find_document(std::string_view code) const { return find_in(*document_codes_, code); }
Index Model::find_course(std::string_view code) const { return find_in(*course_codes_, code); }
Index Model::find_person(std::string_view id) const { return find_in(*person_ids_, id); }

Index Model::agency_index(std::string_view code) const {
    return lookup(*agency_codes_, "agency", code, agencies(), [](const Agency& a) { return std::string_view(a.code); });
}
Index Model::procedure_index(std::string_view code) const {
    return lookup(*procedure_codes_, "procedure", code, procedures(),
                  [](const Procedure& a) { return std::string_view(a.code); });
}
Index Model::task_index(std::string_view code) const {
    return lookup(*task_codes_, "task", code, tasks(), [](const Task& a) { return std::string_view(a.code); });
}
Index Model::course_index(std::string_view code) const {
    return lookup(*course_codes_, "course", code, courses(), [](const Course& a) { return std::string_view(a.code); });
}
Index Model::person_index(std::string_view id) const {
    return lookup(*person_ids_, "person", id, people().id, [](const std::string& s) { return std::string_view(s); });
}

std::vector<Problem> Model::validate() const {
    std::vector<Problem> out = warnings_;
    ProblemSink sink(out);
    if (const Date as_of = info().as_of; as_of != kNoDate) {
        for (const auto& row : org::task_chairs(*this, as_of)) {
            if (row.chairs == 1) continue;
            const Task& task = tasks()[static_cast<std::size_t>(row.task)];
            sink.warning(at("tasks", static_cast<std::size_t>(row.task), "assignments"), task.code,
                         std::to_string(row.chairs) + " chairing agencies on " + format_date(as_of) +
                             "; a task is chaired by exactly one organisation");
        }
    }
    for (std::size_t i = 0; i < agencies().size(); ++i) {
        const Agency& a = agencies()[i];
        const auto quota = a.quota_civil_servants + a.quota_public_employees;
        if (quota > 0 && a.headcount > quota)
            sink.warning(at("agencies", i, "headcount"), a.code,
                         "headcount " + std::to_string(a.headcount) + " exceeds the staffing quota " +
                             std::to_string(quota));
    }
    return out;
}

}  // namespace cchc
