"""Read pages and task status updates. Thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from core.forms import apply_validation_error
from core.history import history_response
from core.transitions import transition_buttons
from notifications.registry import waiting_for
from units.permissions import can_edit_plans, user_unit_ids
from units.roles import Role

from .. import selectors, services
from ..forms import PlanCreateForm, TaskFilterForm, TaskSearchForm, TaskStatusForm
from ..models import Plan, TaskUpdate
from ..permissions import can_update_task
from ..workflow import PLAN_FLOW


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    plan = selectors.current_plan(request.user)
    context = {
        "nav": "dashboard",
        "plan": plan,
        "progress": selectors.plan_progress(plan=plan) if plan else [],
        "overdue": selectors.task_rows(selectors.overdue_tasks(user=request.user), today=timezone.localdate()),
        "my_tasks": selectors.task_rows(selectors.my_unit_tasks(user=request.user, plan=plan),
                                        today=timezone.localdate()),
        "has_unit": bool(user_unit_ids(request.user)),
        "updates": selectors.latest_updates(user=request.user),
        # The chairman's hint: what waits for a signature (each app declares its own through the registry).
        "waiting": waiting_for(request.user),
    }
    return render(request, "plans/dashboard.html", context)


@require_safe
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"nav": "plans", "plans": selectors.plan_list(request.user)})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_plans(request.user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được lập kế hoạch.")
    organization = request.user.organization
    form = PlanCreateForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        texts = {"title": form.cleaned_data["title"]} if form.cleaned_data["title"] else {}
        try:
            plan = services.plan_create(
                organization=organization, year=form.cleaned_data["year"], by=request.user, **texts
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã tạo kế hoạch năm {plan.year}. Hãy thêm các nhiệm vụ.")
            return redirect("plans:edit", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"nav": "plans", "form": form})


@require_safe
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    units = selectors.plan_units(plan)
    form = TaskFilterForm(request.GET or None, units=units)
    filters = selectors.TaskFilters()
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        filters = selectors.TaskFilters(
            quarter=form.cleaned_data["quarter"], unit_id=unit.pk if unit else None,
            status=form.cleaned_data["status"], overdue=form.cleaned_data["overdue"],
        )
    context = {
        "nav": "plans",
        "plan": plan,
        "table_html": _plan_table(request, plan, filters),
        "recipients": list(plan.recipients.all()),
        "filter_form": form,
        "filters": filters,
        "can_edit": can_edit_plans(request.user) and plan.status == plan.Status.DRAFT and plan.is_current,
        **_signoff_context(request, plan),
    }
    return render(request, "plans/plan_detail.html", context)


def _plan_table(request: HttpRequest, plan: Plan, filters: selectors.TaskFilters) -> str:
    """The rendered rows of the plan table, cached per change of the plan (selectors.plan_stamp), day (overdue
    marks), filters and what the user may update (the "Cập nhật" links): a hit costs three small queries."""
    user, today = request.user, timezone.localdate()
    unit_ids = user_unit_ids(user)
    if can_edit_plans(user):
        scope = "editor"
    elif user.has_role(Role.CAN_BO):
        scope = "units:" + ",".join(str(pk) for pk in sorted(unit_ids))
    else:
        scope = "reader"
    wanted = f"{filters.quarter}|{filters.unit_id}|{filters.status}|{filters.overdue}"
    key = f"plan-table:v1:{plan.pk}:{selectors.plan_stamp(plan)}:{today}:{scope}:{wanted}"

    def render_rows() -> str:
        prefix = selectors.task_url_prefix()
        sections = [
            {"label": rows.section.get_kind_display(),
             "rows": selectors.task_rows(rows.tasks, today=today, prefix=prefix, plan=plan,
                                         can_update=lambda task: can_update_task(user, task, unit_ids))}
            for rows in selectors.plan_sections(plan=plan, filters=filters, today=today)
        ]
        return render_to_string("plans/partials/plan_rows.html", {"sections": sections})

    return mark_safe(cache.get_or_set(key, render_rows, timeout=24 * 3600))  # noqa: S308 - our own render


def _signoff_context(request: HttpRequest, plan: Plan) -> dict:
    """The sign-off panel: buttons from PLAN_FLOW (the service checks again), the issued file, the timeline,
    and the links between revisions."""
    signed = plan.status == Plan.Status.SIGNED
    return {
        "events": selectors.plan_events(plan),
        "issued": selectors.issued_document_of(plan) if signed else None,
        "transitions": transition_buttons(workflow=PLAN_FLOW, user=request.user, obj=plan,
                                          action=reverse("plans:transition", args=[plan.pk]))
        if plan.is_current else [],
        "labels": PLAN_FLOW.status_labels,
        "can_revise": can_edit_plans(request.user) and signed and plan.is_current,
        "successor": None if plan.is_current else selectors.plans_for(request.user).filter(supersedes=plan).first(),
        "predecessor": plan.supersedes,
    }


@require_safe
@login_required
def task_search(request: HttpRequest) -> HttpResponse:
    form = TaskSearchForm(request.GET or None)
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.task_rows(selectors.task_search(user=request.user, query=form.cleaned_data["q"]),
                                      today=timezone.localdate())
    return render(request, "plans/task_search.html", {"nav": "search", "form": form, "results": results})


def _task_page_context(request: HttpRequest, task, form: TaskStatusForm) -> dict:
    return {
        "nav": "plans",
        "task": task,
        "plan": task.plan,
        "units": [tu.unit for tu in task.task_units.all()],
        "history": selectors.task_history(task),
        "form": form,
        "can_update": can_update_task(request.user, task),
    }


@require_safe
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.with_units(selectors.tasks_for(request.user)), pk=pk)
    form = TaskStatusForm(initial={"status": task.status})
    return render(request, "plans/task_detail.html", _task_page_context(request, task, form))


@require_POST
@login_required
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.with_units(selectors.tasks_for(request.user)), pk=pk)
    if not can_update_task(request.user, task):
        raise PermissionDenied("Bạn chỉ được cập nhật nhiệm vụ của đơn vị mình.")
    form = TaskStatusForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_set_status(
                task=task, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"], attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Đã cập nhật nhiệm vụ {task.number}: {task.get_status_display()}.")
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_detail.html", _task_page_context(request, task, form), status=422)


@require_safe
@login_required
def update_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Attachments are private: only users of the task's organization may download them."""
    update = get_object_or_404(
        TaskUpdate.objects.select_related("task__plan"), pk=pk,
        task__plan__organization_id=request.user.organization_id,
    )
    if not update.attachment:
        raise Http404("Không có tệp đính kèm.")
    return FileResponse(
        update.attachment.open("rb"), as_attachment=True,
        filename=update.attachment_name or update.attachment.name.rsplit("/", 1)[-1],
    )


@require_safe
@login_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return history_response(
        request, nav="plans", title=f"Lịch sử thay đổi kế hoạch năm {plan.year}",
        intro="Mọi lần tạo, sửa, xóa kế hoạch và nhiệm vụ: ai, khi nào, nội dung trước và sau. Lịch sử trạng thái "
              "từng nhiệm vụ xem ở trang nhiệm vụ.",
        crumbs=[("Kế hoạch", reverse("plans:list")), (f"Năm {plan.year}", reverse("plans:detail", args=[plan.pk])),
                ("Lịch sử thay đổi", "")],
        changes=selectors.plan_changes(plan=plan),
    )
