"""The whole chain through the services: propose, check, disclose, vote, sign, register."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from awards import selectors, services
from awards.documents import award_document_content, minutes_content, render_certificates_pdf
from awards.models import AwardDocument, AwardRecord, Dossier, SubjectKind, Vote
from documents import render as papers
from documents.services import document_bytes

from .conftest import accepted_dossier
from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Dossier.Status


def _vote_all(meeting, by, choice=Vote.Choice.FOR):
    for tally in selectors.meeting_tallies(meeting=meeting):
        services.votes_record(meeting=meeting, by=by, nominee=tally.nominee,
                              choices={m.pk: choice for m in meeting.council.members.all()})


def test_proposal_to_register(org, vhxh, chutich, canbo, unit, person, forms_by_code, council, village):
    ldtt = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    gdvh = accepted_dossier(org=org, by=vhxh, vhxh=vhxh, form=forms_by_code["GDVH"],
                            nominees=[{"subject_kind": SubjectKind.HOUSEHOLD, "household_name": "Hoàng Văn Tư",
                                       "village": village}])
    disclosure = services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[ldtt, gdvh],
                                             starts_on=dt.date(2024, 12, 1))
    assert disclosure.ends_on == dt.date(2024, 12, 7)
    meeting = services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 10),
                                      dossiers=[ldtt, gdvh], today=dt.date(2024, 12, 10))
    _vote_all(meeting, vhxh)
    services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    ldtt.refresh_from_db()
    assert ldtt.status == S.VOTED
    minutes = papers.render_pdf(minutes_content(meeting, tallies=selectors.meeting_tallies(meeting=meeting)))
    assert "BIÊN BẢN" in PdfReader(io.BytesIO(minutes)).pages[0].extract_text()

    decision = services.award_document_draft(organization=org, by=vhxh, kind=AwardDocument.Kind.DECISION,
                                             year=2024, number="125/QĐ-UBND", issued_on=dt.date(2024, 12, 20))
    assert decision.items.count() == 2
    with pytest.raises(PermissionDenied):
        services.award_document_sign(document=decision, by=vhxh)
    decision.refresh_from_db()
    assert decision.status == AwardDocument.Status.DRAFT


def test_decision_sign_freezes_pdf_and_annex_reads_back(org, vhxh, chutich, canbo, unit, person, forms_by_code,
                                                        council, village, client):
    ldtt = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    gdvh = accepted_dossier(org=org, by=vhxh, vhxh=vhxh, form=forms_by_code["GDVH"],
                            nominees=[{"subject_kind": SubjectKind.HOUSEHOLD, "household_name": "Hoàng Văn Tư",
                                       "village": village}])
    services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[ldtt, gdvh],
                                starts_on=dt.date(2024, 12, 1))
    meeting = services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 10),
                                      dossiers=[ldtt, gdvh], today=dt.date(2024, 12, 10))
    _vote_all(meeting, vhxh)
    services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    decision = services.award_document_draft(organization=org, by=vhxh, kind=AwardDocument.Kind.DECISION,
                                             year=2024, number="125/QĐ-UBND", issued_on=dt.date(2024, 12, 20))
    services.award_document_sign(document=decision, by=chutich, verify_url="http://x/verify/")
    decision.refresh_from_db()
    content = document_bytes(decision.issued)
    assert hashlib.sha256(content).hexdigest() == decision.sha256 == decision.issued.sha256
    reader = PdfReader(io.BytesIO(content))
    annex_text = reader.pages[-1].extract_text()
    assert "DANH SÁCH" in annex_text
    assert "Nguyễn Văn An" in annex_text and "Hoàng Văn Tư" in annex_text
    assert "125/QĐ-UBND" in annex_text
    assert "Điều 1" in reader.pages[0].extract_text()
    ldtt.refresh_from_db()
    assert ldtt.status == S.DECIDED
    assert AwardRecord.objects.filter(organization=org, year=2024).count() == 2
    assert decision.issued.number == "125/QĐ-UBND" and decision.number == "125/QĐ-UBND"
    # The public /verify/ page (documents/) covers award decisions too, for anyone holding the paper copy.
    page = client.get(f"/verify/{decision.verify_code.lower()}/")
    assert page.status_code == 200 and "125/QĐ-UBND" in page.content.decode()
    download = client.get(f"/verify/{decision.verify_code}/pdf/")
    assert hashlib.sha256(b"".join(download.streaming_content) if download.streaming else download.content
                          ).hexdigest() == decision.sha256
    # Signed: immutable; a revision supersedes it and keeps the old bytes.
    with pytest.raises(ValidationError):
        services.award_document_update(document=decision, by=vhxh, number="126/QĐ-UBND", issued_on=None)
    revision = services.award_document_revise(document=decision, by=vhxh)
    decision.refresh_from_db()
    assert decision.status == AwardDocument.Status.SUPERSEDED and revision.revision == 2
    assert hashlib.sha256(document_bytes(decision.issued)).hexdigest() == decision.sha256
    assert client.get(f"/verify/{decision.verify_code}/").status_code == 200
    # Word and certificates
    from docx import Document

    words = "\n".join(p.text for p in Document(io.BytesIO(papers.render_docx(award_document_content(decision))))
                      .paragraphs)
    assert "QUYẾT ĐỊNH:" in words
    records = list(AwardRecord.objects.filter(document=decision))
    layout = services.certificate_layout_get(organization=org)
    certificates = PdfReader(io.BytesIO(render_certificates_pdf(records=records, layout=layout, organization=org)))
    assert len(certificates.pages) == 2
    assert "Nguyễn Văn An" in certificates.pages[0].extract_text() + certificates.pages[1].extract_text()


def test_cstdcs_goes_up_before_reform_and_is_decided_by_commune_after(org, vhxh, chutich, canbo, unit, person,
                                                                     forms_by_code, council):
    InitiativeFactory(person=person, year=2024)
    ldtt = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    cst = accepted_dossier(org=org, by=canbo, vhxh=vhxh, form=forms_by_code["CSTDCS"], unit=unit,
                           nominees=[{"subject_kind": SubjectKind.PERSON, "person": person,
                                      "justification": "Tỷ lệ: xã chỉ có một đơn vị đề nghị."}])
    services.disclosure_publish(organization=org, by=vhxh, year=2024, dossiers=[ldtt, cst],
                                starts_on=dt.date(2024, 12, 1))
    meeting = services.meeting_create(council=council, by=vhxh, held_on=dt.date(2024, 12, 10), dossiers=[ldtt, cst],
                                      today=dt.date(2024, 12, 10))
    _vote_all(meeting, vhxh)
    services.meeting_close(meeting=meeting, by=vhxh, today=dt.date(2024, 12, 10))
    # On 20/12/2024 (Luật 2022 Điều 80) CSTĐCS belongs to the district: decision has LĐTT only, tờ trình has CSTĐCS.
    decision = services.award_document_draft(organization=org, by=vhxh, kind=AwardDocument.Kind.DECISION, year=2024,
                                             issued_on=dt.date(2024, 12, 20))
    assert [i.form_name for i in decision.items.all()] == ["Lao động tiên tiến"]
    submission = services.award_document_draft(organization=org, by=vhxh, kind=AwardDocument.Kind.SUBMISSION,
                                               year=2024, number="30/TTr-UBND", issued_on=dt.date(2024, 12, 20))
    assert [i.form_name for i in submission.items.all()] == ["Chiến sĩ thi đua cơ sở"]
    services.award_document_sign(document=submission, by=chutich)
    cst.refresh_from_db()
    assert cst.status == S.FORWARDED
    services.superior_decision_record(document=submission, by=vhxh, decision_number="900/QĐ-UBND",
                                      decision_date=dt.date(2025, 1, 5))
    cst.refresh_from_db()
    assert cst.status == S.DECIDED
    assert AwardRecord.objects.get(nominee__dossier=cst).source == AwardRecord.Source.SUPERIOR


def test_after_reform_commune_may_award_cstdcs(forms_by_code):
    from awards import catalog

    cst = forms_by_code["CSTDCS"]
    assert not catalog.commune_may_award(form=cst, day=dt.date(2025, 6, 30))
    assert catalog.commune_may_award(form=cst, day=dt.date(2025, 7, 1))
    label, source, confirmed = catalog.authority_label(form=cst, day=dt.date(2025, 7, 1))
    assert "152/2025" in source and confirmed is False
