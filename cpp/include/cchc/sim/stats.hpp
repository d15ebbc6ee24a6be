// Statistics gathered by one replication: counts, sums and time integrals,
// by agency, procedure and staff pool, and a lead-time histogram (percentiles
// in summary-only mode, where no per-dossier rows are kept).
#pragma once

#include <cstdint>
#include <vector>

namespace cchc::sim {

/// Fixed-width histogram of working minutes; the last bin collects the overflow.
struct Histogram {
    double width = 30.0;  ///< working minutes per bin
    std::vector<std::uint64_t> counts;

    Histogram() = default;
    Histogram(double bin_width, std::size_t bins) : width(bin_width), counts(bins, 0) {}
    void add(double x) noexcept {
        if (counts.empty()) return;
        const double k = x / width;
        const std::size_t bin = k <= 0 ? 0 : static_cast<std::size_t>(k);
        counts[bin < counts.size() ? bin : counts.size() - 1]++;
    }
    std::uint64_t total() const noexcept;
    /// Quantile q in [0, 1] by linear interpolation inside the bin; 0 when empty.
    double quantile(double q) const noexcept;
    void merge(const Histogram& other);
};

/// Accumulators of one group (the whole run, an agency or a procedure).
struct GroupStats {
    std::uint64_t arrived = 0;    ///< counted arrivals (after warm-up)
    std::uint64_t finished = 0;   ///< result ready (done or refused)
    std::uint64_t refused = 0;
    std::uint64_t early = 0, on_time = 0, late = 0;
    std::uint64_t supplements = 0;
    std::uint64_t reworks = 0;    ///< loops back to an earlier step
    std::uint64_t backlog = 0;    ///< in the system at the end of the horizon
    double lead_sum = 0, lead_sumsq = 0;  ///< receipt -> result ready, working minutes
    double trips = 0;
    double desk_wait = 0, step_wait = 0;  ///< working minutes
    double hours_lost = 0;                ///< citizens' hours (travel + desk wait)

    GroupStats& operator+=(const GroupStats& o) noexcept {
        arrived += o.arrived;
        finished += o.finished;
        refused += o.refused;
        early += o.early;
        on_time += o.on_time;
        late += o.late;
        supplements += o.supplements;
        reworks += o.reworks;
        backlog += o.backlog;
        lead_sum += o.lead_sum;
        lead_sumsq += o.lead_sumsq;
        trips += o.trips;
        desk_wait += o.desk_wait;
        step_wait += o.step_wait;
        hours_lost += o.hours_lost;
        return *this;
    }
};

/// One staff pool (a reception desk or an agency's processing staff).
struct PoolStats {
    double busy = 0;        ///< server-minutes busy inside the measured window
    double queue_area = 0;  ///< queue length x working minutes inside the window
    double wait_sum = 0;    ///< waits of the services started by counted dossiers
    std::uint64_t served = 0;
    std::uint32_t backlog = 0;    ///< waiting or in service at the end of the horizon
    std::uint32_t max_queue = 0;
};

struct RepStats {
    GroupStats total;
    std::vector<GroupStats> by_agency;     ///< implementing agency
    std::vector<GroupStats> by_procedure;
    std::vector<PoolStats> pools;
    Histogram lead{30.0, 3200};            ///< up to 200 working days of 480 minutes
    std::vector<std::uint32_t> wip_by_day; ///< dossiers in the system at the end of each working day
    /// Per open day of the horizon x pool (day-major): time-weighted mean and largest queue.
    std::vector<float> queue_mean_by_day;
    std::vector<std::uint32_t> queue_max_by_day;
    std::uint64_t events = 0;              ///< events processed (incl. drain)
    /// Most dossiers in the system at once (dossier slots in use: slots are recycled, so the
    /// memory of a run is proportional to this, not to the number of dossiers).
    std::uint64_t peak_wip = 0;
};

}  // namespace cchc::sim
