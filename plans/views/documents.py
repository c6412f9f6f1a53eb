"""Downloads of a plan (and a unit's task list) as official papers: PDF and Word.

A signed plan's PDF and Word copies are the files frozen when it was signed, checked against their hashes by
documents/ (a mismatch answers a Vietnamese page); an unsigned plan is rendered with the "DỰ THẢO" mark.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from documents import render
from documents.views import DOCX_TYPE, PDF_TYPE, attachment, issued_response
from units.models import Unit

from .. import selectors
from ..documents import plan_content, unit_tasks_content
from ..models import Plan


def document_filename(plan: Plan, extension: str) -> str:
    # ASCII only: a Vietnamese name needs RFC 5987 encoding that some mail clients and old browsers mangle.
    suffix = f"-sua-doi-{plan.revision - 1}" if plan.revision > 1 else ""
    return f"KH-TDKT-{plan.year}{suffix}.{extension}"


def _issued(plan: Plan):
    return selectors.issued_document_of(plan) if plan.status == Plan.Status.SIGNED else None


@require_safe
@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Any user of the plan's commune may download it; another commune's plan is a 404."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    issued = _issued(plan)
    if issued is not None:
        return issued_response(request, issued.document, filename=document_filename(plan, "pdf"))
    content = render.render_pdf_cached(plan_content(plan, draft=True))
    return attachment(content, content_type=PDF_TYPE, filename=document_filename(plan, "pdf"))


@require_safe
@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    issued = _issued(plan)
    if issued is not None and issued.document.docx_file:
        return issued_response(request, issued.document, filename=document_filename(plan, "docx"), which="docx")
    return attachment(render.render_docx(plan_content(plan)), content_type=DOCX_TYPE,
                      filename=document_filename(plan, "docx"))


@require_safe
@login_required
def unit_tasks_pdf(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """The tasks of one unit in the plan, as a paper the unit keeps."""
    plan = get_object_or_404(selectors.plans_for(request.user).select_related("organization"), pk=pk)
    unit = get_object_or_404(Unit.objects.filter(organization=plan.organization_id), pk=unit_pk)
    content = render.render_pdf(unit_tasks_content(plan, unit))
    return attachment(content, content_type=PDF_TYPE, filename=f"NV-{plan.year}-DV{unit.pk}.pdf")
