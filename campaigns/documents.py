"""The official documents of campaigns as PDF (NĐ 30/2020 layout): the registration summary, a cluster's ranking,
and a pledge. They reuse templates/documents/base_document.html, static/css/document.css and
plans.documents.pdf.html_to_pdf; only the body differs."""

import datetime as dt
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone

from plans.documents.context import BLANK, agency_lines, date_line, date_words, recipient_lines, upper_vi
from plans.documents.pdf import html_to_pdf
from units.models import Organization
from units.selectors import superior_name_on

from .models import Pledge
from .selectors import Ranking, Summary


@dataclass
class Document:
    """What base_document.html prints around the body."""

    superior: str
    agency_lines: list[str]
    number_line: str
    date_line: str
    title: str
    subtitle: str
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


def _frame(*, organization: Organization, title: str, subtitle: str, day: dt.date | None, year: int,
           document_type: str, recipients: list[tuple[str, str]]) -> Document:
    return Document(
        superior=upper_vi(superior_name_on(organization, on=day or timezone.localdate())),
        agency_lines=agency_lines(organization.name),
        number_line=f"Số:{BLANK}/{document_type}-UBND",
        date_line=date_line(place=organization.place_name, issued_on=day, year=year),
        title=title,
        subtitle=subtitle,
        recipients=recipient_lines(recipients),
        signer_name=organization.chairman_name.strip(),
    )


def summary_pdf(summary: Summary, *, day: dt.date | None = None) -> bytes:
    campaign = summary.campaign
    doc = _frame(
        organization=campaign.organization, title="BẢNG TỔNG HỢP ĐĂNG KÝ THI ĐUA",
        subtitle=f"{campaign.title}", day=day, year=campaign.year, document_type="BC",
        recipients=[("Phòng Nội vụ (Sở Nội vụ)", "(b/c)"), ("Các đơn vị tham gia", ""), ("Lưu: VT, VHXH", "")],
    )
    html = render_to_string("campaigns/documents/summary.html", {"doc": doc, "summary": summary, "draft": False})
    return html_to_pdf(html)


def ranking_pdf(ranking: Ranking, *, day: dt.date | None = None) -> bytes:
    sheet = ranking.sheet
    cluster = sheet.cluster
    doc = _frame(
        organization=cluster.organization, title="KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG",
        subtitle=f"{cluster.name} năm {sheet.year}", day=day or sheet.meeting_on, year=sheet.year,
        document_type="BC", recipients=[("Các thành viên cụm", ""), ("Lưu: VT", "")],
    )
    if cluster.kind == cluster.Kind.CLUSTER:
        doc.signer_authority = f"TM. {upper_vi(cluster.name)}"
        doc.signer_title = "TRƯỞNG CỤM"
        doc.signer_name = ""
    html = render_to_string("campaigns/documents/ranking.html", {"doc": doc, "ranking": ranking, "draft": False})
    return html_to_pdf(html)


def pledge_pdf(pledge: Pledge) -> bytes:
    """A "Bản giao ước thi đua": no single issuing agency, so its own header, and one signature column per party."""
    parties = list(pledge.parties.prefetch_related("signatories").order_by("order", "pk"))
    place = pledge.place or pledge.organization.place_name
    if pledge.signed_on:
        day = f"{place}, {date_words(pledge.signed_on)}"
    else:
        day = f"{place}, ngày{BLANK}tháng{BLANK}năm {pledge.year}"
    context = {
        "pledge": pledge, "parties": parties, "date_line": day,
        "commitments": list(pledge.commitments.order_by("number")), "title": upper_vi(pledge.title),
        "printed": timezone.localdate(),
    }
    return html_to_pdf(render_to_string("campaigns/documents/pledge.html", context))
