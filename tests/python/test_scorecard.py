"""Scorecards: hand-worked scoring of a small tree, the shipped packs, indicators and bad packs."""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL, dumps

import cchc

TREE = {
    "format": "cchc-scorecard", "version": 1, "id": "t", "name": "Thử nghiệm", "max": 10, "unit": "agency",
    "bands": [{"name": "A", "min": 8}, {"name": "B", "min": 5}],
    "criteria": [
        {"id": "a", "name": "Lĩnh vực A", "max": 6, "criteria": [
            {"id": "a1", "max": 4, "indicator": "input", "rule": {"kind": "linear", "from": 0, "to": 1}},
            {"id": "a2", "weight": 1, "indicator": "input",
             "rule": {"kind": "steps", "steps": [{"at": 0.9, "share": 1}, {"at": 0.5, "points": 1}]}}]},
        {"id": "b", "weight": 3, "indicator": "input", "rule": {"kind": "linear", "from": 5, "to": 0}},
        {"id": "c", "weight": 1, "indicator": "input", "rule": {"kind": "boolean"}},
    ],
}


@pytest.fixture(scope="module")
def small():
    return cchc.loads(dumps(SMALL))


def test_maxima_resolve_from_max_and_weights():
    p = cchc.scorecard.load_pack(TREE)
    maxima = dict(zip(p.tree["id"], p.tree["max"], strict=True))
    # a: 6 given, of which a1 4 and a2 the remaining 2; b and c share the root's remaining 4 by 3:1.
    assert maxima == pytest.approx({"t": 10, "a": 6, "a1": 4, "a2": 2, "b": 3, "c": 1})
    assert list(p.areas["id"]) == ["a", "b", "c"]


def test_hand_worked_scores(small):
    inputs = pd.DataFrame([
        ("SNV", "a1", 0.75), ("SNV", "a2", 0.6), ("SNV", "b", 1), ("SNV", "c", 1),      # 3 + 1 + 2.4 + 1 = 7.4
        ("STP", "a1", 1.2), ("STP", "a2", 0.95), ("STP", "b", 0), ("STP", "c", 0),      # 4 + 2 + 3 + 0 = 9
        ("H1", "a1", 0.1),                                                              # 0.4, the rest missing
    ], columns=["unit", "criterion", "value"])
    sc = cchc.scorecard(small, TREE, inputs=inputs, units=["SNV", "STP", "H1"])
    s = sc.scores.set_index("unit")
    assert s["total"].to_dict() == pytest.approx({"SNV": 7.4, "STP": 9.0, "H1": 0.4})
    assert s["band"].to_dict() == {"SNV": "B", "STP": "A", "H1": ""}
    assert s["rank"].to_dict() == {"STP": 1, "SNV": 2, "H1": 3}
    assert list(sc.scores["unit"]) == ["STP", "SNV", "H1"]
    assert s.loc["SNV", ["a", "b", "c"]].to_list() == pytest.approx([4.0, 2.4, 1.0])
    c = sc.criteria.set_index(["unit", "id"])
    assert c.loc[("SNV", "a2"), "points"] == pytest.approx(1.0)  # 0.6 reaches the 0.5 step (1 point)
    assert c.loc[("H1", "b"), "missing"] and c.loc[("H1", "b"), "points"] == 0
    assert not c.loc[("H1", "a"), "missing"] and c.loc[("H1", "c"), "missing"]
    # Every score is explained.
    assert c.loc[("SNV", "b"), "explanation"] == "input = 1; linear 5 → 0, 0 → 3 → 2.4 of 3"
    assert c.loc[("H1", "c"), "explanation"] == "no value for input → 0 of 1"
    assert c.loc[("SNV", "a"), "explanation"] == "sum of 2 criteria: 3.00 + 1.00 = 4.00 of 6"
    text = sc.explain("SNV")
    assert "a2" in text and "steps ≥ 0.9 → 2; ≥ 0.5 → 1" in text
    # Ties share the better rank.
    tie = cchc.scorecard(small, TREE, inputs={"a1": 1}, units=["SNV", "STP"])
    assert tie.scores["rank"].tolist() == [1, 1]


def test_inputs_for_every_unit_and_from_files(small, tmp_path):
    csv = tmp_path / "inputs.csv"
    csv.write_text("unit,criterion,value\n*,a1,0.5\nSTP,c,1\n", encoding="utf-8")
    sc = cchc.scorecard(small, TREE, inputs=csv, units=["SNV", "STP"])
    assert sc.scores.set_index("unit")["total"].to_dict() == pytest.approx({"SNV": 2.0, "STP": 3.0})
    js = tmp_path / "inputs.json"
    js.write_text(json.dumps({"SNV": {"a1": 1.0}, "STP": {"b": 2.5}}), encoding="utf-8")
    sc = cchc.scorecard(small, TREE, inputs=js, units=["SNV", "STP"])
    assert sc.scores.set_index("unit")["total"].to_dict() == pytest.approx({"SNV": 4.0, "STP": 1.5})


@pytest.mark.parametrize("inputs,match", [
    ({"zz": 1}, "'zz' is not a criterion"),
    ({"a": 1}, "it has sub-criteria"),
    ({"NOPE": {"a1": 1}}, "unit 'NOPE' is not scored"),
    (pd.DataFrame({"criterion": ["a1"], "value": ["x"]}), "not a number"),
    (pd.DataFrame({"criterion": ["a1"]}), "missing column"),
])
def test_bad_inputs(small, inputs, match):
    with pytest.raises(cchc.Error, match=match):
        cchc.scorecard(small, TREE, inputs=inputs, units=["SNV"])


def test_direct_rule_and_lower_is_better_steps(small):
    doc = {"id": "d", "max": 20, "criteria": [
        {"id": "pct", "max": 18, "indicator": "input", "source": "survey", "rule": {"kind": "direct", "scale": 100}},
        {"id": "pts", "max": 1, "indicator": "input"},  # default for inputs: points as given, clipped
        {"id": "few", "max": 1, "indicator": "chair_conflicts",
         "rule": {"kind": "steps", "lower_is_better": True, "steps": [{"at": 0, "share": 1}, {"at": 2, "share": 0.5}]}},
    ]}
    sc = cchc.scorecard(small, doc, inputs={"pct": 85, "pts": 3}, units="province")
    c = sc.criteria.set_index("id")
    assert c.loc["pct", "points"] == pytest.approx(15.3)
    assert c.loc["pts", "points"] == pytest.approx(1.0)
    assert c.loc["few", "value"] == 1 and c.loc["few", "points"] == pytest.approx(0.5)  # one conflict (NV2)
    assert sc.scores["total"].iloc[0] == pytest.approx(16.8)


def check_sums(sc):
    c = sc.criteria
    assert (c["points"] >= -1e-12).all()
    assert (c["points"] <= c["max"] + 1e-9).all()
    for unit, rows in c.groupby("unit"):
        by_id = rows.set_index("id")
        sums = rows[rows["parent"] != ""].groupby("parent")["points"].sum()
        for parent, total in sums.items():
            assert by_id.loc[parent, "points"] == pytest.approx(total), (unit, parent)
    areas = list(sc.pack.areas["id"])
    np.testing.assert_allclose(sc.scores[areas].sum(axis=1), sc.scores["total"])


def test_par_index_pack_structure():
    p = cchc.scorecard.load_pack("par_index")
    a = p.areas
    assert len(a) == 8 and a["max"].sum() == pytest.approx(100)
    assert list(a["id"]) == ["direction", "institutions", "procedures", "apparatus", "civil_service",
                             "public_finance", "digital_government", "impact"]
    survey = p.tree[p.tree["leaf"] & (p.tree["source"] == "survey")]
    assert survey["max"].sum() == pytest.approx(32)
    assert p.bands == [("A", 90.0), ("B", 80.0), ("C", 70.0), ("D", 0.0)]
    # Every area's criteria add up to the area.
    for _, area in a.iterrows():
        kids = p.tree[p.tree["parent_id"] == area["id"]]
        assert kids["max"].sum() == pytest.approx(area["max"])
    # Per-area maxima are editable: moving a point keeps 100, the criteria inside follow.
    q = p.with_max({"direction": 9, "impact": 26})
    assert dict(zip(q.areas["id"], q.areas["max"], strict=True))["impact"] == 26
    impact_kids = q.tree[q.tree["parent_id"] == "impact"]
    assert impact_kids["max"].sum() == pytest.approx(26)
    with pytest.raises(cchc.ValidationError) as err:
        p.with_max({"impact": 30})  # 104 points
    assert err.value.problems[0].path == "/criteria"
    with pytest.raises(cchc.ValidationError) as err:
        p.with_max({"impact.survey": 12})  # survey 33 points and the impact area overfull
    assert any(pr.path in ("/survey_points", "/criteria/7/criteria") for pr in err.value.problems)


def test_service_index_pack():
    p = cchc.scorecard.load_pack("service_index")
    assert dict(zip(p.areas["id"], p.areas["max"], strict=True)) == {
        "transparency": 18, "progress": 20, "digitisation": 22, "online": 22, "satisfaction": 18}


def test_indicators_by_hand(small):
    recorded = {"X1": 0.9, "H1": 0.7}
    ind = cchc.scorecard.indicators(small, "agencies", {"on_time_rate": recorded}).set_index("unit")
    assert list(ind.index) == ["SNV", "STP", "H1", "X1"]
    assert ind.loc["X1", "share_full_online"] == 1.0 and ind.loc["H1", "share_full_online"] == 0.0
    assert np.isnan(ind.loc["SNV", "share_full_online"])  # implements no procedure
    assert ind["chair_conflicts"].to_dict() == {"SNV": 1, "STP": 1, "H1": 0, "X1": 0}  # NV2: SNV and STP chair
    assert ind.loc["STP", "over_quota"] == pytest.approx(1 / 30)
    assert ind.loc["SNV", "over_quota"] == 0
    assert ind.loc["H1", "on_time_rate"] == pytest.approx(0.7)
    prov = cchc.scorecard.indicators(small, "province", {"on_time_rate": recorded}).iloc[0]
    assert prov["unit"] == "UBT"
    assert prov["share_full_online"] == 0.5 and prov["share_online"] == 0.5
    assert prov["chair_conflicts"] == 1
    assert prov["on_time_rate"] == pytest.approx(0.8)
    assert np.isnan(prov["share_simplified"])
    # Training compliance from cchc.training, summed over requirements.
    comp = cchc.training.compliance(small, as_of="2021-12-31", by="agency")
    expected = 1 - comp["overdue"].sum() / comp["requirements"].sum()
    assert prov["training_compliance"] == pytest.approx(expected)


def test_scenario_feeds_simplification(small):
    s = cchc.Scenario("thử").set_online("2.000001")
    cost = cchc.compliance_cost(small, scenario=s)
    ind = cchc.scorecard.indicators(small, "province", {"cost": cost}).iloc[0]
    changed = (cost.by_procedure["status"] != "unchanged").mean()
    assert changed == 0.5
    assert ind["share_simplified"] == pytest.approx(changed)
    assert ind["cost_cut"] == pytest.approx(cost.saving_pct / 100)
    sc = cchc.scorecard(small, "par_index", results={"scenario": s})
    check_sums(sc)
    c = sc.criteria.set_index("id")
    assert c.loc["procedures.simplified", "value"] == pytest.approx(changed)


def test_shipped_packs_sum_and_stay_within_maxima(small):
    inputs = {"direction.plan": 1, "impact.survey": 0.8, "procedures.survey": 2.0}  # 2.0 is clipped to 1 share
    par = cchc.scorecard(small, "par_index", inputs=inputs, results={"on_time_rate": 0.96})
    check_sums(par)
    assert len(par.scores) == 1
    c = par.criteria.set_index("id")
    assert c.loc["procedures.survey", "points"] == pytest.approx(4.0)
    assert c.loc["impact.survey", "points"] == pytest.approx(0.8 * 11)
    assert c.loc["procedures.on_time", "points"] == pytest.approx(0.75 * c.loc["procedures.on_time", "max"])
    svc = cchc.scorecard(small, "service_index", inputs={"satisfaction.petitions_on_time": 0.9})
    check_sums(svc)
    assert len(svc.scores) == 4
    assert svc.criteria.query("id == 'satisfaction'")["points"].tolist() == pytest.approx([5.4] * 4)


def bad(mutate):
    doc = copy.deepcopy(TREE)
    mutate(doc)
    with pytest.raises(cchc.ValidationError) as err:
        cchc.scorecard.load_pack(doc)
    return {p.path: p.message for p in err.value.problems}


def test_bad_packs_name_the_bad_node():
    p = bad(lambda d: d["criteria"][0].update(max=11))
    assert "exceed" in p["/criteria"]

    def all_max(d):
        d["criteria"][1] = dict(d["criteria"][1], max=3)
        d["criteria"][2] = dict(d["criteria"][2], max=2)
        del d["criteria"][1]["weight"], d["criteria"][2]["weight"]

    p = bad(all_max)
    assert "sum to 11, not to 'Thử nghiệm''s maximum 10" in p["/criteria"]
    p = bad(lambda d: d["criteria"][0]["criteria"][0].update(max=7))
    assert "exceed" in p["/criteria/0/criteria"]
    p = bad(lambda d: d["criteria"][1].update(id="a"))
    assert "duplicate id 'a'" in p["/criteria/1/id"]
    p = bad(lambda d: d["criteria"][1]["rule"].update(kind="cubic"))
    assert "unknown rule kind 'cubic'" in p["/criteria/1/rule/kind"]
    p = bad(lambda d: d["criteria"][1]["rule"].update(to=5))
    assert "must differ" in p["/criteria/1/rule/to"]
    p = bad(lambda d: d["criteria"][0]["criteria"][1]["rule"]["steps"].reverse())
    assert "best first" in p["/criteria/0/criteria/1/rule/steps/1/at"]
    p = bad(lambda d: d["criteria"][2].update(max=1))
    assert "not both" in p["/criteria/2"]
    p = bad(lambda d: d["criteria"][2].pop("indicator"))
    assert "indicator" in p["/criteria/2/indicator"]
    p = bad(lambda d: d["criteria"][2].update(colour="red"))
    assert "unknown field 'colour'" in p["/criteria/2/colour"]
    assert p["/criteria/2/colour"].endswith("(known: id, name, max, weight, criteria, indicator, rule, source, "
                                            "basis, description, note)")
    p = bad(lambda d: d["criteria"][2].update(max=-2, weight=None) or d["criteria"][2].pop("weight"))
    assert p["/criteria/2/max"] == "must be ≥ 0, got -2"
    p = bad(lambda d: d.update(max="ten"))
    assert p["/max"] == "must be a number, got a string"
    p = bad(lambda d: d.update(survey_points=3))
    assert "carry 0 points, not 3" in p["/survey_points"]
    p = bad(lambda d: d["bands"].reverse())
    assert "decreasing" in p["/bands/1/min"]
    p = bad(lambda d: d["criteria"][2].update(indicator="happiness"))
    assert "unknown indicator 'happiness'" in p["/criteria/2/indicator"]
    p = bad(lambda d: d["criteria"][0]["criteria"][1]["rule"]["steps"][0].update(points=9, share=None) or
            d["criteria"][0]["criteria"][1]["rule"]["steps"][0].pop("share"))
    assert "more than the maximum" in p["/criteria/0/criteria/1/rule/steps"]
    # Several problems at once.
    p = bad(lambda d: (d["criteria"][1].update(id="a"), d["criteria"][2]["rule"].update(kind="x")))
    assert len(p) == 2
    with pytest.raises(cchc.ValidationError, match="malformed JSON at line 1, column 3: "):
        cchc.scorecard.load_pack("{not json")
    with pytest.raises(cchc.Error, match="no such file"):
        cchc.scorecard.load_pack("missing.json")


def test_callable_module_and_unknown_results(small):
    assert callable(cchc.scorecard) and cchc.scorecard.Pack is not None
    with pytest.raises(cchc.Error, match="unknown key"):
        cchc.scorecard(small, results={"simulaton": None})
