from django import forms
from django.core.exceptions import ValidationError

from core.uploads import PDF, validate_transparent_png, validate_upload

from .models import OrganizationSeal, SignerConfig


class PdfCheckForm(forms.Form):
    file = forms.FileField(label="Tệp PDF cần kiểm tra", help_text="Tệp PDF văn bản đã nhận, tối đa 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed=(PDF,), field_label="Tệp PDF")
        return upload


def _pkcs12_check(upload) -> None:
    """The outer PKCS#12 structure parses without the password (which we never hold)."""
    from asn1crypto import pkcs12

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        pfx = pkcs12.Pfx.load(data)
        pfx["auth_safe"]["content_type"].native  # noqa: B018 — forces the parse
    except (ValueError, TypeError, KeyError) as error:
        raise ValidationError("Tệp PKCS#12: nội dung tệp không phải chứng thư số .p12/.pfx.") from error


class SignerConfigAdminForm(forms.ModelForm):
    class Meta:
        model = SignerConfig
        fields = [
            "organization", "user", "kind", "is_active", "pkcs12_file", "pkcs11_module", "token_label", "key_label",
            "cert_label", "secret_env", "signature_image",
        ]

    def clean_pkcs12_file(self):
        upload = self.cleaned_data.get("pkcs12_file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            if upload.size > 1024 * 1024:
                raise ValidationError("Tệp PKCS#12 lớn hơn 1 MB.")
            _pkcs12_check(upload)
        return upload

    def clean_signature_image(self):
        upload = self.cleaned_data.get("signature_image")
        if upload and hasattr(upload, "content_type"):
            validate_transparent_png(upload, field_label="Ảnh chữ ký")
        return upload

    def clean(self):
        data = super().clean()
        user = data.get("user")
        organization = data.get("organization")
        if user is not None and organization is not None and user.organization_id != organization.pk:
            self.add_error("user", "Người ký phải thuộc cơ quan đã chọn.")
        return data


class OrganizationSealAdminForm(forms.ModelForm):
    class Meta:
        model = OrganizationSeal
        fields = ["organization", "image"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):
            validate_transparent_png(upload, field_label="Ảnh con dấu")
        return upload
