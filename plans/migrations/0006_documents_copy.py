"""Data only, in its own migration (its own transaction on PostgreSQL, before the schema changes)."""

from django.db import migrations



def copy_to_documents(apps, schema_editor):
    """Every plans.IssuedDocument becomes a documents.IssuedDocument with the same number, file, hash and code;
    the register counters move to documents.NumberRegister."""
    Old = apps.get_model("plans", "IssuedDocument")
    Paper = apps.get_model("documents", "IssuedDocument")
    Sequence = apps.get_model("plans", "DocumentNumberSequence")
    Register = apps.get_model("documents", "NumberRegister")
    for old in Old.objects.order_by("pk"):
        paper = Paper.objects.create(
            kind=old.kind, organization_id=old.organization_id, title=old.title, number=old.number,
            issued_on=old.issued_on, year=old.year, signer_name=old.signer_name, signer_title=old.signer_title,
            sha256=old.sha256, code=old.code, file=old.file.name, created_at=old.created_at,
        )
        old.document_id = paper.pk
        old.save(update_fields=["document"])
    for sequence in Sequence.objects.all():
        register, _ = Register.objects.get_or_create(organization_id=sequence.organization_id,
                                                     series=sequence.series, year=sequence.year)
        register.last_number = max(register.last_number, sequence.last_number)
        register.save(update_fields=["last_number"])


def copy_back(apps, schema_editor):
    Old = apps.get_model("plans", "IssuedDocument")
    for old in Old.objects.select_related("document"):
        paper = old.document
        for name in ("title", "number", "issued_on", "year", "signer_name", "signer_title", "sha256", "code",
                     "created_at"):
            setattr(old, name, getattr(paper, name))
        old.organization_id = paper.organization_id
        old.file = paper.file.name
        old.save()




class Migration(migrations.Migration):
    dependencies = [('plans', '0005_documents_link')]
    operations = [migrations.RunPython(copy_to_documents, copy_back)]
