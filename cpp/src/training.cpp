// Training requirements: per-person evaluation over the CSR records, gaps,
// compliance aggregation (threads over fixed chunks of people, so results do
// not depend on the thread count), and the plan instance.
#include "cchc/training.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <unordered_map>

namespace cchc::training {

namespace {

constexpr Date kForever = std::numeric_limits<Date>::max();
constexpr std::size_t kChunk = 4096;  // people per work item

template <class E>
std::uint32_t mask_of(const std::vector<E>& values) {
    if (values.empty()) return ~0u;
    std::uint32_t m = 0;
    for (auto v : values) m |= 1u << static_cast<unsigned>(v);
    return m;
}

template <class E>
bool in_mask(std::uint32_t mask, E v) {
    return (mask >> static_cast<unsigned>(v)) & 1u;
}

struct CompiledSelector {
    std::uint32_t category = ~0u, rank = ~0u, leadership = ~0u, level = ~0u, kind = ~0u;
    bool any_position = true;
    std::vector<std::uint32_t> positions;  // sorted pool ids
    int min_age = -1, max_age = -1;
};

CompiledSelector compile(const Selector& s, const People& people) {
    CompiledSelector c;
    c.category = mask_of(s.category);
    c.rank = mask_of(s.rank_group);
    c.leadership = mask_of(s.leadership);
    c.level = mask_of(s.level);
    c.kind = mask_of(s.agency_kind);
    c.any_position = s.position.empty();
    for (const auto& name : s.position)
        if (auto it = people.strings.ids.find(name); it != people.strings.ids.end()) c.positions.push_back(it->second);
    std::sort(c.positions.begin(), c.positions.end());
    c.min_age = s.min_age;
    c.max_age = s.max_age;
    return c;
}

std::vector<std::uint8_t> compile_match(const CourseMatch& m, const std::vector<Course>& courses) {
    std::vector<std::uint8_t> out(courses.size(), 0);
    const std::uint32_t content = m.content.empty() ? 0u : mask_of(m.content);
    for (std::size_t i = 0; i < courses.size(); ++i) {
        bool hit = in_mask(content, courses[i].content);
        for (const auto& code : m.courses) hit = hit || courses[i].code == code;
        out[i] = hit;
    }
    return out;
}

Date add_years(Date d, int years) {
    auto ymd = to_ymd(d);
    auto y = std::chrono::year{static_cast<int>(ymd.year()) + years};
    auto target = y / ymd.month() / ymd.day();
    if (!target.ok()) target = y / ymd.month() / std::chrono::last;  // 29 February → 28 February
    return static_cast<Date>(std::chrono::sys_days{target}.time_since_epoch().count());
}

int year_of(Date d) { return static_cast<int>(to_ymd(d).year()); }

Date later(Date a, Date b) {
    if (a == kNoDate) return b;
    if (b == kNoDate) return a;
    return std::max(a, b);
}

struct CompiledRule {
    const Rule* rule = nullptr;
    std::int32_t index = 0;
    CompiledSelector applies;
    std::vector<CompiledSelector> exempt;
    std::vector<std::uint8_t> match, exempt_held;
    bool has_exempt_held = false;
};

enum class State : std::uint8_t { exempt, met, gap };

struct Outcome {
    std::int32_t rule = 0;
    State state = State::met;
    GapStatus status = GapStatus::missing;
    float missing = 0;
    Date due = kNoDate;
    Date since = kNoDate;
    bool overdue = false;
};

/// The rules of a pack compiled against a model for one date.
class Evaluator {
  public:
    Evaluator(const Model& model, const RuleSet& rules, Date as_of) : m_(model), as_of_(as_of) {
        if (as_of == kNoDate) throw Error("training: as_of is required (a date \"YYYY-MM-DD\")");
        const People& people = model.people();
        for (std::size_t i = 0; i < rules.rules.size(); ++i) {
            const Rule& r = rules.rules[i];
            // Only rules in force on as_of apply (a periodic rule owes its current period only).
            if (!(r.valid_from == kNoDate || r.valid_from <= as_of) || !(r.valid_to == kNoDate || r.valid_to >= as_of))
                continue;
            CompiledRule c;
            c.rule = &r;
            c.index = static_cast<std::int32_t>(i);
            c.applies = compile(r.applies_to, people);
            for (const auto& s : r.exempt) c.exempt.push_back(compile(s, people));
            c.match = compile_match(r.match, model.courses());
            c.has_exempt_held = !r.exempt_if_held.empty();
            if (c.has_exempt_held) c.exempt_held = compile_match(r.exempt_if_held, model.courses());
            rules_.push_back(std::move(c));
        }
    }

    [[nodiscard]] const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
    [[nodiscard]] Date as_of() const noexcept { return as_of_; }

    [[nodiscard]] bool in_service(Index p) const {
        return m_.people().serving_on(static_cast<std::size_t>(p), as_of_);
    }

    /// Calls sink(const Outcome&) for every rule that applies to person p (in service).
    template <class Sink>
    void evaluate(Index p, Sink&& sink) const {
        const People& pe = m_.people();
        const TrainingRecords& rec = m_.records();
        const auto& courses = m_.courses();
        const auto i = static_cast<std::size_t>(p);
        const auto begin = rec.offsets[i], end = rec.offsets[i + 1];
        for (const CompiledRule& c : rules_) {
            const Rule& r = *c.rule;
            if (!selects(c.applies, p)) continue;
            Outcome o;
            o.rule = c.index;
            bool exempt = false;
            for (const auto& s : c.exempt) exempt = exempt || selects(s, p);
            if (!exempt && c.has_exempt_held)
                for (auto k = begin; k < end && !exempt; ++k)
                    exempt = counts(rec, k) && c.exempt_held[static_cast<std::size_t>(rec.course[k])] &&
                             rec.periods[k] >= r.exempt_if_held.min_record_periods;
            if (exempt) {
                o.state = State::exempt;
                sink(o);
                continue;
            }
            const Date start_applies = later(r.valid_from, pe.entered[i]);
            if (r.kind == RuleKind::periodic) {
                const int anchor = r.valid_from == kNoDate ? 1970 : year_of(r.valid_from);
                const int y = year_of(as_of_);
                const int first = y - (((y - anchor) % r.period_years) + r.period_years) % r.period_years;
                const Date ps = make_date(first, 1, 1);
                const Date pe_ = make_date(first + r.period_years - 1, 12, 31);
                double sum = 0;
                bool exempt_record = false;
                for (auto k = begin; k < end; ++k) {
                    if (!counts(rec, k) || rec.end[k] < ps || !c.match[static_cast<std::size_t>(rec.course[k])] ||
                        rec.periods[k] < r.match.min_record_periods)
                        continue;
                    exempt_record = exempt_record || rec.result[k] == TrainingResult::exempt;
                    sum += rec.periods[k];
                }
                if (exempt_record || sum + 1e-6 >= r.periods) {
                    o.state = State::met;
                } else {
                    o.state = State::gap;
                    o.status = sum > 0 ? GapStatus::short_periods : GapStatus::missing;
                    o.missing = static_cast<float>(r.periods - sum);
                    o.since = later(ps, start_applies);
                    o.due = r.valid_to == kNoDate ? pe_ : std::min(pe_, r.valid_to);
                    o.overdue = as_of_ > o.due;
                }
                sink(o);
                continue;
            }
            if (r.kind == RuleKind::once) {
                double sum = 0;
                int n = 0;
                bool exempt_record = false;
                for (auto k = begin; k < end; ++k) {
                    if (!counts(rec, k) || !c.match[static_cast<std::size_t>(rec.course[k])] ||
                        rec.periods[k] < r.match.min_record_periods)
                        continue;
                    exempt_record = exempt_record || rec.result[k] == TrainingResult::exempt;
                    sum += rec.periods[k];
                    ++n;
                }
                if (exempt_record || (n > 0 && sum + 1e-6 >= r.periods)) {
                    o.state = State::met;
                } else {
                    o.state = State::gap;
                    o.status = n > 0 ? GapStatus::short_periods : GapStatus::missing;
                    o.missing = static_cast<float>(std::max(0.0, r.periods - sum));
                    o.since = start_applies;
                    o.due = start_applies == kNoDate ? kNoDate : start_applies + r.grace_days;
                    o.overdue = o.due == kNoDate || as_of_ > o.due;
                }
                sink(o);
                continue;
            }
            // certificate: the latest expiry among certificates held
            Date best = kNoDate;
            bool exempt_record = false;
            for (auto k = begin; k < end; ++k) {
                if (!counts(rec, k) || !c.match[static_cast<std::size_t>(rec.course[k])] ||
                    rec.periods[k] < r.match.min_record_periods)
                    continue;
                if (rec.result[k] == TrainingResult::exempt) {
                    exempt_record = true;
                    continue;
                }
                if (!rec.certificate[k]) continue;
                const int years = r.validity_years > 0
                                      ? r.validity_years
                                      : courses[static_cast<std::size_t>(rec.course[k])].certificate_validity_years;
                const Date expiry = years == 0 ? kForever : add_years(rec.end[k], years);
                best = later(best, expiry);
            }
            if (exempt_record || (best != kNoDate && best > as_of_)) {
                o.state = State::met;
            } else {
                o.state = State::gap;
                if (best != kNoDate) {
                    o.status = GapStatus::expired;
                    o.since = best;
                    o.due = best;
                } else {
                    o.status = GapStatus::missing;
                    o.since = start_applies;
                    o.due = start_applies == kNoDate ? kNoDate : start_applies + r.grace_days;
                }
                o.overdue = o.due == kNoDate || as_of_ > o.due;
            }
            sink(o);
        }
    }

  private:
    // A record counts when it ended by as_of and was passed (or exempted).
    bool counts(const TrainingRecords& rec, std::int64_t k) const {
        const auto res = rec.result[static_cast<std::size_t>(k)];
        const Date e = rec.end[static_cast<std::size_t>(k)];
        return e != kNoDate && e <= as_of_ && (res == TrainingResult::passed || res == TrainingResult::exempt);
    }

    bool selects(const CompiledSelector& s, Index p) const {
        const People& pe = m_.people();
        const auto i = static_cast<std::size_t>(p);
        if (!in_mask(s.category, pe.category[i]) || !in_mask(s.rank, pe.rank_group[i]) ||
            !in_mask(s.leadership, pe.leadership[i]))
            return false;
        if (s.level != ~0u || s.kind != ~0u) {
            const Index a = pe.agency[i];
            if (a < 0) return false;
            const Agency& ag = m_.agencies()[static_cast<std::size_t>(a)];
            if (!in_mask(s.level, ag.level) || !in_mask(s.kind, ag.kind)) return false;
        }
        if (!s.any_position && !std::binary_search(s.positions.begin(), s.positions.end(), pe.position[i]))
            return false;
        if (s.min_age >= 0 || s.max_age >= 0) {
            if (pe.birth_year[i] <= 0) return false;
            const int age = year_of(as_of_) - pe.birth_year[i];
            if (s.min_age >= 0 && age < s.min_age) return false;
            if (s.max_age >= 0 && age > s.max_age) return false;
        }
        return true;
    }

    const Model& m_;
    Date as_of_;
    std::vector<CompiledRule> rules_;
};

int thread_count(int requested, std::size_t chunks) {
    int n = requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(n), std::max<std::size_t>(chunks, 1)));
}

/// Runs work(chunk) for chunks [0, n) on `threads` threads; work must write only its own chunk's output.
template <class Work>
void parallel_chunks(std::size_t n, int threads, Work&& work) {
    const int t = thread_count(threads, n);
    if (t <= 1) {
        for (std::size_t c = 0; c < n; ++c) work(c, 0);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    for (int k = 0; k < t; ++k)
        pool.emplace_back([&, k] {
            try {
                for (std::size_t c; (c = next.fetch_add(1)) < n;) work(c, k);
            } catch (...) {
                if (!failed.exchange(true)) failure = std::current_exception();
            }
        });
    for (auto& th : pool) th.join();
    if (failure) std::rethrow_exception(failure);
}

void append(Gaps& out, const Gaps& part) {
    auto cat = [](auto& a, const auto& b) { a.insert(a.end(), b.begin(), b.end()); };
    cat(out.person, part.person);
    cat(out.agency, part.agency);
    cat(out.rule, part.rule);
    cat(out.status, part.status);
    cat(out.missing_periods, part.missing_periods);
    cat(out.due, part.due);
    cat(out.since, part.since);
    cat(out.overdue, part.overdue);
}

}  // namespace

Gaps find_gaps(const Model& model, const RuleSet& rules, const EvalOptions& options) {
    Evaluator ev(model, rules, options.as_of);
    const std::size_t n = model.people().size();
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    std::vector<Gaps> parts(chunks);
    const auto& agency = model.people().agency;
    parallel_chunks(chunks, options.threads, [&](std::size_t c, int) {
        Gaps& g = parts[c];
        const std::size_t hi = std::min(n, (c + 1) * kChunk);
        for (std::size_t i = c * kChunk; i < hi; ++i) {
            const auto p = static_cast<Index>(i);
            if (!ev.in_service(p)) continue;
            ev.evaluate(p, [&](const Outcome& o) {
                if (o.state != State::gap) return;
                g.person.push_back(p);
                g.agency.push_back(agency[i]);
                g.rule.push_back(o.rule);
                g.status.push_back(o.status);
                g.missing_periods.push_back(o.missing);
                g.due.push_back(o.due);
                g.since.push_back(o.since);
                g.overdue.push_back(o.overdue);
            });
        }
    });
    Gaps out;
    std::size_t total = 0;
    for (const auto& g : parts) total += g.size();
    out.person.reserve(total);
    for (const auto& g : parts) append(out, g);
    return out;
}

Compliance compliance(const Model& model, const RuleSet& rules, const std::vector<Dimension>& by,
                      const EvalOptions& options) {
    Evaluator ev(model, rules, options.as_of);
    const People& pe = model.people();
    const auto& agencies = model.agencies();
    const std::size_t n = pe.size();
    // Mixed-radix group key over the dimensions asked for.
    std::vector<std::uint64_t> radix;
    bool by_rule = false;
    for (auto d : by) {
        switch (d) {
            case Dimension::agency: radix.push_back(agencies.size() + 1); break;
            case Dimension::level: radix.push_back(enum_count<Level>() + 1); break;
            case Dimension::category: radix.push_back(enum_count<PersonCategory>()); break;
            case Dimension::rank_group: radix.push_back(enum_count<RankGroup>()); break;
            case Dimension::gender: radix.push_back(enum_count<Gender>()); break;
            case Dimension::ethnicity: radix.push_back(pe.strings.size() + 1); break;
            case Dimension::leadership: radix.push_back(enum_count<Leadership>()); break;
            case Dimension::requirement:
                radix.push_back(rules.rules.size());
                by_rule = true;
                break;
        }
    }
    auto person_key = [&](std::size_t i, std::int32_t rule) {
        std::uint64_t key = 0;
        for (std::size_t d = 0; d < by.size(); ++d) {
            std::uint64_t v = 0;
            const Index a = pe.agency[i];
            switch (by[d]) {
                case Dimension::agency: v = a < 0 ? agencies.size() : static_cast<std::uint64_t>(a); break;
                case Dimension::level:
                    v = a < 0 ? enum_count<Level>() : static_cast<std::uint64_t>(agencies[static_cast<std::size_t>(a)].level);
                    break;
                case Dimension::category: v = static_cast<std::uint64_t>(pe.category[i]); break;
                case Dimension::rank_group: v = static_cast<std::uint64_t>(pe.rank_group[i]); break;
                case Dimension::gender: v = static_cast<std::uint64_t>(pe.gender[i]); break;
                case Dimension::ethnicity: v = pe.ethnicity[i]; break;
                case Dimension::leadership: v = static_cast<std::uint64_t>(pe.leadership[i]); break;
                case Dimension::requirement: v = static_cast<std::uint64_t>(rule); break;
            }
            key = key * radix[d] + v;
        }
        return key;
    };
    struct Counts {
        std::int64_t people = 0, compliant = 0, requirements = 0, met = 0, pending = 0, overdue = 0, exempt = 0;
        void add(const Counts& o) {
            people += o.people;
            compliant += o.compliant;
            requirements += o.requirements;
            met += o.met;
            pending += o.pending;
            overdue += o.overdue;
            exempt += o.exempt;
        }
    };
    using Map = std::unordered_map<std::uint64_t, Counts>;
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    const int threads = thread_count(options.threads, chunks);
    std::vector<Map> maps(static_cast<std::size_t>(threads));
    // Integer sums commute, so merging per-thread maps is deterministic.
    parallel_chunks(chunks, threads, [&](std::size_t c, int t) {
        Map& map = maps[static_cast<std::size_t>(t)];
        const std::size_t hi = std::min(n, (c + 1) * kChunk);
        // per person and rule, when by requirement (several outcomes per rule for periodic rules)
        std::vector<std::pair<std::int32_t, Counts>> per_rule;
        for (std::size_t i = c * kChunk; i < hi; ++i) {
            const auto p = static_cast<Index>(i);
            if (!ev.in_service(p)) continue;
            Counts mine;
            mine.people = 1;
            per_rule.clear();
            ev.evaluate(p, [&](const Outcome& o) {
                Counts x;
                if (o.state == State::exempt)
                    x.exempt = 1;
                else {
                    x.requirements = 1;
                    if (o.state == State::met)
                        x.met = 1;
                    else if (o.overdue)
                        x.overdue = 1;
                    else
                        x.pending = 1;
                }
                mine.add(x);
                if (by_rule) {
                    if (!per_rule.empty() && per_rule.back().first == o.rule)
                        per_rule.back().second.add(x);
                    else
                        per_rule.emplace_back(o.rule, x);
                }
            });
            if (by_rule) {
                for (auto& [rule, x] : per_rule) {
                    x.people = 1;
                    x.compliant = x.overdue == 0;
                    map[person_key(i, rule)].add(x);
                }
            } else {
                mine.compliant = mine.overdue == 0;
                map[person_key(i, 0)].add(mine);
            }
        }
    });
    Map total;
    for (const auto& m : maps)
        for (const auto& [k, v] : m) total[k].add(v);
    std::vector<std::uint64_t> keys;
    keys.reserve(total.size());
    for (const auto& [k, v] : total) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    Compliance out;
    out.by = by;
    out.keys.assign(by.size(), {});
    for (auto key : keys) {
        const Counts& c = total[key];
        std::uint64_t rest = key;
        for (std::size_t d = by.size(); d-- > 0;) {
            auto v = static_cast<std::int32_t>(rest % radix[d]);
            rest /= radix[d];
            // the "no agency" slot becomes -1
            if ((by[d] == Dimension::agency && static_cast<std::size_t>(v) == agencies.size()) ||
                (by[d] == Dimension::level && static_cast<std::size_t>(v) == enum_count<Level>()) ||
                (by[d] == Dimension::ethnicity && static_cast<std::size_t>(v) == pe.strings.size()))
                v = -1;
            out.keys[d].push_back(v);
        }
        out.people.push_back(c.people);
        out.compliant_people.push_back(c.compliant);
        out.requirements.push_back(c.requirements);
        out.met.push_back(c.met);
        out.pending.push_back(c.pending);
        out.overdue.push_back(c.overdue);
        out.exempt.push_back(c.exempt);
    }
    return out;
}

// ---------------------------------------------------------------------------
// Plan instance

PlanInstance build_plan_instance(const Model& model, const RuleSet& rules, const std::vector<Session>& sessions,
                                 const PlanOptions& options) {
    const auto& courses = model.courses();
    const auto& agencies = model.agencies();
    const People& pe = model.people();
    for (std::size_t s = 0; s < sessions.size(); ++s) {
        const Session& x = sessions[s];
        const std::string where = "session " + std::to_string(s) + ": ";
        if (x.course < 0 || static_cast<std::size_t>(x.course) >= courses.size()) throw Error(where + "unknown course");
        if (x.place < 0 || static_cast<std::size_t>(x.place) >= agencies.size()) throw Error(where + "unknown place");
        if (x.start == kNoDate || x.end == kNoDate || x.end < x.start)
            throw Error(where + "needs start ≤ end dates");
        if (x.seats < 0) throw Error(where + "seats must be ≥ 0");
        // Money in Vnd: per seat plus the allowance for its days, summed below without overflow.
        const double base = static_cast<double>(x.cost_per_seat) +
                            static_cast<double>(options.per_diem) * static_cast<double>(x.end - x.start + 1);
        for (auto [value, name] : {std::pair{static_cast<double>(x.cost_per_seat), "cost_per_seat"},
                                   std::pair{base, "cost_per_seat + per_diem × days"}})
            if (std::string problem = money_problem(value); !problem.empty())
                throw Error(where + name + ": " + problem);
    }
    if (options.max_days_away < 0 || !(options.vnd_per_km >= 0) || !std::isfinite(options.vnd_per_km))
        throw Error("plan: max_days_away and vnd_per_km must be finite and ≥ 0");
    for (auto [value, name] : {std::pair{options.budget, "budget"}, std::pair{options.per_diem, "per_diem"}})
        if (std::string problem = money_problem(static_cast<double>(value)); !problem.empty())
            throw Error(std::string("plan: ") + name + ": " + problem);
    for (const Agency& a : agencies)
        if (std::string problem = money_problem(2.0 * a.travel_km * options.vnd_per_km); !problem.empty())
            throw Error("plan: travel cost to '" + a.code + "' (2 × travel_km × vnd_per_km): " + problem);

    EvalOptions eo;
    eo.as_of = options.as_of;
    eo.threads = options.threads;
    Gaps gaps = find_gaps(model, rules, eo);

    PlanInstance in;
    in.sessions = sessions;
    in.budget = options.budget;
    in.max_days_away = options.max_days_away;
    in.fairness_bonus = options.fairness_bonus;
    in.sessions_per_course = std::max(0, options.sessions_per_course);
    in.agency_travel.resize(agencies.size());
    for (std::size_t a = 0; a < agencies.size(); ++a)
        in.agency_travel[a] = round_vnd(2.0 * agencies[a].travel_km * options.vnd_per_km);
    for (const auto& s : sessions) {
        const auto days = static_cast<Vnd>(s.end - s.start + 1);
        in.session_days.push_back(static_cast<double>(days));
        in.session_base.push_back(s.cost_per_seat + options.per_diem * days);
    }

    // Which courses satisfy each rule (content/code and the record-periods floor, with the course's periods).
    std::vector<std::vector<std::uint8_t>> rule_course(rules.rules.size());
    for (std::size_t r = 0; r < rules.rules.size(); ++r) {
        rule_course[r] = compile_match(rules.rules[r].match, courses);
        for (std::size_t c = 0; c < courses.size(); ++c)
            if (courses[c].periods < rules.rules[r].match.min_record_periods) rule_course[r][c] = 0;
    }
    // Sessions with seats in cost order, by course and by place.
    std::vector<std::int32_t> order;
    for (std::size_t s = 0; s < sessions.size(); ++s)
        if (sessions[s].seats > 0) order.push_back(static_cast<std::int32_t>(s));
    auto remote = [&](std::int32_t s) {
        return in.session_base[static_cast<std::size_t>(s)] +
               in.agency_travel[static_cast<std::size_t>(sessions[static_cast<std::size_t>(s)].place)];
    };
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        const auto ca = sessions[static_cast<std::size_t>(a)].course, cb = sessions[static_cast<std::size_t>(b)].course;
        if (ca != cb) return ca < cb;
        const Vnd ra = remote(a), rb = remote(b);
        return ra != rb ? ra < rb : a < b;
    });
    in.course_offsets.assign(courses.size() + 1, 0);
    for (auto s : order) ++in.course_offsets[static_cast<std::size_t>(sessions[static_cast<std::size_t>(s)].course) + 1];
    for (std::size_t c = 0; c < courses.size(); ++c) in.course_offsets[c + 1] += in.course_offsets[c];
    in.course_session = order;
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        const Session& x = sessions[static_cast<std::size_t>(a)];
        const Session& y = sessions[static_cast<std::size_t>(b)];
        if (x.place != y.place) return x.place < y.place;
        if (x.course != y.course) return x.course < y.course;
        const Vnd ba = in.session_base[static_cast<std::size_t>(a)], bb = in.session_base[static_cast<std::size_t>(b)];
        return ba != bb ? ba < bb : a < b;
    });
    in.place_offsets.assign(agencies.size() + 1, 0);
    for (auto s : order) ++in.place_offsets[static_cast<std::size_t>(sessions[static_cast<std::size_t>(s)].place) + 1];
    for (std::size_t a = 0; a < agencies.size(); ++a) in.place_offsets[a + 1] += in.place_offsets[a];
    in.place_session = std::move(order);

    in.agency_target.assign(agencies.size(), 0.0);
    std::vector<std::int32_t> person_courses;
    for (std::size_t g0 = 0; g0 < gaps.size();) {
        std::size_t g1 = g0;
        const Index p = gaps.person[g0];
        while (g1 < gaps.size() && gaps.person[g1] == p) ++g1;
        const Index agency = gaps.agency[g0];
        const bool leader = pe.leadership[static_cast<std::size_t>(p)] != Leadership::none;
        const auto first_gap = static_cast<std::int32_t>(in.gap_person.size());
        person_courses.clear();
        for (std::size_t g = g0; g < g1; ++g) {
            const Rule& r = rules.rules[static_cast<std::size_t>(gaps.rule[g])];
            double w = r.weight * (r.mandatory ? 1.0 : options.optional_weight) *
                       (gaps.overdue[g] ? options.overdue_weight : 1.0) * (leader ? options.leader_weight : 1.0);
            in.gap_person.push_back(p);
            in.gap_agency.push_back(agency);
            in.gap_rule.push_back(gaps.rule[g]);
            in.gap_weight.push_back(w);
            in.gap_missing.push_back(gaps.missing_periods[g]);
            in.gap_overdue.push_back(gaps.overdue[g]);
            in.gap_due.push_back(gaps.due[g]);
            if (agency >= 0) in.agency_target[static_cast<std::size_t>(agency)] += options.fairness_floor * w;
            const auto& rc = rule_course[static_cast<std::size_t>(gaps.rule[g])];
            for (std::size_t c = 0; c < courses.size(); ++c)
                if (rc[c] && in.course_offsets[c + 1] > in.course_offsets[c])
                    person_courses.push_back(static_cast<std::int32_t>(c));
        }
        std::sort(person_courses.begin(), person_courses.end());
        person_courses.erase(std::unique(person_courses.begin(), person_courses.end()), person_courses.end());
        for (auto course32 : person_courses) {
            const auto course = static_cast<std::size_t>(course32);
            const std::size_t before = in.item_gap.size();
            for (std::size_t g = g0; g < g1; ++g) {
                const auto rule = static_cast<std::size_t>(gaps.rule[g]);
                if (!rule_course[rule][course]) continue;
                const Rule& r = rules.rules[rule];
                double f = 1.0;
                if (r.kind != RuleKind::certificate && r.periods > 0 && gaps.missing_periods[g] > 0)
                    f = std::min(1.0, courses[course].periods / static_cast<double>(gaps.missing_periods[g]));
                if (f <= 0) continue;
                in.item_gap.push_back(first_gap + static_cast<std::int32_t>(g - g0));
                in.item_fraction.push_back(f);
            }
            if (in.item_gap.size() == before) continue;
            in.item_person.push_back(p);
            in.item_agency.push_back(agency);
            in.item_course.push_back(course32);
            in.item_offsets.push_back(static_cast<std::int64_t>(in.item_gap.size()));
        }
        g0 = g1;
    }
    return in;
}

Shared<Model> with_training_records(const Model& model, const std::vector<Index>& person,
                                    const std::vector<Index>& course, const std::vector<Date>& start,
                                    const std::vector<Date>& end, const std::vector<float>& periods,
                                    const std::vector<std::uint8_t>& certificate) {
    const std::size_t n = person.size();
    if (course.size() != n || start.size() != n || end.size() != n || periods.size() != n || certificate.size() != n)
        throw Error("training records: columns differ in length");
    const std::size_t np = model.people().size();
    for (std::size_t k = 0; k < n; ++k) {
        if (person[k] < 0 || static_cast<std::size_t>(person[k]) >= np)
            throw Error("training records: row " + std::to_string(k) + ": unknown person index");
        if (course[k] < 0 || static_cast<std::size_t>(course[k]) >= model.courses().size())
            throw Error("training records: row " + std::to_string(k) + ": unknown course index");
    }
    // New rows in person order (stable); each person's new rows follow their old ones, and the old
    // records between two people with new rows are copied in one piece.
    std::vector<std::size_t> rows(n);
    for (std::size_t k = 0; k < n; ++k) rows[k] = k;
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t x, std::size_t y) { return person[x] < person[y]; });
    const TrainingRecords& old = model.records();
    TrainingRecords merged;
    const std::size_t total = old.size() + n;
    auto reserve = [&](auto&... col) { (col.reserve(total), ...); };
    reserve(merged.course, merged.start, merged.end, merged.periods, merged.result, merged.certificate);
    std::size_t copied = 0;
    auto copy_old = [&](std::size_t upto) {
        auto run = [&](auto& dst, const auto& src) {
            dst.insert(dst.end(), src.begin() + static_cast<std::ptrdiff_t>(copied),
                       src.begin() + static_cast<std::ptrdiff_t>(upto));
        };
        run(merged.course, old.course);
        run(merged.start, old.start);
        run(merged.end, old.end);
        run(merged.periods, old.periods);
        run(merged.result, old.result);
        run(merged.certificate, old.certificate);
        copied = upto;
    };
    // (built apart and moved in: resizing the default {0} trips g++ 12's -Warray-bounds)
    std::vector<std::int64_t> offsets(old.offsets.begin(), old.offsets.end()), added(np + 1, 0);
    for (std::size_t j = 0; j < n;) {
        const auto p = static_cast<std::size_t>(person[rows[j]]);
        copy_old(static_cast<std::size_t>(old.offsets[p + 1]));
        std::size_t j1 = j;
        for (; j1 < n && static_cast<std::size_t>(person[rows[j1]]) == p; ++j1) {
            const std::size_t k = rows[j1];
            merged.course.push_back(course[k]);
            merged.start.push_back(start[k]);
            merged.end.push_back(end[k]);
            merged.periods.push_back(periods[k]);
            merged.result.push_back(TrainingResult::passed);
            merged.certificate.push_back(certificate[k]);
        }
        added[p + 1] = static_cast<std::int64_t>(j1 - j);
        j = j1;
    }
    copy_old(old.size());
    for (std::size_t q = 1, acc = 0; q <= np; ++q) {
        acc += static_cast<std::size_t>(added[q]);
        offsets[q] += static_cast<std::int64_t>(acc);
    }
    merged.offsets = std::move(offsets);
    TableSet t = model.tables();
    t.records = std::make_shared<const TrainingRecords>(std::move(merged));
    return Model::from_tables(std::move(t), "training records added", &model);
}

}  // namespace cchc::training
