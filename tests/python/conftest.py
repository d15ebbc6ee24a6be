"""Shared fixtures: a small hand-built province that tests copy and break."""

from __future__ import annotations

import copy
import importlib
import json
from types import ModuleType
from typing import Any

import pytest

SMALL: dict[str, Any] = {
    "format": "cchc",
    "version": 1,
    "name": "Tỉnh Thử nghiệm",
    "province": "Thử nghiệm",
    "as_of": "2021-12-31",
    "agencies": [
        {"code": "UBT", "name": "UBND tỉnh Thử nghiệm", "kind": "provincial_people_committee", "level": "province",
         "territory": "province", "population": 1000},
        {"code": "SNV", "name": "Sở Nội vụ", "kind": "department", "level": "province", "parent": "UBT",
         "quota_civil_servants": 40, "headcount": 38},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBT",
         "quota_civil_servants": 30, "headcount": 31, "valid_from": "2008-01-01"},
        {"code": "H1", "name": "UBND huyện Đồi Núi", "kind": "district_people_committee", "level": "district",
         "territory": "district", "parent": "UBT", "population": 600},
        {"code": "X1", "name": "UBND xã Đá Đen", "kind": "commune_people_committee", "level": "commune",
         "territory": "commune", "parent": "H1", "population": 300, "travel_km": 12.5},
    ],
    "tasks": [
        {"code": "NV1", "name": "Quản lý biên chế", "field": "Tổ chức",
         "assignments": [{"agency": "SNV", "role": "chair"}, {"agency": "STP", "role": "coordinate"}]},
        {"code": "NV2", "name": "Kiểm soát thủ tục hành chính", "field": "CCHC",
         "assignments": [{"agency": "SNV", "role": "chair"}, {"agency": "STP", "role": "chair"}]},
    ],
    "procedures": [
        {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "levels": ["commune"],
         "legal_basis": ["60/2014/QH13"], "subjects": ["citizen"], "online_level": "full", "trips": 2,
         "steps": [
             {"name": "Tiếp nhận", "role": "reception", "duration": 0.5, "unit": "working_hour"},
             {"name": "Xử lý", "role": "processing", "duration": 1},
             {"name": "Trả kết quả", "role": "result_return", "duration": 0},
         ],
         "methods": [{"channel": "in_person", "processing_time": 1}, {"channel": "online", "processing_time": 1}],
         "fees": [{"name": "Lệ phí", "amount": 0}],
         "components": [
             {"name": "Tờ khai đăng ký khai sinh", "prep_hours": 0.5, "electronic_form": True},
             {"name": "Giấy chứng sinh", "prep_hours": 1.0},
         ],
         "volumes": [{"agency": "X1", "annual": 120}]},
        {"code": "2.000001", "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ", "field": "Xây dựng",
         "levels": ["district"],
         "steps": [{"name": "Thẩm định", "role": "appraisal", "responsible": "@implementing", "duration": 10},
                   {"name": "Phê duyệt", "role": "approval", "responsible": "UBT", "duration": 3,
                    "transfer": "paper"}],
         "methods": [{"channel": "in_person", "processing_time": 15}],
         "fees": [{"name": "Lệ phí cấp phép", "amount": 75000}],
         "components": [{"name": "Bản vẽ thiết kế", "copies": 2, "prep_hours": 8, "cost": 200000,
                         "notarised": True}],
         "volumes": [{"agency": "H1", "annual": 45.5}]},
    ],
    "documents": [
        {"code": "60/2014/QH13", "title": "Luật Hộ tịch", "issuer": "Quốc hội", "kind": "law",
         "issued": "2014-11-20", "effective": "2016-01-01", "procedures": ["1.001193"]},
    ],
    "courses": [
        {"code": "QLNN-CV", "name": "Bồi dưỡng ngạch chuyên viên", "content": "state_management", "periods": 240,
         "days": 40},
        {"code": "CNKT", "name": "Cập nhật kiến thức", "content": "knowledge_update", "periods": 40, "days": 5},
    ],
    "people": [
        {"id": "P1", "agency": "SNV", "category": "cong_chuc", "rank_group": "specialist", "rank": "Chuyên viên",
         "position": "Chuyên viên", "birth_year": 1985, "gender": "female", "ethnicity": "Thái",
         "entered": "2010-03-01",
         "training": [{"course": "QLNN-CV", "start": "2018-03-01", "end": "2018-04-30", "certificate": True},
                      {"course": "CNKT", "start": "2020-06-01", "end": "2020-06-05", "periods": 32.5}]},
        {"id": "P2", "agency": "X1", "category": "can_bo", "position": "Chủ tịch UBND xã",
         "leadership": "department_head", "birth_year": 1975, "gender": "male", "ethnicity": "Mông"},
    ],
}


@pytest.fixture
def small() -> dict[str, Any]:
    """A fresh deep copy of the small province, safe to break."""
    return copy.deepcopy(SMALL)


def dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False)


def require(module: str) -> ModuleType:
    """Import a test extra (pyproject's ``[test]``). A missing one fails the test that needs it, never
    skips it: a skip would hide the check, and the test command installs every extra."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        pytest.fail(f"test extra {module!r} is not installed ({e}); install them with: pip install '.[test]'",
                    pytrace=False)
