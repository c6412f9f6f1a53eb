"""The one place that knows how a nominee names its subject (person, unit, household, thôn).

Households are a name plus a thôn today; when campaigns.Household is adopted, `subject_key` and `display_name`
are the functions to change (the register and the checks compare subjects only through `subject_key`).
"""

from units.text import fold

from .models import AwardRecord, Nominee, SubjectKind


def subject_key(nominee: Nominee) -> str:
    """A stable key for "the same subject" across dossiers and years."""
    if nominee.subject_kind == SubjectKind.PERSON:
        return f"person:{nominee.person_id}"
    if nominee.subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
        return f"unit:{nominee.unit_id}"
    return household_key(name=nominee.household_name, village_id=nominee.village_id)


def household_key(*, name: str, village_id: int | None) -> str:
    return f"household:{village_id}:{fold(name)}"


def display_name(nominee: Nominee) -> str:
    if nominee.subject_kind == SubjectKind.PERSON and nominee.person_id:
        return nominee.person.full_name
    if nominee.subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE) and nominee.unit_id:
        return nominee.unit.name
    if nominee.subject_kind == SubjectKind.HOUSEHOLD:
        return f"Hộ ông (bà) {nominee.household_name}"
    return "(chưa rõ)"


def detail_line(nominee: Nominee) -> str:
    """Unit of a person, thôn of a household; empty for collectives."""
    if nominee.subject_kind == SubjectKind.PERSON and nominee.person_id:
        position = nominee.person.position
        return f"{position}, {nominee.person.unit.name}" if position else nominee.person.unit.name
    if nominee.subject_kind == SubjectKind.HOUSEHOLD and nominee.village_id:
        return nominee.village.name
    return ""


def record_fields(nominee: Nominee) -> dict:
    """The register columns of a nominee."""
    fields = {
        "subject_kind": nominee.subject_kind, "display_name": display_name(nominee),
        "subject_key": subject_key(nominee), "person": None, "unit": None, "unit_name": "", "village_name": "",
    }
    if nominee.subject_kind == SubjectKind.PERSON:
        fields.update(person=nominee.person, unit_name=nominee.person.unit.name)
    elif nominee.subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
        fields.update(unit=nominee.unit, unit_name=nominee.unit.name)
        if nominee.subject_kind == SubjectKind.VILLAGE:
            fields["village_name"] = nominee.unit.name
    else:
        fields.update(village_name=nominee.village.name if nominee.village_id else "")
    return fields


def records_of_subject(*, organization_id: int, key: str):
    return AwardRecord.objects.filter(organization_id=organization_id, subject_key=key)
