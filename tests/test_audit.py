"""Audit for everything that matters: history on the models of campaigns and awards, shown on a history page, and
audit rows and history read-only everywhere, the admin included (core/admin.py)."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.admin import HistoryAdmin
from core.workflow import AuditRow
from tests.test_workflow import MAKERS
from units.tests.factories import PersonFactory

# The list: campaigns, registrations, pledges, clusters, scores, dossiers, nominees, votes and decisions.
WITH_HISTORY = [
    "campaigns.Campaign", "campaigns.Registration", "campaigns.RegistrationLine", "campaigns.Pledge",
    "campaigns.Commitment", "campaigns.Cluster", "campaigns.ClusterMember", "campaigns.Score", "awards.Dossier",
    "awards.Nominee", "awards.Vote", "awards.AwardDocument", "plans.Plan", "plans.Task",
]


@pytest.mark.parametrize("label", WITH_HISTORY)
def test_models_that_matter_keep_history(label):
    model = apps.get_model(label)
    assert getattr(model._meta, "simple_history_manager_attribute", None) == "history", label
    assert model.history.model.__name__ == f"Historical{model.__name__}"


def _superuser_request(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    return request


def test_audit_rows_are_read_only_in_the_admin(db, django_user_model):
    request = _superuser_request(django_user_model)
    audit_models = [m for m in apps.get_models() if issubclass(m, AuditRow)]
    assert len(audit_models) >= 7
    for model in audit_models:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    for model_admin in admin.site._registry.values():
        for inline in model_admin.get_inline_instances(request):
            if issubclass(inline.model, AuditRow):
                assert not inline.has_add_permission(request, None), inline
                assert not inline.has_change_permission(request), inline
                assert not inline.has_delete_permission(request), inline


def test_every_history_admin_refuses_to_revert(client, org, vhxh, django_user_model):
    history_admins = [a for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert len(history_admins) >= 10
    assert all(isinstance(a, HistoryAdmin) for a in history_admins)
    plan = MAKERS["plan"](org, "draft")
    plan.title = "Tên mới"
    plan.save()
    old = plan.history.order_by("history_date").first()
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    client.force_login(user)
    url = reverse("admin:plans_plan_simple_history", args=[plan.pk, old.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Khôi phục", "year": plan.year}).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Tên mới"


@pytest.fixture
def dossier_with_vote(org, unit):
    from awards.models import Council, CouncilMember, Meeting, Nominee, SubjectKind, Vote

    dossier = MAKERS["dossier"](org, "disclosed")
    nominee = Nominee.objects.create(dossier=dossier, subject_kind=SubjectKind.PERSON,
                                     person=PersonFactory(unit=unit, full_name="Hoàng Văn Cường"))
    council = Council.objects.create(organization=org, year=2024)
    member = CouncilMember.objects.create(council=council, full_name="Lý Thị Dung")
    meeting = Meeting.objects.create(council=council, held_on=dt.date(2024, 12, 20))
    vote = Vote.objects.create(meeting=meeting, nominee=nominee, member=member, choice=Vote.Choice.FOR)
    return dossier, vote


def test_a_vote_changed_afterwards_shows_on_the_dossier_history(client, vhxh, dossier_with_vote):
    dossier, vote = dossier_with_vote
    vote.choice = "against"
    vote.save()
    client.force_login(vhxh)
    page = client.get(reverse("awards:dossier_history", args=[dossier.pk])).content.decode()
    assert "Phiếu biểu quyết" in page and "Đồng ý" in page and "Không đồng ý" in page


def test_history_pages_show_changes_of_campaigns_pledges_and_clusters(client, org, vhxh):
    from campaigns.models import Cluster

    registration = MAKERS["registration"](org, "draft")
    registration.targets = "Ba mô hình dân vận khéo"
    registration.save()
    commitment = MAKERS["commitment"](org, "not_started")
    commitment.content = "Hoàn thành 100% chỉ tiêu"
    commitment.save()
    cluster = Cluster.objects.create(organization=org, name="Cụm thi đua số VI")
    cluster.note = "Cụm trưởng năm 2025"
    cluster.save()
    client.force_login(vhxh)
    pages = [
        (reverse("campaigns:history", args=[registration.campaign_id]), "Ba mô hình dân vận khéo"),
        (reverse("campaigns:pledge_history", args=[commitment.pledge_id]), "Hoàn thành 100% chỉ tiêu"),
        (reverse("campaigns:cluster_history", args=[cluster.pk]), "Cụm trưởng năm 2025"),
    ]
    for url, text in pages:
        response = client.get(url)
        assert response.status_code == 200 and text in response.content.decode(), url


def test_another_communes_history_is_not_found(client, org, outsider):
    dossier = MAKERS["dossier"](org, "draft")
    client.force_login(outsider)
    assert client.get(reverse("awards:dossier_history", args=[dossier.pk])).status_code == 404
