"""core.importing and core.exporting: the checks every import and export shares."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core import exporting, importing
from core.tests.files import many_rows_xlsx, zip_bomb_xlsx


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x\",\"A\")", "'=HYPERLINK(\"http://x\",\"A\")"), ("+1", "'+1"), ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("Nguyễn Văn A", "Nguyễn Văn A"), (-1, -1), (None, None),
])
def test_neutralise(value, written):
    assert exporting.neutralise(value) == written


def test_a_defused_export_reads_back_as_typed():
    workbook = Workbook()
    sheet = workbook.active
    exporting.append_row(sheet, ["Tên"])
    exporting.append_row(sheet, ["=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert load_workbook(io.BytesIO(buffer.getvalue())).active["A2"].data_type == "s"
    sheet = importing.read_xlsx(SimpleUploadedFile("a.xlsx", buffer.getvalue()))
    assert sheet.rows == [(2, ["=1+1"])]


def test_a_ratio_bomb_under_the_size_limit_is_refused():
    data = zip_bomb_xlsx(expanded=64 * 1024 * 1024)  # 64 MiB: under 100 MiB, but 1000 times its size
    with pytest.raises(ValidationError) as error:
        importing.read_xlsx(SimpleUploadedFile("a.xlsx", data))
    assert error.value.messages[0].startswith("Tệp Excel nén bất thường (giải nén ra gấp")


def test_a_word_bomb_is_refused_too():
    data = zip_bomb_xlsx(expanded=1024 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        importing.read_docx(SimpleUploadedFile("a.docx", data))
    assert "khi giải nén lớn 1024,0 MB" in error.value.messages[0]


def test_the_row_cap_and_formulas():
    data = many_rows_xlsx([["x{n}"]], header=["Tên"], count=150)
    with pytest.raises(ValidationError) as error:
        importing.read_xlsx(SimpleUploadedFile("a.xlsx", data), max_rows=100)
    assert error.value.messages == ["Tệp có hơn 100 dòng dữ liệu (tối đa 100 dòng); hãy chia thành nhiều tệp."]
    assert len(importing.read_xlsx(SimpleUploadedFile("a.xlsx", data), max_rows=150).rows) == 150
    with pytest.raises(ValidationError) as error:
        importing.read_xlsx(SimpleUploadedFile("a.xlsx", _xlsx([["Tên"], ["=A1"]])))
    assert error.value.messages == ["Dòng 2, cột “Tên”: ô chứa công thức “=A1”. Hãy bỏ công thức, chỉ để lại chữ "
                                    "hoặc số."]


@pytest.mark.django_db
def test_admin_exports_are_defused(rf, admin_user, org):
    from django.contrib import admin as django_admin

    from units.models import Unit

    Unit.objects.create(organization=org, name="=HYPERLINK(\"http://x\",\"Thôn\")", kind=Unit.Kind.OTHER)
    model_admin = django_admin.site._registry[Unit]
    request = rf.get("/")
    request.user = admin_user
    (resource_class,) = model_admin.get_export_resource_classes(request)
    dataset = resource_class().export(queryset=Unit.objects.filter(organization=org))
    names = [row[dataset.headers.index("Tên đơn vị")] for row in dataset]
    assert "'=HYPERLINK(\"http://x\",\"Thôn\")" in names
