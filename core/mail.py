"""Email backends that print one readable line per message: what was sent, to whom, never raw MIME.

ConsoleEmailBackend (demo mode, EMAIL_CONSOLE=1, developers) shows the plain-text body under that line, so a
reminder can be read on the console; SMTPEmailBackend delivers and logs the same line once the server accepted it.
"""

import logging
import threading

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger("core.mail")


def message_line(message: EmailMessage, *, verb: str) -> str:
    recipients = ", ".join(message.recipients()) or "(không có người nhận)"
    attachments = f" · {len(message.attachments)} tệp đính kèm" if message.attachments else ""
    return f"[Thư] {verb} tới {recipients}: «{message.subject}»{attachments}"


class ConsoleEmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Through the core.mail logger by default: a Celery worker swallows print() below its log level, while
        # LOGGING keeps core.mail at INFO (thanhson/settings/base.py).
        self.stream = stream
        self._lock = threading.RLock()

    def send_messages(self, email_messages) -> int:
        sent = 0
        with self._lock:
            for message in email_messages or ():
                body = message.body or ""
                lines = [message_line(message, verb="(chỉ in ra màn hình, không gửi)")]
                lines += [f"    {line}" for line in body.strip().splitlines()]
                if self.stream is None:
                    logger.info("\n".join(lines))
                else:
                    self.stream.write("\n".join(lines) + "\n")
                    self.stream.flush()
                sent += 1
        return sent


class SMTPEmailBackend(DjangoSMTPBackend):
    def _send(self, email_message: EmailMessage) -> bool:
        delivered = super()._send(email_message)
        if delivered:
            logger.info(message_line(email_message, verb="Đã gửi"))
        return delivered
