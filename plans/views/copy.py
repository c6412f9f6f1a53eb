""""Sao chép sang năm sau": preview the plan with its years moved, let the officer adjust, then copy."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.forms import apply_validation_error
from units.permissions import can_edit_plans

from .. import selectors, services
from ..copying import Piece, shift_pieces, year_window
from ..models import Plan, Task

# The document's own texts, shown for review. The signer's lines have no years: the service copies them,
# taking the name of the chairman now in office.
PREVIEW_FIELDS = ("title", "legal_bases", "purpose", "requirements", "implementation", "closing")
YEAR_MIN, YEAR_MAX = 2000, 2100
CONTROL = "form-control"


@dataclass
class TextPreview:
    name: str
    label: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return any(piece.changed for piece in self.pieces)

    @property
    def has_date(self) -> bool:
        return any(piece.changed and piece.is_date for piece in self.pieces)

    @property
    def new_text(self) -> str:
        return "".join(piece.new for piece in self.pieces)


@dataclass
class TaskPreview(TextPreview):
    task: Task | None = None


@dataclass
class CopyPreview:
    from_year: int
    year: int
    fields: list[TextPreview]
    tasks: list[TaskPreview]  # only the tasks whose text changes
    task_total: int

    @property
    def delta(self) -> int:
        return self.year - self.from_year

    @property
    def window(self) -> list[int]:
        return sorted(year_window(self.from_year))

    @property
    def unchanged_task_count(self) -> int:
        return self.task_total - len(self.tasks)


def build_preview(*, plan: Plan, year: int) -> CopyPreview:
    delta = year - plan.year
    fields = [
        TextPreview(name, str(Plan._meta.get_field(name).verbose_name),
                    shift_pieces(getattr(plan, name), plan.year, delta))
        for name in PREVIEW_FIELDS
    ]
    tasks, total = [], 0
    for rows in selectors.plan_sections(plan=plan):
        for task in rows.tasks:
            total += 1
            label = f"Nhiệm vụ {task.number} ({rows.section.get_kind_display()})"
            pieces = shift_pieces(task.content, plan.year, delta)
            preview = TaskPreview(f"task-{task.pk}", label, pieces, task=task)
            if preview.changed:
                tasks.append(preview)
    return CopyPreview(from_year=plan.year, year=year, fields=fields, tasks=tasks, task_total=total)


def _rows(text: str, *, width: int = 100) -> int:
    """Tall enough to read the whole text without scrolling, within reason."""
    lines = sum(1 + len(line) // width for line in text.splitlines()) or 1
    return max(2, min(lines + 1, 14))


class PlanCopyForm(forms.Form):
    """The target year and the reviewed texts; one textarea per task whose years change."""

    year = forms.IntegerField(label="Sao chép sang năm", min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args, plan: Plan, preview: CopyPreview, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for field in preview.fields:
            model_field = Plan._meta.get_field(field.name)
            self.fields[field.name] = forms.CharField(
                label=field.label, required=field.name == "title", strip=True,
                max_length=getattr(model_field, "max_length", None),
                widget=forms.Textarea(attrs={"rows": _rows(field.new_text), "class": CONTROL}),
            )
            self.initial.setdefault(field.name, field.new_text)
        for task in preview.tasks:
            self.fields[task.name] = forms.CharField(
                label=task.label, strip=True,
                widget=forms.Textarea(attrs={"rows": _rows(task.new_text, width=60), "class": CONTROL}),
                error_messages={"required": f"{task.label}: nội dung không được để trống."},
            )
            self.initial.setdefault(task.name, task.new_text)
        self.preview = preview

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if Plan.objects.filter(organization_id=self.plan.organization_id, year=year).exists():
            raise forms.ValidationError(
                f"Đã có kế hoạch năm {year}. Không thể sao chép thêm một kế hoạch cùng năm."
            )
        return year

    def clean(self) -> dict:
        data = super().clean()
        # Browsers send textarea lines as CRLF; store them like the rest of the plan.
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r\n", "\n")
        return data

    def texts(self) -> dict[str, str]:
        return {field.name: self.cleaned_data[field.name] for field in self.preview.fields}

    def task_contents(self) -> dict[int, str]:
        return {task.task.pk: self.cleaned_data[task.name] for task in self.preview.tasks}

    def bound_fields(self, previews: list[TextPreview]) -> list[tuple[TextPreview, forms.BoundField]]:
        return [(preview, self[preview.name]) for preview in previews]


def _target_year(raw: str | None, plan: Plan) -> int:
    """The year asked for, or the one after the plan's when missing or out of range."""
    try:
        year = int(raw or "")
    except ValueError:
        return plan.year + 1
    return year if YEAR_MIN <= year <= YEAR_MAX else plan.year + 1


def _with_preview_defaults(data, preview: CopyPreview) -> dict[str, str]:
    """A text absent from the POST (unlike one sent blank) keeps its previewed version, as in the service."""
    defaults = {item.name: item.new_text for item in [*preview.fields, *preview.tasks]}
    return {**defaults, **data.dict()}


@login_required
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được sao chép kế hoạch.")
    source = request.POST if request.method == "POST" else request.GET
    preview = build_preview(plan=plan, year=_target_year(source.get("year"), plan))
    status = 200
    if request.method == "POST":
        form = PlanCopyForm(_with_preview_defaults(request.POST, preview), plan=plan, preview=preview)
        if form.is_valid():
            try:
                new_plan = services.plan_copy(
                    plan=plan, by=request.user, year=form.cleaned_data["year"], texts=form.texts(),
                    task_contents=form.task_contents(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, f"Đã sao chép thành kế hoạch năm {new_plan.year}: bản dự thảo, mọi nhiệm vụ ở "
                    "trạng thái “Chưa thực hiện”. Hãy rà soát lại trước khi trình ký."
                )
                return redirect("plans:detail", pk=new_plan.pk)
        status = 422
    else:
        form = PlanCopyForm(plan=plan, preview=preview, initial={"year": preview.year})
    taken = selectors.plans_for(request.user).filter(year=preview.year).first()
    context = {
        "nav": "plans",
        "plan": plan,
        "form": form,
        "preview": preview,
        "taken": taken,
        "text_rows": form.bound_fields(preview.fields),
        "task_rows": form.bound_fields(preview.tasks),
    }
    return render(request, "plans/copy/plan_copy.html", context, status=status)
