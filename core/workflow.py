"""One explicit transition table per workflow (plan sign-off, registration, dossier, …) and the one step.

Each app declares its table with `Workflow(name, labels, [Transition(...)], log_model=..., log_fk=...)`.
`transition_apply(*, workflow, obj, by, to, note)` is the only code that changes a status field: it locks the
row, checks the organization and the role (and the note rule), applies the app's side effects, saves, writes
exactly one audit row (a concrete subclass of `TransitionLog`) and sends `transition_applied`. Apps keep a thin
`<entity>_transition` service that passes their side effects in. Tests walk `workflow.pairs()` for every role.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

# Sent inside the step's transaction, after the audit row is written, with workflow, obj, log, by, transition.
# Receivers (each app's notification wiring) write their messages in the same transaction, so a step that rolls
# back announces nothing, and a step that commits cannot lose its announcement (the outbox sends after commit).
transition_applied = Signal()


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    label: str  # the button, in Vietnamese: "Trình ký", "Ký ban hành", "Trả lại"
    needs_note: bool = False  # returning or rejecting must say why
    style: str = "primary"  # Bootstrap colour of the button
    # False: the step needs its own form or document (signing a decision, publishing a disclosure, revising a
    # signed plan), so the shared buttons (templates/core/_transition_buttons.html) do not offer it.
    button: bool = True


# Every workflow with an audit model, by name: tests walk them all, the shared POST handler finds them by name.
_REGISTRY: dict[str, "Workflow"] = {}


def _organization_id(obj: Any) -> int | None:
    return getattr(obj, "organization_id", None)


class Workflow:
    def __init__(
        self,
        name: str,
        status_labels: dict[str, str],
        transitions: Iterable[Transition],
        *,
        log_model: type["TransitionLog"] | None = None,
        log_fk: str = "",
        status_field: str = "status",
        actor_field: str = "actor",
        organization_of: Callable[[Any], int | None] = _organization_id,
    ):
        self.name = name
        self.status_labels = dict(status_labels)
        self.transitions = {(t.source, t.target): t for t in transitions}
        # Where the audit row goes (a TransitionLog subclass and its foreign key to the object) and which field
        # holds the status. The organization is read from the locked row, never from the caller.
        self.log_model = log_model
        self.log_fk = log_fk
        self.status_field = status_field
        self.actor_field = actor_field
        self.organization_of = organization_of
        for source, target in self.transitions:
            if source not in self.status_labels or target not in self.status_labels:
                raise ValueError(f"{name}: unknown status in transition {source} -> {target}")
        if log_model is not None:
            if name in _REGISTRY and _REGISTRY[name] is not self:
                raise ValueError(f"Two workflows are named {name!r}")
            _REGISTRY[name] = self

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    @property
    def model(self) -> type[models.Model] | None:
        """The model whose status this workflow moves (the target of the audit row's foreign key)."""
        if self.log_model is None:
            return None
        return self.log_model._meta.get_field(self.log_fk).related_model

    def get(self, source: str, target: str) -> Transition | None:
        return self.transitions.get((source, target))

    def available(self, *, roles: Iterable[str], source: str) -> list[Transition]:
        """Transitions the holder of `roles` may take from `source` (for showing buttons)."""
        roles = set(roles)
        return [t for (s, _), t in self.transitions.items() if s == source and roles & t.roles]

    def buttons(self, *, roles: Iterable[str], source: str) -> list[Transition]:
        """The steps the shared transition buttons offer (the others have their own form)."""
        return [t for t in self.available(roles=roles, source=source) if t.button]

    def check(self, *, roles: Iterable[str], source: str, target: str, note: str = "") -> Transition:
        """The transition, or PermissionDenied / ValidationError in Vietnamese."""
        transition = self.get(source, target)
        if transition is None:
            raise ValidationError(
                f"Không thể chuyển từ “{self.status_labels.get(source, source)}” "
                f"sang “{self.status_labels.get(target, target)}”."
            )
        if not set(roles) & transition.roles:
            raise PermissionDenied(f"Bạn không có quyền “{transition.label}”.")
        if transition.needs_note and not note.strip():
            raise ValidationError({"note": f"Cần ghi lý do khi “{transition.label.lower()}”."})
        return transition

    def pairs(self) -> list[tuple[str, str]]:
        """Every (source, target) pair of statuses, for tests that walk allowed and forbidden moves."""
        return [(s, t) for s in self.status_labels for t in self.status_labels if s != t]

    def label(self, status: str) -> str:
        return self.status_labels.get(status, status)


def workflows() -> list[Workflow]:
    """Every configured workflow. Importing each app's workflow module registers its tables."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.workflow") is not None and config.name != "core":
            import_module(f"{config.name}.workflow")
    return list(_REGISTRY.values())


Effects = Callable[[Any, Transition], None]
Authorize = Callable[[Any, Any, Transition], None]


def transition_apply(
    *,
    workflow: Workflow,
    obj: models.Model,
    by: Any,
    to: str,
    note: str = "",
    effects: Effects | None = None,
    authorize: Authorize | None = None,
    log_fields: dict[str, Any] | None = None,
) -> models.Model:
    """Apply one step of `workflow` to `obj` on behalf of `by`; the one writer of every status field.

    - locks the row (select_for_update), so two steps at once queue and the audit rows form a chain;
    - checks that `by` belongs to the object's organization (PermissionDenied), that the step exists
      (ValidationError, answered 400 by the views) and that `by` holds one of its roles;
    - `authorize(obj, by, transition)` adds the app's own rule (a unit officer acts for their own unit only);
    - sets the status, runs `effects(obj, transition)` on the locked row (the app's side effects: numbering,
      issuing a document; they may raise ValidationError, which undoes the whole step), then saves the status and
      every field the effects changed on that row;
    - writes exactly one audit row (with `log_fields`, e.g. a task update's attachment) and sends
      `transition_applied`.
    The caller's instance gets the new status too. Returns the audit row.
    """
    if workflow.log_model is None or not workflow.log_fk:
        raise ImproperlyConfiguredWorkflow(f"{workflow.name}: no audit model configured")
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if not getattr(by, "is_authenticated", False) or by.organization_id != workflow.organization_of(locked):
            raise PermissionDenied("Bạn không có quyền với dữ liệu của đơn vị khác.")
        field = workflow.status_field
        source = getattr(locked, field)
        transition = workflow.check(roles=by.roles, source=source, target=to, note=note)
        if authorize is not None:
            authorize(locked, by, transition)
        before = {f.attname: getattr(locked, f.attname) for f in locked._meta.concrete_fields}
        setattr(locked, field, to)
        if effects is not None:
            effects(locked, transition)
        # Save what the step changed (the status and whatever the effects set), nothing else.
        update_fields = [f.name for f in locked._meta.concrete_fields
                         if not f.primary_key and getattr(locked, f.attname) != before[f.attname]]
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            update_fields.append("updated_at")
        locked.save(update_fields=sorted(set(update_fields) | {field}))
        log = workflow.log_model(
            **{workflow.log_fk: locked, workflow.actor_field: by},
            from_status=source, to_status=to, note=note.strip(), **(log_fields or {}),
        )
        log.full_clean(exclude=[workflow.log_fk, workflow.actor_field])
        log.save()
        transition_applied.send(
            sender=workflow.log_model, workflow=workflow, obj=locked, log=log, by=by, transition=transition
        )
    # The caller's copy reflects the step (including what the effects changed on the locked row).
    for f in locked._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
    return log


class ImproperlyConfiguredWorkflow(Exception):
    pass


class TransitionLog(models.Model):
    """Audit row of a workflow step: who, when, from, to, note. Subclass with a FK to the object."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Người thực hiện"
    )
    created_at = models.DateTimeField("Thời gian", default=timezone.now)
    from_status = models.CharField("Từ trạng thái", max_length=30)
    to_status = models.CharField("Sang trạng thái", max_length=30)
    note = models.TextField("Ghi chú", blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def save(self, *args, **kwargs):
        # An audit row is written once and never changed (admin included): history that can be edited is no history.
        if not self._state.adding:
            raise PermissionDenied("Nhật ký thao tác không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Nhật ký thao tác không được xóa.")
