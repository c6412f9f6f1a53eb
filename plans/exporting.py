"""A plan as an Excel workbook, in the very format plans/importing.py reads: export → import round-trips."""

import io

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill

from core.exporting import write_cell

from . import selectors
from .importing import HEADERS
from .models import Plan

COLUMN_WIDTHS = (14, 6, 70, 42, 16)
DATE_FORMAT = "dd/mm/yyyy"


def _text_cell(cell: Cell, value: str) -> None:
    # A task's content must never become a live formula (core.exporting).
    write_cell(cell, value)


def plan_workbook(plan: Plan) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Kế hoạch {plan.year}"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A2"

    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    line = 1
    for rows in selectors.plan_sections(plan=plan):
        label = rows.section.get_kind_display()
        for task in rows.tasks:
            line += 1
            quarter, number, content, units, deadline = (sheet.cell(row=line, column=c) for c in range(1, 6))
            _text_cell(quarter, label)
            number.value = task.number
            _text_cell(content, task.content)
            _text_cell(units, "\n".join(link.unit.name for link in task.task_units.all()))
            deadline.value = task.deadline
            deadline.number_format = DATE_FORMAT
            for cell in (quarter, number, deadline):
                cell.alignment = top
            for cell in (content, units):
                cell.alignment = wrap
    return workbook


def plan_xlsx(plan: Plan) -> bytes:
    buffer = io.BytesIO()
    plan_workbook(plan).save(buffer)
    return buffer.getvalue()


def plan_filename(plan: Plan) -> str:
    return f"ke-hoach-tdkt-{plan.year}.xlsx"
