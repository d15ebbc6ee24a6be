// The project's one splitmix64: seeding of every generator and stateless
// hashing of (seed, key) pairs. Our own code, so every machine draws the same numbers.
#pragma once

#include <cstdint>

namespace cchc {

/// splitmix64 step (Steele, Lea, Flood 2014): advances `state`, returns the next output.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// splitmix64 as a stateless hash of one value.
constexpr std::uint64_t splitmix64_hash(std::uint64_t x) { return splitmix64(x); }

/// A uniform double in [0, 1) from the top 53 bits.
constexpr double unit_interval(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace cchc
