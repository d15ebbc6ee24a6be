"""cchc.sweep: same numbers on every backend, failures isolated, resume from the cache."""

from __future__ import annotations

import pickle
import threading

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL, dumps, require

import cchc
from cchc import distributed as dist

DAYS = 120


@pytest.fixture(scope="module")
def m() -> cchc.Model:
    return cchc.loads(dumps(SMALL))


PLANS = {
    "baseline": None,
    "one trip": cchc.Scenario("one trip").set_trips("*", 1),
    "faster": cchc.Scenario("faster").cut_time("*", percent=40),
}
BAD = cchc.Scenario("bad").remove_component("9.999999", "Không có")  # unknown procedure: fails when applied
METRICS = ["cost_before", "cost_after", "cost_saving_pct", "on_time_rate", "lead_time_mean_days", "dossiers",
           "events"]


def run(m, plans=PLANS, **kw):
    kw = {"replications": 5, "seed": 11, "days": DAYS, "metrics": METRICS, "progress": False, **kw}
    return cchc.sweep(m, plans, **kw)


def test_shape_and_cost_rows_match_compliance_cost(m):
    res = run(m, threads=1)
    assert res.ok and res.computed > 0 and res.cached == 0
    d = res.data
    assert list(d.columns) == ["scenario", "replication", "metric", "value"]
    assert list(d["scenario"].cat.categories) == list(PLANS)
    # Per scenario: 3 deterministic cost rows (replication NA) + 4 sim metrics × 5 replications.
    assert d.groupby("scenario", observed=True).size().tolist() == [3 + 4 * 5] * 3
    cost = d[d["replication"].isna()].set_index(["scenario", "metric"], drop=True)["value"]
    for name, s in PLANS.items():
        rep = cchc.compliance_cost(m, s)
        assert cost[(name, "cost_before")] == pytest.approx(rep.before, rel=1e-12)
        assert cost[(name, "cost_after")] == pytest.approx(rep.after, rel=1e-12)
        assert cost[(name, "cost_saving_pct")] == pytest.approx(rep.saving_pct, rel=1e-12)
    # One trip instead of two on the commune procedure saves money.
    assert cost[("one trip", "cost_saving_pct")] > 0
    # Confidence intervals: Student t with 4 degrees of freedom over the 5 replications.
    summ = res.summary()
    v = d[(d["scenario"] == "faster") & (d["metric"] == "lead_time_mean_days")]["value"].to_numpy()
    row = summ.loc[("faster", "lead_time_mean_days")]
    half = 2.776 * v.std(ddof=1) / np.sqrt(5)
    assert row["mean"] == pytest.approx(v.mean()) and row["n"] == 5
    assert row["ci95_low"] == pytest.approx(v.mean() - half) and row["ci95_high"] == pytest.approx(v.mean() + half)
    assert summ.loc[("faster", "cost_after"), "ci95_low"] == summ.loc[("faster", "cost_after"), "ci95_high"]


def test_threads_and_chunking_give_identical_numbers(m):
    one = run(m, threads=1).data
    two = run(m, threads=2).data
    odd = run(m, threads=2, chunk_size=3).data
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    pd.testing.assert_frame_equal(one, odd, check_exact=True)
    # Replications are independent streams, so they differ from each other.
    ev = one[(one["metric"] == "events") & (one["scenario"] == "baseline")]["value"]
    assert ev.nunique() == 5


def test_single_replication_run_reproduces_a_sweep_row(m):
    res = run(m, threads=2, metrics="all")
    s = PLANS["faster"]
    for r in (0, 3):
        seed = dist.replication_seed(11, s, r)
        alone = cchc.simulate(m, scenario=s, replications=1, seed=seed, days=DAYS, progress=False, keep_dossiers=False)
        want = alone.replication_table().iloc[0]
        got = res.data[(res.data["scenario"] == "faster") & (res.data["replication"] == r)]
        got = got.set_index("metric", drop=True)["value"]
        for metric in dist.SIM_METRICS:
            a, b = got[metric], float(want[metric])
            assert (a == b) or (np.isnan(a) and np.isnan(b)), metric


def test_seed_depends_on_scenario_content_not_position(m):
    a = run(m, {"x": PLANS["faster"], "base": None}, threads=1).data
    b = run(m, {"base": None, "x": PLANS["faster"]}, threads=1).data
    key = ["scenario", "metric", "replication"]
    a = a.astype({"scenario": str}).sort_values(key).reset_index(drop=True)
    b = b.astype({"scenario": str}).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_categorical=False)
    assert dist.replication_seed(1, None, 0) != dist.replication_seed(2, None, 0)
    assert dist.replication_seed(1, None, 0) != dist.replication_seed(1, None, 1)
    assert dist.replication_seed(1, None, 0) != dist.replication_seed(1, PLANS["faster"], 0)


def test_common_random_numbers(m):
    # A fee change does not touch the simulation: with common random numbers its
    # simulated replications equal the baseline's exactly; without, they differ.
    plans = {"baseline": None, "fee": cchc.Scenario("fee").set_fee("2.000001", amount=0)}
    crn = run(m, plans, threads=2, common_random_numbers=True, metrics=["events", "on_time_rate"]).data
    ind = run(m, plans, threads=2, metrics=["events"]).data
    ev = crn[crn["metric"] == "events"].pivot(index="replication", columns="scenario", values="value")
    np.testing.assert_array_equal(ev["baseline"], ev["fee"])
    ev2 = ind.pivot(index="replication", columns="scenario", values="value")
    assert (ev2["baseline"] != ev2["fee"]).any()
    cmp = cchc.sweep(m, plans, replications=5, seed=11, days=DAYS, metrics=["on_time_rate"], progress=False,
                     common_random_numbers=True).compare("on_time_rate")
    assert cmp.loc["fee", "diff"] == 0.0


def test_failing_scenario_is_reported_and_others_complete(m):
    plans = {**PLANS, "bad": BAD}
    with pytest.warns(RuntimeWarning, match="bad"):
        res = run(m, plans, threads=2, chunk_size=2)
    assert not res.ok
    assert set(res.failures["scenario"]) == {"bad"}
    assert set(res.failures["error"]) == {"ScenarioError"}
    assert res.failures["message"].str.contains("9.999999").all()
    good = run(m, threads=1).data
    got = res.data[res.data["scenario"] != "bad"].copy()
    got["scenario"] = got["scenario"].cat.remove_unused_categories()
    pd.testing.assert_frame_equal(got.reset_index(drop=True), good, check_exact=True, check_categorical=False)
    with pytest.raises(cchc.Error, match="bad"):
        res.raise_on_failure()


class Counter:
    """Counts calls to the per-replication and per-scenario work (thread-safe)."""

    def __init__(self, monkeypatch, interrupt_after=None):
        self.sim = 0
        self.det = 0
        self.lock = threading.Lock()
        sim_one, det = dist._simulate_one, dist._deterministic

        def counted_sim(*a, **k):
            with self.lock:
                self.sim += 1
                if interrupt_after is not None and self.sim > interrupt_after:
                    raise KeyboardInterrupt  # an interrupted sweep (not an ordinary failure)
            return sim_one(*a, **k)

        def counted_det(*a, **k):
            with self.lock:
                self.det += 1
            return det(*a, **k)

        monkeypatch.setattr(dist, "_simulate_one", counted_sim)
        monkeypatch.setattr(dist, "_deterministic", counted_det)


def test_resume_from_cache_recomputes_nothing_done(m, tmp_path, monkeypatch):
    kw = {"threads": 1, "chunk_size": 2, "cache_dir": tmp_path}
    fresh = run(m, threads=1, chunk_size=2).data
    # Interrupted at the 8th replication: chunks of 2 + 2 + 1 per scenario, so the baseline's
    # 3 chunks and the next scenario's first chunk (7 replications) are stored.
    c = Counter(monkeypatch, interrupt_after=7)
    with pytest.raises(KeyboardInterrupt):
        run(m, **kw)
    assert len(list(tmp_path.glob("chunk-*.parquet"))) == 4
    monkeypatch.undo()
    # Resume: 3 scenarios × 5 replications = 15; the 7 stored are not recomputed, nor the baseline's cost.
    c = Counter(monkeypatch)
    res = run(m, **kw)
    assert (c.sim, c.det) == (15 - 7, 3 - 2)
    assert res.cached == 4 and res.computed == 9 - 4
    pd.testing.assert_frame_equal(res.data, fresh, check_exact=True)
    # Again: everything from the cache.
    c = Counter(monkeypatch)
    again = run(m, **kw)
    assert (c.sim, c.det, again.computed, again.cached) == (0, 0, 0, 9)
    pd.testing.assert_frame_equal(again.data, fresh, check_exact=True)
    ours = sorted(tmp_path.glob("chunk-*.parquet"))
    # A new scenario computes only its own chunks; a new seed computes everything.
    c = Counter(monkeypatch)
    run(m, {**PLANS, "new": cchc.Scenario("new").set_trips("*", 0)}, **kw)
    assert (c.sim, c.det) == (5, 1)
    c = Counter(monkeypatch)
    run(m, seed=12, **kw)
    assert (c.sim, c.det) == (15, 3)
    # A damaged chunk file is recomputed, not trusted.
    for victim in ours:
        victim.write_bytes(b"not parquet")
        c = Counter(monkeypatch)
        res = run(m, **kw)
        assert res.computed == 1 and 1 <= c.sim + c.det <= 3
        pd.testing.assert_frame_equal(res.data, fresh, check_exact=True)


def test_cache_key_follows_model_content(m, tmp_path, monkeypatch):
    kw = {"threads": 1, "cache_dir": tmp_path, "metrics": ["cost_after", "events"]}
    run(m, **kw)
    doc = dict(SMALL)
    doc["procedures"] = [dict(p) for p in SMALL["procedures"]]
    doc["procedures"][0]["volumes"] = [{"agency": "X1", "annual": 240}]
    c = Counter(monkeypatch)
    run(cchc.loads(dumps(doc)), **kw)
    assert (c.sim, c.det) == (15, 3)


def test_arguments_are_checked(m):
    with pytest.raises(ValueError, match="unique"):
        cchc.sweep(m, [cchc.Scenario("a"), cchc.Scenario("a")], progress=False)
    with pytest.raises(ValueError, match="on_tme_rate"):
        cchc.sweep(m, [None], metrics=["on_tme_rate"], progress=False)
    with pytest.raises(ValueError, match="training"):
        cchc.sweep(m, [None], metrics=["training_budget_used"], progress=False)
    with pytest.raises(TypeError, match="Scenario"):
        cchc.sweep(m, ["not a scenario"], progress=False)


def test_scenario_and_model_pickle(m):
    s = PLANS["faster"]
    assert pickle.loads(pickle.dumps(s)) == s
    m2 = pickle.loads(pickle.dumps(m))
    assert dist._model_hash(m2) == dist._model_hash(m)


# ---------------------------------------------------------------------------
# Dask: one LocalCluster with two worker processes for the module.


@pytest.fixture(scope="module")
def client():
    distributed = require("distributed")
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as c:
        yield c


def test_dask_gives_the_local_numbers_and_isolates_failures(m, client):
    with pytest.warns(RuntimeWarning, match="bad"):
        local = run(m, {**PLANS, "bad": BAD}, threads=2, chunk_size=2)
    with pytest.warns(RuntimeWarning, match="bad"):
        remote = run(m, {**PLANS, "bad": BAD}, client=client, chunk_size=2)
    pd.testing.assert_frame_equal(remote.data, local.data, check_exact=True)
    assert remote.options["backend"] == "dask"
    assert list(remote.failures["scenario"]) == ["bad"] * 3
    assert set(remote.failures["error"]) == {"ScenarioError"}
    # Both workers took part (the model was scattered to each).
    assert len(client.scheduler_info()["workers"]) == 2


def test_training_plan_metrics(small):
    from cchc.training import rules as trules

    small["people"].append({"id": "P3", "agency": "STP", "category": "cong_chuc", "rank_group": "specialist",
                            "rank": "Chuyên viên", "birth_year": 1990, "gender": "male",
                            "entered": "2015-01-01"})
    m3 = cchc.loads(dumps(small))
    rules = trules.from_dict({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
        {"code": "R", "source": "test", "kind": "once", "grace_days": 365,
         "applies_to": {"rank_group": ["specialist"]}, "match": {"courses": ["QLNN-CV"]}}]})
    kw = {"year": 2022, "budget": 10_000_000, "rules": rules, "vnd_per_km": 0,
          "sessions": [{"course": "QLNN-CV", "start": "2022-03-01", "end": "2022-03-10", "place": "SNV",
                        "seats": 5, "cost_per_seat": 1_000_000}]}
    res = cchc.sweep(m3, {"baseline": None, "one trip": PLANS["one trip"]}, replications=2, days=30,
                     training=kw, progress=False)
    d = res.data[res.data["metric"].astype(str).str.startswith("training_")]
    got = d[d["scenario"] == "baseline"].set_index("metric", drop=True)["value"]
    want = cchc.training.plan(m3, **kw).summary()
    # P3 (a specialist without the rank course) is sent to the one session: one seat, 1,000,000 đồng.
    assert (want["places"], want["budget_used"]) == (1, 1_000_000)
    for name in dist.TRAINING_METRICS:
        assert got[name] == float(want[name.removeprefix("training_")]), name
    assert d["replication"].isna().all()


def test_cache_key_uses_option_content():
    from cchc.training import rules as trules

    def rules(course):
        return trules.from_dict({"format": "cchc-training-rules", "version": 1, "name": "t", "rules": [
            {"code": "R", "source": "test", "kind": "once", "match": {"courses": [course]}}]})

    # Same name and size, different content: different cache keys.
    assert dist._jsonable({"rules": rules("A")}) != dist._jsonable({"rules": rules("B")})
    assert dist._jsonable({"rules": rules("A")}) == dist._jsonable({"rules": rules("A")})
    assert dist._jsonable({"d": cchc.sim.Exponential(3)}) == {"d": ["exponential", 3.0]}
