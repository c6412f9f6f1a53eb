from django import forms
from django.utils import timezone

from core.uploads import validate_upload
from units.models import Unit

from .models import Plan, Section, Task


class OrganizationYearForm(forms.Form):
    """A form about one year of the user's organization; the year defaults to the current one."""

    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


class PlanCreateForm(OrganizationYearForm):
    title = forms.CharField(label="Trích yếu", max_length=300, required=False,
                            help_text="Để trống: \"Công tác thi đua, khen thưởng năm …\"")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Plan.objects.filter(organization=self.organization, year=year).exists():
            raise forms.ValidationError(f"Đã có kế hoạch năm {year}.")
        return year


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=Task.Status.choices)
    note = forms.CharField(label="Ghi chú / kết quả", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=5000)
    reason = forms.CharField(label="Lý do không thực hiện", widget=forms.Textarea(attrs={"rows": 2}),
                             required=False, max_length=2000)
    attachment = forms.FileField(label="Tệp đính kèm (PDF, Word, Excel, ảnh; tối đa 5 MB)", required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload, field_label="Tệp đính kèm")
        return upload

    def clean(self):
        data = super().clean()
        if data.get("status") == Task.Status.CANCELLED and not (data.get("reason") or "").strip():
            self.add_error("reason", "Cần ghi lý do khi không thực hiện nhiệm vụ.")
        return data


class TaskFilterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quý", required=False, choices=[("", "Tất cả")] + Section.Kind.choices)
    unit = forms.ModelChoiceField(label="Đơn vị", required=False, queryset=Unit.objects.none(),
                                  empty_label="Tất cả")
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + Task.Status.choices)
    overdue = forms.BooleanField(label="Chỉ việc quá hạn", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class TaskSearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: bao cao so ket", "autofocus": True}))
