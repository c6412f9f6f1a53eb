"""Excel import (upload → preview → confirm) and export of a plan. Thin: importing.py reads,
services.plan_import writes, exporting.py writes the workbook."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.importing import MAX_IMPORT_SIZE as MAX_XLSX_SIZE
from core.importing import MAX_ROWS as MAX_XLSX_ROWS
from core.importing import discard_stash, stash_upload, stashed_upload
from core.uploads import XLSX
from units.permissions import can_edit_plans
from units.selectors import units_for

from .. import exporting, importing, selectors, services
from ..forms import OrganizationYearForm
from ..models import Plan

SESSION_KEY = "plan_import"
CONFIRM_UNITS = "Hãy đánh dấu ô xác nhận tạo các đơn vị mới, hoặc sửa tên đơn vị trong tệp rồi tải lại."


class PlanImportForm(OrganizationYearForm):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text=(
            f"Tối đa {MAX_XLSX_SIZE // (1024 * 1024)} MB và {MAX_XLSX_ROWS:,} dòng. ".replace(",", ".")
            + f"Trang đầu tiên, một dòng tiêu đề: {' | '.join(importing.HEADERS)}."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX.content_type}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = "Năm của kế hoạch"

    def clean_year(self):
        year = self.cleaned_data["year"]
        plan = Plan.objects.filter(organization=self.organization, year=year, is_current=True).first()
        if plan is not None and plan.status != Plan.Status.DRAFT:
            raise forms.ValidationError(
                f"Kế hoạch năm {year} đã trình ký hoặc đã ban hành; không nhập thay nhiệm vụ được."
            )
        return year


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được nhập kế hoạch.")


def _preview_page(
    request: HttpRequest, *, preview: importing.PlanPreview, file_name: str, token: str | None,
    problems: list[str] | None = None, status: int = 200,
) -> HttpResponse:
    existing = selectors.plans_for(request.user).filter(year=preview.year, is_current=True).first()
    counts = {}
    for row in preview.rows:
        if row.section_kind:
            counts[row.section_label] = counts.get(row.section_label, 0) + 1
    context = {
        "nav": "plans",
        "preview": preview,
        "file_name": file_name,
        "token": token,
        "existing": existing,
        "existing_task_count": existing.tasks.count() if existing else 0,
        "section_counts": counts,
        "problems": problems or [],
    }
    return render(request, "plans/io/import_preview.html", context, status=status)


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    organization = request.user.organization
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            year = form.cleaned_data["year"]
            try:
                preview = importing.read_plan_workbook(upload, year=year, units=units_for(request.user))
            except ValidationError as error:
                form.add_error("file", error)
            else:
                token = None
                if preview.is_valid:
                    token = stash_upload(request, SESSION_KEY, upload, year=year)
                else:
                    discard_stash(request, SESSION_KEY)
                return _preview_page(
                    request, preview=preview, file_name=upload.name, token=token,
                    status=200 if preview.is_valid else 422,
                )
        return render(request, "plans/io/import_form.html", {"nav": "plans", "form": form}, status=422)
    return render(request, "plans/io/import_form.html", {"nav": "plans", "form": form})


def _confirm(request: HttpRequest) -> HttpResponse:
    kept = stashed_upload(request, SESSION_KEY, request.POST.get("token", ""))
    if kept is None:
        messages.error(request, "Phiên nhập đã hết hạn hoặc tệp đã được nhập rồi; hãy tải tệp lên lại.")
        return redirect("plans:import")
    upload, data = kept
    year = data["year"]
    try:
        # Read again: the catalog may have changed since the preview, and the file is the only truth kept.
        preview = importing.read_plan_workbook(upload, year=year, units=units_for(request.user))
    except ValidationError as error:
        discard_stash(request, SESSION_KEY)
        messages.error(request, " ".join(error.messages))
        return redirect("plans:import")
    create_units = request.POST.get("create_units") == "on"
    if preview.unknown_units and not create_units:
        return _preview_page(
            request, preview=preview, file_name=upload.name, token=data["token"], status=422,
            problems=[CONFIRM_UNITS],
        )
    try:
        result = services.plan_import(
            organization=request.user.organization, year=year, by=request.user, rows=preview.rows,
            create_units=create_units,
        )
    except ValidationError as error:
        return _preview_page(
            request, preview=preview, file_name=upload.name, token=data["token"], status=422,
            problems=error.messages,
        )
    discard_stash(request, SESSION_KEY)
    summary = f"Đã nhập {result.tasks_created} nhiệm vụ vào kế hoạch năm {result.plan.year}"
    if result.tasks_replaced:
        summary += f" (thay cho {result.tasks_replaced} nhiệm vụ cũ)"
    if result.units_created:
        summary += "; đơn vị mới: " + ", ".join(unit.name for unit in result.units_created)
    messages.success(request, summary + ".")
    return redirect("plans:detail", pk=result.plan.pk)


@require_safe
@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    response = HttpResponse(exporting.plan_xlsx(plan), content_type=XLSX.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporting.plan_filename(plan)}"'
    return response
