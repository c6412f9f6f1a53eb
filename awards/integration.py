"""Optional integration with campaigns/ (registrations and their year-end review).

awards works without campaigns: when the selector cannot be imported, or returns nothing for the year, the
registration check says it does not apply. The result rows are read defensively (attributes or dict keys)
because they belong to another app; `_row_fields` is the only place that knows their shape.
"""

from dataclasses import dataclass

from .models import Nominee, SubjectKind
from .nominees import subject_key

NOT_APPLICABLE = "không áp dụng: chưa có dữ liệu đăng ký thi đua"


@dataclass(frozen=True)
class RegistrationStatus:
    applicable: bool
    registered: bool = False
    reached: bool = False


def _get(row, *names):
    for name in names:
        value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
        if value is not None:
            return value
    return None


def _row_fields(row) -> tuple[str | None, str | None, bool]:
    """(subject key, title code, reached "đạt") of one registration result."""
    code = _get(row, "title_code", "code")
    if code is None:
        title = _get(row, "title", "emulation_title")
        code = _get(title, "code") if title is not None else None
    reached = _get(row, "reached", "is_reached", "passed")
    if reached is None:
        result = _get(row, "result")
        reached = str(result).lower() in {"dat", "đạt", "reached", "passed", "true"}
    # A person's or household's line also carries the registering unit: the most specific subject wins.
    key = None
    person = _get(row, "person_id") or getattr(_get(row, "person"), "pk", None)
    household = _get(row, "household_id") or getattr(_get(row, "household"), "pk", None)
    unit = _get(row, "unit_id") or getattr(_get(row, "unit"), "pk", None)
    if person is not None:
        key = f"person:{person}"
    elif household is not None:
        key = f"campaign-household:{household}"
    elif unit is not None:
        key = f"unit:{unit}"
    return key, code, bool(reached)


def registration_rows(*, dossier) -> list:
    """The registration results of the dossier's commune and year (read once per dossier); [] when unknown."""
    try:
        from campaigns.selectors import registration_results
    except ImportError:
        return []
    try:
        return list(registration_results(organization=dossier.organization, year=dossier.year) or [])
    except Exception:  # noqa: BLE001 - another app's selector failing must not block a dossier page
        return []


def registration_status(*, nominee: Nominee, rows: list | None = None) -> RegistrationStatus:
    dossier = nominee.dossier
    if rows is None:
        rows = registration_rows(dossier=dossier)
    if not rows:
        return RegistrationStatus(applicable=False)
    if nominee.subject_kind == SubjectKind.HOUSEHOLD:
        # Households are matched by name in awards; campaigns keys them by id: not comparable yet.
        return RegistrationStatus(applicable=False)
    key = subject_key(nominee)
    matches = [fields for fields in map(_row_fields, rows) if fields[0] == key and fields[1] == dossier.form.code]
    return RegistrationStatus(applicable=True, registered=bool(matches), reached=any(m[2] for m in matches))
