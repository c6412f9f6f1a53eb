"""Reading a plan from a Word file as clerks type it. Pure: nothing here writes to the database.

The task table (TT | Nội dung | Đơn vị/Bộ phận thực hiện, with "Chủ trì" / "Phối hợp" columns and a time or
deadline column when there is one) becomes a Sheet in the Excel import's own columns, so both files meet the
same checks in importing.build_preview. Around the table, the document's own texts are read in order: number
and date, title, Căn cứ, Mục đích, Yêu cầu, Tổ chức thực hiện, the closing sentence, Nơi nhận and the signer.

What a clerk types by hand and gets wrong is tolerated and reported, never trusted: TT numbers ("09", skipped,
repeated: the tasks are renumbered), a table broken over two pages with its header typed again, a row split
across the break, non-breaking spaces.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.importing import MAX_IMPORT_SIZE, MAX_ROWS, Sheet, read_docx
from units.text import fold

from .importing import COL_CONTENT, COL_DEADLINE, COL_NUMBER, COL_QUARTER, COL_UNITS
from .models import Plan, PlanRecipient
from .services import parse_recipient_lines

NOT_A_PLAN = (
    "Tệp Word này không phải kế hoạch nhập được: không tìm thấy bảng nhiệm vụ có các cột “TT”, “Nội dung” và "
    "“Đơn vị/Bộ phận thực hiện”."
)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_ROMAN_HEADING = re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X)\s*[.)/\-–]\s*(\S.*)$")
_SUB_HEADING = re.compile(r"^(?:\d{1,2}|[a-dđ])\s*[.)]\s*(muc dich|yeu cau)\s*[:.]?\s*(.*)$")
_BARE_SUB_HEADING = re.compile(r"^(muc dich|yeu cau)\s*(?:[:.]?$|:\s*(.+)$)")
_QUARTER = re.compile(r"^(?:[ivx\d]+\s*[.)]\s*)?quy\s*(iv|i{1,3}|[1-4])\b")
_ALL_YEAR = re.compile(r"^(?:[ivx\d]+\s*[.)]\s*)?(?:cac\s+)?(?:nhiem vu\s+)?(thuong xuyen|ca nam)\b")
_ROMANS = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}
_NUMBER_LINE = re.compile(r"^so\s*[:.]?\s*")
_DATE_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_AUTHORITY = re.compile(r"^(tm|kt|tl|tuq|q)\s*[.:]\s*\S")
_PARENTHESISED = re.compile(r"^\(.*\)$")
_UNIT_HEADER_WORDS = ("don vi", "bo phan", "chu tri", "phoi hop", "co quan", "thuc hien", "nguoi thuc hien")
_DEADLINE_HEADER_WORDS = ("thoi gian", "thoi han", "han hoan thanh", "tien do", "han")
_SUB_HEADER_KEYS = {"chu tri", "phoi hop", "don vi chu tri", "don vi phoi hop", "co quan chu tri",
                    "co quan phoi hop", "bo phan chu tri", "bo phan phoi hop"}
TITLE_MAX = Plan._meta.get_field("title").max_length
NUMBER_MAX = Plan._meta.get_field("number").max_length
SIGNER_MAX = Plan._meta.get_field("signer_name").max_length
RECIPIENT_MAX = PlanRecipient._meta.get_field("name").max_length
NOTE_MAX = PlanRecipient._meta.get_field("note").max_length


@dataclass
class PlanTexts:
    """The texts of a Word plan around its task table; an empty value means "not found in the file"."""

    number: str = ""
    issued_on: dt.date | None = None
    title: str = ""
    legal_bases: list[str] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    implementation: list[str] = field(default_factory=list)
    closing: str = ""
    recipients: list[tuple[str, str]] = field(default_factory=list)
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    notices: list[str] = field(default_factory=list)

    def plan_fields(self) -> dict[str, Any]:
        """The Plan fields this file fills (services.PLAN_TEXT_FIELDS); what the file lacks is left out."""
        values = {
            "number": self.number, "issued_on": self.issued_on, "title": self.title,
            "legal_bases": "\n".join(self.legal_bases), "purpose": "\n".join(self.purpose),
            "requirements": "\n".join(self.requirements), "implementation": "\n".join(self.implementation),
            "closing": self.closing, "signer_authority": self.signer_authority, "signer_title": self.signer_title,
            "signer_name": self.signer_name,
        }
        return {name: value for name, value in values.items() if value}

    @property
    def found(self) -> list[str]:
        """Vietnamese names of the parts read, for the preview."""
        parts = [("Số, ký hiệu", self.number), ("Ngày ban hành", self.issued_on), ("Trích yếu", self.title),
                 ("Căn cứ", self.legal_bases), ("Mục đích", self.purpose), ("Yêu cầu", self.requirements),
                 ("Tổ chức thực hiện", self.implementation), ("Câu kết", self.closing),
                 ("Nơi nhận", self.recipients), ("Người ký", self.signer_name)]
        return [name for name, value in parts if value]


def clean_text(text: str) -> str:
    """NFC, no invisible characters, every kind of space (the non-breaking ones too) as one plain space."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _key(text: str) -> str:
    return fold(clean_text(text)).strip(" .:*;")


# --- walking the document -----------------------------------------------------------------------------


@dataclass
class _Row:
    cells: list[str]  # one text per grid column (a merged cell repeats its text)
    ids: list[int]  # which cell each grid column belongs to

    @property
    def distinct(self) -> list[str]:
        seen, texts = set(), []
        for cell_id, text in zip(self.ids, self.cells, strict=True):
            if cell_id not in seen:
                seen.add(cell_id)
                texts.append(text)
        return texts


def _rows(table) -> list[_Row]:
    rows = []
    for row in table.rows:
        cells = row.cells
        rows.append(_Row(cells=[clean_text(cell.text) for cell in cells], ids=[id(cell._tc) for cell in cells]))
    return rows


@dataclass
class _Columns:
    number: int
    content: int
    units: list[int]
    deadline: int | None
    quarter: int | None


def _header(row: _Row) -> _Columns | None:
    keys = [_key(text) for text in row.cells]
    first: dict[int, int] = {}
    for index, cell_id in enumerate(row.ids):
        first.setdefault(cell_id, index)
    starts = sorted(set(first.values()))
    number = next((i for i in starts if keys[i] in {"tt", "stt", "so tt", "so thu tu"}), None)
    content = next((i for i in starts if keys[i].startswith("noi dung") or keys[i] in {"cong viec", "nhiem vu"}),
                   None)
    if number is None or content is None:
        return None
    taken = {number, content}
    deadline = next((i for i in starts if i not in taken and (
        keys[i] == "han" or any(w in keys[i] for w in _DEADLINE_HEADER_WORDS[:-1]))), None)
    units = [i for i in starts if i not in taken and i != deadline
             and any(w in keys[i] for w in _UNIT_HEADER_WORDS)]
    quarter = next((i for i in starts if keys[i] == "quy"), None)
    if not units:
        return None
    return _Columns(number=number, content=content, units=units, deadline=deadline, quarter=quarter)


def _sub_header(row: _Row, columns: _Columns) -> list[int] | None:
    """A second header row naming "Chủ trì" / "Phối hợp" under a merged "Đơn vị thực hiện"."""
    keys = [_key(text) for text in row.cells]
    marked = [i for i, key in enumerate(keys) if key]
    if marked and all(keys[i] in _SUB_HEADER_KEYS or i in (columns.number, columns.content) for i in marked):
        units = [i for i in marked if keys[i] in _SUB_HEADER_KEYS]
        return units or None
    return None


def quarter_heading(text: str) -> str | None:
    """ "QUÝ I", "Quý I", "quý 1", "II. Quý II" → "QUÝ I"…; "Nhiệm vụ thường xuyên" → "THƯỜNG XUYÊN"."""
    key = _key(text)
    match = _QUARTER.match(key)
    if match:
        return f"QUÝ {_ROMANS[match.group(1)]}"
    if _ALL_YEAR.match(key):
        return "THƯỜNG XUYÊN"
    return None


def _split_units(text: str) -> str:
    # One unit per paragraph, or joined by ";" or ","; importing.split_units handles lines, ";" and "- " bullets.
    return "\n".join(part for part in re.split(r"\s*,\s*", text) if part)


@dataclass
class _TaskTable:
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    row_number: int = 0


def _read_task_rows(table_rows: list[_Row], columns: _Columns, out: _TaskTable, *, first: bool) -> None:
    for index, row in enumerate(table_rows):
        out.row_number += 1
        line = out.row_number
        if index == 0:
            if not first:
                out.notices.append(f"Dòng {line}: bảng nhiệm vụ được ngắt và gõ lại dòng tiêu đề; đã nối hai phần.")
            continue
        again = _header(row)
        if again is not None:
            columns.units, columns.deadline, columns.quarter = again.units, again.deadline, again.quarter
            out.notices.append(f"Dòng {line}: dòng tiêu đề gõ lại giữa bảng; đã bỏ qua.")
            continue
        sub = _sub_header(row, columns)
        if sub is not None:
            columns.units = sub
            continue
        texts = [text for text in row.distinct if text]
        if not texts:
            continue
        if len(texts) == 1 and quarter_heading(texts[0]):
            out.rows.append((line, [quarter_heading(texts[0]), None, None, None, None]))
            continue
        number = row.cells[columns.number]
        content = row.cells[columns.content]
        if len(texts) == 2 and number in texts and quarter_heading(content) and not number.isdigit():
            out.rows.append((line, [quarter_heading(content), None, None, None, None]))  # "I" | "QUÝ I"
            continue
        unit_texts, seen = [], set()
        for i in columns.units:
            if i < len(row.cells) and row.ids[i] not in seen and row.cells[i]:
                seen.add(row.ids[i])
                unit_texts.append(row.cells[i])
        units = _split_units("\n".join(unit_texts))
        deadline = row.cells[columns.deadline] if columns.deadline is not None else ""
        quarter = row.cells[columns.quarter] if columns.quarter is not None else None
        previous = out.rows[-1][1] if out.rows else None
        if not number and not content and previous is not None and previous[2]:
            # The rest of the row above, carried over a page break ("Công chức Văn hóa –" / "Xã hội").
            if units:
                joiner = " " if (previous[3] or "").rstrip().endswith(("-", "–", "—")) or units[:1].islower() else "\n"
                previous[3] = (previous[3] or "") + joiner + units if previous[3] else units
            if deadline and not previous[4]:
                previous[4] = deadline
            out.notices.append(f"Dòng {line}: phần còn lại của nhiệm vụ phía trên (bảng ngắt trang); đã nối vào.")
            continue
        out.rows.append((line, [quarter, number, content, units, deadline]))


def read_plan_docx(
    upload: UploadedFile, *, year: int, max_rows: int = MAX_ROWS, max_size: int = MAX_IMPORT_SIZE,
) -> tuple[Sheet, PlanTexts]:
    """The task table as a Sheet in the import's columns, and the document's texts. A file that is not a plan
    raises ValidationError with a Vietnamese message."""
    document = read_docx(upload, max_size=max_size, max_rows=max_rows)
    tasks = _TaskTable()
    lines: list[tuple[str, str]] = []  # (where, text): the paragraphs around the task table, in order
    columns: _Columns | None = None
    try:
        blocks = list(document.iter_inner_content())
        for block in blocks:
            # A table has rows, a paragraph has none (python-docx itself is read in core/importing.py only).
            if hasattr(block, "rows"):
                rows = _rows(block)
                start, header = next(
                    ((i, found) for i, row in enumerate(rows[:3]) if (found := _header(row)) is not None), (0, None))
                if header is not None:
                    tasks.row_number += start
                    _read_task_rows(rows[start:], header, tasks, first=columns is None)
                    columns = header
                    lines.append(("table", ""))
                    continue
                for row in rows:
                    for text in row.distinct:
                        lines.extend(("cell", line) for line in text.split("\n") if line)
            else:
                for line in clean_text(block.text).split("\n"):
                    lines.append(("body", line))
    except ValidationError:
        raise
    except Exception as error:  # a damaged part of the document shows only when it is read
        raise ValidationError("Không đọc được tệp Word (tệp hỏng hoặc không phải .docx).") from error
    if columns is None:
        raise ValidationError(NOT_A_PLAN, code="not_a_plan")
    if not any(values[2] or values[3] for _line, values in tasks.rows):
        raise ValidationError("Bảng nhiệm vụ trong tệp Word chưa có nhiệm vụ nào.", code="no_tasks")
    texts = _read_texts(lines)
    texts.notices = tasks.notices + texts.notices
    header = [COL_QUARTER, COL_NUMBER, COL_CONTENT, COL_UNITS, COL_DEADLINE]
    return Sheet(header=header, header_line=1, rows=tasks.rows), texts


# --- the texts around the table -----------------------------------------------------------------------


def _is_signer_title(line: str) -> bool:
    key = _key(line)
    return line == line.upper() and any(c.isalpha() for c in line) and (
        "chu tich" in key or key in {"truong ban", "chanh van phong", "bi thu", "giam doc"})


def _read_texts(lines: list[tuple[str, str]]) -> PlanTexts:
    texts = PlanTexts()
    state = "head"
    title: list[str] = []
    for where, line in lines:
        if where == "table":
            if state in ("head", "title", "bases", "purpose", "requirements", "other"):
                state = "content"
            continue
        if not line:
            continue
        key = _key(line)
        if state == "head" and _NUMBER_LINE.match(key) and "/" in line and not texts.number:
            value = line.split(":", 1)[1] if ":" in line else _NUMBER_LINE.sub("", key)
            value = value.strip()
            texts.number = "" if value.startswith("/") else value[:NUMBER_MAX]
            continue
        if state == "head" and texts.issued_on is None and (match := _DATE_WORDS.search(key)):
            day, month, year = (int(part) for part in match.groups())
            try:
                texts.issued_on = dt.date(year, month, day)
            except ValueError:
                texts.notices.append(f"Ngày ban hành “{line}” không phải một ngày có thật; chưa nhập.")
            continue
        if key == "ke hoach" and state in ("head", "title"):
            state = "title"
            continue
        if key.startswith("ke hoach ") and state == "head":
            title.append(line.split(None, 2)[-1] if len(line.split(None, 2)) > 2 else line)
            state = "title"
            continue
        if key.startswith("can cu") and state in ("head", "title", "bases"):
            texts.legal_bases.append(line)
            state = "bases"
            continue
        roman = _ROMAN_HEADING.match(line)
        if roman and state not in ("recipients", "signer"):
            name = _key(roman.group(2))
            if "muc dich" in name:
                state = "purpose"
            elif "noi dung" in name or "nhiem vu" in name:
                state = "content"
            elif "to chuc thuc hien" in name:
                state = "implementation"
            else:
                state = "other"
                texts.notices.append(f"Phần “{line}” không có mục tương ứng trong kế hoạch; chưa nhập.")
            continue
        sub = _SUB_HEADING.match(key) or _BARE_SUB_HEADING.match(key)
        if sub and state in ("purpose", "requirements", "bases", "title"):
            state = "purpose" if sub.group(1) == "muc dich" else "requirements"
            rest = line.split(":", 1)[1].strip() if sub.lastindex == 2 and sub.group(2) and ":" in line else ""
            if not rest and sub.lastindex == 2 and sub.group(2):
                rest = line.split(None, 2)[-1] if _SUB_HEADING.match(key) else ""
            if rest:
                (texts.purpose if state == "purpose" else texts.requirements).append(rest)
            continue
        if key.startswith("tren day la") and state not in ("recipients", "signer"):
            texts.closing = line
            state = "after"
            continue
        if key.startswith("noi nhan"):
            state = "recipients"
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                texts.recipients.extend(parse_recipient_lines(rest))
            continue
        if _AUTHORITY.match(key) and state in ("after", "recipients", "signer", "implementation"):
            if texts.signer_authority:
                texts.notices.append(f"Người ký: dòng “{line}” không có ô riêng trong kế hoạch; hãy kiểm tra lại.")
            else:
                texts.signer_authority = line[:100]
            state = "signer"
            continue
        if _is_signer_title(line) and state in ("after", "recipients", "signer", "implementation"):
            texts.signer_title = line[:100]
            state = "signer"
            continue
        if state == "title":
            title.append(line)
        elif state == "purpose":
            texts.purpose.append(line)
        elif state == "requirements":
            texts.requirements.append(line)
        elif state == "implementation":
            texts.implementation.append(line)
        elif state == "recipients":
            for name, note in parse_recipient_lines(line):
                texts.recipients.append((name[:RECIPIENT_MAX], note[:NOTE_MAX]))
        elif state == "signer" and texts.signer_title and not texts.signer_name:
            if not _PARENTHESISED.match(line):
                texts.signer_name = line[:SIGNER_MAX]
    texts.title = " ".join(title)[:TITLE_MAX]
    return texts
