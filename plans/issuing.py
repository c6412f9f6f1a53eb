"""Issuing a signed plan or report: plans describes the paper (plans/documents/) and documents/ issues it.

Called by services.plan_transition / report_transition inside their transaction. The number comes from the
organization's register (documents.services.number_take) unless one was typed; the PDF and Word copies are
rendered once, hashed and frozen in documents.IssuedDocument, which the plans.IssuedDocument row links to.
"""

from documents import services as documents
from documents.models import Kind
from documents.services import IssuedFileAltered, today_in_vietnam  # noqa: F401  (re-exported for callers)
from units.models import User

from .documents import plan_content, report_content
from .models import IssuedDocument, Plan, Report


def number_take(*, organization, series: str, year: int) -> str:
    return documents.number_take(organization=organization, series=series, year=year)


def plan_issue(*, plan: Plan, by: User) -> IssuedDocument:
    """Number, date and signer set if empty, then the paper issued (rendered once, without the draft mark)."""
    organization = plan.organization
    plan.issued_on = plan.issued_on or today_in_vietnam()  # the Căn cứ in force are those of the signing day
    if not plan.signer_name.strip():
        plan.signer_name = organization.chairman_name or by.get_full_name() or by.username
    previous = IssuedDocument.objects.filter(plan=plan.supersedes).first() if plan.supersedes_id else None
    paper = documents.document_issue(
        organization=organization, kind=Kind.PLAN, title=f"Kế hoạch {plan.title}", by=by,
        number=plan.number, issued_on=plan.issued_on, signer_name=plan.signer_name,
        signer_title=plan.signer_title, supersedes=previous.document if previous else None,
        content=lambda stamp: plan_content(plan),
    )
    plan.number, plan.issued_on = paper.number, paper.issued_on
    plan.save(update_fields=["status", "number", "issued_on", "signer_name", "updated_at"])
    return IssuedDocument.objects.create(kind=IssuedDocument.Kind.PLAN, plan=plan, document=paper)


def report_issue(*, report: Report, by: User) -> IssuedDocument:
    organization = report.plan.organization
    report.issued_on = report.issued_on or today_in_vietnam()
    if not report.signer_name.strip():
        report.signer_name = organization.chairman_name or by.get_full_name() or by.username
    paper = documents.document_issue(
        organization=organization, kind=Kind.REPORT, by=by,
        title=f"Báo cáo kết quả thực hiện kế hoạch công tác thi đua, khen thưởng {report.period_label}",
        number=report.number, issued_on=report.issued_on, signer_name=report.signer_name,
        signer_title=report.signer_title, content=lambda stamp: report_content(report),
    )
    report.number, report.issued_on = paper.number, paper.issued_on
    report.save(update_fields=["status", "number", "issued_on", "signer_name", "updated_at"])
    return IssuedDocument.objects.create(kind=IssuedDocument.Kind.REPORT, report=report, document=paper)


def issued_bytes(issued: IssuedDocument) -> bytes:
    """Exactly the PDF stored at signing; IssuedFileAltered if it no longer matches its hash."""
    return documents.document_bytes(issued.document)
