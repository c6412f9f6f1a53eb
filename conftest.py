"""Shared fixtures: one commune with a user per role, and another commune for isolation tests."""

import importlib
import os

import pytest

from units.roles import Role
from units.tests.factories import OrganizationFactory, UnitFactory, make_user

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Data migrations that seed catalogs (role groups, emulation titles, award forms and authority rules).
SEED_MIGRATIONS = [
    ("units.migrations.0002_role_groups", "create_groups"),
    ("campaigns.migrations.0002_seed_titles", "seed"),
    ("awards.migrations.0002_seed_catalog", "seed"),
]


@pytest.fixture(autouse=True)
def _seeded_catalogs(request):
    """Transactional tests (browser, Celery) end with a flush of every table, seeded catalogs included, and
    Django's serialized_rollback does not survive the Celery worker thread closing connections. The seeds are
    idempotent, so run them again before each transactional test: later tests see what a migrated database has.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def org(db):
    return OrganizationFactory(
        name="Ủy ban nhân dân xã Thanh Sơn", short_name="UBND xã Thanh Sơn", slug="thanh-son-test",
        superior_name="UBND huyện Hữu Lũng", place_name="Thanh Sơn", chairman_name="Sầm Văn Thao",
    )


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Ủy ban nhân dân xã Khác", short_name="UBND xã Khác", slug="xa-khac")


@pytest.fixture
def unit(org):
    return UnitFactory(organization=org, name="Hội Nông dân xã")


@pytest.fixture
def other_unit(org):
    return UnitFactory(organization=org, name="Đoàn Thanh niên xã")


@pytest.fixture
def vhxh(org):
    return make_user(Role.VHXH, org, username="t_vhxh")


@pytest.fixture
def chutich(org):
    return make_user(Role.CHU_TICH, org, username="t_chutich")


@pytest.fixture
def canbo(org, unit):
    return make_user(Role.CAN_BO, org, unit=unit, username="t_canbo")


@pytest.fixture
def captren(org):
    return make_user(Role.CAP_TREN, org, username="t_huyen")


@pytest.fixture
def outsider(other_org):
    """A vhxh of another commune: must never see or change this commune's data."""
    return make_user(Role.VHXH, other_org, username="t_outsider")
