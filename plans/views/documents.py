"""Downloads of a plan as the official document: PDF (with the draft mark until signed) and Word."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .. import selectors
from ..documents import render_plan_docx, render_plan_pdf
from ..models import Plan

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_filename(plan: Plan, extension: str) -> str:
    # ASCII only: a Vietnamese name needs RFC 5987 encoding that some mail clients and old browsers mangle.
    return f"KH-TDKT-{plan.year}.{extension}"


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    # The current draft changes with every edit: never serve a stale copy from a cache.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Any user of the plan's commune may download it; another commune's plan is a 404."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    content = render_plan_pdf(plan, draft=plan.status != Plan.Status.SIGNED)
    return _attachment(content, content_type="application/pdf", filename=document_filename(plan, "pdf"))


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return _attachment(render_plan_docx(plan), content_type=DOCX_TYPE, filename=document_filename(plan, "docx"))
