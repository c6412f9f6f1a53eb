"""In a browser: vhxh imports last year's Word plan (preview, fix a bad row, confirm), sees every task, unit and
text, and copies it to next year; vhxh imports the register of two past years twice and nothing changes."""

import datetime as dt

import docx
import pytest
import time_machine
from openpyxl import Workbook
from playwright.sync_api import expect

from awards import register
from awards.models import AwardRecord
from plans.models import Plan, Task
from plans.tests import docx_files as files
from units.models import Unit
from units.tests.factories import UnitFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(org):
    UnitFactory(organization=org, name="UBND xã", kind=Unit.Kind.PEOPLES_COMMITTEE)
    UnitFactory(organization=org, name="HĐ TĐKT xã", kind=Unit.Kind.COUNCIL)
    UnitFactory(organization=org, name="Công chức Văn hóa – Xã hội xã", kind=Unit.Kind.OFFICIAL,
                aliases="Công chức Văn hóa – Xã hội\nCông chức Văn hóa – Xã hội phụ trách TĐKT xã")
    UnitFactory(organization=org, name="Các đơn vị liên quan", kind=Unit.Kind.OTHER)


def _seed_with_a_bad_row() -> bytes:
    """The seed as typed in Word, with task 7's units left blank by the clerk."""
    document = docx.Document(__import__("io").BytesIO(files.seed_plan_docx()))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == "7":
                for paragraph in row.cells[2].paragraphs:
                    paragraph.text = ""
    return files.docx_bytes(document)


def test_import_last_years_word_plan_fix_a_row_and_copy_to_next_year(page, org, catalog, vhxh, tmp_path):
    path = tmp_path / "ke-hoach-tdkt-2024.docx"
    path.write_bytes(_seed_with_a_bad_row())
    with time_machine.travel(dt.datetime(2025, 1, 6, 9, 0), tick=True):
        login(page, "t_vhxh")
        page.goto("/plans/")
        page.get_by_role("link", name="Nhập từ Excel/Word").click()
        page.get_by_label("Năm của kế hoạch").fill("2024")
        page.get_by_label("Tệp kế hoạch: Excel (.xlsx) hoặc Word (.docx)").set_input_files(str(path))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        expect(page.get_by_test_id("import-errors")).to_contain_text("chưa ghi Đơn vị/Bộ phận thực hiện")
        expect(page.get_by_test_id("import-texts")).to_contain_text("Căn cứ, Mục đích, Yêu cầu, Tổ chức thực hiện")
        expect(page.get_by_test_id("plan-import-confirm")).to_have_count(0)

        # --- fix the row in place, without going back to the file ------------------------------------
        fix = page.get_by_test_id("fix-row-12")
        fix.get_by_label("Đơn vị (mỗi đơn vị một dòng)").fill("HĐ TĐKT xã\nCông chức Văn hóa – Xã hội xã")
        fix.get_by_label("Hạn hoàn thành").fill("Tháng 6")
        fix.get_by_role("button", name="Lưu dòng 12").click()
        expect(page.get_by_test_id("import-fixed")).to_contain_text("Đã sửa dòng 12")
        expect(page.get_by_test_id("import-errors")).to_have_count(0)
        page.get_by_role("button", name="Xác nhận nhập 16 nhiệm vụ").click()

        # --- every task, unit and text --------------------------------------------------------------------
        expect(page.get_by_text("Đã nhập 16 nhiệm vụ vào kế hoạch năm 2024")).to_be_visible()
        plan = Plan.objects.get(organization=org, year=2024)
        for _kind, content in files.SEED_TASKS:
            expect(page.get_by_text(content, exact=True).first).to_be_visible()
        body = page.locator("main")
        expect(body).not_to_contain_text("(chưa nhập)")
        for text in (files.SEED_PURPOSE[0], files.SEED_REQUIREMENTS[0], files.SEED_IMPLEMENTATION[1]):
            expect(body).to_contain_text(text)
        task = Task.objects.get(plan=plan, number=7)
        assert [link.unit.name for link in task.task_units.order_by("order")] == [
            "HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"]
        assert task.deadline == dt.date(2024, 6, 30)
        assert plan.legal_basis_lines() == files.SEED_BASES and plan.signer_name == "Sầm Văn Thao"
        assert plan.recipients.count() == len(files.SEED_RECIPIENTS)

        # --- copy to next year ------------------------------------------------------------------------------
        page.get_by_role("link", name="Sao chép sang năm sau").click()
        page.get_by_role("button", name="Tạo kế hoạch năm 2025").click()
        page.wait_for_url("**/plans/*/")
        copy = Plan.objects.get(organization=org, year=2025)
        assert copy.tasks.count() == 16 and copy.recipients.count() == len(files.SEED_RECIPIENTS)
        assert copy.signer_name == "Sầm Văn Thao"



def _register_file(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(register.IMPORT_HEADERS))
    for row in [
        [2022, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "10/QĐ-UBND", "20/12/2022"],
        [2023, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "12/QĐ-UBND", "18/12/2023"],
        [2023, "Lao động tiên tiến", "Cá nhân", "Trần Thị B", "Hội Nông dân xã", "", "", "12/QĐ-UBND", "18/12/2023"],
        [2023, "Gia đình văn hóa", "Hộ gia đình", "Đặng Văn Bảy", "", "Thôn Nà Lầm", "", "13/QĐ-UBND", "18/12/2023"],
    ]:
        sheet.append(row)
    workbook.save(path)


def test_import_the_award_register_of_two_years_twice(page, org, vhxh, tmp_path):
    path = tmp_path / "so-khen-thuong-2022-2023.xlsx"
    _register_file(path)
    login(page, "t_vhxh")
    for attempt in (1, 2):
        page.goto("/awards/register/import/")
        page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
        page.get_by_role("button", name="Tải lên và xem trước").click()
        expect(page.get_by_test_id("new-count")).to_have_text("4" if attempt == 1 else "0")
        expect(page.get_by_test_id("skipped-count")).to_have_text("0" if attempt == 1 else "4")
        if attempt == 2:
            expect(page.get_by_test_id("import-skipped")).to_contain_text("Nguyễn Văn A – Lao động tiên tiến năm "
                                                                          "2022 (QĐ 10/QĐ-UBND) đã có trong sổ")
        page.get_by_test_id("register-import-confirm").get_by_role("button").click()
        expect(page.get_by_text("Đã nhập")).to_be_visible()
        assert AwardRecord.objects.filter(organization=org).count() == 4
    expect(page.get_by_text("Đã nhập 0 dòng vào sổ khen thưởng; bỏ qua 4 dòng đã có.")).to_be_visible()
    page.goto("/awards/stats/?year=2023")
    expect(page.locator("main")).to_contain_text("Lao động tiên tiến")
    assert AwardRecord.objects.filter(organization=org, year=2023, form_name="Lao động tiên tiến").count() == 2
