#include "cchc/sim/stats.hpp"

#include <algorithm>
#include <stdexcept>

namespace cchc::sim {

std::uint64_t Histogram::total() const noexcept {
    std::uint64_t n = 0;
    for (auto c : counts) n += c;
    return n;
}

double Histogram::quantile(double q) const noexcept {
    const std::uint64_t n = total();
    if (n == 0) return 0.0;
    const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(n);
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double c = static_cast<double>(counts[i]);
        if (c > 0 && seen + c >= target) return (static_cast<double>(i) + (target - seen) / c) * width;
        seen += c;
    }
    return static_cast<double>(counts.size()) * width;
}

void Histogram::merge(const Histogram& other) {
    if (other.counts.size() != counts.size() || other.width != width)
        throw std::invalid_argument("histograms of different shapes");
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
}

}  // namespace cchc::sim
