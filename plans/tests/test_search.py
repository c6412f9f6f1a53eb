"""Task search ignores accents and case: "bao cao" finds "Báo cáo", "d" finds "đ"."""

import unicodedata

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from plans import selectors, services
from plans.models import Section
from plans.tests.factories import PlanFactory, TaskFactory
from units.tests.factories import UnitFactory

SO_KET = "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024"
TONG_KET = "Báo cáo tổng kết công tác TĐKT năm 2024"
DANG_KY = "Đăng ký các chỉ tiêu thi đua năm 2024 với UBND huyện"
PHAT_TRIEN = "Phát triển phong trào văn nghệ quần chúng"
SCRIPT = '<script>alert("x")</script> Tuyên truyền & "gương" người tốt ≥ 50%'


@pytest.fixture
def plan(org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    for content in (SO_KET, TONG_KET, DANG_KY, PHAT_TRIEN, SCRIPT):
        services.task_create(section=q1, by=vhxh, content=content, units=[unit])
    return plan


@pytest.fixture
def foreign_task(other_org):
    """Another commune's task that matches every query below."""
    plan = PlanFactory(organization=other_org, year=2024)
    return TaskFactory(
        plan=plan, content="Báo cáo sơ kết, đăng ký thi đua của xã khác",
        units=[UnitFactory(organization=other_org)],
    )


def found(user, query):
    return [task.content for task in selectors.task_search(user=user, query=query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bao cao", [SO_KET, TONG_KET]),
        ("Báo cáo", [SO_KET, TONG_KET]),
        ("BAO CAO", [SO_KET, TONG_KET]),
        ("bÁo CÁO", [SO_KET, TONG_KET]),
        (unicodedata.normalize("NFD", "Báo cáo"), [SO_KET, TONG_KET]),
        ("dang ky", [DANG_KY]),
        ("ĐĂNG KÝ", [DANG_KY]),
        ("tdkt", [SO_KET, TONG_KET]),
        ("phat trien", [PHAT_TRIEN]),
    ],
)
def test_accents_and_case_are_ignored(plan, vhxh, query, expected):
    assert found(vhxh, query) == expected


def test_d_finds_dj(plan, vhxh):
    results = found(vhxh, "d")
    # "đ" folds to "d": the task with "Đăng ký"/"đầu"/"TĐKT" match, the one with neither letter does not.
    assert DANG_KY in results
    assert SO_KET in results
    assert PHAT_TRIEN not in results


def test_every_word_must_match(plan, vhxh):
    assert found(vhxh, "bao cao so ket") == [SO_KET]
    assert found(vhxh, "ket bao   tong") == [TONG_KET]
    assert found(vhxh, "bao cao huyen") == []


def test_empty_query_finds_nothing(plan, vhxh):
    assert found(vhxh, "   ") == []


def test_edited_content_is_searchable(plan, vhxh, unit):
    task = plan.tasks.get(content=PHAT_TRIEN)
    services.task_update(task=task, by=vhxh, content="Hội diễn văn nghệ mừng Đảng", units=[unit])
    assert found(vhxh, "hoi dien dang") == ["Hội diễn văn nghệ mừng Đảng"]
    assert found(vhxh, "phat trien") == []


def test_another_communes_tasks_never_appear(plan, foreign_task, vhxh, canbo, captren, outsider):
    for user in (vhxh, canbo, captren):
        assert foreign_task.content not in found(user, "bao cao so ket")
        assert found(user, "bao cao so ket") == [SO_KET]
    assert found(outsider, "bao cao so ket") == [foreign_task.content]
    assert found(outsider, "phat trien") == []


def test_anonymous_finds_nothing(plan):
    assert selectors.task_search(user=AnonymousUser(), query="bao cao") == []


# --- page ----------------------------------------------------------------------------------------------


def search(client, query):
    return client.get(reverse("plans:search"), {"q": query})


def test_page_lists_matches(client, plan, foreign_task, canbo):
    client.force_login(canbo)
    response = search(client, "dang ky")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thấy 1 nhiệm vụ." in html
    assert DANG_KY in html
    assert "xã khác" not in html
    assert reverse("plans:task_detail", args=[foreign_task.pk]) not in html


def test_page_escapes_results(client, plan, vhxh):
    client.force_login(vhxh)
    html = search(client, "tuyen truyen").content.decode()
    assert '<script>alert("x")</script>' not in html
    escaped = (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "Tuyên truyền &amp; &quot;gương&quot; người tốt ≥ 50%"
    )
    assert escaped in html


def test_page_keeps_the_query_escaped(client, plan, vhxh):
    client.force_login(vhxh)
    html = search(client, '"><script>x</script>').content.decode()
    assert "<script>x</script>" not in html
    assert "Tìm thấy 0 nhiệm vụ." in html


def test_page_needs_login(client, plan):
    response = search(client, "bao cao")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
