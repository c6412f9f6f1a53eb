"""Each check with a passing and a failing case; blocking stops the dossier, warnings need a justification."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from awards import checks, services
from awards.models import AwardRecord, Dossier, SubjectKind
from units.tests.factories import PersonFactory

from .conftest import TODAY, ready_dossier
from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _results(nominee, rule_start):
    return [r for r in checks.nominee_checks(nominee=nominee, today=TODAY) if r.rule.startswith(rule_start)]


def _person_dossier(org, by, form, person, **extra):
    dossier = ready_dossier(org=org, by=by, form=form,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person, **extra}])
    return dossier, dossier.nominees.get()


def test_prerequisite_ldtt_missing_then_present(org, vhxh, person, forms_by_code):
    InitiativeFactory(person=person, year=2024)
    _, nominee = _person_dossier(org, vhxh, forms_by_code["CSTDCS"], person)
    [result] = _results(nominee, "Điều kiện: có danh hiệu")
    assert result.blocking and "Lao động tiên tiến" in result.message and "Điều 9" in result.source
    ready_dossier(org=org, by=vhxh, form=forms_by_code["LDTT"],
                  nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    [result] = _results(nominee, "Điều kiện: có danh hiệu")
    assert result.passed


def test_initiative_required(org, vhxh, person, forms_by_code):
    _, nominee = _person_dossier(org, vhxh, forms_by_code["CSTDCS"], person)
    [result] = _results(nominee, "Điều kiện: có sáng kiến")
    assert result.blocking
    InitiativeFactory(person=person, year=2024, accepted=False)
    assert _results(nominee, "Điều kiện: có sáng kiến")[0].blocking
    InitiativeFactory(person=person, year=2024, accepted=True, title="Số hóa hồ sơ hội viên")
    result = _results(nominee, "Điều kiện: có sáng kiến")[0]
    assert result.passed and "Số hóa" in result.message


def test_registration_not_applicable_without_campaigns(org, vhxh, person, forms_by_code):
    _, nominee = _person_dossier(org, vhxh, forms_by_code["LDTT"], person)
    with mock.patch.dict("sys.modules", {"campaigns.selectors": None}):
        [result] = _results(nominee, "Điều kiện: đăng ký thi đua")
    assert result.passed and "không áp dụng" in result.message.lower()


def test_registration_reached_and_not_reached(org, vhxh, person, forms_by_code):
    _, nominee = _person_dossier(org, vhxh, forms_by_code["LDTT"], person)
    title = mock.Mock(code="LDTT")
    row = mock.Mock(spec=["person", "household", "unit", "title", "reached"], person=person, household=None,
                    unit=person.unit, title=title, reached=False)
    module = mock.Mock()
    module.registration_results.return_value = [row]
    with mock.patch.dict("sys.modules", {"campaigns.selectors": module}):
        result = _results(nominee, "Điều kiện: đăng ký thi đua")[0]
        assert result.warning and "chưa đạt" in result.message  # the rule is unconfirmed: a warning by default
        form = forms_by_code["LDTT"]
        form.registration_mandatory = True
        form.save()
        nominee.dossier.form.refresh_from_db()
        assert _results(nominee, "Điều kiện: đăng ký thi đua")[0].blocking
        row.reached = True
        assert _results(nominee, "Điều kiện: đăng ký thi đua")[0].passed
        row.person = PersonFactory(unit=person.unit)
        assert "Không có đăng ký" in _results(nominee, "Điều kiện: đăng ký thi đua")[0].message


def test_already_awarded_same_form_same_year(org, vhxh, person, forms_by_code):
    _, nominee = _person_dossier(org, vhxh, forms_by_code["LDTT"], person)
    assert _results(nominee, "Đã được khen cùng hình thức")[0].passed
    AwardRecord.objects.create(organization=org, year=2024, form=forms_by_code["LDTT"], form_name="Lao động tiên tiến",
                               subject_kind=SubjectKind.PERSON, person=person, display_name=person.full_name,
                               subject_key=f"person:{person.pk}", source=AwardRecord.Source.IMPORT)
    assert _results(nominee, "Đã được khen cùng hình thức")[0].blocking


def test_one_achievement_one_award(org, vhxh, person, forms_by_code):
    _, nominee = _person_dossier(org, vhxh, forms_by_code["GK_CTX"], person, achievement="Cứu người đuối nước")
    assert not _results(nominee, "Một thành tích")
    AwardRecord.objects.create(organization=org, year=2024, form=forms_by_code["LDTT"], form_name="Lao động tiên tiến",
                               subject_kind=SubjectKind.PERSON, person=person, display_name=person.full_name,
                               achievement="Cứu người  đuối nước", subject_key=f"person:{person.pk}",
                               source=AwardRecord.Source.IMPORT)
    assert _results(nominee, "Một thành tích")[0].blocking


def test_same_nominee_in_two_open_dossiers(org, vhxh, person, unit, forms_by_code):
    _, first = _person_dossier(org, vhxh, forms_by_code["LDTT"], person)
    assert _results(first, "Cùng một người")[0].passed
    _person_dossier(org, vhxh, forms_by_code["LDTT"], person)
    assert _results(first, "Cùng một người")[0].blocking
    # A different, unrelated form at the same time: a warning that asks for a justification.
    _, gk = _person_dossier(org, vhxh, forms_by_code["GK_CTX"], person)
    result = [r for r in _results(gk, "Cùng một người")][0]
    assert result.warning


def test_cap_on_cstdcs(org, vhxh, person, forms_by_code):
    InitiativeFactory(person=person, year=2024)
    _, nominee = _person_dossier(org, vhxh, forms_by_code["CSTDCS"], person)
    for i in range(7):
        p = PersonFactory(unit=person.unit, full_name=f"Người {i}")
        ready_dossier(org=org, by=vhxh, form=forms_by_code["LDTT"],
                      nominees=[{"subject_kind": SubjectKind.PERSON, "person": p}])
    [result] = _results(nominee, "Tỷ lệ")
    assert result.passed  # 1 CSTĐCS against 7 LĐTT: at most 1.05 at 15%
    settings = services.awards_settings_get(organization=org)
    settings.cap_percent = 10
    settings.save()
    [result] = _results(nominee, "Tỷ lệ")
    assert result.warning and "TT 08/2019" in result.source  # not mandatory by default: a warning


def test_newcomer_rule(org, vhxh, unit, forms_by_code):
    newcomer = PersonFactory(unit=unit, full_name="Trần Văn Mới")
    newcomer.started_on = dt.date(2024, 5, 1)
    newcomer.save()
    _, nominee = _person_dossier(org, vhxh, forms_by_code["LDTT"], newcomer)
    [result] = _results(nominee, "Thời gian công tác")
    assert result.blocking and "7 tháng" in result.message
    newcomer.started_on = dt.date(2024, 2, 1)
    newcomer.save()
    nominee.refresh_from_db()
    nominee.person.refresh_from_db()
    assert _results(nominee, "Thời gian công tác")[0].passed


def test_unknown_start_date_is_a_warning_that_needs_justification(org, vhxh, unit, forms_by_code):
    someone = PersonFactory(unit=unit, full_name="Chưa Rõ Ngày")
    dossier, nominee = _person_dossier(org, vhxh, forms_by_code["LDTT"], someone)
    assert _results(nominee, "Thời gian công tác")[0].warning
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.SUBMITTED, today=TODAY)
    assert "cần ghi giải trình" in str(error.value)
    services.nominee_update(nominee=nominee, by=vhxh, achievement="",
                            justification="Công tác từ 2010, hồ sơ gốc ở huyện.")
    services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.SUBMITTED, today=TODAY)
    assert dossier.status == Dossier.Status.SUBMITTED


def test_missing_document_blocks_submit(org, vhxh, person, forms_by_code):
    dossier = services.dossier_create(organization=org, by=vhxh, form=forms_by_code["LDTT"], year=2024)
    services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.PERSON, person=person)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.SUBMITTED, today=TODAY)
    text = str(error.value)
    assert "Biên bản bình xét" in text and "Báo cáo thành tích" in text


def test_subject_kind_must_fit_the_form(org, vhxh, unit, forms_by_code):
    dossier = services.dossier_create(organization=org, by=vhxh, form=forms_by_code["LDTT"], year=2024)
    with pytest.raises(ValidationError):
        services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.COLLECTIVE, unit=unit)
