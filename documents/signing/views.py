from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .forms import PdfCheckForm
from .lookup import document_by_sha256
from .validation import pdf_validate


@require_http_methods(["GET", "POST"])
def verify_check(request: HttpRequest) -> HttpResponse:
    """Public: anyone checks a PDF they received. Nothing uploaded here is stored."""
    form = PdfCheckForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            upload.seek(0)
            report = pdf_validate(upload.read())
            context.update(report=report, registered=document_by_sha256(report.sha256), file_name=upload.name)
        else:
            status = 422
    return render(request, "signing/check.html", context, status=status)
