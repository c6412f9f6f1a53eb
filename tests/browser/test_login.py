import pytest

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_shows_dashboard_then_logout(page, vhxh):
    login(page, "t_vhxh")
    assert page.get_by_role("heading", name="Tổng quan").is_visible()
    assert "Công chức Văn hóa – Xã hội" in page.get_by_test_id("current-user").inner_text()
    logout(page)
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_wrong_password_shows_vietnamese_error(page, vhxh):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("t_vhxh")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    assert "/accounts/login/" in page.url
