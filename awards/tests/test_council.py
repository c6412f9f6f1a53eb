"""Disclosure blocks the vote; thresholds and quorum come from the catalog row of each form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards import selectors, services
from awards.models import DisclosureComment, Dossier, SubjectKind, Vote

from .conftest import accepted_dossier

pytestmark = pytest.mark.django_db
F, A, N = Vote.Choice.FOR, Vote.Choice.AGAINST, Vote.Choice.ABSTAIN


@pytest.fixture
def disclosed(org, vhxh, canbo, unit, person, forms_by_code):
    dossier = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                               nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[dossier],
                                starts_on=dt.date(2024, 12, 1))
    dossier.refresh_from_db()
    return dossier


def test_vote_cannot_open_before_disclosure_ends(disclosed, council, vhxh):
    assert disclosed.status == Dossier.Status.DISCLOSED
    with pytest.raises(ValidationError) as error:
        services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 7), dossiers=[disclosed],
                                today=dt.date(2024, 12, 7))
    assert "công khai" in str(error.value)
    meeting = services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 8), dossiers=[disclosed],
                                      today=dt.date(2024, 12, 8))
    assert meeting.attendance.count() == 4


def test_comments_are_recorded(disclosed, canbo):
    nominee = disclosed.nominees.get()
    services.disclosure_comment_add(disclosure=disclosed.disclosure, by=canbo, text="Đồng ý", nominee=nominee)
    assert DisclosureComment.objects.get().nominee == nominee


def _meeting(council, vhxh, dossier):
    return services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 10), dossiers=[dossier],
                                   today=dt.date(2024, 12, 10))


def _ballots(meeting, vhxh, nominee, choices):
    members = list(meeting.council.members.all())
    services.votes_record(meeting=meeting, by=vhxh, nominee=nominee,
                          choices={m.pk: c for m, c in zip(members, choices, strict=True)})


@pytest.mark.parametrize(("choices", "threshold", "passed"), [
    ([F, F, F, A], "70", True),   # 75% ≥ 70%
    ([F, F, A, N], "70", False),  # 50% < 70%
    ([F, F, F, A], "90", False),  # 75% < 90% (old rule for higher titles)
    ([F, F, F, F], "90", True),
])
def test_threshold_from_catalog(disclosed, council, vhxh, choices, threshold, passed):
    form = disclosed.form
    form.vote_threshold_percent = Decimal(threshold)
    form.save()
    meeting = _meeting(council, vhxh, disclosed)
    nominee = disclosed.nominees.get()
    _ballots(meeting, vhxh, nominee, choices)
    services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    nominee.refresh_from_db()
    assert nominee.passed is passed
    disclosed.refresh_from_db()
    assert disclosed.status == Dossier.Status.VOTED


def test_absent_members_vote_in_writing_and_quorum(disclosed, council, vhxh):
    meeting = _meeting(council, vhxh, disclosed)
    members = list(council.members.all())
    services.meeting_attendance_set(meeting=meeting, by=vhxh, present_member_ids=[members[0].pk])
    nominee = disclosed.nominees.get()
    _ballots(meeting, vhxh, nominee, [F, F, F, F])
    [tally] = selectors.meeting_tallies(meeting=meeting)
    assert tally.written == 3 and tally.present == 1
    assert not tally.quorum_met  # 1 of 4 < 50%
    with pytest.raises(ValidationError):
        services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    services.meeting_attendance_set(meeting=meeting, by=vhxh, present_member_ids=[m.pk for m in members[:2]])
    [tally] = selectors.meeting_tallies(meeting=meeting)
    assert tally.quorum_met and tally.passed and tally.written == 3  # ballots keep how they were cast
    services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    with pytest.raises(ValidationError):
        _ballots(meeting, vhxh, nominee, [A, A, A, A])


def test_close_without_ballots_is_refused(disclosed, council, vhxh):
    meeting = _meeting(council, vhxh, disclosed)
    with pytest.raises(ValidationError):
        services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
