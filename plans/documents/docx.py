"""The plan as an editable Word file (python-docx), laid out like the PDF: A4, NĐ 30 margins, Times New Roman.

Officials keep editing in Word, so the layout uses what Word edits well: named paragraph styles, tables for the
header and signature blocks, a header row that Word repeats on every page, and short rules drawn as paragraph
borders (which survive editing) rather than floating shapes.
"""

import io
import re
from functools import cache

from django.contrib.staticfiles import finders
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from fontTools.ttLib import TTFont

from ..models import Plan
from .context import PlanDocument, plan_document_context

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
HEADER_COLUMNS = (Emu(int(TEXT_WIDTH * 0.38)), Emu(TEXT_WIDTH - int(TEXT_WIDTH * 0.38)))
TASK_COLUMNS = (Emu(int(TEXT_WIDTH * 0.07)), Emu(int(TEXT_WIDTH * 0.55)), Emu(TEXT_WIDTH - int(TEXT_WIDTH * 0.62)))
CLOSING_COLUMNS = (Emu(int(TEXT_WIDTH * 0.45)), Emu(TEXT_WIDTH - int(TEXT_WIDTH * 0.45)))
TASK_HEADERS = ("TT", "Nội dung", "Đơn vị/Bộ phận thực hiện")
RULE_WIDTH_PT = 0.75

# XML 1.0 forbids these; text pasted from other programs sometimes carries them (e.g. Word's vertical tab).
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub(" ", text)


@cache
def _font(bold: bool) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    # Liberation Serif has Times New Roman's metrics, so its advance widths tell how long a line is in Word.
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    font = TTFont(finders.find(f"fonts/{name}"), lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width(text: str, *, size: float, bold: bool = False) -> Length:
    cmap, metrics, units = _font(bold)
    advance = sum(metrics.get(cmap.get(ord(ch), ".notdef"), (0, 0))[0] for ch in text)
    return Pt(advance * size / units)


def _set_fonts(rpr, name: str = FONT) -> None:
    """Name the font for every script slot (ASCII, high ANSI, East Asian, complex script) and drop theme fonts,
    which Word would otherwise prefer over an explicit name."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _set_size(rpr, size: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)
        element.set(qn("w:val"), str(int(size * 2)))


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    _set_size(rpr, 14)
    language = rpr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")  # Word's spelling and hyphenation follow the text's language

    normal = styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = styles.add_style("Văn bản", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1.27)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.1

    basis = styles.add_style("Căn cứ", WD_STYLE_TYPE.PARAGRAPH)
    basis.base_style = body
    basis.font.italic = True

    heading = styles.add_style("Đề mục", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = body
    heading.font.bold = True
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.keep_with_next = True

    table_grid = styles["Table Grid"]
    _set_fonts(table_grid.element.get_or_add_rPr())


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # Page numbers centred at the top, from page 2 on: page 1 has its own (empty) header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(paragraph, "PAGE", size=13)


def _add_field(paragraph: Paragraph, instruction: str, *, size: float) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(size)
    begin, text, separate, result, end = (OxmlElement(tag) for tag in (
        "w:fldChar", "w:instrText", "w:fldChar", "w:t", "w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate.set(qn("w:fldCharType"), "separate")
    result.text = "2"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, result, end):
        run._r.append(element)


def _paragraph(container, text: str = "", *, style: str | None = None, size: float | None = None,
               bold: bool = False, italic: bool = False, align=None, underline: bool = False) -> Paragraph:
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def _rule(container, *, width: Length, column: Length, space_after: float = 0) -> Paragraph:
    """A centred horizontal rule `width` long: an empty paragraph with a top border, indented from both sides."""
    paragraph = container.add_paragraph()
    indent = Emu(max(0, int((column - width) / 2)))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    # Spacing before sits above a paragraph's top border: it keeps the rule clear of the descenders above.
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.line_spacing = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", str(int(RULE_WIDTH_PT * 8))), ("w:space", "1"),
                       ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)
    return paragraph


def _fixed_table(document: DocxDocument, *, rows: int, widths: tuple[Length, ...], style: str | None,
                 borders: bool) -> Table:
    table = document.add_table(rows=rows, cols=len(widths), style=style)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.table_direction = WD_TABLE_DIRECTION.LTR
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    if not borders:
        element = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = OxmlElement(f"w:{edge}")
            border.set(qn("w:val"), "nil")
            element.append(border)
        tbl_pr.append(element)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        _set_widths(row.cells, widths)
    return table


def _set_widths(cells: list[_Cell], widths: tuple[Length, ...]) -> None:
    # Word reads each cell's own width, not the grid's: every cell carries it.
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width


def _first_paragraph(cell: _Cell, text: str = "", **kwargs) -> Paragraph:
    """A new cell holds one empty paragraph: fill it rather than leave a blank line above the text."""
    paragraph = cell.paragraphs[0]
    if kwargs.get("align") is not None:
        paragraph.alignment = kwargs["align"]
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold = kwargs.get("bold") or None
        run.italic = kwargs.get("italic") or None
        if kwargs.get("size") is not None:
            run.font.size = Pt(kwargs["size"])
    return paragraph


def _header_block(document: DocxDocument, doc: PlanDocument) -> None:
    table = _fixed_table(document, rows=1, widths=HEADER_COLUMNS, style=None, borders=False)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.superior:
        _first_paragraph(left, doc.superior, size=13, align=center)
        agency = _paragraph(left, align=center)
    else:
        agency = _first_paragraph(left, align=center)
    for i, line in enumerate(doc.agency_lines):
        run = agency.add_run(_clean(line))
        run.bold = True
        run.font.size = Pt(13)
        if i < len(doc.agency_lines) - 1:
            run.add_break()
    longest = max(text_width(line, size=13, bold=True) for line in doc.agency_lines)
    _rule(left, width=Emu(int(longest / 3)), column=HEADER_COLUMNS[0], space_after=6)
    _paragraph(left, doc.number_line, size=13, align=center)

    _first_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13, align=center)
    # The decree's rule "as long as the line" under the motto is exactly an underline of the text.
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=center, underline=True)
    date = _paragraph(right, doc.date_line, italic=True, size=14, align=center)
    date.paragraph_format.space_before = Pt(6)


def _title(document: DocxDocument, doc: PlanDocument) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    title = _paragraph(document, doc.title, bold=True, size=14, align=center)
    title.paragraph_format.space_before = Pt(12)
    if doc.subtitle:
        _paragraph(document, doc.subtitle, bold=True, size=14, align=center)
        width = min(text_width(doc.subtitle, size=14, bold=True), TEXT_WIDTH)
        _rule(document, width=Emu(int(width / 3)), column=TEXT_WIDTH, space_after=12)


def _task_table(document: DocxDocument, doc: PlanDocument) -> None:
    table = _fixed_table(document, rows=1, widths=TASK_COLUMNS, style="Table Grid", borders=True)
    header = table.rows[0]
    # w:tblHeader: Word and LibreOffice repeat this row at the top of every page the table reaches.
    header._tr.get_or_add_trPr().append(_on("w:tblHeader"))
    for cell, text in zip(header.cells, TASK_HEADERS, strict=True):
        _first_paragraph(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for quarter in doc.quarters:
        row = table.add_row()
        cells = row.cells
        _set_widths(cells, TASK_COLUMNS)
        merged = cells[0].merge(cells[-1])
        _first_paragraph(merged, quarter.label, bold=True)
        for task in quarter.tasks:
            cells = table.add_row().cells
            _set_widths(cells, TASK_COLUMNS)
            _first_paragraph(cells[0], str(task.number), align=WD_ALIGN_PARAGRAPH.CENTER)
            lines = task.content.splitlines() or [""]
            _first_paragraph(cells[1], lines[0])
            for line in lines[1:]:
                _paragraph(cells[1], line)
            # One paragraph per unit, each starting "- ", as the commune's own Word file lists them.
            _first_paragraph(cells[2], f"- {task.units[0]}" if task.units else "")
            for unit in task.units[1:]:
                _paragraph(cells[2], f"- {unit}")


def _on(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


def _closing(document: DocxDocument, doc: PlanDocument) -> None:
    table = _fixed_table(document, rows=1, widths=CLOSING_COLUMNS, style=None, borders=False)
    left, right = table.rows[0].cells
    label = _first_paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    label.paragraph_format.keep_with_next = True
    for line in doc.recipients:
        _paragraph(left, line, size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.signer_authority:
        _first_paragraph(right, doc.signer_authority, bold=True, size=14, align=center)
        _paragraph(right, doc.signer_title, bold=True, size=14, align=center)
    else:
        _first_paragraph(right, doc.signer_title, bold=True, size=14, align=center)
    name = _paragraph(right, doc.signer_name, bold=True, size=14, align=center)
    name.paragraph_format.space_before = Mm(30)  # room to sign and stamp
    # Keep the block whole: a signature alone at the top of a page, without its title, is not valid.
    table.rows[0]._tr.get_or_add_trPr().append(_on("w:cantSplit"))


def plan_docx_document(plan: Plan) -> DocxDocument:
    doc = plan_document_context(plan)
    document = Document()
    _setup_styles(document)
    _setup_page(document)
    # Document() starts with no body paragraph; the header table must be the first block of page 1.
    _header_block(document, doc)
    _title(document, doc)
    for line in doc.legal_bases:
        _paragraph(document, line, style="Căn cứ")
    if doc.purpose_part:
        _paragraph(document, doc.purpose_part.text, style="Đề mục")
        for item in doc.purpose_part.children:
            _paragraph(document, item.text, style="Đề mục")
            for text in item.paragraphs:
                _paragraph(document, text, style="Văn bản")
    _paragraph(document, doc.content_heading, style="Đề mục")
    _task_table(document, doc)
    if doc.implementation_part:
        _paragraph(document, doc.implementation_part.text, style="Đề mục")
        for text in doc.implementation_part.paragraphs:
            _paragraph(document, text, style="Văn bản")
    if doc.closing:
        _paragraph(document, doc.closing, style="Văn bản")
    _closing(document, doc)
    document.core_properties.title = _clean(f"{doc.title} {doc.subtitle}".strip())
    document.core_properties.language = "vi-VN"
    return document


def render_plan_docx(plan: Plan) -> bytes:
    """The plan as an editable .docx: the same document as the PDF, without the draft mark."""
    buffer = io.BytesIO()
    plan_docx_document(plan).save(buffer)
    return buffer.getvalue()
