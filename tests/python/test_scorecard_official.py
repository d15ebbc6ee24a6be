"""The service index (Decision 766/QĐ-TTg) scores as the national system does.

The progress scores are checked against the national system's published scores for Gia Lai in
2026 (tests/data/gialai_2026_progress.csv, provenance in its header and docs/scorecard.md); the other
formulas are worked by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL, dumps

import cchc

DATA = Path(__file__).resolve().parents[1] / "data" / "gialai_2026_progress.csv"


@pytest.fixture(scope="module")
def small():
    return cchc.loads(dumps(SMALL))


@pytest.fixture(scope="module")
def gialai():
    return pd.read_csv(DATA, comment="#", dtype={"unit": str})


def _table(units, **columns):
    return pd.DataFrame({"unit": units, "name": units, "kind": "department", **columns})


def test_pack_groups_follow_the_decision():
    p = cchc.scorecard.load_pack("service_index")
    areas = p.areas.set_index("id")
    assert areas[["name", "max"]].to_dict("index") == {
        "transparency": {"name": "Công khai, minh bạch", "max": 18},
        "progress": {"name": "Tiến độ, kết quả giải quyết", "max": 20},
        "digitisation": {"name": "Số hóa hồ sơ", "max": 22},
        "online": {"name": "Cung cấp dịch vụ trực tuyến", "max": 22},
        "satisfaction": {"name": "Mức độ hài lòng", "max": 18},
    }
    leaves = p.tree[p.tree["leaf"]].set_index("id")
    # Satisfaction is computed from recorded ratios, never a survey; progress is one criterion.
    assert not (p.tree["source"] == "survey").any()
    assert list(leaves.index[leaves.index.str.startswith("progress.")]) == ["progress.on_time"]
    assert leaves.loc["progress.on_time", "indicator"] == "progress_rate"
    assert leaves.loc["satisfaction.dossiers", "indicator"] == "dossier_satisfaction_rate"
    # Every criterion cites the decision.
    assert p.tree["basis"].str.contains("766/QĐ-TTg").all()


def test_gialai_published_progress_scores_are_reproduced(gialai):
    """All 15 units with dossiers: 20 × on-time ÷ received, to the published two decimals."""
    rows = gialai[gialai["received"] > 0]
    assert len(rows) == 15
    t = _table(list(rows["unit"]), progress_rate=(rows["on_time"] / rows["received"]).to_numpy())
    sc = cchc.scorecard.score_indicators("service_index", t)
    got = sc.scores.set_index("unit")["progress"].round(2)
    want = rows.set_index("unit")["score"]
    pd.testing.assert_series_equal(got.loc[want.index], want, check_names=False)
    # The published ratio alone (per cent, two decimals) gives the same scores.
    t = _table(list(rows["unit"]), progress_rate=(rows["ratio_pct"] / 100).to_numpy())
    got = cchc.scorecard.score_indicators("service_index", t).scores.set_index("unit")["progress"].round(2)
    pd.testing.assert_series_equal(got.loc[want.index], want, check_names=False)


def test_gialai_unit_without_dossiers_scores_zero_and_is_flagged(gialai):
    row = gialai[gialai["received"] == 0]
    assert row["score"].tolist() == [0.0]  # the system's published score (Thanh tra tỉnh)
    t = _table(list(row["unit"]), progress_rate=[np.nan])
    c = cchc.scorecard.score_indicators("service_index", t).criteria.set_index("id")
    assert c.loc["progress.on_time", "points"] == 0 and c.loc["progress.on_time", "missing"]
    assert c.loc["progress.on_time", "explanation"] == "no value for progress_rate → 0 of 20"


def test_gialai_progress_from_dossier_rows(gialai):
    """The same scores from a dossier log: each unit's on-time and overdue dossiers as rows."""
    rows = gialai[gialai["received"] > 0].head(4)
    log = pd.DataFrame({
        "agency": np.repeat(rows["unit"].to_numpy(), rows["received"].to_numpy()),
        "procedure": "p", "channel": "online", "deadline": pd.NaT,
        "outcome": np.concatenate([["on_time"] * a + ["late"] * b for a, b in zip(rows["on_time"], rows["overdue"],
                                                                                  strict=True)]),
    })
    counts = cchc.scorecard.dossier_counts(log).set_index("agency")
    t = _table(list(counts.index), progress_rate=(counts["on_time"] / counts["received"]).to_numpy())
    got = cchc.scorecard.score_indicators("service_index", t).scores.set_index("unit")["progress"].round(2)
    assert got.loc[rows["unit"]].tolist() == rows["score"].tolist()


def _log():
    """X1 (commune, procedure 1.001193 with full online service) and H1 (2.000001, none)."""
    end = pd.Timestamp("2021-12-31")
    rows = [
        # agency, procedure, channel, outcome, deadline, unsatisfied, digitised, e_result, paid_online, fee_due, synced
        ("X1", "1.001193", "online", "early", "2021-06-01", False, True, True, True, True, True),
        ("X1", "1.001193", "online", "early", "2021-06-01", False, True, True, False, True, True),
        ("X1", "1.001193", "online", "on_time", "2021-06-01", True, True, False, False, False, True),
        ("X1", "1.001193", "in_person", "on_time", "2021-06-01", False, False, True, False, False, False),
        ("X1", "1.001193", "in_person", "late", "2021-06-01", False, False, False, False, True, True),
        ("X1", "1.001193", "online", "open", "2022-01-10", False, True, False, False, False, True),  # within
        ("X1", "1.001193", "in_person", "open", "2021-12-20", False, False, False, False, False, False),  # overdue
        ("X1", "1.001193", "online", "open", None, False, False, False, False, False, True),  # no deadline: within
        ("H1", "2.000001", "in_person", "late", "2021-03-01", False, False, False, False, True, False),
        ("H1", "2.000001", "in_person", "on_time", "2021-03-01", False, True, True, True, True, True),
    ]
    cols = ["agency", "procedure", "channel", "outcome", "deadline", "unsatisfied", "digitised", "e_result",
            "paid_online", "fee_due", "synced"]
    log = pd.DataFrame(rows, columns=cols)
    log["deadline"] = pd.to_datetime(log["deadline"])
    return log, end


def test_dossier_indicators_by_hand(small):
    log, end = _log()
    ind = cchc.scorecard.indicators(small, ["X1", "H1"], {"log": log, "period_end": end}).set_index("unit")
    x = ind.loc["X1"]
    # 8 received, 5 finished (2 early, 2 on time, 1 late), 3 open of which 2 within the deadline.
    assert x["progress_rate"] == pytest.approx((2 + 2 + 2) / 8)
    assert x["on_time_rate"] == pytest.approx(4 / 5)
    assert x["early_rate"] == pytest.approx(2 / 5)
    assert x["late_rate"] == pytest.approx(1 / 5)
    assert x["share_dossiers_online"] == pytest.approx(5 / 8)
    assert x["share_full_online_dossiers"] == pytest.approx(5 / 8)  # every X1 dossier is eligible
    # Overdue: one finished late, one open past its deadline; one more rated unsatisfied.
    assert x["dossier_satisfaction_rate"] == pytest.approx((8 - 3) / 8)
    assert x["share_digitised"] == pytest.approx(4 / 8)
    assert x["share_e_results"] == pytest.approx(3 / 5)
    assert x["share_paid_online"] == pytest.approx(1 / 3)
    assert x["dossier_sync_rate"] == pytest.approx(6 / 8)
    h = ind.loc["H1"]
    assert h["progress_rate"] == 0.5 and np.isnan(h["share_full_online_dossiers"])  # no eligible dossier
    prov = cchc.scorecard.indicators(small, "province", {"log": log, "period_end": end}).iloc[0]
    assert prov["progress_rate"] == pytest.approx(7 / 10)


def test_every_service_index_formula_by_hand(small):
    log, end = _log()
    inputs = {"transparency.publish_on_time": 0.5, "transparency.update_on_time": 1, "transparency.content_full": 0.25,
              "digitisation.reused_data": 0.4, "digitisation.certified_copies": 1, "digitisation.reuse_sync": 0.5,
              "digitisation.citizen_data_dossiers": 0, "digitisation.citizen_data_procedures": 1,
              "satisfaction.petitions_on_time": 0.9, "satisfaction.petitions_satisfied": 1,
              "online.payment_procedures": 0.4, "online.payment_integrated": 0.9}
    sc = cchc.scorecard(small, "service_index", units=["X1"], inputs=inputs,
                        results={"log": log, "period_end": end})
    c = sc.criteria.set_index("id")["points"]
    expected = {
        "transparency.publish_on_time": 6 * 0.5, "transparency.update_on_time": 4, "transparency.content_full": 0.5,
        "transparency.dossier_sync": 6 * 6 / 8,
        "progress.on_time": 20 * 6 / 8,
        "digitisation.e_results": 6 * 3 / 5, "digitisation.dossiers": 4 * 4 / 8, "digitisation.certified_copies": 2,
        "digitisation.reused_data": 2 * 0.4 / 0.8, "digitisation.reuse_sync": 2,
        "digitisation.citizen_data_dossiers": 0,
        "digitisation.citizen_data_procedures": 2,
        "online.full_online_dossiers": 12 * 5 / 8, "online.payment_dossiers": 6 / 3,
        "online.payment_procedures": 2 * 0.4 / 0.8, "online.payment_integrated": 2,
        "satisfaction.petitions_on_time": 6 * 0.9, "satisfaction.petitions_satisfied": 6,
        "satisfaction.dossiers": 6 * 0.625 / 0.9,
    }
    assert c[list(expected)].to_dict() == pytest.approx(expected)
    assert sc.scores["total"].iloc[0] == pytest.approx(sum(expected.values()))
    # Full points from 90% satisfaction and from 80% data reuse, not beyond.
    t = _table(["u"], dossier_satisfaction_rate=[0.95])
    hi = cchc.scorecard.score_indicators("service_index", t, inputs={"digitisation.reused_data": 0.85})
    hc = hi.criteria.set_index("id")["points"]
    assert hc["satisfaction.dossiers"] == 6 and hc["digitisation.reused_data"] == 2


def test_explain_cites_the_article(small):
    log, end = _log()
    sc = cchc.scorecard(small, "service_index", units=["X1"], results={"log": log, "period_end": end})
    lines = sc.explain("X1").splitlines()
    assert len(lines) == len(sc.pack.tree)
    assert all("[basis: QĐ 766/QĐ-TTg (23/6/2022), Phụ lục" in line for line in lines)
    progress = next(line for line in lines if line.lstrip().startswith("progress.on_time"))
    assert "progress_rate = 0.75; linear 0 → 0, 1 → 20 → 15 of 20" in progress
    assert "nhóm chỉ số Tiến độ, kết quả giải quyết" in progress


def test_simulation_feeds_the_dossier_indicators(small):
    with pytest.warns(UserWarning, match="record no headcount"):
        r = cchc.simulate(small, start="2021-01-01", days=60, replications=1, seed=3, progress=False)
    d = r.dossiers(0)
    ind = cchc.scorecard.indicators(small, ["X1"], {"simulation": r}).iloc[0]
    x = d[d["agency"] == "X1"]
    end = np.datetime64("2021-03-02")  # 60 days from 1 January
    open_in_time = (x["outcome"] == "open") & (x["deadline"].isna() | (x["deadline"] >= end))
    want = (x["outcome"].isin(["early", "on_time"]).sum() + open_in_time.sum()) / len(x)
    assert len(x) > 0 and ind["progress_rate"] == pytest.approx(want)
    assert ind["share_dossiers_online"] == pytest.approx((x["channel"] == "online").mean())
    assert np.isnan(ind["share_digitised"])  # the simulation does not model digitisation: no data, not 0
    with pytest.warns(UserWarning, match="record no headcount"):
        bare = cchc.simulate(small, start="2021-01-01", days=60, replications=1, seed=3, progress=False,
                             keep_dossiers=False)
    with pytest.warns(UserWarning, match=r"kept no dossier rows \(keep_dossiers=False\)"):
        ind = cchc.scorecard.indicators(small, ["X1"], {"simulation": bare}).iloc[0]
    assert np.isnan(ind["progress_rate"]) and ind["on_time_rate"] == pytest.approx(
        bare.by_agency().set_index("code").loc["X1", "on_time_rate"])


def test_bad_logs_are_named(small):
    log, end = _log()
    with pytest.raises(cchc.Error, match="some dossiers are open; give period_end"):
        cchc.scorecard.indicators(small, ["X1"], {"log": log})
    with pytest.raises(cchc.Error, match=r"missing column\(s\) outcome"):
        cchc.scorecard.indicators(small, ["X1"], {"log": log.drop(columns="outcome"), "period_end": end})
    odd = log.copy()
    odd.loc[3, "outcome"] = "done"
    with pytest.raises(cchc.Error, match="row 4: outcome 'done' is not early, on_time, late or open"):
        cchc.scorecard.indicators(small, ["X1"], {"log": odd, "period_end": end})
    stray = log.copy()
    stray.loc[0, "agency"] = "H21.17"
    with pytest.raises(cchc.Error, match="agency code.s. not in the model: H21.17"):
        cchc.scorecard.indicators(small, ["X1"], {"log": stray, "period_end": end})
    blank = log.copy()
    blank["unsatisfied"] = blank["unsatisfied"].astype(object)
    blank.loc[2, "unsatisfied"] = None  # a blank is not "satisfied"
    with pytest.raises(cchc.Error, match="row 3: unsatisfied None is not true/false"):
        cchc.scorecard.indicators(small, ["X1"], {"log": blank, "period_end": end})
    when = log.copy()
    when["deadline"] = when["deadline"].astype(object)
    when.loc[1, "deadline"] = "soon"
    with pytest.raises(cchc.Error, match="row 2: deadline 'soon' is not a date"):
        cchc.scorecard.indicators(small, ["X1"], {"log": when, "period_end": end})
    other = log.copy()
    other.loc[0, "procedure"] = "9.999999"
    with pytest.warns(UserWarning, match=r"1 procedure code\(s\) not in the model's catalogue \(9.999999\)"):
        cchc.scorecard.indicators(small, ["X1"], {"log": other, "period_end": end})
    with pytest.raises(cchc.Error, match="lacks column"):
        cchc.scorecard.score_indicators("service_index", pd.DataFrame({"unit": ["u"]}))
