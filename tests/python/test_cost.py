"""Compliance cost and scenarios from Python: hand-worked examples, invariants, reports."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import require

import cchc

# Round figures: 4,400,000 VND / 176 h = 25,000 VND per hour.
HAND = dict(
    income_per_month=4_400_000, hours_per_month=176, form_hours=0.5, waiting_hours=0.5,
    copy_price_per_page=500, pages_per_copy=2, notarisation_per_copy=4_000, postage=20_000,
    online_share_partial=0.0, online_share_full=0.0, postal_share=0.0,
    default_km={"province": 40, "district": 20, "commune": 4},
    vnd_per_km={"province": 2_000, "district": 2_000, "commune": 2_000},
    trip_fixed_vnd={"province": 5_000, "district": 5_000, "commune": 0},
    km_per_hour={"province": 40, "district": 30, "commune": 20},
    trip_fixed_hours={"province": 0.5, "district": 0.25, "commune": 0.25},
)


def params(**kw):
    return cchc.CostParams(**{**HAND, **kw})


AGENCIES = [
    {"code": "UBND-T", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province",
     "territory": "province"},
    {"code": "SO-TP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND-T",
     "travel_km": 50},
    {"code": "UBND-H1", "name": "UBND huyện 1", "kind": "district_people_committee", "level": "district",
     "territory": "district", "parent": "UBND-T", "travel_km": 15, "population": 30000},
    {"code": "UBND-X1", "name": "UBND xã 1", "kind": "commune_people_committee", "level": "commune",
     "territory": "commune", "parent": "UBND-H1", "travel_km": 3, "population": 1000},
    {"code": "UBND-X2", "name": "UBND xã 2", "kind": "commune_people_committee", "level": "commune",
     "territory": "commune", "parent": "UBND-H1", "travel_km": 6, "population": 3000},
]


def hand_procedure(code="1.000001", **over):
    p = {
        "code": code, "name": "Đăng ký ví dụ", "field": "Hộ tịch", "levels": ["district"], "trips": 2,
        "components": [
            {"name": "Tờ khai", "prep_hours": 0.5},
            {"name": "Bản sao giấy khai sinh", "prep_hours": 1.0, "copies": 1, "notarised": True},
            {"name": "Giấy xác nhận cư trú", "prep_hours": 2.0, "copies": 2, "cost": 10000},
        ],
        "fees": [{"name": "Lệ phí", "amount": 50000}],
        "steps": [{"name": "Tiếp nhận", "role": "reception", "duration": 0.5},
                  {"name": "Giải quyết", "role": "processing", "duration": 4.5}],
        "methods": [{"channel": "in_person", "processing_time": 5}],
        "volumes": [{"agency": "UBND-H1", "annual": 1000}],
    }
    p.update(over)
    return p


def model(procedures, documents=()):
    doc = {"format": "cchc", "version": 1, "name": "test", "agencies": AGENCIES, "procedures": list(procedures),
           "documents": list(documents)}
    return cchc.loads(json.dumps(doc, ensure_ascii=False))


@pytest.fixture()
def m():
    tax = {"code": "TAX", "name": "Báo cáo thuế", "field": "Thuế", "levels": ["province"], "trips": 0,
           "components": [{"name": "Báo cáo", "prep_hours": 10}],
           "volumes": [{"agency": "SO-TP", "annual": 12 * 325_000}]}
    second = hand_procedure("1.000002", name="Cấp bản sao", components=[
        {"name": "Tờ khai", "prep_hours": 0.5}, {"name": "Giấy tờ tùy thân", "prep_hours": 0.2, "copies": 1}],
        volumes=[{"agency": "UBND-H1", "annual": 400}, {"agency": "UBND-X1", "annual": 100}])
    return model([hand_procedure(), second, tax])


# ---------------------------------------------------------------------------
# Hand-worked examples


def test_three_components_a_fee_and_two_trips_to_the_dong():
    # Trip to the district desk 15 km away: 0.25 + 30/30 h travel + 0.5 h waiting; 5,000 + 60,000 VND.
    # Hours 3.5 prep + 0.5 form + 2 × 1.75 = 7.5 → 187,500; copies and notarisation 7,000 + certificate
    # 10,000; fee 50,000; vehicle 130,000 → 384,500 VND per dossier, × 1,000 dossiers a year.
    r = cchc.compliance_cost(model([hand_procedure()]), params=params())
    assert r.hourly_income == 25_000
    row = r.by_procedure.iloc[0]
    assert row["per_dossier_before"] == 384_500
    assert r.before == 384_500_000
    b = r.breakdown().iloc[0]
    assert (b["time"], b["P_time"], b["out_of_pocket"], b["fees"], b["travel"], b["trips"]) == (
        7.5, 187_500, 17_000, 50_000, 130_000, 2)
    assert b["Q"] == 1000 and b["annual"] == 384_500_000


def test_published_tax_report_example(m):
    # 12 filings × 250,000 VND × 325,000 firms = 975 bn VND/yr; 4 filings a year saves 650 bn.
    p = params(form_hours=0)
    s = cchc.Scenario("Giảm kỳ báo cáo").scale_volume("TAX", 4 / 12, note="12 → 4 lần/năm")
    r = cchc.compliance_cost(m, s, p)
    tax = r.by_procedure.set_index("code").loc["TAX"]
    assert tax["per_dossier_before"] == 250_000
    assert tax["annual_before"] == 975e9
    assert tax["annual_after"] == pytest.approx(325e9, abs=1)
    assert tax["saving"] == pytest.approx(650e9, abs=1)
    assert tax["actions"] == "12 → 4 lần/năm"
    assert r.saving == pytest.approx(650e9, abs=1)
    fast = cchc.evaluate_scenarios(m, [s], p)
    assert fast["saving"].iloc[0] == pytest.approx(650e9, abs=1)


def test_channels_online_and_post():
    p = params(online_share_full=0.5)
    r = cchc.compliance_cost(model([hand_procedure(online_level="full")]), params=p)
    b = r.breakdown().iloc[0]
    assert b["trips"] == 1.0 and b["travel"] == 65_000
    # Postal return offered and taken by everyone: one trip, postage paid.
    proc = hand_procedure(methods=[{"channel": "in_person", "processing_time": 5},
                                   {"channel": "post", "processing_time": 5}])
    r = cchc.compliance_cost(model([proc]), params=params(postal_share=1.0))
    b = r.breakdown().iloc[0]
    assert b["trips"] == 1.0 and b["out_of_pocket"] == 17_000 + 20_000


# ---------------------------------------------------------------------------
# Reports


def test_report_tables_are_consistent(m):
    s = (cchc.Scenario("Kế hoạch")
         .remove_component("1.000001", "Giấy xác nhận cư trú", note="khai thác CSDL cư trú")
         .set_trips(field="Hộ tịch", trips=1)
         .abolish("TAX"))
    r = cchc.compliance_cost(m, s, params())
    bp = r.by_procedure
    assert list(bp["code"]) == ["1.000001", "1.000002", "TAX"]
    assert bp["annual_before"].sum() == pytest.approx(r.before)
    assert bp["annual_after"].sum() == pytest.approx(r.after)
    assert dict(zip(bp["code"], bp["status"], strict=True)) == {
        "1.000001": "changed", "1.000002": "changed", "TAX": "abolished"}
    assert "khai thác CSDL cư trú" in bp.set_index("code").loc["1.000001", "actions"]
    # Hand: 1.000001 after = 7.5 − 2 − 1.75 h = 3.75 h → 93,750 + 5,000 + 50,000 + 65,000.
    assert bp.set_index("code").loc["1.000001", "per_dossier_after"] == 213_750
    ag = r.by_agency
    assert ag["annual_before"].sum() == pytest.approx(r.before)
    assert ag["annual_after"].sum() == pytest.approx(r.after)
    assert set(ag["code"]) == {"SO-TP", "UBND-H1", "UBND-X1"}
    bf = r.by_field.set_index("field")
    assert bf.loc["Thuế", "saving_pct"] == 100.0
    assert r.meets_resolution_68
    t = r.plan_table()
    assert list(t.columns)[5] == "Chi phí tuân thủ trước (đồng/năm)"
    assert t.iloc[-1]["Tên thủ tục"] == "Tổng cộng"
    assert t.iloc[-1]["Chi phí tiết kiệm (đồng/năm)"] == round(r.saving)
    md = r.to_markdown()
    assert "| Tổng cộng |" in md and f"{round(r.before):,}" in md
    assert "<table" in r.to_html(lang="en")
    assert "saving" in repr(r)


def test_breakdown_adds_up(m):
    r = cchc.compliance_cost(m, params=cchc.CostParams())
    b = r.breakdown()
    np.testing.assert_allclose(b["P_time"] + b["out_of_pocket"] + b["fees"] + b["travel"], b["per_dossier"])
    np.testing.assert_allclose(b["per_dossier"] * b["Q"], b["annual"])
    np.testing.assert_allclose(b["P_time"], b["tariff"] * b["time"])
    lines = r.lines()
    assert lines["annual"].sum() == pytest.approx(r.before)


def test_plot_bar_and_waterfall(m):
    require("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    r = cchc.compliance_cost(m, cchc.Scenario("x").set_trips("*", 0))
    assert r.plot().get_ylabel() == "bn VND / year"
    ax = r.plot(kind="waterfall", by="field")
    assert len(ax.patches) == len(r.by_field) + 3


# ---------------------------------------------------------------------------
# Invariants


def test_empty_scenario_changes_nothing(m):
    r = cchc.compliance_cost(m, cchc.Scenario("nothing"))
    assert r.after == r.before and r.saving == 0
    assert (r.by_procedure["status"] == "unchanged").all()
    assert cchc.apply(m, cchc.Scenario()).summary() == m.summary()


def _random_catalogue(seed, n=60):
    rng = np.random.default_rng(seed)  # PCG64: the same stream on every machine
    procs = []
    for i in range(n):
        comps = [{"name": f"C{k}", "prep_hours": float(rng.uniform(0, 5)), "copies": int(rng.integers(0, 3)),
                  "cost": int(rng.integers(0, 3)) * 5000, "notarised": bool(rng.integers(0, 2)),
                  "required": bool(rng.integers(0, 4))} for k in range(int(rng.integers(1, 5)))]
        methods = [{"channel": "in_person", "processing_time": 5}]
        if rng.integers(0, 3) == 0:
            methods.append({"channel": "post", "processing_time": 5})
        agencies = ["SO-TP", "UBND-H1", "UBND-X1", "UBND-X2"]
        vols = [{"agency": a, "annual": float(rng.integers(0, 1000))} for a in agencies if rng.integers(0, 2)]
        procs.append({"code": f"P{i}", "name": f"P{i}", "field": "AB"[i % 2],
                      "levels": [["province", "district", "commune"][int(rng.integers(0, 3))]],
                      "trips": int(rng.integers(1, 4)), "online_level": ["none", "partial", "full"][i % 3],
                      "components": comps, "methods": methods, "volumes": vols,
                      "fees": [{"name": "F", "amount": int(rng.integers(0, 100)) * 1000}]})
    return model(procs), rng


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_removing_a_component_or_a_trip_never_increases_cost(seed):
    m, rng = _random_catalogue(seed)
    p = cchc.CostParams(optional_component_weight=0.5)
    comps = m.procedures.components.to_pandas()
    s_comp, s_trip = cchc.Scenario("fewer components"), cchc.Scenario("fewer trips")
    procs = m.procedures.to_pandas()
    for i, code in enumerate(procs["code"]):
        names = comps.loc[comps["procedure"] == code, "name"].tolist()
        s_comp = s_comp.remove_component(code, names[int(rng.integers(0, len(names)))])
        s_trip = s_trip.set_trips(code, int(procs["trips"].iloc[i]) - 1)
    for s in (s_comp, s_trip):
        bp = cchc.compliance_cost(m, s, p).by_procedure
        assert (bp["per_dossier_after"] <= bp["per_dossier_before"] + 1e-9).all()
        assert (bp["annual_after"] <= bp["annual_before"] + 1e-6).all()
        assert (bp["per_dossier_after"] < bp["per_dossier_before"]).any()


def test_fast_evaluator_agrees_with_apply(seed=5):
    m, _ = _random_catalogue(seed)
    plans = [
        cchc.Scenario("a").set_online(field="A", level="full", share=0.8),
        cchc.Scenario("b").merge(["P1", "P2", "P3"]).abolish("P7"),
        cchc.Scenario("c").move_level(["P4", "P5"], "commune").set_fee("*", percent=50),
        cchc.Scenario("d").link(["P8", "P9"]).set_postal_return("P10", 0.5),
    ]
    fast = cchc.evaluate_scenarios(m, plans, threads=2)
    slow = [cchc.compliance_cost(m, s).after for s in plans]
    np.testing.assert_allclose(fast["after"], slow, rtol=1e-12)
    assert list(fast["name"]) == ["a", "b", "c", "d"]


# ---------------------------------------------------------------------------
# Scenario data


def test_scenario_json_round_trip(tmp_path):
    s = (cchc.Scenario("Đơn giản hóa 2021", "Kế hoạch CCHC")
         .remove_component("1.000001", "Tờ khai", note="mẫu điện tử")
         .set_component(field="Hộ tịch", component="Bản sao giấy khai sinh", prep_hours=0.2, copies=0)
         .cut_time("*", percent=30).cut_time("1.000001", step="Giải quyết", days=1)
         .set_online("1.000001", "partial", share=0.4).set_trips("1.000001", 1)
         .set_fee("1.000001", amount=0).set_fee("1.000002", fee="Lệ phí", percent=50)
         .merge(["1.000001", "1.000002"], into="1.000002", name="Gộp")
         .link(["a", "b"]).move_level("x", "commune").scale_volume("TAX", 1 / 3, agency="SO-TP")
         .set_volume("TAX", "SO-TP", 10).set_postal_return("TAX", 0.3).abolish(["q", "r"]))
    assert len(s) == 15
    back = cchc.Scenario.from_json(s.to_json())
    assert back == s and back.to_json() == s.to_json()
    s.save(tmp_path / "plan.json")
    assert cchc.Scenario.load(tmp_path / "plan.json") == s
    text = repr(s)
    assert text.startswith("Scenario('Đơn giản hóa 2021', 15 actions)")
    assert "  3. cut_time all procedures: -30%" in text
    both = s + cchc.Scenario("thêm").abolish("TAX")
    assert len(both) == 16 and both.name == "Đơn giản hóa 2021 + thêm"


def test_scenarios_are_values(m):
    base = cchc.Scenario("base").set_trips("*", 1)
    variant = base.abolish("TAX")
    assert len(base) == 1 and len(variant) == 2
    assert cchc.compliance_cost(m, variant).after < cchc.compliance_cost(m, base).after


def test_bad_scenarios_raise_scenario_error_naming_close_codes(m):
    with pytest.raises(cchc.ScenarioError, match=r"unknown procedure '1\.000003'.*closest: '1\.00000[12]'"):
        cchc.compliance_cost(m, cchc.Scenario().abolish("1.000003"))
    with pytest.raises(cchc.ScenarioError, match="closest: 'Giấy xác nhận cư trú'"):
        cchc.apply(m, cchc.Scenario().remove_component("1.000001", "Giay xac nhan cu tru tam"))
    with pytest.raises(cchc.ScenarioError, match="unknown field 'Ho tich'.*'Hộ tịch'"):
        cchc.apply(m, cchc.Scenario().cut_time(field="Ho tich", percent=10))
    with pytest.raises(cchc.ScenarioError, match="abolished by action 1"):
        cchc.apply(m, cchc.Scenario().abolish("TAX").set_trips("TAX", 0))
    with pytest.raises(cchc.ScenarioError, match="/actions/0/percent"):
        cchc.Scenario().cut_time("*", percent=150)
    with pytest.raises(cchc.ScenarioError, match="exactly one of days, percent"):
        cchc.Scenario().cut_time("*")
    with pytest.raises(cchc.ScenarioError, match="did you mean 'percent'"):
        cchc.Scenario.from_json('{"format": "cchc-scenario", "version": 1, "actions": '
                                '[{"action": "cut_time", "all": true, "percnt": 3}]}')
    with pytest.raises(cchc.ScenarioError, match="allowed: none, partial, full"):
        cchc.Scenario().set_online("x", "total")
    assert issubclass(cchc.ScenarioError, cchc.Error)


# ---------------------------------------------------------------------------
# Parameters


def test_cost_params_defaults_and_sources():
    p = cchc.CostParams()
    assert p.hourly_income == pytest.approx(4_205_000 / 176)
    assert p.default_km["commune"] < p.default_km["district"] < p.default_km["province"]
    src = p.sources()
    assert {"name", "value", "unit", "source", "confirmed"} <= set(src.columns)
    assert src["source"].str.len().min() > 10
    assert not src.set_index("name").loc["income_per_month", "confirmed"]  # docs/domain.md#compliance-cost: unconfirmed basis
    with pytest.raises(cchc.Error, match="online_share_full"):
        cchc.CostParams(online_share_full=1.5).validate()
    with pytest.raises(cchc.Error, match="unknown level 'village'"):
        cchc.compliance_cost(model([hand_procedure()]), params=cchc.CostParams(default_km={"village": 1}))
    # Doubling the tariff doubles the time cost only.
    base = cchc.compliance_cost(model([hand_procedure()]), params=params()).breakdown().iloc[0]
    dbl = cchc.compliance_cost(model([hand_procedure()]), params=params(income_per_month=8_800_000)).breakdown().iloc[0]
    assert dbl["P_time"] == 2 * base["P_time"] and dbl["travel"] == base["travel"]


def test_report_frames_have_expected_columns(m):
    r = cchc.compliance_cost(m)
    assert isinstance(r.by_procedure, pd.DataFrame)
    for col in ("code", "name", "field", "level", "volume_before", "per_dossier_before", "per_dossier_after",
                "annual_before", "annual_after", "saving", "saving_pct"):
        assert col in r.by_procedure.columns
