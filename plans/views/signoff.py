"""Sign-off buttons of a plan, its revision, and the public verification of issued documents (/verify/<code>/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services, verification
from ..forms_signoff import TransitionForm
from ..workflow import PLAN_FLOW
from .documents import pdf_response


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
