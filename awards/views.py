"""Pages of the awards app. Thin: querysets scoped by selectors (another commune → 404), services decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from core.forms import apply_validation_error
from core.history import history_response, record_changes
from core.importing import discard_stash, stash_upload, stashed_upload
from core.transitions import transition_buttons, transition_post
from documents import render as papers
from documents.services import verification_url as services_verify_url
from documents.views import issued_response
from units.roles import Role

from . import catalog, documents, excel, forms, selectors, services
from . import register as register_io
from .models import (
    AuthorityRule,
    AwardDocument,
    AwardForm,
    AwardRecord,
    Council,
    Dossier,
    DossierDocument,
    Nominee,
    StatisticalReportForm,
    Vote,
)
from .permissions import (
    can_comment_disclosure,
    can_edit_dossier,
    can_propose,
    can_read_dossier,
    can_read_register,
    is_manager,
)
from .workflow import AWARD_DOCUMENT_FLOW, DOSSIER_FLOW

# Each step of an award document posts to its own URL: signing needs the verification link, revising answers
# with the new revision.
DOCUMENT_STEP_URLS = {AwardDocument.Status.SIGNED: "awards:award_document_sign",
                      AwardDocument.Status.SUPERSEDED: "awards:award_document_revise"}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _require_manager(request: HttpRequest) -> None:
    if not is_manager(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được thực hiện.")


def _require_reader(request: HttpRequest) -> None:
    if not can_read_register(request.user):
        raise PermissionDenied("Bạn không có quyền xem sổ khen thưởng.")


def _require_documents_reader(request: HttpRequest) -> None:
    if not (is_manager(request.user) or request.user.has_role(Role.CAP_TREN)):
        raise PermissionDenied("Chỉ VHXH, Chủ tịch UBND và cơ quan cấp trên xem văn bản khen thưởng.")


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = get_object_or_404(selectors.dossiers_in_org(request.user), pk=pk)
    if not can_read_dossier(request.user, dossier):
        raise PermissionDenied("Bạn chỉ xem được hồ sơ của đơn vị mình.")
    return dossier


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


# --- Dossiers -----------------------------------------------------------------------------------------------------

@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not (is_manager(request.user) or request.user.has_role(Role.CAN_BO)):
        return redirect("awards:register")
    dossiers = selectors.dossiers_for(request.user).order_by("-year", "status", "form__order", "pk")
    status = request.GET.get("status", "")
    if status:
        dossiers = dossiers.filter(status=status)
    return render(request, "awards/index.html", {
        "nav": "awards", "dossiers": dossiers, "statuses": Dossier.Status.choices, "status": status,
        "can_propose": can_propose(request.user), "is_manager": is_manager(request.user),
    })


@require_safe
@login_required
def catalog_page(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    today = timezone.localdate()
    forms_list = AwardForm.objects.prefetch_related("authority_rules", "required_documents",
                                                    "prerequisite_rows__required")
    rows = [(f, catalog.authority_label(form=f, day=today)) for f in forms_list]
    return render(request, "awards/catalog.html", {
        "nav": "awards", "rows": rows, "today": today,
        "rules": AuthorityRule.objects.select_related("form").order_by("valid_from", "form__order", "level"),
    })


@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    if not can_propose(request.user):
        raise PermissionDenied("Bạn không có quyền lập hồ sơ đề nghị khen thưởng.")
    organization = request.user.organization
    unit_choices = None
    if not is_manager(request.user):
        unit_choices = organization.units.filter(pk=request.user.person.unit_id)
    form = forms.DossierCreateForm(request.POST or None, organization=organization, unit_choices=unit_choices,
                                   initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã tạo hồ sơ. Hãy thêm người/tập thể được đề nghị và giấy tờ.")
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_create.html", {"nav": "awards", "form": form})


def _detail_context(request: HttpRequest, dossier: Dossier, **forms_override) -> dict:
    today = timezone.localdate()
    uploaded = {d.required_id for d in dossier.documents.all()}
    checklist = [(r, r.pk in uploaded or (r.summary_may_replace and bool(dossier.summary.strip())))
                 for r in dossier.form.required_documents.all()]
    actions = transition_buttons(workflow=DOSSIER_FLOW, user=request.user, obj=dossier,
                                 action=reverse("awards:dossier_transition", args=[dossier.pk]),
                                 allowed=lambda t: can_read_dossier(request.user, dossier))
    authority = catalog.authority_label(form=dossier.form, day=today)
    labels = dict(Dossier.Status.choices)
    return {
        "nav": "awards", "dossier": dossier, "rows": selectors.nominee_rows(dossier=dossier, today=today),
        "documents": dossier.documents.all(), "checklist": checklist,
        "timeline": [(log, labels.get(log.from_status, log.from_status), labels.get(log.to_status, log.to_status))
                     for log in dossier.transitions.select_related("actor")],
        "actions": actions,
        "can_edit": can_edit_dossier(request.user, dossier), "authority": authority,
        "commune_may": catalog.commune_may_award(form=dossier.form, day=today),
        "nominee_form": forms_override.get("nominee_form") or forms.NomineeForm(dossier=dossier),
        "upload_form": forms_override.get("upload_form") or forms.UploadForm(dossier=dossier),
        "edit_form": forms_override.get("edit_form") or forms.DossierEditForm(instance=dossier),
        "transition_errors": forms_override.get("transition_errors", []),
    }


@require_safe
@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    return render(request, "awards/dossier_detail.html", _detail_context(request, dossier))


@require_POST
@login_required
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = forms.DossierEditForm(request.POST, instance=Dossier.objects.get(pk=dossier.pk))
    if form.is_valid():
        try:
            services.dossier_update(dossier=dossier, by=request.user, summary=form.cleaned_data["summary"],
                                    occasion=form.cleaned_data["occasion"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã lưu báo cáo thành tích.")
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_detail.html", _detail_context(request, dossier, edit_form=form), status=422)


@require_POST
@login_required
def nominee_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = forms.NomineeForm(request.POST, dossier=dossier)
    if form.is_valid():
        try:
            nominee = services.nominee_add(dossier=dossier, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã thêm {nominee}.")
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_detail.html", _detail_context(request, dossier, nominee_form=form),
                  status=422)


def _nominee(request: HttpRequest, pk: int) -> Nominee:
    nominee = get_object_or_404(Nominee.objects.select_related("dossier", "dossier__form"), pk=pk,
                                dossier__organization_id=request.user.organization_id)
    if not can_read_dossier(request.user, nominee.dossier):
        raise PermissionDenied("Bạn chỉ sửa được hồ sơ của đơn vị mình.")
    return nominee


@require_POST
@login_required
def nominee_update(request: HttpRequest, pk: int) -> HttpResponse:
    nominee = _nominee(request, pk)
    form = forms.NomineeJustifyForm(request.POST)
    if form.is_valid():
        try:
            services.nominee_update(nominee=nominee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, f"Đã lưu thành tích, giải trình của {nominee}.")
    return redirect("awards:dossier_detail", pk=nominee.dossier_id)


@require_POST
@login_required
def nominee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    nominee = _nominee(request, pk)
    services.nominee_remove(nominee=nominee, by=request.user)
    messages.success(request, "Đã bỏ khỏi hồ sơ.")
    return redirect("awards:dossier_detail", pk=nominee.dossier_id)


@require_POST
@login_required
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = forms.UploadForm(request.POST, request.FILES, dossier=dossier)
    if form.is_valid():
        try:
            services.dossier_document_upload(dossier=dossier, by=request.user, upload=form.cleaned_data["file"],
                                             required=form.cleaned_data["required"], title=form.cleaned_data["title"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã tải lên giấy tờ.")
            return redirect("awards:dossier_detail", pk=dossier.pk)
    return render(request, "awards/dossier_detail.html", _detail_context(request, dossier, upload_form=form),
                  status=422)


def _dossier_document(request: HttpRequest, pk: int) -> DossierDocument:
    document = get_object_or_404(DossierDocument.objects.select_related("dossier"), pk=pk,
                                 dossier__organization_id=request.user.organization_id)
    if not can_read_dossier(request.user, document.dossier):
        raise PermissionDenied("Bạn chỉ xem được hồ sơ của đơn vị mình.")
    return document


@require_safe
@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = _dossier_document(request, pk)
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=f"giay-to-{document.pk}.{extension}")


@require_POST
@login_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _dossier_document(request, pk)
    services.dossier_document_delete(document=document, by=request.user)
    messages.success(request, "Đã xóa giấy tờ.")
    return redirect("awards:dossier_detail", pk=document.dossier_id)


@require_POST
@login_required
def dossier_transition(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    return transition_post(
        request, workflow=DOSSIER_FLOW, back=reverse("awards:dossier_detail", args=[dossier.pk]),
        apply=lambda to, note: services.dossier_transition(obj=dossier, by=request.user, to=to, note=note),
        success=lambda log: f"Hồ sơ: {DOSSIER_FLOW.label(log.to_status)}.",
        on_error=lambda error: render(request, "awards/dossier_detail.html",
                                      _detail_context(request, dossier, transition_errors=error.messages)),
    )


# --- Disclosure ---------------------------------------------------------------------------------------------------

@require_safe
@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(request, "awards/disclosure_list.html", {
        "nav": "awards", "disclosures": selectors.disclosures_for(request.user), "is_manager": is_manager(request.user),
        "today": timezone.localdate(),
    })


@login_required
def disclosure_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    accepted = selectors.dossiers_for(request.user).filter(status=Dossier.Status.ACCEPTED)
    form = forms.DisclosureForm(request.POST or None, dossiers=accepted,
                                initial={"year": timezone.localdate().year, "starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_publish(organization=request.user.organization, by=request.user,
                                                     **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã công khai đến hết ngày {disclosure.ends_on:%d/%m/%Y}.")
            return redirect("awards:disclosure_detail", pk=disclosure.pk)
    return render(request, "awards/disclosure_create.html", {"nav": "awards", "form": form})


@require_safe
@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    disclosure = get_object_or_404(selectors.disclosures_for(request.user), pk=pk)
    return render(request, "awards/disclosure_detail.html", {
        "nav": "awards", "disclosure": disclosure, "nominees": selectors.disclosed_nominees(disclosure),
        "comments": disclosure.comments.select_related("author", "nominee"), "form": forms.CommentForm(),
        "can_comment": can_comment_disclosure(request.user),
        "today": timezone.localdate(), "print": request.GET.get("print") == "1",
    })


@require_POST
@login_required
def disclosure_comment(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    disclosure = get_object_or_404(selectors.disclosures_for(request.user), pk=pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        nominee = None
        if form.cleaned_data["nominee"]:
            nominee = Nominee.objects.filter(pk=form.cleaned_data["nominee"], dossier__disclosure=disclosure).first()
        try:
            services.disclosure_comment_add(disclosure=disclosure, by=request.user, text=form.cleaned_data["text"],
                                            nominee=nominee)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Đã ghi nhận ý kiến.")
    else:
        messages.error(request, "Nhập nội dung ý kiến.")
    return redirect("awards:disclosure_detail", pk=disclosure.pk)


# --- Council ------------------------------------------------------------------------------------------------------

@require_safe
@login_required
def council_page(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    council = Council.objects.filter(organization_id=request.user.organization_id, year=year).first()
    disclosed = selectors.dossiers_for(request.user).filter(status=Dossier.Status.DISCLOSED)
    return render(request, "awards/council.html", {
        "nav": "awards", "year": year, "council": council, "member_form": forms.MemberForm(),
        "members": council.members.all() if council else [],
        "meetings": council.meetings.all() if council else [],
        "meeting_form": forms.MeetingForm(dossiers=disclosed, initial={"held_on": timezone.localdate()}),
    })


@require_POST
@login_required
def council_member_add(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        council = services.council_ensure(organization=request.user.organization, by=request.user, year=year)
        try:
            services.council_member_add(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Đã thêm thành viên Hội đồng.")
    else:
        messages.error(request, "Nhập họ tên và vai trò.")
    return redirect(reverse("awards:council") + f"?year={year}")


@require_POST
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    disclosed = selectors.dossiers_for(request.user).filter(status=Dossier.Status.DISCLOSED)
    form = forms.MeetingForm(request.POST, dossiers=disclosed)
    if form.is_valid():
        council = services.council_ensure(organization=request.user.organization, by=request.user, year=year)
        try:
            meeting = services.meeting_create(council=council, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Đã mở phiên họp. Điểm danh và ghi phiếu biểu quyết.")
            return redirect("awards:meeting_detail", pk=meeting.pk)
    else:
        messages.error(request, "Chọn ngày họp và hồ sơ đã công khai.")
    return redirect(reverse("awards:council") + f"?year={year}")


def _meeting(request: HttpRequest, pk: int):
    _require_manager(request)
    return get_object_or_404(selectors.meetings_for(request.user), pk=pk)


@require_safe
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    members = list(meeting.council.members.all())
    attendance = {a.member_id: a.present for a in meeting.attendance.all()}
    votes = {(v.nominee_id, v.member_id): v.choice for v in meeting.votes.all()}
    tallies = selectors.meeting_tallies(meeting=meeting)
    grid = [(t, [(m, votes.get((t.nominee.pk, m.pk), "")) for m in members]) for t in tallies]
    return render(request, "awards/meeting_detail.html", {
        "nav": "awards", "meeting": meeting, "members": [(m, attendance.get(m.pk, False)) for m in members],
        "grid": grid, "choices": forms.VOTE_CHOICES,
    })


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    try:
        services.meeting_attendance_set(meeting=meeting, by=request.user, present_member_ids=ids)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Đã lưu điểm danh.")
    return redirect("awards:meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_vote(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    nominee = get_object_or_404(Nominee, pk=request.POST.get("nominee") or 0, dossier__in=meeting.dossiers.all())
    choices = {m.pk: request.POST[f"m{m.pk}"] for m in meeting.council.members.all() if request.POST.get(f"m{m.pk}")}
    try:
        services.votes_record(meeting=meeting, by=request.user, nominee=nominee, choices=choices)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Đã ghi phiếu cho {nominee}.")
    return redirect("awards:meeting_detail", pk=meeting.pk)


@require_POST
@login_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        services.meeting_close(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Đã kết thúc phiên họp và ghi kết quả biểu quyết.")
    return redirect("awards:meeting_detail", pk=meeting.pk)


@require_safe
@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if meeting.minutes_id:
        return issued_response(request, meeting.minutes, filename=f"BB-HDTDKT-{meeting.pk}.pdf")
    content = papers.render_pdf(documents.minutes_content(meeting, tallies=selectors.meeting_tallies(meeting=meeting)))
    return _download(content, content_type="application/pdf", filename=f"BB-HDTDKT-{meeting.pk}.pdf")


@require_safe
@login_required
def meeting_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if meeting.minutes_id:
        return issued_response(request, meeting.minutes, filename=f"BB-HDTDKT-{meeting.pk}.docx", which="docx")
    content = papers.render_docx(documents.minutes_content(meeting,
                                                           tallies=selectors.meeting_tallies(meeting=meeting)))
    return _download(content, content_type=DOCX_TYPE, filename=f"BB-HDTDKT-{meeting.pk}.docx")


@require_POST
@login_required
def meeting_minutes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Number the minutes from the register and freeze them (after the meeting closed)."""
    meeting = _meeting(request, pk)
    _require_manager(request)
    if not meeting.closed:
        messages.error(request, "Phiên họp chưa kết thúc: chưa ban hành biên bản được.")
        return redirect("awards:meeting_detail", pk=meeting.pk)
    paper = documents.minutes_issue(meeting=meeting, tallies=selectors.meeting_tallies(meeting=meeting),
                                    by=request.user)
    messages.success(request, f"Đã ban hành biên bản số {paper.number}.")
    return redirect("awards:meeting_detail", pk=meeting.pk)


# --- Decisions, submissions -------------------------------------------------------------------------------------

@require_safe
@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    _require_documents_reader(request)
    docs = selectors.documents_for(request.user)
    if not is_manager(request.user):
        docs = docs.exclude(status=AwardDocument.Status.DRAFT)
    form = forms.DocumentDraftForm(initial={"year": timezone.localdate().year})
    return render(request, "awards/document_list.html", {"nav": "awards", "documents": docs, "form": form,
                                                          "is_manager": is_manager(request.user)})


@require_POST
@login_required
def document_draft(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.DocumentDraftForm(request.POST)
    if form.is_valid():
        try:
            document = services.award_document_draft(organization=request.user.organization, by=request.user,
                                                     **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, f"Đã lập dự thảo {document.get_kind_display().lower()}.")
            return redirect("awards:award_document", pk=document.pk)
    else:
        messages.error(request, "Thông tin văn bản không hợp lệ.")
    return redirect("awards:documents")


def _award_document(request: HttpRequest, pk: int) -> AwardDocument:
    _require_documents_reader(request)
    document = get_object_or_404(selectors.documents_for(request.user), pk=pk)
    if document.status == AwardDocument.Status.DRAFT and not is_manager(request.user):
        raise PermissionDenied("Dự thảo chỉ VHXH và Chủ tịch UBND xem.")
    return document


@login_required
def award_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    form = forms.DocumentEditForm(request.POST or None, instance=document)
    if request.method == "POST":
        _require_manager(request)
        if form.is_valid():
            try:
                services.award_document_update(document=document, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Đã lưu số và ngày văn bản.")
                return redirect("awards:award_document", pk=document.pk)
    records = AwardRecord.objects.filter(document=document).prefetch_related("prints")
    return render(request, "awards/award_document.html", {
        "nav": "awards", "document": document, "items": document.items.all(), "form": form,
        "is_manager": is_manager(request.user),
        "buttons": transition_buttons(workflow=AWARD_DOCUMENT_FLOW, user=request.user, obj=document,
                                      action=lambda t: reverse(DOCUMENT_STEP_URLS[t.target], args=[document.pk])),
        "records": records, "superior_form": forms.SuperiorDecisionForm(),
        "verify_url": (services_verify_url(document.issued.code) if document.issued_id else ""),
    })


@require_safe
@login_required
def award_document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    if document.issued_id:
        return issued_response(request, document.issued, filename=documents.document_filename(document, "pdf"))
    content = papers.render_pdf(documents.award_document_content(document, draft=True))
    return _download(content, content_type="application/pdf", filename=documents.document_filename(document, "pdf"))


@require_safe
@login_required
def award_document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    if document.issued_id and document.issued.docx_file:
        return issued_response(request, document.issued, filename=documents.document_filename(document, "docx"),
                               which="docx")
    return _download(papers.render_docx(documents.award_document_content(document)), content_type=DOCX_TYPE,
                     filename=documents.document_filename(document, "docx"))


@require_POST
@login_required
def award_document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    return transition_post(
        request, workflow=AWARD_DOCUMENT_FLOW, target=AwardDocument.Status.SIGNED,
        back=reverse("awards:award_document", args=[document.pk]),
        apply=lambda to, note: services.award_document_sign(document=document, by=request.user),
        success="Đã ký. Bản PDF đã được khóa và ghi mã xác thực.",
    )


@require_POST
@login_required
def award_document_revise(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    return transition_post(
        request, workflow=AWARD_DOCUMENT_FLOW, target=AwardDocument.Status.SUPERSEDED,
        back=reverse("awards:award_document", args=[document.pk]),
        apply=lambda to, note: services.award_document_revise(document=document, by=request.user),
        success=lambda revision: f"Đã tạo bản sửa đổi lần {revision.revision}.",
        redirect_to=lambda revision: reverse("awards:award_document", args=[revision.pk]),
    )


@require_POST
@login_required
def superior_decision(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    form = forms.SuperiorDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.superior_decision_record(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Đã ghi quyết định của cấp trên vào sổ khen thưởng.")
    else:
        messages.error(request, "Nhập số và ngày quyết định.")
    return redirect("awards:award_document", pk=document.pk)


# --- Certificates -------------------------------------------------------------------------------------------------

@require_POST
@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Printing is recorded (CertificatePrint), so it is a POST: a GET never writes."""
    _require_manager(request)
    record = get_object_or_404(selectors.records_for(request.user), pk=pk)
    layout = services.certificate_layout_get(organization=request.user.organization)
    content = documents.render_certificates_pdf(records=[record], layout=layout, organization=record.organization)
    services.certificates_printed(records=[record], by=request.user)
    return _download(content, content_type="application/pdf", filename=f"giay-khen-{record.pk}.pdf")


@require_POST
@login_required
def certificates_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """Printing is recorded (CertificatePrint), so it is a POST: a GET never writes."""
    _require_manager(request)
    document = get_object_or_404(selectors.documents_for(request.user), pk=pk)
    records = list(AwardRecord.objects.filter(document=document).select_related("form").order_by("pk"))
    if not records:
        raise Http404("Văn bản chưa có người được khen.")
    layout = services.certificate_layout_get(organization=request.user.organization)
    content = documents.render_certificates_pdf(records=records, layout=layout, organization=document.organization)
    services.certificates_printed(records=records, by=request.user)
    return _download(content, content_type="application/pdf", filename=f"giay-khen-qd-{document.pk}.pdf")


def _organization_settings_page(request: HttpRequest, *, get, update, form_class, template: str, saved: str,
                                url_name: str) -> HttpResponse:
    """A commune-wide settings form (print offsets, award settings): managers only, saved through a service."""
    _require_manager(request)
    organization = request.user.organization
    form = form_class(request.POST or None, instance=get(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            update(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, saved)
            return redirect(url_name)
    return render(request, template, {"nav": "awards", "form": form})


@login_required
def certificate_layout(request: HttpRequest) -> HttpResponse:
    return _organization_settings_page(
        request, get=services.certificate_layout_get, update=services.certificate_layout_update,
        form_class=forms.LayoutForm, template="awards/layout.html", saved="Đã lưu vị trí in Giấy khen.",
        url_name="awards:layout",
    )


@require_safe
@login_required
def certificate_test(request: HttpRequest) -> HttpResponse:
    """A test page: the grid in mm and the text boxes where the saved layout puts them."""
    _require_manager(request)
    organization = request.user.organization
    layout = services.certificate_layout_get(organization=organization)
    sample = AwardRecord(organization=organization, year=timezone.localdate().year, form_name="Lao động tiên tiến",
                         subject_kind="ca_nhan", display_name="Nguyễn Văn Mẫu", unit_name="Đơn vị mẫu",
                         decision_number="…/QĐ-UBND", decision_date=timezone.localdate())
    content = documents.render_certificates_pdf(records=[sample], layout=layout, organization=organization, grid=True)
    return _download(content, content_type="application/pdf", filename="giay-khen-in-thu.pdf")


# --- Register, statistics ---------------------------------------------------------------------------------------

def _register_filters(form: forms.RegisterSearchForm) -> selectors.RegisterFilters:
    if not form.is_valid():
        return selectors.RegisterFilters()
    data = form.cleaned_data
    return selectors.RegisterFilters(q=data["q"] or "", year=data["year"],
                                     form_id=data["form"].pk if data["form"] else None,
                                     subject_kind=data["subject_kind"] or "")


@require_safe
@login_required
def register(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = forms.RegisterSearchForm(request.GET or None)
    records = selectors.register_search(user=request.user, filters=_register_filters(form))[:500]
    return render(request, "awards/register.html", {"nav": "awards", "form": form, "records": records,
                                                     "is_manager": is_manager(request.user)})


@require_safe
@login_required
def register_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = forms.RegisterSearchForm(request.GET or None)
    records = selectors.register_search(user=request.user, filters=_register_filters(form))
    return _download(excel.register_workbook(records), content_type=XLSX_TYPE, filename="so-khen-thuong.xlsx")


REGISTER_SESSION_KEY = "award_register_import"


@login_required
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload → preview (rows to add, rows already in the register, errors per row) → confirm."""
    _require_manager(request)
    organization = request.user.organization
    if request.method == "POST" and request.POST.get("step") == "confirm":
        kept = stashed_upload(request, REGISTER_SESSION_KEY, request.POST.get("token", ""))
        if kept is None:
            messages.error(request, "Phiên nhập đã hết hạn hoặc tệp đã được nhập rồi; hãy tải tệp lên lại.")
            return redirect("awards:register_import")
        upload, _data = kept
        try:
            result = register_io.register_import(organization=organization, by=request.user, upload=upload)
        except ValidationError as error:
            discard_stash(request, REGISTER_SESSION_KEY)
            return render(request, "awards/register_import.html",
                          {"nav": "awards", "form": forms.ImportForm(), "errors": error.messages}, status=422)
        discard_stash(request, REGISTER_SESSION_KEY)
        summary = f"Đã nhập {result.created} dòng vào sổ khen thưởng"
        if result.skipped:
            summary += f"; bỏ qua {len(result.skipped)} dòng đã có"
        messages.success(request, summary + ".")
        for line in result.skipped[:20]:
            messages.info(request, line)
        return redirect("awards:register")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = register_io.register_preview(organization=organization, upload=upload)
        except ValidationError as error:
            errors = error.messages
        else:
            token = stash_upload(request, REGISTER_SESSION_KEY, upload) if preview.is_valid else None
            if token is None:
                discard_stash(request, REGISTER_SESSION_KEY)
            return render(request, "awards/register_preview.html",
                          {"nav": "awards", "preview": preview, "token": token, "file_name": upload.name},
                          status=200 if preview.is_valid else 422)
    return render(request, "awards/register_import.html", {"nav": "awards", "form": form, "errors": errors},
                  status=422 if errors or form.errors else 200)


@require_safe
@login_required
def register_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    return _download(excel.import_template(), content_type=XLSX_TYPE, filename="mau-so-khen-thuong.xlsx")


@require_safe
@login_required
def history(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    key = request.GET.get("key", "")
    records = list(selectors.subject_history(user=request.user, key=key)) if key else []
    if not records:
        raise Http404("Không có lịch sử khen thưởng.")
    return render(request, "awards/history.html", {"nav": "awards", "records": records, "subject": records[0]})


@require_safe
@login_required
def stats(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    return render(request, "awards/stats.html", {
        "nav": "awards", "rows": selectors.statistics(user=request.user, year=year), "year": year,
        "years": selectors.record_years(request.user), "report_form": StatisticalReportForm.objects.first(),
    })


@require_safe
@login_required
def stats_export(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    title = f"Thống kê khen thưởng {'năm ' + str(year) if year else 'các năm'} · {request.user.organization}"
    content = excel.statistics_workbook(rows=selectors.statistics(user=request.user, year=year), title=title)
    return _download(content, content_type=XLSX_TYPE, filename="thong-ke-khen-thuong.xlsx")


@require_safe
@login_required
def report_0602(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    year = _year(request)
    form = get_object_or_404(StatisticalReportForm, code__startswith="0602")
    content = excel.report_0602_workbook(organization=request.user.organization, year=year, form=form,
                                         rows=selectors.statistics(user=request.user, year=year))
    return _download(content, content_type=XLSX_TYPE, filename=f"bieu-0602N-{year}.xlsx")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    return _organization_settings_page(
        request, get=services.awards_settings_get, update=services.awards_settings_update,
        form_class=forms.SettingsForm, template="awards/settings.html", saved="Đã lưu cài đặt khen thưởng.",
        url_name="awards:settings",
    )


# --- change history (django-simple-history, core/history.py) ------------------------------------------------------


def _described(record) -> str:
    # The model's own __str__ read off the historical row, whose foreign keys the page loaded with select_related;
    # building record.instance would fetch each related row again, one query per line.
    model = record.instance_type
    try:
        text = model.__str__(record)
    except AttributeError:  # a __str__ that needs more than the stored fields
        text = str(record.instance)
    return f"{model._meta.verbose_name}: {text}"


@require_safe
@login_required
def dossier_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the dossier, its nominees and the council's votes on them (a vote changed afterwards shows)."""
    dossier = _dossier(request, pk)
    return history_response(
        request, nav="awards", title=f"Lịch sử thay đổi · {dossier}",
        intro="Hồ sơ, người/tập thể được đề nghị và phiếu biểu quyết của hội đồng: ai, khi nào, trước và sau.",
        crumbs=[("Khen thưởng", reverse("awards:index")),
                (str(dossier), reverse("awards:dossier_detail", args=[pk])), ("Lịch sử thay đổi", "")],
        changes=record_changes([
            dossier.history.select_related("form"),
            Nominee.history.filter(dossier_id=dossier.pk).select_related("person", "unit", "village"),
            Vote.history.filter(nominee__dossier_id=dossier.pk).select_related(
                "member", "nominee__person", "nominee__unit", "nominee__village"),
        ], describe=_described),
    )


@require_safe
@login_required
def award_document_history(request: HttpRequest, pk: int) -> HttpResponse:
    document = _award_document(request, pk)
    return history_response(
        request, nav="awards", title=f"Lịch sử thay đổi · {document}",
        crumbs=[("Văn bản khen thưởng", reverse("awards:documents")),
                (str(document), reverse("awards:award_document", args=[pk])), ("Lịch sử thay đổi", "")],
        changes=record_changes([document.history.all()], describe=_described),
    )
