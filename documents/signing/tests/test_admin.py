import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.uploads import validate_transparent_png
from documents.signing.models import OrganizationSeal, SignerConfig

from .conftest import P12_PASSWORD, png_bytes

pytestmark = pytest.mark.django_db
ADD = "/admin/signing/signerconfig/add/"


def _png(name="a.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def test_transparent_png_is_checked_by_content():
    validate_transparent_png(_png())
    with pytest.raises(ValidationError, match="nền trong suốt"):
        validate_transparent_png(_png(transparent=False), field_label="Ảnh chữ ký")
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        validate_transparent_png(SimpleUploadedFile("x.png", b"\xff\xd8\xff\xe0 jpeg", content_type="image/png"))


def test_admin_adds_a_pkcs12_configuration_without_any_password(admin_client, org, pki):
    issued = pki.issue(common_name="Sầm Văn Thao", organization="UBND xã Thanh Sơn")
    response = admin_client.post(ADD, {
        "organization": org.pk, "kind": "pkcs12", "is_active": "on", "secret_env": "SIGNING_PIN_UBND",
        "pkcs12_file": SimpleUploadedFile("ubnd.p12", issued.pkcs12(P12_PASSWORD, [pki.root])),
        "signature_image": _png("chu-ky.png", shape="line"),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    config = SignerConfig.objects.get()
    assert config.pkcs12_file.name.endswith(".p12") and "ubnd" not in config.pkcs12_file.name
    stored = [str(getattr(config, f.attname)) for f in SignerConfig._meta.concrete_fields]
    assert not any(P12_PASSWORD in value for value in stored)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "pkcs12", "pkcs12_file": ("x.p12", b"not a pkcs12 file")}, "không phải chứng thư số"),
        ({"kind": "pkcs12", "pkcs12_file": ("x.p12", b"0"), "secret_env": "mat khau 123"}, "TÊN biến môi trường"),
        ({"kind": "pkcs11", "pkcs11_module": "/usr/lib/x.so"}, "nhãn thiết bị và nhãn khóa"),
    ],
    ids=["bad-p12", "password-typed-as-env-name", "pkcs11-without-labels"],
)
def test_admin_refuses_bad_input_in_vietnamese(admin_client, org, data, message):
    payload = {"organization": org.pk, "is_active": "on", **data}
    if "pkcs12_file" in payload:
        payload["pkcs12_file"] = SimpleUploadedFile(*payload["pkcs12_file"])
    response = admin_client.post(ADD, payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignerConfig.objects.exists()


def test_admin_refuses_an_opaque_seal(admin_client, org):
    response = admin_client.post("/admin/signing/organizationseal/add/", {
        "organization": org.pk, "image": _png("dau.png", transparent=False),
    })
    assert response.status_code == 200
    assert "nền trong suốt" in response.content.decode()
    assert not OrganizationSeal.objects.exists()


def test_database_keeps_one_organization_configuration(org, chutich):
    SignerConfig.objects.create(organization=org, kind="pkcs11", pkcs11_module="/m.so", token_label="t", key_label="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        SignerConfig.objects.create(
            organization=org, kind="pkcs11", pkcs11_module="/m.so", token_label="t2", key_label="k"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignerConfig.objects.create(
            organization=org, user=chutich, kind="pkcs11", pkcs11_module="", token_label="t", key_label="k"
        )
    SignerConfig.objects.create(
        organization=org, user=chutich, kind="pkcs11", pkcs11_module="/m.so", token_label="t", key_label="k"
    )
