from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from core.forms import apply_validation_error

from . import communes, selectors, services
from .forms import OrganizationForm, SuperiorLinkForm, UnitForm
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
    return _organization_page(request, form=form, link_form=SuperiorLinkForm())


def _organization_page(request: HttpRequest, *, form, link_form, status: int = 200) -> HttpResponse:
    organization = request.user.organization
    return render(request, "units/organization_form.html", {
        "nav": "organization", "form": form, "link_form": link_form,
        "links": selectors.superior_links_of(organization),
    }, status=status)


@require_POST
@login_required
def superior_add(request: HttpRequest) -> HttpResponse:
    """Record "from this date the commune reports to that office" (the 2025 reform: district, then province)."""
    _require_editor(request)
    organization = request.user.organization
    link_form = SuperiorLinkForm(request.POST)
    if link_form.is_valid():
        try:
            link = communes.superior_link_add(commune=organization, by=request.user, **link_form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(link_form, error)
        else:
            messages.success(request, f"Từ {link.valid_from:%d/%m/%Y} cơ quan cấp trên là {link.superior}.")
            return redirect("units:organization")
    return _organization_page(request, form=OrganizationForm(instance=organization), link_form=link_form,
                              status=422)
