"""pdf_validate: what a PDF's embedded signatures say, in words a commune officer and a superior office can read.

The chain of trust is judged only against the configured roots (settings.SIGNING_TRUST_ROOTS, e.g. Vietnam's
root CA): the operating system's store is never consulted, so "trusted" means what the administrator decided.
"""

import datetime as dt
import hashlib
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .signers import SIGNING_KEY_USAGES

logger = logging.getLogger(__name__)

UNTRUSTED_CHAIN = "chưa xác minh được chuỗi chứng thư"


class State:
    UNREADABLE = "unreadable"
    UNSIGNED = "unsigned"
    ALTERED = "altered"
    UNTRUSTED = "untrusted"
    VALID = "valid"


STATE_LABELS = {
    State.UNREADABLE: "Không đọc được tệp PDF",
    State.UNSIGNED: "Tệp không có chữ ký số",
    State.ALTERED: "Tệp đã bị thay đổi sau khi ký",
    State.UNTRUSTED: "Chữ ký còn nguyên vẹn, nhưng " + UNTRUSTED_CHAIN,
    State.VALID: "Chữ ký số hợp lệ",
}


@dataclass
class SignatureReport:
    field_name: str
    signer_name: str = ""
    organization: str = ""
    issuer: str = ""
    serial: str = ""
    certificate_valid_from: dt.datetime | None = None
    certificate_valid_to: dt.datetime | None = None
    signing_time: dt.datetime | None = None
    timestamp_time: dt.datetime | None = None
    timestamp_ok: bool | None = None  # None: no timestamp
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        if not (self.intact and self.valid):
            return State.ALTERED
        if not self.covers_whole_file and any("sau khi ký" in p for p in self.problems):
            return State.ALTERED
        return State.VALID if self.trusted else State.UNTRUSTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class ValidationReport:
    sha256: str
    size: int
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def state(self) -> str:
        if self.error:
            return State.UNREADABLE
        if not self.signatures:
            return State.UNSIGNED
        order = [State.ALTERED, State.UNTRUSTED, State.VALID]
        return min((s.state for s in self.signatures), key=order.index)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and self.state in (State.VALID, State.UNTRUSTED)


def _load_roots(paths: Iterable[str]) -> list[asn1_x509.Certificate]:
    roots = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots.extend(asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


@cache
def _configured_roots(paths: tuple[str, ...]) -> tuple[asn1_x509.Certificate, ...]:
    return tuple(_load_roots(paths))


def _roots(trust_roots) -> list[asn1_x509.Certificate]:
    if trust_roots is None:
        return list(_configured_roots(tuple(str(p) for p in settings.SIGNING_TRUST_ROOTS)))
    roots = []
    for item in trust_roots:
        if isinstance(item, asn1_x509.Certificate):
            roots.append(item)
        elif isinstance(item, bytes):
            roots.extend(_load_roots_from_bytes(item))
        else:
            roots.extend(_load_roots([item]))
    return roots


def _load_roots_from_bytes(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)]


def _name_part(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _report(embedded, *, roots: list[asn1_x509.Certificate]) -> SignatureReport:
    report = SignatureReport(field_name=embedded.field_name or "")
    context = ValidationContext(
        trust_roots=roots, allow_fetching=settings.SIGNING_ALLOW_FETCHING, revocation_mode="soft-fail",
    )
    status = validate_pdf_signature(
        embedded, signer_validation_context=context,
        key_usage_settings=KeyUsageConstraints(key_usage=SIGNING_KEY_USAGES, match_all_key_usages=False),
    )
    cert = status.signing_cert
    report.signer_name = _name_part(cert.subject, "common_name")
    report.organization = _name_part(cert.subject, "organization_name")
    report.issuer = _name_part(cert.issuer, "common_name") or cert.issuer.human_friendly
    report.serial = format(cert.serial_number, "X")
    report.certificate_valid_from, report.certificate_valid_to = cert.not_valid_before, cert.not_valid_after
    report.signing_time = status.signer_reported_dt
    report.intact, report.valid, report.trusted = status.intact, status.valid, status.trusted
    report.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    tst = status.timestamp_validity
    if tst is not None:
        report.timestamp_time = tst.timestamp
        report.timestamp_ok = tst.intact and tst.valid
        if not report.timestamp_ok:
            report.problems.append("Dấu thời gian không hợp lệ.")
        elif not tst.trusted:
            report.problems.append("Dấu thời gian còn nguyên vẹn, nhưng " + UNTRUSTED_CHAIN + " của đơn vị cấp dấu.")
    if not status.intact:
        report.problems.append("Nội dung tệp đã bị thay đổi sau khi ký: chữ ký không còn khớp với tệp.")
    elif not status.valid:
        report.problems.append("Chữ ký số không hợp lệ về mật mã.")
    if status.intact and status.valid and not status.trusted:
        report.problems.append(
            f"Chứng thư số còn nguyên vẹn nhưng {UNTRUSTED_CHAIN}: tổ chức cấp “{report.issuer}” không nằm trong "
            "danh sách chứng thư gốc tin cậy đã cấu hình, hoặc chứng thư không còn hiệu lực."
        )
    if not report.covers_whole_file:
        if status.docmdp_ok is False or status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
            report.problems.append("Tệp có nội dung được thêm vào sau khi ký, vượt quá mức cho phép.")
        else:
            report.problems.append("Tệp có thêm phần bổ sung (ví dụ chữ ký khác) sau chữ ký này.")
    return report


def pdf_validate(content: bytes, *, trust_roots=None) -> ValidationReport:
    """Every embedded signature, checked. `trust_roots`: certificates, PEM/DER bytes or paths; default settings."""
    report = ValidationReport(sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    roots = _roots(trust_roots)
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        logger.info("Unreadable PDF submitted for validation: %s", error)
        report.error = "Không đọc được tệp PDF: tệp bị hỏng hoặc đã bị sửa đổi."
        return report
    for signature in embedded:
        try:
            report.signatures.append(_report(signature, roots=roots))
        except Exception as error:  # a damaged signature dictionary must still be reported, not crash the page
            logger.info("Signature %s could not be validated: %s", signature.field_name, error)
            report.signatures.append(SignatureReport(
                field_name=signature.field_name or "",
                problems=["Không kiểm tra được chữ ký này: dữ liệu chữ ký bị hỏng hoặc tệp đã bị sửa."],
            ))
    return report
