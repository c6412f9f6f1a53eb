"""Start of service and sáng kiến records move down to units (docs/adr/0013-accounts-and-hierarchy.md).

The rows are copied before the old tables are dropped, so a database with data keeps every record.
"""

from django.db import migrations


def copy_to_units(apps, schema_editor):
    PersonInfo = apps.get_model("awards", "AwardsPersonInfo")
    OldInitiative = apps.get_model("awards", "Initiative")
    Person = apps.get_model("units", "Person")
    Initiative = apps.get_model("units", "Initiative")
    for info in PersonInfo.objects.exclude(started_on=None):
        Person.objects.filter(pk=info.person_id).update(started_on=info.started_on)
    Initiative.objects.bulk_create([
        Initiative(organization_id=old.organization_id, person_id=old.person_id, year=old.year, title=old.title,
                   accepted=old.accepted, accepted_note=old.accepted_note)
        for old in OldInitiative.objects.order_by("pk")
    ])


def copy_back(apps, schema_editor):
    PersonInfo = apps.get_model("awards", "AwardsPersonInfo")
    OldInitiative = apps.get_model("awards", "Initiative")
    Person = apps.get_model("units", "Person")
    Initiative = apps.get_model("units", "Initiative")
    PersonInfo.objects.bulk_create([PersonInfo(person_id=p.pk, started_on=p.started_on)
                                    for p in Person.objects.exclude(started_on=None)])
    OldInitiative.objects.bulk_create([
        OldInitiative(organization_id=i.organization_id, person_id=i.person_id, year=i.year, title=i.title,
                      accepted=i.accepted, accepted_note=i.accepted_note)
        for i in Initiative.objects.order_by("pk")
    ])


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0004_award_document_transition"),
        ("units", "0004_accounts_hierarchy_people"),
    ]

    operations = [
        migrations.RunPython(copy_to_units, copy_back),
        migrations.RemoveField(model_name="initiative", name="organization"),
        migrations.RemoveField(model_name="initiative", name="person"),
        migrations.DeleteModel(name="AwardsPersonInfo"),
        migrations.DeleteModel(name="Initiative"),
    ]
