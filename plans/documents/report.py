"""The report for the superior office ("Báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng"):
a content builder (documents.content.Document) for the PDF and Word copies, and the Excel workbook."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.exporting import append_row
from documents.content import Column, Document, Heading, Paragraph, Row, Signature, Table
from documents.models import Kind
from documents.text import ROMAN
from units.selectors import superior_name_on

from .. import selectors
from ..models import Report

FIGURE_COLUMNS = [Column("Quý", 0.22), *(Column(title, 0.13, "center") for title in (
    "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Quá hạn"))]
TASK_COLUMNS = [Column("TT", 0.07, "center"), Column("Nội dung", 0.37), Column("Đơn vị thực hiện", 0.20),
                Column("Tình trạng", 0.14), Column("Kết quả", 0.22)]


def _plan_reference(report: Report) -> str:
    issued = selectors.issued_document_of(report.plan)
    if issued is not None:
        return f"Kế hoạch số {issued.number} ngày {issued.issued_on:%d/%m/%Y}"
    return "Kế hoạch"


def _figures(row) -> list[str]:
    return [row.label, *(str(v) for v in (row.total, row.done, row.in_progress, row.not_started, row.cancelled,
                                          row.overdue))]


def report_content(report: Report, *, draft: bool = False) -> Document:
    organization = report.plan.organization
    data = selectors.report_data(report)
    period = report.period_label
    task_rows: list[Row] = []
    for section in data.sections:
        task_rows.append(Row(cells=[section.label], group=True))
        for task in section.tasks:
            status = task.status_label + (" (quá hạn)" if task.overdue else "")
            task_rows.append(Row(cells=[str(task.number), task.content, [f"- {unit}" for unit in task.units],
                                        status, task.result]))
    if not task_rows:
        task_rows.append(Row(cells=["Không có nhiệm vụ trong kỳ báo cáo."], group=True))
    blocks: list = [
        Paragraph(f"Thực hiện {_plan_reference(report)} của {organization.name} về công tác thi đua, khen thưởng "
                  f"năm {report.year}, {organization.name} báo cáo kết quả thực hiện {period} như sau:"),
        Heading("I. KẾT QUẢ THỰC HIỆN"),
        Heading(f"1. Tổng hợp số liệu (tính đến ngày {data.end_date:%d/%m/%Y})", level=2),
        Table(columns=FIGURE_COLUMNS, rows=[Row(cells=_figures(row)) for row in data.rows]
              + [Row(cells=_figures(data.total), bold=True)]),
        Heading("2. Kết quả thực hiện các nhiệm vụ", level=2),
        Table(columns=TASK_COLUMNS, rows=task_rows),
    ]
    texts = [("ĐÁNH GIÁ CHUNG", report.paragraphs("assessment")),
             ("TỒN TẠI, HẠN CHẾ", report.paragraphs("shortcomings")),
             ("PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", report.paragraphs("directions"))]
    present = [(title, paragraphs) for title, paragraphs in texts if paragraphs]
    for i, (title, paragraphs) in enumerate(present):
        blocks += [Heading(f"{ROMAN[i + 1]}. {title}"), *(Paragraph(text) for text in paragraphs)]
    blocks.append(Paragraph(f"Trên đây là báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng "
                            f"{period} của {organization.name}./."))
    return Document(
        kind=Kind.REPORT, series="BC", issuer=organization.name, parent_body=organization.parent_body,
        place=organization.place_name, year=report.year, number=report.number, issued_on=report.issued_on,
        title="BÁO CÁO", summary=f"Kết quả thực hiện kế hoạch công tác thi đua, khen thưởng {period}",
        # The authority valid on the report's own date (the district before 01/07/2025, the province after).
        addressee=[superior] if (superior := superior_name_on(organization, on=report.issued_on or _today())) else [],
        blocks=blocks,
        signature=Signature(authority=report.signer_authority.upper(), title=report.signer_title.upper(),
                            name=report.signer_name.strip()),
        recipients=[line for line in report.recipients.splitlines() if line.strip()],
        draft=draft,
    )


FIGURE_HEADERS = ["Quý", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Quá hạn"]
TASK_HEADERS = ["TT", "Quý", "Nội dung", "Đơn vị thực hiện", "Hạn hoàn thành", "Tình trạng", "Quá hạn", "Kết quả"]


def render_report_xlsx(report: Report) -> bytes:
    """Two sheets: "Tổng hợp" (figures per quarter) and "Nhiệm vụ" (one row per task), values as typed."""
    doc = report_content(report)
    data = selectors.report_data(report)
    workbook = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)

    summary = workbook.active
    summary.title = "Tổng hợp"
    append_row(summary, [f"{doc.title} {doc.summary}"])
    append_row(summary, [f"{' '.join(doc.agency_lines)} · {doc.number_line} · {doc.date_line}"])
    append_row(summary, [f"Số liệu tính đến ngày {data.end_date:%d/%m/%Y}"])
    append_row(summary, [])
    append_row(summary, FIGURE_HEADERS)
    for row in [*data.rows, data.total]:
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
    for section in data.sections:
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


def _today():
    return timezone.localdate()
