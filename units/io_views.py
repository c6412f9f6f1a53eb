"""Excel export and import (upload → preview → confirm, all or nothing) of the unit catalog."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from import_export.results import RowResult
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from core.exporting import append_row
from core.importing import Sheet, discard_stash, read_xlsx, stash_upload, stashed_upload
from core.uploads import XLSX

from . import resources
from .permissions import can_edit_plans

SESSION_KEY = "unit_import"
COLUMN_WIDTHS = {
    "Mã tổ chức": 18, "Tên đơn vị": 45, "Loại": 22, "Tên gọi khác": 45, "Thứ tự": 8, "Đang hoạt động": 14,
}
IMPORT_TYPE_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "Thêm mới",
    RowResult.IMPORT_TYPE_UPDATE: "Cập nhật",
    RowResult.IMPORT_TYPE_SKIP: "Không đổi",
    RowResult.IMPORT_TYPE_ERROR: "Lỗi",
    RowResult.IMPORT_TYPE_INVALID: "Lỗi",
}


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Tối đa 5 MB. Dùng đúng các cột của tệp “Xuất Excel”.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX.content_type}),
    )


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý danh mục.")


@require_safe
@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    # The catalog is managed by editors only, like its page.
    _require_editor(request)
    organization = request.user.organization
    resource = resources.UnitResource(organization=organization)
    dataset = resource.export(queryset=resource.get_queryset().order_by("order", "name"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị"
    sheet.append(list(dataset.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        sheet.column_dimensions[cell.column_letter].width = COLUMN_WIDTHS.get(cell.value, 16)
    for values in dataset:
        # A name starting with "=" stays text: a catalog export must never carry a live formula.
        append_row(sheet, values)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX.content_type)
    name = slugify(organization.slug) or "don-vi"
    response["Content-Disposition"] = f'attachment; filename="don-vi-{name}.xlsx"'
    return response


def _preview_page(
    request: HttpRequest, *, sheet: Sheet, outcome: resources.UnitImportOutcome | None,
    file_name: str, token: str | None, problems: list[str] | None = None, status: int = 200,
) -> HttpResponse:
    rows = []
    results = list(outcome.result.rows) if outcome else []
    for index, (line, values) in enumerate(sheet.rows):
        row_result = results[index] if index < len(results) else None
        kind = row_result.import_type if row_result else ""
        rows.append({
            "line": line, "values": values, "kind": kind, "label": IMPORT_TYPE_LABELS.get(kind, ""),
            "failed": kind in (RowResult.IMPORT_TYPE_ERROR, RowResult.IMPORT_TYPE_INVALID),
        })
    totals = {label: 0 for label in ("Thêm mới", "Cập nhật", "Không đổi", "Lỗi")}
    for row in rows:
        if row["label"]:
            totals[row["label"]] += 1
    context = {
        "nav": "units",
        "header": sheet.header,
        "rows": rows,
        "totals": totals,
        "errors": outcome.error_messages() if outcome else [],
        "problems": problems or [],
        "file_name": file_name,
        "token": token,
    }
    return render(request, "units/io/import_preview.html", context, status=status)


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                sheet = read_xlsx(upload)
                outcome = resources.unit_import(
                    organization=request.user.organization, by=request.user, sheet=sheet, dry_run=True
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                token = None
                if outcome.ok:
                    token = stash_upload(request, SESSION_KEY, upload)
                else:
                    discard_stash(request, SESSION_KEY)
                return _preview_page(
                    request, sheet=sheet, outcome=outcome, file_name=upload.name, token=token,
                    status=200 if outcome.ok else 422,
                )
        return render(request, "units/io/import_form.html", {"nav": "units", "form": form}, status=422)
    return render(request, "units/io/import_form.html", {"nav": "units", "form": form})


def _confirm(request: HttpRequest) -> HttpResponse:
    kept = stashed_upload(request, SESSION_KEY, request.POST.get("token", ""))
    if kept is None:
        messages.error(request, "Phiên nhập đã hết hạn hoặc tệp đã được nhập rồi; hãy tải tệp lên lại.")
        return redirect("units:import")
    upload, _meta = kept
    try:
        sheet = read_xlsx(upload)
        outcome = resources.unit_import(
            organization=request.user.organization, by=request.user, sheet=sheet, dry_run=False
        )
    except ValidationError as error:
        discard_stash(request, SESSION_KEY)
        messages.error(request, " ".join(error.messages))
        return redirect("units:import")
    if not outcome.ok:
        # Something changed since the preview (another editor, a constraint): nothing was written.
        return _preview_page(
            request, sheet=sheet, outcome=outcome, file_name=upload.name, token=None, status=422,
            problems=["Không nhập được: danh mục đã thay đổi từ lúc xem trước. Không có gì được lưu."],
        )
    discard_stash(request, SESSION_KEY)
    totals = outcome.result.totals
    messages.success(
        request,
        f"Đã nhập danh mục đơn vị: thêm mới {totals[RowResult.IMPORT_TYPE_NEW]}, "
        f"cập nhật {totals[RowResult.IMPORT_TYPE_UPDATE]}, không đổi {totals[RowResult.IMPORT_TYPE_SKIP]}.",
    )
    return redirect("units:list")
