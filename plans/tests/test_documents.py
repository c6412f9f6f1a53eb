"""The plan as the official document (NĐ 30/2020): PDF and Word read back, and the download views.

PDFs are read back with pypdf (pages, fonts, text) and pdfplumber (table cells, positions); Word files with
python-docx. The 16-task plan is the demo plan (plans.demo), the commune's real 2024 plan.
"""

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from plans import services
from plans.demo import demo_load
from plans.documents import VerificationInfo, plan_document_context, render_plan_docx, render_plan_pdf
from plans.documents.context import agency_lines, date_line, date_words, number_line, recipient_lines
from plans.documents.pdf import render_plan_html
from plans.models import Plan, Section, Task, TaskUnit
from units.roles import Role
from units.tests.factories import make_user

TODAY = dt.date(2025, 3, 1)
HEADERS = ["TT", "Nội dung", "Đơn vị/Bộ phận thực hiện"]
TRICKY = '<b>x</b> & "q" ≥ 50%'
MM = 72 / 25.4

# Every Vietnamese vowel with every tone mark, and đ; upper and lower case.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, grave, acute, hook, tilde, dot below
LOWER_LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]


# --- fixtures and helpers ----------------------------------------------------------------------------


@pytest.fixture
def demo_plan(db) -> Plan:
    return demo_load(today=TODAY, demo_mode=False).plan


@pytest.fixture
def issued_plan(demo_plan) -> Plan:
    demo_plan.number = "15/KH-UBND"
    demo_plan.issued_on = dt.date(2024, 1, 5)
    demo_plan.save()
    return demo_plan


def build_plan(plan: Plan, size: int, *, tall: int | None = None) -> Plan:
    """`size` tasks spread over the four quarters, with 1–3 units each; task `tall` is taller than a page."""
    units = list(plan.organization.units.order_by("order")[:5])
    sections = list(plan.sections.order_by("order"))
    tasks = []
    for i in range(size):
        content = f"Nhiệm vụ {i + 1}: tổ chức, đôn đốc, báo cáo kết quả thực hiện phong trào thi đua năm {plan.year}"
        if i == tall:
            content = "\n".join(f"Dòng {n} của một nhiệm vụ rất dài, không vừa một trang." for n in range(60))
        tasks.append(Task(plan=plan, section=sections[i * len(sections) // size], order=i, content=content,
                          deadline=dt.date(plan.year, 12, 31)))
    tasks = Task.objects.bulk_create(tasks)
    TaskUnit.objects.bulk_create(
        TaskUnit(task=task, unit=units[(i + k) % len(units)], order=k)
        for i, task in enumerate(tasks) for k in range(1 + i % 3)
    )
    services.plan_renumber(plan=plan)
    return plan


@pytest.fixture
def big_plan(demo_plan) -> Plan:
    plan = Plan.objects.create(organization=demo_plan.organization, year=2025, title="Kế hoạch 200 nhiệm vụ",
                               signer_name="Sầm Văn Thao")
    for order, kind in enumerate([Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4]):
        Section.objects.create(plan=plan, kind=kind, order=order)
    return build_plan(plan, 200, tall=120)


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def page_texts(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return squash("\n".join(page_texts(pdf)))


def table_pages(pdf: bytes) -> list[list[list[str]]]:
    """The rows of the task table on each page (cells squashed), [] on a page without it."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rows = []
            for table in page.extract_tables():
                if table and len(table[0]) == 3:
                    rows.extend([squash(cell) for cell in row] for row in table)
            pages.append(rows)
    return pages


def table_rows(pdf: bytes) -> list[list[str]]:
    """Task rows across pages, a row broken over a page joined again; header rows dropped."""
    rows: list[list[str]] = []
    for page in table_pages(pdf):
        for row in page:
            if row == HEADERS:
                continue
            number, content, units = row
            # A row broken over a page goes on with an empty TT cell (content, units, or both continue).
            if not number and (content or units) and rows and not rows[-1][0].startswith("QUÝ"):
                rows[-1] = [rows[-1][0], f"{rows[-1][1]} {content}".strip(), f"{rows[-1][2]} {units}".strip()]
            else:
                rows.append(row)
    return rows


def pdf_fonts(pdf: bytes) -> dict[str, bytes]:
    """BaseFont name → embedded font program (FontFile2), for every font used on any page."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor_owner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2")
            fonts[str(font["/BaseFont"])] = program.get_object().get_data() if program is not None else b""
    return fonts


def task_lines(plan: Plan) -> list[tuple[str, str, list[str]]]:
    return [
        (str(task.number), task.content, [f"- {link.unit.name}" for link in task.task_units.order_by("order")])
        for task in plan.tasks.order_by("number").prefetch_related("task_units__unit")
    ]


# --- the document's data -----------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
    (dt.date(2024, 3, 15), "ngày 15 tháng 3 năm 2024"),
    (dt.date(2024, 6, 29), "ngày 29 tháng 6 năm 2024"),
    (dt.date(2024, 2, 1), "ngày 01 tháng 02 năm 2024"),
    (dt.date(2024, 12, 10), "ngày 10 tháng 12 năm 2024"),
])
def test_date_follows_the_decree(day, expected):
    assert date_words(day) == expected


def test_date_line_leaves_room_when_not_issued():
    assert date_line(place="Thanh Sơn", issued_on=None, year=2024) == "Thanh Sơn, ngày      tháng      năm 2024"
    assert date_line(place="Thanh Sơn", issued_on=dt.date(2024, 1, 5), year=2024) == (
        "Thanh Sơn, ngày 05 tháng 01 năm 2024")


@pytest.mark.parametrize(("number", "expected"), [
    ("15/KH-UBND", "Số: 15/KH-UBND"),
    ("", "Số:      /KH-UBND"),
    ("5", "Số: 05/KH-UBND"),
    ("12", "Số: 12/KH-UBND"),
])
def test_number_line(number, expected):
    assert number_line(number) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Ủy ban nhân dân xã Thanh Sơn", ["ỦY BAN NHÂN DÂN", "XÃ THANH SƠN"]),
    ("Uỷ ban nhân dân phường Đống Đa", ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐỐNG ĐA"]),
    ("UBND xã Yên Thịnh", ["ỦY BAN NHÂN DÂN", "XÃ YÊN THỊNH"]),
    # Typed with combining marks: still precomposed uppercase letters.
    (unicodedata.normalize("NFD", "Ủy ban nhân dân xã Hữu Lũng"), ["ỦY BAN NHÂN DÂN", "XÃ HỮU LŨNG"]),
    ("Hội đồng nhân dân xã Thanh Sơn", ["HỘI ĐỒNG NHÂN DÂN XÃ THANH SƠN"]),
])
def test_agency_lines(name, expected):
    assert agency_lines(name) == expected


def test_recipient_lines_end_with_semicolons_and_a_full_stop():
    assert recipient_lines([("Phòng Nội vụ huyện", "(b/c)"), ("05 thôn;", ""), ("Lưu: VT", "")]) == [
        "- Phòng Nội vụ huyện (b/c);", "- 05 thôn;", "- Lưu: VT.",
    ]


def test_context_of_the_demo_plan(demo_plan, django_assert_max_num_queries):
    plan = Plan.objects.get(pk=demo_plan.pk)
    with django_assert_max_num_queries(6):  # organization, sections, tasks, units, recipients: not one per task
        doc = plan_document_context(plan)
    assert doc.superior == "UBND HUYỆN HỮU LŨNG"
    assert doc.agency_lines == ["ỦY BAN NHÂN DÂN", "XÃ THANH SƠN"]
    assert doc.number_line == "Số:      /KH-UBND"
    assert doc.date_line == "Thanh Sơn, ngày      tháng      năm 2024"
    assert doc.subtitle == "Công tác thi đua, khen thưởng năm 2024"
    assert [q.label for q in doc.quarters] == ["QUÝ I", "QUÝ II", "QUÝ III", "QUÝ IV"]
    assert [t.number for q in doc.quarters for t in q.tasks] == list(range(1, 17))
    assert doc.purpose_part.text == "I. MỤC ĐÍCH, YÊU CẦU"
    assert [c.text for c in doc.purpose_part.children] == ["1. Mục đích", "2. Yêu cầu"]
    assert doc.content_heading == "II. NỘI DUNG"
    assert doc.implementation_part.text == "III. TỔ CHỨC THỰC HIỆN"
    assert doc.recipients[0] == "- Phòng Nội vụ huyện (b/c);"
    assert doc.recipients[-1] == "- Lưu: VP, HĐ TĐ –KT."
    assert (doc.signer_authority, doc.signer_title, doc.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Sầm Văn Thao")


def test_parts_are_numbered_without_gaps(demo_plan):
    demo_plan.purpose = demo_plan.requirements = ""
    demo_plan.save()
    doc = plan_document_context(demo_plan)
    assert doc.purpose_part is None
    assert (doc.content_heading, doc.implementation_part.text) == ("I. NỘI DUNG", "II. TỔ CHỨC THỰC HIỆN")


# --- PDF ---------------------------------------------------------------------------------------------


def test_pdf_is_a4_with_the_fonts_embedded(issued_plan):
    pdf = render_plan_pdf(issued_plan, draft=False)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595, abs=1)
        assert float(page.mediabox.height) == pytest.approx(842, abs=1)
    fonts = pdf_fonts(pdf)
    assert fonts, "no font in the PDF"
    for name, program in fonts.items():
        # Our own family name, so that no installed font could have stood in for it …
        assert re.fullmatch(r"/[A-Z]{6}\+Document-Serif(-Bold)?(-Italic)?", name), name
        # … and the embedded program is Liberation Serif (a TrueType FontFile2, subset).
        assert program, f"{name} is not embedded"
        assert TTFont(io.BytesIO(program))["name"].getDebugName(6).startswith("LiberationSerif"), name
    assert {name.split("+")[1] for name in fonts} == {
        "Document-Serif", "Document-Serif-Bold", "Document-Serif-Italic", "Document-Serif-Bold-Italic",
    }


def test_pdf_header_title_and_closing(issued_plan):
    pages = page_texts(render_plan_pdf(issued_plan, draft=False))
    first, last = squash(pages[0]), squash(pages[-1])
    for text in ("UBND HUYỆN HỮU LŨNG", "ỦY BAN NHÂN DÂN", "XÃ THANH SƠN", "Số: 15/KH-UBND",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Thanh Sơn, ngày 05 tháng 01 năm 2024", "KẾ HOẠCH", "Công tác thi đua, khen thưởng năm 2024",
                 "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. NỘI DUNG"):
        assert text in first, text
    for text in ("Nơi nhận:", "- Phòng Nội vụ huyện (b/c);", "- Lưu: VP, HĐ TĐ –KT.", "TM. ỦY BAN NHÂN DÂN",
                 "CHỦ TỊCH", "Sầm Văn Thao"):
        assert text in last, text
    assert "III. TỔ CHỨC THỰC HIỆN" in squash(" ".join(pages))


def test_pdf_header_layout(issued_plan):
    """Quốc hiệu right of the agency; the motto's rule as long as the motto; the agency's about a third of it."""
    with pdfplumber.open(io.BytesIO(render_plan_pdf(issued_plan, draft=False))) as document:
        page = document.pages[0]
        words = page.extract_words(keep_blank_chars=True, use_text_flow=True)

        def line(text):
            return next(w for w in words if w["text"].strip() == text)

        motto, agency, nation = line("Độc lập - Tự do - Hạnh phúc"), line("XÃ THANH SƠN"), line(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        assert nation["x0"] > agency["x1"]
        assert abs(nation["top"] - line("UBND HUYỆN HỮU LŨNG")["top"]) < 2  # the two columns start level
        # A bottom border may be drawn as a thin rectangle or as the fill between two rectangles: either way
        # the shape's bottom edge is the rule.
        shapes = [r for r in page.rects + page.lines if r["width"] > 10 and r["top"] < 250]

        def rule_under(word):
            return min((r for r in shapes if 0 < r["bottom"] - word["bottom"] < 8), key=lambda r: r["bottom"])

        motto_rule = rule_under(motto)
        assert motto_rule["width"] == pytest.approx(motto["x1"] - motto["x0"], abs=2)
        agency_rule = rule_under(agency)
        agency_width = agency["x1"] - agency["x0"]
        assert agency_width / 4 < agency_rule["width"] < agency_width / 2
        assert (agency_rule["x0"] + agency_rule["x1"]) / 2 == pytest.approx((agency["x0"] + agency["x1"]) / 2, abs=2)
        # Margins: left 30 mm, top 20 mm; the text never starts left of the margin.
        assert min(c["x0"] for c in page.chars) >= 30 * MM - 1
        assert min(c["top"] for c in page.chars) >= 20 * MM - 1


def test_pdf_blank_number_and_date_leave_room_to_write(demo_plan):
    """Not issued yet: "Số:      /KH-UBND" and "ngày      tháng      năm 2024" keep their gaps, not collapsed."""
    with pdfplumber.open(io.BytesIO(render_plan_pdf(demo_plan, draft=True))) as document:
        words = document.pages[0].extract_words()

    def gap(before, after):
        left = next(w for w in words if w["text"] == before)
        right = next(w for w in words if w["text"] == after and abs(w["top"] - left["top"]) < 2)
        return right["x0"] - left["x1"]

    assert gap("Số:", "/KH-UBND") > 15  # six spaces at 13 pt, not one
    assert gap("ngày", "tháng") > 15
    assert gap("tháng", "năm") > 15


def test_pdf_sixteen_tasks_in_table_cells(demo_plan):
    rows = table_rows(render_plan_pdf(demo_plan, draft=True))
    quarters = [row[0] for row in rows if row[0].startswith("QUÝ")]
    assert quarters == ["QUÝ I", "QUÝ II", "QUÝ III", "QUÝ IV"]
    tasks = [row for row in rows if not row[0].startswith("QUÝ")]
    expected = [[number, squash(content), squash(" ".join(units))] for number, content, units in task_lines(demo_plan)]
    assert len(expected) == 16
    assert tasks == expected


def test_pdf_header_row_on_every_page_with_tasks(big_plan):
    """200 tasks and one row taller than a page (WeasyPrint #2679): the header repeats on every page."""
    pdf = render_plan_pdf(big_plan, draft=True)
    pages = table_pages(pdf)
    assert len(pages) > 10
    with_tasks = [i for i, rows in enumerate(pages) if any(row != HEADERS for row in rows)]
    assert len(with_tasks) >= 10
    for i in with_tasks:
        assert pages[i][0] == HEADERS, f"page {i + 1} starts with {pages[i][0]}"
    rows = table_rows(pdf)
    numbers = [row[0] for row in rows if not row[0].startswith("QUÝ")]
    assert numbers == [str(n) for n in range(1, 201)]
    tall = next(row for row in rows if row[0] == "121")
    assert "Dòng 0 của" in tall[1] and "Dòng 59 của" in tall[1]  # broke across pages, nothing lost


def test_pdf_page_numbers_from_page_two_centred_in_the_top_margin(demo_plan):
    with pdfplumber.open(io.BytesIO(render_plan_pdf(demo_plan, draft=False))) as document:
        assert len(document.pages) >= 2
        for index, page in enumerate(document.pages):
            margin = page.crop((0, 0, page.width, 20 * MM))
            chars = margin.chars
            if index == 0:
                assert not chars, "page 1 shows a page number"
                continue
            assert "".join(c["text"] for c in chars) == str(index + 1)
            centre = (chars[0]["x0"] + chars[-1]["x1"]) / 2
            assert centre == pytest.approx((30 + (210 - 30 - 15) / 2) * MM, abs=3)


def test_pdf_draft_mark_on_every_page(demo_plan):
    drafted = page_texts(render_plan_pdf(demo_plan, draft=True))
    assert len(drafted) >= 2
    assert all("DỰ THẢO" in text for text in drafted)
    assert not any("DỰ THẢO" in text for text in page_texts(render_plan_pdf(demo_plan, draft=False)))


def test_pdf_verification_line_on_the_last_page(demo_plan):
    info = VerificationInfo(code="7F3A-9C21", url="https://thanhson.example.vn/verify/7F3A-9C21/")
    pages = page_texts(render_plan_pdf(demo_plan, draft=False, verification=info))
    assert info.code in pages[-1] and info.url in squash(pages[-1]).replace(" ", "")
    assert not any(info.code in text for text in pages[:-1])
    assert "Mã xác thực" not in all_text(render_plan_pdf(demo_plan, draft=False))


def test_user_text_is_escaped_exactly_once(demo_plan):
    demo_plan.title = TRICKY
    demo_plan.closing = TRICKY
    demo_plan.save()
    demo_plan.recipients.create(order=99, name=TRICKY)
    task = demo_plan.tasks.get(number=1)
    task.content = TRICKY
    task.save()

    html = render_plan_html(demo_plan, draft=True)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot; ≥ 50%" in html
    assert "<b>x</b>" not in html and "&amp;lt;" not in html and "&amp;amp;" not in html

    pdf = render_plan_pdf(demo_plan, draft=True)
    text = all_text(pdf)
    assert text.count(TRICKY) >= 3  # subtitle, closing sentence, recipient
    assert f"- {TRICKY}." in text
    assert "&lt;" not in text and "&amp;" not in text and "&quot;" not in text
    assert table_rows(pdf)[1][1] == TRICKY


def test_every_vietnamese_letter_renders_in_the_shipped_font(demo_plan):
    """No fallback font and no missing glyph: only Liberation Serif embedded, and every letter reads back."""
    letters = " ".join(LETTERS)
    demo_plan.title = letters  # bold
    demo_plan.legal_bases = letters  # italic
    demo_plan.save()
    task = demo_plan.tasks.get(number=1)
    task.content = letters  # regular
    task.save()

    pdf = render_plan_pdf(demo_plan, draft=False)
    for name, program in pdf_fonts(pdf).items():
        assert program and TTFont(io.BytesIO(program))["name"].getDebugName(6).startswith("LiberationSerif"), name
    text = unicodedata.normalize("NFC", "\n".join(page_texts(pdf)))
    assert "\ufffd" not in text
    missing = [letter for letter in LETTERS if text.count(letter) < 3]
    assert not missing, f"not rendered in all three styles: {missing}"


def test_pdf_does_not_depend_on_installed_fonts(demo_plan, tmp_path):
    """With fontconfig seeing no font at all, the document still comes out in the shipped Liberation Serif."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    html = render_plan_html(demo_plan, draft=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "thanhson.settings.test",
           "LOG_LEVEL": "WARNING"}
    script = ("import sys, django; django.setup(); from plans.documents.pdf import html_to_pdf; "
              "sys.stdout.buffer.write(html_to_pdf(sys.stdin.read()))")
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], input=html.encode(), capture_output=True, cwd=settings.BASE_DIR, env=env,
        timeout=120, check=True,
    )
    fonts = pdf_fonts(result.stdout)
    assert len(fonts) == 4
    for name, program in fonts.items():
        assert TTFont(io.BytesIO(program))["name"].getDebugName(6).startswith("LiberationSerif"), name
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in all_text(result.stdout)


# --- Word --------------------------------------------------------------------------------------------


def docx_task_table(document):
    return next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS)


def test_docx_page_and_fonts(demo_plan):
    document = Document(io.BytesIO(render_plan_docx(demo_plan)))
    section = document.sections[0]
    for value, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 20),
                      (section.bottom_margin, 20), (section.left_margin, 30), (section.right_margin, 15)):
        assert value == pytest.approx(Mm(mm), abs=Mm(0.1))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    assert not any("Theme" in key or "theme" in key for key in default_fonts.attrib), "a theme font overrides ours"
    assert default_fonts.get(qn("w:eastAsia")) == "Times New Roman"
    # No run names another font.
    names = {f.get(qn("w:ascii")) for f in document.element.body.iter(qn("w:rFonts"))}
    assert names <= {"Times New Roman"}
    # Page numbers from page 2 on, in the header.
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(section.header._element.itertext())
    assert not "".join(section.first_page_header._element.itertext()).strip()


def test_docx_content(issued_plan):
    document = Document(io.BytesIO(render_plan_docx(issued_plan)))
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "UBND HUYỆN HỮU LŨNG" in left and "ỦY BAN NHÂN DÂN\nXÃ THANH SƠN" in left and "Số: 15/KH-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Thanh Sơn, ngày 05 tháng 01 năm 2024" in right
    motto = next(p for p in header.rows[0].cells[1].paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert all(run.bold and run.underline for run in motto.runs)
    body = [p.text for p in document.paragraphs]
    assert body[:2] == ["KẾ HOẠCH", "Công tác thi đua, khen thưởng năm 2024"]
    for text in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"):
        assert text in body
    legal = next(p for p in document.paragraphs if p.text.startswith("Căn cứ Luật"))
    assert legal.style.name == "Căn cứ" and legal.style.font.italic
    closing = document.tables[-1]
    recipients, signature = (cell.text for cell in closing.rows[0].cells)
    assert recipients.splitlines()[0] == "Nơi nhận:"
    assert recipients.splitlines()[1] == "- Phòng Nội vụ huyện (b/c);"
    assert recipients.splitlines()[-1] == "- Lưu: VP, HĐ TĐ –KT."
    assert signature.splitlines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Sầm Văn Thao"]
    for table in (header, closing):  # borderless
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_docx_task_table(demo_plan):
    document = Document(io.BytesIO(render_plan_docx(demo_plan)))
    table = docx_task_table(document)
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None
    assert not any(row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                   for row in table.rows[1:])
    assert table.style.name == "Table Grid"
    quarters, tasks = [], []
    for row in table.rows[1:]:
        cells = row.cells
        if cells[0]._tc is cells[2]._tc:  # merged across the three columns
            quarters.append(cells[0].text)
            assert all(run.bold for p in cells[0].paragraphs for run in p.runs)
        else:
            tasks.append((cells[0].text, cells[1].text, [p.text for p in cells[2].paragraphs]))
    assert quarters == ["QUÝ I", "QUÝ II", "QUÝ III", "QUÝ IV"]
    assert tasks == task_lines(demo_plan)
    assert len(tasks) == 16


def test_docx_keeps_user_text_as_typed(demo_plan):
    task = demo_plan.tasks.get(number=1)
    task.content = TRICKY + "\x0b"  # a vertical tab pasted from Word is not valid XML
    task.save()
    table = docx_task_table(Document(io.BytesIO(render_plan_docx(demo_plan))))
    assert table.rows[2].cells[1].text.strip() == TRICKY


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    not SOFFICE, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
)
def test_docx_opens_in_libreoffice_with_the_header_row_repeated(big_plan):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(render_plan_docx(big_plan))
        result = subprocess.run(  # noqa: S603 - the installed soffice on a file we just wrote
            [SOFFICE, f"-env:UserInstallation={Path(folder, 'profile').as_uri()}", "--headless", "--convert-to",
             "pdf", "--outdir", folder, str(source)],
            capture_output=True, timeout=300,
        )
        converted = Path(folder) / "plan.pdf"
        assert result.returncode == 0 and converted.exists(), result.stderr.decode(errors="replace")
        pages = page_texts(converted.read_bytes())
    assert len(pages) > 5
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        if "Nhiệm vụ" in text:
            assert "Đơn vị/Bộ phận thực hiện" in squash(text), f"page {number} has tasks but no header row"
            assert squash(text).startswith(str(number)), f"page {number} does not start with its number"
    assert "Nhiệm vụ 200:" in squash(" ".join(pages))


# --- views -------------------------------------------------------------------------------------------


@pytest.fixture
def demo_users(demo_plan):
    organization = demo_plan.organization
    return {
        "vhxh": make_user(Role.VHXH, organization, username="d_vhxh"),
        "canbo": make_user(Role.CAN_BO, organization, username="d_canbo"),
        "captren": make_user(Role.CAP_TREN, organization, username="d_captren"),
    }


@pytest.mark.parametrize("role", ["vhxh", "canbo", "captren"])
def test_pdf_download_for_every_user_of_the_commune(client, demo_plan, demo_users, role):
    client.force_login(demo_users[role])
    response = client.get(reverse("plans:pdf", args=[demo_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="KH-TDKT-2024.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert "DỰ THẢO" in page_texts(response.content)[0]  # not signed yet


def test_docx_download(client, demo_plan, demo_users):
    client.force_login(demo_users["canbo"])
    response = client.get(reverse("plans:docx", args=[demo_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="KH-TDKT-2024.docx"'
    assert len(docx_task_table(Document(io.BytesIO(response.content))).rows) == 1 + 4 + 16


@pytest.mark.parametrize("name", ["plans:pdf", "plans:docx"])
def test_other_commune_gets_404(client, demo_plan, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=[demo_plan.pk])).status_code == 404


@pytest.mark.parametrize("name", ["plans:pdf", "plans:docx"])
def test_anonymous_is_sent_to_login(client, demo_plan, name):
    url = reverse(name, args=[demo_plan.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
