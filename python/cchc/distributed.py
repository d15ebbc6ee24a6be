"""Scenario sweeps: many scenarios × replications, on local threads or a Dask cluster.

:func:`sweep` evaluates every scenario (phương án đơn giản hóa) of a reform
programme: its compliance cost (chi phí tuân thủ, deterministic, once per
scenario), its service simulation (one row per replication and metric) and,
when asked, a training plan. Work is cut into chunks (one scenario, a few
replications). Locally the chunks run on a thread pool: the C++ engines release
the GIL, so threads use every core. With a ``dask.distributed.Client`` the model
is scattered once to every worker (pickled through the snapshot format) and the
chunks are submitted as tasks; the same function runs in both cases.

Reproducibility
---------------
Replication ``r`` of scenario ``s`` is simulated with its own seed
:func:`replication_seed` ``(seed, s, r)``, derived from the scenario's JSON
(not its position in the list) by BLAKE2b. The numbers therefore do not depend
on chunking, scheduling, the number of threads or workers, or the backend, and
one replication can be re-run alone::

    cchc.simulate(m, scenario=s, replications=1,
                  seed=cchc.distributed.replication_seed(1, s, r), ...)

With ``common_random_numbers=True`` the scenario is left out of the seed, so
replication ``r`` of every scenario sees the same random streams (arrivals,
channels, supplements), which shrinks the variance of differences between
scenarios.

Failures and resuming
---------------------
A chunk that raises (e.g. a scenario naming a procedure the province does not
have) is reported in :attr:`SweepResult.failures` with its scenario and the
error; the other chunks complete. With ``cache_dir`` every finished chunk is
written as a Parquet file named by a hash of the model's snapshot bytes, the
scenario's JSON, the seed, the chunk, the options and the cchc version; a
re-run (after an interruption, or with more scenarios) loads those and
computes only the rest.

Examples
--------
>>> import cchc
>>> m = cchc.datasets.lai_chau_2021()
>>> plans = [None, cchc.Scenario("1 lượt").set_trips("*", 1),
...          cchc.Scenario("trực tuyến").set_online("*", "full", share=0.6)]
>>> res = cchc.sweep(m, plans, replications=4, days=60, progress=False)
>>> sorted(res.data["scenario"].unique())
['1 lượt', 'baseline', 'trực tuyến']
>>> bool(res.summary().loc[("trực tuyến", "cost_saving_pct"), "mean"] > 0)
True
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import io
import json
import math
import os
import pickle
import traceback
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args
from cchc._files import fspath, write_bytes

__all__ = ["COST_METRICS", "SIM_METRICS", "TRAINING_METRICS", "SweepResult", "replication_seed", "sweep"]

#: Deterministic, once per scenario (VND/year; percent).
COST_METRICS = ("cost_before", "cost_after", "cost_saving", "cost_saving_pct")
#: Per replication: the columns of :meth:`cchc.SimResult.replication_table`.
SIM_METRICS = (
    "dossiers", "finished", "on_time_rate", "early_rate", "late_rate", "refusal_rate", "supplement_rate",
    "apology_slips", "lead_time_mean_days", "lead_time_p50_days", "lead_time_p90_days", "lead_time_p95_days",
    "trips_per_dossier", "desk_wait_mean_min", "step_wait_mean_days", "citizen_hours_lost", "backlog_end", "events",
)
#: Deterministic, once per scenario, when ``training=`` is given (see :func:`cchc.training.plan`).
TRAINING_METRICS = (
    "training_budget_used", "training_people_trained", "training_places", "training_sessions_used",
    "training_gaps_closed", "training_mandatory_overdue_closed", "training_objective",
)
DEFAULT_METRICS = (
    "cost_after", "cost_saving", "cost_saving_pct", "on_time_rate", "lead_time_mean_days", "trips_per_dossier",
    "citizen_hours_lost", "apology_slips",
)
_CACHE_FORMAT = 1
BASELINE = "baseline"


# ----------------------------------------------------------------------------
# Seeds.


def _scenario_json(scenario: Any) -> str:
    return "" if scenario is None else scenario.to_json(indent=None)


def replication_seed(seed: int, scenario: Any, replication: int, *, common_random_numbers: bool = False) -> int:
    """The simulation seed of replication ``replication`` of ``scenario`` in a sweep with ``seed``.

    A 64-bit BLAKE2b hash of ``(seed, scenario JSON, replication)``; ``None`` is the
    baseline. Independent of the scenario's position, the chunking and the backend.

    Parameters
    ----------
    seed : int
        The sweep's seed.
    scenario : cchc.Scenario or None
    replication : int
    common_random_numbers : bool
        Leave the scenario out, so every scenario's replication ``r`` shares streams.

    Examples
    --------
    >>> s = cchc.Scenario("x").set_trips("*", 1)
    >>> seed = cchc.distributed.replication_seed(1, s, 3)
    >>> r = cchc.simulate(m, scenario=s, replications=1, seed=seed, days=60, progress=False)  # doctest: +SKIP
    """
    key = "" if common_random_numbers else _scenario_json(scenario)
    seed = _args.integer("seed", seed)
    replication = _args.integer("replication", replication, 0, 2**31 - 1)
    text = f"cchc.sweep/1|{seed}|{key}|{replication}".encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


# ----------------------------------------------------------------------------
# One chunk: the unit of work on a thread or a Dask worker.


def _simulate_one(model: Any, seed: int, sim: dict[str, Any]) -> dict[str, float]:
    """One replication (``replications=1``) of an already-applied model: {metric: value}."""
    from cchc.sim import simulate

    opts = {"threads": 1, **sim}  # parallelism is across chunks; one thread per replication
    r = simulate(model, None, replications=1, seed=seed, progress=False, keep_dossiers=False, **opts)
    table = r.replication_table()
    return {k: float(table[k].iloc[0]) for k in table.columns}


def _deterministic(model: Any, scenario: Any, task: dict[str, Any]) -> dict[str, float]:
    from cchc.cost import CostParams, evaluate_scenarios
    from cchc.scenario import Scenario

    out: dict[str, float] = {}
    if any(m in COST_METRICS for m in task["metrics"]):
        params = CostParams.from_dict(task["cost_params"]) if task["cost_params"] else None
        df = evaluate_scenarios(model, [scenario if scenario is not None else Scenario(BASELINE)], params, threads=1)
        row = df.iloc[0]
        out.update(cost_before=float(row["before"]), cost_after=float(row["after"]),
                   cost_saving=float(row["saving"]), cost_saving_pct=float(row["saving_pct"]))
    if task["training"] is not None and any(m in TRAINING_METRICS for m in task["metrics"]):
        from cchc import training

        applied = model.apply(scenario) if scenario is not None else model
        s = training.plan(applied, **{"threads": 1, **task["training"]}).summary()
        for name in TRAINING_METRICS:
            out[name] = float(s[name.removeprefix("training_")])
    return out


def _run_chunk(model: Any, task: dict[str, Any]) -> dict[str, Any]:
    """Run one chunk; never raises: an error comes back as ``{"error": ...}`` with its scenario."""
    from cchc.scenario import Scenario
    from cchc.sim import _apply_scenario

    try:
        scenario = Scenario.from_json(task["scenario"]) if task["scenario"] else None
        metrics = task["metrics"]
        reps: list[int] = []
        names: list[str] = []
        values: list[float] = []
        if task["deterministic"]:
            for name, value in _deterministic(model, scenario, task).items():
                if name in metrics:
                    reps.append(-1)
                    names.append(name)
                    values.append(value)
        sim_metrics = [m for m in metrics if m in SIM_METRICS]
        if sim_metrics and task["seeds"]:
            applied, extra = _apply_scenario(model, scenario)
            sim = {**extra, **task["sim"]}
            for r, seed in zip(range(task["r0"], task["r1"]), task["seeds"], strict=True):
                row = _simulate_one(applied, seed, sim)
                for name in sim_metrics:
                    reps.append(r)
                    names.append(name)
                    values.append(row[name])
        return {"key": task["key"], "replication": reps, "metric": names, "value": values}
    except Exception as exc:  # reported per chunk, so one bad scenario does not lose the others
        return {"key": task["key"], "error": type(exc).__name__, "message": str(exc),
                "traceback": traceback.format_exc()}


# ----------------------------------------------------------------------------
# The result.


def _t975(dof: int) -> float:
    from cchc.sim import _t975 as t

    return t(dof)


@dataclass
class SweepResult:
    """What :func:`sweep` returns.

    Attributes
    ----------
    data : pandas.DataFrame
        Tidy rows ``scenario`` (categorical, in the order given), ``replication``
        (Int64; ``<NA>`` for deterministic metrics such as cost), ``metric``,
        ``value``; sorted by scenario, metric, replication.
    failures : pandas.DataFrame
        One row per failed chunk: ``scenario``, ``replications`` (``"r0-r1"``),
        ``error`` (exception type), ``message``, ``traceback``. Empty when all went well.
    computed, cached : int
        Chunks computed in this call, and loaded from ``cache_dir``.
    """

    data: pd.DataFrame
    failures: pd.DataFrame
    scenarios: list[str]
    replications: int
    seed: int
    computed: int = 0
    cached: int = 0
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no chunk failed."""
        return len(self.failures) == 0

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """Per scenario and metric: mean, std, 95% confidence interval (Student t over replications), n.

        Deterministic metrics have ``n = 1`` and an interval of zero width.

        Examples
        --------
        >>> res.summary().loc["baseline"].loc["on_time_rate", ["mean", "ci95_low", "ci95_high"]]  # doctest: +SKIP
        """
        if level != 0.95:
            raise ValueError("only level=0.95 is available")
        df = self.data.dropna(subset=["value"])
        g = df.groupby(["scenario", "metric"], observed=True, sort=False)["value"]
        out = g.agg(mean="mean", std="std", n="count")
        det = df.groupby(["scenario", "metric"], observed=True, sort=False)["replication"].agg(lambda s: s.isna().all())
        t = np.array([_t975(int(n) - 1) if n > 1 else math.nan for n in out["n"]])
        half = np.where(det.reindex(out.index).to_numpy(dtype=bool), 0.0, t * out["std"] / np.sqrt(out["n"]))
        out["ci95_low"] = out["mean"] - half
        out["ci95_high"] = out["mean"] + half
        return out[["mean", "std", "ci95_low", "ci95_high", "n"]].sort_index()

    def compare(self, metric: str, baseline: str = BASELINE) -> pd.DataFrame:
        """Per scenario: ``metric`` mean and its difference from ``baseline`` with a 95% interval.

        Replications are paired by index (meaningful with ``common_random_numbers=True``,
        where the paired interval is much narrower; otherwise it is still valid, only wider).
        """
        d = self.data[self.data["metric"] == metric]
        wide = d.pivot_table(index="replication", columns="scenario", values="value", observed=True, dropna=False)
        if baseline not in wide:
            raise KeyError(f"baseline {baseline!r} is not among the scenarios {self.scenarios}")
        rows = {}
        for name in wide.columns:
            diff = (wide[name] - wide[baseline]).dropna()
            n = len(diff)
            half = _t975(n - 1) * float(diff.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
            mean = float(diff.mean()) if n else math.nan
            rows[name] = {"mean": float(wide[name].mean()), "diff": mean, "diff_ci95_low": mean - half,
                          "diff_ci95_high": mean + half, "n": n}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("scenario")

    def wide(self) -> pd.DataFrame:
        """Scenario × metric table of means."""
        return self.summary()["mean"].unstack("metric")

    def raise_on_failure(self) -> SweepResult:
        """Raise :class:`cchc.Error` listing the failed chunks, if any; else return self."""
        if not self.ok:
            from cchc.errors import Error

            lines = [f"{r.scenario} [{r.replications}]: {r.error}: {r.message}" for r in self.failures.itertuples()]
            raise Error(f"{len(lines)} sweep chunk(s) failed:\n" + "\n".join(lines))
        return self

    def __repr__(self) -> str:
        fail = f", {len(self.failures)} failed chunk(s)" if len(self.failures) else ""
        return (f"<cchc.SweepResult {len(self.scenarios)} scenarios × {self.replications} replications, "
                f"{len(self.data):,} rows, {self.computed} chunks computed, {self.cached} from cache{fail}>")


# ----------------------------------------------------------------------------
# Planning the chunks.


def _named(scenarios: Any) -> list[tuple[str, Any]]:
    from cchc.scenario import Scenario

    if isinstance(scenarios, Scenario) or scenarios is None:
        scenarios = [scenarios]
    items = list(scenarios.items()) if isinstance(scenarios, Mapping) else \
        [(None, s) for s in scenarios]
    out: list[tuple[str, Any]] = []
    for i, (name, s) in enumerate(items):
        if s is not None and not isinstance(s, Scenario):
            raise TypeError(f"scenario {i}: expected a cchc.Scenario or None (the baseline), got {type(s).__name__}")
        label = str(name) if name is not None else (BASELINE if s is None else (s.name or f"scenario {i}"))
        out.append((label, s))
    names = [n for n, _ in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"scenario names must be unique; repeated: {dup} (pass a dict name -> Scenario)")
    if not out:
        raise ValueError("no scenarios to sweep")
    return out


def _metrics(metrics: Any, training: Any) -> list[str]:
    known = (*COST_METRICS, *SIM_METRICS, *TRAINING_METRICS)
    if metrics is None:
        chosen = list(DEFAULT_METRICS) + (list(TRAINING_METRICS) if training is not None else [])
    elif metrics == "all":
        chosen = list(COST_METRICS) + list(SIM_METRICS) + (list(TRAINING_METRICS) if training is not None else [])
    else:
        chosen = [metrics] if isinstance(metrics, str) else list(metrics)
    unknown = [m for m in chosen if m not in known]
    if unknown:
        raise ValueError(f"unknown metrics {unknown}; choose from {list(known)}")
    if training is None and any(m in TRAINING_METRICS for m in chosen):
        raise ValueError("training metrics need training={...} (the arguments of cchc.training.plan)")
    return list(dict.fromkeys(chosen))


def _model_hash(model: Any) -> str:
    from cchc.snapshot import dumps

    return hashlib.sha256(dumps(model)).hexdigest()


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "spec"):
        return _jsonable(obj.spec())
    if isinstance(obj, pd.DataFrame):
        return _jsonable(obj.to_dict(orient="list"))
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, str | int | float | bool) or obj is None:
        return obj
    if hasattr(obj, "to_dict"):  # e.g. cchc.training.Rules: its content, not its repr
        return _jsonable(obj.to_dict())
    try:  # anything else enters the cache key by content
        return "pickle:" + hashlib.sha256(pickle.dumps(obj)).hexdigest()
    except Exception:
        return repr(obj)


def _plan(named: list[tuple[str, Any]], replications: int, chunk_size: int, seed: int, crn: bool,
          metrics: list[str], sim: dict[str, Any], cost_params: dict[str, Any] | None,
          training: dict[str, Any] | None, model_hash: str | None) -> list[dict[str, Any]]:
    from cchc import __version__

    has_det = any(m not in SIM_METRICS for m in metrics)
    has_sim = any(m in SIM_METRICS for m in metrics)
    options = json.dumps(_jsonable({"metrics": metrics, "sim": sim, "cost": cost_params, "training": training,
                                    "crn": crn}), ensure_ascii=False, sort_keys=True)
    tasks = []
    for i, (name, s) in enumerate(named):
        js = _scenario_json(s)
        ranges = [(r0, min(r0 + chunk_size, replications)) for r0 in range(0, replications, chunk_size)] \
            if has_sim and replications > 0 else [(0, 0)]
        for r0, r1 in ranges:
            det = has_det and r0 == 0
            if not det and r1 == r0:
                continue
            key = hashlib.sha256("\x1f".join(
                [f"cchc-sweep-cache/{_CACHE_FORMAT}", __version__, model_hash or "", js, str(int(seed)),
                 f"{r0}-{r1}", str(det), options]).encode()).hexdigest()[:32]
            tasks.append({
                "key": key, "index": i, "name": name, "scenario": js, "r0": r0, "r1": r1,
                "seeds": [replication_seed(seed, s, r, common_random_numbers=crn) for r in range(r0, r1)]
                if has_sim else [],
                "deterministic": det, "metrics": metrics, "sim": sim, "cost_params": cost_params,
                "training": training,
            })
    return tasks


# ----------------------------------------------------------------------------
# Cache.


def _cache_path(cache_dir: Path, task: dict[str, Any]) -> Path:
    return cache_dir / f"chunk-{task['key']}.parquet"


def _cache_read(path: Path) -> dict[str, Any] | None:
    try:
        df = pd.read_parquet(path)
    except Exception:  # a damaged or partial file: recompute the chunk
        return None
    return {"replication": df["replication"].tolist(), "metric": df["metric"].tolist(),
            "value": df["value"].tolist()}


def _cache_write(path: Path, res: dict[str, Any]) -> None:
    df = pd.DataFrame({"replication": np.asarray(res["replication"], dtype=np.int64),
                       "metric": np.asarray(res["metric"], dtype=object),
                       "value": np.asarray(res["value"], dtype=np.float64)})
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    write_bytes(path, buf.getvalue())  # atomic: a reader sees the whole chunk or none


# ----------------------------------------------------------------------------
# Backends.


def _bar(progress: bool, total: int) -> Any:
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc="cchc.sweep", unit="chunk")


def _run_local(model: Any, tasks: list[dict[str, Any]], threads: int, done: Any) -> None:
    workers = threads if threads > 0 else (os.cpu_count() or 1)
    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        for t in tasks:
            done(t, _run_chunk(model, t))
        return
    with cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cchc-sweep") as pool:
        futures = {pool.submit(_run_chunk, model, t): t for t in tasks}
        try:
            for fut in cf.as_completed(futures):
                done(futures[fut], fut.result())
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _run_dask(model: Any, tasks: list[dict[str, Any]], client: Any, done: Any) -> None:
    from distributed import as_completed

    # Ship the model once to every worker; tasks then refer to it by key.
    model_future = client.scatter(model, broadcast=True, hash=False)
    futures = {}
    for t in tasks:
        fut = client.submit(_run_chunk, model_future, t, key=f"cchc-sweep-{t['key']}", pure=False, retries=0)
        futures[fut.key] = (fut, t)
    try:
        for fut in as_completed([f for f, _ in futures.values()]):
            t = futures[fut.key][1]
            try:
                res = fut.result()
            except Exception as exc:  # the worker died or the task could not run: report it like a failure
                res = {"key": t["key"], "error": type(exc).__name__, "message": str(exc),
                       "traceback": traceback.format_exc()}
            done(t, res)
    finally:
        client.cancel([f for f, _ in futures.values()] + [model_future])


# ----------------------------------------------------------------------------
# The front door.


def sweep(
    model: Any,
    scenarios: Any,
    *,
    replications: int = 10,
    seed: int = 1,
    metrics: str | Sequence[str] | None = None,
    client: Any = None,
    progress: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    threads: int = 0,
    chunk_size: int | None = None,
    start: Any = "2021-01-01",
    days: int = 365,
    sim: Mapping[str, Any] | None = None,
    cost_params: Any = None,
    training: Mapping[str, Any] | None = None,
    common_random_numbers: bool = False,
) -> SweepResult:
    """Evaluate every scenario × replication: compliance cost, simulation and (optionally) a training plan.

    Parameters
    ----------
    model : cchc.Model
        The province.
    scenarios : list of cchc.Scenario (None = the baseline) or dict name -> Scenario
        Scenario names label the rows and must be unique.
    replications : int
        Simulation replications per scenario.
    seed : int
        Replication ``r`` of scenario ``s`` uses :func:`replication_seed` ``(seed, s, r)``.
    metrics : list of str, "all" or None
        From :data:`COST_METRICS`, :data:`SIM_METRICS` and (with ``training=``)
        :data:`TRAINING_METRICS`; default :data:`DEFAULT_METRICS`.
    client : dask.distributed.Client, optional
        Run the chunks on this cluster; default: a local thread pool.
    progress : bool
        A tqdm bar over chunks when tqdm is installed.
    cache_dir : path, optional
        Store finished chunks as Parquet and reuse them (resume an interrupted sweep).
    threads : int
        Local threads (0: all cores). Ignored with ``client``.
    chunk_size : int, optional
        Replications per chunk (default: 4, fewer when there are few scenarios
        so that every thread gets work). Part of the cache key.
    start, days : date, int
        The simulated window (see :func:`cchc.simulate`).
    sim : dict, optional
        Further :func:`cchc.simulate` parameters (``desk_time``, ``staff``, ``warmup_days``, ...).
    cost_params : cchc.CostParams, optional
    training : dict, optional
        Arguments of :func:`cchc.training.plan` (``year``, ``budget``, ``sessions``, ...);
        the plan is made on each scenario's model.
    common_random_numbers : bool
        Same streams for replication ``r`` of every scenario (see the module docstring).

    Returns
    -------
    SweepResult
        ``.data`` (tidy: scenario, replication, metric, value), ``.summary()``
        (per-scenario confidence intervals), ``.failures``, ``.compare(metric)``.

    Examples
    --------
    >>> res = cchc.sweep(m, [None, s], replications=8, days=90, progress=False)  # doctest: +SKIP
    >>> from dask.distributed import Client  # doctest: +SKIP
    >>> res = cchc.sweep(m, plans, replications=100, client=Client("tcp://scheduler:8786"))  # doctest: +SKIP
    """
    from cchc.cost import CostParams
    from cchc.model import Model

    if not isinstance(model, Model):
        raise TypeError(f"model: expected a cchc.Model, got {type(model).__name__}")
    replications = _args.integer("replications", replications, 0, 2**31 - 1)
    seed = _args.integer("seed", seed)
    named = _named(scenarios)
    chosen = _metrics(metrics, training)
    sim_opts = {**dict(sim or {}), "start": str(pd.Timestamp(start).date()), "days": int(days)}
    if cost_params is not None and not isinstance(cost_params, CostParams):
        raise TypeError("cost_params: expected a cchc.CostParams")
    cp = cost_params.to_dict() if cost_params is not None else None
    tr = dict(training) if training is not None else None
    if chunk_size is None:
        want = max(1, 2 * (threads if threads > 0 else (os.cpu_count() or 1)))
        per = math.ceil(want / len(named))  # chunks per scenario so every thread gets work
        chunk_size = max(1, min(4, math.ceil(int(replications) / per))) if replications else 1
    chunk_size = _args.integer("chunk_size", chunk_size, 1, 2**31 - 1)
    cache = Path(fspath(cache_dir)) if cache_dir is not None else None
    model_hash = _model_hash(model) if cache is not None else None
    tasks = _plan(named, int(replications), int(chunk_size), int(seed), bool(common_random_numbers), chosen,
                  sim_opts, cp, tr, model_hash)

    results: dict[str, dict[str, Any]] = {}
    cached = 0
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for t in tasks:
            path = _cache_path(cache, t)
            if path.exists():
                got = _cache_read(path)
                if got is not None:
                    results[t["key"]] = got
                    cached += 1
    todo = [t for t in tasks if t["key"] not in results]

    bar = _bar(progress, len(tasks))
    if bar is not None:
        bar.update(cached)

    def done(task: dict[str, Any], res: dict[str, Any]) -> None:
        results[task["key"]] = res
        if cache is not None and "error" not in res:
            _cache_write(_cache_path(cache, task), res)
        if bar is not None:
            bar.update(1)

    try:
        if todo:
            if client is None:
                _run_local(model, todo, int(threads), done)
            else:
                _run_dask(model, todo, client, done)
    finally:
        if bar is not None:
            bar.close()

    return _collect(named, tasks, results, chosen, int(replications), int(seed), len(todo), cached,
                    {"start": sim_opts["start"], "days": sim_opts["days"], "chunk_size": int(chunk_size),
                     "common_random_numbers": bool(common_random_numbers), "backend": "dask" if client else "threads"})


def _collect(named: list[tuple[str, Any]], tasks: list[dict[str, Any]], results: dict[str, dict[str, Any]],
             metrics: list[str], replications: int, seed: int, computed: int, cached: int,
             options: dict[str, Any]) -> SweepResult:
    names = [n for n, _ in named]
    frames: list[pd.DataFrame] = []
    failed: list[dict[str, Any]] = []
    for t in tasks:
        res = results.get(t["key"])
        if res is None:
            continue
        if "error" in res:
            failed.append({"scenario": t["name"], "replications": f"{t['r0']}-{t['r1']}",
                           "error": res["error"], "message": res["message"], "traceback": res["traceback"]})
            continue
        rep = np.asarray(res["replication"], dtype=np.int64)
        frames.append(pd.DataFrame({"scenario": np.full(len(rep), t["index"], dtype=np.int32), "replication": rep,
                                    "metric": np.asarray(res["metric"], dtype=object),
                                    "value": np.asarray(res["value"], dtype=np.float64)}))
    if frames:
        df = pd.concat(frames, ignore_index=True)
    else:
        df = pd.DataFrame({"scenario": np.array([], np.int32), "replication": np.array([], np.int64),
                           "metric": np.array([], object), "value": np.array([], np.float64)})
    order = {m: i for i, m in enumerate(metrics)}
    df["_m"] = df["metric"].map(order)
    df = df.sort_values(["scenario", "_m", "replication"], kind="stable").drop(columns="_m")
    df["scenario"] = pd.Categorical.from_codes(df["scenario"].to_numpy(), categories=names)
    df["metric"] = pd.Categorical(df["metric"], categories=metrics)
    rep = pd.array(df["replication"].to_numpy(), dtype="Int64")
    rep[df["replication"].to_numpy() < 0] = pd.NA
    df["replication"] = rep
    df = df.reset_index(drop=True)
    failures = pd.DataFrame(failed, columns=["scenario", "replications", "error", "message", "traceback"])
    if failed:
        bad = sorted({f["scenario"] for f in failed}, key=names.index)
        warnings.warn(f"cchc.sweep: {len(failed)} chunk(s) failed (scenarios {bad}); see result.failures",
                      RuntimeWarning, stacklevel=3)
    return SweepResult(df, failures, names, replications, seed, computed, cached, options)

