"""The reminder settings page: vhxh and chủ tịch edit; everyone else 403; anonymous to login."""

import pytest
from django.urls import get_resolver, reverse

from notifications import services as notifications
from notifications.models import ReminderSettings

MATRIX_URL_NAMES = {"reminders:settings", "reminders:email_failure_clear"}
ROLES = ["anonymous", "canbo", "vhxh", "chutich", "captren", "outsider"]
EDITORS = {"anonymous": "login", "canbo": 403, "vhxh": "ok", "chutich": "ok", "captren": 403, "outsider": "ok"}
EDITORS_OBJ = {**EDITORS, "outsider": 404}
FORM = {"days_before": "14,3,0", "overdue_interval": "7", "escalation_days": "7", "report_lead_days": "10"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "name", "data", "expected"), [
    ("get", "reminders:settings", None, EDITORS),
    ("post", "reminders:settings", FORM, EDITORS),
    ("post", "reminders:email_failure_clear", None, EDITORS_OBJ),
])
def test_role_matrix(client, role, method, name, data, expected, canbo, vhxh, chutich, captren, outsider):
    users = {"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider}
    notifications.email_mark_failed(user=canbo, error="550")
    args = [canbo.pk] if name == "reminders:email_failure_clear" else []
    if role != "anonymous":
        client.force_login(users[role])
    response = getattr(client, method)(reverse(name, args=args), data or {})
    want = expected[role]
    if want == "login":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    elif want == "ok":
        assert response.status_code < 400, response.status_code
    else:
        assert response.status_code == want


def test_editing_the_numbers(client, vhxh, org):
    client.force_login(vhxh)
    response = client.post(reverse("reminders:settings"), {**FORM, "days_before": "30, 7,1"}, follow=True)
    assert "Đã lưu cấu hình nhắc việc." in response.content.decode()
    assert ReminderSettings.objects.get(organization=org).days_before_list() == [30, 7, 1]
    response = client.post(reverse("reminders:settings"), {**FORM, "days_before": "mười bốn"})
    assert response.status_code == 422
    assert "Nhập các số ngày, cách nhau bởi dấu phẩy" in response.content.decode()
    response = client.post(reverse("reminders:settings"), {**FORM, "overdue_interval": "0"})
    assert response.status_code == 422 and "từ 1 đến 90" in response.content.decode()


def test_matrix_names_are_this_apps_urls():
    names = {f"reminders:{p.name}" for p in get_resolver().namespace_dict["reminders"][1].url_patterns}
    assert names == MATRIX_URL_NAMES
