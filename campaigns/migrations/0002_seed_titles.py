"""Seed the commune-level titles of the Luật Thi đua, khen thưởng 2022 from ../shared/domain.md.

Each row carries its source and whether that source was read (`confirmed`): the catalogue of Điều 23–26 is
recalled, not read; Điều 80 khoản 2, which was read, names LĐTT, CSTĐCS, TTLĐTT and Thôn, tổ dân phố văn hóa.
Rows are data: the admin may correct them. Existing rows (same code) are left as edited.
"""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15 (hiệu lực 01/01/2024)"
ART80 = (
    f"{LAW}, Điều 80 khoản 2 (đã đọc: Công báo số 571+572 ngày 15/7/2022, tr. 56). "
    "Danh mục danh hiệu Điều 23–26: theo trí nhớ, chưa đối chiếu."
)
ND152 = "Thẩm quyền cấp xã từ 01/07/2025 theo NĐ 152/2025/NĐ-CP: chưa đối chiếu điều khoản cụ thể."

TITLES = [
    # code, name, subject kind, authority, periodicity, source, confirmed
    ("LDTT", "Lao động tiên tiến", "ca_nhan", "Chủ tịch UBND xã", "Hằng năm", ART80, True),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "ca_nhan", "Chủ tịch UBND xã (từ 01/07/2025)", "Hằng năm",
     f"{ART80} Điều kiện: đạt LĐTT cùng năm và có sáng kiến hoặc đề tài được công nhận (NĐ 91/2017 Điều 9, "
     f"quy định cũ). {ND152}", True),
    ("TTLDTT", "Tập thể lao động tiên tiến", "tap_the", "Chủ tịch UBND xã (từ 01/07/2025)", "Hằng năm",
     f"{ART80} {ND152}", True),
    ("GDVH", "Gia đình văn hóa", "ho_gia_dinh", "Chủ tịch UBND xã", "Hằng năm",
     f"{LAW}, Điều 23–26 (theo trí nhớ, chưa đối chiếu). Thủ tục cấp xã cũ: đề nghị + biên bản họp HĐTĐKT + "
     "tóm tắt thành tích, Chủ tịch UBND xã quyết định.", False),
    ("THONVH", "Thôn, tổ dân phố văn hóa", "thon", "Chủ tịch UBND xã (từ 01/07/2025)", "Hằng năm",
     f"{ART80} Tên gọi theo địa phương: thôn, làng, ấp, bản, tổ dân phố. {ND152}", True),
]


def seed(apps, schema_editor):
    EmulationTitle = apps.get_model("campaigns", "EmulationTitle")
    for order, (code, name, kind, authority, periodicity, source, confirmed) in enumerate(TITLES):
        EmulationTitle.objects.get_or_create(
            code=code,
            defaults={"name": name, "subject_kind": kind, "authority": authority, "periodicity": periodicity,
                      "legal_source": source, "confirmed": confirmed, "order": order},
        )


def unseed(apps, schema_editor):
    apps.get_model("campaigns", "EmulationTitle").objects.filter(code__in=[t[0] for t in TITLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
