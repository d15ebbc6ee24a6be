// Random numbers for the simulation: our own generator (xoshiro256**, seeded by
// splitmix64) and our own distribution code, so the same seed gives the same
// numbers on every compiler, standard library and machine.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cchc/random.hpp"
#include "cchc/sim/ziggurat_exp.hpp"

namespace cchc::sim {

using cchc::splitmix64;

/// xoshiro256** (Blackman and Vigna): 256-bit state, period 2^256 - 1.
class Rng {
  public:
    /// One independent stream per (seed, replication, purpose).
    explicit Rng(std::uint64_t seed, std::uint64_t replication = 0, std::uint64_t stream = 0) {
        std::uint64_t sm = seed;
        std::uint64_t mix = splitmix64(sm) ^ (replication * 0xD1B54A32D192ED03ULL);
        mix = splitmix64(mix) ^ (stream * 0x8CB92BA72F3D8DD7ULL);
        for (auto& x : s_) x = splitmix64(mix);
    }

    /// A generator with the given raw state (known-answer tests).
    static Rng from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3) {
        Rng r(0);
        r.s_[0] = s0;
        r.s_[1] = s1;
        r.s_[2] = s2;
        r.s_[3] = s3;
        return r;
    }

    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform on [0, 1) with 53 random bits.
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// n uniforms on [0, 1) with 32 random bits each, two per 64-bit number (n even).
    void uniforms32(double* out, int n) noexcept {
        for (int i = 0; i + 1 < n; i += 2) {
            const std::uint64_t x = next();
            out[i] = static_cast<double>(x >> 32) * 0x1.0p-32;
            out[i + 1] = static_cast<double>(x & 0xFFFFFFFFu) * 0x1.0p-32;
        }
    }
    /// Uniform on (0, 1]: safe for log.
    double uniform_pos() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    /// Uniform integer in [0, n) (Lemire's multiply-shift; bias < 2^-32 for n < 2^32).
    std::uint32_t below(std::uint32_t n) noexcept {
        return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
    }
    bool bernoulli(double p) noexcept { return p > 0.0 && uniform() < p; }
    double exponential(double mean) noexcept { return mean * standard_exponential(); }
    /// Standard exponential by the ziggurat method (Marsaglia and Tsang 2000): 99% of draws are one
    /// 64-bit number, a table look-up and a multiply; the rest take a wedge test or the tail.
    /// Low 8 bits pick the layer, the top 53 bits the point (disjoint bits: no correlation).
    double standard_exponential() noexcept {
        for (;;) {
            const std::uint64_t u = next();
            const unsigned i = static_cast<unsigned>(u & 0xFF);
            const std::uint64_t j = u >> 11;
            const double x = static_cast<double>(j) * detail::kZigExpW[i];
            if (j < detail::kZigExpK[i]) return x;
            if (i == 0) return detail::kZigExpR - std::log(uniform_pos());  // tail beyond r: memoryless
            if (detail::kZigExpF[i] + uniform() * (detail::kZigExpF[i - 1] - detail::kZigExpF[i]) < std::exp(-x))
                return x;
        }
    }
    /// Standard normal by the Marsaglia polar method (keeps the spare value).
    double normal() noexcept {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = 2.0 * uniform() - 1.0;
            v = 2.0 * uniform() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * f;
        has_spare_ = true;
        return u * f;
    }

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4] = {};
    double spare_ = 0.0;
    bool has_spare_ = false;
};

/// A duration distribution (fixed, exponential, lognormal, triangular, empirical).
struct Dist {
    enum class Kind : std::uint8_t { fixed, exponential, lognormal, triangular, empirical };
    Kind kind = Kind::fixed;
    double a = 0.0;  ///< fixed: value; exponential: mean; lognormal: mean; triangular: low
    double b = 0.0;  ///< lognormal: coefficient of variation; triangular: mode
    double c = 0.0;  ///< triangular: high
    std::vector<double> values;  ///< empirical: observations, drawn with equal probability

    static Dist fixed(double v) { return {Kind::fixed, v, 0, 0, {}}; }
    static Dist exponential(double mean) { return {Kind::exponential, mean, 0, 0, {}}; }
    static Dist lognormal(double mean, double cv) { return {Kind::lognormal, mean, cv, 0, {}}; }
    static Dist triangular(double lo, double mode, double hi) { return {Kind::triangular, lo, mode, hi, {}}; }
    static Dist empirical(std::vector<double> v) { return {Kind::empirical, 0, 0, 0, std::move(v)}; }

    /// Throws std::invalid_argument naming `what` for negative or inconsistent parameters.
    void check(const std::string& what) const;
    double mean() const;
    double sample(Rng& rng) const {
        if (kind == Kind::exponential) return rng.exponential(a);  // the common cases inline
        if (kind == Kind::fixed) return a;
        return sample_other(rng);
    }

  private:
    double sample_other(Rng& rng) const;
};

}  // namespace cchc::sim
