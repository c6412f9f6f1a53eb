import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import services
from plans.models import Section, Task, TaskUpdate


@pytest.fixture
def plan(org, vhxh):
    return services.plan_create(organization=org, year=2024, by=vhxh)


def numbers(plan):
    return list(Task.objects.filter(plan=plan).order_by("number").values_list("number", "content"))


def add(plan, vhxh, unit, kind, content, **kw):
    return services.task_create(section=plan.sections.get(kind=kind), by=vhxh, content=content, units=[unit], **kw)


def test_plan_create_has_four_quarters(plan):
    assert [s.get_kind_display() for s in plan.sections.order_by("order")] == ["QUÝ I", "QUÝ II", "QUÝ III", "QUÝ IV"]
    assert plan.title == "Công tác thi đua, khen thưởng năm 2024"


def test_numbers_are_continuous_through_quarters(plan, vhxh, unit):
    add(plan, vhxh, unit, Section.Kind.Q2, "B")
    add(plan, vhxh, unit, Section.Kind.Q1, "A")
    add(plan, vhxh, unit, Section.Kind.Q4, "D")
    add(plan, vhxh, unit, Section.Kind.Q2, "C")
    assert numbers(plan) == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]


def test_move_renumbers(plan, vhxh, unit):
    a = add(plan, vhxh, unit, Section.Kind.Q1, "A")
    add(plan, vhxh, unit, Section.Kind.Q1, "B")
    add(plan, vhxh, unit, Section.Kind.Q2, "C")
    services.task_move(task=a, by=vhxh, section=plan.sections.get(kind=Section.Kind.Q2), position=1)
    assert numbers(plan) == [(1, "B"), (2, "C"), (3, "A")]
    a.refresh_from_db()
    # The deadline followed the quarter because it was the old quarter's default.
    assert a.deadline == dt.date(2024, 6, 30)


def test_delete_renumbers(plan, vhxh, unit):
    add(plan, vhxh, unit, Section.Kind.Q1, "A")
    b = add(plan, vhxh, unit, Section.Kind.Q1, "B")
    add(plan, vhxh, unit, Section.Kind.Q3, "C")
    services.task_delete(task=b, by=vhxh)
    assert numbers(plan) == [(1, "A"), (2, "C")]


def test_default_deadline_is_quarter_end(plan, vhxh, unit):
    task = add(plan, vhxh, unit, Section.Kind.Q1, "A")
    assert task.deadline == dt.date(2024, 3, 31)
    services.section_add(plan=plan, by=vhxh, kind=Section.Kind.ALL_YEAR)
    yearly = add(plan, vhxh, unit, Section.Kind.ALL_YEAR, "Y")
    assert yearly.deadline == dt.date(2024, 12, 31)
    assert yearly.number == 2


def test_section_add_keeps_natural_order(plan, vhxh):
    services.section_add(plan=plan, by=vhxh, kind=Section.Kind.ALL_YEAR)
    assert [s.kind for s in plan.sections.order_by("order")][-1] == Section.Kind.ALL_YEAR
    with pytest.raises(ValidationError):
        services.section_add(plan=plan, by=vhxh, kind=Section.Kind.ALL_YEAR)


def test_section_with_tasks_cannot_be_deleted(plan, vhxh, unit):
    add(plan, vhxh, unit, Section.Kind.Q1, "A")
    with pytest.raises(ValidationError):
        services.section_delete(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh)
    services.section_delete(section=plan.sections.get(kind=Section.Kind.Q2), by=vhxh)
    assert plan.sections.count() == 3


def test_task_needs_a_unit_of_the_same_org(plan, vhxh, other_org):
    from units.tests.factories import UnitFactory

    with pytest.raises(ValidationError):
        services.task_create(section=plan.sections.first(), by=vhxh, content="X", units=[])
    with pytest.raises(ValidationError):
        services.task_create(section=plan.sections.first(), by=vhxh, content="X",
                             units=[UnitFactory(organization=other_org)])
    assert not Task.objects.exists()


def test_canbo_updates_own_unit_task_only(plan, vhxh, canbo, unit, other_unit):
    mine = add(plan, vhxh, unit, Section.Kind.Q1, "Mine")
    theirs = add(plan, vhxh, other_unit, Section.Kind.Q1, "Theirs")
    update = services.task_set_status(task=mine, by=canbo, status=Task.Status.DONE, note="Xong")
    assert (update.from_status, update.to_status, update.author) == ("not_started", "done", canbo)
    with pytest.raises(PermissionDenied):
        services.task_set_status(task=theirs, by=canbo, status=Task.Status.DONE)
    theirs.refresh_from_db()
    assert theirs.status == Task.Status.NOT_STARTED


def test_cancel_needs_reason(plan, vhxh, unit):
    task = add(plan, vhxh, unit, Section.Kind.Q1, "A")
    with pytest.raises(ValidationError):
        services.task_set_status(task=task, by=vhxh, status=Task.Status.CANCELLED)
    assert not TaskUpdate.objects.exists()
    services.task_set_status(task=task, by=vhxh, status=Task.Status.CANCELLED, reason="Không còn phù hợp")
    task.refresh_from_db()
    assert task.status_reason == "Không còn phù hợp"


def test_canbo_and_superior_cannot_edit_plan(plan, canbo, captren, outsider, unit):
    for user in (canbo, captren, outsider):
        with pytest.raises(PermissionDenied):
            services.task_create(section=plan.sections.first(), by=user, content="X", units=[unit])


def test_overdue_is_computed(plan, vhxh, unit):
    task = add(plan, vhxh, unit, Section.Kind.Q1, "A")
    assert task.is_overdue(dt.date(2024, 4, 1))
    assert not task.is_overdue(dt.date(2024, 3, 31))
    assert list(Task.objects.overdue(dt.date(2024, 4, 1))) == [task]
    services.task_set_status(task=task, by=vhxh, status=Task.Status.DONE)
    assert not Task.objects.overdue(dt.date(2024, 4, 1)).exists()
