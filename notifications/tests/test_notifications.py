"""The bell, the notifications page, mark read / mark all read, and who may touch which notification."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services as notifications
from notifications.models import Notification
from notifications.services.bell import notification_create

MATRIX_URL_NAMES = {"notifications:list", "notifications:read", "notifications:read_all", "notifications:preferences"}


def _notify(user, title="Nhắc việc ngày 25/03/2024: 2 nhiệm vụ", **kwargs):
    return notification_create(
        recipient=user, verb="reminder", title=title,
        items=[{"text": "Còn 3 ngày · Nhiệm vụ 3: Ký giao ước <thi đua> & đăng ký", "url": "/tasks/3/"}], **kwargs,
    )


def test_bell_shows_unread_count_on_every_page_with_one_query(client, canbo):
    _notify(canbo)
    _notify(canbo, title="Thông báo thứ hai")
    client.force_login(canbo)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="bell-count">2<' in page
    assert sum("units_notification" in q["sql"] for q in queries.captured_queries) == 1


def test_page_lists_items_escaped_with_their_links(client, canbo):
    _notify(canbo)
    client.force_login(canbo)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'href="/tasks/3/"' in page
    assert "Ký giao ước &lt;thi đua&gt; &amp; đăng ký" in page


def test_mark_read_with_htmx_updates_the_row_and_the_bell(client, canbo):
    first, _second = _notify(canbo), _notify(canbo)
    client.force_login(canbo)
    response = client.post(reverse("notifications:read", args=[first.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="true"' in body and 'data-testid="bell-count">1<' in body
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_read_redirects_to_a_local_link_only(client, canbo):
    note = _notify(canbo)
    client.force_login(canbo)
    response = client.post(reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")
    note2 = _notify(canbo)
    response = client.post(reverse("notifications:read", args=[note2.pk]), {"next": "/tasks/3/"})
    assert response["Location"] == "/tasks/3/"


def test_mark_all_read(client, canbo, vhxh):
    for _ in range(3):
        _notify(canbo)
    theirs = _notify(vhxh)
    client.force_login(canbo)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert 'data-testid="bell-count"' not in response.content.decode()
    assert notifications.unread_count(canbo) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None  # someone else's stay unread


def test_someone_elses_notification_is_404_and_service_refuses(client, canbo, vhxh, outsider):
    note = _notify(vhxh)
    for user in (canbo, outsider):
        client.force_login(user)
        assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        notifications.notification_mark_read(notification=note, by=canbo)


def test_email_preference_is_per_user(client, canbo):
    client.force_login(canbo)
    client.post(reverse("notifications:preferences"), {})
    assert notifications.notification_preference_get(user=canbo).email_enabled is False
    client.post(reverse("notifications:preferences"), {"email_enabled": "on"})
    assert notifications.notification_preference_get(user=canbo).email_enabled is True


def test_email_failure_mark_cleared_only_by_editors_of_the_same_commune(canbo, vhxh, outsider):
    notifications.email_mark_failed(user=canbo, error="550 User unknown")
    with pytest.raises(PermissionDenied):
        notifications.email_clear_failed(user=canbo, by=outsider)
    with pytest.raises(PermissionDenied):
        notifications.email_clear_failed(user=canbo, by=canbo)
    assert notifications.email_clear_failed(user=canbo, by=vhxh).email_failed is False


OK, LOGIN = "ok", "login"


@pytest.mark.parametrize("role", ["anonymous", "canbo", "vhxh", "chutich", "captren", "outsider"])
@pytest.mark.parametrize(("method", "name", "own"), [
    ("get", "notifications:list", False), ("post", "notifications:read", True),
    ("post", "notifications:read_all", False), ("post", "notifications:preferences", False),
    ("get", "notifications:preferences", False),
])
def test_role_matrix(client, role, method, name, own, canbo, vhxh, chutich, captren, outsider):
    """Everyone signed in has their own notifications; anonymous goes to login."""
    users = {"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider}
    owner = users.get(role, canbo)
    note = _notify(owner)
    args = [note.pk] if own else []
    if role != "anonymous":
        client.force_login(users[role])
    response = getattr(client, method)(reverse(name, args=args))
    if role == "anonymous":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code < 400 and reverse("login") not in response.get("Location", "")


def test_matrix_names_are_this_apps_urls():
    from django.urls import get_resolver

    names = {f"notifications:{p.name}" for p in get_resolver().namespace_dict["notifications"][1].url_patterns}
    assert names == MATRIX_URL_NAMES
    assert Notification._meta.indexes[0].fields == ["recipient", "read_at"]


def test_preferences_grid_mutes_an_event_on_one_channel(client, canbo):
    from notifications.models import MutedEvent

    client.force_login(canbo)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'data-testid="event-preferences"' in page and "Kế hoạch, báo cáo trình ký" in page
    assert ">Zalo<" not in page  # not configured here: no column to tick
    from notifications.registry import EVENTS

    data = {"grid": "1", "email_enabled": "on"}
    for event in EVENTS:
        data[f"{event}__bell"] = "on"
        if event != "reminder":
            data[f"{event}__email"] = "on"
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Đã lưu tùy chọn nhận thông báo." in response.content.decode()
    assert set(MutedEvent.objects.filter(user=canbo).values_list("event", "channel")) == {("reminder", "email")}
    assert notifications.notification_preference_get(user=canbo).email_enabled is True
