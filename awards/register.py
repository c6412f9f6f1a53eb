"""The register of earlier years brought in from Excel: preview → confirm, through core.importing (size, zip
expansion, row cap, formulas), all or nothing, de-duplicated against what the register already holds.

A record is the same award when it names the same subject (person, unit, household or name), the same form, the
same year and the same decision number: such a row is skipped and reported, so importing one file twice, or two
files that overlap, never counts an award twice.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.importing import Sheet, is_blank, read_xlsx
from units.models import Organization, User
from units.text import fold, unit_key

from . import permissions
from .models import AwardForm, AwardRecord, SubjectKind
from .nominees import household_key

IMPORT_HEADERS = ("Năm", "Danh hiệu, hình thức", "Đối tượng", "Họ tên / Tên tập thể", "Đơn vị", "Thôn",
                  "Thành tích", "Số quyết định", "Ngày quyết định")
REQUIRED = ("Năm", "Danh hiệu, hình thức", "Đối tượng", "Họ tên / Tên tập thể")
_KIND_BY_FOLD = {fold(label): value for value, label in SubjectKind.choices} | {fold(v): v for v in SubjectKind.values}
_LIMITS = {name: AwardRecord._meta.get_field(name).max_length
           for name in ("form_name", "display_name", "unit_name", "village_name", "decision_number")}
_LABELS = {"form_name": "Danh hiệu, hình thức", "display_name": "Họ tên / Tên tập thể", "unit_name": "Đơn vị",
           "village_name": "Thôn", "decision_number": "Số quyết định"}


@dataclass
class RegisterRow:
    line: int
    record: AwardRecord | None
    errors: list[str] = field(default_factory=list)
    skipped: str = ""  # why the row is not imported although it is valid


@dataclass
class RegisterPreview:
    rows: list[RegisterRow]

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def new_rows(self) -> list[RegisterRow]:
        return [row for row in self.rows if row.record is not None and not row.skipped and not row.errors]

    @property
    def skipped_rows(self) -> list[RegisterRow]:
        return [row for row in self.rows if row.skipped]


@dataclass
class RegisterImportResult:
    created: int
    skipped: list[str]


def _key(record: AwardRecord) -> tuple:
    return (record.subject_key, record.year, fold(record.form_name), fold(record.decision_number))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value, line: int, errors: list[str]) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        errors.append(f"Dòng {line}: ngày quyết định “{_text(value)[:40]}” không đúng dạng dd/mm/yyyy.")
        return None


def _columns(sheet: Sheet) -> dict[str, int]:
    found = {}
    wanted = {fold(name): name for name in IMPORT_HEADERS}
    for index, title in enumerate(sheet.header):
        name = wanted.get(fold(title).strip(" .:*"))
        if name and name not in found:
            found[name] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise ValidationError(
            f"Thiếu cột {', '.join(f'“{name}”' for name in missing)} ở dòng tiêu đề (dòng {sheet.header_line}). "
            f"Dòng tiêu đề theo mẫu: {', '.join(IMPORT_HEADERS)}."
        )
    return found


def register_preview(*, organization: Organization, upload: UploadedFile) -> RegisterPreview:
    """Read the file into rows to add, rows skipped as already there, and errors per row. Writes nothing."""
    sheet = read_xlsx(upload)
    columns = _columns(sheet)
    forms = {}
    for form in AwardForm.objects.all():
        forms.setdefault(fold(form.name), form)
        forms.setdefault(fold(form.code), form)
    units = {}
    for unit in organization.units.prefetch_related("people"):
        for key in unit.match_keys():
            units.setdefault(key, unit)

    rows: list[RegisterRow] = []
    for line, values in sheet.rows:
        def cell(name, values=values):
            index = columns.get(name)
            return values[index] if index is not None else None

        errors: list[str] = []
        year_value = cell("Năm")
        try:
            year = int(float(_text(year_value)))
            if not 2000 <= year <= 2100 or float(_text(year_value)) != year:
                raise ValueError
        except ValueError:
            year = None
            errors.append(f"Dòng {line}: năm “{_text(year_value)[:20]}” không hợp lệ (ghi năm như 2023).")
        kind_text = _text(cell("Đối tượng"))
        kind = _KIND_BY_FOLD.get(fold(kind_text))
        if kind is None:
            errors.append(f"Dòng {line}: đối tượng “{kind_text[:40]}” phải là Cá nhân, Tập thể, Hộ gia đình "
                          "hoặc Thôn, tổ dân phố.")
        name = _text(cell("Họ tên / Tên tập thể"))
        form_name = _text(cell("Danh hiệu, hình thức"))
        if not name:
            errors.append(f"Dòng {line}: thiếu họ tên / tên tập thể.")
        if not form_name:
            errors.append(f"Dòng {line}: thiếu danh hiệu, hình thức.")
        unit_name, village = _text(cell("Đơn vị")), _text(cell("Thôn"))
        decision = _text(cell("Số quyết định"))
        decision_date = _date(cell("Ngày quyết định"), line, errors)
        form = forms.get(fold(form_name))
        values_by_field = {"form_name": form.name if form else form_name, "display_name": name,
                           "unit_name": unit_name, "village_name": village, "decision_number": decision}
        for field_name, value in values_by_field.items():
            if len(value) > _LIMITS[field_name]:
                errors.append(f"Dòng {line}: cột “{_LABELS[field_name]}” dài quá {_LIMITS[field_name]} ký tự.")
        if errors:
            rows.append(RegisterRow(line=line, record=None, errors=errors))
            continue
        record = AwardRecord(
            organization=organization, year=year, form=form, subject_kind=kind, achievement=_text(cell("Thành tích")),
            decision_date=decision_date, source=AwardRecord.Source.IMPORT, **values_by_field,
        )
        unit = units.get(unit_key(unit_name))
        if kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
            matched = units.get(unit_key(name))
            record.unit = matched
            record.subject_key = f"unit:{matched.pk}" if matched else f"name:{fold(name)}"
        elif kind == SubjectKind.HOUSEHOLD:
            village_unit = units.get(unit_key(village))
            record.subject_key = household_key(name=name.removeprefix("Hộ ông (bà) "),
                                               village_id=village_unit.pk if village_unit else None)
        else:
            person = None
            if unit is not None:
                person = next((p for p in unit.people.all() if fold(p.full_name) == fold(name)), None)
            record.person = person
            record.subject_key = f"person:{person.pk}" if person else f"name:{fold(name)}:{fold(unit_name)}"
        rows.append(RegisterRow(line=line, record=record))

    _mark_duplicates(organization=organization, rows=rows)
    return RegisterPreview(rows=rows)


def _mark_duplicates(*, organization: Organization, rows: list[RegisterRow]) -> None:
    records = [row.record for row in rows if row.record is not None]
    years = {record.year for record in records}
    existing = {
        (subject_key, year, fold(form_name), fold(decision_number))
        for subject_key, year, form_name, decision_number in AwardRecord.objects.filter(
            organization=organization, year__in=years,
        ).values_list("subject_key", "year", "form_name", "decision_number")
    }
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.record is None:
            continue
        key = _key(row.record)
        label = f"{row.record.display_name} – {row.record.form_name} năm {row.record.year}"
        if row.record.decision_number:
            label += f" (QĐ {row.record.decision_number})"
        if key in existing:
            row.skipped = f"Dòng {row.line}: {label} đã có trong sổ; bỏ qua."
        elif key in seen:
            row.skipped = f"Dòng {row.line}: {label} trùng dòng {seen[key]} của tệp; bỏ qua."
        else:
            seen[key] = row.line


@transaction.atomic
def register_import(*, organization: Organization, by: User, upload: UploadedFile) -> RegisterImportResult:
    """Add the new rows of the file to the register: every one or none; rows already there are skipped."""
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    # One import at a time per commune, so two confirmations of one file cannot both pass the duplicate check.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    preview = register_preview(organization=organization, upload=upload)
    if not preview.is_valid:
        raise ValidationError(preview.errors)
    if not preview.rows:
        raise ValidationError("Tệp không có dòng dữ liệu nào.")
    for row in preview.new_rows:
        row.record.save()
    return RegisterImportResult(created=len(preview.new_rows), skipped=[row.skipped for row in preview.skipped_rows])
