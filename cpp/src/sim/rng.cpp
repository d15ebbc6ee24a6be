#include "cchc/sim/rng.hpp"

#include <stdexcept>

namespace cchc::sim {

void Dist::check(const std::string& what) const {
    auto bad = [&](const std::string& why) { throw std::invalid_argument(what + ": " + why); };
    switch (kind) {
        case Kind::fixed:
            if (!(a >= 0)) bad("fixed value must be >= 0");
            break;
        case Kind::exponential:
            if (!(a >= 0)) bad("exponential mean must be >= 0");
            break;
        case Kind::lognormal:
            if (!(a >= 0) || !(b >= 0)) bad("lognormal mean and cv must be >= 0");
            break;
        case Kind::triangular:
            if (!(a >= 0 && a <= b && b <= c)) bad("triangular needs 0 <= low <= mode <= high");
            break;
        case Kind::empirical:
            if (values.empty()) bad("empirical distribution needs at least one value");
            for (double v : values)
                if (!(v >= 0)) bad("empirical values must be >= 0");
            break;
    }
}

double Dist::mean() const {
    switch (kind) {
        case Kind::fixed:
        case Kind::exponential:
        case Kind::lognormal:
            return a;
        case Kind::triangular:
            return (a + b + c) / 3.0;
        case Kind::empirical: {
            double s = 0;
            for (double v : values) s += v;
            return values.empty() ? 0.0 : s / static_cast<double>(values.size());
        }
    }
    return 0.0;
}

double Dist::sample_other(Rng& rng) const {
    switch (kind) {
        case Kind::fixed:
            return a;
        case Kind::exponential:
            return rng.exponential(a);
        case Kind::lognormal: {
            if (a <= 0) return 0.0;
            if (b <= 0) return a;
            const double s2 = std::log1p(b * b);
            return std::exp(std::log(a) - 0.5 * s2 + std::sqrt(s2) * rng.normal());
        }
        case Kind::triangular: {
            // Inverse CDF.
            const double u = rng.uniform();
            const double range = c - a;
            if (range <= 0) return a;
            const double f = (b - a) / range;
            return u < f ? a + std::sqrt(u * range * (b - a)) : c - std::sqrt((1 - u) * range * (c - b));
        }
        case Kind::empirical:
            return values[rng.below(static_cast<std::uint32_t>(values.size()))];
    }
    return 0.0;
}

}  // namespace cchc::sim
