"""Registration steps announce themselves (campaigns/notify.py): submitted → vhxh; returned (with the reason) or
approved → the unit's people; and a registration not sent is reminded before the campaign's deadline."""

import datetime as dt

import pytest

from campaigns import services
from campaigns.models import Registration
from notifications.models import Notification, ReminderLog
from notifications.services.reminders import reminder_scan

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_submit_tells_vhxh_return_and_approval_tell_the_unit(registration, canbo, vhxh, titles):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"])
    services.registration_transition(registration=registration, by=canbo, to=S.SUBMITTED,
                                     today=dt.date(2024, 1, 10))
    note = Notification.objects.get(recipient=vhxh, verb="registration_submitted")
    assert note.link == f"/campaigns/registrations/{registration.pk}/"
    services.registration_transition(registration=registration, by=vhxh, to=S.RETURNED, note="Thiếu chỉ tiêu")
    returned = Notification.objects.get(recipient=canbo, verb="registration_decided")
    assert "Lý do: Thiếu chỉ tiêu" in returned.body and "trả lại" in returned.title
    services.registration_transition(registration=registration, by=canbo, to=S.DRAFT)
    services.registration_transition(registration=registration, by=canbo, to=S.SUBMITTED,
                                     today=dt.date(2024, 1, 11))
    services.registration_transition(registration=registration, by=vhxh, to=S.APPROVED)
    approved = Notification.objects.filter(recipient=canbo, verb="registration_decided", title__contains="Đã duyệt")
    assert approved.exists()


def test_registration_deadline_reminds_the_unit_until_it_sends(campaign, registration, canbo, vhxh, titles):
    campaign.registration_deadline = dt.date(2024, 2, 29)
    campaign.save(update_fields=["registration_deadline"])
    reminder_scan(day=dt.date(2024, 2, 22), enqueue=False)  # 7 days before
    keys = set(ReminderLog.objects.filter(rule="registration").values_list("recipient__username", "key"))
    assert ("t_canbo", f"registration:{registration.pk}") in keys
    assert ("t_vhxh", f"campaign:{campaign.pk}") in keys
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"])
    services.registration_transition(registration=registration, by=canbo, to=S.SUBMITTED,
                                     today=dt.date(2024, 2, 25))
    reminder_scan(day=dt.date(2024, 2, 28), enqueue=False)  # 1 day before: canbo has sent, no new line for them
    assert not ReminderLog.objects.filter(key=f"registration:{registration.pk}", bucket=dt.date(2024, 2, 28)).exists()
