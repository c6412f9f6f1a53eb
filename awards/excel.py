"""Excel: the register of earlier years in (all or nothing, errors per row) and statistics out."""

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from core.exporting import append_row
from core.uploads import XLSX, validate_upload
from units.models import Organization, User
from units.text import fold, unit_key

from . import permissions
from .models import AwardForm, AwardRecord, StatisticalReportForm, SubjectKind
from .nominees import household_key
from .selectors import StatRow

IMPORT_HEADERS = ("Năm", "Danh hiệu, hình thức", "Đối tượng", "Họ tên / Tên tập thể", "Đơn vị", "Thôn",
                  "Thành tích", "Số quyết định", "Ngày quyết định")
_KIND_BY_FOLD = {fold(label): value for value, label in SubjectKind.choices} | {fold(v): v for v in SubjectKind.values}


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


def _date(value, row: int, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        errors.append(f"Dòng {row}: ngày quyết định “{value}” không đúng dạng dd/mm/yyyy.")
        return None


@transaction.atomic
def register_import(*, organization: Organization, by: User, upload: UploadedFile) -> int:
    """Rows of earlier years into the register. Any bad row: nothing is saved, every error is listed."""
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    validate_upload(upload, allowed=(XLSX,), field_label="Tệp Excel")
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ValidationError(f"Không đọc được tệp Excel: {error}") from error
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or [fold(str(c or "")) for c in rows[0][:len(IMPORT_HEADERS)]] != [fold(h) for h in IMPORT_HEADERS]:
        raise ValidationError("Dòng tiêu đề không đúng mẫu: " + ", ".join(IMPORT_HEADERS) + ".")
    forms = {fold(f.name): f for f in AwardForm.objects.all()} | {fold(f.code): f for f in AwardForm.objects.all()}
    units = {}
    for unit in organization.units.all():
        for key in unit.match_keys():
            units[key] = unit
    errors: list[str] = []
    records: list[AwardRecord] = []
    seen: set[tuple] = set()
    for number, values in enumerate(rows[1:], start=2):
        values = list(values) + [None] * (len(IMPORT_HEADERS) - len(values))
        if all(v in (None, "") for v in values[:len(IMPORT_HEADERS)]):
            continue
        year, form_name, kind_text, name, unit_name, village, achievement, decision, day = (
            str(v).strip() if isinstance(v, str) else v for v in values[:len(IMPORT_HEADERS)])
        row_errors = []
        try:
            year = int(year)
            if not 2000 <= year <= 2100:
                raise ValueError
        except (TypeError, ValueError):
            row_errors.append(f"Dòng {number}: năm “{year or ''}” không hợp lệ.")
        kind = _KIND_BY_FOLD.get(fold(str(kind_text or "")))
        if kind is None:
            row_errors.append(f"Dòng {number}: đối tượng “{kind_text or ''}” phải là Cá nhân, Tập thể, Hộ gia đình "
                              "hoặc Thôn, tổ dân phố.")
        if not name:
            row_errors.append(f"Dòng {number}: thiếu họ tên / tên tập thể.")
        if not form_name:
            row_errors.append(f"Dòng {number}: thiếu danh hiệu, hình thức.")
        decision_date = _date(day, number, row_errors)
        errors += row_errors
        if row_errors:
            continue
        form = forms.get(fold(str(form_name)))
        unit = units.get(unit_key(str(unit_name or "")))
        village_unit = units.get(unit_key(str(village or "")))
        record = AwardRecord(
            organization=organization, year=year, form=form, form_name=form.name if form else str(form_name),
            subject_kind=kind, display_name=str(name), unit_name=str(unit_name or ""), village_name=str(village or ""),
            achievement=str(achievement or ""), decision_number=str(decision or ""), decision_date=decision_date,
            source=AwardRecord.Source.IMPORT,
        )
        if kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
            matched = units.get(unit_key(str(name)))
            record.unit = matched
            record.subject_key = f"unit:{matched.pk}" if matched else f"name:{fold(str(name))}"
        elif kind == SubjectKind.HOUSEHOLD:
            record.subject_key = household_key(name=str(name).removeprefix("Hộ ông (bà) "),
                                               village_id=village_unit.pk if village_unit else None)
        else:
            person = None
            if unit is not None:
                person = next((p for p in unit.people.all() if fold(p.full_name) == fold(str(name))), None)
            record.person = person
            record.subject_key = f"person:{person.pk}" if person else f"name:{fold(str(name))}:{fold(str(unit_name))}"
        key = (record.subject_key, record.year, record.form_name)
        if key in seen:
            errors.append(f"Dòng {number}: trùng với một dòng phía trên (cùng người, năm, danh hiệu).")
            continue
        seen.add(key)
        records.append(record)
    if errors:
        raise ValidationError(errors)
    if not records:
        raise ValidationError("Tệp không có dòng dữ liệu nào.")
    for record in records:
        record.save()
    return len(records)


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
