"""Downloads of a plan as the official document: PDF and Word.

The PDF of a signed plan is the file stored when it was signed, byte for byte; an unsigned plan is rendered with
the "DỰ THẢO" mark (from the cache while its content is unchanged).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .. import issuing, selectors
from ..documents import render_plan_docx
from ..documents.pdf import plan_draft_pdf
from ..models import Plan

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_filename(plan: Plan, extension: str) -> str:
    # ASCII only: a Vietnamese name needs RFC 5987 encoding that some mail clients and old browsers mangle.
    suffix = f"-sua-doi-{plan.revision - 1}" if plan.revision > 1 else ""
    return f"KH-TDKT-{plan.year}{suffix}.{extension}"


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    # The current draft changes with every edit: never serve a stale copy from a cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def pdf_response(content: bytes, *, filename: str, sha256: str | None = None) -> HttpResponse:
    response = _attachment(content, content_type="application/pdf", filename=filename)
    if sha256:
        # An issued file never changes: its hash is a strong validator.
        response["ETag"] = f'"{sha256}"'
    return response


@require_safe
@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Any user of the plan's commune may download it; another commune's plan is a 404."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    issued = selectors.issued_document_of(plan) if plan.status == Plan.Status.SIGNED else None
    if issued is not None:
        return pdf_response(issuing.issued_bytes(issued), filename=document_filename(plan, "pdf"),
                            sha256=issued.sha256)
    return pdf_response(plan_draft_pdf(plan), filename=document_filename(plan, "pdf"))


@require_safe
@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return _attachment(render_plan_docx(plan), content_type=DOCX_TYPE, filename=document_filename(plan, "docx"))
