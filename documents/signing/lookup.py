"""Does a PDF's SHA-256 match a document in the register? A pluggable hook, so this app imports no domain app.

settings.SIGNING_DOCUMENT_LOOKUP is the dotted path of a function `(sha256: str) -> object | None`; the object
needs `number`, `title` and `organization` (and may have `issued_on`, `verify_url`). The default reads the
one register of issued papers, documents.selectors.registered_by_sha256.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
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
