"""The award documents as PDF (WeasyPrint, the NĐ 30 styles of plans/documents) and the decision as .docx.

Reuses plans' public helpers (header lines, dates, stylesheet); the annex of a decision is rendered as its own
document and appended, because each Phụ lục is numbered separately (NĐ 30, Phụ lục I).
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from plans.documents.context import agency_lines, date_line, date_words, recipient_lines, upper_vi
from plans.documents.pdf import stylesheet_path

from .models import AwardDocument, CertificateLayout, Meeting, SubjectKind

DOC_TYPES = {AwardDocument.Kind.DECISION: "QĐ", AwardDocument.Kind.SUBMISSION: "TTr"}
BLANK = " " * 6


@dataclass
class AwardDoc:
    """The fields base_document.html prints, plus what the award templates need."""

    superior: str
    agency_lines: list[str]
    number_line: str
    date_line: str
    title: str
    subtitle: str
    recipients: list[str]
    signer_authority: str
    signer_title: str
    signer_name: str
    organization_name: str = ""
    commune_upper: str = ""
    legal_bases: list[str] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    annex_reference: str = ""
    recipient: str = ""
    year: int = 0
    item_count: int = 0
    articles: list[str] = field(default_factory=list)


def _number_line(number: str, doc_type: str) -> str:
    number = number.strip()
    if not number:
        return f"Số:{BLANK}/{doc_type}-UBND"
    if "/" in number:
        return f"Số: {number}"
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    return f"Số: {number}/{doc_type}-UBND"


def _groups(document: AwardDocument) -> list[dict]:
    """Items grouped by form, in the order of the catalog: one numbered table section per title."""
    groups: dict[str, dict] = {}
    for item in document.items.select_related("nominee__dossier__form").order_by("order", "pk"):
        group = groups.setdefault(item.form_name, {"form_name": item.form_name, "items": [],
                                                   "subject_kind": item.nominee.subject_kind})
        group["items"].append(item)
    return list(groups.values())


def award_document_context(document: AwardDocument) -> AwardDoc:
    organization = document.organization
    doc_type = DOC_TYPES[document.kind]
    lines = agency_lines(organization.name)
    commune = lines[-1] if len(lines) > 1 else upper_vi(organization.name)
    groups = _groups(document)
    names = ", ".join(f"“{g['form_name']}”" for g in groups)
    number = _number_line(document.number, doc_type).removeprefix("Số: ").removeprefix("Số:").strip()
    day = date_words(document.issued_on) if document.issued_on else f"ngày{BLANK}tháng{BLANK}năm {document.year}"
    if document.kind == AwardDocument.Kind.DECISION:
        doc = AwardDoc(
            superior="", agency_lines=lines, number_line=_number_line(document.number, doc_type),
            date_line=date_line(place=organization.place_name, issued_on=document.issued_on, year=document.year),
            title="QUYẾT ĐỊNH", subtitle=f"Về việc khen thưởng {names} năm {document.year}",
            recipients=recipient_lines([("Như Điều 3", ""), ("Lưu: VT, VHXH", "")]),
            signer_authority="", signer_title="CHỦ TỊCH", signer_name=document.signer_name,
            organization_name=organization.name, commune_upper=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune}",
            legal_bases=[
                "Căn cứ Luật Tổ chức chính quyền địa phương;",
                "Căn cứ Luật Thi đua, khen thưởng;",
                "Căn cứ các văn bản quy định chi tiết thi hành Luật Thi đua, khen thưởng;",
                f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {organization.short_name or organization.name}.",
            ],
            groups=groups, annex_reference=f"(Kèm theo Quyết định số {number} {day} của Chủ tịch UBND "
                                           f"{commune.title()})",
            year=document.year, item_count=sum(len(g["items"]) for g in groups),
        )
        doc.articles = _articles(doc)
        return doc
    return AwardDoc(
        superior="", agency_lines=lines, number_line=_number_line(document.number, doc_type),
        date_line=date_line(place=organization.place_name, issued_on=document.issued_on, year=document.year),
        title="TỜ TRÌNH", subtitle=f"Về việc đề nghị khen thưởng {names} năm {document.year}",
        recipients=recipient_lines([("Như trên", ""), ("Lưu: VT, VHXH", "")]),
        signer_authority="TM. ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH", signer_name=document.signer_name,
        organization_name=organization.name, commune_upper=commune, groups=groups,
        recipient=document.recipient or organization.superior_name, year=document.year,
        item_count=sum(len(g["items"]) for g in groups),
    )


_fonts: dict = {}


def _render(html: str):
    if "styles" not in _fonts:
        font_config = FontConfiguration()
        _fonts["styles"] = (font_config, CSS(filename=str(stylesheet_path()), font_config=font_config))
    font_config, css = _fonts["styles"]
    return HTML(string=html, base_url=str(stylesheet_path().parent.parent) + "/").render(
        stylesheets=[css], font_config=font_config)


def _write(*rendered) -> bytes:
    first = rendered[0]
    pages = [page for doc in rendered for page in doc.pages]
    return first.copy(pages).write_pdf()


def render_award_document_pdf(document: AwardDocument, *, draft: bool, verify_url: str = "") -> bytes:
    doc = award_document_context(document)
    verification = {"code": document.verify_code, "url": verify_url} if not draft and verify_url else None
    context = {"doc": doc, "draft": draft, "verification": verification}
    if document.kind == AwardDocument.Kind.SUBMISSION:
        return _write(_render(render_to_string("awards/documents/submission.html", context)))
    main = _render(render_to_string("awards/documents/decision.html", context))
    annex = _render(render_to_string("awards/documents/decision_annex.html", context))
    return _write(main, annex)


def render_minutes_pdf(meeting: Meeting, *, tallies: list) -> bytes:
    council = meeting.council
    organization = council.organization
    members = list(council.members.all())
    present = {a.member_id: a.present for a in meeting.attendance.all()}
    chair = next((m for m in members if m.role == m.Role.CHAIR), None)
    secretary = next((m for m in members if m.role == m.Role.SECRETARY), None)
    context = {
        "doc": AwardDoc(
            superior="", agency_lines=agency_lines(organization.name), number_line=f"Số:{BLANK}/BB-HĐTĐKT",
            date_line=date_line(place=organization.place_name, issued_on=meeting.held_on, year=council.year),
            title="BIÊN BẢN", subtitle=f"Họp Hội đồng Thi đua – Khen thưởng năm {council.year}",
            recipients=[], signer_authority="", signer_title="", signer_name="",
            organization_name=organization.name,
        ),
        "meeting": meeting, "member_rows": [(m, present.get(m.pk, False)) for m in members], "tallies": tallies,
        "members": members, "present_count": sum(1 for v in present.values() if v),
        "absent_count": sum(1 for v in present.values() if not v), "chair": chair, "secretary": secretary,
        "held_words": date_words(meeting.held_on),
    }
    return _write(_render(render_to_string("awards/documents/minutes.html", context)))


def render_certificates_pdf(*, records: list, layout: CertificateLayout, organization, grid: bool = False) -> bytes:
    sheets = [(r, date_words(r.decision_date) if r.decision_date else "") for r in records]
    # Plain strings with a dot: the Vietnamese locale would print "40,0" and break the CSS lengths.
    ox, oy = layout.offset_x_mm, layout.offset_y_mm
    pos = {name: f"{value:.1f}" for name, value in {
        "left": layout.text_left_mm + ox, "width": layout.text_width_mm, "half": layout.text_width_mm / 2,
        "date_left": layout.text_left_mm + ox + layout.text_width_mm / 2, "name": layout.name_top_mm + oy,
        "detail": layout.detail_top_mm + oy, "reason": layout.reason_top_mm + oy, "date": layout.date_top_mm + oy,
    }.items()}
    context = {"sheets": sheets, "layout": layout, "blank": layout.mode == CertificateLayout.Mode.BLANK,
               "grid": grid, "organization": organization, "pos": pos,
               "agency_lines": agency_lines(organization.name), "place": organization.place_name,
               "date_words": date_words, "grid_x": range(0, 298, 10), "grid_y": range(0, 211, 10),
               "chairman": organization.chairman_name}
    return _render(render_to_string("awards/documents/certificate.html", context)).write_pdf()


def render_decision_docx(document: AwardDocument) -> bytes:
    """The decision as an editable Word file: same texts as the PDF, the annex after a page break."""
    doc = award_document_context(document)
    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = word.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)

    def para(text: str, *, bold=False, italic=False, size=14, align=WD_ALIGN_PARAGRAPH.CENTER):
        p = word.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        return p

    header = word.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "\n".join(doc.agency_lines) + "\n" + doc.number_line
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" + doc.date_line
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc.title, bold=True)
    para(doc.subtitle, bold=True)
    para(doc.commune_upper, bold=True)
    for line in doc.legal_bases:
        para(line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    para("QUYẾT ĐỊNH:", bold=True)
    for text in _articles(doc):
        para(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    para(doc.signer_title, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc.signer_name, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    para("DANH SÁCH", bold=True)
    para(doc.annex_reference, italic=True)
    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("TT", "Họ và tên / Tên tập thể", "Đơn vị, thôn", "Danh hiệu"),
                          strict=True):
        cell.text = text
    number = 0
    for group in doc.groups:
        for item in group["items"]:
            number += 1
            cells = table.add_row().cells
            for cell, text in zip(cells, (str(number), item.display_name, item.detail, item.form_name), strict=True):
                cell.text = text
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _articles(doc: AwardDoc) -> list[str]:
    parts = [f"“{g['form_name']}” cho {len(g['items'])} {SubjectKind(g['subject_kind']).label.lower()}"
             for g in doc.groups]
    return [
        f"Điều 1. Công nhận, tặng {'; '.join(parts)} có thành tích trong phong trào thi đua năm {doc.year} "
        "(có danh sách kèm theo).",
        "Điều 2. Kèm theo danh hiệu, hình thức khen thưởng là tiền thưởng theo quy định hiện hành.",
        "Điều 3. Văn phòng HĐND và UBND, công chức Văn hóa – Xã hội, các đơn vị có liên quan và các cá nhân, "
        "tập thể, hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này. "
        "Quyết định có hiệu lực kể từ ngày ký.",
    ]


def decision_articles(document: AwardDocument) -> list[str]:
    return _articles(award_document_context(document))


def document_filename(document: AwardDocument, extension: str) -> str:
    prefix = "QD-KT" if document.kind == AwardDocument.Kind.DECISION else "TTr-KT"
    return f"{prefix}-{document.year}-{document.pk}-r{document.revision}.{extension}"


def today_words(day: dt.date) -> str:
    return date_words(day)
