"""Demo data for campaigns, written through the services, idempotent (looked up by natural keys).

Everything here is invented for the demo except what the seed plan says: the 2024 plan's task 2 launches the
year's campaign, and the commune belongs to "Cụm thi đua số VI". The four other communes of the cluster, the
households and the people's names are illustrations, not the real ones.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from plans.models import Plan
from units.models import Organization, Person, Unit, User
from units.roles import Role
from units.services import system_account_get
from units.text import unit_key

from . import services
from .models import Campaign, Cluster, Commitment, EmulationTitle, Household, Pledge, Registration

CAMPAIGN_TITLE = "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ phát triển kinh tế – xã hội năm 2024"
PARTICIPANTS = [
    "Công an xã", "Ban Chỉ huy Quân sự xã", "MTTQ xã", "Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã",
    "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã", "Thôn Làng Bẻ", "Thôn Đồng Mạ", "Thôn Khuôn Nang", "Thôn Nà Lốc",
    "Thôn Tân Lập",
]
APPROVED = ["Công an xã", "Hội Nông dân xã", "Đoàn Thanh niên xã", "Thôn Làng Bẻ"]
RETURNED = ("Hội Liên hiệp Phụ nữ xã", "Chỉ tiêu chưa cụ thể: bổ sung số hội viên đăng ký danh hiệu và số mô hình.")
LATE = "Hội Cựu chiến binh xã"
HOUSEHOLD_VILLAGE = "Thôn Làng Bẻ"
FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Nguyễn"]
GIVEN = ["Văn Bình", "Thị Hoa", "Văn Cường", "Thị Mai", "Văn Dũng"]
DODAN_THE = ["MTTQ xã", "Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã"]
PLEDGE_TITLE = "Giao ước thi đua giữa Ủy ban MTTQ và các đoàn thể chính trị – xã hội xã năm 2024"
COMMITMENTS = [
    "Tuyên truyền, vận động hội viên, đoàn viên 100% đăng ký thi đua ngay từ đầu năm.",
    "Phối hợp xây dựng ít nhất 01 mô hình, điển hình tiên tiến mỗi đoàn thể.",
    "Vận động nhân dân tham gia cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”.",
    "Định kỳ sơ kết 6 tháng, tổng kết năm; đánh giá kết quả thực hiện giao ước.",
]
CLUSTER_NAME = "Cụm thi đua số VI"
CLUSTER_MEMBERS = ["UBND xã Thanh Sơn", "UBND xã Hòa Sơn", "UBND xã Minh Sơn", "UBND xã Đồng Tân", "UBND xã Hồ Sơn"]
CRITERIA = [
    ("Thực hiện các chỉ tiêu kinh tế – xã hội", "regular", "30"),
    ("Quốc phòng, an ninh, trật tự an toàn xã hội", "regular", "20"),
    ("Văn hóa – xã hội, xây dựng nông thôn mới", "regular", "30"),
    ("Công tác thi đua, khen thưởng", "regular", "20"),
    ("Điểm thưởng: mô hình mới, cách làm hay", "bonus", "5"),
    ("Điểm trừ: chậm báo cáo", "penalty", "5"),
]
# Final (agreed) points per member, in CRITERIA order; Minh Sơn and Đồng Tân tie on purpose.
SCORES = [
    ["28", "19", "27", "19", "3", "0"],
    ["27", "18", "28", "18", "2", "1"],
    ["26", "18", "26", "17", "2", "0"],
    ["25", "19", "26", "18", "1", "0"],
    ["24", "17", "25", "17", "0", "2"],
]


def _units(organization: Organization) -> dict[str, Unit]:
    index = {}
    for unit in organization.units.all():
        for key in unit.match_keys():
            index.setdefault(key, unit)
    return index


@transaction.atomic
def demo_load_campaigns(*, organization: Organization, today: dt.date) -> Campaign | None:
    """The 2024 campaign launched from task 2 of the demo plan, its registrations, 30 households, a pledge among
    the đoàn thể and Cụm thi đua số VI with its 2024 scores. Returns the campaign (None without the 2024 plan)."""
    plan = Plan.objects.filter(organization=organization, year=2024).first()
    if plan is None:
        return None
    # The demo's vhxh officer when demo accounts exist (the history then reads like real work), else the
    # commune's system account, as for every shell command.
    actor = (
        User.objects.filter(organization=organization, groups__name=Role.VHXH, is_active=True).order_by("pk").first()
        or system_account_get(organization=organization)
    )
    units = _units(organization)
    campaign = Campaign.objects.filter(organization=organization, title=CAMPAIGN_TITLE).first()
    if campaign is None:
        campaign = _campaign_load(organization=organization, plan=plan, actor=actor, units=units)
    if not Pledge.objects.filter(organization=organization, title=PLEDGE_TITLE).exists():
        _pledge_load(organization=organization, campaign=campaign, actor=actor, units=units)
    if not Cluster.objects.filter(organization=organization, name=CLUSTER_NAME).exists():
        _cluster_load(organization=organization, actor=actor)
    return campaign


def _campaign_load(*, organization, plan, actor, units) -> Campaign:
    task = plan.tasks.get(number=2)
    campaign = services.campaign_create(
        organization=organization, by=actor, title=CAMPAIGN_TITLE, kind=Campaign.Kind.REGULAR, year=2024,
        start_date=dt.date(2024, 1, 15), end_date=dt.date(2024, 12, 31), tasks=[task],
        content="Thi đua hoàn thành thắng lợi nhiệm vụ phát triển kinh tế – xã hội, quốc phòng, an ninh năm 2024.",
        targets="100% cơ quan, đơn vị, đoàn thể và 05 thôn đăng ký thi đua.",
        criteria="Theo Luật Thi đua, khen thưởng và hướng dẫn của cấp trên.",
    )
    participants = [units[unit_key(name)] for name in PARTICIPANTS]
    services.campaign_launch(campaign=campaign, by=actor, units=participants)
    titles = {t.code: t for t in EmulationTitle.objects.all()}
    deadline = campaign.deadline()
    registrations = {r.unit.name: r for r in campaign.registrations.select_related("unit")}
    for registration in registrations.values():
        unit = registration.unit
        title = titles.get("THONVH" if unit.kind == Unit.Kind.VILLAGE else "TTLDTT")
        services.registration_update(registration=registration, by=actor, title=title,
                                     targets="Hoàn thành 100% chỉ tiêu được giao.")
        for person in Person.objects.filter(unit=unit, is_active=True):
            services.registration_line_add(registration=registration, by=actor, title=titles["LDTT"], person=person)
    village = registrations[HOUSEHOLD_VILLAGE]
    for number in range(30):
        head = f"{FAMILY[number % len(FAMILY)]} {GIVEN[number // len(FAMILY) % len(GIVEN)]}"
        address = f"Xóm {number // 10 + 1}, {HOUSEHOLD_VILLAGE}"
        household = Household.objects.filter(village=village.unit, match_key=Household.key_for(head, address)).first()
        household = household or services.household_create(village=village.unit, by=actor, head_name=head,
                                                            address=address)
        services.registration_line_add(registration=village, by=actor, title=titles["GDVH"], household=household)
    on_time = deadline or dt.date(2024, 3, 31)
    for name in APPROVED:
        services.registration_transition(registration=registrations[name], by=actor, to=Registration.Status.SUBMITTED,
                                         today=on_time)
        services.registration_transition(registration=registrations[name], by=actor, to=Registration.Status.APPROVED)
    name, reason = RETURNED
    services.registration_transition(registration=registrations[name], by=actor, to=Registration.Status.SUBMITTED,
                                     today=on_time)
    services.registration_transition(registration=registrations[name], by=actor, to=Registration.Status.RETURNED,
                                     note=reason)
    # vhxh accepts it after the deadline: it is marked late.
    services.registration_transition(registration=registrations[LATE], by=actor, to=Registration.Status.SUBMITTED,
                                     today=on_time + dt.timedelta(days=10), note="Nhận bản đăng ký gửi muộn.")
    return campaign


def _pledge_load(*, organization, campaign, actor, units) -> None:
    pledge = services.pledge_create(
        organization=organization, by=actor, title=PLEDGE_TITLE, year=2024, signed_on=dt.date(2024, 2, 20),
        place=organization.place_name, campaign=campaign,
        preamble="Thực hiện phong trào thi đua năm 2024, các bên thống nhất ký kết giao ước thi đua với các nội "
                 "dung sau:",
    )
    for name in DODAN_THE:
        services.pledge_party_add(pledge=pledge, by=actor, unit=units[unit_key(name)],
                                  signatories=[(f"Đại diện {name}", "Chủ tịch" if "Đoàn" not in name else "Bí thư")])
    for content in COMMITMENTS:
        services.commitment_add(pledge=pledge, by=actor, content=content, deadline=dt.date(2024, 12, 15))
    first = pledge.commitments.get(number=1)
    services.commitment_set_status(commitment=first, by=actor, status=Commitment.Status.DONE,
                                   note="100% hội viên, đoàn viên đã đăng ký.")


def _cluster_load(*, organization, actor) -> None:
    cluster = services.cluster_create(organization=organization, by=actor, name=CLUSTER_NAME)
    members = []
    for name in CLUSTER_MEMBERS:
        mine = name == "UBND xã Thanh Sơn"
        members.append(services.cluster_member_add(cluster=cluster, by=actor, name=name,
                                                   organization=organization if mine else None))
    sheet = services.sheet_create(cluster=cluster, by=actor, year=2024, lead=members[1],
                                  meeting_on=dt.date(2024, 12, 10), meeting_place="UBND xã Hòa Sơn")
    criteria = [services.criterion_add(sheet=sheet, by=actor, name=name, kind=kind, max_points=Decimal(points))
                for name, kind, points in CRITERIA]
    for member, finals in zip(members, SCORES, strict=True):
        points = {}
        for criterion, final in zip(criteria, finals, strict=True):
            final = Decimal(final)
            # Members usually score themselves a little higher than the meeting agrees.
            own = min(criterion.max_points, final + 1) if criterion.kind == "regular" else final
            points[criterion.pk] = (own, final)
        services.scores_set(sheet=sheet, member=member, by=actor, points=points)
