"""Signers: where the private key lives. Each opens a pyHanko `Signer` for the duration of one signature.

Two implementations: a PKCS#12 file (software key) and a PKCS#11 token or HSM. A remote-signing service (a CSC API,
docs/adr/0012-digital-signatures.md) would be a third class with the same `open()`; the signing code does not change.
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from asn1crypto import x509 as asn1_x509
from django.core.exceptions import ValidationError
from pyhanko.sign.signers import Signer, SimpleSigner

from .models import SignerConfig

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Key usages that allow a signature on a document (RFC 5280: nonRepudiation is also called contentCommitment).
SIGNING_KEY_USAGES = {"digital_signature", "non_repudiation"}


class SigningRefused(ValidationError):
    """Signing cannot go ahead; the message tells the signer (in Vietnamese) why and what to do."""


class DocumentSigner(Protocol):
    label: str

    def open(self) -> AbstractContextManager[Signer]:
        """A context manager yielding a pyHanko Signer whose `signing_cert` is the signer's certificate."""
        ...


def certificate_check(cert: asn1_x509.Certificate, *, when: dt.datetime) -> None:
    """Refuse a certificate that is not valid at `when` or may not sign documents (its Key Usage)."""
    subject = cert.subject.native
    who = subject.get("common_name") or cert.subject.human_friendly
    not_before, not_after = cert.not_valid_before, cert.not_valid_after
    if when < not_before:
        raise SigningRefused(
            f"Chứng thư số của {who} chưa có hiệu lực (có hiệu lực từ {not_before.astimezone(VIETNAM):%d/%m/%Y})."
        )
    if when > not_after:
        raise SigningRefused(
            f"Chứng thư số của {who} đã hết hạn ngày {not_after.astimezone(VIETNAM):%d/%m/%Y}. "
            "Không thể ký số; hãy gia hạn chứng thư với tổ chức cung cấp dịch vụ chứng thực chữ ký số."
        )
    usages = cert.key_usage_value.native if cert.key_usage_value is not None else None
    # No Key Usage extension means no restriction (RFC 5280 §4.2.1.3).
    if usages is not None and not (set(usages) & SIGNING_KEY_USAGES):
        raise SigningRefused(
            f"Chứng thư số của {who} không dùng để ký văn bản (mục đích sử dụng khóa không có "
            "digitalSignature hay nonRepudiation). Hãy dùng chứng thư ký số do nhà cung cấp cấp."
        )
    if cert.ca:
        raise SigningRefused(f"Chứng thư của {who} là chứng thư của tổ chức chứng thực, không dùng để ký văn bản.")


@dataclass
class Pkcs12Signer:
    """A key in a PKCS#12 file, its password given at signing (environment or typed by the signer)."""

    data: bytes
    password: str
    label: str = "tệp PKCS#12"

    @contextmanager
    def open(self) -> Iterator[Signer]:
        try:
            signer = SimpleSigner.load_pkcs12_data(self.data, other_certs=None, passphrase=self.password.encode())
        except ValueError as error:
            raise SigningRefused(
                "Không mở được tệp chứng thư số PKCS#12: mật khẩu không đúng hoặc tệp bị hỏng."
            ) from error
        yield signer


@dataclass
class Pkcs11Signer:
    """A key on a PKCS#11 device (USB token, smart card, HSM), unlocked with the user PIN."""

    module: str
    token_label: str
    key_label: str
    cert_label: str
    pin: str
    label: str = "thiết bị PKCS#11"

    @contextmanager
    def open(self) -> Iterator[Signer]:
        import pkcs11
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        if not os.path.exists(self.module):
            raise SigningRefused(f"Không tìm thấy thư viện PKCS#11 {self.module} trên máy chủ.")
        labels = {slot.get_token().label for slot in pkcs11.lib(self.module).get_slots(token_present=True)}
        if self.token_label not in labels:
            raise SigningRefused(
                f"Không tìm thấy thiết bị ký có nhãn “{self.token_label}”: thiết bị chưa được cắm hoặc sai nhãn."
            )
        try:
            session = open_pkcs11_session(
                self.module, token_criteria=TokenCriteria(label=self.token_label), user_pin=self.pin
            )
        except pkcs11.exceptions.PinIncorrect as error:
            raise SigningRefused(
                "Mã PIN của thiết bị ký không đúng. Lưu ý: thiết bị sẽ bị khóa sau vài lần nhập sai liên tiếp."
            ) from error
        except pkcs11.exceptions.PinLocked as error:
            raise SigningRefused("Thiết bị ký đã bị khóa do nhập sai mã PIN; cần mở khóa bằng mã PUK/SO.") from error
        except pkcs11.exceptions.PKCS11Error as error:
            raise SigningRefused(f"Không mở được thiết bị ký “{self.token_label}” ({type(error).__name__}).") from error
        try:
            signer = PKCS11Signer(session, cert_label=self.cert_label, key_label=self.key_label)
            try:
                signer.signing_cert  # noqa: B018 — fetch now, so a missing object is a clear refusal
            except Exception as error:
                raise SigningRefused(
                    f"Trên thiết bị “{self.token_label}” không có khóa “{self.key_label}” và chứng thư "
                    f"“{self.cert_label}”."
                ) from error
            yield signer
        finally:
            session.close()


def signer_config_for(*, organization, signer_user=None) -> SignerConfig | None:
    """The signer's own configuration, else the organization's; None when neither is set up (no signature)."""
    configs = SignerConfig.objects.filter(organization=organization, is_active=True)
    if signer_user is not None:
        own = configs.filter(user=signer_user).first()
        if own is not None:
            return own
    return configs.filter(user__isnull=True).first()


def signer_from_config(config: SignerConfig, *, password: str | None = None) -> DocumentSigner:
    """The secret comes from the caller (typed at signing) or from the environment variable named in the config."""
    secret = password if password else (os.environ.get(config.secret_env) if config.secret_env else None)
    if config.kind == SignerConfig.Kind.PKCS12:
        if not secret:
            raise SigningRefused("Cần nhập mật khẩu của tệp chứng thư số để ký.")
        with config.pkcs12_file.open("rb") as handle:
            data = handle.read()
        return Pkcs12Signer(data=data, password=secret)
    if not secret:
        raise SigningRefused("Cần nhập mã PIN của thiết bị ký để ký.")
    return Pkcs11Signer(
        module=config.pkcs11_module, token_label=config.token_label, key_label=config.key_label,
        cert_label=config.cert_label or config.key_label, pin=secret,
    )
