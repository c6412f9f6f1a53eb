"""PDF rendering with WeasyPrint: the document templates plus static/css/document.css and the shipped fonts."""

import threading
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..models import Plan
from .context import VerificationInfo, plan_document_context

STYLESHEET = "css/document.css"

_local = threading.local()


@cache
def stylesheet_path() -> Path:
    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(f"Static file {STYLESHEET} not found: is static/ part of STATICFILES_DIRS?")
    return Path(found)


def _styles() -> tuple[FontConfiguration, CSS]:
    """The font configuration and the parsed stylesheet, built once per thread.

    Parsing the CSS registers the @font-face files with the FontConfiguration; reusing both saves that work on
    every render. Pango's font maps are not thread-safe, hence one pair per thread rather than per process.
    """
    styles = getattr(_local, "styles", None)
    if styles is None:
        font_config = FontConfiguration()
        # Loaded from the file, so the fonts' relative url("../fonts/…") resolve to file:// paths in static/.
        css = CSS(filename=str(stylesheet_path()), font_config=font_config)
        styles = _local.styles = (font_config, css)
    return styles


def html_to_pdf(html: str) -> bytes:
    font_config, css = _styles()
    # base_url lets a template reach static files (images, a seal) by relative path; nothing is fetched remotely.
    document = HTML(string=html, base_url=str(stylesheet_path().parent.parent) + "/")
    return document.write_pdf(stylesheets=[css], font_config=font_config)


def render_plan_html(plan: Plan, *, draft: bool, verification: VerificationInfo | None = None) -> str:
    context = {"doc": plan_document_context(plan), "draft": draft, "verification": verification}
    return render_to_string("documents/plan.html", context)


def render_plan_pdf(plan: Plan, *, draft: bool, verification: VerificationInfo | None = None) -> bytes:
    """The plan as the official "Kế hoạch" PDF. `draft` prints "DỰ THẢO" on every page; `verification`
    prints its code and address on the last page (for issued documents)."""
    return html_to_pdf(render_plan_html(plan, draft=draft, verification=verification))
