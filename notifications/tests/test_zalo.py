"""The Zalo channel against a local fake of Zalo's HTTP API (127.0.0.1) that checks every request it gets."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notifications.channels.zalo import ZaloChannel, zalo_phone
from notifications.models import Delivery, NotificationPreference, ZaloToken
from notifications.services import notification_send, outbox
from units.models import Person


class FakeZalo(BaseHTTPRequestHandler):
    """POST /v4/oa/access_token (form, header secret_key) and POST /message/template (JSON, header access_token)."""

    requests: list[dict] = []
    zns_answer: dict = {}
    token_counter = 0

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        record = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        type(self).requests.append(record)
        if self.path == "/v4/oa/access_token":
            form = urllib.parse.parse_qs(body.decode())
            ok = (self.headers.get("secret_key") == "s3cr3t-key" and form.get("app_id") == ["1234"]
                  and form.get("grant_type") == ["refresh_token"]
                  and self.headers["Content-Type"] == "application/x-www-form-urlencoded")
            type(self).token_counter += 1
            n = type(self).token_counter
            answer = ({"access_token": f"access-{n}", "refresh_token": f"refresh-{n}", "expires_in": "90000"} if ok
                      else {"error": -14014, "error_description": "invalid request"})
        elif self.path == "/message/template":
            data = json.loads(body)
            ok = (self.headers.get("access_token", "").startswith("access-")
                  and self.headers["Content-Type"] == "application/json"
                  and set(data) >= {"phone", "template_id", "template_data", "tracking_id"})
            answer = type(self).zns_answer if ok else {"error": -124, "message": "Access token invalid"}
        else:
            self.send_response(404)
            self.end_headers()
            return
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def zalo(settings):
    FakeZalo.requests = []
    FakeZalo.token_counter = 0
    FakeZalo.zns_answer = {"error": 0, "message": "Success",
                           "data": {"msg_id": "a1b2c3", "sent_time": "1711350000000",
                                    "quota": {"dailyQuota": "500", "remainingQuota": "499"}}}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeZalo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.ZALO_APP_ID, settings.ZALO_SECRET_KEY = "1234", "s3cr3t-key"
    settings.ZALO_REFRESH_TOKEN, settings.ZALO_ZNS_TEMPLATE_ID = "refresh-0", "231677"
    settings.ZALO_ZNS_URL, settings.ZALO_OAUTH_URL = f"{base}/message/template", f"{base}/v4/oa/access_token"
    yield FakeZalo
    server.shutdown()
    server.server_close()


@pytest.fixture
def canbo_on_zalo(canbo):
    Person.objects.filter(user=canbo).update(phone="0912 345 678")
    NotificationPreference.objects.create(user=canbo, zalo_enabled=True)
    return type(canbo).objects.get(pk=canbo.pk)  # without the Person cached by the factory


def _send(user, key="k1"):
    [message] = notification_send(event="registration_decided", recipients=[user], key=key,
                                  title="Đăng ký thi đua bị trả lại: Phong trào 2024",
                                  body="Lý do: thiếu chỉ tiêu", url="/campaigns/registrations/5/")
    return message


def test_off_unless_configured(settings, canbo_on_zalo):
    settings.ZALO_APP_ID = ""
    message = _send(canbo_on_zalo)
    assert not ZaloChannel().configured()
    assert not message.deliveries.filter(channel="zalo").exists()


def test_sends_a_template_message_with_a_fresh_token(zalo, canbo_on_zalo):
    message = _send(canbo_on_zalo)
    assert outbox.outbox_deliver(message_id=message.pk)
    delivery = Delivery.objects.get(message=message, channel="zalo")
    assert (delivery.status, delivery.external_id) == ("sent", "a1b2c3")
    token_call, send_call = zalo.requests
    assert token_call["path"] == "/v4/oa/access_token"
    assert urllib.parse.parse_qs(token_call["body"].decode())["refresh_token"] == ["refresh-0"]
    assert send_call["headers"]["access_token"] == "access-1"
    body = json.loads(send_call["body"])
    assert body["phone"] == "84912345678" and body["template_id"] == "231677"
    assert body["tracking_id"] == f"tdkt-{message.pk}"
    assert body["template_data"] == {
        "title": "Đăng ký thi đua bị trả lại: Phong trào 2024", "content": "Lý do: thiếu chỉ tiêu",
        "link": "http://127.0.0.1:8000/campaigns/registrations/5/",
    }
    # The refresh token is single-use: the new pair is kept, and the next message reuses the access token.
    token = ZaloToken.objects.get(app_id="1234")
    assert (token.access_token, token.refresh_token) == ("access-1", "refresh-1")
    outbox.outbox_deliver(message_id=_send(canbo_on_zalo, key="k2").pk)
    assert [r["path"] for r in zalo.requests].count("/v4/oa/access_token") == 1


def test_an_unknown_number_is_not_retried_other_errors_are(zalo, canbo_on_zalo):
    zalo.zns_answer = {"error": -118, "message": "Zalo account not existed"}
    message = _send(canbo_on_zalo)
    outbox.outbox_deliver(message_id=message.pk)
    delivery = Delivery.objects.get(message=message, channel="zalo")
    assert delivery.status == "failed" and "Zalo account not existed" in delivery.last_error
    zalo.zns_answer = {"error": -1, "message": "Hệ thống bận"}
    message = _send(canbo_on_zalo, key="k2")
    outbox.outbox_deliver(message_id=message.pk)
    delivery = Delivery.objects.get(message=message, channel="zalo")
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.next_attempt_at is not None
    assert Delivery.objects.get(message=message, channel="bell").status == "sent"  # the bell never waits


def test_phone_numbers():
    assert zalo_phone("0912 345 678") == "84912345678"
    assert zalo_phone("+84 912.345.678") == "84912345678"
    assert zalo_phone("024 3825 1234") == ""  # a landline has no Zalo account
    assert zalo_phone("") == ""
