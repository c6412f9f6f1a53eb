"""Reading a plan from Excel into a row-by-row preview. Pure: nothing here writes to the database.

The format (first sheet, one header row): Quý | TT | Nội dung | Đơn vị/Bộ phận thực hiện | Hạn hoàn thành.
services.plan_import writes what a valid preview describes.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.importing import MAX_IMPORT_SIZE as MAX_XLSX_SIZE
from core.importing import MAX_ROWS as MAX_XLSX_ROWS
from core.importing import Sheet, read_xlsx
from units.models import Unit
from units.text import fold, unit_key

from .models import Section

COL_QUARTER = "Quý"
COL_NUMBER = "TT"
COL_CONTENT = "Nội dung"
COL_UNITS = "Đơn vị/Bộ phận thực hiện"
COL_DEADLINE = "Hạn hoàn thành"
HEADERS = (COL_QUARTER, COL_NUMBER, COL_CONTENT, COL_UNITS, COL_DEADLINE)
REQUIRED = (COL_QUARTER, COL_CONTENT, COL_UNITS)

# Folded spellings met in real files for each column.
_HEADER_ALIASES = {
    COL_QUARTER: {"quy"},
    COL_NUMBER: {"tt", "stt", "so tt", "so thu tu"},
    COL_CONTENT: {"noi dung", "noi dung cong viec", "noi dung nhiem vu"},
    COL_UNITS: {
        "don vi/bo phan thuc hien", "don vi / bo phan thuc hien", "don vi, bo phan thuc hien",
        "don vi thuc hien", "bo phan thuc hien", "don vi",
    },
    COL_DEADLINE: {"han hoan thanh", "han", "thoi han", "thoi gian hoan thanh"},
}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_KINDS = {1: Section.Kind.Q1, 2: Section.Kind.Q2, 3: Section.Kind.Q3, 4: Section.Kind.Q4}
_NATURAL_ORDER = [Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4, Section.Kind.ALL_YEAR]
_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LINE_SPLIT = re.compile(r"[\r\n;]+")
_BULLET = re.compile(r"^[-•+*]\s*")
# Only a spaced hyphen separates bulleted units: "Văn hóa – Xã hội" keeps its en dash.
_DASH_SPLIT = re.compile(r"\s+-\s+")
UNIT_NAME_MAX = Unit._meta.get_field("name").max_length


def parse_quarter(value: Any) -> str | None:
    """ "I", "Quý I", "QUÝ I", "quý 1", 1 … "IV", and "Thường xuyên" → a Section.Kind; None if not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return _QUARTER_KINDS.get(int(value)) if float(value).is_integer() else None
    text = fold(str(value)).strip(" .:")
    if text in ("thuong xuyen", "quy thuong xuyen"):
        return Section.Kind.ALL_YEAR
    text = re.sub(r"^quy\s*", "", text)
    number = _ROMAN.get(text)
    return _QUARTER_KINDS.get(number) if number else None


def split_units(text: str) -> list[list[str]]:
    """Split a unit cell into groups of fragments.

    Lines and ";" separate units. A cell written with bullets ("- UBND xã - Công chức Văn hóa – Xã hội xã",
    as in the seed plan) also separates them by " - " inside a line; the fragments of one line stay
    grouped so that matching can join them back when a unit's own name has a spaced hyphen.
    """
    text = (text or "").strip()
    bulleted = bool(_BULLET.match(text))
    groups = []
    for line in _LINE_SPLIT.split(text):
        line = line.strip()
        if not line:
            continue
        if bulleted or _BULLET.match(line):
            line = _BULLET.sub("", line)
            parts = [_clean_name(part) for part in _DASH_SPLIT.split(line)]
        else:
            parts = [_clean_name(line)]
        parts = [part for part in parts if part]
        if parts:
            groups.append(parts)
    return groups


def _clean_name(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;,").strip()


class UnitCatalog:
    """An organization's units by matching key (name first, then aliases), accent-, case- and space-blind."""

    def __init__(self, units: Iterable[Unit]):
        units = list(units)
        self._by_key: dict[str, Unit] = {}
        for unit in units:
            self._by_key.setdefault(unit_key(unit.name), unit)
        for unit in units:
            for key in unit.match_keys():
                self._by_key.setdefault(key, unit)

    def get(self, name: str) -> Unit | None:
        return self._by_key.get(unit_key(name))

    def resolve(self, groups: Sequence[Sequence[str]]) -> list[str]:
        """Names of the units of a cell, joining bullet fragments back when the joined name is known."""
        names = []
        for parts in groups:
            start = 0
            while start < len(parts):
                for end in range(len(parts), start, -1):
                    candidate = " - ".join(parts[start:end])
                    if end - start == 1 or self.get(candidate) is not None:
                        names.append(candidate)
                        start = end
                        break
        return names


@dataclass
class UnitMatch:
    name: str  # as typed in the file
    unit: Unit | None  # the catalog's unit, or None when it would be created

    @property
    def label(self) -> str:
        return self.unit.name if self.unit else self.name


@dataclass
class PreviewRow:
    line: int  # the row number Excel shows
    section_kind: str | None
    typed_number: Any
    content: str
    units: list[UnitMatch]
    deadline: dt.date | None  # None: the quarter's default
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    number: int | None = None  # the TT the task will get
    year: int | None = None  # the plan's year, for the default deadline

    @property
    def section_label(self) -> str:
        return Section.Kind(self.section_kind).label if self.section_kind else ""

    @property
    def unit_names(self) -> list[str]:
        return [match.name for match in self.units]

    def effective_deadline(self, year: int) -> dt.date | None:
        if self.deadline or not self.section_kind:
            return self.deadline
        return Section(kind=self.section_kind).default_deadline(year)

    @property
    def default_deadline(self) -> dt.date | None:
        """The quarter's end shown in the preview when Hạn is blank."""
        return None if self.deadline or self.year is None else self.effective_deadline(self.year)


@dataclass
class PlanPreview:
    year: int
    rows: list[PreviewRow]
    unknown_units: list[str]  # distinct by matching key, as first typed
    notices: list[str] = field(default_factory=list)  # warnings about the whole file

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]

    @property
    def warnings(self) -> list[str]:
        return self.notices + [message for row in self.rows for message in row.warnings]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def section_kinds(self) -> list[str]:
        return section_order(self.rows)


def section_order(rows: Sequence[PreviewRow]) -> list[str]:
    """Order of the plan's sections: QUÝ I–IV, with "Thường xuyên" first when the file starts with it,
    else last."""
    kinds = [row.section_kind for row in rows if row.section_kind]
    order = list(_NATURAL_ORDER[:4])
    if Section.Kind.ALL_YEAR in kinds:
        if kinds[0] == Section.Kind.ALL_YEAR:
            order.insert(0, Section.Kind.ALL_YEAR)
        else:
            order.append(Section.Kind.ALL_YEAR)
    return order


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    # Excel keeps Windows line ends inside cells; one kind of line end is enough.
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _shown(value: Any) -> str:
    text = _text(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def parse_deadline(value: Any) -> dt.date | None:
    """A date cell or dd/mm/yyyy text; None when blank. Raises ValueError when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _DATE.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            return dt.date(*(int(part) for part in match.groups()))
    raise ValueError(value)


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29/02 of a leap year
        return day.replace(year=day.year + 1, day=28)


def _column_map(sheet: Sheet) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(sheet.header):
        key = fold(title).strip(" .:*")
        key = re.sub(r"\s*/\s*", "/", key)
        for column, aliases in _HEADER_ALIASES.items():
            normalised = {re.sub(r"\s*/\s*", "/", alias) for alias in aliases}
            if key in normalised and column not in found:
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        names = ", ".join(f"“{column}”" for column in missing)
        raise ValidationError(
            f"Thiếu cột {names} ở dòng tiêu đề (dòng {sheet.header_line}). "
            f"Dòng tiêu đề cần có: {' | '.join(HEADERS)}."
        )
    return found


def read_plan_workbook(
    upload: UploadedFile, *, year: int, units: Iterable[Unit], max_rows: int = MAX_XLSX_ROWS,
    max_size: int = MAX_XLSX_SIZE,
) -> PlanPreview:
    """Read an uploaded plan into a preview. A broken file raises ValidationError; row problems are
    collected on each row so that the whole file can be shown and fixed at once."""
    sheet = read_xlsx(upload, max_rows=max_rows, max_size=max_size)
    return build_preview(sheet, year=year, catalog=UnitCatalog(units))


def build_preview(sheet: Sheet, *, year: int, catalog: UnitCatalog) -> PlanPreview:
    columns = _column_map(sheet)

    def cell(values: list[Any], column: str) -> Any:
        index = columns.get(column)
        return values[index] if index is not None else None

    rows: list[PreviewRow] = []
    unknown: dict[str, str] = {}
    current_kind: str | None = None
    for line, values in sheet.rows:
        quarter_value = cell(values, COL_QUARTER)
        content = _text(cell(values, COL_CONTENT)).strip()
        units_text = _text(cell(values, COL_UNITS)).strip()
        number_value = cell(values, COL_NUMBER)
        deadline_value = cell(values, COL_DEADLINE)
        errors: list[str] = []

        # A blank Quý continues the one above: merged cells read that way.
        kind = current_kind
        if _text(quarter_value).strip():
            kind = parse_quarter(quarter_value)
            if kind is None:
                errors.append(
                    f"Dòng {line}: Quý “{_shown(quarter_value)}” không hợp lệ; "
                    "ghi I, II, III, IV (hoặc 1–4, “Quý I”…) hoặc “Thường xuyên”."
                )
            else:
                current_kind = kind
                rest = (content, units_text, _text(number_value).strip(), _text(deadline_value).strip())
                if not any(rest):
                    # A heading row ("QUÝ II" alone) opens a section, as in the Word plan.
                    continue
        elif kind is None:
            errors.append(f"Dòng {line}: chưa ghi Quý (I, II, III, IV hoặc “Thường xuyên”).")

        if not content:
            errors.append(f"Dòng {line}: Nội dung trống.")

        matches: list[UnitMatch] = []
        seen: set[str] = set()
        for name in catalog.resolve(split_units(units_text)):
            unit = catalog.get(name)
            key = f"unit:{unit.pk}" if unit else unit_key(name)
            if key in seen:
                continue
            seen.add(key)
            matches.append(UnitMatch(name=name, unit=unit))
            if unit is None:
                if len(name) > UNIT_NAME_MAX:
                    errors.append(f"Dòng {line}: tên đơn vị “{_shown(name)}” dài quá {UNIT_NAME_MAX} ký tự.")
                else:
                    unknown.setdefault(unit_key(name), name)
        if not matches:
            errors.append(f"Dòng {line}: chưa ghi Đơn vị/Bộ phận thực hiện.")

        deadline = None
        try:
            deadline = parse_deadline(deadline_value)
        except ValueError:
            errors.append(
                f"Dòng {line}: Hạn hoàn thành “{_shown(deadline_value)}” không hợp lệ; "
                "ghi ngày dạng dd/mm/yyyy."
            )

        row = PreviewRow(
            line=line, section_kind=kind,
            typed_number=number_value, content=content, units=matches, deadline=deadline, errors=errors,
            year=year,
        )
        for match in matches:
            if match.unit is not None and not match.unit.is_active:
                row.warnings.append(f"Dòng {line}: đơn vị “{match.unit.name}” đang ngừng sử dụng.")
        rows.append(row)

    notices = _check_deadlines(rows, year=year)
    _number_rows(rows)
    return PlanPreview(year=year, rows=rows, unknown_units=list(unknown.values()), notices=notices)


def _check_deadlines(rows: list[PreviewRow], *, year: int) -> list[str]:
    """Deadlines must fall in the plan's year (or early the next). A file whose deadlines all belong to
    the year before is last year's plan reused: every deadline moves on one year, and the preview says so."""
    dated = [row for row in rows if row.deadline]
    notices = []
    if (
        any(row.deadline.year == year - 1 for row in dated)
        and all(year - 1 <= row.deadline.year <= year for row in dated)
    ):
        for row in dated:
            row.deadline = _next_year(row.deadline)
        notices.append(
            f"Hạn hoàn thành trong tệp là của kế hoạch năm {year - 1}: mọi hạn đã được cộng thêm một năm "
            f"(ví dụ 31/03/{year - 1} thành 31/03/{year})."
        )
    for row in dated:
        if not year <= row.deadline.year <= year + 1:
            row.errors.append(
                f"Dòng {row.line}: Hạn hoàn thành {row.deadline:%d/%m/%Y} phải trong năm {year} "
                f"(hoặc đầu năm {year + 1})."
            )
    return notices


def _number_rows(rows: list[PreviewRow]) -> None:
    """Give each row the TT it will get, and warn where the typed TT or the quarter order differs."""
    order = section_order(rows)
    placed = sorted(
        (row for row in rows if row.section_kind),
        key=lambda row: order.index(row.section_kind),
    )  # sorted() is stable: file order within each section
    for number, row in enumerate(placed, start=1):
        row.number = number
    previous: PreviewRow | None = None
    for row in rows:
        if not row.section_kind:
            continue
        if previous and order.index(row.section_kind) < order.index(previous.section_kind):
            row.warnings.append(
                f"Dòng {row.line}: nhiệm vụ thuộc {row.section_label} nằm sau {previous.section_label}; "
                f"sẽ được xếp vào {row.section_label}."
            )
        previous = row
        typed = _text(row.typed_number).strip()
        if typed and _as_int(typed) != row.number:
            row.warnings.append(
                f"Dòng {row.line}: TT “{_shown(typed)}” khác số thứ tự tự động ({row.number}); "
                "TT được đánh lại theo thứ tự nhiệm vụ."
            )


def _as_int(text: str) -> int | None:
    return int(text) if text.isdigit() else None
