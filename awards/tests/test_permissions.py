"""Role × URL matrix of the awards app (tests/test_permission_matrix.py imports MATRIX_URL_NAMES)."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from awards.models import (
    Attendance,
    AwardDocument,
    AwardDocumentItem,
    AwardForm,
    AwardRecord,
    Council,
    CouncilMember,
    Disclosure,
    Dossier,
    DossierDocument,
    Meeting,
    Nominee,
    SubjectKind,
)
from documents.models import IssuedDocument as Paper
from documents.models import Kind as PaperKind
from tests.matrix_support import request_checked
from units.tests.factories import PersonFactory

from .conftest import pdf_upload

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404
ROLES = ["anonymous", "canbo", "vhxh", "chutich", "captren", "outsider"]

MANAGERS_ORG = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
                "outsider": OK}
MANAGERS_OBJ = {**MANAGERS_ORG, "outsider": NOT_FOUND}
READ_ORG = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": OK, "outsider": OK}
READ_OBJ = {**READ_ORG, "outsider": NOT_FOUND}
UNIT_OBJ = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN, "outsider": NOT_FOUND}
PROPOSERS_ORG = {**UNIT_OBJ, "outsider": OK}
DOCS_ORG = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": OK, "chutich": OK, "captren": OK, "outsider": OK}
DOCS_OBJ = {**DOCS_ORG, "outsider": NOT_FOUND}
SIGNER_OBJ = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": FORBIDDEN, "chutich": OK, "captren": FORBIDDEN,
              "outsider": NOT_FOUND}


@dataclass
class World:
    dossier: object
    nominee: object
    file: object
    disclosure: object
    meeting: object
    meeting_nominee: object
    draft: object
    signed: object
    submission: object
    record: object
    users: dict = field(default_factory=dict)


@pytest.fixture
def world(org, unit, vhxh, chutich, canbo, captren, outsider, person):
    ldtt = AwardForm.objects.get(code="LDTT")
    cst = AwardForm.objects.get(code="CSTDCS")
    dossier = Dossier.objects.create(organization=org, year=2024, unit=unit, form=ldtt, created_by=canbo)
    nominee = Nominee.objects.create(dossier=dossier, subject_kind=SubjectKind.PERSON, person=person)
    file = DossierDocument(dossier=dossier, title="Biên bản", original_name="bb.pdf", content_kind="PDF",
                           uploaded_by=canbo)
    file.file.save("bb.pdf", pdf_upload(), save=True)
    disclosure = Disclosure.objects.create(organization=org, year=2024, title="Danh sách 2024",
                                           starts_on=dt.date(2024, 12, 1), ends_on=dt.date(2024, 12, 7),
                                           published_by=vhxh)
    voted = Dossier.objects.create(organization=org, year=2024, form=ldtt, created_by=vhxh,
                                   status=Dossier.Status.DISCLOSED, disclosure=disclosure)
    meeting_nominee = Nominee.objects.create(dossier=voted, subject_kind=SubjectKind.PERSON,
                                             person=PersonFactory(unit=unit, full_name="Hà Văn Em"))
    council = Council.objects.create(organization=org, year=2024)
    member = CouncilMember.objects.create(council=council, full_name="Sầm Văn Thao", role=CouncilMember.Role.CHAIR)
    meeting = Meeting.objects.create(council=council, held_on=dt.date(2024, 12, 10))
    meeting.dossiers.add(voted)
    Attendance.objects.create(meeting=meeting, member=member, present=True)

    def document(kind, status, number):
        doc = AwardDocument.objects.create(organization=org, kind=kind, year=2024, number=number,
                                           issued_on=dt.date(2024, 12, 20), created_by=vhxh)
        AwardDocumentItem.objects.create(document=doc, nominee=meeting_nominee, order=1, form_name=ldtt.name,
                                         display_name="Hà Văn Em")
        if status == AwardDocument.Status.SIGNED:
            content = b"%PDF-1.4 signed"
            paper = Paper(kind=PaperKind.AWARD_DECISION if kind == AwardDocument.Kind.DECISION
                          else PaperKind.AWARD_SUBMISSION, organization=org, title="Văn bản", number=number,
                          issued_on=dt.date(2024, 12, 20), signer_name="A", code=f"CODE{kind.upper()}",
                          sha256=hashlib.sha256(content).hexdigest())
            paper.year = 2024
            paper.file.save("signed.pdf", ContentFile(content), save=False)
            paper.save()
            doc.status, doc.issued = status, paper
            doc.save()
        return doc

    draft = document(AwardDocument.Kind.DECISION, AwardDocument.Status.DRAFT, "")
    signed = document(AwardDocument.Kind.DECISION, AwardDocument.Status.SIGNED, "125/QĐ-UBND")
    submission = document(AwardDocument.Kind.SUBMISSION, AwardDocument.Status.SIGNED, "30/TTr-UBND")
    record = AwardRecord.objects.create(organization=org, year=2024, form=cst, form_name=cst.name,
                                        subject_kind=SubjectKind.PERSON, display_name="Hà Văn Em",
                                        subject_key="person:x", source=AwardRecord.Source.DECISION, document=signed)
    return World(dossier=dossier, nominee=nominee, file=file, disclosure=disclosure, meeting=meeting,
                 meeting_nominee=meeting_nominee, draft=draft, signed=signed, submission=submission, record=record,
                 users={"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider})


def _row(name, method, url, expected, data=None):
    return pytest.param(name, method, url, expected, data, id=name)


def u(name, *attrs, query=""):
    def build(w):
        args = [getattr(w, a).pk for a in attrs]
        return reverse(f"awards:{name}", args=args) + query
    return build


MATRIX = [
    _row("index", "get", u("index"), READ_ORG),
    _row("catalog", "get", u("catalog"), READ_ORG),
    _row("dossier_create", "get", u("dossier_create"), PROPOSERS_ORG),
    _row("dossier_create-post", "post", u("dossier_create"), PROPOSERS_ORG, {}),
    _row("dossier_detail", "get", u("dossier_detail", "dossier"), UNIT_OBJ),
    _row("dossier_edit", "post", u("dossier_edit", "dossier"), UNIT_OBJ, {"summary": "Thành tích", "occasion": ""}),
    _row("nominee_add", "post", u("nominee_add", "dossier"), UNIT_OBJ,
         lambda w: {"subject_kind": "ca_nhan", "person": str(w.meeting_nominee.person_id)}),
    _row("document_upload", "post", u("document_upload", "dossier"), UNIT_OBJ,
         lambda w: {"title": "Báo cáo", "file": pdf_upload()}),
    _row("dossier_transition", "post", u("dossier_transition", "dossier"), UNIT_OBJ, {"to": "submitted"}),
    _row("dossier_history", "get", u("dossier_history", "dossier"), UNIT_OBJ),
    _row("nominee_update", "post", u("nominee_update", "nominee"), UNIT_OBJ, {"achievement": "A", "justification": ""}),
    _row("nominee_remove", "post", u("nominee_remove", "nominee"), UNIT_OBJ),
    _row("document_file", "get", u("document_file", "file"), UNIT_OBJ),
    _row("document_delete", "post", u("document_delete", "file"), UNIT_OBJ),
    _row("disclosures", "get", u("disclosures"), READ_ORG),
    _row("disclosure_create", "get", u("disclosure_create"), MANAGERS_ORG),
    _row("disclosure_create-post", "post", u("disclosure_create"), MANAGERS_ORG, {}),
    _row("disclosure_detail", "get", u("disclosure_detail", "disclosure"), READ_OBJ),
    _row("disclosure_comment", "post", u("disclosure_comment", "disclosure"), {**READ_OBJ, "captren": FORBIDDEN},
         {"text": "Đồng ý"}),
    _row("council", "get", u("council", query="?year=2024"), MANAGERS_ORG),
    _row("council_member_add", "post", u("council_member_add", query="?year=2024"), MANAGERS_ORG,
         {"full_name": "Vi Văn Tư", "position": "", "role": "thanh_vien"}),
    _row("meeting_create", "post", u("meeting_create", query="?year=2024"), MANAGERS_ORG,
         {"held_on": "10/12/2024"}),
    _row("meeting_detail", "get", u("meeting_detail", "meeting"), MANAGERS_OBJ),
    _row("meeting_attendance", "post", u("meeting_attendance", "meeting"), MANAGERS_OBJ, {"present": []}),
    _row("meeting_vote", "post", u("meeting_vote", "meeting"), MANAGERS_OBJ,
         lambda w: {"nominee": str(w.meeting_nominee.pk)}),
    _row("meeting_close", "post", u("meeting_close", "meeting"), MANAGERS_OBJ),
    _row("meeting_minutes", "get", u("meeting_minutes", "meeting"), MANAGERS_OBJ),
    _row("meeting_minutes_docx", "get", u("meeting_minutes_docx", "meeting"), MANAGERS_OBJ),
    _row("meeting_minutes_issue", "post", u("meeting_minutes_issue", "meeting"), MANAGERS_OBJ),
    _row("documents", "get", u("documents"), DOCS_ORG),
    _row("document_draft", "post", u("document_draft"), MANAGERS_ORG, {"kind": "qd", "year": "2024"}),
    _row("award_document-edit", "post", u("award_document", "draft"), MANAGERS_OBJ, {"number": ""}),
    _row("award_document-draft", "get", u("award_document", "draft"),
         {**MANAGERS_OBJ}),
    _row("award_document", "get", u("award_document", "signed"), DOCS_OBJ),
    _row("award_document_history", "get", u("award_document_history", "signed"), DOCS_OBJ),
    _row("award_document_pdf", "get", u("award_document_pdf", "signed"), DOCS_OBJ),
    _row("award_document_docx", "get", u("award_document_docx", "signed"), DOCS_OBJ),
    _row("award_document_sign", "post", u("award_document_sign", "draft"), SIGNER_OBJ),
    _row("award_document_revise", "post", u("award_document_revise", "signed"), {**DOCS_OBJ, "captren": FORBIDDEN}),
    _row("superior_decision", "post", u("superior_decision", "submission"), {**DOCS_OBJ, "captren": FORBIDDEN},
         {"decision_number": "9/QĐ-UBND", "decision_date": "05/01/2025"}),
    _row("certificates_batch", "post", u("certificates_batch", "signed"), MANAGERS_OBJ),
    _row("certificate_pdf", "post", u("certificate_pdf", "record"), MANAGERS_OBJ),
    _row("layout", "get", u("layout"), MANAGERS_ORG),
    _row("layout-post", "post", u("layout"), MANAGERS_ORG,
         {"mode": "preprinted", "offset_x_mm": "1.5", "offset_y_mm": "-2", "name_top_mm": "88", "detail_top_mm": "104",
          "reason_top_mm": "118", "date_top_mm": "150", "text_left_mm": "40", "text_width_mm": "217"}),
    _row("layout_test", "get", u("layout_test"), MANAGERS_ORG),
    _row("register", "get", u("register", query="?q=ha+van"), READ_ORG),
    _row("register_export", "get", u("register_export"), READ_ORG),
    _row("register_import", "get", u("register_import"), MANAGERS_ORG),
    _row("register_import-post", "post", u("register_import"), MANAGERS_ORG, {}),
    _row("register_template", "get", u("register_template"), MANAGERS_ORG),
    _row("history", "get", lambda w: reverse("awards:history") + "?key=person:x", READ_OBJ),
    _row("stats", "get", u("stats", query="?year=2024"), READ_ORG),
    _row("stats_export", "get", u("stats_export"), READ_ORG),
    _row("report_0602", "get", u("report_0602", query="?year=2024"), READ_ORG),
    _row("settings", "get", u("settings"), MANAGERS_ORG),
    _row("settings-post", "post", u("settings"), MANAGERS_ORG,
         {"cap_percent": "15", "cap_source": "TT 08/2019", "disclosure_days": "7", "disclosure_source": "Quy chế"}),
]

MATRIX_URL_NAMES = {f"awards:{p.values[0].split('-')[0]}" for p in MATRIX}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "expected", "data"), MATRIX)
def test_awards_matrix(client, world, role, name, method, url, expected, data):
    if role != "anonymous":
        client.force_login(world.users[role])
    payload = data(world) if callable(data) else (data or {})
    response = request_checked(client, method, url(world), payload)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and reverse("login") in response["Location"], response.status_code
    elif want == OK:
        # 400/422: the role may act, the step or the data was refused (e.g. a dossier missing its papers: a bad
        # step answers 400 with the reason, core.transitions) — not a permission matter.
        assert response.status_code < 400 or response.status_code in (400, 422), (
            response.status_code, getattr(response, "content", b"")[:300])
        if response.status_code == 302:
            assert reverse("login") not in response["Location"]
    else:
        assert response.status_code == want, response.status_code


def test_every_awards_url_is_in_the_matrix():
    names = set()
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "awards":
            names.update(f"awards:{p.name}" for p in pattern.url_patterns)
    assert names == MATRIX_URL_NAMES
