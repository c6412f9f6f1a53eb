"""Data only, in its own migration (its own transaction on PostgreSQL, before the schema changes)."""

from django.db import migrations



def copy_to_documents(apps, schema_editor):
    """Every signed (or superseded) award document's frozen PDF, number, hash and code become a
    documents.IssuedDocument, revisions linked to what they supersede; drafts have nothing issued."""
    AwardDocument = apps.get_model("awards", "AwardDocument")
    Paper = apps.get_model("documents", "IssuedDocument")
    kinds = {"qd": "award_decision", "ttr": "award_submission"}
    for document in AwardDocument.objects.exclude(status="draft").order_by("revision", "pk"):
        if not document.frozen_pdf or not document.sha256:
            continue
        previous = None
        if document.previous_id:
            previous = AwardDocument.objects.filter(pk=document.previous_id).values_list("issued_id", flat=True)[0]
        issued_on = document.issued_on or (document.signed_at.date() if document.signed_at else None)
        paper = Paper.objects.create(
            kind=kinds.get(document.kind, "award_decision"), organization_id=document.organization_id,
            title=f"{'Quyết định' if document.kind == 'qd' else 'Tờ trình'} khen thưởng năm {document.year}",
            number=document.number, issued_on=issued_on, year=issued_on.year, signer_name=document.signer_name,
            signer_title="Chủ tịch UBND", sha256=document.sha256, code=document.verify_code,
            file=document.frozen_pdf.name, created_by_id=document.signed_by_id,
            created_at=document.signed_at or document.created_at, supersedes_id=previous,
        )
        document.issued_id = paper.pk
        document.save(update_fields=["issued"])


def copy_back(apps, schema_editor):
    AwardDocument = apps.get_model("awards", "AwardDocument")
    for document in AwardDocument.objects.exclude(issued=None).select_related("issued"):
        document.frozen_pdf = document.issued.file.name
        document.sha256 = document.issued.sha256
        document.verify_code = document.issued.code
        document.save(update_fields=["frozen_pdf", "sha256", "verify_code"])




class Migration(migrations.Migration):
    dependencies = [('awards', '0005_documents_link')]
    operations = [migrations.RunPython(copy_to_documents, copy_back)]
