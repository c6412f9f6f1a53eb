"""Zalo Notification Service (ZNS): a template message to a phone number, through Zalo's official HTTP API.

What this relies on (docs/adr/0016-notifications.md has the sources):
- send: POST {ZALO_ZNS_URL} (https://business.openapi.zalo.me/message/template), header `access_token`, JSON body
  {"phone": "84…", "template_id": "…", "template_data": {…}, "tracking_id": "…"} (+ "mode": "development" to
  test on the OA's admins for free); the answer is JSON {"error": 0, "message": "Success", "data": {"msg_id": …}},
  any other `error` is a failure described by `message`;
- token: the OA access token lives about 25 hours; POST {ZALO_OAUTH_URL}
  (https://oauth.zaloapp.com/v4/oa/access_token), header `secret_key`, form app_id, grant_type=refresh_token,
  refresh_token, answers {"access_token", "refresh_token", "expires_in"}; a refresh token is single-use, so the
  new pair is stored (ZaloToken) before the access token is used.
Off unless ZALO_APP_ID, ZALO_SECRET_KEY, ZALO_REFRESH_TOKEN and ZALO_ZNS_TEMPLATE_ID are set in the environment.
The template registered with Zalo must declare the parameters `title`, `content` and `link`.
"""

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .base import Channel, DeliveryError

TIMEOUT_SECONDS = 15
# Zalo answers -118 when the number has no Zalo account: retrying cannot help.
PERMANENT_ERRORS = {-118}
# ZNS template parameters are short; longer values are refused, so they are cut with an ellipsis.
PARAM_LIMITS = {"title": 100, "content": 400, "link": 200}


def zalo_phone(raw: str) -> str:
    """"0912 345 678" or "+84912345678" → "84912345678"; '' when it is not a Vietnamese mobile number."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits if re.fullmatch(r"84\d{9}", digits) else ""


def _phone_of(user) -> str:
    person = getattr(user, "person", None)
    return zalo_phone(person.phone) if person is not None else ""


def _cut(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _post(url: str, *, headers: dict[str, str], data: bytes) -> dict:
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise DeliveryError("Địa chỉ Zalo API phải là http(s).", permanent=True)
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (scheme checked)
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"Zalo trả lỗi HTTP {error.code}.") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"Không kết nối được Zalo: {error}") from error
    except ValueError as error:  # a credential that is not ASCII: a configuration error, retrying cannot help
        raise DeliveryError(f"Cấu hình Zalo không hợp lệ: {error}", permanent=True) from error
    try:
        answer = json.loads(payload)
    except ValueError as error:
        raise DeliveryError("Zalo trả về dữ liệu không đọc được.") from error
    if not isinstance(answer, dict):
        raise DeliveryError("Zalo trả về dữ liệu không đọc được.")
    return answer


class ZaloChannel(Channel):
    name = "zalo"
    label = "Zalo"

    def configured(self) -> bool:
        return all(getattr(settings, name, "") for name in (
            "ZALO_APP_ID", "ZALO_SECRET_KEY", "ZALO_REFRESH_TOKEN", "ZALO_ZNS_TEMPLATE_ID"
        ))

    def reaches(self, *, user, preference) -> bool:
        return self.configured() and preference.zalo_enabled and bool(_phone_of(user))

    def send(self, *, message) -> str:
        phone = _phone_of(message.recipient)
        if not phone:
            raise DeliveryError("Không có số điện thoại di động hợp lệ.", permanent=True)
        site = settings.SITE_URL.rstrip("/")
        body = {
            "phone": phone,
            "template_id": str(settings.ZALO_ZNS_TEMPLATE_ID),
            "template_data": {
                "title": _cut(message.title, PARAM_LIMITS["title"]),
                "content": _cut(message.body or "; ".join(i["text"] for i in message.items), PARAM_LIMITS["content"]),
                "link": _cut(f"{site}{message.url or '/notifications/'}", PARAM_LIMITS["link"]),
            },
            # Our outbox key: Zalo echoes it in its delivery reports, and it identifies the message on both sides.
            "tracking_id": f"tdkt-{message.pk}",
        }
        if getattr(settings, "ZALO_ZNS_MODE", ""):
            body["mode"] = settings.ZALO_ZNS_MODE
        answer = _post(
            settings.ZALO_ZNS_URL,
            headers={"Content-Type": "application/json", "access_token": self._access_token()},
            data=json.dumps(body, ensure_ascii=False).encode(),
        )
        code = answer.get("error")
        if code != 0:
            raise DeliveryError(f"Zalo từ chối ({code}): {answer.get('message', '')}",
                                permanent=code in PERMANENT_ERRORS)
        return str((answer.get("data") or {}).get("msg_id", ""))[:100]

    def _access_token(self) -> str:
        from ..models import ZaloToken

        with transaction.atomic():
            token, _ = ZaloToken.objects.select_for_update().get_or_create(
                app_id=settings.ZALO_APP_ID, defaults={"refresh_token": settings.ZALO_REFRESH_TOKEN}
            )
            # Renew a few minutes early, so a token cannot expire between this check and Zalo's.
            if token.access_token and token.expires_at and token.expires_at > timezone.now() + dt.timedelta(minutes=5):
                return token.access_token
            answer = _post(
                settings.ZALO_OAUTH_URL,
                headers={"Content-Type": "application/x-www-form-urlencoded", "secret_key": settings.ZALO_SECRET_KEY},
                data=urllib.parse.urlencode({
                    "app_id": settings.ZALO_APP_ID, "grant_type": "refresh_token", "refresh_token": token.refresh_token,
                }).encode(),
            )
            if not answer.get("access_token") or not answer.get("refresh_token"):
                raise DeliveryError(f"Không lấy được khóa truy cập Zalo: {answer.get('error_description') or answer}")
            token.access_token = answer["access_token"]
            token.refresh_token = answer["refresh_token"]
            token.expires_at = timezone.now() + dt.timedelta(seconds=int(answer.get("expires_in") or 3600))
            token.save()
            return token.access_token
