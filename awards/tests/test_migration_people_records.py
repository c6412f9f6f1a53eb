"""awards 0005 moves start dates and sáng kiến to units without losing a row (and back)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("awards", "0004_award_document_transition"), ("units", "0004_accounts_hierarchy_people"),
          ("units", "0004_organization_parent_body")]
AFTER = [("awards", "0005_people_records_to_units")]


@pytest.mark.django_db(transaction=True)
def test_rows_are_copied_to_units():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    org = old.get_model("units", "Organization").objects.create(name="UBND xã A", short_name="A", slug="a",
                                                                 place_name="A")
    unit = old.get_model("units", "Unit").objects.create(organization=org, name="Hội Nông dân xã", match_key="h")
    person = old.get_model("units", "Person").objects.create(organization=org, unit=unit, full_name="Nguyễn An")
    old.get_model("awards", "AwardsPersonInfo").objects.create(person=person, started_on=dt.date(2015, 3, 1))
    old.get_model("awards", "Initiative").objects.create(organization=org, person=person, year=2024,
                                                         title="Nuôi ong", accepted=True, accepted_note="QĐ 12")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert new.get_model("units", "Person").objects.get(pk=person.pk).started_on == dt.date(2015, 3, 1)
    initiative = new.get_model("units", "Initiative").objects.get()
    assert (initiative.person_id, initiative.year, initiative.title, initiative.accepted, initiative.accepted_note) \
        == (person.pk, 2024, "Nuôi ong", True, "QĐ 12")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
