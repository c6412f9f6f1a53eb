"""Demo data for the 2024 year-end of xã Thanh Sơn, written through the services.

`demo_load_awards` is idempotent: it does nothing once the 2024 council exists for the organization. The people
and households are invented for the demo. Dates are fixed (December 2024) whatever `today` is, so the chain
disclosure → vote → decision always follows the rules; `today` only decides whether the year-end has happened.
"""

import datetime as dt

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from units import services as unit_services
from units.models import Initiative, Organization, Person, Unit, User
from units.roles import Role

from . import services
from .models import (
    AwardDocument,
    AwardForm,
    AwardRecord,
    Council,
    CouncilMember,
    Dossier,
    SubjectKind,
    Vote,
)

YEAR = 2024
DISCLOSURE_START = dt.date(2024, 12, 2)
MEETING_DAY = dt.date(2024, 12, 12)
DECISION_DAY = dt.date(2024, 12, 20)
PDF = b"%PDF-1.4\n% demo\n"
# The demo's registrations (campaigns) do not list these invented people: their units registered on paper.
PAPER = "Đơn vị đã đăng ký thi đua bằng văn bản giấy đầu năm."

PROPOSALS = [
    # unit, [(full name, position, start of service)], collective title for the unit?
    ("Hội Nông dân xã", [("Hoàng Văn Thắng", "Chủ tịch Hội", dt.date(2012, 8, 1)),
                         ("Lộc Thị Mai", "Phó Chủ tịch Hội", dt.date(2016, 3, 1))], True),
    ("Hội Liên hiệp Phụ nữ xã", [("Vi Thị Hạnh", "Chủ tịch Hội", dt.date(2014, 1, 2)),
                                 ("Nông Thị Thu", "Cán bộ", dt.date(2024, 6, 1))], False),
    ("Đoàn Thanh niên xã", [("Lăng Văn Quý", "Bí thư Đoàn", dt.date(2019, 9, 1)),
                            ("Hà Thị Ngọc", "Phó Bí thư Đoàn", dt.date(2020, 4, 1))], False),
]
HOUSEHOLDS = ["Hoàng Văn Pha", "Lương Thị Nga", "Vi Văn Sáng", "Chu Văn Tám", "Hà Thị Nhung", "Lộc Văn Đông"]
VILLAGE = "Thôn Nà Lốc"
COUNCIL_MEMBERS = [
    ("Sầm Văn Thao", "Chủ tịch UBND xã", CouncilMember.Role.CHAIR),
    ("Hoàng Thị Lan", "Công chức Văn hóa – Xã hội", CouncilMember.Role.SECRETARY),
    ("Lương Văn Hùng", "Chủ tịch UB MTTQ xã", CouncilMember.Role.MEMBER),
    ("Vi Văn Khánh", "Phó Chủ tịch UBND xã", CouncilMember.Role.MEMBER),
    ("Nông Thị Yến", "Chủ tịch Hội LHPN xã", CouncilMember.Role.MEMBER),
]
EARLIER = [
    (2022, "LDTT", SubjectKind.PERSON, "Hoàng Văn Thắng", "Hội Nông dân xã", "", "98/QĐ-UBND", dt.date(2022, 12, 22)),
    (2022, "GDVH", SubjectKind.HOUSEHOLD, "Hoàng Văn Pha", "", VILLAGE, "99/QĐ-UBND", dt.date(2022, 12, 22)),
    (2023, "LDTT", SubjectKind.PERSON, "Hoàng Văn Thắng", "Hội Nông dân xã", "", "112/QĐ-UBND", dt.date(2023, 12, 21)),
    (2023, "LDTT", SubjectKind.PERSON, "Vi Thị Hạnh", "Hội Liên hiệp Phụ nữ xã", "", "112/QĐ-UBND",
     dt.date(2023, 12, 21)),
    (2023, "GK_CTX", SubjectKind.COLLECTIVE, "Hội Nông dân xã", "Hội Nông dân xã", "", "113/QĐ-UBND",
     dt.date(2023, 12, 21)),
    # Already awarded LĐTT 2024 (at the mid-year review): proposing her again is caught by the checks.
    (2024, "LDTT", SubjectKind.PERSON, "Lăng Văn Quý", "Đoàn Thanh niên xã", "", "60/QĐ-UBND", dt.date(2024, 7, 5)),
]


def _role_user(organization: Organization, role: str) -> User | None:
    group = Group.objects.filter(name=role).first()
    if group is None:
        return None
    return organization.users.filter(groups=group, is_active=True).order_by("pk").first()


def _person(organization: Organization, unit: Unit, name: str, position: str, started_on: dt.date) -> Person:
    person, created = Person.objects.get_or_create(organization=organization, full_name=name, unit=unit,
                                                   defaults={"position": position, "started_on": started_on})
    if not created and person.started_on is None:
        person.started_on = started_on
        person.save(update_fields=["started_on"])
    return person


def _upload_required(dossier: Dossier, by: User) -> None:
    for required in dossier.form.required_documents.filter(summary_may_replace=False):
        upload = ContentFile(PDF, name="ho-so.pdf")
        services.dossier_document_upload(dossier=dossier, by=by, upload=upload, required=required)


@transaction.atomic
def demo_load_awards(*, organization: Organization, today: dt.date) -> dict:
    if Council.objects.filter(organization=organization, year=YEAR).exists() or today < MEETING_DAY:
        return {"created": False}
    vhxh = _role_user(organization, Role.VHXH) or unit_services.system_account_get(organization=organization)
    chairman = _role_user(organization, Role.CHU_TICH)
    units = {u.name: u for u in organization.units.all()}
    forms = {f.code: f for f in AwardForm.objects.all()}
    people: dict[str, Person] = {}
    for unit_name, members, _ in PROPOSALS:
        for name, position, started in members:
            people[name] = _person(organization, units[unit_name], name, position, started)

    for year, code, kind, name, unit_name, village, number, day in EARLIER:
        person = people.get(name) if kind == SubjectKind.PERSON else None
        unit = units.get(name) if kind == SubjectKind.COLLECTIVE else None
        village_unit = units.get(village)
        key = (f"person:{person.pk}" if person else f"unit:{unit.pk}" if unit
               else f"household:{village_unit.pk if village_unit else None}:{name.lower()}")
        if kind == SubjectKind.HOUSEHOLD:
            from .nominees import household_key

            key = household_key(name=name, village_id=village_unit.pk if village_unit else None)
        AwardRecord.objects.create(
            organization=organization, year=year, form=forms[code], form_name=forms[code].name, subject_kind=kind,
            person=person, unit=unit, display_name=name, unit_name=unit_name, village_name=village,
            decision_number=number, decision_date=day, source=AwardRecord.Source.IMPORT, subject_key=key,
        )
    Initiative.objects.get_or_create(organization=organization, person=people["Hoàng Văn Thắng"], year=YEAR,
                                     defaults={"title": "Mô hình tổ hợp tác nuôi ong lấy mật", "accepted": True,
                                               "accepted_on": dt.date(2024, 11, 15),
                                               "accepted_note": "Hội đồng sáng kiến xã công nhận ngày 15/11/2024"})

    ready: list[Dossier] = []
    blocked: list[Dossier] = []
    for unit_name, members, collective in PROPOSALS:
        unit = units[unit_name]
        good = [people[n] for n, _, started in members if started.year < YEAR]
        dossier = services.dossier_create(organization=organization, by=vhxh, form=forms["LDTT"], year=YEAR,
                                          unit=unit, summary=f"{unit_name} hoàn thành tốt nhiệm vụ năm {YEAR}.")
        for person in good:
            if person.full_name == "Lăng Văn Quý":
                continue
            services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.PERSON, person=person,
                                 achievement=f"Hoàn thành tốt nhiệm vụ năm {YEAR}", justification=PAPER)
        _upload_required(dossier, vhxh)
        ready.append(dossier)
        if collective:
            team = services.dossier_create(organization=organization, by=vhxh, form=forms["GK_CTX"], year=YEAR,
                                           unit=unit, summary="Dẫn đầu phong trào sản xuất, kinh doanh giỏi.")
            services.nominee_add(dossier=team, by=vhxh, subject_kind=SubjectKind.COLLECTIVE, unit=unit,
                                 achievement="Dẫn đầu phong trào nông dân sản xuất, kinh doanh giỏi năm 2024",
                                 justification=PAPER)
            _upload_required(team, vhxh)
            ready.append(team)
    # CSTĐCS for Hoàng Văn Thắng (LĐTT proposed in the same round, accepted initiative): goes up to the district.
    cst = services.dossier_create(organization=organization, by=vhxh, form=forms["CSTDCS"], year=YEAR,
                                  unit=units["Hội Nông dân xã"], summary="Có sáng kiến nuôi ong được công nhận.")
    services.nominee_add(dossier=cst, by=vhxh, subject_kind=SubjectKind.PERSON, person=people["Hoàng Văn Thắng"],
                         justification="Hội Nông dân là đơn vị duy nhất đề nghị; tỷ lệ tính chung toàn xã. " + PAPER)
    _upload_required(cst, vhxh)
    ready.append(cst)
    # Missing prerequisite: CSTĐCS for Vi Thị Hạnh without an accepted initiative (stays a draft, blocked).
    missing = services.dossier_create(organization=organization, by=vhxh, form=forms["CSTDCS"], year=YEAR,
                                      unit=units["Hội Liên hiệp Phụ nữ xã"])
    services.nominee_add(dossier=missing, by=vhxh, subject_kind=SubjectKind.PERSON, person=people["Vi Thị Hạnh"])
    blocked.append(missing)
    # Already awarded: LĐTT 2024 again for Lăng Văn Quý (stays a draft, blocked).
    again = services.dossier_create(organization=organization, by=vhxh, form=forms["LDTT"], year=YEAR,
                                    unit=units["Đoàn Thanh niên xã"], occasion="Đề nghị bổ sung")
    services.nominee_add(dossier=again, by=vhxh, subject_kind=SubjectKind.PERSON, person=people["Lăng Văn Quý"])
    blocked.append(again)
    # The household list of one thôn.
    village = units.get(VILLAGE)
    if village is not None:
        gdvh = services.dossier_create(organization=organization, by=vhxh, form=forms["GDVH"], year=YEAR,
                                       unit=village, summary=f"{VILLAGE} bình xét Gia đình văn hóa năm {YEAR}.")
        for name in HOUSEHOLDS:
            services.nominee_add(dossier=gdvh, by=vhxh, subject_kind=SubjectKind.HOUSEHOLD, household_name=name,
                                 village=village, achievement=f"Gia đình văn hóa năm {YEAR}", justification=PAPER)
        _upload_required(gdvh, vhxh)
        ready.append(gdvh)

    for dossier in ready:
        services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.SUBMITTED, today=MEETING_DAY)
        services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.ACCEPTED, today=MEETING_DAY)
    services.disclosure_publish(organization=organization, by=vhxh, year=YEAR, dossiers=ready,
                                starts_on=DISCLOSURE_START, title=f"Danh sách đề nghị khen thưởng năm {YEAR}")
    council = services.council_ensure(organization=organization, by=vhxh, year=YEAR)
    for name, position, role in COUNCIL_MEMBERS:
        services.council_member_add(council=council, by=vhxh, full_name=name, position=position, role=role)
    meeting = services.meeting_create(council=council, by=vhxh, held_on=MEETING_DAY, dossiers=ready,
                                      today=MEETING_DAY)
    members = list(council.members.all())
    services.meeting_attendance_set(meeting=meeting, by=vhxh, present_member_ids=[m.pk for m in members[:4]])
    from .selectors import meeting_tallies

    for tally in meeting_tallies(meeting=meeting):
        choices = {m.pk: Vote.Choice.FOR for m in members}
        if tally.nominee.household_name == "Lộc Văn Đông":  # one household does not pass (2 of 5 = 40%)
            choices = {m.pk: Vote.Choice.AGAINST if i > 1 else Vote.Choice.FOR for i, m in enumerate(members)}
        services.votes_record(meeting=meeting, by=vhxh, nominee=tally.nominee, choices=choices)
    services.meeting_close(meeting=meeting, by=vhxh, today=MEETING_DAY)

    result = {"created": True, "dossiers": len(ready) + len(blocked), "signed": False}
    if chairman is None:
        return result
    decision = services.award_document_draft(organization=organization, by=vhxh, kind=AwardDocument.Kind.DECISION,
                                             year=YEAR, number="135/QĐ-UBND", issued_on=DECISION_DAY)
    services.award_document_sign(document=decision, by=chairman, today=DECISION_DAY)
    submission = services.award_document_draft(organization=organization, by=vhxh,
                                               kind=AwardDocument.Kind.SUBMISSION, year=YEAR, number="42/TTr-UBND",
                                               issued_on=DECISION_DAY)
    services.award_document_sign(document=submission, by=chairman, today=DECISION_DAY)
    services.certificates_printed(records=list(AwardRecord.objects.filter(document=decision)), by=vhxh)
    result.update(signed=True, decision=decision.pk)
    return result
