"""Issuing a signed document: a number from the commune's register, the PDF rendered once and stored privately,
its SHA-256 and a short verification code. Called by services.plan_transition / report_transition inside their
transaction; docs/adr/0006-issued-documents.md explains the choices.
"""

import base64
import datetime as dt
import hashlib
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from units.models import Organization, User

from .documents import VerificationInfo
from .documents.context import ISSUER_CODE, number_line
from .models import DocumentNumberSequence, IssuedDocument, Plan, Report

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE_LENGTH = 10
PLAN_SERIES = "KH"
REPORT_SERIES = "BC"


class IssuedFileAltered(Exception):
    """The stored file no longer matches its recorded hash: it must not be served as the original."""


def today_in_vietnam() -> dt.date:
    # The date printed on a document is the commune's calendar day, whatever the server's time zone.
    return timezone.localdate(timezone=VIETNAM)


def format_number(number: int, series: str) -> str:
    """7 → "07/KH-UBND"; 15 → "15/KH-UBND" (the decree writes numbers below 10 with a leading zero)."""
    return f"{number:02d}/{series}-{ISSUER_CODE}"


def display_number(number: str, series: str) -> str:
    """A number as typed ("5", "15/KH-UBND") in the form printed on the document."""
    return number_line(number, doc_type=series).removeprefix("Số:").strip()


def number_take(*, organization: Organization, series: str, year: int) -> str:
    """The next free number of the series for the year, e.g. "03/KH-UBND"; numbering restarts each year.

    The register row is locked (select_for_update) until the caller's transaction ends, so two signings at the
    same moment wait for each other instead of taking the same number. A number already used by hand is skipped.
    """
    DocumentNumberSequence.objects.get_or_create(organization=organization, series=series, year=year)
    sequence = DocumentNumberSequence.objects.select_for_update().get(
        organization=organization, series=series, year=year
    )
    taken = set(IssuedDocument.objects.filter(organization=organization, year=year).values_list("number", flat=True))
    number = sequence.last_number + 1
    while format_number(number, series) in taken:
        number += 1
    sequence.last_number = number
    sequence.save(update_fields=["last_number"])
    return format_number(number, series)


def verification_code(fingerprint: str) -> str:
    """10 characters of base32 (A–Z, 2–7: no 0/O or 1/I to misread on paper) of the SHA-256 of the document's text.

    The code is printed inside the PDF, so it cannot be the hash of that PDF; it is the hash of the issued text
    (number, date, signer and every line), and the file's own SHA-256 is recorded next to it.
    """
    digest = hashlib.sha256(fingerprint.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def verification_url(code: str) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{site}{reverse('plans:verify', args=[code])}"


def verification_info(fingerprint: str) -> VerificationInfo:
    code = verification_code(fingerprint)
    return VerificationInfo(code=code, url=verification_url(code))


def _issue(
    *, kind: str, organization: Organization, title: str, number: str, issued_on: dt.date, signer_name: str,
    signer_title: str, content: bytes, code: str, plan: Plan | None = None, report: Report | None = None,
) -> IssuedDocument:
    sha256 = hashlib.sha256(content).hexdigest()
    document = IssuedDocument(
        kind=kind, organization=organization, plan=plan, report=report, title=title[:300], number=number,
        issued_on=issued_on, signer_name=signer_name, signer_title=signer_title, sha256=sha256, code=code,
    )
    document.year = issued_on.year
    document.file.save(f"{kind}-{issued_on:%Y%m%d}-{code}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        raise
    # A rollback of the signing after this point leaves an unreferenced file, never a row without its file.
    transaction.on_commit(lambda: logger.info("Ban hành %s (SHA-256 %s)", document, sha256))
    return document


def _check_number_free(*, organization: Organization, number: str, year: int) -> None:
    if IssuedDocument.objects.filter(organization=organization, year=year, number=number).exists():
        raise ValidationError({"number": f"Số {number} đã được cấp cho văn bản khác trong năm {year}."})


def plan_issue(*, plan: Plan, by: User) -> IssuedDocument:
    """Number, date and signer set if empty, then the PDF rendered once, without the draft mark, and stored."""
    from .documents.pdf import render_plan_html, render_plan_pdf

    plan.issued_on = plan.issued_on or today_in_vietnam()
    if plan.number.strip():
        number = display_number(plan.number, PLAN_SERIES)
        _check_number_free(organization=plan.organization, number=number, year=plan.issued_on.year)
    else:
        number = number_take(organization=plan.organization, series=PLAN_SERIES, year=plan.issued_on.year)
    plan.number = number
    if not plan.signer_name.strip():
        plan.signer_name = plan.organization.chairman_name or by.get_full_name() or by.username
    plan.save(update_fields=["status", "number", "issued_on", "signer_name", "updated_at"])
    verification = verification_info(render_plan_html(plan, draft=False))
    content = render_plan_pdf(plan, draft=False, verification=verification)
    return _issue(
        kind=IssuedDocument.Kind.PLAN, organization=plan.organization, plan=plan,
        title=f"Kế hoạch {plan.title}", number=number, issued_on=plan.issued_on, signer_name=plan.signer_name,
        signer_title=plan.signer_title, content=content, code=verification.code,
    )


def report_issue(*, report: Report, by: User) -> IssuedDocument:
    from .documents.report import render_report_html, render_report_pdf

    organization = report.plan.organization
    report.issued_on = report.issued_on or today_in_vietnam()
    if report.number.strip():
        number = display_number(report.number, REPORT_SERIES)
        _check_number_free(organization=organization, number=number, year=report.issued_on.year)
    else:
        number = number_take(organization=organization, series=REPORT_SERIES, year=report.issued_on.year)
    report.number = number
    if not report.signer_name.strip():
        report.signer_name = organization.chairman_name or by.get_full_name() or by.username
    report.save(update_fields=["status", "number", "issued_on", "signer_name", "updated_at"])
    verification = verification_info(render_report_html(report, draft=False))
    content = render_report_pdf(report, draft=False, verification=verification)
    return _issue(
        kind=IssuedDocument.Kind.REPORT, organization=organization, report=report,
        title=f"Báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng {report.period_label}",
        number=number, issued_on=report.issued_on, signer_name=report.signer_name,
        signer_title=report.signer_title, content=content, code=verification.code,
    )


def issued_bytes(document: IssuedDocument) -> bytes:
    """Exactly the bytes stored at signing; refuses to serve a file that no longer matches its hash."""
    with document.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != document.sha256:
        logger.error("Tệp văn bản %s (%s) không khớp mã băm đã ghi.", document.pk, document.file.name)
        raise IssuedFileAltered(document.file.name)
    return content
