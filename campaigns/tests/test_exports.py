"""The summary, ranking and pledge documents, read back: Excel with openpyxl, PDF text with pypdf."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from campaigns import documents, exporting, selectors, services


def pdf_text(content: bytes) -> str:
    # Table cells wrap: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def filled(canbo, vhxh, registration, member, titles, village_registration, village):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"], targets="=1+1")
    services.registration_line_add(registration=registration, by=canbo, title=titles["LDTT"], person=member)
    household = services.household_create(village=village, by=vhxh, head_name="Hoàng Văn Bình", address="Xóm 1")
    services.registration_update(registration=village_registration, by=vhxh, title=titles["THONVH"])
    services.registration_line_add(registration=village_registration, by=vhxh, title=titles["GDVH"],
                                   household=household)
    services.registration_transition(registration=registration, by=canbo, to="submitted", today=dt.date(2024, 3, 1))
    return registration


def test_summary_rows_and_filters(filled, campaign, titles):
    summary = selectors.campaign_summary(campaign=campaign)
    assert [(r.subject, r.title.code) for r in summary.rows] == [
        ("Hội Nông dân xã", "TTLDTT"), ("Nông Văn Bình", "LDTT"), ("Thôn Làng Bẻ", "THONVH"),
        ("Hộ Hoàng Văn Bình (Xóm 1)", "GDVH")]
    only = selectors.campaign_summary(campaign=campaign, filters=selectors.SummaryFilters(subject_kind="ho_gia_dinh"))
    assert [r.title.code for r in only.rows] == ["GDVH"]
    submitted = selectors.campaign_summary(campaign=campaign, filters=selectors.SummaryFilters(status="submitted"))
    assert {r.unit.name for r in submitted.rows} == {"Hội Nông dân xã"}


def test_summary_xlsx_reads_back(filled, campaign):
    workbook = load_workbook(io.BytesIO(exporting.summary_xlsx(selectors.campaign_summary(campaign=campaign))))
    sheet = workbook.active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=7)]
    assert rows[0][:6] == [1, "Hội Nông dân xã", "Tập thể", "Hội Nông dân xã", "Tập thể lao động tiên tiến",
                           "Đã gửi, chờ duyệt"]
    assert rows[0][6] == "'=1+1" and sheet.cell(row=4, column=7).data_type == "s"  # user text never a formula
    assert rows[3][3] == "Hộ Hoàng Văn Bình (Xóm 1)"


def test_summary_pdf_text(filled, campaign):
    text = pdf_text(documents.summary_pdf(selectors.campaign_summary(campaign=campaign)))
    assert "BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Nông Văn Bình" in text and "Lao động tiên tiến" in text and "Gia đình văn hóa" in text


def test_ranking_exports(org, vhxh):
    cluster = services.cluster_create(organization=org, by=vhxh, name="Cụm thi đua số VI")
    a = services.cluster_member_add(cluster=cluster, by=vhxh, name="UBND xã Thanh Sơn")
    b = services.cluster_member_add(cluster=cluster, by=vhxh, name="UBND xã Hòa Sơn")
    sheet = services.sheet_create(cluster=cluster, by=vhxh, year=2024, lead=b)
    criterion = services.criterion_add(sheet=sheet, by=vhxh, name="Kinh tế", max_points=D(100))
    services.scores_set(sheet=sheet, member=a, by=vhxh, points={criterion.pk: (D(90), D(85))})
    services.scores_set(sheet=sheet, member=b, by=vhxh, points={criterion.pk: (D(95), D(88))})
    ranking = selectors.sheet_ranking(sheet)
    sheet_xlsx = load_workbook(io.BytesIO(exporting.ranking_xlsx(ranking))).active
    assert [sheet_xlsx.cell(row=r, column=2).value for r in (4, 5)] == ["UBND xã Hòa Sơn", "UBND xã Thanh Sơn"]
    assert sheet_xlsx.cell(row=4, column=1).value == 1 and sheet_xlsx.cell(row=4, column=5).value == 88
    text = pdf_text(documents.ranking_pdf(ranking))
    assert "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG" in text and "TRƯỞNG CỤM" in text and "UBND xã Hòa Sơn" in text


def test_pledge_pdf(org, vhxh, unit, other_unit):
    pledge = services.pledge_create(organization=org, by=vhxh, title="Giao ước thi đua năm 2024", year=2024,
                                    signed_on=dt.date(2024, 2, 5), place="Thanh Sơn")
    services.pledge_party_add(pledge=pledge, by=vhxh, unit=unit, signatories=[("Lăng Văn Hải", "Chủ tịch")])
    services.pledge_party_add(pledge=pledge, by=vhxh, unit=other_unit, signatories=[("Vi Thị Thu", "Bí thư")])
    services.commitment_add(pledge=pledge, by=vhxh, content="Vận động 100% hội viên đăng ký thi đua.")
    text = pdf_text(documents.pledge_pdf(pledge))
    assert "BẢN GIAO ƯỚC THI ĐUA" in text and "Thanh Sơn, ngày 05 tháng 02 năm 2024" in text
    assert "1. Vận động 100% hội viên đăng ký thi đua." in text
    assert "Lăng Văn Hải" in text and "Vi Thị Thu" in text


def test_commitment_follow_up_history(org, vhxh, canbo, unit, other_unit):
    pledge = services.pledge_create(organization=org, by=vhxh, title="Giao ước", year=2024)
    services.pledge_party_add(pledge=pledge, by=vhxh, unit=unit)
    commitment = services.commitment_add(pledge=pledge, by=vhxh, content="Cam kết")
    services.commitment_set_status(commitment=commitment, by=canbo, status="in_progress", note="Đang làm")
    services.commitment_set_status(commitment=commitment, by=vhxh, status="done")
    assert [(u.from_status, u.to_status) for u in commitment.updates.all()] == [
        ("not_started", "in_progress"), ("in_progress", "done")]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.commitment_set_status(commitment=commitment, by=vhxh, status="cancelled")
