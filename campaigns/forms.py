from django import forms

from core.importing import MAX_IMPORT_SIZE as MAX_XLSX_SIZE
from core.uploads import XLSX
from plans.models import Task
from units.models import Organization, Person, Unit

from . import importing
from .models import (
    Campaign,
    Cluster,
    ClusterMember,
    Commitment,
    Criterion,
    EmulationTitle,
    Household,
    Registration,
    Review,
    ReviewResult,
    SubjectKind,
)
from .workflow import FLOW

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, so templates render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class CampaignForm(BootstrapMixin, forms.ModelForm):
    tasks = forms.ModelMultipleChoiceField(
        label="Nhiệm vụ kế hoạch thực hiện", queryset=Task.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Hạn đăng ký mặc định là hạn sớm nhất của các nhiệm vụ được chọn.",
    )

    class Meta:
        model = Campaign
        fields = ["title", "kind", "year", "start_date", "end_date", "registration_deadline", "content", "targets",
                  "criteria"]
        widgets = {
            "start_date": DATE_INPUT, "end_date": DATE_INPUT, "registration_deadline": DATE_INPUT,
            "content": forms.Textarea(attrs={"rows": 4}), "targets": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = Task.objects.filter(plan__organization=organization).select_related(
            "plan").order_by("-plan__year", "number")
        self.fields["tasks"].label_from_instance = lambda t: f"Năm {t.plan.year} – {t.number}. {t.content[:120]}"
        if self.instance.pk:
            self.fields["tasks"].initial = list(self.instance.tasks.values_list("pk", flat=True))


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="Tệp (PDF, Word, Excel, ảnh)")


class LaunchForm(BootstrapMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(label="Đơn vị tham gia", queryset=Unit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(organization=organization, is_active=True).order_by(
            "order", "name")


class RegistrationForm(BootstrapMixin, forms.Form):
    title = forms.ModelChoiceField(label="Danh hiệu đăng ký của đơn vị", queryset=EmulationTitle.objects.none(),
                                   required=False, empty_label="— Không đăng ký danh hiệu tập thể —")
    targets = forms.CharField(label="Chỉ tiêu, cam kết", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = SubjectKind.VILLAGE if registration.unit.kind == Unit.Kind.VILLAGE else SubjectKind.COLLECTIVE
        self.fields["title"].queryset = EmulationTitle.objects.filter(subject_kind=wanted, is_active=True)


class LineForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label="Cán bộ", queryset=None, required=False)
    household = forms.ModelChoiceField(label="Hộ gia đình", queryset=None, required=False)
    title = forms.ModelChoiceField(label="Danh hiệu", queryset=None)
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(unit_id=registration.unit_id, is_active=True)
        self.fields["household"].queryset = Household.objects.filter(village_id=registration.unit_id)
        kinds = [SubjectKind.INDIVIDUAL]
        if registration.unit.kind == Unit.Kind.VILLAGE:
            kinds.append(SubjectKind.HOUSEHOLD)
        else:
            del self.fields["household"]
        self.fields["title"].queryset = EmulationTitle.objects.filter(subject_kind__in=kinds, is_active=True)

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("household")):
            raise forms.ValidationError("Chọn một cán bộ hoặc một hộ gia đình.")
        return data


class TransitionForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(choices=list(FLOW.status_labels.items()))
    note = forms.CharField(label="Lý do, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HouseholdImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text=(f"Tối đa {MAX_XLSX_SIZE // (1024 * 1024)} MB và {importing.MAX_HOUSEHOLD_ROWS} dòng. "
                   f"Dòng tiêu đề: {' | '.join(importing.HEADERS)}."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX.content_type}),
    )


class SummaryFilterForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False,
                                  empty_label="Tất cả đơn vị")
    title = forms.ModelChoiceField(label="Danh hiệu", queryset=EmulationTitle.objects.all(), required=False,
                                   empty_label="Tất cả danh hiệu")
    status = forms.ChoiceField(label="Trạng thái", required=False,
                               choices=[("", "Mọi trạng thái"), *Registration.Status.choices])
    subject_kind = forms.ChoiceField(label="Đối tượng", required=False,
                                     choices=[("", "Mọi đối tượng"), *SubjectKind.choices])

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(registrations__campaign=campaign).order_by("order", "name")


class ReviewForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = ["kind", "held_on", "note"]
        widgets = {"held_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}


class ReviewResultForm(BootstrapMixin, forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    line = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.ChoiceField(label="Kết quả", choices=ReviewResult.Outcome.choices)
    note = forms.CharField(label="Nhận xét", required=False)
    evidence = forms.FileField(label="Minh chứng", required=False)


class PledgeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="Tên bản giao ước", max_length=300)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    signed_on = forms.DateField(label="Ngày ký", required=False, widget=DATE_INPUT)
    place = forms.CharField(label="Địa điểm ký", required=False, max_length=200)
    preamble = forms.CharField(label="Lời mở đầu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    campaign = forms.ModelChoiceField(label="Thuộc phong trào", queryset=Campaign.objects.none(), required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(organization=organization)


class PartyForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị của xã", queryset=Unit.objects.none(), required=False)
    name = forms.CharField(label="Hoặc tên bên tham gia", required=False, max_length=200)
    signatories = forms.CharField(
        label="Người ký", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Mỗi dòng một người: Chức vụ | Họ và tên, ví dụ “Chủ tịch | Nguyễn Văn A”.",
    )

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organization=organization, is_active=True)

    def clean_signatories(self):
        pairs = []
        for number, line in enumerate(self.cleaned_data["signatories"].splitlines(), start=1):
            if not line.strip():
                continue
            position, sep, name = line.partition("|")
            if not sep or not name.strip() or not position.strip():
                raise forms.ValidationError(f"Dòng {number}: ghi “Chức vụ | Họ và tên”.")
            pairs.append((name.strip(), position.strip()))
        return pairs


class CommitmentForm(BootstrapMixin, forms.Form):
    content = forms.CharField(label="Nội dung cam kết", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="Thời hạn", required=False, widget=DATE_INPUT)


class CommitmentStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=Commitment.Status.choices)
    note = forms.CharField(label="Ghi chú", required=False)


class ClusterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "kind", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class MemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên thành viên", required=False, max_length=200,
                           help_text="Ví dụ: UBND xã Hòa Sơn (xã khác không cần có trên hệ thống).")
    unit = forms.ModelChoiceField(label="Hoặc đơn vị của xã", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organization=organization, is_active=True)


class SheetForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    lead = forms.ModelChoiceField(label="Trưởng cụm năm này", queryset=ClusterMember.objects.none(), required=False)
    meeting_on = forms.DateField(label="Ngày họp thống nhất điểm", required=False, widget=DATE_INPUT)
    meeting_place = forms.CharField(label="Địa điểm họp", required=False, max_length=200)

    def __init__(self, *args, cluster: Cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = cluster.members.all()


class CriterionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "kind", "max_points"]


class ScoresForm(BootstrapMixin, forms.Form):
    """One member's row of the score grid: fields s<criterion id> and f<criterion id>."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            for prefix, label in (("s", "tự chấm"), ("f", "thống nhất")):
                self.fields[f"{prefix}{c.pk}"] = forms.DecimalField(
                    label=f"{c.name} ({label})", required=False, min_value=0, max_value=c.max_points,
                    max_digits=6, decimal_places=2,
                )
        bootstrap(self)

    def points(self) -> dict:
        return {c.pk: (self.cleaned_data.get(f"s{c.pk}"), self.cleaned_data.get(f"f{c.pk}")) for c in self.criteria}
