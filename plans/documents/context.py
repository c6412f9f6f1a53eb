"""The data of a plan as an official document (NĐ 30/2020/NĐ-CP, Phụ lục I), shared by the PDF and Word renderers.

Everything here is plain text exactly as the user typed it (escaping is the template's job); the only
rewriting is what the decree asks for: agency names in uppercase, zero-padded days and months 1–2,
"Số: …/KH-UBND", and the ";" / "." that end the lines of "Nơi nhận".
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from units.selectors import superior_name_on

from .. import selectors
from ..models import Plan

DOCUMENT_TYPE = "KH"  # Phụ lục III: Kế hoạch
ISSUER_CODE = "UBND"
BLANK = " " * 6  # room left for the number and date, written by hand before issuing

_PEOPLES_COMMITTEE = re.compile(r"^\s*(?:ủy|uỷ)\s+ban\s+nhân\s+dân\b\s*", re.IGNORECASE)
_PEOPLES_COMMITTEE_SHORT = re.compile(r"^\s*ubnd\b\s*", re.IGNORECASE)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class VerificationInfo:
    """Printed on the last page of an issued document so a paper copy can be checked online."""

    code: str
    url: str


@dataclass
class TaskRow:
    number: int
    content: str
    units: list[str]


@dataclass
class QuarterRows:
    label: str
    tasks: list[TaskRow]


@dataclass
class Heading:
    """A numbered heading ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích") and the paragraphs under it."""

    text: str
    paragraphs: list[str] = field(default_factory=list)
    children: list["Heading"] = field(default_factory=list)


@dataclass
class PlanDocument:
    superior: str
    agency_lines: list[str]
    number_line: str
    date_line: str
    title: str
    subtitle: str
    legal_bases: list[str]
    purpose_part: Heading | None
    content_heading: str
    quarters: list[QuarterRows]
    implementation_part: Heading | None
    closing: str
    recipients: list[str]
    signer_authority: str
    signer_title: str
    signer_name: str
    year: int

    @property
    def task_count(self) -> int:
        return sum(len(q.tasks) for q in self.quarters)


def upper_vi(text: str) -> str:
    """Vietnamese uppercase: "Ủy ban nhân dân xã Thanh Sơn" → "ỦY BAN NHÂN DÂN XÃ THANH SƠN".

    NFC first, so a name typed with combining marks (as some keyboards do) becomes precomposed
    letters that every font has a glyph for.
    """
    return unicodedata.normalize("NFC", text).upper().strip()


def agency_lines(name: str) -> list[str]:
    """ "Ủy ban nhân dân xã Thanh Sơn" → ["ỦY BAN NHÂN DÂN", "XÃ THANH SƠN"], as the decree's header sets it."""
    name = unicodedata.normalize("NFC", name).strip()
    match = _PEOPLES_COMMITTEE.match(name) or _PEOPLES_COMMITTEE_SHORT.match(name)
    if match and name[match.end():].strip():
        return ["ỦY BAN NHÂN DÂN", upper_vi(name[match.end():])]
    return [upper_vi(name)]


def number_line(number: str, doc_type: str = DOCUMENT_TYPE) -> str:
    """ "15/KH-UBND" → "Số: 15/KH-UBND"; "5" → "Số: 05/KH-UBND"; empty → "Số:      /KH-UBND".

    `doc_type` is the abbreviation of Phụ lục III: KH for a plan, BC for a report."""
    number = number.strip()
    if not number:
        return f"Số:{BLANK}/{doc_type}-{ISSUER_CODE}"
    if "/" in number:
        return f"Số: {number}"
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    return f"Số: {number}/{doc_type}-{ISSUER_CODE}"


def date_words(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2024": days below 10 and the months 1 and 2 take a leading 0, other months do not."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(*, place: str, issued_on: dt.date | None, year: int) -> str:
    place = unicodedata.normalize("NFC", place).strip()
    if issued_on is None:
        return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"
    return f"{place}, {date_words(issued_on)}"


def recipient_lines(recipients: list[tuple[str, str]]) -> list[str]:
    """ "- Phòng Nội vụ huyện (b/c);" … and "." after the last line."""
    texts = [f"{name} {note}".strip().rstrip(";.").rstrip() for name, note in recipients]
    texts = [text for text in texts if text]
    return [f"- {text}{'.' if i == len(texts) - 1 else ';'}" for i, text in enumerate(texts)]


def _numbered(items: list[tuple[str, list[str]]], style) -> list[Heading]:
    """Number the headings that have text under them, so an empty part never leaves a gap (I, III …)."""
    present = [(title, paragraphs) for title, paragraphs in items if paragraphs]
    return [
        Heading(text=f"{style(i)}. {title}", paragraphs=paragraphs) for i, (title, paragraphs) in enumerate(present)
    ]


def plan_document_context(plan: Plan) -> PlanDocument:
    """Everything the official "Kế hoạch" prints, read in a fixed number of queries (5 whatever the size)."""
    organization = plan.organization
    quarters = []
    for rows in selectors.plan_sections(plan=plan):
        if not rows.tasks:
            continue  # an empty quarter prints no row: the document lists work, not the editor's skeleton
        quarters.append(QuarterRows(
            label=rows.section.get_kind_display(),
            tasks=[
                TaskRow(number=task.number, content=task.content,
                        units=[link.unit.name for link in task.task_units.all()])
                for task in rows.tasks
            ],
        ))

    purpose = plan.purpose_lines()
    requirements = plan.requirement_lines()
    implementation = plan.implementation_lines()
    # Roman numerals follow the parts present; "NỘI DUNG" is always there.
    part_titles = []
    if purpose or requirements:
        part_titles.append("MỤC ĐÍCH, YÊU CẦU")
    part_titles.append("NỘI DUNG")
    if implementation:
        part_titles.append("TỔ CHỨC THỰC HIỆN")
    roman = {title: f"{_ROMAN[i]}. {title}" for i, title in enumerate(part_titles)}

    purpose_part = None
    if purpose or requirements:
        purpose_part = Heading(
            text=roman["MỤC ĐÍCH, YÊU CẦU"],
            children=_numbered([("Mục đích", purpose), ("Yêu cầu", requirements)], style=lambda i: i + 1),
        )
    implementation_part = None
    if implementation:
        implementation_part = Heading(text=roman["TỔ CHỨC THỰC HIỆN"], paragraphs=implementation)

    recipients = [(r.name, r.note) for r in plan.recipients.order_by("order", "pk")]
    return PlanDocument(
        # The authority valid on the document's own date (district before 01/07/2025, province after).
        superior=upper_vi(superior_name_on(organization, on=plan.issued_on or timezone.localdate())),
        agency_lines=agency_lines(organization.name),
        number_line=number_line(plan.number),
        date_line=date_line(place=organization.place_name, issued_on=plan.issued_on, year=plan.year),
        title="KẾ HOẠCH",
        subtitle=plan.title.strip(),
        legal_bases=plan.legal_basis_lines(),
        purpose_part=purpose_part,
        content_heading=roman["NỘI DUNG"],
        quarters=quarters,
        implementation_part=implementation_part,
        closing=plan.closing.strip(),
        recipients=recipient_lines(recipients),
        signer_authority=upper_vi(plan.signer_authority),
        signer_title=upper_vi(plan.signer_title),
        signer_name=plan.signer_name.strip(),
        year=plan.year,
    )
