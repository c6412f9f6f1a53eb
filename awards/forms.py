from django import forms

from campaigns.models import Household
from units.models import Person, Unit

from .models import (
    AwardDocument,
    AwardForm,
    AwardsSettings,
    CertificateLayout,
    CouncilMember,
    Dossier,
    RequiredDocument,
    SubjectKind,
    Vote,
)


class DossierCreateForm(forms.Form):
    form = forms.ModelChoiceField(AwardForm.objects.all(), label="Danh hiệu, hình thức")
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(Unit.objects.none(), label="Đơn vị đề nghị", required=False,
                                  help_text="Để trống nếu UBND xã đề nghị.")
    occasion = forms.CharField(label="Dịp khen thưởng", required=False, max_length=200)
    summary = forms.CharField(label="Báo cáo thành tích (tóm tắt)", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organization, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices if unit_choices is not None else organization.units.active()


class DossierEditForm(forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["occasion", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}


class NomineeForm(forms.Form):
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices)
    person = forms.ModelChoiceField(Person.objects.none(), label="Cá nhân", required=False)
    unit = forms.ModelChoiceField(Unit.objects.none(), label="Tập thể / thôn", required=False)
    household = forms.ModelChoiceField(Household.objects.none(), label="Hộ gia đình (chọn trong danh sách)",
                                       required=False,
                                       help_text="Hoặc nhập tên chủ hộ và chọn thôn nếu hộ chưa có trong danh sách.")
    household_name = forms.CharField(label="Chủ hộ", required=False, max_length=150)
    village = forms.ModelChoiceField(Unit.objects.none(), label="Thôn (của hộ)", required=False)
    achievement = forms.CharField(label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    justification = forms.CharField(label="Giải trình", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        org = dossier.organization
        people = org.people.filter(is_active=True).select_related("unit")
        units = org.units.active()
        self.fields["subject_kind"].choices = [(k, SubjectKind(k).label) for k in dossier.form.subject_kinds]
        self.fields["person"].queryset = people
        self.fields["unit"].queryset = units
        self.fields["village"].queryset = units.filter(kind=Unit.Kind.VILLAGE)
        self.fields["household"].queryset = (
            Household.objects.filter(organization=org, is_active=True).select_related("village")
            .order_by("village__name", "head_name")
        )


class NomineeJustifyForm(forms.Form):
    achievement = forms.CharField(label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    justification = forms.CharField(label="Giải trình", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    required = forms.ModelChoiceField(RequiredDocument.objects.none(), label="Giấy tờ", required=False)
    title = forms.CharField(label="Tên giấy tờ (nếu ngoài danh mục)", required=False, max_length=200)
    file = forms.FileField(label="Tệp (PDF, DOCX, ảnh)")

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].queryset = dossier.form.required_documents.all()


class DisclosureForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", required=False, max_length=300)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    starts_on = forms.DateField(label="Công khai từ ngày")
    dossiers = forms.ModelMultipleChoiceField(Dossier.objects.none(), label="Hồ sơ",
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers


class CommentForm(forms.Form):
    nominee = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.ModelForm):
    class Meta:
        model = CouncilMember
        fields = ["full_name", "position", "role"]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Ngày họp")
    place = forms.CharField(label="Địa điểm", required=False, max_length=200)
    dossiers = forms.ModelMultipleChoiceField(Dossier.objects.none(), label="Hồ sơ đưa ra xét",
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers


VOTE_CHOICES = Vote.Choice.choices


class DocumentDraftForm(forms.Form):
    kind = forms.ChoiceField(label="Loại văn bản", choices=AwardDocument.Kind.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    number = forms.CharField(label="Số", required=False, max_length=40)
    issued_on = forms.DateField(label="Ngày ký", required=False)


class DocumentEditForm(forms.ModelForm):
    class Meta:
        model = AwardDocument
        fields = ["number", "issued_on", "signer_name", "recipient"]


class SuperiorDecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định của cấp trên", max_length=60)
    decision_date = forms.DateField(label="Ngày quyết định")


class LayoutForm(forms.ModelForm):
    class Meta:
        model = CertificateLayout
        fields = ["mode", "offset_x_mm", "offset_y_mm", "name_top_mm", "detail_top_mm", "reason_top_mm",
                  "date_top_mm", "text_left_mm", "text_width_mm"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AwardsSettings
        fields = ["cap_percent", "cap_mandatory", "cap_source", "disclosure_days", "disclosure_source"]


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label="Tìm (không cần dấu)", required=False)
    year = forms.IntegerField(label="Năm", required=False)
    form = forms.ModelChoiceField(AwardForm.objects.all(), label="Danh hiệu", required=False)
    subject_kind = forms.ChoiceField(label="Đối tượng", required=False, choices=[("", "Tất cả"), *SubjectKind.choices])


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)")
