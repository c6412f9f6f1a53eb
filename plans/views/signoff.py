"""Sign-off buttons of a plan and its revision (the public /verify/<code>/ lives in documents/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms_signoff import TransitionForm
from ..workflow import PLAN_FLOW


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
@login_required
def plan_transition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thao tác không hợp lệ.")
        return redirect("plans:detail", pk=plan.pk)
    target = form.cleaned_data["to"]
    try:
        services.plan_transition(plan=plan, by=request.user, to=target, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"Kế hoạch: {PLAN_FLOW.status_labels.get(target, target)}.")
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@login_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    try:
        revision = services.plan_revise(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, f"Đã tạo bản sửa đổi lần {revision.revision - 1}. Bản đã ban hành được giữ nguyên.")
    return redirect("plans:edit", pk=revision.pk)
