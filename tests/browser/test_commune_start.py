"""Issue 13, tried as a new commune would: the server admin creates it, its first vhxh sets a password from the
one-time link, creates the chairman and two unit officers, enters a start date and a sáng kiến; a unit officer
changes their temporary password."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

from units.models import Initiative, Person, User

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Quan-tri-may-chu-2025"
VHXH_PASSWORD = "Van-hoa-xa-hoi-2025"
OFFICER_PASSWORD = "Con-ong-cham-chi-2025"


def _add_account(page, *, username, full_name, role, unit="", email=""):
    page.goto("/users/new/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Họ và tên").fill(full_name)
    if email:
        page.get_by_label("Email").fill(email)
    page.get_by_label("Vai trò").select_option(role)
    if unit:
        page.get_by_label("Đơn vị").select_option(label=unit)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/users/*/")
    assert page.get_by_text(f"Đã tạo tài khoản “{username}”").is_visible()


def test_a_commune_starts_on_its_own(page, django_user_model):
    django_user_model.objects.create_superuser("quantri", "it@langson.gov.vn", ADMIN_PASSWORD)
    with time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=True):
        # The province's IT office creates the commune.
        login(page, "quantri", ADMIN_PASSWORD)
        page.get_by_role("link", name="Các xã").click()
        page.get_by_label("Tên cơ quan").fill("Ủy ban nhân dân xã Hòa Bình")
        page.get_by_label("Mã xã").fill("hoa-binh")
        page.get_by_label("Địa danh ghi ngày tháng").fill("Hòa Bình")
        page.locator("#id_superior_name").fill("UBND tỉnh Lạng Sơn")
        page.get_by_label("Tên đăng nhập của công chức Văn hóa – Xã hội").fill("vhxh-hoabinh")
        page.get_by_label("Họ và tên").fill("Lê Thị Hoa")
        page.get_by_role("button", name="Tạo xã").click()
        link = page.get_by_test_id("first-link").inner_text().strip()
        assert page.get_by_role("cell", name="Ủy ban nhân dân xã Hòa Bình").is_visible()
        logout(page)

        # The first vhxh sets a password from the one-time link, then logs in.
        page.goto(re.sub(r"^https?://[^/]+", "", link))
        page.locator("#id_new_password1").fill(VHXH_PASSWORD)
        page.locator("#id_new_password2").fill(VHXH_PASSWORD)
        page.get_by_role("button", name="Đặt mật khẩu").click()
        page.wait_for_url("**/reset/done/")
        login(page, "vhxh-hoabinh", VHXH_PASSWORD)

        # Accounts for the chairman (one-time link by email) and two unit officers.
        _add_account(page, username="chutich-hoabinh", full_name="Sầm Văn Thao", role="chu_tich",
                     email="chutich@hoabinh.vn")
        page.get_by_role("button", name="Gửi liên kết đặt mật khẩu").click()
        assert page.get_by_text("Đã gửi liên kết đặt mật khẩu tới chutich@hoabinh.vn").is_visible()
        assert [m.to for m in mail.outbox] == [["chutich@hoabinh.vn"]]
        _add_account(page, username="hoinongdan", full_name="Hoàng Văn Thắng", role="can_bo",
                     unit="Hội Nông dân xã")
        page.get_by_role("button", name="Cấp mật khẩu tạm").click()
        temporary = page.get_by_test_id("temporary-password").inner_text().strip()
        _add_account(page, username="doanthanhnien", full_name="Lăng Văn Quý", role="can_bo",
                     unit="Đoàn Thanh niên xã")
        page.goto("/users/")
        accounts = page.get_by_test_id("accounts").inner_text()
        assert "Chủ tịch UBND" in accounts and accounts.count("Cán bộ đơn vị") == 2

        # A person's start of service and a sáng kiến.
        page.get_by_role("button", name="Danh mục").click()
        page.get_by_role("link", name="Cán bộ, công chức").click()
        page.get_by_role("row", name=re.compile("Hoàng Văn Thắng")).get_by_role("link", name="Mở").click()
        page.get_by_label("Ngày bắt đầu công tác").fill("01/03/2015")
        page.get_by_label("Chức vụ").fill("Chủ tịch Hội")
        page.get_by_role("button", name="Lưu").click()
        assert page.get_by_text("Đã lưu thông tin “Hoàng Văn Thắng”").is_visible()
        page.get_by_role("link", name="Thêm sáng kiến, đề tài").click()
        page.get_by_label("Tên sáng kiến/đề tài").fill("Mô hình tổ hợp tác nuôi ong lấy mật")
        page.get_by_label("Năm xét").fill("2024")
        page.get_by_label("Đã được công nhận").check()
        page.get_by_label("Ngày công nhận").fill("15/11/2024")
        page.get_by_role("button", name="Lưu").click()
        assert "nuôi ong" in page.get_by_test_id("initiatives").inner_text()
        person = Person.objects.get(full_name="Hoàng Văn Thắng")
        assert person.started_on == dt.date(2015, 3, 1) and person.user.username == "hoinongdan"
        assert Initiative.objects.get(person=person).accepted_on == dt.date(2024, 11, 15)
        logout(page)

        # The unit officer logs in with the temporary password and must choose their own.
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill("hoinongdan")
        page.get_by_label("Mật khẩu").fill(temporary)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/accounts/password_change/")
        page.locator("#id_old_password").fill(temporary)
        page.locator("#id_new_password1").fill(OFFICER_PASSWORD)
        page.locator("#id_new_password2").fill(OFFICER_PASSWORD)
        page.get_by_role("button", name="Đổi mật khẩu").click()
        page.wait_for_url("**/accounts/password_change/done/")
        assert page.get_by_role("heading", name="Đã đổi mật khẩu").is_visible()
        logout(page)
        login(page, "hoinongdan", OFFICER_PASSWORD)
        assert not User.objects.get(username="hoinongdan").must_change_password
