"""Who signs for an organization and with what: the key's location (never its password) and the images.

A PKCS#12 file is stored in private storage; its password, like a token's PIN, comes from an environment variable
named here or is typed by the signer at signing time. No secret is ever written to the database.
"""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from units.models import Organization

ENV_NAME = RegexValidator(
    r"^[A-Z_][A-Z0-9_]*$",
    "Chỉ ghi TÊN biến môi trường (chữ in hoa, số, dấu gạch dưới), không ghi mật khẩu.",
)


def _private_path(instance, filename: str, folder: str, extension: str) -> str:
    # A random name: the original file name may carry a person's name or a hint of the password.
    return f"private/signing/{instance.organization_id}/{folder}/{uuid.uuid4().hex}.{extension}"


def pkcs12_path(instance: "SignerConfig", filename: str) -> str:
    return _private_path(instance, filename, "keys", "p12")


def signature_image_path(instance: "SignerConfig", filename: str) -> str:
    return _private_path(instance, filename, "signatures", "png")


def seal_image_path(instance: "OrganizationSeal", filename: str) -> str:
    return _private_path(instance, filename, "seal", "png")


class OrganizationSeal(models.Model):
    """The issuing body's seal image, printed in red over the left third of every signature of the body."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="signing_seal", verbose_name="Cơ quan"
    )
    image = models.FileField(
        "Ảnh con dấu (PNG nền trong suốt)", upload_to=seal_image_path, max_length=300,
        help_text="Ảnh PNG có nền trong suốt, đúng kích thước con dấu; được in màu đỏ.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Ảnh con dấu"
        verbose_name_plural = "Ảnh con dấu"

    def __str__(self) -> str:
        return f"Con dấu của {self.organization}"


class SignerConfig(models.Model):
    """The key that signs for an organization (user empty) or for one signer of it (user set)."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", "Tệp chứng thư số PKCS#12 (.p12, .pfx)"
        PKCS11 = "pkcs11", "Thiết bị ký PKCS#11 (USB token, HSM)"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="signer_configs", verbose_name="Cơ quan"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="signer_configs",
        verbose_name="Người ký",
        help_text="Để trống: chứng thư số của cơ quan, dùng khi người ký không có chứng thư riêng.",
    )
    kind = models.CharField("Loại khóa ký", max_length=10, choices=Kind.choices, default=Kind.PKCS12)
    pkcs12_file = models.FileField(
        "Tệp PKCS#12", upload_to=pkcs12_path, max_length=300, blank=True,
        help_text="Tệp .p12/.pfx do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp. Mật khẩu không lưu ở đây.",
    )
    secret_env = models.CharField(
        "Biến môi trường chứa mật khẩu / mã PIN", max_length=100, blank=True, validators=[ENV_NAME],
        help_text="Tên biến môi trường trên máy chủ (ví dụ SIGNING_PIN_UBND). Để trống: người ký nhập khi ký.",
    )
    pkcs11_module = models.CharField(
        "Thư viện PKCS#11", max_length=300, blank=True,
        help_text="Đường dẫn tệp .so của thiết bị, ví dụ /usr/lib/softhsm/libsofthsm2.so.",
    )
    token_label = models.CharField("Nhãn thiết bị (token)", max_length=100, blank=True)
    key_label = models.CharField("Nhãn khóa", max_length=100, blank=True)
    cert_label = models.CharField(
        "Nhãn chứng thư", max_length=100, blank=True, help_text="Để trống: giống nhãn khóa."
    )
    signature_image = models.FileField(
        "Ảnh chữ ký (PNG nền trong suốt)", upload_to=signature_image_path, max_length=300, blank=True,
        help_text="Ảnh chữ ký của người ký, PNG có nền trong suốt; được in màu xanh tại vị trí ký.",
    )
    is_active = models.BooleanField("Đang dùng", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Cấu hình ký số"
        verbose_name_plural = "Cấu hình ký số"
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], condition=Q(user__isnull=False), name="signer_one_per_user",
                violation_error_message="Người ký này đã có cấu hình ký số.",
            ),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(user__isnull=True), name="signer_one_per_organization",
                violation_error_message="Cơ quan này đã có cấu hình ký số chung.",
            ),
            models.CheckConstraint(
                condition=(Q(kind="pkcs12") & ~Q(pkcs12_file=""))
                | (Q(kind="pkcs11") & ~Q(pkcs11_module="") & ~Q(token_label="") & ~Q(key_label="")),
                name="signer_kind_has_its_fields",
                violation_error_message=(
                    "Với tệp PKCS#12 cần tải tệp lên; với thiết bị PKCS#11 cần thư viện, nhãn thiết bị và nhãn khóa."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.user.get_full_name() or self.user.username if self.user_id else "chứng thư của cơ quan"
        return f"{self.organization} – {who} ({self.get_kind_display()})"
