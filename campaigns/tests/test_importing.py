"""Household import: preview row by row, all or nothing, formulas refused, duplicates of one household named."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from campaigns import importing, services
from campaigns.models import Household, RegistrationLine

HEADER = ["Họ tên chủ hộ", "Địa chỉ", "Danh hiệu đăng ký", "Ghi chú"]


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ho.xlsx", buffer.getvalue())


def test_good_file_imports_every_household(vhxh, village_registration, titles):
    upload = xlsx([("Hoàng Văn Bình", "Xóm 1", "Gia đình văn hóa", ""), ("Nông Thị Hoa", "Xóm 2", "", ""),
                   ("Lương Văn Cường", "Xóm 2", "GDVH", "Hộ mới")])
    preview = importing.read_household_workbook(upload, registration=village_registration)
    assert preview.is_valid and preview.new_count == 3
    lines = services.registration_households_import(registration=village_registration, by=vhxh, rows=preview.rows)
    assert len(lines) == 3
    assert {line.title.code for line in lines} == {"GDVH"}
    assert Household.objects.filter(village=village_registration.unit).count() == 3


def test_known_household_is_reused(vhxh, village_registration, village):
    services.household_create(village=village, by=vhxh, head_name="Hoàng Văn Bình", address="Xóm 1")
    preview = importing.read_household_workbook(xlsx([("Hoang van Binh", "xóm 1", "", "")]),
                                                registration=village_registration)
    assert preview.rows[0].existing is not None
    services.registration_households_import(registration=village_registration, by=vhxh, rows=preview.rows)
    assert Household.objects.filter(village=village).count() == 1


def test_bad_rows_are_named_and_nothing_is_saved(vhxh, village_registration):
    upload = xlsx([("Hoàng Văn Bình", "Xóm 1", "", ""), ("", "Xóm 2", "", ""),
                   ("Nông Thị Hoa", "Xóm 3", "Lao động tiên tiến", "")])
    preview = importing.read_household_workbook(upload, registration=village_registration)
    assert not preview.is_valid
    assert any(m.startswith("Dòng 3: chưa ghi Họ tên chủ hộ") for m in preview.errors)
    wrong_title = "Dòng 4: danh hiệu “Lao động tiên tiến” không dành cho hộ gia đình"
    assert any(m.startswith(wrong_title) for m in preview.errors)
    with pytest.raises(ValidationError):
        services.registration_households_import(registration=village_registration, by=vhxh, rows=preview.rows)
    assert not Household.objects.exists() and not RegistrationLine.objects.exists()


def test_duplicates_of_one_household_are_reported(village_registration):
    upload = xlsx([("Hoàng Văn Bình", "Xóm 1", "", ""), ("Nông Thị Hoa", "Xóm 1", "", ""),
                   ("HOÀNG  VĂN BÌNH", "xom 1", "Gia đình văn hóa", "")])
    preview = importing.read_household_workbook(upload, registration=village_registration)
    assert preview.errors == ["Dòng 4: hộ “HOÀNG VĂN BÌNH” (xom 1) trùng với dòng 2."]


def test_same_name_other_address_is_another_household(village_registration):
    upload = xlsx([("Hoàng Văn Bình", "Xóm 1", "", ""), ("Hoàng Văn Bình", "Xóm 3", "", "")])
    assert importing.read_household_workbook(upload, registration=village_registration).is_valid


def test_household_already_registered_is_an_error(vhxh, village_registration, village, titles):
    household = services.household_create(village=village, by=vhxh, head_name="Hoàng Văn Bình", address="Xóm 1")
    services.registration_line_add(registration=village_registration, by=vhxh, title=titles["GDVH"],
                                   household=household)
    preview = importing.read_household_workbook(xlsx([("Hoàng Văn Bình", "Xóm 1", "", "")]),
                                                registration=village_registration)
    assert preview.errors and "đã có trong bản đăng ký" in preview.errors[0]


def test_formulas_are_refused(village_registration):
    upload = xlsx([("Hoàng Văn Bình", "Xóm 1", "", ""), ("=HYPERLINK(\"http://x\")", "Xóm 2", "", "")])
    with pytest.raises(ValidationError) as caught:
        importing.read_household_workbook(upload, registration=village_registration)
    assert "Dòng 3" in caught.value.messages[0] and "công thức" in caught.value.messages[0]


def test_file_checked_by_content_and_rows(village_registration):
    fake = SimpleUploadedFile("ho.xlsx", b"MZ\x90\x00 not a workbook")
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        importing.read_household_workbook(fake, registration=village_registration)
    many = xlsx([(f"Chủ hộ {n}", "Xóm 1", "", "") for n in range(6)])
    with pytest.raises(ValidationError, match="tối đa 5 dòng"):
        importing.read_household_workbook(many, registration=village_registration, max_rows=5)


def test_missing_head_column(village_registration):
    with pytest.raises(ValidationError, match="Thiếu cột “Họ tên chủ hộ”"):
        importing.read_household_workbook(xlsx([("a", "b")], header=["Tên", "Địa chỉ"]),
                                          registration=village_registration)


def test_import_into_non_village_refused(vhxh, registration):
    with pytest.raises(ValidationError):
        services.registration_households_import(registration=registration, by=vhxh, rows=[])
