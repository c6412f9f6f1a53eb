"""The two renderers of documents.content.Document, imported lazily (WeasyPrint and python-docx are heavy).

Apps call these (or documents.services.document_issue); nothing else in the project renders a paper.
"""

from .content import Document


def render_pdf(doc: Document) -> bytes:
    from .pdf import render_pdf as render

    return render(doc)


def render_docx(doc: Document) -> bytes:
    from .word import render_docx as render

    return render(doc)


def html_to_pdf(html: str) -> bytes:
    """A free-form sheet (the Giấy khen printed on a pre-printed blank) through the same engine and fonts."""
    from .pdf import html_to_pdf as render

    return render(html)


DRAFT_CACHE_SECONDS = 7 * 24 * 3600


def _design_stamp() -> str:
    """The stylesheet's and templates' modification times: a new design never serves a PDF cached under the old."""
    from pathlib import Path

    from django.template.loader import get_template

    from .pdf import stylesheet_path

    names = ("documents/paper.html", "documents/blocks.html", "documents/signature.html", "documents/annex.html")
    paths = [stylesheet_path(), *(Path(get_template(name).origin.name) for name in names)]
    return ";".join(f"{path.name}:{path.stat().st_mtime_ns}" for path in paths)


def render_pdf_cached(doc: Document) -> bytes:
    """A draft's PDF from Django's cache while its content is unchanged (the key is a hash of everything it
    prints and of the design); an edit anywhere changes the key, so a stale PDF is never served."""
    import hashlib

    from django.core.cache import cache

    key = "paper-pdf:" + hashlib.sha256(repr((_design_stamp(), doc)).encode("utf-8")).hexdigest()
    content = cache.get(key)
    if content is None:
        content = render_pdf(doc)
        cache.set(key, content, DRAFT_CACHE_SECONDS)
    return content
