"""The smoke test's journey over HTTP (scripts/smoke.sh starts the servers). Standard library only.

  smoke_driver.py --base URL --mail DIR --state FILE --worker-log FILE before-worker
  smoke_driver.py ... after-worker -- COMMAND...   (COMMAND sends the reminder scan to the worker)

Requests carry X-Forwarded-Proto: https, as the TLS-terminating proxy in front of production does, so the HTTPS
settings (secure cookies, redirect, HSTS) are the ones exercised. Any failed expectation exits non-zero.
"""

import argparse
import datetime as dt
import email
import email.policy
import hashlib
import json
import mailbox
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

USERNAME, PASSWORD = "vhxh", "thanhson2024"  # the demo officer who edits plans (plans/demo/thanh_son_2024.py)
RECIPIENT = "vhxh@thanh-son.invalid"


class Failed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method: str, path: str, data: dict | list | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("X-Forwarded-Proto", "https")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            # Django checks the origin of HTTPS posts against the host.
            request.add_header("Origin", f"https://{self.host}")
            request.add_header("Referer", f"https://{self.host}{path}")
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.headers, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    expect(match is not None, "no CSRF token in the form")
    return match.group(1).decode()


def login(client: "Client", username: str) -> None:
    _, _, page = client.get("/accounts/login/")
    status, _, body = client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)}
    )
    expect(status == 302 and "sessionid" in client.cookies, f"login of {username} failed ({status}): {body[:300]!r}")


def plan_step(client: "Client", plan_pk: str, to: str) -> None:
    """One sign-off step through the shared transition POST, as the button sends it."""
    status, _, page = client.get(f"/plans/{plan_pk}/")
    expect(status == 200, f"/plans/{plan_pk}/ answered {status}")
    status, _, body = client.post(f"/plans/{plan_pk}/transition/",
                                  {"to": to, "note": "", "csrfmiddlewaretoken": csrf_token(page)})
    expect(status == 302, f"the step to {to} answered {status}: {body[:500]!r}")


def wait_for(what: str, check, timeout: float):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except (OSError, Failed) as error:
            result, last = None, error
        if result:
            return result
        time.sleep(0.5)
    raise Failed(f"timed out after {timeout:.0f}s waiting for {what} (last: {last})")


def step(text: str) -> None:
    print(f"[smoke] {text}", flush=True)


# --- phase 1 ---------------------------------------------------------------------------------------------------

def before_worker(client: Client, args) -> dict:
    def healthy():
        status, _, body = client.get("/healthz/")
        return status == 200 and json.loads(body)["status"] == "ok"

    # The web role runs collectstatic first: minutes on a loaded 2-core machine (gzip and brotli of every file).
    wait_for("/healthz/", healthy, 420)
    step("gunicorn trả lời /healthz/")

    status, headers, body = client.get("/khong-co-trang-nay/")
    expect(status == 404, f"unknown page answered {status}")
    expect("Không tìm thấy trang".encode() in body, "the 404 page is not the Vietnamese one (DEBUG on?)")
    csp = headers.get("Content-Security-Policy", "")
    expect("script-src 'self'" in csp, f"no Content-Security-Policy on pages: {csp!r}")
    step("trang 404 tiếng Việt, có Content-Security-Policy")

    status, headers, login_page = client.get("/accounts/login/")
    expect(status == 200, f"login page answered {status}")
    match = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login_page)
    expect(match is not None, "the login page does not link a hashed app.css (collectstatic, manifest storage)")
    status, headers, css = client.get(match.group(1).decode())
    cache = headers.get("Cache-Control", "")
    expect(status == 200 and b"{" in css, f"static css answered {status}")
    expect("max-age=315360000" in cache and "immutable" in cache, f"static file cache header: {cache!r}")
    status, headers, _ = client.get("/favicon.ico")
    expect(status == 302 and "/static/favicon." in headers.get("Location", ""), f"favicon: {status}")
    step(f"whitenoise phục vụ {match.group(1).decode()} với Cache-Control: {cache}")

    status, headers, body = client.post(
        "/accounts/login/", {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(login_page)}
    )
    expect(status == 302 and "sessionid" in client.cookies, f"login failed ({status}): {body[:300]!r}")
    step(f"đăng nhập {USERNAME}")

    status, _, plans_page = client.get("/plans/")
    expect(status == 200, f"/plans/ answered {status}")
    issued = None
    for pk in dict.fromkeys(re.findall(rb'href="/plans/(\d+)/"', plans_page)):
        status, headers, pdf = client.get(f"/plans/{pk.decode()}/pdf/")
        if status == 200 and headers.get("ETag"):
            issued = (pk.decode(), headers["ETag"].strip('"'), pdf)
            break
    expect(issued is not None, "no issued plan whose PDF carries its hash (ETag)")
    pk, etag, pdf = issued
    digest = hashlib.sha256(pdf).hexdigest()
    expect(pdf.startswith(b"%PDF-") and digest == etag, f"issued PDF hash {digest} != ETag {etag}")
    step(f"PDF kế hoạch đã ban hành (#{pk}): {len(pdf)} byte, SHA-256 {digest[:16]}… khớp")

    today = dt.date.today()
    status, _, form = client.get("/plans/new/")
    expect(status == 200, f"/plans/new/ answered {status}")
    status, headers, body = client.post(
        "/plans/new/", {"year": str(today.year), "title": "", "csrfmiddlewaretoken": csrf_token(form)}
    )
    location = headers.get("Location", "")
    expect(status == 302 and "/edit/" in location, f"plan creation failed ({status}): {body[:500]!r}")
    status, _, editor = client.get(location)
    sections = re.findall(rb'href="(/sections/\d+/tasks/add/)"', editor)
    expect(status == 200 and sections, "the plan editor lists no section to add a task to")
    add_url = sections[-1].decode()
    status, _, task_form = client.get(add_url)
    units = re.findall(rb'name="units" value="(\d+)"', task_form)
    expect(status == 200 and units, "the task form offers no unit")
    content = f"Kiểm tra máy chủ sản xuất {secrets.token_hex(4)}"
    status, headers, body = client.post(add_url, {
        "content": content, "units": [units[0].decode()], "deadline": today.strftime("%d/%m/%Y"),
        "csrfmiddlewaretoken": csrf_token(task_form),
    })
    expect(status in (200, 302) and status != 422, f"saving the task failed ({status}): {body[:500]!r}")
    step(f"lưu nhiệm vụ hạn hôm nay: «{content}»")
    # Only an issued plan reminds (a draft never nags): vhxh submits it, the chairman signs it.
    plan_pk = re.search(r"/plans/(\d+)/", location).group(1)
    plan_step(client, plan_pk, "submitted")
    chairman = Client(args.base)
    login(chairman, "chutich")
    plan_step(chairman, plan_pk, "signed")
    step(f"kế hoạch #{plan_pk} đã trình ký và ký ban hành")
    expect(not messages(args.mail), "mail was sent before any worker ran")
    return {"content": content}


# --- phase 2 ---------------------------------------------------------------------------------------------------

def messages(mail_dir: str) -> list[email.message.EmailMessage]:
    if not (Path(mail_dir) / "new").is_dir():
        return []
    box = mailbox.Maildir(mail_dir, factory=None, create=False)
    found = []
    for key in box.keys():
        with box.get_file(key) as handle:
            found.append(email.message_from_binary_file(handle, policy=email.policy.default))
    return found


def text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def after_worker(client: Client, args, state: dict) -> None:
    def ready():
        status, _, body = client.get("/readyz/")
        data = json.loads(body)
        return data if status == 200 else None

    data = wait_for("/readyz/ (database, broker, disk, worker heartbeat)", ready, 90)
    step("/readyz/: " + ", ".join(f"{k} {v['detail']}" for k, v in data["checks"].items()))

    content = state["content"]

    def delivered():
        return [m for m in messages(args.mail) if content in text_of(m)]

    # The task was saved in a draft, which owes nothing; the morning scan, run through the worker, finds it due
    # today in the now issued plan and its message goes out through the outbox.
    output = subprocess.run(args.command, capture_output=True, text=True, timeout=120, check=True).stdout.strip()
    task_id = output.splitlines()[-1].strip()
    log = Path(args.worker_log)
    wait_for(f"the worker to run the scan {task_id}", lambda: re.search(
        rf"reminder_scan_daily\[{re.escape(task_id)}\] succeeded", log.read_text(errors="replace")), 90)
    step(f"quét nhắc việc chạy qua worker ({task_id})")
    wait_for(f"the reminder of «{content}» at the SMTP server", delivered, 90)
    step("worker đã gửi thư nhắc qua SMTP")
    # Whatever the scan (and a redelivery, or beat's outbox flush) would wrongly send again has time to arrive.
    time.sleep(6)

    all_mail = messages(args.mail)
    # Step announcements (Trình ký, Đã ký, …) are mails of their own; the reminders come as one digest a day.
    digests = [m for m in all_mail if "Nhắc việc" in str(m["Subject"] or "")]
    per_recipient = Counter(address for m in digests for address in m.get_all("To", []))
    ours = [m for m in all_mail if content in text_of(m)]
    expect(len([m for m in ours if RECIPIENT in m["To"]]) == 1,
           f"{RECIPIENT} received the reminder {len(ours)} times")
    twice = {address: n for address, n in per_recipient.items() if n > 1}
    expect(not twice, f"some people received more than one digest today: {twice}")
    subject = ours[0]["Subject"]
    step(f"thư nhắc đến đúng một lần ({len(all_mail)} thư cho {len(per_recipient)} người): «{subject}»")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--mail", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--worker-log", required=True)
    parser.add_argument("phase", choices=["before-worker", "after-worker"])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    client = Client(args.base)
    state_file = Path(args.state)
    try:
        if args.phase == "before-worker":
            state = before_worker(client, args)
            state["cookies"] = client.cookies
            state_file.write_text(json.dumps(state), encoding="utf-8")
        else:
            state = json.loads(state_file.read_text(encoding="utf-8"))
            client.cookies = state["cookies"]
            expect(bool(args.command), "after-worker needs the scan command after --")
            after_worker(client, args, state)
    except Failed as error:
        print(f"[smoke] LỖI: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
