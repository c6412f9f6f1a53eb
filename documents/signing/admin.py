from django.contrib import admin

from .forms import OrganizationSealAdminForm, SignerConfigAdminForm
from .models import OrganizationSeal, SignerConfig


@admin.register(SignerConfig)
class SignerConfigAdmin(admin.ModelAdmin):
    """Set up by the server administrator: the key file or token, never its password or PIN."""

    form = SignerConfigAdminForm
    list_display = ["organization", "user", "kind", "token_label", "key_label", "secret_env", "is_active"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["organization__name", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["organization", "user"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["organization", "user", "kind", "is_active"]}),
        ("Tệp PKCS#12", {"fields": ["pkcs12_file"]}),
        ("Thiết bị PKCS#11 (USB token, HSM)", {"fields": ["pkcs11_module", "token_label", "key_label", "cert_label"]}),
        ("Mật khẩu / mã PIN", {
            "fields": ["secret_env"],
            "description": "Mật khẩu và mã PIN không bao giờ lưu trong cơ sở dữ liệu: ghi tên biến môi trường trên "
                           "máy chủ chứa chúng, hoặc để trống để người ký nhập khi ký.",
        }),
        ("Hình ảnh chữ ký", {"fields": ["signature_image"]}),
    ]


@admin.register(OrganizationSeal)
class OrganizationSealAdmin(admin.ModelAdmin):
    form = OrganizationSealAdminForm
    list_display = ["organization", "updated_at"]
    list_select_related = ["organization"]
