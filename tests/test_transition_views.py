"""The shared transition POST (core.transitions): a bad step answers 400 with a Vietnamese reason, never a 500, and
changes nothing; the buttons come from the same table."""

import pytest
from django.urls import reverse

from tests.test_workflow import MAKERS


def _urls(obj_kind, obj):
    return {
        "plan": reverse("plans:transition", args=[obj.pk]),
        "report": reverse("plans:report_transition", args=[obj.pk]),
        "registration": reverse("campaigns:transition", args=[obj.pk]),
        "commitment": reverse("campaigns:commitment_status", args=[obj.pk]),
        "dossier": reverse("awards:dossier_transition", args=[obj.pk]),
    }[obj_kind]


# (kind, status it starts in, a step the table does not have from there)
CASES = [
    ("plan", "draft", "signed"),
    ("report", "draft", "signed"),
    ("registration", "draft", "approved"),
    ("dossier", "draft", "awarded"),
]


@pytest.mark.parametrize(("kind", "source", "missing"), CASES, ids=[c[0] for c in CASES])
def test_bad_steps_answer_400_in_vietnamese(client, org, vhxh, kind, source, missing):
    obj = MAKERS[kind](org, source)
    client.force_login(vhxh)
    url = _urls(kind, obj)
    for data, reason in [({"to": "khong-co"}, "không có trong quy trình"), ({"to": missing}, "Không thể chuyển"),
                         ({}, "Chưa chọn thao tác")]:
        response = client.post(url, data)
        assert response.status_code == 400, (data, response.status_code)
        assert reason in response.content.decode(), data
        obj.refresh_from_db()
        assert obj.status == source


def test_commitment_same_status_and_unknown_status_are_400(client, org, vhxh):
    commitment = MAKERS["commitment"](org, "not_started")
    client.force_login(vhxh)
    url = _urls("commitment", commitment)
    assert client.post(url, {"to": "not_started"}).status_code == 400
    assert client.post(url, {"to": "xong"}).status_code == 400
    response = client.post(url, {"to": "cancelled", "note": " "})
    assert response.status_code == 400 and "lý do" in response.content.decode()
    response = client.post(url, {"to": "done"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "done" and commitment.updates.count() == 1


def test_signing_a_signed_award_document_is_400(client, org, chutich):
    document = MAKERS["award_document"](org, "signed")
    client.force_login(chutich)
    response = client.post(reverse("awards:award_document_sign", args=[document.pk]))
    assert response.status_code == 400 and "đã được ký" in response.content.decode()


def test_a_forbidden_role_gets_403_not_400(client, org, canbo):
    plan = MAKERS["plan"](org, "draft")
    client.force_login(canbo)
    assert client.post(_urls("plan", plan), {"to": "submitted"}).status_code == 403


def test_commitment_buttons_come_from_the_table(client, org, vhxh, canbo):
    commitment = MAKERS["commitment"](org, "in_progress")
    client.force_login(vhxh)
    page = client.get(reverse("campaigns:pledge", args=[commitment.pledge_id])).content.decode()
    assert 'data-testid="transition-done"' in page and 'data-testid="transition-in_progress"' not in page
    client.force_login(canbo)  # not a party of the pledge: no buttons
    page = client.get(reverse("campaigns:pledge", args=[commitment.pledge_id])).content.decode()
    assert 'data-testid="transition-done"' not in page
