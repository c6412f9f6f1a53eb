"""PKCS#11 signing against SoftHSM2, the way a USB token or a server HSM is driven."""

import os
import shutil
import subprocess

import pytest

from documents.signing.models import SignerConfig
from documents.signing.service import pdf_sign
from documents.signing.signers import SigningRefused
from documents.signing.validation import State, pdf_validate

from .conftest import sample_pdf

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, KEY, PIN = "UBND-THANH-SON", "chu-tich", "123456"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def softhsm_token(pki, tmp_path_factory):
    """A fresh SoftHSM2 token in a temporary directory, holding a signer's key and certificate."""
    util = shutil.which("softhsm2-util")
    if not util or not os.path.exists(MODULE):
        pytest.skip("softhsm2 is not installed here (apt-get install softhsm2, as `make test` and .ci/run do)")
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    # Read by the library when it initialises, so set before the first load in this process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(  # noqa: S603 — fixed arguments
        [util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "87654321"],
        check=True, capture_output=True,
    )
    issued = pki.issue(common_name="Sầm Văn Thao", organization="UBND xã Thanh Sơn")
    key_file = folder / "key.pem"
    key_file.write_bytes(issued.key_pem())
    subprocess.run(  # noqa: S603
        [util, "--import", str(key_file), "--token", TOKEN, "--label", KEY, "--id", "01", "--pin", PIN],
        check=True, capture_output=True,
    )
    key_file.unlink()
    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object({
            pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
            pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            pkcs11.Attribute.TOKEN: True,
            pkcs11.Attribute.LABEL: KEY,
            pkcs11.Attribute.ID: b"\x01",
            pkcs11.Attribute.SUBJECT: issued.cert.subject.public_bytes(),
            pkcs11.Attribute.VALUE: issued.cert.public_bytes(Encoding.DER),
        })
    return TOKEN


@pytest.fixture
def token_config(org, softhsm_token, monkeypatch):
    monkeypatch.setenv("SIGNING_TEST_TOKEN_PIN", PIN)
    return SignerConfig.objects.create(
        organization=org, kind=SignerConfig.Kind.PKCS11, pkcs11_module=MODULE, token_label=softhsm_token,
        key_label=KEY, secret_env="SIGNING_TEST_TOKEN_PIN",
    )


def test_softhsm_signature_validates_as_intact_and_trusted(signing_settings, token_config, org):
    result = pdf_sign(content=sample_pdf(), organization=org)
    assert result.signed and result.visible
    report = pdf_validate(result.content)
    assert report.state == State.VALID, report.signatures[0].problems
    assert report.signatures[0].signer_name == "Sầm Văn Thao"
    assert report.signatures[0].timestamp_time is not None


def test_wrong_pin_is_refused_in_vietnamese(token_config, org):
    with pytest.raises(SigningRefused, match="Mã PIN của thiết bị ký không đúng"):
        pdf_sign(content=sample_pdf(), organization=org, password="000000")


def test_missing_token_and_missing_key_are_refused(token_config, org):
    token_config.key_label = "khong-co"
    token_config.save()
    with pytest.raises(SigningRefused, match="không có khóa"):
        pdf_sign(content=sample_pdf(), organization=org)
    token_config.token_label = "TOKEN-KHAC"
    token_config.save()
    with pytest.raises(SigningRefused, match="Không tìm thấy thiết bị ký"):
        pdf_sign(content=sample_pdf(), organization=org)
