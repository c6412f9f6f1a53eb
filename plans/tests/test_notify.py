"""Plan and report sign-off announce themselves (plans/notify.py), through the real services: "Trình ký" reaches
the chairman (bell and email), "Trả lại" puts the reason in front of vhxh, signing tells the submitter and vhxh;
and only an issued plan's tasks remind."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services.reminders import reminder_scan
from plans import services
from plans.models import Plan, Section
from thanhson.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org, unit, vhxh, chutich, canbo):
    for user in (vhxh, chutich, canbo):
        user.email = f"{user.username}@thanh-son.invalid"
        user.save(update_fields=["email"])
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    services.task_create(section=q1, by=vhxh, content="Tổ chức Hội nghị triển khai", units=[unit],
                         deadline=dt.date(2024, 3, 31))
    return plan


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    app.conf.task_always_eager = True
    yield django_capture_on_commit_callbacks
    app.conf.task_always_eager = False


def test_submit_reaches_the_chairman_and_return_gives_vhxh_the_reason(plan, vhxh, chutich, eager):
    with eager(execute=True):
        services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
    bell = Notification.objects.get(recipient=chutich)
    assert bell.verb == "plan_submitted" and bell.title.startswith("Trình ký: Kế hoạch")
    assert bell.link == reverse("plans:detail", args=[plan.pk])
    assert [m.to for m in mail.outbox] == [["t_chutich@thanh-son.invalid"]]
    assert not Notification.objects.filter(recipient=vhxh).exists()  # the actor is not told of their own step

    with eager(execute=True):
        services.plan_transition(plan=plan, by=chutich, to=Plan.Status.DRAFT, note="Bổ sung kinh phí ở mục 3")
    returned = Notification.objects.get(recipient=vhxh)
    assert returned.verb == "plan_returned" and "Lý do: Bổ sung kinh phí ở mục 3" in returned.body
    assert "Bổ sung kinh phí ở mục 3" in mail.outbox[-1].body and mail.outbox[-1].to == ["t_vhxh@thanh-son.invalid"]

    with eager(execute=True):
        services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
        services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
    assert Notification.objects.filter(recipient=chutich, verb="plan_submitted").count() == 2  # one per step
    signed = Notification.objects.get(recipient=vhxh, verb="plan_signed")
    assert signed.title.startswith("Đã ký ban hành")


def test_the_chairman_sees_what_waits_for_signature(client, plan, vhxh, chutich):
    client.force_login(chutich)
    assert 'data-testid="waiting-hint"' not in client.get(reverse("dashboard")).content.decode()
    services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="waiting-hint"' in page and "1 kế hoạch chờ ký" in page
    client.force_login(vhxh)  # not the signer: no hint
    assert 'data-testid="waiting-hint"' not in client.get(reverse("dashboard")).content.decode()


def test_a_draft_never_nags_an_issued_plan_does(plan, vhxh, chutich):
    day = dt.date(2024, 3, 31)
    with time_machine.travel(dt.datetime(2024, 3, 31, 7, 0, tzinfo=dt.UTC), tick=False):
        assert not any(d.key.startswith("task:") for d in reminder_scan(day=day, dry_run=True).due)
        services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
        assert not any(d.key.startswith("task:") for d in reminder_scan(day=day, dry_run=True).due)
        services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
        due = [d for d in reminder_scan(day=day, dry_run=True).due if d.key.startswith("task:")]
    assert {d.recipient_id for d in due} >= {vhxh.pk}
