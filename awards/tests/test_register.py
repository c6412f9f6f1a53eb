import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from awards import excel, register, selectors
from awards.models import AwardRecord
from awards.selectors import RegisterFilters

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db
HEAD = list(register.IMPORT_HEADERS)


def _upload(rows):
    return SimpleUploadedFile("so.xlsx", xlsx_bytes([HEAD, *rows]))


def test_import_then_search_without_accents(org, vhxh, unit):
    result = register.register_import(organization=org, by=vhxh, upload=_upload([
        [2022, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "10/QĐ-UBND", "20/12/2022"],
        [2023, "Giấy khen của Chủ tịch UBND xã", "Tập thể", "Hội Nông dân xã", "", "", "", "12/QĐ-UBND", "18/12/2023"],
        [2023, "Gia đình văn hóa", "Hộ gia đình", "Đặng Văn Bảy", "", "Thôn Nà Lầm", "", "13/QĐ-UBND", "18/12/2023"],
    ]))
    assert result.created == 3 and result.skipped == []
    found = selectors.register_search(user=vhxh, filters=RegisterFilters(q="nguyen van a"))
    assert [r.display_name for r in found] == ["Nguyễn Văn A"]
    assert [r.display_name for r in selectors.register_search(user=vhxh, filters=RegisterFilters(q="na lam"))] == [
        "Đặng Văn Bảy"]
    assert selectors.register_search(user=vhxh, filters=RegisterFilters(q="hoi nong dan", year=2023)).count() == 1
    assert selectors.register_search(user=vhxh, filters=RegisterFilters(q="lao dong tien tien")).count() == 1
    # History of the unit across years.
    record = AwardRecord.objects.get(display_name="Hội Nông dân xã")
    assert record.unit == unit and selectors.subject_history(user=vhxh, key=f"unit:{unit.pk}").count() == 1


def test_import_is_all_or_nothing_with_row_errors(org, vhxh):
    with pytest.raises(ValidationError) as error:
        register.register_import(organization=org, by=vhxh, upload=_upload([
            [2022, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "", "", "", "", ""],
            ["năm", "Lao động tiên tiến", "Cá nhân", "Trần B", "", "", "", "", ""],
            [2022, "Lao động tiên tiến", "Ai đó", "Trần C", "", "", "", "", "32/13/2022"],
        ]))
    messages = error.value.messages
    assert any(m.startswith("Dòng 3: năm") for m in messages)
    assert any(m.startswith("Dòng 4: đối tượng") for m in messages)
    assert any(m.startswith("Dòng 4: ngày") for m in messages)
    assert not AwardRecord.objects.exists()


def test_other_commune_does_not_see_the_register(org, vhxh, outsider):
    register.register_import(organization=org, by=vhxh, upload=_upload([
        [2022, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "", "", "", "", ""]]))
    assert not selectors.register_search(user=outsider, filters=RegisterFilters(q="nguyen")).exists()


def test_statistics_and_report_0602(org, vhxh):
    register.register_import(organization=org, by=vhxh, upload=_upload([
        [2024, "Lao động tiên tiến", "Cá nhân", "A", "", "", "", "", ""],
        [2024, "Lao động tiên tiến", "Cá nhân", "B", "", "", "", "", ""],
        [2024, "Gia đình văn hóa", "Hộ gia đình", "C", "", "", "", "", ""],
        [2023, "Lao động tiên tiến", "Cá nhân", "A", "", "", "", "", ""],
    ]))
    rows = selectors.statistics(user=vhxh, year=2024)
    by_form = {r.form_name: r for r in rows}
    assert by_form["Lao động tiên tiến"].counts["ca_nhan"] == 2 and by_form["Gia đình văn hóa"].total == 1
    from awards.models import StatisticalReportForm

    form = StatisticalReportForm.objects.get(code__startswith="0602")
    content = excel.report_0602_workbook(organization=org, year=2024, rows=rows, form=form)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "Biểu số 0602.N/BNV-TĐKT"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[-1][1] == "Tổng cộng" and values[-1][-1] == 3
    assert "15 tháng 12" in sheet["A3"].value
