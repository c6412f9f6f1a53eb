"""The registration workflow: every pair of statuses for every role, the unit ownership rule and the late rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from campaigns.models import Registration
from campaigns.workflow import FLOW

ON_TIME = dt.date(2024, 3, 1)  # before the plan task's deadline (31/03/2024)
LATE = dt.date(2024, 4, 10)
ROLES = ["canbo", "vhxh", "chutich", "captren"]


def _in_state(registration: Registration, status: str, titles) -> Registration:
    # Tests set up the starting state directly; the code under test is the only writer during the test.
    registration.title = titles["TTLDTT"]
    registration.status = status
    registration.save()
    return registration


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), FLOW.pairs())
def test_every_transition_for_every_role(request, registration, titles, role, source, target):
    user = request.getfixturevalue(role)
    registration = _in_state(registration, source, titles)
    transition = FLOW.get(source, target)
    allowed = transition is not None and bool(user.roles & transition.roles)
    note = "Lý do cụ thể"
    if allowed:
        log = services.registration_transition(registration=registration, by=user, to=target, note=note,
                                               today=ON_TIME)
        registration.refresh_from_db()
        assert registration.status == target
        assert (log.from_status, log.to_status, log.actor) == (source, target, user)
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.registration_transition(registration=registration, by=user, to=target, note=note,
                                             today=ON_TIME)
        registration.refresh_from_db()
        assert registration.status == source
        assert not registration.log.exists()


def test_canbo_cannot_submit_another_units_registration(canbo, other_registration, titles):
    other_registration = _in_state(other_registration, Registration.Status.DRAFT, titles)
    with pytest.raises(PermissionDenied):
        services.registration_transition(registration=other_registration, by=canbo, to="submitted", today=ON_TIME)
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=other_registration, by=canbo, title=titles["TTLDTT"])


def test_outsider_cannot_touch(outsider, registration, titles):
    registration = _in_state(registration, Registration.Status.SUBMITTED, titles)
    with pytest.raises(PermissionDenied):
        services.registration_transition(registration=registration, by=outsider, to="approved")


def test_return_needs_a_reason_and_keeps_it(vhxh, registration, titles):
    registration = _in_state(registration, Registration.Status.SUBMITTED, titles)
    with pytest.raises(ValidationError):
        services.registration_transition(registration=registration, by=vhxh, to="returned", note="  ")
    services.registration_transition(registration=registration, by=vhxh, to="returned", note="Thiếu chỉ tiêu")
    registration.refresh_from_db()
    assert registration.return_reason == "Thiếu chỉ tiêu"


def test_edit_only_while_draft(canbo, registration, titles):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"], targets="100%")
    services.registration_transition(registration=registration, by=canbo, to="submitted", today=ON_TIME)
    with pytest.raises(PermissionDenied):
        services.registration_update(registration=registration, by=canbo, title=None)


def test_submit_needs_a_title(canbo, registration):
    with pytest.raises(ValidationError, match="chưa có danh hiệu"):
        services.registration_transition(registration=registration, by=canbo, to="submitted", today=ON_TIME)


def test_late_submission_only_by_vhxh_and_marked_late(canbo, vhxh, registration, titles):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"])
    with pytest.raises(PermissionDenied, match="quá hạn"):
        services.registration_transition(registration=registration, by=canbo, to="submitted", today=LATE)
    registration.refresh_from_db()
    assert registration.status == "draft" and not registration.is_late
    services.registration_transition(registration=registration, by=vhxh, to="submitted", today=LATE)
    registration.refresh_from_db()
    assert registration.status == "submitted" and registration.is_late


def test_on_time_then_returned_may_be_resubmitted_after_deadline(canbo, vhxh, registration, titles):
    services.registration_update(registration=registration, by=canbo, title=titles["TTLDTT"])
    services.registration_transition(registration=registration, by=canbo, to="submitted", today=ON_TIME)
    services.registration_transition(registration=registration, by=vhxh, to="returned", note="Bổ sung")
    services.registration_transition(registration=registration, by=canbo, to="draft")
    # first_submitted_at is "now" in the test run; the deadline must be after it for the rule to apply.
    registration.campaign.registration_deadline = dt.date.today() + dt.timedelta(days=1)
    registration.campaign.save()
    services.registration_transition(registration=registration, by=canbo, to="submitted",
                                     today=dt.date.today() + dt.timedelta(days=5))
    registration.refresh_from_db()
    assert registration.status == "submitted" and not registration.is_late


def test_campaign_deadline_overrides_task_deadline(campaign):
    assert campaign.deadline() == dt.date(2024, 3, 31)
    campaign.registration_deadline = dt.date(2024, 2, 29)
    assert campaign.deadline() == dt.date(2024, 2, 29)


def test_launch_notifies_unit_officers(canbo, campaign):
    from django.core import mail

    from notifications.models import Notification, OutboxMessage

    notes = Notification.objects.filter(recipient=canbo)
    assert notes.count() == 1
    assert "Phong trào thi đua năm 2024" in notes.get().title
    # Email too: the outbox holds it for the worker (after commit), with the link to the registration.
    message = OutboxMessage.objects.get(recipient=canbo, event="campaign_launched")
    assert message.url.startswith("/campaigns/registrations/")
    if canbo.email:
        assert message.deliveries.filter(channel="email").exists()
        assert mail.outbox == [] or any("Phong trào" in m.subject for m in mail.outbox)


def test_line_subject_rules(canbo, registration, member, titles, village_registration, vhxh):
    services.registration_line_add(registration=registration, by=canbo, title=titles["LDTT"], person=member)
    with pytest.raises(ValidationError):
        services.registration_line_add(registration=registration, by=canbo, title=titles["GDVH"], person=member)
    with pytest.raises(ValidationError):
        services.registration_update(registration=registration, by=canbo, title=titles["THONVH"])
    services.registration_update(registration=village_registration, by=vhxh, title=titles["THONVH"])
