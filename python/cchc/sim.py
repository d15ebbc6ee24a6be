"""Service-flow simulation: dossiers (hồ sơ) through one-stop desks (bộ phận một cửa) and inter-agency steps.

:func:`simulate` runs a discrete-event simulation of a province's dossiers on
the Vietnamese working calendar (:mod:`cchc.calendar`) in C++, replications in
parallel threads with the GIL released, and returns a :class:`SimResult` whose
tables are pandas DataFrames built from numpy columns.

The model of one dossier
------------------------
* **Arrivals**: a Poisson process per procedure × implementing agency with the
  procedure's annual volume, shaped by ``month_weights`` and ``weekday_weights``
  (normalised per calendar year over working days), only in office time.
* **Channel**: online with probability ``online_share[online_level]`` (none,
  partial, full; default 0, 0.15, 0.30, the compliance-cost engine's
  ``online_share_partial`` and ``online_share_full``, or the procedure's recorded share), else post with ``post_share``, else the counter; a share
  ``priority_share`` of counter visitors is served first (priority counter).
* **Reception desk**: the one-stop desk that serves the implementing agency (the
  agency itself if it is a desk or service centre, else the nearest desk among
  the children of it or its ancestors, else its own counter); ``desk_staff``
  servers (the desk agency's headcount, or ``desk_staff_default``, raised when
  that cannot carry the desk's dossiers at ``unstaffed_utilisation``, with a
  warning naming one-stop desks without headcount and raised counters); service time
  ``desk_time`` (``online_desk_time`` for online dossiers), in working minutes.
* **Supplement request** (yêu cầu bổ sung): with ``supplement_prob`` the desk
  finds the dossier incomplete; the citizen comes back after ``supplement_delay``
  (an extra trip at the counter). ``clock_rule="restart"`` counts the deadline
  from the complete dossier's receipt (Decree 61/2018), ``"continue"`` from the
  first submission.
* **Steps**: every procedure step except reception and result return. The
  dossier first travels (``paper_transfer`` or ``electronic_transfer`` by the
  step's transfer mode, ``desk_handover`` when the step changes agency without
  one), then waits for the responsible agency's staff pool. Work time = the
  step's statutory time × a draw of ``step_ratio``. Servers = headcount (the
  agency's own plus its ``division`` children, the phòng who process) ×
  ``processing_staff_share`` × ``dossiers_per_officer`` (dossiers in progress at
  once), at least ``min_servers``; override by agency with ``staff={code: n}``.
  A ``transfer`` step is a pure delay. A procedure whose steps are only
  reception and result return is resolved at the desk.
* **Procedures without steps**: official catalogues publish a time limit
  (``methods[].processing_time``) and often no steps. Such a procedure is
  simulated on a *derived plan*: reception at the one-stop desk, one processing
  step ("Giải quyết hồ sơ") at the implementing agency whose statutory time is
  the time limit (the counter method's, else the first method's) less the
  desk's share, ``derived_desk_days`` working days (default 1: reception,
  hand-over and return), at most half the limit; then the result goes back to
  the desk. A warning names these procedures and ``by_procedure()`` marks them
  (``derived_plan``). A procedure with annual volumes but neither steps nor a
  time limit has no lead time the data supports: it is left out of the run and
  of every result, with a warning naming it (a scripted arrival of it is an
  error). An agency with steps but no headcount
  (own or divisions) and no ``staff`` override gets the servers that carry its
  expected work (annual volume × statutory time × mean ``step_ratio``) at
  ``unstaffed_utilisation`` (default 0.8), with a warning naming it;
  ``unstaffed_utilisation=0`` gives ``min_servers`` instead (which usually
  saturates). ``pools()["offered_load"]`` is each pool's expected utilisation;
  at 1 or more its queue grows for as long as dossiers arrive. It counts the
  visits of the routing: with rework back to step k, the steps from k on are
  visited 1 / (1 − p) times per dossier, the steps before k once; a desk
  serves every dossier once (online ones for ``online_desk_time``) and a
  supplemented one twice. With
  ``understaffed_utilisation=u`` (default 0: off) every pool whose headcount
  cannot carry its expected work at ``u`` is raised to the servers that do
  (``staff_raised``, with a warning): the staff a volume needs, for models
  whose headcount and volumes are not calibrated to each other (the synthetic
  national model, where every provincial approval goes to the provincial
  People's Committee).
* **Rework** (trả lại để xử lý lại): after the last step (usually the approval)
  the dossier goes back to an earlier step with ``rework_prob`` (to step
  ``rework_to_step``, default the first), each time independently; per
  procedure with ``rework={"1.004194": 0.2}`` or ``{"1.004194": (0.2, "Thẩm định")}``
  (the step by name or index among the processing steps); a probability must
  be below 1 (1 would loop forever). The deadline keeps running. Rework draws
  have their own random stream, so other draws stay common.
* **Result**: back at the desk (ready). The deadline is the procedure's
  processing time for the channel (its submission method, else the counter's,
  else the steps' sum) in working days from the day of receipt: result ready
  before the deadline day is *early*, on the deadline day *on time*, after it
  *late* (an apology slip is due). ``refusal_prob`` of dossiers are refused.
  Return: counter pickup (a trip, after ``pickup_delay``), post (``post_delay``)
  or online (full online procedures).

Memory: before a run starts its peak memory is estimated (dossiers in the
system per thread by Little's law plus the queues of saturated pools, the
statistics of every replication, kept dossier rows and event log, each with
its numpy copy). A run whose estimate exceeds ``max_memory`` bytes (default
75% of physical memory, or of a container's lower limit) is refused with
``MemoryError`` giving the estimate; pass ``max_memory=`` to raise the limit.

Time runs on one working clock: office minutes since ``start``. Queues and
work advance only in office hours; an online dossier sent at night is received
when the office opens. All parameters are documented defaults, not facts.

Examples
--------
>>> import cchc
>>> m = cchc.datasets.lai_chau_2021()
>>> r = cchc.simulate(m, days=90, replications=4, seed=1, progress=False)
>>> 0 <= r.on_time_rate <= 1
True
>>> r.by_agency().sort_values("dossiers", ascending=False).head()  # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args, _core
from cchc._files import fspath, write_bytes, write_csv
from cchc._plot import hbars, literal

__all__ = [
    "Empirical",
    "Exponential",
    "Fixed",
    "LogNormal",
    "SimResult",
    "Triangular",
    "simulate",
]

CHANNELS = ["in_person", "online", "post"]
OUTCOMES = ["early", "on_time", "late", "open"]
STATUSES = ["done", "refused", "in_progress"]
_ONLINE_LEVELS = ["none", "partial", "full"]


# ----------------------------------------------------------------------------
# Duration distributions (working minutes, or a ratio for ``step_ratio``).


@dataclass(frozen=True)
class Fixed:
    """Always ``value``."""

    value: float

    def spec(self) -> tuple[Any, ...]:
        return ("fixed", float(self.value))


@dataclass(frozen=True)
class Exponential:
    """Exponential with the given mean."""

    mean: float

    def spec(self) -> tuple[Any, ...]:
        return ("exponential", float(self.mean))


@dataclass(frozen=True)
class LogNormal:
    """Log-normal with the given mean and coefficient of variation (sd / mean)."""

    mean: float
    cv: float

    def spec(self) -> tuple[Any, ...]:
        return ("lognormal", float(self.mean), float(self.cv))


@dataclass(frozen=True)
class Triangular:
    """Triangular on [low, high] with the given mode."""

    low: float
    mode: float
    high: float

    def spec(self) -> tuple[Any, ...]:
        return ("triangular", float(self.low), float(self.mode), float(self.high))


@dataclass(frozen=True)
class Empirical:
    """Draws one of the observed ``values`` with equal probability."""

    values: tuple[float, ...] = field(default_factory=tuple)

    def spec(self) -> tuple[Any, ...]:
        return ("empirical", [float(v) for v in self.values])


_DISTS = {
    "desk_time", "online_desk_time", "step_ratio", "paper_transfer", "electronic_transfer", "desk_handover",
    "supplement_delay", "pickup_delay", "post_delay",
}
_PLAIN = {
    "warmup_days", "threads", "keep_replications", "volume_scale", "drain_days", "post_share", "priority_share",
    "desk_staff_default", "desk_staff_share", "processing_staff_share", "dossiers_per_officer", "min_servers",
    "unstaffed_utilisation", "understaffed_utilisation",
    "supplement_prob", "clock_rule", "refusal_prob", "post_return_share", "travel_speed_kmh", "rework_prob",
    "rework_to_step", "max_memory", "derived_desk_days",
}


# The plain options the engine reads as 32-bit integers.
_PLAIN_INT = {"warmup_days", "threads", "keep_replications", "desk_staff_default", "min_servers"}


def _default_online_share() -> tuple[float, float, float]:
    """Online shares by level (none, partial, full): the compliance-cost engine's defaults."""
    d = _core.cost_defaults()
    return (0.0, float(d["online_share_partial"]), float(d["online_share_full"]))


def _dist(value: Any, name: str) -> tuple[Any, ...]:
    if hasattr(value, "spec"):
        return tuple(value.spec())
    if isinstance(value, int | float):
        return ("fixed", float(value))
    if isinstance(value, tuple | list) and value and isinstance(value[0], str):
        return tuple(value)
    raise TypeError(f"{name}: expected a distribution (cchc.sim.Fixed, Exponential, ...) or a number, got {value!r}")


def _to_days(value: Any) -> int:
    return int(np.datetime64(pd.Timestamp(value).date(), "D").astype(np.int64))


def _apply_scenario(m: Any, scenario: Any) -> tuple[Any, dict[str, Any]]:
    """Apply a scenario: ``m.apply(s)`` when models know how, else ``s.apply(m)``.

    A scenario may also offer ``sim_overrides() -> dict`` (e.g. channel shares
    after a go-online measure); those are merged under the caller's overrides.
    """
    if scenario is None:
        return m, {}
    from cchc.scenario import Scenario

    if isinstance(scenario, Scenario):
        applied = m.apply(scenario)
    elif hasattr(scenario, "apply"):
        applied = scenario.apply(m)
    else:
        raise TypeError("scenario must have an apply(model) -> Model method (cchc.Scenario)")
    extra = scenario.sim_overrides() if hasattr(scenario, "sim_overrides") else {}
    return applied, dict(extra)


def _params(m: Any, overrides: dict[str, Any]) -> dict[str, Any]:
    p: dict[str, Any] = {}
    for key, value in overrides.items():
        if value is None:
            continue
        if key in _DISTS:
            p[key] = _dist(value, key)
        elif key in _PLAIN_INT:
            p[key] = _args.integer(key, value, -(2**31), 2**31 - 1)  # the engine checks each one's own range
        elif key in _PLAIN:
            p[key] = value
        elif key in ("staff", "desk_staff"):
            p[key] = {int(m._core.index("agencies", code)): int(n) for code, n in dict(value).items()}
        elif key == "rework":
            rules = []
            for code, rule in dict(value).items():
                prob, step = (rule, 0) if isinstance(rule, int | float) else rule
                rules.append((int(m._core.index("procedures", code)), float(prob),
                              step if isinstance(step, str) else int(step)))
            p[key] = rules
        elif key == "month_weights":
            p[key] = [float(x) for x in value]
        elif key == "weekday_weights":
            p[key] = [float(x) for x in value]
        elif key == "online_share":
            if isinstance(value, dict):
                base = dict(zip(_ONLINE_LEVELS, _default_online_share(), strict=True))
                unknown = set(value) - set(base)
                if unknown:
                    raise ValueError(f"online_share: unknown online levels {sorted(unknown)}; use {_ONLINE_LEVELS}")
                base.update(value)
                p[key] = [float(base[k]) for k in _ONLINE_LEVELS]
            else:
                p[key] = [float(x) for x in value]
        else:
            raise TypeError(f"simulate() got an unexpected parameter {key!r}")
    return p


def _scripted(m: Any, arrivals: Any) -> tuple[list[int], list[int], list[int], list[int], list[bool]]:
    df = pd.DataFrame(arrivals)
    for col in ("procedure", "agency", "time"):
        if col not in df:
            raise ValueError(f"arrivals: missing column {col!r} (procedure, agency, time[, channel, priority])")
    proc = [int(m._core.index("procedures", c)) for c in df["procedure"]]
    ag = [int(m._core.index("agencies", c)) for c in df["agency"]]
    times = np.asarray(pd.to_datetime(df["time"])).astype("datetime64[m]").astype(np.int64).tolist()
    channels = [CHANNELS.index(c) for c in df.get("channel", pd.Series(["in_person"] * len(df)))]
    prio = [bool(x) for x in df.get("priority", pd.Series([False] * len(df)))]
    return proc, ag, times, channels, prio


def simulate(
    m: Any,
    scenario: Any = None,
    start: Any = "2021-01-01",
    days: int = 365,
    replications: int = 10,
    seed: int = 1,
    progress: bool = True,
    *,
    keep_dossiers: bool = True,
    event_log: bool = False,
    office_hours: Any = None,
    saturday_morning: bool = False,
    arrivals: Any = None,
    **overrides: Any,
) -> SimResult:
    """Simulate ``days`` of dossiers from ``start``, ``replications`` times.

    Parameters
    ----------
    m : cchc.Model
        The province.
    scenario : cchc.Scenario, optional
        Applied first (``m.apply(scenario)``, or ``scenario.apply(m)``); any
        ``scenario.sim_overrides()`` dict is merged under ``overrides``. The
        same seed gives common random numbers: every dossier draws the same
        uniforms for its channel, supplement and refusal, so baseline and
        scenario differ mostly by the change itself.
    start, days : date, int
        Arrival window. In-flight dossiers are then drained (``drain_days``).
    replications, seed : int
        Independent streams per replication; identical results for any
        ``threads`` count. ``seed`` is any integer in 0 … 2^64-1; a value out of
        range raises :class:`cchc.ArgumentError` (a ``ValueError``) naming it.
    progress : bool
        A tqdm bar over replications when tqdm is installed.
    keep_dossiers : bool
        Keep per-dossier rows of the first ``keep_replications`` (default 1)
        replications; False for summary-only national runs.
    event_log : bool
        Record per-activity rows now (otherwise :meth:`SimResult.write_event_log`
        re-runs replication 0, which gives the identical dossiers).
    office_hours, saturday_morning
        Calendar (default 7:00-11:30, 13:30-17:00, Monday-Friday).
    arrivals : DataFrame, optional
        Scripted arrivals in addition to the Poisson ones: columns
        ``procedure``, ``agency`` (codes), ``time`` (local), optional
        ``channel`` (in_person, online, post) and ``priority``.
    **overrides
        Any engine parameter (see the module docstring): ``desk_time``,
        ``step_ratio``, ``staff={"SNV": 20}``, ``online_share={"full": 0.9}``,
        ``supplement_prob``, ``warmup_days``, ``threads``, ``derived_desk_days``,
        ``max_memory`` (bytes), ...

    Raises
    ------
    MemoryError
        The run's estimated memory exceeds ``max_memory`` (default 75% of
        physical memory or of a container's lower limit); the message gives
        the estimate and its parts.

    Warns
    -----
    UserWarning
        Procedures simulated on a plan derived from their time limit, procedures
        left out (neither steps nor time limit), pools staffed or raised from
        their expected work.

    Returns
    -------
    SimResult

    Examples
    --------
    >>> r = cchc.simulate(m, days=30, replications=2, progress=False,
    ...                   desk_time=cchc.sim.Exponential(12), supplement_prob=0.1)  # doctest: +SKIP
    >>> r.summary().loc["on_time_rate"]  # doctest: +SKIP
    """
    base_model = m
    m, extra = _apply_scenario(m, scenario)
    merged = {**extra, **overrides}
    params = _params(m, merged)
    params.update(
        start=_to_days(start),
        days=_args.integer("days", days, 1, 2**31 - 1),
        replications=_args.integer("replications", replications, 1, 2**31 - 1),
        seed=_args.integer("seed", seed),
        keep_dossiers=bool(keep_dossiers),
        keep_event_log=bool(event_log),
    )
    if arrivals is not None:
        params["scripted"] = _scripted(m, arrivals)
    cal: dict[str, Any] = {"saturday_morning": bool(saturday_morning)}
    if office_hours is not None:
        from cchc.calendar import _hm

        cal["office_hours"] = [
            (_hm(a) if isinstance(a, str) else int(a), _hm(b) if isinstance(b, str) else int(b)) for a, b in office_hours
        ]
    raw = _run(m, params, cal, progress)
    _warn_pools(m, raw, "defaulted", "agencies process dossiers but record no headcount; staffed for their "
                "expected work at unstaffed_utilisation", " Pass staff={code: servers} to set them.",
                desk=False)
    _warn_pools(m, raw, "defaulted", "reception desks have no headcount of their own (one-stop desks that record "
                "none, or agencies' own counters the default cannot carry): given desk_staff_default servers, "
                "raised where that cannot carry their dossiers at unstaffed_utilisation",
                " Pass desk_staff={code: servers} to set them.", desk=True)
    _warn_pools(m, raw, "raised", "staff pools raised to carry their expected work at understaffed_utilisation")
    procs, agencies = m._codes("procedures"), m._codes("agencies")
    _warn_named([procs[i] for i in raw["derived_plans"]],
                "procedures have a time limit but no steps: each is simulated as one processing step at "
                "its implementing agency taking the time limit less the desk's share (derived_desk_days); "
                "their lead times rest on that derived plan")
    _warn_named([procs[i] for i in raw["excluded"]],
                "procedures have annual volumes but neither steps nor a time limit "
                "(methods[].processing_time): left out of the simulation and of every result")
    _warn_named([agencies[i] for i in raw["no_distance"]],
                "implementing agencies record no travel_km (nor their desk): citizens' travel hours to "
                "them count 0 in citizen_hours_lost")
    _warn_named([agencies[i] for i in raw["not_valid"]],
                "implementing agencies receive dossiers but are not valid on any day from "
                f"{pd.Timestamp(start).date()} for {int(days)} days (valid_from/valid_to): the model's "
                "volumes describe another time; simulate the dates the model describes")
    return SimResult(m, raw, params, cal, base_model=base_model)


def _warn_named(names: list[str], what: str, advice: str = "", stacklevel: int = 3) -> None:
    """One warning for `simulate`'s caller: how many, `what`, and the first 8 names."""
    if not names:
        return
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    warnings.warn(f"{len(names)} {what}: {', '.join(names[:8])}{more}.{advice}", UserWarning,
                  stacklevel=stacklevel)


def _warn_pools(m: Any, raw: dict[str, Any], flag: str, what: str, advice: str = "", *,
                desk: bool | None = None) -> None:
    """Warn once, naming up to 8 agencies (with their servers), about the pools whose `flag` is set
    (only desks or only processing pools with `desk`)."""
    pools = raw["pools"]
    flagged = np.asarray(pools.get(flag, []), dtype=bool)
    if desk is not None:
        flagged &= np.asarray(pools["is_desk"], dtype=bool) == desk
    codes = m._codes("agencies")
    agency = np.asarray(pools["agency"])[flagged]
    servers = np.asarray(pools["servers"])[flagged]
    named = [f"{codes[a]} ({n})" for a, n in zip(agency, servers, strict=True)]
    _warn_named(named, f"{what} (servers)", advice, stacklevel=4)


def _run(m: Any, params: dict[str, Any], cal: dict[str, Any], progress: bool) -> dict[str, Any]:
    sim = _core.Simulation(m._core, params, cal)
    bar = None
    if progress:
        try:
            from tqdm.auto import tqdm

            bar = tqdm(total=sim.replications, desc="cchc.simulate", unit="rep")
        except ImportError:
            bar = None
    sim.start()
    shown = 0
    try:
        while not sim.wait(0.1):
            if bar is not None and sim.finished > shown:
                bar.update(sim.finished - shown)
                shown = sim.finished
    except KeyboardInterrupt:
        sim.cancel()  # workers stop within ~65,000 events; then re-raise
        while not sim.wait(0.1):
            pass
        raise
    finally:
        if bar is not None:
            bar.update(sim.finished - shown)
            bar.close()
    return dict(sim.take())


# t quantiles (0.975) for 95% confidence intervals over replications.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042]


def _t975(dof: int) -> float:
    if dof <= 0:
        return math.nan
    return _T975[dof - 1] if dof <= len(_T975) else 1.96


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


class SimResult:
    """The result of :func:`simulate`: per-replication statistics, tables and logs.

    Rates and means are computed per replication and then averaged; ``summary()``
    adds 95% confidence intervals (Student t over replications). Lead time is
    from receipt to result ready, in working days; waits are in working minutes.
    """

    def __init__(self, model: Any, raw: dict[str, Any], params: dict[str, Any], cal: dict[str, Any],
                 base_model: Any = None) -> None:
        self.model = model
        self.base_model = base_model
        self._raw = raw
        self._params = params
        self._cal = cal
        self.minutes_per_day: float = float(raw["minutes_per_day"])
        self.replications: int = int(params["replications"])
        self.cancelled: bool = bool(raw["cancelled"])

    # --- headline numbers -------------------------------------------------------
    def _per_rep(self) -> dict[str, np.ndarray]:
        t = {k: np.asarray(v)[:, 0] for k, v in self._raw["total"].items()}
        fin = t["finished"]
        mpd = self.minutes_per_day
        hist = np.asarray(self._raw["lead_hist"], dtype=float)
        width = float(self._raw["lead_bin_minutes"])

        def pct(q: float) -> np.ndarray:
            out = np.full(hist.shape[0], np.nan)
            for r in range(hist.shape[0]):
                n = hist[r].sum()
                if n == 0:
                    continue
                cum = np.cumsum(hist[r])
                target = q * n
                i = int(np.searchsorted(cum, target))
                before = cum[i - 1] if i > 0 else 0.0
                out[r] = (i + (target - before) / hist[r][i]) * width / mpd
            return out

        return {
            "dossiers": t["arrived"],
            "finished": fin,
            "on_time_rate": _ratio(t["early"] + t["on_time"], fin),
            "early_rate": _ratio(t["early"], fin),
            "late_rate": _ratio(t["late"], fin),
            "refusal_rate": _ratio(t["refused"], fin),
            "supplement_rate": _ratio(t["supplements"], t["arrived"]),
            "rework_rate": _ratio(t["reworks"], t["arrived"]),
            "apology_slips": t["late"],
            "lead_time_mean_days": _ratio(t["lead_sum"], fin) / mpd,
            "lead_time_p50_days": pct(0.50),
            "lead_time_p90_days": pct(0.90),
            "lead_time_p95_days": pct(0.95),
            "trips_per_dossier": _ratio(t["trips"], fin),
            "desk_wait_mean_min": _ratio(t["desk_wait"], fin),
            "step_wait_mean_days": _ratio(t["step_wait"], fin) / mpd,
            "citizen_hours_lost": t["hours_lost"],
            "backlog_end": t["backlog"],
            "events": np.asarray(self._raw["events"]),
            "peak_wip": np.asarray(self._raw["peak_wip"]),
        }

    @property
    def on_time_rate(self) -> float:
        """Share of finished dossiers whose result was ready by the deadline (early or on time), mean over replications."""
        rates = self._per_rep()["on_time_rate"]
        return float(np.nanmean(rates)) if np.isfinite(rates).any() else math.nan  # nothing finished: no rate

    def replication_table(self) -> pd.DataFrame:
        """One row per replication, one column per headline metric."""
        return pd.DataFrame(self._per_rep()).rename_axis("replication")

    def summary(self) -> pd.DataFrame:
        """Headline metrics: mean, standard deviation and 95% confidence interval over replications.

        Examples
        --------
        >>> r.summary().loc[["on_time_rate", "lead_time_mean_days"], ["mean", "ci95_low", "ci95_high"]]  # doctest: +SKIP
        """
        rows = {}
        n = self.replications
        for key, values in self._per_rep().items():
            v = np.asarray(values, dtype=float)
            v = v[~np.isnan(v)]
            mean = float(v.mean()) if len(v) else math.nan
            sd = float(v.std(ddof=1)) if len(v) > 1 else math.nan
            half = _t975(len(v) - 1) * sd / math.sqrt(len(v)) if len(v) > 1 else math.nan
            rows[key] = {"mean": mean, "std": sd, "ci95_low": mean - half, "ci95_high": mean + half, "n": len(v)}
        out = pd.DataFrame.from_dict(rows, orient="index")
        out.attrs["replications"] = n
        return out

    # --- by group ---------------------------------------------------------------
    def _groups(self, name: str) -> pd.DataFrame:
        g = {k: np.asarray(v, dtype=float) for k, v in self._raw[name].items()}
        fin = g["finished"]
        mpd = self.minutes_per_day
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            per = {
                "dossiers": g["arrived"].mean(axis=0),
                "finished": fin.mean(axis=0),
                "on_time_rate": np.nanmean(_ratio(g["early"] + g["on_time"], fin), axis=0)
                if fin.size else np.array([]),
                "late": g["late"].mean(axis=0),
                "lead_time_mean_days": g["lead_sum"].sum(axis=0) / np.where(fin.sum(axis=0) > 0, fin.sum(axis=0), np.nan) / mpd,
                "trips_per_dossier": g["trips"].sum(axis=0) / np.where(fin.sum(axis=0) > 0, fin.sum(axis=0), np.nan),
                "desk_wait_mean_min": g["desk_wait"].sum(axis=0) / np.where(fin.sum(axis=0) > 0, fin.sum(axis=0), np.nan),
                "step_wait_mean_days": g["step_wait"].sum(axis=0) / np.where(fin.sum(axis=0) > 0, fin.sum(axis=0), np.nan) / mpd,
                "supplements": g["supplements"].mean(axis=0),
                "reworks": g["reworks"].mean(axis=0),
                "citizen_hours_lost": g["hours_lost"].mean(axis=0),
                "backlog_end": g["backlog"].mean(axis=0),
            }
        return pd.DataFrame(per)

    def _pools(self) -> pd.DataFrame:
        p = self._raw["pools"]
        horizon = float(self._raw["horizon_minutes"])
        servers = np.asarray(p["servers"], dtype=float)
        busy = np.asarray(p["busy"], dtype=float)
        served = np.asarray(p["served"], dtype=float).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            df = pd.DataFrame(
                {
                    "agency": np.asarray(p["agency"]),
                    "is_desk": np.asarray(p["is_desk"]).astype(bool),
                    "servers": servers.astype(int),
                    "utilisation": busy.mean(axis=0) / (servers * horizon) if horizon > 0 else np.nan,
                    "queue_mean": np.asarray(p["queue_area"], dtype=float).mean(axis=0) / horizon if horizon > 0 else np.nan,
                    "wait_mean_min": np.asarray(p["wait_sum"], dtype=float).sum(axis=0) / np.where(served > 0, served, np.nan),
                    "max_queue": np.asarray(p["max_queue"], dtype=float).max(axis=0) if busy.size else 0,
                    "backlog_end": np.asarray(p["backlog"], dtype=float).mean(axis=0),
                    "staff_defaulted": np.asarray(p.get("defaulted", np.zeros(len(servers))), dtype=bool),
                    "offered_load": np.asarray(p["offered"], dtype=float),
                    "staff_raised": np.asarray(p["raised"], dtype=bool),
                }
            )
        return df

    def pools(self) -> pd.DataFrame:
        """One row per staff pool (reception desks and processing pools): servers, utilisation,
        mean queue length, mean wait (working minutes), largest queue, backlog at the end, and
        ``staff_defaulted`` (no headcount: a processing pool's servers from ``unstaffed_utilisation``;
        a one-stop desk recording none, or an agency's own counter that the default cannot carry, gets
        ``desk_staff_default`` raised to carry its work) and
        ``offered_load``, the expected utilisation before any queueing (annual volumes × statutory
        step time × mean ``step_ratio`` / (servers × office minutes of a year)): a pool at 1 or more
        saturates and its queue grows for as long as dossiers arrive.
        """
        df = self._pools()
        codes = self.model._codes("agencies")
        df.insert(0, "code", [codes[i] for i in df["agency"]])
        df["kind"] = np.where(df["is_desk"], "desk", "processing")
        return df.drop(columns=["agency", "is_desk"])

    def by_agency(self) -> pd.DataFrame:
        """Per agency: dossiers it implements (on-time rate, lead time, trips, backlog) and its staff
        pools (desk and processing utilisation, queues, waits). Agencies with neither are left out.

        Examples
        --------
        >>> r.by_agency().nsmallest(5, "on_time_rate")[["name", "on_time_rate", "utilisation"]]  # doctest: +SKIP
        """
        agencies = self.model.agencies.to_pandas()[["code", "name", "kind", "level"]]
        df = pd.concat([agencies, self._groups("agency")], axis=1)
        pools = self._pools()
        for is_desk, prefix in ((True, "desk_"), (False, "")):
            part = pools[pools["is_desk"] == is_desk].set_index("agency")
            for col in ("servers", "utilisation", "queue_mean", "wait_mean_min", "backlog_end"):
                name = {"wait_mean_min": "pool_wait_min", "backlog_end": "pool_backlog_end"}.get(col, col)
                name = prefix + name
                values = np.full(len(df), np.nan)
                values[part.index.to_numpy()] = part[col].to_numpy()
                df[name] = values
        keep = (df["dossiers"] > 0) | df["desk_servers"].notna() | df["servers"].notna()
        return df[keep].reset_index(drop=True)

    def by_procedure(self) -> pd.DataFrame:
        """Per procedure: dossiers, on-time rate, lead time, trips, waits, supplements, backlog, and
        ``derived_plan`` (no steps in the data: simulated on the plan derived from its time limit)."""
        procs = self.model.procedures.to_pandas()[["code", "name", "field", "online_level"]]
        df = pd.concat([procs, self._groups("procedure")], axis=1)
        derived = np.zeros(len(df), dtype=bool)
        derived[np.asarray(self._raw.get("derived_plans", []), dtype=np.int64)] = True
        df["derived_plan"] = derived
        return df[df["dossiers"] > 0].reset_index(drop=True)

    def _open_dates(self, n: int) -> pd.DatetimeIndex:
        """The first ``n`` open days (office minutes > 0) from the start, in order."""
        from cchc.calendar import Calendar

        start = np.datetime64(int(self._params["start"]), "D")
        days = pd.date_range(start, periods=int(self._params["days"]), freq="D")
        cal = Calendar(
            office_hours=self._cal.get("office_hours", (("07:00", "11:30"), ("13:30", "17:00"))),
            saturday_morning=self._cal.get("saturday_morning", False),
        )
        mins = np.asarray(cal._core.office_minutes(days.to_numpy().astype("datetime64[D]").astype(np.int32)))
        return days[mins > 0][:n]

    def wip(self) -> pd.DataFrame:
        """Dossiers in the system at the end of each working day (mean over replications)."""
        arrays = [np.asarray(a, dtype=float) for a in self._raw["wip_by_day"]]
        n = min((len(a) for a in arrays), default=0)
        mean = np.mean([a[:n] for a in arrays], axis=0) if arrays else np.array([])
        dates = self._open_dates(n)
        return pd.DataFrame({"date": dates, "in_system": mean[: len(dates)]})

    def queues(self, freq: str = "D") -> pd.DataFrame:
        """Queue length over time per staff pool (reception desks and processing pools).

        Collected in C++ at every office day's end, in summary-only mode too.

        Parameters
        ----------
        freq : str
            ``"D"`` (open days), ``"W"`` (weeks) or ``"M"`` (months): any pandas
            period alias.

        Returns
        -------
        DataFrame
            One row per period and pool: ``date`` (period start), ``code``
            (agency), ``kind`` (desk or processing), ``queue_mean``
            (time-weighted mean number of dossiers waiting, over office time,
            mean over replications), ``queue_max`` (largest queue in any
            replication).

        Examples
        --------
        >>> q = r.queues("W")  # doctest: +SKIP
        >>> q.pivot(index="date", columns="code", values="queue_mean").max().nlargest(5)  # doctest: +SKIP
        """
        n_pools = len(np.asarray(self._raw["pools"]["agency"]))
        means = [np.asarray(a, dtype=float) for a in self._raw.get("queue_mean_by_day", [])]
        maxes = [np.asarray(a, dtype=float) for a in self._raw.get("queue_max_by_day", [])]
        days = min((len(a) // max(n_pools, 1) for a in means), default=0)
        cols = ["date", "code", "kind", "queue_mean", "queue_max"]
        if n_pools == 0 or days == 0:
            return pd.DataFrame(columns=cols)
        mean = np.mean([a[: days * n_pools].reshape(days, n_pools) for a in means], axis=0)
        mx = np.max([a[: days * n_pools].reshape(days, n_pools) for a in maxes], axis=0)
        dates = self._open_dates(days)
        days = len(dates)
        codes = np.asarray(self.model._codes("agencies"), dtype=object)[np.asarray(self._raw["pools"]["agency"])]
        kinds = np.where(np.asarray(self._raw["pools"]["is_desk"]).astype(bool), "desk", "processing")
        df = pd.DataFrame({
            "date": np.repeat(dates.to_numpy(), n_pools),
            "pool": np.tile(np.arange(n_pools), days),
            "queue_mean": mean[:days].ravel(),
            "queue_max": mx[:days].ravel(),
        })
        if freq.upper() != "D":
            df["date"] = df["date"].dt.to_period(freq).dt.start_time
            df = df.groupby(["date", "pool"], as_index=False).agg(queue_mean=("queue_mean", "mean"),
                                                                 queue_max=("queue_max", "max"))
        df["code"] = codes[df["pool"].to_numpy()]
        df["kind"] = kinds[df["pool"].to_numpy()]
        return df[cols].reset_index(drop=True)

    # --- rows -------------------------------------------------------------------
    def dossiers(self, replication: int = 0) -> pd.DataFrame:
        """Per-dossier rows of one kept replication, ordered by arrival.

        Columns: id, procedure, agency (implementing), desk, channel, priority,
        outcome (early, on_time, late, open), status (done, refused,
        in_progress), trips, arrival, receipt, deadline, ready, completion
        (local time), lead_days (working days receipt → ready), desk_wait_min,
        step_wait_min, work_min, transfer_min (working minutes).
        """
        rows = self._raw["dossiers"]
        if not rows:
            raise ValueError("no per-dossier rows: run simulate(..., keep_dossiers=True)")
        if not 0 <= replication < len(rows):
            raise IndexError(f"replication {replication}: only the first {len(rows)} replications keep rows "
                             "(keep_replications=...)")
        c = rows[replication]
        agencies = self.model._codes("agencies")
        procs = self.model._codes("procedures")

        def wall(name: str) -> np.ndarray:
            v = np.asarray(c[name]).astype(np.int64)
            out = v.view("datetime64[s]").copy()
            out[v == np.iinfo(np.int64).min] = np.datetime64("NaT")
            return out

        df = pd.DataFrame(
            {
                "id": np.asarray(c["id"]),
                "procedure": pd.Categorical.from_codes(np.asarray(c["procedure"]), categories=procs),
                "agency": pd.Categorical.from_codes(np.asarray(c["agency"]), categories=agencies),
                "desk": pd.Categorical.from_codes(np.asarray(c["desk"]), categories=agencies),
                "channel": pd.Categorical.from_codes(np.asarray(c["channel"]), categories=CHANNELS),
                "priority": np.asarray(c["priority"]).astype(bool),
                "outcome": pd.Categorical.from_codes(np.asarray(c["outcome"]), categories=OUTCOMES),
                "status": pd.Categorical.from_codes(np.asarray(c["status"]), categories=STATUSES),
                "trips": np.asarray(c["trips"]).astype(np.int16),
                "arrival": wall("arrival_wall"),
                "receipt": wall("receipt_wall"),
                "deadline": wall("deadline_wall"),
                "ready": wall("ready_wall"),
                "completion": wall("completion_wall"),
                "lead_days": np.where(np.isfinite(c["lead_days"]), c["lead_days"], np.nan),
                "desk_wait_min": np.asarray(c["desk_wait"]),
                "step_wait_min": np.asarray(c["step_wait"]),
                "work_min": np.asarray(c["step_work"]),
                "transfer_min": np.asarray(c["transfer"]),
            }
        )
        return df.sort_values("id", kind="stable").reset_index(drop=True)

    def event_log(self, replication: int = 0) -> pd.DataFrame:
        """Per-activity rows for process mining, with PM4Py's column names.

        ``case:concept:name`` (dossier id), ``concept:name`` (activity: Tiếp nhận
        hồ sơ, the procedure's step names, Chuyển hồ sơ, Yêu cầu bổ sung hồ sơ,
        Có kết quả, Trả kết quả), ``org:resource`` (agency code of the staff pool,
        empty for transfers and citizens' time), ``start_timestamp``,
        ``time:timestamp`` (local time), and ``case:procedure``.
        When the run did not record the log, replication 0 is re-run with
        logging on (same seed: identical dossiers).
        """
        logs = self._raw["event_log"]
        if not logs:
            params = dict(self._params, replications=1, keep_replications=1, keep_event_log=True, threads=1)
            raw = _run(self.model, params, self._cal, progress=False)
            self._raw["event_log"] = logs = raw["event_log"]
            if replication != 0:
                raise ValueError("only replication 0 can be re-run for its event log; pass event_log=True")
        c = logs[replication]
        names = list(self._raw["activity_names"])
        agencies = np.asarray(self.model._codes("agencies") + [""], dtype=object)
        pool_agency = np.asarray(self._raw["pools"]["agency"])
        res = np.asarray(c["resource"])
        res_agency = np.where(res >= 0, pool_agency[np.maximum(res, 0)], len(agencies) - 1) if len(pool_agency) else \
            np.full(len(res), len(agencies) - 1)
        case = np.asarray(c["dossier"])
        dossiers = self.dossiers(replication) if self._raw["dossiers"] else None
        df = pd.DataFrame(
            {
                "case:concept:name": case,
                "concept:name": pd.Categorical.from_codes(np.asarray(c["activity"]), categories=names),
                "org:resource": agencies[res_agency],
                "start_timestamp": np.asarray(c["start_wall"]).astype(np.int64).view("datetime64[s]"),
                "time:timestamp": np.asarray(c["end_wall"]).astype(np.int64).view("datetime64[s]"),
            }
        )
        if dossiers is not None:
            proc = dossiers.set_index("id")["procedure"]
            df["case:procedure"] = proc.reindex(case).to_numpy()
        df = df.sort_values(["case:concept:name", "start_timestamp", "time:timestamp"], kind="stable")
        df["case:concept:name"] = df["case:concept:name"].astype(str)
        return df.reset_index(drop=True)

    def write_event_log(self, path: str | os.PathLike[str], replication: int = 0, *,
                        spreadsheet: bool = False) -> Path:
        """Write the event log (see :meth:`event_log`): Parquet when the path ends in ``.parquet``
        and pyarrow is installed, else CSV (UTF-8). Returns the path written.

        The CSV is data for process-mining programs (PM4Py): values are written as they are, so
        an agency code starting with ``=`` would be a formula if opened in a spreadsheet. Pass
        ``spreadsheet=True`` to write it for Excel instead (BOM; such text prefixed with ``'``,
        see :func:`cchc._files.write_csv`).

        Examples
        --------
        >>> r.write_event_log("log.csv")  # doctest: +SKIP
        >>> import pm4py; log = pm4py.read.read_csv  # then pm4py.format_dataframe(...)  # doctest: +SKIP
        """
        path = Path(fspath(path))
        df = self.event_log(replication)
        if path.suffix == ".parquet":
            try:
                buf = io.BytesIO()
                df.to_parquet(buf, index=False)
                write_bytes(path, buf.getvalue())
                return path
            except ImportError:
                path = path.with_suffix(".csv")
        write_csv(df, path, spreadsheet=spreadsheet)
        return path

    # --- plots ------------------------------------------------------------------
    def plot_lead_times(self, ax: Any = None, bins: int = 60) -> Any:
        """Histogram of lead times (working days) from the lead-time histograms of every replication."""
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        hist = np.asarray(self._raw["lead_hist"], dtype=float).sum(axis=0)
        width = float(self._raw["lead_bin_minutes"]) / self.minutes_per_day
        last = int(np.nonzero(hist)[0].max()) + 1 if hist.any() else 1
        ax.bar(np.arange(last) * width, hist[:last] / max(hist.sum(), 1), width=width, align="edge")
        ax.set_xlabel("lead time (working days, receipt → result)")
        ax.set_ylabel("share of dossiers")
        return ax

    def plot_on_time_by_agency(self, ax: Any = None, top: int = 20) -> Any:
        """Horizontal bars: on-time rate of the ``top`` agencies by volume, the lowest at the top."""
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        df = self.by_agency().nlargest(top, "dossiers").sort_values("on_time_rate")
        hbars(ax, list(df["name"]), df["on_time_rate"], fmt=lambda v: f"{v:.0%}", xlim=(0, 1))
        ax.set_xlabel("on-time rate")
        return ax

    def plot_queue(self, ax: Any = None, top: int | None = None, freq: str = "D", pools: Any = None) -> Any:
        """Queues over time.

        Without ``top`` or ``pools``: dossiers in the whole system at the end of
        each working day. With ``top=n``: the time-weighted mean queue of the
        ``n`` pools with the longest mean queue (or the agencies named in
        ``pools``), per ``freq`` period (see :meth:`queues`).

        Examples
        --------
        >>> r.plot_queue(top=5, freq="W")  # doctest: +SKIP
        """
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        if top is None and pools is None:
            w = self.wip()
            ax.plot(w["date"], w["in_system"])
            ax.set_ylabel("dossiers in the system")
            return ax
        q = self.queues(freq)
        q["label"] = q["code"] + " (" + q["kind"] + ")"
        wide = q.pivot_table(index="date", columns="label", values="queue_mean")
        if pools is not None:
            wanted = set(pools)
            wide = wide[[c for c in wide.columns if c.split(" (")[0] in wanted]]
        else:
            wide = wide[wide.mean().nlargest(top or 5).index]
        for col in wide.columns:
            ax.plot(wide.index, wide[col], label=literal(col))
        locator = ax.xaxis.get_major_locator()
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # day labels do not overlap
        ax.set_ylabel("dossiers waiting (time-weighted mean)")
        ax.legend(fontsize="small")
        return ax

    def __repr__(self) -> str:
        s = self._per_rep()
        return (f"<cchc.SimResult {self.replications} replications: {np.nanmean(s['dossiers']):,.0f} dossiers, "
                f"on time {self.on_time_rate:.1%}, lead {np.nanmean(s['lead_time_mean_days']):.2f} working days>")
