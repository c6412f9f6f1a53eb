"""Pages of campaigns, registrations, reviews, pledges and clusters. Thin: selectors read (scoped to the user's
commune, so another commune's object is a 404), services write and check roles (403)."""

from collections.abc import Callable

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
from core.uploads import PDF, XLSX
from units.models import Unit

from . import documents, exporting, forms, importing, selectors, services
from .models import Campaign, CampaignAttachment, ClusterMember, Commitment, Registration, RegistrationLine, Score
from .permissions import (
    MANAGER_ONLY,
    can_edit_registration,
    can_manage,
    ensure_can_edit_registration,
    is_own_unit,
)
from .workflow import COMMITMENT_FLOW, FLOW, UNIT_OWNED

IMPORT_SESSION_KEY = "household_import"


def _require_manager(request: HttpRequest) -> None:
    if not can_manage(request.user):
        raise PermissionDenied(MANAGER_ONLY)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # ASCII names: Vietnamese ones need RFC 5987 encoding that some mail clients mangle.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _attempt(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service; a ValidationError becomes an error message on the next page."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True


# --- campaigns ---------------------------------------------------------------------------------------------------


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    context = {"nav": "campaigns", "campaigns": selectors.campaign_list(request.user),
               "can_manage": can_manage(request.user)}
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    organization = request.user.organization
    initial = {"year": timezone.localdate().year}
    task_id = request.GET.get("task")
    if task_id and task_id.isdigit():
        initial["tasks"] = [int(task_id)]
    form = forms.CampaignForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tasks = data.pop("tasks")
        try:
            campaign = services.campaign_create(organization=organization, by=request.user, tasks=tasks, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã tạo phong trào. Hãy chọn đơn vị tham gia để phát động.")
            return redirect("campaigns:launch", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"nav": "campaigns", "form": form})


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.CampaignForm(request.POST or None, instance=campaign, organization=campaign.organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tasks = data.pop("tasks")
        try:
            services.campaign_update(campaign=campaign, by=request.user, tasks=tasks, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã lưu phong trào.")
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"nav": "campaigns", "form": form, "campaign": campaign})


@require_safe
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user).prefetch_related("tasks__plan"), pk=pk)
    context = {
        "nav": "campaigns", "campaign": campaign, "registrations": selectors.campaign_registrations(campaign),
        "attachments": campaign.attachments.all(), "reviews": campaign.reviews.all(),
        "pledges": campaign.pledges.all(), "can_manage": can_manage(request.user),
        "attachment_form": forms.AttachmentForm(), "review_form": forms.ReviewForm(),
        "deadline": campaign.deadline(), "today": timezone.localdate(),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_launch(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    _require_manager(request)
    current = list(campaign.participants.values_list("unit_id", flat=True))
    form = forms.LaunchForm(request.POST or None, organization=campaign.organization, initial={"units": current})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.campaign_launch(campaign=campaign, by=request.user, units=form.cleaned_data["units"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã phát động phong trào; {len(created)} đơn vị mới được mời đăng ký.")
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_launch.html",
                  {"nav": "campaigns", "form": form, "campaign": campaign})


@require_POST
@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(request, lambda: services.campaign_attachment_add(
            campaign=campaign, by=request.user, upload=form.cleaned_data["file"]), "Đã đính kèm tệp.")
    else:
        messages.error(request, "Hãy chọn tệp để đính kèm.")
    return redirect("campaigns:detail", pk=campaign.pk)


@require_safe
@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    campaign_ids = selectors.campaigns_for(request.user).values("pk")
    attachment = get_object_or_404(CampaignAttachment, pk=pk, campaign_id__in=campaign_ids)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# --- registrations ---------------------------------------------------------------------------------------------


def _registration_context(request: HttpRequest, registration: Registration, **extra) -> dict:
    user = request.user
    editable = can_edit_registration(user, registration)
    buttons = transition_buttons(
        workflow=FLOW, user=user, obj=registration, action=reverse("campaigns:transition", args=[registration.pk]),
        allowed=lambda t: ((t.source, t.target) not in UNIT_OWNED or "vhxh" in user.roles
                           or is_own_unit(user, registration)),
    )
    context = {
        "nav": "campaigns", "registration": registration, "campaign": registration.campaign,
        "lines": selectors.registration_lines(registration), "log": registration.log.select_related("actor"),
        "editable": editable, "buttons": buttons, "deadline": registration.campaign.deadline(),
        "is_village": registration.unit.kind == Unit.Kind.VILLAGE,
    }
    if editable:
        context["form"] = forms.RegistrationForm(
            registration=registration, initial={"title": registration.title_id, "targets": registration.targets})
        context["line_form"] = forms.LineForm(registration=registration)
    context.update(extra)
    return context


@require_safe
@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    return render(request, "campaigns/registration_detail.html", _registration_context(request, registration))


@require_POST
@login_required
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    form = forms.RegistrationForm(request.POST, registration=registration)
    if form.is_valid():
        _attempt(request, lambda: services.registration_update(
            registration=registration, by=request.user, **form.cleaned_data), "Đã lưu bản đăng ký.")
    else:
        ensure_can_edit_registration(user=request.user, registration=registration)
        messages.error(request, "Danh hiệu không hợp lệ.")
    return redirect("campaigns:registration", pk=registration.pk)


@require_POST
@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    ensure_can_edit_registration(user=request.user, registration=registration)
    form = forms.LineForm(request.POST, registration=registration)
    if form.is_valid():
        _attempt(request, lambda: services.registration_line_add(
            registration=registration, by=request.user, **form.cleaned_data), "Đã thêm dòng đăng ký.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("campaigns:registration", pk=registration.pk)


@require_POST
@login_required
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(selectors.lines_for(request.user), pk=pk)
    services.registration_line_delete(line=line, by=request.user)
    messages.success(request, "Đã xóa dòng đăng ký.")
    return redirect("campaigns:registration", pk=line.registration_id)


@require_POST
@login_required
def registration_transition(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    return transition_post(
        request, workflow=FLOW, back=reverse("campaigns:registration", args=[registration.pk]),
        apply=lambda to, note: services.registration_transition(
            registration=registration, by=request.user, to=to, note=note),
        success=lambda log: f"Bản đăng ký chuyển sang “{FLOW.label(log.to_status)}”.",
    )


@login_required
def household_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → row-level preview → confirm; nothing is saved unless every row is valid."""
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=pk)
    ensure_can_edit_registration(user=request.user, registration=registration)
    if registration.unit.kind != Unit.Kind.VILLAGE:
        raise Http404("Chỉ thôn mới nhập danh sách hộ gia đình.")
    context = {"nav": "campaigns", "registration": registration}
    if request.method == "POST" and request.POST.get("step") == "confirm":
        kept = stashed_upload(request, IMPORT_SESSION_KEY, request.POST.get("token", ""))
        if kept is None or kept[1].get("registration") != registration.pk:
            messages.error(request, "Phiên nhập đã hết hạn hoặc tệp đã được nhập rồi; hãy tải tệp lên lại.")
            return redirect("campaigns:household_import", pk=registration.pk)
        upload, data = kept
        try:
            preview = importing.read_household_workbook(upload, registration=registration)
            lines = services.registration_households_import(registration=registration, by=request.user,
                                                            rows=preview.rows)
        except ValidationError as error:
            discard_stash(request, IMPORT_SESSION_KEY)
            messages.error(request, " ".join(error.messages))
            return redirect("campaigns:household_import", pk=registration.pk)
        discard_stash(request, IMPORT_SESSION_KEY)
        messages.success(request, f"Đã nhập {len(lines)} hộ gia đình vào bản đăng ký.")
        return redirect("campaigns:registration", pk=registration.pk)
    form = forms.HouseholdImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = importing.read_household_workbook(upload, registration=registration)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            token = None
            if preview.is_valid:
                token = stash_upload(request, IMPORT_SESSION_KEY, upload, registration=registration.pk)
            else:
                discard_stash(request, IMPORT_SESSION_KEY)
            context.update(preview=preview, token=token, file_name=upload.name)
            return render(request, "campaigns/household_preview.html", context,
                          status=200 if preview.is_valid else 422)
    context["form"] = form
    return render(request, "campaigns/household_import.html", context,
                  status=422 if request.method == "POST" else 200)


@require_safe
@login_required
def household_template(request: HttpRequest) -> HttpResponse:
    return _download(exporting.household_template_xlsx(), content_type=XLSX.content_type,
                     filename="mau-ho-gia-dinh.xlsx")


@require_safe
@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    households = selectors.households_for(request.user).order_by("village__order", "head_name")
    village = request.GET.get("village", "")
    if village.isdigit():
        households = households.filter(village_id=int(village))
    villages = Unit.objects.filter(organization_id=request.user.organization_id, kind=Unit.Kind.VILLAGE)
    return render(request, "campaigns/household_list.html", {
        "nav": "campaigns", "households": households, "villages": villages, "village": village,
    })


# --- summary ----------------------------------------------------------------------------------------------------


def _summary(request: HttpRequest, pk: int) -> tuple[Campaign, forms.SummaryFilterForm, selectors.Summary]:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    form = forms.SummaryFilterForm(request.GET or None, campaign=campaign)
    filters = selectors.SummaryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.SummaryFilters(
            unit_id=data["unit"].pk if data["unit"] else None, title_id=data["title"].pk if data["title"] else None,
            status=data["status"], subject_kind=data["subject_kind"],
        )
    return campaign, form, selectors.campaign_summary(campaign=campaign, filters=filters)


@require_safe
@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, form, data = _summary(request, pk)
    query = request.GET.urlencode()
    return render(request, "campaigns/summary.html",
                  {"nav": "campaigns", "campaign": campaign, "form": form, "summary": data, "query": query})


@require_safe
@login_required
def summary_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, _, data = _summary(request, pk)
    return _download(exporting.summary_xlsx(data), content_type=XLSX.content_type,
                     filename=f"tong-hop-dang-ky-{campaign.pk}.xlsx")


@require_safe
@login_required
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, form, data = _summary(request, pk)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    return _download(documents.summary_pdf(data, status=status), content_type=PDF.content_type,
                     filename=f"tong-hop-dang-ky-{campaign.pk}.pdf")


# --- reviews -----------------------------------------------------------------------------------------------------


@require_POST
@login_required
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.review_create(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Đã tạo đợt đánh giá.")
            return redirect("campaigns:review", pk=review.pk)
    else:
        messages.error(request, "Hãy chọn loại và ngày họp.")
    return redirect("campaigns:detail", pk=campaign.pk)


@require_safe
@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(selectors.reviews_for(request.user), pk=pk)
    return render(request, "campaigns/review_detail.html", {
        "nav": "campaigns", "review": review, "campaign": review.campaign, "rows": selectors.review_rows(review),
        "can_manage": can_manage(request.user),
    })


@require_POST
@login_required
def review_result(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(selectors.reviews_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.ReviewResultForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Hãy chọn kết quả đạt hoặc không đạt.")
        return redirect("campaigns:review", pk=review.pk)
    data = form.cleaned_data
    registration = get_object_or_404(review.campaign.registrations, pk=data["registration"])
    line = get_object_or_404(registration.lines, pk=data["line"]) if data["line"] else None
    _attempt(request, lambda: services.review_result_set(
        review=review, by=request.user, registration=registration, line=line, outcome=data["outcome"],
        note=data["note"], evidence=data["evidence"]), "Đã ghi kết quả.")
    return redirect(reverse("campaigns:review", args=[review.pk]) + f"#r{registration.pk}")


@require_safe
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    result = get_object_or_404(selectors.results_for(request.user), pk=pk)
    if not result.evidence:
        raise Http404("Không có minh chứng.")
    return FileResponse(result.evidence.open("rb"), as_attachment=True,
                        filename=result.evidence_name or result.evidence.name.rsplit("/", 1)[-1])


# --- pledges -----------------------------------------------------------------------------------------------------


@require_safe
@login_required
def pledge_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/pledge_list.html", {
        "nav": "campaigns", "pledges": selectors.pledges_for(request.user).prefetch_related("parties"),
        "can_manage": can_manage(request.user),
    })


@login_required
def pledge_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    organization = request.user.organization
    form = forms.PledgeForm(request.POST or None, organization=organization,
                            initial={"year": timezone.localdate().year, "place": organization.place_name})
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(organization=organization, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã tạo bản giao ước. Hãy thêm các bên và nội dung.")
            return redirect("campaigns:pledge", pk=pledge.pk)
    return render(request, "campaigns/pledge_form.html", {"nav": "campaigns", "form": form})


@require_safe
@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for(request.user), pk=pk)
    commitments = list(pledge.commitments.prefetch_related("updates__actor").order_by("number"))
    follow = bool(commitments) and services.can_follow_up(request.user, commitments[0])
    for commitment in commitments:
        commitment.buttons = transition_buttons(
            workflow=COMMITMENT_FLOW, user=request.user, obj=commitment,
            action=reverse("campaigns:commitment_status", args=[commitment.pk]),
        ) if follow else []
    return render(request, "campaigns/pledge_detail.html", {
        "nav": "campaigns", "pledge": pledge, "commitments": commitments,
        "parties": pledge.parties.prefetch_related("signatories"), "can_manage": can_manage(request.user),
        "can_follow": follow, "party_form": forms.PartyForm(organization=pledge.organization),
        "commitment_form": forms.CommitmentForm(),
    })


@require_POST
@login_required
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.PartyForm(request.POST, organization=pledge.organization)
    if form.is_valid():
        _attempt(request, lambda: services.pledge_party_add(pledge=pledge, by=request.user, **form.cleaned_data),
                 "Đã thêm bên giao ước.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("campaigns:pledge", pk=pledge.pk)


@require_POST
@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.CommitmentForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.commitment_add(pledge=pledge, by=request.user, **form.cleaned_data),
                 "Đã thêm nội dung giao ước.")
    else:
        messages.error(request, "Hãy ghi nội dung cam kết.")
    return redirect("campaigns:pledge", pk=pledge.pk)


@require_POST
@login_required
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(selectors.commitments_for(request.user), pk=pk)
    back = reverse("campaigns:pledge", args=[commitment.pledge_id]) + f"#c{commitment.pk}"
    return transition_post(
        request, workflow=COMMITMENT_FLOW, back=back,
        apply=lambda to, note: services.commitment_set_status(
            commitment=commitment, by=request.user, status=to, note=note),
        success=lambda log: f"Cam kết {commitment.number}: {COMMITMENT_FLOW.label(log.to_status)}.",
    )


@require_safe
@login_required
def pledge_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for(request.user).select_related("organization"), pk=pk)
    return _download(documents.pledge_pdf(pledge), content_type=PDF.content_type, filename=f"giao-uoc-{pledge.pk}.pdf")


# --- clusters and scoring ----------------------------------------------------------------------------------------


@require_safe
@login_required
def cluster_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/cluster_list.html", {
        "nav": "campaigns", "clusters": selectors.clusters_for(request.user).prefetch_related("members", "sheets"),
        "can_manage": can_manage(request.user),
    })


@login_required
def cluster_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = forms.ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(organization=request.user.organization, by=request.user,
                                              **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Đã tạo cụm. Hãy thêm thành viên.")
            return redirect("campaigns:cluster", pk=cluster.pk)
    return render(request, "campaigns/cluster_form.html", {"nav": "campaigns", "form": form})


@require_safe
@login_required
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(selectors.clusters_for(request.user), pk=pk)
    return render(request, "campaigns/cluster_detail.html", {
        "nav": "campaigns", "cluster": cluster, "members": cluster.members.all(),
        "sheets": cluster.sheets.select_related("lead"), "can_manage": can_manage(request.user),
        "member_form": forms.MemberForm(organization=cluster.organization),
        "sheet_form": forms.SheetForm(cluster=cluster, initial={"year": timezone.localdate().year}),
    })


@require_POST
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(selectors.clusters_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.MemberForm(request.POST, organization=cluster.organization)
    if form.is_valid():
        _attempt(request, lambda: services.cluster_member_add(cluster=cluster, by=request.user, **form.cleaned_data),
                 "Đã thêm thành viên.")
    return redirect("campaigns:cluster", pk=cluster.pk)


@require_POST
@login_required
def sheet_create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(selectors.clusters_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.SheetForm(request.POST, cluster=cluster)
    if form.is_valid():
        try:
            sheet = services.sheet_create(cluster=cluster, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Đã tạo bảng chấm điểm.")
            return redirect("campaigns:sheet", pk=sheet.pk)
    else:
        messages.error(request, "Năm không hợp lệ.")
    return redirect("campaigns:cluster", pk=cluster.pk)


@require_safe
@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.sheets_for(request.user), pk=pk)
    ranking = selectors.sheet_ranking(sheet)
    editing = request.GET.get("member", "")
    member = sheet.cluster.members.filter(pk=int(editing)).first() if editing.isdigit() else None
    scores_form = None
    if member is not None and can_manage(request.user):
        row = next(r for r in ranking.rows if r.member.pk == member.pk)
        initial = {}
        for criterion_id, (self_points, final_points) in row.points.items():
            initial[f"s{criterion_id}"], initial[f"f{criterion_id}"] = self_points, final_points
        scores_form = forms.ScoresForm(criteria=ranking.criteria, initial=initial)
    return render(request, "campaigns/sheet_detail.html", {
        "nav": "campaigns", "sheet": sheet, "ranking": ranking, "can_manage": can_manage(request.user),
        "criterion_form": forms.CriterionForm(), "member": member, "scores_form": scores_form,
    })


@require_POST
@login_required
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.sheets_for(request.user), pk=pk)
    _require_manager(request)
    form = forms.CriterionForm(request.POST)
    if form.is_valid():
        _attempt(request, lambda: services.criterion_add(sheet=sheet, by=request.user, **form.cleaned_data),
                 "Đã thêm tiêu chí.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("campaigns:sheet", pk=sheet.pk)


@require_POST
@login_required
def scores_save(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.sheets_for(request.user), pk=pk)
    member = get_object_or_404(sheet.cluster.members, pk=member_pk)
    _require_manager(request)
    form = forms.ScoresForm(request.POST, criteria=sheet.criteria.order_by("order", "pk"))
    if form.is_valid():
        if _attempt(request, lambda: services.scores_set(sheet=sheet, member=member, by=request.user,
                                                         points=form.points()), f"Đã lưu điểm của {member.name}."):
            return redirect("campaigns:sheet", pk=sheet.pk)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("campaigns:sheet", args=[sheet.pk]) + f"?member={member.pk}")


@require_safe
@login_required
def ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.sheets_for(request.user), pk=pk)
    return _download(exporting.ranking_xlsx(selectors.sheet_ranking(sheet)), content_type=XLSX.content_type,
                     filename=f"xep-hang-{sheet.year}-{sheet.pk}.xlsx")


@require_safe
@login_required
def ranking_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.sheets_for(request.user).select_related("cluster__organization"), pk=pk)
    return _download(documents.ranking_pdf(selectors.sheet_ranking(sheet)), content_type=PDF.content_type,
                     filename=f"xep-hang-{sheet.year}-{sheet.pk}.pdf")


# --- change history (django-simple-history, core/history.py) ------------------------------------------------------


def _described(record) -> str:
    return f"{record.instance._meta.verbose_name}: {record.instance}"


@require_safe
@login_required
def campaign_history(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
    registrations = Registration.history.filter(campaign_id=campaign.pk)
    lines = RegistrationLine.history.filter(registration__campaign_id=campaign.pk)
    return history_response(
        request, nav="campaigns", title=f"Lịch sử thay đổi · {campaign.title}",
        intro="Mọi lần tạo, sửa, xóa phong trào, các bản đăng ký và dòng đăng ký: ai, khi nào, trước và sau.",
        crumbs=[("Phong trào", reverse("campaigns:list")), (campaign.title, reverse("campaigns:detail", args=[pk])),
                ("Lịch sử thay đổi", "")],
        changes=record_changes([campaign.history.all(), registrations, lines], describe=_described),
    )


@require_safe
@login_required
def pledge_history(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(selectors.pledges_for(request.user), pk=pk)
    return history_response(
        request, nav="campaigns", title=f"Lịch sử thay đổi · {pledge.title}",
        crumbs=[("Giao ước", reverse("campaigns:pledges")), (pledge.title, reverse("campaigns:pledge", args=[pk])),
                ("Lịch sử thay đổi", "")],
        changes=record_changes([pledge.history.all(), Commitment.history.filter(pledge_id=pledge.pk)],
                               describe=_described),
    )


@require_safe
@login_required
def cluster_history(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(selectors.clusters_for(request.user), pk=pk)
    return history_response(
        request, nav="campaigns", title=f"Lịch sử thay đổi · {cluster.name}",
        intro="Thành viên cụm và điểm chấm: ai, khi nào, trước và sau.",
        crumbs=[("Cụm thi đua", reverse("campaigns:clusters")), (cluster.name, reverse("campaigns:cluster", args=[pk])),
                ("Lịch sử thay đổi", "")],
        changes=record_changes([cluster.history.all(), ClusterMember.history.filter(cluster_id=cluster.pk),
                                Score.history.filter(member__cluster_id=cluster.pk)], describe=_described),
    )
