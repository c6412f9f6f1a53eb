"""Announcements notifications/ makes itself, for engines that have no app of their own to declare them."""

from django.db import transaction

from units.models import Organization, User
from units.roles import Role

from ..events import DOCUMENT_TAMPERED
from .outbox import notification_send


@transaction.atomic
def notify_document_tampered(
    *, organization: Organization, document: str, url: str, key: str, detail: str = "",
) -> list:
    """An issued file failed its hash check: tell the commune's vhxh at once (bell, email, Zalo).

    `document` names it for people ("Kế hoạch số 12/KH-UBND"), `url` is its page, `key` identifies this failure
    (e.g. f"document:{pk}:sha:{stored_hash}") so a check repeated every night announces it once.
    """
    recipients = User.objects.filter(organization=organization, is_active=True, groups__name=Role.VHXH).distinct()
    body = "Tệp lưu trữ của văn bản đã ban hành không khớp mã kiểm tra (SHA-256) ghi lúc ký: tệp có thể đã bị " \
           "thay đổi hoặc hỏng. Hãy kiểm tra và khôi phục từ bản lưu."
    return notification_send(
        event=DOCUMENT_TAMPERED, recipients=recipients, organization=organization,
        title=f"Cảnh báo: {document} không khớp mã kiểm tra", body=f"{body}\n{detail}".strip(), url=url,
        key=f"tampered:{key}",
    )
