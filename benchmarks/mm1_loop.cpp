// The near-limit for an M/M/1 discrete-event simulation: a hand-written loop with
// two pending events (next arrival, next departure), a FIFO of arrival times and
// xoshiro256** with inverse-CDF exponentials (the same generator and sampling as
// cchc). No calendar, no dossier state, no statistics beyond the mean wait.
// Built and run by benchmarks/bench_sim.py:  g++ -O2 -std=c++20 mm1_loop.cpp
//   ./a.out CUSTOMERS LAMBDA MU [log]   -> "customers seconds mean_wait mean_sojourn"
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Xoshiro {
    std::uint64_t s[4];
    explicit Xoshiro(std::uint64_t seed) {
        for (auto& x : s) {  // splitmix64
            std::uint64_t z = (seed += 0x9E3779B97F4A7C15ULL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            x = z ^ (z >> 31);
        }
    }
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t next() {
        const std::uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return r;
    }
    double exponential(double mean) { return -mean * std::log(static_cast<double>((next() >> 11) + 1) * 0x1.0p-53); }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s CUSTOMERS LAMBDA MU [log]\n", argv[0]);
        return 2;
    }
    const long n = std::atol(argv[1]);
    const double lam = std::atof(argv[2]), mu = std::atof(argv[3]);
    const bool keep_log = argc > 4 && std::strcmp(argv[4], "log") == 0;
    const auto t0 = std::chrono::steady_clock::now();

    Xoshiro arrivals(1), service(2);
    std::vector<double> fifo(1024);  // ring buffer of arrival times of waiting customers
    std::size_t head = 0, count = 0;
    std::vector<double> log_arrival, log_start, log_end;  // one row per visit when asked
    if (keep_log) {
        log_arrival.reserve(static_cast<std::size_t>(n));
        log_start.reserve(static_cast<std::size_t>(n));
        log_end.reserve(static_cast<std::size_t>(n));
    }
    double next_arrival = arrivals.exponential(1 / lam), next_departure = INFINITY;
    double in_service_arrival = 0, in_service_start = 0;
    bool busy = false;
    long arrived = 0, served = 0;
    double wait_sum = 0, sojourn_sum = 0;
    while (served < n) {
        if (next_arrival < next_departure) {
            const double now = next_arrival;
            ++arrived;
            next_arrival = arrived < n ? now + arrivals.exponential(1 / lam) : INFINITY;
            if (!busy) {
                busy = true;
                in_service_arrival = in_service_start = now;
                next_departure = now + service.exponential(1 / mu);
            } else {
                if (count == fifo.size()) {  // grow the ring
                    std::vector<double> bigger(fifo.size() * 2);
                    for (std::size_t i = 0; i < count; ++i) bigger[i] = fifo[(head + i) % fifo.size()];
                    fifo.swap(bigger);
                    head = 0;
                }
                fifo[(head + count++) % fifo.size()] = now;
            }
        } else {
            const double now = next_departure;
            ++served;
            wait_sum += in_service_start - in_service_arrival;
            sojourn_sum += now - in_service_arrival;
            if (keep_log) {
                log_arrival.push_back(in_service_arrival);
                log_start.push_back(in_service_start);
                log_end.push_back(now);
            }
            if (count > 0) {
                in_service_arrival = fifo[head];
                head = (head + 1) % fifo.size();
                --count;
                in_service_start = now;
                next_departure = now + service.exponential(1 / mu);
            } else {
                busy = false;
                next_departure = INFINITY;
            }
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%ld %.6f %.6f %.6f %zu\n", served, secs, wait_sum / static_cast<double>(served),
                sojourn_sum / static_cast<double>(served), log_end.size());
    return 0;
}
