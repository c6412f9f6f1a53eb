"""Every kind of official paper on the one document system, held to the NĐ 30/2020 layout on the rendered files.

The demo data (the commune's year 2024 up to 31/12: plan, report, campaign, pledge, ranking, council, decision,
tờ trình) and large cases (a 200-task plan with a task taller than a page, a pledge of five parties) are built
once, every kind rendered to PDF and .docx by documents/, and read back with pdfplumber, pypdf and python-docx.
"""

import datetime as dt
import io
import re
import unicodedata

import pdfplumber
import pytest
import time_machine
from django.db import transaction
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from awards.documents import award_document_content, certificate_reason, minutes_content
from awards.models import AwardDocument, AwardRecord, Meeting
from awards.selectors import meeting_tallies
from campaigns.documents import pledge_content, ranking_content, summary_content
from campaigns.models import Campaign, Pledge, PledgeParty, PledgeSignatory, Registration, ScoringSheet
from campaigns.selectors import campaign_summary, sheet_ranking
from documents import render
from documents.services import document_bytes
from plans import services as plan_services
from plans.demo import demo_load
from plans.documents import plan_content, report_content, unit_tasks_content
from plans.models import Plan, Report, Section, Task, TaskUnit

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT = 30 * MM, (210 - 15) * MM
TEXT_WIDTH = RIGHT - LEFT
TOLERANCE = 0.5 * MM
TODAY = dt.date(2024, 12, 31)


def squash(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _big_plan(plan: Plan, by) -> Plan:
    big = Plan.objects.create(organization=plan.organization, year=2025, title="Kế hoạch 200 nhiệm vụ",
                              signer_name="Sầm Văn Thao")
    for order, kind in enumerate([Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4]):
        Section.objects.create(plan=big, kind=kind, order=order)
    units = list(plan.organization.units.order_by("order")[:5])
    sections = list(big.sections.order_by("order"))
    tasks = []
    for i in range(200):
        content = f"Nhiệm vụ {i + 1}: tổ chức, đôn đốc, báo cáo kết quả thực hiện phong trào thi đua năm 2025"
        if i == 120:
            content = "\n".join(f"Dòng {n} của một nhiệm vụ rất dài, không vừa một trang." for n in range(60))
        elif i % 7 == 0:
            content += " " + "và tổng hợp ý kiến của các thôn, tổ chức đoàn thể " * 3
        tasks.append(Task(plan=big, section=sections[i * 4 // 200], order=i, content=content,
                          deadline=dt.date(2025, 12, 31)))
    tasks = Task.objects.bulk_create(tasks)
    TaskUnit.objects.bulk_create(TaskUnit(task=t, unit=units[(i + k) % len(units)], order=k)
                                 for i, t in enumerate(tasks) for k in range(1 + i % 3))
    plan_services.plan_renumber(plan=big)
    return big


def _big_pledge(organization) -> Pledge:
    pledge = Pledge.objects.create(organization=organization, title="Giao ước thi đua của năm bên", year=2024,
                                   signed_on=dt.date(2024, 2, 5), place="Thanh Sơn")
    for n in range(5):
        party = PledgeParty.objects.create(pledge=pledge, order=n, name=f"Hội đoàn thể số {n + 1} xã Thanh Sơn")
        PledgeSignatory.objects.create(party=party, full_name=f"Người ký {n + 1}", position="Chủ tịch")
    return pledge


def _issued_pdf(issued) -> bytes:
    return document_bytes(issued)


_BUILT: dict = {}


@pytest.fixture
def papers(db):
    """{name: (Document, pdf bytes, docx bytes)} for every kind, built by the first test that asks, then reused
    (each test's data is rolled back, the rendered bytes and plain-text Documents are kept)."""
    if not _BUILT:
        _BUILT.update(_build())
    return _BUILT


def _build() -> dict:
    out = {}
    with time_machine.travel(dt.datetime(2024, 12, 31, 9, 0), tick=False):
        with transaction.atomic():
            report = demo_load(today=TODAY, demo_mode=True)
            organization = report.organization
            plan = Plan.objects.get(organization=organization, year=2024, is_current=True)
            vhxh = organization.users.filter(groups__name="vhxh").first()
            big = _big_plan(plan, vhxh)
            decision = AwardDocument.objects.get(organization=organization, kind="qd")
            submission = AwardDocument.objects.get(organization=organization, kind="ttr")
            meeting = Meeting.objects.filter(council__organization=organization).first()
            signed_report = Report.objects.filter(plan=plan).first()
            campaign = Campaign.objects.filter(organization=organization).first()
            sheet = ScoringSheet.objects.filter(cluster__organization=organization).first()
            pledge = Pledge.objects.filter(organization=organization).first()
            unit = plan.tasks.first().units.first()
            docs = {
                "plan": plan_content(plan),
                "plan-200": plan_content(big),
                "report": report_content(signed_report),
                "decision": award_document_content(decision),
                "submission": award_document_content(submission),
                "minutes": minutes_content(meeting, tallies=meeting_tallies(meeting=meeting)),
                "summary": summary_content(campaign_summary(campaign=campaign)),
                "summary-approved": summary_content(campaign_summary(campaign=campaign),
                                                    status=Registration.Status.APPROVED),
                "ranking": ranking_content(sheet_ranking(sheet)),
                "pledge": pledge_content(pledge),
                "pledge-5": pledge_content(_big_pledge(organization)),
                "unit-tasks": unit_tasks_content(plan, unit),
            }
            for name, doc in docs.items():
                out[name] = (doc, render.render_pdf(doc), render.render_docx(doc))
            # The issued files of the demo, exactly as stored.
            out["plan-issued"] = (docs["plan"], _issued_pdf(plan.issued_document.document), None)
            out["decision-issued"] = (docs["decision"], _issued_pdf(decision.issued), None)
            out["parent-set"] = _parent_set(plan)
            rows = campaign_summary(campaign=campaign).rows
            out["registrations"] = {
                "all": len(rows),
                "approved": sum(1 for r in rows if r.registration.status == Registration.Status.APPROVED),
            }
            records = list(AwardRecord.objects.filter(organization=organization).select_related("form"))
            out["reasons"] = [(r.form.category if r.form else "", certificate_reason(r)) for r in records]
            transaction.set_rollback(True)
    return out


def _parent_set(plan: Plan):
    organization = plan.organization
    organization.parent_body = "Ủy ban nhân dân tỉnh Lạng Sơn"
    doc = plan_content(plan)
    return doc, render.render_pdf(doc), render.render_docx(doc)


KINDS = ["plan", "plan-200", "report", "decision", "submission", "minutes", "summary", "summary-approved",
         "ranking", "pledge", "pledge-5", "unit-tasks", "plan-issued", "decision-issued"]
WITH_NUMBER = ["plan", "plan-200", "report", "decision", "submission", "minutes", "plan-issued",
               "decision-issued"]


def _pages(pdf: bytes):
    return pdfplumber.open(io.BytesIO(pdf))


# --- inside the paper and the margins --------------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_every_character_is_inside_the_paper_and_the_margins(papers, name):
    _, pdf, _ = papers[name]
    with _pages(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            portrait = page.width < page.height
            for char in page.chars:
                if not char["text"].strip():
                    continue
                where = f"page {number}: {char['text']!r} at x {char['x0'] / MM:.1f}–{char['x1'] / MM:.1f} mm"
                assert 0 <= char["x0"] and char["x1"] <= page.width and 0 <= char["top"] <= page.height, where
                if portrait:
                    line = "".join(c["text"] for c in page.chars if abs(c["top"] - char["top"]) < 1)
                    assert char["x0"] >= LEFT - TOLERANCE and char["x1"] <= RIGHT + TOLERANCE, f"{where}: {line}"
            for edge in page.edges:
                assert edge["x0"] >= (LEFT if portrait else 0) - TOLERANCE, f"page {number}: a rule left of the margin"
                assert edge["x1"] <= (RIGHT if portrait else page.width) + TOLERANCE, f"page {number}: rule past it"


@pytest.mark.parametrize("name", ["plan-200", "report", "decision", "submission", "minutes", "summary", "ranking"])
def test_tables_are_as_wide_as_the_text(papers, name):
    _, pdf, docx = papers[name]
    with _pages(pdf) as document:
        for page in document.pages:
            if page.width > page.height:
                continue
            tables = page.find_tables()
            for table in tables:
                x0, _, x1, _ = table.bbox
                assert abs((x1 - x0) - TEXT_WIDTH) < 1.5 * MM, f"table {(x1 - x0) / MM:.1f} mm wide"
    word = Docx(io.BytesIO(docx))
    section = word.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for table in word.tables:
        grid = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
        assert abs(grid * 635 - width) < Mm(0.5), f"Word table {grid * 635 / 36000:.1f} mm wide"


# --- header ----------------------------------------------------------------------------------------------------


def _baseline(words, text):
    word = next(w for w in words if w["text"].startswith(text))
    return word


@pytest.mark.parametrize("name", WITH_NUMBER)
def test_so_stands_on_the_place_date_line(papers, name):
    doc, pdf, docx = papers[name]
    with _pages(pdf) as document:
        page = document.pages[0]
        chars = [c for c in page.chars if c["top"] < 80 * MM]
        number = next(c for i, c in enumerate(chars) if c["text"] == "S" and chars[i + 1]["text"] == "ố")
        date = next(c for i, c in enumerate(chars) if c["text"] == "n" and "".join(
            x["text"] for x in chars[i:i + 4]) == "ngày")
        assert abs(number["matrix"][5] - date["matrix"][5]) <= 1 * MM, (
            f"Số: {number['matrix'][5] / MM:.1f} mm, date {date['matrix'][5] / MM:.1f} mm")
    if docx:
        header = Docx(io.BytesIO(docx)).tables[0]
        cells = header.rows[1].cells
        assert cells[0].text.startswith("Số:") and "ngày" in cells[1].text


@pytest.mark.parametrize("name", ["plan", "report", "decision", "minutes"])
def test_no_parent_line_for_a_commune_and_the_issuing_body_bold(papers, name):
    doc, pdf, docx = papers[name]
    assert doc.parent_line == ""
    with _pages(pdf) as document:
        page = document.pages[0]
        top = squash(page.extract_text())
        assert "HUYỆN" not in top.split("CỘNG HÒA")[0]
        words = page.extract_words(extra_attrs=["fontname"])
        body = [w for w in words if w["text"] in {"ỦY", "BAN", "NHÂN", "DÂN"} and w["top"] < 30 * MM]
        assert len(body) == 4 and all("Bold" in w["fontname"] for w in body)
    header = Docx(io.BytesIO(docx)).tables[0].rows[0].cells[0]
    runs = [run for p in header.paragraphs for run in p.runs if run.text.strip()]
    assert runs[0].text.startswith("ỦY BAN NHÂN DÂN") and runs[0].bold


def test_a_parent_line_when_set_prints_regular_above_the_bold_body(papers):
    doc, pdf, docx = papers["parent-set"]
    with _pages(pdf) as document:
        page = document.pages[0]
        line = [c for c in page.chars if c["top"] < 30 * MM and c["x1"] < 92 * MM]
        text = "".join(c["text"] for c in line if c["text"].strip())
        assert "TỈNHLẠNGSƠN" in text
        first_top = min(c["top"] for c in line)
        first_line = [c for c in line if abs(c["top"] - first_top) < 1]
        assert all("Bold" not in c["fontname"] for c in first_line)
    with _pages(papers["plan"][1]) as document:
        assert "TỈNH LẠNG SƠN" not in document.pages[0].extract_text()
    runs = Docx(io.BytesIO(docx)).tables[0].rows[0].cells[0].paragraphs[0].runs
    assert runs[0].text == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" and not runs[0].bold


def test_the_council_name_is_never_broken(papers):
    _, pdf, docx = papers["minutes"]
    with _pages(pdf) as document:
        lines = document.pages[0].extract_text().splitlines()
        assert any("HỘI ĐỒNG THI ĐUA-KHEN THƯỞNG" in line for line in lines)
    assert "HỘI ĐỒNG THI ĐUA-KHEN THƯỞNG" in Docx(io.BytesIO(docx)).tables[0].rows[0].cells[0].text


# --- body ------------------------------------------------------------------------------------------------------


def test_article_labels_are_bold(papers):
    _, pdf, docx = papers["decision"]
    with _pages(pdf) as document:
        words = document.pages[0].extract_words(extra_attrs=["fontname"])
        labels = [w for i, w in enumerate(words) if w["text"] == "Điều" and re.match(r"\d+\.", words[i + 1]["text"])]
        assert len(labels) == 3 and all("Bold" in w["fontname"] for w in labels)
    paragraphs = [p for p in Docx(io.BytesIO(docx)).paragraphs if p.text.startswith("Điều ")]
    assert len(paragraphs) == 3 and all(p.runs[0].bold and p.runs[0].text.startswith("Điều") for p in paragraphs)


@pytest.mark.parametrize("name", ["plan", "plan-200", "report", "decision", "submission", "summary", "ranking"])
def test_the_signature_never_stands_alone(papers, name):
    doc, pdf, _ = papers[name]
    with _pages(pdf) as document:
        main_pages = document.pages
        if doc.annexes:
            main_pages = main_pages[:len(main_pages) - _annex_pages(pdf, doc)]
        page = main_pages[-1]
        text = squash(page.extract_text())
        assert doc.signature.title in text
        # Body text (not only the closing) stands above it on the same page.
        above = [c for c in page.chars if c["top"] < _top_of(page, "Nơi nhận") - 2 and c["top"] > 25 * MM]
        assert len(above) > 20, "the closing stands alone on its page"


def _top_of(page, text):
    words = page.extract_words()
    first = text.split()[0]
    for w in words:
        if w["text"].startswith(first):
            return w["top"]
    return page.height


def _annex_pages(pdf, doc) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    texts = [squash(p.extract_text()) for p in reader.pages]
    start = next(i for i, t in enumerate(texts) if t.startswith(doc.annexes[0].heading))
    return len(texts) - start


def test_rows_are_not_split_and_the_header_repeats(papers):
    _, pdf, docx = papers["plan-200"]
    seen, continued = [], []
    with _pages(pdf) as document:
        table_pages = 0
        for page in document.pages:
            tables = [t for t in page.extract_tables() if t and len(t[0]) == 3]
            if not tables:
                continue
            table_pages += 1
            rows = tables[0]
            assert [squash(c) for c in rows[0]] == ["TT", "Nội dung", "Đơn vị/Bộ phận thực hiện"]
            for row in rows[1:]:
                number = squash(row[0])
                if number:
                    seen.append(int(number)) if number.isdigit() else None
                elif "nhiệm vụ rất dài" in squash(row[1]) or not squash(row[1]):
                    continued.append(squash(row[1])[:20])
                else:
                    raise AssertionError(f"a row split across pages: {row}")
        assert table_pages > 10
    assert sorted(seen) == list(range(1, 201)) and len(seen) == 200
    assert len(continued) >= 1  # only the task taller than a page goes on over the break
    rows = Docx(io.BytesIO(docx)).tables[1].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)


# --- fonts -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan", "decision-issued", "pledge"])
def test_fonts_are_embedded_under_their_real_name(papers, name):
    _, pdf, _ = papers[name]
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert names and all(n.replace("-", "").startswith("LiberationSerif") for n in names), names
    assert not any("Document" in n for n in names)


# --- kinds -----------------------------------------------------------------------------------------------------


def _pdf_text(pdf) -> str:
    return squash(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def _docx_text(docx) -> str:
    word = Docx(io.BytesIO(docx))
    parts = []
    for block in word.element.body.iterchildren():
        parts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        parts.append(" ")
    return squash(" ".join(parts))


@pytest.mark.parametrize("name", ["plan", "report", "decision", "submission", "minutes", "summary", "ranking",
                                  "pledge-5", "unit-tasks"])
def test_the_pdf_and_the_word_file_say_the_same_block_by_block(papers, name):
    doc, pdf, docx = papers[name]
    pdf_text, word_text = _pdf_text(pdf), _docx_text(docx)
    body_from = {"pdf": 0, "word": 0}
    for block in doc.text_blocks():
        block = squash(block)
        if not block:
            continue
        for label, text in (("pdf", pdf_text), ("word", word_text)):
            words = block.split()
            # The PDF wraps lines, so a block is searched word run by word run, in order.
            found = text.find(" ".join(words[:6]), body_from[label] if len(block) > 40 else 0)
            assert found >= 0, f"{label}: {block[:60]!r} missing"
            if len(block) > 40:
                body_from[label] = found


def test_pledge_signatures_in_two_columns_for_any_number_of_parties(papers):
    doc, pdf, docx = papers["pledge-5"]
    assert len(doc.signatures) == 5
    with _pages(pdf) as document:
        names = [w for p in document.pages for w in p.extract_words(extra_attrs=["fontname"])
                 if w["text"] == "Người" and "Bold" in w["fontname"]]
        assert len(names) == 5
        columns = {round(w["x0"] / MM / 40) for w in names}
        assert len(columns) == 2
    table = Docx(io.BytesIO(docx)).tables[-1]
    assert len(table.rows) == 3 and len(table.columns) == 2


def test_the_summary_never_counts_drafts_as_approved(papers):
    counts = papers["registrations"]
    doc, pdf, _ = papers["summary-approved"]
    text = _pdf_text(pdf)
    assert f"Tổng cộng: {counts['approved']} lượt đăng ký" in text
    assert "Trạng thái" in text and "Đã duyệt" in text
    assert "Đang soạn" not in text and "Bị trả lại" not in text
    doc_all, pdf_all, _ = papers["summary"]
    assert f"Tổng cộng: {counts['all']} lượt đăng ký" in _pdf_text(pdf_all)
    assert doc_all.blocks[0].columns[0].width <= 0.06
    assert "Phòng Nội vụ (Sở Nội vụ)" not in " ".join(doc_all.recipient_lines)


def test_the_ranking_explains_its_total(papers):
    assert "Tổng điểm thống nhất = " in _pdf_text(papers["ranking"][1])


def test_minutes_carry_their_times(papers):
    text = _pdf_text(papers["minutes"][1])
    assert "Hôm nay, vào hồi" in text and "kết thúc hồi" in text


def test_giay_khen_is_worded_as_a_form_of_award(papers):
    reasons = papers["reasons"]
    rewards = [text for category, text in reasons if category == "khen_thuong"]
    titles = [text for category, text in reasons if category == "danh_hieu"]
    assert all(text.startswith("Đã có thành tích") for text in rewards)
    assert not any("danh hiệu “Giấy khen" in text for text in reasons)
    assert all(text.startswith("Đã đạt danh hiệu") for text in titles)


def test_the_issued_plan_carries_its_qr_and_site_url(papers, settings):
    doc, pdf, _ = papers["plan-issued"]
    text = _pdf_text(pdf).replace("/ ", "/")
    assert "Kiểm tra bản gốc tại: " + settings.SITE_URL.rstrip("/") + "/verify/" in text
    assert "127.0.0.1" not in text or "127.0.0.1" in settings.SITE_URL
