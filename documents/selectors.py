from .models import IssuedDocument


def document_by_code(code: str) -> IssuedDocument | None:
    # Codes are printed in capitals; someone typing one from paper may not.
    code = (code or "").strip().upper()
    if not code:
        return None
    return IssuedDocument.objects.select_related("organization").filter(code=code).first()


def superseded(document: IssuedDocument) -> bool:
    return IssuedDocument.objects.filter(supersedes=document).exists()


def registered_by_sha256(sha256: str):
    """The issued document whose stored PDF has this SHA-256 (the /verify/check/ upload box), as the signing
    app's register hook expects (number, title, organization, issued_on, verify_url), or None."""
    from django.urls import reverse

    from .signing.lookup import RegisteredDocument

    document = IssuedDocument.objects.select_related("organization").filter(sha256=sha256).first()
    if document is None:
        return None
    return RegisteredDocument(number=document.number, title=f"{document.get_kind_display()}: {document.title}",
                              organization=document.organization.name, issued_on=document.issued_on,
                              verify_url=reverse("documents:verify", args=[document.code]))
