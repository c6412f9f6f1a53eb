"""One explicit transition table per workflow (plan sign-off, registration, dossier, …).

Each app declares its table with `Workflow([...Transition(...)])` and writes one service,
`<entity>_transition(*, obj, by, to, note)`, which is the only code that changes that status:
it calls `workflow.check(...)` (role and note rules), applies its side effects and writes an audit
row (a concrete subclass of `TransitionLog`). Tests walk `workflow.pairs()` for every role.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset[str]
    label: str  # the button, in Vietnamese: "Trình ký", "Ký ban hành", "Trả lại"
    needs_note: bool = False  # returning or rejecting must say why
    style: str = "primary"  # Bootstrap colour of the button


class Workflow:
    def __init__(self, name: str, status_labels: dict[str, str], transitions: Iterable[Transition]):
        self.name = name
        self.status_labels = dict(status_labels)
        self.transitions = {(t.source, t.target): t for t in transitions}
        for source, target in self.transitions:
            if source not in self.status_labels or target not in self.status_labels:
                raise ValueError(f"{name}: unknown status in transition {source} -> {target}")

    def get(self, source: str, target: str) -> Transition | None:
        return self.transitions.get((source, target))

    def available(self, *, roles: Iterable[str], source: str) -> list[Transition]:
        """Transitions the holder of `roles` may take from `source` (for showing buttons)."""
        roles = set(roles)
        return [t for (s, _), t in self.transitions.items() if s == source and roles & t.roles]

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
