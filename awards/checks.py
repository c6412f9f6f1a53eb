"""Checks shown on every nominee. Each names its rule and the source of that rule (from the catalog rows).

A failed mandatory rule blocks submitting and accepting the dossier; a failed non-mandatory rule is a warning
that needs a written justification on the nominee (Nominee.justification).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from units.models import Initiative
from units.text import fold

from .integration import NOT_APPLICABLE, registration_rows, registration_status
from .models import AwardForm, AwardPrerequisite, AwardRecord, AwardsSettings, Dossier, Nominee, SubjectKind
from .nominees import subject_key

BLOCKING, WARNING, INFO = "blocking", "warning", "info"


@dataclass(frozen=True)
class CheckResult:
    rule: str
    source: str
    severity: str  # BLOCKING / WARNING when failed; INFO when the rule passed or does not apply
    passed: bool
    message: str

    @property
    def blocking(self) -> bool:
        return not self.passed and self.severity == BLOCKING

    @property
    def warning(self) -> bool:
        return not self.passed and self.severity == WARNING


def _ok(rule: str, source: str, message: str) -> CheckResult:
    return CheckResult(rule=rule, source=source, severity=INFO, passed=True, message=message)


def _fail(rule: str, source: str, mandatory: bool, message: str) -> CheckResult:
    return CheckResult(rule=rule, source=source, severity=BLOCKING if mandatory else WARNING, passed=False,
                       message=message)


def same_subject_nominees(nominee: Nominee):
    """Other nominees of the same subject in this commune (any dossier, any form, any year)."""
    return DossierFacts.load(dossier=nominee.dossier, nominees=[nominee]).others(nominee)


@dataclass
class DossierFacts:
    """What the checks of one dossier read, loaded once for all its nominees (grouped by subject), so that the
    dossier page and its submission cost the same number of queries for 5 or 80 nominees."""

    dossier: Dossier
    same_subject: dict[str, list[Nominee]] = field(default_factory=dict)
    records: dict[str, list[AwardRecord]] = field(default_factory=dict)
    prerequisites: list[AwardPrerequisite] = field(default_factory=list)
    related_form_ids: set[int] = field(default_factory=set)
    initiatives: dict[int, Initiative] = field(default_factory=dict)
    registrations: list | None = None
    cap: CheckResult | None = None

    @classmethod
    def load(cls, *, dossier: Dossier, nominees: list[Nominee]) -> "DossierFacts":
        form = dossier.form
        facts = cls(dossier=dossier)
        keys = {subject_key(n) for n in nominees}
        persons = {n.person_id for n in nominees if n.subject_kind == SubjectKind.PERSON and n.person_id}
        units = {n.unit_id for n in nominees
                 if n.subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE) and n.unit_id}
        villages = {n.village_id for n in nominees if n.subject_kind == SubjectKind.HOUSEHOLD}
        subject = Q(pk__in=[])
        if persons:
            subject |= Q(subject_kind=SubjectKind.PERSON, person_id__in=persons)
        if units:
            subject |= Q(subject_kind__in=[SubjectKind.COLLECTIVE, SubjectKind.VILLAGE], unit_id__in=units)
        if villages:
            subject |= Q(subject_kind=SubjectKind.HOUSEHOLD, village_id__in=villages)
        candidates = Nominee.objects.filter(subject, dossier__organization_id=dossier.organization_id)
        for other in candidates.select_related("dossier", "dossier__form").order_by("pk"):
            key = subject_key(other)
            if key in keys:
                facts.same_subject.setdefault(key, []).append(other)
        for record in AwardRecord.objects.filter(organization_id=dossier.organization_id, subject_key__in=keys):
            facts.records.setdefault(record.subject_key, []).append(record)
        facts.prerequisites = list(form.prerequisite_rows.select_related("required"))
        facts.related_form_ids = {p.required_id for p in facts.prerequisites} | set(
            form.required_by.values_list("pk", flat=True))
        if form.requires_initiative and persons:
            accepted = Initiative.objects.filter(person_id__in=persons, year=dossier.year, accepted=True)
            for initiative in accepted:
                facts.initiatives.setdefault(initiative.person_id, initiative)
        if form.requires_registration:
            facts.registrations = registration_rows(dossier=dossier)
        facts.cap = check_cap_of(dossier)
        return facts

    def others(self, nominee: Nominee) -> list[Nominee]:
        return [o for o in self.same_subject.get(subject_key(nominee), []) if o.pk != nominee.pk]

    def records_of(self, nominee: Nominee) -> list[AwardRecord]:
        return list(self.records.get(subject_key(nominee), []))


def _live(other: Nominee) -> bool:
    """A nominee still in play: its dossier not rejected and it did not fail the vote."""
    return other.dossier.status != Dossier.Status.REJECTED and other.passed is not False


def check_subject_kind(nominee: Nominee) -> CheckResult:
    form = nominee.dossier.form
    rule, source = "Đối tượng của danh hiệu", form.legal_source
    if form.allows(nominee.subject_kind):
        return _ok(rule, source, f"{form.name} áp dụng cho {nominee.get_subject_kind_display().lower()}.")
    return _fail(rule, source, True, f"{form.name} không áp dụng cho {nominee.get_subject_kind_display().lower()} "
                                     f"(chỉ cho: {', '.join(form.subject_kind_labels()).lower()}).")


def check_prerequisites(
    nominee: Nominee, others: list[Nominee], records: list[AwardRecord], prerequisites: list[AwardPrerequisite],
) -> list[CheckResult]:
    dossier = nominee.dossier
    results = []
    for prerequisite in prerequisites:
        required = prerequisite.required
        rule = f"Điều kiện: có danh hiệu “{required.name}”" + (" cùng năm" if prerequisite.same_year else "")

        def matches(year: int, prerequisite=prerequisite) -> bool:
            return year == dossier.year if prerequisite.same_year else year <= dossier.year

        if any(r.form_id == required.pk and matches(r.year) for r in records):
            results.append(_ok(rule, prerequisite.source, f"Đã được công nhận “{required.name}”."))
        elif any(o.dossier.form_id == required.pk and matches(o.dossier.year) and _live(o) for o in others):
            results.append(_ok(rule, prerequisite.source,
                               f"Đang được đề nghị “{required.name}” cùng đợt: chỉ công nhận nếu danh hiệu đó đạt."))
        else:
            results.append(_fail(rule, prerequisite.source, prerequisite.mandatory,
                                 f"Thiếu điều kiện: chưa có và chưa được đề nghị “{required.name}” "
                                 f"năm {dossier.year}."))
    return results


def check_initiative(nominee: Nominee, initiatives: dict[int, Initiative]) -> CheckResult | None:
    form = nominee.dossier.form
    if not form.requires_initiative:
        return None
    rule = "Điều kiện: có sáng kiến được công nhận"
    if nominee.subject_kind != SubjectKind.PERSON:
        return _fail(rule, form.initiative_source, True, "Chỉ cá nhân mới xét danh hiệu này.")
    accepted = initiatives.get(nominee.person_id)
    if accepted is not None:
        return _ok(rule, form.initiative_source, f"Có sáng kiến được công nhận: “{accepted.title}”.")
    return _fail(rule, form.initiative_source, True,
                 f"Thiếu điều kiện: chưa có sáng kiến được công nhận năm {nominee.dossier.year}.")


def check_registration(nominee: Nominee, rows: list | None) -> CheckResult | None:
    form = nominee.dossier.form
    if not form.requires_registration:
        return None
    rule = "Điều kiện: đăng ký thi đua và đạt khi bình xét"
    status = registration_status(nominee=nominee, rows=rows or [])
    if not status.applicable:
        return _ok(rule, form.registration_source, NOT_APPLICABLE.capitalize() + ".")
    if status.reached:
        return _ok(rule, form.registration_source, f"Đã đăng ký “{form.name}” và đạt khi bình xét.")
    message = (f"Có đăng ký “{form.name}” nhưng chưa đạt khi bình xét." if status.registered
               else f"Không có đăng ký thi đua “{form.name}” năm {nominee.dossier.year}.")
    return _fail(rule, form.registration_source, form.registration_mandatory, message)


def check_already_awarded(nominee: Nominee, records: list[AwardRecord]) -> list[CheckResult]:
    dossier = nominee.dossier
    source = ("Luật TĐKT 2022, nguyên tắc khen thưởng: “thành tích đến đâu khen thưởng đến đó”, "
              "một thành tích một hình thức")
    results = []
    own = [r for r in records if r.nominee_id != nominee.pk]
    if any(r.form_id == dossier.form_id and r.year == dossier.year for r in own):
        results.append(_fail("Đã được khen cùng hình thức, cùng năm", source, True,
                             f"Đã được công nhận “{dossier.form.name}” năm {dossier.year}."))
    else:
        results.append(_ok("Đã được khen cùng hình thức, cùng năm", source,
                           f"Chưa được công nhận “{dossier.form.name}” năm {dossier.year}."))
    achievement = fold(nominee.achievement)
    if achievement:
        same = [r for r in own if fold(r.achievement) == achievement]
        if same:
            r = same[0]
            results.append(_fail("Một thành tích chỉ khen một lần", source, True,
                                 f"Thành tích này đã được khen “{r.form_name}” năm {r.year}."))
    return results


def check_open_dossiers(nominee: Nominee, others: list[Nominee], related: set[int]) -> CheckResult:
    dossier = nominee.dossier
    rule = "Cùng một người/tập thể trong hai hồ sơ đang xét"
    source = "Luật TĐKT 2022, nguyên tắc khen thưởng: chính xác, công bằng"
    open_others = [o for o in others if o.dossier.is_open and o.dossier.year == dossier.year]
    same_form = [o for o in open_others if o.dossier.form_id == dossier.form_id and o.dossier_id != dossier.pk]
    if same_form:
        return _fail(rule, source, True, f"Đã có trong hồ sơ khác đang xét cùng danh hiệu "
                                         f"(hồ sơ của {same_form[0].dossier.proposer_name}).")
    unrelated = [o for o in open_others if o.dossier.form_id != dossier.form_id and o.dossier.form_id not in related]
    if unrelated:
        return _fail(rule, source, False, f"Đồng thời được đề nghị “{unrelated[0].dossier.form.name}”: "
                                          "cần giải trình là hai thành tích khác nhau.")
    return _ok(rule, source, "Không trùng hồ sơ đang xét khác.")


def _count_for(*, organization_id: int, year: int, form: AwardForm) -> int:
    live_nominees = Nominee.objects.filter(
        dossier__organization_id=organization_id, dossier__year=year, dossier__form=form,
    ).exclude(dossier__status=Dossier.Status.REJECTED).exclude(passed=False).count()
    earlier = AwardRecord.objects.filter(organization_id=organization_id, year=year, form=form,
                                         nominee__isnull=True).count()
    return live_nominees + earlier


def check_cap(nominee: Nominee) -> CheckResult | None:
    return check_cap_of(nominee.dossier)


def check_cap_of(dossier: Dossier) -> CheckResult | None:
    """The dossier's cap ("không quá x% số ..."): the same for every nominee of the dossier."""
    base = dossier.form.cap_base
    if base is None:
        return None
    settings, _ = AwardsSettings.objects.get_or_create(organization_id=dossier.organization_id)
    capped = _count_for(organization_id=dossier.organization_id, year=dossier.year, form=dossier.form)
    base_count = _count_for(organization_id=dossier.organization_id, year=dossier.year, form=base)
    limit = Decimal(base_count) * settings.cap_percent / 100
    rule = f"Tỷ lệ {dossier.form.name} không quá {settings.cap_percent.normalize()}% số {base.name}"
    if capped <= limit:
        return _ok(rule, settings.cap_source, f"{capped} trên {base_count} (tối đa {limit:.1f}).")
    return _fail(rule, settings.cap_source, settings.cap_mandatory,
                 f"Vượt tỷ lệ: {capped} {dossier.form.name} trên {base_count} {base.name} (tối đa {limit:.1f}).")


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def check_newcomer(nominee: Nominee, today: dt.date) -> CheckResult | None:
    form = nominee.dossier.form
    if not form.min_service_months or nominee.subject_kind != SubjectKind.PERSON:
        return None
    rule = f"Thời gian công tác từ {form.min_service_months} tháng trở lên"
    started_on = nominee.person.started_on
    if started_on is None:
        return _fail(rule, form.min_service_source, False,
                     "Chưa có ngày bắt đầu công tác của cán bộ: cần giải trình hoặc bổ sung.")
    # Yearly titles count service to the end of the year under review; occasional ones to today.
    end = dt.date(nominee.dossier.year, 12, 31) if form.periodicity == AwardForm.Periodicity.YEARLY else today
    months = months_between(started_on, end)
    if months >= form.min_service_months:
        return _ok(rule, form.min_service_source, f"Đã công tác {months} tháng (từ {started_on:%d/%m/%Y}).")
    return _fail(rule, form.min_service_source, form.min_service_mandatory,
                 f"Mới công tác {months} tháng (từ {started_on:%d/%m/%Y}), chưa đủ {form.min_service_months} tháng.")


def check_form_validity(nominee: Nominee, today: dt.date) -> CheckResult:
    form = nominee.dossier.form
    rule = "Danh hiệu còn hiệu lực"
    if form.valid_on(today):
        return _ok(rule, form.legal_source, "Danh hiệu đang áp dụng.")
    return _fail(rule, form.legal_source, True, "Danh hiệu không còn (hoặc chưa) áp dụng vào ngày xét.")


def nominee_checks(*, nominee: Nominee, today: dt.date, facts: DossierFacts | None = None) -> list[CheckResult]:
    """Every check of one nominee; `facts` (DossierFacts.load) lets a dossier's nominees share one load."""
    if facts is None:
        facts = DossierFacts.load(dossier=nominee.dossier, nominees=[nominee])
    others, records = facts.others(nominee), facts.records_of(nominee)
    results = [check_form_validity(nominee, today), check_subject_kind(nominee)]
    results += check_prerequisites(nominee, others, records, facts.prerequisites)
    optional = (check_initiative(nominee, facts.initiatives), check_registration(nominee, facts.registrations))
    results += [r for r in optional if r]
    results += check_already_awarded(nominee, records)
    results.append(check_open_dossiers(nominee, others, facts.related_form_ids))
    results += [r for r in (facts.cap, check_newcomer(nominee, today)) if r]
    return results


def nominee_problems(*, nominee: Nominee, today: dt.date, facts: DossierFacts | None = None) -> list[str]:
    """Messages that stop the dossier: blocking failures, and warnings left without a justification."""
    problems = []
    for result in nominee_checks(nominee=nominee, today=today, facts=facts):
        if result.blocking:
            problems.append(f"{nominee}: {result.message}")
        elif result.warning and not nominee.justification.strip():
            problems.append(f"{nominee}: {result.message} (cần ghi giải trình)")
    return problems


def dossier_problems(*, dossier: Dossier, today: dt.date) -> list[str]:
    problems = []
    nominees = list(dossier.nominees.select_related("person", "person__unit", "unit",
                                                    "village", "dossier", "dossier__form"))
    if not nominees:
        problems.append("Hồ sơ chưa có người/tập thể nào được đề nghị.")
    uploaded = set(dossier.documents.values_list("required_id", flat=True))
    for required in dossier.form.required_documents.filter(mandatory=True):
        if required.pk in uploaded or (required.summary_may_replace and dossier.summary.strip()):
            continue
        problems.append(f"Thiếu giấy tờ: {required.name}.")
    facts = DossierFacts.load(dossier=dossier, nominees=nominees) if nominees else None
    for nominee in nominees:
        nominee.dossier = dossier
        problems += nominee_problems(nominee=nominee, today=today, facts=facts)
    return problems
