"""Does a PDF's SHA-256 match a document in the register? A pluggable hook, so this app imports no domain app.

settings.SIGNING_DOCUMENT_LOOKUP is the dotted path of a function `(sha256: str) -> object | None`; the object
needs `number`, `title` and `organization` (and may have `issued_on`, `verify_url`). The default below reads the
two registers that exist today, plans.IssuedDocument and awards.AwardDocument, through the app registry; the one
document system (issue 10) replaces it with its own lookup.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class RegisteredDocument:
    number: str
    title: str
    organization: str
    issued_on: date | None = None
    verify_url: str = ""


def document_by_sha256(sha256: str) -> Any | None:
    sha256 = (sha256 or "").strip().lower()
    if not SHA256.match(sha256):
        return None
    return import_string(settings.SIGNING_DOCUMENT_LOOKUP)(sha256)


def _verify_url(code: str) -> str:
    try:
        return reverse("plans:verify", args=[code])
    except NoReverseMatch:
        return ""


def legacy_register_lookup(sha256: str) -> RegisteredDocument | None:
    """Today's registers: plans' issued documents, then signed award decisions and tờ trình."""
    if apps.is_installed("plans"):
        issued = apps.get_model("plans", "IssuedDocument")
        document = issued.objects.select_related("organization").filter(sha256=sha256).first()
        if document is not None:
            return RegisteredDocument(
                number=document.number, title=f"{document.get_kind_display()}: {document.title}",
                organization=document.organization.name, issued_on=document.issued_on,
                verify_url=_verify_url(document.code),
            )
    if apps.is_installed("awards"):
        awards = apps.get_model("awards", "AwardDocument")
        document = awards.objects.select_related("organization").filter(sha256=sha256).exclude(sha256="").first()
        if document is not None:
            return RegisteredDocument(
                number=document.number, title=document.get_kind_display(), organization=document.organization.name,
                issued_on=document.issued_on, verify_url=_verify_url(document.verify_code),
            )
    return None
