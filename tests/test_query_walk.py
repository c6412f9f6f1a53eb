"""Constant work per page: every GET page costs the same number of queries with small data and with ~10× more.

The test walks the URL patterns themselves (django.urls.get_resolver), so a new page is walked as soon as it is
added. A page with a `pk` needs an entry in PK_OF (which object of the world it shows); a page that cannot be
walked needs an entry, with its reason, in NOT_WALKED. A pattern in neither fails the test.
"""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards import services as award_services
from awards.models import AwardForm, SubjectKind
from notifications.models import Notification
from plans import services
from plans.models import Report, Task, TaskUnit, TaskUpdate
from units.tests.factories import PersonFactory, UnitFactory

GROWTH = 10

# Which object each page with a pk shows (a callable of the World).
PK_OF = {
    "plans:detail": lambda w: w.plan.pk,
    "plans:history": lambda w: w.plan.pk,
    "plans:edit": lambda w: w.plan.pk,
    "plans:texts": lambda w: w.plan.pk,
    "plans:copy": lambda w: w.plan.pk,
    "plans:plan_reports": lambda w: w.plan.pk,
    "plans:report_create": lambda w: w.plan.pk,
    "plans:task_detail": lambda w: w.task.pk,
    "plans:task_edit": lambda w: w.task.pk,
    "plans:task_delete": lambda w: w.task.pk,
    "plans:task_add": lambda w: w.section.pk,
    "plans:report_detail": lambda w: w.report.pk,
    "plans:report_edit": lambda w: w.report.pk,
    "units:edit": lambda w: w.unit.pk,
    "awards:dossier_detail": lambda w: w.dossier.pk,
    "awards:dossier_history": lambda w: w.dossier.pk,
    "units:account_edit": lambda w: w.vhxh.pk,
    "units:person_detail": lambda w: w.person.pk,
    "units:initiative_add": lambda w: w.person.pk,
}

# Not walked, and why. Keep this short: every entry is a page whose cost nobody watches here.
NOT_WALKED = {
    # Django's admin: its changelists paginate (100 rows) and it is not part of the officers' daily work.
    "admin:*",
    # Files, not pages: their query counts are held by their own tests (plans/tests/test_documents.py,
    # campaigns/tests/test_exports.py, awards/tests/test_register.py); rendering PDFs at 10× here would cost
    # minutes of the suite for no page.
    "plans:pdf", "plans:docx", "plans:export", "plans:report_pdf", "plans:report_xlsx", "units:export",
    "campaigns:household_template", "campaigns:summary_xlsx", "campaigns:summary_pdf", "campaigns:pledge_pdf",
    "campaigns:ranking_xlsx", "campaigns:ranking_pdf", "awards:meeting_minutes", "awards:award_document_pdf",
    "awards:award_document_docx", "awards:certificates_batch", "awards:certificate_pdf", "awards:layout_test",
    "awards:register_export", "awards:register_template", "awards:stats_export", "awards:report_0602",
    "plans:attachment", "awards:document_file", "campaigns:attachment", "campaigns:evidence",
    "plans:unit_tasks_pdf", "plans:report_docx", "awards:meeting_minutes_docx",
    # Public verification by code (no login, one issued document by its unique code): a single-row lookup.
    "documents:verify", "documents:verify_pdf",
    # A subject's award history needs ?key= of a subject with award records (404 without): one subject's rows.
    "awards:history",
    # Log out is a POST that ends the session the walk needs.
    "logout",
    # Campaign, pledge, cluster, meeting and award-document pages need the campaigns/awards object graphs
    # (registrations, reviews, score sheets, council votes) that this test's factories do not build; their
    # list pages are walked, and campaigns/tests and awards/tests hold their own query-count checks.
    "campaigns:detail", "campaigns:edit", "campaigns:launch", "campaigns:attachment_add", "campaigns:registration",
    "campaigns:registration_edit", "campaigns:line_add", "campaigns:line_delete", "campaigns:transition",
    "campaigns:household_import", "campaigns:summary", "campaigns:review_create", "campaigns:review",
    "campaigns:review_result", "campaigns:pledge", "campaigns:party_add", "campaigns:commitment_add",
    "campaigns:commitment_status", "campaigns:cluster", "campaigns:member_add", "campaigns:sheet_create",
    "campaigns:sheet", "campaigns:criterion_add", "campaigns:scores", "awards:meeting_detail",
    "awards:meeting_attendance", "awards:meeting_vote", "awards:meeting_close", "awards:award_document",
    "awards:award_document_sign", "awards:award_document_revise", "awards:superior_decision",
    "awards:disclosure_detail", "awards:disclosure_comment", "campaigns:history", "campaigns:pledge_history",
    "campaigns:cluster_history", "awards:award_document_history",
    # POST-only endpoints reached from the pages above (a GET answers 405 before any work).
    "plans:task_status", "plans:section_add", "plans:section_delete", "plans:section_move", "plans:task_move",
    "plans:transition", "plans:revise", "plans:report_transition", "awards:dossier_edit", "awards:nominee_add",
    "awards:document_upload", "awards:dossier_transition", "awards:nominee_update", "awards:nominee_remove",
    "awards:document_delete", "notifications:read", "notifications:read_all", "reminders:email_failure_clear",
    "awards:meeting_minutes_issue", "units:account_set_active", "units:account_send_link",
    "units:account_temporary_password",
    "units:initiative_delete",
    # One initiative's form: a single row by its pk; the person page that lists them is walked.
    "units:initiative_edit",
    # Health probes: constant by construction (core/health.py), and /readyz/ answers 503 here (no worker beats).
    "healthz", "readyz",
    # The first-run page exists only while the server has no commune (404 afterwards); the superuser's list of
    # communes is not a commune officer's page (403 for the walk's vhxh).
    "first_run", "units:communes",
    # Reached from an emailed link with a one-time token; Django's own view, one user by its id.
    "password_reset_confirm",
}


def _patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name or ""), pattern


def _skipped(name: str) -> bool:
    return name in NOT_WALKED or any(s.endswith(":*") and name.startswith(s[:-1]) for s in NOT_WALKED)


class World:
    """One commune: a plan, its tasks with units, updates and history, a report, a dossier of nominees,
    notifications. `grow(k)` adds k times as many of each to the same objects."""

    def __init__(self, org, vhxh):
        self.org, self.vhxh = org, vhxh
        self.units = [UnitFactory(organization=org) for _ in range(6)]
        self.unit = self.units[0]
        self.plan = services.plan_create(organization=org, year=2024, by=vhxh)
        self.sections = list(self.plan.sections.order_by("order"))
        self.section = self.sections[0]
        self.size = 0
        self.form = AwardForm.objects.get(code="CSTDCS")  # checks with prerequisites, initiative and cap
        self.dossier = award_services.dossier_create(organization=org, by=vhxh, form=self.form, year=2024,
                                                     summary="Hoàn thành xuất sắc nhiệm vụ.")
        self.grow(4)
        self.task = Task.objects.filter(plan=self.plan).order_by("number").first()
        self.person = PersonFactory(unit=self.unit, full_name="Người xem")
        services.plan_update(plan=self.plan, by=vhxh, number="15/KH-UBND")
        self.report = services.report_create(plan=self.plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)

    def grow(self, n: int) -> None:
        start = self.size
        tasks = bulk_create_with_history([
            Task(plan=self.plan, section=self.sections[i % 4], order=i, content=f"Nhiệm vụ {i}",
                 deadline=dt.date(2024, 3 * (i % 4 + 1), 28), status=Task.Status.values[i % 3])
            for i in range(start, start + n)
        ], Task, default_user=self.vhxh)
        tasks = list(Task.objects.filter(plan=self.plan, order__gte=start))
        TaskUnit.objects.bulk_create(
            TaskUnit(task=t, unit=self.units[(t.order + k) % 6], order=k) for t in tasks for k in range(2))
        for t in tasks:
            t.content = f"{t.content} (sửa)"
        bulk_update_with_history(tasks, Task, ["content"], default_user=self.vhxh)
        services.plan_renumber(plan=self.plan)
        first = Task.objects.filter(plan=self.plan).order_by("pk").first()
        TaskUpdate.objects.bulk_create(
            TaskUpdate(task=t, author=self.vhxh, from_status="not_started", to_status="in_progress", note="Đang làm")
            for t in [*tasks, *([first] * n)])
        for i in range(start, start + n):
            person = PersonFactory(unit=self.units[i % 6], full_name=f"Người {i}")
            award_services.nominee_add(dossier=self.dossier, by=self.vhxh, subject_kind=SubjectKind.PERSON,
                                       person=person)
        Notification.objects.bulk_create(
            Notification(recipient=self.vhxh, organization=self.org, verb="reminder", title=f"Nhắc {i}")
            for i in range(start, start + n))
        self.size += n


def _count(client, url: str) -> tuple[int, int]:
    cache.clear()  # cached fragments (the plan table) are measured on a miss, the page's full work
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.fixture
def world(org, vhxh):
    with time_machine.travel(dt.datetime(2024, 5, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield World(org, vhxh)


def test_every_page_costs_the_same_queries_at_two_sizes(client, world, org):
    with time_machine.travel(dt.datetime(2024, 5, 10, 10, 0, tzinfo=dt.UTC), tick=True):
        client.force_login(world.vhxh)
        urls, unknown = {}, []
        for name, pattern in _patterns():
            if _skipped(name):
                continue
            converters = list(pattern.pattern.converters)
            if not converters:
                urls[name] = reverse(name)
            elif converters == ["pk"] and name in PK_OF:
                urls[name] = reverse(name, args=[PK_OF[name](world)])
            else:
                unknown.append(name)
        assert not unknown, f"Add these pages to PK_OF or (with a reason) to NOT_WALKED: {unknown}"
        assert len(urls) > 40  # the walk must reach the pages, not skip them
        for url in urls.values():  # first visits create default settings rows once: not per-page work
            client.get(url)
        small = {name: _count(client, url) for name, url in urls.items()}
        world.grow(world.size * (GROWTH - 1))
        large = {name: _count(client, url) for name, url in urls.items()}
    broken = {name: status for name, (status, _) in large.items() if status >= 400 and status != 405}
    assert not broken, broken
    grew = {name: (small[name][1], large[name][1]) for name in urls if small[name][1] != large[name][1]}
    assert not grew, f"queries grew with the data (small, large): {grew}"
    assert Task.objects.filter(plan=world.plan).count() == 4 * GROWTH
    assert world.dossier.nominees.count() == 4 * GROWTH
