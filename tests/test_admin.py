"""Every model of the project's apps has an admin page, and each opens for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

PROJECT_APPS = {"units", "plans", "campaigns", "awards"}


def project_models():
    return [m for m in apps.get_models()
            if m._meta.app_label in PROJECT_APPS and not m.__name__.startswith("Historical")]


def test_every_model_is_in_the_admin():
    missing = [m._meta.label for m in project_models() if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.label)
def test_admin_changelist_opens(client, django_user_model, model):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-quan-tri")
    client.force_login(user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
