"""Pages of the commune's administration (accounts, people), the server's "Các xã" page and the first-run page.

Views stay thin: querysets come scoped from units.selectors (another commune's object is a 404), services check
the role again on every write (a forbidden role is a 403).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from core.forms import apply_validation_error

from . import accounts, communes, people, selectors
from .forms import (
    AccountCreateForm,
    AccountForm,
    CommuneForm,
    FirstRunForm,
    InitiativeForm,
    LoginForm,
    PersonForm,
    VietnamesePasswordResetForm,
)
from .permissions import can_manage_accounts, can_manage_communes, can_manage_people
from .roles import Role


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _accounts_guard(request: HttpRequest) -> None:
    _require(can_manage_accounts(request.user),
             "Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý tài khoản.")


def _people_guard(request: HttpRequest) -> None:
    _require(can_manage_people(request.user), "Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý cán bộ.")


# --- Accounts ---------------------------------------------------------------------------------------------------

@require_safe
@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    _accounts_guard(request)
    labels = dict(Role.choices)
    rows = [(account, [labels[g.name] for g in account.groups.all() if g.name in labels])
            for account in selectors.accounts_for(request.user)]
    return render(request, "units/account_list.html", {"nav": "accounts", "rows": rows})


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    _accounts_guard(request)
    organization = request.user.organization
    form = AccountCreateForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            account = accounts.account_create(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã tạo tài khoản “{account.username}”. Gửi liên kết đặt mật khẩu hoặc "
                                      "cấp mật khẩu tạm để người dùng đăng nhập.")
            return redirect("units:account_edit", pk=account.pk)
    return render(request, "units/account_form.html", {"nav": "accounts", "form": form, "title": "Thêm tài khoản"})


def _account_initial(account) -> dict:
    person = getattr(account, "person", None)
    role = next(iter(sorted(account.roles)), "")
    return {"full_name": account.get_full_name(), "email": account.email, "role": role,
            "unit": person.unit_id if person else None}


@login_required
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _accounts_guard(request)
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    form = AccountForm(request.POST or None, initial=_account_initial(account), organization=account.organization)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.account_update(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã lưu tài khoản “{account.username}”.")
            return redirect("units:account_list")
    history = account.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "units/account_edit.html",
                  {"nav": "accounts", "form": form, "account": account, "history": history,
                   "is_self": account.pk == request.user.pk})


@require_POST
@login_required
def account_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    _accounts_guard(request)
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    accounts.account_set_active(account=account, by=request.user, active=active)
    messages.success(request, f"Đã {'mở khóa' if active else 'khóa'} tài khoản “{account.username}”.")
    return redirect("units:account_edit", pk=account.pk)


@require_POST
@login_required
def account_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    _accounts_guard(request)
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    try:
        accounts.account_send_reset_link(account=account, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã gửi liên kết đặt mật khẩu tới {account.email}.")
    return redirect("units:account_edit", pk=account.pk)


@require_POST
@login_required
def account_temporary_password(request: HttpRequest, pk: int) -> HttpResponse:
    _accounts_guard(request)
    account = get_object_or_404(selectors.accounts_for(request.user), pk=pk)
    password = accounts.account_set_temporary_password(account=account, by=request.user)
    # Rendered in this response only: never stored in a message cookie or the session.
    response = render(request, "units/temporary_password.html",
                      {"nav": "accounts", "account": account, "password": password})
    response["Cache-Control"] = "no-store"
    return response


# --- People -----------------------------------------------------------------------------------------------------

@require_safe
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    _people_guard(request)
    return render(request, "units/person_list.html", {"nav": "people", "people": selectors.people_for(request.user)})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    _people_guard(request)
    organization = request.user.organization
    form = PersonForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.person_create(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã thêm cán bộ “{person.full_name}”.")
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_form.html", {"nav": "people", "form": form, "title": "Thêm cán bộ"})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _people_guard(request)
    person = get_object_or_404(selectors.person_detail_qs(request.user), pk=pk)
    form = PersonForm(request.POST or None, instance=person, organization=person.organization)
    if request.method == "POST" and form.is_valid():
        try:
            people.person_update(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã lưu thông tin “{person.full_name}”.")
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_detail.html",
                  {"nav": "people", "person": person, "form": form, "initiative_form": InitiativeForm()})


@login_required
def initiative_add(request: HttpRequest, pk: int) -> HttpResponse:
    _people_guard(request)
    person = get_object_or_404(selectors.people_for(request.user), pk=pk)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people.initiative_create(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã thêm “{form.cleaned_data['title']}”.")
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/initiative_form.html",
                  {"nav": "people", "form": form, "person": person, "title": "Thêm sáng kiến, đề tài"})


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _people_guard(request)
    initiative = get_object_or_404(selectors.initiatives_for(request.user), pk=pk)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            people.initiative_update(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã lưu “{initiative.title}”.")
            return redirect("units:person_detail", pk=initiative.person_id)
    return render(request, "units/initiative_form.html",
                  {"nav": "people", "form": form, "person": initiative.person, "initiative": initiative,
                   "title": f"Sửa: {initiative.title}"})


@require_POST
@login_required
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _people_guard(request)
    initiative = get_object_or_404(selectors.initiatives_for(request.user), pk=pk)
    person_id, title = initiative.person_id, initiative.title
    people.initiative_delete(initiative=initiative, by=request.user)
    messages.success(request, f"Đã xóa “{title}”.")
    return redirect("units:person_detail", pk=person_id)


# --- The server: communes and the first run ---------------------------------------------------------------------

@login_required
def commune_list(request: HttpRequest) -> HttpResponse:
    _require(can_manage_communes(request.user), "Chỉ quản trị viên máy chủ được quản lý các xã.")
    form = CommuneForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = communes.commune_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            form = CommuneForm()
    response = render(request, "units/commune_list.html",
                      {"nav": "communes", "communes": selectors.commune_list(), "form": form, "created": created})
    if created:
        response["Cache-Control"] = "no-store"  # the one-time link is on this page
    return response


def first_run(request: HttpRequest) -> HttpResponse:
    """A fresh server's only page: create the first commune and its first account. 404 once anything exists."""
    from django.conf import settings

    if settings.DEMO_MODE or not selectors.setup_needed():
        raise Http404
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["password"] = data.pop("password1")
        data.pop("password2")
        try:
            created = communes.commune_create(by=None, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            login(request, created.first_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Đã tạo {created.organization}. Tiếp theo: tạo tài khoản cho Chủ tịch "
                                      "và cán bộ các đơn vị.")
            return redirect("units:account_list")
    return render(request, "units/first_run.html", {"form": form})


# --- Django's own auth flows, in Vietnamese (templates/registration/) --------------------------------------------

class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        from django.conf import settings

        # A fresh install has no account anyone could log in with: offer the first-run page instead.
        if not settings.DEMO_MODE and selectors.setup_needed():
            return redirect("first_run")
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = VietnamesePasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(user=form.user)
        return response
