"""Dossier steps, council meetings and the awards deadlines announce themselves (awards/notify.py)."""

import datetime as dt

import pytest

from awards import services
from awards.models import Dossier, SubjectKind
from notifications.models import Notification, ReminderLog, ReminderSettings
from notifications.services import notify_document_tampered
from notifications.services.reminders import reminder_scan
from units.tests.factories import make_user

from .conftest import TODAY, accepted_dossier, ready_dossier

pytestmark = pytest.mark.django_db


def test_dossier_steps_reach_the_proposing_unit_and_vhxh(org, vhxh, canbo, unit, person, forms_by_code):
    dossier = ready_dossier(org=org, by=canbo, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    services.dossier_transition(obj=dossier, by=canbo, to=Dossier.Status.SUBMITTED, today=TODAY)
    assert Notification.objects.get(recipient=vhxh, verb="dossier_step").link == f"/awards/dossiers/{dossier.pk}/"
    assert not Notification.objects.filter(recipient=canbo).exists()  # they did it
    services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.RETURNED, note="Thiếu bản sao bằng khen",
                                today=TODAY)
    returned = Notification.objects.get(recipient=canbo, verb="dossier_step")
    assert "Lý do: Thiếu bản sao bằng khen" in returned.body and "trả lại" in returned.title


def test_meeting_reaches_the_members_who_have_accounts(org, vhxh, canbo, unit, person, forms_by_code, council):
    member = make_user("can_bo", org, unit=unit, username="t_member")
    member.person.full_name = "Lý Văn Cường"  # a member of the council fixture
    member.person.save(update_fields=["full_name"])
    dossier = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                               nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[dossier],
                                starts_on=dt.date(2024, 12, 1))
    assert Notification.objects.filter(recipient=canbo, title__contains="đang công khai").exists()
    dossier.refresh_from_db()
    meeting = services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 10), dossiers=[dossier],
                                      today=dt.date(2024, 12, 10))
    note = Notification.objects.get(verb="meeting_scheduled")
    assert note.recipient == member and note.link == f"/awards/meetings/{meeting.pk}/"


def test_awards_deadlines_remind(org, vhxh, canbo, unit, person, forms_by_code):
    ReminderSettings.objects.create(organization=org, dossier_due_day=30, dossier_due_month=11)
    dossier = ready_dossier(org=org, by=canbo, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    reminder_scan(day=dt.date(2024, 11, 16), enqueue=False)  # 14 days before 30/11
    assert ReminderLog.objects.filter(rule="dossier", key=f"dossier:{dossier.pk}", recipient=canbo).exists()
    # Biểu 0602, due 15/12: vhxh, 15 days before.
    reminder_scan(day=dt.date(2024, 11, 30), enqueue=False)
    assert ReminderLog.objects.filter(rule="statistics", recipient=vhxh, bucket=dt.date(2024, 11, 30)).exists()
    assert not ReminderLog.objects.filter(rule="statistics").exclude(recipient=vhxh).exists()


def test_disclosure_end_reminds_vhxh(org, vhxh, canbo, unit, person, forms_by_code):
    dossier = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                               nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    disclosure = services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[dossier],
                                             starts_on=dt.date(2024, 12, 1))
    end = disclosure.ends_on
    reminder_scan(day=end - dt.timedelta(days=1), enqueue=False)
    assert ReminderLog.objects.filter(rule="disclosure", key=f"disclosure:{disclosure.pk}", recipient=vhxh).exists()


def test_tampered_document_alerts_vhxh_once(org, vhxh, canbo):
    for _ in range(2):  # the nightly check finds it twice: one alert
        notify_document_tampered(organization=org, document="Quyết định số 12/QĐ-UBND", url="/awards/documents/3/",
                                 key="award_document:3:sha:abc")
    note = Notification.objects.get(verb="document_tampered")
    assert note.recipient == vhxh and "không khớp mã kiểm tra" in note.title
    assert not Notification.objects.filter(recipient=canbo).exists()


