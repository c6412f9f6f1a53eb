"""The plan as an official "Kế hoạch" (NĐ 30/2020): a content builder returning documents.content.Document.

plans only DESCRIBES what the paper says; documents/ lays it out (PDF and Word), numbers, freezes and verifies it.
"""


from documents import legal
from documents.content import Column, Document, Heading, Paragraph, Row, Signature, Table
from documents.models import Kind
from documents.text import ROMAN

from .. import selectors
from ..models import Plan

TASK_COLUMNS = [Column("TT", 0.07, "center"), Column("Nội dung", 0.55), Column("Đơn vị/Bộ phận thực hiện", 0.38)]


def _part(title: str, paragraphs: list[str]) -> list:
    return [Heading(title, level=1), *(Paragraph(text) for text in paragraphs)]


def plan_task_rows(plan: Plan) -> list[Row]:
    """The task table: one bold group row per quarter that has tasks, then one row per task (5 queries)."""
    rows: list[Row] = []
    for section in selectors.plan_sections(plan=plan):
        if not section.tasks:
            continue  # an empty quarter prints no row: the document lists work, not the editor's skeleton
        rows.append(Row(cells=[section.section.get_kind_display()], group=True))
        for task in section.tasks:
            rows.append(Row(cells=[str(task.number), task.content,
                                   [f"- {link.unit.name}" for link in task.task_units.all()]]))
    return rows


def plan_content(plan: Plan, *, draft: bool = False) -> Document:
    """Everything the "Kế hoạch" prints, read in a fixed number of queries whatever the size."""
    organization = plan.organization
    purpose, requirements = plan.purpose_lines(), plan.requirement_lines()
    implementation = plan.implementation_lines()
    parts: list[tuple[str, list]] = []
    if purpose or requirements:
        items = [(title, lines) for title, lines in (("Mục đích", purpose), ("Yêu cầu", requirements)) if lines]
        children = []
        for i, (title, lines) in enumerate(items, start=1):
            children += [Heading(f"{i}. {title}", level=2), *(Paragraph(text) for text in lines)]
        parts.append(("MỤC ĐÍCH, YÊU CẦU", children))
    parts.append(("NỘI DUNG", [Table(columns=TASK_COLUMNS, rows=plan_task_rows(plan))]))
    if implementation:
        parts.append(("TỔ CHỨC THỰC HIỆN", [Paragraph(text) for text in implementation]))
    blocks: list = []
    for i, (title, children) in enumerate(parts):
        blocks += [Heading(f"{ROMAN[i]}. {title}"), *children]
    if plan.closing.strip():
        blocks.append(Paragraph(plan.closing.strip()))
    bases = plan.legal_basis_lines() or legal.basis_lines(kind=Kind.PLAN, day=plan.issued_on, year=plan.year)
    return Document(
        kind=Kind.PLAN, series="KH", issuer=organization.name, parent_body=organization.parent_body,
        place=organization.place_name, year=plan.year, number=plan.number, issued_on=plan.issued_on,
        title="KẾ HOẠCH", summary=plan.title.strip(), legal_bases=bases, blocks=blocks,
        signature=Signature(authority=plan.signer_authority.upper(), title=plan.signer_title.upper(),
                            name=plan.signer_name.strip()),
        recipients=[f"{r.name} {r.note}".strip() for r in plan.recipients.order_by("order", "pk")],
        draft=draft,
    )
