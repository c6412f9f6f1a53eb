"""Sign-off buttons of a plan and its revision (the public /verify/<code>/ lives in documents/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.transitions import error_text, transition_post

from .. import selectors, services
from ..workflow import PLAN_FLOW


@require_POST
@login_required
def plan_transition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return transition_post(
        request, workflow=PLAN_FLOW, back=reverse("plans:detail", args=[plan.pk]),
        apply=lambda to, note: services.plan_transition(plan=plan, by=request.user, to=to, note=note),
        success=lambda log: f"Kế hoạch: {PLAN_FLOW.label(log.to_status)}.",
    )


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
