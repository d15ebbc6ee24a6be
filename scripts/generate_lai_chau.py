#!/usr/bin/env python3
"""Generate the embedded sample province ``lai_chau_2021.json.gz`` (cchc JSON format v1).

A plausible, *synthetic but calibrated* model of Lai Châu province on 31 December 2021,
the province of the 2021 administrative-reform plan that cchc was built around. It is
sample data for trying the tool, not an official record: no real person is described.

Usage::

    python scripts/generate_lai_chau.py [--seed 2021] [--out PATH]

The output is deterministic: the same seed gives the same bytes (``random.Random(seed)``,
no dependency beyond the Python standard library, compact JSON with the key order of
``docs/format.md``, fields equal to their default omitted, gzip with ``mtime=0``).

What is calibrated to public data
---------------------------------
* Territory: 8 district-level units (Thành phố Lai Châu and the districts Tam Đường, Phong
  Thổ, Sìn Hồ, Mường Tè, Nậm Nhùn, Tân Uyên, Than Uyên) and 106 commune-level units
  (94 communes, 5 wards, 7 townships); about 470,000 inhabitants; 20 ethnic groups
  (docs/domain.md#territory, from the province's 2021 administrative-reform plan and press
  reports). The names of the wards, townships and communes are the real 2021 names as far as
  the author knows them (from memory of the official lists, not re-checked against the
  General Statistics Office code list; a few may be out of date).
* District populations follow the rounded 2019-census district totals (approximate), scaled
  so that the province totals 470,000; their split among communes is invented
  (wards and townships get larger shares).
* Procedure catalogue size: ≈1,224 provincial, 230 district and 135 commune procedures, as
  handled by Lai Châu's one-stop desks in 2017 (docs/domain.md, unconfirmed); reproduced exactly by primary
  implementing level.
* Procedure names and fields (lĩnh vực) are built from real names of the national
  catalogue (hộ tịch, chứng thực, cư trú, đất đai, xây dựng, đăng ký doanh nghiệp, hộ kinh
  doanh, bảo trợ xã hội, y tế, giáo dục, ...). To reach the catalogue size, licence-type
  names are expanded with the usual variants (cấp / cấp lại / điều chỉnh / gia hạn), so
  some generated names do not exist verbatim in the national database.
* Legal documents: the laws, decrees and circulars are real (number, title, issuer; dates
  given where the author is confident, otherwise omitted). Known fee rules used:
  chứng thực bản sao 2,000 đồng/page, chữ ký 10,000 đồng, hợp đồng 50,000 đồng (Circular
  226/2016/TT-BTC); enterprise registration 50,000 đồng + 100,000 đồng publication
  (Circular 47/2019/TT-BTC).
* Commune cán bộ/công chức quotas of 23 / 21 / 19 by commune type (Decree 34/2019/NĐ-CP).
* Total staff of about 17,000 cán bộ, công chức and viên chức (docs/domain.md gives ≈17,400
  after 2025; the 2021 figure is unconfirmed), the majority viên chức in schools and
  health units.
* Annual knowledge updating of 40 periods (Decree 101/2017/NĐ-CP, abolished from
  10 Dec 2021 by Decree 89/2021/NĐ-CP); Tết Tân Sửu 2021 holiday for public servants
  10–16 Feb 2021 and the compensatory day off on Monday 3 May 2021.

What is invented
----------------
* Agency codes, procedure codes (national style ``1.00xxxx`` / ``2.00xxxx`` but random,
  not the real codes), the numbers and dates of the Lai Châu decisions publishing the
  catalogues, and the division lists of each department (plausible, not the official
  organisation charts).
* Commune types, populations within districts, travel distances, staffing quotas and
  vacancies, every person (ids are pseudonymous; there are no names), birth years, dates
  of entry, ranks, gender and ethnicity drawn from plausible shares.
* Procedure steps and durations, submission methods, most fees and charges (magnitudes
  plausible), dossier components with preparation hours and costs, online levels
  (2021-plausible shares of full / partial / none), trips, annual volumes (population-
  scaled rates for commune and district procedures).
* Tasks and their chair/coordinate assignments, including deliberate overlaps (tasks with
  two chairs) and gaps (tasks with no chair) for the organisation analysis to find.
* Course lengths other than the 40-period update, and every training record; coverage is
  deliberately incomplete.
* Provincial sector agencies (Công an tỉnh, Cục Thuế, Bảo hiểm xã hội, Kho bạc, Cục Quản lý
  thị trường) belong to central ministries: they appear as agencies for inter-agency steps
  but their staff is not counted (no people, no quota); the two that process dossiers, Công an
  tỉnh and Bảo hiểm xã hội tỉnh, record an invented headcount of 45 and 30: the officers of
  their units handling administrative procedures. Residence (cư trú) procedures, handled by commune
  police, are attributed to the commune People's Committee.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
import unicodedata
from datetime import date, timedelta

DEFAULT_SEED = 2021
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "python", "cchc", "datasets", "data", "lai_chau_2021.json.gz")
AS_OF = date(2021, 12, 31)
TOTAL_POPULATION = 470_000
PROVINCE = "LC"

# --------------------------------------------------------------------------- helpers


def slug(text: str) -> str:
    """ASCII upper-case code fragment: 'Sìn Hồ' -> 'SINHO'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.upper() if c.isalnum())


def iso(d: date) -> str:
    return d.isoformat()


def num(x: float) -> float | int:
    """A finite non-negative JSON number: integers stay integers, others get 2 decimals."""
    assert math.isfinite(x) and x >= 0, x
    r = round(x, 2)
    return int(r) if r == int(r) else r


def weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


# --------------------------------------------------------------------------- territory
# (district name, territory kind, population 2019 (approx., rounded), centre distance to
#  the provincial capital in km, [(unit name, unit kind)])
# unit kind: ward / township / commune.
DISTRICTS = [
    ("Lai Châu", "city", 42_000, 0, [
        ("Tân Phong", "ward"), ("Đoàn Kết", "ward"), ("Quyết Thắng", "ward"),
        ("Quyết Tiến", "ward"), ("Đông Phong", "ward"), ("San Thàng", "commune"),
        ("Sùng Phài", "commune")]),
    ("Tam Đường", "district", 55_000, 15, [
        ("Tam Đường", "township")] + [(n, "commune") for n in [
            "Thèn Sin", "Sơn Bình", "Bình Lư", "Bản Giang", "Bản Hon", "Bản Bo", "Nà Tăm",
            "Khun Há", "Hồ Thầu", "Nùng Nàng", "Giang Ma", "Tả Lèng"]]),
    ("Phong Thổ", "district", 80_000, 65, [
        ("Phong Thổ", "township")] + [(n, "commune") for n in [
            "Bản Lang", "Dào San", "Hoang Thèn", "Huổi Luông", "Khổng Lào", "Lả Nhì Thàng",
            "Ma Li Pho", "Mồ Sì San", "Mù Sang", "Mường So", "Nậm Xe", "Pa Vây Sử",
            "Sì Lở Lầu", "Sin Suối Hồ", "Tông Qua Lìn", "Vàng Ma Chải"]]),
    ("Sìn Hồ", "district", 85_000, 60, [
        ("Sìn Hồ", "township")] + [(n, "commune") for n in [
            "Căn Co", "Chăn Nưa", "Hồng Thu", "Lùng Thàng", "Làng Mô", "Ma Quai", "Nậm Cha",
            "Nậm Cuổi", "Nậm Hăn", "Nậm Mạ", "Nậm Tăm", "Noong Hẻo", "Pa Khóa", "Pa Tần",
            "Phăng Sô Lin", "Phìn Hồ", "Pu Sam Cáp", "Sà Dề Phìn", "Tả Ngảo", "Tả Phìn",
            "Tủa Sín Chải"]]),
    ("Mường Tè", "district", 47_000, 180, [
        ("Mường Tè", "township")] + [(n, "commune") for n in [
            "Bum Nưa", "Bum Tở", "Ka Lăng", "Kan Hồ", "Mù Cả", "Mường Tè", "Nậm Khao",
            "Pa Ủ", "Pa Vệ Sử", "Tà Tổng", "Thu Lũm", "Tá Bạ", "Vàng San"]]),
    ("Nậm Nhùn", "district", 28_000, 110, [
        ("Nậm Nhùn", "township")] + [(n, "commune") for n in [
            "Hua Bum", "Lê Lợi", "Mường Mô", "Nậm Ban", "Nậm Chà", "Nậm Hàng", "Nậm Manh",
            "Nậm Pì", "Pú Đao", "Trung Chải"]]),
    ("Tân Uyên", "district", 60_000, 60, [
        ("Tân Uyên", "township")] + [(n, "commune") for n in [
            "Hố Mít", "Mường Khoa", "Nậm Cần", "Nậm Sỏ", "Pắc Ta", "Phúc Khoa", "Tà Mít",
            "Thân Thuộc", "Trung Đồng"]]),
    ("Than Uyên", "district", 67_000, 90, [
        ("Than Uyên", "township")] + [(n, "commune") for n in [
            "Hua Nà", "Khoen On", "Mường Cang", "Mường Kim", "Mường Mít", "Mường Than",
            "Pha Mu", "Phúc Than", "Tà Gia", "Tà Hừa", "Tà Mung"]]),
]

ETHNIC_SHARES = {  # approximate shares of the province's population (percent)
    "Thái": 32.0, "Mông": 24.0, "Kinh": 13.5, "Dao": 13.5, "Giáy": 4.0, "Hà Nhì": 3.8,
    "La Hủ": 2.4, "Khơ Mú": 1.8, "Lự": 1.4, "Mảng": 1.0, "Cống": 0.5, "Hoa": 0.3,
    "Mường": 0.3, "Tày": 0.3, "Nùng": 0.3, "Si La": 0.2, "Lào": 0.2, "Kháng": 0.2,
    "Phù Lá": 0.1, "Bố Y": 0.05,
}
ETHNIC_DISTRICT = {  # local mix of each district (weights), blended with the provincial mix
    "Lai Châu": {"Kinh": 45, "Thái": 15, "Giáy": 10, "Mông": 10, "Dao": 8, "Hoa": 2, "Tày": 2, "Nùng": 2},
    "Tam Đường": {"Mông": 25, "Dao": 20, "Thái": 15, "Giáy": 12, "Kinh": 12, "Lự": 8, "Bố Y": 1},
    "Phong Thổ": {"Dao": 30, "Mông": 25, "Thái": 15, "Hà Nhì": 8, "Giáy": 8, "Kinh": 6, "Hoa": 2, "Phù Lá": 1},
    "Sìn Hồ": {"Mông": 45, "Thái": 20, "Dao": 15, "Hà Nhì": 5, "Kinh": 5, "Kháng": 1},
    "Mường Tè": {"Hà Nhì": 35, "La Hủ": 20, "Thái": 15, "Mông": 10, "Kinh": 8, "Cống": 5, "Si La": 3},
    "Nậm Nhùn": {"Thái": 30, "Mông": 30, "Mảng": 10, "Dao": 10, "Kinh": 8, "Hà Nhì": 5, "Cống": 2},
    "Tân Uyên": {"Thái": 45, "Mông": 15, "Kinh": 15, "Khơ Mú": 8, "Dao": 7, "Giáy": 3, "Lào": 1},
    "Than Uyên": {"Thái": 55, "Kinh": 15, "Mông": 12, "Khơ Mú": 8, "Dao": 4, "Mường": 2, "Lào": 1},
}

# --------------------------------------------------------------------------- provincial apparatus
# (key, name, kind, [division names], [(public service unit name, staff kind, size)])
# Every specialised department has an office (Văn phòng) and, where it has inspection
# powers, an inspectorate (Thanh tra sở); both are modelled as divisions.
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Tổ chức, biên chế và Tổ chức phi chính phủ",
      "Phòng Công chức, viên chức", "Phòng Xây dựng chính quyền và Công tác thanh niên",
      "Phòng Cải cách hành chính", "Ban Thi đua - Khen thưởng", "Ban Tôn giáo",
      "Chi cục Văn thư - Lưu trữ"],
     [("Trung tâm Lưu trữ lịch sử", "general", 12)]),
    ("STP", "Sở Tư pháp", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Xây dựng và Kiểm tra văn bản quy phạm pháp luật",
      "Phòng Phổ biến, giáo dục pháp luật", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"],
     [("Trung tâm Trợ giúp pháp lý nhà nước", "general", 16), ("Phòng Công chứng số 1", "general", 6),
      ("Trung tâm Dịch vụ đấu giá tài sản", "general", 6)]),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Tổng hợp, quy hoạch", "Phòng Đăng ký kinh doanh",
      "Phòng Kinh tế ngành", "Phòng Đấu thầu, thẩm định và giám sát đầu tư", "Phòng Văn hóa - Xã hội"],
     [("Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp", "general", 10)]),
    ("STC", "Sở Tài chính", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư",
      "Phòng Quản lý giá và công sản", "Phòng Tài chính hành chính sự nghiệp",
      "Phòng Tài chính doanh nghiệp"], []),
    ("SXD", "Sở Xây dựng", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc",
      "Phòng Quản lý nhà và thị trường bất động sản", "Phòng Kinh tế và Vật liệu xây dựng"],
     [("Trung tâm Giám định chất lượng xây dựng", "general", 14)]),
    ("STNMT", "Sở Tài nguyên và Môi trường", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý đất đai", "Phòng Tài nguyên nước - Khoáng sản",
      "Phòng Đo đạc, bản đồ và Viễn thám", "Chi cục Bảo vệ môi trường"],
     [("Văn phòng Đăng ký đất đai", "general", 22),
      ("Trung tâm Quan trắc tài nguyên và môi trường", "general", 14),
      ("Trung tâm Phát triển quỹ đất", "general", 16),
      ("Trung tâm Công nghệ thông tin tài nguyên và môi trường", "general", 10)]),
    ("SGTVT", "Sở Giao thông vận tải", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý vận tải, phương tiện và người lái",
      "Phòng Quản lý kết cấu hạ tầng giao thông", "Phòng Quản lý chất lượng công trình giao thông",
      "Phòng Kế hoạch - Tài chính"],
     [("Trung tâm Đăng kiểm phương tiện giao thông", "general", 14),
      ("Ban Quản lý bảo trì đường bộ", "general", 18)]),
    ("SNN", "Sở Nông nghiệp và Phát triển nông thôn", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ",
      "Chi cục Kiểm lâm", "Chi cục Trồng trọt và Bảo vệ thực vật",
      "Chi cục Chăn nuôi, Thú y và Thủy sản", "Chi cục Thủy lợi", "Chi cục Phát triển nông thôn"],
     [("Trung tâm Khuyến nông", "general", 24), ("Trung tâm Giống cây trồng, vật nuôi", "general", 14),
      ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", "general", 12),
      ("Ban Quản lý rừng phòng hộ Mường Tè", "general", 16)]),
    ("SCT", "Sở Công Thương", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại",
      "Phòng Quản lý năng lượng", "Phòng Kỹ thuật an toàn - Môi trường"],
     [("Trung tâm Khuyến công và Xúc tiến thương mại", "general", 12)]),
    ("SYT", "Sở Y tế", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính", "Phòng Nghiệp vụ Y",
      "Phòng Nghiệp vụ Dược", "Phòng Tổ chức cán bộ", "Chi cục Dân số - Kế hoạch hóa gia đình",
      "Chi cục An toàn vệ sinh thực phẩm"],
     [("Bệnh viện Đa khoa tỉnh", "health", 560), ("Bệnh viện Y dược cổ truyền - Phục hồi chức năng", "health", 120),
      ("Bệnh viện Nội tiết tỉnh", "health", 70), ("Trung tâm Kiểm soát bệnh tật", "health", 110),
      ("Trung tâm Giám định y khoa - Pháp y", "health", 20), ("Trung tâm Kiểm nghiệm", "health", 20)]),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Giáo dục Mầm non - Tiểu học",
      "Phòng Giáo dục Trung học - Giáo dục thường xuyên", "Phòng Khảo thí và Kiểm định chất lượng giáo dục",
      "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính"],
     [("Trường THPT Chuyên Lê Quý Đôn", "school_thpt", 70), ("Trường THPT Thành phố Lai Châu", "school_thpt", 60),
      ("Trường Phổ thông Dân tộc nội trú tỉnh", "school_thpt", 60)]),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Lao động - Việc làm - Giáo dục nghề nghiệp",
      "Phòng Người có công", "Phòng Bảo trợ xã hội - Trẻ em - Bình đẳng giới",
      "Phòng Phòng chống tệ nạn xã hội"],
     [("Trung tâm Dịch vụ việc làm", "general", 20), ("Cơ sở Cai nghiện ma túy tỉnh", "general", 30),
      ("Trung tâm Công tác xã hội", "general", 16)]),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý văn hóa và Gia đình", "Phòng Quản lý thể dục thể thao",
      "Phòng Quản lý du lịch", "Phòng Quản lý di sản văn hóa"],
     [("Bảo tàng tỉnh", "general", 18), ("Thư viện tỉnh", "general", 14),
      ("Trung tâm Văn hóa - Điện ảnh tỉnh", "general", 20), ("Đoàn Nghệ thuật tỉnh", "general", 34),
      ("Trung tâm Huấn luyện và Thi đấu thể dục thể thao", "general", 18),
      ("Trung tâm Thông tin xúc tiến du lịch", "general", 10)]),
    ("SKHCN", "Sở Khoa học và Công nghệ", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý khoa học", "Phòng Quản lý công nghệ và chuyên ngành",
      "Chi cục Tiêu chuẩn Đo lường Chất lượng"],
     [("Trung tâm Ứng dụng tiến bộ khoa học và công nghệ", "general", 14)]),
    ("STTTT", "Sở Thông tin và Truyền thông", "department",
     ["Văn phòng Sở", "Thanh tra Sở", "Phòng Bưu chính, Viễn thông", "Phòng Công nghệ thông tin",
      "Phòng Thông tin - Báo chí - Xuất bản"],
     [("Trung tâm Công nghệ thông tin và Truyền thông", "general", 16)]),
    ("SNGV", "Sở Ngoại vụ", "department",
     ["Văn phòng Sở", "Phòng Quản lý biên giới", "Phòng Hợp tác quốc tế"], []),
    ("TTT", "Thanh tra tỉnh", "department",
     ["Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3",
      "Phòng Phòng, chống tham nhũng"], []),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", "department",
     ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã", "Phòng Nội chính",
      "Phòng Kiểm soát thủ tục hành chính", "Phòng Hành chính - Tổ chức", "Phòng Quản trị - Tài vụ",
      "Ban Tiếp công dân tỉnh"],
     [("Cổng Thông tin điện tử tỉnh", "general", 10)]),
    ("BDT", "Ban Dân tộc", "department",
     ["Văn phòng Ban", "Thanh tra Ban", "Phòng Chính sách", "Phòng Kế hoạch - Tổng hợp"], []),
    ("BQLKKT", "Ban Quản lý các khu kinh tế tỉnh Lai Châu", "board",
     ["Văn phòng Ban", "Phòng Quản lý đầu tư - Doanh nghiệp", "Phòng Quản lý Quy hoạch - Xây dựng - Môi trường"],
     []),
]

# Public service units directly under the provincial People's Committee.
PROVINCE_PSUS = [
    ("Trường Cao đẳng Cộng đồng Lai Châu", "college", 110),
    ("Đài Phát thanh và Truyền hình tỉnh", "general", 70),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh", "general", 30),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "general", 30),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh", "general", 26),
]

# Vertical sector agencies of central ministries (staff not counted).
SECTORS = [
    ("CA", "Công an tỉnh"), ("CT", "Cục Thuế tỉnh"), ("BHXH", "Bảo hiểm xã hội tỉnh"),
    ("KBNN", "Kho bạc Nhà nước tỉnh"), ("QLTT", "Cục Quản lý thị trường tỉnh"),
]
# Recorded headcount of the sector agencies that process dossiers (steps of residence and social
# insurance procedures): the officers of their units handling administrative procedures, not the
# whole force. Invented, plausible; without it the simulation has no staff to give their steps.
SECTOR_HEADCOUNT = {"CA": 45, "BHXH": 30}

# Specialised divisions of a district People's Committee: (key, name, name in the city)
DISTRICT_DIVISIONS = [
    ("VP", "Văn phòng HĐND và UBND", None),
    ("PNV", "Phòng Nội vụ", None),
    ("PTP", "Phòng Tư pháp", None),
    ("PTCKH", "Phòng Tài chính - Kế hoạch", None),
    ("PTNMT", "Phòng Tài nguyên và Môi trường", None),
    ("PKTHT", "Phòng Kinh tế và Hạ tầng", "Phòng Quản lý đô thị"),
    ("PNN", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Kinh tế"),
    ("PLDTBXH", "Phòng Lao động - Thương binh và Xã hội", None),
    ("PVHTT", "Phòng Văn hóa và Thông tin", None),
    ("PGDDT", "Phòng Giáo dục và Đào tạo", None),
    ("PYT", "Phòng Y tế", None),
    ("PDT", "Phòng Dân tộc", None),
    ("TTRA", "Thanh tra huyện", "Thanh tra thành phố"),
]

# --------------------------------------------------------------------------- procedure catalogues
# Each pool: (field, [procedure names used as they are], [licence/certificate objects]).
# An object "X" yields "Cấp X", "Cấp lại X", "Điều chỉnh X" and "Gia hạn X" (the last two
# only for objects marked with a trailing "*", i.e. licences with a term).
V = "*"

PROVINCIAL = {
    "SNV": (70, [
        ("Tổ chức - Biên chế", ["Thẩm định việc thành lập đơn vị sự nghiệp công lập",
          "Thẩm định việc tổ chức lại đơn vị sự nghiệp công lập", "Thẩm định việc giải thể đơn vị sự nghiệp công lập",
          "Thẩm định thành lập tổ chức hành chính", "Thẩm định tổ chức lại tổ chức hành chính",
          "Thẩm định giải thể tổ chức hành chính", "Phê duyệt đề án vị trí việc làm",
          "Thẩm định số lượng người làm việc trong đơn vị sự nghiệp công lập"], []),
        ("Công chức, viên chức", ["Thi tuyển công chức", "Xét tuyển công chức", "Tiếp nhận vào làm công chức",
          "Thi nâng ngạch công chức", "Xét nâng ngạch công chức", "Thi tuyển viên chức", "Xét tuyển viên chức",
          "Tiếp nhận vào làm viên chức", "Thăng hạng chức danh nghề nghiệp viên chức",
          "Xét chuyển cán bộ, công chức cấp xã thành công chức từ cấp huyện trở lên",
          "Chuyển chức danh nghề nghiệp viên chức", "Xếp ngạch, bậc lương công chức"], []),
        ("Tổ chức phi chính phủ", ["Công nhận ban vận động thành lập hội", "Thành lập hội", "Phê duyệt điều lệ hội",
          "Chia, tách, sáp nhập, hợp nhất hội", "Đổi tên hội", "Hội tự giải thể", "Báo cáo tổ chức đại hội nhiệm kỳ",
          "Thành lập quỹ xã hội, quỹ từ thiện", "Công nhận quỹ đủ điều kiện hoạt động",
          "Công nhận thay đổi, bổ sung thành viên hội đồng quản lý quỹ", "Cho phép quỹ hoạt động trở lại sau khi bị đình chỉ",
          "Hợp nhất, sáp nhập, chia, tách quỹ", "Đổi tên quỹ", "Quỹ tự giải thể", "Cho phép hội đặt văn phòng đại diện"],
         ["giấy phép thành lập và công nhận điều lệ quỹ"]),
        ("Thi đua, khen thưởng", ["Tặng Bằng khen của Chủ tịch UBND tỉnh", "Tặng Cờ thi đua của UBND tỉnh",
          "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", "Tặng danh hiệu Tập thể lao động xuất sắc",
          "Tặng Bằng khen theo đợt hoặc chuyên đề", "Tặng Bằng khen đột xuất", "Tặng Bằng khen cho gia đình",
          "Tặng Bằng khen về thành tích đối ngoại", "Tặng Bằng khen cấp tỉnh cho doanh nghiệp"], []),
        ("Tôn giáo", ["Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc", "Đề nghị tổ chức hội nghị thường niên của tổ chức tôn giáo",
          "Đề nghị tổ chức đại hội của tổ chức tôn giáo", "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo",
          "Đề nghị giảng đạo ngoài địa bàn phụ trách", "Thông báo thuyên chuyển chức sắc, chức việc",
          "Đăng ký mở lớp bồi dưỡng về tôn giáo", "Đề nghị thay đổi trụ sở của tổ chức tôn giáo trực thuộc",
          "Đề nghị thành lập, chia, tách, sáp nhập, hợp nhất tổ chức tôn giáo trực thuộc",
          "Đăng ký thuyên chuyển chức sắc, chức việc, nhà tu hành là người đang bị buộc tội"],
         ["chứng nhận đăng ký hoạt động tín ngưỡng, tôn giáo tập trung"]),
        ("Văn thư - Lưu trữ", ["Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc", "Cấp bản sao và chứng thực lưu trữ"],
         ["chứng chỉ hành nghề lưu trữ"]),
        ("Chính quyền địa phương", ["Thành lập thôn, tổ dân phố mới", "Phân loại đơn vị hành chính cấp xã",
          "Công nhận xã an toàn khu"], []),
    ]),
    "STP": (115, [
        ("Hộ tịch", ["Cấp bản sao trích lục hộ tịch", "Ghi vào sổ hộ tịch việc hộ tịch đã giải quyết ở nước ngoài"], []),
        ("Lý lịch tư pháp", ["Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
          "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng", "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội"], []),
        ("Quốc tịch", ["Xin nhập quốc tịch Việt Nam", "Xin trở lại quốc tịch Việt Nam", "Xin thôi quốc tịch Việt Nam",
          "Cấp Giấy xác nhận có quốc tịch Việt Nam", "Cấp Giấy xác nhận là người gốc Việt Nam",
          "Thông báo có quốc tịch nước ngoài"], []),
        ("Nuôi con nuôi", ["Giải quyết việc người nước ngoài cư trú ở nước ngoài nhận trẻ em Việt Nam làm con nuôi",
          "Đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài", "Xác nhận trẻ em đủ điều kiện được nhận làm con nuôi"], []),
        ("Công chứng", ["Đăng ký tập sự hành nghề công chứng", "Thay đổi nơi tập sự hành nghề công chứng",
          "Chấm dứt tập sự hành nghề công chứng", "Bổ nhiệm công chứng viên", "Đăng ký hành nghề và cấp Thẻ công chứng viên",
          "Thành lập Văn phòng công chứng", "Hợp nhất Văn phòng công chứng", "Sáp nhập Văn phòng công chứng",
          "Chuyển nhượng Văn phòng công chứng", "Chuyển đổi Văn phòng công chứng do công chứng viên thành lập",
          "Công chứng bản dịch", "Công chứng hợp đồng, giao dịch đã được soạn thảo sẵn",
          "Công chứng hợp đồng, giao dịch do công chứng viên soạn thảo theo đề nghị của người yêu cầu công chứng",
          "Công chứng việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "Công chứng hợp đồng thế chấp bất động sản",
          "Công chứng di chúc", "Công chứng văn bản thỏa thuận phân chia di sản", "Công chứng văn bản khai nhận di sản",
          "Công chứng văn bản từ chối nhận di sản", "Công chứng hợp đồng ủy quyền", "Nhận lưu giữ di chúc",
          "Cấp bản sao văn bản công chứng"],
         ["Thẻ công chứng viên", "Giấy đăng ký hoạt động của Văn phòng công chứng"]),
        ("Luật sư", ["Đăng ký hoạt động của tổ chức hành nghề luật sư", "Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
          "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư", "Đăng ký hành nghề luật sư với tư cách cá nhân",
          "Hợp nhất, sáp nhập công ty luật", "Chuyển đổi công ty luật trách nhiệm hữu hạn và công ty luật hợp danh"],
         ["Giấy đăng ký hoạt động của tổ chức hành nghề luật sư"]),
        ("Tư vấn pháp luật", ["Đăng ký hoạt động của Trung tâm tư vấn pháp luật", "Thay đổi nội dung đăng ký hoạt động của Trung tâm tư vấn pháp luật",
          "Chấm dứt hoạt động của Trung tâm tư vấn pháp luật"], ["Thẻ tư vấn viên pháp luật"]),
        ("Giám định tư pháp", ["Bổ nhiệm giám định viên tư pháp", "Miễn nhiệm giám định viên tư pháp",
          "Đăng ký thành lập Văn phòng giám định tư pháp", "Thay đổi, bổ sung lĩnh vực giám định của Văn phòng giám định tư pháp",
          "Chuyển đổi loại hình Văn phòng giám định tư pháp"], ["Giấy đăng ký hoạt động Văn phòng giám định tư pháp"]),
        ("Đấu giá tài sản", ["Đăng ký hoạt động của doanh nghiệp đấu giá tài sản", "Thay đổi nội dung đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
          "Đăng ký hoạt động của chi nhánh doanh nghiệp đấu giá tài sản", "Phê duyệt đủ điều kiện thực hiện hình thức đấu giá trực tuyến",
          "Đăng ký danh sách đấu giá viên"], ["Thẻ đấu giá viên"]),
        ("Trọng tài thương mại", ["Đăng ký hoạt động Trung tâm trọng tài", "Đăng ký hoạt động chi nhánh trung tâm trọng tài",
          "Thay đổi nội dung Giấy đăng ký hoạt động của Trung tâm trọng tài"], []),
        ("Hòa giải thương mại", ["Đăng ký làm hòa giải viên thương mại vụ việc", "Đăng ký hoạt động Trung tâm hòa giải thương mại",
          "Đăng ký hoạt động chi nhánh Trung tâm hòa giải thương mại", "Thay đổi tên gọi trong Giấy đăng ký hoạt động của Trung tâm hòa giải thương mại"], []),
        ("Quản tài viên", ["Đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân",
          "Đăng ký hành nghề quản lý, thanh lý tài sản đối với doanh nghiệp"], []),
        ("Trợ giúp pháp lý", ["Yêu cầu trợ giúp pháp lý", "Rút yêu cầu trợ giúp pháp lý", "Thay đổi người thực hiện trợ giúp pháp lý",
          "Lựa chọn, ký hợp đồng với luật sư thực hiện trợ giúp pháp lý", "Lựa chọn, ký hợp đồng với tổ chức hành nghề luật sư thực hiện trợ giúp pháp lý",
          "Đăng ký tham gia trợ giúp pháp lý", "Chấm dứt tham gia trợ giúp pháp lý"], ["Thẻ cộng tác viên trợ giúp pháp lý"]),
        ("Bồi thường nhà nước", ["Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt hại",
          "Phục hồi danh dự", "Xác định cơ quan giải quyết bồi thường", "Chi trả tiền bồi thường"], []),
        ("Chứng thực", ["Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp"], []),
        ("Phổ biến giáo dục pháp luật", ["Công nhận báo cáo viên pháp luật cấp tỉnh", "Miễn nhiệm báo cáo viên pháp luật cấp tỉnh"], []),
    ]),
    "SKHDT": (110, [
        ("Thành lập và hoạt động doanh nghiệp", ["Đăng ký thành lập doanh nghiệp tư nhân", "Đăng ký thành lập công ty TNHH một thành viên",
          "Đăng ký thành lập công ty TNHH hai thành viên trở lên", "Đăng ký thành lập công ty cổ phần", "Đăng ký thành lập công ty hợp danh",
          "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp", "Đăng ký đổi tên doanh nghiệp", "Đăng ký thay đổi người đại diện theo pháp luật",
          "Đăng ký thay đổi vốn điều lệ", "Đăng ký thay đổi thành viên công ty TNHH hai thành viên trở lên",
          "Đăng ký thay đổi chủ sở hữu công ty TNHH một thành viên", "Đăng ký thay đổi chủ doanh nghiệp tư nhân",
          "Thông báo thay đổi ngành, nghề kinh doanh", "Thông báo thay đổi thông tin cổ đông sáng lập",
          "Thông báo thay đổi nội dung đăng ký thuế", "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
          "Thông báo tạm ngừng kinh doanh", "Thông báo tiếp tục kinh doanh trước thời hạn", "Giải thể doanh nghiệp",
          "Chấm dứt hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh", "Chuyển đổi công ty TNHH thành công ty cổ phần",
          "Chuyển đổi công ty cổ phần thành công ty TNHH", "Chuyển đổi doanh nghiệp tư nhân thành công ty", "Chia doanh nghiệp",
          "Tách doanh nghiệp", "Hợp nhất doanh nghiệp", "Sáp nhập doanh nghiệp", "Hiệu đính thông tin đăng ký doanh nghiệp",
          "Cập nhật bổ sung thông tin đăng ký doanh nghiệp", "Cấp đổi Giấy chứng nhận đăng ký doanh nghiệp",
          "Thành lập doanh nghiệp xã hội", "Đăng ký doanh nghiệp đối với hộ kinh doanh chuyển đổi"],
         ["Giấy chứng nhận đăng ký doanh nghiệp", "Giấy chứng nhận đăng ký hoạt động chi nhánh"]),
        ("Đầu tư tại Việt Nam", ["Chấp thuận chủ trương đầu tư của UBND tỉnh", "Điều chỉnh dự án đầu tư thuộc thẩm quyền chấp thuận của UBND tỉnh",
          "Chuyển nhượng dự án đầu tư", "Tạm ngừng hoạt động của dự án đầu tư", "Chấm dứt hoạt động của dự án đầu tư",
          "Thành lập văn phòng điều hành của nhà đầu tư nước ngoài trong hợp đồng BCC",
          "Góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài", "Giãn tiến độ đầu tư",
          "Điều chỉnh dự án đầu tư trong trường hợp chia, tách, sáp nhập dự án", "Cung cấp thông tin về dự án đầu tư",
          "Bảo đảm đầu tư trong trường hợp không được tiếp tục áp dụng ưu đãi đầu tư"],
         ["Giấy chứng nhận đăng ký đầu tư"]),
        ("Thành lập và hoạt động của liên hiệp hợp tác xã", ["Đăng ký thành lập liên hiệp hợp tác xã", "Đăng ký thay đổi nội dung đăng ký liên hiệp hợp tác xã",
          "Giải thể tự nguyện liên hiệp hợp tác xã", "Tạm ngừng hoạt động của liên hiệp hợp tác xã", "Đăng ký khi liên hiệp hợp tác xã chia",
          "Đăng ký khi liên hiệp hợp tác xã hợp nhất", "Thu hồi giấy chứng nhận đăng ký liên hiệp hợp tác xã"],
         ["giấy chứng nhận đăng ký liên hiệp hợp tác xã"]),
        ("Đấu thầu, lựa chọn nhà đầu tư", ["Thẩm định kế hoạch lựa chọn nhà thầu", "Thẩm định hồ sơ mời thầu", "Thẩm định kết quả lựa chọn nhà thầu",
          "Thẩm định danh mục dự án có sử dụng đất cần lựa chọn nhà đầu tư", "Thẩm định kết quả lựa chọn nhà đầu tư"], []),
        ("Đầu tư bằng vốn ngân sách", ["Thẩm định chủ trương đầu tư dự án nhóm B, C", "Thẩm định báo cáo nghiên cứu khả thi dự án nhóm B",
          "Thẩm định điều chỉnh chủ trương đầu tư", "Thẩm định nguồn vốn và khả năng cân đối vốn"], []),
        ("Hỗ trợ doanh nghiệp nhỏ và vừa", ["Hỗ trợ tư vấn cho doanh nghiệp nhỏ và vừa", "Hỗ trợ đào tạo cho doanh nghiệp nhỏ và vừa",
          "Hỗ trợ chuyển đổi hộ kinh doanh thành doanh nghiệp"], []),
        ("Vốn hỗ trợ phát triển chính thức (ODA)", ["Lập, phê duyệt kế hoạch tổng thể thực hiện chương trình, dự án ODA",
          "Tiếp nhận khoản viện trợ phi chính phủ nước ngoài"], []),
    ]),
    "STC": (16, [
        ("Quản lý công sản", ["Quyết định mua sắm tài sản công", "Quyết định thu hồi tài sản công", "Quyết định điều chuyển tài sản công",
          "Quyết định bán tài sản công", "Quyết định thanh lý tài sản công", "Quyết định tiêu hủy tài sản công",
          "Xác lập quyền sở hữu toàn dân đối với tài sản", "Khai thác tài sản kết cấu hạ tầng"], []),
        ("Quản lý giá", ["Đăng ký giá", "Kê khai giá", "Hiệp thương giá", "Thẩm định phương án giá"], []),
        ("Tài chính ngân sách", ["Cấp mã số đơn vị có quan hệ với ngân sách", "Thẩm tra quyết toán dự án hoàn thành",
          "Đăng ký hưởng chính sách hỗ trợ lãi suất"], []),
    ]),
    "SXD": (45, [
        ("Hoạt động xây dựng", ["Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
          "Thẩm định điều chỉnh báo cáo nghiên cứu khả thi", "Kiểm tra công tác nghiệm thu hoàn thành công trình",
          "Cho ý kiến về kết quả đánh giá an toàn công trình"],
         ["giấy phép xây dựng công trình cấp I, II*", "giấy phép xây dựng công trình tôn giáo, di tích*",
          "giấy phép di dời công trình", "chứng chỉ hành nghề hoạt động xây dựng hạng II, III*",
          "chứng chỉ năng lực hoạt động xây dựng hạng II, III*", "giấy phép hoạt động xây dựng cho nhà thầu nước ngoài"]),
        ("Quy hoạch xây dựng, kiến trúc", ["Thẩm định nhiệm vụ quy hoạch chi tiết", "Thẩm định đồ án quy hoạch chi tiết",
          "Cung cấp thông tin về quy hoạch xây dựng", "Thẩm định điều chỉnh cục bộ quy hoạch", "Góp ý thiết kế đô thị"],
         ["chứng chỉ hành nghề kiến trúc*"]),
        ("Nhà ở", ["Thẩm định giá bán, thuê mua nhà ở xã hội", "Mua bán, cho thuê nhà ở thuộc sở hữu nhà nước",
          "Chấp thuận chủ trương đầu tư dự án nhà ở", "Xác nhận đối tượng được mua nhà ở xã hội"], []),
        ("Kinh doanh bất động sản", ["Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản",
          "Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán"], ["chứng chỉ hành nghề môi giới bất động sản"]),
        ("Vật liệu xây dựng", ["Công bố hợp quy sản phẩm vật liệu xây dựng"], []),
    ]),
    "STNMT": (90, [
        ("Đất đai", ["Giao đất không thông qua đấu giá quyền sử dụng đất cho tổ chức", "Cho thuê đất không thông qua đấu giá cho tổ chức",
          "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với tổ chức", "Thu hồi đất do chấm dứt việc sử dụng đất theo pháp luật",
          "Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế", "Điều chỉnh quyết định thu hồi đất, giao đất, cho thuê đất",
          "Đăng ký đất đai lần đầu đối với tổ chức", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đối với tổ chức",
          "Đăng ký, xóa đăng ký thế chấp quyền sử dụng đất", "Đính chính Giấy chứng nhận đã cấp", "Thu hồi Giấy chứng nhận đã cấp không đúng quy định",
          "Cung cấp dữ liệu đất đai", "Thẩm định nhu cầu sử dụng đất", "Thẩm định điều kiện giao đất, thuê đất",
          "Đăng ký chuyển mục đích sử dụng đất không phải xin phép", "Xóa ghi nợ tiền sử dụng đất",
          "Tách thửa hoặc hợp thửa đất của tổ chức", "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND tỉnh",
          "Chuyển đổi công ty nhà nước thành công ty cổ phần trong sử dụng đất", "Đăng ký cho thuê, cho thuê lại quyền sử dụng đất"],
         ["Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất cho tổ chức",
          "Giấy chứng nhận quyền sử dụng đất cho cơ sở tôn giáo"]),
        ("Môi trường", ["Thẩm định báo cáo đánh giá tác động môi trường", "Chấp thuận điều chỉnh báo cáo đánh giá tác động môi trường",
          "Xác nhận hoàn thành công trình bảo vệ môi trường", "Thẩm định phương án cải tạo, phục hồi môi trường",
          "Đăng ký chủ nguồn thải chất thải nguy hại", "Kiểm tra, xác nhận hoàn thành phương án cải tạo, phục hồi môi trường"],
         ["giấy phép môi trường*", "giấy phép xử lý chất thải nguy hại*"]),
        ("Tài nguyên nước", ["Thẩm định đề án xả nước thải", "Lấy ý kiến về dự án chuyển nước"],
         ["giấy phép thăm dò nước dưới đất*", "giấy phép khai thác, sử dụng nước dưới đất*",
          "giấy phép khai thác, sử dụng nước mặt*", "giấy phép xả nước thải vào nguồn nước*",
          "giấy phép hành nghề khoan nước dưới đất*"]),
        ("Địa chất và khoáng sản", ["Đóng cửa mỏ khoáng sản", "Trả lại giấy phép khai thác khoáng sản", "Phê duyệt trữ lượng khoáng sản",
          "Tính tiền cấp quyền khai thác khoáng sản", "Đấu giá quyền khai thác khoáng sản", "Chuyển nhượng quyền khai thác khoáng sản",
          "Đăng ký khai thác khoáng sản làm vật liệu xây dựng thông thường trong diện tích dự án"],
         ["giấy phép thăm dò khoáng sản*", "giấy phép khai thác khoáng sản*", "giấy phép khai thác tận thu khoáng sản*"]),
        ("Đo đạc và bản đồ", ["Cung cấp thông tin, dữ liệu đo đạc và bản đồ"], ["chứng chỉ hành nghề đo đạc và bản đồ hạng II*"]),
        ("Khí tượng thủy văn", [], ["giấy phép hoạt động dự báo, cảnh báo khí tượng thủy văn*"]),
    ]),
    "SGTVT": (105, [
        ("Đường bộ", ["Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ",
          "Chấp thuận thiết kế kỹ thuật nút giao đấu nối vào quốc lộ", "Thỏa thuận thiết kế và cấp phép thi công nút giao đấu nối",
          "Công bố đưa bến xe khách vào khai thác", "Công bố lại đưa bến xe khách vào khai thác", "Công bố đưa trạm dừng nghỉ vào khai thác",
          "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "Đổi giấy phép lái xe do ngành Công an cấp",
          "Đổi giấy phép lái xe quân sự", "Đổi giấy phép lái xe hoặc bằng lái xe của nước ngoài",
          "Cấp lại giấy phép lái xe", "Sát hạch cấp giấy phép lái xe", "Chấp thuận khai thác tuyến vận tải hành khách cố định",
          "Đăng ký khai thác tuyến vận tải hành khách cố định", "Thông báo ngừng khai thác tuyến",
          "Gia hạn thời gian lưu hành tại Việt Nam cho phương tiện của Lào, Trung Quốc", "Đăng ký xe máy chuyên dùng lần đầu",
          "Đăng ký tạm thời xe máy chuyên dùng", "Di chuyển đăng ký xe máy chuyên dùng", "Xóa sổ đăng ký xe máy chuyên dùng",
          "Cấp Giấy chứng nhận đăng ký xe máy chuyên dùng có thời hạn", "Đăng ký lưu hành xe bốn bánh có gắn động cơ",
          "Chấp thuận phương án tổ chức giao thông", "Cấp phép thi công công trình trên đường bộ đang khai thác"],
         ["giấy phép kinh doanh vận tải bằng xe ô tô*", "phù hiệu xe kinh doanh vận tải*", "giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn*",
          "giấy phép vận chuyển hàng nguy hiểm*", "giấy phép liên vận Việt - Lào*", "giấy phép liên vận Việt Nam - Trung Quốc*",
          "giấy phép xe tập lái*", "giấy phép đào tạo lái xe ô tô*", "giấy phép xây dựng, cải tạo, nâng cấp công trình thiết yếu",
          "chứng chỉ bồi dưỡng kiến thức pháp luật về giao thông đường bộ", "giấy chứng nhận giáo viên dạy thực hành lái xe",
          "giấy chứng nhận trung tâm sát hạch lái xe loại 3 đủ điều kiện hoạt động", "biển hiệu xe vận chuyển khách du lịch*",
          "giấy chứng nhận đăng ký, biển số xe máy chuyên dùng"]),
        ("Đường thủy nội địa", ["Công bố mở luồng chuyên dùng", "Công bố hoạt động bến thủy nội địa", "Công bố hoạt động cảng thủy nội địa",
          "Đăng ký phương tiện thủy nội địa lần đầu", "Đăng ký lại phương tiện thủy nội địa", "Xóa đăng ký phương tiện thủy nội địa",
          "Chấp thuận vận tải hành khách ngang sông"],
         ["giấy phép hoạt động bến khách ngang sông*", "chứng chỉ chuyên môn thuyền trưởng, máy trưởng hạng ba*",
          "giấy chứng nhận đăng ký phương tiện thủy nội địa"]),
    ]),
    "SNN": (90, [
        ("Lâm nghiệp", ["Phê duyệt phương án quản lý rừng bền vững", "Chuyển loại rừng đối với khu rừng do UBND tỉnh quyết định thành lập",
          "Phê duyệt phương án trồng rừng thay thế", "Thẩm định hồ sơ đề nghị chuyển mục đích sử dụng rừng sang mục đích khác",
          "Giao rừng cho tổ chức", "Cho thuê rừng đối với tổ chức", "Thu hồi rừng của tổ chức", "Phê duyệt phương án khai thác thực vật rừng",
          "Xác nhận nguồn gốc lâm sản", "Đăng ký mã số cơ sở trồng, nuôi, nhân giống loài thuộc danh mục CITES",
          "Chi trả dịch vụ môi trường rừng", "Miễn, giảm tiền dịch vụ môi trường rừng"],
         ["chứng chỉ công nhận nguồn giống cây trồng lâm nghiệp"]),
        ("Thú y", ["Kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh", "Đăng ký kiểm dịch động vật thủy sản",
          "Công nhận cơ sở an toàn dịch bệnh động vật", "Thẩm định điều kiện vệ sinh thú y"],
         ["giấy chứng nhận đủ điều kiện buôn bán thuốc thú y*", "chứng chỉ hành nghề thú y*",
          "giấy chứng nhận điều kiện vệ sinh thú y*", "giấy chứng nhận cơ sở an toàn dịch bệnh động vật*"]),
        ("Chăn nuôi", ["Kê khai hoạt động chăn nuôi", "Công nhận dòng, giống vật nuôi mới"],
         ["giấy chứng nhận đủ điều kiện chăn nuôi trang trại quy mô lớn*", "giấy chứng nhận đủ điều kiện sản xuất thức ăn chăn nuôi*"]),
        ("Trồng trọt", ["Công nhận lưu hành đặc cách giống cây trồng", "Công nhận cây đầu dòng, vườn cây đầu dòng",
          "Tiếp nhận công bố hợp quy phân bón"],
         ["giấy chứng nhận đủ điều kiện buôn bán phân bón*", "giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật*",
          "giấy chứng nhận đủ điều kiện sản xuất phân bón*", "mã số vùng trồng"]),
        ("Thủy lợi", ["Phê duyệt phương án bảo vệ đập, hồ chứa nước", "Phê duyệt phương án ứng phó thiên tai cho công trình vùng hạ du đập",
          "Phê duyệt quy trình vận hành hồ chứa nước"],
         ["giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi*", "giấy phép xả nước thải vào công trình thủy lợi*"]),
        ("Quản lý chất lượng nông lâm sản và thủy sản", ["Kiểm tra chất lượng muối nhập khẩu", "Xác nhận nội dung quảng cáo thực phẩm nông sản"],
         ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản*"]),
        ("Phát triển nông thôn", ["Hỗ trợ dự án liên kết sản xuất", "Công nhận làng nghề truyền thống", "Công nhận nghề truyền thống",
          "Đánh giá, phân hạng sản phẩm OCOP", "Công nhận xã đạt chuẩn nông thôn mới", "Công nhận xã đạt chuẩn nông thôn mới nâng cao"], []),
        ("Phòng, chống thiên tai", ["Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai"], []),
        ("Kinh tế hợp tác", ["Công nhận trang trại đạt tiêu chí kinh tế trang trại"], []),
    ]),
    "SCT": (110, [
        ("Lưu thông hàng hóa trong nước", ["Đăng ký hợp đồng theo mẫu trong giao dịch với người tiêu dùng"],
         ["giấy phép bán buôn rượu*", "giấy phép bán buôn sản phẩm thuốc lá*", "giấy phép sản xuất rượu công nghiệp*",
          "giấy chứng nhận đủ điều kiện thương nhân kinh doanh mua bán LPG*", "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu*",
          "giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu*", "giấy xác nhận đủ điều kiện làm đại lý bán lẻ xăng dầu*",
          "giấy chứng nhận đủ điều kiện trạm nạp LPG vào chai*", "giấy phép kinh doanh hàng hóa là thuốc lá nhập khẩu*"]),
        ("Thương mại quốc tế", ["Thông báo thực hiện khuyến mại", "Đăng ký thực hiện khuyến mại", "Đăng ký tổ chức hội chợ, triển lãm thương mại",
          "Thay đổi nội dung đăng ký tổ chức hội chợ, triển lãm", "Cấp Giấy chứng nhận xuất xứ hàng hóa mẫu S",
          "Xác nhận hàng hóa xuất khẩu qua cửa khẩu phụ, lối mở biên giới"],
         ["giấy phép thành lập văn phòng đại diện của thương nhân nước ngoài*", "giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài*",
          "giấy phép lập cơ sở bán lẻ*"]),
        ("Hóa chất", ["Xác nhận biện pháp phòng ngừa, ứng phó sự cố hóa chất"],
         ["giấy chứng nhận đủ điều kiện sản xuất hóa chất sản xuất, kinh doanh có điều kiện*",
          "giấy chứng nhận đủ điều kiện kinh doanh hóa chất sản xuất, kinh doanh có điều kiện*"]),
        ("Vật liệu nổ công nghiệp", ["Huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp"],
         ["giấy phép sử dụng vật liệu nổ công nghiệp*", "giấy phép kinh doanh tiền chất thuốc nổ*"]),
        ("Điện", ["Phê duyệt phương án giá điện nông thôn", "Thỏa thuận đấu nối nhà máy thủy điện vào hệ thống điện",
          "Thẩm định thiết kế công trình đường dây và trạm biến áp", "Huấn luyện an toàn điện",
          "Thẩm định quy trình vận hành hồ chứa thủy điện"],
         ["giấy phép hoạt động phát điện đối với nhà máy có quy mô dưới 3MW*", "giấy phép hoạt động phân phối điện*",
          "giấy phép hoạt động bán lẻ điện*", "giấy phép tư vấn thiết kế công trình đường dây và trạm biến áp*",
          "giấy phép tư vấn giám sát thi công công trình điện*", "thẻ kiểm tra viên điện lực*"]),
        ("An toàn thực phẩm", ["Kiểm tra kiến thức an toàn thực phẩm", "Xác nhận nội dung quảng cáo thực phẩm do Sở Công Thương quản lý"],
         ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm do Sở Công Thương quản lý*"]),
        ("Công nghiệp địa phương", ["Thành lập cụm công nghiệp", "Mở rộng cụm công nghiệp", "Lựa chọn chủ đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp",
          "Hỗ trợ kinh phí khuyến công địa phương", "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"], []),
        ("Kinh doanh khí", [], ["giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai*"]),
        ("Quản lý cạnh tranh", ["Đăng ký tổ chức hoạt động bán hàng đa cấp tại địa phương", "Chấm dứt hoạt động bán hàng đa cấp tại địa phương"], []),
        ("Xúc tiến thương mại", ["Đăng ký hoạt động xúc tiến thương mại tại địa phương"], []),
        ("An toàn đập, hồ chứa thủy điện", ["Phê duyệt phương án bảo vệ đập thủy điện", "Phê duyệt phương án ứng phó tình huống khẩn cấp đập thủy điện"], []),
    ]),
    "SYT": (125, [
        ("Khám bệnh, chữa bệnh", ["Công bố cơ sở đủ điều kiện thực hiện khám sức khỏe", "Phê duyệt danh mục kỹ thuật của cơ sở khám bệnh, chữa bệnh",
          "Phê duyệt lần đầu danh mục kỹ thuật", "Phê duyệt bổ sung danh mục kỹ thuật", "Xác nhận nội dung quảng cáo dịch vụ khám bệnh, chữa bệnh",
          "Công bố đủ điều kiện thực hiện kỹ thuật hỗ trợ sinh sản", "Cho phép người hành nghề được tiếp tục hành nghề khám bệnh, chữa bệnh"],
         ["giấy phép hoạt động đối với phòng khám đa khoa", "giấy phép hoạt động đối với phòng khám chuyên khoa",
          "giấy phép hoạt động đối với phòng chẩn trị y học cổ truyền", "giấy phép hoạt động đối với nhà hộ sinh",
          "giấy phép hoạt động đối với phòng khám chẩn đoán hình ảnh", "giấy phép hoạt động đối với phòng xét nghiệm",
          "giấy phép hoạt động đối với cơ sở dịch vụ tiêm, chích, thay băng", "giấy phép hoạt động đối với cơ sở dịch vụ chăm sóc sức khỏe tại nhà",
          "giấy phép hoạt động đối với cơ sở dịch vụ cấp cứu, hỗ trợ vận chuyển người bệnh", "giấy phép hoạt động đối với trạm y tế cấp xã",
          "giấy phép hoạt động đối với cơ sở dịch vụ kính thuốc", "giấy phép hoạt động đối với phòng khám, điều trị bệnh nghề nghiệp",
          "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với bác sĩ", "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với y sĩ",
          "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với điều dưỡng", "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với hộ sinh",
          "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với kỹ thuật viên", "chứng chỉ hành nghề khám bệnh, chữa bệnh đối với lương y",
          "giấy chứng nhận là lương y", "giấy chứng nhận người có bài thuốc gia truyền"]),
        ("Dược phẩm", ["Công bố cơ sở kinh doanh có tổ chức kệ thuốc", "Đánh giá đáp ứng thực hành tốt cơ sở bán lẻ thuốc",
          "Đăng ký nội dung thông tin thuốc", "Cho phép mua thuốc gây nghiện, thuốc hướng thần để đáp ứng yêu cầu điều trị",
          "Xác nhận nội dung quảng cáo thuốc", "Duyệt dự trù thuốc phải kiểm soát đặc biệt"],
         ["chứng chỉ hành nghề dược", "giấy chứng nhận đủ điều kiện kinh doanh dược đối với nhà thuốc",
          "giấy chứng nhận đủ điều kiện kinh doanh dược đối với quầy thuốc", "giấy chứng nhận đủ điều kiện kinh doanh dược đối với tủ thuốc trạm y tế",
          "giấy chứng nhận đủ điều kiện kinh doanh dược đối với cơ sở bán buôn thuốc", "giấy chứng nhận đủ điều kiện kinh doanh dược liệu",
          "giấy chứng nhận đủ điều kiện kinh doanh thuốc phải kiểm soát đặc biệt"]),
        ("Mỹ phẩm", ["Tiếp nhận phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước", "Xác nhận nội dung quảng cáo mỹ phẩm"],
         ["giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm*"]),
        ("An toàn thực phẩm và dinh dưỡng", ["Đăng ký bản công bố sản phẩm thực phẩm bảo vệ sức khỏe sản xuất trong nước",
          "Xác nhận nội dung quảng cáo thực phẩm", "Kiểm tra nhà nước về an toàn thực phẩm nhập khẩu"],
         ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm do ngành y tế quản lý*", "giấy tiếp nhận đăng ký bản công bố sản phẩm"]),
        ("Trang thiết bị y tế", ["Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế loại A", "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
          "Công bố đủ điều kiện sản xuất trang thiết bị y tế"], []),
        ("Y tế dự phòng", ["Công bố đủ điều kiện xét nghiệm khẳng định HIV dương tính", "Công bố cơ sở đủ điều kiện tiêm chủng",
          "Công bố đủ điều kiện điều trị nghiện chất dạng thuốc phiện bằng thuốc thay thế", "Chuyển người bệnh giữa các cơ sở điều trị thay thế",
          "Công bố cơ sở đủ điều kiện quan trắc môi trường lao động", "Công bố cơ sở đủ điều kiện khám sức khỏe lái xe"], []),
        ("Giám định y khoa", ["Khám giám định lần đầu do tai nạn lao động", "Khám giám định lần đầu do bệnh nghề nghiệp",
          "Khám giám định tái phát tai nạn lao động", "Khám giám định để thực hiện chế độ hưu trí",
          "Khám giám định để thực hiện chế độ tử tuất", "Khám giám định thương tật lần đầu đối với thương binh",
          "Khám giám định lại đối với thương binh", "Khám giám định đối với người hoạt động kháng chiến bị nhiễm chất độc hóa học",
          "Khám giám định phúc quyết", "Khám giám định mức độ khuyết tật đối với trường hợp Hội đồng cấp xã không xác định được"], []),
        ("Dân số - Sức khỏe sinh sản", ["Cho phép thực hiện kỹ thuật cấp cứu, hồi sức sơ sinh", "Công bố đủ điều kiện sàng lọc sơ sinh"], []),
        ("Tổ chức cán bộ", ["Xét tặng danh hiệu Thầy thuốc ưu tú cấp tỉnh", "Xét tặng danh hiệu Thầy thuốc nhân dân cấp tỉnh"], []),
    ]),
    "SGDDT": (75, [
        ("Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", ["Thành lập trường trung học phổ thông công lập", "Cho phép thành lập trường trung học phổ thông tư thục",
          "Cho phép trường trung học phổ thông hoạt động giáo dục", "Sáp nhập, chia, tách trường trung học phổ thông", "Giải thể trường trung học phổ thông",
          "Thành lập trung tâm giáo dục thường xuyên", "Cho phép trung tâm giáo dục thường xuyên hoạt động", "Thành lập trường phổ thông dân tộc nội trú",
          "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục", "Cho phép trung tâm hỗ trợ phát triển giáo dục hòa nhập hoạt động",
          "Chuyển trường đối với học sinh trung học phổ thông", "Xin học lại tại trường khác đối với học sinh trung học",
          "Công nhận trường trung học đạt chuẩn quốc gia", "Công nhận trường mầm non đạt chuẩn quốc gia",
          "Công nhận trường tiểu học đạt chuẩn quốc gia", "Công nhận trường THCS đạt chuẩn quốc gia",
          "Công nhận đạt chuẩn kiểm định chất lượng giáo dục", "Cho phép hoạt động liên kết giáo dục", "Phê duyệt việc dạy và học bằng tiếng nước ngoài",
          "Cho phép tổ chức dạy thêm, học thêm ngoài nhà trường", "Công nhận xã đạt chuẩn phổ cập giáo dục, xóa mù chữ",
          "Đăng ký dự thi tốt nghiệp trung học phổ thông", "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
          "Đăng ký xét tuyển trình độ đại học, cao đẳng ngành giáo dục mầm non", "Tuyển sinh trung học phổ thông",
          "Xét, cấp học bổng chính sách", "Hỗ trợ học tập đối với học sinh trung học phổ thông các dân tộc thiểu số rất ít người",
          "Xét đặc cách tốt nghiệp trung học phổ thông", "Xác nhận hoạt động giáo dục kỹ năng sống"],
         ["bản sao văn bằng, chứng chỉ từ sổ gốc", "văn bằng, chứng chỉ do nhầm lẫn", "chứng chỉ giáo dục quốc phòng và an ninh",
          "giấy phép tổ chức hoạt động giáo dục kỹ năng sống*", "giấy chứng nhận đăng ký hoạt động tư vấn du học*"]),
        ("Quy chế thi, tuyển sinh", ["Công nhận tốt nghiệp trung học cơ sở", "Chỉnh sửa nội dung văn bằng, chứng chỉ",
          "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp", "Xác minh văn bằng, chứng chỉ"], []),
    ]),
    "SLDTBXH": (70, [
        ("Việc làm", ["Giải quyết hưởng trợ cấp thất nghiệp", "Tạm dừng hưởng trợ cấp thất nghiệp", "Tiếp tục hưởng trợ cấp thất nghiệp",
          "Chuyển nơi hưởng trợ cấp thất nghiệp", "Hỗ trợ học nghề cho người đang hưởng trợ cấp thất nghiệp",
          "Thông báo về việc tìm kiếm việc làm hằng tháng", "Đăng ký tìm việc làm", "Chấp thuận vị trí công việc sử dụng người lao động nước ngoài",
          "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động"],
         ["giấy phép lao động cho người lao động nước ngoài*", "giấy phép hoạt động dịch vụ việc làm của doanh nghiệp*",
          "giấy phép hoạt động cho thuê lại lao động*"]),
        ("Lao động - Tiền lương", ["Đăng ký nội quy lao động", "Đăng ký thỏa ước lao động tập thể", "Xếp hạng công ty TNHH một thành viên do UBND tỉnh làm chủ sở hữu",
          "Phê duyệt quỹ tiền lương đối với viên chức quản lý doanh nghiệp nhà nước", "Đăng ký hợp đồng nhận lao động thực tập dưới 90 ngày",
          "Giải quyết tranh chấp lao động tập thể về lợi ích"], []),
        ("Giáo dục nghề nghiệp", ["Thành lập trung tâm giáo dục nghề nghiệp công lập", "Cho phép thành lập trung tâm giáo dục nghề nghiệp tư thục",
          "Đăng ký hoạt động giáo dục nghề nghiệp", "Đăng ký bổ sung hoạt động giáo dục nghề nghiệp",
          "Chia, tách, sáp nhập trường trung cấp", "Giải thể trung tâm giáo dục nghề nghiệp", "Hỗ trợ đào tạo nghề cho lao động nông thôn"],
         ["giấy chứng nhận đăng ký hoạt động liên kết đào tạo với nước ngoài*"]),
        ("Người có công", ["Công nhận liệt sĩ và cấp Bằng Tổ quốc ghi công", "Giải quyết chế độ đối với thân nhân liệt sĩ",
          "Giải quyết chế độ người hoạt động kháng chiến bị nhiễm chất độc hóa học", "Giải quyết chế độ người có công giúp đỡ cách mạng",
          "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "Di chuyển hồ sơ người có công với cách mạng", "Cấp giấy giới thiệu thăm viếng mộ liệt sĩ",
          "Hỗ trợ di chuyển hài cốt liệt sĩ", "Cấp lại Bằng Tổ quốc ghi công", "Cấp trích lục hoặc sao hồ sơ người có công",
          "Cấp Giấy chứng nhận thân nhân liệt sĩ", "Giải quyết trợ cấp một lần đối với người được tặng Huân chương kháng chiến",
          "Xác nhận thương binh, người hưởng chính sách như thương binh", "Mua bảo hiểm y tế đối với người có công và thân nhân",
          "Giải quyết chế độ ưu đãi đối với Bà mẹ Việt Nam anh hùng", "Sửa đổi, bổ sung thông tin cá nhân trong hồ sơ người có công"], []),
        ("Bảo trợ xã hội", ["Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội cấp tỉnh",
          "Dừng trợ giúp xã hội tại cơ sở trợ giúp xã hội cấp tỉnh", "Đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập",
          "Giải thể cơ sở trợ giúp xã hội ngoài công lập"], ["giấy phép hoạt động đối với cơ sở trợ giúp xã hội*"]),
        ("Phòng, chống tệ nạn xã hội", ["Tiếp nhận người nghiện ma túy vào cơ sở cai nghiện tự nguyện", "Chấm dứt cai nghiện tự nguyện",
          "Hỗ trợ nạn nhân bị mua bán"], ["giấy phép hoạt động cai nghiện ma túy tự nguyện*"]),
        ("An toàn, vệ sinh lao động", ["Khai báo với Sở Lao động - Thương binh và Xã hội địa phương khi đưa vào sử dụng máy, thiết bị có yêu cầu nghiêm ngặt"],
         ["giấy chứng nhận đủ điều kiện hoạt động huấn luyện an toàn, vệ sinh lao động hạng A*"]),
        ("Trẻ em", ["Áp dụng biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em"], []),
    ]),
    "SVHTTDL": (75, [
        ("Văn hóa", ["Thông báo tổ chức biểu diễn nghệ thuật", "Tổ chức lễ hội", "Thông báo tổ chức lễ hội",
          "Thông báo tổ chức thi người đẹp, người mẫu", "Tiếp nhận hồ sơ thông báo sản phẩm quảng cáo trên bảng quảng cáo, băng-rôn",
          "Thông báo tổ chức triển lãm", "Công nhận bảo vật quốc gia", "Xếp hạng di tích cấp tỉnh", "Thẩm định dự án tu bổ di tích",
          "Phê duyệt nội dung tác phẩm nhiếp ảnh nhập khẩu", "Tiếp nhận thông báo tổ chức đoàn người thực hiện quảng cáo",
          "Đăng ký tổ chức lễ hội cấp tỉnh"],
         ["giấy phép tổ chức triển lãm do cá nhân nước ngoài tổ chức", "giấy phép kinh doanh dịch vụ vũ trường*",
          "giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật", "giấy phép thành lập văn phòng đại diện nước ngoài về văn hóa*",
          "giấy phép làm bản sao di vật, cổ vật, bảo vật quốc gia", "chứng chỉ hành nghề tu bổ di tích*"]),
        ("Gia đình", ["Đăng ký hoạt động cơ sở hỗ trợ nạn nhân bạo lực gia đình", "Đổi Giấy chứng nhận đăng ký hoạt động cơ sở tư vấn về phòng, chống bạo lực gia đình"],
         ["giấy chứng nhận nghiệp vụ chăm sóc nạn nhân bạo lực gia đình"]),
        ("Thể dục thể thao", ["Đăng ký tổ chức giải thi đấu thể thao thành tích cao", "Công nhận câu lạc bộ thể thao cơ sở", "Phong đẳng cấp vận động viên"],
         ["giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn thể dục thẩm mỹ",
          "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn bơi, lặn",
          "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn võ thuật",
          "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao đối với môn leo núi"]),
        ("Du lịch", ["Công nhận điểm du lịch", "Công nhận khu du lịch cấp tỉnh", "Công nhận hạng cơ sở lưu trú du lịch 1-2 sao",
          "Công nhận cơ sở kinh doanh dịch vụ du lịch khác đạt tiêu chuẩn phục vụ khách du lịch", "Thông báo thành lập văn phòng đại diện doanh nghiệp kinh doanh dịch vụ lữ hành"],
         ["giấy phép kinh doanh dịch vụ lữ hành nội địa", "thẻ hướng dẫn viên du lịch nội địa*", "thẻ hướng dẫn viên du lịch quốc tế*",
          "thẻ hướng dẫn viên du lịch tại điểm"]),
        ("Thư viện", ["Thông báo thành lập thư viện cấp tỉnh", "Thông báo sáp nhập, hợp nhất thư viện", "Thông báo chấm dứt hoạt động thư viện"], []),
    ]),
    "SKHCN": (50, [
        ("Hoạt động khoa học và công nghệ", ["Giao quyền sở hữu kết quả nghiên cứu khoa học sử dụng ngân sách nhà nước",
          "Tuyển chọn, giao trực tiếp tổ chức, cá nhân thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh",
          "Đánh giá, nghiệm thu kết quả nhiệm vụ khoa học và công nghệ", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
          "Đăng ký thông tin kết quả nghiên cứu khoa học không sử dụng ngân sách nhà nước", "Xét tặng giải thưởng khoa học và công nghệ cấp tỉnh",
          "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo"],
         ["giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", "giấy chứng nhận doanh nghiệp khoa học và công nghệ",
          "giấy chứng nhận đăng ký hoạt động văn phòng đại diện của tổ chức khoa học và công nghệ"]),
        ("Chuyển giao công nghệ", ["Đăng ký gia hạn, sửa đổi, bổ sung nội dung chuyển giao công nghệ", "Thẩm định công nghệ dự án đầu tư",
          "Đăng ký chuyển giao công nghệ"], ["giấy chứng nhận đăng ký chuyển giao công nghệ"]),
        ("Tiêu chuẩn đo lường chất lượng", ["Đăng ký công bố hợp chuẩn dựa trên kết quả chứng nhận", "Đăng ký công bố hợp quy dựa trên kết quả tự đánh giá",
          "Kiểm tra nhà nước chất lượng hàng hóa nhập khẩu", "Đăng ký kiểm tra nhà nước về đo lường", "Chỉ định tổ chức kiểm định phương tiện đo",
          "Miễn giảm kiểm tra chất lượng hàng hóa nhập khẩu", "Xét tặng Giải thưởng chất lượng quốc gia cấp tỉnh"],
         ["chứng chỉ kiểm định viên đo lường*"]),
        ("An toàn bức xạ và hạt nhân", ["Khai báo thiết bị X-quang chẩn đoán trong y tế"],
         ["giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán*", "chứng chỉ nhân viên bức xạ"]),
        ("Sở hữu trí tuệ", ["Hỗ trợ đăng ký bảo hộ quyền sở hữu trí tuệ", "Cho phép sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể của địa phương"], []),
    ]),
    "STTTT": (35, [
        ("Báo chí", ["Cho phép họp báo", "Cho phép đăng tin trên báo in nước ngoài", "Văn bản chấp thuận thay đổi nội dung giấy phép xuất bản bản tin"],
         ["giấy phép xuất bản bản tin*", "giấy phép xuất bản tài liệu không kinh doanh", "giấy phép trưng bày tranh, ảnh của cơ quan nước ngoài"]),
        ("Xuất bản, in và phát hành", ["Đăng ký hoạt động cơ sở in", "Thay đổi thông tin đăng ký hoạt động cơ sở in", "Đăng ký sử dụng máy photocopy màu",
          "Đăng ký hoạt động phát hành xuất bản phẩm"],
         ["giấy phép hoạt động in*", "giấy phép nhập khẩu xuất bản phẩm không kinh doanh", "giấy phép triển lãm, hội chợ xuất bản phẩm"]),
        ("Phát thanh, truyền hình và thông tin điện tử", ["Thông báo cung cấp dịch vụ trò chơi điện tử G1 trên mạng"],
         ["giấy phép thiết lập trang thông tin điện tử tổng hợp*", "giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng*"]),
        ("Bưu chính", ["Xác nhận thông báo hoạt động bưu chính"], ["giấy phép bưu chính*"]),
        ("Viễn thông và Internet", ["Chấp thuận chia sẻ cơ sở hạ tầng viễn thông thụ động"], []),
    ]),
    "SNGV": (6, [
        ("Ngoại vụ", ["Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của UBND tỉnh", "Cho phép sử dụng thẻ đi lại của doanh nhân APEC",
          "Đăng ký đoàn ra công tác nước ngoài", "Tiếp nhận đoàn vào làm việc tại tỉnh", "Cấp giấy phép qua lại biên giới cho cư dân biên giới",
          "Xác nhận lãnh sự phục vụ hồ sơ du học"], []),
    ]),
    "TTT": (8, [
        ("Tiếp công dân", ["Tiếp công dân tại cấp tỉnh"], []),
        ("Giải quyết khiếu nại", ["Giải quyết khiếu nại lần đầu tại cấp tỉnh", "Giải quyết khiếu nại lần hai tại cấp tỉnh"], []),
        ("Giải quyết tố cáo", ["Giải quyết tố cáo tại cấp tỉnh"], []),
        ("Xử lý đơn thư", ["Xử lý đơn thư tại cấp tỉnh"], []),
        ("Phòng, chống tham nhũng", ["Kê khai tài sản, thu nhập", "Xác minh tài sản, thu nhập", "Công khai bản kê khai tài sản, thu nhập"], []),
    ]),
    "VPUBND": (3, [
        ("Kiểm soát thủ tục hành chính", ["Tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
          "Xử lý phản ánh, kiến nghị về thủ tục hành chính", "Công bố danh mục thủ tục hành chính thực hiện tại Trung tâm Phục vụ hành chính công"], []),
    ]),
    "BDT": (3, [
        ("Công tác dân tộc", ["Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "Đưa ra khỏi danh sách người có uy tín",
          "Thẩm định danh sách thôn, bản đặc biệt khó khăn"], []),
    ]),
    "BQLKKT": (23, [
        ("Đầu tư tại khu kinh tế", ["Chấp thuận chủ trương đầu tư tại khu kinh tế", "Điều chỉnh dự án đầu tư tại khu kinh tế",
          "Chuyển nhượng dự án đầu tư tại khu kinh tế", "Chấm dứt hoạt động dự án đầu tư tại khu kinh tế",
          "Tạm ngừng hoạt động dự án đầu tư tại khu kinh tế"], ["Giấy chứng nhận đăng ký đầu tư tại khu kinh tế"]),
        ("Quy hoạch xây dựng khu kinh tế", ["Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng trong khu kinh tế", "Thẩm định đồ án quy hoạch chi tiết xây dựng trong khu kinh tế",
          "Thẩm định báo cáo nghiên cứu khả thi dự án tại khu kinh tế"], ["giấy phép xây dựng công trình trong khu kinh tế*"]),
        ("Lao động trong khu kinh tế", ["Đăng ký nội quy lao động của doanh nghiệp trong khu kinh tế", "Báo cáo giải trình nhu cầu sử dụng người lao động nước ngoài"],
         ["giấy phép lao động trong khu kinh tế*"]),
        ("Thương mại trong khu kinh tế", ["Xác nhận hàng hóa xuất khẩu tại cửa khẩu Ma Lù Thàng"], ["giấy phép kinh doanh trong khu kinh tế cửa khẩu*"]),
    ]),
}

DISTRICT = (230, [
    ("Hộ tịch", ["Đăng ký khai sinh có yếu tố nước ngoài", "Đăng ký kết hôn có yếu tố nước ngoài", "Đăng ký khai tử có yếu tố nước ngoài",
      "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài",
      "Đăng ký giám hộ có yếu tố nước ngoài", "Đăng ký chấm dứt giám hộ có yếu tố nước ngoài",
      "Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc", "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài",
      "Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn đã được giải quyết ở nước ngoài", "Ghi vào Sổ hộ tịch việc hộ tịch khác của công dân Việt Nam",
      "Đăng ký lại khai sinh có yếu tố nước ngoài", "Đăng ký lại kết hôn có yếu tố nước ngoài", "Đăng ký lại khai tử có yếu tố nước ngoài",
      "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân có yếu tố nước ngoài", "Cấp bản sao Trích lục hộ tịch cấp huyện"], []),
    ("Chứng thực", ["Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền của nước ngoài cấp", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật",
      "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
      "Sửa lỗi sai sót trong hợp đồng, giao dịch", "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
      "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"], []),
    ("Nuôi con nuôi", ["Đăng ký lại việc nuôi con nuôi trong nước tại cấp huyện"], []),
    ("Phổ biến giáo dục pháp luật", ["Công nhận báo cáo viên pháp luật cấp huyện", "Miễn nhiệm báo cáo viên pháp luật cấp huyện"], []),
    ("Bồi thường nhà nước", ["Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ cấp huyện"], []),
    ("Đất đai", ["Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đăng ký biến động do chuyển nhượng, tặng cho, thừa kế quyền sử dụng đất",
      "Đăng ký biến động do đổi tên, thay đổi thông tin người sử dụng đất", "Tách thửa hoặc hợp thửa đất", "Chuyển mục đích sử dụng đất phải được phép đối với hộ gia đình, cá nhân",
      "Giao đất, cho thuê đất cho hộ gia đình, cá nhân không thông qua đấu giá", "Thu hồi đất ở trong khu vực bị ô nhiễm môi trường có nguy cơ đe dọa tính mạng con người",
      "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND cấp huyện", "Đăng ký, xóa đăng ký thế chấp quyền sử dụng đất đối với hộ gia đình, cá nhân",
      "Đính chính Giấy chứng nhận quyền sử dụng đất đã cấp", "Gia hạn sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
      "Xác nhận tiếp tục sử dụng đất nông nghiệp khi hết thời hạn sử dụng đất", "Cung cấp dữ liệu đất đai cấp huyện",
      "Đăng ký chuyển mục đích sử dụng đất không phải xin phép", "Chuyển đổi quyền sử dụng đất nông nghiệp của hộ gia đình, cá nhân",
      "Đăng ký biến động về sử dụng đất do thay đổi hạn chế về quyền", "Cho thuê, cho thuê lại quyền sử dụng đất", "Xóa ghi nợ tiền sử dụng đất cấp huyện",
      "Thẩm định phương án bồi thường, hỗ trợ và tái định cư", "Đăng ký biến động do góp vốn bằng quyền sử dụng đất",
      "Đăng ký xác lập quyền sử dụng hạn chế thửa đất liền kề"],
     ["Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất cho hộ gia đình, cá nhân"]),
    ("Môi trường", ["Đăng ký kế hoạch bảo vệ môi trường", "Xác nhận đăng ký đề án bảo vệ môi trường đơn giản", "Tham vấn đánh giá tác động môi trường cấp huyện"],
     ["giấy phép môi trường cấp huyện*"]),
    ("Tài nguyên nước", ["Đăng ký khai thác nước dưới đất", "Lấy ý kiến UBND cấp huyện về khai thác nước"], []),
    ("Xây dựng", ["Thẩm định báo cáo kinh tế - kỹ thuật đầu tư xây dựng", "Thẩm định thiết kế bản vẽ thi công công trình cấp huyện",
      "Cung cấp thông tin quy hoạch xây dựng cấp huyện", "Thẩm định nhiệm vụ quy hoạch chi tiết cấp huyện", "Thẩm định đồ án quy hoạch chi tiết cấp huyện"],
     ["giấy phép xây dựng nhà ở riêng lẻ*", "giấy phép xây dựng công trình cấp III, IV*", "giấy phép sửa chữa, cải tạo công trình",
      "giấy phép xây dựng có thời hạn*", "giấy phép di dời công trình cấp huyện", "giấy phép xây dựng công trình quảng cáo*"]),
    ("Nhà ở", ["Bán nhà ở cũ thuộc sở hữu nhà nước cấp huyện"], []),
    ("Thành lập và hoạt động của hộ kinh doanh", ["Đăng ký thành lập hộ kinh doanh", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
      "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh", "Chấm dứt hoạt động hộ kinh doanh",
      "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh"], []),
    ("Thành lập và hoạt động của hợp tác xã", ["Đăng ký thành lập hợp tác xã", "Đăng ký thay đổi tên, địa chỉ trụ sở chính của hợp tác xã",
      "Đăng ký thay đổi vốn điều lệ của hợp tác xã", "Đăng ký thành lập chi nhánh, văn phòng đại diện của hợp tác xã", "Tạm ngừng hoạt động của hợp tác xã",
      "Giải thể tự nguyện hợp tác xã", "Đăng ký khi hợp tác xã chia", "Đăng ký khi hợp tác xã tách", "Đăng ký khi hợp tác xã hợp nhất",
      "Đăng ký khi hợp tác xã sáp nhập", "Cấp lại giấy chứng nhận đăng ký hợp tác xã", "Thay đổi cơ quan đăng ký hợp tác xã"], []),
    ("Lưu thông hàng hóa trong nước", ["Thông báo khuyến mại tại cấp huyện"], ["giấy phép bán lẻ rượu*", "giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh*",
      "giấy phép bán lẻ sản phẩm thuốc lá*"]),
    ("Kinh doanh khí", [], ["giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai cấp huyện*"]),
    ("An toàn thực phẩm", ["Kiểm tra kiến thức an toàn thực phẩm cấp huyện"], ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm cấp huyện*"]),
    ("Giáo dục và Đào tạo", ["Thành lập trường mầm non công lập", "Cho phép trường mầm non hoạt động giáo dục", "Sáp nhập, chia, tách trường mầm non",
      "Giải thể trường mầm non", "Thành lập trường tiểu học công lập", "Cho phép trường tiểu học hoạt động giáo dục", "Sáp nhập, chia, tách trường tiểu học",
      "Giải thể trường tiểu học", "Thành lập trường trung học cơ sở công lập", "Cho phép trường trung học cơ sở hoạt động giáo dục",
      "Sáp nhập, chia, tách trường trung học cơ sở", "Giải thể trường trung học cơ sở", "Chuyển trường đối với học sinh trung học cơ sở",
      "Chuyển trường đối với học sinh tiểu học", "Thành lập trường phổ thông dân tộc bán trú", "Chuyển đổi trường phổ thông dân tộc bán trú",
      "Cho phép trung tâm học tập cộng đồng hoạt động", "Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú",
      "Hỗ trợ ăn trưa đối với trẻ em mẫu giáo", "Cấp học bổng và hỗ trợ kinh phí mua phương tiện, đồ dùng học tập cho học sinh khuyết tật",
      "Công nhận xã đạt chuẩn phổ cập giáo dục mầm non cho trẻ em 5 tuổi", "Công nhận huyện đạt chuẩn phổ cập giáo dục tiểu học",
      "Đề nghị miễn giảm học phí", "Hỗ trợ chi phí học tập", "Xét tuyển sinh vào trường phổ thông dân tộc nội trú huyện"],
     ["bằng tốt nghiệp trung học cơ sở", "bản sao văn bằng tốt nghiệp trung học cơ sở từ sổ gốc"]),
    ("Văn hóa", ["Công nhận Tổ dân phố văn hóa", "Công nhận thôn, bản văn hóa", "Công nhận xã đạt chuẩn văn hóa nông thôn mới",
      "Công nhận phường, thị trấn đạt chuẩn văn minh đô thị", "Thông báo tổ chức lễ hội cấp huyện", "Đăng ký tổ chức lễ hội cấp huyện",
      "Thông báo thành lập thư viện đối với thư viện cộng đồng"],
     ["giấy phép kinh doanh dịch vụ karaoke*"]),
    ("Thông tin và truyền thông", ["Thông báo hoạt động điểm cung cấp dịch vụ trò chơi điện tử cấp huyện"],
     ["giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng cấp huyện*"]),
    ("Bảo trợ xã hội", ["Đăng ký thành lập cơ sở trợ giúp xã hội ngoài công lập thuộc thẩm quyền cấp huyện",
      "Tiếp nhận đối tượng cần bảo vệ khẩn cấp vào cơ sở trợ giúp xã hội cấp huyện", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội cấp huyện",
      "Hỗ trợ kinh phí nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp", "Công nhận hộ nghèo, hộ cận nghèo phát sinh",
      "Hỗ trợ người lao động thuộc hộ nghèo đi làm việc ở nước ngoài"], []),
    ("Người có công", ["Giải quyết chế độ mai táng phí đối với cựu chiến binh", "Giải quyết chế độ trợ cấp một lần đối với thanh niên xung phong",
      "Giải quyết chế độ ưu đãi trong giáo dục đào tạo đối với người có công và con của họ", "Hỗ trợ người có công cải thiện nhà ở",
      "Giải quyết chế độ đối với dân công hỏa tuyến", "Giải quyết chế độ đối với quân nhân tham gia bảo vệ Tổ quốc đã phục viên"], []),
    ("Lao động - Tiền lương", ["Gửi thang lương, bảng lương, định mức lao động của doanh nghiệp", "Hỗ trợ người lao động tạm hoãn hợp đồng lao động do đại dịch COVID-19",
      "Hỗ trợ hộ kinh doanh tạm ngừng kinh doanh do đại dịch COVID-19"], []),
    ("Phòng, chống tệ nạn xã hội", ["Quyết định đưa người nghiện ma túy vào cơ sở cai nghiện bắt buộc", "Quyết định cai nghiện ma túy tự nguyện tại gia đình, cộng đồng",
      "Hỗ trợ nạn nhân bị mua bán cấp huyện"], []),
    ("Trẻ em", ["Chấm dứt việc chăm sóc thay thế cho trẻ em", "Phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em bị xâm hại"], []),
    ("Y tế", ["Cho phép trạm y tế cấp xã hoạt động", "Công nhận xã đạt chuẩn quốc gia về y tế"], []),
    ("Nông nghiệp", ["Hỗ trợ khôi phục sản xuất nông nghiệp vùng bị thiệt hại do thiên tai cấp huyện", "Hỗ trợ phát triển sản xuất nông nghiệp theo nghị quyết HĐND tỉnh",
      "Công nhận tổ hợp tác", "Hỗ trợ giống cây trồng, vật nuôi cho hộ nghèo", "Phê duyệt kế hoạch khuyến nông địa phương",
      "Cấp phép hoạt động trong phạm vi bảo vệ công trình thủy lợi do cấp huyện quản lý", "Phê duyệt phương án khai thác gỗ rừng sản xuất của hộ gia đình"],
     ["giấy chứng nhận kinh tế trang trại"]),
    ("Lâm nghiệp", ["Giao rừng cho hộ gia đình, cá nhân", "Cho thuê rừng đối với hộ gia đình, cá nhân", "Thu hồi rừng của hộ gia đình, cá nhân",
      "Xác nhận bảng kê lâm sản", "Phê duyệt hồ sơ khai thác tận dụng gỗ rừng trồng"], []),
    ("Thủy lợi", ["Thẩm định phương án bảo vệ đập, hồ chứa nước nhỏ"], []),
    ("Dân tộc", ["Xét hỗ trợ theo Chương trình 135 cấp huyện", "Hỗ trợ đất ở, nhà ở, nước sinh hoạt cho hộ đồng bào dân tộc thiểu số nghèo"], []),
    ("Nội vụ", ["Thành lập hội có phạm vi hoạt động trong huyện", "Phê duyệt điều lệ hội cấp huyện", "Giải thể hội cấp huyện",
      "Công nhận quỹ cấp huyện", "Thành lập thôn, tổ dân phố mới cấp huyện", "Công nhận ban vận động thành lập hội cấp huyện",
      "Xét tuyển viên chức giáo dục cấp huyện", "Thi tuyển công chức cấp xã", "Xét tuyển công chức cấp xã"], []),
    ("Thi đua, khen thưởng", ["Tặng Giấy khen của Chủ tịch UBND cấp huyện", "Tặng danh hiệu Lao động tiên tiến cấp huyện",
      "Tặng danh hiệu Chiến sĩ thi đua cơ sở", "Tặng Giấy khen theo đợt, chuyên đề cấp huyện", "Tặng Giấy khen đột xuất cấp huyện",
      "Tặng danh hiệu Tập thể lao động tiên tiến"], []),
    ("Tôn giáo", ["Đăng ký hoạt động tín ngưỡng cấp huyện", "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo tại cấp huyện",
      "Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động ở nhiều xã", "Đề nghị sinh hoạt tôn giáo tập trung cấp huyện",
      "Thông báo người được phong phẩm hoặc suy cử làm chức sắc cấp huyện", "Đề nghị tổ chức đại hội của tổ chức tôn giáo cơ sở"], []),
    ("Tiếp công dân", ["Tiếp công dân tại cấp huyện"], []),
    ("Giải quyết khiếu nại", ["Giải quyết khiếu nại lần đầu tại cấp huyện", "Giải quyết khiếu nại lần hai tại cấp huyện"], []),
    ("Giải quyết tố cáo", ["Giải quyết tố cáo tại cấp huyện"], []),
    ("Xử lý đơn thư", ["Xử lý đơn thư tại cấp huyện"], []),
    ("Phòng, chống tham nhũng", ["Kê khai tài sản, thu nhập cấp huyện", "Xác minh tài sản, thu nhập cấp huyện"], []),
    ("Giao thông vận tải", ["Chấp thuận thiết kế đường giao thông nông thôn", "Đăng ký phương tiện thủy nội địa cấp huyện",
      "Xóa đăng ký phương tiện thủy nội địa cấp huyện", "Cấp phép thi công công trình trên đường huyện, đường xã"], []),
])

COMMUNE = (135, [
    ("Hộ tịch", ["Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử", "Đăng ký nhận cha, mẹ, con", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
      "Đăng ký giám hộ", "Đăng ký chấm dứt giám hộ", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Đăng ký lại khai sinh",
      "Đăng ký lại kết hôn", "Đăng ký lại khai tử", "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân", "Cấp Giấy xác nhận tình trạng hôn nhân",
      "Cấp bản sao Trích lục hộ tịch", "Đăng ký khai sinh lưu động", "Đăng ký kết hôn lưu động", "Đăng ký khai tử lưu động",
      "Đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới", "Đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới",
      "Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài tại khu vực biên giới", "Đăng ký khai tử có yếu tố nước ngoài tại khu vực biên giới",
      "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
      "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng",
      "Đăng ký giám hộ có yếu tố nước ngoài tại khu vực biên giới", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch kết hợp xác định lại dân tộc"], []),
    ("Chứng thực", ["Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", "Chứng thực chữ ký trong các giấy tờ, văn bản",
      "Chứng thực chữ ký trong giấy tờ, văn bản mà người yêu cầu chứng thực không thể ký, không thể điểm chỉ", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
      "Chứng thực di chúc", "Chứng thực văn bản từ chối nhận di sản", "Chứng thực văn bản thỏa thuận phân chia di sản là quyền sử dụng đất, nhà ở",
      "Chứng thực văn bản khai nhận di sản là quyền sử dụng đất, nhà ở", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch cấp xã",
      "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực cấp xã", "Sửa lỗi sai sót trong hợp đồng, giao dịch cấp xã"], []),
    ("Cư trú", ["Đăng ký thường trú", "Đăng ký tạm trú", "Xóa đăng ký thường trú", "Xóa đăng ký tạm trú", "Tách hộ", "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
      "Gia hạn tạm trú", "Khai báo tạm vắng", "Thông báo lưu trú", "Xác nhận thông tin về cư trú"], []),
    ("Nuôi con nuôi", ["Đăng ký việc nuôi con nuôi trong nước", "Đăng ký lại việc nuôi con nuôi trong nước",
      "Đăng ký việc nuôi con nuôi thực tế", "Giải quyết việc người nước ngoài thường trú ở nước láng giềng nhận trẻ em Việt Nam tại khu vực biên giới làm con nuôi"], []),
    ("Phổ biến giáo dục pháp luật", ["Công nhận tuyên truyền viên pháp luật", "Cho thôi làm tuyên truyền viên pháp luật"], []),
    ("Hòa giải ở cơ sở", ["Công nhận hòa giải viên", "Công nhận tổ trưởng tổ hòa giải", "Thôi làm hòa giải viên", "Thanh toán thù lao cho hòa giải viên"], []),
    ("Bồi thường nhà nước", ["Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ cấp xã"], []),
    ("Đất đai", ["Hòa giải tranh chấp đất đai", "Xác nhận nguồn gốc, thời điểm sử dụng đất", "Tiếp nhận hồ sơ đề nghị cấp Giấy chứng nhận lần đầu tại cấp xã",
      "Xác nhận hiện trạng sử dụng đất"], []),
    ("Bảo trợ xã hội", ["Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng",
      "Chi trả trợ cấp xã hội hàng tháng khi đối tượng thay đổi nơi cư trú", "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
      "Đổi, cấp lại Giấy xác nhận khuyết tật", "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở, sửa chữa nhà ở", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
      "Trợ giúp xã hội khẩn cấp về hỗ trợ chi phí mai táng", "Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng",
      "Nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ khẩn cấp", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình",
      "Công nhận hộ thoát nghèo, hộ thoát cận nghèo", "Rà soát hộ nghèo, hộ cận nghèo định kỳ", "Hỗ trợ tiền điện cho hộ nghèo, hộ chính sách xã hội"], []),
    ("Người có công", ["Thăm viếng mộ liệt sĩ", "Xác nhận vào đơn đề nghị di chuyển hài cốt liệt sĩ", "Giải quyết chế độ mai táng phí, trợ cấp một lần khi người có công từ trần",
      "Giải quyết chế độ người hoạt động kháng chiến giải phóng dân tộc", "Giải quyết chế độ trợ cấp hàng tháng đối với con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học",
      "Bổ sung tình hình thân nhân trong hồ sơ liệt sĩ", "Tặng quà người có công dịp Tết Nguyên đán"], []),
    ("Trẻ em", ["Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại cho trẻ em",
      "Đăng ký nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế không phải là người thân thích",
      "Thông báo nhận chăm sóc thay thế cho trẻ em đối với cá nhân, người đại diện gia đình nhận chăm sóc thay thế là người thân thích",
      "Chuyển trẻ em đang được chăm sóc thay thế tại cơ sở trợ giúp xã hội đến cá nhân, gia đình nhận chăm sóc thay thế"], []),
    ("Phòng, chống tệ nạn xã hội", ["Đăng ký cai nghiện ma túy tự nguyện tại cộng đồng", "Xác định tình trạng nghiện ma túy",
      "Quản lý sau cai nghiện ma túy tại nơi cư trú", "Hỗ trợ học văn hóa, học nghề, trợ cấp khó khăn ban đầu cho nạn nhân bị mua bán"], []),
    ("Lao động", ["Hỗ trợ người lao động không có giao kết hợp đồng lao động bị mất việc làm do COVID-19", "Xác nhận người lao động làm việc trong hộ gia đình"], []),
    ("Nông nghiệp", ["Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai cấp xã", "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng",
      "Xác nhận bảng kê lâm sản cấp xã", "Phê duyệt kế hoạch khuyến nông cấp xã", "Công nhận tổ hợp tác cấp xã", "Thông báo thành lập tổ hợp tác",
      "Xác nhận hộ gia đình tham gia dự án hỗ trợ phát triển sản xuất", "Hỗ trợ dự án phát triển sản xuất cộng đồng"], []),
    ("Lâm nghiệp", ["Khai thác gỗ rừng trồng tập trung bằng vốn do chủ rừng tự đầu tư", "Khai thác thực vật rừng thông thường",
      "Xác nhận nguồn gốc gỗ hợp pháp cấp xã", "Phê duyệt hồ sơ khai thác gỗ củi của hộ gia đình"], []),
    ("Văn hóa", ["Xét tặng danh hiệu Gia đình văn hóa", "Xét tặng Giấy khen Gia đình văn hóa", "Thông báo tổ chức lễ hội cấp xã", "Đăng ký hoạt động thư viện tư nhân có vốn sách ban đầu từ 500 bản",
      "Thông báo thành lập thư viện cộng đồng cấp xã"], []),
    ("Giáo dục và Đào tạo", ["Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động", "Thành lập nhóm trẻ, lớp mẫu giáo độc lập", "Sáp nhập, chia, tách nhóm trẻ, lớp mẫu giáo độc lập",
      "Giải thể nhóm trẻ, lớp mẫu giáo độc lập", "Cho phép trung tâm học tập cộng đồng cấp xã hoạt động"], []),
    ("Y tế", ["Khám sức khỏe cho người lao động tại trạm y tế xã", "Cấp Giấy chứng sinh tại trạm y tế xã"], []),
    ("Thi đua, khen thưởng", ["Tặng Giấy khen của Chủ tịch UBND cấp xã", "Tặng Giấy khen đột xuất của Chủ tịch UBND cấp xã",
      "Tặng Giấy khen về thành tích thi đua theo đợt, chuyên đề cấp xã", "Xét tặng danh hiệu Lao động tiên tiến cấp xã"], []),
    ("Tôn giáo", ["Đăng ký hoạt động tín ngưỡng", "Đăng ký bổ sung hoạt động tín ngưỡng", "Đăng ký sinh hoạt tôn giáo tập trung", "Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động tôn giáo ở một xã",
      "Thông báo tổ chức quyên góp trong địa bàn một xã", "Đề nghị thay đổi địa điểm sinh hoạt tôn giáo tập trung"], []),
    ("Tiếp công dân", ["Tiếp công dân tại cấp xã"], []),
    ("Giải quyết khiếu nại", ["Giải quyết khiếu nại lần đầu tại cấp xã"], []),
    ("Giải quyết tố cáo", ["Giải quyết tố cáo tại cấp xã"], []),
    ("Xử lý đơn thư", ["Xử lý đơn thư tại cấp xã"], []),
    ("Dân tộc", ["Bình chọn người có uy tín trong đồng bào dân tộc thiểu số", "Xác nhận hộ gia đình thuộc đối tượng hỗ trợ theo Chương trình 135"], []),
    ("Quân sự", ["Đăng ký nghĩa vụ quân sự lần đầu", "Đăng ký phục vụ trong ngạch dự bị", "Đăng ký bổ sung nghĩa vụ quân sự", "Đăng ký di chuyển nghĩa vụ quân sự"], []),
])

# Annual dossiers per 1,000 residents for the highest-volume commune and district
# procedures (invented, plausible: e.g. ≈19 births per 1,000 people).
RATES = {
    "Đăng ký khai sinh": 12.0, "Đăng ký kết hôn": 7.0, "Đăng ký khai tử": 4.2,
    "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi": 6.5,
    "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng": 0.6,
    "Cấp Giấy xác nhận tình trạng hôn nhân": 9.0, "Cấp bản sao Trích lục hộ tịch": 6.0,
    "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch": 2.5,
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp": 95.0,
    "Chứng thực chữ ký trong các giấy tờ, văn bản": 8.0,
    "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở": 6.0,
    "Đăng ký thường trú": 9.0, "Đăng ký tạm trú": 12.0, "Xóa đăng ký thường trú": 5.0, "Khai báo tạm vắng": 4.0,
    "Thông báo lưu trú": 10.0, "Xác nhận thông tin về cư trú": 15.0, "Tách hộ": 3.0,
    "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng": 3.5,
    "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật": 1.2,
    "Hòa giải tranh chấp đất đai": 0.8, "Xác nhận nguồn gốc, thời điểm sử dụng đất": 3.0,
    "Đăng ký nghĩa vụ quân sự lần đầu": 4.0, "Xét tặng danh hiệu Gia đình văn hóa": 4.0,
    "Đăng ký đất đai, tài sản gắn liền với đất lần đầu": 6.0,
    "Đăng ký biến động do chuyển nhượng, tặng cho, thừa kế quyền sử dụng đất": 9.0,
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất cho hộ gia đình, cá nhân": 5.0,
    "Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất cho hộ gia đình, cá nhân": 0.8,
    "Tách thửa hoặc hợp thửa đất": 2.0, "Chuyển mục đích sử dụng đất phải được phép đối với hộ gia đình, cá nhân": 1.5,
    "Đăng ký, xóa đăng ký thế chấp quyền sử dụng đất đối với hộ gia đình, cá nhân": 6.0,
    "Cấp giấy phép xây dựng nhà ở riêng lẻ": 1.6, "Đăng ký thành lập hộ kinh doanh": 1.8,
    "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh": 0.6, "Chấm dứt hoạt động hộ kinh doanh": 0.4,
    "Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền của nước ngoài cấp": 0.3,
    "Thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc": 0.8, "Chuyển trường đối với học sinh trung học cơ sở": 0.6,
    "Chuyển trường đối với học sinh tiểu học": 0.7, "Đề nghị miễn giảm học phí": 3.0, "Hỗ trợ chi phí học tập": 4.0,
    "Tiếp công dân tại cấp xã": 1.5, "Tiếp công dân tại cấp huyện": 0.8, "Xử lý đơn thư tại cấp huyện": 0.6,
    "Tặng Giấy khen của Chủ tịch UBND cấp huyện": 1.0, "Cấp Giấy chứng sinh tại trạm y tế xã": 1.0,
}
# Provincial procedures with a known high annual volume (invented, plausible).
PROVINCIAL_VOLUMES = {
    "Đăng ký thành lập công ty TNHH một thành viên": 120, "Đăng ký thành lập công ty TNHH hai thành viên trở lên": 60,
    "Đăng ký thành lập công ty cổ phần": 25, "Đăng ký thành lập doanh nghiệp tư nhân": 20,
    "Đăng ký thay đổi người đại diện theo pháp luật": 90, "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp": 80,
    "Thông báo thay đổi ngành, nghề kinh doanh": 150, "Thông báo tạm ngừng kinh doanh": 110,
    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam": 2400,
    "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp": 3200, "Sát hạch cấp giấy phép lái xe": 4500, "Cấp lại giấy phép lái xe": 350,
    "Cấp phù hiệu xe kinh doanh vận tải": 900, "Cấp lại phù hiệu xe kinh doanh vận tải": 300,
    "Giải quyết hưởng trợ cấp thất nghiệp": 900, "Thông báo về việc tìm kiếm việc làm hằng tháng": 2700,
    "Kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn cấp tỉnh": 600, "Xác nhận nguồn gốc lâm sản": 200,
    "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh đối với điều dưỡng": 120, "Cấp chứng chỉ hành nghề dược": 90,
    "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc": 500, "Phúc khảo bài thi tốt nghiệp trung học phổ thông": 150,
    "Tiếp công dân tại cấp tỉnh": 300, "Xử lý đơn thư tại cấp tỉnh": 500, "Thông báo thực hiện khuyến mại": 150,
}

# --------------------------------------------------------------------------- legal documents
QH, CP, TTG = "Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"
# (code, title, issuer, kind, issued, effective) — real documents; dates only where known.
DOCUMENTS = [
    ("60/2014/QH13", "Luật Hộ tịch", QH, "law", "2014-11-20", "2016-01-01"),
    ("123/2015/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", CP, "decree", "2015-11-15", "2016-01-01"),
    ("04/2020/TT-BTP", "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP", "Bộ Tư pháp", "circular", "2020-05-28", None),
    ("23/2015/NĐ-CP", "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", CP, "decree", "2015-02-16", "2015-04-10"),
    ("226/2016/TT-BTC", "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực", "Bộ Tài chính", "circular", "2016-11-11", "2017-01-01"),
    ("85/2019/TT-BTC", "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương", "Bộ Tài chính", "circular", "2019-11-29", None),
    ("68/2020/QH14", "Luật Cư trú", QH, "law", "2020-11-13", "2021-07-01"),
    ("62/2021/NĐ-CP", "Nghị định quy định chi tiết một số điều của Luật Cư trú", CP, "decree", "2021-06-29", "2021-07-01"),
    ("52/2010/QH12", "Luật Nuôi con nuôi", QH, "law", None, "2011-01-01"),
    ("45/2013/QH13", "Luật Đất đai", QH, "law", "2013-11-29", "2014-07-01"),
    ("43/2014/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật Đất đai", CP, "decree", "2014-05-15", "2014-07-01"),
    ("01/2017/NĐ-CP", "Nghị định sửa đổi, bổ sung một số nghị định quy định chi tiết thi hành Luật Đất đai", CP, "decree", "2017-01-06", None),
    ("50/2014/QH13", "Luật Xây dựng", QH, "law", "2014-06-18", "2015-01-01"),
    ("62/2020/QH14", "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng", QH, "law", "2020-06-17", "2021-01-01"),
    ("15/2021/NĐ-CP", "Nghị định quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng", CP, "decree", "2021-03-03", "2021-03-03"),
    ("65/2014/QH13", "Luật Nhà ở", QH, "law", None, "2015-07-01"),
    ("66/2014/QH13", "Luật Kinh doanh bất động sản", QH, "law", None, "2015-07-01"),
    ("30/2009/QH12", "Luật Quy hoạch đô thị", QH, "law", None, "2010-01-01"),
    ("59/2020/QH14", "Luật Doanh nghiệp", QH, "law", "2020-06-17", "2021-01-01"),
    ("01/2021/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", CP, "decree", "2021-01-04", "2021-01-04"),
    ("47/2019/TT-BTC", "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin doanh nghiệp, lệ phí đăng ký doanh nghiệp", "Bộ Tài chính", "circular", None, None),
    ("61/2020/QH14", "Luật Đầu tư", QH, "law", "2020-06-17", "2021-01-01"),
    ("31/2021/NĐ-CP", "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Đầu tư", CP, "decree", "2021-03-26", "2021-03-26"),
    ("23/2012/QH13", "Luật Hợp tác xã", QH, "law", None, "2013-07-01"),
    ("43/2013/QH13", "Luật Đấu thầu", QH, "law", None, "2014-07-01"),
    ("39/2019/QH14", "Luật Đầu tư công", QH, "law", None, "2020-01-01"),
    ("20/2021/NĐ-CP", "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội", CP, "decree", "2021-03-15", "2021-07-01"),
    ("51/2010/QH12", "Luật Người khuyết tật", QH, "law", None, "2011-01-01"),
    ("02/2020/UBTVQH14", "Pháp lệnh Ưu đãi người có công với cách mạng", "Ủy ban Thường vụ Quốc hội", "ordinance", None, "2021-07-01"),
    ("102/2016/QH13", "Luật Trẻ em", QH, "law", None, "2017-06-01"),
    ("45/2019/QH14", "Bộ luật Lao động", QH, "law", "2019-11-20", "2021-01-01"),
    ("38/2013/QH13", "Luật Việc làm", QH, "law", None, "2015-01-01"),
    ("74/2014/QH13", "Luật Giáo dục nghề nghiệp", QH, "law", None, "2015-07-01"),
    ("43/2019/QH14", "Luật Giáo dục", QH, "law", "2019-06-14", "2020-07-01"),
    ("40/2009/QH12", "Luật Khám bệnh, chữa bệnh", QH, "law", None, "2011-01-01"),
    ("105/2016/QH13", "Luật Dược", QH, "law", None, "2017-01-01"),
    ("55/2010/QH12", "Luật An toàn thực phẩm", QH, "law", None, "2011-07-01"),
    ("15/2018/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm", CP, "decree", "2018-02-02", "2018-02-02"),
    ("36/2005/QH11", "Luật Thương mại", QH, "law", None, "2006-01-01"),
    ("105/2017/NĐ-CP", "Nghị định về kinh doanh rượu", CP, "decree", None, None),
    ("67/2013/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Phòng, chống tác hại của thuốc lá về kinh doanh thuốc lá", CP, "decree", None, None),
    ("28/2004/QH11", "Luật Điện lực", QH, "law", None, "2005-07-01"),
    ("23/2008/QH12", "Luật Giao thông đường bộ", QH, "law", None, "2009-07-01"),
    ("10/2020/NĐ-CP", "Nghị định quy định về kinh doanh và điều kiện kinh doanh vận tải bằng xe ô tô", CP, "decree", None, "2020-04-01"),
    ("23/2004/QH11", "Luật Giao thông đường thủy nội địa", QH, "law", None, "2005-01-01"),
    ("72/2020/QH14", "Luật Bảo vệ môi trường", QH, "law", "2020-11-17", "2022-01-01"),
    ("55/2014/QH13", "Luật Bảo vệ môi trường", QH, "law", None, "2015-01-01"),
    ("17/2012/QH13", "Luật Tài nguyên nước", QH, "law", None, "2013-01-01"),
    ("60/2010/QH12", "Luật Khoáng sản", QH, "law", None, "2011-07-01"),
    ("16/2017/QH14", "Luật Lâm nghiệp", QH, "law", None, "2019-01-01"),
    ("79/2015/QH13", "Luật Thú y", QH, "law", None, "2016-07-01"),
    ("31/2018/QH14", "Luật Trồng trọt", QH, "law", None, "2020-01-01"),
    ("32/2018/QH14", "Luật Chăn nuôi", QH, "law", None, "2020-01-01"),
    ("08/2017/QH14", "Luật Thủy lợi", QH, "law", None, "2018-07-01"),
    ("28/2001/QH10", "Luật Di sản văn hóa", QH, "law", None, "2002-01-01"),
    ("09/2017/QH14", "Luật Du lịch", QH, "law", None, "2018-01-01"),
    ("77/2006/QH11", "Luật Thể dục, thể thao", QH, "law", None, "2007-07-01"),
    ("54/2019/NĐ-CP", "Nghị định quy định về kinh doanh dịch vụ karaoke, dịch vụ vũ trường", CP, "decree", None, "2019-08-01"),
    ("103/2016/QH13", "Luật Báo chí", QH, "law", None, "2017-01-01"),
    ("19/2012/QH13", "Luật Xuất bản", QH, "law", None, "2013-07-01"),
    ("29/2013/QH13", "Luật Khoa học và công nghệ", QH, "law", None, "2014-01-01"),
    ("07/2017/QH14", "Luật Chuyển giao công nghệ", QH, "law", None, "2018-07-01"),
    ("04/2011/QH13", "Luật Đo lường", QH, "law", None, "2012-07-01"),
    ("68/2006/QH11", "Luật Tiêu chuẩn và quy chuẩn kỹ thuật", QH, "law", None, "2007-01-01"),
    ("02/2011/QH13", "Luật Khiếu nại", QH, "law", None, "2012-07-01"),
    ("25/2018/QH14", "Luật Tố cáo", QH, "law", None, "2019-01-01"),
    ("42/2013/QH13", "Luật Tiếp công dân", QH, "law", None, "2014-07-01"),
    ("36/2018/QH14", "Luật Phòng, chống tham nhũng", QH, "law", None, "2019-07-01"),
    ("15/2003/QH11", "Luật Thi đua, khen thưởng", QH, "law", None, "2004-07-01"),
    ("91/2017/NĐ-CP", "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng", CP, "decree", None, None),
    ("02/2016/QH14", "Luật Tín ngưỡng, tôn giáo", QH, "law", None, "2018-01-01"),
    ("162/2017/NĐ-CP", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Tín ngưỡng, tôn giáo", CP, "decree", None, "2018-01-01"),
    ("22/2008/QH12", "Luật Cán bộ, công chức", QH, "law", None, "2010-01-01"),
    ("58/2010/QH12", "Luật Viên chức", QH, "law", None, "2012-01-01"),
    ("52/2019/QH14", "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức", QH, "law", "2019-11-25", "2020-07-01"),
    ("138/2020/NĐ-CP", "Nghị định quy định về tuyển dụng, sử dụng và quản lý công chức", CP, "decree", None, None),
    ("115/2020/NĐ-CP", "Nghị định quy định về tuyển dụng, sử dụng và quản lý viên chức", CP, "decree", None, None),
    ("45/2010/NĐ-CP", "Nghị định quy định về tổ chức, hoạt động và quản lý hội", CP, "decree", None, None),
    ("93/2019/NĐ-CP", "Nghị định về tổ chức, hoạt động của quỹ xã hội, quỹ từ thiện", CP, "decree", None, None),
    ("120/2020/NĐ-CP", "Nghị định quy định về thành lập, tổ chức lại, giải thể đơn vị sự nghiệp công lập", CP, "decree", None, None),
    ("01/2013/QH13", "Luật Lưu trữ", QH, "law", None, "2012-07-01"),
    ("34/2019/NĐ-CP", "Nghị định sửa đổi, bổ sung một số quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã", CP, "decree", "2019-04-24", "2019-06-25"),
    ("28/2009/QH12", "Luật Lý lịch tư pháp", QH, "law", None, "2010-07-01"),
    ("24/2008/QH12", "Luật Quốc tịch Việt Nam", QH, "law", None, "2009-07-01"),
    ("53/2014/QH13", "Luật Công chứng", QH, "law", None, "2015-01-01"),
    ("65/2006/QH11", "Luật Luật sư", QH, "law", None, "2007-01-01"),
    ("13/2012/QH13", "Luật Giám định tư pháp", QH, "law", None, "2013-01-01"),
    ("01/2016/QH14", "Luật Đấu giá tài sản", QH, "law", None, "2017-07-01"),
    ("11/2017/QH14", "Luật Trợ giúp pháp lý", QH, "law", None, "2018-01-01"),
    ("10/2017/QH14", "Luật Trách nhiệm bồi thường của Nhà nước", QH, "law", None, "2018-07-01"),
    ("14/2012/QH13", "Luật Phổ biến, giáo dục pháp luật", QH, "law", None, "2013-01-01"),
    ("35/2013/QH13", "Luật Hòa giải ở cơ sở", QH, "law", None, "2014-01-01"),
    ("54/2010/QH12", "Luật Trọng tài thương mại", QH, "law", None, "2011-01-01"),
    ("22/2017/NĐ-CP", "Nghị định về hòa giải thương mại", CP, "decree", None, None),
    ("51/2014/QH13", "Luật Phá sản", QH, "law", None, "2015-01-01"),
    ("15/2017/QH14", "Luật Quản lý, sử dụng tài sản công", QH, "law", None, "2018-01-01"),
    ("12/2012/QH13", "Luật Giá", QH, "law", None, "2013-01-01"),
    ("83/2015/QH13", "Luật Ngân sách nhà nước", QH, "law", None, "2017-01-01"),
    ("18/2008/QH12", "Luật Năng lượng nguyên tử", QH, "law", None, "2009-01-01"),
    ("50/2005/QH11", "Luật Sở hữu trí tuệ", QH, "law", None, "2006-07-01"),
    ("49/2010/QH12", "Luật Bưu chính", QH, "law", None, "2011-01-01"),
    ("67/2006/QH11", "Luật Công nghệ thông tin", QH, "law", None, "2007-01-01"),
    ("05/2011/NĐ-CP", "Nghị định về công tác dân tộc", CP, "decree", None, None),
    ("78/2015/QH13", "Luật Nghĩa vụ quân sự", QH, "law", None, "2016-01-01"),
    ("33/2013/QH13", "Luật Phòng, chống thiên tai", QH, "law", None, "2014-05-01"),
    ("73/2006/QH11", "Luật Bình đẳng giới", QH, "law", None, "2007-07-01"),
    ("02/2010/NĐ-CP", "Nghị định về khuyến nông", CP, "decree", None, None),
    ("63/2010/NĐ-CP", "Nghị định về kiểm soát thủ tục hành chính", CP, "decree", "2010-06-08", "2010-10-14"),
    ("92/2017/NĐ-CP", "Nghị định sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính", CP, "decree", "2017-08-07", "2017-09-25"),
    ("61/2018/NĐ-CP", "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính", CP, "decree", "2018-04-23", "2018-06-21"),
    ("107/2021/NĐ-CP", "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP", CP, "decree", "2021-12-06", "2021-12-06"),
    ("45/2020/NĐ-CP", "Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử", CP, "decree", "2020-04-08", "2020-05-22"),
    ("02/2017/TT-VPCP", "Thông tư hướng dẫn về nghiệp vụ kiểm soát thủ tục hành chính", "Văn phòng Chính phủ", "circular", "2017-10-31", "2017-12-15"),
    ("01/2018/TT-VPCP", "Thông tư hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP", "Văn phòng Chính phủ", "circular", "2018-11-23", None),
    ("101/2017/NĐ-CP", "Nghị định về đào tạo, bồi dưỡng cán bộ, công chức, viên chức", CP, "decree", "2017-09-01", "2017-09-01"),
    ("89/2021/NĐ-CP", "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 101/2017/NĐ-CP", CP, "decree", "2021-10-18", "2021-12-10"),
    ("43/2011/NĐ-CP", "Nghị định quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang thông tin điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước", CP, "decree", "2011-06-13", None),
]

# Legal basis of each field (lĩnh vực): document codes.
FIELD_BASIS = {
    "Hộ tịch": ["60/2014/QH13", "123/2015/NĐ-CP", "04/2020/TT-BTP", "85/2019/TT-BTC"],
    "Chứng thực": ["23/2015/NĐ-CP", "226/2016/TT-BTC"], "Cư trú": ["68/2020/QH14", "62/2021/NĐ-CP"],
    "Nuôi con nuôi": ["52/2010/QH12"], "Lý lịch tư pháp": ["28/2009/QH12"], "Quốc tịch": ["24/2008/QH12"],
    "Công chứng": ["53/2014/QH13"], "Luật sư": ["65/2006/QH11"], "Tư vấn pháp luật": ["65/2006/QH11"],
    "Giám định tư pháp": ["13/2012/QH13"], "Đấu giá tài sản": ["01/2016/QH14"], "Trọng tài thương mại": ["54/2010/QH12"],
    "Hòa giải thương mại": ["22/2017/NĐ-CP"], "Quản tài viên": ["51/2014/QH13"], "Trợ giúp pháp lý": ["11/2017/QH14"],
    "Bồi thường nhà nước": ["10/2017/QH14"], "Phổ biến giáo dục pháp luật": ["14/2012/QH13"], "Hòa giải ở cơ sở": ["35/2013/QH13"],
    "Đất đai": ["45/2013/QH13", "43/2014/NĐ-CP", "01/2017/NĐ-CP", "85/2019/TT-BTC"],
    "Môi trường": ["55/2014/QH13", "72/2020/QH14"], "Tài nguyên nước": ["17/2012/QH13"], "Địa chất và khoáng sản": ["60/2010/QH12"],
    "Đo đạc và bản đồ": ["45/2013/QH13"], "Khí tượng thủy văn": ["33/2013/QH13"],
    "Hoạt động xây dựng": ["50/2014/QH13", "62/2020/QH14", "15/2021/NĐ-CP"], "Xây dựng": ["50/2014/QH13", "62/2020/QH14", "15/2021/NĐ-CP", "85/2019/TT-BTC"],
    "Quy hoạch xây dựng, kiến trúc": ["30/2009/QH12", "50/2014/QH13"], "Nhà ở": ["65/2014/QH13"], "Kinh doanh bất động sản": ["66/2014/QH13"],
    "Vật liệu xây dựng": ["68/2006/QH11"],
    "Thành lập và hoạt động doanh nghiệp": ["59/2020/QH14", "01/2021/NĐ-CP", "47/2019/TT-BTC"],
    "Đầu tư tại Việt Nam": ["61/2020/QH14", "31/2021/NĐ-CP"], "Đầu tư tại khu kinh tế": ["61/2020/QH14", "31/2021/NĐ-CP"],
    "Thành lập và hoạt động của liên hiệp hợp tác xã": ["23/2012/QH13"], "Thành lập và hoạt động của hợp tác xã": ["23/2012/QH13"],
    "Thành lập và hoạt động của hộ kinh doanh": ["59/2020/QH14", "01/2021/NĐ-CP", "85/2019/TT-BTC"],
    "Đấu thầu, lựa chọn nhà đầu tư": ["43/2013/QH13"], "Đầu tư bằng vốn ngân sách": ["39/2019/QH14"],
    "Hỗ trợ doanh nghiệp nhỏ và vừa": ["59/2020/QH14"], "Vốn hỗ trợ phát triển chính thức (ODA)": ["39/2019/QH14"],
    "Quản lý công sản": ["15/2017/QH14"], "Quản lý giá": ["12/2012/QH13"], "Tài chính ngân sách": ["83/2015/QH13"],
    "Đường bộ": ["23/2008/QH12", "10/2020/NĐ-CP"], "Giao thông vận tải": ["23/2008/QH12"], "Đường thủy nội địa": ["23/2004/QH11"],
    "Lâm nghiệp": ["16/2017/QH14"], "Thú y": ["79/2015/QH13"], "Chăn nuôi": ["32/2018/QH14"], "Trồng trọt": ["31/2018/QH14"],
    "Thủy lợi": ["08/2017/QH14"], "Quản lý chất lượng nông lâm sản và thủy sản": ["55/2010/QH12"], "Phát triển nông thôn": ["02/2010/NĐ-CP"],
    "Phòng, chống thiên tai": ["33/2013/QH13"], "Kinh tế hợp tác": ["23/2012/QH13"], "Nông nghiệp": ["02/2010/NĐ-CP", "33/2013/QH13"],
    "Lưu thông hàng hóa trong nước": ["36/2005/QH11", "105/2017/NĐ-CP", "67/2013/NĐ-CP"], "Thương mại quốc tế": ["36/2005/QH11"],
    "Hóa chất": ["36/2005/QH11"], "Vật liệu nổ công nghiệp": ["36/2005/QH11"], "Điện": ["28/2004/QH11"],
    "An toàn thực phẩm": ["55/2010/QH12", "15/2018/NĐ-CP"], "Công nghiệp địa phương": ["36/2005/QH11"], "Kinh doanh khí": ["36/2005/QH11"],
    "Quản lý cạnh tranh": ["36/2005/QH11"], "Xúc tiến thương mại": ["36/2005/QH11"], "An toàn đập, hồ chứa thủy điện": ["08/2017/QH14", "28/2004/QH11"],
    "Khám bệnh, chữa bệnh": ["40/2009/QH12"], "Dược phẩm": ["105/2016/QH13"], "Mỹ phẩm": ["105/2016/QH13"],
    "An toàn thực phẩm và dinh dưỡng": ["55/2010/QH12", "15/2018/NĐ-CP"], "Trang thiết bị y tế": ["40/2009/QH12"],
    "Y tế dự phòng": ["40/2009/QH12"], "Giám định y khoa": ["40/2009/QH12"], "Dân số - Sức khỏe sinh sản": ["40/2009/QH12"],
    "Tổ chức cán bộ": ["15/2003/QH11"], "Y tế": ["40/2009/QH12"],
    "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân": ["43/2019/QH14"], "Quy chế thi, tuyển sinh": ["43/2019/QH14"],
    "Giáo dục và Đào tạo": ["43/2019/QH14"],
    "Việc làm": ["38/2013/QH13", "45/2019/QH14"], "Lao động - Tiền lương": ["45/2019/QH14"], "Lao động": ["45/2019/QH14"],
    "Giáo dục nghề nghiệp": ["74/2014/QH13"], "Người có công": ["02/2020/UBTVQH14"],
    "Bảo trợ xã hội": ["20/2021/NĐ-CP", "51/2010/QH12"], "Phòng, chống tệ nạn xã hội": ["73/2006/QH11"],
    "An toàn, vệ sinh lao động": ["45/2019/QH14"], "Trẻ em": ["102/2016/QH13"],
    "Văn hóa": ["28/2001/QH10", "54/2019/NĐ-CP"], "Gia đình": ["73/2006/QH11"], "Thể dục thể thao": ["77/2006/QH11"],
    "Du lịch": ["09/2017/QH14"], "Thư viện": ["28/2001/QH10"],
    "Hoạt động khoa học và công nghệ": ["29/2013/QH13"], "Chuyển giao công nghệ": ["07/2017/QH14"],
    "Tiêu chuẩn đo lường chất lượng": ["04/2011/QH13", "68/2006/QH11"], "An toàn bức xạ và hạt nhân": ["18/2008/QH12"],
    "Sở hữu trí tuệ": ["50/2005/QH11"], "Báo chí": ["103/2016/QH13"], "Xuất bản, in và phát hành": ["19/2012/QH13"],
    "Phát thanh, truyền hình và thông tin điện tử": ["67/2006/QH11"], "Thông tin và truyền thông": ["67/2006/QH11"],
    "Bưu chính": ["49/2010/QH12"], "Viễn thông và Internet": ["67/2006/QH11"], "Ngoại vụ": ["05/2011/NĐ-CP"],
    "Tiếp công dân": ["42/2013/QH13"], "Giải quyết khiếu nại": ["02/2011/QH13"], "Giải quyết tố cáo": ["25/2018/QH14"],
    "Xử lý đơn thư": ["42/2013/QH13"], "Phòng, chống tham nhũng": ["36/2018/QH14"],
    "Kiểm soát thủ tục hành chính": ["63/2010/NĐ-CP", "92/2017/NĐ-CP"], "Công tác dân tộc": ["05/2011/NĐ-CP"], "Dân tộc": ["05/2011/NĐ-CP"],
    "Tổ chức - Biên chế": ["120/2020/NĐ-CP"], "Công chức, viên chức": ["22/2008/QH12", "58/2010/QH12", "52/2019/QH14", "138/2020/NĐ-CP", "115/2020/NĐ-CP"],
    "Tổ chức phi chính phủ": ["45/2010/NĐ-CP", "93/2019/NĐ-CP"], "Thi đua, khen thưởng": ["15/2003/QH11", "91/2017/NĐ-CP"],
    "Tôn giáo": ["02/2016/QH14", "162/2017/NĐ-CP"], "Văn thư - Lưu trữ": ["01/2013/QH13"], "Chính quyền địa phương": ["34/2019/NĐ-CP"],
    "Nội vụ": ["45/2010/NĐ-CP", "22/2008/QH12"], "Quy hoạch xây dựng khu kinh tế": ["50/2014/QH13"],
    "Lao động trong khu kinh tế": ["45/2019/QH14"], "Thương mại trong khu kinh tế": ["36/2005/QH11"], "Quân sự": ["78/2015/QH13"],
}
ONE_STOP_DOCS = ["61/2018/NĐ-CP", "107/2021/NĐ-CP", "45/2020/NĐ-CP"]

# --------------------------------------------------------------------------- courses
# (code, name, content, periods, days, certificate validity in years)
COURSES = [
    ("QLNN-CVCC", "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên cao cấp", "state_management", 400, 50, 0),
    ("QLNN-CVC", "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính", "state_management", 320, 40, 0),
    ("QLNN-CV", "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên", "state_management", 240, 30, 0),
    ("QLNN-CS", "Bồi dưỡng kiến thức quản lý nhà nước chương trình cán sự", "state_management", 160, 20, 0),
    ("CDNN-GV", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp giáo viên", "state_management", 200, 25, 0),
    ("CDNN-YT", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp viên chức y tế", "state_management", 200, 25, 0),
    ("CDNN-VC", "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp viên chức chuyên ngành khác", "state_management", 160, 20, 0),
    ("LLCT-SC", "Sơ cấp lý luận chính trị", "political_theory", 200, 30, 0),
    ("LLCT-TC", "Trung cấp lý luận chính trị - hành chính", "political_theory", 1060, 180, 0),
    ("LLCT-CC", "Cao cấp lý luận chính trị", "political_theory", 1600, 240, 0),
    ("QPAN-2", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 2", "defence_security", 80, 10, 0),
    ("QPAN-3", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3", "defence_security", 80, 10, 0),
    ("QPAN-4", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4", "defence_security", 48, 6, 0),
    ("LD-PHONG", "Bồi dưỡng lãnh đạo, quản lý cấp phòng và tương đương", "leadership", 160, 20, 0),
    ("LD-SO", "Bồi dưỡng lãnh đạo, quản lý cấp sở và tương đương", "leadership", 200, 25, 0),
    ("LD-HUYEN", "Bồi dưỡng lãnh đạo, quản lý cấp huyện và tương đương", "leadership", 200, 25, 0),
    ("CNKT-40", "Cập nhật kiến thức, kỹ năng, phương pháp hằng năm (40 tiết)", "knowledge_update", 40, 5, 0),
    ("BDTX-GV", "Bồi dưỡng thường xuyên giáo viên (120 tiết/năm)", "knowledge_update", 120, 15, 0),
    ("DTLT-YT", "Đào tạo liên tục cho người hành nghề khám bệnh, chữa bệnh", "knowledge_update", 48, 6, 2),
    ("CDX-LD", "Bồi dưỡng chức danh lãnh đạo HĐND, UBND cấp xã", "commune_title", 120, 15, 0),
    ("CDX-DT", "Bồi dưỡng chức danh người đứng đầu đoàn thể cấp xã", "commune_title", 80, 10, 0),
    ("CDX-CC", "Bồi dưỡng theo tiêu chuẩn chức danh công chức cấp xã", "commune_title", 120, 15, 0),
    ("VTVL-MC", "Nghiệp vụ tiếp nhận, giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "job_position", 24, 3, 0),
    ("VTVL-HT", "Nghiệp vụ hộ tịch, chứng thực", "job_position", 40, 5, 0),
    ("VTVL-TTR", "Nghiệp vụ thanh tra viên", "job_position", 240, 30, 0),
    ("VTVL-VT", "Nghiệp vụ văn thư, lưu trữ", "job_position", 40, 5, 0),
    ("VTVL-KSTT", "Nghiệp vụ kiểm soát thủ tục hành chính", "job_position", 24, 3, 0),
    ("VTVL-KT", "Nghiệp vụ kế toán hành chính sự nghiệp", "job_position", 40, 5, 0),
    ("VTVL-DC", "Nghiệp vụ địa chính - xây dựng cấp xã", "job_position", 40, 5, 0),
    ("KNS-CQĐT", "Kỹ năng số và ứng dụng công nghệ thông tin trong chính quyền điện tử", "digital_skills", 24, 3, 0),
    ("KNS-DVC", "Sử dụng Hệ thống thông tin giải quyết thủ tục hành chính và Cổng dịch vụ công", "digital_skills", 16, 2, 0),
    ("TDT-MONG", "Tiếng dân tộc Mông cho cán bộ, công chức, viên chức", "other", 300, 60, 0),
    ("TDT-THAI", "Tiếng dân tộc Thái cho cán bộ, công chức, viên chức", "other", 300, 60, 0),
]
CERTIFIED = {"state_management", "political_theory", "defence_security", "leadership", "commune_title"}

TET_2021 = [("2021-02-%02d" % d, "Nghỉ Tết Nguyên đán Tân Sửu") for d in range(10, 17)]
EXTRA_DAYS_OFF_2021 = [("2021-05-03", "Nghỉ bù ngày Quốc tế Lao động (1/5 rơi vào thứ Bảy)")]


# =========================================================================== generator
class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.agencies: list[dict] = []
        self.by_code: dict[str, dict] = {}
        self.people: list[dict] = []
        self.district_info: list[dict] = []
        self.communes: list[dict] = []       # commune PCs with metadata
        self.pid = 0

    # ------------------------------------------------------------------ agencies
    def add_agency(self, code, name, kind, level, parent=None, territory=None, population=0, travel_km=0.0):
        assert code not in self.by_code, code
        a = {"code": code, "name": name, "kind": kind, "level": level, "territory": territory,
             "parent": parent, "population": population, "travel_km": travel_km,
             "_cs": 0, "_pe": 0, "_vac": None}
        self.agencies.append(a)
        self.by_code[code] = a
        return code

    def build_territory(self):
        rng = self.rng
        scale = TOTAL_POPULATION / sum(d[2] for d in DISTRICTS)
        for di, (dname, dkind, dpop, centre_km, units) in enumerate(DISTRICTS):
            remote = 1.35 if dname in ("Mường Tè", "Sìn Hồ", "Nậm Nhùn", "Phong Thổ") else 1.0
            weights = []
            for uname, ukind in units:
                w = {"ward": rng.uniform(1.3, 1.9), "township": rng.uniform(1.5, 2.2)}.get(ukind, rng.uniform(0.55, 1.45))
                weights.append(w)
            total_w = sum(weights)
            pops = [int(round(dpop * scale * w / total_w)) for w in weights]
            units_out = []
            for (uname, ukind), pop in zip(units, pops):
                if ukind == "ward":
                    desk_km, to_centre = rng.uniform(1.2, 2.8), rng.uniform(1.0, 5.0)
                elif ukind == "township":
                    desk_km, to_centre = rng.uniform(1.5, 4.0), rng.uniform(0.5, 2.5)
                else:
                    desk_km = rng.uniform(4.0, 12.0) * remote
                    to_centre = rng.uniform(8.0, 40.0) * remote
                units_out.append({"name": uname, "kind": ukind, "pop": pop,
                                  "desk_km": desk_km, "to_centre": to_centre})
            self.district_info.append({"name": dname, "kind": dkind, "centre_km": centre_km, "units": units_out,
                                       "slug": slug(dname)})
        # exact provincial total
        diff = TOTAL_POPULATION - sum(u["pop"] for d in self.district_info for u in d["units"])
        self.district_info[3]["units"][0]["pop"] += diff

    def build_agencies(self):
        rng = self.rng
        P = PROVINCE
        self.add_agency(P, "Ủy ban nhân dân tỉnh Lai Châu", "provincial_people_committee", "province",
                        territory="province", population=TOTAL_POPULATION)
        self.dept = {}
        self.divisions = {}
        self.psus = {}
        for key, name, kind, divs, psus in DEPARTMENTS:
            code = self.add_agency(f"{P}.{key}", name, kind, "province", parent=P)
            self.dept[key] = code
            self.divisions[key] = []
            for i, dn in enumerate(divs, 1):
                self.divisions[key].append(self.add_agency(f"{code}.P{i:02d}", dn, "division", "province", parent=code))
            self.psus[key] = []
            for i, (pn, staff, size) in enumerate(psus, 1):
                c = self.add_agency(f"{code}.DV{i:02d}", pn, "public_service_unit", "province", parent=code)
                self.psus[key].append((c, staff, size))
        vp = self.dept["VPUBND"]
        self.centre = self.add_agency(f"{P}.TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "service_centre",
                                      "province", parent=vp)
        self.vpdkdd = self.psus["STNMT"][0][0]
        self.province_psus = []
        for i, (pn, staff, size) in enumerate(PROVINCE_PSUS, 1):
            c = self.add_agency(f"{P}.DV{i:02d}", pn, "public_service_unit", "province", parent=P)
            self.province_psus.append((c, staff, size))
        self.sector = {}
        for key, name in SECTORS:
            self.sector[key] = self.add_agency(f"{P}.{key}", name, "sector", "province")
        # districts
        kiem_lam = self.divisions["SNN"][4]
        for d in self.district_info:
            ds = d["slug"]
            pop = sum(u["pop"] for u in d["units"])
            dname = ("Thành phố " if d["kind"] == "city" else "Huyện ") + d["name"]
            d["pop"] = pop
            d["travel"] = sum(u["pop"] * u["to_centre"] for u in d["units"]) / pop
            d["prov_travel"] = sum(u["pop"] * (u["to_centre"] + d["centre_km"]) for u in d["units"]) / pop
            pc = self.add_agency(f"{P}.{ds}", "Ủy ban nhân dân " + dname[0].lower() + dname[1:], "district_people_committee",
                                 "district", parent=P, territory=d["kind"], population=pop, travel_km=round(d["travel"], 1))
            d["pc"] = pc
            d["divisions"] = {}
            for key, dn, city_name in DISTRICT_DIVISIONS:
                nm = city_name if (d["kind"] == "city" and city_name) else dn
                d["divisions"][key] = self.add_agency(f"{pc}.{key}", nm, "division", "district", parent=pc)
            d["desk"] = self.add_agency(f"{pc}.MC", f"Bộ phận Một cửa {dname[0].lower() + dname[1:]}", "one_stop_desk",
                                        "district", parent=pc, population=pop, travel_km=round(d["travel"], 1))
            d["psus"] = [
                (self.add_agency(f"{pc}.TTVH", f"Trung tâm Văn hóa - Thể thao - Truyền thông {d['name']}",
                                 "public_service_unit", "district", parent=pc), "general", rng.randint(10, 16)),
                (self.add_agency(f"{pc}.BQLDA", f"Ban Quản lý dự án đầu tư xây dựng {d['name']}",
                                 "public_service_unit", "district", parent=pc), "general", rng.randint(8, 14)),
                (self.add_agency(f"{pc}.GDNN", f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {d['name']}",
                                 "public_service_unit", "district", parent=pc), "school_gdtx", rng.randint(18, 28)),
            ]
            # provincial units with district branches
            d["vpdk"] = self.add_agency(f"{self.vpdkdd}.{ds}", f"Chi nhánh Văn phòng Đăng ký đất đai {d['name']}",
                                        "public_service_unit", "district", parent=self.vpdkdd)
            d["ttyt"] = self.add_agency(f"{self.dept['SYT']}.TTYT.{ds}", f"Trung tâm Y tế {dname[0].lower() + dname[1:]}",
                                        "public_service_unit", "district", parent=self.dept["SYT"])
            d["hkl"] = None if d["kind"] == "city" else self.add_agency(
                f"{kiem_lam}.{ds}", f"Hạt Kiểm lâm {d['name']}", "division", "district", parent=kiem_lam)
            d["thpt"] = []
            n_thpt = 1 if d["kind"] == "city" else (2 if pop < 40_000 else rng.randint(3, 4))
            for i in range(n_thpt):
                nm = (f"Trường THPT {d['name']}" if i == 0 else f"Trường THPT số {i + 1} {d['name']}")
                if d["kind"] == "city":
                    nm = "Trường THPT Quyết Thắng"
                d["thpt"].append(self.add_agency(f"{self.dept['SGDDT']}.THPT.{ds}{i + 1}", nm, "public_service_unit",
                                                 "district", parent=self.dept["SGDDT"]))
            if d["kind"] != "city":
                d["thpt"].append(self.add_agency(f"{self.dept['SGDDT']}.DTNT.{ds}", f"Trường PTDT Nội trú {d['name']}",
                                                 "public_service_unit", "district", parent=self.dept["SGDDT"]))
            # communes
            for u in d["units"]:
                prefix = {"ward": "P", "township": "TT", "commune": "X"}[u["kind"]]
                title = {"ward": "phường", "township": "thị trấn", "commune": "xã"}[u["kind"]]
                cc = self.add_agency(f"{pc}.{prefix}_{slug(u['name'])}", f"Ủy ban nhân dân {title} {u['name']}",
                                     "commune_people_committee", "commune", parent=pc, territory=u["kind"],
                                     population=u["pop"], travel_km=round(u["desk_km"], 1))
                u["pc"], u["title"], u["district"] = cc, title, d
                u["desk"] = self.add_agency(f"{cc}.MC", f"Bộ phận Một cửa {title} {u['name']}", "one_stop_desk", "commune",
                                            parent=cc, population=u["pop"], travel_km=round(u["desk_km"], 1))
                remote_school = u["kind"] == "commune" and u["desk_km"] > 8
                u["schools"] = []
                for skey, sname, staff in (("MN", "Trường Mầm non", "school_mn"),
                                           ("TH", "Trường PTDTBT Tiểu học" if remote_school else "Trường Tiểu học", "school_th"),
                                           ("THCS", "Trường PTDTBT THCS" if remote_school else "Trường THCS", "school_thcs")):
                    sc = self.add_agency(f"{cc}.{skey}", f"{sname} {u['name']}", "public_service_unit", "commune",
                                         parent=pc)
                    u["schools"].append((sc, staff))
                u["tyt"] = self.add_agency(f"{cc}.TYT", f"Trạm Y tế {title} {u['name']}", "public_service_unit",
                                           "commune", parent=d["ttyt"])
                self.communes.append(u)
        prov_travel = sum(d["pop"] * d["prov_travel"] for d in self.district_info) / TOTAL_POPULATION
        # Provincial units citizens travel to; the land registration office receives its own dossiers.
        for code in [P, self.centre, self.vpdkdd] + list(self.dept.values()):
            self.by_code[code]["travel_km"] = round(prov_travel, 1)
        self.by_code[self.centre]["population"] = TOTAL_POPULATION

    # ------------------------------------------------------------------ people
    def eth_weights(self, district: str | None, kinh_boost: float):
        w = dict(ETHNIC_SHARES)
        if district is not None:
            local = ETHNIC_DISTRICT[district]
            tot = sum(local.values())
            for k in w:
                w[k] = 0.25 * w[k] / 100.0 + 0.75 * local.get(k, 0) / tot
        else:
            w = {k: v / 100.0 for k, v in w.items()}
        w["Kinh"] *= kinh_boost
        return list(w.keys()), list(w.values())

    def person(self, agency, category, *, rank_group="none", rank=None, position=None, leadership="none",
               female=0.45, district=None, kinh=1.0, age=(24, 58), role="staff"):
        rng = self.rng
        self.pid += 1
        gender = "female" if rng.random() < female else "male"
        lo, hi = age
        a = int(round(rng.triangular(lo, hi, (lo + hi) / 2 - 2)))
        birth = 2021 - a
        names, weights = self.eth_weights(district, kinh)
        eth = rng.choices(names, weights=weights, k=1)[0]
        enter_age = rng.randint(21, 27) if role != "elected" else rng.randint(21, 35)
        ey = min(2021, max(birth + enter_age, 1980))
        entered = date(ey, rng.randint(1, 12), rng.randint(1, 28))
        if entered > AS_OF:
            entered = date(2021, rng.randint(1, 11), rng.randint(1, 28))
        left = None
        retire_age = 60 if gender == "male" else 55
        if a >= retire_age and rng.random() < 0.5:
            left = date(2021, rng.randint(1, 12), rng.randint(1, 28))
        p = {"id": f"P{self.pid:05d}", "agency": agency, "category": category, "rank_group": rank_group,
             "rank": rank, "position": position, "leadership": leadership, "birth_year": birth, "gender": gender,
             "ethnicity": eth, "entered": entered, "left": left, "_role": role, "_age": a, "_district": district}
        self.people.append(p)
        a_rec = self.by_code[agency]
        a_rec["_cs" if category != "vien_chuc" else "_pe"] += 1
        return p

    def civil_servant_rank(self, kind="general", leader=False):
        rng = self.rng
        if leader:
            g = weighted(rng, ["senior_specialist", "principal_specialist", "specialist"], [0.12, 0.6, 0.28])
        else:
            g = weighted(rng, ["principal_specialist", "specialist", "officer"], [0.12, 0.78, 0.10])
        names = {
            "general": {"senior_specialist": "Chuyên viên cao cấp", "principal_specialist": "Chuyên viên chính",
                        "specialist": "Chuyên viên", "officer": "Cán sự"},
            "inspect": {"senior_specialist": "Thanh tra viên cao cấp", "principal_specialist": "Thanh tra viên chính",
                        "specialist": "Thanh tra viên", "officer": "Cán sự"},
            "forest": {"senior_specialist": "Kiểm lâm viên chính", "principal_specialist": "Kiểm lâm viên chính",
                       "specialist": "Kiểm lâm viên", "officer": "Kiểm lâm viên trung cấp"},
        }[kind]
        return g, names[g]

    def staff_division(self, code, n, *, district=None, kinh=2.0, level="province"):
        """A division (phòng) of civil servants: head, deputies, specialists."""
        rng = self.rng
        name = self.by_code[code]["name"]
        kind = "inspect" if name.startswith("Thanh tra") else ("forest" if "Kiểm lâm" in name else "general")
        head_title = ("Chánh Thanh tra" if kind == "inspect" else
                      "Chánh Văn phòng" if name.startswith("Văn phòng") else
                      "Hạt trưởng" if name.startswith("Hạt") else
                      "Chi cục trưởng" if name.startswith("Chi cục") else
                      "Trưởng ban" if name.startswith("Ban") else "Trưởng phòng")
        deputy_title = "Phó " + head_title[0].lower() + head_title[1:] if not head_title.startswith("Chánh") else "Phó " + head_title
        g, r = self.civil_servant_rank(kind, leader=True)
        self.person(code, "cong_chuc", rank_group=g, rank=r, position=head_title, leadership="division_head",
                    district=district, kinh=kinh, age=(38, 59), female=0.3)
        for _ in range(1 if n < 7 else 2):
            g, r = self.civil_servant_rank(kind, leader=True)
            self.person(code, "cong_chuc", rank_group=g, rank=r, position=deputy_title, leadership="division_deputy",
                        district=district, kinh=kinh, age=(33, 58), female=0.35)
        while self.by_code[code]["_cs"] < n:
            g, r = self.civil_servant_rank(kind)
            pos = {"inspect": "Thanh tra viên", "forest": "Kiểm lâm viên địa bàn"}.get(kind, "Chuyên viên")
            if kind == "general" and rng.random() < 0.12:
                g, r, pos = "specialist", "Kế toán viên", "Kế toán"
            self.person(code, "cong_chuc", rank_group=g, rank=r, position=pos, district=district, kinh=kinh,
                        female=0.45)

    def staff_psu(self, code, staff, n, *, district=None):
        rng = self.rng
        kinh = 2.5 if district is None else 1.6
        if staff.startswith("school") or staff == "college":
            head, deputy = ("Hiệu trưởng", "Phó Hiệu trưởng") if staff != "school_gdtx" else ("Giám đốc", "Phó Giám đốc")
            grade = {"school_mn": "mầm non", "school_th": "tiểu học", "school_thcs": "trung học cơ sở",
                     "school_thpt": "trung học phổ thông", "school_gdtx": "trung học phổ thông",
                     "college": "giáo dục nghề nghiệp"}[staff]
            female = {"school_mn": 0.97, "school_th": 0.72, "school_thcs": 0.62}.get(staff, 0.55)
            ranks = [("Hạng I", "senior_specialist", 0.02), ("Hạng II", "principal_specialist", 0.38),
                     ("Hạng III", "specialist", 0.60)]
            if staff == "college":
                ranks = [("chính (hạng II)", "principal_specialist", 0.4), ("(hạng III)", "specialist", 0.6)]
            title = f"Giáo viên {grade}" if staff != "college" else "Giảng viên giáo dục nghề nghiệp"

            def teacher_rank():
                suff, g, _ = rng.choices(ranks, weights=[x[2] for x in ranks], k=1)[0]
                return g, f"{title} {suff}"
            g, r = teacher_rank()
            self.person(code, "vien_chuc", rank_group=g, rank=r, position=head, leadership="division_head",
                        district=district, kinh=kinh, female=female * 0.8, age=(36, 58), role="teacher")
            for _ in range(1 if n < 25 else 2):
                g, r = teacher_rank()
                self.person(code, "vien_chuc", rank_group=g, rank=r, position=deputy, leadership="division_deputy",
                            district=district, kinh=kinh, female=female, age=(32, 57), role="teacher")
            support = max(2, int(n * 0.12))
            while self.by_code[code]["_pe"] < n - support:
                g, r = teacher_rank()
                self.person(code, "vien_chuc", rank_group=g, rank=r, position="Giáo viên" if staff != "college" else "Giảng viên",
                            district=district, kinh=kinh, female=female, age=(22, 58), role="teacher")
            for pos, rk in rng.sample([("Kế toán", "Kế toán viên"), ("Nhân viên thư viện - thiết bị", "Thư viện viên hạng IV"),
                                       ("Nhân viên y tế trường học", "Y sĩ hạng IV"), ("Nhân viên văn thư", "Văn thư viên trung cấp"),
                                       ("Nhân viên hỗ trợ giáo dục người khuyết tật", "Nhân viên")], k=min(5, support)) + \
                    [("Nhân viên văn thư", "Văn thư viên trung cấp")] * max(0, support - 5):
                g = "specialist" if rk in ("Kế toán viên",) else "officer"
                self.person(code, "vien_chuc", rank_group=g, rank=rk, position=pos, district=district, kinh=kinh,
                            female=0.7, role="vc_support")
            return
        if staff == "health":
            self.person(code, "vien_chuc", rank_group="principal_specialist", rank="Bác sĩ chính (hạng II)", position="Giám đốc",
                        leadership="division_head", district=district, kinh=kinh, female=0.3, age=(40, 59), role="health")
            for _ in range(1 if n < 40 else 2):
                self.person(code, "vien_chuc", rank_group="principal_specialist", rank="Bác sĩ chính (hạng II)",
                            position="Phó Giám đốc", leadership="division_deputy", district=district, kinh=kinh,
                            female=0.4, age=(36, 58), role="health")
            small = n < 15
            mix = ([("Y sĩ hạng IV", "officer", "Y sĩ", 0.33), ("Điều dưỡng hạng IV", "officer", "Điều dưỡng", 0.2),
                    ("Hộ sinh hạng IV", "officer", "Hộ sinh", 0.22), ("Bác sĩ (hạng III)", "specialist", "Bác sĩ", 0.15),
                    ("Dược hạng IV", "officer", "Dược sĩ", 0.1)] if small else
                   [("Bác sĩ (hạng III)", "specialist", "Bác sĩ", 0.2), ("Bác sĩ chính (hạng II)", "principal_specialist", "Bác sĩ", 0.06),
                    ("Điều dưỡng hạng IV", "officer", "Điều dưỡng", 0.22), ("Điều dưỡng hạng III", "specialist", "Điều dưỡng", 0.12),
                    ("Hộ sinh hạng IV", "officer", "Hộ sinh", 0.06), ("Kỹ thuật y hạng IV", "officer", "Kỹ thuật viên", 0.08),
                    ("Dược sĩ (hạng III)", "specialist", "Dược sĩ", 0.04), ("Dược hạng IV", "officer", "Dược sĩ", 0.03),
                    ("Y sĩ hạng IV", "officer", "Y sĩ", 0.06), ("Y tế công cộng (hạng III)", "specialist", "Cán bộ y tế dự phòng", 0.03),
                    ("Kế toán viên", "specialist", "Kế toán", 0.04), ("Chuyên viên", "specialist", "Hành chính - tổng hợp", 0.06)])
            while self.by_code[code]["_pe"] < n:
                rk, g, pos, _ = rng.choices(mix, weights=[m[3] for m in mix], k=1)[0]
                self.person(code, "vien_chuc", rank_group=g, rank=rk, position=pos, district=district, kinh=kinh,
                            female=0.62, role="health")
            return
        # general public service unit
        self.person(code, "vien_chuc", rank_group="principal_specialist", rank="Chuyên viên chính", position="Giám đốc",
                    leadership="division_head", district=district, kinh=kinh, female=0.3, age=(38, 59))
        self.person(code, "vien_chuc", rank_group="specialist", rank="Chuyên viên", position="Phó Giám đốc",
                    leadership="division_deputy", district=district, kinh=kinh, female=0.35, age=(33, 58))
        mix = [("Chuyên viên", "specialist", 0.4), ("Kỹ sư (hạng III)", "specialist", 0.25), ("Kế toán viên", "specialist", 0.1),
               ("Kỹ thuật viên (hạng IV)", "officer", 0.15), ("Nhân viên", "officer", 0.1)]
        while self.by_code[code]["_pe"] < n:
            rk, g, _ = rng.choices(mix, weights=[m[2] for m in mix], k=1)[0]
            self.person(code, "vien_chuc", rank_group=g, rank=rk, position="Viên chức chuyên môn", district=district,
                        kinh=kinh, female=0.45)

    def staff_commune(self, u):
        rng = self.rng
        d = u["district"]["name"]
        if u["kind"] in ("ward", "township") or u["pop"] >= 6000:
            quota = 23
        elif u["pop"] >= 3500:
            quota = 21
        else:
            quota = 19
        u["quota"] = quota
        n = quota - rng.choice([0, 0, 1, 1, 2, 3])
        cc, desk = u["pc"], u["desk"]
        cadres = [("Bí thư Đảng ủy", 0.1), ("Phó Bí thư Đảng ủy", 0.2), ("Chủ tịch Hội đồng nhân dân", 0.15),
                  ("Phó Chủ tịch Hội đồng nhân dân", 0.25), ("Chủ tịch Ủy ban nhân dân", 0.1),
                  ("Phó Chủ tịch Ủy ban nhân dân", 0.2), ("Chủ tịch Ủy ban Mặt trận Tổ quốc", 0.25),
                  ("Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh", 0.4), ("Chủ tịch Hội Liên hiệp Phụ nữ", 1.0),
                  ("Chủ tịch Hội Nông dân", 0.15), ("Chủ tịch Hội Cựu chiến binh", 0.05)]
        if quota >= 23:
            cadres.insert(6, ("Phó Chủ tịch Ủy ban nhân dân", 0.2))
        if u["kind"] == "ward":
            cadres = [c for c in cadres if c[0] != "Chủ tịch Hội Nông dân"]
        land = ("Địa chính - xây dựng - đô thị và môi trường" if u["kind"] == "ward"
                else "Địa chính - nông nghiệp - xây dựng và môi trường")
        servants = ["Chỉ huy trưởng Ban Chỉ huy Quân sự", "Văn phòng - thống kê", "Văn phòng - thống kê", land, land,
                    "Tài chính - kế toán", "Tư pháp - hộ tịch", "Tư pháp - hộ tịch", "Văn hóa - xã hội", "Văn hóa - xã hội",
                    "Tài chính - kế toán", "Văn hóa - xã hội"]
        n_cadres = min(len(cadres), max(9, n - len(servants)))
        for title, fem in cadres[:n_cadres]:
            self.person(cc, "can_bo", position=title, district=d, kinh=0.6, female=fem, age=(26, 58), role="elected")
        k = 0
        while self.by_code[cc]["_cs"] + self.by_code[desk]["_cs"] < n:
            title = servants[k % len(servants)]
            k += 1
            g, r = weighted(rng, [("specialist", "Chuyên viên"), ("officer", "Cán sự")], [0.7, 0.3])
            where = desk if title in ("Tư pháp - hộ tịch", "Văn phòng - thống kê") and self.by_code[desk]["_cs"] < 2 else cc
            self.person(where, "cong_chuc", rank_group=g, rank=r, position=f"Công chức {title}", district=d, kinh=0.8,
                        female=0.4, role="commune_cc" if where == cc else "desk")

    def build_people(self):
        rng = self.rng
        P = PROVINCE
        self.person(P, "can_bo", position="Chủ tịch Ủy ban nhân dân tỉnh", leadership="department_head", kinh=2.0,
                    female=0.1, age=(48, 59), role="elected")
        for _ in range(3):
            self.person(P, "can_bo", position="Phó Chủ tịch Ủy ban nhân dân tỉnh", leadership="department_deputy",
                        kinh=2.0, female=0.25, age=(44, 59), role="elected")
        for key, name, kind, divs, psus in DEPARTMENTS:
            dc = self.dept[key]
            head = ("Chánh Thanh tra tỉnh" if key == "TTT" else "Chánh Văn phòng" if key == "VPUBND" else
                    "Trưởng ban" if kind == "board" or key == "BDT" else "Giám đốc Sở")
            deputy = "Phó " + head if head.startswith("Chánh") else "Phó " + head[0].lower() + head[1:]
            g, r = ("senior_specialist", "Chuyên viên cao cấp") if rng.random() < 0.5 else ("principal_specialist", "Chuyên viên chính")
            self.person(dc, "cong_chuc", rank_group=g, rank=r, position=head, leadership="department_head",
                        kinh=2.5, female=0.2, age=(42, 59))
            for _ in range(rng.randint(2, 3)):
                g, r = self.civil_servant_rank(leader=True)
                self.person(dc, "cong_chuc", rank_group=g, rank=r, position=deputy, leadership="department_deputy",
                            kinh=2.5, female=0.3, age=(38, 58))
            for code in self.divisions[key]:
                nm = self.by_code[code]["name"]
                if "Kiểm lâm" in nm:
                    n = rng.randint(18, 24)
                elif nm.startswith("Chi cục"):
                    n = rng.randint(12, 20)
                elif nm.startswith("Văn phòng"):
                    n = rng.randint(7, 11)
                else:
                    n = rng.randint(4, 8)
                self.staff_division(code, n)
            for code, staff, size in self.psus[key]:
                self.staff_psu(code, "school_thpt" if staff == "school_thpt" else staff,
                               int(round(size * rng.uniform(0.9, 1.05))))
        # service centre
        self.person(self.centre, "cong_chuc", rank_group="principal_specialist", rank="Chuyên viên chính", position="Giám đốc Trung tâm",
                    leadership="division_head", kinh=2.5, female=0.3, age=(40, 58))
        self.person(self.centre, "cong_chuc", rank_group="specialist", rank="Chuyên viên", position="Phó Giám đốc Trung tâm",
                    leadership="division_deputy", kinh=2.5, female=0.4, age=(35, 56))
        for _ in range(rng.randint(20, 24)):
            self.person(self.centre, "cong_chuc", rank_group="specialist", rank="Chuyên viên",
                        position="Công chức tiếp nhận và trả kết quả", kinh=2.0, female=0.6, role="desk")
        for code, staff, size in self.province_psus:
            self.staff_psu(code, staff, int(round(size * rng.uniform(0.9, 1.05))))
        for d in self.district_info:
            dn, pc, pop = d["name"], d["pc"], d["pop"]
            self.person(pc, "can_bo", position="Chủ tịch Ủy ban nhân dân", leadership="department_head", district=dn,
                        kinh=1.5, female=0.15, age=(40, 58), role="elected")
            for _ in range(2):
                self.person(pc, "can_bo", position="Phó Chủ tịch Ủy ban nhân dân", leadership="department_deputy",
                            district=dn, kinh=1.5, female=0.25, age=(36, 58), role="elected")
            for key, code in d["divisions"].items():
                n = {"VP": rng.randint(10, 14), "PGDDT": rng.randint(8, 12), "TTRA": rng.randint(4, 6),
                     "PTNMT": rng.randint(6, 8), "PTCKH": rng.randint(6, 8)}.get(key, rng.randint(4, 7))
                self.staff_division(code, n, district=dn, kinh=1.5)
            for _ in range(rng.randint(4, 6)):
                self.person(d["desk"], "cong_chuc", rank_group="specialist", rank="Chuyên viên",
                            position="Công chức tiếp nhận và trả kết quả", district=dn, kinh=1.3, female=0.6, role="desk")
            for code, staff, size in d["psus"]:
                self.staff_psu(code, staff, size, district=dn)
            self.staff_psu(d["vpdk"], "general", rng.randint(8, 14) + pop // 10_000, district=dn)
            self.staff_psu(d["ttyt"], "health", 35 + int(pop * 2.6 / 1000), district=dn)
            if d["hkl"]:
                self.staff_division(d["hkl"], rng.randint(16, 26), district=dn, kinh=1.2)
            main = d["thpt"][:-1] if d["kind"] != "city" else d["thpt"]
            for code in main:
                self.staff_psu(code, "school_thpt", 10 + int(pop * 0.0021 / len(main)), district=dn)
            if d["kind"] != "city":
                self.staff_psu(d["thpt"][-1], "school_thpt", rng.randint(30, 38), district=dn)
        for u in self.communes:
            d = u["district"]["name"]
            self.staff_commune(u)
            k = u["pop"] / 1000.0
            for code, staff in u["schools"]:
                per = {"school_mn": 4.1, "school_th": 5.35, "school_thcs": 3.8}[staff]
                self.staff_psu(code, staff, int(round(3 + k * per * rng.uniform(0.9, 1.1))), district=d)
            self.staff_psu(u["tyt"], "health", 4 + int(u["pop"] / 1800), district=d)

    # ------------------------------------------------------------------ training
    def rand_date(self, year, lo=(1, 5), hi=(11, 28)):
        rng = self.rng
        start, end = date(year, *lo), date(year, *hi)
        d = start + timedelta(days=rng.randint(0, (end - start).days))
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return d

    def build_training(self):
        rng = self.rng
        course = {c[0]: c for c in COURSES}
        for p in self.people:
            recs = []
            entered = p["entered"]
            first = max(2017, entered.year)
            last = 2021 if p["left"] is None else p["left"].year
            role, lead, cat, g = p["_role"], p["leadership"], p["category"], p["rank_group"]

            def add(code, year, lo=(1, 5), hi=(11, 28), p_fail=0.02):
                if year < first or year > last:
                    return
                c = course[code]
                start = self.rand_date(year, lo, hi)
                if start < entered or (p["left"] is not None and start >= p["left"]):
                    return
                end = start + timedelta(days=max(1, int(round(c[4] * (1.4 if c[4] > 20 else 1.0)))) - 1)
                r = {"course": code, "start": start, "end": end, "periods": None, "result": "passed", "certificate": False}
                if end > AS_OF:
                    r["result"] = "attending"
                elif rng.random() < p_fail:
                    r["result"] = "failed"
                elif c[2] in CERTIFIED or c[2] == "digital_skills":
                    r["certificate"] = True
                if c[2] == "knowledge_update" and rng.random() < 0.08:
                    r["periods"] = float(rng.choice([16, 24, 32]))   # partial attendance
                recs.append(r)

            def once(code, prob, years=range(2017, 2022), **kw):
                if rng.random() < prob:
                    add(code, rng.choice(list(years)), **kw)

            # annual knowledge updating (until Decree 89/2021 took effect on 10 Dec 2021)
            for y in range(2017, 2022):
                if role == "teacher":
                    if rng.random() < 0.8:
                        add("BDTX-GV", y, lo=(6, 1), hi=(8, 20) if y < 2021 else (9, 30))
                elif role == "health":
                    if rng.random() < 0.42:
                        add("DTLT-YT", y)
                elif cat != "vien_chuc" or rng.random() < 0.6:
                    if rng.random() < (0.55 if cat != "can_bo" else 0.45):
                        add("CNKT-40", y, hi=(11, 28) if y < 2021 else (11, 26))
            # rank-standard programmes
            if cat == "cong_chuc":
                code = {"senior_specialist": "QLNN-CVCC", "principal_specialist": "QLNN-CVC",
                        "specialist": "QLNN-CV", "officer": "QLNN-CS"}.get(g)
                if code:
                    once(code, 0.3 if role != "commune_cc" else 0.25)
            elif cat == "vien_chuc":
                code = "CDNN-GV" if role == "teacher" else "CDNN-YT" if role == "health" else "CDNN-VC"
                once(code, 0.22)
            # leadership, political theory, defence and security
            if lead in ("division_head", "division_deputy"):
                once("LD-PHONG", 0.45)
                once("LLCT-TC", 0.18, years=range(2017, 2021))
                once("QPAN-3", 0.3)
            elif lead in ("department_head", "department_deputy"):
                once("LD-HUYEN" if p["_district"] and p["category"] == "can_bo" else "LD-SO", 0.45)
                once("LLCT-CC", 0.12, years=range(2017, 2020))
                once("QPAN-2", 0.4)
            else:
                once("QPAN-4", 0.07)
                if cat == "cong_chuc":
                    once("LLCT-SC", 0.05)
            # commune titles
            if role == "elected" and self.by_code[p["agency"]]["level"] == "commune":
                once("CDX-LD" if "Ủy ban nhân dân" in (p["position"] or "") or "Hội đồng" in (p["position"] or "")
                     or "Đảng ủy" in (p["position"] or "") else "CDX-DT", 0.5, years=range(2017, 2022))
                once("LLCT-TC", 0.15, years=range(2017, 2021))
            if role in ("commune_cc",) or (role == "desk" and self.by_code[p["agency"]]["level"] == "commune"):
                once("CDX-CC", 0.45)
            # job-position courses
            pos = p["position"] or ""
            if role == "desk":
                once("VTVL-MC", 0.6, years=range(2018, 2022))
                once("KNS-DVC", 0.5, years=range(2020, 2022))
            if "Tư pháp - hộ tịch" in pos:
                once("VTVL-HT", 0.55)
            if "Địa chính" in pos:
                once("VTVL-DC", 0.4)
            if "Thanh tra" in (p["rank"] or ""):
                once("VTVL-TTR", 0.35)
            if "Văn phòng" in pos or "văn thư" in pos.lower():
                once("VTVL-VT", 0.2)
            if "Kế toán" in pos:
                once("VTVL-KT", 0.35)
            if cat == "cong_chuc" and lead == "none" and role not in ("commune_cc", "desk"):
                once("VTVL-KSTT", 0.05)
            # digital skills (2020–2021 push for e-government)
            if cat != "vien_chuc":
                once("KNS-CQĐT", 0.22, years=range(2020, 2022))
            else:
                once("KNS-CQĐT", 0.04, years=range(2020, 2022))
            # ethnic-minority languages for Kinh staff working close to the people
            if p["ethnicity"] == "Kinh" and p["_district"] is not None and cat != "vien_chuc":
                once("TDT-MONG" if rng.random() < 0.6 else "TDT-THAI", 0.1)
            recs.sort(key=lambda r: (r["start"], r["course"]))
            p["training"] = recs

    # ------------------------------------------------------------------ procedures
    def expand(self, target, pools):
        """Names for one catalogue: (name, field) pairs, exactly ``target`` of them."""
        rng = self.rng
        levels: list[list[tuple[str, str]]] = [[], [], [], []]
        for field, names, objects in pools:
            for n in names:
                levels[0].append((n, field))
            for o in objects:
                term = o.endswith(V)
                o = o.rstrip(V)
                levels[0] += [(f"Cấp {o}", field), (f"Cấp lại {o}", field)]
                if term:
                    levels[0] += [(f"Điều chỉnh {o}", field), (f"Gia hạn {o}", field)]
                    levels[1].append((f"Cấp đổi {o}", field))
                else:
                    levels[1].append((f"Điều chỉnh {o}", field))
                levels[2].append((f"Thu hồi {o}", field))
            for n in names:
                low = n.lower()
                if not any(w in low for w in ("đối với", "tổ chức", "cá nhân", "học sinh", "công dân", "cấp tỉnh",
                                             "cấp huyện", "cấp xã", "hộ gia đình", "doanh nghiệp")):
                    levels[3].append((f"{n} đối với tổ chức", field))
                    levels[3].append((f"{n} đối với cá nhân", field))
        out: list[tuple[str, str]] = []
        seen = set()
        for lv in levels:
            lv = [x for x in lv if x[0] not in seen]
            if len(out) + len(lv) <= target:
                chosen = lv
            else:
                keep = set(rng.sample(range(len(lv)), target - len(out)))
                chosen = [x for i, x in enumerate(lv) if i in keep]
            for x in chosen:
                seen.add(x[0])
            out += chosen
            if len(out) == target:
                break
        if len(out) != target:
            raise ValueError(f"catalogue too small: {len(out)} < {target}")
        return out

    def new_code(self):
        while True:
            c = f"{self.rng.choice((1, 1, 1, 2))}.{self.rng.randint(1, 13000):06d}"
            if c not in self.proc_codes:
                self.proc_codes.add(c)
                return c

    def online_level(self, name, field, level, ptype):
        rng = self.rng
        if ptype == "internal":
            return "none"
        low = name.lower()
        if field == "Thành lập và hoạt động doanh nghiệp":
            w = (0.9, 0.1, 0.0)
        elif field == "Hộ tịch":
            w = (0.45, 0.3, 0.25)
        elif field == "Cư trú":
            w = (0.6, 0.3, 0.1)
        elif field == "Chứng thực" or "khám giám định" in low or "sát hạch" in low:
            w = (0.0, 0.15, 0.85)
        elif field in ("Đất đai", "Hoạt động xây dựng", "Xây dựng", "Địa chất và khoáng sản"):
            w = (0.1, 0.55, 0.35)
        elif field in ("Tiếp công dân", "Giải quyết khiếu nại", "Giải quyết tố cáo", "Xử lý đơn thư", "Hòa giải ở cơ sở", "Quân sự"):
            w = (0.0, 0.2, 0.8)
        elif level == "province":
            w = (0.35, 0.3, 0.35)
        elif level == "district":
            w = (0.25, 0.35, 0.4)
        else:
            w = (0.15, 0.3, 0.55)
        return weighted(rng, ["full", "partial", "none"], list(w))

    def total_time(self, name, field, level):
        """Statutory processing time: (value, unit)."""
        rng = self.rng
        low = name.lower()
        same_day = {"Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử", "Đăng ký khai sinh lưu động",
                    "Cấp bản sao Trích lục hộ tịch", "Đăng ký nhận cha, mẹ, con", "Đăng ký giám hộ", "Đăng ký chấm dứt giám hộ"}
        if name in same_day or (field == "Chứng thực" and "bản sao" in low and "hợp đồng" not in low) or "chữ ký" in low:
            return rng.choice([4, 8]), "working_hour"
        if name.startswith("Liên thông"):
            return (5 if "khai sinh" in low else 7), "working_day"
        if field == "Thành lập và hoạt động doanh nghiệp" or field == "Thành lập và hoạt động của hộ kinh doanh":
            return 3, "working_day"
        if field == "Chứng thực":
            return rng.choice([1, 2, 3]), "working_day"
        if "giấy chứng nhận quyền sử dụng đất" in low and name.startswith("Cấp "):
            return 40, "working_day"   # 30 days + 10 for mountainous communes (Decree 01/2017)
        if "giấy phép xây dựng" in low and name.startswith("Cấp "):
            return (15 if "nhà ở riêng lẻ" in low else 20), "working_day"
        if "lý lịch tư pháp" in low:
            return 10, "working_day"
        if "giấy phép lái xe" in low or "phù hiệu" in low:
            return 5, "working_day"
        if "khiếu nại" in low or "tố cáo" in low:
            return (30 if "lần đầu" in low or "tố cáo" in low else 45), "working_day"
        if level == "commune":
            return weighted(rng, [1, 2, 3, 5, 7, 10, 15, 20], [6, 8, 10, 14, 8, 6, 3, 2]), "working_day"
        if level == "district":
            return weighted(rng, [3, 5, 7, 10, 15, 20, 30], [4, 8, 6, 10, 8, 6, 4]), "working_day"
        return weighted(rng, [3, 5, 7, 10, 15, 20, 30, 45], [4, 8, 6, 12, 10, 8, 6, 2]), "working_day"

    def appraiser(self, field, dept_key):
        """A second agency that appraises or gives opinions (inter-agency step)."""
        cands = {
            "Đất đai": ["SXD", "STC", "SNN", "SKHDT"], "Hoạt động xây dựng": ["STNMT", "SCT", "SGTVT"],
            "Đầu tư tại Việt Nam": ["SXD", "STNMT", "STC"], "Môi trường": ["SXD", "SNN", "SCT"],
            "Địa chất và khoáng sản": ["SXD", "SCT", "STC"], "Lâm nghiệp": ["STNMT", "STC"],
            "Điện": ["SXD", "STNMT"], "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân": ["SNV", "STC"],
            "Tổ chức - Biên chế": ["STC", "STP"], "Đầu tư tại khu kinh tế": ["SKHDT", "STNMT"],
            "Công nghiệp địa phương": ["SKHDT", "STNMT", "SXD"], "Du lịch": ["SCT", "SNN"],
        }.get(field)
        if not cands:
            cands = [k for k in ("STC", "STP", "SKHDT", "SNV", "STNMT", "SXD") if k != dept_key]
        return self.dept[self.rng.choice(cands)]

    def steps(self, name, field, level, dept_key, T, unit, online):
        rng = self.rng
        low = name.lower()
        transfer = "electronic" if online != "none" else "paper"
        prov = level == "province"
        desk = self.centre if prov else "@implementing"
        raw = []   # (name, role, responsible, weight, transfer)
        raw.append(("Tiếp nhận, kiểm tra hồ sơ, lập Giấy tiếp nhận và hẹn trả kết quả", "reception", desk, 0.1, None))
        if prov:
            raw.append(("Chuyển hồ sơ đến cơ quan giải quyết", "transfer", self.centre, 0.05, transfer))
        if name.startswith("Liên thông"):
            raw.append(("Giải quyết việc hộ tịch", "processing", "@implementing", 0.2, None))
            raw.append(("Chuyển thông tin đăng ký cư trú", "transfer", "@implementing", 0.05, "electronic"))
            raw.append(("Giải quyết đăng ký hoặc xóa đăng ký thường trú", "processing", self.sector["CA"], 0.25, None))
            raw.append(("Chuyển thông tin bảo hiểm xã hội, bảo hiểm y tế", "transfer", "@implementing", 0.05, "electronic"))
            raw.append(("Giải quyết chế độ bảo hiểm", "processing", self.sector["BHXH"], 0.2, None))
        else:
            raw.append(("Thẩm định, xử lý hồ sơ", "processing", "@implementing", 0.45, None))
            if prov and rng.random() < 0.22:
                raw.append(("Lấy ý kiến, thẩm định của cơ quan liên quan", "appraisal", self.appraiser(field, dept_key), 0.2,
                            None))
            up = False
            if level == "commune" and field in ("Bảo trợ xã hội", "Người có công", "Lâm nghiệp") and not low.startswith(("xác nhận", "thăm")):
                up = rng.random() < 0.7
            if level == "district" and (low.startswith(("giao đất", "thu hồi đất", "giao rừng", "thu hồi rừng")) or rng.random() < 0.05):
                up = True
            if prov and (low.startswith(("giao đất", "cho thuê đất", "chuyển mục đích", "chấp thuận chủ trương", "thành lập ",
                                         "xếp hạng", "công nhận xã", "công nhận khu", "giao rừng", "cho thuê rừng",
                                         "tặng bằng khen", "tặng cờ", "giải thể ", "thu hồi đất", "chuyển loại rừng"))):
                up = True
            if up:
                raw.append(("Trình cơ quan cấp trên quyết định", "transfer", "@implementing", 0.05, transfer))
                raw.append(("Xem xét, quyết định", "approval", "@parent", 0.2, None))
            else:
                raw.append(("Ký, phê duyệt kết quả", "approval", "@implementing", 0.15, None))
        if prov:
            raw.append(("Chuyển kết quả về Trung tâm Phục vụ hành chính công", "transfer", "@implementing", 0.05, transfer))
        raw.append(("Trả kết quả cho tổ chức, cá nhân", "result_return", desk, 0.08, None))
        fixed_roles = ("reception", "transfer", "result_return")
        if unit == "working_day":
            f = max(0.25, min(0.5, round(T * 0.08 * 4) / 4))
        else:
            f = 0.5
        n_fixed = sum(1 for r in raw if r[1] in fixed_roles)
        if n_fixed * f > 0.6 * T:
            f = 0.6 * T / n_fixed
        rest = T - n_fixed * f
        var = [i for i, r in enumerate(raw) if r[1] not in fixed_roles]
        wsum = sum(raw[i][3] for i in var)
        q = 4 if unit == "working_day" else 2
        out = []
        acc = 0.0
        for i, (nm, role, resp, w, tr) in enumerate(raw):
            if role in fixed_roles:
                dur = f
            elif i == var[-1]:
                dur = rest - acc
            else:
                dur = min(rest - acc, max(1.0 / q, round(rest * w / wsum * q) / q))
                acc += dur
            out.append({"name": nm, "role": role, "responsible": resp, "duration": num(max(dur, 0.0)), "unit": unit,
                        "transfer": tr})
        return out

    def fees(self, name, field, level):
        rng = self.rng
        low = name.lower()
        F = []
        if field == "Chứng thực":
            if "bản sao" in low and "hợp đồng" not in low:
                F.append(("Phí chứng thực bản sao từ bản chính (2.000 đồng/trang, bản 3 trang)", "charge", 5000))
            elif "chữ ký" in low:
                F.append(("Phí chứng thực chữ ký", "charge", 10000))
            elif "sửa lỗi" in low:
                F.append(("Phí sửa lỗi sai sót trong hợp đồng, giao dịch", "charge", 25000))
            elif "sửa đổi" in low:
                F.append(("Phí chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "charge", 30000))
            elif "cấp bản sao" in low:
                F.append(("Phí cấp bản sao có chứng thực (2.000 đồng/trang)", "charge", 6000))
            else:
                F.append(("Phí chứng thực hợp đồng, giao dịch", "charge", 50000))
        elif field == "Hộ tịch":
            if "trích lục" in low:
                F.append(("Phí cấp bản sao trích lục hộ tịch", "charge", 8000))
            elif "yếu tố nước ngoài" in low or level == "district":
                amt = 1_000_000 if "kết hôn" in low else 50_000 if "khai sinh" in low else 28_000
                F.append(("Lệ phí hộ tịch", "fee", amt))
            elif name not in ("Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử", "Đăng ký khai sinh lưu động",
                              "Đăng ký kết hôn lưu động", "Đăng ký khai tử lưu động") and not name.startswith("Liên thông"):
                F.append(("Lệ phí hộ tịch", "fee", rng.choice([5000, 8000, 15000])))
        elif field == "Thành lập và hoạt động doanh nghiệp":
            F.append(("Lệ phí đăng ký doanh nghiệp", "fee", 50_000))
            if not low.startswith(("thông báo", "hiệu đính", "cập nhật")):
                F.append(("Phí công bố nội dung đăng ký doanh nghiệp", "charge", 100_000))
        elif field == "Thành lập và hoạt động của hộ kinh doanh":
            if not low.startswith(("tạm ngừng", "chấm dứt")):
                F.append(("Lệ phí đăng ký hộ kinh doanh", "fee", 50_000))
        elif "lý lịch tư pháp" in low and "công dân" in low:
            F.append(("Phí cung cấp thông tin lý lịch tư pháp", "charge", 200_000))
        elif "giấy phép lái xe" in low or "sát hạch" in low:
            F.append(("Lệ phí cấp giấy phép lái xe", "fee", 135_000))
            if "sát hạch" in low:
                F.append(("Phí sát hạch lái xe ô tô", "charge", 450_000))
        elif "giấy chứng nhận quyền sử dụng đất" in low or (field == "Đất đai" and low.startswith("đăng ký")):
            F.append(("Lệ phí cấp Giấy chứng nhận", "fee", rng.choice([25_000, 50_000, 100_000])))
            F.append(("Phí thẩm định hồ sơ cấp Giấy chứng nhận", "charge", rng.choice([300_000, 500_000, 1_000_000])))
        elif "giấy phép xây dựng" in low:
            F.append(("Lệ phí cấp giấy phép xây dựng", "fee", 50_000 if "nhà ở riêng lẻ" in low else 100_000))
        elif low.startswith(("cấp ", "gia hạn", "điều chỉnh", "cấp lại", "cấp đổi")) and field not in (
                "Người có công", "Bảo trợ xã hội", "Giáo dục và Đào tạo", "Quy chế thi, tuyển sinh"):
            if rng.random() < 0.55:
                F.append(("Phí thẩm định điều kiện cấp phép", "charge",
                          rng.choice([200_000, 500_000, 1_000_000, 1_500_000, 3_000_000]) // (2 if "cấp lại" in low else 1)))
            if rng.random() < 0.4:
                F.append(("Lệ phí cấp giấy phép, giấy chứng nhận", "fee", rng.choice([50_000, 100_000, 200_000])))
        elif low.startswith(("thẩm định",)) and level == "province" and rng.random() < 0.4:
            F.append(("Phí thẩm định", "charge", rng.choice([500_000, 1_000_000, 2_000_000, 5_000_000])))
        return [{"name": n, "kind": k, "amount": a} for n, k, a in F]

    def components(self, name, field, level, online, ptype):
        rng = self.rng
        low = name.lower()
        C = []

        def comp(n, originals=1, copies=0, prep=0.0, cost=0, required=True, notarised=False, eform=False):
            C.append({"name": n, "originals": originals, "copies": copies, "prep_hours": num(prep), "cost": cost,
                      "required": required, "notarised": notarised, "electronic_form": eform})

        form = ("Tờ khai" if field in ("Hộ tịch", "Cư trú") else "Văn bản đề nghị" if ptype == "internal"
                else "Đơn đề nghị")
        comp(f"{form} (theo mẫu)", prep=rng.choice([0.25, 0.5, 0.5, 1.0]), eform=online != "none")
        if field in ("Hộ tịch", "Cư trú", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Nuôi con nuôi") or \
                level != "province" and rng.random() < 0.5:
            comp("Giấy tờ tùy thân (Chứng minh nhân dân, Căn cước công dân hoặc Hộ chiếu) để đối chiếu", originals=0, copies=1,
                 prep=0.25, cost=1000)
        if name == "Đăng ký khai sinh" or "khai sinh" in low and field == "Hộ tịch":
            comp("Giấy chứng sinh hoặc văn bản của người làm chứng", prep=0.5)
        if "kết hôn" in low and field == "Hộ tịch":
            comp("Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi không thường trú)", required=False, prep=2.0, cost=0)
        if "khai tử" in low:
            comp("Giấy báo tử hoặc giấy tờ thay giấy báo tử", prep=1.0)
        if field == "Cư trú" and ("thường trú" in low or "tạm trú" in low) and not low.startswith(("xóa", "gia hạn")):
            comp("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", originals=0, copies=1, prep=1.0, cost=2000, notarised=rng.random() < 0.3)
        if field == "Chứng thực":
            if "bản sao" in low:
                comp("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", originals=1, prep=0.1)
            if "hợp đồng" in low or "di sản" in low or "di chúc" in low:
                comp("Dự thảo hợp đồng, giao dịch", originals=rng.choice([2, 3]), prep=1.5, cost=rng.choice([0, 100_000, 200_000]))
                comp("Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản", originals=0, copies=1, prep=0.5, cost=2000)
        if field in ("Đất đai",):
            comp("Giấy chứng nhận quyền sử dụng đất đã cấp hoặc giấy tờ về quyền sử dụng đất", originals=1, copies=1,
                 prep=1.0, cost=4000, notarised=rng.random() < 0.4)
            if low.startswith(("cấp giấy", "đăng ký đất đai", "tách thửa", "giao đất", "cho thuê đất", "chuyển mục đích")):
                comp("Mảnh trích đo địa chính thửa đất", prep=2.0, cost=rng.choice([500_000, 800_000, 1_200_000]))
            if "chuyển nhượng" in low or "thế chấp" in low or "góp vốn" in low:
                comp("Hợp đồng, văn bản về chuyển quyền đã được công chứng, chứng thực", prep=1.0, cost=50_000, notarised=True)
        if "giấy phép xây dựng" in low and name.startswith("Cấp "):
            comp("Bản sao giấy tờ chứng minh quyền sử dụng đất", originals=0, copies=1, prep=0.5, cost=4000, notarised=True)
            comp("Bộ bản vẽ thiết kế xây dựng", originals=2, prep=6.0, cost=rng.choice([1_500_000, 3_000_000, 5_000_000]))
        if field in ("Thành lập và hoạt động doanh nghiệp", "Thành lập và hoạt động của hộ kinh doanh",
                     "Thành lập và hoạt động của hợp tác xã", "Thành lập và hoạt động của liên hiệp hợp tác xã"):
            if "thành lập" in low:
                comp("Điều lệ hoặc thỏa thuận góp vốn" if "hộ kinh doanh" not in low else "Danh sách thành viên hộ gia đình",
                     prep=3.0 if "hộ kinh doanh" not in low else 0.5)
                comp("Bản sao giấy tờ pháp lý của cá nhân, tổ chức góp vốn", originals=0, copies=1, prep=0.5, cost=4000,
                     notarised=True)
            else:
                comp("Nghị quyết, quyết định về việc thay đổi", prep=1.0, required="thay đổi" in low)
        lic = low.startswith(("cấp giấy", "cấp chứng", "cấp thẻ", "cấp phù", "cấp biển", "cấp mã", "gia hạn", "điều chỉnh giấy"))
        if lic and field not in ("Đất đai",) and "giấy phép xây dựng" not in low:
            comp("Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc giấy tờ pháp lý tương đương", originals=0, copies=1,
                 prep=0.5, cost=4000, notarised=rng.random() < 0.5, required="chứng chỉ" not in low and "thẻ" not in low)
            comp("Bản thuyết minh cơ sở vật chất, trang thiết bị, nhân lực", prep=rng.choice([2.0, 4.0, 8.0]),
                 cost=rng.choice([0, 0, 200_000, 500_000]))
            if "chứng chỉ" in low or "thẻ" in low:
                comp("Bản sao văn bằng chuyên môn", originals=0, copies=1, prep=0.5, cost=4000, notarised=True)
                comp("Giấy khám sức khỏe", prep=3.0, cost=rng.choice([150_000, 250_000]))
                comp("Ảnh chân dung 4x6 cm", originals=2, prep=0.5, cost=30_000)
        if low.startswith(("cấp lại", "cấp đổi", "điều chỉnh", "gia hạn")) and field not in ("Hộ tịch",):
            comp("Bản chính giấy phép, giấy chứng nhận đã được cấp", prep=0.1, required=not low.startswith("cấp lại"))
        if low.startswith(("thẩm định", "phê duyệt")):
            comp("Hồ sơ, báo cáo thuyết minh trình thẩm định", originals=rng.choice([2, 5, 8]), prep=rng.choice([8.0, 16.0, 40.0]),
                 cost=rng.choice([2_000_000, 10_000_000, 30_000_000]))
        if field in ("Bảo trợ xã hội", "Người có công") and not low.startswith(("xác nhận", "thăm")):
            comp("Giấy tờ chứng minh thuộc đối tượng hưởng chính sách", originals=0, copies=1, prep=1.0, cost=2000,
                 notarised=rng.random() < 0.4)
        if field in ("Giải quyết khiếu nại", "Giải quyết tố cáo"):
            comp("Tài liệu, chứng cứ kèm theo (nếu có)", originals=0, copies=1, prep=1.0, cost=5000, required=False)
        if len(C) == 1 or (len(C) < 3 and rng.random() < 0.5):
            comp(rng.choice(["Giấy tờ chứng minh đủ điều kiện theo quy định", "Văn bản, tài liệu liên quan kèm theo",
                             "Báo cáo tình hình hoạt động", "Bản sao quyết định thành lập hoặc giấy tờ pháp lý"]),
                 originals=rng.choice([0, 1]), copies=rng.choice([0, 1]), prep=rng.choice([0.5, 1.0, 2.0]),
                 cost=rng.choice([0, 2000, 10_000]), notarised=rng.random() < 0.2, required=rng.random() < 0.85)
        for c in C:
            if c["originals"] == 0 and c["copies"] == 0:
                c["originals"] = 1
        return C

    def subjects(self, name, field, ptype):
        low = name.lower()
        if ptype == "internal":
            return ["organisation"]
        citizen_fields = {"Hộ tịch", "Cư trú", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Nuôi con nuôi", "Lý lịch tư pháp",
                          "Quốc tịch", "Trẻ em", "Phòng, chống tệ nạn xã hội", "Hòa giải ở cơ sở", "Quân sự", "Giám định y khoa",
                          "Quy chế thi, tuyển sinh", "Lao động"}
        business_fields = {"Thành lập và hoạt động doanh nghiệp", "Đầu tư tại Việt Nam", "Đầu tư tại khu kinh tế",
                           "Thương mại quốc tế", "Hóa chất", "Vật liệu nổ công nghiệp", "Kinh doanh khí", "Điện",
                           "Lưu thông hàng hóa trong nước", "Quản lý cạnh tranh", "Thành lập và hoạt động của hợp tác xã",
                           "Thành lập và hoạt động của liên hiệp hợp tác xã", "Kinh doanh bất động sản"}
        if field in citizen_fields or "cá nhân" in low or "chứng chỉ hành nghề" in low or "thẻ" in low:
            return ["citizen"]
        if field == "Thành lập và hoạt động của hộ kinh doanh":
            return ["citizen", "business"]
        if field in business_fields or "doanh nghiệp" in low:
            return ["business"]
        if field in ("Tổ chức phi chính phủ", "Tôn giáo", "Thi đua, khen thưởng") or "tổ chức" in low:
            return ["organisation"]
        if field in ("Đất đai", "Xây dựng", "Hoạt động xây dựng", "Tiếp công dân", "Giải quyết khiếu nại",
                     "Giải quyết tố cáo", "Xử lý đơn thư", "Nông nghiệp", "Lâm nghiệp"):
            return ["citizen", "business", "organisation"]
        return ["citizen", "business"]

    def result_of(self, name, field):
        low = name.lower()
        specific = {"Đăng ký khai sinh": "Giấy khai sinh", "Đăng ký kết hôn": "Giấy chứng nhận kết hôn",
                    "Đăng ký khai tử": "Trích lục khai tử", "Cấp Giấy xác nhận tình trạng hôn nhân": "Giấy xác nhận tình trạng hôn nhân"}
        if name in specific:
            return specific[name]
        for verb in ("Cấp lại ", "Cấp đổi ", "Cấp ", "Gia hạn ", "Điều chỉnh "):
            if name.startswith(verb):
                obj = name[len(verb):]
                return obj[0].upper() + obj[1:] + ("" if verb in ("Cấp ", "Cấp lại ", "Cấp đổi ") else " đã được " + verb.strip().lower())
        if field == "Hộ tịch":
            return "Trích lục hộ tịch"
        if field == "Chứng thực":
            return "Bản sao, chữ ký, hợp đồng hoặc văn bản được chứng thực"
        if "thành lập doanh nghiệp" in low or "thành lập công ty" in low:
            return "Giấy chứng nhận đăng ký doanh nghiệp"
        if "hộ kinh doanh" in low and "thành lập" in low:
            return "Giấy chứng nhận đăng ký hộ kinh doanh"
        if low.startswith(("thông báo", "khai báo")):
            return "Văn bản xác nhận đã tiếp nhận thông báo"
        if low.startswith(("công nhận", "tặng", "xét tặng")):
            return "Quyết định công nhận hoặc khen thưởng"
        if low.startswith("thẩm định"):
            return "Văn bản thẩm định"
        if low.startswith(("giải quyết", "tiếp công dân", "xử lý đơn")):
            return "Quyết định hoặc văn bản giải quyết"
        if low.startswith("đăng ký"):
            return "Giấy xác nhận hoặc thông tin đăng ký được cập nhật"
        return "Quyết định hoặc văn bản trả lời của cơ quan có thẩm quyền"

    def trips(self, name, unit, T):
        low = name.lower()
        if unit == "working_hour":
            return 1
        if "sát hạch" in low or "khám giám định" in low or low.startswith(("thi tuyển", "thi nâng")):
            return 3
        return 2

    def make_procedure(self, name, field, level, dept_key, volumes, decision):
        rng = self.rng
        low = name.lower()
        if field in ("Tổ chức - Biên chế", "Đầu tư bằng vốn ngân sách", "Quản lý công sản", "Đấu thầu, lựa chọn nhà đầu tư") or \
                low.startswith(("thi tuyển công chức", "xét tuyển công chức", "thi nâng ngạch", "xét nâng ngạch",
                                "thăng hạng", "xếp ngạch")):
            ptype = "internal"
        elif "nghị quyết hđnd tỉnh" in low or (level != "commune" and rng.random() < 0.015):
            ptype = "specific"
        else:
            ptype = "standard"
        online = self.online_level(name, field, level, ptype)
        T, unit = self.total_time(name, field, level)
        steps = self.steps(name, field, level, dept_key, T, unit, online)
        methods = [{"channel": "in_person", "processing_time": num(T), "unit": unit}]
        if online != "none":
            methods.append({"channel": "online", "processing_time": num(T), "unit": unit})
        if unit == "working_day" and rng.random() < 0.6:
            methods.append({"channel": "post", "processing_time": num(T), "unit": unit})
        basis = list(FIELD_BASIS[field])
        if name.startswith("Liên thông"):
            basis += ["61/2018/NĐ-CP", "68/2020/QH14"]
        if level == "commune" and field == "Hộ tịch" and "biên giới" in low:
            basis = [b for b in basis if b != "85/2019/TT-BTC"]
        fees = self.fees(name, field, level) if ptype != "internal" else []
        if not fees:
            basis = [b for b in basis if not b.endswith("TT-BTC")]
        levels = [level]
        if level == "commune" and field == "Chứng thực" and ("bản sao" in low or "chữ ký" in low or "hợp đồng" in low):
            levels = ["district", "commune"]   # the same procedure is done at district and commune level
        return {
            "code": self.new_code(), "name": name, "field": field, "levels": levels, "type": ptype,
            "decision": decision, "legal_basis": basis, "subjects": self.subjects(name, field, ptype),
            "online_level": online, "trips": self.trips(name, unit, T), "result": self.result_of(name, field),
            "steps": steps, "methods": methods, "fees": fees,
            "components": self.components(name, field, level, online, ptype), "volumes": volumes,
        }

    def vol(self, x):
        x = max(0.0, x)
        return num(round(x) if x >= 10 else round(x, 1))

    def build_procedures(self):
        rng = self.rng
        self.proc_codes = set()
        self.procedures = []
        self.decisions = []   # (code, title, issued, [procedure codes])
        used_numbers = set()

        def decision(title, year):
            while True:
                n = rng.randint(120, 2400)
                if n not in used_numbers:
                    used_numbers.add(n)
                    break
            issued = date(year, rng.randint(1, 12), rng.randint(1, 28))
            code = f"{n}/QĐ-UBND"
            full = (f"Quyết định số {n}/QĐ-UBND ngày {issued.day:02d}/{issued.month:02d}/{issued.year} của Chủ tịch "
                    f"UBND tỉnh Lai Châu công bố danh mục thủ tục hành chính {title} (số hiệu mô phỏng)")
            rec = [code, full, issued, []]
            self.decisions.append(rec)
            return rec

        def lognorm(median, sigma):
            return median * math.exp(rng.gauss(0.0, sigma))

        # provincial
        for key, (target, pools) in PROVINCIAL.items():
            dname = self.by_code[self.dept[key]]["name"]
            dec = decision(f"thuộc phạm vi chức năng quản lý của {dname}", rng.choice([2020, 2021, 2021]))
            for name, field in self.expand(target, pools):
                agency = self.dept[key]
                if key == "STNMT" and field == "Đất đai" and name.startswith(("Đăng ký", "Đính chính", "Cung cấp", "Xóa", "Cấp")):
                    agency = self.vpdkdd
                base = PROVINCIAL_VOLUMES.get(name)
                if base is None:
                    base = lognorm(10.0, 1.1)
                    if name.startswith(("Cấp lại", "Điều chỉnh", "Gia hạn", "Cấp đổi", "Thu hồi")):
                        base *= 0.3
                p = self.make_procedure(name, field, "province", key, [{"agency": agency, "annual": self.vol(base)}], dec[0])
                dec[3].append(p["code"])
                self.procedures.append(p)
        # district
        target, pools = DISTRICT
        groups = {}
        for name, field in self.expand(target, pools):
            g = groups.get(field)
            if g is None:
                g = groups[field] = decision(f"lĩnh vực {field} thuộc thẩm quyền giải quyết của UBND cấp huyện",
                                             rng.choice([2019, 2020, 2021]))
            rate = RATES.get(name)
            if rate is None:
                rate = min(lognorm(0.05, 1.0), 1.5)
            vols = [{"agency": d["pc"], "annual": self.vol(rate * d["pop"] / 1000.0 * rng.uniform(0.8, 1.2))}
                    for d in self.district_info]
            p = self.make_procedure(name, field, "district", None, vols, g[0])
            g[3].append(p["code"])
            self.procedures.append(p)
        # commune
        target, pools = COMMUNE
        groups = {}
        for name, field in self.expand(target, pools):
            g = groups.get(field)
            if g is None:
                g = groups[field] = decision(f"lĩnh vực {field} thuộc thẩm quyền giải quyết của UBND cấp xã",
                                             rng.choice([2019, 2020, 2021]))
            rate = RATES.get(name)
            if rate is None:
                rate = min(lognorm(0.3, 1.0), 4.0)
            vols = [{"agency": u["pc"], "annual": self.vol(rate * u["pop"] / 1000.0 * rng.uniform(0.8, 1.2))}
                    for u in self.communes]
            p = self.make_procedure(name, field, "commune", None, vols, g[0])
            if p["levels"] == ["district", "commune"]:
                vols += [{"agency": d["pc"], "annual": self.vol(rate * 0.15 * d["pop"] / 1000.0)} for d in self.district_info]
            g[3].append(p["code"])
            self.procedures.append(p)

    # ------------------------------------------------------------------ tasks
    def build_tasks(self):
        rng = self.rng
        tasks = []

        def task(name, field, chairs, coords, dated=None):
            code = f"NV{len(tasks) + 1:04d}"
            asg = [{"agency": c, "role": "chair", "valid_from": None, "valid_to": None} for c in chairs]
            asg += [{"agency": c, "role": "coordinate", "valid_from": None, "valid_to": None} for c in coords
                    if c not in chairs]
            if dated:
                asg = dated
            tasks.append({"code": code, "name": name, "field": field, "assignments": asg})

        depts = list(self.dept)
        for key, (target, pools) in PROVINCIAL.items():
            dc = self.dept[key]
            for field, _, _ in pools:
                others = rng.sample([self.dept[k] for k in depts if k != key], k=rng.randint(0, 2))
                task(f"Tham mưu UBND tỉnh quản lý nhà nước về {field[0].lower() + field[1:]}", field, [dc], others)
        generic = [("Tổ chức thực hiện cải cách hành chính của ngành", "Cải cách hành chính"),
                   ("Thanh tra, kiểm tra chuyên ngành", "Thanh tra"),
                   ("Quản lý tổ chức bộ máy, vị trí việc làm, biên chế", "Tổ chức - Biên chế")]
        for key in depts:
            for nm, fld in generic:
                if key in ("TTT", "VPUBND") and fld == "Thanh tra":
                    continue
                task(f"{nm} ({self.by_code[self.dept[key]]['name']})", fld, [self.dept[key]],
                     [self.dept["SNV"]] if fld != "Thanh tra" else [self.dept["TTT"]])
        D = self.dept
        # province-wide duties
        task("Theo dõi, đôn đốc, đánh giá và báo cáo công tác cải cách hành chính của tỉnh", "Cải cách hành chính",
             [D["SNV"]], [D["VPUBND"], D["STP"], D["STTTT"], D["STC"]])
        task("Kiểm soát thủ tục hành chính; công bố danh mục thủ tục hành chính", "Kiểm soát thủ tục hành chính",
             [D["VPUBND"]], [D["STP"], D["SNV"]])
        task("Kiểm tra, rà soát văn bản quy phạm pháp luật của tỉnh", "Xây dựng pháp luật", [D["STP"]], [D["VPUBND"]])
        task("Xây dựng chính quyền điện tử, chính quyền số", "Công nghệ thông tin", [D["STTTT"]], [D["VPUBND"], D["SNV"]])
        task("Đào tạo, bồi dưỡng cán bộ, công chức, viên chức", "Công chức, viên chức", [D["SNV"]], [D["STC"]])
        # a dated hand-over: one chair at any date (dates invented)
        task("Tiếp nhận, trả kết quả giải quyết thủ tục hành chính cấp tỉnh tập trung", "Kiểm soát thủ tục hành chính", [], [],
             dated=[{"agency": D["VPUBND"], "role": "chair", "valid_from": None, "valid_to": "2019-09-30"},
                    {"agency": self.centre, "role": "chair", "valid_from": "2019-10-01", "valid_to": None},
                    {"agency": D["SNV"], "role": "coordinate", "valid_from": None, "valid_to": None}])
        # deliberate overlaps: two chairs for the same task
        task("Quản lý an toàn thực phẩm tại chợ và cơ sở kinh doanh thực phẩm tổng hợp", "An toàn thực phẩm",
             [D["SCT"], D["SYT"]], [D["SNN"], self.sector["QLTT"]])
        task("Quản lý nhà nước về cụm công nghiệp", "Công nghiệp địa phương", [D["SCT"], D["BQLKKT"]], [D["SKHDT"], D["STNMT"]])
        task("Thẩm định thiết kế xây dựng công trình giao thông", "Hoạt động xây dựng", [D["SGTVT"], D["SXD"]], [D["SKHDT"]])
        task("Quản lý giáo dục nghề nghiệp tại trung tâm giáo dục nghề nghiệp - giáo dục thường xuyên cấp huyện",
             "Giáo dục nghề nghiệp", [D["SLDTBXH"], D["SGDDT"]], [D["SNV"]])
        task("Phát triển du lịch cộng đồng gắn với xây dựng nông thôn mới", "Du lịch", [D["SVHTTDL"], D["SNN"]], [D["BDT"]])
        # deliberate gaps: nobody chairs
        task("Quản lý nhà nước về thương mại điện tử", "Thương mại điện tử", [], [D["SCT"], D["STTTT"]])
        task("Quản lý, vận hành kho dữ liệu dùng chung của tỉnh", "Công nghệ thông tin", [], [D["STTTT"], D["VPUBND"], D["SKHCN"]])
        task("Theo dõi thi hành pháp luật về xử lý vi phạm hành chính tại khu vực biên giới", "Xử lý vi phạm hành chính", [],
             [D["STP"], D["SNGV"], self.sector["CA"]])
        # districts
        areas = {"VP": "công tác văn phòng, một cửa", "PNV": "tổ chức bộ máy, cán bộ, cải cách hành chính",
                 "PTP": "tư pháp, hộ tịch, chứng thực", "PTCKH": "tài chính, kế hoạch, đăng ký kinh doanh",
                 "PTNMT": "đất đai, môi trường", "PKTHT": "xây dựng, giao thông, công thương",
                 "PNN": "nông nghiệp, thủy lợi, phát triển nông thôn", "PLDTBXH": "lao động, người có công, bảo trợ xã hội",
                 "PVHTT": "văn hóa, thông tin, thể thao, du lịch", "PGDDT": "giáo dục và đào tạo", "PYT": "y tế, an toàn thực phẩm",
                 "PDT": "công tác dân tộc", "TTRA": "thanh tra, tiếp công dân, khiếu nại, tố cáo"}
        for d in self.district_info:
            divs = d["divisions"]
            for key, code in divs.items():
                area = areas[key]
                others = rng.sample([c for k, c in divs.items() if k != key], k=rng.randint(0, 2))
                task(f"Tham mưu UBND {d['name']} quản lý nhà nước về {area}", area, [code], others)
                task(f"Kiểm tra, hướng dẫn cấp xã thực hiện nhiệm vụ về {area} ({d['name']})", area, [code], [d["pc"]])
            if d["kind"] == "city":
                task(f"Quản lý trật tự xây dựng đô thị ({d['name']})", "Xây dựng", [divs["PKTHT"], divs["PTNMT"]], [divs["TTRA"]])
            elif d["name"] in ("Tân Uyên", "Phong Thổ"):
                task(f"Quản lý chợ nông thôn ({d['name']})", "Thương mại", [divs["PKTHT"], divs["PNN"]], [divs["PTCKH"]])
            elif d["name"] == "Mường Tè":
                task(f"Hỗ trợ dân tộc thiểu số rất ít người ({d['name']})", "Công tác dân tộc", [], [divs["PDT"], divs["PLDTBXH"]])
        self.tasks = tasks

    # ------------------------------------------------------------------ assembly
    def quotas(self):
        rng = self.rng
        active = {}
        for p in self.people:
            if p["left"] is None:
                k = "cs" if p["category"] != "vien_chuc" else "pe"
                active.setdefault(p["agency"], {"cs": 0, "pe": 0})[k] += 1
        commune_quota = {u["pc"]: u for u in self.communes}
        sector_headcount = {self.sector[k]: n for k, n in SECTOR_HEADCOUNT.items()}
        for a in self.agencies:
            h = active.get(a["code"], {"cs": 0, "pe": 0})
            a["headcount"] = sector_headcount.get(a["code"], h["cs"] + h["pe"])
            qcs, qpe = h["cs"], h["pe"]
            if a["code"] in commune_quota:
                u = commune_quota[a["code"]]
                qcs = max(h["cs"], u["quota"] - active.get(u["desk"], {"cs": 0})["cs"])
            elif a["kind"] == "one_stop_desk" and a["level"] == "commune":
                pass
            elif a["kind"] != "sector":
                over = rng.random() < 0.04
                if qcs:
                    qcs = max(0, qcs - 1) if over else qcs + int(round(qcs * rng.uniform(0.0, 0.15)))
                if qpe:
                    qpe = max(0, qpe - 1) if over else qpe + int(round(qpe * rng.uniform(0.0, 0.12)))
            a["quota_civil_servants"], a["quota_public_employees"] = qcs, qpe

    @staticmethod
    def clean(d: dict, defaults: dict) -> dict:
        out = {}
        for k, v in d.items():
            if k.startswith("_"):
                continue
            if v is None or (k in defaults and v == defaults[k]) or (isinstance(v, list) and not v and k != "assignments"):
                continue
            if isinstance(v, date):
                v = iso(v)
            out[k] = v
        return out

    def assemble(self) -> dict:
        C = self.clean
        agencies = []
        for a in self.agencies:
            agencies.append(C({k: a.get(k) for k in ("code", "name", "kind", "level", "territory", "parent", "valid_from", "valid_to",
                                                     "quota_civil_servants", "quota_public_employees", "headcount",
                                                     "population", "travel_km")},
                              {"territory": "none", "quota_civil_servants": 0, "quota_public_employees": 0, "headcount": 0,
                               "population": 0, "travel_km": 0}))
        tasks = []
        for t in self.tasks:
            tasks.append({"code": t["code"], "name": t["name"], "field": t["field"],
                          "assignments": [C(x, {}) for x in t["assignments"]]})
        procedures = []
        for p in self.procedures:
            q = {}
            for k in ("code", "name", "field", "levels", "type", "decision", "legal_basis", "subjects", "online_level", "trips", "result"):
                q[k] = p[k]
            q["steps"] = [C(s, {"responsible": "@implementing", "unit": "working_day", "transfer": "none"}) for s in p["steps"]]
            q["methods"] = [C(m, {"unit": "working_day"}) for m in p["methods"]]
            q["fees"] = [C(f, {"kind": "fee"}) for f in p["fees"]]
            q["components"] = [C(c, {"originals": 1, "copies": 0, "prep_hours": 0, "cost": 0, "required": True,
                                     "notarised": False, "electronic_form": False}) for c in p["components"]]
            q["volumes"] = [dict(v) for v in p["volumes"]]
            procedures.append(C(q, {"type": "standard", "online_level": "none", "trips": 2}))
        documents = []
        for code, title, issuer, kind, issued, effective in DOCUMENTS:
            documents.append(C({"code": code, "title": title, "issuer": issuer, "kind": kind, "issued": issued,
                                "effective": effective, "expired": None, "procedures": []}, {}))
        for code, title, issued, procs in self.decisions:
            documents.append(C({"code": code, "title": title, "issuer": "Chủ tịch UBND tỉnh Lai Châu", "kind": "decision",
                                "issued": issued, "effective": issued, "expired": None, "procedures": procs}, {}))
        courses = [C({"code": c, "name": n, "content": ct, "periods": pe, "days": dy, "certificate_validity_years": cv},
                     {"certificate_validity_years": 0}) for c, n, ct, pe, dy, cv in COURSES]
        people = []
        for p in self.people:
            q = C({k: p[k] for k in ("id", "agency", "category", "rank_group", "rank", "position", "leadership", "birth_year",
                                     "gender", "ethnicity", "entered", "left")}, {"rank_group": "none", "leadership": "none"})
            if p["training"]:
                q["training"] = [C(r, {"result": "passed", "certificate": False}) for r in p["training"]]
            people.append(q)
        overrides = [{"date": d, "working": False, "name": n} for d, n in TET_2021 + EXTRA_DAYS_OFF_2021]
        return {
            "format": "cchc", "version": 1, "name": "Lai Châu 2021 (synthetic)", "province": "Lai Châu",
            "description": ("Mô hình tổng hợp (synthetic), đã hiệu chỉnh theo số liệu công khai, của tỉnh Lai Châu năm 2021 "
                            "dùng làm dữ liệu mẫu cho cchc; không mô tả người thật. Sinh bởi scripts/generate_lai_chau.py "
                            "(xem docstring để biết số liệu nào có nguồn và số liệu nào giả định)."),
            "as_of": iso(AS_OF), "calendar": {"overrides": overrides},
            "agencies": agencies, "tasks": tasks, "procedures": procedures, "documents": documents,
            "courses": courses, "people": people,
        }


# --------------------------------------------------------------------------- checks
def check(doc: dict) -> None:
    """Referential and numeric integrity; raises AssertionError on the first problem."""
    def unique(items, key, what):
        codes = [x[key] for x in items]
        dup = {c for c in codes if codes.count(c) > 1} if len(set(codes)) != len(codes) else set()
        assert not dup, f"duplicate {what}: {sorted(dup)[:5]}"
        return set(codes)

    ag = unique(doc["agencies"], "code", "agency")
    parent = {a["code"]: a.get("parent") for a in doc["agencies"]}
    for a in doc["agencies"]:
        assert a.get("parent") is None or a["parent"] in ag, a
        seen, c = set(), a["code"]
        while c is not None:
            assert c not in seen, f"cycle at {a['code']}"
            seen.add(c)
            c = parent[c]
    unique(doc["tasks"], "code", "task")
    for t in doc["tasks"]:
        for x in t["assignments"]:
            assert x["agency"] in ag, x
    docs = unique(doc["documents"], "code", "document")
    procs = unique(doc["procedures"], "code", "procedure")
    for p in doc["procedures"]:
        for b in p.get("legal_basis", []):
            assert b in docs, b
        for s in p.get("steps", []):
            r = s.get("responsible", "@implementing")
            assert r in ("@implementing", "@parent") or r in ag, r
        for v in p.get("volumes", []):
            assert v["agency"] in ag, v
    for d in doc["documents"]:
        for c in d.get("procedures", []):
            assert c in procs, c
    courses = unique(doc["courses"], "code", "course")
    unique(doc["people"], "id", "person")
    for p in doc["people"]:
        assert p["agency"] in ag, p
        for r in p.get("training", []):
            assert r["course"] in courses and r["start"] <= r["end"], r

    def walk(x, path="$"):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, f"{path}.{k}")
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, f"{path}[{i}]")
        elif isinstance(x, float) or (isinstance(x, int) and not isinstance(x, bool)):
            assert math.isfinite(x) and x >= 0, path
        elif isinstance(x, str) and len(x) == 10 and x[4:5] == "-" and x[7:8] == "-" and x[:4].isdigit():
            date.fromisoformat(x)
    walk(doc)


def generate(seed: int = DEFAULT_SEED) -> dict:
    g = Generator(seed)
    g.build_territory()
    g.build_agencies()
    g.build_people()
    g.build_training()
    g.build_procedures()
    g.build_tasks()
    g.quotas()
    doc = g.assemble()
    check(doc)
    return doc


def serialise(doc: dict) -> bytes:
    """Compact UTF-8 JSON, gzip-compressed with mtime=0 (byte-for-byte reproducible)."""
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output .json.gz (or .json) path (default: the packaged data file)")
    args = ap.parse_args(argv)
    doc = generate(args.seed)
    if args.out.endswith(".gz"):
        data = serialise(doc)
    else:
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)
    n_rec = sum(len(p.get("training", [])) for p in doc["people"])
    print(f"wrote {args.out}: {len(data):,} bytes; {len(doc['agencies'])} agencies, {len(doc['tasks'])} tasks, "
          f"{len(doc['procedures'])} procedures, {len(doc['documents'])} documents, {len(doc['courses'])} courses, "
          f"{len(doc['people'])} people, {n_rec} training records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
