"""PDF rendering with WeasyPrint: the document templates plus static/css/document.css and the shipped fonts."""

import hashlib
import threading
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache as django_cache
from django.template.loader import get_template, render_to_string
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
    An edit of document.css therefore shows after a restart of the server process.
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


# Bump when the rendering changes in a way the template and stylesheet stamps below do not show.
RENDER_VERSION = 1
DRAFT_CACHE_SECONDS = 7 * 24 * 3600
DOCUMENT_TEMPLATES = ("documents/base_document.html", "documents/plan.html")


@cache
def design_stamp() -> str:
    """The stylesheet's and templates' modification times: a new design never serves a PDF cached under the old.

    Read once per process, like the parsed stylesheet in _styles(): both change with a restart.
    """
    paths = [stylesheet_path(), *(Path(get_template(name).origin.name) for name in DOCUMENT_TEMPLATES)]
    return ";".join(f"{path.name}:{path.stat().st_mtime_ns}" for path in paths)


def plan_pdf_cache_key(doc) -> str:
    """A hash of everything the PDF prints (texts, tasks, units, the organization's header) and of the design."""
    fingerprint = repr((RENDER_VERSION, design_stamp(), doc)).encode("utf-8")
    return f"plan-pdf:{hashlib.sha256(fingerprint).hexdigest()}"


def plan_draft_pdf(plan: Plan) -> bytes:
    """The unsigned plan with the "DỰ THẢO" mark, served from Django's cache while its content is unchanged.

    Reading the content costs the same few queries as rendering would; only WeasyPrint (the slow part) is
    skipped. An edit anywhere changes the key, so a stale PDF is never served; old entries simply expire.
    """
    doc = plan_document_context(plan)
    key = plan_pdf_cache_key(doc)
    content = django_cache.get(key)
    if content is None:
        content = html_to_pdf(render_to_string(
            "documents/plan.html", {"doc": doc, "draft": True, "verification": None}
        ))
        django_cache.set(key, content, DRAFT_CACHE_SECONDS)
    return content
