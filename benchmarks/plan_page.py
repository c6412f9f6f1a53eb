"""Plan page speed: time and SQL queries at 16, 200 and 500 tasks, next to a cheap logged-in page on the same server.

The reference is the new-plan form (logged in: session, user, roles, the bell, a small form; no table), timed
interleaved with the plan pages (reference, plan, reference, plan …) so that machine noise hits both alike, with
the Accept-Encoding a browser sends. Each figure is printed as a ratio to that reference; goals: ≤ 3× at 200
tasks, ≤ 6× at 500.

Run:  .venv/bin/python benchmarks/plan_page.py [--requests 30]
It builds a throwaway SQLite database under var/bench/ (or uses $BENCH_DATABASE_URL), starts gunicorn on a free
loopback port, logs in as a vhxh user, and prints median and 90th-percentile times. A benchmark, not a test:
the numbers depend on the machine; the query counts do not.
"""

import argparse
import datetime as dt
import http.cookiejar
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZES = (16, 200, 500)
PASSWORD = "bench-password-2024"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_url = os.environ.get("BENCH_DATABASE_URL")
    if not db_url:
        db_file = BENCH_DIR / "db.sqlite3"
        db_file.unlink(missing_ok=True)
        db_url = f"sqlite:///{db_file}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="thanhson.settings.local", DATABASE_URL=db_url, DEBUG="False", DEMO_MODE="False",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver", AXES_FAILURE_LIMIT="1000",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # DEBUG is off, as in production: pages need the hashed static manifest.
    call_command("collectstatic", interactive=False, verbosity=0)


def build_data() -> dict[int, int]:
    from django.contrib.auth.models import Group

    from plans.models import Plan, Section, Task, TaskUnit
    from plans.services import plan_renumber
    from units.models import Organization, Unit, User

    org, _ = Organization.objects.get_or_create(
        slug="bench", defaults={"name": "Ủy ban nhân dân xã Bench", "short_name": "UBND xã Bench",
                                "superior_name": "UBND tỉnh", "place_name": "Bench"},
    )
    user, _ = User.objects.get_or_create(username="bench", defaults={"organization": org})
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="vhxh"))
    units = [Unit.objects.get_or_create(organization=org, name=f"Đơn vị {i}")[0] for i in range(10)]
    plan_ids = {}
    for year, size in zip((2024, 2025, 2026), SIZES, strict=True):
        Plan.objects.filter(organization=org, year=year).delete()
        plan = Plan.objects.create(organization=org, year=year, title=f"Công tác thi đua, khen thưởng năm {year}")
        sections = [Section.objects.create(plan=plan, kind=k, order=i)
                    for i, k in enumerate(["q1", "q2", "q3", "q4"])]
        tasks = Task.objects.bulk_create(
            Task(plan=plan, section=sections[i * 4 // size], order=i,
                 content=f"Nhiệm vụ {i}: tổ chức, đôn đốc, báo cáo kết quả thực hiện phong trào thi đua năm {year}",
                 deadline=dt.date(year, 3 * (i * 4 // size + 1), 28), status=Task.Status.values[i % 3])
            for i in range(size)
        )
        TaskUnit.objects.bulk_create(
            TaskUnit(task=t, unit=units[(t.order + k) % 10], order=k) for t in tasks for k in range(3)
        )
        plan_renumber(plan=plan)
        plan_ids[size] = plan.pk
    return plan_ids


def query_counts(plan_ids: dict[int, int]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from units.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    counts = {}
    for label, url in urls(plan_ids):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[label] = len(ctx.captured_queries)
    return counts


REFERENCE = ("cheap logged-in page", "/plans/new/")
GOALS = {200: 3.0, 500: 6.0}
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "text/html,application/xhtml+xml"}


def urls(plan_ids: dict[int, int]) -> list[tuple[str, str]]:
    return [REFERENCE] + [(f"plan page, {size} tasks", f"/plans/{pk}/") for size, pk in plan_ids.items()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [gunicorn, "thanhson.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--env", "DJANGO_SETTINGS_MODULE=thanhson.settings.local", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode({"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    url = f"{base}/accounts/login/"
    request = urllib.request.Request(url, data=body, headers={"Referer": url})
    opener.open(request).read()
    return opener


def fetch(opener, url: str) -> tuple[float, int]:
    request = urllib.request.Request(url, headers=BROWSER_HEADERS)
    start = time.perf_counter()
    with opener.open(request) as response:
        size = len(response.read())
    return (time.perf_counter() - start) * 1000, size


def time_interleaved(opener, base: str, path: str, n: int) -> tuple[list[float], list[float], int]:
    """n timings of the reference and of `path`, alternating; returns (reference ms, page ms, page bytes)."""
    for _ in range(3):  # warm-up: templates compiled, connections open, the table cache filled
        fetch(opener, base + REFERENCE[1])
        fetch(opener, base + path)
    reference, page, size = [], [], 0
    for _ in range(n):
        reference.append(fetch(opener, base + REFERENCE[1])[0])
        elapsed, size = fetch(opener, base + path)
        page.append(elapsed)
    return sorted(reference), sorted(page), size


def p90(values: list[float]) -> float:
    return values[int(0.9 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    args = parser.parse_args()
    setup_django()
    plan_ids = build_data()
    counts = query_counts(plan_ids)
    port = free_port()
    server = serve(port)
    try:
        base = f"http://127.0.0.1:{port}"
        opener = login(base)
        print(f"{'page':<26} {'queries':>7} {'median ms':>10} {'ref ms':>7} {'ratio':>6} {'p90 ms':>7} "
              f"{'ref p90':>7} {'KiB sent':>8}  goal")
        for size, pk in plan_ids.items():
            label, path = f"plan page, {size} tasks", f"/plans/{pk}/"
            reference, page, sent = time_interleaved(opener, base, path, args.requests)
            ref_median, median = statistics.median(reference), statistics.median(page)
            ratio = median / ref_median
            goal = GOALS.get(size)
            verdict = f"≤ {goal:g}× {'met' if ratio <= goal else 'NOT met'}" if goal else ""
            print(f"{label:<26} {counts[label]:>7} {median:>10.1f} {ref_median:>7.1f} {ratio:>5.1f}× "
                  f"{p90(page):>7.1f} {p90(reference):>7.1f} {sent / 1024:>8.1f}  {verdict}")
        print(f"reference: {REFERENCE[0]} {REFERENCE[1]} ({counts[REFERENCE[0]]} queries), timed interleaved")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
