from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Organization, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "aliases", "order", "is_active"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_name", "superior_name", "parent_body", "place_name", "chairman_name"]


class LoginForm(AuthenticationForm):
    """Django's Vietnamese catalog leaves the login errors untranslated; officials must read them."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: phân biệt chữ hoa và chữ thường.",
        "inactive": "Tài khoản này đã bị khóa. Liên hệ quản trị viên.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class NotificationPreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="Nhận thông báo nhắc việc qua email", required=False)
