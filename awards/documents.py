"""Content builders of the award papers: the decision with its annex, the tờ trình, the council minutes, and the
Giấy khen sheet. awards only DESCRIBES them (documents.content.Document); documents/ lays them out (PDF and Word),
numbers, freezes and verifies them.
"""

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from documents import legal, render
from documents import services as papers
from documents.content import Annex, Article, Column, Document, Heading, Paragraph, Row, Signature, Table
from documents.models import IssuedDocument, Kind
from documents.text import agency_lines, date_words, upper_vi
from units.selectors import superior_name_on

from .models import AwardDocument, AwardForm, CertificateLayout, Meeting, SubjectKind

KINDS = {AwardDocument.Kind.DECISION: Kind.AWARD_DECISION, AwardDocument.Kind.SUBMISSION: Kind.AWARD_SUBMISSION}
SERIES = {AwardDocument.Kind.DECISION: "QĐ", AwardDocument.Kind.SUBMISSION: "TTr"}
# The council's name on one line beside the Quốc hiệu: at 12 pt both fit the 165 mm text width only with the
# hyphen written without spaces, as communes print it (77.9 + 88.3 mm with the spaced dash would not).
COUNCIL = "HỘI ĐỒNG THI ĐUA-KHEN THƯỞNG"
ANNEX_COLUMNS = [Column("TT", 0.08, "center"), Column("Họ và tên / Tên tập thể", 0.34),
                 Column("Chức vụ, đơn vị, thôn", 0.32), Column("Danh hiệu, hình thức", 0.26)]


def _groups(document: AwardDocument) -> list[dict]:
    """Items grouped by form, in the order of the catalog: one numbered table section per title."""
    groups: dict[str, dict] = {}
    for item in document.items.select_related("nominee").order_by("order", "pk"):
        group = groups.setdefault(item.form_name, {"form_name": item.form_name, "items": [],
                                                   "subject_kind": item.nominee.subject_kind})
        group["items"].append(item)
    return list(groups.values())


def _commune(organization) -> str:
    lines = agency_lines(organization.name)
    return lines[-1] if len(lines) > 1 else upper_vi(organization.name)


def default_legal_bases(document: AwardDocument) -> list[str]:
    """The Căn cứ of a decision or tờ trình on its date, from the catalog, then "Xét đề nghị …"."""
    kind = KINDS[document.kind]
    lines = legal.basis_lines(kind=kind, day=document.issued_on, year=document.year)
    if document.kind == AwardDocument.Kind.DECISION:
        organization = document.organization
        lines.append(f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {organization.short_name or organization.name}")
    return lines


def legal_bases(document: AwardDocument) -> list[str]:
    """What the officer edited on the draft, or the defaults for its date."""
    typed = [line.strip() for line in document.legal_bases.splitlines() if line.strip()]
    return typed or default_legal_bases(document)


def decision_articles(document: AwardDocument, groups: list[dict] | None = None) -> list[Article]:
    groups = _groups(document) if groups is None else groups
    parts = [f"“{g['form_name']}” cho {len(g['items'])} {SubjectKind(g['subject_kind']).label.lower()}"
             for g in groups]
    return [
        Article(1, f"Công nhận, tặng {'; '.join(parts)} có thành tích trong phong trào thi đua năm "
                   f"{document.year} (có danh sách kèm theo)."),
        Article(2, "Kèm theo danh hiệu, hình thức khen thưởng là tiền thưởng theo quy định hiện hành."),
        Article(3, "Văn phòng HĐND và UBND, công chức Văn hóa – Xã hội, các đơn vị có liên quan và các cá nhân, "
                   "tập thể, hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này. "
                   "Quyết định có hiệu lực kể từ ngày ký."),
    ]


def _annex_rows(groups: list[dict]) -> list[Row]:
    rows = []
    for index, group in enumerate(groups, start=1):
        rows.append(Row(cells=[f"{index}. {group['form_name']} ({len(group['items'])})"], group=True))
        rows += [Row(cells=[str(n), item.display_name, item.detail, item.form_name])
                 for n, item in enumerate(group["items"], start=1)]
    return rows


def award_document_content(document: AwardDocument, *, draft: bool = False) -> Document:
    organization = document.organization
    groups = _groups(document)
    names = ", ".join(f"“{g['form_name']}”" for g in groups)
    commune = _commune(organization)
    count = sum(len(g["items"]) for g in groups)
    common = dict(
        kind=KINDS[document.kind], series=SERIES[document.kind], issuer=organization.name,
        parent_body=organization.parent_body, place=organization.place_name, year=document.year,
        number=document.number, issued_on=document.issued_on, legal_bases=legal_bases(document), draft=draft,
    )
    if document.kind == AwardDocument.Kind.DECISION:
        day = date_words(document.issued_on) if document.issued_on else "ngày …"
        number = Document(**common, title="").number_text
        return Document(
            **common, title="QUYẾT ĐỊNH", summary=f"Về việc khen thưởng {names} năm {document.year}",
            authority_line=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune}", preamble="QUYẾT ĐỊNH:",
            blocks=decision_articles(document, groups),
            signature=Signature(title="CHỦ TỊCH", name=document.signer_name),
            recipients=["Như Điều 3", "Lưu: VT, VHXH"],
            annexes=[Annex(
                heading="DANH SÁCH", title=f"KHEN THƯỞNG {upper_vi(names)} NĂM {document.year}",
                reference=f"(Kèm theo Quyết định số {number} {day} của Chủ tịch UBND {commune.title()})",
                blocks=[Table(columns=ANNEX_COLUMNS, rows=_annex_rows(groups)),
                        Paragraph(f"Danh sách có {count} cá nhân, tập thể, hộ gia đình./.", indent=False)],
            )],
        )
    recipient = document.recipient or superior_name_on(organization, on=document.issued_on or timezone.localdate())
    rows = [Row(cells=[str(n), item.display_name, item.detail, item.form_name])
            for n, item in enumerate((i for g in groups for i in g["items"]), start=1)]
    return Document(
        **common, title="TỜ TRÌNH", summary=f"Về việc đề nghị khen thưởng {names} năm {document.year}",
        addressee=[recipient],
        blocks=[
            Paragraph(f"Căn cứ kết quả họp Hội đồng Thi đua – Khen thưởng, Ủy ban nhân dân {commune.title()} "
                      f"kính đề nghị {recipient} xem xét, khen thưởng {count} cá nhân, tập thể có thành tích "
                      f"trong phong trào thi đua năm {document.year}, như sau:"),
            Table(columns=[*ANNEX_COLUMNS[:3], Column("Danh hiệu đề nghị", 0.26)], rows=rows),
            Paragraph("(Hồ sơ kèm theo: biên bản họp Hội đồng, báo cáo thành tích của từng cá nhân, tập thể.)"),
            Paragraph(f"Ủy ban nhân dân xã kính trình {recipient} xem xét, quyết định./."),
        ],
        signature=Signature(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=document.signer_name),
        recipients=["Như trên", "Lưu: VT, VHXH"],
    )


def award_document_issue(*, document: AwardDocument, by) -> IssuedDocument:
    """Issue a decision or tờ trình through documents/ (called by services.award_document_sign)."""
    previous = document.previous.issued if document.previous_id else None
    return papers.document_issue(
        organization=document.organization, kind=KINDS[document.kind], by=by,
        title=f"{document.get_kind_display()} khen thưởng năm {document.year}", number=document.number,
        issued_on=document.issued_on, signer_name=document.signer_name, signer_title="Chủ tịch UBND",
        supersedes=previous, keep_number=True, content=lambda stamp: award_document_content(document),
    )


# --- council minutes --------------------------------------------------------------------------------------------

MINUTES_COLUMNS = [Column("TT", 0.06, "center"), Column("Họ tên / Tập thể", 0.27), Column("Danh hiệu", 0.19),
                   Column("Đồng ý", 0.10, "center"), Column("Không đồng ý", 0.10, "center"),
                   Column("Không biểu quyết", 0.10, "center"), Column("Tỷ lệ", 0.08, "center"),
                   Column("Kết quả", 0.10, "center")]


def minutes_content(meeting: Meeting, *, tallies: list, ended_at: dt.datetime | None = None) -> Document:
    council = meeting.council
    organization = council.organization
    members = list(council.members.all())
    present = {a.member_id: a.present for a in meeting.attendance.all()}
    chair = next((m for m in members if m.role == m.Role.CHAIR), None)
    secretary = next((m for m in members if m.role == m.Role.SECRETARY), None)
    here = sum(1 for v in present.values() if v)
    start = meeting.starts_at.strftime("%H giờ %M") if meeting.starts_at else "…… giờ"
    ended = timezone.localtime(ended_at) if ended_at else None
    end = ended.strftime("%H giờ %M") if ended else "…… giờ"
    member_rows = [Row(cells=[str(n), f"{m.full_name}{', ' + m.position if m.position else ''}",
                              m.get_role_display(), "Có mặt" if present.get(m.pk, False) else "Vắng"])
                   for n, m in enumerate(members, start=1)]
    tally_rows = [Row(cells=[str(n), str(t.nominee), t.nominee.dossier.form.name,
                             f"{t.votes_for}{f' ({t.written} VB)' if t.written else ''}", str(t.votes_against),
                             str(t.abstain), f"{t.percent_for}%", "Đạt" if t.passed else "Không đạt"])
                  for n, t in enumerate(tallies, start=1)]
    return Document(
        kind=Kind.MINUTES, series="BB", issuer_code="HĐTĐKT", issuer=organization.name,
        header_lines=[*agency_lines(organization.name), COUNCIL], parent_body=organization.parent_body,
        header_share=0.46, header_size=12,
        place=organization.place_name, year=council.year, issued_on=meeting.held_on, title="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua – Khen thưởng năm {council.year}",
        blocks=[
            Paragraph(f"Hôm nay, vào hồi {start}, {date_words(meeting.held_on)}, tại {meeting.place}, Hội đồng Thi "
                      f"đua – Khen thưởng họp xét đề nghị khen thưởng năm {council.year}."),
            Heading("I. THÀNH PHẦN"),
            Paragraph(f"Hội đồng có {len(members)} thành viên; có mặt {here} thành viên, vắng "
                      f"{len(present) - here} thành viên (thành viên vắng mặt gửi phiếu bằng văn bản)."),
            Table(columns=[Column("TT", 0.08, "center"), Column("Họ và tên", 0.40), Column("Vai trò", 0.32),
                           Column("Có mặt", 0.20, "center")], rows=member_rows),
            Heading("II. KẾT QUẢ BIỂU QUYẾT"),
            Table(columns=MINUTES_COLUMNS, rows=tally_rows, font_size=12,
                  note="Tỷ lệ tính trên tổng số thành viên Hội đồng; ngưỡng đạt và số thành viên dự họp tối "
                       "thiểu theo danh mục danh hiệu."),
            Paragraph(f"Biên bản kết thúc hồi {end} cùng ngày, đã thông qua trước Hội đồng./."),
        ],
        signatures=[Signature(title="THƯ KÝ", name=secretary.full_name if secretary else ""),
                    Signature(title="CHỦ TỊCH HỘI ĐỒNG", name=chair.full_name if chair else "")],
    )


@transaction.atomic
def minutes_issue(*, meeting: Meeting, tallies: list, by) -> IssuedDocument:
    """Number the minutes from the register ("Số: 03/BB-HĐTĐKT"), record the closing time, and freeze them."""
    meeting = Meeting.objects.select_for_update().select_related("council__organization").get(pk=meeting.pk)
    if meeting.minutes_id:
        return meeting.minutes
    ended_at = timezone.now()
    council = meeting.council
    chair = council.members.filter(role="chair").first()
    paper = papers.document_issue(
        organization=council.organization, kind=Kind.MINUTES, by=by, issued_on=meeting.held_on,
        title=f"Biên bản họp Hội đồng Thi đua – Khen thưởng năm {council.year}",
        signer_name=chair.full_name if chair else "", signer_title="Chủ tịch Hội đồng",
        content=lambda stamp: minutes_content(meeting, tallies=tallies, ended_at=ended_at),
    )
    meeting.minutes = paper
    meeting.ended_at = ended_at
    meeting.save(update_fields=["minutes", "ended_at"])
    return paper


# --- Giấy khen sheet ---------------------------------------------------------------------------------------------

def certificate_reason(record) -> str:
    """A title is "đạt danh hiệu"; a form of award (Giấy khen) is given for an achievement."""
    form = record.form
    if form is not None and form.category == AwardForm.Category.REWARD:
        text = record.achievement.strip().rstrip(".") if record.achievement else \
            f"hoàn thành xuất sắc nhiệm vụ trong phong trào thi đua năm {record.year}"
        return f"Đã có thành tích {text[:1].lower()}{text[1:]}"
    reason = f"Đã đạt danh hiệu “{record.form_name}” năm {record.year}"
    return f"{reason}: {record.achievement}" if record.achievement else reason


def render_certificates_pdf(*, records: list, layout: CertificateLayout, organization, grid: bool = False) -> bytes:
    sheets = [(r, date_words(r.decision_date) if r.decision_date else "", certificate_reason(r)) for r in records]
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
               "grid_x": range(0, 298, 10), "grid_y": range(0, 211, 10),
               "chairman": organization.chairman_name}
    return render.html_to_pdf(render_to_string("awards/documents/certificate.html", context))


def document_filename(document: AwardDocument, extension: str) -> str:
    prefix = "QD-KT" if document.kind == AwardDocument.Kind.DECISION else "TTr-KT"
    return f"{prefix}-{document.year}-{document.pk}-r{document.revision}.{extension}"


def today_words(day: dt.date) -> str:
    return date_words(day)
