#include "cchc/sim/engine.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <chrono>
#include <cmath>
#include <deque>
#include <exception>
#include <future>
#include <limits>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif
#include <cstdio>

namespace cchc::sim {

namespace {

// Allocator for the large tables read at random by events (dossier slots, event buckets, the
// 1.2 million arrival streams of a national model): with 4 KiB pages every such read also
// misses the TLB. Large blocks are 2 MiB
// aligned and advised as transparent huge pages (Linux; elsewhere a plain allocation).
template <class T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
    static constexpr std::size_t kHuge = std::size_t{2} << 20;
    static constexpr std::align_val_t kAlign{alignof(T) > 16 ? alignof(T) : 16};
    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kHuge) return static_cast<T*>(::operator new(bytes, kAlign));
        const std::size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
        void* p = ::operator new(rounded, std::align_val_t{kHuge});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure changes nothing
#endif
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < kHuge) ::operator delete(p, kAlign);
        else ::operator delete(p, std::align_val_t{kHuge});
    }
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

constexpr double kInf = std::numeric_limits<double>::infinity();

// Seconds in a fraction of a minute (0 <= frac < 1), rounded half away from zero: std::llround
// without the library call (the truncation is exact below 2^52), for the per-row wall times.
inline std::int64_t round_seconds(double frac) {
    const double x = frac * 60.0;
    const double t = std::trunc(x);
    return static_cast<std::int64_t>(t) + (x - t >= 0.5 ? 1 : 0);
}

bool is_desk_kind(AgencyKind k) { return k == AgencyKind::one_stop_desk || k == AgencyKind::service_centre; }

// Walker's alias method: O(1) draws of a stream in proportion to its volume.
struct Alias {
    struct Entry {
        double prob;
        std::uint32_t alias;
    };
    std::vector<Entry, HugePageAllocator<Entry>> table;  // interleaved: one cache miss per draw

    void build(const std::vector<double>& w) {
        const std::size_t n = w.size();
        std::vector<double> prob(n, 0.0);
        std::vector<std::uint32_t> alias(n, 0);
        double total = 0;
        for (double x : w) total += x;
        table.assign(n, Entry{0.0, 0});
        if (n == 0 || total <= 0) return;
        std::vector<double> scaled(n);
        std::vector<std::uint32_t> small, large;
        for (std::size_t i = 0; i < n; ++i) {
            scaled[i] = w[i] * static_cast<double>(n) / total;
            (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
        }
        while (!small.empty() && !large.empty()) {
            const auto s = small.back(), l = large.back();
            small.pop_back();
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= 1.0 - scaled[s];
            if (scaled[l] < 1.0) {
                large.pop_back();
                small.push_back(l);
            }
        }
        for (auto i : large) prob[i] = 1.0;
        for (auto i : small) prob[i] = 1.0;  // rounding leftovers
        table.resize(n);
        for (std::size_t i = 0; i < n; ++i) table[i] = {prob[i], alias[i]};
    }
    /// A draw in two halves, so that the entry of a column drawn ahead can be prefetched.
    std::uint32_t column(Rng& rng) const { return rng.below(static_cast<std::uint32_t>(table.size())); }
    std::uint32_t resolve(std::uint32_t i, Rng& rng) const {
        const Entry& e = table[i];
        return rng.uniform() < e.prob ? i : e.alias;
    }
    void prefetch(std::uint32_t i) const { __builtin_prefetch(&table[i]); }
};

}  // namespace

// ---------------------------------------------------------------------------
// Prepared input: everything derived from the model once and shared read-only.

// A processing step of a procedure, shared by all its implementing agencies (streams): the
// responsible agency is resolved per dossier from the copy of its stream's agencies that the
// dossier carries, so the hot path never reads per-stream tables (a national model has
// 1.2 million streams: a cache miss on every event).
struct Stage {
    double statutory = 0;       // statutory time in working minutes
    Index agency = kNone;       // responsible agency when fixed (who == kFixed)
    Index pool = -1;            // its pool (who == kFixed); -1 for a pure transfer step
    Transfer transfer = Transfer::none;
    std::uint8_t who = 0;       // kFixed, kImplementing or kParent
    bool pure_transfer = false; // no staff: statutory time elapses
    std::int32_t activity = 0;  // event-log name
};
enum : std::uint8_t { kFixed, kImplementing, kParent };

struct Deadline {
    TimeUnit unit = TimeUnit::working_day;
    double value = 0;
    std::int32_t whole_days = -1;  // value as a whole number of working days (< 64: the cached path), else -1
};

struct ProcPlan {
    Deadline deadline[3];        // statutory, by channel
    std::uint32_t stage_begin = 0;
    std::int32_t n_stages = -1;  // -1: not built yet
    double rework_prob = 0;      // after the last stage, back to stage rework_to
    std::int32_t rework_to = 0;
    // The procedure's channel facts, resolved once (a share recorded in the model, data or
    // scenario, wins over the run's default for its online level).
    double online_share = 0;        // of its dossiers submitted online
    double post_return_share = 0;   // of counter submissions asking for the result by post
    bool online_collect = false;    // partial online: the result is collected at the counter
    std::uint8_t extra_trips = 0;   // counter trips beyond submit + collect
};

// Expected visits of a dossier to stage k (routing of the rework loop): the stages from the rework
// target on run a geometric number of times, mean 1 / (1 - p); the stages before it once.
static double stage_visits(const ProcPlan& plan, std::int32_t k) {
    return plan.rework_prob > 0 && k >= plan.rework_to ? 1.0 / (1.0 - plan.rework_prob) : 1.0;
}

struct StreamDef {
    Index procedure = kNone;
    Index agency = kNone;  // implementing agency
    Index desk_pool = 0;
    Index desk_agency = kNone;
    Index parent = kNone;        // parent of the implementing agency (itself when none)
    Index agency_pool = -1, parent_pool = -1;  // their processing pools, when a step uses them
};

struct Prepared {
    Shared<Model> model;
    Params p;
    WorkingCalendar cal;
    Minutes start_wall = 0;
    double mpd = 480;  // office minutes of an ordinary working day
    double w0 = 0, h = 0, cap = 0;  // warm-up end, horizon, drain cap (working minutes)
    // Open days from the start to the drain cap.
    std::vector<double> day_begin, day_len;
    std::vector<Date> day_date;
    std::vector<std::uint32_t> work_before;  // working days among open days [0, k)
    std::vector<std::uint32_t> work_pos;     // open-day index of the j-th working day
    std::size_t horizon_days = 0;  // open days inside the arrival horizon
    std::vector<double> cum_rate;  // expected arrivals before open day k (k < horizon_days + 1)
    std::vector<StreamDef, HugePageAllocator<StreamDef>> streams;
    std::vector<double> trip_hours;  // by implementing agency: a round trip to it (its own distance, else its desk's)
    std::vector<Stage> stages;     // by procedure: plans[pi].stage_begin ...
    std::vector<ProcPlan> plans;   // by procedure
    Alias pick;
    double total_expected = 0;
    std::vector<Index> pool_agency;
    std::vector<std::uint8_t> pool_is_desk;
    std::vector<std::int32_t> pool_servers;
    std::vector<std::uint8_t> pool_defaulted;
    std::vector<double> pool_offered;
    std::vector<std::uint8_t> pool_raised;
    std::vector<Index> derived_plans, excluded, no_distance, not_valid;
    std::vector<double> pool_visits;  // dossiers served a year (annual volumes x visits), by pool
    std::vector<double> weights;      // annual volume by stream
    double year_minutes = 0;          // office minutes of the year from the start
    double memory = 0;                // estimate_memory
    std::vector<std::string> activity_names;
    std::vector<std::uint32_t> scripted_stream;
    std::vector<double> scripted_w;

    Prepared(Shared<Model> m, Params params, CalendarConfig config)
        : model(std::move(m)), p(std::move(params)), cal(with_overrides(std::move(config), *model, p)) {}

    static CalendarConfig with_overrides(CalendarConfig c, const Model& m, const Params& p) {
        for (const auto& o : m.calendar()) c.holidays.overrides.push_back(o);
        // Precompute every year the run can touch (start to the drain cap): outside the
        // precomputed years each calendar query recomputes the lunar holidays.
        const auto first = static_cast<int>(to_ymd(p.start).year());
        const auto last = static_cast<int>(
            to_ymd(p.start + static_cast<Date>(p.days) + static_cast<Date>(std::ceil(std::max(0.0, p.drain_days))))
                .year());
        c.first_year = std::max(kCalendarMinYear, std::min(c.first_year, first));
        c.last_year = std::min(kCalendarMaxYear, std::max(c.last_year, last + 1));
        return c;
    }

    double to_work(Minutes wall) const { return static_cast<double>(cal.working_minutes_between(start_wall, wall)); }

    /// Wall time (seconds) of working offset w. `opening`: an instant on a boundary
    /// between office days is shown as the next opening (arrivals, receipts, starts),
    /// otherwise as the previous closing (completions).
    std::int64_t to_wall_seconds(double w, bool opening) const {
        if (!std::isfinite(w)) return std::numeric_limits<std::int64_t>::min();
        const double fl = std::floor(w);
        const double frac = w - fl;
        Minutes base = cal.add_working_minutes(start_wall, static_cast<std::int64_t>(fl));
        if (frac > 0 || opening) base = cal.next_working_time(base);
        return base * 60 + round_seconds(frac);
    }
    // Open-day table for the one-pass conversion of kept rows (wall_seconds below).
    std::vector<double> day_end;     // day_begin + day_len
    std::vector<Minutes> day_wall;   // 00:00 of the open day
    std::vector<std::uint8_t> day_segs;  // 0: office_hours, 1: saturday_hours, 2: ask the calendar

    void build_wall_table() {
        const auto& c = cal.config();
        auto total = [](const std::vector<TimeSegment>& v) {
            int t = 0;
            for (const auto& x : v) t += x.end - x.start;
            return t;
        };
        const int office = total(c.office_hours), sat = total(c.saturday_hours);
        const std::size_t n = day_begin.size();
        day_end.resize(n);
        day_wall.resize(n);
        day_segs.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            day_end[k] = day_begin[k] + day_len[k];
            day_wall[k] = make_minutes(day_date[k], 0, 0);
            const bool saturday = iso_weekday(day_date[k]) == 6;
            const int len = static_cast<int>(day_len[k]);
            std::uint8_t kind = 2;
            if (c.saturday_morning && saturday && office == sat) kind = 2;  // ambiguous: the calendar decides
            else if (len == office) kind = 0;
            else if (c.saturday_morning && len == sat) kind = 1;
            day_segs[k] = kind;
        }
    }

    /// Same value as to_wall_seconds, from the open-day table: a hinted search instead of
    /// calendar arithmetic from the start date (rows come roughly in time order).
    std::int64_t wall_seconds(double w, bool opening, std::size_t& hint) const {
        if (!std::isfinite(w)) return std::numeric_limits<std::int64_t>::min();
        const double fl = std::floor(w);
        const double frac = w - fl;
        if (fl <= 0 || day_end.empty() || fl > day_end.back()) return to_wall_seconds(w, opening);
        std::size_t k = hint < day_end.size() ? hint : 0;
        if (!(day_end[k] >= fl && (k == 0 || day_end[k - 1] < fl))) {
            if (k + 1 < day_end.size() && day_end[k + 1] >= fl && day_end[k] < fl) ++k;
            else k = static_cast<std::size_t>(std::lower_bound(day_end.begin(), day_end.end(), fl) - day_end.begin());
        }
        hint = k;
        if (day_segs[k] == 2) return to_wall_seconds(w, opening);
        const auto& segs = day_segs[k] == 0 ? cal.config().office_hours : cal.config().saturday_hours;
        // Position after `off` office minutes, a session end belonging to its session (pos_forward).
        int off = static_cast<int>(fl - day_begin[k]);
        int clock = segs.back().end;
        for (const auto& sg : segs) {
            const int len = sg.end - sg.start;
            if (off <= len) {
                clock = sg.start + off;
                break;
            }
            off -= len;
        }
        Minutes base = day_wall[k] + clock;
        if (frac > 0 || opening) {
            // next_working_time: the same session if inside it, the next session, the next open day.
            bool found = false;
            for (const auto& sg : segs)
                if (clock < sg.end) {
                    base = day_wall[k] + std::max(clock, sg.start);
                    found = true;
                    break;
                }
            if (!found) {
                if (k + 1 >= day_end.size() || day_segs[k + 1] == 2) return to_wall_seconds(w, opening);
                const auto& next = day_segs[k + 1] == 0 ? cal.config().office_hours : cal.config().saturday_hours;
                base = day_wall[k + 1] + next.front().start;
            }
        }
        return base * 60 + round_seconds(frac);
    }

    Minutes to_wall_minutes(double w, bool opening) const {
        const std::int64_t s = to_wall_seconds(w, opening);
        return s >= 0 ? s / 60 : -((-s + 59) / 60);
    }
};

namespace {

double unit_minutes(TimeUnit u, double value, double mpd) {
    switch (u) {
        case TimeUnit::working_day:
            return value * mpd;
        case TimeUnit::working_hour:
        case TimeUnit::hour:
            return value * 60.0;
        case TimeUnit::day:
            return value * mpd * 5.0 / 7.0;  // calendar days as working time, on average
        case TimeUnit::month:
            return value * 30.0 * mpd * 5.0 / 7.0;
    }
    return 0;
}

std::int32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, std::int32_t>& ids,
                    const std::string& name) {
    auto [it, fresh] = ids.emplace(name, static_cast<std::int32_t>(names.size()));
    if (fresh) names.push_back(name);
    return it->second;
}

void check_share(double x, const char* what) {
    if (!(x >= 0 && x <= 1)) throw std::invalid_argument(std::string(what) + " must be within [0, 1]");
}

void check_loop(double x, const char* what) {
    if (!(x >= 0 && x < 1))
        throw std::invalid_argument(std::string(what) + " must be within [0, 1) (1 would loop forever), got " +
                                    std::to_string(x));
}

// The method whose time limit a procedure's counter route follows: the counter's, else the first.
const SubmissionMethod* counter_method(const Procedure& pr) {
    for (const auto& mt : pr.methods)
        if (mt.channel == Channel::in_person) return &mt;
    return pr.methods.empty() ? nullptr : &pr.methods.front();
}

// The plan of a procedure that publishes a time limit but no steps (Params::derived_desk_days):
// one processing step at the implementing agency; the desk keeps its share of the limit.
Step derived_step(const Procedure& pr, double desk_days, double mpd) {
    const SubmissionMethod* mt = counter_method(pr);
    const double limit = unit_minutes(mt->unit, mt->processing_time, mpd);
    const double desk = std::min(desk_days * mpd, limit / 2.0);
    Step st;
    st.name = "Giải quyết hồ sơ";
    st.role = StepRole::processing;
    st.responsible = kImplementingAgency;
    st.duration = (limit - desk) / 60.0;
    st.unit = TimeUnit::working_hour;
    return st;
}

std::shared_ptr<Prepared> prepare(Shared<Model> model, Params params, CalendarConfig config) {
    if (!model) throw std::invalid_argument("simulate: no model");
    const Params& p = params;
    if (p.days <= 0) throw std::invalid_argument("days must be > 0");
    if (p.warmup_days < 0 || p.warmup_days >= p.days) throw std::invalid_argument("warmup_days must be in [0, days)");
    if (p.replications <= 0) throw std::invalid_argument("replications must be > 0");
    if (p.threads < 0) throw std::invalid_argument("threads must be >= 0");
    if (!(p.volume_scale >= 0 && std::isfinite(p.volume_scale)))
        throw std::invalid_argument("volume_scale must be finite and >= 0");
    if (!(p.drain_days >= 0)) throw std::invalid_argument("drain_days must be >= 0");
    // The run must lie inside the calendar (dates are 32-bit day numbers: a larger span would wrap).
    const Date first_day = make_date(kCalendarMinYear, 1, 1), last_day = make_date(kCalendarMaxYear, 12, 31);
    if (p.start < first_day || static_cast<double>(p.start) + p.days - 1 > static_cast<double>(last_day))
        throw std::invalid_argument("days: a run from " + format_date(p.start) + " for " + std::to_string(p.days) +
                                    " days leaves the calendar (" + std::to_string(kCalendarMinYear) + "-01-01 to " +
                                    std::to_string(kCalendarMaxYear) + "-12-31)");
    // Draining is a safety cap: it stops at the calendar's last day.
    params.drain_days = std::min(params.drain_days, static_cast<double>(last_day - (p.start + p.days - 1)));
    if (!(p.derived_desk_days >= 0)) throw std::invalid_argument("derived_desk_days must be >= 0");
    if (!(p.max_memory >= 0)) throw std::invalid_argument("max_memory must be >= 0 (bytes; 0: the default share of physical memory)");
    for (int i = 0; i < 3; ++i) check_share(p.online_share[i], "online_share");
    check_share(p.post_share, "post_share");
    check_share(p.priority_share, "priority_share");
    check_share(p.supplement_prob, "supplement_prob");
    check_share(p.refusal_prob, "refusal_prob");
    check_share(p.post_return_share, "post_return_share");
    // Probability 1 would loop forever: every dossier must leave the rework loop eventually.
    check_loop(p.rework_prob, "rework_prob");
    if (p.rework_to_step < 0) throw std::invalid_argument("rework_to_step must be >= 0");
    for (const auto& r : p.rework) {
        check_loop(r.probability, "rework probability");
        if (r.to_step < 0) throw std::invalid_argument("rework: step index must be >= 0");
    }
    if (!(p.processing_staff_share >= 0) || !(p.dossiers_per_officer > 0) || p.min_servers < 1 ||
        p.desk_staff_default < 1 || !(p.desk_staff_share >= 0))
        throw std::invalid_argument("staff parameters: shares >= 0, dossiers_per_officer > 0, minimum servers >= 1");
    if (!(p.unstaffed_utilisation >= 0 && p.unstaffed_utilisation < 1))
        throw std::invalid_argument("unstaffed_utilisation must be within [0, 1)");
    if (!(p.understaffed_utilisation >= 0 && p.understaffed_utilisation < 1))
        throw std::invalid_argument("understaffed_utilisation must be within [0, 1)");
    if (!(p.travel_speed_kmh > 0)) throw std::invalid_argument("travel_speed_kmh must be > 0");
    for (double w : p.month_weight)
        if (!(w >= 0)) throw std::invalid_argument("month weights must be >= 0");
    for (double w : p.weekday_weight)
        if (!(w >= 0)) throw std::invalid_argument("weekday weights must be >= 0");
    p.desk_time.check("desk_time");
    p.online_desk_time.check("online_desk_time");
    p.step_ratio.check("step_ratio");
    p.paper_transfer.check("paper_transfer");
    p.electronic_transfer.check("electronic_transfer");
    p.desk_handover.check("desk_handover");
    p.supplement_delay.check("supplement_delay");
    p.pickup_delay.check("pickup_delay");
    p.post_delay.check("post_delay");

    auto P = std::make_shared<Prepared>(std::move(model), std::move(params), std::move(config));
    const Model& m = *P->model;
    const Params& q = P->p;
    const auto& agencies = m.agencies();
    const auto n_agencies = static_cast<Index>(agencies.size());
    for (const auto& o : q.staff)
        if (o.agency < 0 || o.agency >= n_agencies || o.servers < 1)
            throw std::invalid_argument("staff override: unknown agency or servers < 1");
    for (const auto& o : q.desk_staff)
        if (o.agency < 0 || o.agency >= n_agencies || o.servers < 1)
            throw std::invalid_argument("desk_staff override: unknown agency or servers < 1");

    P->start_wall = make_minutes(q.start, 0, 0);
    P->mpd = 0;
    for (const auto& s : P->cal.config().office_hours) P->mpd += s.end - s.start;

    // Open days from the start to the drain cap, and the measured window.
    const Date end = q.start + q.days;
    const Date cap_day = end + static_cast<Date>(std::ceil(q.drain_days));
    double w = 0;
    for (Date d = q.start; d < cap_day; ++d) {
        if (d == q.start + q.warmup_days) P->w0 = w;
        if (d == end) {
            P->h = w;
            P->horizon_days = P->day_date.size();
        }
        const int om = P->cal.office_minutes(d);
        if (om <= 0) continue;
        P->work_before.push_back(static_cast<std::uint32_t>(P->work_pos.size()));
        if (P->cal.is_working_day(d)) P->work_pos.push_back(static_cast<std::uint32_t>(P->day_date.size()));
        P->day_begin.push_back(w);
        P->day_len.push_back(om);
        P->day_date.push_back(d);
        w += om;
    }
    if (cap_day == end) {
        P->h = w;
        P->horizon_days = P->day_date.size();
    }
    if (q.warmup_days == 0) P->w0 = 0;
    P->cap = w;
    P->build_wall_table();

    // Arrival intensity per open day: annual volume x weight / sum of weights of its year.
    std::unordered_map<int, double> year_norm;
    auto weight = [&](Date d) {
        const auto ymd = to_ymd(d);
        return q.month_weight[static_cast<unsigned>(ymd.month()) - 1] * q.weekday_weight[iso_weekday(d) - 1];
    };
    auto norm = [&](int y) {
        auto it = year_norm.find(y);
        if (it != year_norm.end()) return it->second;
        double z = 0;
        for (Date d = make_date(y, 1, 1); d < make_date(y + 1, 1, 1); ++d)
            if (P->cal.office_minutes(d) > 0) z += weight(d);
        year_norm.emplace(y, z);
        return z;
    };

    // Children lists, for finding the one-stop desk that receives an agency's dossiers.
    std::vector<std::vector<Index>> children(agencies.size());
    for (Index a = 0; a < n_agencies; ++a)
        if (agencies[a].parent >= 0 && agencies[a].valid_on(q.start))
            children[static_cast<std::size_t>(agencies[a].parent)].push_back(a);
    auto desk_child = [&](Index x) {
        for (Index c : children[static_cast<std::size_t>(x)])
            if (is_desk_kind(agencies[c].kind)) return c;
        return kNone;
    };
    std::vector<Index> desk_of(agencies.size(), kNone);
    auto find_desk = [&](Index a) {
        auto& cached = desk_of[static_cast<std::size_t>(a)];
        if (cached != kNone) return cached;
        Index found = is_desk_kind(agencies[a].kind) ? a : desk_child(a);
        for (Index x = agencies[a].parent; found == kNone && x != kNone; x = agencies[x].parent) found = desk_child(x);
        cached = found == kNone ? a : found;  // no desk: the agency receives at its own counter
        return cached;
    };

    std::vector<Index> desk_pool(agencies.size(), kNone), proc_pool(agencies.size(), kNone);
    auto override_of = [](const std::vector<PoolOverride>& list, Index a) {
        std::int32_t v = 0;
        for (const auto& o : list)
            if (o.agency == a) v = o.servers;
        return v;
    };
    auto get_desk_pool = [&](Index a) {
        auto& slot = desk_pool[static_cast<std::size_t>(a)];
        if (slot != kNone) return slot;
        slot = static_cast<Index>(P->pool_agency.size());
        std::int32_t servers = override_of(q.desk_staff, a);
        bool unstaffed = false;
        if (servers == 0) {
            const auto& ag = agencies[a];
            const bool staffed = is_desk_kind(ag.kind) && ag.headcount > 0;
            servers = staffed ? std::max(1, static_cast<std::int32_t>(std::lround(ag.headcount * q.desk_staff_share)))
                              : q.desk_staff_default;
            unstaffed = !staffed;  // flagged (and named in a warning) even when the default carries the desk
        }
        P->pool_agency.push_back(a);
        P->pool_is_desk.push_back(1);
        P->pool_servers.push_back(servers);
        P->pool_defaulted.push_back(unstaffed ? 1 : 0);
        return slot;
    };
    auto get_proc_pool = [&](Index a) {
        auto& slot = proc_pool[static_cast<std::size_t>(a)];
        if (slot != kNone) return slot;
        slot = static_cast<Index>(P->pool_agency.size());
        std::int32_t servers = override_of(q.staff, a);
        bool unstaffed = false;
        if (servers == 0) {
            // The agency's own staff plus its specialised divisions (phòng), who do the processing.
            double heads = agencies[a].headcount;
            for (Index c : children[static_cast<std::size_t>(a)])
                if (agencies[c].kind == AgencyKind::division) heads += agencies[c].headcount;
            servers = std::max(q.min_servers, static_cast<std::int32_t>(std::lround(
                                                  heads * q.processing_staff_share * q.dossiers_per_officer)));
            unstaffed = heads <= 0 && q.unstaffed_utilisation > 0;
        }
        P->pool_agency.push_back(a);
        P->pool_is_desk.push_back(0);
        P->pool_servers.push_back(servers);
        P->pool_defaulted.push_back(unstaffed ? 1 : 0);
        return slot;
    };

    std::unordered_map<std::string, std::int32_t> act_ids;
    for (const char* n : {"Tiếp nhận hồ sơ", "Yêu cầu bổ sung hồ sơ", "Chuyển hồ sơ", "Có kết quả", "Trả kết quả"})
        intern(P->activity_names, act_ids, n);

    std::unordered_map<std::uint64_t, std::uint32_t> stream_ids;
    const auto& procs = m.procedures();
    P->trip_hours.assign(agencies.size(), 0.0);
    P->plans.assign(procs.size(), {});
    auto add_stream = [&](Index pi, Index agency) -> std::uint32_t {
        const std::uint64_t key = (static_cast<std::uint64_t>(pi) << 32) | static_cast<std::uint32_t>(agency);
        auto it = stream_ids.find(key);
        if (it != stream_ids.end()) return it->second;
        const Procedure& pr = procs[static_cast<std::size_t>(pi)];
        StreamDef s;
        s.procedure = pi;
        s.agency = agency;
        s.desk_agency = find_desk(agency);
        s.desk_pool = get_desk_pool(s.desk_agency);
        const double km = agencies[agency].travel_km > 0 ? agencies[agency].travel_km : agencies[s.desk_agency].travel_km;
        P->trip_hours[static_cast<std::size_t>(agency)] = 2.0 * km / q.travel_speed_kmh;
        s.parent = agencies[agency].parent != kNone ? agencies[agency].parent : agency;
        ProcPlan& plan = P->plans[static_cast<std::size_t>(pi)];
        const bool build = plan.n_stages < 0;
        if (build) plan.stage_begin = static_cast<std::uint32_t>(P->stages.size());
        double statutory_days = 0;
        std::vector<const std::string*> step_names;
        // No steps: the plan derived from the time limit (the caller excludes procedures with neither).
        std::vector<Step> derived;
        if (pr.steps.empty()) derived.push_back(derived_step(pr, q.derived_desk_days, P->mpd));
        for (const auto& st : pr.steps.empty() ? derived : pr.steps) {
            if (st.role == StepRole::reception || st.role == StepRole::result_return) continue;
            step_names.push_back(&st.name);
            Index resp = st.responsible;
            std::uint8_t who = kFixed;
            if (resp == kImplementingAgency) resp = agency, who = kImplementing;
            else if (resp == kParentOfImplementing) resp = s.parent, who = kParent;
            if (resp < 0 || resp >= n_agencies) throw Error("procedure '" + pr.code + "': unresolved step agency");
            const bool pure_transfer = st.role == StepRole::transfer;
            // Pools are created in the same order as when every stream had its own stages.
            const Index pool = pure_transfer ? -1 : get_proc_pool(resp);
            if (!pure_transfer && who == kImplementing) s.agency_pool = pool;
            if (!pure_transfer && who == kParent) s.parent_pool = pool;
            const double statutory = unit_minutes(st.unit, st.duration, P->mpd);
            statutory_days += statutory / P->mpd;
            if (!build) continue;
            Stage stage;
            stage.statutory = statutory;
            stage.who = who;
            stage.agency = who == kFixed ? resp : kNone;
            stage.pool = who == kFixed ? pool : -1;
            stage.pure_transfer = pure_transfer;
            stage.transfer = st.transfer;
            stage.activity = intern(P->activity_names, act_ids, st.name.empty() ? std::string(to_string(st.role)) : st.name);
            P->stages.push_back(stage);
        }
        const auto n_stages = static_cast<std::int32_t>(step_names.size());
        if (build) {  // the plan depends on the procedure only: set with its first stream
            plan.n_stages = n_stages;
            if (!derived.empty()) P->derived_plans.push_back(pi);
            if (n_stages > 0) {
                plan.rework_prob = q.rework_prob;
                plan.rework_to = std::min(q.rework_to_step, n_stages - 1);
            }
            for (const auto& rule : q.rework) {
                if (rule.procedure != pi) continue;
                if (n_stages == 0) throw Error("rework: procedure '" + pr.code + "' has no processing steps");
                std::int32_t to = rule.to_step;
                if (!rule.to_name.empty()) {
                    to = -1;
                    for (std::int32_t i = 0; i < n_stages && to < 0; ++i)
                        if (*step_names[static_cast<std::size_t>(i)] == rule.to_name) to = i;
                    if (to < 0) throw Error("rework: procedure '" + pr.code + "' has no step named '" + rule.to_name + "'");
                } else if (to >= n_stages) {
                    throw Error("rework: procedure '" + pr.code + "' has " + std::to_string(n_stages) + " steps, no step " +
                                std::to_string(to));
                }
                plan.rework_prob = rule.probability;
                plan.rework_to = to;
            }
            plan.online_share = pr.online_level == OnlineLevel::none ? 0.0
                                : share_known(pr.online_share)   ? pr.online_share
                                                                 : q.online_share[static_cast<int>(pr.online_level)];
            plan.post_return_share = share_known(pr.postal_share) ? pr.postal_share : q.post_return_share;
            plan.online_collect = pr.online_level != OnlineLevel::full;
            plan.extra_trips = static_cast<std::uint8_t>(pr.trips > 2 ? std::min(pr.trips - 2, 200) : 0);
            // Statutory deadline per channel: that channel's method, else the counter's, else the steps' sum.
            for (int c = 0; c < 3; ++c) {
                const SubmissionMethod* found = nullptr;
                for (const auto& mt : pr.methods)
                    if (static_cast<int>(mt.channel) == c) found = &mt;
                if (!found)
                    for (const auto& mt : pr.methods)
                        if (mt.channel == Channel::in_person) found = &mt;
                if (!found && !pr.methods.empty()) found = &pr.methods.front();
                Deadline& dl = plan.deadline[c];
                dl = found ? Deadline{found->unit, found->processing_time}
                           : Deadline{TimeUnit::working_day, std::ceil(statutory_days - 1e-9)};
                if (dl.unit == TimeUnit::working_day && dl.value >= 0 && dl.value < 64 && std::floor(dl.value) == dl.value)
                    dl.whole_days = static_cast<std::int32_t>(dl.value);
            }
        }
        const auto id = static_cast<std::uint32_t>(P->streams.size());
        P->streams.push_back(s);
        stream_ids.emplace(key, id);
        return id;
    };

    // A procedure with neither steps nor a time limit has no lead time the data supports: it is
    // left out (Output::excluded), never counted as on time.
    auto unplanned = [&](Index pi) {
        const Procedure& pr = procs[static_cast<std::size_t>(pi)];
        return pr.steps.empty() && pr.methods.empty();
    };
    std::vector<double> weights;
    for (Index pi = 0; pi < static_cast<Index>(procs.size()); ++pi)
        for (const auto& v : procs[static_cast<std::size_t>(pi)].volumes) {
            if (!(v.annual > 0) || v.agency < 0) continue;
            if (unplanned(pi)) {
                if (P->excluded.empty() || P->excluded.back() != pi) P->excluded.push_back(pi);
                continue;
            }
            const auto id = add_stream(pi, v.agency);
            if (weights.size() <= id) weights.resize(id + 1, 0.0);
            weights[id] += v.annual * q.volume_scale;
        }
    for (const auto& rule : q.rework)
        if (rule.procedure < 0 || rule.procedure >= static_cast<Index>(procs.size()))
            throw std::invalid_argument("rework: unknown procedure");
    for (const auto& sa : q.scripted) {
        if (sa.procedure < 0 || sa.procedure >= static_cast<Index>(procs.size()) || sa.agency < 0 ||
            sa.agency >= n_agencies)
            throw std::invalid_argument("scripted arrival: unknown procedure or agency");
        if (unplanned(sa.procedure))
            throw Error("scripted arrival: procedure '" + procs[static_cast<std::size_t>(sa.procedure)].code +
                        "' has neither steps nor a time limit (methods[].processing_time): nothing to simulate");
        P->scripted_stream.push_back(add_stream(sa.procedure, sa.agency));
        P->scripted_w.push_back(P->to_work(sa.time));
    }
    weights.resize(P->streams.size(), 0.0);
    {  // Implementing agencies without a distance (citizens' travel to them counts 0 hours) or not
       // valid in the arrival window (validity dates): reported, by agency.
        std::vector<std::uint8_t> used(agencies.size(), 0);
        for (const auto& sd : P->streams) used[static_cast<std::size_t>(sd.agency)] = 1;
        const Date last = q.start + q.days - 1;
        for (Index a = 0; a < n_agencies; ++a) {
            if (!used[static_cast<std::size_t>(a)]) continue;
            if (!(P->trip_hours[static_cast<std::size_t>(a)] > 0)) P->no_distance.push_back(a);
            const Agency& ag = agencies[static_cast<std::size_t>(a)];
            if ((ag.valid_from != kNoDate && ag.valid_from > last) || (ag.valid_to != kNoDate && ag.valid_to < q.start))
                P->not_valid.push_back(a);
        }
    }
    double total_annual = 0;
    for (double x : weights) total_annual += x;
    P->pick.build(weights);
    P->cum_rate.assign(P->horizon_days + 1, 0.0);
    for (std::size_t k = 0; k < P->horizon_days; ++k) {
        const Date d = P->day_date[k];
        const int y = static_cast<int>(to_ymd(d).year());
        const double z = norm(y);
        const double rate = z > 0 ? total_annual * weight(d) / z : 0.0;
        P->cum_rate[k + 1] = P->cum_rate[k] + rate;
    }
    P->total_expected = P->cum_rate.back();

    // Expected work of every pool (server-minutes per year) from the annual volumes, statutory
    // step times and the mean step ratio: agencies without headcount get the servers that carry
    // it at unstaffed_utilisation, and every pool reports its offered load (expected utilisation).
    std::vector<double> load(P->pool_agency.size(), 0.0);
    P->pool_visits.assign(P->pool_agency.size(), 0.0);
    {
        const double ratio = q.step_ratio.mean();
        for (std::size_t i = 0; i < P->streams.size(); ++i) {
            const auto& sd = P->streams[i];
            const ProcPlan& plan = P->plans[static_cast<std::size_t>(sd.procedure)];
            // Every dossier is received once, a supplemented one twice; online ones take online_desk_time.
            const double desk_mean =
                plan.online_share * q.online_desk_time.mean() + (1.0 - plan.online_share) * q.desk_time.mean();
            load[static_cast<std::size_t>(sd.desk_pool)] += weights[i] * desk_mean * (1.0 + q.supplement_prob);
            P->pool_visits[static_cast<std::size_t>(sd.desk_pool)] += weights[i] * (1.0 + q.supplement_prob);
            for (std::int32_t k = 0; k < plan.n_stages; ++k) {
                const auto& st = P->stages[plan.stage_begin + static_cast<std::uint32_t>(k)];
                if (st.pure_transfer) continue;
                const Index pool = st.who == kImplementing ? sd.agency_pool : st.who == kParent ? sd.parent_pool : st.pool;
                load[static_cast<std::size_t>(pool)] += weights[i] * st.statutory * ratio * stage_visits(plan, k);
                P->pool_visits[static_cast<std::size_t>(pool)] += weights[i] * stage_visits(plan, k);
            }
        }
    }
    // Office minutes of the year from the start (whatever the run's length: staffing and offered
    // load must not depend on how long one simulates).
    double year_minutes = 0;
    for (Date d = q.start; d < q.start + 365; ++d) year_minutes += P->cal.office_minutes(d);
    if (year_minutes <= 0) year_minutes = 250.0 * P->mpd;
    for (std::size_t i = 0; i < load.size(); ++i) {
        if (!P->pool_defaulted[i]) continue;
        const bool sizing = q.unstaffed_utilisation > 0;
        const auto need =
            sizing ? static_cast<std::int32_t>(std::ceil(load[i] / (q.unstaffed_utilisation * year_minutes))) : 0;
        if (P->pool_is_desk[i]) {
            // A desk keeps desk_staff_default unless that cannot carry its dossiers. It stays flagged
            // (named in a warning) when it is a one-stop desk that records no headcount, or when raised;
            // an agency's own counter with the default is the documented design, not missing data.
            if (need > P->pool_servers[i]) P->pool_servers[i] = need;
            else if (!is_desk_kind(agencies[P->pool_agency[i]].kind)) P->pool_defaulted[i] = 0;
        } else if (sizing) {
            P->pool_servers[i] = std::max(q.min_servers, need);
        }
    }
    P->pool_raised.assign(load.size(), 0);
    if (q.understaffed_utilisation > 0) {
        std::vector<std::uint8_t> fixed(load.size(), 0);  // an explicit override is never raised
        for (std::size_t i = 0; i < load.size(); ++i)
            for (const auto& o : P->pool_is_desk[i] ? q.desk_staff : q.staff)
                if (o.agency == P->pool_agency[i]) fixed[i] = 1;
        for (std::size_t i = 0; i < load.size(); ++i) {
            // Processing pools without headcount are sized at unstaffed_utilisation already; a desk
            // without headcount (desk_staff_default) is raised like any other.
            if (fixed[i] || (P->pool_defaulted[i] && !P->pool_is_desk[i])) continue;
            const auto need = static_cast<std::int32_t>(std::ceil(load[i] / (q.understaffed_utilisation * year_minutes)));
            if (need > P->pool_servers[i]) {
                P->pool_servers[i] = need;
                P->pool_raised[i] = 1;
            }
        }
    }
    P->pool_offered.resize(load.size());
    for (std::size_t i = 0; i < load.size(); ++i)
        P->pool_offered[i] = load[i] / (static_cast<double>(P->pool_servers[i]) * year_minutes);
    P->weights = std::move(weights);
    P->year_minutes = year_minutes;
    return P;
}

// ---------------------------------------------------------------------------
// One replication.

enum EvType : std::uint8_t {
    kArrive,        // next Poisson arrival
    kScripted,      // a scripted arrival (slot = scripted index)
    kDeskDone,      // reception finished
    kSupplementBack,
    kTransferDone,  // dossier reaches the stage's pool
    kStepDone,
    kResultBack,    // result back at the desk: ready
    kReturned,      // citizen has the result
    kHorizon,
    kDayEnd,
};

struct Ev {
    double t;
    std::uint64_t seq;
    std::uint32_t slot;
    std::uint8_t type;
};

// (time, sequence) as one unsigned 128-bit key: times are >= 0, and the bits of non-negative
// doubles order as integers, so one wide comparison (no branch) orders two events.
__extension__ typedef unsigned __int128 EvKey;  // GCC and Clang (the supported compilers)
inline EvKey ev_key(const Ev& e) { return static_cast<EvKey>(std::bit_cast<std::uint64_t>(e.t)) << 64 | e.seq; }
inline bool ev_less(const Ev& a, const Ev& b) { return ev_key(a) < ev_key(b); }

// Event calendar: exact (time, sequence) order, FIFO among simultaneous events.
// A national year keeps millions of future events (every dossier in progress has one), and
// one heap over all of them costs a cache miss per level on every push and pop. Events are
// therefore filed by time into buckets of `width` working minutes (appended, unsorted); only
// the current bucket lives in a small 4-ary min-heap that fits in cache, heapified when the
// clock reaches it. A bucket's events all precede the next bucket's (floor is monotone), so
// the order is the same as one heap's. Times beyond the last bucket go to an overflow heap.
// Buckets start only once the heap holds many events (a small heap is cheaper without them).
class EventQueue {
  public:
    /// Buckets of `width` working minutes covering [0, horizon] once the heap is large; width <= 0: one heap.
    void configure(double width, double horizon) {
        if (!(width > 0) || !(horizon > 0) || !std::isfinite(horizon)) return;
        const double n = std::floor(horizon / width) + 1;
        if (n > 1e7) return;  // absurd resolution: fall back to one heap
        inv_width_ = 1.0 / width;
        n_buckets_ = static_cast<std::size_t>(n);
    }
    void push(double t, std::uint32_t slot, std::uint8_t type) {
        assert(t >= 0 && "event times are working minutes since the start: the heap key needs t >= 0");
        push_seq(t, seq_++, slot, type);
    }
    /// Sequence numbers [first, first + n) kept for events pushed later in that order
    /// (day ends), so they sort among simultaneous events as if pushed now.
    std::uint64_t reserve(std::uint64_t n) {
        const std::uint64_t first = seq_;
        seq_ += n;
        return first;
    }
    /// The next event; only valid when !empty().
    const Ev& top() {
        if (near_.empty()) refill();
        return near_.front();
    }
    /// Removes and returns top(); only valid right after top().
    Ev pop_top() {
        const Ev e = pop_heap(near_);
        last_ = e.t;
        return e;
    }
    bool empty() const { return near_.empty() && far_ == 0 && overflow_.empty(); }
    /// The next event if already in the heap (no refill), for prefetching its dossier.
    const Ev* peek() const { return near_.empty() ? nullptr : &near_.front(); }
    std::size_t size() const { return near_.size() + far_ + overflow_.size(); }

  private:
    void push_seq(double t, std::uint64_t seq, std::uint32_t slot, std::uint8_t type) {
        const Ev e{t, seq, slot, type};
        if (!buckets_.empty()) {
            const double x = t * inv_width_;
            if (x >= static_cast<double>(cur_ + 1)) {
                if (x < static_cast<double>(buckets_.size())) {
                    append(buckets_[static_cast<std::size_t>(x)], e);
                    ++far_;
                } else {
                    push_heap(overflow_, e);
                }
                return;
            }
        }
        push_heap(near_, e);
        if (near_.size() > kStartBuckets && n_buckets_ > 0) start_buckets();
    }
    // File the heap's later events into buckets; the heap keeps those of the current bucket.
    void start_buckets() {
        buckets_.resize(n_buckets_);
        n_buckets_ = 0;  // once
        const double x = last_ * inv_width_;
        cur_ = x > 0 ? static_cast<std::size_t>(std::min(x, static_cast<double>(buckets_.size() - 1))) : 0;
        std::vector<Ev> all;
        all.swap(near_);
        for (const Ev& e : all) push_seq(e.t, e.seq, e.slot, e.type);
    }
    void refill() {
        if (far_ > 0) {
            while (buckets_[++cur_].count == 0) {
            }
            Bucket& b = buckets_[cur_];
            far_ -= b.count;
            near_.clear();
            for (std::uint32_t c = b.head; c != kNoChunk;) {  // chunks back to the free list
                const std::uint32_t n = c == b.tail ? b.tail_fill : kChunk;
                const Ev* ev = chunks_[c].ev;
                near_.insert(near_.end(), ev, ev + n);
                const std::uint32_t next = chunk_next_[c];
                chunk_next_[c] = free_chunk_;
                free_chunk_ = c;
                c = next;
            }
            b = Bucket{};
            make_heap(near_);
        } else {
            // Past the last bucket: the overflow heap becomes the only heap.
            buckets_.clear();
            near_.swap(overflow_);
        }
    }
    // 4-ary min-heap on (time, sequence) in one flat array.
    static void push_heap(std::vector<Ev>& h, const Ev& e) {
        std::size_t i = h.size();
        h.push_back(e);
        while (i > 0) {
            const std::size_t parent = (i - 1) / 4;
            if (!ev_less(e, h[parent])) break;
            h[i] = h[parent];
            i = parent;
        }
        h[i] = e;
    }
    static void sift_down(std::vector<Ev>& h, std::size_t i, const Ev x) {  // x by value: it may be h[i]
        const std::size_t n = h.size();
        const EvKey kx = ev_key(x);
        for (;;) {
            const std::size_t c0 = 4 * i + 1;
            if (c0 >= n) break;
            std::size_t c = c0;
            EvKey kc = ev_key(h[c0]);
            const std::size_t end = std::min(c0 + 4, n);
            for (std::size_t j = c0 + 1; j < end; ++j) {
                const EvKey kj = ev_key(h[j]);
                const bool lower = kj < kc;  // selects, not branches: the outcome is a coin toss
                c = lower ? j : c;
                kc = lower ? kj : kc;
            }
            if (!(kc < kx)) break;
            h[i] = h[c];
            i = c;
        }
        h[i] = x;
    }
    static Ev pop_heap(std::vector<Ev>& h) {
        const Ev top = h.front();
        const Ev last = h.back();
        h.pop_back();
        if (!h.empty()) sift_down(h, 0, last);
        return top;
    }
    static void make_heap(std::vector<Ev>& h) {
        if (h.size() < 2) return;
        for (std::size_t i = (h.size() - 2) / 4 + 1; i-- > 0;) sift_down(h, i, h[i]);
    }
    // A bucket is a list of chunks of events, the chunks from one pool on huge pages and
    // recycled through a free list: no allocation per bucket, few TLB misses.
    static constexpr std::uint32_t kChunk = 126, kNoChunk = 0xFFFFFFFFu;
    struct Chunk {
        Ev ev[kChunk];
    };
    struct Bucket {
        std::uint32_t head = kNoChunk, tail = kNoChunk, tail_fill = 0, count = 0;
    };
    void append(Bucket& b, const Ev& e) {
        if (b.tail == kNoChunk || b.tail_fill == kChunk) {
            std::uint32_t c = free_chunk_;
            if (c != kNoChunk) {
                free_chunk_ = chunk_next_[c];
            } else {
                c = static_cast<std::uint32_t>(chunks_.size());
                chunks_.emplace_back();
                chunk_next_.push_back(kNoChunk);
            }
            chunk_next_[c] = kNoChunk;
            if (b.tail == kNoChunk) b.head = c;
            else chunk_next_[b.tail] = c;
            b.tail = c;
            b.tail_fill = 0;
        }
        chunks_[b.tail].ev[b.tail_fill++] = e;
        ++b.count;
    }
    static constexpr std::size_t kStartBuckets = 8192;
    std::vector<Ev> near_, overflow_;
    std::vector<Bucket, HugePageAllocator<Bucket>> buckets_;
    std::vector<Chunk, HugePageAllocator<Chunk>> chunks_;
    std::vector<std::uint32_t> chunk_next_;
    std::uint32_t free_chunk_ = kNoChunk;
    std::size_t cur_ = 0, far_ = 0, n_buckets_ = 0;
    double inv_width_ = 0, last_ = 0;
    std::uint64_t seq_ = 0;
};

// FIFO of dossier slots on one vector (no per-element allocation, unlike std::deque chunks).
class Fifo {
  public:
    bool empty() const { return head_ == v_.size(); }
    std::size_t size() const { return v_.size() - head_; }
    void push(std::uint32_t x) { v_.push_back(x); }
    std::uint32_t pop() {
        const std::uint32_t x = v_[head_++];
        if (head_ == v_.size()) {
            v_.clear();
            head_ = 0;
        } else if (head_ >= 4096 && 2 * head_ >= v_.size()) {
            v_.erase(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        return x;
    }

  private:
    std::vector<std::uint32_t> v_;
    std::size_t head_ = 0;
};

// One dossier in the system: what its events read, in two aligned cache lines (a national run
// keeps ~800 k of them, so every event's record is a cache miss: fewer lines, fewer misses). It
// carries a copy of its stream's agencies and pools, so events read this record and small shared
// tables, never the per-stream table. Fields only kept rows need are in DossierCold.
struct alignas(64) Dossier {
    std::uint32_t stream = 0;
    Index procedure = kNone, agency = kNone, parent = kNone, desk_agency = kNone;
    Index desk_pool = 0, agency_pool = -1, parent_pool = -1;
    Index at_agency = kNone;  // where the paper dossier currently is
    std::int32_t stage = -1;  // -1 at the desk
    Index at_pool = -1;       // the current stage's pool (-1: a transfer step), set with `cur`
    const Stage* cur = nullptr;  // the current stage (set by start_stage)
    std::uint8_t channel = 0, trips = 0;
    bool priority = false, supplement = false, refused = false, post_return = false, counted = false;
    bool supplemented = false, active = false;
    double mark = 0;  // joined the current queue, then started its service (the one is over when the other begins)
    double receipt = kInf, deadline = kInf, early_bound = kInf, ready = kInf;
    double desk_wait = 0, step_wait = 0;
};
static_assert(sizeof(Dossier) == 128, "two cache lines");

// The rest of a dossier, written only when its rows or events are kept (by slot).
struct DossierCold {
    std::int64_t id = 0;
    double arrival = 0, completion = kInf, step_work = 0, transfer = 0;
};

struct Pool {
    std::int32_t servers = 1;
    std::int32_t busy = 0;
    std::uint32_t n_queued = 0;
    Fifo q[3];
    double last = 0;
    double day_area = 0;         // queue x minutes since the last day end (unclipped)
    std::uint32_t day_max = 0;   // largest queue since the last day end
    std::size_t queued() const { return n_queued; }
};

class Replication {
  public:
    Replication(const Prepared& P, int rep, const std::atomic<bool>& cancel)
        : P_(P), p_(P.p), cancel_(cancel), arrivals_(p_.seed, static_cast<std::uint64_t>(rep), 1),
          service_(p_.seed, static_cast<std::uint64_t>(rep), 2), routing_(p_.seed, static_cast<std::uint64_t>(rep), 3),
          rework_(p_.seed, static_cast<std::uint64_t>(rep), 4) {
        keep_ = rep < p_.keep_replications;
        const auto n_ag = P.model->agencies().size();
        st_.by_agency.assign(n_ag, {});
        st_.by_procedure.assign(P.model->procedures().size(), {});
        st_.pools.assign(P.pool_agency.size(), {});
        st_.lead = Histogram(P.mpd / 16.0, 3200);
        st_.queue_mean_by_day.reserve(P.horizon_days * P.pool_agency.size());
        st_.queue_max_by_day.reserve(P.horizon_days * P.pool_agency.size());
        pools_.resize(P.pool_agency.size());
        for (std::size_t i = 0; i < pools_.size(); ++i) pools_[i].servers = P.pool_servers[i];
    }

    void run(RepStats& stats, DossierRows* rows, EventRows* log) {
        rows_ = keep_ && p_.keep_dossiers ? rows : nullptr;
        log_ = keep_ && p_.keep_event_log ? log : nullptr;
        cold_on_ = rows_ || log_;
        if (rows_) reserve_rows();
        // Buckets holding about a thousand events each (10 events per dossier, a guess that
        // only affects speed), at least a working minute, at most an office day.
        const double per_minute = 10.0 * (P_.total_expected + static_cast<double>(P_.scripted_w.size())) / std::max(P_.h, 1.0);
        q_.configure(per_minute > 0 ? std::clamp(1024.0 / per_minute, 1.0, P_.mpd) : P_.mpd, P_.cap);
        if (P_.total_expected > 0) {
            column_ = P_.pick.column(arrivals_);
            schedule_next_arrival();
        }
        for (std::uint32_t i = 0; i < P_.scripted_w.size(); ++i) q_.push(std::max(0.0, P_.scripted_w[i]), i, kScripted);
        q_.push(P_.h, 0, kHorizon);
        // Day ends stay out of the heap (a year of them would deepen it for every event): they
        // are merged in by (time, reserved sequence), the order they would have had in it.
        const std::size_t n_days = P_.horizon_days;
        const std::uint64_t day_seq0 = q_.reserve(n_days);
        std::size_t next_day = 0;
        next_day_end_ = n_days > 0 ? P_.day_begin[0] + P_.day_len[0] : kInf;
        EvKey day_key = ev_key(Ev{next_day_end_, day_seq0, 0, kDayEnd});  // the next day end's place in the order
        auto day_end = [&] {
            now_ = next_day_end_;
            ++n_;
            end_of_day();
            ++next_day;
            next_day_end_ = next_day < n_days ? P_.day_begin[next_day] + P_.day_len[next_day] : kInf;
            day_key = ev_key(Ev{next_day_end_, day_seq0 + next_day, 0, kDayEnd});
        };
        for (;;) {
            Ev e;
            if (now_head_ < now_q_.size()) {  // events of this instant, in push order
                e = now_q_[now_head_++];
                if (now_head_ == now_q_.size()) {
                    now_q_.clear();
                    now_head_ = 0;
                }
            } else {
                // The earliest of the calendar's next event, the next arrival and the next day end.
                const bool queued = !q_.empty();
                const bool arrival = arrival_.t < kInf && (!queued || ev_less(arrival_, q_.top()));
                if (!queued && !arrival) break;
                const Ev& next_ev = arrival ? arrival_ : q_.top();
                if (day_key < ev_key(next_ev)) {
                    day_end();
                    continue;
                }
                if (arrival) {
                    e = arrival_;
                    arrival_.t = kInf;
                } else {
                    e = q_.pop_top();
                }
                if (e.t > P_.cap) break;
                // The next event's dossier is a random one among those in progress (a cache miss
                // in a national run): fetch it while this event is processed.
                if (const Ev* next = q_.peek()) {
                    if (slots_.size() > kPrefetchSlots && next->slot < slots_.size()) {
                        const char* line = reinterpret_cast<const char*>(&slots_[next->slot]);
                        for (std::size_t b = 0; b < sizeof(Dossier); b += 64) __builtin_prefetch(line + b);
                    }
                }
                now_ = e.t;
            }
            ++n_;
            if ((n_ & 0xFFFF) == 0 && cancel_.load(std::memory_order_relaxed)) {
                cancelled_ = true;
                break;
            }
            dispatch(e);
        }
        while (!cancelled_ && next_day < n_days) day_end();
        // Dossiers still open after the drain cap keep outcome "open".
        for (std::uint32_t s = 0; s < slots_.size(); ++s)
            if (slots_[s].active) emit_row(slots_[s], Status::in_progress);
        st_.events = n_;
        st_.total = GroupStats{};  // every dossier counts under its procedure: the total is their sum
        for (const auto& g : st_.by_procedure) st_.total += g;
        stats = std::move(st_);
    }
    bool cancelled() const { return cancelled_; }

  private:
    // Below this many dossier slots (2 MiB) or streams the records stay in cache: no prefetching.
    static constexpr std::size_t kPrefetchSlots = 16384;

    // An event at the current instant (a transfer without delay, a reception that takes no time)
    // skips the calendar when nothing else is due now: a FIFO handled right after the current
    // event gives it the place the calendar would (after every earlier-pushed event of this
    // instant, there being none; day ends hold reserved, earlier sequence numbers).
    void schedule(double t, std::uint32_t s, std::uint8_t type) {
        if (t == now_ && (now_head_ < now_q_.size() ||
                          (next_day_end_ > now_ && arrival_.t > now_ && (q_.empty() || q_.top().t > now_)))) {
            now_q_.push_back(Ev{t, 0, s, type});
            return;
        }
        q_.push(t, s, type);
    }

    // --- time integrals clipped to the measured window [w0, h)
    double overlap(double a, double b) const {
        const double lo = std::max(a, P_.w0), hi = std::min(b, P_.h);
        return hi > lo ? hi - lo : 0.0;
    }
    void touch(Index pi) {
        Pool& pool = pools_[static_cast<std::size_t>(pi)];
        PoolStats& ps = st_.pools[static_cast<std::size_t>(pi)];
        const double dt = overlap(pool.last, now_);
        const auto queued = static_cast<double>(pool.queued());
        ps.busy += dt * pool.busy;
        ps.queue_area += dt * queued;
        pool.day_area += (now_ - pool.last) * queued;
        pool.last = now_;
    }

    /// A free slot; its record is left as it was (new_dossier writes all of it).
    std::uint32_t alloc() {
        std::uint32_t s;
        if (!free_.empty()) {
            s = free_.back();
            free_.pop_back();
        } else {
            s = static_cast<std::uint32_t>(slots_.size());
            slots_.emplace_back();
            st_.peak_wip = std::max<std::uint64_t>(st_.peak_wip, slots_.size());
            if (cold_on_) cold_.emplace_back();
        }
        if (cold_on_) cold_[s] = DossierCold{};
        return s;
    }
    /// The cold part of a dossier; only when rows or events are kept (cold_on_).
    DossierCold& cold(const Dossier& d) { return cold_[static_cast<std::size_t>(&d - slots_.data())]; }

    void schedule_next_arrival() {
        // Inversion of the cumulative intensity (piecewise constant per open day): exact, no thinning losses.
        target_ += arrivals_.exponential(1.0);
        while (day_ < P_.horizon_days && P_.cum_rate[day_ + 1] <= target_) ++day_;
        if (day_ >= P_.horizon_days) {
            arrival_.t = kInf;
            return;
        }
        const double in_day = P_.cum_rate[day_ + 1] - P_.cum_rate[day_];
        const double frac = (target_ - P_.cum_rate[day_]) / in_day;
        // Its stream is drawn now and the event carries it, so its stream record can be prefetched
        // before the arrival is processed; the alias column was drawn one arrival earlier and its
        // table entry prefetched then (a national model has 1.2 million streams: a cache miss).
        const std::uint32_t stream = P_.pick.resolve(column_, arrivals_);
        column_ = P_.pick.column(arrivals_);
        P_.pick.prefetch(column_);
        // The next arrival stays out of the calendar (one is always pending: a push and a pop per
        // dossier saved), ordered by (time, sequence) like the calendar's events.
        arrival_ = Ev{P_.day_begin[day_] + frac * P_.day_len[day_], q_.reserve(1), stream, kArrive};
        if (P_.streams.size() > kPrefetchSlots) __builtin_prefetch(&P_.streams[stream]);
    }

    void new_dossier(std::uint32_t stream, int channel, bool priority, bool draw_channel) {
        const auto s = alloc();
        const StreamDef& sd = P_.streams[stream];
        const ProcPlan& plan = P_.plans[static_cast<std::size_t>(sd.procedure)];
        // Draw every routing number every time (common random numbers across scenarios).
        // Six uniforms with 32-bit resolution from three 64-bit numbers (they are only compared with shares).
        double u[6];
        routing_.uniforms32(u, 6);
        const double u_channel = u[0], u_post = u[1], u_prio = u[2], u_supp = u[3], u_refuse = u[4], u_return = u[5];
        if (draw_channel) {
            channel = u_channel < plan.online_share ? static_cast<int>(Channel::online)
                      : u_post < p_.post_share ? static_cast<int>(Channel::post)
                                               : static_cast<int>(Channel::in_person);
            priority = channel == static_cast<int>(Channel::in_person) && u_prio < p_.priority_share;
        }
        const bool in_person = channel == static_cast<int>(Channel::in_person);
        // The whole record in one write (a recycled slot holds the previous dossier).
        Dossier& d = slots_[s];
        d = Dossier{.stream = stream,
                    .procedure = sd.procedure,
                    .agency = sd.agency,
                    .parent = sd.parent,
                    .desk_agency = sd.desk_agency,
                    .desk_pool = sd.desk_pool,
                    .agency_pool = sd.agency_pool,
                    .parent_pool = sd.parent_pool,
                    .at_agency = sd.desk_agency,
                    .channel = static_cast<std::uint8_t>(channel),
                    .trips = static_cast<std::uint8_t>(in_person ? 1 : 0),
                    .priority = priority,
                    .supplement = u_supp < p_.supplement_prob,
                    .refused = u_refuse < p_.refusal_prob,
                    .post_return = u_return < plan.post_return_share,
                    .counted = now_ >= P_.w0 && now_ < P_.h,
                    .active = true};
        if (cold_on_) {
            DossierCold& c = cold(d);
            c.id = next_id_;
            c.arrival = now_;
        }
        ++next_id_;
        if (d.counted) {
            st_.by_agency[static_cast<std::size_t>(sd.agency)].arrived++;
            st_.by_procedure[static_cast<std::size_t>(sd.procedure)].arrived++;
        }
        enqueue_desk(s);
    }

    int desk_class(const Dossier& d) const {
        if (d.priority) return 0;
        return d.channel == static_cast<std::uint8_t>(Channel::in_person) ? 1 : 2;
    }

    void enqueue_desk(std::uint32_t s) {
        const Dossier& d = slots_[s];
        join(d.desk_pool, s, desk_class(d));
    }

    void join(Index pi, std::uint32_t s, int cls) {
        touch(pi);
        Pool& pool = pools_[static_cast<std::size_t>(pi)];
        slots_[s].mark = now_;
        if (pool.busy < pool.servers) {
            pool.busy++;
            begin_service(pi, s);
        } else {
            pool.q[cls].push(s);
            pool.n_queued++;
            auto& ps = st_.pools[static_cast<std::size_t>(pi)];
            ps.max_queue = std::max<std::uint32_t>(ps.max_queue, pool.n_queued);
            pool.day_max = std::max(pool.day_max, pool.n_queued);
        }
    }

    void leave(Index pi) {
        touch(pi);
        Pool& pool = pools_[static_cast<std::size_t>(pi)];
        if (pool.n_queued > 0)
            for (auto& q : pool.q)
                if (!q.empty()) {
                    const auto s = q.pop();
                    pool.n_queued--;
                    begin_service(pi, s);  // server passes straight to the next dossier
                    return;
                }
        pool.busy--;
    }

    void begin_service(Index pi, std::uint32_t s) {
        Dossier& d = slots_[s];
        const double wait = now_ - d.mark;
        d.mark = now_;
        if (d.counted) {
            auto& ps = st_.pools[static_cast<std::size_t>(pi)];
            ps.wait_sum += wait;
            ps.served++;
        }
        if (d.stage < 0) {
            d.desk_wait += wait;
            const bool online = d.channel == static_cast<std::uint8_t>(Channel::online);
            schedule(now_ + (online ? p_.online_desk_time : p_.desk_time).sample(service_), s, kDeskDone);
        } else {
            d.step_wait += wait;
            const double work = stage_of(d).statutory * p_.step_ratio.sample(service_);
            if (cold_on_) cold(d).step_work += work;
            schedule(now_ + work, s, kStepDone);
        }
    }

    void log(const Dossier& d, std::int32_t activity, Index resource, double start, double end) {
        if (log_) log_row(d, activity, resource, start, end);
    }
    [[gnu::noinline]] void log_row(const Dossier& d, std::int32_t activity, Index resource, double start, double end) {
        log_->dossier.push_back(cold(d).id);
        log_->activity.push_back(activity);
        log_->resource.push_back(resource);
        log_->start.push_back(start);
        log_->end.push_back(end);
    }

    void set_receipt(Dossier& d) {
        d.receipt = now_;
        const Deadline& dl = plan_of(d).deadline[d.channel];
        if (dl.whole_days >= 0 && !P_.day_begin.empty()) {
            // Fast path on the open-day table (the same rule as deadline_after_working_days):
            // the receipt's day is the open day containing now (an instant at a day boundary
            // belongs to the next day, when the office opens).
            // now_ never decreases: a cursor replaces the binary search.
            while (recv_day_ + 1 < P_.day_begin.size() && P_.day_begin[recv_day_ + 1] <= now_) {
                ++recv_day_;
                due_known_ = 0;
            }
            const auto n = static_cast<std::size_t>(dl.whole_days);
            if (due_known_ >> n & 1) {  // receipts of one day share their deadlines
                d.early_bound = due_[n].first;
                d.deadline = due_[n].second;
                return;
            }
            const std::size_t k = recv_day_;
            const bool working = k < P_.day_begin.size() - 1 ? P_.work_before[k + 1] > P_.work_before[k]
                                                               : P_.work_pos.size() > P_.work_before[k];
            const std::size_t j = n == 0 ? P_.work_before[k] : P_.work_before[k] + (working ? 1 : 0) + n - 1;
            if (j < P_.work_pos.size()) {
                const std::size_t due = P_.work_pos[j];
                d.early_bound = P_.day_begin[due];
                d.deadline = P_.day_begin[due] + P_.day_len[due];
                due_[n] = {d.early_bound, d.deadline};
                due_known_ |= std::uint64_t{1} << n;
                return;
            }
        }
        const Minutes r = P_.to_wall_minutes(now_, true);
        const WorkingCalendar& cal = P_.cal;
        Minutes due = 0;
        bool end_of_day = true;
        switch (dl.unit) {
            case TimeUnit::working_day: {
                const double n = std::max(0.0, dl.value);
                if (std::floor(n) == n) {
                    due = cal.deadline_after_working_days(r, static_cast<int>(n));
                } else {
                    due = cal.add_working_minutes(r, static_cast<std::int64_t>(std::llround(n * P_.mpd)));
                    end_of_day = false;
                }
                break;
            }
            case TimeUnit::working_hour:
                due = cal.add_working_minutes(r, static_cast<std::int64_t>(std::llround(dl.value * 60)));
                end_of_day = false;
                break;
            case TimeUnit::hour:
                due = r + static_cast<Minutes>(std::llround(dl.value * 60));
                end_of_day = false;
                break;
            case TimeUnit::day:
            case TimeUnit::month: {
                const double days = dl.unit == TimeUnit::day ? dl.value : dl.value * 30.0;
                const Date dd = cal.next_working_day(day_of(r) + static_cast<Date>(std::ceil(days)));
                due = cal.deadline_after_working_days(make_minutes(dd, 0, 0), 0);
                break;
            }
        }
        (void)end_of_day;
        d.deadline = P_.to_work(due);
        // Early: result ready before the deadline's day begins.
        d.early_bound = P_.to_work(make_minutes(day_of(due), 0, 0));
    }

    const ProcPlan& plan_of(const Dossier& d) const { return P_.plans[static_cast<std::size_t>(d.procedure)]; }
    static const Stage& stage_of(const Dossier& d) { return *d.cur; }
    static Index stage_agency(const Dossier& d, const Stage& st) {
        return st.who == kImplementing ? d.agency : st.who == kParent ? d.parent : st.agency;
    }
    static Index stage_pool(const Dossier& d, const Stage& st) {
        if (st.pure_transfer) return -1;
        return st.who == kImplementing ? d.agency_pool : st.who == kParent ? d.parent_pool : st.pool;
    }

    void start_stage(std::uint32_t s) {
        Dossier& d = slots_[s];
        const ProcPlan& plan = plan_of(d);
        if (d.stage >= plan.n_stages) {
            // Back to the desk that issued the receipt slip.
            const double delay = d.at_agency != d.desk_agency ? p_.desk_handover.sample(service_) : 0.0;
            if (delay > 0) log(d, 2, -1, now_, now_ + delay);
            if (cold_on_) cold(d).transfer += delay;
            d.at_agency = d.desk_agency;
            if (delay > 0) schedule(now_ + delay, s, kResultBack);
            else result_back(s);
            return;
        }
        const Stage& stage = P_.stages[plan.stage_begin + static_cast<std::uint32_t>(d.stage)];
        d.cur = &stage;
        d.at_pool = stage_pool(d, stage);
        const Index where = stage_agency(d, stage);
        double delay = 0;
        if (stage.transfer == Transfer::paper) delay = p_.paper_transfer.sample(service_);
        else if (stage.transfer == Transfer::electronic) delay = p_.electronic_transfer.sample(service_);
        else if (d.at_agency != where) delay = p_.desk_handover.sample(service_);
        if (delay > 0) log(d, 2, -1, now_, now_ + delay);
        if (cold_on_) cold(d).transfer += delay;
        d.at_agency = where;
        schedule(now_ + delay, s, kTransferDone);
    }

    void result_back(std::uint32_t s) {
        Dossier& d = slots_[s];
        d.ready = now_;
        log(d, 3, d.desk_pool, now_, now_);
        const ProcPlan& plan = plan_of(d);
        double delay = 0;
        bool counter = false;
        if (d.channel == static_cast<std::uint8_t>(Channel::online)) {
            counter = plan.online_collect;
        } else if (d.channel == static_cast<std::uint8_t>(Channel::in_person)) {
            counter = !d.post_return;
        }
        if (counter) {
            delay = p_.pickup_delay.sample(service_);
            d.trips++;
            // The counter route of this procedure may need more trips than submit + collect.
            if (d.channel == static_cast<std::uint8_t>(Channel::in_person))
                d.trips = static_cast<std::uint8_t>(d.trips + plan.extra_trips);
        } else if (d.channel != static_cast<std::uint8_t>(Channel::online) || d.post_return) {
            delay = p_.post_delay.sample(service_);
        }
        log(d, 4, counter ? d.desk_pool : -1, now_, now_ + delay);
        // Nothing else can observe a dossier between ready and returned: a zero delay
        // is handled now instead of through the heap.
        if (delay > 0) schedule(now_ + delay, s, kReturned);
        else returned(s);
    }

    void returned(std::uint32_t s) {
        Dossier& d = slots_[s];
        if (cold_on_) cold(d).completion = now_;
        finish(d);
        d.active = false;
        free_.push_back(s);
    }

    void dispatch(const Ev& e) {
        switch (e.type) {
            case kArrive:
                new_dossier(e.slot, 0, false, true);
                schedule_next_arrival();
                break;
            case kScripted: {
                const auto& sa = p_.scripted[e.slot];
                new_dossier(P_.scripted_stream[e.slot], static_cast<int>(sa.channel), sa.priority, false);
                break;
            }
            case kDeskDone: {
                Dossier& d = slots_[e.slot];
                log(d, 0, d.desk_pool, d.mark, now_);
                leave(d.desk_pool);
                if (d.supplement && !d.supplemented) {
                    // Incomplete dossier: the citizen completes it and comes back (Decree 61/2018 art. 15).
                    d.supplemented = true;
                    if (p_.clock_rule == ClockRule::continue_) set_receipt(d);
                    if (d.channel == static_cast<std::uint8_t>(Channel::in_person)) d.trips++;
                    if (d.counted) {
                        st_.by_agency[static_cast<std::size_t>(d.agency)].supplements++;
                        st_.by_procedure[static_cast<std::size_t>(d.procedure)].supplements++;
                    }
                    const double delay = p_.supplement_delay.sample(service_);
                    log(d, 1, -1, now_, now_ + delay);
                    schedule(now_ + delay, e.slot, kSupplementBack);
                    break;
                }
                if (!std::isfinite(d.receipt)) set_receipt(d);
                d.stage = 0;
                start_stage(e.slot);
                break;
            }
            case kSupplementBack:
                enqueue_desk(e.slot);
                break;
            case kTransferDone: {
                Dossier& d = slots_[e.slot];
                const Stage& stage = stage_of(d);
                const Index pool = d.at_pool;
                if (pool < 0) {
                    // A transfer step: statutory time elapses without staff.
                    const double t = stage.statutory * p_.step_ratio.sample(service_);
                    d.mark = now_;
                    if (cold_on_) cold(d).step_work += t;
                    schedule(now_ + t, e.slot, kStepDone);
                } else {
                    join(pool, e.slot, d.priority ? 0 : 1);
                }
                break;
            }
            case kStepDone: {
                Dossier& d = slots_[e.slot];
                const Index pool = d.at_pool;
                log(d, stage_of(d).activity, pool, d.mark, now_);
                if (pool >= 0) leave(pool);
                d.stage++;
                const ProcPlan& plan = plan_of(d);
                if (d.stage == plan.n_stages && plan.rework_prob > 0 && rework_.uniform() < plan.rework_prob) {
                    d.stage = plan.rework_to;
                    if (d.counted) {
                        st_.by_agency[static_cast<std::size_t>(d.agency)].reworks++;
                        st_.by_procedure[static_cast<std::size_t>(d.procedure)].reworks++;
                    }
                }
                start_stage(e.slot);
                break;
            }
            case kResultBack:
                result_back(e.slot);
                break;
            case kReturned:
                returned(e.slot);
                break;
            case kHorizon:
                for (const auto& d : slots_)
                    if (d.active) {
                        st_.by_agency[static_cast<std::size_t>(d.agency)].backlog++;
                        st_.by_procedure[static_cast<std::size_t>(d.procedure)].backlog++;
                    }
                for (std::size_t i = 0; i < pools_.size(); ++i) {
                    touch(static_cast<Index>(i));
                    st_.pools[i].backlog = static_cast<std::uint32_t>(pools_[i].queued() + static_cast<std::size_t>(pools_[i].busy));
                }
                break;
            case kDayEnd:
                end_of_day();
                break;
        }
    }

    void end_of_day() {
        st_.wip_by_day.push_back(static_cast<std::uint32_t>(slots_.size() - free_.size()));
        // Queue of every pool over the office day that just ended (summary mode too).
        const std::size_t k = st_.wip_by_day.size() - 1;
        const double len = k < P_.day_len.size() && P_.day_len[k] > 0 ? P_.day_len[k] : 1.0;
        for (std::size_t i = 0; i < pools_.size(); ++i) {
            touch(static_cast<Index>(i));
            Pool& pool = pools_[i];
            st_.queue_mean_by_day.push_back(static_cast<float>(pool.day_area / len));
            st_.queue_max_by_day.push_back(pool.day_max);
            pool.day_area = 0;
            pool.day_max = pool.n_queued;
        }
    }

    Outcome outcome(const Dossier& d) const {
        if (!std::isfinite(d.ready)) return Outcome::open;
        if (d.ready <= d.early_bound) return Outcome::early;
        if (d.ready <= d.deadline) return Outcome::on_time;
        return Outcome::late;
    }

    void add(GroupStats& g, const Dossier& d, Outcome o, double lead, double hours) {
        g.finished++;
        if (d.refused) g.refused++;
        if (o == Outcome::early) g.early++;
        else if (o == Outcome::on_time) g.on_time++;
        else g.late++;
        g.lead_sum += lead;
        g.lead_sumsq += lead * lead;
        g.trips += d.trips;
        g.desk_wait += d.desk_wait;
        g.step_wait += d.step_wait;
        g.hours_lost += hours;
    }

    void finish(const Dossier& d) {
        if (d.counted) {
            const Outcome o = outcome(d);
            const double lead = d.ready - d.receipt;
            const bool in_person = d.channel == static_cast<std::uint8_t>(Channel::in_person);
            const double hours = d.trips * P_.trip_hours[static_cast<std::size_t>(d.agency)] +
                                 (in_person ? d.desk_wait * (1.0 / 60.0) : 0.0);
            add(st_.by_agency[static_cast<std::size_t>(d.agency)], d, o, lead, hours);
            add(st_.by_procedure[static_cast<std::size_t>(d.procedure)], d, o, lead, hours);
            st_.lead.add(lead);
        }
        emit_row(d, d.refused ? Status::refused : Status::done);
    }

    void reserve_rows() {
        // Expected arrivals plus 5 standard deviations: one allocation per column.
        const double mean = P_.total_expected + static_cast<double>(P_.scripted_w.size());
        const auto n = static_cast<std::size_t>(mean + 5.0 * std::sqrt(mean) + 16.0);
        DossierRows& r = *rows_;
        for (auto* v : {&r.id}) v->reserve(n);
        for (auto* v : {&r.procedure, &r.agency, &r.desk}) v->reserve(n);
        for (auto* v : {&r.channel, &r.priority, &r.outcome, &r.status, &r.trips}) v->reserve(n);
        for (auto* v : {&r.arrival, &r.receipt, &r.deadline, &r.ready, &r.completion, &r.desk_wait, &r.step_wait,
                        &r.step_work, &r.transfer, &r.lead_days})
            v->reserve(n);
    }

    void emit_row(const Dossier& d, Status status) {
        if (rows_) keep_row(d, status);
    }
    [[gnu::noinline]] void keep_row(const Dossier& d, Status status) {
        DossierRows& r = *rows_;
        const DossierCold& c = cold(d);
        r.id.push_back(c.id);
        r.procedure.push_back(d.procedure);
        r.agency.push_back(d.agency);
        r.desk.push_back(d.desk_agency);
        r.channel.push_back(d.channel);
        r.priority.push_back(d.priority ? 1 : 0);
        r.outcome.push_back(static_cast<std::uint8_t>(outcome(d)));
        r.status.push_back(static_cast<std::uint8_t>(status));
        r.trips.push_back(d.trips);
        r.arrival.push_back(c.arrival);
        r.receipt.push_back(d.receipt);
        r.deadline.push_back(d.deadline);
        r.ready.push_back(d.ready);
        r.completion.push_back(c.completion);
        r.desk_wait.push_back(d.desk_wait);
        r.step_wait.push_back(d.step_wait);
        r.step_work.push_back(c.step_work);
        r.transfer.push_back(c.transfer);
        r.lead_days.push_back((d.ready - d.receipt) / P_.mpd);
    }

    const Prepared& P_;
    const Params& p_;
    const std::atomic<bool>& cancel_;
    Rng arrivals_, service_, routing_;
    Rng rework_;  // its own stream: the number of loops varies, the other draws stay common
    bool keep_ = false, cancelled_ = false;
    DossierRows* rows_ = nullptr;
    EventRows* log_ = nullptr;
    RepStats st_;
    EventQueue q_;
    std::vector<Ev> now_q_;  // events of the current instant (schedule)
    std::size_t now_head_ = 0;
    double next_day_end_ = kInf;
    std::uint64_t n_ = 0;    // events handled
    std::vector<Dossier, HugePageAllocator<Dossier>> slots_;
    std::vector<DossierCold> cold_;  // by slot, when cold_on_
    bool cold_on_ = false;
    std::vector<std::uint32_t> free_;
    std::vector<Pool> pools_;
    double now_ = 0, target_ = 0;
    std::size_t day_ = 0;
    std::uint32_t column_ = 0;  // alias column of the next arrival's stream
    Ev arrival_{kInf, 0, 0, kArrive};  // the next Poisson arrival (t = kInf: none)
    std::size_t recv_day_ = 0;  // open day of the latest receipt
    std::pair<double, double> due_[64];  // (early bound, deadline) of a receipt on recv_day_, by whole working days
    std::uint64_t due_known_ = 0;        // bit n: due_[n] is set
    std::int64_t next_id_ = 0;
};

// Wall-clock columns of kept rows: one pass per column after the run, on the open-day table.
void add_wall_times(const Prepared& P, DossierRows& r) {
    const std::size_t n = r.id.size();
    auto column = [&](const std::vector<double>& w, std::vector<std::int64_t>& out, bool opening) {
        out.resize(n);
        std::size_t hint = 0;
        for (std::size_t i = 0; i < n; ++i) out[i] = P.wall_seconds(w[i], opening, hint);
    };
    column(r.arrival, r.arrival_wall, true);
    column(r.receipt, r.receipt_wall, true);
    column(r.deadline, r.deadline_wall, false);
    column(r.ready, r.ready_wall, false);
    column(r.completion, r.completion_wall, false);
}

void add_wall_times(const Prepared& P, EventRows& r) {
    const std::size_t n = r.dossier.size();
    r.start_wall.resize(n);
    r.end_wall.resize(n);
    std::size_t h1 = 0, h2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        r.start_wall[i] = P.wall_seconds(r.start[i], true, h1);
        r.end_wall[i] = P.wall_seconds(r.end[i], r.end[i] > r.start[i] ? false : true, h2);
    }
}

// ---------------------------------------------------------------------------
// Memory of a run, estimated before it starts (a run that cannot fit is refused, not started).

std::string format_bytes(double b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (b >= 1024.0 && u < 6) b /= 1024.0, ++u;
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    return buf;
}

struct MemoryEstimate {
    double live = 0;      // one replication in progress (dossiers in the system, events, its statistics)
    double per_rep = 0;   // statistics kept for every replication, and their Python copy
    double rows = 0;      // kept dossier rows (and their Python copy)
    double events = 0;    // kept event-log rows (and their Python copy)
    int threads = 1, replications = 1;
    double total() const { return threads * live + replications * per_rep + rows + events; }
};

// Little's law per stream: dossiers in the system = arrival rate x time in the system (desk,
// supplement, the stages with their visits and transfers, return), plus the queue a saturated pool
// (offered load >= 1) builds over the horizon; x2 for waits the estimate leaves out and for the
// growth of vectors. Rows and events: the expected dossiers (+5 sd) of the kept replications.
MemoryEstimate estimate_memory(const Prepared& P) {
    const Params& q = P.p;
    MemoryEstimate e;
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    e.threads = std::max(1, std::min(q.threads > 0 ? q.threads : hw, q.replications));
    e.replications = q.replications;
    const double dossiers = P.total_expected + static_cast<double>(P.scripted_w.size());
    const double horizon = std::max(P.h, 1.0);
    const double ratio = q.step_ratio.mean();
    double annual = 0, sojourn = 0, visits = 0;  // volume-weighted sums over streams
    for (std::size_t i = 0; i < P.streams.size() && i < P.weights.size(); ++i) {
        const double w = P.weights[i];
        if (!(w > 0)) continue;
        const ProcPlan& plan = P.plans[static_cast<std::size_t>(P.streams[i].procedure)];
        double t = (1.0 + q.supplement_prob) * std::max(q.desk_time.mean(), q.online_desk_time.mean()) +
                   q.supplement_prob * q.supplement_delay.mean() + q.desk_handover.mean() +
                   std::max(q.pickup_delay.mean(), q.post_delay.mean());
        double v = 0;
        for (std::int32_t k = 0; k < plan.n_stages; ++k) {
            const Stage& st = P.stages[plan.stage_begin + static_cast<std::uint32_t>(k)];
            const double move = st.transfer == Transfer::paper        ? q.paper_transfer.mean()
                                : st.transfer == Transfer::electronic ? q.electronic_transfer.mean()
                                                                      : q.desk_handover.mean();
            t += stage_visits(plan, k) * (st.statutory * ratio + move);
            v += stage_visits(plan, k);
        }
        annual += w;
        sojourn += w * t;
        visits += w * v;
    }
    if (annual > 0) sojourn /= annual, visits /= annual;
    double saturated = 0;  // dossiers a saturated pool has queued by the end of the horizon
    for (std::size_t i = 0; i < P.pool_offered.size(); ++i)
        if (P.pool_offered[i] > 1.0 && P.year_minutes > 0)
            saturated += P.pool_visits[i] * horizon / P.year_minutes * (1.0 - 1.0 / P.pool_offered[i]);
    const bool cold = q.keep_dossiers || q.keep_event_log;
    const double wip = std::min(dossiers, dossiers / horizon * sojourn + saturated) + 1024.0;
    const double per_dossier = sizeof(Dossier) + 2.0 * sizeof(Ev) + sizeof(std::uint32_t) + (cold ? sizeof(DossierCold) : 0);
    const double n_pools = static_cast<double>(P.pool_agency.size());
    const double days = static_cast<double>(P.horizon_days);
    const double stats = static_cast<double>(P.model->agencies().size() + P.model->procedures().size()) *
                             sizeof(GroupStats) +
                         n_pools * sizeof(PoolStats) + 3200.0 * 8 + days * (4.0 + n_pools * 8.0);
    const double buckets = P.mpd > 0 ? P.cap + 1.0 : 0.0;  // at most one per working minute (EventQueue)
    e.live = 2.0 * (wip * per_dossier) + stats + std::min(buckets, 1e7) * 32.0;
    e.per_rep = 2.0 * stats;  // the statistics, and their numpy copy
    const int keep = std::clamp(q.keep_replications, 0, q.replications);
    const double kept = dossiers + 5.0 * std::sqrt(dossiers) + 16.0;
    constexpr double kRowBytes = 8 + 3 * 4 + 5 * 1 + 11 * 8 + 5 * 8;  // DossierRows columns
    constexpr double kEventBytes = 8 + 4 + 4 + 4 * 8;                  // EventRows columns
    if (q.keep_dossiers) e.rows = 2.0 * keep * kept * kRowBytes;
    if (q.keep_event_log) e.events = 2.0 * 2.0 * keep * kept * (4.0 + 2.0 * visits + q.supplement_prob) * kEventBytes;
    return e;
}

double memory_limit(const Params& q) {
    return q.max_memory > 0 ? q.max_memory : kDefaultMemoryShare * physical_memory();
}

void check_memory(const Prepared& P, const MemoryEstimate& e) {
    const double need = e.total();
    const double limit = memory_limit(P.p);
    if (!(limit > 0) || need <= limit) return;
    std::string msg = "simulate would need about " + format_bytes(need) + " (" + std::to_string(P.p.replications) +
                      " replications x " + format_bytes(e.per_rep) + " of results, " + std::to_string(e.threads) +
                      " threads x " + format_bytes(e.live) + " in progress for " +
                      std::to_string(static_cast<long long>(std::llround(std::min(P.total_expected, 9e18)))) +
                      " expected dossiers";
    if (e.rows > 0) msg += ", kept dossier rows " + format_bytes(e.rows);
    if (e.events > 0) msg += ", event log " + format_bytes(e.events);
    msg += "); the limit is " + format_bytes(limit) +
           (P.p.max_memory > 0 ? std::string(" (max_memory)")
                               : " (" + std::to_string(static_cast<int>(kDefaultMemoryShare * 100)) +
                                     "% of physical memory or of the container's limit)") +
           ". Lower replications, days or volumes, keep_dossiers=False, or raise the limit with max_memory=<bytes>";
    throw MemoryLimitError(msg, need, limit);
}

}  // namespace

double physical_memory() noexcept {
    double bytes = 0;
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGE_SIZE)
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && size > 0) bytes = static_cast<double>(pages) * static_cast<double>(size);
#endif
#if defined(__linux__)
    // A container's memory limit (cgroup v2, then v1) when it is lower: what the process may really use.
    for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        if (std::FILE* f = std::fopen(path, "r")) {
            double limit = 0;
            const bool read = std::fscanf(f, "%lf", &limit) == 1;  // "max" (no limit) does not read
            std::fclose(f);
            if (read && limit > 0 && (bytes == 0 || limit < bytes)) bytes = limit;
        }
    }
#endif
    return bytes;
}

// ---------------------------------------------------------------------------

struct Simulation::Background {
    std::future<Output> result;
};

Simulation::Simulation(Shared<Model> model, Params params, CalendarConfig calendar) {
    auto P = prepare(std::move(model), std::move(params), std::move(calendar));
    const MemoryEstimate e = estimate_memory(*P);
    P->memory = e.total();
    check_memory(*P, e);
    prep_ = std::move(P);
}

Simulation::~Simulation() {
    if (bg_ && bg_->result.valid()) {
        cancel();
        bg_->result.wait();
    }
}

int Simulation::replications() const noexcept { return prep_->p.replications; }
const WorkingCalendar& Simulation::calendar() const noexcept { return prep_->cal; }
double Simulation::memory_estimate() const noexcept { return prep_->memory; }

Output Simulation::run() {
    const Prepared& P = *prep_;
    const int R = P.p.replications;
    Output out;
    out.reps.resize(static_cast<std::size_t>(R));
    const int keep = std::clamp(P.p.keep_replications, 0, R);
    out.dossiers.resize(P.p.keep_dossiers ? static_cast<std::size_t>(keep) : 0);
    out.events.resize(P.p.keep_event_log ? static_cast<std::size_t>(keep) : 0);
    out.activity_names = P.activity_names;
    out.pool_agency = P.pool_agency;
    out.pool_is_desk = P.pool_is_desk;
    out.pool_servers = P.pool_servers;
    out.pool_defaulted = P.pool_defaulted;
    out.pool_offered = P.pool_offered;
    out.pool_raised = P.pool_raised;
    out.derived_plans = P.derived_plans;
    out.excluded = P.excluded;
    out.no_distance = P.no_distance;
    out.not_valid = P.not_valid;
    out.memory_estimate = P.memory;
    out.horizon_minutes = P.h - P.w0;
    out.minutes_per_day = P.mpd;

    int threads = P.p.threads > 0 ? P.p.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, R);
    std::atomic<int> next{0};
    std::atomic<bool> any_cancelled{false};
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
    auto worker = [&](int w) {
        try {
            for (int r; (r = next.fetch_add(1)) < R;) {
                if (cancel_.load()) {
                    any_cancelled = true;
                    break;
                }
                const auto ri = static_cast<std::size_t>(r);
                Replication rep(P, r, cancel_);
                rep.run(out.reps[ri], ri < out.dossiers.size() ? &out.dossiers[ri] : nullptr,
                        ri < out.events.size() ? &out.events[ri] : nullptr);
                if (rep.cancelled()) any_cancelled = true;
                if (ri < out.dossiers.size()) add_wall_times(P, out.dossiers[ri]);
                if (ri < out.events.size()) add_wall_times(P, out.events[ri]);
                finished_.fetch_add(1);
            }
        } catch (...) {
            errors[static_cast<std::size_t>(w)] = std::current_exception();
            cancel_ = true;
        }
    };
    if (threads <= 1) {
        worker(0);
    } else {
        std::vector<std::thread> pool;
        for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);
        for (auto& t : pool) t.join();
    }
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    out.cancelled = any_cancelled.load();
    return out;
}

void Simulation::start() {
    if (bg_) throw std::logic_error("simulation already started");
    bg_ = std::make_unique<Background>();
    bg_->result = std::async(std::launch::async, [this] { return run(); });
}

bool Simulation::wait(double seconds) {
    if (!bg_) throw std::logic_error("simulation not started");
    return bg_->result.wait_for(std::chrono::duration<double>(seconds)) == std::future_status::ready;
}

Output Simulation::take() {
    if (!bg_ || !bg_->result.valid()) throw std::logic_error("no simulation result to take");
    return bg_->result.get();
}

}  // namespace cchc::sim
