from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.forms import apply_validation_error

from . import selectors, services
from .forms import OrganizationForm, UnitForm
from .permissions import can_edit_plans


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý danh mục.")


@require_safe
@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    return render(request, "units/unit_list.html", {"nav": "units", "units": selectors.unit_catalog(request.user)})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = UnitForm(request.POST or None, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(organization=request.user.organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã thêm đơn vị “{unit.name}”.")
            return redirect("units:list")
    return render(request, "units/unit_form.html", {"nav": "units", "form": form, "title": "Thêm đơn vị"})


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    unit = get_object_or_404(selectors.units_for(request.user), pk=pk)
    form = UnitForm(request.POST or None, instance=unit, organization=request.user.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã lưu đơn vị “{unit.name}”.")
            return redirect("units:list")
    return render(request, "units/unit_form.html", {"nav": "units", "form": form, "title": f"Sửa: {unit.name}"})


@login_required
def organization_edit(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    organization = request.user.organization
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã lưu thông tin UBND xã.")
            return redirect("units:organization")
    return render(request, "units/organization_form.html", {"nav": "organization", "form": form})
