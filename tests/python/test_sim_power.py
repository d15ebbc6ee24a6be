"""Simulation tests with statistical power: a wrong probability or a small input bias must fail.

Two kinds of check:
* every routing probability (online, post, priority, supplement, refusal, postal return,
  rework) is set strictly between 0 and 1 (0.2 and 0.7), and the observed rate must lie
  within 4 binomial standard errors of it, over enough dossiers that a 10% relative error in
  the probability fails with probability >= 99% (``dossiers_needed``);
* queueing results are compared with theory within 4 standard errors, and each test also
  asserts that its standard error is small enough that a 2% bias in the arrival rate or the
  mean service time would move the estimate by at least 4 + 1.645 standard errors, i.e. the
  test would fail at least 95% of the time (one-sided normal power).
The seeds are fixed, so every run is the same; the bounds say how unlikely a false failure
would be for another seed (4 SE: about 6 in 100,000 per check).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import cchc
from cchc import calendar
from cchc.sim import Exponential, Fixed

MINUTES_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01")) * 480
Z_BOUND = 4.0  # the acceptance bound, in standard errors
Z_POWER_99 = 2.326  # one-sided normal quantile for 99% power
Z_POWER_95 = 1.645  # ... for 95% power

# Every random element off: each test switches on the one it measures.
OFF = dict(supplement_prob=0.0, refusal_prob=0.0, online_share=[0, 0, 0], post_share=0.0, priority_share=0.0,
           post_return_share=0.0, rework_prob=0.0, desk_handover=0.0, pickup_delay=0.0)


def one_procedure(annual, online_level="none", step=False):
    """One province procedure at one department. Without ``step`` the dossier only visits the desk
    (its only step is the result's return, which the simulation does not queue)."""
    agencies = [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province",
         "headcount": 10},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND",
         "headcount": 10},
    ]
    steps = [{"name": "Xử lý", "role": "processing", "duration": 1, "unit": "working_hour"}] if step else []
    steps.append({"name": "Trả kết quả", "role": "result_return", "duration": 0})
    proc = {"code": "P", "name": "Thủ tục", "field": "F", "levels": ["province"],
            "online_level": online_level, "trips": 2, "steps": steps,
            "methods": [{"channel": "in_person", "processing_time": 5}],
            "volumes": [{"agency": "STP", "annual": annual}]}
    return cchc.loads(json.dumps({"format": "cchc", "version": 1, "name": "power", "agencies": agencies,
                                  "procedures": [proc]}))


def dossiers_needed(p, rel_error=0.10):
    """Trials so that a rate off by ``rel_error`` (relative) falls outside the 4-SE bound with >= 99%
    probability: rel_error x p >= (4 + 2.326) x sqrt(p (1 - p) / n)."""
    return math.ceil(((Z_BOUND + Z_POWER_99) / rel_error) ** 2 * (1 - p) / p)


def assert_rate(successes, trials, p, needed):
    assert trials >= needed, f"only {trials} trials, the power claim needs {needed}"
    se = math.sqrt(p * (1 - p) / trials)
    rate = successes / trials
    assert abs(rate - p) <= Z_BOUND * se, (rate, p, se)


# (name, what is set, model options, how the rate is read from the dossiers: (successes, trials))
def _online(d):
    return int((d["channel"] == "online").sum()), len(d)


def _post(d):
    return int((d["channel"] == "post").sum()), len(d)


def _priority(d):
    return int(d["priority"].sum()), len(d)


def _supplement(d):
    # A counter dossier makes 1 trip to submit, 1 to collect, and 1 more when asked to supplement.
    assert set(d["trips"]) <= {2, 3}
    return int((d["trips"] == 3).sum()), len(d)


def _refusal(d):
    done = d[d["status"] != "in_progress"]
    return int((done["status"] == "refused").sum()), len(done)


def _post_return(d):
    # A counter dossier whose result is posted makes only the submission trip.
    assert set(d["trips"]) <= {1, 2}
    return int((d["trips"] == 1).sum()), len(d)


RATES = {
    "online_share": (_online, dict(online_level="full")),
    "post_share": (_post, {}),
    "priority_share": (_priority, {}),
    "supplement_prob": (_supplement, {}),
    "refusal_prob": (_refusal, {}),
    "post_return_share": (_post_return, {}),
}


@pytest.mark.parametrize("p", [0.2, 0.7])
@pytest.mark.parametrize("name", list(RATES))
def test_routing_probability_is_observed(name, p):
    rate, opts = RATES[name]
    needed = dossiers_needed(p)
    m = one_procedure(1.15 * needed, **opts)  # Poisson arrivals: 15% more expected than needed
    value = {"online_share": {"full": p}}.get(name, p)
    r = cchc.simulate(m, start="2021-01-01", days=365, replications=1, seed=17, progress=False,
                      desk_time=Fixed(1.0), desk_staff={"STP": 50}, **{**OFF, name: value})
    successes, trials = rate(r.dossiers())
    assert_rate(successes, trials, p, needed)


@pytest.mark.parametrize("p", [0.2, 0.7])
def test_rework_loops_are_geometric(p):
    """Rework after the last step with probability p, independently each time: loops per dossier
    K ~ geometric, mean p / (1 - p), variance p / (1 - p)^2. A 10% relative error in p changes the
    mean by at least |(1.1p)/(1-1.1p) - p/(1-p)| or |(0.9p)/(1-0.9p) - p/(1-p)|; the dossiers are
    chosen so that the smaller change is (4 + 2.326) standard errors (>= 99% power)."""
    def mean(q):
        return q / (1 - q)

    effect = min(abs(mean(1.1 * p) - mean(p)), abs(mean(0.9 * p) - mean(p)))
    sd = math.sqrt(p) / (1 - p)
    needed = math.ceil(((Z_BOUND + Z_POWER_99) * sd / effect) ** 2)
    m = one_procedure(1.15 * needed, step=True)
    r = cchc.simulate(m, start="2021-01-01", days=365, replications=1, seed=19, progress=False,
                      keep_dossiers=False,
                      desk_time=Fixed(1.0), desk_staff={"STP": 50}, staff={"STP": 500}, step_ratio=Fixed(1.0),
                      warmup_days=0, **{**OFF, "rework_prob": p})
    row = r.replication_table().iloc[0]
    n = int(row["dossiers"])
    assert n >= needed
    assert abs(row["rework_rate"] - mean(p)) <= Z_BOUND * sd / math.sqrt(n), (row["rework_rate"], mean(p))


def test_counter_trips_follow_supplement_and_postal_return():
    """Every counter dossier: 1 trip to submit, + 1 when asked to supplement (s), + 1 to collect
    unless the result is posted (r): mean 1 + s + (1 - r), variance s(1-s) + r(1-r). With s = 0.2 and
    r = 0.3 a dropped collection trip (mean 1.2) or supplement trip (1.7) is > 20 SE away."""
    s, ret = 0.2, 0.3
    m = one_procedure(4000)
    r = cchc.simulate(m, start="2021-01-01", days=365, replications=1, seed=23, progress=False,
                      desk_time=Fixed(1.0), desk_staff={"STP": 50},
                      **{**OFF, "supplement_prob": s, "post_return_share": ret})
    trips = r.dossiers()["trips"].to_numpy(dtype=float)
    se = math.sqrt((s * (1 - s) + ret * (1 - ret)) / len(trips))
    assert len(trips) > 3000
    assert abs(trips.mean() - (1 + s + (1 - ret))) <= Z_BOUND * se, (trips.mean(), se)


# ---------------------------------------------------------------------------
# Queues


def run_desk(lam, service, servers, reps, seed, dist=Exponential):
    """A pure single-desk queue in working time: Poisson arrivals at ``lam`` per working minute."""
    return cchc.simulate(one_procedure(lam * MINUTES_2021), start="2021-01-01", days=365, replications=reps,
                         seed=seed, progress=False, keep_dossiers=False, desk_time=dist(service),
                         desk_staff={"STP": servers}, warmup_days=20, **OFF)


def erlang_c_wait(lam, service, c):
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = lam * service
    rho = a / c
    tail = a**c / math.factorial(c) / (1 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
    return p_wait * service / (c - a)


def smallest_effect(f, lam, service):
    """Smallest change of f(lam, service) when either input is off by 2%, either way."""
    base = f(lam, service)
    return min(min(abs(f(lam * k, service) - base), abs(f(lam, service * k) - base)) for k in (0.98, 1.02))


def check_mean_with_power(values, expected, effect):
    """Within 4 SE of theory, and the SE small enough that ``effect`` is >= 4 + 1.645 SE (95% power)."""
    v = np.asarray(values, dtype=float)
    se = v.std(ddof=1) / math.sqrt(len(v))
    assert se * (Z_BOUND + Z_POWER_95) <= effect, f"too few replications: SE {se:.4g} vs effect {effect:.4g}"
    assert abs(v.mean() - expected) <= Z_BOUND * se, (v.mean(), expected, se)


def check_utilisation(pool, lam, service, second_moment, servers, reps):
    """Utilisation = busy time / (servers x time). The busy time of a work-conserving pool over T is the
    work that arrived (less O(1) residuals): compound Poisson with variance lam T E[S^2], so
    SE = sqrt(lam E[S^2] / T) / servers, T = the counted working minutes of all replications. The
    bound is 4 SE and a 2% input bias (utilisation x 1.02) must be >= 4 + 1.645 SE away."""
    T = reps * (MINUTES_2021 - 20 * 0.95 * 480)  # warmup: about 20 calendar days x 0.95 office days
    se = math.sqrt(lam * second_moment / T) / servers
    rho = lam * service / servers
    assert 0.02 * rho >= (Z_BOUND + Z_POWER_95) * se
    assert abs(pool["utilisation"] - rho) <= Z_BOUND * se, (pool["utilisation"], rho, se)


def test_mm1_wait_and_utilisation_detect_a_2pct_bias():
    """M/M/1 at rho = 0.7: Wq = rho S / (1 - rho). A 2% bias in lam moves Wq by about 7%, in S by about
    9%; measured SE over 1-year replications is about 10% of Wq / sqrt(reps), so 120 replications give an
    SE near 1% (checked: the smaller effect must be >= 5.645 SE)."""
    lam, S, reps = 0.07, 10.0, 120
    wq = lambda la, s: la * s * s / (1 - la * s)  # noqa: E731
    r = run_desk(lam, S, 1, reps, seed=101)
    waits = r.replication_table()["desk_wait_mean_min"]
    check_mean_with_power(waits, wq(lam, S), smallest_effect(wq, lam, S))
    check_utilisation(r.pools().iloc[0], lam, S, 2 * S * S, 1, reps)


def test_mmc_erlang_c_detects_a_2pct_bias():
    """M/M/3 at rho = 0.833 (Erlang C). Near saturation a 2% bias moves Wq by about 13-14%; the
    replications are chosen (and checked) so that this is >= 5.645 SE."""
    lam, S, c, reps = 0.25, 10.0, 3, 40
    r = run_desk(lam, S, c, reps, seed=103)
    wq = lambda la, s: erlang_c_wait(la, s, c)  # noqa: E731
    waits = r.replication_table()["desk_wait_mean_min"]
    check_mean_with_power(waits, wq(lam, S), smallest_effect(wq, lam, S))
    check_utilisation(r.pools().iloc[0], lam, S, 2 * S * S, c, reps)


def test_md1_pollaczek_khinchine_detects_a_2pct_bias():
    """M/D/1 at rho = 0.7: Wq = lam S^2 / (2 (1 - rho)) (Pollaczek-Khinchine)."""
    lam, S, reps = 0.07, 10.0, 60
    wq = lambda la, s: la * s * s / (2 * (1 - la * s))  # noqa: E731
    r = run_desk(lam, S, 1, reps, seed=107, dist=Fixed)
    waits = r.replication_table()["desk_wait_mean_min"]
    check_mean_with_power(waits, wq(lam, S), smallest_effect(wq, lam, S))
    check_utilisation(r.pools().iloc[0], lam, S, S * S, 1, reps)


def test_jackson_network_utilisation_and_rework_detect_a_2pct_bias():
    """test_sim's open Jackson network (three M/M/c stations in series, rework p = 0.25 back to the
    first). Each station's utilisation is lam S / (c (1 - p)); a dossier brings K ~ geometric(1 - p)
    visits of exponential work, E[W^2] = 2 S^2 / (1 - p)^2, so the utilisation's SE over T counted
    minutes is sqrt(lam E[W^2] / T) / c. A 2% bias in lam or in a station's S moves its utilisation
    by 2%; a 2% bias in p moves the rework rate p / (1 - p) by 2.7%, against its SE
    sqrt(p) / (1 - p) / sqrt(dossiers). Both are checked to be >= 4 + 1.645 SE (95% power)."""
    from test_sim import JACKSON_STEPS, jackson_model

    lam, p, reps = 0.04, 0.25, 40
    staff = {ag: c for _, _, ag, _, c in JACKSON_STEPS}
    r = cchc.simulate(jackson_model(lam), days=365, replications=reps, seed=29, progress=False,
                      warmup_days=20, keep_dossiers=False, rework={"P": (p, "Xử lý")},
                      step_ratio=Exponential(1.0), desk_time=Fixed(0), desk_staff={"STP": 50}, staff=staff,
                      paper_transfer=Fixed(0), electronic_transfer=Fixed(0), **OFF)
    pools = r.pools().query("kind == 'processing'").set_index("code")
    for _, _, ag, S, c in JACKSON_STEPS:
        check_utilisation(pools.loc[ag], lam / (1 - p), S, 2 * S * S / (1 - p), c, reps)
    per = r.replication_table()
    n = per["dossiers"].sum()
    se = math.sqrt(p) / (1 - p) / math.sqrt(n)
    effect = abs(1.02 * p / (1 - 1.02 * p) - p / (1 - p))
    assert effect >= (Z_BOUND + Z_POWER_95) * se
    rate = (per["rework_rate"] * per["dossiers"]).sum() / n
    assert abs(rate - p / (1 - p)) <= Z_BOUND * se, (rate, p / (1 - p), se)
