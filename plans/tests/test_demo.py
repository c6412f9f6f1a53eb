"""`load_demo`: the seed's 2024 plan of xã Thanh Sơn, reproduced exactly, and the demo accounts."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.demo import demo_load
from plans.models import Plan, PlanRecipient, Task, TaskUnit, TaskUpdate
from plans.permissions import can_update_task
from units.models import Organization, Person, Unit, User

TODAY = dt.date(2025, 3, 1)
DEMO_PASSWORD = "thanhson2024"


@pytest.fixture
def demo(db):
    return demo_load(today=TODAY)


@pytest.fixture
def plan(demo):
    return Plan.objects.get(organization__slug="thanh-son", year=2024)


def task(plan, number):
    return plan.tasks.get(number=number)


def unit_names(task):
    return [link.unit.name for link in task.task_units.select_related("unit")]


def log_in(client, username: str, password: str = DEMO_PASSWORD) -> bool:
    """Through the real login form: django-axes needs the request that client.login() does not pass."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Unit, Plan, Task, TaskUnit, TaskUpdate, PlanRecipient, User, Person,
                      Task.history.model, Plan.history.model, Unit.history.model)
    }


def test_organization(demo):
    org = Organization.objects.get(slug="thanh-son")
    assert (org.name, org.short_name, org.superior_name, org.place_name, org.chairman_name) == (
        "Ủy ban nhân dân xã Thanh Sơn", "UBND xã Thanh Sơn", "UBND huyện Hữu Lũng", "Thanh Sơn",
        "Sầm Văn Thao",
    )


def test_sixteen_tasks_numbered_through_the_quarters(plan):
    by_quarter = {
        section.get_kind_display(): list(section.tasks.order_by("order").values_list("number", flat=True))
        for section in plan.sections.order_by("order")
    }
    assert by_quarter == {
        "QUÝ I": [1, 2, 3, 4, 5],
        "QUÝ II": [6, 7, 8, 9],
        "QUÝ III": [10, 11],
        "QUÝ IV": [12, 13, 14, 15, 16],
    }


def test_task_texts_are_the_seeds(plan):
    assert task(plan, 1).content == "Ban hành Kế hoạch công tác TĐKT năm 2024."
    # As typed in the seed, down to the comma that ends task 5.
    assert task(plan, 5).content.endswith("với UBND huyện, Hội đồng TĐKT huyện,")
    assert task(plan, 9).content == "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024"
    assert task(plan, 10).content.endswith("Cụm thi đua số VI (Địa điểm tại đơn vị Trưởng Cụm năm 2024)")
    assert task(plan, 12).content == "Hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2024."
    assert task(plan, 14).content == "Tổ chức Hội nghị thống nhất chấm điểm Cụm thi đua cùn số VI năm 2024."
    assert task(plan, 16).content == "Dự thảo kế hoạch công tác TĐKT năm 2025"
    assert {t.deadline for t in plan.tasks.filter(section__kind="q2")} == {dt.date(2024, 6, 30)}


def test_units_are_mapped_to_the_catalog(plan):
    assert unit_names(task(plan, 2)) == ["UBND xã", "HĐ TĐKT xã", "Công chức Văn hóa – Xã hội"]
    assert unit_names(task(plan, 6)) == ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội", "Các đơn vị liên quan"]
    assert unit_names(task(plan, 11)) == ["UBND xã"]
    assert unit_names(task(plan, 16)) == ["Công chức Văn hóa – Xã hội"]
    used = set(TaskUnit.objects.filter(task__plan=plan).values_list("unit__name", flat=True))
    assert used == {"UBND xã", "HĐ TĐKT xã", "Công chức Văn hóa – Xã hội", "Các đơn vị liên quan"}
    names = set(Unit.objects.filter(organization=plan.organization).values_list("name", flat=True))
    # The seed's spellings are aliases, never units of their own.
    assert not names & {"HD TĐKT xã", "HĐTĐKT xã", "Công chức Văn hóa – Xã hội xã"}
    assert {"Hội Nông dân xã", "MTTQ xã", "Công an xã", "Ban Chỉ huy Quân sự xã"} <= names
    assert Unit.objects.filter(organization=plan.organization, kind=Unit.Kind.VILLAGE).count() == 5


def test_plan_is_issued_and_reported(plan):
    """The demo plan went through sign-off like a real one, and a six-month report was issued."""
    assert plan.status == Plan.Status.SIGNED
    assert (plan.number, plan.issued_on) == ("15/KH-UBND", dt.date(2024, 1, 5))
    issued = plan.issued_document
    assert issued.number == "15/KH-UBND" and len(issued.sha256) == 64
    assert [e.to_status for e in plan.events.order_by("pk")] == ["submitted", "signed"]
    report = plan.reports.get()
    assert (report.status, report.period, report.issued_on) == ("signed", "half_year", dt.date(2024, 7, 10))
    assert report.number.endswith("/BC-UBND")


def test_demo_before_the_issue_date_is_a_draft(db, settings):
    settings.DEMO_MODE = True
    plan = demo_load(today=dt.date(2024, 1, 2)).plan
    assert plan.status == Plan.Status.DRAFT and not plan.reports.exists()


def test_plan_texts_and_signature(plan):
    assert plan.title == "Công tác thi đua, khen thưởng năm 2024"
    bases = plan.legal_basis_lines()
    assert len(bases) == 2
    assert bases[0].startswith("Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003;")
    assert bases[1].endswith("xây dựng kế hoạch công tác thi đua, khen thưởng năm 2024 như sau:")
    assert [line[:12] for line in plan.purpose_lines()] == ["- Đẩy mạnh c", "- Tổ chức th"]
    assert plan.requirements.startswith("Các phong trào thi đua phải đảm bảo tính thiết thực")
    assert [line[:9] for line in plan.implementation_lines()] == ["1. Căn cứ", "2. Giao b"]
    assert plan.closing.endswith("các thôn trong xã nghiêm túc triển khai thực hiện./.")
    assert (plan.signer_authority, plan.signer_title, plan.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Sầm Văn Thao",
    )


def test_recipients(plan):
    assert [(r.name, r.note) for r in plan.recipients.all()] == [
        ("Phòng Nội vụ huyện", "(b/c)"),
        ("TT Đảng ủy, HĐND xã", ""),
        ("CT, PCT UBND xã", ""),
        ("Các thành viên HĐTĐKT xã", ""),
        ("MTTQ và các đoàn thể xã", ""),
        ("05 thôn", ""),
        ("Lưu: VP, HĐ TĐ –KT", ""),
    ]


def test_progress_through_the_services(plan):
    statuses = dict(plan.tasks.values_list("number", "status"))
    assert [n for n, s in statuses.items() if s == Task.Status.DONE] == [1, 2, 3, 4, 5, 6, 7, 9, 10]
    assert [n for n, s in statuses.items() if s == Task.Status.IN_PROGRESS] == [11, 12]
    assert task(plan, 8).status == Task.Status.CANCELLED
    assert task(plan, 8).status_reason.startswith("Huyện đang xây dựng quy chế chung")
    overdue = sorted(plan.tasks.overdue(TODAY).values_list("number", flat=True))
    assert overdue == [11, 12, 13, 14, 15, 16]
    updates = TaskUpdate.objects.filter(task__plan=plan)
    assert updates.count() == 12
    assert set(updates.values_list("author__username", flat=True)) == {"vhxh", "canbo"}
    assert updates.get(task__number=9).note == "Đã tổ chức sơ kết, khen thưởng 03 tập thể và 05 cá nhân."


def test_progress_only_for_quarters_already_begun(db):
    plan = demo_load(today=dt.date(2024, 5, 15)).plan
    assert sorted(TaskUpdate.objects.filter(task__plan=plan).values_list("task__number", flat=True)) == [
        1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]
    assert not plan.tasks.filter(number__gte=10).exclude(status=Task.Status.NOT_STARTED).exists()


def test_running_twice_changes_nothing(demo, plan):
    before = counts()
    statuses = list(plan.tasks.order_by("number").values_list("number", "status", "updated_at"))
    report = demo_load(today=TODAY)
    assert counts() == before
    assert list(plan.tasks.order_by("number").values_list("number", "status", "updated_at")) == statuses
    assert (report.plan_created, report.units_created, report.updates_created) == (False, 0, 0)


def test_existing_organization_keeps_its_edits(demo):
    Organization.objects.filter(slug="thanh-son").update(superior_name="UBND tỉnh Lạng Sơn")
    demo_load(today=TODAY)
    assert Organization.objects.get(slug="thanh-son").superior_name == "UBND tỉnh Lạng Sơn"


@pytest.mark.parametrize("username", ["chutich", "vhxh", "canbo", "huyen"])
def test_demo_accounts_log_in(demo, client, username):
    assert log_in(client, username)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    # Every account belongs to the demo commune and sees its overdue work.
    assert "Dự thảo kế hoạch công tác TĐKT năm 2025" in response.content.decode()


def test_demo_accounts_roles_and_units(demo, plan):
    users = {u.username: u for u in User.objects.filter(organization=plan.organization)}
    assert {name: sorted(u.roles) for name, u in users.items()} == {
        "chutich": ["chu_tich"], "vhxh": ["vhxh"], "canbo": ["can_bo"], "huyen": ["cap_tren"],
    }
    assert users["chutich"].get_full_name() == "Sầm Văn Thao"
    assert users["canbo"].person.unit.name == "HĐ TĐKT xã"
    assert can_update_task(users["canbo"], task(plan, 2))
    assert not can_update_task(users["canbo"], task(plan, 1))


def test_password_is_reset_on_every_run(demo, client):
    vhxh = User.objects.get(username="vhxh")
    vhxh.set_password("doi-mat-khau-khac")
    vhxh.save()
    assert not log_in(client, "vhxh")
    demo_load(today=TODAY)
    assert log_in(client, "vhxh")


def test_no_accounts_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    report = demo_load(today=TODAY)
    # Only the commune's system account, which cannot log in.
    assert list(User.objects.values_list("username", "is_active")) == [("he-thong-thanh-son", False)]
    assert report.accounts == []
    assert report.plan.tasks.count() == 16
    # Progress needs an author: without accounts the plan starts untouched.
    assert not TaskUpdate.objects.exists()


def test_command_prints_a_summary(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Kế hoạch năm 2024: đã tạo 16 nhiệm vụ, 7 nơi nhận" in text
    assert "Tài khoản mẫu (mật khẩu thanhson2024)" in text
    assert "canbo" in text
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Kế hoạch năm 2024: đã có (16 nhiệm vụ), giữ nguyên." in out.getvalue()


def test_command_outside_demo_mode_says_so(db, settings):
    settings.DEMO_MODE = False
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "DEMO_MODE đang tắt: không tạo tài khoản mẫu" in out.getvalue()
    assert not User.objects.filter(is_active=True).exists()
