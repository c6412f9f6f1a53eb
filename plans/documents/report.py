"""The report for the superior office ("Báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng"):
the same NĐ 30/2020 layout as the plan (templates/documents/base_document.html), as PDF and as Excel."""

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.exporting import append_row

from .. import selectors
from ..models import Report
from .context import Heading, VerificationInfo, agency_lines, date_line, number_line, upper_vi
from .pdf import html_to_pdf

DOCUMENT_TYPE = "BC"  # Phụ lục III: Báo cáo
_ROMAN = ("I", "II", "III", "IV", "V")


@dataclass
class ReportDocument:
    superior: str
    agency_lines: list[str]
    number_line: str
    date_line: str
    title: str
    subtitle: str
    addressee: str
    opening: str
    results_heading: str
    end_date: dt.date
    data: selectors.ReportData
    parts: list[Heading]
    closing: str
    recipients: list[str]
    signer_authority: str
    signer_title: str
    signer_name: str


def _plan_reference(report: Report) -> str:
    plan = report.plan
    issued = selectors.issued_document_of(plan)
    if issued is not None:
        return f"Kế hoạch số {issued.number} ngày {issued.issued_on:%d/%m/%Y}"
    return "Kế hoạch"


def report_document_context(report: Report) -> ReportDocument:
    organization = report.plan.organization
    texts = [
        ("ĐÁNH GIÁ CHUNG", report.paragraphs("assessment")),
        ("TỒN TẠI, HẠN CHẾ", report.paragraphs("shortcomings")),
        ("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", report.paragraphs("directions")),
    ]
    present = [(title, paragraphs) for title, paragraphs in texts if paragraphs]
    parts = [Heading(text=f"{_ROMAN[i + 1]}. {title}", paragraphs=paragraphs)
             for i, (title, paragraphs) in enumerate(present)]
    recipients = [line.strip().lstrip("-•").strip().rstrip(";.").strip() for line in report.recipients.splitlines()]
    recipients = [line for line in recipients if line]
    period = report.period_label
    return ReportDocument(
        superior=upper_vi(organization.superior_name),
        agency_lines=agency_lines(organization.name),
        number_line=number_line(report.number, doc_type=DOCUMENT_TYPE),
        date_line=date_line(place=organization.place_name, issued_on=report.issued_on, year=report.year),
        title="BÁO CÁO",
        subtitle=f"Kết quả thực hiện kế hoạch công tác thi đua, khen thưởng {period}",
        addressee=organization.superior_name.strip(),
        opening=(
            f"Thực hiện {_plan_reference(report)} của {organization.name} về công tác thi đua, khen thưởng năm "
            f"{report.year}, {organization.name} báo cáo kết quả thực hiện {period} như sau:"
        ),
        results_heading="I. KẾT QUẢ THỰC HIỆN",
        end_date=report.end_date,
        data=selectors.report_data(report),
        parts=parts,
        closing=f"Trên đây là báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng {period} của "
                f"{organization.name}./.",
        recipients=[f"- {line}{'.' if i == len(recipients) - 1 else ';'}" for i, line in enumerate(recipients)],
        signer_authority=upper_vi(report.signer_authority),
        signer_title=upper_vi(report.signer_title),
        signer_name=report.signer_name.strip(),
    )


def render_report_html(report: Report, *, draft: bool, verification: VerificationInfo | None = None) -> str:
    context = {"doc": report_document_context(report), "draft": draft, "verification": verification}
    return render_to_string("documents/report.html", context)


def render_report_pdf(report: Report, *, draft: bool, verification: VerificationInfo | None = None) -> bytes:
    return html_to_pdf(render_report_html(report, draft=draft, verification=verification))


FIGURE_HEADERS = ["Quý", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Quá hạn"]
TASK_HEADERS = ["TT", "Quý", "Nội dung", "Đơn vị thực hiện", "Hạn hoàn thành", "Tình trạng", "Quá hạn", "Kết quả"]


def render_report_xlsx(report: Report) -> bytes:
    """Two sheets: "Tổng hợp" (figures per quarter) and "Nhiệm vụ" (one row per task), values as typed."""
    doc = report_document_context(report)
    workbook = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)

    summary = workbook.active
    summary.title = "Tổng hợp"
    append_row(summary, [f"{doc.title} {doc.subtitle}"])
    append_row(summary, [f"{organization_line(doc)} · {doc.number_line} · {doc.date_line}"])
    append_row(summary, [f"Số liệu tính đến ngày {doc.end_date:%d/%m/%Y}"])
    append_row(summary, [])
    append_row(summary, FIGURE_HEADERS)
    for row in [*doc.data.rows, doc.data.total]:
        append_row(summary, [row.label, row.total, row.done, row.in_progress, row.not_started, row.cancelled,
                        row.overdue])
    summary["A1"].font = Font(bold=True, size=13)
    for row in summary.iter_rows(min_row=5, max_row=summary.max_row):
        for cell in row:
            cell.border = border
    for cell in summary[5]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for cell in summary[summary.max_row]:
        cell.font = bold
    summary.column_dimensions["A"].width = 18
    for column in range(2, len(FIGURE_HEADERS) + 1):
        summary.column_dimensions[get_column_letter(column)].width = 14

    tasks = workbook.create_sheet("Nhiệm vụ")
    append_row(tasks, TASK_HEADERS)
    for section in doc.data.sections:
        for task in section.tasks:
            append_row(tasks, [task.number, section.label, task.content, "\n".join(task.units), task.deadline,
                               task.status_label, "Có" if task.overdue else "", task.result])
    for cell in tasks[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in tasks.iter_rows(min_row=2):
        row[4].number_format = "DD/MM/YYYY"
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, width in zip("ABCDEFGH", (6, 12, 60, 30, 14, 16, 9, 40), strict=True):
        tasks.column_dimensions[column].width = width
    tasks.freeze_panes = "A2"
    for sheet in (summary, tasks):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    # Text stays text even when it starts with "=": user input must never become a live formula.
                    cell.data_type = "s"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def organization_line(doc: ReportDocument) -> str:
    return " ".join(doc.agency_lines)
