"""The one implementation of workflow buttons and of the POST that applies a step, for every app.

A page builds its buttons with `transition_buttons(...)` and includes templates/core/_transition_buttons.html; the
app's view handles the POST with `transition_post(...)`, passing its own service (which calls
core.workflow.transition_apply). A step that does not exist, an unknown status or a step whose conditions fail
answers 400 with the Vietnamese reason; a role or organization that may not answers 403 (PermissionDenied), never
a 500.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .workflow import Transition, Workflow


class TransitionForm(forms.Form):
    to = forms.CharField(max_length=30, widget=forms.HiddenInput,
                         error_messages={"required": "Chưa chọn thao tác (trạng thái cần chuyển)."})
    note = forms.CharField(label="Lý do / ghi chú", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


@dataclass(frozen=True)
class Button:
    transition: Transition
    action: str  # the URL the button posts to

    @property
    def target(self) -> str:
        return self.transition.target

    @property
    def label(self) -> str:
        return self.transition.label

    @property
    def style(self) -> str:
        return self.transition.style

    @property
    def needs_note(self) -> bool:
        return self.transition.needs_note


def transition_buttons(
    *, workflow: Workflow, user: Any, obj: Any, action: str | Callable[[Transition], str],
    allowed: Callable[[Transition], bool] | None = None, targets: Iterable[str] | None = None,
) -> list[Button]:
    """The buttons `user` sees on `obj`: the workflow's steps from its status their roles allow, narrowed by the
    app's own rule (`allowed`, the same rule its service's `authorize` applies) and, if given, to `targets`."""
    if not getattr(user, "is_authenticated", False):
        return []
    source = getattr(obj, workflow.status_field)
    targets = set(targets) if targets is not None else None
    return [
        Button(t, action(t) if callable(action) else action)
        for t in workflow.buttons(roles=user.roles, source=source)
        if (targets is None or t.target in targets) and (allowed is None or allowed(t))
    ]


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def transition_refused(request: HttpRequest, message: str, *, back: str) -> HttpResponse:
    """400: the step cannot be taken; the page says why and leads back."""
    return render(request, "core/transition_error.html", {"message": message, "back": back}, status=400)


def transition_post(
    request: HttpRequest, *, workflow: Workflow, apply: Callable[[str, str], Any], back: str,
    success: str | Callable[[Any], str] | None = None, redirect_to: str | Callable[[Any], str] | None = None,
    target: str | None = None, on_error: Callable[[ValidationError], HttpResponse] | None = None,
) -> HttpResponse:
    """Handle the POST of a transition button: `apply(to, note)` is the app's service call.

    `target` fixes the step (a URL of its own, e.g. "sign"); otherwise the form's `to` names it. `on_error` lets a
    page render itself with the errors (still 400); by default a short error page links `back`.
    """
    form = TransitionForm({"to": target or request.POST.get("to", ""), "note": request.POST.get("note", "")})
    if not form.is_valid():
        return transition_refused(request, " ".join(e for errors in form.errors.values() for e in errors), back=back)
    to, note = form.cleaned_data["to"], form.cleaned_data["note"]
    if to not in workflow.status_labels:
        return transition_refused(request, f"Trạng thái “{to}” không có trong quy trình này.", back=back)
    try:
        result = apply(to, note)
    except ValidationError as error:
        if on_error is not None:
            response = on_error(error)
            response.status_code = 400
            return response
        return transition_refused(request, error_text(error), back=back)
    text = success(result) if callable(success) else success
    messages.success(request, text or f"Đã chuyển sang “{workflow.label(to)}”.")
    destination = redirect_to(result) if callable(redirect_to) else redirect_to
    return redirect(destination or back)
