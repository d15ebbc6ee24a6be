"""The embedded Lai Châu 2021 province: schema, reproducibility and calibration.

Reads the shipped ``lai_chau_2021.json.gz`` directly (no ``import cchc``), so these tests
check the data file and its generator independently of the loader.
"""

from __future__ import annotations

import collections
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "python" / "cchc" / "datasets" / "data" / "lai_chau_2021.json.gz"
SCHEMA = ROOT / "python" / "cchc" / "schema" / "cchc-v1.schema.json"
GENERATOR = ROOT / "scripts" / "generate_lai_chau.py"

DISTRICTS = {"Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Nậm Nhùn", "Tân Uyên", "Than Uyên"}
WARDS = {"Tân Phong", "Đoàn Kết", "Quyết Thắng", "Quyết Tiến", "Đông Phong"}
ETHNIC_GROUPS = {"Thái", "Mông", "Kinh", "Dao", "Hà Nhì", "Giáy", "Lự", "Khơ Mú", "Cống", "Mảng", "Si La", "La Hủ",
                 "Hoa", "Mường", "Tày", "Nùng", "Lào", "Phù Lá", "Kháng", "Bố Y"}


@pytest.fixture(scope="module")
def raw() -> bytes:
    return DATA.read_bytes()


@pytest.fixture(scope="module")
def doc(raw) -> dict:
    return json.loads(gzip.decompress(raw))


@pytest.fixture(scope="module")
def agencies(doc) -> dict:
    return {a["code"]: a for a in doc["agencies"]}


# --------------------------------------------------------------------------- schema
def test_schema_is_valid_draft_2020_12():
    jsonschema = require("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_shipped_file_validates_against_schema(doc):
    jsonschema = require("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(doc))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10])


def test_schema_flags_unknown_fields_and_bad_enums():
    jsonschema = require("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    base = {"format": "cchc", "version": 1, "name": "x",
            "agencies": [{"code": "A", "name": "A", "kind": "department", "level": "province"}]}
    assert not list(v.iter_errors(base))
    for bad in (
        {**base, "surprise": 1},
        {**base, "agencies": [{**base["agencies"][0], "colour": "red"}]},
        {**base, "agencies": [{**base["agencies"][0], "kind": "ministry"}]},
        {**base, "agencies": [{**base["agencies"][0], "headcount": -1}]},
        {**base, "version": 2},
        {"format": "cchc", "version": 1, "name": "x"},
        {**base, "people": [{"id": "p", "agency": "A", "category": "cong_chuc", "gender": "male",
                             "training": [{"course": "c", "start": "2021-01-01", "end": "2021-01-02", "grade": 9}]}]},
    ):
        assert list(v.iter_errors(bad)), bad


# --------------------------------------------------------------------------- reproducibility
def test_regenerating_with_default_seed_is_byte_identical(raw, tmp_path):
    out = tmp_path / "lai_chau_2021.json.gz"
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == raw, "shipped data differ from the generator's output: rerun scripts/generate_lai_chau.py"


def test_file_format_and_size(raw):
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\x00\x00\x00\x00", "gzip with mtime=0"
    assert len(raw) <= 3 * 1024 * 1024
    text = gzip.decompress(raw)
    assert len(text) <= 16 * 1024 * 1024
    assert b"\n" not in text and b": " not in text[:2000], "compact separators"
    assert "Lai Châu".encode() in text, "ensure_ascii=False"


def test_key_order_follows_format_md(doc):
    assert list(doc)[:7] == ["format", "version", "name", "province", "description", "as_of", "calendar"]
    assert list(doc)[7:] == ["agencies", "tasks", "procedures", "documents", "courses", "people"]
    order = ["code", "name", "kind", "level", "territory", "parent", "valid_from", "valid_to",
             "quota_civil_servants", "quota_public_employees", "headcount", "population", "travel_km"]
    for a in doc["agencies"]:
        keys = list(a)
        assert keys == sorted(keys, key=order.index)
    porder = ["code", "name", "field", "levels", "type", "decision", "legal_basis", "subjects", "online_level", "trips",
              "result", "steps", "methods", "fees", "components", "volumes"]
    for p in doc["procedures"]:
        assert list(p) == sorted(p, key=porder.index)
    horder = ["id", "agency", "category", "rank_group", "rank", "position", "leadership", "birth_year", "gender",
              "ethnicity", "entered", "left", "training"]
    for p in doc["people"]:
        assert list(p) == sorted(p, key=horder.index)


# --------------------------------------------------------------------------- integrity
def test_codes_unique_and_references_resolve(doc, agencies):
    assert len(agencies) == len(doc["agencies"])
    procs = {p["code"] for p in doc["procedures"]}
    docs = {d["code"] for d in doc["documents"]}
    courses = {c["code"] for c in doc["courses"]}
    assert len(procs) == len(doc["procedures"]) and len(docs) == len(doc["documents"])
    assert len(courses) == len(doc["courses"]) and len({t["code"] for t in doc["tasks"]}) == len(doc["tasks"])
    assert len({p["id"] for p in doc["people"]}) == len(doc["people"])
    for a in doc["agencies"]:
        assert a.get("parent") is None or a["parent"] in agencies
    for t in doc["tasks"]:
        assert all(x["agency"] in agencies for x in t["assignments"])
    for p in doc["procedures"]:
        assert all(b in docs for b in p.get("legal_basis", []))
        assert p.get("decision") is None or p["decision"] in docs
        for s in p.get("steps", []):
            r = s.get("responsible", "@implementing")
            assert r in agencies or r in ("@implementing", "@parent")
        assert all(v["agency"] in agencies for v in p.get("volumes", []))
    for d in doc["documents"]:
        assert all(c in procs for c in d.get("procedures", []))
    for p in doc["people"]:
        assert p["agency"] in agencies
        for r in p.get("training", []):
            assert r["course"] in courses and r["start"] <= r["end"]


def test_agency_tree_has_no_cycles(agencies):
    for code in agencies:
        seen = set()
        while code is not None:
            assert code not in seen
            seen.add(code)
            code = agencies[code].get("parent")


def test_numbers_finite_and_non_negative(doc):
    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            assert x == x and x not in (float("inf"),) and x >= 0
    walk(doc)


# --------------------------------------------------------------------------- calibration
def test_header(doc):
    assert doc["format"] == "cchc" and doc["version"] == 1 and doc["as_of"] == "2021-12-31"
    off = {o["date"] for o in doc["calendar"]["overrides"] if not o["working"]}
    assert {f"2021-02-{d}" for d in range(10, 17)} <= off, "Tết Tân Sửu 10–16 Feb 2021"


def test_territory(doc, agencies):
    kinds = collections.Counter(a["kind"] for a in doc["agencies"])
    assert kinds["provincial_people_committee"] == 1 and kinds["service_centre"] >= 1
    districts = [a for a in doc["agencies"] if a["kind"] == "district_people_committee"]
    assert len(districts) == 8
    assert {a["name"].split("thành phố ")[-1].split("huyện ")[-1] for a in districts} == DISTRICTS
    assert collections.Counter(a.get("territory") for a in districts) == {"district": 7, "city": 1}
    communes = [a for a in doc["agencies"] if a["kind"] == "commune_people_committee"]
    assert len(communes) == 106
    assert collections.Counter(a["territory"] for a in communes) == {"commune": 94, "ward": 5, "township": 7}
    assert {a["name"].removeprefix("Ủy ban nhân dân phường ") for a in communes if a["territory"] == "ward"} == WARDS
    assert all(a["level"] == "commune" and agencies[a["parent"]]["kind"] == "district_people_committee" for a in communes)
    total = sum(a["population"] for a in communes)
    assert 460_000 <= total <= 480_000
    assert all(a["population"] > 0 and a["travel_km"] > 0 for a in communes)
    # one-stop desks at every level
    desk_parents = {a["parent"] for a in doc["agencies"] if a["kind"] == "one_stop_desk"}
    assert {a["code"] for a in communes + districts} <= desk_parents
    names = {a["name"] for a in doc["agencies"]}
    assert {"Sở Nội vụ", "Sở Tư pháp", "Trung tâm Phục vụ hành chính công tỉnh"} <= names


def test_staff(doc, agencies):
    people = doc["people"]
    assert 16_500 <= len(people) <= 17_500
    cats = collections.Counter(p["category"] for p in people)
    assert cats["vien_chuc"] > len(people) / 2
    assert {p["ethnicity"] for p in people} == ETHNIC_GROUPS
    # commune cán bộ and công chức: about 20 per commune (commune PC plus its desk)
    per = collections.Counter()
    for p in people:
        a = agencies[p["agency"]]
        if a["kind"] == "commune_people_committee":
            per[a["code"]] += 1
        elif a["kind"] == "one_stop_desk" and a["level"] == "commune":
            per[a["parent"]] += 1
    assert len(per) == 106 and 18 <= sum(per.values()) / 106 <= 22
    lead = collections.Counter(p.get("leadership", "none") for p in people)
    assert all(lead[k] > 0 for k in ("division_deputy", "division_head", "department_deputy", "department_head"))
    active = collections.Counter(p["agency"] for p in people if "left" not in p)
    # The sector agencies that process dossiers record an invented headcount (no people listed).
    recorded = {"LC.CA": 45, "LC.BHXH": 30}
    for code, a in agencies.items():
        assert a.get("headcount", 0) == recorded.get(code, active.get(code, 0)), code
    responsible = {s.get("responsible") for pr in doc["procedures"] for s in pr.get("steps", [])}
    sectors = [a for a in agencies.values() if a["kind"] == "sector" and a["code"] in responsible]
    assert sectors and all(a.get("headcount", 0) > 0 for a in sectors)


def test_procedures(doc):
    procs = doc["procedures"]
    assert len(procs) >= 1500
    primary = collections.Counter(p["levels"][0] if len(p["levels"]) == 1 else "commune" for p in procs)
    assert primary == {"province": 1224, "district": 230, "commune": 135}
    online = collections.Counter(p.get("online_level", "none") for p in procs)
    assert all(online[k] > 200 for k in ("none", "partial", "full"))
    names = {p["name"] for p in procs}
    assert {"Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử", "Đăng ký thường trú",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Đăng ký thành lập hộ kinh doanh"} <= names
    ncommunes = sum(1 for a in doc["agencies"] if a["kind"] == "commune_people_committee")
    for p in procs:
        assert p["steps"] and p["methods"] and p["components"] and p["volumes"]
        if p["levels"] == ["commune"]:
            assert len(p["volumes"]) == ncommunes
        if p["levels"] == ["district"]:
            assert len(p["volumes"]) == 8
    assert any(s.get("responsible") == "@parent" for p in procs for s in p["steps"])
    assert any(s.get("responsible", "@").startswith("LC.") for p in procs for s in p["steps"])


def test_tasks_have_overlaps_and_gaps(doc):
    chairs = [sum(1 for x in t["assignments"] if x["role"] == "chair" and "valid_to" not in x) for t in doc["tasks"]]
    c = collections.Counter(chairs)
    assert c[1] > 100 and c[2] >= 3 and c[0] >= 2


def test_training(doc):
    courses = {c["code"]: c for c in doc["courses"]}
    contents = {c["content"] for c in courses.values()}
    assert {"political_theory", "defence_security", "state_management", "leadership", "knowledge_update",
            "digital_skills", "commune_title", "job_position"} <= contents
    recs = [r for p in doc["people"] for r in p.get("training", [])]
    assert len(recs) > 30_000
    years = {r["start"][:4] for r in recs}
    assert years == {"2017", "2018", "2019", "2020", "2021"}
    untrained = sum(1 for p in doc["people"] if not p.get("training"))
    assert 0 < untrained < len(doc["people"]) / 2, "realistic gaps, but not everyone"
    for p in doc["people"]:
        starts = [r["start"] for r in p.get("training", [])]
        assert starts == sorted(starts), "records grouped per person, in date order"
