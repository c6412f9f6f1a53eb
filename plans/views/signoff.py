"""Sign-off buttons of a plan, its revision, and the public verification of issued documents (/verify/<code>/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.transitions import error_text, transition_post

from .. import selectors, services, verification
from ..workflow import PLAN_FLOW
from .documents import pdf_response


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


def _verified(code: str) -> verification.VerifiedDocument:
    document = verification.find(code)
    if document is None:
        raise Http404("Không tìm thấy văn bản có mã xác thực này.")
    return document


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public and read-only: anyone holding a paper copy checks it against what was issued."""
    return render(request, "plans/verify.html", {"document": _verified(code)})


@require_GET
def verify_pdf(request: HttpRequest, code: str) -> HttpResponse:
    document = _verified(code)
    return pdf_response(document.read_pdf(), filename=f"van-ban-{document.code}.pdf", sha256=document.sha256)
