"""Seed the commune catalog from ../shared/domain.md. Every row carries its source and whether it was confirmed.

Rows are matched by code so a re-run (or an administrator's later edits) is not duplicated or overwritten.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
ART80 = f"{LAW_2022}, Điều 80"
ND152 = "Nghị định 152/2025/NĐ-CP (phân cấp, phân quyền TĐKT), hiệu lực 01/07/2025"
LAW_START = dt.date(2024, 1, 1)
REFORM = dt.date(2025, 7, 1)
VOTE_SOURCE = "Quy chế Hội đồng TĐKT xã (tỷ lệ thường dùng ≥ 70%, chưa đối chiếu NĐ 98/2023, NĐ 152/2025)"

FORMS = [
    # code, name, category, subjects, periodicity, source, confirmed, heading
    ("LDTT", "Lao động tiên tiến", "danh_hieu", ["ca_nhan"], "hang_nam",
     f"{LAW_2022}, Điều 26 (tiêu chuẩn chưa đối chiếu)", False, "GIẤY CHỨNG NHẬN"),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "danh_hieu", ["ca_nhan"], "hang_nam",
     f"{LAW_2022}, Điều 23; NĐ 91/2017 Điều 9 (quy định cũ, đã đối chiếu)", False, "GIẤY CHỨNG NHẬN"),
    ("TTLDTT", "Tập thể lao động tiên tiến", "danh_hieu", ["tap_the"], "hang_nam",
     f"{LAW_2022}, Điều 27 (chưa đối chiếu)", False, "GIẤY CHỨNG NHẬN"),
    ("GDVH", "Gia đình văn hóa", "danh_hieu", ["ho_gia_dinh"], "hang_nam",
     f"{LAW_2022}; nghị định về Gia đình văn hóa, Thôn văn hóa (NĐ 86/2023, chưa đối chiếu)", False,
     "GIẤY CHỨNG NHẬN"),
    ("THONVH", "Thôn, tổ dân phố văn hóa", "danh_hieu", ["thon"], "hang_nam",
     f"{LAW_2022}; nghị định về Gia đình văn hóa, Thôn văn hóa (NĐ 86/2023, chưa đối chiếu)", False,
     "GIẤY CHỨNG NHẬN"),
    ("GK_CTX", "Giấy khen của Chủ tịch UBND xã", "khen_thuong", ["ca_nhan", "tap_the", "ho_gia_dinh"],
     "thuong_xuyen_dot_xuat", f"{LAW_2022}, Điều 74–75 (chưa đối chiếu)", False, "GIẤY KHEN"),
]

AUTHORITY = [
    # form, level, from, to, source, confirmed
    ("LDTT", "xa", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 3", True),
    ("GK_CTX", "xa", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 3", True),
    ("GDVH", "xa", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 3", True),
    ("CSTDCS", "huyen", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 2", True),
    ("TTLDTT", "huyen", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 2", True),
    ("THONVH", "huyen", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 2", True),
    ("LDTT", "huyen", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 2", True),
    ("GK_CTX", "huyen", LAW_START, REFORM - dt.timedelta(days=1), f"{ART80} khoản 2 (giấy khen của cấp huyện)", True),
    # From 01/07/2025 the district level no longer exists (Luật 72/2025); the commune rows are not yet checked.
    ("LDTT", "xa", REFORM, None, f"{ART80} khoản 3; {ND152}", True),
    ("GK_CTX", "xa", REFORM, None, f"{ART80} khoản 3; {ND152}", True),
    ("GDVH", "xa", REFORM, None, f"{ART80} khoản 3; {ND152}", True),
    ("CSTDCS", "xa", REFORM, None, f"{ND152} (chưa đối chiếu điều khoản)", False),
    ("TTLDTT", "xa", REFORM, None, f"{ND152} (chưa đối chiếu điều khoản)", False),
    ("THONVH", "xa", REFORM, None, f"{ND152} (chưa đối chiếu điều khoản)", False),
]

DOCUMENTS = {
    # form: [(name, mandatory, summary may replace, source, confirmed)]
    "LDTT": [("Báo cáo thành tích cá nhân", True, True, "Thủ tục xét danh hiệu (quy định cũ, đã đối chiếu)", True),
             ("Biên bản bình xét của đơn vị", True, False, "Thủ tục xét danh hiệu (quy định cũ, đã đối chiếu)", True)],
    "CSTDCS": [("Báo cáo thành tích cá nhân", True, True, "Thủ tục xét danh hiệu (quy định cũ, đã đối chiếu)", True),
               ("Biên bản bình xét của đơn vị", True, False, "Thủ tục xét danh hiệu (quy định cũ, đã đối chiếu)", True),
               ("Giấy chứng nhận / quyết định công nhận sáng kiến", True, False,
                "Thủ tục xét CSTĐ (quy định cũ, đã đối chiếu)", True)],
    "TTLDTT": [("Báo cáo thành tích tập thể", True, True, "Khung hồ sơ Luật 2022 (chưa đối chiếu)", False),
               ("Biên bản bình xét của đơn vị", True, False, "Khung hồ sơ Luật 2022 (chưa đối chiếu)", False)],
    "GDVH": [("Danh sách hộ đề nghị và biên bản bình xét của thôn", True, False,
              "Thủ tục công nhận Gia đình văn hóa (quy định cũ, đã đối chiếu)", True),
             ("Tóm tắt thành tích", False, True, "Thủ tục công nhận Gia đình văn hóa (quy định cũ, đã đối chiếu)",
              True)],
    "THONVH": [("Báo cáo thành tích của thôn", True, True, "Khung hồ sơ Luật 2022 (chưa đối chiếu)", False),
               ("Biên bản họp thôn", True, False, "Khung hồ sơ Luật 2022 (chưa đối chiếu)", False)],
    "GK_CTX": [("Tóm tắt thành tích", True, True, "Thủ tục đơn giản (chưa đối chiếu)", False)],
}


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    AwardPrerequisite = apps.get_model("awards", "AwardPrerequisite")
    AuthorityRule = apps.get_model("awards", "AuthorityRule")
    RequiredDocument = apps.get_model("awards", "RequiredDocument")
    StatisticalReportForm = apps.get_model("awards", "StatisticalReportForm")
    forms = {}
    for order, (code, name, category, subjects, periodicity, source, confirmed, heading) in enumerate(FORMS, 1):
        form, created = AwardForm.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "subject_kinds": subjects, "periodicity": periodicity,
            "legal_source": source, "valid_from": LAW_START, "confirmed": confirmed, "order": order,
            "certificate_heading": heading, "vote_threshold_percent": Decimal("70"),
            "quorum_percent": Decimal("50"), "vote_rule_source": VOTE_SOURCE, "vote_rule_confirmed": False,
        })
        forms[code] = form
        if not created:
            continue
        for doc_order, (doc_name, mandatory, replace, doc_source, doc_confirmed) in enumerate(DOCUMENTS[code], 1):
            RequiredDocument.objects.create(form=form, name=doc_name, mandatory=mandatory, summary_may_replace=replace,
                                            source=doc_source, confirmed=doc_confirmed, order=doc_order)
        for rule in AUTHORITY:
            if rule[0] == code:
                AuthorityRule.objects.create(form=form, level=rule[1], valid_from=rule[2], valid_to=rule[3],
                                             source=rule[4], confirmed=rule[5])
    ldtt, cstdcs = forms["LDTT"], forms["CSTDCS"]
    if not AwardPrerequisite.objects.filter(form=cstdcs, required=ldtt).exists():
        AwardPrerequisite.objects.create(
            form=cstdcs, required=ldtt, same_year=True, mandatory=True, confirmed=True,
            source="NĐ 91/2017 Điều 9 (đã đối chiếu qua Ban TĐKT TW); Luật 2022 giữ quy định (chưa đối chiếu)",
        )
    AwardForm.objects.filter(pk=cstdcs.pk).update(
        requires_initiative=True, cap_base=ldtt,
        initiative_source="NĐ 91/2017 Điều 9: có sáng kiến được cơ sở công nhận (đã đối chiếu); Luật 2022 (chưa đối chiếu)",
        min_service_months=10, min_service_mandatory=True,
        min_service_source="NĐ 91/2017: không xét người mới tuyển dụng dưới 10 tháng (đã đối chiếu quy định cũ)",
    )
    AwardForm.objects.filter(pk=ldtt.pk).update(
        min_service_months=10, min_service_mandatory=True,
        min_service_source="NĐ 91/2017: không xét người mới tuyển dụng dưới 10 tháng (đã đối chiếu quy định cũ)",
    )
    AwardForm.objects.filter(code__in=["LDTT", "CSTDCS", "TTLDTT", "GDVH", "THONVH"]).update(
        requires_registration=True,
        registration_source="Luật TĐKT 2022: danh hiệu thi đua xét trên cơ sở đăng ký thi đua (chưa đối chiếu điều khoản)",
    )
    StatisticalReportForm.objects.get_or_create(code="0602.N/BNV-TĐKT", defaults={
        "name": "Số lượng khen thưởng cấp Nhà nước", "legal_source": "Thông tư số 2/2023/TT-BNV ngày 23/3/2023",
        "due_day": 15, "due_month": 12, "confirmed": True,
    })


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
