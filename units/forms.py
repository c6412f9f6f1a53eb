import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from .models import Initiative, Organization, Person, Unit
from .roles import Role


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
        # The superior authority is dated: SuperiorLinkForm below, not a plain field.
        fields = ["name", "short_name", "parent_body", "place_name", "chairman_name"]


class SuperiorLinkForm(forms.Form):
    superior_name = forms.CharField(label="Cơ quan cấp trên", max_length=200,
                                    help_text="Ví dụ: UBND huyện Hữu Lũng, UBND tỉnh Lạng Sơn")
    valid_from = forms.DateField(label="Áp dụng từ ngày", help_text="dd/mm/yyyy, ví dụ 01/07/2025")


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


class VietnamesePasswordResetForm(PasswordResetForm):
    """"Quên mật khẩu": the same email as an administrator's link, sent through units.accounts."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        from django.urls import reverse

        from .accounts import reset_email_send

        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        link = f"{context['protocol']}://{context['domain']}{path}"
        reset_email_send(account=context["user"], link=link)


def _role_choices() -> list[tuple[str, str]]:
    from .accounts import GRANTABLE_ROLES

    return [(role, Role(role).label) for role in GRANTABLE_ROLES]


class AccountForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Email", required=False,
                             help_text="Để gửi liên kết đặt mật khẩu và thông báo nhắc việc.")
    role = forms.ChoiceField(label="Vai trò", choices=_role_choices)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False,
                                  help_text="Bắt buộc với cán bộ đơn vị: nhiệm vụ của đơn vị hiện trên trang của họ.")

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = organization.units.active()

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.CAN_BO and not data.get("unit"):
            self.add_error("unit", "Cán bộ đơn vị phải thuộc một đơn vị.")
        return data


class AccountCreateForm(AccountForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150,
                               help_text="Chữ không dấu, số và . - _ ; ví dụ: nguyenvanan")
    position = forms.CharField(label="Chức vụ", max_length=100, required=False)
    field_order = ["username", "full_name", "email", "role", "unit", "position"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "unit", "position", "email", "phone", "started_on", "is_active"]
        help_texts = {"started_on": "dd/mm/yyyy. Dùng để tính thời gian công tác khi xét danh hiệu."}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["unit"].queryset = organization.units.all()


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["kind", "title", "year", "level", "accepted", "accepted_on", "accepted_note"]
        help_texts = {"accepted_on": "dd/mm/yyyy"}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1945 <= year <= dt.date.today().year + 1:
            raise forms.ValidationError("Năm xét không hợp lệ.")
        return year


class CommuneForm(forms.Form):
    name = forms.CharField(label="Tên cơ quan", max_length=200, help_text="Ví dụ: Ủy ban nhân dân xã Thanh Sơn")
    slug = forms.SlugField(label="Mã xã", max_length=60, help_text="Chữ không dấu, ví dụ: thanh-son")
    place_name = forms.CharField(label="Địa danh ghi ngày tháng", max_length=100, help_text="Ví dụ: Thanh Sơn")
    superior_name = forms.CharField(label="Cơ quan cấp trên", max_length=200,
                                    help_text="Ví dụ: UBND tỉnh Lạng Sơn")
    superior_from = forms.DateField(label="Cơ quan cấp trên áp dụng từ ngày", required=False,
                                    help_text="dd/mm/yyyy; để trống là hôm nay")
    username = forms.CharField(label="Tên đăng nhập của công chức Văn hóa – Xã hội", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Email", required=False)


class FirstRunForm(CommuneForm):
    """The fresh server's first commune: its first account chooses a password here (validators apply)."""

    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Hai mật khẩu không giống nhau.")
        return data
