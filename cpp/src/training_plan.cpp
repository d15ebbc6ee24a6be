// Training plan: lazy greedy by marginal value / cost over items (a person and a useful course),
// each priced at the cheapest session still open to it, then ruin-and-recreate local search.
// Single-threaded and seeded: the same instance and seed give the same plan everywhere.
#include <algorithm>
#include <cmath>

#include "cchc/random.hpp"
#include "cchc/training.hpp"

namespace cchc::training {

namespace {

double uniform(std::uint64_t& s) { return unit_interval(splitmix64(s)); }

constexpr double kEps = 1e-12;

struct Pick {
    std::int32_t item = 0, session = 0;
    auto operator<=>(const Pick&) const = default;
};

class Solver {
  public:
    enum class Block { none, seat, budget, conflict };

    explicit Solver(const PlanInstance& in) : in_(in) {
        const std::size_t ni = in.item_person.size();
        item_local_.resize(ni);
        for (std::size_t i = 0; i < ni; ++i) {
            if (i == 0 || in.item_person[i] != in.item_person[i - 1]) person_first_.push_back(static_cast<std::int32_t>(i));
            item_local_[i] = static_cast<std::int32_t>(person_first_.size() - 1);
        }
        person_first_.push_back(static_cast<std::int32_t>(ni));
        // The item's sessions at its own agency: a course's range within the place's list.
        own_begin_.resize(ni);
        own_end_.resize(ni);
        for (std::size_t i = 0; i < ni; ++i) {
            const Index a = in.item_agency[i];
            if (a < 0) {
                own_begin_[i] = own_end_[i] = 0;
                continue;
            }
            const auto* first = in.place_session.data() + in.place_offsets[static_cast<std::size_t>(a)];
            const auto* last = in.place_session.data() + in.place_offsets[static_cast<std::size_t>(a) + 1];
            const auto course = in.item_course[i];
            auto lo = std::partition_point(first, last, [&](std::int32_t s) { return session(s).course < course; });
            auto hi = std::partition_point(lo, last, [&](std::int32_t s) { return session(s).course <= course; });
            own_begin_[i] = lo - in.place_session.data();
            own_end_[i] = hi - in.place_session.data();
        }
        const std::size_t ns = in.sessions.size();
        course_pos_.assign(ns, -1);
        for (std::size_t k = 0; k < in.course_session.size(); ++k)
            course_pos_[static_cast<std::size_t>(in.course_session[k])] = static_cast<std::int64_t>(k);
        const std::size_t ncourse = in.course_offsets.size() - 1;
        course_min_days_.assign(ncourse, 0.0);
        for (std::size_t c = 0; c < ncourse; ++c) {
            double m = 1e300;
            for (auto k = in.course_offsets[c]; k < in.course_offsets[c + 1]; ++k)
                m = std::min(m, in.session_days[static_cast<std::size_t>(in.course_session[static_cast<std::size_t>(k)])]);
            course_min_days_[c] = m;
        }
        // Buckets: items of one course and agency, in (course, agency, item) order.
        bucket_item_.resize(ni);
        for (std::size_t i = 0; i < ni; ++i) bucket_item_[i] = static_cast<std::int32_t>(i);
        std::sort(bucket_item_.begin(), bucket_item_.end(), [&](std::int32_t x, std::int32_t y) {
            const auto cx = in.item_course[static_cast<std::size_t>(x)], cy = in.item_course[static_cast<std::size_t>(y)];
            if (cx != cy) return cx < cy;
            const auto ax = in.item_agency[static_cast<std::size_t>(x)], ay = in.item_agency[static_cast<std::size_t>(y)];
            return ax != ay ? ax < ay : x < y;
        });
        for (std::size_t k = 0; k < ni; ++k) {
            const auto i = static_cast<std::size_t>(bucket_item_[k]);
            if (k == 0 || in.item_course[i] != bucket_course_.back() || in.item_agency[i] != bucket_agency_.back()) {
                bucket_first_.push_back(static_cast<std::int64_t>(k));
                bucket_course_.push_back(in.item_course[i]);
                bucket_agency_.push_back(in.item_agency[i]);
                bucket_own_begin_.push_back(own_begin_[i]);
                bucket_own_end_.push_back(own_end_[i]);
            }
        }
        bucket_first_.push_back(static_cast<std::int64_t>(ni));
        const std::size_t nb = bucket_course_.size();
        bucket_size_.assign(nb, 0);
        bucket_own_.assign(nb, 0);
        bucket_glob_.assign(nb, 0);
        bucket_heap_.resize(ni);
        own_pos_.resize(ni);
        glob_pos_.resize(ni);
        taken_.resize(ni);
        reset();
    }

    void reset() {
        z_.assign(in_.gap_person.size(), 0.0);
        value_.assign(in_.agency_target.size(), 0.0);
        seats_.clear();
        for (const auto& s : in_.sessions) seats_.push_back(s.seats);
        free_count_.assign(in_.course_offsets.size() - 1, 0);
        for (std::size_t c = 0; c + 1 < in_.course_offsets.size(); ++c)
            free_count_[c] = static_cast<std::int32_t>(in_.course_offsets[c + 1] - in_.course_offsets[c]);
        budget_left_ = in_.budget;
        days_.assign(person_first_.size() - 1, 0.0);
        assigned_.assign(person_first_.size() - 1, {});
        picks_ = 0;
        objective_ = 0;
    }

    [[nodiscard]] double objective() const noexcept { return objective_; }
    [[nodiscard]] Vnd budget_left() const noexcept { return budget_left_; }
    [[nodiscard]] const std::vector<double>& closure() const noexcept { return z_; }
    [[nodiscard]] std::size_t size() const noexcept { return picks_; }

    std::vector<Pick> chosen() const {
        std::vector<Pick> out;
        out.reserve(picks_);
        for (const auto& list : assigned_) out.insert(out.end(), list.begin(), list.end());
        std::sort(out.begin(), out.end());
        return out;
    }

    [[nodiscard]] Vnd cost(std::size_t i, std::int32_t s) const noexcept { return in_.cost(in_.item_agency[i], s); }

    double gain(std::size_t i) const {
        double raw = 0;
        for (auto k = in_.item_offsets[i]; k < in_.item_offsets[i + 1]; ++k) {
            const auto g = static_cast<std::size_t>(in_.item_gap[static_cast<std::size_t>(k)]);
            const double z = z_[g];
            raw += in_.gap_weight[g] * (std::min(1.0, z + in_.item_fraction[static_cast<std::size_t>(k)]) - std::min(1.0, z));
        }
        return raw + fair_delta(i, raw);
    }

    Block blocked(std::size_t i, std::int32_t s) const {
        const auto su = static_cast<std::size_t>(s);
        if (seats_[su] <= 0) return Block::seat;
        if (cost(i, s) > budget_left_) return Block::budget;
        const auto pl = static_cast<std::size_t>(item_local_[i]);
        if (days_[pl] + in_.session_days[su] > in_.max_days_away + 1e-9) return Block::conflict;
        const Session& a = in_.sessions[su];
        for (const Pick& other : assigned_[pl]) {
            const Session& b = session(other.session);
            if (a.start <= b.end && b.start <= a.end) return Block::conflict;
        }
        return Block::none;
    }

    [[nodiscard]] bool attends(std::size_t i, std::int32_t s) const {
        for (const Pick& p : assigned_[static_cast<std::size_t>(item_local_[i])])
            if (p.session == s) return true;
        return false;
    }

    void add(std::size_t i, std::int32_t s) { apply(i, s, +1); }
    void remove(std::size_t i, std::int32_t s) { apply(i, s, -1); }

    /// Calls f(session) for the item's sessions in cost order (own agency's and others', ties by
    /// index), the first sessions_per_course of them when set; f returns false to stop.
    template <class F>
    void for_each_session(std::size_t i, F&& f) const {
        const auto c = static_cast<std::size_t>(in_.item_course[i]);
        const Index a = in_.item_agency[i];
        auto own = own_begin_[i];
        auto glob = in_.course_offsets[c];
        const auto ge = in_.course_offsets[c + 1];
        const int k = in_.sessions_per_course;
        for (int n = 0; k <= 0 || n < k; ++n) {
            while (glob < ge && session(in_.course_session[static_cast<std::size_t>(glob)]).place == a) ++glob;
            const std::int32_t so = own < own_end_[i] ? in_.place_session[static_cast<std::size_t>(own)] : -1;
            const std::int32_t sg = glob < ge ? in_.course_session[static_cast<std::size_t>(glob)] : -1;
            if (so < 0 && sg < 0) return;
            const bool take_own = sg < 0 || (so >= 0 && before(i, so, sg));
            if (!f(take_own ? so : sg)) return;
            if (take_own) ++own; else ++glob;
        }
    }

    /// Lazy greedy over every item; `noise` perturbs the ratios (0: pure greedy).
    ///
    /// Without noise or a sessions_per_course limit, the items of one course and agency share one
    /// heap entry (a bucket): they see the same sessions in the same cost order, so when the
    /// cheapest open session fills, one bucket is re-keyed instead of each of its items. An item
    /// whose own cheapest session differs (an overlap or days away) leaves the bucket for an entry
    /// of its own.
    void greedy(double noise, std::uint64_t salt, double alpha = 1.0) {
        start_pass();
        using Entry = std::pair<double, std::int32_t>;  // id ≥ 0: an item; id < 0: bucket −1 − id
        std::vector<Entry> heap;
        auto key = [&](std::size_t i, std::int32_t s, double v) {
            const double cost = static_cast<double>(std::max<Vnd>(this->cost(i, s), 1));
            double k = alpha == 1.0 ? v / cost : v / std::pow(cost, alpha);
            if (noise > 0) {
                std::uint64_t h = salt ^ (static_cast<std::uint64_t>(i) * 0xd1b54a32d192ed03ULL) ^
                                  (static_cast<std::uint64_t>(s) * 0x9e3779b97f4a7c15ULL);
                k *= 1.0 + noise * uniform(h);
            }
            return k;
        };
        auto push = [&](double k, std::int32_t id) {
            heap.emplace_back(k, id);
            std::push_heap(heap.begin(), heap.end());
        };
        const bool buckets = noise <= 0 && in_.sessions_per_course <= 0;
        if (buckets) {
            heap.reserve(bucket_first_.size());
            for (std::size_t b = 0; b + 1 < bucket_first_.size(); ++b) {
                auto& size = bucket_size_[b];
                size = 0;
                Entry* h = bucket_heap_.data() + bucket_first_[b];
                for (auto k = bucket_first_[b]; k < bucket_first_[b + 1]; ++k) {
                    const std::int32_t i = bucket_item_[static_cast<std::size_t>(k)];
                    const double v = gain(static_cast<std::size_t>(i));
                    if (v > kEps) h[size++] = {v, i};
                }
                std::make_heap(h, h + size);
                if (size == 0) continue;
                const std::int32_t s = head(b);
                if (s >= 0) heap.emplace_back(key(static_cast<std::size_t>(h[0].second), s, h[0].first), -1 - static_cast<std::int32_t>(b));
            }
        } else {
            heap.reserve(in_.item_person.size());
            for (std::size_t i = 0; i < in_.item_person.size(); ++i) {
                const double v = gain(i);
                if (v <= kEps) continue;
                const std::int32_t s = current(i);
                if (s >= 0) heap.emplace_back(key(i, s, v), static_cast<std::int32_t>(i));
            }
        }
        std::make_heap(heap.begin(), heap.end());
        // Value only falls and the cheapest open session only gets dearer during a pass: an entry whose
        // fresh key is still the largest is the true best.
        auto stale = [&](double k2, double k) {
            return !heap.empty() && k2 < heap.front().first * (1 - kEps) && k2 < k * (1 - kEps);
        };
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end());
            const auto [k, id] = heap.back();
            heap.pop_back();
            if (id < 0) {
                const auto b = static_cast<std::size_t>(-1 - id);
                const std::int32_t sh = head(b);
                if (sh < 0) continue;  // no open session within the budget for anyone in the bucket
                Entry* h = bucket_heap_.data() + bucket_first_[b];
                auto& size = bucket_size_[b];
                double v = 0;
                while (size > 0) {  // the bucket's best value, fresh
                    const auto [vs, ii] = h[0];
                    v = gain(static_cast<std::size_t>(ii));
                    if (v > kEps && v >= vs * (1 - kEps)) break;
                    std::pop_heap(h, h + size--);
                    if (v > kEps) {
                        h[size++] = {v, ii};
                        std::push_heap(h, h + size);
                    }
                }
                if (size == 0) continue;
                const auto i = static_cast<std::size_t>(h[0].second);
                const double kb = key(i, sh, v);
                if (stale(kb, k)) {
                    push(kb, id);
                    continue;
                }
                std::pop_heap(h, h + size--);
                const std::int32_t s = current(i);
                if (s == sh) {
                    add(i, s);
                    const double v2 = gain(i);
                    if (v2 > kEps) {  // more to close: back in the bucket (it now has a session of its own)
                        h[size++] = {v2, static_cast<std::int32_t>(i)};
                        std::push_heap(h, h + size);
                    }
                } else if (s >= 0) {
                    push(key(i, s, v), static_cast<std::int32_t>(i));
                }
                if (size > 0) push(kb, id);  // still an upper bound for the rest of the bucket
                continue;
            }
            const auto i = static_cast<std::size_t>(id);
            const double v = gain(i);
            if (v <= kEps) continue;
            std::int32_t s = current(i);
            if (s < 0) continue;
            const double k2 = key(i, s, v);
            if (stale(k2, k)) {
                push(k2, id);
                continue;
            }
            add(i, s);
            const double v2 = gain(i);
            if (v2 <= kEps) continue;
            s = current(i);
            if (s >= 0) push(key(i, s, v2), id);
        }
    }

    [[nodiscard]] std::size_t local_of(std::size_t i) const { return static_cast<std::size_t>(item_local_[i]); }
    [[nodiscard]] const std::vector<Pick>& assigned(std::size_t pl) const { return assigned_[pl]; }
    [[nodiscard]] std::int32_t free_sessions(std::size_t course) const { return free_count_[course]; }
    [[nodiscard]] double min_days(std::size_t course) const { return course_min_days_[course]; }
    [[nodiscard]] double days(std::size_t pl) const { return days_[pl]; }

  private:
    [[nodiscard]] const Session& session(std::int32_t s) const { return in_.sessions[static_cast<std::size_t>(s)]; }

    [[nodiscard]] bool before(std::size_t i, std::int32_t a, std::int32_t b) const {
        const Vnd ca = cost(i, a), cb = cost(i, b);
        return ca != cb ? ca < cb : a < b;
    }

    void start_pass() {
        const std::size_t ni = in_.item_person.size();
        for (std::size_t i = 0; i < ni; ++i) {
            own_pos_[i] = own_begin_[i];
            glob_pos_[i] = in_.course_offsets[static_cast<std::size_t>(in_.item_course[i])];
            taken_[i] = 0;
        }
        for (std::size_t b = 0; b < bucket_course_.size(); ++b) {
            bucket_own_[b] = bucket_own_begin_[b];
            bucket_glob_[b] = in_.course_offsets[static_cast<std::size_t>(bucket_course_[b])];
        }
        // next_[k]: a position ≥ k in course_session whose session has seats (union-find with path halving;
        // seats only fall during a pass).
        const std::size_t n = in_.course_session.size();
        next_.resize(n + 1);
        for (std::size_t k = 0; k < n; ++k)
            next_[k] = seats_[static_cast<std::size_t>(in_.course_session[k])] > 0 ? static_cast<std::int64_t>(k)
                                                                                   : static_cast<std::int64_t>(k + 1);
        next_[n] = static_cast<std::int64_t>(n);
    }

    std::int64_t find_open(std::int64_t k) {
        while (next_[static_cast<std::size_t>(k)] != k) {
            const auto up = next_[static_cast<std::size_t>(next_[static_cast<std::size_t>(k)])];
            next_[static_cast<std::size_t>(k)] = up;
            k = up;
        }
        return k;
    }

    /// The cheapest session with a seat and within the budget for bucket b's agency (-1: none). Items
    /// of the bucket pay at least that much, so -1 means none of them can be served in this pass.
    std::int32_t head(std::size_t b) {
        const auto c = static_cast<std::size_t>(bucket_course_[b]);
        if (free_count_[c] == 0) return -1;
        const Index a = bucket_agency_[b];
        const auto ge = in_.course_offsets[c + 1];
        auto& glob = bucket_glob_[b];
        auto& own = bucket_own_[b];
        glob = find_open(glob);
        while (glob < ge && session(in_.course_session[static_cast<std::size_t>(glob)]).place == a)
            glob = find_open(glob + 1);
        while (own < bucket_own_end_[b] && seats_[static_cast<std::size_t>(in_.place_session[static_cast<std::size_t>(own)])] <= 0)
            ++own;
        const std::int32_t so = own < bucket_own_end_[b] ? in_.place_session[static_cast<std::size_t>(own)] : -1;
        const std::int32_t sg = glob < ge ? in_.course_session[static_cast<std::size_t>(glob)] : -1;
        if (so < 0 && sg < 0) return -1;
        const auto i = static_cast<std::size_t>(bucket_item_[static_cast<std::size_t>(bucket_first_[b])]);
        const std::int32_t s = sg < 0 || (so >= 0 && before(i, so, sg)) ? so : sg;
        return cost(i, s) > budget_left_ ? -1 : s;
    }

    /// The cheapest session still open to item i in this pass (-1: none); sessions found full or in
    /// conflict are passed for the rest of the pass, since seats, budget and free days only shrink.
    std::int32_t current(std::size_t i) {
        const auto c = static_cast<std::size_t>(in_.item_course[i]);
        const auto pl = static_cast<std::size_t>(item_local_[i]);
        if (free_count_[c] == 0) return -1;
        if (days_[pl] + course_min_days_[c] > in_.max_days_away + 1e-9) return -1;
        const Index a = in_.item_agency[i];
        const auto ge = in_.course_offsets[c + 1];
        const int k = in_.sessions_per_course;
        while (k <= 0 || taken_[i] < k) {
            auto& glob = glob_pos_[i];
            auto& own = own_pos_[i];
            if (k <= 0) {  // without a limit, full sessions are skipped wholesale
                glob = find_open(glob);
                while (own < own_end_[i] && seats_[static_cast<std::size_t>(in_.place_session[static_cast<std::size_t>(own)])] <= 0)
                    ++own;
            }
            while (glob < ge && session(in_.course_session[static_cast<std::size_t>(glob)]).place == a) {
                ++glob;
                if (k <= 0) glob = find_open(glob);
            }
            const std::int32_t so = own < own_end_[i] ? in_.place_session[static_cast<std::size_t>(own)] : -1;
            const std::int32_t sg = glob < ge ? in_.course_session[static_cast<std::size_t>(glob)] : -1;
            if (so < 0 && sg < 0) return -1;
            const bool take_own = sg < 0 || (so >= 0 && before(i, so, sg));
            const std::int32_t s = take_own ? so : sg;
            switch (blocked(i, s)) {
                case Block::none: return s;
                case Block::budget: return -1;  // every later session costs at least as much
                case Block::seat:
                case Block::conflict: break;
            }
            if (take_own) ++own; else ++glob;
            ++taken_[i];
        }
        return -1;
    }

    double fair_delta(std::size_t i, double raw) const {
        if (in_.fairness_bonus <= 0 || raw == 0) return 0;
        const Index a = in_.item_agency[i];
        if (a < 0) return 0;
        const double target = in_.agency_target[static_cast<std::size_t>(a)];
        const double v = value_[static_cast<std::size_t>(a)];
        return in_.fairness_bonus * (std::min(target, v + raw) - std::min(target, v));
    }

    void apply(std::size_t i, std::int32_t s, int sign) {
        double raw = 0;
        for (auto k = in_.item_offsets[i]; k < in_.item_offsets[i + 1]; ++k) {
            const auto g = static_cast<std::size_t>(in_.item_gap[static_cast<std::size_t>(k)]);
            const double before = std::min(1.0, z_[g]);
            z_[g] += sign * in_.item_fraction[static_cast<std::size_t>(k)];
            if (z_[g] < 1e-12) z_[g] = 0;
            raw += in_.gap_weight[g] * (std::min(1.0, z_[g]) - before);
        }
        const Index a = in_.item_agency[i];
        double fair = 0;
        if (a >= 0) {
            const double target = in_.agency_target[static_cast<std::size_t>(a)];
            double& v = value_[static_cast<std::size_t>(a)];
            fair = in_.fairness_bonus * (std::min(target, v + raw) - std::min(target, v));
            v += raw;
        }
        objective_ += raw + fair;
        const auto su = static_cast<std::size_t>(s);
        const auto pl = static_cast<std::size_t>(item_local_[i]);
        const auto course = static_cast<std::size_t>(in_.sessions[su].course);
        if (sign > 0 && seats_[su] == 1) {
            --free_count_[course];
            const auto pos = course_pos_[su];
            if (pos >= 0 && !next_.empty()) next_[static_cast<std::size_t>(pos)] = pos + 1;  // now full
        }
        if (sign < 0 && seats_[su] == 0) ++free_count_[course];
        seats_[su] -= sign;
        budget_left_ -= sign * cost(i, s);
        days_[pl] += sign * in_.session_days[su];
        auto& list = assigned_[pl];
        const Pick p{static_cast<std::int32_t>(i), s};
        if (sign > 0) {
            list.push_back(p);
            ++picks_;
        } else {
            list.erase(std::find(list.begin(), list.end(), p));
            --picks_;
        }
    }

    const PlanInstance& in_;
    std::vector<std::int32_t> item_local_, person_first_;
    std::vector<std::int64_t> own_begin_, own_end_, course_pos_;
    std::vector<double> course_min_days_;
    std::vector<std::int64_t> own_pos_, glob_pos_, next_;
    std::vector<std::int32_t> taken_;
    std::vector<std::int32_t> bucket_item_, bucket_course_, bucket_size_;
    std::vector<Index> bucket_agency_;
    std::vector<std::int64_t> bucket_first_, bucket_own_begin_, bucket_own_end_, bucket_own_, bucket_glob_;
    std::vector<std::pair<double, std::int32_t>> bucket_heap_;
    std::vector<double> z_, value_, days_;
    std::vector<std::int32_t> seats_, free_count_;
    std::vector<std::vector<Pick>> assigned_;
    std::size_t picks_ = 0;
    Vnd budget_left_ = 0;
    double objective_ = 0;
};

/// Items of each person (item_person is sorted): the item of `person` for `course`, or -1.
std::int32_t find_item(const PlanInstance& in, Index person, std::int32_t course) {
    auto lo = std::lower_bound(in.item_person.begin(), in.item_person.end(), person);
    for (auto it = lo; it != in.item_person.end() && *it == person; ++it) {
        const auto i = static_cast<std::size_t>(it - in.item_person.begin());
        if (in.item_course[i] == course) return static_cast<std::int32_t>(i);
    }
    return -1;
}

void finish(const PlanInstance& in, Solver& solver, PlanResult& out);
void add_checked(const PlanInstance& in, Solver& solver, const std::vector<Index>& person,
                 const std::vector<std::int32_t>& session);

}  // namespace

PlanResult solve_plan(const PlanInstance& in, const PlanOptions& options) {
    Solver solver(in);
    solver.greedy(0.0, 0);
    PlanResult out;
    out.greedy_objective = solver.objective();

    const std::size_t ni = in.item_person.size();
    int rounds = options.improve_rounds;
    if (rounds < 0) {
        // bounded work: about 2·10⁶ item visits; too few rounds to matter are not worth their time.
        // Small instances get up to 50,000 rounds (≤ 0.3 s at 50 items): 5,000 missed exchanges of two
        // people's seats under a nearly spent budget that 20,000 find (issue 22, spill seed 10).
        rounds = static_cast<int>(std::clamp<double>(2.0e6 / static_cast<double>(ni + 1), 0.0, 50000.0));
        if (rounds < 10) rounds = 0;
    }
    std::vector<Pick> best = solver.chosen();
    double best_obj = solver.objective();
    std::vector<Pick> current = best;
    double current_obj = best_obj;
    std::uint64_t rng = options.seed ^ 0x5851f42d4c957f2dULL;
    auto restore = [&](const std::vector<Pick>& plan) {
        for (const Pick& p : solver.chosen()) solver.remove(static_cast<std::size_t>(p.item), p.session);
        for (const Pick& p : plan) solver.add(static_cast<std::size_t>(p.item), p.session);
    };
    for (int round = 0; round < rounds && ni > 0; ++round) {
        if (current.empty() && round > 0) break;
        // Ruin: drop a random share of the plan, one session's roster, or a few assignments.
        const double u = uniform(rng);
        std::vector<Pick> drop;
        if (!current.empty()) {
            if (u < 0.35) {
                const double share = 0.05 + 0.3 * uniform(rng);
                for (const Pick& p : current)
                    if (uniform(rng) < share) drop.push_back(p);
            } else if (u < 0.55) {
                const Pick pick = current[static_cast<std::size_t>(splitmix64(rng) % current.size())];
                for (const Pick& p : current)
                    if (p.session == pick.session) drop.push_back(p);
            } else if (u < 0.8) {
                // Every pick of one to three people: frees their days away, so a recreate can trade
                // short courses that closed a periodic gap in parts for one long course (or the reverse),
                // and their budget, for someone else's.
                const int k = 1 + static_cast<int>(splitmix64(rng) % 3);
                for (int j = 0; j < k; ++j) {
                    const Pick pick = current[static_cast<std::size_t>(splitmix64(rng) % current.size())];
                    const auto& mine = solver.assigned(solver.local_of(static_cast<std::size_t>(pick.item)));
                    drop.insert(drop.end(), mine.begin(), mine.end());
                }
                std::sort(drop.begin(), drop.end());
                drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
            } else {
                const int k = 1 + static_cast<int>(splitmix64(rng) % 4);
                for (int j = 0; j < k; ++j) drop.push_back(current[static_cast<std::size_t>(splitmix64(rng) % current.size())]);
                std::sort(drop.begin(), drop.end());
                drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
            }
        }
        for (const Pick& p : drop) solver.remove(static_cast<std::size_t>(p.item), p.session);
        // Recreate: greedy by value / cost^alpha (alpha < 1 favours big items a tight budget can still
        // take), with ratios perturbed half of the time.
        const double noise = uniform(rng) < 0.5 ? 0.0 : 0.3 * uniform(rng);
        const double alpha = uniform(rng) < 0.5 ? 1.0 : uniform(rng);
        solver.greedy(noise, splitmix64(rng), alpha);
        // Threshold acceptance: a slightly worse plan may be kept early on, never at the end.
        const double threshold = 0.01 * best_obj * (1.0 - static_cast<double>(round) / rounds);
        if (solver.objective() >= current_obj - threshold - 1e-9) {
            current = solver.chosen();
            current_obj = solver.objective();
            if (current_obj > best_obj + 1e-9) {
                best = current;
                best_obj = current_obj;
            }
        } else {
            restore(current);
        }
        ++out.rounds;
    }
    if (solver.objective() < best_obj - 1e-9 || solver.chosen() != best) restore(best);
    finish(in, solver, out);
    return out;
}

namespace {

/// The result of the plan held by `solver`: its picks, closure per gap and why each open gap is open.
void finish(const PlanInstance& in, Solver& solver, PlanResult& out) {
    const std::size_t ni = in.item_person.size();
    for (const Pick& p : solver.chosen()) {
        out.item.push_back(p.item);
        out.session.push_back(p.session);
        out.cost.push_back(solver.cost(static_cast<std::size_t>(p.item), p.session));
    }
    out.objective = solver.objective();
    out.budget_used = in.budget - solver.budget_left();
    const std::size_t ng = in.gap_person.size();
    out.gap_closed.resize(ng);
    for (std::size_t g = 0; g < ng; ++g) {
        out.gap_closed[g] = std::min(1.0, solver.closure()[g]);
        out.gaps_closed += out.gap_closed[g] >= 1.0 - 1e-9;
    }

    // Why is each gap still open? Look at the sessions its items could have taken.
    std::vector<std::int64_t> by_gap_offsets(ng + 1, 0);
    for (auto g : in.item_gap) ++by_gap_offsets[static_cast<std::size_t>(g) + 1];
    for (std::size_t g = 0; g < ng; ++g) by_gap_offsets[g + 1] += by_gap_offsets[g];
    std::vector<std::int32_t> by_gap(in.item_gap.size());
    {
        std::vector<std::int64_t> next(by_gap_offsets.begin(), by_gap_offsets.end() - 1);
        for (std::size_t i = 0; i < ni; ++i)
            for (auto k = in.item_offsets[i]; k < in.item_offsets[i + 1]; ++k)
                by_gap[static_cast<std::size_t>(next[static_cast<std::size_t>(in.item_gap[static_cast<std::size_t>(k)])]++)] =
                    static_cast<std::int32_t>(i);
    }
    out.gap_reason.assign(ng, UnmetReason::none);
    for (std::size_t g = 0; g < ng; ++g) {
        if (out.gap_closed[g] >= 1.0 - 1e-9) continue;
        bool any = false, free = false, conflict = false, budget = false;
        for (auto k = by_gap_offsets[g]; k < by_gap_offsets[g + 1] && !free; ++k) {
            const auto i = static_cast<std::size_t>(by_gap[static_cast<std::size_t>(k)]);
            const auto c = static_cast<std::size_t>(in.item_course[i]);
            const auto pl = solver.local_of(i);
            if (solver.free_sessions(c) == 0 && in.sessions_per_course <= 0) {
                // every session full: the item could still have taken one it does not attend
                std::int64_t attended = 0;
                for (const Pick& p : solver.assigned(pl)) attended += p.item == static_cast<std::int32_t>(i);
                any = any || attended < in.course_offsets[c + 1] - in.course_offsets[c];
                continue;
            }
            if (solver.days(pl) + solver.min_days(c) > in.max_days_away + 1e-9) {
                any = conflict = true;
                continue;
            }
            solver.for_each_session(i, [&](std::int32_t s) {
                if (solver.attends(i, s)) return true;
                any = true;
                switch (solver.blocked(i, s)) {
                    case Solver::Block::none: free = true; return false;
                    case Solver::Block::conflict: conflict = true; return true;
                    case Solver::Block::budget: budget = true; return false;  // later sessions cost as much or more
                    case Solver::Block::seat: return true;
                }
                return true;
            });
        }
        UnmetReason r = UnmetReason::no_seat;
        if (!any) r = UnmetReason::no_session;  // no session, or attends every one that could serve it
        else if (free) r = UnmetReason::not_selected;
        else if (conflict) r = UnmetReason::conflict;
        else if (budget) r = UnmetReason::budget;
        out.gap_reason[g] = r;
    }
}

}  // namespace

PlanResult plan_result(const PlanInstance& in, const std::vector<Index>& person, const std::vector<std::int32_t>& session) {
    Solver solver(in);
    add_checked(in, solver, person, session);
    PlanResult out;
    finish(in, solver, out);
    out.greedy_objective = out.objective;
    return out;
}

Candidates enumerate_candidates(const PlanInstance& in, std::size_t limit) {
    Solver solver(in);
    Candidates out;
    for (std::size_t i = 0; i < in.item_person.size(); ++i) {
        solver.for_each_session(i, [&](std::int32_t s) {
            if (out.size() >= limit)
                throw Error("plan: more than " + std::to_string(limit) + " candidates; the explicit list is for small instances");
            out.person.push_back(in.item_person[i]);
            out.item.push_back(static_cast<std::int32_t>(i));
            out.session.push_back(s);
            out.cost.push_back(in.cost(in.item_agency[i], s));
            for (auto k = in.item_offsets[i]; k < in.item_offsets[i + 1]; ++k) {
                out.gap.push_back(in.item_gap[static_cast<std::size_t>(k)]);
                out.fraction.push_back(in.item_fraction[static_cast<std::size_t>(k)]);
            }
            out.offsets.push_back(static_cast<std::int64_t>(out.gap.size()));
            return true;
        });
    }
    return out;
}

double plan_objective(const PlanInstance& in, const std::vector<Index>& person, const std::vector<std::int32_t>& session) {
    Solver solver(in);
    add_checked(in, solver, person, session);
    return solver.objective();
}

namespace {

void add_checked(const PlanInstance& in, Solver& solver, const std::vector<Index>& person,
                 const std::vector<std::int32_t>& session) {
    if (person.size() != session.size()) throw Error("plan: person and session columns differ in length");
    for (std::size_t k = 0; k < person.size(); ++k) {
        const std::string where = "plan: assignment " + std::to_string(k) + ": ";
        const auto s = session[k];
        if (s < 0 || static_cast<std::size_t>(s) >= in.sessions.size()) throw Error(where + "session out of range");
        const std::int32_t item = find_item(in, person[k], in.sessions[static_cast<std::size_t>(s)].course);
        bool offered = false;
        if (item >= 0)
            solver.for_each_session(static_cast<std::size_t>(item), [&](std::int32_t x) { return !(offered = x == s); });
        if (!offered) throw Error(where + "not a candidate (no open gap this session serves, or not offered)");
        const auto i = static_cast<std::size_t>(item);
        if (solver.attends(i, s)) throw Error(where + "repeats an assignment");
        switch (solver.blocked(i, s)) {
            case Solver::Block::none: break;
            case Solver::Block::seat: throw Error(where + "exceeds its session's seats");
            case Solver::Block::budget: throw Error(where + "exceeds the budget");
            case Solver::Block::conflict: throw Error(where + "overlaps another session or exceeds days away");
        }
        solver.add(i, s);
    }
}

}  // namespace

}  // namespace cchc::training
