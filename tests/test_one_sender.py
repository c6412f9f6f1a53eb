"""Nothing outside notifications/ sends a message: every email (and Zalo message) goes through its outbox.

The one exception is Django's own password-reset flow (django.contrib.auth.views.PasswordResetView and
PasswordResetForm.send_mail): it mails a one-time link to someone who cannot log in, so it cannot wait for an
outbox owned by a user, and it uses the same EMAIL_BACKEND. Code that configures that flow may override
PasswordResetForm.send_mail; nothing else may send. units/accounts.py sends that same password link when an
administrator asks for it: the link is a credential, so it is mailed at once and never stored in the outbox.
core/mail.py is the email backend the outbox delivers through; tests and the smoke driver read mail.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".venv-notify", "node_modules", ".git", "var", "static", "media", "notifications", "tests"}
# The password link (see the docstring), the backend under the outbox, and the smoke test's mail reader.
EXEMPT_FILES = {"units/accounts.py", "core/mail.py", "scripts/smoke_driver.py"}
SENDING = re.compile(
    r"\b(send_mail|send_mass_mail|mail_admins|mail_managers|EmailMessage|EmailMultiAlternatives|get_connection"
    r")\b"
)
# Overriding Django's PasswordResetForm.send_mail keeps the password-reset mail inside Django's auth flow.
AUTH_FLOW = re.compile(r"def send_mail\(")


def _sources():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.endswith(".py") and path.relative_to(ROOT).as_posix() not in EXEMPT_FILES:
                yield path


def test_only_notifications_sends():
    offenders = []
    checked = 0
    for path in _sources():
        checked += 1
        text = path.read_text(encoding="utf-8")
        auth_flow = "PasswordResetForm" in text or "PasswordResetView" in text
        for number, line in enumerate(text.splitlines(), start=1):
            code = line.split("#", 1)[0]
            if SENDING.search(code) and not (auth_flow and AUTH_FLOW.search(code)):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert checked > 50  # the walk really saw the project
    assert offenders == [], "Send through notifications.services.notification_send:\n" + "\n".join(offenders)


def test_the_check_can_fail():
    sample = "from django.core.mail import send_mail\nsend_mail('a', 'b', None, ['x@example.org'])\n"
    assert SENDING.search(sample)
