"""The whole journey in a browser: vhxh edits the plan in place, cán bộ reports, the dashboard shows it."""

import re

import pytest
from playwright.sync_api import expect

from plans import services
from plans.models import Section, Task

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_TASK = "Kiểm tra việc đăng ký thi đua của các thôn ≥ 50% & báo cáo"


@pytest.fixture
def plan(org, vhxh, unit, other_unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1, q2 = plan.sections.get(kind=Section.Kind.Q1), plan.sections.get(kind=Section.Kind.Q2)
    for section, content, units in [
        (q1, "Ban hành Kế hoạch công tác TĐKT năm 2024.", [other_unit]),
        (q1, "Phát động phong trào thi đua năm 2024.", [unit, other_unit]),
        (q2, "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024", [other_unit]),
        (q2, "Xây dựng Quy chế phối hợp về tuyên truyền", [unit]),
    ]:
        services.task_create(section=section, by=vhxh, content=content, units=units)
    return plan


def numbers_in(page, kind: str) -> list[tuple[str, str]]:
    """(TT, content) of the rows shown in one quarter, as the user sees them."""
    rows = page.get_by_test_id(f"section-tasks-{kind}").locator("tr.task-row")
    return [
        (row.locator("td.tt").inner_text().strip(), row.locator("td.content").inner_text().strip())
        for row in rows.all()
    ]


def test_vhxh_edits_in_place_then_canbo_reports_and_dashboard_shows_it(page, plan, vhxh, canbo, unit):
    # --- vhxh adds a task to QUÝ II without a full page reload ---------------------------------------
    login(page, "t_vhxh")
    page.goto(f"/plans/{plan.pk}/edit/")
    page.evaluate("window.__sameDocument = 'yes'")
    page.get_by_test_id("task-add-q2").click()
    form = page.get_by_test_id("task-form")
    form.get_by_label("Nội dung").fill(NEW_TASK)
    form.get_by_label("Hội Nông dân xã").check()
    form.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(page.get_by_test_id("editor-notice")).to_have_text("Đã thêm nhiệm vụ 5 vào QUÝ II.")
    assert numbers_in(page, "q2")[-1] == ("5", NEW_TASK)
    assert page.evaluate("window.__sameDocument") == "yes"

    # --- moves it with the "Lên" button (keyboard-friendly path) -------------------------------------
    page.get_by_role("button", name="Đưa nhiệm vụ 5 lên").click()
    expect(page.get_by_test_id("editor-notice")).to_have_text("Đã chuyển nhiệm vụ, số thứ tự mới: 4.")
    assert numbers_in(page, "q2") == [
        ("3", "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024"),
        ("4", NEW_TASK),
        ("5", "Xây dựng Quy chế phối hợp về tuyên truyền"),
    ]

    # --- and one real drag: to the top of QUÝ I ------------------------------------------------------
    new_row = page.locator("tr.task-row", has_text=NEW_TASK)
    first_q1 = page.get_by_test_id("section-tasks-q1").locator("tr.task-row").first
    new_row.locator(".drag-handle").drag_to(first_q1, target_position={"x": 40, "y": 3})
    expect(page.get_by_test_id("editor-notice")).to_have_text(
        "Đã chuyển nhiệm vụ sang QUÝ I, số thứ tự mới: 1."
    )
    assert numbers_in(page, "q1") == [
        ("1", NEW_TASK),
        ("2", "Ban hành Kế hoạch công tác TĐKT năm 2024."),
        ("3", "Phát động phong trào thi đua năm 2024."),
    ]
    assert [n for n, _ in numbers_in(page, "q2")] == ["4", "5"]
    assert page.evaluate("window.__sameDocument") == "yes"
    moved = Task.objects.get(content=NEW_TASK)
    assert (moved.number, moved.section.kind) == (1, Section.Kind.Q1)
    logout(page)

    # --- cán bộ of the unit marks it done with a note -------------------------------------------------
    login(page, "t_canbo")
    page.get_by_role("link", name=NEW_TASK).first.click()
    page.wait_for_url(re.compile(rf"/tasks/{moved.pk}/$"))
    page.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    page.get_by_label("Ghi chú / kết quả").fill("Đã kiểm tra đủ 5 thôn, gửi báo cáo ngày 20/03.")
    page.get_by_role("button", name="Lưu cập nhật").click()
    expect(page.get_by_test_id("task-status")).to_contain_text("Hoàn thành")

    # --- the dashboard shows the update and the progress ---------------------------------------------
    page.goto("/")
    updates = page.get_by_test_id("latest-updates")
    expect(updates).to_contain_text("Nhiệm vụ 1 (2024)")
    expect(updates).to_contain_text("Hoàn thành")
    expect(updates).to_contain_text("Đã kiểm tra đủ 5 thôn, gửi báo cáo ngày 20/03.")
    expect(page.get_by_test_id("progress")).to_contain_text("1/3 hoàn thành")
    logout(page)
