"""The legal bases a commune's TĐKT papers cite, with their validity, source and whether they were checked
(../shared/domain.md: [confirmed] facts have confirmed=True). Edited later in the admin, never in code."""

import datetime as dt

from django.db import migrations

D = dt.date
ALL = ["plan", "report", "award_decision", "award_submission"]
AWARDS = ["award_decision", "award_submission"]

BASES = [
    dict(code="luat-tccqdp-2015", type="law", name="Luật Tổ chức chính quyền địa phương", number="77/2015/QH13",
         signed_on=D(2015, 6, 19), issuer="Quốc hội", valid_from=D(2016, 1, 1), valid_to=D(2025, 7, 1),
         kinds=["award_decision"], order=10, confirmed=False,
         source="Nhớ lại, chưa đối chiếu Công báo; hết hiệu lực khi Luật 72/2025/QH15 có hiệu lực (01/07/2025, "
                "chưa xác nhận)."),
    dict(code="luat-tccqdp-2025", type="law", name="Luật Tổ chức chính quyền địa phương", number="72/2025/QH15",
         signed_on=D(2025, 6, 16), issuer="Quốc hội", valid_from=D(2025, 7, 1), valid_to=None,
         kinds=["award_decision"], order=10, confirmed=False,
         source="Ngày thông qua 16/06/2025 đã xác nhận (DN-KB Vanbanquydinh/TW/Luat/2025/72-2025-QH15/toan-van.md);"
                " ngày hiệu lực 01/07/2025 chưa xác nhận (../shared/domain.md §5)."),
    dict(code="luat-tdkt-2022", type="law", name="Luật Thi đua, khen thưởng", number="06/2022/QH15",
         signed_on=D(2022, 6, 15), issuer="Quốc hội", valid_from=D(2024, 1, 1), valid_to=None,
         kinds=ALL, order=20, confirmed=True,
         source="https://vietjack.me/phap-luat/luat-thi-dua-khen-thuong-2022/chuong-ii-761.html; "
                "Công báo số 571+572 ngày 15/07/2022."),
    dict(code="nd-98-2023", type="decree", name="Nghị định", number="98/2023/NĐ-CP", signed_on=D(2023, 12, 31),
         issuer="Chính phủ", subject="quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
         valid_from=D(2024, 1, 1), valid_to=D(2025, 7, 1), kinds=ALL, order=30, confirmed=False,
         source="Dữ liệu mẫu của một kho mã công khai (LEG_02), chưa đối chiếu văn bản; hết hiệu lực 01/07/2025 "
                "theo Điều 59 Nghị định 152/2025/NĐ-CP."),
    dict(code="nd-152-2025", type="decree", name="Nghị định", number="152/2025/NĐ-CP", signed_on=D(2025, 6, 14),
         issuer="Chính phủ",
         subject="quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
                 "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng",
         valid_from=D(2025, 7, 1), valid_to=D(2027, 3, 1), kinds=ALL, order=30, confirmed=True,
         source="DN-KB Vanbanquydinh/TW/Nghi_dinh/2025/152-2025-NĐ-CP/index.md; "
                "https://baomoi.net.vn/phan-cap-phan-quyen-trong-linh-vuc-thi-dua-khen-thuong-c52500550.epi"),
]


def seed(apps, schema_editor):
    LegalBasis = apps.get_model("documents", "LegalBasis")
    for row in BASES:
        LegalBasis.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


def unseed(apps, schema_editor):
    apps.get_model("documents", "LegalBasis").objects.filter(code__in=[b["code"] for b in BASES]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
