"""The bell and the notifications page in a real browser: a reminder digest arrives, the officer reads it."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import OutboxMessage
from notifications.services import outbox_deliver
from notifications.services.bell import notification_create
from notifications.services.reminders import reminder_scan
from plans import services
from plans.models import Plan, Section

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bell_count_then_mark_one_and_all_read(page, org, unit, vhxh, chutich, canbo):
    plan = services.plan_create(organization=org, year=timezone.localdate().year, by=vhxh)
    q = plan.sections.get(kind=Section.Kind.Q1)
    today = timezone.localdate()
    for content in ("Báo cáo <sơ kết> & đánh giá", "Tổ chức hội nghị"):
        deadline = max(today, dt.date(today.year, 1, 1))
        services.task_create(section=q, by=vhxh, content=content, units=[unit], deadline=deadline)
    # Only an issued plan reminds. The tasks are due today; the worker's job is done here in-process.
    services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
    services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
    reminder_scan(day=today, enqueue=False)
    for digest in OutboxMessage.objects.filter(recipient=canbo, digest_day=today):
        outbox_deliver(message_id=digest.pk)
    notification_create(recipient=canbo, verb="test", title="Thông báo thứ hai")

    login(page, "t_canbo")
    bell = page.get_by_test_id("bell-count")
    assert bell.inner_text() == "2"
    page.get_by_test_id("bell").click()
    page.wait_for_url("**/notifications/")
    digest = page.get_by_test_id("notification").filter(has_text="Nhắc việc ngày")
    # Each line links to its task; user text comes out exactly as typed.
    assert digest.get_by_role("link", name="Nhiệm vụ 1: Báo cáo <sơ kết> & đánh giá").is_visible()
    assert digest.get_by_role("link", name="Nhiệm vụ 2: Tổ chức hội nghị").is_visible()

    # Mark one read with htmx: the row loses its "Mới" badge and the bell counts one.
    digest.get_by_role("button", name="Đánh dấu đã đọc").click()
    page.get_by_test_id("bell-count").filter(has_text="1").wait_for()
    assert page.get_by_test_id("notification").filter(has_text="Nhắc việc ngày").get_by_text("Mới").count() == 0

    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    page.get_by_text("Đã đánh dấu 1 thông báo là đã đọc.").wait_for()
    assert page.get_by_test_id("bell-count").count() == 0
    page.get_by_role("link", name="Nhiệm vụ 1: Báo cáo <sơ kết> & đánh giá").click()
    page.wait_for_url("**/tasks/*/")
    assert page.get_by_text("Báo cáo <sơ kết> & đánh giá").first.is_visible()
