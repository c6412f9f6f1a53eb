"""Forms of the plan editor. They parse and check input; the services decide and write."""

from django import forms
from django.db.models import Q, QuerySet

from units.models import Unit

from .models import Plan, PlanRecipient, Section, Task
from .services import PLAN_TEXT_FIELDS

DATE_FORMAT = "%d/%m/%Y"


def _date_field(label: str, *, required: bool, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=[DATE_FORMAT],
        widget=forms.DateInput(
            format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
        error_messages={"invalid": f"{label}: nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/03/2024."},
    )


def _version_field() -> forms.IntegerField:
    # The version the form was opened at; the service refuses a save over a newer one (EditConflict).
    return forms.IntegerField(
        widget=forms.HiddenInput, min_value=1,
        error_messages={
            "required": "Biểu mẫu thiếu phiên bản đã mở; hãy tải lại trang rồi sửa lại.",
            "invalid": "Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang rồi sửa lại.",
            "min_value": "Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang rồi sửa lại.",
        },
    )


def recipients_as_text(recipients: list[PlanRecipient]) -> str:
    """The "Nơi nhận" lines as the document shows them, ready to edit in a textarea."""
    lines = []
    for index, row in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        lines.append(f"- {row.name}{' ' + row.note if row.note else ''}{end}")
    return "\n".join(lines)


class PlanTextsForm(forms.Form):
    """Every text of the plan document except section II (the tasks)."""

    TEXTAREA_ROWS = {"legal_bases": 4, "purpose": 4, "requirements": 3, "implementation": 4, "closing": 2}

    recipients = forms.CharField(
        label="Nơi nhận", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Mỗi nơi nhận một dòng, ví dụ: “- Phòng Nội vụ huyện (b/c);”. "
                  "Ghi chú trong ngoặc được giữ riêng.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = {}
        for name in PLAN_TEXT_FIELDS:
            if name == "issued_on":
                field = _date_field("Ngày ban hành", required=False, help_text="Ví dụ: 05/01/2024")
            else:
                field = Plan._meta.get_field(name).formfield()
                if name in self.TEXTAREA_ROWS:
                    field.widget = forms.Textarea(attrs={"rows": self.TEXTAREA_ROWS[name]})
                field.error_messages["required"] = f"Cần nhập {field.label}."
            model_fields[name] = field
        # Document order: heading data, the texts, then recipients and signer.
        recipients = self.fields.pop("recipients")
        signer = ("signer_authority", "signer_title", "signer_name")
        self.fields.update({k: v for k, v in model_fields.items() if k not in signer})
        self.fields["recipients"] = recipients
        self.fields.update({k: model_fields[k] for k in signer})
        self.fields["version"] = _version_field()

    @classmethod
    def initial_for(cls, plan: Plan) -> dict:
        initial = {name: getattr(plan, name) for name in PLAN_TEXT_FIELDS}
        initial["version"] = plan.version
        initial["recipients"] = recipients_as_text(list(plan.recipients.all()))
        return initial

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_TEXT_FIELDS}


def unit_choices(*, plan: Plan, task: Task | None = None) -> QuerySet[Unit]:
    """Active units in catalog order, plus any inactive unit the task already has (kept, not dropped)."""
    current = Q(pk__in=task.task_units.values("unit_id")) if task is not None else Q(pk__in=[])
    units = Unit.objects.filter(organization_id=plan.organization_id)
    return units.filter(Q(is_active=True) | current).order_by("order", "name", "pk")


class TaskForm(forms.Form):
    content = forms.CharField(
        label="Nội dung", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Cần nhập Nội dung nhiệm vụ."},
    )
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị/Bộ phận thực hiện", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Chọn ít nhất một đơn vị/bộ phận thực hiện.",
            "invalid_choice": "Đơn vị đã chọn không còn trong danh mục.",
            "invalid_pk_value": "Đơn vị đã chọn không hợp lệ.",
        },
        help_text="Đơn vị đứng đầu là đơn vị chủ trì. Đơn vị đã có giữ nguyên thứ tự; "
                  "đơn vị mới chọn được thêm sau, theo thứ tự danh mục.",
    )

    def __init__(self, *args, plan: Plan, section: Section, task: Task | None = None, **kwargs):
        # Several task forms can be open on the editor page at once: keep their ids (and labels) apart.
        key = f"edit{task.pk}" if task is not None else f"add{section.pk}"
        kwargs.setdefault("auto_id", f"id_{key}_%s")
        super().__init__(*args, **kwargs)
        self.plan, self.task = plan, task
        default = section.default_deadline(plan.year)
        self.fields["deadline"] = _date_field(
            "Hạn hoàn thành", required=False,
            help_text=f"Để trống: ngày cuối quý ({default:%d/%m/%Y}).",
        )
        self.fields["units"].queryset = unit_choices(plan=plan, task=task)
        if task is not None:
            self.fields["version"] = _version_field()
        if task is not None and not self.is_bound:
            self.initial.update({
                "content": task.content,
                "units": [tu.unit_id for tu in task.task_units.all()],
                "deadline": task.deadline,
                "version": task.version,
            })

    def clean_content(self) -> str:
        content = self.cleaned_data["content"].strip()
        if not content:
            raise forms.ValidationError("Cần nhập Nội dung nhiệm vụ.")
        return content

    def ordered_units(self) -> list[Unit]:
        """Units already on the task keep their order (the lead stays first); new ones follow by catalog."""
        chosen = list(self.cleaned_data["units"])
        if self.task is None:
            return chosen
        existing = [tu.unit_id for tu in self.task.task_units.all()]
        rank = {unit_id: index for index, unit_id in enumerate(existing)}
        kept = sorted((u for u in chosen if u.pk in rank), key=lambda u: rank[u.pk])
        return kept + [u for u in chosen if u.pk not in rank]


class SectionAddForm(forms.Form):
    kind = forms.ChoiceField(
        label="Thêm phần", choices=Section.Kind.choices,
        error_messages={"required": "Chọn phần cần thêm.", "invalid_choice": "Phần cần thêm không hợp lệ."},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        present = set(plan.sections.values_list("kind", flat=True))
        self.missing = [(value, label) for value, label in Section.Kind.choices if value not in present]

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind not in dict(self.missing):
            raise forms.ValidationError(f"Kế hoạch đã có phần {Section.Kind(kind).label}.")
        return kind


class SectionMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Lên"), ("down", "Xuống")], required=False)
    position = forms.IntegerField(min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("direction") and data.get("position") is None:
            raise forms.ValidationError("Chưa chọn vị trí mới.")
        return data


class TaskMoveForm(forms.Form):
    """Drag and drop sends section + position; the buttons send a direction or only a section."""

    section = forms.IntegerField(required=False)
    position = forms.IntegerField(min_value=0, required=False)
    direction = forms.ChoiceField(choices=[("up", "Lên"), ("down", "Xuống")], required=False)

    def clean(self):
        data = super().clean()
        if not data.get("direction") and data.get("section") is None and data.get("position") is None:
            raise forms.ValidationError("Chưa chọn vị trí mới.")
        return data
