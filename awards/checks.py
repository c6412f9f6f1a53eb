"""Checks shown on every nominee. Each names its rule and the source of that rule (from the catalog rows).

A failed mandatory rule blocks submitting and accepting the dossier; a failed non-mandatory rule is a warning
that needs a written justification on the nominee (Nominee.justification).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from units.models import Initiative
from units.text import fold

from .integration import NOT_APPLICABLE, registration_status
from .models import AwardForm, AwardRecord, AwardsSettings, Dossier, Nominee, SubjectKind
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
    qs = Nominee.objects.filter(dossier__organization_id=nominee.dossier.organization_id,
                                subject_kind=nominee.subject_kind).exclude(pk=nominee.pk).select_related(
        "dossier", "dossier__form")
    if nominee.subject_kind == SubjectKind.PERSON:
        return list(qs.filter(person_id=nominee.person_id))
    if nominee.subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
        return list(qs.filter(unit_id=nominee.unit_id))
    name = fold(nominee.household_name)
    return [n for n in qs.filter(village_id=nominee.village_id) if fold(n.household_name) == name]


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


def check_prerequisites(nominee: Nominee, others: list[Nominee], records: list[AwardRecord]) -> list[CheckResult]:
    dossier = nominee.dossier
    results = []
    for prerequisite in dossier.form.prerequisite_rows.select_related("required"):
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


def check_initiative(nominee: Nominee) -> CheckResult | None:
    form = nominee.dossier.form
    if not form.requires_initiative:
        return None
    rule = "Điều kiện: có sáng kiến được công nhận"
    if nominee.subject_kind != SubjectKind.PERSON:
        return _fail(rule, form.initiative_source, True, "Chỉ cá nhân mới xét danh hiệu này.")
    accepted = Initiative.objects.filter(person_id=nominee.person_id, year=nominee.dossier.year, accepted=True)
    if accepted.exists():
        return _ok(rule, form.initiative_source, f"Có sáng kiến được công nhận: “{accepted.first().title}”.")
    return _fail(rule, form.initiative_source, True,
                 f"Thiếu điều kiện: chưa có sáng kiến được công nhận năm {nominee.dossier.year}.")


def check_registration(nominee: Nominee) -> CheckResult | None:
    form = nominee.dossier.form
    if not form.requires_registration:
        return None
    rule = "Điều kiện: đăng ký thi đua và đạt khi bình xét"
    status = registration_status(nominee=nominee)
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


def check_open_dossiers(nominee: Nominee, others: list[Nominee]) -> CheckResult:
    dossier = nominee.dossier
    rule = "Cùng một người/tập thể trong hai hồ sơ đang xét"
    source = "Luật TĐKT 2022, nguyên tắc khen thưởng: chính xác, công bằng"
    open_others = [o for o in others if o.dossier.is_open and o.dossier.year == dossier.year]
    same_form = [o for o in open_others if o.dossier.form_id == dossier.form_id and o.dossier_id != dossier.pk]
    if same_form:
        return _fail(rule, source, True, f"Đã có trong hồ sơ khác đang xét cùng danh hiệu "
                                         f"(hồ sơ của {same_form[0].dossier.proposer_name}).")
    related = {p.required_id for p in dossier.form.prerequisite_rows.all()} | set(
        dossier.form.required_by.values_list("pk", flat=True))
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
    dossier = nominee.dossier
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


def nominee_checks(*, nominee: Nominee, today: dt.date) -> list[CheckResult]:
    others = same_subject_nominees(nominee)
    records = list(AwardRecord.objects.filter(organization_id=nominee.dossier.organization_id,
                                              subject_key=subject_key(nominee)))
    results = [check_form_validity(nominee, today), check_subject_kind(nominee)]
    results += check_prerequisites(nominee, others, records)
    results += [r for r in (check_initiative(nominee), check_registration(nominee)) if r]
    results += check_already_awarded(nominee, records)
    results.append(check_open_dossiers(nominee, others))
    results += [r for r in (check_cap(nominee), check_newcomer(nominee, today)) if r]
    return results


def nominee_problems(*, nominee: Nominee, today: dt.date) -> list[str]:
    """Messages that stop the dossier: blocking failures, and warnings left without a justification."""
    problems = []
    for result in nominee_checks(nominee=nominee, today=today):
        if result.blocking:
            problems.append(f"{nominee}: {result.message}")
        elif result.warning and not nominee.justification.strip():
            problems.append(f"{nominee}: {result.message} (cần ghi giải trình)")
    return problems


def dossier_problems(*, dossier: Dossier, today: dt.date) -> list[str]:
    problems = []
    nominees = list(dossier.nominees.select_related("person", "person__unit", "unit", "village", "dossier",
                                                    "dossier__form"))
    if not nominees:
        problems.append("Hồ sơ chưa có người/tập thể nào được đề nghị.")
    uploaded = set(dossier.documents.values_list("required_id", flat=True))
    for required in dossier.form.required_documents.filter(mandatory=True):
        if required.pk in uploaded or (required.summary_may_replace and dossier.summary.strip()):
            continue
        problems.append(f"Thiếu giấy tờ: {required.name}.")
    for nominee in nominees:
        problems += nominee_problems(nominee=nominee, today=today)
    return problems
