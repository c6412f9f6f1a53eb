"""A commune with its catalog (seeded by migration), people of two units, and helpers to walk a dossier."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import services
from awards.models import AwardForm, CouncilMember, Dossier
from units.models import Unit
from units.tests.factories import PersonFactory, UnitFactory

TODAY = dt.date(2024, 12, 20)


def pdf_upload(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


@pytest.fixture
def forms_by_code(db):
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def village(org):
    return UnitFactory(organization=org, name="Thôn Nà Lầm", kind=Unit.Kind.VILLAGE)


@pytest.fixture
def person(unit):
    return PersonFactory(unit=unit, full_name="Nguyễn Văn An", position="Chủ tịch Hội", started_on=dt.date(2015, 3, 1))


@pytest.fixture
def other_person(other_unit):
    return PersonFactory(unit=other_unit, full_name="Lê Thị Bình", position="Bí thư",
                         started_on=dt.date(2016, 3, 1))


def ready_dossier(*, org, by, form, nominees, unit=None, year=2024):
    """A draft with its required documents uploaded and the summary typed."""
    dossier = services.dossier_create(organization=org, by=by, form=form, year=year, unit=unit,
                                      summary="Hoàn thành xuất sắc nhiệm vụ.")
    for kwargs in nominees:
        services.nominee_add(dossier=dossier, by=by, **kwargs)
    for required in form.required_documents.filter(summary_may_replace=False):
        services.dossier_document_upload(dossier=dossier, by=by, upload=pdf_upload(), required=required)
    return dossier


def accepted_dossier(**kwargs):
    vhxh = kwargs.pop("vhxh")
    dossier = ready_dossier(**kwargs)
    services.dossier_transition(obj=dossier, by=kwargs["by"], to=Dossier.Status.SUBMITTED, today=TODAY)
    services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.ACCEPTED, today=TODAY)
    return dossier


@pytest.fixture
def council(org, vhxh):
    council = services.council_ensure(organization=org, by=vhxh, year=2024)
    for name, role in [("Sầm Văn Thao", CouncilMember.Role.CHAIR), ("Hoàng Thị Hoa", CouncilMember.Role.SECRETARY),
                       ("Lý Văn Cường", CouncilMember.Role.MEMBER), ("Vi Thị Dung", CouncilMember.Role.MEMBER)]:
        services.council_member_add(council=council, by=vhxh, full_name=name, role=role)
    return council


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
