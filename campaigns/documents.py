"""Content builders of the campaigns' papers: the registration summary, a cluster's ranking sheet and a pledge.

campaigns only DESCRIBES them (documents.content.Document); documents/ lays them out as PDF and Word.
"""

import datetime as dt

from django.utils import timezone

from documents import render
from documents.content import Column, Document, Heading, Paragraph, Row, Signature, Table
from documents.text import upper_vi
from units.selectors import superior_name_on

from .models import Pledge, Registration
from .selectors import Ranking, Summary

SUMMARY_COLUMNS = [Column("TT", 0.06, "center"), Column("Đơn vị", 0.20), Column("Họ tên / Tên tập thể", 0.24),
                   Column("Đối tượng", 0.12), Column("Danh hiệu đăng ký", 0.22), Column("Trạng thái", 0.16)]
RANKING_COLUMNS = [Column("Xếp hạng", 0.12, "center"), Column("Thành viên", 0.28),
                   Column("Điểm tự chấm", 0.14, "center"), Column("Điểm thưởng", 0.14, "center"),
                   Column("Điểm trừ", 0.12, "center"), Column("Tổng điểm thống nhất", 0.20, "center")]
STATUS_ORDER = [Registration.Status.APPROVED, Registration.Status.SUBMITTED, Registration.Status.RETURNED,
                Registration.Status.DRAFT]


def _frame(organization, **kwargs) -> dict:
    return dict(issuer=organization.name, parent_body=organization.parent_body, place=organization.place_name,
                **kwargs)


def _row_status(row) -> str:
    status = row.registration.get_status_display()
    return f"{status} (muộn)" if row.registration.is_late else status


def summary_content(summary: Summary, *, status: str = "", day: dt.date | None = None) -> Document:
    """Registrations of one status (the status still shown in its column), or all of them grouped by status
    with a count per status: a total never mixes approved registrations with drafts or returned ones."""
    campaign = summary.campaign
    organization = campaign.organization
    rows: list[Row] = []
    counts = []
    statuses = [status] if status else STATUS_ORDER
    for current in statuses:
        matching = [row for row in summary.rows if row.registration.status == current]
        if not matching:
            continue
        label = Registration.Status(current).label
        counts.append(f"{label}: {len(matching)}")
        if not status:
            rows.append(Row(cells=[f"{label} ({len(matching)})"], group=True))
        rows += [Row(cells=[str(n), row.unit.name, row.subject, row.subject_kind_label, row.title.name,
                            _row_status(row)]) for n, row in enumerate(matching, start=1)]
    if not rows:
        rows.append(Row(cells=["Chưa có đăng ký nào."], group=True))
    scope = f" ({Registration.Status(status).label.lower()})" if status else ""
    superior = superior_name_on(organization, on=day or timezone.localdate())
    return Document(
        kind="summary", series="BC", year=campaign.year, issued_on=day, show_number=False,
        title="BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA", summary=f"{campaign.title}{scope}",
        blocks=[Table(columns=SUMMARY_COLUMNS, rows=rows),
                Paragraph(f"Tổng cộng: {sum(1 for r in rows if not r.group)} lượt đăng ký ({'; '.join(counts)})."
                          if counts else "Tổng cộng: 0 lượt đăng ký.", indent=False)],
        signature=Signature(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=organization.chairman_name),
        recipients=[*([f"{superior} (b/c)"] if superior else []), "Các đơn vị tham gia", "Lưu: VT, VHXH"],
        **_frame(organization),
    )


def ranking_content(ranking: Ranking, *, day: dt.date | None = None) -> Document:
    sheet = ranking.sheet
    cluster = sheet.cluster
    organization = cluster.organization
    rows = []
    for row in ranking.rows:
        rank = f"{row.rank}{' (đồng hạng)' if row.tied else ''}" if row.rank else "—"
        rows.append(Row(cells=[rank, row.member.name, str(row.self_total.value), str(row.final_total.bonus),
                               str(row.final_total.penalty),
                               str(row.score) if row.score is not None else "Chưa thống nhất"]))
    if cluster.kind == cluster.Kind.CLUSTER:
        signature = Signature(authority=f"TM. {upper_vi(cluster.name)}", title="TRƯỞNG CỤM")
    else:
        signature = Signature(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name=organization.chairman_name)
    return Document(
        kind="ranking", series="BC", year=sheet.year, issued_on=day or sheet.meeting_on, show_number=False,
        title="KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG", summary=f"{cluster.name} năm {sheet.year}",
        blocks=[
            Paragraph(f"Tổng điểm chuẩn: {ranking.max_total} điểm (chưa tính điểm thưởng, điểm trừ).", indent=False),
            Table(columns=RANKING_COLUMNS, rows=rows or [Row(cells=["Chưa có thành viên."], group=True)],
                  note="Tổng điểm thống nhất = điểm các tiêu chí do cụm thống nhất + điểm thưởng − điểm trừ; "
                       "“Chưa thống nhất” khi còn tiêu chí chưa có điểm thống nhất (không xếp hạng)."),
        ],
        signature=signature, recipients=["Các thành viên cụm", "Lưu: VT"],
        **_frame(organization),
    )


def pledge_content(pledge: Pledge) -> Document:
    """A "Bản giao ước thi đua": no single issuing agency, and one signature block per signatory, two a row."""
    parties = list(pledge.parties.prefetch_related("signatories").order_by("order", "pk"))
    blocks: list = [Paragraph(line) for line in pledge.preamble.splitlines() if line.strip()]
    blocks.append(Heading("I. CÁC BÊN THAM GIA GIAO ƯỚC"))
    for n, party in enumerate(parties, start=1):
        people = "; ".join(f"{s.position} {s.full_name}" for s in party.signatories.all())
        blocks.append(Paragraph(f"{n}. {party.name}{', đại diện: ' + people if people else ''}."))
    blocks.append(Heading("II. NỘI DUNG GIAO ƯỚC"))
    for c in pledge.commitments.order_by("number"):
        deadline = f" (thời hạn: {c.deadline:%d/%m/%Y})" if c.deadline else ""
        blocks.append(Paragraph(f"{c.number}. {c.content}{deadline}"))
    blocks.append(Paragraph("Các bên cam kết thực hiện nghiêm túc các nội dung trên; định kỳ sơ kết, tổng kết, "
                            "đánh giá kết quả thực hiện giao ước."))
    signatures = []
    for party in parties:
        people = list(party.signatories.all()) or [None]
        for person in people:
            signatures.append(Signature(caption=upper_vi(party.name), title=upper_vi(person.position) if person
                                        else "ĐẠI DIỆN", name=person.full_name if person else ""))
    return Document(
        kind="pledge", series="", issuer="", header_lines=[], show_number=False,
        place=pledge.place or pledge.organization.place_name, year=pledge.year, issued_on=pledge.signed_on,
        title="BẢN GIAO ƯỚC THI ĐUA", summary=pledge.title, blocks=blocks, signatures=signatures,
    )


def summary_pdf(summary: Summary, *, status: str = "", day: dt.date | None = None) -> bytes:
    return render.render_pdf(summary_content(summary, status=status, day=day))


def ranking_pdf(ranking: Ranking, *, day: dt.date | None = None) -> bytes:
    return render.render_pdf(ranking_content(ranking, day=day))


def pledge_pdf(pledge: Pledge) -> bytes:
    return render.render_pdf(pledge_content(pledge))
