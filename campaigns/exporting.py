"""Excel exports: the registration summary and a cluster's ranking. Every user text is written as text, never
as a formula."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exporting import append_row, write_cell

from .importing import HEADERS as HOUSEHOLD_HEADERS
from .selectors import Ranking, Summary

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
SUMMARY_HEADERS = ("TT", "Đơn vị", "Đối tượng", "Họ tên / Tên tập thể", "Danh hiệu đăng ký", "Trạng thái",
                   "Ghi chú")


def _text(cell, value) -> None:
    write_cell(cell, value)  # "=…" typed by a user stays text


def _header(sheet, row: int, titles, widths) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary_xlsx(summary: Summary) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp đăng ký"
    _text(sheet.cell(row=1, column=1), f"BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA — {summary.campaign.title}")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    _header(sheet, 3, SUMMARY_HEADERS, (6, 28, 14, 32, 30, 18, 40))
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(summary.rows, start=1):
        values = (number, row.unit.name, row.subject_kind_label, row.subject, row.title.name,
                  row.registration.get_status_display() + (" (muộn)" if row.registration.is_late else ""), row.note)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=3 + number, column=column)
            _text(cell, value)
            cell.alignment = wrap
    total_row = 4 + len(summary.rows) + 1
    _text(sheet.cell(row=total_row, column=2), "Tổng hợp theo danh hiệu")
    sheet.cell(row=total_row, column=2).font = Font(bold=True)
    for offset, (name, count) in enumerate(summary.counts_by_title(), start=1):
        _text(sheet.cell(row=total_row + offset, column=2), name)
        sheet.cell(row=total_row + offset, column=3, value=count)
    sheet.freeze_panes = "A4"
    return _save(workbook)


def ranking_xlsx(ranking: Ranking) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Xếp hạng {ranking.sheet.year}"
    _text(sheet.cell(row=1, column=1), f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG {ranking.sheet.cluster.name.upper()} "
                                       f"NĂM {ranking.sheet.year}")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    criteria_titles = [f"{c.name} ({c.get_kind_display().lower()}, tối đa {c.max_points})" for c in ranking.criteria]
    titles = ("Hạng", "Thành viên", *criteria_titles, "Tổng tự chấm", "Tổng thống nhất")
    _header(sheet, 3, titles, (8, 30, *([16] * len(ranking.criteria)), 14, 16))
    for offset, row in enumerate(ranking.rows, start=4):
        sheet.cell(row=offset, column=1, value=row.rank)
        _text(sheet.cell(row=offset, column=2), row.member.name)
        for column, criterion in enumerate(ranking.criteria, start=3):
            final = row.points.get(criterion.pk, (None, None))[1]
            sheet.cell(row=offset, column=column, value=float(final) if final is not None else None)
        column = 3 + len(ranking.criteria)
        sheet.cell(row=offset, column=column, value=float(row.self_total.value))
        sheet.cell(row=offset, column=column + 1, value=float(row.score) if row.score is not None else None)
    sheet.freeze_panes = "C4"
    return _save(workbook)


def household_template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hộ gia đình"
    _header(sheet, 1, HOUSEHOLD_HEADERS, (30, 36, 26, 30))
    for values in (("Nguyễn Văn A", "Xóm Trên", "Gia đình văn hóa", ""), ("Hoàng Thị B", "Xóm Dưới", "", "")):
        append_row(sheet, values)
    return _save(workbook)
