"""The notifications page and the bell's actions (htmx-friendly: partials for htmx, redirects otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import EventPreferencesForm, NotificationPreferenceForm
from .registry import EVENTS


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    preference = services.notification_preference_get(user=request.user)
    context = {"nav": "notifications", "page_obj": page, "preference": preference}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's notification is a 404: its existence is not confirmed.
    notification = get_object_or_404(services.notifications_for(request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    if request.htmx:
        return render(request, "notifications/partials/read_response.html", {"notification": notification})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(by=request.user)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc." if count else "Không có thông báo chưa đọc.")
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """GET: the grid of event kinds × channels. POST from the grid saves everything; POST from the short form on
    the notifications page (only `email_enabled`) keeps the event choices."""
    preference = services.notification_preference_get(user=request.user)
    if request.method == "POST" and "grid" not in request.POST:
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            services.notification_preference_update(
                user=request.user, by=request.user, email_enabled=form.cleaned_data["email_enabled"]
            )
            messages.success(request, "Đã lưu tùy chọn nhận thông báo.")
        return redirect("notifications:list")
    muted = services.preferences.muted_pairs(user=request.user)
    form = EventPreferencesForm(
        request.POST or None, preference=preference, muted=muted, zalo_available=selectors.zalo_available(),
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preference_update(
            user=request.user, by=request.user, email_enabled=form.cleaned_data["email_enabled"],
            zalo_enabled=form.cleaned_data.get("zalo_enabled", preference.zalo_enabled), muted=form.muted(),
        )
        messages.success(request, "Đã lưu tùy chọn nhận thông báo.")
        return redirect("notifications:preferences")
    context = {"nav": "notifications", "form": form, "rows": form.rows(), "preference": preference,
               "events": EVENTS}
    return render(request, "notifications/preferences.html", context)
