"""pdf_sign: the one call the issuing path makes, after the final render, before hashing and storing the bytes."""

import datetime as dt
import io
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError

from .appearance import AppearanceText, composed_image, stamp_style
from .locate import SignatureBox, signature_box_find
from .models import OrganizationSeal, SignerConfig
from .signers import SigningRefused, certificate_check, signer_config_for, signer_from_config

logger = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"
UNSIGNED = "chưa ký số"
SIGNED = "đã ký số"


@dataclass(frozen=True)
class SignResult:
    content: bytes  # the bytes to store, hash and serve: signed, or unchanged when no signer is configured
    signed: bool
    state: str  # "đã ký số" / "chưa ký số", as pages show it
    signer_name: str = ""
    organization: str = ""
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    visible: bool = False
    box: SignatureBox | None = None


def _read(field_file) -> bytes | None:
    if not field_file:
        return None
    with field_file.open("rb") as handle:
        return handle.read()


def _timestamper() -> HTTPTimeStamper | None:
    url = settings.SIGNING_TSA_URL
    return HTTPTimeStamper(url, timeout=settings.SIGNING_TSA_TIMEOUT) if url else None


def pdf_sign(
    *, content: bytes, organization, signer_user=None, when: dt.datetime | None = None, password: str | None = None,
    box: SignatureBox | None = None, marker: str | None = None, reason: str = "Ký ban hành văn bản",
) -> SignResult:
    """Sign the whole file (PAdES baseline, with an RFC 3161 timestamp when SIGNING_TSA_URL is set).

    The signer is `signer_user`'s own configuration, else the organization's; with neither, the bytes come back
    unchanged with the state "chưa ký số". `password` is the PKCS#12 password or the token PIN typed by the signer
    (otherwise read from the environment variable the configuration names). The visible signature goes in `box`,
    else above the last line reading `marker` (default: the signer's name), else the signature is invisible.
    `when` (default: now) is the moment the certificate must be valid at and the time printed in the appearance;
    the CMS signing-time and the timestamp are taken from the clock, so pass the issuing moment, not a past date.
    Raises SigningRefused (Vietnamese message) for a bad certificate, password, PIN or timestamp server.
    """
    config = signer_config_for(organization=organization, signer_user=signer_user)
    if config is None:
        return SignResult(content=content, signed=False, state=UNSIGNED)
    when = when or timezone.now()
    backend = signer_from_config(config, password=password)
    seal = OrganizationSeal.objects.filter(organization=organization).first()
    image = composed_image(signature_png=_read(config.signature_image), seal_png=_read(seal.image) if seal else None)

    with backend.open() as signer:
        cert = signer.signing_cert
        certificate_check(cert, when=when)
        subject = cert.subject.native
        signer_name = subject.get("common_name") or (signer_user.get_full_name() if signer_user else "")
        organization_name = subject.get("organization_name") or organization.name
        if isinstance(organization_name, list):
            organization_name = ", ".join(organization_name)
        if box is None:
            box = signature_box_find(content, marker=marker or _marker(signer_user, organization, signer_name))
        text = AppearanceText(signer_name=signer_name, organization=organization_name, signed_at=when)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason, location=organization.place_name or None, name=signer_name,
            # Our own certificate_check ran already with the Vietnamese message; pyHanko's would repeat it.
            signer_key_usage=set(),
        )
        field_spec = fields.SigFieldSpec(
            FIELD_NAME, on_page=box.page if box else 0, box=box.rect if box else None,
        )
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=_timestamper(), stamp_style=stamp_style(image=image),
            new_field_spec=field_spec,
        )
        try:
            output = pdf_signer.sign_pdf(
                IncrementalPdfFileWriter(io.BytesIO(content)), appearance_text_params={"lines": text.lines()},
            )
        except TimestampRequestError as error:
            raise SigningRefused(
                "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian; chưa ký. Hãy thử lại sau."
            ) from error
    logger.info("Signed a document of %s as %s (%s)", organization, signer_name, config.get_kind_display())
    return SignResult(
        content=output.getvalue(), signed=True, state=SIGNED, signer_name=signer_name,
        organization=organization_name, signed_at=when, timestamped=bool(settings.SIGNING_TSA_URL),
        visible=box is not None, box=box,
    )


def _marker(signer_user, organization, signer_name: str) -> str:
    # The name printed under the signature block: the signing user's, else the chairman's on record.
    if signer_user is not None and signer_user.get_full_name():
        return signer_user.get_full_name()
    return organization.chairman_name or signer_name


def signer_configured(*, organization, signer_user=None) -> bool:
    """Whether issuing for this signer will produce a signed PDF (pages show "chưa ký số" otherwise)."""
    return signer_config_for(organization=organization, signer_user=signer_user) is not None


def signer_needs_secret(*, organization, signer_user=None) -> bool:
    """Whether the signing form must ask for the PKCS#12 password / token PIN (none in the server's environment)."""
    config = signer_config_for(organization=organization, signer_user=signer_user)
    return config is not None and not (config.secret_env and os.environ.get(config.secret_env))


__all__ = [
    "SignResult", "SignatureBox", "SignerConfig", "SigningRefused", "pdf_sign", "signer_configured",
    "signer_needs_secret",
]
