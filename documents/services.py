"""The one issuing path of every official paper, and reading it back with its hash checked.

`document_issue` takes a number from the organization's register, renders the content once (PDF and Word), stores
the bytes with their SHA-256 and a verification code, and returns the frozen IssuedDocument. Apps call it from the
effects of their sign step, inside that step's transaction. docs/adr/0011-documents-one-system.md explains it.
"""

import base64
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from units.models import Organization, User

from . import render, text
from .content import Document, Stamp
from .models import SERIES, IssuedDocument, NumberRegister, TamperEvent
from .signals import document_tampered

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_LENGTH = 10


class IssuedFileAltered(Exception):
    """The stored file no longer matches its recorded hash: it must not be served as the original."""

    def __init__(self, document: IssuedDocument, which: str):
        super().__init__(f"{document.pk}:{which}")
        self.document = document
        self.which = which


def today_in_vietnam() -> dt.date:
    # The date printed on a document is the commune's calendar day, whatever the server's time zone.
    return timezone.localdate(timezone=VIETNAM)


def number_take(*, organization: Organization, series: str, year: int, issuer_code: str = text.ISSUER_CODE) -> str:
    """The next free number of the series for the year, e.g. "03/KH-UBND"; numbering restarts each year.

    The register row is locked (select_for_update) until the caller's transaction ends, so two signings at the
    same moment wait for each other instead of taking the same number. A number already used by hand is skipped.
    """
    NumberRegister.objects.get_or_create(organization=organization, series=series, year=year)
    register = NumberRegister.objects.select_for_update().get(organization=organization, series=series, year=year)
    taken = set(IssuedDocument.objects.filter(organization=organization, year=year).values_list("number", flat=True))
    number = register.last_number + 1
    while text.format_number(number, series, issuer_code) in taken:
        number += 1
    register.last_number = number
    register.save(update_fields=["last_number"])
    return text.format_number(number, series, issuer_code)


def number_check_free(*, organization: Organization, number: str, year: int,
                      supersedes: IssuedDocument | None = None, keep_number: bool = False) -> None:
    if keep_number and supersedes is not None and supersedes.number == number:
        return  # a corrected award decision keeps the number of the one it replaces (awards' rule)
    if IssuedDocument.objects.filter(organization=organization, year=year, number=number).exists():
        raise ValidationError({"number": f"Số {number} đã được cấp cho văn bản khác trong năm {year}."})


def verification_code() -> str:
    """10 characters of base32 (A–Z, 2–7: no 0/O or 1/I to misread on paper), random: 50 bits."""
    while True:
        code = base64.b32encode(secrets.token_bytes(10)).decode("ascii")[:CODE_LENGTH]
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def verification_url(code: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    return f"{site}{reverse('documents:verify', args=[code])}"


def _final_pdf_bytes(*, content: Document, document: IssuedDocument, by: User | None) -> bytes:
    """The PDF exactly as it will be stored and hashed: rendered once, then signed (PAdES) when the organization or
    the signer has a signer configured (documents/signing, ADR 0012); the hash and the code cover the signed bytes.
    Without a signer the rendered bytes are stored as they are ("chưa ký số"). A refused signature (expired
    certificate, wrong PIN) raises ValidationError and nothing is issued."""
    from .signing.service import pdf_sign

    pdf = render.render_pdf(content)
    return pdf_sign(content=pdf, organization=document.organization, signer_user=by,
                    marker=document.signer_name or None).content


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def document_issue(
    *, organization: Organization, kind: str, title: str, content: Callable[[Stamp], Document],
    signer_name: str, signer_title: str = "", by: User | None = None, number: str = "",
    issued_on: dt.date | None = None, supersedes: IssuedDocument | None = None, keep_number: bool = False,
    with_docx: bool = True,
) -> IssuedDocument:
    """Issue a paper: number (typed, or the next from the register), date (today in Vietnam if not given),
    verification code; then `content(stamp)` is rendered once to PDF (and .docx) and both are frozen.

    `content` receives the stamp so the number, date and verification line it prints are the issued ones.
    """
    series = SERIES[kind]
    issued_on = issued_on or today_in_vietnam()
    if number.strip():
        number = text.number_text(number, series=series)
        number_check_free(organization=organization, number=number, year=issued_on.year, supersedes=supersedes,
                          keep_number=keep_number)
    else:
        number = number_take(organization=organization, series=series, year=issued_on.year)
    code = verification_code()
    stamp = Stamp(number=number, issued_on=issued_on, code=code, url=verification_url(code))
    paper = content(stamp).stamped(stamp)
    document = IssuedDocument(
        kind=kind, organization=organization, title=title[:300], number=number, issued_on=issued_on,
        signer_name=signer_name[:100], signer_title=signer_title[:100], code=code, supersedes=supersedes,
        created_by=by,
    )
    document.year = issued_on.year
    pdf = _final_pdf_bytes(content=paper, document=document, by=by)
    document.sha256 = _sha256(pdf)
    stem = f"{kind}-{issued_on:%Y%m%d}-{code}"
    document.file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    if with_docx:
        docx = render.render_docx(paper)
        document.docx_sha256 = _sha256(docx)
        document.docx_file.save(f"{stem}.docx", ContentFile(docx), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        if document.docx_file:
            document.docx_file.delete(save=False)
        message = f"Số {number} đã được cấp cho văn bản khác trong năm {issued_on.year}."
        raise ValidationError({"number": message}) from None
    # A rollback of the signing after this point leaves an unreferenced file, never a row without its file.
    transaction.on_commit(lambda: logger.info("Ban hành %s (SHA-256 %s)", document, document.sha256))
    return document


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def document_bytes(document: IssuedDocument, *, which: str = "pdf") -> bytes:
    """Exactly the bytes stored at issue; IssuedFileAltered if they no longer match their hash (or are gone)."""
    field, expected = (document.file, document.sha256) if which == "pdf" else (document.docx_file,
                                                                              document.docx_sha256)
    try:
        content = _read(field)
    except (FileNotFoundError, OSError, ValueError):
        raise IssuedFileAltered(document, which) from None
    if _sha256(content) != expected:
        raise IssuedFileAltered(document, which)
    return content


def document_integrity(document: IssuedDocument) -> bool:
    """True when every stored file still matches its hash."""
    try:
        document_bytes(document)
        if document.docx_file:
            document_bytes(document, which="docx")
    except IssuedFileAltered:
        return False
    return True


def tamper_report(*, document: IssuedDocument, which: str, where: str) -> TamperEvent:
    """Write the audit row and tell the organization's vhxh officers, in its own transaction: the caller is
    answering a request with an error page, and the record must survive whatever happens to that request."""
    field, expected = (document.file, document.sha256) if which == "pdf" else (document.docx_file,
                                                                              document.docx_sha256)
    try:
        actual = _sha256(_read(field))
    except (FileNotFoundError, OSError, ValueError):
        actual = ""
    with transaction.atomic():
        event = TamperEvent.objects.create(document=document, where=where, file_name=field.name[:300],
                                           expected_sha256=expected, actual_sha256=actual)
        _notify_tamper(document=document, event=event)
    logger.error("Tệp văn bản %s (%s) không khớp mã băm đã ghi.", document.pk, field.name)
    return event


def _notify_tamper(*, document: IssuedDocument, event: TamperEvent) -> None:
    """Announce a tampered file. documents/ sits beside notifications/, not above it, so it only sends the signal;
    the domain apps (plans/notify.py) turn it into a message, inside this transaction."""
    document_tampered.send(sender=IssuedDocument, document=document, event=event)
