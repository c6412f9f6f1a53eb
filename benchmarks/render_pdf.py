"""Plan PDF rendering speed against WeasyPrint's own floor, for the demo plan (16 tasks) and 50, 200, 500 tasks.

Run:  .venv/bin/python benchmarks/render_pdf.py [--runs 3] [--sizes 50,200,500]
For each plan it prints the median of `--runs` timed renders (after one warm-up) of:
- ours: render_plan_pdf(plan, draft=True), end to end (queries, template, WeasyPrint);
- floor: WeasyPrint alone on a bare HTML table of the same rows with the same fonts (@font-face, same sizes
  and borders), called as a plain WeasyPrint user would: HTML(string=…).write_pdf(), fonts loaded each time;
- floor*: the same bare table with the font configuration reused, as ours does (the stricter comparison);
- soffice: `soffice --headless --convert-to pdf` on our .docx, where LibreOffice is installed;
- cached ms: the draft PDF served again while the plan is unchanged (plan_draft_pdf: the content read, its hash
  looked up in Django's cache), in milliseconds.
The goals (issue 4) are ours ≤ 1.3 × floor at every size and cached < 100 ms.
It builds a throwaway SQLite database under var/bench/.
A benchmark, not a test: the times depend on the machine.
"""

import argparse
import datetime as dt
import html
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZES = (50, 200, 500)
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_file = BENCH_DIR / "render_pdf.sqlite3"
    db_file.unlink(missing_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="thanhson.settings.local", DATABASE_URL=f"sqlite:///{db_file}", DEBUG="False",
        DEMO_MODE="False",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_plans(sizes: tuple[int, ...]) -> list[tuple[str, object]]:
    """The demo plan, then one plan per size in the demo commune, its tasks cycling through the demo's texts."""
    from plans.demo import demo_load
    from plans.demo import thanh_son_2024 as data
    from plans.models import Plan, Section, Task, TaskUnit
    from plans.services import plan_renumber
    from units.text import unit_key

    report = demo_load(today=dt.date(2025, 3, 1), demo_mode=False)
    organization = report.organization
    units = {}
    for unit in organization.units.all():
        for key in unit.match_keys():
            units.setdefault(key, unit)
    rows = [(content, [units[unit_key(name)] for name in names])
            for tasks in data.TASKS.values() for content, names in tasks]
    plans = [("demo plan (16 tasks)", report.plan)]
    for year, size in enumerate(sizes, start=2030):
        texts = {k: v for k, v in data.PLAN.items() if k != "year"}
        plan = Plan.objects.create(organization=organization, year=year, **texts)
        kinds = [Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4]
        sections = [Section.objects.create(plan=plan, kind=kind, order=i) for i, kind in enumerate(kinds)]
        tasks = Task.objects.bulk_create(
            Task(plan=plan, section=sections[i * 4 // size], order=i, content=rows[i % len(rows)][0],
                 deadline=dt.date(year, 12, 31))
            for i in range(size)
        )
        TaskUnit.objects.bulk_create(
            TaskUnit(task=task, unit=unit, order=k)
            for i, task in enumerate(tasks) for k, unit in enumerate(rows[i % len(rows)][1])
        )
        plan.recipients.bulk_create(report.plan.recipients.model(plan=plan, order=r.order, name=r.name, note=r.note)
                                    for r in report.plan.recipients.all())
        plan_renumber(plan=plan)
        plans.append((f"{size} tasks", plan))
    return plans


def bare_table_html(plan) -> str:
    """The floor: the same rows in a plain bordered table, same fonts and sizes, nothing else on the page."""
    from django.contrib.staticfiles import finders

    from plans.documents import plan_document_context

    faces = "\n".join(
        f'@font-face {{ font-family: "Bare Serif"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{Path(finders.find("fonts/" + name)).as_uri()}"); }}'
        for (weight, style), name in FONT_FILES.items()
    )
    doc = plan_document_context(plan)
    body = []
    for quarter in doc.quarters:
        body.append(f'<tr><td colspan="3"><b>{html.escape(quarter.label)}</b></td></tr>')
        for task in quarter.tasks:
            units = "<br>".join(f"- {html.escape(unit)}" for unit in task.units)
            body.append(f"<tr><td>{task.number}</td><td>{html.escape(task.content)}</td><td>{units}</td></tr>")
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
{faces}
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: "Bare Serif"; font-size: 14pt; line-height: 1.2; }}
table {{ width: 100%; border-collapse: collapse; }}
th, td {{ border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: top; }}
</style></head><body><table>
<thead><tr><th>TT</th><th>Nội dung</th><th>Đơn vị/Bộ phận thực hiện</th></tr></thead>
<tbody>{"".join(body)}</tbody></table></body></html>"""


def timed(function, runs: int) -> tuple[float, float]:
    """(first call, median of `runs` further calls), in seconds."""
    start = time.perf_counter()
    function()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def soffice_time(docx: bytes, runs: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(docx)
        profile = (Path(folder) / "profile").as_uri()

        def convert() -> None:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                 folder, str(source)],
                check=True, capture_output=True, timeout=300,
            )

        return timed(convert, runs)[1]  # the first run only creates the profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed renders per plan after a warm-up (default 3)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="task counts besides the demo plan")
    args = parser.parse_args()
    setup_django()
    from plans.documents.pdf import plan_draft_pdf
    from pypdf import PdfReader
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from plans.documents import render_plan_docx, render_plan_pdf

    plans = build_plans(tuple(int(s) for s in args.sizes.split(",") if s))
    print(f"{'plan':<22} {'pages':>5} {'ours s':>7} {'floor s':>8} {'ratio':>6} {'floor* s':>9} {'ratio*':>7} "
          f"{'first s':>8} {'soffice s':>10} {'cached ms':>10}")
    shared_fonts = FontConfiguration()
    for label, plan in plans:
        bare = bare_table_html(plan)
        first, ours = timed(lambda plan=plan: render_plan_pdf(plan, draft=True), args.runs)
        _, floor = timed(lambda bare=bare: HTML(string=bare).write_pdf(), args.runs)
        _, floor_shared = timed(lambda bare=bare: HTML(string=bare).write_pdf(font_config=shared_fonts), args.runs)
        pages = len(PdfReader(io.BytesIO(render_plan_pdf(plan, draft=True))).pages)
        office = soffice_time(render_plan_docx(plan), args.runs)
        office_text = f"{office:>10.2f}" if office is not None else f"{'n/a':>10}"
        plan_draft_pdf(plan)  # fills the cache if this content was never rendered
        _, cached = timed(lambda plan=plan: plan_draft_pdf(plan), max(args.runs, 5))
        print(f"{label:<22} {pages:>5} {ours:>7.2f} {floor:>8.2f} {ours / floor:>6.2f} {floor_shared:>9.2f} "
              f"{ours / floor_shared:>7.2f} {first:>8.2f} {office_text} {cached * 1000:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
