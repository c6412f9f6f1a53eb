"""Excel out: the register's template and export, statistics, form 0602. The register comes in through
awards/register.py (core.importing's checked reader, preview, de-duplication)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.exporting import append_row
from units.models import Organization

from .models import StatisticalReportForm, SubjectKind
from .register import IMPORT_HEADERS
from .selectors import StatRow


def import_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So khen thuong"
    append_row(sheet, IMPORT_HEADERS)
    append_row(sheet, [2023, "Lao động tiên tiến", "Cá nhân", "Nguyễn Văn A", "Hội Nông dân xã", "", "", "15/QĐ-UBND",
                  "20/12/2023"])
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statistics_workbook(*, rows: list[StatRow], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thong ke"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, ["Năm", "Danh hiệu, hình thức", *SubjectKind.labels, "Tổng"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [row.year, row.form_name, *(row.counts[k] for k in SubjectKind.values), row.total])
    sheet.column_dimensions["B"].width = 40
    return _save(workbook)


def register_workbook(records) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So khen thuong"
    append_row(sheet, IMPORT_HEADERS)
    for r in records:
        append_row(sheet, [r.year, r.form_name, r.get_subject_kind_display(), r.display_name, r.unit_name,
                           r.village_name, r.achievement, r.decision_number,
                           r.decision_date.strftime("%d/%m/%Y") if r.decision_date else ""])
    return _save(workbook)


def report_0602_workbook(*, organization: Organization, year: int, rows: list[StatRow],
                         form: StatisticalReportForm) -> bytes:
    """The yearly statistical form; its number, name and due date come from the StatisticalReportForm row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = form.code.replace("/", "-")[:31]
    bold = Font(bold=True)
    append_row(sheet, [f"Biểu số {form.code}", "", "", form.name.upper()])
    append_row(sheet, [f"Ban hành theo {form.legal_source}", "", "", f"Năm {year}"])
    append_row(sheet, [f"Ngày nhận báo cáo: ngày {form.due_day:02d} tháng {form.due_month} năm báo cáo", "", "",
                  f"Đơn vị báo cáo: {organization.name}"])
    append_row(sheet, ["", "", "", f"Đơn vị nhận báo cáo: {organization.superior_name}"])
    append_row(sheet, [])
    header = ["STT", "Danh hiệu, hình thức khen thưởng", *SubjectKind.labels, "Tổng số"]
    append_row(sheet, header)
    for cell in sheet[6]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    totals = dict.fromkeys(SubjectKind.values, 0)
    for number, row in enumerate(rows, start=1):
        append_row(sheet, [number, row.form_name, *(row.counts[k] for k in SubjectKind.values), row.total])
        for k in SubjectKind.values:
            totals[k] += row.counts[k]
    append_row(sheet, ["", "Tổng cộng", *(totals[k] for k in SubjectKind.values), sum(totals.values())])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["B"].width = 42
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = max(sheet.column_dimensions[column].width or 0, 14)
    sheet.column_dimensions["B"].width = 42
    return _save(workbook)
