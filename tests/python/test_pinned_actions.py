"""Every scenario action, through the Python front, pinned by a hand-worked value.

The model is test_cost's (round figures: 25,000 VND per hour). Each test checks
what the action writes into the model (``Model.apply``) and the compliance cost
of the applied model (``compliance_cost``, Circular 02/2017 as cost.hpp
documents it), with the arithmetic written out. Nothing goes through the fast
evaluator, which shares the action code and would agree with a wrong action.

One trip (round trip plus 0.5 h at the counter), at 25,000 VND/h:
  UBND-H1 district 15 km: 0.5 + 0.25 + 30/30 = 1.75 h, vehicle 5,000 + 30 x 2,000 -> 108,750
  UBND-X1 commune   3 km: 0.5 + 0.25 +  6/20 = 1.05 h, vehicle 6 x 2,000          ->  38,250
  UBND-X2 commune   6 km: 0.5 + 0.25 + 12/20 = 1.35 h, vehicle 12 x 2,000         ->  57,750
Procedure 1.000001 (A), 2 trips, 1,000 dossiers at H1, fixed part of a dossier:
  form 0.5 h + components 0.5 + 1 + 2 h = 4 h -> 100,000; copies and notarisation 1,000 + 4,000,
  certificate 10,000 + 2 copies 2,000 -> 17,000; fee 50,000 -> 167,000; per dossier 384,500.
Procedure 1.000002 (B), 2 trips, 400 at H1 and 100 at X1:
  form 0.5 h + 0.5 + 0.2 h = 1.2 h -> 30,000; 1 copy 1,000; fee 50,000 -> 81,000.
"""

from __future__ import annotations

import pytest
from test_cost import hand_procedure, model, params

import cchc

TRIP_H1 = 1.75 * 25_000 + 65_000
TRIP_X1 = 1.05 * 25_000 + 12_000
TRIP_X2 = 1.35 * 25_000 + 24_000
FIXED_A = 167_000
FIXED_B = 81_000
A, B = "1.000001", "1.000002"


@pytest.fixture()
def m():
    second = hand_procedure(B, name="Cấp bản sao", components=[
        {"name": "Tờ khai", "prep_hours": 0.5}, {"name": "Giấy tờ tùy thân", "prep_hours": 0.2, "copies": 1}],
        volumes=[{"agency": "UBND-H1", "annual": 400}, {"agency": "UBND-X1", "annual": 100}])
    return model([hand_procedure(), second])


def after(m, s, **kw):
    """Per-procedure cost of the applied scenario (apply, then cost), indexed by code."""
    r = cchc.compliance_cost(m, s, params(**kw))
    return r.by_procedure.set_index("code"), r


def sub(model_, table, code):
    """Rows of a procedure sub-table (fees, components, volumes, methods) for one procedure code."""
    df = getattr(model_.procedures, table).to_pandas()
    return df[df["procedure"].astype(str) == code].reset_index(drop=True)


def test_the_baseline_by_hand(m):
    bp, r = after(m, cchc.Scenario())
    assert bp.loc[A, "per_dossier_before"] == pytest.approx(FIXED_A + 2 * TRIP_H1) == 384_500
    assert bp.loc[B, "annual_before"] == pytest.approx(
        400 * (FIXED_B + 2 * TRIP_H1) + 100 * (FIXED_B + 2 * TRIP_X1))
    assert r.before == pytest.approx(1000 * 384_500 + 400 * 298_500 + 100 * 157_500)


def test_set_fee_by_percent(m):
    # 40% off: 50,000 x 0.6 = 30,000, i.e. 20,000 less per dossier, 20 million less a year.
    s = cchc.Scenario().set_fee(A, percent=40)
    assert sub(m.apply(s), "fees", A)["amount"].tolist() == [30_000]
    bp, r = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(384_500 - 20_000)
    assert r.saving == pytest.approx(1000 * 20_000)
    # On one named item (diacritics ignored): 25% off -> 37,500.
    s = cchc.Scenario().set_fee(A, fee="le phi", percent=25)
    assert sub(m.apply(s), "fees", A)["amount"].tolist() == [37_500]
    # A field target: every procedure of the field.
    s = cchc.Scenario().set_fee(field="Hộ tịch", percent=10)
    assert sorted(m.apply(s).procedures.fees.to_pandas()["amount"]) == [45_000, 45_000]


def test_set_fee_by_amount(m):
    # A total replaces the items with one: 12,000 per dossier less on 1,000 dossiers.
    s = cchc.Scenario().set_fee(A, amount=38_000)
    assert sub(m.apply(s), "fees", A)[["name", "amount"]].values.tolist() == [["Lệ phí", 38_000]]
    bp, r = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(384_500 - 12_000)
    assert r.saving == pytest.approx(12_000_000)
    assert len(sub(m.apply(cchc.Scenario().set_fee(A, amount=0)), "fees", A)) == 0


def test_set_component(m):
    # Giấy xác nhận cư trú: 2 h = 50,000 + 10,000 + 2 copies 2,000 = 62,000 before;
    # 1 h = 25,000 + 4,000 + 1 copy (1,000 + notarised 4,000) = 34,000 after.
    s = cchc.Scenario().set_component(A, "Giấy xác nhận cư trú", prep_hours=1, copies=1, cost=4_000,
                                      notarised=True)
    c = sub(m.apply(s), "components", A).iloc[2]
    assert (c["prep_hours"], c["copies"], c["cost"], bool(c["notarised"])) == (1.0, 1, 4_000, True)
    bp, _ = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(384_500 - 62_000 + 34_000)
    # Optional with weight 0.5: half of its 62,000 remains.
    s = cchc.Scenario().set_component(A, "Giấy xác nhận cư trú", required=False)
    bp, _ = after(m, s, optional_component_weight=0.5)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(384_500 - 31_000)
    assert bp.loc[A, "per_dossier_before"] == pytest.approx(384_500)


def test_remove_component(m):
    # Bản sao giấy khai sinh: 1 h = 25,000 + 1,000 + 4,000 = 30,000.
    s = cchc.Scenario().remove_component(A, "Bản sao giấy khai sinh")
    assert sub(m.apply(s), "components", A)["name"].tolist() == ["Tờ khai", "Giấy xác nhận cư trú"]
    bp, _ = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(384_500 - 30_000)


def test_set_trips(m):
    bp, _ = after(m, cchc.Scenario().set_trips(A, 1))
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(FIXED_A + TRIP_H1)


def test_set_postal_return(m):
    # 40% posted: trips 0.6 x 2 + 0.4 x 1 = 1.6; postage 0.4 x 20,000 = 8,000.
    s = cchc.Scenario().set_postal_return(A, 0.4)
    m2 = m.apply(s)
    assert sub(m2, "methods", A)["channel"].astype(str).tolist() == ["in_person", "post"]
    assert m2.procedures[A]["postal_share"] == 0.4
    bp, r = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(FIXED_A + 8_000 + 1.6 * TRIP_H1) == 349_000
    b = r.breakdown("after").set_index("code").loc[A]
    assert b["trips"] == pytest.approx(1.6) and b["out_of_pocket"] == pytest.approx(17_000 + 8_000)


def test_online_shares(m):
    # Full online, 60%: trips 0.4 x 2 = 0.8.
    s = cchc.Scenario().set_online(A, "full", share=0.6)
    assert m.apply(s).procedures[A]["online_share"] == 0.6
    bp, _ = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(FIXED_A + 0.8 * TRIP_H1)
    # Partial online, 50%, and postal return 40%: 0.5 x (0.6 x 2 + 0.4 x 1) + 0.5 x 0.6 x 1 = 1.1 trips,
    # postage on 0.5 x 0.4 + 0.5 x 0.4 = 0.4 of the dossiers.
    s = cchc.Scenario().set_online(A, "partial", share=0.5).set_postal_return(A, 0.4)
    bp, _ = after(m, s)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(FIXED_A + 0.4 * 20_000 + 1.1 * TRIP_H1)
    # The default share for a level comes from the parameters: full online at 0.3 -> 0.7 x 2 = 1.4 trips.
    bp, _ = after(m, cchc.Scenario().set_online(A, "full"), online_share_full=0.3)
    assert bp.loc[A, "per_dossier_after"] == pytest.approx(FIXED_A + 1.4 * TRIP_H1)


def test_volume_scaling_by_agency(m):
    s = cchc.Scenario().scale_volume(B, 0.5, agency="UBND-X1")
    v = sub(m.apply(s), "volumes", B)
    assert v["agency"].astype(str).tolist() == ["UBND-H1", "UBND-X1"] and v["annual"].tolist() == [400, 50]
    bp, _ = after(m, s)
    assert bp.loc[B, "annual_after"] == pytest.approx(
        400 * (FIXED_B + 2 * TRIP_H1) + 50 * (FIXED_B + 2 * TRIP_X1))
    s = cchc.Scenario().set_volume(B, "UBND-X2", 10)
    bp, _ = after(m, s)
    assert bp.loc[B, "annual_after"] == pytest.approx(
        400 * (FIXED_B + 2 * TRIP_H1) + 100 * (FIXED_B + 2 * TRIP_X1) + 10 * (FIXED_B + 2 * TRIP_X2))


def test_merge_combines_fees_and_volumes(m):
    # A absorbs B: fees 50,000 + 50,000 of the same name "Lệ phí" -> kept once (items are united by name);
    # components A's three + Giấy tờ tùy thân; volumes H1 1,000 + 400, X1 100.
    s = cchc.Scenario().merge([A, B], name="Gộp")
    m2 = m.apply(s)
    assert len(m2.procedures) == 1 and m2.procedures[A]["name"] == "Gộp"
    assert sub(m2, "fees", A)["amount"].tolist() == [50_000]
    v = sub(m2, "volumes", A)
    assert v["annual"].tolist() == [1400, 100]
    # Fixed: 4.2 h = 105,000; out of pocket 17,000 + 1,000; fee 50,000 -> 173,000.
    fixed = 4.2 * 25_000 + 18_000 + 50_000
    _, r = after(m, s)
    assert r.after == pytest.approx(1400 * (fixed + 2 * TRIP_H1) + 100 * (fixed + 2 * TRIP_X1))


def test_merge_sums_differently_named_fees(m):
    # Renaming B's fee makes it a second item: 50,000 + 8,000 = 58,000 per merged dossier.
    m = model([hand_procedure(), hand_procedure(B, fees=[{"name": "Phí thẩm định", "amount": 8_000}],
                                                volumes=[{"agency": "UBND-X1", "annual": 100}])])
    m2 = m.apply(cchc.Scenario().merge([A, B]))
    assert sorted(sub(m2, "fees", A)["amount"]) == [8_000, 50_000]
    # Same components (united by name): fixed 167,000 + 8,000.
    _, r = after(m, cchc.Scenario().merge([A, B]))
    assert r.after == pytest.approx(1000 * (175_000 + 2 * TRIP_H1) + 100 * (175_000 + 2 * TRIP_X1))


def test_move_level(m):
    # H1's 1,000 dossiers go to X1 and X2 by population 1,000 : 3,000.
    bp, _ = after(m, cchc.Scenario().move_level(A, "commune"))
    assert bp.loc[A, "annual_after"] == pytest.approx(
        250 * (FIXED_A + 2 * TRIP_X1) + 750 * (FIXED_A + 2 * TRIP_X2))


def test_link_and_abolish(m):
    # B linked after A: no trip, Tờ khai not repeated: 0.7 h = 17,500 + 1,000 + 50,000.
    bp, _ = after(m, cchc.Scenario().link([A, B]))
    assert bp.loc[B, "annual_after"] == pytest.approx(500 * 68_500)
    _, r = after(m, cchc.Scenario().abolish(A))
    assert r.after == pytest.approx(400 * (FIXED_B + 2 * TRIP_H1) + 100 * (FIXED_B + 2 * TRIP_X1))
