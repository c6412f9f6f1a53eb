"""The "Căn cứ" lines of a document, picked from the LegalBasis catalog by kind and by the document's date.

Written in Decree 30's style: a Luật is cited by name and date, without number or issuer; other texts by kind,
number, date, issuer and subject. The officer can edit the lines of a draft before signing (each app keeps the
edited lines on its draft; these are the defaults).
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from .models import LegalBasis
from .text import date_words


def citation(basis: LegalBasis) -> str:
    day = f" {date_words(basis.signed_on)}" if basis.signed_on else ""
    if basis.type == LegalBasis.Type.LAW:
        return f"Căn cứ {basis.name}{day}"
    number = f" số {basis.number}" if basis.number else ""
    issuer = f" của {basis.issuer}" if basis.issuer else ""
    subject = f" {basis.subject}" if basis.subject else ""
    return f"Căn cứ {basis.name}{number}{day}{issuer}{subject}"


def bases_for(*, kind: str, day: dt.date) -> list[LegalBasis]:
    """The texts in force on `day` that documents of `kind` cite, in catalog order."""
    found = (LegalBasis.objects.filter(valid_from__lte=day)
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).order_by("order", "valid_from"))
    return [basis for basis in found if kind in (basis.kinds or [])]


def basis_lines(*, kind: str, day: dt.date | None = None, year: int | None = None) -> list[str]:
    """Default Căn cứ lines for a document dated `day` (a draft without a date: today, or 1 January of `year`
    when that year has not begun)."""
    if day is None:
        today = timezone.localdate()
        day = today if year is None or year <= today.year else dt.date(year, 1, 1)
    return [citation(basis) for basis in bases_for(kind=kind, day=day)]
