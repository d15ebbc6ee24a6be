"""The model through the Python API: tables, lookups, round trips."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import dumps

import cchc


def test_tables_have_the_rows_and_types_of_the_input(small):
    m = cchc.loads(dumps(small))
    assert len(m.agencies) == 5 and len(m.procedures) == 2 and len(m.people) == 2
    assert len(m.training_records) == 2 and len(m.tasks.assignments) == 4
    ag = m.agencies.to_pandas()
    assert list(ag["code"]) == ["UBT", "SNV", "STP", "H1", "X1"]
    assert ag["kind"].dtype == "category" and ag.loc[1, "kind"] == "department"
    assert pd.isna(ag.loc[0, "parent"]) and ag.loc[4, "parent"] == "H1"
    assert ag.loc[2, "valid_from"] == pd.Timestamp("2008-01-01") and pd.isna(ag.loc[2, "valid_to"])
    assert ag["headcount"].dtype == np.int32
    procs = m.procedures.to_pandas().set_index("code")
    assert procs.loc["2.000001", "annual_volume"] == 45.5
    assert procs.loc["2.000001", "fees_vnd"] == 75000
    assert procs.loc["1.001193", "online_level"] == "full"
    comps = m.procedures.components.to_pandas()
    assert list(comps["procedure"]) == ["1.001193", "1.001193", "2.000001"]
    assert comps["notarised"].tolist() == [False, False, True]
    steps = m.procedures.steps.to_pandas()
    assert steps["responsible"].tolist() == ["@implementing"] * 4 + ["UBT"]


def test_training_records_are_grouped_by_person_and_default_to_course_periods(small):
    m = cchc.loads(dumps(small))
    rec = m.training_records.to_pandas()
    assert rec["person"].tolist() == ["P1", "P1"]
    assert rec["periods"].tolist() == [240.0, 32.5]  # absent → the course's 240 periods
    assert rec["certificate"].tolist() == [True, False]
    people = m.people.to_pandas()
    assert people["ethnicity"].tolist() == ["Thái", "Mông"]
    assert people["birth_year"].tolist() == [1985, 1975]


def test_people_columns_are_zero_copy_views_kept_alive_by_the_model(small):
    m = cchc.loads(dumps(small))
    columns, kinds = m._core.table("people")
    agency = columns["agency"]
    assert not agency.flags.writeable and not agency.flags.owndata
    del m
    assert agency.tolist() == [1, 4]  # still valid: the array owns a reference to the model


def test_lookup_by_name_ignores_diacritics_and_case(small):
    m = cchc.loads(dumps(small))
    assert m.agencies.find("so noi vu")["code"].tolist() == ["SNV"]
    assert m.agencies.find("DA DEN")["code"].tolist() == ["X1"]  # Đ folds to d
    assert m.procedures.find("khai sinh")["code"].tolist() == ["1.001193"]
    assert m.agencies.find("so")["code"].tolist() == ["SNV", "STP"]
    assert cchc._core.fold("Đoàn Kết") == "doan ket"


def test_row_by_code_and_closest_codes_for_unknown_ones(small):
    m = cchc.loads(dumps(small))
    assert m.agencies["STP"]["name"] == "Sở Tư pháp"
    with pytest.raises(cchc.ReferenceError, match="closest: SNV"):
        m.agencies["SNVV"]
    with pytest.raises(LookupError):
        m.procedures["9.999"]


def test_summary_counts(small):
    s = cchc.loads(dumps(small)).summary()
    assert s["agencies"] == 5 and s["district_level_units"] == 1 and s["commune_level_units"] == 1
    assert s["procedures_commune"] == 1 and s["procedures_district"] == 1 and s["procedures_full_online"] == 1
    assert s["annual_dossiers"] == pytest.approx(165.5)


def test_validate_reports_two_chairs_and_headcount_over_quota(small):
    problems = cchc.loads(dumps(small)).validate()
    messages = {(p.code, p.message.split(";")[0]) for p in problems}
    assert ("NV2", "2 chairing agencies on 2021-12-31") in messages
    assert ("STP", "headcount 31 exceeds the staffing quota 30") in messages
    assert all(p.severity == "warning" for p in problems)
    assert len(problems) == 2


def test_save_load_save_is_byte_identical(small, tmp_path):
    m = cchc.loads(dumps(small))
    first = m.to_json()
    m.save(tmp_path / "a.json")
    again = cchc.load(tmp_path / "a.json")
    assert again.to_json() == first
    m.save(tmp_path / "a.json.gz")
    gz = (tmp_path / "a.json.gz").read_bytes()
    assert gzip.decompress(gz) == first
    # Deflated in C++ on the way to the file, byte for byte what Python's gzip makes of the text.
    assert gz == gzip.compress(first, compresslevel=6, mtime=0)
    assert cchc.load(tmp_path / "a.json.gz").to_json() == first
    # Every value survives: the re-read document equals the original up to defaults.
    doc = json.loads(first)
    assert doc["people"][0]["training"][1]["periods"] == 32.5
    assert "periods" not in doc["people"][0]["training"][0]
    assert doc["procedures"][1]["steps"][1]["responsible"] == "UBT"


def test_save_is_atomic_and_rejects_unknown_extensions(small, tmp_path):
    m = cchc.loads(dumps(small))
    target = tmp_path / "m.json"
    target.write_text("old")
    m.save(target)
    assert target.read_bytes() == m.to_json()
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]  # no temporary left behind
    with pytest.raises(ValueError, match="unknown extension"):
        m.save(tmp_path / "m.xml")


def test_repr_and_html_repr(small):
    m = cchc.loads(dumps(small))
    assert "5 agencies" in repr(m) and "2 procedures" in repr(m)
    assert "Sở Nội vụ" in m.agencies._repr_html_()
    assert "<table" in m._repr_html_()


_PEAK = r"""
import json, sys
import cchc

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith(key))

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # restart the peak (VmHWM) from the current RSS
before = status("VmRSS:")
m = cchc.load(sys.argv[1])
after, peak = status("VmRSS:"), status("VmHWM:")
print(json.dumps({"model": after - before, "peak": peak - before, "records": len(m.training_records)}))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux /proc")
def test_loading_json_streams_within_2_5_times_the_models_size(tmp_path):
    """The model's own size is what its snapshot load leaves resident; a DOM of the
    document (or its whole text next to the model) would need several times that."""
    from cchc.datasets.synthetic import synthetic

    m = synthetic(provinces=2, communes=20, people=60_000, records_per_person=10, seed=5)

    def load(name):
        path = tmp_path / name
        m.save(path)
        out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        assert r["records"] == len(m.training_records)
        return r

    model = load("m.cchc")["model"]
    assert model < len(m.to_json()) / 2  # the text alone would already use a good part of the allowance
    for name in ("m.json", "m.json.gz"):
        r = load(name)
        assert r["peak"] <= 2.5 * model, (name, r, model)
