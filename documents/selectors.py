from .models import IssuedDocument


def document_by_code(code: str) -> IssuedDocument | None:
    # Codes are printed in capitals; someone typing one from paper may not.
    code = (code or "").strip().upper()
    if not code:
        return None
    return IssuedDocument.objects.select_related("organization").filter(code=code).first()


def superseded(document: IssuedDocument) -> bool:
    return IssuedDocument.objects.filter(supersedes=document).exists()
