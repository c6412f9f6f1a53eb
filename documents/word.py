"""The one Word renderer (python-docx): documents.content.Document → .docx, the same blocks and text as the PDF.

Officials keep editing in Word, so the layout uses what Word edits well: named paragraph styles, tables for the
header and signature blocks, a header row Word repeats on every page, rows that may not split, and short rules
drawn as paragraph borders (which survive editing) rather than floating shapes. Only documents/render.py imports
this module, inside a function: python-docx and lxml load only when a Word file is made.
"""

import io
import re
from functools import cache

from django.contrib.staticfiles import finders
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt
from fontTools.ttLib import TTFont

from .content import Annex, Article, Document, Heading, Paragraph, Table, cell_lines

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
LANDSCAPE_MARGIN = Mm(20)
CLOSING_SHARE = 0.45
RULE_WIDTH_PT = 0.75
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}

# XML 1.0 forbids these; text pasted from other programs sometimes carries them (e.g. Word's vertical tab).
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_INVALID.sub(" ", text or "")


@cache
def _font(bold: bool):
    # Liberation Serif has Times New Roman's metrics, so its advance widths tell how long a line is in Word.
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    font = TTFont(finders.find(f"fonts/{name}"), lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width(text: str, *, size: float, bold: bool = False) -> Length:
    cmap, metrics, units = _font(bold)
    advance = sum(metrics.get(cmap.get(ord(ch), ".notdef"), (0, 0))[0] for ch in text)
    return Pt(advance * size / units)


def _split(total: Length, shares: list[float]) -> list[Emu]:
    widths = [Emu(int(total * share)) for share in shares]
    widths[-1] = Emu(int(total) - sum(int(w) for w in widths[:-1]))
    return widths


def _set_fonts(rpr, name: str = FONT) -> None:
    """Name the font for every script slot and drop theme fonts, which Word would prefer over a name."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _setup_styles(document) -> None:
    styles = document.styles
    rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    language = rpr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")
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
    _set_fonts(styles["Table Grid"].element.get_or_add_rPr())


def _add_field(paragraph, instruction: str, *, size: float) -> None:
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


def _setup_section(section, *, landscape: bool = False, restart: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        section.top_margin = section.bottom_margin = LANDSCAPE_MARGIN
        section.left_margin = section.right_margin = LANDSCAPE_MARGIN
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Page numbers centred at the top, from page 2 on; each annex restarts at 1 (NĐ 30, Phụ lục I).
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(paragraph, "PAGE", size=13)
    if restart:
        number_type = OxmlElement("w:pgNumType")
        number_type.set(qn("w:start"), "1")
        section._sectPr.append(number_type)


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size: float | None = None):
    run = paragraph.add_run(_clean(text))
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = Pt(size)
    return run


def _paragraph(container, text: str = "", *, style: str | None = None, align=None, **run):
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = ALIGN[align] if isinstance(align, str) else align
    if text:
        _run(paragraph, text, **run)
    return paragraph


def _first(cell, text: str = "", *, align=None, **run):
    """A new cell holds one empty paragraph: fill it rather than leave a blank line above the text."""
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = ALIGN[align] if isinstance(align, str) else align
    if text:
        _run(paragraph, text, **run)
    return paragraph


def _rule(container, *, width: Length, column: Length, space_after: float = 0):
    """A centred horizontal rule `width` long: an empty paragraph with a top border, indented from both sides."""
    paragraph = container.add_paragraph()
    indent = Emu(max(0, int((column - width) / 2)))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", str(int(RULE_WIDTH_PT * 8))), ("w:space", "1"),
                       ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _on(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


def _fixed_table(container, *, rows: int, widths: list[Emu], style: str | None, borders: bool):
    table = container.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(int(w) for w in widths) / 635)))  # twips
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    if not borders:
        element = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            border = OxmlElement(f"w:{edge}")
            border.set(qn("w:val"), "nil")
            element.append(border)
        tbl_pr.append(element)
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w
    for row in table.rows:
        _widths(row.cells, widths)
    return table


def _widths(cells, widths) -> None:
    # Word reads each cell's own width, not the grid's: every cell carries it.
    for cell, width in zip(cells, widths, strict=False):
        cell.width = width


def _header(document, doc: Document) -> None:
    widths = _split(TEXT_WIDTH, [doc.header_share, 1 - doc.header_share])
    table = _fixed_table(document, rows=2, widths=widths, style=None, borders=False)
    left, right = table.rows[0].cells
    if doc.parent_line:
        _first(left, doc.parent_line, size=doc.header_size, align="center")
        agency = _paragraph(left, align="center")
    else:
        agency = _first(left, align="center")
    for i, line in enumerate(doc.agency_lines):
        run = _run(agency, line, bold=True, size=doc.header_size)
        if i < len(doc.agency_lines) - 1:
            run.add_break()
    if doc.agency_lines:
        longest = max(text_width(line, size=doc.header_size, bold=True) for line in doc.agency_lines)
        _rule(left, width=Emu(int(longest / 3)), column=widths[0])
    _first(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=doc.header_size, align="center")
    # The decree's rule "as long as the line" under the motto is exactly an underline of the text.
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align="center", underline=True)
    # Số and the place-date share the second row: they stand on one line whatever is above them.
    number_cell, date_cell = table.rows[1].cells
    number = _first(number_cell, doc.number_line if doc.show_number else "", size=13, align="center")
    date = _first(date_cell, doc.date_line, italic=True, size=14, align="center")
    for paragraph in (number, date):
        paragraph.paragraph_format.space_before = Pt(6)


def _title(document, doc: Document) -> None:
    title = _paragraph(document, doc.title, bold=True, size=14, align="center")
    title.paragraph_format.space_before = Pt(12)
    if doc.summary:
        _paragraph(document, doc.summary, bold=True, size=14, align="center")
        width = min(text_width(doc.summary, size=14, bold=True), TEXT_WIDTH)
        _rule(document, width=Emu(int(width / 3)), column=TEXT_WIDTH, space_after=12)
    if doc.addressee:
        if len(doc.addressee) == 1:
            _paragraph(document, f"Kính gửi: {doc.addressee[0]}", align="center")
        else:
            _paragraph(document, "Kính gửi:", align="center")
            for line in doc.addressee:
                _paragraph(document, f"- {line}", align="center")
    if doc.authority_line:
        _paragraph(document, doc.authority_line, bold=True, align="center")
    for line in doc.basis_lines:
        _paragraph(document, line, style="Căn cứ")
    if doc.preamble:
        _paragraph(document, doc.preamble, bold=True, align="center")


def _table(container, block: Table, *, width: Length, keep_last: bool = False) -> None:
    widths = _split(width, [column.width for column in block.columns])
    table = _fixed_table(container, rows=1, widths=widths, style="Table Grid", borders=True)
    header = table.rows[0]
    # w:tblHeader: Word and LibreOffice repeat this row at the top of every page the table reaches.
    trpr = header._tr.get_or_add_trPr()
    trpr.append(_on("w:cantSplit"))
    trpr.append(_on("w:tblHeader"))
    for cell, column in zip(header.cells, block.columns, strict=True):
        _first(cell, column.title, bold=True, align="center", size=block.font_size)
    for index, row in enumerate(block.rows):
        new = table.add_row()
        # A row never splits across pages (Word still breaks one taller than a page).
        new._tr.get_or_add_trPr().append(_on("w:cantSplit"))
        cells = new.cells
        _widths(cells, widths)
        if row.group:
            merged = cells[0].merge(cells[-1])
            paragraph = _first(merged, cell_lines(row.cells[0])[0], bold=True, size=block.font_size)
            paragraph.paragraph_format.keep_with_next = True
            continue
        last = keep_last and index == len(block.rows) - 1
        for cell, column, value in zip(cells, block.columns, row.cells, strict=False):
            lines = cell_lines(value)
            first = _first(cell, lines[0], align=column.align, bold=row.bold, size=block.font_size)
            paragraphs = [first] + [_paragraph(cell, line, align=column.align, bold=row.bold, size=block.font_size)
                                    for line in lines[1:]]
            if not last:
                for paragraph in paragraphs:
                    paragraph.paragraph_format.keep_with_next = False
            else:
                for paragraph in paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    if block.note:
        _paragraph(container, block.note, italic=True, size=12, align="left")


def _blocks(container, blocks: list, *, width: Length, keep_last: bool) -> None:
    for index, block in enumerate(blocks):
        last = keep_last and index == len(blocks) - 1
        if isinstance(block, Heading):
            paragraph = _paragraph(container, block.text, style="Đề mục")
            if block.align == "center":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = Cm(0)
        elif isinstance(block, Paragraph):
            paragraph = _paragraph(container, block.text, style="Văn bản", bold=block.bold, italic=block.italic)
            paragraph.alignment = ALIGN[block.align]
            if not block.indent:
                paragraph.paragraph_format.first_line_indent = Cm(0)
            # The signature block never stands alone on a page: the last paragraph keeps with it.
            paragraph.paragraph_format.keep_with_next = last or None
        elif isinstance(block, Article):
            paragraph = container.add_paragraph(style="Văn bản")
            _run(paragraph, block.label, bold=True)
            _run(paragraph, f" {block.text}")
            paragraph.paragraph_format.keep_with_next = last or None
        elif isinstance(block, Table):
            _table(container, block, width=width, keep_last=last)
        else:
            raise TypeError(f"Unknown block {type(block).__name__}")


def _signature(cell, signature, *, first: bool) -> None:
    add = (lambda text, **kw: _first(cell, text, **kw)) if first else (lambda text, **kw: _paragraph(cell, text, **kw))
    lines = [(signature.caption, 13), (signature.authority, 14), (signature.title, 14)]
    lines = [(text, size) for text, size in lines if text]
    for i, (text, size) in enumerate(lines):
        paragraph = add(text, bold=True, size=size, align="center") if i == 0 else \
            _paragraph(cell, text, bold=True, size=size, align="center")
        paragraph.paragraph_format.keep_with_next = True
    name = _paragraph(cell, signature.name, bold=True, size=14, align="center")
    name.paragraph_format.space_before = Mm(30)  # room to sign and stamp


def _closing(document, doc: Document) -> None:
    if doc.signature or doc.recipients:
        widths = _split(TEXT_WIDTH, [CLOSING_SHARE, 1 - CLOSING_SHARE])
        table = _fixed_table(document, rows=1, widths=widths, style=None, borders=False)
        left, right = table.rows[0].cells
        if doc.recipients:
            label = _first(left, "Nơi nhận:", bold=True, italic=True, size=12)
            label.paragraph_format.keep_with_next = True
            for line in doc.recipient_lines:
                _paragraph(left, line, size=11)
        if doc.signature:
            _signature(right, doc.signature, first=True)
        # Keep the block whole: a signature alone at the top of a page, without its title, is not valid.
        table.rows[0]._tr.get_or_add_trPr().append(_on("w:cantSplit"))
    if doc.signatures:
        widths = _split(TEXT_WIDTH, [0.5, 0.5])
        blocks = list(doc.signatures)
        rows = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
        table = _fixed_table(document, rows=len(rows), widths=widths, style=None, borders=False)
        for row, pair in zip(table.rows, rows, strict=True):
            row._tr.get_or_add_trPr().append(_on("w:cantSplit"))
            for cell, signature in zip(row.cells, pair, strict=False):
                _signature(cell, signature, first=True)
                cell.add_paragraph().paragraph_format.space_after = Mm(6)  # room between rows of parties
    if doc.stamp:
        _paragraph(document, doc.verification_line, size=10, align="left").paragraph_format.space_before = Pt(18)


def _annex(document, doc: Document, annex: Annex) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, landscape=annex.landscape, restart=True)
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    _paragraph(document, annex.heading, bold=True, size=14, align="center")
    _paragraph(document, annex.title, bold=True, size=14, align="center")
    if annex.reference:
        _paragraph(document, annex.reference, italic=True, size=14, align="center")
    _blocks(document, annex.blocks, width=width, keep_last=False)


def render_docx(doc: Document) -> bytes:
    document = new_docx()
    _setup_styles(document)
    _setup_section(document.sections[0])
    # Document() starts with no body paragraph; the header table must be the first block of page 1.
    _header(document, doc)
    _title(document, doc)
    _blocks(document, doc.blocks, width=TEXT_WIDTH, keep_last=True)
    _closing(document, doc)
    for annex in doc.annexes:
        _annex(document, doc, annex)
    document.core_properties.title = _clean(f"{doc.title} {doc.summary}".strip())[:250]
    document.core_properties.language = "vi-VN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()



