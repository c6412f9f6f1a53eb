"""The one PDF renderer: documents.content.Document → HTML (templates/documents/paper.html) → WeasyPrint.

WeasyPrint is imported inside the functions: loading it (Pango, cffi, fontTools) costs about half a second, and
`manage.py check`, migrations and every page that never prints a paper should not pay for it.
"""

import base64
import threading
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .content import Document

STYLESHEET = "css/document.css"

_local = threading.local()


@cache
def stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(f"Static file {STYLESHEET} not found: is static/ part of STATICFILES_DIRS?")
    return Path(found)


def _styles():
    """The font configuration and the parsed stylesheet, built once per thread.

    Parsing the CSS registers the @font-face files with the FontConfiguration; reusing both saves that work on
    every render. Pango's font maps are not thread-safe, hence one pair per thread rather than per process.
    """
    styles = getattr(_local, "styles", None)
    if styles is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        css = CSS(filename=str(stylesheet_path()), font_config=font_config)
        styles = _local.styles = (font_config, css)
    return styles


def _base_url() -> str:
    return str(stylesheet_path().parent.parent) + "/"


def html_render(html: str):
    """A WeasyPrint document (laid-out pages) of `html` with the document stylesheet."""
    from weasyprint import HTML

    font_config, css = _styles()
    # base_url lets a template reach static files by relative path; nothing is fetched remotely.
    return HTML(string=html, base_url=_base_url()).render(stylesheets=[css], font_config=font_config)


def html_to_pdf(html: str) -> bytes:
    """For papers that are not official documents (the Giấy khen sheet printed on a blank form)."""
    return html_render(html).write_pdf()


def qr_data_uri(url: str) -> str:
    """The verification address as a QR code (segno), embedded as SVG: sharp at any print size."""
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=2, border=0, omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def signature_rows(doc: Document) -> list[list]:
    """A pledge's signature blocks in a grid of two columns; an odd last block stands alone in its row."""
    blocks = list(doc.signatures)
    rows = [blocks[i:i + 2] for i in range(0, len(blocks), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append(None)
    return rows


def document_html(doc: Document) -> str:
    context = {"doc": doc, "signature_rows": signature_rows(doc),
               "agency_width": f"{doc.header_share * 100:.1f}%", "state_width": f"{(1 - doc.header_share) * 100:.1f}%",
               "qr_uri": qr_data_uri(doc.stamp.url) if doc.stamp else ""}
    return render_to_string("documents/paper.html", context)


def annex_html(doc: Document, annex) -> str:
    return render_to_string("documents/annex.html", {"doc": doc, "annex": annex})


def render_pdf(doc: Document) -> bytes:
    """The document as PDF; each annex is laid out as its own document so its pages are numbered from 1."""
    main = html_render(document_html(doc))
    if not doc.annexes:
        return main.write_pdf()
    parts = [main, *(html_render(annex_html(doc, annex)) for annex in doc.annexes)]
    pages = [page for part in parts for page in part.pages]
    return main.copy(pages).write_pdf()
