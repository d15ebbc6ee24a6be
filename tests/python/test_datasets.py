"""The embedded Lai Châu 2021 province through the public API."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from conftest import require

import cchc


@pytest.fixture(scope="module")
def m() -> cchc.Model:
    return cchc.datasets.lai_chau_2021()


def test_calibrated_counts(m):
    s = m.summary()
    assert s["district_level_units"] == 8 and s["commune_level_units"] == 106
    ag = m.agencies.to_pandas()
    communes = ag[ag["kind"] == "commune_people_committee"]["territory"].value_counts()
    assert (communes["commune"], communes["ward"], communes["township"]) == (94, 5, 7)
    assert communes.sum() == 106
    assert ag.loc[ag["kind"] == "commune_people_committee", "population"].sum() == 470_000
    assert s["procedures"] >= 1500
    assert 16_000 <= s["people"] <= 18_000
    for name in ["Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Nậm Nhùn", "Tân Uyên", "Than Uyên"]:
        assert not m.agencies.find(name).empty, name
    assert not m.agencies.find("trung tam phuc vu hanh chinh cong").empty
    assert (ag["kind"] == "one_stop_desk").sum() >= 8 + 106


def test_is_cached_and_loads_from_the_package(m):
    assert cchc.datasets.lai_chau_2021() is m
    assert cchc.datasets.path().endswith("lai_chau_2021.json.gz")


def test_round_trip(m, tmp_path):
    text = m.to_json()
    m.save(tmp_path / "lc.json")
    assert cchc.load(tmp_path / "lc.json").to_json() == text


def test_writer_output_conforms_to_the_schema(m):
    jsonschema = require("jsonschema")
    text = m.to_json()
    schema = json.loads(resources.files("cchc").joinpath("schema", "cchc-v1.schema.json").read_text("utf-8"))
    # Our own writer's output conforms to the shipped schema (a small slice keeps the test quick).
    doc = json.loads(text)
    doc["people"] = doc["people"][:300]
    doc["procedures"] = doc["procedures"][:300]
    doc["documents"] = [dict(d, procedures=[]) for d in doc["documents"]]
    jsonschema.validate(doc, schema)


def test_findings_include_the_planted_overlaps(m):
    chairs = [p for p in m.validate() if "chairing agencies" in p.message]
    assert sum(p.message.startswith("2 chairing") for p in chairs) >= 5
    assert sum(p.message.startswith("0 chairing") for p in chairs) >= 1
