"""Reading a thôn's household list from Excel into a row-by-row preview. Pure: nothing here writes.

Format (first sheet, one header row): Họ tên chủ hộ | Địa chỉ | Danh hiệu đăng ký | Ghi chú.
"Danh hiệu" may be left blank (the catalog's household title is used) or name a household title by name or code.
services.registration_households_import writes what a valid preview describes, all rows or none.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.importing import MAX_IMPORT_SIZE as MAX_XLSX_SIZE
from core.importing import MAX_ROWS as MAX_XLSX_ROWS
from core.importing import Sheet, read_xlsx
from units.text import fold, unit_key

from .models import EmulationTitle, Household, Registration, SubjectKind

COL_HEAD = "Họ tên chủ hộ"
COL_ADDRESS = "Địa chỉ"
COL_TITLE = "Danh hiệu đăng ký"
COL_NOTE = "Ghi chú"
HEADERS = (COL_HEAD, COL_ADDRESS, COL_TITLE, COL_NOTE)
# A thôn has a few hundred households; a file ten times longer is a mistake (a whole commune's list).
MAX_HOUSEHOLD_ROWS = min(MAX_XLSX_ROWS, 1000)

_ALIASES = {
    COL_HEAD: {"ho ten chu ho", "chu ho", "ho va ten chu ho", "ho ten"},
    COL_ADDRESS: {"dia chi", "noi o", "xom, dia chi"},
    COL_TITLE: {"danh hieu dang ky", "danh hieu", "danh hieu thi dua"},
    COL_NOTE: {"ghi chu"},
}
HEAD_MAX = Household._meta.get_field("head_name").max_length
ADDRESS_MAX = Household._meta.get_field("address").max_length


@dataclass
class HouseholdRow:
    line: int
    head_name: str
    address: str
    title: EmulationTitle | None
    note: str = ""
    existing: Household | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class HouseholdPreview:
    rows: list[HouseholdRow]

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.existing is None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _columns(sheet: Sheet) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(sheet.header):
        key = fold(title).strip(" .:*")
        for column, aliases in _ALIASES.items():
            if key in aliases and column not in found:
                found[column] = index
    if COL_HEAD not in found:
        raise ValidationError(
            f"Thiếu cột “{COL_HEAD}” ở dòng tiêu đề (dòng {sheet.header_line}). "
            f"Dòng tiêu đề cần có: {' | '.join(HEADERS)}."
        )
    return found


def read_household_workbook(
    upload: UploadedFile, *, registration: Registration, max_rows: int = MAX_HOUSEHOLD_ROWS,
    max_size: int = MAX_XLSX_SIZE,
) -> HouseholdPreview:
    sheet = read_xlsx(upload, max_rows=max_rows, max_size=max_size)
    return build_preview(sheet, registration=registration)


def build_preview(sheet: Sheet, *, registration: Registration) -> HouseholdPreview:
    columns = _columns(sheet)
    titles = list(EmulationTitle.objects.filter(subject_kind=SubjectKind.HOUSEHOLD, is_active=True)
                  .order_by("order", "pk"))
    by_key = {}
    for title in titles:
        by_key.setdefault(unit_key(title.name), title)
        by_key.setdefault(unit_key(title.code), title)
    default_title = titles[0] if titles else None
    known = {h.match_key: h for h in Household.objects.filter(village_id=registration.unit_id)}
    registered = set(registration.lines.filter(household__isnull=False).values_list("household_id", "title_id"))

    def cell(values: list[Any], column: str) -> str:
        index = columns.get(column)
        return _text(values[index]) if index is not None else ""

    rows: list[HouseholdRow] = []
    seen: dict[tuple[str, int | None], int] = {}
    for line, values in sheet.rows:
        head, address = cell(values, COL_HEAD), cell(values, COL_ADDRESS)
        title_text, note = cell(values, COL_TITLE), cell(values, COL_NOTE)
        errors = []
        if not head:
            errors.append(f"Dòng {line}: chưa ghi {COL_HEAD}.")
        elif len(head) > HEAD_MAX:
            errors.append(f"Dòng {line}: {COL_HEAD} “{_shown(head)}” dài quá {HEAD_MAX} ký tự.")
        if len(address) > ADDRESS_MAX:
            errors.append(f"Dòng {line}: {COL_ADDRESS} dài quá {ADDRESS_MAX} ký tự.")
        if len(note) > 300:
            errors.append(f"Dòng {line}: {COL_NOTE} dài quá 300 ký tự.")
        title = by_key.get(unit_key(title_text)) if title_text else default_title
        if title is None:
            if title_text:
                names = ", ".join(f"“{t.name}”" for t in titles) or "(chưa có trong danh mục)"
                errors.append(f"Dòng {line}: danh hiệu “{_shown(title_text)}” không dành cho hộ gia đình; "
                              f"chọn một trong: {names}.")
            else:
                errors.append(f"Dòng {line}: danh mục chưa có danh hiệu nào cho hộ gia đình.")
        key = Household.key_for(head, address)
        existing = known.get(key)
        if head:
            first = seen.get((key, title.pk if title else None))
            if first is not None:
                errors.append(f"Dòng {line}: hộ “{_shown(head)}”{f' ({_shown(address)})' if address else ''} "
                              f"trùng với dòng {first}.")
            else:
                seen[(key, title.pk if title else None)] = line
            if existing is not None and title is not None and (existing.pk, title.pk) in registered:
                errors.append(f"Dòng {line}: hộ “{_shown(head)}” đã có trong bản đăng ký với danh hiệu "
                              f"“{title.name}”.")
        rows.append(HouseholdRow(line=line, head_name=head, address=address, title=title, note=note,
                                 existing=existing, errors=errors))
    return HouseholdPreview(rows=rows)
