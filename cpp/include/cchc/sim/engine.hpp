// Discrete-event simulation of dossiers (hồ sơ) through one-stop reception desks
// (bộ phận một cửa) and the inter-agency steps of their procedures, on the
// Vietnamese working calendar.
//
// Time inside a replication is a single "working clock": office minutes elapsed
// since the start date (00:00), shared by every desk and agency (one calendar per
// run). Work and queues only advance in office time, so a step of 480 working
// minutes started Friday 16:00 ends Monday 15:00 (7:00-11:30, 13:30-17:00), and a
// dossier submitted online at night is received when the office opens. Wall-clock
// times are produced only for the output (WorkingCalendar::add_working_minutes).
//
// Flow of one dossier:
//   arrival (Poisson, per procedure x implementing agency, monthly and weekday
//   profile) -> channel (counter / online / post) -> reception desk queue (staff,
//   priority) -> [supplement request: back to the citizen, extra trip, re-queue]
//   -> steps (transfer delay paper/electronic, then the responsible agency's staff
//   pool) -> [refusal] -> result back at the desk (deadline check: early / on time
//   / late) -> result return (counter trip, post, online).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cchc/calendar.hpp"
#include "cchc/cost.hpp"
#include "cchc/model.hpp"
#include "cchc/sim/rng.hpp"
#include "cchc/sim/stats.hpp"

namespace cchc::sim {

enum class ClockRule : std::uint8_t {
    restart,   ///< a supplemented dossier's deadline counts from its new receipt (Decree 61/2018 art. 19)
    continue_, ///< the original deadline stands
};

/// Share of physical memory a run may use when Params::max_memory is 0.
inline constexpr double kDefaultMemoryShare = 0.75;

/// A run that would need more memory than Params::max_memory allows (refused before it starts).
class MemoryLimitError : public Error {
  public:
    MemoryLimitError(const std::string& what, double needed, double limit)
        : Error(what), needed_(needed), limit_(limit) {}
    double needed() const noexcept { return needed_; }
    double limit() const noexcept { return limit_; }

  private:
    double needed_, limit_;
};

/// Per-agency override of a staff pool: servers = dossiers handled at once.
struct PoolOverride {
    Index agency = kNone;
    std::int32_t servers = 0;
};

/// Rework (trả lại để xử lý lại) of one procedure: after its last step the dossier goes back
/// to step `to_step` with `probability`, each time independently (a geometric number of loops).
struct ReworkRule {
    Index procedure = kNone;
    double probability = 0.0;
    std::int32_t to_step = 0;  ///< index among the procedure's processing steps (reception and result return excluded)
    std::string to_name;       ///< or the step's name (wins when not empty)
};

/// An arrival fixed in advance (initial backlog, scripted tests); wall-clock minutes.
struct ScriptedArrival {
    Index procedure = kNone;
    Index agency = kNone;     ///< implementing agency
    Minutes time = 0;         ///< Vietnam local time, minutes since 1970-01-01
    Channel channel = Channel::in_person;
    bool priority = false;
};

/// Every tunable of a run, with documented defaults (parameters, not facts).
struct Params {
    Date start = make_date(2021, 1, 1);
    int days = 365;              ///< arrival horizon in calendar days; in-flight dossiers are then drained
    int warmup_days = 0;         ///< arrivals before start + warmup_days are simulated but not counted
    int replications = 10;
    std::uint64_t seed = 1;
    int threads = 0;             ///< 0: hardware concurrency (at most `replications`)
    bool keep_dossiers = true;   ///< per-dossier rows (false: summary-only, memory ~ work in progress)
    bool keep_event_log = false; ///< per-activity rows for process mining
    int keep_replications = 1;   ///< dossier rows / event log kept for the first N replications
    double volume_scale = 1.0;   ///< multiplies every annual volume
    double drain_days = 730;     ///< safety cap after the horizon, in calendar days
    /// Bytes a run may need (estimate_memory); 0: kDefaultMemoryShare of physical memory. A run
    /// whose estimate exceeds it is refused before it starts (MemoryLimitError).
    double max_memory = 0;

    // Arrival profile: relative weights (normalised per calendar year over working days).
    double month_weight[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double weekday_weight[7] = {1, 1, 1, 1, 1, 1, 1};  ///< Monday..Sunday

    // Channels: online share by the procedure's online level, then post share of the rest.
    /// none, partial, full: the compliance-cost engine's defaults (one source of truth).
    double online_share[3] = {0.0, CostParams{}.online_share_partial, CostParams{}.online_share_full};
    double post_share = 0.05;
    double priority_share = 0.05;             ///< priority counter (elderly, disabled, ...)

    // Reception desk.
    Dist desk_time = Dist::lognormal(15.0, 0.5);  ///< working minutes per reception
    Dist online_desk_time = Dist::lognormal(10.0, 0.5);
    std::int32_t desk_staff_default = 2;          ///< when the desk agency records no headcount (raised to carry its work, see unstaffed_utilisation)
    double desk_staff_share = 1.0;                ///< desk staff = headcount x share of the desk agency
    std::vector<PoolOverride> desk_staff;         ///< by desk agency

    // Processing steps: actual time = statutory time x a draw of this ratio distribution.
    Dist step_ratio = Dist::lognormal(0.6, 0.5);
    double processing_staff_share = 0.3;  ///< share of an agency's headcount (own + divisions) handling dossiers
    double dossiers_per_officer = 10.0;   ///< dossiers an officer has in progress at once
    std::int32_t min_servers = 1;
    /// An agency with steps but no headcount (own or divisions) and no override gets the servers
    /// that carry its expected work at this utilisation (0: min_servers, which usually saturates).
    double unstaffed_utilisation = 0.8;
    /// 0: off. Otherwise every pool whose derived servers would run above this offered load gets
    /// the servers that carry its expected work at it (Output::pool_raised): the staff a volume
    /// needs, for models whose headcount and volumes are not calibrated to each other.
    double understaffed_utilisation = 0.0;
    std::vector<PoolOverride> staff;      ///< servers by agency (overrides the derivation)

    // Transfers (working minutes).
    Dist paper_transfer = Dist::triangular(120.0, 480.0, 960.0);
    Dist electronic_transfer = Dist::fixed(10.0);
    Dist desk_handover = Dist::fixed(60.0);  ///< desk <-> agency when the step's transfer is `none`

    // Supplement requests and refusals.
    double supplement_prob = 0.05;
    Dist supplement_delay = Dist::exponential(3.0 * 480.0);  ///< citizen's time to complete the dossier
    ClockRule clock_rule = ClockRule::restart;
    double refusal_prob = 0.01;

    // Rework: the last step (approval) sends the dossier back to an earlier step. The deadline
    // keeps running (the citizen is not asked for anything).
    double rework_prob = 0.0;         ///< every procedure with steps
    std::int32_t rework_to_step = 0;  ///< clamped to the procedure's last step
    std::vector<ReworkRule> rework;   ///< by procedure (overrides rework_prob)

    /// A procedure with a time limit but no steps is simulated on a derived plan: one processing
    /// step at its implementing agency taking the time limit (its counter method's, else its
    /// first method's) less this many working days left to the one-stop desk for reception,
    /// hand-over and return, at most half the limit (Output::derived_plans).
    double derived_desk_days = 1.0;

    // Result return.
    double post_return_share = 0.1;                        ///< counter submissions asking for delivery by post
    Dist pickup_delay = Dist::exponential(480.0);          ///< until the citizen collects at the counter
    Dist post_delay = Dist::fixed(2.0 * 480.0);

    // Citizens' time: hours lost = trips x (2 x travel_km / speed + desk wait).
    double travel_speed_kmh = 30.0;

    std::vector<ScriptedArrival> scripted;
};

/// Activities of the event log: reception, supplement request, each step, result return.
enum class Activity : std::uint8_t { reception, supplement, transfer, step, result_ready, result_return };

/// Rows of one replication (kept for the first `keep_replications`).
struct DossierRows {
    std::vector<std::int64_t> id;
    std::vector<Index> procedure, agency, desk;
    std::vector<std::uint8_t> channel, priority, outcome, status, trips;
    std::vector<double> arrival, receipt, deadline, ready, completion;  // working minutes
    std::vector<double> desk_wait, step_wait, step_work, transfer;     // working minutes
    std::vector<std::int64_t> arrival_wall, receipt_wall, deadline_wall, ready_wall, completion_wall;  // seconds
    std::vector<double> lead_days;  // working days receipt -> ready
};

struct EventRows {
    std::vector<std::int64_t> dossier;
    std::vector<std::int32_t> activity;  ///< index into Output::activity_names
    std::vector<Index> resource;         ///< pool index (Output::pool_agency), -1 none
    std::vector<double> start, end;      ///< working minutes
    std::vector<std::int64_t> start_wall, end_wall;  ///< seconds since epoch, local time
};

enum class Outcome : std::uint8_t { early, on_time, late, open };
enum class Status : std::uint8_t { done, refused, in_progress };

struct Output {
    std::vector<RepStats> reps;           ///< one per replication
    std::vector<DossierRows> dossiers;    ///< first keep_replications
    std::vector<EventRows> events;        ///< first keep_replications (if keep_event_log)
    std::vector<std::string> activity_names;
    // Pools: desks first, then processing pools.
    std::vector<Index> pool_agency;
    std::vector<std::uint8_t> pool_is_desk;
    std::vector<std::int32_t> pool_servers;
    /// No headcount and no override: a processing pool sized at unstaffed_utilisation; a one-stop
    /// desk recording none, or an agency's own counter raised above desk_staff_default to carry its work.
    std::vector<std::uint8_t> pool_defaulted;
    /// Offered load: expected work (annual volumes x statutory step time x mean step_ratio, or the
    /// desk time) / (servers x office minutes of the first year); >= 1 means the pool saturates.
    std::vector<double> pool_offered;
    std::vector<std::uint8_t> pool_raised;  ///< servers raised by understaffed_utilisation
    /// Procedures with a time limit but no steps, simulated on the plan derived from it (derive_plan).
    std::vector<Index> derived_plans;
    /// Procedures with annual volumes but neither steps nor a time limit: not simulated, not counted.
    std::vector<Index> excluded;
    /// Implementing agencies whose dossiers arrive but which record no travel_km (nor their desk):
    /// citizens' travel hours to them count 0.
    std::vector<Index> no_distance;
    /// Implementing agencies whose dossiers arrive but which are not valid on any day of the arrival
    /// window (validity dates): the model's volumes describe another time.
    std::vector<Index> not_valid;
    double memory_estimate = 0;  ///< bytes (estimate_memory), for the record
    double horizon_minutes = 0;  ///< working minutes of the measured window
    double minutes_per_day = 480;
    bool cancelled = false;
};

/// Shared, prepared input of a run (derived from the model once, read by every thread).
struct Prepared;

class Simulation {
  public:
    /// Validates parameters and derives streams, desks and pools; throws Error naming the bad parameter.
    Simulation(Shared<Model> model, Params params, CalendarConfig calendar = {});
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    /// Runs every replication on `threads` std::threads; blocking. Same seed gives the
    /// same output whatever the thread count.
    Output run();
    /// Starts run() in the background (for progress bars and cancellation).
    void start();
    /// Waits up to `seconds`; true when finished.
    bool wait(double seconds);
    /// The output of a started run (after wait() returned true); rethrows its error.
    Output take();
    void cancel() noexcept { cancel_.store(true); }
    /// Replications finished so far.
    int finished() const noexcept { return finished_.load(); }
    int replications() const noexcept;
    const WorkingCalendar& calendar() const noexcept;
    /// Estimated peak memory of run() in bytes (checked against Params::max_memory when prepared).
    double memory_estimate() const noexcept;

  private:
    std::shared_ptr<const Prepared> prep_;
    std::atomic<bool> cancel_{false};
    std::atomic<int> finished_{0};
    struct Background;
    std::unique_ptr<Background> bg_;
};

/// Memory the process may use in bytes: physical memory (sysconf), or a container's (cgroup) limit
/// when lower; 0 when unknown.
double physical_memory() noexcept;

/// Number of working days (the unit of lead times) in `minutes` of working time.
inline double working_days(double minutes, double minutes_per_day) { return minutes / minutes_per_day; }

}  // namespace cchc::sim
