"""Public verification of issued documents (/verify/<code>/) across apps.

Plans and reports are issued here (IssuedDocument); other apps (award decisions, tờ trình) keep their own frozen
files and register a lookup in their AppConfig.ready(), so this foundation app never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class VerifiedDocument:
    code: str
    organization: str
    kind: str
    title: str
    number: str
    issued_on: Any
    signer: str
    sha256: str
    superseded: bool
    read_pdf: Callable[[], bytes]  # exactly the stored bytes, checked against sha256 by the owner


Lookup = Callable[[str], VerifiedDocument | None]
_lookups: list[Lookup] = []


def register(lookup: Lookup) -> None:
    if lookup not in _lookups:
        _lookups.append(lookup)


def find(code: str) -> VerifiedDocument | None:
    # Codes are printed in capitals; someone typing one from paper may not.
    code = (code or "").strip().upper()
    if not code:
        return None
    for lookup in [_issued_document_lookup, *_lookups]:
        found = lookup(code)
        if found is not None:
            return found
    return None


def _issued_document_lookup(code: str) -> VerifiedDocument | None:
    from . import issuing
    from .models import IssuedDocument

    document = IssuedDocument.objects.select_related("organization").filter(code=code).first()
    if document is None:
        return None
    return VerifiedDocument(
        code=document.code, organization=document.organization.name, kind=document.get_kind_display(),
        title=document.title, number=document.number, issued_on=document.issued_on,
        signer=f"{document.signer_title} {document.signer_name}".strip(), sha256=document.sha256,
        superseded=False, read_pdf=lambda: issuing.issued_bytes(document),
    )
