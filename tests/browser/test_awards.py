"""In a browser: a unit proposes, the checks catch a bad nominee, the list is disclosed, the council votes,
chủ tịch signs the decision and the certificates print; the register shows the award."""

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from awards import services
from awards.models import AwardRecord, CouncilMember, Dossier
from units.tests.factories import PersonFactory

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(org, unit):
    good = PersonFactory(unit=unit, full_name="Nguyễn Văn An", position="Chủ tịch Hội", started_on=dt.date(2015, 1, 1))
    newcomer = PersonFactory(unit=unit, full_name="Trần Văn Mới", position="Cán bộ", started_on=dt.date(2024, 6, 1))
    return good, newcomer


def test_proposal_to_printed_certificate(page, org, unit, canbo, vhxh, chutich, people, tmp_path):
    good, newcomer = people
    with time_machine.travel(dt.datetime(2024, 11, 25, 9, 0), tick=True):
        # --- the unit proposes two people for LĐTT -------------------------------------------------------
        login(page, "t_canbo")
        page.get_by_role("link", name="Khen thưởng").first.click()
        page.get_by_role("link", name="Lập hồ sơ đề nghị").click()
        page.get_by_label("Danh hiệu, hình thức").select_option(label="Lao động tiên tiến")
        page.get_by_label("Năm").fill("2024")
        page.get_by_label("Báo cáo thành tích (tóm tắt)").fill("Hoàn thành tốt nhiệm vụ năm 2024.")
        page.get_by_role("button", name="Tạo hồ sơ").click()
        form = page.get_by_test_id("nominee-form")
        for person in (good, newcomer):
            form.get_by_label("Cá nhân").select_option(label=str(person))
            form.get_by_role("button", name="Thêm vào hồ sơ").click()
            form = page.get_by_test_id("nominee-form")
        upload = page.get_by_test_id("upload-form")
        upload.get_by_label("Giấy tờ", exact=True).select_option(label="Biên bản bình xét của đơn vị")
        fake = tmp_path / "bien-ban.pdf"
        fake.write_bytes(b"MZ this is an exe")
        upload.get_by_label("Tệp (PDF, DOCX, ảnh)").set_input_files(str(fake))
        upload.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_text("không đúng định dạng")).to_be_visible()
        real = tmp_path / "bien-ban-that.pdf"
        real.write_bytes(b"%PDF-1.4\n%real\n")
        upload = page.get_by_test_id("upload-form")
        upload.get_by_label("Giấy tờ", exact=True).select_option(label="Biên bản bình xét của đơn vị")
        upload.get_by_label("Tệp (PDF, DOCX, ảnh)").set_input_files(str(real))
        upload.get_by_role("button", name="Tải lên").click()
        # --- the checks catch the newcomer ---------------------------------------------------------------
        page.get_by_role("button", name="Gửi hồ sơ").click()
        expect(page.get_by_test_id("transition-errors")).to_contain_text("Trần Văn Mới: Mới công tác")
        page.locator("[data-testid=nominee-card]", has_text="Trần Văn Mới").get_by_text("Sửa thành tích").click()
        page.locator("[data-testid=nominee-card]", has_text="Trần Văn Mới").get_by_role(
            "button", name="Bỏ khỏi hồ sơ").click()
        page.get_by_role("button", name="Gửi hồ sơ").click()
        expect(page.get_by_test_id("dossier-status")).to_have_text("Đã gửi")
        logout(page)

        # --- vhxh accepts and discloses ------------------------------------------------------------------
        login(page, "t_vhxh")
        dossier = Dossier.objects.get()
        page.goto(f"/awards/dossiers/{dossier.pk}/")
        page.get_by_role("button", name="Tiếp nhận để xét").click()
        page.goto("/awards/disclosures/new/")
        page.get_by_label("Công khai từ ngày").fill("25/11/2024")
        page.get_by_label(str(dossier)).check()
        page.get_by_role("button", name="Công khai").click()
        expect(page.get_by_test_id("disclosure-list")).to_contain_text("Nguyễn Văn An")
        council = services.council_ensure(organization=org, by=vhxh, year=2024)
        for name, role in [("Sầm Văn Thao", CouncilMember.Role.CHAIR), ("Hoàng Thị Lan", CouncilMember.Role.SECRETARY),
                           ("Lý Văn Cường", CouncilMember.Role.MEMBER)]:
            services.council_member_add(council=council, by=vhxh, full_name=name, role=role)
        # The vote cannot open during the disclosure period.
        page.goto("/awards/council/?year=2024")
        meeting_form = page.get_by_test_id("meeting-form")
        meeting_form.get_by_label("Ngày họp").fill("26/11/2024")
        meeting_form.get_by_label(str(dossier)).check()
        meeting_form.get_by_role("button", name="Mở phiên họp biểu quyết").click()
        expect(page.get_by_text("Chưa hết thời hạn công khai")).to_be_visible()
        logout(page)

    with time_machine.travel(dt.datetime(2024, 12, 10, 9, 0), tick=True):
        login(page, "t_vhxh")
        page.goto("/awards/council/?year=2024")
        meeting_form = page.get_by_test_id("meeting-form")
        meeting_form.get_by_label("Ngày họp").fill("10/12/2024")
        meeting_form.get_by_label(str(dossier)).check()
        meeting_form.get_by_role("button", name="Mở phiên họp biểu quyết").click()
        for member in ("Sầm Văn Thao", "Hoàng Thị Lan", "Lý Văn Cường"):
            page.get_by_label(f"Phiếu của {member} cho Nguyễn Văn An").select_option(label="Đồng ý")
        page.get_by_role("button", name="Ghi phiếu").click()
        page.get_by_role("button", name="Kết thúc họp, ghi kết quả").click()
        expect(page.get_by_test_id("tally")).to_contain_text("Đạt")
        page.goto("/awards/documents/")
        draft = page.get_by_test_id("draft-form")
        draft.get_by_label("Số").fill("125/QĐ-UBND")
        draft.get_by_label("Ngày ký").fill("20/12/2024")
        draft.get_by_role("button", name="Lập dự thảo").click()
        expect(page.get_by_test_id("document-status")).to_have_text("Dự thảo")
        document_url = page.url
        logout(page)

        # --- chủ tịch signs -------------------------------------------------------------------------------
        login(page, "t_chutich")
        page.goto(document_url)
        page.get_by_role("button", name="Ký ban hành").click()
        expect(page.get_by_test_id("document-status")).to_have_text("Đã ký")
        logout(page)

        # --- vhxh prints the certificates; the register shows the award ----------------------------------
        login(page, "t_vhxh")
        page.goto(document_url)
        with page.expect_download() as download:
            page.get_by_test_id("print-batch").click()
        assert download.value.suggested_filename.endswith(".pdf")
        page.goto("/awards/register/?q=nguyen+van+an")
        expect(page.get_by_test_id("register")).to_contain_text("Lao động tiên tiến")
        page.goto("/awards/stats/?year=2024")
        expect(page.get_by_test_id("stats")).to_contain_text("Lao động tiên tiến")
    record = AwardRecord.objects.get()
    assert record.prints.count() == 1 and record.decision_number == "125/QĐ-UBND"
