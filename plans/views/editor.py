"""The plan editor: texts, sections and tasks edited in place with htmx.

Every write returns the re-rendered sections table (so every TT updates at once) to htmx, or redirects
back to the editor for a plain form post, which keeps the editor usable without JavaScript.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from core.forms import apply_validation_error

from .. import selectors, services
from ..forms_editor import PlanTextsForm, SectionAddForm, SectionMoveForm, TaskForm, TaskMoveForm
from ..models import Plan, Section, Task
from ..permissions import ensure_can_edit_plan
from ..services import EditConflict

SECTIONS_ID = "plan-sections"


# --- scoping: another commune's object is a 404, a role that may not edit is a 403 ------------------


def _plan_for(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    ensure_can_edit_plan(user=request.user, plan=plan)
    return plan


def _section_for(request: HttpRequest, pk: int) -> Section:
    section = get_object_or_404(
        Section.objects.filter(plan__organization_id=request.user.organization_id).select_related(
            "plan", "plan__organization"
        ),
        pk=pk,
    )
    ensure_can_edit_plan(user=request.user, plan=section.plan)
    return section


def _task_for(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(selectors.with_units(selectors.tasks_for(request.user)), pk=pk)
    ensure_can_edit_plan(user=request.user, plan=task.plan)
    return task


# --- rendering ---------------------------------------------------------------------------------------


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _sections_context(plan: Plan, **extra) -> dict:
    sections = selectors.plan_sections(plan=plan)
    present = {rows.section.kind for rows in sections}
    return {
        "plan": plan,
        "sections": sections,
        "section_list": [rows.section for rows in sections],
        "missing_kinds": [(value, label) for value, label in Section.Kind.choices if value not in present],
        **extra,
    }


def _sections_response(request: HttpRequest, plan: Plan, *, status: int = 200, **extra) -> HttpResponse:
    response = render(request, "plans/editor/_sections.html", _sections_context(plan, **extra), status=status)
    if request.htmx.target != SECTIONS_ID:
        # The request came from a form that targets itself; a success replaces the whole table instead.
        response = reswap(retarget(response, f"#{SECTIONS_ID}"), "outerHTML")
    return response


def _editor_url(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:edit", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def _done(request: HttpRequest, plan: Plan, notice: str, anchor: str = "") -> HttpResponse:
    if request.htmx:
        return _sections_response(request, plan, notice=notice)
    messages.success(request, notice)
    return redirect(_editor_url(plan, anchor))


# --- small answers: a task action returns only the rows that changed, as htmx out-of-band swaps ------


def _layout(plan: Plan, rows: list | None = None) -> dict[int, tuple[int, int, bool, bool]]:
    """pk → (section, TT, first in its section, last in its section) of every task: one query of tuples
    (none when the service already read them)."""
    if rows is None:
        rows = list(Task.objects.filter(plan=plan).order_by("section__order", "section_id", "order", "pk")
                    .values_list("pk", "section_id", "number"))
    layout = {}
    for index, (pk, section_id, number) in enumerate(rows):
        first = index == 0 or rows[index - 1][1] != section_id
        last = index == len(rows) - 1 or rows[index + 1][1] != section_id
        layout[pk] = (section_id, number, first, last)
    return layout


def _changes_response(
    request: HttpRequest, plan: Plan, before: dict, *, notice: str, relocated: int | None = None,
    edited: int | None = None, add_slot: Section | None = None, after: dict | None = None,
    sections: list[Section] | None = None,
) -> HttpResponse:
    """Out-of-band pieces for what the action changed: the quarters a row left or entered (whole), elsewhere the
    rows whose TT or up/down buttons changed (in place) and deleted rows, the headers of quarters that became
    empty or stopped being empty, and the notice. The main swap is none. Applied to the page, the DOM equals a
    full render (test_editor_views checks it)."""
    after = _layout(plan) if after is None else after
    moved = {pk for pk in after if pk not in before}
    if relocated is not None and relocated in after:
        moved.add(relocated)
    changed = {pk for pk, place in after.items() if before.get(pk) != place} - moved
    if edited is not None and edited in after and edited not in moved:
        changed.add(edited)
    gone = set(before) - set(after)
    sections = list(plan.sections.order_by("order", "pk")) if sections is None else sections
    count_before, count_after = {}, {}
    for place in before.values():
        count_before[place[0]] = count_before.get(place[0], 0) + 1
    for place in after.values():
        count_after[place[0]] = count_after.get(place[0], 0) + 1
    # Quarters a row left or entered are sent whole (a fresh tbody, which the drag-and-drop script takes up
    # again); elsewhere only the rows whose TT or up/down buttons changed.
    resent = {after[pk][0] for pk in moved} | {before[pk][0] for pk in moved if pk in before}
    resent |= {s.pk for s in sections if bool(count_before.get(s.pk)) != bool(count_after.get(s.pk))}
    changed = {pk for pk in changed if after[pk][0] not in resent}
    wanted = changed | {pk for pk, place in after.items() if place[0] in resent}
    tasks = {
        t.pk: t for t in selectors.with_units(Task.objects.filter(pk__in=wanted).select_related("section"))
    }
    for task in tasks.values():
        task.plan = plan
    # Rendered without the request: context processors (roles, bell) would run once per piece.
    base = {"plan": plan, "section_list": sections, "csrf_token": get_token(request)}

    def row(pk: int) -> str:
        task = tasks[pk]
        _, _, first, last = after[pk]
        return render_to_string("plans/editor/_task_row.html", {
            **base, "task": task, "section": task.section, "is_first": first, "is_last": last, "oob": True,
        })

    # Table pieces travel in <template>: parsed alone, a <tr> beside a <div> would be dropped by the HTML parser
    # (htmx 2 swaps out-of-band elements found inside templates).
    pieces = [f'<template><tr id="task-row-{pk}" hx-swap-oob="delete"></tr></template>'
              for pk in sorted(gone) if before[pk][0] not in resent]
    for index, section in enumerate(sections):
        if section.pk not in resent:
            continue
        rows = [tasks[pk] for pk, place in after.items() if place[0] == section.pk]
        body = render_to_string("plans/editor/_section_tasks.html", {
            **base, "section": section, "tasks": rows, "oob": True})
        pieces.append(f"<template>{body}</template>")
        if bool(count_before.get(section.pk)) != bool(count_after.get(section.pk)):
            header = render_to_string("plans/editor/_section_header.html", {
                **base, "section": section, "first": index == 0, "last": index == len(sections) - 1,
                "has_tasks": bool(count_after.get(section.pk)), "oob": True,
            })
            pieces.append(f"<template>{header}</template>")
    pieces += [f"<template>{row(pk)}</template>" for pk in sorted(changed)]
    if add_slot is not None:
        pieces.append(render_to_string("plans/editor/_task_add_slot.html", {"section": add_slot, "oob": True}))
    pieces.append(render_to_string("plans/editor/_status.html", {"notice": notice, "oob": True}))
    return reswap(HttpResponse("".join(pieces)), "none")


def _task_done(
    request: HttpRequest, plan: Plan, before: dict | None, notice: str, anchor: str = "", **changes,
) -> HttpResponse:
    if request.htmx and before is not None:
        return _changes_response(request, plan, before, notice=notice, **changes)
    return _done(request, plan, notice, anchor)


def _refused(
    request: HttpRequest, plan: Plan, message: str, *, section_id: int | None = None
) -> HttpResponse:
    """A write the rules refused: show why next to the table, nothing was saved."""
    if request.htmx:
        return _sections_response(request, plan, status=422, error=message, error_section_id=section_id)
    messages.error(request, message)
    return redirect(_editor_url(plan))


def _task_form_response(
    request: HttpRequest, form: TaskForm, *, plan: Plan, section: Section, task: Task | None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "plan": plan, "section": section, "task": task}
    if request.htmx:
        # Opening the edit form replaces the task's row; a re-shown form replaces only itself.
        opening_edit = task is not None and request.method == "GET"
        template = "plans/editor/_task_edit_row.html" if opening_edit else "plans/editor/_task_form.html"
        return render(request, template, context, status=status)
    context.update(nav="plans", standalone=True)
    return render(request, "plans/editor/task_form_page.html", context, status=status)


# --- edit conflicts: a save over a newer version is refused and shown side by side -------------------


@dataclass
class ConflictRow:
    label: str
    theirs: str
    mine: str

    @property
    def differs(self) -> bool:
        return self.theirs != self.mine


def _shown(field: forms.Field, value) -> str:
    if value in (None, "") or (isinstance(value, list | tuple) and not value):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [getattr(item, "pk", item) for item in value]
        names = dict(field.queryset.model.objects.filter(pk__in=pks).values_list("pk", "name"))
        return ", ".join(names.get(int(pk), str(pk)) for pk in pks)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _conflict_response(
    request: HttpRequest, *, plan: Plan, conflict: EditConflict, form: forms.Form, theirs: dict, merge_form,
    what: str, wrapper_id: str, action: str, theirs_url: str, theirs_hx_url: str, theirs_hx_target: str,
) -> HttpResponse:
    """409 with both versions and three ways on: keep mine (resent with the stored version), take the stored
    one, or merge by hand in a form that starts from mine."""
    current = conflict.current
    last = current.history.select_related("history_user").order_by("-history_date").first()
    rows = [
        ConflictRow(label=str(field.label), theirs=_shown(field, theirs.get(name)),
                    mine=_shown(field, form.cleaned_data.get(name)))
        for name, field in form.fields.items() if name != "version"
    ]
    mine_hidden = [
        (name, value) for name in merge_form.data for value in merge_form.data.getlist(name)
        if name != "csrfmiddlewaretoken"
    ]
    standalone = not request.htmx
    context = {
        "nav": "plans", "plan": plan, "what": what, "rows": rows, "mine_hidden": mine_hidden,
        "merge_form": merge_form, "current_version": current.version, "wrapper_id": wrapper_id,
        "action": action, "standalone": standalone, "theirs_url": theirs_url, "theirs_hx_url": theirs_hx_url,
        "theirs_hx_target": theirs_hx_target,
        "saved_by": last.history_user if last else None, "saved_at": last.history_date if last else None,
    }
    template = "plans/editor/conflict_page.html" if standalone else "plans/editor/_conflict.html"
    return render(request, template, context, status=409)


def _with_version(data, version: int):
    data = data.copy()
    data["version"] = str(version)
    return data


# --- the page and the plan's texts -------------------------------------------------------------------


@require_safe
@login_required
def plan_editor(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    if request.htmx and request.htmx.target == SECTIONS_ID:
        # "Hủy" in a task form and the recovery after a failed drag reload only the table.
        return _sections_response(request, plan)
    texts_form = PlanTextsForm(initial=PlanTextsForm.initial_for(plan))
    return render(request, "plans/editor/editor.html", _editor_context(plan, texts_form))


def _editor_context(plan: Plan, texts_form: PlanTextsForm, **extra) -> dict:
    return {"nav": "plans", "texts_form": texts_form, **_sections_context(plan), **extra}


@login_required
@require_http_methods(["GET", "POST"])
def plan_texts(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    if request.method == "GET":
        if not request.htmx:
            return redirect(_editor_url(plan, "van-ban"))
        form = PlanTextsForm(initial=PlanTextsForm.initial_for(plan))
        return render(request, "plans/editor/_texts_form.html", {"plan": plan, "texts_form": form})
    form = PlanTextsForm(request.POST)
    if form.is_valid():
        try:
            recipients = services.parse_recipient_lines(form.cleaned_data["recipients"])
            services.plan_update_texts(
                plan=plan, by=request.user, recipients=recipients, expected_version=form.cleaned_data["version"],
                **form.texts(),
            )
        except EditConflict as conflict:
            current = conflict.current
            return _conflict_response(
                request, plan=current, conflict=conflict, form=form, theirs=PlanTextsForm.initial_for(current),
                merge_form=PlanTextsForm(_with_version(request.POST, current.version)),
                what="văn bản kế hoạch", wrapper_id="plan-texts", action=reverse("plans:texts", args=[plan.pk]),
                theirs_url=_editor_url(plan, "van-ban"), theirs_hx_url=reverse("plans:texts", args=[plan.pk]),
                theirs_hx_target="#plan-texts",
            )
        except ValidationError as error:
            plan.refresh_from_db()  # the failed update left unsaved values on the instance
            apply_validation_error(form, error)
        else:
            notice = "Đã lưu văn bản kế hoạch."
            if not request.htmx:
                messages.success(request, notice)
                return redirect(_editor_url(plan, "van-ban"))
            form = PlanTextsForm(initial=PlanTextsForm.initial_for(plan))
            return render(
                request, "plans/editor/_texts_form.html", {"plan": plan, "texts_form": form, "notice": notice}
            )
    if request.htmx:
        context = {"plan": plan, "texts_form": form}
        return render(request, "plans/editor/_texts_form.html", context, status=422)
    return render(request, "plans/editor/editor.html", _editor_context(plan, form), status=422)


# --- sections ----------------------------------------------------------------------------------------


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    form = SectionAddForm(request.POST, plan=plan)
    if not form.is_valid():
        return _refused(request, plan, _error_text(ValidationError(form.errors["kind"])))
    try:
        section = services.section_add(plan=plan, by=request.user, kind=form.cleaned_data["kind"])
    except ValidationError as error:
        return _refused(request, plan, _error_text(error))
    return _done(request, plan, f"Đã thêm phần {section.get_kind_display()}.", f"section-{section.pk}")


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section_for(request, pk)
    plan, label = section.plan, section.get_kind_display()
    try:
        services.section_delete(section=section, by=request.user)
    except ValidationError as error:
        return _refused(request, plan, f"{label}: {_error_text(error)}", section_id=section.pk)
    return _done(request, plan, f"Đã xóa phần {label}.")


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section_for(request, pk)
    plan = section.plan
    form = SectionMoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, plan, "Vị trí mới không hợp lệ.")
    ordered = list(plan.sections.order_by("order", "pk").values_list("pk", flat=True))
    current = ordered.index(section.pk)
    direction = form.cleaned_data["direction"]
    if direction:
        position = current - 1 if direction == "up" else current + 1
    else:
        position = form.cleaned_data["position"]
    position = max(0, min(position, len(ordered) - 1))
    services.section_move(section=section, by=request.user, position=position)
    return _done(request, plan, f"Đã chuyển phần {section.get_kind_display()}.", f"section-{section.pk}")


# --- tasks -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section_for(request, pk)
    plan = section.plan
    if request.method == "GET":
        form = TaskForm(plan=plan, section=section)
        return _task_form_response(request, form, plan=plan, section=section, task=None)
    form = TaskForm(request.POST, plan=plan, section=section)
    if form.is_valid():
        try:
            task = services.task_create(
                section=section, by=request.user, content=form.cleaned_data["content"],
                units=form.ordered_units(), deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            notice = f"Đã thêm nhiệm vụ {task.number} vào {section.get_kind_display()}."
            return _done(request, plan, notice, f"task-row-{task.pk}")
    return _task_form_response(request, form, plan=plan, section=section, task=None, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    plan, section = task.plan, task.section
    if request.method == "GET":
        form = TaskForm(plan=plan, section=section, task=task)
        return _task_form_response(request, form, plan=plan, section=section, task=task)
    form = TaskForm(request.POST, plan=plan, section=section, task=task)
    if form.is_valid():
        try:
            services.task_update(
                task=task, by=request.user, content=form.cleaned_data["content"],
                units=form.ordered_units(), deadline=form.cleaned_data["deadline"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            current = _task_for(request, pk)
            theirs = TaskForm(plan=plan, section=current.section, task=current).initial
            return _conflict_response(
                request, plan=plan, conflict=EditConflict(current=current), form=form, theirs=theirs,
                merge_form=TaskForm(
                    _with_version(request.POST, current.version), plan=plan, section=current.section, task=current
                ),
                what=f"nhiệm vụ {current.number}", wrapper_id=f"task-form-edit-{task.pk}",
                action=reverse("plans:task_edit", args=[task.pk]), theirs_url=_editor_url(plan, f"task-row-{task.pk}"),
                theirs_hx_url=reverse("plans:edit", args=[plan.pk]), theirs_hx_target=f"#{SECTIONS_ID}",
            )
        except ValidationError as error:
            task.refresh_from_db()  # the failed update left unsaved values on the instance
            apply_validation_error(form, error)
        else:
            return _task_done(request, plan, _layout(plan) if request.htmx else None,
                              f"Đã lưu nhiệm vụ {task.number}.", f"task-row-{task.pk}", edited=task.pk)
    return _task_form_response(request, form, plan=plan, section=section, task=task, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_for(request, pk)
    plan = task.plan
    if request.method == "GET":
        # Without JavaScript there is no hx-confirm: ask on a page of its own.
        context = {"nav": "plans", "plan": plan, "task": task}
        return render(request, "plans/editor/task_delete_page.html", context)
    number = task.number
    before = _layout(plan) if request.htmx else None
    services.task_delete(task=task, by=request.user)
    notice = f"Đã xóa nhiệm vụ {number}; các nhiệm vụ sau được đánh số lại."
    return _task_done(request, plan, before, notice, "noi-dung")


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(selectors.tasks_for(request.user), pk=pk)
    ensure_can_edit_plan(user=request.user, plan=task.plan)
    plan = task.plan
    form = TaskMoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, plan, "Vị trí mới không hợp lệ.")
    # The plan's sections, read once: the target comes from them (scoped to this plan) and the rows need them.
    sections = list(plan.sections.order_by("order", "pk"))
    section, direction, position = task.section, form.cleaned_data["direction"], form.cleaned_data["position"]
    if direction:
        # The buttons move within the quarter; "Chuyển sang quý" crosses quarters.
        ids = list(section.tasks.order_by("order", "pk").values_list("pk", flat=True))
        index = ids.index(task.pk)
        if (direction == "up" and index == 0) or (direction == "down" and index == len(ids) - 1):
            where = "đầu" if direction == "up" else "cuối"
            notice = f"Nhiệm vụ {task.number} đã ở {where} {section.get_kind_display()}."
            if request.htmx:  # nothing moved: only the notice changes
                status = render_to_string("plans/editor/_status.html", {"notice": notice, "oob": True})
                return reswap(HttpResponse(status), "none")
            return _done(request, plan, notice)
        position = index - 1 if direction == "up" else index + 1
    elif form.cleaned_data["section"] is not None:
        section = next((s for s in sections if s.pk == form.cleaned_data["section"]), None)
        if section is None:
            # Another plan's section: 404 for another commune's, the service's 422 for one of this commune.
            section = _section_for(request, form.cleaned_data["section"])
    if position is None:
        position = 10**6  # "Chuyển sang quý": to the end of that quarter
    old_section_id = task.section_id
    try:
        task = services.task_move(task=task, by=request.user, section=section, position=position)
    except ValidationError as error:
        return _refused(request, plan, _error_text(error))
    if task.section_id != old_section_id:
        notice = f"Đã chuyển nhiệm vụ sang {section.get_kind_display()}, số thứ tự mới: {task.number}."
    else:
        notice = f"Đã chuyển nhiệm vụ, số thứ tự mới: {task.number}."
    # A move answers with the whole table: out-of-band quarters broke the next drag and drop in the browser
    # journey (tests/browser/test_journey.py), see docs/adr/0017. The work stays constant (14 queries).
    return _done(request, plan, notice, f"task-row-{task.pk}")
