"""The reminder settings page: each commune's numbers, and the email addresses the mail server refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error
from units.models import User
from units.permissions import can_edit_plans

from . import services
from .forms import ReminderSettingsForm
from .services import reminders as reminder_services


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được đổi cấu hình nhắc việc.")


@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    organization = request.user.organization
    current = reminder_services.reminder_settings_get(organization=organization)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_services.reminder_settings_update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã lưu cấu hình nhắc việc.")
            return redirect("reminders:settings")
    context = {
        "nav": "reminders", "form": form, "failures": services.email_failures(organization=organization),
    }
    return render(request, "reminders/settings.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def email_failure_clear(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_editor(request)
    person = get_object_or_404(User.objects.filter(organization_id=request.user.organization_id), pk=user_id)
    services.email_clear_failed(user=person, by=request.user)
    messages.success(request, f"Sẽ gửi lại email cho {person}.")
    return redirect("reminders:settings")
