"""The unit catalog every new commune starts with (create_commune, the "Các xã" page, the first-run page).

The same offices as the demo commune's catalog (plans/demo/thanh_son_2024.py) without its villages, which differ
from one commune to the next and are added by the commune. Aliases are the spellings met in plans typed by clerks.
"""

from .models import Unit

STANDARD_UNITS: list[tuple[str, str, list[str]]] = [
    ("UBND xã", Unit.Kind.PEOPLES_COMMITTEE, ["Ủy ban nhân dân xã"]),
    ("HĐ TĐKT xã", Unit.Kind.COUNCIL, [
        "HD TĐKT xã", "HĐTĐKT xã", "Hội đồng TĐKT xã", "Hội đồng Thi đua – Khen thưởng xã",
    ]),
    ("Công chức Văn hóa – Xã hội", Unit.Kind.OFFICIAL, [
        "Công chức Văn hóa – Xã hội xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã",
        "Bộ phận Văn hóa – xã hội xã",
    ]),
    ("Văn phòng – Thống kê", Unit.Kind.OFFICIAL, ["Công chức Văn phòng – Thống kê", "VP – TK"]),
    ("Công an xã", Unit.Kind.DEPARTMENT, []),
    ("Ban Chỉ huy Quân sự xã", Unit.Kind.DEPARTMENT, ["BCH Quân sự xã", "Ban CHQS xã"]),
    ("MTTQ xã", Unit.Kind.MASS_ORGANIZATION, ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Mặt trận Tổ quốc xã"]),
    ("Hội Nông dân xã", Unit.Kind.MASS_ORGANIZATION, ["Hội ND xã"]),
    ("Hội Liên hiệp Phụ nữ xã", Unit.Kind.MASS_ORGANIZATION, ["Hội LHPN xã", "Hội Phụ nữ xã"]),
    ("Đoàn Thanh niên xã", Unit.Kind.MASS_ORGANIZATION, ["Đoàn TNCS Hồ Chí Minh xã", "Đoàn TN xã"]),
    ("Hội Cựu chiến binh xã", Unit.Kind.MASS_ORGANIZATION, ["Hội CCB xã"]),
    ("Các đơn vị liên quan", Unit.Kind.OTHER, []),
]
