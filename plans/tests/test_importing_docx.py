"""Word (.docx) plan import: files built here in several layouts (the seed typed as Word among them), the
project's own .docx export read back, the browser flow with a row corrected in the preview, and the command."""

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans import importing, services_import
from plans.models import Plan, Task
from plans.tests import docx_files as files
from plans.tests.docx_files import SEED_TASKS, upload
from units.models import Unit
from units.services import system_account_get
from units.tests.factories import UnitFactory

IMPORT_URL = reverse("plans:import")


@pytest.fixture
def catalog(org):
    return {
        "ubnd": UnitFactory(organization=org, name="UBND xã", kind=Unit.Kind.PEOPLES_COMMITTEE),
        "hd": UnitFactory(organization=org, name="HĐ TĐKT xã", kind=Unit.Kind.COUNCIL),
        "vhxh": UnitFactory(
            organization=org, name="Công chức Văn hóa – Xã hội xã", kind=Unit.Kind.OFFICIAL,
            aliases="Công chức Văn hóa – Xã hội\nCông chức Văn hóa – Xã hội phụ trách TĐKT xã",
        ),
        "lq": UnitFactory(organization=org, name="Các đơn vị liên quan", kind=Unit.Kind.OTHER),
    }


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def preview_of(data: bytes, org, year=2024, corrections=None):
    return importing.read_plan_file(upload(data), year=year, units=org.units.all(), corrections=corrections)


def import_file(data: bytes, org, year=2024, create_units=False):
    preview = preview_of(data, org, year=year)
    assert preview.is_valid, preview.errors
    return services_import.plan_import_file(
        organization=org, year=year, by=system_account_get(organization=org), preview=preview,
        create_units=create_units,
    )


def tasks_of(plan):
    return [
        (t.section.kind, t.number, t.content, [tu.unit.name for tu in t.task_units.all()], t.deadline)
        for t in Task.objects.filter(plan=plan).select_related("section").prefetch_related("task_units__unit")
        .order_by("number")
    ]


# --- the seed, typed as Word ------------------------------------------------------------------------------


def test_the_seed_plan_reads_every_task_unit_and_text(org, catalog):
    preview = preview_of(files.seed_plan_docx(), org)
    assert preview.is_valid, preview.errors
    assert preview.source == "docx" and preview.unknown_units == []
    assert [(row.section_kind, row.content) for row in preview.rows] == SEED_TASKS
    assert [row.number for row in preview.rows] == list(range(1, 17))
    units = [[match.unit.name for match in row.units] for row in preview.rows]
    vhxh, hd, ubnd, lq = "Công chức Văn hóa – Xã hội xã", "HĐ TĐKT xã", "UBND xã", "Các đơn vị liên quan"
    assert units[0] == [ubnd, vhxh]
    # Task 2's last unit was carried over the page break ("Công chức Văn hóa –" / "Xã hội"); "HD" is "HĐ".
    assert units[1] == [ubnd, hd, vhxh]
    assert units[5] == [hd, vhxh, lq]  # a non-breaking space and final dots
    assert units[15] == [vhxh]
    # Hand-typed numbers are reported, never used.
    warnings = " ".join(preview.warnings)
    assert "TT “09” khác số thứ tự tự động (9)" in warnings
    assert "TT “11” khác số thứ tự tự động (10)" in warnings
    assert "TT “12” khác số thứ tự tự động (12)" not in warnings  # the first 12 is the 11th task …
    assert "TT “12” khác số thứ tự tự động (11)" in warnings and "TT “16” khác" not in warnings
    assert "bảng nhiệm vụ được ngắt và gõ lại dòng tiêu đề" in warnings
    texts = preview.texts
    assert texts.title == "Công tác thi đua, khen thưởng năm 2024"
    assert texts.legal_bases == files.SEED_BASES
    assert texts.purpose == files.SEED_PURPOSE and texts.requirements == files.SEED_REQUIREMENTS
    assert texts.implementation == files.SEED_IMPLEMENTATION
    assert texts.closing == files.SEED_CLOSING
    assert texts.recipients == files.SEED_RECIPIENTS
    assert (texts.signer_title, texts.signer_name) == ("CHỦ TỊCH", "Sầm Văn Thao")
    assert texts.number == "" and texts.issued_on is None  # the seed has no header block


def test_importing_the_seed_makes_a_complete_plan_and_twice_changes_nothing(client, org, catalog, vhxh):
    result = import_file(files.seed_plan_docx(), org)
    plan = result.plan
    assert not result.unchanged and result.tasks_created == 16
    assert plan.title == "Công tác thi đua, khen thưởng năm 2024"
    assert plan.legal_basis_lines() == files.SEED_BASES
    assert plan.purpose_lines() == files.SEED_PURPOSE and plan.requirement_lines() == files.SEED_REQUIREMENTS
    assert plan.implementation_lines() == files.SEED_IMPLEMENTATION and plan.closing == files.SEED_CLOSING
    assert [(r.name, r.note) for r in plan.recipients.order_by("order")] == files.SEED_RECIPIENTS
    assert plan.signer_name == "Sầm Văn Thao"
    before = [(t.pk, t.updated_at) for t in Task.objects.filter(plan=plan).order_by("pk")]
    plan_stamp = Plan.objects.get(pk=plan.pk).updated_at

    again = import_file(files.seed_plan_docx(), org)
    assert again.unchanged and again.plan == plan
    assert [(t.pk, t.updated_at) for t in Task.objects.filter(plan=plan).order_by("pk")] == before
    assert Plan.objects.get(pk=plan.pk).updated_at == plan_stamp

    client.force_login(vhxh)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "(chưa nhập)" not in page
    assert "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024" in page
    assert "Đẩy mạnh các phong trào thi đua" in page and "Giao bộ phận Văn hóa – xã hội xã" in page


# --- other layouts ----------------------------------------------------------------------------------------


def test_split_unit_columns_time_column_header_and_signature_tables(org, catalog):
    preview = preview_of(files.split_columns_docx(), org)
    assert preview.is_valid, preview.errors
    rows = [(r.section_kind, r.content, [m.label for m in r.units], r.deadline) for r in preview.rows]
    assert rows == [
        ("q1", "Ban hành kế hoạch", ["UBND xã", "HĐ TĐKT xã", "Các đơn vị liên quan"], dt.date(2024, 1, 15)),
        ("q1", "Phát động thi đua", ["HĐ TĐKT xã", "UBND xã", "Các đơn vị liên quan"], dt.date(2024, 1, 31)),
        ("q2", "Sơ kết 6 tháng", ["UBND xã"], dt.date(2024, 6, 30)),
        ("q4", "Tổng kết năm", ["UBND xã", "HĐ TĐKT xã"], dt.date(2024, 12, 20)),
    ]
    texts = preview.texts
    assert (texts.number, texts.issued_on) == ("07/KH-UBND", dt.date(2024, 1, 8))
    assert texts.title == "Tổ chức phong trào thi đua năm 2024"
    assert texts.purpose == ["Tạo khí thế thi đua sôi nổi."] and texts.requirements == ["Thiết thực, hiệu quả."]
    assert texts.recipients == [("UBND huyện", "(b/c)"), ("Lưu: VT", "")]
    assert (texts.signer_authority, texts.signer_title, texts.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Hoàng Văn Nam")
    assert any("KT. CHỦ TỊCH" in notice for notice in preview.warnings)  # reported, not lost silently


@pytest.mark.parametrize(("typed", "expected"), [
    ("Trước 15/01", dt.date(2024, 1, 15)), ("Tháng 6", dt.date(2024, 6, 30)), ("tháng 2", dt.date(2024, 2, 29)),
    ("20/11/2024", dt.date(2024, 11, 20)), ("Quý III", dt.date(2024, 9, 30)), ("Thường xuyên", None), ("", None),
])
def test_deadlines_as_clerks_type_them(typed, expected):
    assert importing.parse_deadline(typed, year=2024) == expected


def test_a_bad_deadline_names_the_row(org, catalog):
    document = docx.Document()
    files.add_table(document, [files.HEADER + ["Thời gian"], files.Merged("QUÝ I"),
                               ["1", "Việc một", "- UBND xã", "Khi nào xong"]])
    preview = preview_of(files.docx_bytes(document), org)
    assert preview.errors == [
        "Dòng 3: Hạn hoàn thành “Khi nào xong” không hợp lệ; ghi ngày dạng dd/mm/yyyy (hoặc “Trước 15/01”, "
        "“Tháng 6”)."
    ]


def test_a_word_file_that_is_not_a_plan_gets_a_clear_message(org, catalog):
    with pytest.raises(ValidationError) as error:
        preview_of(files.letter_docx(), org)
    assert error.value.messages == [
        "Tệp Word này không phải kế hoạch nhập được: không tìm thấy bảng nhiệm vụ có các cột “TT”, “Nội dung” và "
        "“Đơn vị/Bộ phận thực hiện”."
    ]
    with pytest.raises(ValidationError) as error:
        preview_of(b"%PDF-1.4 not a plan", org)
    assert "không đúng định dạng" in error.value.messages[0]


def test_the_projects_own_docx_export_reads_back_unchanged(client, org, catalog, vhxh):
    """Round trip: the plan's Word export (downloaded as a user does, whichever module renders it) imports
    back into the same plan and changes nothing; into another year it gives the same tasks and texts."""
    plan = import_file(files.seed_plan_docx(), org).plan
    services_import.services.plan_update(plan=plan, by=vhxh, number="03/KH-UBND", issued_on=dt.date(2024, 1, 5),
                                         signer_authority="TM. ỦY BAN NHÂN DÂN")
    client.force_login(vhxh)
    response = client.get(reverse("plans:docx", args=[plan.pk]))
    assert response.status_code == 200
    exported = b"".join(response.streaming_content) if response.streaming else response.content

    preview = preview_of(exported, org)
    assert preview.is_valid, preview.errors
    assert preview.texts.number == "03/KH-UBND" and preview.texts.issued_on == dt.date(2024, 1, 5)
    again = services_import.plan_import_file(organization=org, year=2024, by=vhxh, preview=preview,
                                             create_units=False)
    assert again.unchanged, (tasks_of(plan), preview.texts)

    copy = import_file(exported, org, year=2025).plan
    shifted = [(kind, number, content, units) for kind, number, content, units, _deadline in tasks_of(plan)]
    assert [(k, n, c, u) for k, n, c, u, _d in tasks_of(copy)] == shifted
    for name in ("title", "legal_bases", "purpose", "requirements", "implementation", "closing", "signer_name",
                 "signer_title", "signer_authority"):
        assert getattr(copy, name) == getattr(plan, name), name
    assert list(copy.recipients.values_list("name", "note")) == list(plan.recipients.values_list("name", "note"))


# --- the browser flow: preview, correct a row in place, confirm --------------------------------------------


def _bad_plan() -> bytes:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác thi đua, khen thưởng năm 2024")
    files.add_table(document, [
        files.HEADER, files.Merged("QUÝ I"),
        ["1", "Ban hành kế hoạch", "- UBND xã"],
        ["2", "Phát động thi đua", ""],  # no unit: an error the officer fixes in the preview
    ])
    return files.docx_bytes(document)


def test_upload_fix_a_row_in_place_and_confirm(client, org, catalog, vhxh):
    client.force_login(vhxh)
    response = client.post(IMPORT_URL, {"step": "upload", "year": 2024,
                                        "file": upload(_bad_plan(), name="ke-hoach-2024.docx")})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dòng 4: chưa ghi Đơn vị/Bộ phận thực hiện." in page
    assert response.context["token"] is None and 'name="step" value="confirm"' not in page
    token = response.context["fix_token"]
    assert not Plan.objects.exists()

    bad = client.post(IMPORT_URL, {"step": "fix", "token": token, "line": 4, "quarter": "QUÝ V", "content": "x",
                                   "units": "UBND xã"})
    assert bad.status_code == 422 and any("Quý" in problem for problem in bad.context["problems"])

    fixed = client.post(IMPORT_URL, {"step": "fix", "token": token, "line": 4, "quarter": "QUÝ II",
                                     "content": "Phát động phong trào thi đua", "units": "HĐ TĐKT xã\nUBND xã",
                                     "deadline": "Tháng 5"})
    assert fixed.status_code == 200 and fixed.context["preview"].is_valid
    assert "Đã sửa dòng 4" in fixed.content.decode()
    assert not Plan.objects.exists()  # a correction writes nothing but the session

    done = client.post(IMPORT_URL, {"step": "confirm", "token": fixed.context["token"]})
    plan = Plan.objects.get(organization=org, year=2024)
    assert done.status_code == 302 and done.url == reverse("plans:detail", args=[plan.pk])
    assert tasks_of(plan) == [
        ("q1", 1, "Ban hành kế hoạch", ["UBND xã"], dt.date(2024, 3, 31)),
        ("q2", 2, "Phát động phong trào thi đua", ["HĐ TĐKT xã", "UBND xã"], dt.date(2024, 5, 31)),
    ]
    assert plan.title == "Công tác thi đua, khen thưởng năm 2024"


def test_a_fix_needs_the_session_that_uploaded(client, org, catalog, vhxh, chutich):
    client.force_login(vhxh)
    response = client.post(IMPORT_URL, {"step": "upload", "year": 2024, "file": upload(_bad_plan())})
    token = response.context["fix_token"]
    from django.test import Client

    other = Client()
    other.force_login(chutich)
    answer = other.post(IMPORT_URL, {"step": "fix", "token": token, "line": 4, "quarter": "QUÝ I",
                                     "content": "x", "units": "UBND xã"})
    assert answer.status_code == 302 and answer.url == IMPORT_URL


# --- the command ------------------------------------------------------------------------------------------


def test_import_plan_command_reads_a_docx(org, catalog, tmp_path):
    path = Path(tmp_path) / "ke-hoach-2024.docx"
    path.write_bytes(files.seed_plan_docx())
    out = io.StringIO()
    call_command("import_plan", str(path), "--org", org.slug, "--year", "2024", stdout=out)
    output = out.getvalue()
    plan = Plan.objects.get(organization=org, year=2024)
    assert "Đã tạo 16 nhiệm vụ:" in output and "Lưu ý: Dòng 14: TT “09”" in output
    assert "Phần văn bản đã nhập: Trích yếu, Căn cứ, Mục đích, Yêu cầu, Tổ chức thực hiện, Câu kết, Nơi nhận, " \
           "Người ký." in output
    assert plan.signer_name == "Sầm Văn Thao"
    out = io.StringIO()
    call_command("import_plan", str(path), "--org", org.slug, "--year", "2024", stdout=out)
    assert "đã đúng như tệp; không có gì thay đổi" in out.getvalue()

    letter = Path(tmp_path) / "cong-van.docx"
    letter.write_bytes(files.letter_docx())
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(letter), "--org", org.slug, "--year", "2024", stdout=io.StringIO())
    assert "không phải kế hoạch" in str(error.value)
