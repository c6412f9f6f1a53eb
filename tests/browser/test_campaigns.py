"""A unit registers in the browser, vhxh returns it with a reason, the unit fixes and resubmits, vhxh approves."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from campaigns import services
from campaigns.models import Registration

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(org, vhxh, unit, canbo):
    campaign = services.campaign_create(
        organization=org, by=vhxh, title="Phong trào thi đua năm 2024", kind="thuong_xuyen", year=2024,
        start_date=dt.date(2024, 1, 15), end_date=dt.date(2099, 12, 31), registration_deadline=dt.date(2099, 3, 31),
    )
    services.campaign_launch(campaign=campaign, by=vhxh, units=[unit])
    return campaign


def test_register_return_fix_approve(page, campaign, canbo, vhxh):
    registration = campaign.registrations.get()
    login(page, canbo.username)
    # The launch shows on the unit's dashboard.
    card = page.get_by_test_id("dashboard-campaigns")
    expect(card).to_contain_text("Phong trào thi đua năm 2024")
    card.get_by_role("link", name="Mở bản đăng ký").click()

    page.get_by_label("Danh hiệu đăng ký của đơn vị").select_option(label="Tập thể lao động tiên tiến")
    page.get_by_label("Chỉ tiêu, cam kết").fill("Hoàn thành 100% chỉ tiêu")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu bản đăng ký")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã gửi, chờ duyệt")
    logout(page)

    login(page, vhxh.username)
    page.goto(f"/campaigns/registrations/{registration.pk}/")
    page.get_by_label("Lý do trả lại").fill("Chỉ tiêu chưa cụ thể, ghi rõ số mô hình")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Bị trả lại")
    logout(page)

    login(page, canbo.username)
    page.goto(f"/campaigns/registrations/{registration.pk}/")
    expect(page.get_by_test_id("return-reason")).to_contain_text("Chỉ tiêu chưa cụ thể, ghi rõ số mô hình")
    page.get_by_role("button", name="Sửa lại").click()
    page.get_by_label("Chỉ tiêu, cam kết").fill("Hoàn thành 100% chỉ tiêu; xây dựng 02 mô hình")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã gửi, chờ duyệt")
    logout(page)

    login(page, vhxh.username)
    page.goto(f"/campaigns/registrations/{registration.pk}/")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã duyệt")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Chỉ tiêu chưa cụ thể, ghi rõ số mô hình")
    expect(timeline.locator("li")).to_have_count(5)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.APPROVED
    assert registration.targets == "Hoàn thành 100% chỉ tiêu; xây dựng 02 mô hình"
    assert not registration.is_late
