"""Write python/cchc/datasets/data/lai_chau_2025_reform.json: Lai Châu's 2025 restructuring as a scenario.

Sources and what is invented:
- The 38 new commune-level units and their names: Resolution 1670/NQ-UBTVQH15 of the National
  Assembly Standing Committee (16 June 2025), as reported by news.laodong.vn: 34 communes and the
  wards Tân Phong and Đoàn Kết formed by the arrangement, and Mù Cả and Tà Tổng unchanged; in
  force for local government from 1 July 2025. The English report drops diacritics: the
  Vietnamese spellings here are ours (e.g. "Pa Do" read as Pa Ủ, "Bum mua" as Bum Nưa).
- Which old communes form each new unit is NOT the official composition (not available to us):
  each new unit is placed in the old district where a commune of the same name lies (its
  seat), Khổng Lào takes Hoang Thèn and Bản Lang (as reported by a public page), and every other
  old commune joins the new unit of its district with the smallest population so far
  (deterministic, in the dataset's order). Plausible, not real.
- The district-level rule table (where district procedures, tasks and people go) is a
  documented assumption in the spirit of the 2025 division of authority: most district
  competences go to the commune level, a few specialised ones to provincial departments.

Run: python scripts/make_lai_chau_2025_reform.py
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "python" / "cchc" / "datasets" / "data"

NEW_UNITS = {  # old district → new units (wards first)
    "LC.LAICHAU": ["phường Tân Phong", "phường Đoàn Kết"],
    "LC.TAMDUONG": ["Bản Bo", "Bình Lư", "Tả Lèng", "Khun Há"],
    "LC.PHONGTHO": ["Sin Suối Hồ", "Phong Thổ", "Dào San", "Sì Lở Lầu", "Khổng Lào"],
    "LC.SINHO": ["Tủa Sín Chải", "Sìn Hồ", "Hồng Thu", "Nậm Tăm", "Pu Sam Cáp", "Nậm Cuổi", "Nậm Mạ", "Pa Tần"],
    "LC.NAMNHUN": ["Lê Lợi", "Nậm Hàng", "Mường Mô", "Hua Bum"],
    "LC.MUONGTE": ["Bum Nưa", "Bum Tở", "Mường Tè", "Thu Lũm", "Pa Ủ", "Mù Cả", "Tà Tổng"],
    "LC.TANUYEN": ["Pắc Ta", "Nậm Sỏ", "Tân Uyên", "Mường Khoa"],
    "LC.THANUYEN": ["Mường Kim", "Khoen On", "Than Uyên", "Mường Than"],
}
UNCHANGED = {"Mù Cả", "Tà Tổng"}
KNOWN = {"Khổng Lào": ["Hoang Thèn", "Bản Lang"]}

FOLD = str.maketrans("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ",
                     "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")


def key(name: str) -> str:
    return name.lower().translate(FOLD).replace(" ", "")


def short(name: str) -> str:
    name = name.replace("Ủy ban nhân dân ", "")
    for p in ("thị trấn ", "phường ", "xã "):
        if name.startswith(p):
            return name[len(p):]
    return name


def main() -> None:
    d = json.load(gzip.open(DATA / "lai_chau_2021.json.gz"))
    communes = [a for a in d["agencies"] if a["kind"] == "commune_people_committee"]
    mapping = []
    for district, names in NEW_UNITS.items():
        olds = [a for a in communes if a["parent"] == district]
        groups: dict[str, list[dict]] = {}
        pop: dict[str, int] = {}
        for n in names:
            ward = n.startswith("phường ")
            base = short(n)
            seat = next((a for a in olds if short(a["name"]) == base and a["name"].split()[3] in ("xã", "phường")), None)
            seat = seat or next(a for a in olds if short(a["name"]) == base)
            groups[n] = [seat]
            for extra in KNOWN.get(base, []):
                groups[n].append(next(a for a in olds if short(a["name"]) == extra))
            pop[n] = sum(a["population"] for a in groups[n])
        used = {a["code"] for g in groups.values() for a in g}
        for a in olds:
            if a["code"] in used:
                continue
            target = min((n for n in names if short(n) not in UNCHANGED), key=lambda n: (pop[n], names.index(n)))
            groups[target].append(a)
            pop[target] += a["population"]
        for n in names:
            ward = n.startswith("phường ")
            base = short(n)
            if base in UNCHANGED:
                a = groups[n][0]
                mapping.append({"code": a["code"], "name": a["name"], "from": [a["code"]]})
                continue
            mapping.append({
                "code": f"LC.{'P' if ward else 'X'}_{key(base).upper()}",
                "name": f"Ủy ban nhân dân {'phường' if ward else 'xã'} {base}",
                "territory": "ward" if ward else "commune",
                "parent": "LC",
                "from": [a["code"] for a in groups[n]],
                "seat": groups[n][0]["code"],
            })
    assert len(mapping) == 38 and sum(len(m["from"]) for m in mapping) == len(communes)

    to_province = {  # procedures of these fields go to the provincial department with most of the field's volume
        "Giáo dục và Đào tạo", "Tài nguyên nước", "Kinh doanh khí", "Giải quyết khiếu nại", "Giải quyết tố cáo",
        "Tôn giáo", "Phòng, chống tham nhũng", "Bồi thường nhà nước", "Y tế", "An toàn thực phẩm", "Nuôi con nuôi",
    }
    # "Kiểm tra, hướng dẫn cấp xã ..." tasks of the district divisions: the department of the field.
    guidance = {
        "công tác văn phòng, một cửa": "LC.VPUBND", "tổ chức bộ máy, cán bộ, cải cách hành chính": "LC.SNV",
        "tư pháp, hộ tịch, chứng thực": "LC.STP", "tài chính, kế hoạch, đăng ký kinh doanh": "LC.STC",
        "đất đai, môi trường": "LC.STNMT", "xây dựng, giao thông, công thương": "LC.SXD", "Xây dựng": "LC.SXD",
        "Thương mại": "LC.SCT", "nông nghiệp, thủy lợi, phát triển nông thôn": "LC.SNN",
        "lao động, người có công, bảo trợ xã hội": "LC.SLDTBXH",
        "văn hóa, thông tin, thể thao, du lịch": "LC.SVHTTDL", "giáo dục và đào tạo": "LC.SGDDT",
        "y tế, an toàn thực phẩm": "LC.SYT", "công tác dân tộc": "LC.BDT", "Công tác dân tộc": "LC.BDT",
        "thanh tra, tiếp công dân, khiếu nại, tố cáo": "LC.TTT",
    }
    rules = (
        [{"what": "procedures", "field": f, "to": "province"} for f in sorted(to_province)]
        + [{"what": "procedures", "to": "commune"}]
        + [{"what": "tasks", "field": f, "match": "Kiểm tra, hướng dẫn cấp xã", "to": c} for f, c in guidance.items()]
        + [{"what": "tasks", "to": "commune"}]
        + [{"what": "units", "kind": "public_service_unit", "to": "keep"},
           {"what": "people", "kind": "district_people_committee", "to": "province"},
           {"what": "people", "to": "commune"}]
    )
    doc = {
        "format": "cchc-scenario",
        "version": 1,
        "name": "Lai Châu 2025: chính quyền địa phương hai cấp",
        "description": (
            "From 1 July 2025 Lai Châu has no district level and 38 commune-level units (36 communes, the wards "
            "Tân Phong and Đoàn Kết), Resolution 1670/NQ-UBTVQH15 (16 June 2025). Unit names follow the "
            "resolution; which old communes form each new unit is a plausible assignment, not the official one "
            "(see scripts/make_lai_chau_2025_reform.py). Rule table for the district level: procedures of "
            "specialised fields go to the provincial department with most of the field's volume, all others to "
            "the new communes of the district's territory (by population); the districts' guidance tasks over "
            "communes go to the department of the field, their other tasks to each new commune; district public "
            "service units are kept under the province; district People's Committee staff go to the province, "
            "all other district staff to the new communes (by population). Edit and reload with "
            "cchc.Scenario.load()."),
        "actions": [
            {"action": "merge_communes", "date": "2025-07-01", "complete": True, "mapping": mapping,
             "note": "Nghị quyết 1670/NQ-UBTVQH15: 106 → 38 đơn vị hành chính cấp xã"},
            {"action": "dissolve_level", "level": "district", "date": "2025-07-01", "rules": rules,
             "note": "Kết thúc hoạt động của chính quyền cấp huyện từ 01/7/2025"},
        ],
    }
    out = DATA / "lai_chau_2025_reform.json"
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(mapping)} units")


if __name__ == "__main__":
    main()
