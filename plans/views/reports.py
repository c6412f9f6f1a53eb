"""Reports for the superior office: list, create (vhxh), edit texts (draft only), view, sign-off, PDF and Excel.

Every queryset goes through selectors.reports_for, which hides drafts from everyone but vhxh and chủ tịch: the
superior office (cap_tren) and unit officers only ever see, and download, issued reports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.forms import apply_validation_error
from core.transitions import transition_buttons, transition_post
from documents import render as papers
from documents.views import DOCX_TYPE, PDF_TYPE, attachment, issued_response

from .. import selectors, services
from ..documents.report import render_report_xlsx, report_content
from ..forms_signoff import ReportCreateForm, ReportTextsForm
from ..models import Report
from ..permissions import can_write_reports
from ..workflow import REPORT_FLOW

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_filename(report: Report, extension: str) -> str:
    period = {Report.Period.QUARTER: f"Q{report.quarter}", Report.Period.HALF_YEAR: "6T"}.get(report.period, "NAM")
    return f"BC-TDKT-{report.year}-{period}-{report.pk}.{extension}"


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Every report of the commune the user may see: for the superior office, the issued ones."""
    can_write = can_write_reports(request.user)
    return render(request, "plans/reports/report_list.html", {
        "nav": "reports", "reports": selectors.report_list(request.user), "plan": None,
        "can_write": can_write, "create_for": selectors.current_plan(request.user) if can_write else None,
    })


@require_safe
@login_required
def plan_reports(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return render(request, "plans/reports/report_list.html", {
        "nav": "reports", "reports": selectors.report_list(request.user, plan=plan), "plan": plan,
        "can_write": can_write_reports(request.user),
    })


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    if not can_write_reports(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội được lập báo cáo.")
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                plan=plan, by=request.user, period=form.cleaned_data["period"],
                quarter=form.cleaned_data["quarter"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã lập báo cáo {report.period_label}. Hãy viết phần đánh giá.")
            return redirect("plans:report_edit", pk=report.pk)
    return render(request, "plans/reports/report_create.html", {"nav": "reports", "plan": plan, "form": form})


@require_safe
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    context = {
        "nav": "reports",
        "report": report,
        "plan": report.plan,
        "data": selectors.report_data(report),
        "issued": selectors.issued_document_of(report),
        "events": report.events.select_related("actor").order_by("created_at", "pk"),
        "transitions": transition_buttons(workflow=REPORT_FLOW, user=request.user, obj=report,
                                          action=reverse("plans:report_transition", args=[report.pk])),
        "labels": REPORT_FLOW.status_labels,
        "can_edit": can_write_reports(request.user) and report.status == Report.Status.DRAFT,
    }
    return render(request, "plans/reports/report_detail.html", context)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if not can_write_reports(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội được sửa báo cáo.")
    if report.status != Report.Status.DRAFT:
        raise PermissionDenied("Báo cáo đã trình ký hoặc đã ban hành, không sửa được.")
    form = ReportTextsForm(request.POST or None, instance=Report.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, by=request.user, **{
                name: form.cleaned_data[name] for name in services.REPORT_TEXT_FIELDS
            })
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã lưu báo cáo.")
            return redirect("plans:report_detail", pk=report.pk)
    return render(request, "plans/reports/report_edit.html", {
        "nav": "reports", "report": report, "plan": report.plan, "form": form,
    })


@require_POST
@login_required
def report_transition(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    return transition_post(
        request, workflow=REPORT_FLOW, back=reverse("plans:report_detail", args=[report.pk]),
        apply=lambda to, note: services.report_transition(report=report, by=request.user, to=to, note=note),
        success=lambda log: f"Báo cáo: {REPORT_FLOW.label(log.to_status)}.",
    )


@require_safe
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    issued = selectors.issued_document_of(report) if report.status == Report.Status.SIGNED else None
    if issued is not None:
        return issued_response(request, issued.document, filename=report_filename(report, "pdf"))
    return attachment(papers.render_pdf(report_content(report, draft=True)), content_type=PDF_TYPE,
                      filename=report_filename(report, "pdf"))


@require_safe
@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    issued = selectors.issued_document_of(report) if report.status == Report.Status.SIGNED else None
    if issued is not None and issued.document.docx_file:
        return issued_response(request, issued.document, filename=report_filename(report, "docx"), which="docx")
    return attachment(papers.render_docx(report_content(report)), content_type=DOCX_TYPE,
                      filename=report_filename(report, "docx"))


@require_safe
@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    return attachment(render_report_xlsx(report), content_type=XLSX_TYPE, filename=report_filename(report, "xlsx"))
