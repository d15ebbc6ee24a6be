"""Channel shares recorded in the model (data or scenario) reach both the cost engine and the simulation."""

from __future__ import annotations

import math

import pytest
from conftest import dumps

import cchc


def test_shares_round_trip_and_default_to_unknown(small):
    small["procedures"][0]["online_share"] = 0.25
    m = cchc.loads(dumps(small))
    procs = m.procedures.to_pandas().set_index("code")
    assert procs.loc["1.001193", "online_share"] == 0.25
    assert math.isnan(procs.loc["2.000001", "online_share"]) and math.isnan(procs.loc["1.001193", "postal_share"])
    assert cchc.loads(m.to_json()).to_json() == m.to_json()
    assert b'"online_share":0.25' in m.to_json() and b"postal_share" not in m.to_json()


def test_a_scenario_share_is_recorded_in_the_model_and_priced(small):
    m = cchc.loads(dumps(small))
    s = cchc.Scenario("online").set_online("2.000001", "full", share=0.8)
    m2 = m.apply(s)
    assert m2.procedures.to_pandas().set_index("code").loc["2.000001", "online_share"] == 0.8
    # Costing the applied model alone gives the scenario's "after": the share travels in the data.
    assert cchc.compliance_cost(m2).before == pytest.approx(cchc.compliance_cost(m, scenario=s).after)
    # A full-online share of 1 removes every trip and travel cost of that procedure.
    m3 = m.apply(cchc.Scenario().set_online("2.000001", "full", share=1.0))
    assert cchc.compliance_cost(m3).before < cchc.compliance_cost(m).before


def test_the_simulation_follows_the_recorded_share(small):
    small["procedures"][0]["volumes"][0]["annual"] = 2000
    base = cchc.loads(dumps(small))
    online = base.apply(cchc.Scenario().set_online("1.001193", "full", share=1.0))
    counter = base.apply(cchc.Scenario().set_online("1.001193", "full", share=0.0))
    s, ret = 0.2, 0.3  # supplement requests, results returned by post
    kw = dict(start="2021-03-01", days=60, replications=2, seed=3, progress=False, post_share=0.0,
              supplement_prob=s, post_return_share=ret)
    r_online, r_counter = cchc.simulate(online, **kw), cchc.simulate(counter, **kw)
    # Same seed, same arrivals: every dossier of the procedure goes online and makes no counter trip;
    # share 0 keeps them all at the counter: 1 trip to submit, 1 more when asked to supplement (s),
    # 1 to collect unless the result is posted (1 - ret): mean 1 + s + (1 - ret), variance
    # s(1 - s) + ret(1 - ret); a lost collection trip (mean 1.2) is 20 standard errors away.
    on = r_online.dossiers().query("procedure == '1.001193'")
    off = r_counter.dossiers().query("procedure == '1.001193'")
    assert len(on) == len(off) > 300
    assert (on["channel"] == "online").all() and (on["trips"] == 0).all()
    assert (off["channel"] == "in_person").all() and set(off["trips"]) == {1, 2, 3}
    se = math.sqrt((s * (1 - s) + ret * (1 - ret)) / len(off))
    assert off["trips"].mean() == pytest.approx(1 + s + (1 - ret), abs=4 * se)
