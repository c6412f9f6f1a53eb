"""Accounts administered in the app (issue 13): services, server-side checks, audit, one-time links, lockout."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from units import accounts
from units.models import Person, User
from units.roles import Role

NOW = dt.datetime(2025, 9, 1, 9, 0)
pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _login(client, username: str, password: str) -> bool:
    """Through the real login form (axes needs the request)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _link_path(text: str) -> str:
    return re.search(r"https?://[^/\s]+(/reset/\S+/)", text).group(1)


def test_vhxh_creates_a_unit_officer_with_unit_and_the_history_names_them(client, vhxh, org, unit):
    client.force_login(vhxh)
    response = client.post(reverse("units:account_create"), {
        "username": "hoinongdan", "full_name": "Hoàng Văn Thắng", "email": "thang@example.vn", "role": "can_bo",
        "unit": unit.pk, "position": "Chủ tịch Hội"})
    assert response.status_code == 302
    user = User.objects.get(username="hoinongdan")
    assert user.organization == org and user.roles == {Role.CAN_BO} and not user.has_usable_password()
    assert (user.person.unit, user.person.position, user.get_full_name()) == (unit, "Chủ tịch Hội", "Hoàng Văn Thắng")
    created = user.history.earliest("history_date")
    assert created.history_user == vhxh and created.history_type == "+"
    assert "password" not in {f.name for f in User.history.model._meta.fields}


def test_bad_input_names_the_field_and_writes_nothing(vhxh, org, unit):
    with pytest.raises(ValidationError) as error:
        accounts.account_create(organization=org, by=vhxh, username="t_vhxh", full_name="Trùng Tên", role="vhxh")
    assert "Tên đăng nhập này đã có người dùng." in error.value.message_dict["username"]
    users, people = User.objects.count(), Person.objects.count()
    with pytest.raises(ValidationError) as error:
        accounts.account_create(organization=org, by=vhxh, username="moi", full_name="Người Mới", role="can_bo")
    assert error.value.message_dict["unit"] == ["Cán bộ đơn vị phải thuộc một đơn vị."]
    assert (User.objects.count(), Person.objects.count()) == (users, people)


def test_only_editors_of_the_same_commune_manage_accounts(client, canbo, captren, outsider, vhxh, org):
    for user in (canbo, captren):
        with pytest.raises(PermissionDenied):
            accounts.account_create(organization=org, by=user, username="x", full_name="X Y", role="vhxh")
    with pytest.raises(PermissionDenied):
        accounts.account_set_active(account=vhxh, by=outsider, active=False)
    client.force_login(outsider)
    assert client.get(reverse("units:account_edit", args=[vhxh.pk])).status_code == 404


def test_disable_never_deletes_and_ends_the_session(client, chutich, canbo):
    client.force_login(canbo)
    assert client.get(reverse("dashboard")).status_code == 200
    accounts.account_set_active(account=canbo, by=chutich, active=False)
    assert User.objects.filter(pk=canbo.pk, is_active=False).exists()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    with pytest.raises(PermissionDenied):
        accounts.account_set_active(account=chutich, by=chutich, active=False)


def test_one_time_link_by_email_sets_the_password_once(client, vhxh, canbo):
    canbo.email = "canbo@example.vn"
    canbo.save()
    client.force_login(vhxh)
    client.post(reverse("units:account_send_link", args=[canbo.pk]))
    [message] = mail.outbox
    assert message.to == ["canbo@example.vn"] and "Đặt mật khẩu" in message.subject
    path = _link_path(message.body)
    client.logout()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Hoa-sen-no-2025", "new_password2": "Hoa-sen-no-2025"})
    assert response.status_code == 302
    assert _login(client, "t_canbo", "Hoa-sen-no-2025")
    client.logout()
    again = client.get(path, follow=True)
    assert "Liên kết không còn dùng được" in again.content.decode()


def test_link_needs_an_email(vhxh, canbo):
    with pytest.raises(ValidationError) as error:
        accounts.account_send_reset_link(account=canbo, by=vhxh)
    assert "chưa có email" in error.value.message_dict["email"][0]
    assert mail.outbox == []


def test_temporary_password_is_shown_once_and_must_be_changed(client, vhxh, canbo):
    client.force_login(vhxh)
    response = client.post(reverse("units:account_temporary_password", args=[canbo.pk]))
    assert response["Cache-Control"] == "no-store"
    password = re.search(r'data-testid="temporary-password">(\S+)<', response.content.decode()).group(1)
    assert client.get(reverse("units:account_edit", args=[canbo.pk])).content.decode().count(password) == 0
    client.logout()
    assert _login(client, "t_canbo", password)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(reverse("password_change"), {"old_password": password, "new_password1": "12345678",
                                                         "new_password2": "12345678"})
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()  # validators on, in Vietnamese
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "Dong-lua-chin-2025", "new_password2": "Dong-lua-chin-2025"})
    assert response.status_code == 302
    canbo.refresh_from_db()
    assert not canbo.must_change_password
    assert client.get(reverse("plans:list")).status_code == 200


def test_forgotten_password_by_email_goes_through_send_mail(client, canbo, monkeypatch):
    canbo.email = "canbo@example.vn"
    canbo.save()
    sent = []
    monkeypatch.setattr(accounts, "send_mail", lambda *args, **kwargs: sent.append(args))
    response = client.post(reverse("password_reset"), {"email": "canbo@example.vn"})
    assert response.status_code == 302
    [(subject, body, _sender, recipients)] = sent
    assert recipients == ["canbo@example.vn"] and "/reset/" in body and "t_canbo" in body


def test_logout_is_a_post_from_every_page(client, canbo):
    client.force_login(canbo)
    html = client.get(reverse("plans:list")).content.decode()
    assert f'action="{reverse("logout")}"' in html and "Đổi mật khẩu" in html
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_menu_links_follow_the_permission_functions(client, vhxh, canbo):
    client.force_login(canbo)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("units:account_list") not in html and reverse("units:person_list") not in html
    client.force_login(vhxh)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("units:account_list") in html and reverse("units:person_list") in html
    assert reverse("units:communes") not in html


def _fail_login(client, username: str, ip: str) -> None:
    client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def test_lockout_is_per_username_and_ip_so_a_neighbour_cannot_lock_the_chairman_out(client, chutich, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client, "t_chutich", "10.0.0.66")
    locked = client.post(reverse("login"), {"username": "t_chutich", "password": "matkhau-thu-nghiem"},
                         REMOTE_ADDR="10.0.0.66")
    assert locked.status_code == 429
    # The chairman, from his own machine, still logs in.
    response = client.post(reverse("login"), {"username": "t_chutich", "password": "matkhau-thu-nghiem"},
                           REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_admin_cannot_delete_an_account_either(client, canbo, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "matkhau-quan-tri")
    client.force_login(admin)
    response = client.post(reverse("admin:units_user_delete", args=[canbo.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=canbo.pk).exists()
