import datetime as dt

import pytest

from awards import checks
from awards.demo import demo_load_awards
from awards.models import AwardDocument, AwardRecord, CertificatePrint, Dossier
from plans.demo import demo_load

pytestmark = pytest.mark.django_db


def test_demo_year_end_is_complete_and_idempotent():
    report = demo_load(today=dt.date(2024, 12, 31), demo_mode=True)
    organization = report.organization
    # demo_load calls demo_load_awards at its end.
    decision = AwardDocument.objects.get(organization=organization, kind="qd")
    assert decision.status == AwardDocument.Status.SIGNED and decision.sha256
    assert AwardDocument.objects.get(organization=organization, kind="ttr").status == AwardDocument.Status.SIGNED
    assert CertificatePrint.objects.filter(record__document=decision).exists()
    assert set(AwardRecord.objects.filter(organization=organization).values_list("year", flat=True)) >= {2022, 2023,
                                                                                                       2024}
    units = set(Dossier.objects.filter(organization=organization).values_list("unit__name", flat=True))
    assert {"Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã", "Thôn Nà Lốc"} <= units
    drafts = Dossier.objects.filter(organization=organization, status=Dossier.Status.DRAFT)
    problems = [p for d in drafts for p in checks.dossier_problems(dossier=d, today=dt.date(2024, 12, 31))]
    assert any("sáng kiến" in p for p in problems) and any("Đã được công nhận" in p for p in problems)
    count = AwardRecord.objects.count()
    assert demo_load_awards(organization=organization, today=dt.date(2024, 12, 31)) == {"created": False}
    assert AwardRecord.objects.count() == count
