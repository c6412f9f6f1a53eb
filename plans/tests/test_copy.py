"""Copy to next year: the year shifting rule, the service and the review page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from plans import services
from plans.copying import shift_pieces, shift_years
from plans.models import Plan, Section, Task, TaskUpdate

LAWS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003; Luật Sửa đổi, bổ sung một số điều của Luật Thi đua, "
    "khen thưởng ngày 16/11/2013 và các văn bản hướng dẫn thi hành;"
)
TAKEN = "Đã có kế hoạch năm 2025. Không thể sao chép thêm một kế hoạch cùng năm."
RECIPIENTS = [("Phòng Nội vụ huyện", "(b/c)"), ("Lưu: VP", "")]
DISTRICT = "Căn cứ Kế hoạch số 03/KH-UBND ngày 03/01/2024 của UBND huyện Hữu Lũng về công tác năm 2024,"


# --- shift_years ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ban hành Kế hoạch công tác TĐKT năm 2024.", "Ban hành Kế hoạch công tác TĐKT năm 2025."),
        # Each year moves once: 2023 → 2024 must not go on to 2025.
        (
            "Tổng kết công tác khen thưởng năm 2023, triển khai nhiệm vụ năm 2024.",
            "Tổng kết công tác khen thưởng năm 2024, triển khai nhiệm vụ năm 2025.",
        ),
        ("Dự thảo kế hoạch công tác TĐKT năm 2025", "Dự thảo kế hoạch công tác TĐKT năm 2026"),
        (LAWS, LAWS),
        ("ngày 03/01/2024", "ngày 03/01/2025"),
        ("giai đoạn 2021–2025", "giai đoạn 2021–2025"),
        ("năm học 2023 - 2024", "năm học 2024 - 2025"),
        ("mã 120241 và 20245", "mã 120241 và 20245"),
        ("năm 2022 và năm 2026", "năm 2022 và năm 2026"),
        ("", ""),
    ],
)
def test_shift_years_moves_only_the_plans_window(text, expected):
    assert shift_years(text, 2024, 1) == expected


def test_shift_years_keeps_law_dates_2003_and_2013():
    shifted = shift_years(LAWS + " năm 2024", 2024, 1)
    assert "ngày 26/11/2003" in shifted
    assert "ngày 16/11/2013" in shifted
    assert shifted.endswith("năm 2025")


def test_shift_years_by_two_years():
    assert shift_years("năm 2023 và năm 2024", 2024, 2) == "năm 2025 và năm 2026"


def test_shift_pieces_mark_changes_and_dates():
    pieces = shift_pieces(DISTRICT, 2024, 1)
    changed = [p for p in pieces if p.changed]
    assert [(p.old, p.new, p.is_date) for p in changed] == [("2024", "2025", True), ("2024", "2025", False)]
    assert "".join(p.old for p in pieces) == DISTRICT


# --- service ---------------------------------------------------------------------------------------------


@pytest.fixture
def source(org, vhxh, unit, other_unit):
    plan = services.plan_create(
        organization=org, year=2024, by=vhxh, number="15/KH-UBND", issued_on=dt.date(2024, 1, 10),
        legal_bases=LAWS + "\n" + DISTRICT, purpose="- Thi đua thực hiện thắng lợi các chỉ tiêu năm 2024.",
        closing="Trên đây là kế hoạch công tác thi đua, khen thưởng năm 2024./.",
    )
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    q4 = plan.sections.get(kind=Section.Kind.Q4)
    yearly = services.section_add(plan=plan, by=vhxh, kind=Section.Kind.ALL_YEAR)
    first = services.task_create(
        section=q1, by=vhxh, content="Tổng kết năm 2023, triển khai nhiệm vụ năm 2024.",
        units=[other_unit, unit],
    )
    services.task_create(
        section=q1, by=vhxh, content="Ký giao ước thi đua", units=[unit], deadline=dt.date(2024, 2, 29)
    )
    services.task_create(section=q4, by=vhxh, content="Dự thảo kế hoạch năm 2025", units=[unit])
    services.task_create(section=yearly, by=vhxh, content="Tuyên truyền gương người tốt", units=[unit])
    services.task_set_status(task=first, by=vhxh, status=Task.Status.DONE, note="Đã tổ chức.")
    services.plan_set_recipients(plan=plan, by=vhxh, recipients=RECIPIENTS)
    return plan


def rows(plan):
    return [
        (t.number, t.section.kind, t.content, t.deadline, t.status, [x.unit.name for x in t.task_units.all()])
        for t in plan.tasks.order_by("number").select_related("section").prefetch_related("task_units__unit")
    ]


def test_copy_creates_next_years_draft(source, vhxh):
    copy = services.plan_copy(plan=source, by=vhxh, year=2025)
    assert (copy.year, copy.status, copy.number, copy.issued_on) == (2025, Plan.Status.DRAFT, "", None)
    assert copy.title == "Công tác thi đua, khen thưởng năm 2025"
    assert copy.legal_bases.splitlines()[0] == LAWS
    assert "ngày 03/01/2025" in copy.legal_bases
    assert copy.closing == "Trên đây là kế hoạch công tác thi đua, khen thưởng năm 2025./."
    assert copy.signer_name == "Sầm Văn Thao"
    assert [s.kind for s in copy.sections.order_by("order")] == ["q1", "q2", "q3", "q4", "all_year"]
    assert rows(copy) == [
        (1, "q1", "Tổng kết năm 2024, triển khai nhiệm vụ năm 2025.", dt.date(2025, 3, 31), "not_started",
         ["Đoàn Thanh niên xã", "Hội Nông dân xã"]),
        (2, "q1", "Ký giao ước thi đua", dt.date(2025, 2, 28), "not_started", ["Hội Nông dân xã"]),
        (3, "q4", "Dự thảo kế hoạch năm 2026", dt.date(2025, 12, 31), "not_started", ["Hội Nông dân xã"]),
        (4, "all_year", "Tuyên truyền gương người tốt", dt.date(2025, 12, 31), "not_started",
         ["Hội Nông dân xã"]),
    ]
    assert not TaskUpdate.objects.filter(task__plan=copy).exists()
    assert [(r.name, r.note) for r in copy.recipients.all()] == RECIPIENTS
    # The source is untouched.
    assert rows(source)[0][2:5] == (
        "Tổng kết năm 2023, triển khai nhiệm vụ năm 2024.", dt.date(2024, 3, 31), "done"
    )
    assert source.number == "15/KH-UBND"


def test_copy_uses_the_reviewed_texts(source, vhxh):
    first = source.tasks.get(number=1)
    copy = services.plan_copy(
        plan=source, by=vhxh, year=2025, texts={"title": "Công tác TĐKT năm 2025 (sửa)"},
        task_contents={first.pk: "Tổng kết năm 2024 – nội dung đã sửa"},
    )
    assert copy.title == "Công tác TĐKT năm 2025 (sửa)"
    assert copy.tasks.get(number=1).content == "Tổng kết năm 2024 – nội dung đã sửa"
    assert copy.tasks.get(number=3).content == "Dự thảo kế hoạch năm 2026"


def test_copy_refuses_an_existing_year(source, vhxh, org):
    services.plan_create(organization=org, year=2025, by=vhxh)
    with pytest.raises(ValidationError) as error:
        services.plan_copy(plan=source, by=vhxh, year=2025)
    assert error.value.message_dict["year"] == [TAKEN]


def test_copy_with_an_empty_task_leaves_nothing(source, vhxh):
    first = source.tasks.get(number=1)
    with pytest.raises(ValidationError, match="Nhiệm vụ 1: nội dung không được để trống"):
        services.plan_copy(plan=source, by=vhxh, year=2025, task_contents={first.pk: "  "})
    assert not Plan.objects.filter(year=2025).exists()


@pytest.mark.parametrize("who", ["canbo", "captren", "outsider"])
def test_copy_service_refuses_non_editors(source, who, request):
    with pytest.raises(PermissionDenied):
        services.plan_copy(plan=source, by=request.getfixturevalue(who), year=2025)
    assert not Plan.objects.filter(year=2025).exists()


def test_chairman_may_copy(source, chutich):
    assert services.plan_copy(plan=source, by=chutich, year=2026).tasks.count() == 4


# --- page ------------------------------------------------------------------------------------------------


def url(plan):
    return reverse("plans:copy", args=[plan.pk])


def test_page_previews_the_changes(client, source, vhxh):
    client.force_login(vhxh)
    response = client.get(url(source))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sao chép kế hoạch năm 2024 sang năm 2025" in html
    assert '<del class="year-old">2023</del>' in html
    assert '<mark class="year-new">2025</mark>' in html
    # The textareas hold the shifted texts, ready to edit; law years are left alone.
    assert "Công tác thi đua, khen thưởng năm 2025</textarea>" in html
    assert "Tổng kết năm 2024, triển khai nhiệm vụ năm 2025.</textarea>" in html
    assert "Dự thảo kế hoạch năm 2026</textarea>" in html
    assert "ngày 26/11/2003" in html
    assert "Có ngày tháng cụ thể đã được đổi năm" in html
    # Tasks without years are not offered for editing but counted.
    assert "Ký giao ước thi đua</textarea>" not in html
    assert "2 nhiệm vụ khác được sao chép nguyên văn (tổng 4 nhiệm vụ)" in html


def test_page_previews_another_year(client, source, chutich):
    client.force_login(chutich)
    html = client.get(url(source), {"year": 2026}).content.decode()
    assert "Tổng kết năm 2025, triển khai nhiệm vụ năm 2026.</textarea>" in html


def test_post_creates_the_copy_with_edits(client, source, vhxh):
    client.force_login(vhxh)
    first = source.tasks.get(number=1)
    data = {
        "year": "2025", "title": "Công tác thi đua, khen thưởng năm 2025",
        "legal_bases": "Căn cứ mới\r\nDòng hai",
        "purpose": "", "requirements": "", "implementation": "", "closing": "Kết năm 2025",
        f"task-{first.pk}": "Tổng kết năm 2024 <b>đã sửa</b>",
        f"task-{source.tasks.get(number=3).pk}": "Dự thảo kế hoạch năm 2026",
    }
    response = client.post(url(source), data)
    copy = Plan.objects.get(organization=source.organization, year=2025)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[copy.pk])
    assert copy.legal_bases == "Căn cứ mới\nDòng hai"
    assert copy.purpose == ""
    assert copy.tasks.get(number=1).content == "Tổng kết năm 2024 <b>đã sửa</b>"
    assert copy.tasks.count() == 4
    detail = client.get(response["Location"]).content.decode()
    assert "Tổng kết năm 2024 &lt;b&gt;đã sửa&lt;/b&gt;" in detail


def test_post_with_an_empty_task_shows_the_error(client, source, vhxh):
    client.force_login(vhxh)
    first = source.tasks.get(number=1)
    data = {"year": "2025", "title": "Năm 2025", f"task-{first.pk}": ""}
    response = client.post(url(source), data)
    assert response.status_code == 422
    assert "Nhiệm vụ 1 (QUÝ I): nội dung không được để trống." in response.content.decode()
    assert not Plan.objects.filter(year=2025).exists()


def test_existing_year_is_reported(client, source, vhxh, org):
    services.plan_create(organization=org, year=2025, by=vhxh)
    client.force_login(vhxh)
    html = client.get(url(source)).content.decode()
    assert TAKEN in html
    response = client.post(url(source), {"year": "2025", "title": "X"})
    assert response.status_code == 422
    assert TAKEN in response.content.decode()
    assert Plan.objects.filter(organization=org, year=2025).count() == 1


def test_page_escapes_task_text(client, org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    services.task_create(
        section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh, units=[unit],
        content="<script>alert(1)</script> năm 2024",
    )
    client.force_login(vhxh)
    html = client.get(url(plan)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; năm 2025</textarea>" in html


@pytest.mark.parametrize(("who", "status"), [("canbo", 403), ("captren", 403), ("outsider", 404)])
@pytest.mark.parametrize("method", ["get", "post"])
def test_page_refuses_others(client, source, who, status, method, request):
    client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url(source), {"year": "2025", "title": "X"})
    assert response.status_code == status
    assert not Plan.objects.filter(year=2025).exists()


def test_anonymous_is_sent_to_login(client, source):
    response = client.post(url(source), {"year": "2025", "title": "X"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Plan.objects.filter(year=2025).exists()



def test_post_without_texts_copies_the_preview(client, source, vhxh):
    """Only the year sent: every text is the previewed one (a blank field would be an edit)."""
    client.force_login(vhxh)
    response = client.post(url(source), {"year": "2025"})
    assert response.status_code == 302
    copy = Plan.objects.get(organization=source.organization, year=2025)
    assert copy.title == "Công tác thi đua, khen thưởng năm 2025"
    assert copy.tasks.get(number=3).content == "Dự thảo kế hoạch năm 2026"
