"""The plan page must cost the same number of queries at 16 and at 500 tasks (and at most 15)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan, Section, Task, TaskUnit
from plans.services import plan_renumber
from plans.tests.factories import PlanFactory
from units.tests.factories import UnitFactory


def make_plan(org, n_tasks: int):
    plan = PlanFactory(organization=org, year=2024)
    units = [UnitFactory(organization=org) for _ in range(6)]
    sections = list(plan.sections.order_by("order"))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, section=sections[i % 4], order=i, content=f"Nhiệm vụ {i}",
             deadline=dt.date(2024, 3 * (i % 4 + 1), 28), status=Task.Status.values[i % 4],
             status_reason="Lý do" if Task.Status.values[i % 4] == "cancelled" else "")
        for i in range(n_tasks)
    )
    TaskUnit.objects.bulk_create(
        TaskUnit(task=t, unit=units[(t.order + k) % 6], order=k) for t in tasks for k in range(2)
    )
    plan_renumber(plan=plan)
    return plan


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["", "?quarter=q2", "?status=done", "?overdue=on"])
def test_plan_page_queries_do_not_grow(client, org, vhxh, query):
    small, large = make_plan(org, 16), None
    client.force_login(vhxh)
    small_count = count_queries(client, reverse("plans:detail", args=[small.pk]) + query)
    small.delete()
    large = make_plan(org, 500)
    large_count = count_queries(client, reverse("plans:detail", args=[large.pk]) + query)
    assert small_count == large_count
    assert large_count <= 15


def test_plan_page_shows_every_task(client, org, vhxh):
    plan = make_plan(org, 40)
    client.force_login(vhxh)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert html.count("data-task-id=") == 40
    assert html.index("QUÝ I") < html.index("QUÝ II") < html.index("QUÝ III") < html.index("QUÝ IV")
    assert Section.objects.filter(plan=plan).count() == 4


def test_dashboard_queries_do_not_grow(client, org, vhxh, canbo):
    make_plan(org, 16)
    client.force_login(canbo)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"))
    Plan.objects.all().delete()
    make_plan(org, 300)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("dashboard"))
    assert len(small.captured_queries) == len(large.captured_queries) <= 15
