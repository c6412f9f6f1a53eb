"""The tasks of one unit in a plan, as a paper the unit keeps ("Danh sách nhiệm vụ"): not numbered nor issued,
but laid out by documents/ like every official paper."""

from documents.content import Column, Document, Paragraph, Row, Signature, Table

from .. import selectors
from ..models import Plan, Task

COLUMNS = [Column("TT", 0.07, "center"), Column("Nội dung", 0.53), Column("Phối hợp", 0.22),
           Column("Hạn hoàn thành", 0.18, "center")]


def unit_tasks_content(plan: Plan, unit) -> Document:
    organization = plan.organization
    tasks = (selectors.with_units(Task.objects.filter(plan=plan, units=unit))
             .select_related("section").order_by("section__order", "order", "pk"))
    rows: list[Row] = []
    current = None
    for task in tasks:
        if task.section_id != current:
            current = task.section_id
            rows.append(Row(cells=[task.section.get_kind_display()], group=True))
        others = [f"- {link.unit.name}" for link in task.task_units.all() if link.unit_id != unit.pk]
        rows.append(Row(cells=[str(task.number), task.content, others, f"{task.deadline:%d/%m/%Y}"]))
    if not rows:
        rows.append(Row(cells=["Đơn vị không có nhiệm vụ trong kế hoạch."], group=True))
    return Document(
        kind="unit_tasks", series="KH", issuer=organization.name, parent_body=organization.parent_body,
        place=organization.place_name, year=plan.year, issued_on=plan.issued_on, show_number=False,
        title="DANH SÁCH NHIỆM VỤ", summary=f"của {unit.name} trong Kế hoạch {plan.title.strip()}",
        blocks=[Paragraph(f"Kèm theo Kế hoạch số {plan.number} của {organization.name}." if plan.number
                          else f"Theo kế hoạch của {organization.name}.", indent=False, italic=True),
                Table(columns=COLUMNS, rows=rows)],
        signature=Signature(authority=plan.signer_authority.upper(), title=plan.signer_title.upper(),
                            name=plan.signer_name.strip()),
    )
