"""Reports for the superior office: figures per quarter as of the period's end, the same sign-off as plans,
the PDF and the Excel file read back, and what the superior office (cap_tren) may see."""

import datetime as dt
import hashlib
import io
import unicodedata
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from documents import render as papers
from plans import issuing, selectors, services
from plans.documents.report import render_report_xlsx, report_content
from plans.models import IssuedDocument, Report, ReportEvent, Section, Task, TaskUpdate
from plans.workflow import REPORT_FLOW

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ROLES = ["vhxh", "chutich", "canbo", "captren", "outsider"]
R = Report.Status


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(unicodedata.normalize("NFC", page.extract_text() or "") for page in pages).split())


def at(task: Task, by, status: str, day: dt.date, note: str = "", reason: str = "") -> None:
    """A status update recorded on `day` (noon, Vietnam time)."""
    update = services.task_set_status(task=task, by=by, status=status, note=note, reason=reason)
    TaskUpdate.objects.filter(pk=update.pk).update(created_at=dt.datetime.combine(day, dt.time(12), tzinfo=VN))


@pytest.fixture
def plan(org, unit, vhxh):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    plan.sections.model.objects.create(plan=plan, kind=Section.Kind.ALL_YEAR, order=4)
    q1, q2 = plan.sections.get(kind="q1"), plan.sections.get(kind="q2")
    all_year = plan.sections.get(kind="all_year")
    make = lambda section, content, deadline: services.task_create(  # noqa: E731
        section=section, by=vhxh, content=content, units=[unit], deadline=deadline)
    a = make(q1, "Hội nghị triển khai", dt.date(2024, 1, 31))
    b = make(q1, "Phát động thi đua", dt.date(2024, 3, 31))
    make(q1, "Kiện toàn Hội đồng", dt.date(2024, 3, 15))
    d = make(q2, "Sơ kết 6 tháng", dt.date(2024, 6, 30))
    make(q2, "Đăng ký danh hiệu", dt.date(2024, 6, 30))
    make(all_year, "Tuyên truyền gương điển hình", dt.date(2024, 12, 31))
    at(a, vhxh, Task.Status.DONE, dt.date(2024, 1, 20), note="Đã tổ chức ngày 20/01, 45 đại biểu")
    at(b, vhxh, Task.Status.IN_PROGRESS, dt.date(2024, 2, 10), note="Đang phát động ở các thôn")
    at(b, vhxh, Task.Status.DONE, dt.date(2024, 4, 10), note="Hoàn thành")
    at(d, vhxh, Task.Status.CANCELLED, dt.date(2024, 5, 2), reason="Huyện tổ chức chung")
    return plan


@pytest.fixture
def users(vhxh, chutich, canbo, captren, outsider):
    return {"vhxh": vhxh, "chutich": chutich, "canbo": canbo, "captren": captren, "outsider": outsider}


def figures(report):
    data = selectors.report_data(report)
    rows = {row.label: (row.total, row.done, row.in_progress, row.not_started, row.cancelled, row.overdue)
            for row in data.rows}
    total = data.total
    return rows, (total.total, total.done, total.in_progress, total.not_started, total.cancelled, total.overdue)


def test_quarter_figures_as_of_the_end_of_the_quarter(plan, vhxh):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)
    assert report.end_date == dt.date(2024, 3, 31)
    rows, total = figures(report)
    # Task b was still in progress on 31/03 (done only on 10/04); "Kiện toàn" was open past 15/03: overdue.
    assert rows == {"QUÝ I": (3, 1, 1, 1, 0, 1), "THƯỜNG XUYÊN": (1, 0, 0, 1, 0, 0)}
    assert total == (4, 1, 1, 2, 0, 1)
    tasks = {t.content: t for s in selectors.report_data(report).sections for t in s.tasks}
    assert tasks["Phát động thi đua"].result == "Đang phát động ở các thôn"
    assert tasks["Kiện toàn Hội đồng"].overdue and not tasks["Phát động thi đua"].overdue


def test_six_months_and_year_figures(plan, vhxh):
    half = services.report_create(plan=plan, by=vhxh, period=Report.Period.HALF_YEAR, quarter=3)
    assert half.quarter is None and half.end_date == dt.date(2024, 6, 30)
    rows, total = figures(half)
    assert rows["QUÝ I"] == (3, 2, 0, 1, 0, 1)
    assert rows["QUÝ II"] == (2, 0, 0, 1, 1, 0)
    assert total == (6, 2, 0, 3, 1, 1)
    year = services.report_create(plan=plan, by=vhxh, period=Report.Period.YEAR)
    rows, total = figures(year)
    assert total == (6, 2, 0, 3, 1, 2)  # on 31/12 the open Q1 and Q2 tasks are overdue, not the all-year one
    assert year.period_label == "năm 2024" and half.period_label == "6 tháng đầu năm 2024"


def test_a_quarter_report_needs_its_quarter(plan, vhxh):
    with pytest.raises(ValidationError):
        services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), REPORT_FLOW.pairs())
def test_report_flow_per_role(plan, users, vhxh, chutich, role, source, target):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)
    if source in (R.SUBMITTED, R.SIGNED):
        services.report_transition(report=report, by=vhxh, to=R.SUBMITTED)
    if source == R.SIGNED:
        services.report_transition(report=report, by=chutich, to=R.SIGNED)
    user, transition = users[role], REPORT_FLOW.get(source, target)
    call = lambda: services.report_transition(report=report, by=user, to=target, note="Bổ sung số liệu")  # noqa: E731
    if role == "outsider":
        with pytest.raises(PermissionDenied):
            call()
    elif transition is None:
        with pytest.raises(ValidationError):
            call()
    elif user.roles & transition.roles:
        event = call()
        report.refresh_from_db()
        assert report.status == target and (event.from_status, event.to_status) == (source, target)
        return
    else:
        with pytest.raises(PermissionDenied):
            call()
    report.refresh_from_db()
    assert report.status == source


def test_texts_are_edited_only_by_vhxh_and_only_as_a_draft(plan, vhxh, chutich, canbo):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)
    with pytest.raises(PermissionDenied):
        services.report_create(plan=plan, by=canbo, period=Report.Period.YEAR)
    with pytest.raises(PermissionDenied):
        services.report_update(report=report, by=chutich, assessment="x")
    services.report_update(report=report, by=vhxh, assessment="Các thôn tham gia tích cực.")
    services.report_transition(report=report, by=vhxh, to=R.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.report_update(report=report, by=vhxh, assessment="Sửa sau khi trình")


@pytest.fixture
def signed_report(plan, vhxh, chutich):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)
    services.report_update(
        report=report, by=vhxh, assessment="Phong trào thi đua được triển khai sâu rộng <đến 100%> các thôn.",
        shortcomings="Một số nhiệm vụ còn chậm.", directions="Tập trung hoàn thành nhiệm vụ quý II.",
    )
    services.report_transition(report=report, by=vhxh, to=R.SUBMITTED)
    services.report_transition(report=report, by=chutich, to=R.SIGNED)
    report.refresh_from_db()
    return report


def test_the_signed_report_pdf_reads_back(signed_report):
    issued = IssuedDocument.objects.get(report=signed_report)
    assert signed_report.number == issued.number == "01/BC-UBND"
    pdf = issuing.issued_bytes(issued)
    text = text_of(pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 01/BC-UBND", "BÁO CÁO",
                     "Kết quả thực hiện kế hoạch công tác thi đua, khen thưởng quý I năm 2024",
                     "Kính gửi: UBND huyện Hữu Lũng", "Hội nghị triển khai", "Đã tổ chức ngày 20/01, 45 đại biểu",
                     "<đến 100%>", "TỒN TẠI, HẠN CHẾ", "Nơi nhận:", "Sầm Văn Thao", issued.code):
        assert expected in text, expected
    assert "DỰ THẢO" not in text
    reader = PdfReader(io.BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1


def test_a_draft_report_pdf_carries_the_mark(plan, vhxh):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.YEAR)
    text = text_of(papers.render_pdf(report_content(report, draft=True)))
    assert "DỰ THẢO" in text and "/BC-UBND" in text


def test_the_excel_file_reads_back(plan, vhxh):
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.HALF_YEAR)
    TaskUpdate.objects.filter(note="Đang phát động ở các thôn").update(note="=1+1 không phải công thức")
    workbook = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(report)))
    assert workbook.sheetnames == ["Tổng hợp", "Nhiệm vụ"]
    summary = [row for row in workbook["Tổng hợp"].iter_rows(min_row=5, values_only=True)]
    assert summary[0][:3] == ("Quý", "Tổng số", "Hoàn thành")
    assert summary[1] == ("QUÝ I", 3, 2, 0, 1, 0, 1)
    assert summary[-1] == ("Tổng cộng", 6, 2, 0, 3, 1, 1)
    tasks = list(workbook["Nhiệm vụ"].iter_rows(min_row=2, values_only=True))
    assert len(tasks) == 6
    first = tasks[0]
    assert first[2] == "Hội nghị triển khai" and first[5] == "Hoàn thành"
    assert first[4].date() == dt.date(2024, 1, 31)
    cancelled = next(row for row in tasks if row[2] == "Sơ kết 6 tháng")
    assert cancelled[5] == "Không thực hiện" and cancelled[7] == "Huyện tổ chức chung"


def test_the_superior_office_sees_only_issued_reports(client, plan, signed_report, vhxh, captren, canbo):
    draft = services.report_create(plan=plan, by=vhxh, period=Report.Period.YEAR)
    assert list(selectors.reports_for(captren)) == [signed_report]
    assert set(selectors.reports_for(vhxh)) == {signed_report, draft}
    client.force_login(captren)
    listing = client.get(reverse("plans:report_list")).content.decode()
    assert "quý I năm 2024" in listing and "Báo cáo năm 2024" not in listing
    for name in ("plans:report_detail", "plans:report_pdf", "plans:report_xlsx"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    response = client.get(reverse("plans:report_pdf", args=[signed_report.pk]))
    issued = IssuedDocument.objects.get(report=signed_report)
    assert response.status_code == 200 and hashlib.sha256(response.content).hexdigest() == issued.sha256
    assert client.get(reverse("plans:report_xlsx", args=[signed_report.pk])).status_code == 200
    client.force_login(canbo)
    assert client.get(reverse("plans:report_detail", args=[draft.pk])).status_code == 404


def test_report_pages_for_vhxh(client, plan, vhxh, chutich):
    client.force_login(vhxh)
    response = client.post(reverse("plans:report_create", args=[plan.pk]), {"period": "quarter", "quarter": "2"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:report_edit", args=[report.pk])
    response = client.post(reverse("plans:report_edit", args=[report.pk]), {
        "assessment": "Hoàn thành tốt", "shortcomings": "", "directions": "", "signer_name": "Sầm Văn Thao",
        "recipients": "UBND huyện Hữu Lũng (b/c)\nLưu: VT",
    })
    assert response.status_code == 302
    client.post(reverse("plans:report_transition", args=[report.pk]), {"to": "submitted"})
    client.force_login(chutich)
    client.post(reverse("plans:report_transition", args=[report.pk]), {"to": "signed"})
    report.refresh_from_db()
    assert report.status == R.SIGNED and report.assessment == "Hoàn thành tốt"
    assert list(ReportEvent.objects.filter(report=report).values_list("to_status", flat=True)) == [
        "submitted", "signed"]
    page = client.get(reverse("plans:report_detail", args=[report.pk])).content.decode()
    assert report.issued_document.sha256 in page
