"""Serving issued papers: the stored bytes after a hash check, and the public verification page.

An app's download view checks who may see its object, then calls `issued_response`; a file that no longer
matches its hash answers a Vietnamese page (409), writes an audit row and tells vhxh, never a 500.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors, services
from .models import IssuedDocument, TamperEvent

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(content: bytes, *, content_type: str, filename: str, etag: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # ASCII only: a Vietnamese name needs RFC 5987 encoding that some mail clients and old browsers mangle.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-cache"
    if etag:
        response["ETag"] = f'"{etag}"'  # an issued file never changes: its hash is a strong validator
    return response


def tampered_response(request: HttpRequest, document: IssuedDocument) -> HttpResponse:
    return render(request, "documents/tampered.html", {"document": document}, status=409)


def issued_response(request: HttpRequest, document: IssuedDocument, *, filename: str,
                    which: str = "pdf") -> HttpResponse:
    """The stored PDF (or Word copy) of an issued document exactly as frozen, or the tamper page."""
    try:
        content = services.document_bytes(document, which=which)
    except services.IssuedFileAltered:
        where = TamperEvent.Where.DOWNLOAD if which == "pdf" else TamperEvent.Where.DOCX
        services.tamper_report(document=document, which=which, where=where)
        return tampered_response(request, document)
    if which == "pdf":
        return attachment(content, content_type=PDF_TYPE, filename=filename, etag=document.sha256)
    return attachment(content, content_type=DOCX_TYPE, filename=filename, etag=document.docx_sha256)


def _found(code: str) -> IssuedDocument:
    document = selectors.document_by_code(code)
    if document is None:
        raise Http404("Không tìm thấy văn bản có mã xác thực này.")
    return document


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public and read-only: anyone holding a paper copy checks it against what was issued."""
    document = _found(code)
    intact = services.document_integrity(document)
    if not intact:
        services.tamper_report(document=document, which="pdf", where=TamperEvent.Where.VERIFY)
    superseded = selectors.superseded(document)
    signature_report = None
    if intact:
        from .signing.validation import pdf_validate

        signature_report = pdf_validate(services.document_bytes(document))
    return render(request, "documents/verify.html", {"document": document, "intact": intact,
                                                     "superseded": superseded, "signature_report": signature_report})


@require_GET
def verify_pdf(request: HttpRequest, code: str) -> HttpResponse:
    document = _found(code)
    return issued_response(request, document, filename=f"van-ban-{document.code}.pdf")
