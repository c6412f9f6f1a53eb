"""Render time of every kind of paper on the one document system, beside a naive WeasyPrint table of the same
rows and beside LibreOffice converting our own .docx, in one interleaved run.

Run:  .venv/bin/python benchmarks/render_pdf.py [--runs 3] [--sizes 200,500] [--no-soffice]
For each paper it prints the median of `--runs` rounds (after a warm-up round); inside a round the three
measurements of every paper follow each other, so a slow moment of the machine hits all columns alike:
- ours: documents.render.render_pdf(content) (template and WeasyPrint; the content is built once);
- naive: WeasyPrint on a bare HTML table of the same rows with the same fonts, as a plain user calls it
  (HTML(string=…).write_pdf(), fonts loaded each time): nothing of ours may be slower than this;
- soffice: `soffice --headless --convert-to pdf` of our .docx of the same paper, the whole process.
Goals (issue 10): the plan faster than soffice at 16 and 200 rows; nothing worse than naive.
It builds a throwaway SQLite database under var/bench/. A benchmark, not a test: times depend on the machine.
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
SIZES = (200, 500)
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


def papers(plans) -> list[tuple[str, object]]:
    """Every kind, from the demo year (2024 as of 31/12) and the plans of `build_plans`."""
    from awards.documents import award_document_content, minutes_content
    from awards.models import AwardDocument, Meeting
    from awards.selectors import meeting_tallies
    from campaigns.documents import pledge_content, ranking_content, summary_content
    from campaigns.models import Campaign, Pledge, ScoringSheet
    from campaigns.selectors import campaign_summary, sheet_ranking
    from plans.demo import demo_load
    from plans.documents import plan_content, report_content
    from plans.models import Report

    out = [(f"plan: {label}", plan_content(plan)) for label, plan in plans]
    organization = demo_load(today=dt.date(2024, 12, 31), demo_mode=True).organization
    report = Report.objects.filter(plan__organization=organization).first()
    if report is not None:
        out.append(("report", report_content(report)))
    for kind, label in (("qd", "decision + annex"), ("ttr", "tờ trình")):
        document = AwardDocument.objects.filter(organization=organization, kind=kind).first()
        if document is not None:
            out.append((label, award_document_content(document)))
    meeting = Meeting.objects.filter(council__organization=organization).first()
    if meeting is not None:
        out.append(("council minutes", minutes_content(meeting, tallies=meeting_tallies(meeting=meeting))))
    campaign = Campaign.objects.filter(organization=organization).first()
    if campaign is not None:
        out.append(("registration summary", summary_content(campaign_summary(campaign=campaign))))
    sheet = ScoringSheet.objects.filter(cluster__organization=organization).first()
    if sheet is not None:
        out.append(("cluster ranking", ranking_content(sheet_ranking(sheet))))
    pledge = Pledge.objects.filter(organization=organization).first()
    if pledge is not None:
        out.append(("pledge", pledge_content(pledge)))
    return out


def bare_table_html(doc) -> str:
    """The naive table: the paper's table rows in a plain bordered table, same fonts, nothing else."""
    from django.contrib.staticfiles import finders

    from documents.content import Table, cell_lines

    faces = "\n".join(
        f'@font-face {{ font-family: "Bare Serif"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{Path(finders.find("fonts/" + name)).as_uri()}"); }}'
        for (weight, style), name in FONT_FILES.items()
    )
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    tables += [b for annex in doc.annexes for b in annex.blocks if isinstance(b, Table)]
    parts = []
    for table in tables:
        head = "".join(f"<th>{html.escape(c.title)}</th>" for c in table.columns)
        rows = []
        for row in table.rows:
            if row.group:
                rows.append(f'<tr><td colspan="{len(table.columns)}"><b>{html.escape(str(row.cells[0]))}</b></td></tr>')
            else:
                rows.append("<tr>" + "".join(
                    "<td>" + "<br>".join(html.escape(line) for line in cell_lines(cell)) + "</td>"
                    for cell in row.cells) + "</tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if not parts:  # a paper without a table (the pledge): its paragraphs
        parts = [f"<p>{html.escape(getattr(b, 'text', ''))}</p>" for b in doc.blocks]
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
{faces}
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: "Bare Serif"; font-size: 14pt; line-height: 1.2; }}
table {{ width: 100%; border-collapse: collapse; margin-bottom: 12pt; }}
th, td {{ border: 0.75pt solid #000; padding: 3pt 4pt; vertical-align: top; }}
</style></head><body>{"".join(parts)}</body></html>"""


def soffice_convert(docx: bytes, folder: Path, soffice: str, profile: str) -> None:
    source = folder / "paper.docx"
    source.write_bytes(docx)
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(folder), str(source)], check=True, capture_output=True, timeout=300)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed rounds after a warm-up round (default 3)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="task counts besides the demo plan")
    parser.add_argument("--no-soffice", action="store_true", help="skip the LibreOffice column")
    args = parser.parse_args()
    setup_django()
    from pypdf import PdfReader
    from weasyprint import HTML

    from documents import render

    items = papers(build_plans(tuple(int(s) for s in args.sizes.split(",") if s)))
    soffice = None if args.no_soffice else (shutil.which("soffice") or shutil.which("libreoffice"))
    prepared = [(label, doc, bare_table_html(doc), render.render_docx(doc)) for label, doc in items]
    times = {label: {"ours": [], "naive": [], "soffice": []} for label, *_ in prepared}
    pages = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        profile = (folder / "profile").as_uri()
        for round_number in range(args.runs + 1):  # round 0 warms up (fonts, templates, the soffice profile)
            for label, doc, bare, docx in prepared:
                start = time.perf_counter()
                pdf = render.render_pdf(doc)
                ours = time.perf_counter() - start
                start = time.perf_counter()
                HTML(string=bare).write_pdf()
                naive = time.perf_counter() - start
                office = None
                if soffice:
                    start = time.perf_counter()
                    soffice_convert(docx, folder, soffice, profile)
                    office = time.perf_counter() - start
                if round_number:
                    times[label]["ours"].append(ours)
                    times[label]["naive"].append(naive)
                    if office is not None:
                        times[label]["soffice"].append(office)
                pages[label] = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{'paper':<28} {'pages':>5} {'ours s':>7} {'naive s':>8} {'ours/naive':>10} {'soffice s':>10} "
          f"{'ours/soffice':>12}")
    for label, *_ in prepared:
        ours = statistics.median(times[label]["ours"])
        naive = statistics.median(times[label]["naive"])
        office = statistics.median(times[label]["soffice"]) if times[label]["soffice"] else None
        office_text = f"{office:>10.2f} {ours / office:>12.2f}" if office else f"{'—':>10} {'—':>12}"
        print(f"{label:<28} {pages[label]:>5} {ours:>7.2f} {naive:>8.2f} {ours / naive:>10.2f} {office_text}")


if __name__ == "__main__":
    main()
