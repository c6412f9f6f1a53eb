"""The award register import through the one safe path: preview, de-duplication, zip bombs, the row cap,
Vietnamese errors, and an export that never writes a live formula."""

import functools
import io
import time
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from awards import excel, register, selectors
from awards.models import AwardRecord
from core.tests.files import many_rows_xlsx, zip_bomb_xlsx

from .conftest import xlsx_bytes

pytestmark = pytest.mark.django_db
HEAD = list(register.IMPORT_HEADERS)
TWO_YEARS = [
    [2022, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "10/QĐ-UBND", "20/12/2022"],
    [2023, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "12/QĐ-UBND", "18/12/2023"],
    [2023, "Lao động tiên tiến", "Cá nhân", "Trần Thị B", "Hội Nông dân xã", "", "", "12/QĐ-UBND", "18/12/2023"],
    [2023, "Gia đình văn hóa", "Hộ gia đình", "Đặng Văn Bảy", "", "Thôn Nà Lầm", "", "13/QĐ-UBND", "18/12/2023"],
]


def _upload(rows, name="so.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes([HEAD, *rows]))


def _total(user, year):
    return sum(row.total for row in selectors.statistics(user=user, year=year))


@functools.cache
def _bomb() -> bytes:
    return zip_bomb_xlsx()


def test_same_file_twice_changes_nothing_and_reports_what_was_skipped(org, vhxh):
    first = register.register_import(organization=org, by=vhxh, upload=_upload(TWO_YEARS))
    assert first.created == 4 and first.skipped == []
    assert _total(vhxh, 2023) == 3
    ids = sorted(AwardRecord.objects.values_list("pk", flat=True))

    preview = register.register_preview(organization=org, upload=_upload(TWO_YEARS))
    assert preview.is_valid and preview.new_rows == []
    second = register.register_import(organization=org, by=vhxh, upload=_upload(TWO_YEARS))
    assert second.created == 0
    assert second.skipped[0] == ("Dòng 2: Nguyễn Văn A – Lao động tiên tiến năm 2022 (QĐ 10/QĐ-UBND) đã có trong "
                                 "sổ; bỏ qua.")
    assert len(second.skipped) == 4
    assert sorted(AwardRecord.objects.values_list("pk", flat=True)) == ids
    assert _total(vhxh, 2023) == 3 and _total(vhxh, 2022) == 1
    by_form = {row.form_name: row.total for row in selectors.statistics(user=vhxh, year=2023)}
    assert by_form["Lao động tiên tiến"] == 2  # the 2023 statistics stay at 2, not 4


def test_a_different_decision_is_a_different_award_and_a_repeated_row_is_skipped(org, vhxh):
    register.register_import(organization=org, by=vhxh, upload=_upload(TWO_YEARS[:1]))
    again = [TWO_YEARS[0][:7] + ["99/QĐ-UBND", "21/12/2022"], TWO_YEARS[1], TWO_YEARS[1]]
    result = register.register_import(organization=org, by=vhxh, upload=_upload(again))
    assert result.created == 2
    assert result.skipped == ["Dòng 4: Nguyễn Văn A – Lao động tiên tiến năm 2023 (QĐ 12/QĐ-UBND) trùng dòng 3 "
                              "của tệp; bỏ qua."]


def test_a_zip_bomb_is_refused_before_it_is_expanded(org, vhxh):
    data = _bomb()
    assert len(data) < 1.2 * 1024 * 1024  # about 1 MB on disk, 1 GiB inside
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        register.register_preview(organization=org, upload=SimpleUploadedFile("bom.xlsx", data))
    elapsed = time.monotonic() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.value.messages == [
        "Tệp Excel khi giải nén lớn 1024,0 MB, quá giới hạn 100,0 MB; tệp không được mở. Hãy chỉ để lại phần dữ "
        "liệu cần nhập."
    ]
    assert peak < 20 * 1024 * 1024 and elapsed < 2
    assert not AwardRecord.objects.exists()


def test_a_100k_row_file_is_refused_by_the_row_cap_quickly(org, vhxh):
    data = many_rows_xlsx([[2023, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn {n}", "Hội Nông dân xã", "", "",
                            "15/QĐ-UBND", "20/12/2023"]], header=HEAD, count=100_000)
    started = time.monotonic()
    with pytest.raises(ValidationError) as error:
        register.register_preview(organization=org, upload=SimpleUploadedFile("lon.xlsx", data))
    elapsed = time.monotonic() - started
    assert error.value.messages == [
        "Tệp có hơn 2.000 dòng dữ liệu (tối đa 2.000 dòng); hãy chia thành nhiều tệp."]
    assert elapsed < 5  # stops at row 2 001 instead of reading 100 000 (208 s before)


def test_errors_are_vietnamese_never_exception_text(org, vhxh):
    with pytest.raises(ValidationError) as error:
        register.register_preview(organization=org, upload=SimpleUploadedFile("hong.xlsx", b"PK\x03\x04 hong"))
    assert error.value.messages == ["Không đọc được Tệp Excel (tệp hỏng)."]
    with pytest.raises(ValidationError) as error:
        register.register_preview(organization=org, upload=_upload([[2023, "=HYPERLINK(\"http://x\",\"A\")",
                                                                      "Cá nhân", "A", "", "", "", "", ""]]))
    assert error.value.messages[0].startswith("Dòng 2, cột “Danh hiệu, hình thức”: ô chứa công thức")
    with pytest.raises(ValidationError) as error:
        register.register_preview(organization=org, upload=SimpleUploadedFile(
            "sai.xlsx", xlsx_bytes([["Năm", "Tên"], [2023, "A"]])))
    assert error.value.messages[0].startswith("Thiếu cột “Danh hiệu, hình thức”, “Đối tượng”")
    preview = register.register_preview(organization=org, upload=_upload([
        [2023, "Lao động tiên tiến", "Cá nhân", "A" * 300, "", "", "", "", "31/02/2023"]]))
    assert preview.errors == ["Dòng 2: ngày quyết định “31/02/2023” không đúng dạng dd/mm/yyyy.",
                              "Dòng 2: cột “Họ tên / Tên tập thể” dài quá 250 ký tự."]


def test_export_neutralises_formulas(org, vhxh):
    register.register_import(organization=org, by=vhxh, upload=_upload([
        [2023, "Lao động tiên tiến", "Cá nhân", "+Nguyễn Văn A", "@Hội", "-", "", "", ""]]))
    sheet = load_workbook(io.BytesIO(excel.register_workbook(AwardRecord.objects.all()))).active
    row = [cell.value for cell in sheet[2]]
    assert row[3:6] == ["'+Nguyễn Văn A", "'@Hội", "'-"]
    assert all(cell.data_type == "s" for cell in sheet[2][3:6])


def test_view_preview_then_confirm_twice(client, org, vhxh):
    client.force_login(vhxh)
    url = reverse("awards:register_import")
    preview = client.post(url, {"file": _upload(TWO_YEARS)})
    assert preview.status_code == 200 and "4</strong> dòng sẽ được thêm" in preview.content.decode()
    assert not AwardRecord.objects.exists()  # a preview writes nothing
    done = client.post(url, {"step": "confirm", "token": preview.context["token"]})
    assert done.status_code == 302 and AwardRecord.objects.count() == 4
    again = client.post(url, {"file": _upload(TWO_YEARS)})
    page = again.content.decode()
    assert "0</strong> dòng sẽ được thêm" in page and "4</strong> dòng bỏ qua" in page
    client.post(url, {"step": "confirm", "token": again.context["token"]})
    assert AwardRecord.objects.count() == 4
    bomb = client.post(url, {"file": SimpleUploadedFile("bom.xlsx", _bomb())})
    assert bomb.status_code == 422 and "khi giải nén lớn 1024,0 MB" in bomb.content.decode()
