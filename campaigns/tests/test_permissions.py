"""Role × URL matrix for campaigns: every URL of the app for every role, another commune's user and anonymous.

OK: any 2xx/3xx except a redirect to login; 403 where the role may not; 404 for another commune's objects;
"login" for anonymous. MATRIX_URL_NAMES is read by tests/test_permission_matrix.py's coverage check.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve, reverse
from openpyxl import Workbook

from campaigns import services
from tests.matrix_support import request_checked
from units.tests.factories import UnitFactory

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404
ROLES = ["anonymous", "canbo", "vhxh", "chutich", "captren", "outsider"]

MANAGE_OBJ = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
              "outsider": NOT_FOUND}
MANAGE_ORG = {**MANAGE_OBJ, "outsider": OK}
READ_OBJ = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": OK, "outsider": NOT_FOUND}
READ_ANY = {**READ_OBJ, "outsider": OK}
# A draft registration of canbo's unit: its cán bộ and vhxh edit it; chủ tịch approves but does not fill in.
EDIT_OWN_REG = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": FORBIDDEN, "captren": FORBIDDEN,
                "outsider": NOT_FOUND}
EDIT_OTHER_REG = {**EDIT_OWN_REG, "canbo": FORBIDDEN}
FOLLOW_UP = EDIT_OWN_REG | {"chutich": OK}


@dataclass
class W:
    campaign: object
    registration: object  # canbo's unit, draft
    submitted: object  # a third unit's, waiting for approval
    other_registration: object  # another unit, submitted
    village_registration: object
    line: object
    attachment: object
    review: object
    result: object
    pledge: object
    commitment: object
    cluster: object
    member: object
    sheet: object
    criterion: object
    users: dict = field(default_factory=dict)


def _xlsx() -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(["Họ tên chủ hộ", "Địa chỉ"])
    workbook.active.append(["Hoàng Văn Bình", "Xóm 1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ho.xlsx", buffer.getvalue())


@pytest.fixture
def w(canbo, vhxh, chutich, captren, outsider, campaign, registration, other_registration, village_registration,
      member, titles, unit, org):
    campaign.registration_deadline = dt.date(2099, 12, 31)  # the late rule has its own tests
    campaign.save()
    third = UnitFactory(organization=org, name="Hội Cựu chiến binh xã")
    services.campaign_launch(campaign=campaign, by=vhxh, units=[third])
    submitted = campaign.registrations.get(unit=third)
    services.registration_update(registration=submitted, by=vhxh, title=titles["TTLDTT"])
    services.registration_transition(registration=submitted, by=vhxh, to="submitted")
    line = services.registration_line_add(registration=registration, by=vhxh, title=titles["LDTT"], person=member)
    services.registration_update(registration=other_registration, by=vhxh, title=titles["TTLDTT"])
    services.registration_transition(registration=other_registration, by=vhxh, to="submitted",
                                     today=dt.date(2024, 3, 1))
    approved = campaign.registrations.get(pk=other_registration.pk)
    attachment = services.campaign_attachment_add(
        campaign=campaign, by=vhxh, upload=SimpleUploadedFile("kh.pdf", b"%PDF-1.4\n%x\n"))
    review = services.review_create(campaign=campaign, by=vhxh, kind="tong_ket", held_on=dt.date(2024, 12, 20))
    services.registration_transition(registration=approved, by=vhxh, to="approved")
    result = services.review_result_set(review=review, by=vhxh, registration=approved, outcome="dat",
                                        evidence=SimpleUploadedFile("bb.pdf", b"%PDF-1.4\n%x\n"))
    pledge = services.pledge_create(organization=campaign.organization, by=vhxh, title="Giao ước", year=2024)
    services.pledge_party_add(pledge=pledge, by=vhxh, unit=unit, signatories=[("Lăng Văn Hải", "Chủ tịch")])
    commitment = services.commitment_add(pledge=pledge, by=vhxh, content="Cam kết 1")
    cluster = services.cluster_create(organization=campaign.organization, by=vhxh, name="Cụm thi đua số VI")
    member_c = services.cluster_member_add(cluster=cluster, by=vhxh, name="UBND xã Hòa Sơn")
    sheet = services.sheet_create(cluster=cluster, by=vhxh, year=2024)
    criterion = services.criterion_add(sheet=sheet, by=vhxh, name="Kinh tế", max_points=Decimal(10))
    return W(campaign=campaign, registration=registration, submitted=submitted, other_registration=approved,
             village_registration=village_registration, line=line, attachment=attachment, review=review,
             result=result, pledge=pledge, commitment=commitment, cluster=cluster, member=member_c, sheet=sheet,
             criterion=criterion,
             users={"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider})


def _row(name, method, url, expected, data=None):
    return pytest.param(method, url, expected, data, id=name)


def _u(name, attr=None, suffix=""):
    def build(world):
        args = [getattr(world, attr).pk] if attr else []
        return reverse(f"campaigns:{name}", args=args) + suffix
    return build


CAMPAIGN_DATA = {"title": "Phong trào mới", "kind": "chuyen_de", "year": "2024", "start_date": "2024-02-01",
                 "end_date": "2024-12-31"}

MATRIX = [
    _row("list", "get", _u("list"), READ_ANY),
    _row("create-page", "get", _u("create"), MANAGE_ORG),
    _row("create", "post", _u("create"), MANAGE_ORG, CAMPAIGN_DATA),
    _row("detail", "get", _u("detail", "campaign"), READ_OBJ),
    _row("history", "get", _u("history", "campaign"), READ_OBJ),
    _row("edit-page", "get", _u("edit", "campaign"), MANAGE_OBJ),
    _row("edit", "post", _u("edit", "campaign"), MANAGE_OBJ, CAMPAIGN_DATA),
    _row("launch-page", "get", _u("launch", "campaign"), MANAGE_OBJ),
    _row("launch", "post", _u("launch", "campaign"), MANAGE_OBJ,
         lambda w: {"units": [str(w.registration.unit_id)]}),
    _row("attachment-add", "post", _u("attachment_add", "campaign"), MANAGE_OBJ,
         lambda w: {"file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n%y\n")}),
    _row("attachment", "get", _u("attachment", "attachment"), READ_OBJ),
    _row("registration", "get", _u("registration", "registration"), READ_OBJ),
    _row("registration-edit", "post", _u("registration_edit", "registration"), EDIT_OWN_REG,
         lambda w: {"title": "", "targets": "100%"}),
    _row("line-add", "post", _u("line_add", "registration"), EDIT_OWN_REG,
         lambda w: {"person": str(w.line.person_id), "title": str(w.line.title_id), "note": "lần 2"}),
    _row("line-delete", "post", _u("line_delete", "line"), EDIT_OWN_REG),
    _row("transition-submit", "post", _u("transition", "registration"),
         {**EDIT_OWN_REG}, {"to": "submitted"}),
    _row("transition-return", "post", _u("transition", "submitted"),
         {**MANAGE_OBJ}, {"to": "returned", "note": "Thiếu"}),
    _row("household-import-page", "get", _u("household_import", "village_registration"), EDIT_OTHER_REG),
    _row("household-import", "post", _u("household_import", "village_registration"), EDIT_OTHER_REG,
         lambda w: {"file": _xlsx()}),
    _row("households", "get", _u("households"), READ_ANY),
    _row("household-template", "get", _u("household_template"), READ_ANY),
    _row("summary", "get", _u("summary", "campaign", "?status=approved"), READ_OBJ),
    _row("summary-xlsx", "get", _u("summary_xlsx", "campaign"), READ_OBJ),
    _row("summary-pdf", "get", _u("summary_pdf", "campaign"), READ_OBJ),
    _row("review-create", "post", _u("review_create", "campaign"), MANAGE_OBJ,
         {"kind": "so_ket", "held_on": "2024-06-30"}),
    _row("review", "get", _u("review", "review"), READ_OBJ),
    _row("review-result", "post", _u("review_result", "review"), MANAGE_OBJ,
         lambda w: {"registration": str(w.other_registration.pk), "outcome": "khong_dat", "note": "x"}),
    _row("evidence", "get", _u("evidence", "result"), READ_OBJ),
    _row("pledges", "get", _u("pledges"), READ_ANY),
    _row("pledge-create-page", "get", _u("pledge_create"), MANAGE_ORG),
    _row("pledge-create", "post", _u("pledge_create"), MANAGE_ORG, {"title": "Giao ước 2", "year": "2024"}),
    _row("pledge", "get", _u("pledge", "pledge"), READ_OBJ),
    _row("pledge-history", "get", _u("pledge_history", "pledge"), READ_OBJ),
    _row("party-add", "post", _u("party_add", "pledge"), MANAGE_OBJ, {"name": "Hội Người cao tuổi"}),
    _row("commitment-add", "post", _u("commitment_add", "pledge"), MANAGE_OBJ, {"content": "Cam kết 2"}),
    _row("commitment-status", "post", _u("commitment_status", "commitment"), FOLLOW_UP,
         {"to": "in_progress", "note": "Đang làm"}),
    _row("pledge-pdf", "get", _u("pledge_pdf", "pledge"), READ_OBJ),
    _row("clusters", "get", _u("clusters"), READ_ANY),
    _row("cluster-create-page", "get", _u("cluster_create"), MANAGE_ORG),
    _row("cluster-create", "post", _u("cluster_create"), MANAGE_ORG, {"name": "Cụm số VII", "kind": "cum"}),
    _row("cluster", "get", _u("cluster", "cluster"), READ_OBJ),
    _row("cluster-history", "get", _u("cluster_history", "cluster"), READ_OBJ),
    _row("member-add", "post", _u("member_add", "cluster"), MANAGE_OBJ, {"name": "UBND xã Minh Sơn"}),
    _row("sheet-create", "post", _u("sheet_create", "cluster"), MANAGE_OBJ, {"year": "2025"}),
    _row("sheet", "get", _u("sheet", "sheet"), READ_OBJ),
    _row("sheet-edit-member", "get", lambda w: reverse("campaigns:sheet", args=[w.sheet.pk]) + f"?member={w.member.pk}",
         READ_OBJ),
    _row("criterion-add", "post", _u("criterion_add", "sheet"), MANAGE_OBJ,
         {"name": "Xã hội", "kind": "regular", "max_points": "5"}),
    _row("scores", "post", lambda w: reverse("campaigns:scores", args=[w.sheet.pk, w.member.pk]), MANAGE_OBJ,
         lambda w: {f"s{w.criterion.pk}": "8", f"f{w.criterion.pk}": "7"}),
    _row("ranking-xlsx", "get", _u("ranking_xlsx", "sheet"), READ_OBJ),
    _row("ranking-pdf", "get", _u("ranking_pdf", "sheet"), READ_OBJ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "expected", "data"), MATRIX)
def test_campaigns_matrix(client, w, role, method, url, expected, data):
    if role != "anonymous":
        client.force_login(w.users[role])
    payload = data(w) if callable(data) else (data or {})
    response = request_checked(client, method, url(w), payload)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and reverse("login") in response["Location"], response.status_code
    elif want == OK:
        assert response.status_code < 400, (response.status_code, getattr(response, "content", b"")[:300])
        if response.status_code == 302:
            assert reverse("login") not in response["Location"]
    else:
        assert response.status_code == want, response.status_code


class _Obj:
    pk = 1
    person_id = title_id = unit_id = 1


def _names() -> set[str]:
    fake = W(**{name: _Obj() for name in W.__dataclass_fields__ if name != "users"})
    names = set()
    for param in MATRIX:
        match = resolve(param.values[1](fake).split("?")[0])
        names.add(f"{match.namespace}:{match.url_name}")
    return names


MATRIX_URL_NAMES = _names()


def test_every_campaigns_url_has_a_row():
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "campaigns")
    assert {f"campaigns:{p.name}" for p in resolver.url_patterns} - MATRIX_URL_NAMES == set()
