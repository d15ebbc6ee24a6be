// Training plan: lazy greedy by marginal value / cost, then ruin-and-recreate
// local search. Single-threaded and seeded: the same instance and seed give the
// same plan everywhere.
#include <algorithm>
#include <cmath>
#include <queue>

#include "cchc/random.hpp"
#include "cchc/training.hpp"

namespace cchc::training {

namespace {

double uniform(std::uint64_t& s) { return unit_interval(splitmix64(s)); }

class Solver {
  public:
    explicit Solver(const PlanInstance& in) : in_(in) {
        const std::size_t nc = in.cand_person.size();
        // Dense ids for people with candidates; candidates of a person are contiguous.
        cand_local_.resize(nc);
        for (std::size_t c = 0; c < nc; ++c) {
            if (c == 0 || in.cand_person[c] != in.cand_person[c - 1]) person_first_.push_back(static_cast<std::int32_t>(c));
            cand_local_[c] = static_cast<std::int32_t>(person_first_.size() - 1);
        }
        person_first_.push_back(static_cast<std::int32_t>(nc));
        reset();
    }

    void reset() {
        z_.assign(in_.gap_person.size(), 0.0);
        value_.assign(in_.agency_target.size(), 0.0);
        seats_.clear();
        for (const auto& s : in_.sessions) seats_.push_back(s.seats);
        budget_left_ = in_.budget;
        days_.assign(person_first_.size(), 0.0);
        assigned_.assign(person_first_.size(), {});
        chosen_.assign(in_.cand_person.size(), 0);
        objective_ = 0;
    }

    [[nodiscard]] double objective() const noexcept { return objective_; }
    [[nodiscard]] Vnd budget_left() const noexcept { return budget_left_; }
    [[nodiscard]] const std::vector<double>& closure() const noexcept { return z_; }
    [[nodiscard]] const std::vector<std::uint8_t>& chosen_mask() const noexcept { return chosen_; }

    std::vector<std::int32_t> chosen() const {
        std::vector<std::int32_t> out;
        for (std::size_t c = 0; c < chosen_.size(); ++c)
            if (chosen_[c]) out.push_back(static_cast<std::int32_t>(c));
        return out;
    }

    double gain(std::size_t c) const {
        double raw = 0;
        for (auto k = in_.cand_offsets[c]; k < in_.cand_offsets[c + 1]; ++k) {
            const auto g = static_cast<std::size_t>(in_.cand_gap[static_cast<std::size_t>(k)]);
            const double z = z_[g];
            raw += in_.gap_weight[g] * (std::min(1.0, z + in_.cand_fraction[static_cast<std::size_t>(k)]) - std::min(1.0, z));
        }
        return raw + fair_delta(c, raw);
    }

    enum class Block { none, seat, budget, conflict };

    Block blocked(std::size_t c) const {
        if (chosen_[c]) return Block::conflict;
        const auto s = static_cast<std::size_t>(in_.cand_session[c]);
        if (seats_[s] <= 0) return Block::seat;
        if (in_.cand_cost[c] > budget_left_) return Block::budget;
        const auto pl = static_cast<std::size_t>(cand_local_[c]);
        if (days_[pl] + in_.session_days[s] > in_.max_days_away + 1e-9) return Block::conflict;
        const Session& a = in_.sessions[s];
        for (auto other : assigned_[pl]) {
            const Session& b = in_.sessions[static_cast<std::size_t>(in_.cand_session[static_cast<std::size_t>(other)])];
            if (a.start <= b.end && b.start <= a.end) return Block::conflict;
        }
        return Block::none;
    }

    void add(std::size_t c) { apply(c, +1); }
    void remove(std::size_t c) { apply(c, -1); }

    /// Lazy greedy over every candidate; `noise` perturbs the ratios (0: pure greedy).
    void greedy(double noise, std::uint64_t salt, double alpha = 1.0) {
        using Item = std::pair<double, std::int32_t>;
        std::vector<Item> heap;
        heap.reserve(in_.cand_person.size());
        auto factor = [&](std::size_t c) {
            if (noise <= 0) return 1.0;
            std::uint64_t s = salt ^ (static_cast<std::uint64_t>(c) * 0xd1b54a32d192ed03ULL);
            return 1.0 + noise * uniform(s);
        };
        auto key = [&](std::size_t c, double v) {
            const double cost = static_cast<double>(std::max<Vnd>(in_.cand_cost[c], 1));
            return (alpha == 1.0 ? v / cost : v / std::pow(cost, alpha)) * factor(c);
        };
        for (std::size_t c = 0; c < in_.cand_person.size(); ++c) {
            if (chosen_[c]) continue;
            const double v = gain(c);
            if (v > 1e-12 && blocked(c) == Block::none) heap.emplace_back(key(c, v), static_cast<std::int32_t>(c));
        }
        std::make_heap(heap.begin(), heap.end());
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end());
            auto [k, ci] = heap.back();
            heap.pop_back();
            const auto c = static_cast<std::size_t>(ci);
            if (blocked(c) != Block::none) continue;  // seats, budget and days only shrink during a pass
            const double v = gain(c);
            if (v <= 1e-12) continue;
            const double k2 = key(c, v);
            if (!heap.empty() && k2 < heap.front().first * (1 - 1e-12) && k2 < k * (1 - 1e-12)) {
                heap.emplace_back(k2, ci);
                std::push_heap(heap.begin(), heap.end());
                continue;
            }
            add(c);
        }
    }

    std::size_t person_of(std::size_t c) const { return static_cast<std::size_t>(cand_local_[c]); }
    const std::vector<std::int32_t>& assigned(std::size_t pl) const { return assigned_[pl]; }
    std::size_t people() const { return assigned_.size(); }

  private:
    double fair_delta(std::size_t c, double raw) const {
        if (in_.fairness_bonus <= 0 || raw == 0) return 0;
        const Index a = in_.gap_person.empty() ? kNone : in_.gap_agency[static_cast<std::size_t>(
                                                             in_.cand_gap[static_cast<std::size_t>(in_.cand_offsets[c])])];
        if (a < 0) return 0;
        const double target = in_.agency_target[static_cast<std::size_t>(a)];
        const double v = value_[static_cast<std::size_t>(a)];
        return in_.fairness_bonus * (std::min(target, v + raw) - std::min(target, v));
    }

    void apply(std::size_t c, int sign) {
        double raw = 0;
        for (auto k = in_.cand_offsets[c]; k < in_.cand_offsets[c + 1]; ++k) {
            const auto g = static_cast<std::size_t>(in_.cand_gap[static_cast<std::size_t>(k)]);
            const double before = std::min(1.0, z_[g]);
            z_[g] += sign * in_.cand_fraction[static_cast<std::size_t>(k)];
            if (z_[g] < 1e-12) z_[g] = 0;
            raw += in_.gap_weight[g] * (std::min(1.0, z_[g]) - before);
        }
        const Index a = in_.gap_agency[static_cast<std::size_t>(in_.cand_gap[static_cast<std::size_t>(in_.cand_offsets[c])])];
        double fair = 0;
        if (a >= 0) {
            const double target = in_.agency_target[static_cast<std::size_t>(a)];
            double& v = value_[static_cast<std::size_t>(a)];
            fair = in_.fairness_bonus * (std::min(target, v + raw) - std::min(target, v));
            v += raw;
        }
        objective_ += raw + fair;
        const auto s = static_cast<std::size_t>(in_.cand_session[c]);
        const auto pl = static_cast<std::size_t>(cand_local_[c]);
        seats_[s] -= sign;
        budget_left_ -= sign * in_.cand_cost[c];
        days_[pl] += sign * in_.session_days[s];
        auto& list = assigned_[pl];
        if (sign > 0)
            list.push_back(static_cast<std::int32_t>(c));
        else
            list.erase(std::find(list.begin(), list.end(), static_cast<std::int32_t>(c)));
        chosen_[c] = sign > 0;
    }

    const PlanInstance& in_;
    std::vector<std::int32_t> cand_local_, person_first_;
    std::vector<double> z_, value_, days_;
    std::vector<std::int32_t> seats_;
    std::vector<std::vector<std::int32_t>> assigned_;
    std::vector<std::uint8_t> chosen_;
    Vnd budget_left_ = 0;
    double objective_ = 0;
};

}  // namespace

PlanResult solve_plan(const PlanInstance& in, const PlanOptions& options) {
    Solver solver(in);
    solver.greedy(0.0, 0);
    PlanResult out;
    out.greedy_objective = solver.objective();

    const std::size_t nc = in.cand_person.size();
    int rounds = options.improve_rounds;
    if (rounds < 0) rounds = static_cast<int>(std::clamp<double>(4.0e6 / static_cast<double>(nc + 1), 0.0, 5000.0));
    std::vector<std::int32_t> best = solver.chosen();
    double best_obj = solver.objective();
    std::vector<std::int32_t> current = best;
    double current_obj = best_obj;
    std::uint64_t rng = options.seed ^ 0x5851f42d4c957f2dULL;
    auto restore = [&](const std::vector<std::int32_t>& plan) {
        for (auto c : solver.chosen()) solver.remove(static_cast<std::size_t>(c));
        for (auto c : plan) solver.add(static_cast<std::size_t>(c));
    };
    for (int round = 0; round < rounds && nc > 0; ++round) {
        // Ruin: drop a random share of the plan, one session's roster, or a few assignments.
        if (current.empty()) {
            if (round > 0) break;
        }
        const double u = uniform(rng);
        std::vector<std::int32_t> drop;
        if (!current.empty()) {
            if (u < 0.35) {
                const double share = 0.05 + 0.3 * uniform(rng);
                for (auto c : current)
                    if (uniform(rng) < share) drop.push_back(c);
            } else if (u < 0.6) {
                const auto pick = current[static_cast<std::size_t>(splitmix64(rng) % current.size())];
                for (auto c : current)
                    if (in.cand_session[static_cast<std::size_t>(c)] == in.cand_session[static_cast<std::size_t>(pick)])
                        drop.push_back(c);
            } else {
                const int k = 1 + static_cast<int>(splitmix64(rng) % 4);
                for (int j = 0; j < k; ++j) drop.push_back(current[static_cast<std::size_t>(splitmix64(rng) % current.size())]);
                std::sort(drop.begin(), drop.end());
                drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
            }
        }
        for (auto c : drop) solver.remove(static_cast<std::size_t>(c));
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
    out.chosen = best;
    out.objective = solver.objective();
    out.budget_used = in.budget - solver.budget_left();
    out.gap_closed.resize(in.gap_person.size());
    for (std::size_t g = 0; g < in.gap_person.size(); ++g) {
        out.gap_closed[g] = std::min(1.0, solver.closure()[g]);
        out.gaps_closed += out.gap_closed[g] >= 1.0 - 1e-9;
    }

    // Why is each gap still open? Look at the candidates that could have served it.
    std::vector<std::vector<std::int32_t>> by_gap(in.gap_person.size());
    for (std::size_t c = 0; c < nc; ++c)
        for (auto k = in.cand_offsets[c]; k < in.cand_offsets[c + 1]; ++k)
            by_gap[static_cast<std::size_t>(in.cand_gap[static_cast<std::size_t>(k)])].push_back(static_cast<std::int32_t>(c));
    out.gap_reason.assign(in.gap_person.size(), UnmetReason::none);
    for (std::size_t g = 0; g < in.gap_person.size(); ++g) {
        if (out.gap_closed[g] >= 1.0 - 1e-9) continue;
        bool any = false, free = false, seat_budget = false, seat = false;
        for (auto c : by_gap[g]) {
            if (solver.chosen_mask()[static_cast<std::size_t>(c)]) continue;
            any = true;
            switch (solver.blocked(static_cast<std::size_t>(c))) {
                case Solver::Block::none: free = true; break;
                case Solver::Block::conflict: seat_budget = true; break;
                case Solver::Block::budget: seat = true; break;
                case Solver::Block::seat: break;
            }
        }
        UnmetReason r = UnmetReason::no_seat;
        if (by_gap[g].empty()) r = UnmetReason::no_session;
        else if (!any) r = UnmetReason::no_session;  // attends every session that could serve it, still short
        else if (free) r = UnmetReason::not_selected;
        else if (seat_budget) r = UnmetReason::conflict;
        else if (seat) r = UnmetReason::budget;
        out.gap_reason[g] = r;
    }
    return out;
}

double plan_objective(const PlanInstance& in, const std::vector<std::int32_t>& chosen) {
    Solver solver(in);
    for (auto c : chosen) {
        if (c < 0 || static_cast<std::size_t>(c) >= in.cand_person.size())
            throw Error("plan: candidate " + std::to_string(c) + " out of range");
        switch (solver.blocked(static_cast<std::size_t>(c))) {
            case Solver::Block::none: break;
            case Solver::Block::seat: throw Error("plan: candidate " + std::to_string(c) + " exceeds its session's seats");
            case Solver::Block::budget: throw Error("plan: candidate " + std::to_string(c) + " exceeds the budget");
            case Solver::Block::conflict:
                throw Error("plan: candidate " + std::to_string(c) + " overlaps, repeats or exceeds days away");
        }
        solver.add(static_cast<std::size_t>(c));
    }
    return solver.objective();
}

}  // namespace cchc::training
