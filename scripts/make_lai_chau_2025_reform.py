"""Write python/cchc/datasets/data/lai_chau_2025_reform.json: Lai Châu's 2025 restructuring as a scenario.

Sources and what is assumed (docs/domain.md#territory):
- The 38 commune-level units and which old units form each one: Resolution 1670/NQ-UBTVQH15 of the
  National Assembly Standing Committee (16 June 2025), Article 1, clauses 1-36 (each names the old
  communes, wards and townships merged into one new unit) and clause 37 (38 units: 36 communes and
  2 wards; Mù Cả and Tà Tổng not rearranged). Text checked in the public copy
  github.com/dvhcvn/20250701, input/docs/1670_NQ-UBTVQH15.md. ``RESOLUTION_1670`` below transcribes
  it with the resolution's own spellings; six new units take old units of another district
  (Sin Suối Hồ, Lê Lợi, Hua Bum, Pa Tần and the wards Tân Phong and Đoàn Kết).
- Old names are matched to the 2021 dataset by unit type and name, accepting the spelling variants
  of ``ALIASES`` (the resolution, the GSO list of github.com/daohoangson/dvhcvn data/dvhcvn.json and
  the dataset spell some names differently). Every old unit must match exactly one 2021 unit and
  every 2021 commune-level unit must be used exactly once, or the script stops.
- Seat of each new unit: the old unit it is named after (the resolution does not set seats); the
  new xã Mường Than (clause 4: Phúc Than and Mường Mít; old Mường Than goes to Than Uyên) has none
  and takes the engine's default, the most populous of its units.
- The district-level rule table (where district procedures, tasks and people go) is a
  documented assumption in the spirit of the 2025 division of authority: most district
  competences go to the commune level, a few specialised ones to provincial departments.

Run: python scripts/make_lai_chau_2025_reform.py
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "python" / "cchc" / "datasets" / "data"

# Resolution 1670/NQ-UBTVQH15, Article 1: clause -> (new unit, old units), spelled as in the resolution.
RESOLUTION_1670: list[tuple[int, str, list[str]]] = [
    (1, "xã Mường Kim", ["xã Tà Mung", "xã Tà Hừa", "xã Pha Mu", "xã Mường Kim"]),
    (2, "xã Khoen On", ["xã Ta Gia", "xã Khoen On"]),
    (3, "xã Than Uyên", ["thị trấn Than Uyên", "xã Mường Than", "xã Hua Nà", "xã Mường Cang"]),
    (4, "xã Mường Than", ["xã Phúc Than", "xã Mường Mít"]),
    (5, "xã Pắc Ta", ["xã Hố Mít", "xã Pắc Ta"]),
    (6, "xã Nậm Sỏ", ["xã Tà Mít", "xã Nậm Sỏ"]),
    (7, "xã Tân Uyên", ["thị trấn Tân Uyên", "xã Trung Đồng", "xã Thân Thuộc", "xã Nậm Cần"]),
    (8, "xã Mường Khoa", ["xã Phúc Khoa", "xã Mường Khoa"]),
    (9, "xã Bản Bo", ["xã Nà Tăm", "xã Bản Bo"]),
    (10, "xã Bình Lư", ["thị trấn Tam Đường", "xã Sơn Bình", "xã Bình Lư"]),
    (11, "xã Tả Lèng", ["xã Giang Ma", "xã Hồ Thầu", "xã Tả Lèng"]),
    (12, "xã Khun Há", ["xã Bản Hon", "xã Khun Há"]),
    (13, "xã Sin Suối Hồ", ["xã Nậm Xe", "xã Thèn Sin", "xã Sin Suối Hồ"]),
    (14, "xã Phong Thổ", ["thị trấn Phong Thổ", "xã Huổi Luông", "xã Ma Li Pho", "xã Mường So"]),
    (15, "xã Dào San", ["xã Tung Qua Lìn", "xã Mù Sang", "xã Dào San"]),
    (16, "xã Sì Lở Lầu", ["xã Vàng Ma Chải", "xã Mồ Sì San", "xã Pa Vây Sử", "xã Sì Lở Lầu"]),
    (17, "xã Khổng Lào", ["xã Hoang Thèn", "xã Bản Lang", "xã Khổng Lào"]),
    (18, "xã Tủa Sín Chải", ["xã Làng Mô", "xã Tả Ngảo", "xã Tủa Sín Chải"]),
    (19, "xã Sìn Hồ", ["thị trấn Sìn Hồ", "xã Sà Dề Phìn", "xã Phăng Sô Lin", "xã Tả Phìn"]),
    (20, "xã Hồng Thu", ["xã Phìn Hồ", "xã Ma Quai", "xã Hồng Thu"]),
    (21, "xã Nậm Tăm", ["xã Lùng Thàng", "xã Nậm Cha", "xã Nậm Tăm"]),
    (22, "xã Pu Sam Cáp", ["xã Pa Khóa", "xã Noong Hẻo", "xã Pu Sam Cáp"]),
    (23, "xã Nậm Cuổi", ["xã Nậm Hăn", "xã Nậm Cuổi"]),
    (24, "xã Nậm Mạ", ["xã Căn Co", "xã Nậm Mạ"]),
    (25, "xã Lê Lợi", ["xã Nậm Pì", "xã Pú Đao", "xã Chăn Nưa", "xã Lê Lợi"]),
    (26, "xã Nậm Hàng", ["thị trấn Nậm Nhùn", "xã Nậm Manh", "xã Nậm Hàng"]),
    (27, "xã Mường Mô", ["xã Nậm Chà", "xã Mường Mô"]),
    (28, "xã Hua Bum", ["xã Vàng San", "xã Hua Bum"]),
    (29, "xã Pa Tần", ["xã Nậm Ban", "xã Trung Chải", "xã Pa Tần"]),
    (30, "xã Bum Nưa", ["xã Pa Vệ Sủ", "xã Bum Nưa"]),
    (31, "xã Bum Tở", ["thị trấn Mường Tè", "xã Can Hồ", "xã Bum Tở"]),
    (32, "xã Mường Tè", ["xã Nậm Khao", "xã Mường Tè"]),
    (33, "xã Thu Lũm", ["xã Ka Lăng", "xã Thu Lũm"]),
    (34, "xã Pa Ủ", ["xã Tá Bạ", "xã Pa Ủ"]),
    (35, "phường Tân Phong", ["phường Tân Phong", "phường Đông Phong", "xã San Thàng", "xã Nùng Nàng",
                              "xã Bản Giang"]),
    (36, "phường Đoàn Kết", ["phường Đoàn Kết", "phường Quyết Tiến", "phường Quyết Thắng", "xã Lản Nhì Thàng",
                             "xã Sùng Phài"]),
]
UNCHANGED_1670 = ["xã Mù Cả", "xã Tà Tổng"]  # clause 37

# Spellings of one old unit's name in the resolution, the GSO list and the 2021 dataset.
ALIASES: list[set[str]] = [
    {"Ma Li Pho", "Ma Ly Pho"}, {"Hua Bum", "Hua Bun"}, {"Lả Nhì Thàng", "Lản Nhì Thàng"},
    {"Tà Gia", "Ta Gia"}, {"Tông Qua Lìn", "Tung Qua Lìn"}, {"Kan Hồ", "Can Hồ"}, {"Pa Vệ Sử", "Pa Vệ Sủ"},
    {"Pa Khóa", "Pa Khoá"},
]
TERRITORY = {"xã": "commune", "phường": "ward", "thị trấn": "township"}

FOLD = str.maketrans("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ",
                     "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd")


def key(name: str) -> str:
    return name.lower().translate(FOLD).replace(" ", "")


def split(unit: str) -> tuple[str, str]:
    """'thị trấn Sìn Hồ' -> ('township', 'Sìn Hồ'); also accepts 'Ủy ban nhân dân ...'."""
    unit = unicodedata.normalize("NFC", unit).replace("Ủy ban nhân dân ", "")
    for prefix, territory in TERRITORY.items():
        if unit.startswith(prefix + " "):
            return territory, unit[len(prefix) + 1:]
    raise ValueError(f"{unit!r}: no unit type (xã, phường, thị trấn)")


def spellings(name: str) -> set[str]:
    """The name and its known variants, compared case-insensitively (GSO writes 'Pa ủ')."""
    name = unicodedata.normalize("NFC", name)
    out = {name}
    for group in ALIASES:
        if name in group:
            out |= group
    return {unicodedata.normalize("NFC", n).casefold() for n in out}


def find(unit: str, communes: list[dict], where: str) -> dict:
    territory, name = split(unit)
    names = spellings(name)
    hits = [a for a in communes
            if a.get("territory") == territory and split(a["name"])[1].casefold() in names]
    if len(hits) != 1:
        raise SystemExit(f"{where}: {unit!r} matches {len(hits)} units of the 2021 dataset "
                         f"({[a['code'] for a in hits]}); add its spelling to ALIASES")
    return hits[0]


def merger_table(communes: list[dict]) -> list[dict]:
    """The merge_communes mapping: one entry per new unit, in the resolution's order."""
    mapping, used = [], {}
    for clause, new, olds in RESOLUTION_1670:
        territory, base = split(new)
        units = [find(o, communes, f"Resolution 1670 Art. 1 cl. {clause}") for o in olds]
        for u in units:
            if u["code"] in used:
                raise SystemExit(f"{u['code']} is in clause {used[u['code']]} and clause {clause}")
            used[u["code"]] = clause
        seat = next((u for u in units if split(u["name"])[1].casefold() in spellings(base)), None)
        entry = {
            "code": f"LC.{'P' if territory == 'ward' else 'X'}_{key(base).upper()}",
            "name": f"Ủy ban nhân dân {'phường' if territory == 'ward' else 'xã'} {base}",
            "territory": territory,
            "parent": "LC",
            "from": [u["code"] for u in units],
        }
        if seat is not None:  # else (clause 4, Mường Than) the engine takes the most populous unit
            entry["seat"] = seat["code"]
        mapping.append(entry)
    for old in UNCHANGED_1670:
        a = find(old, communes, "Resolution 1670 Art. 1 cl. 37")
        used[a["code"]] = 37
        mapping.append({"code": a["code"], "name": a["name"], "from": [a["code"]]})
    missing = [a["code"] for a in communes if a["code"] not in used]
    if missing or len(mapping) != 38:
        raise SystemExit(f"{len(mapping)} new units; 2021 units in no clause: {missing}")
    return mapping


def main() -> None:
    d = json.load(gzip.open(DATA / "lai_chau_2021.json.gz"))
    communes = [a for a in d["agencies"] if a["kind"] == "commune_people_committee"]
    mapping = merger_table(communes)

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
            "resolution, and so does which old communes, wards and townships form each one (Article 1, clauses "
            "1-37; see docs/domain.md and scripts/make_lai_chau_2025_reform.py). Rule table for the district "
            "level (an assumption): procedures of "
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
