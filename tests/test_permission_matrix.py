"""Role × page matrix: every page and every write, for every role, another commune's user and anonymous.

Expected codes: 200/302 where allowed ("ok": any 2xx or 3xx except a redirect to the login page), 403 where the role
may not, 404 for another commune's objects (they must not even be confirmed to exist), "login" for anonymous.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve, reverse

from documents import render as render_module
from plans import services
from plans.models import Report, Section, Task
from tests.matrix_support import request_checked
from units.models import Initiative

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404
ROLES = ["anonymous", "canbo", "vhxh", "chutich", "captren", "outsider"]


@dataclass
class World:
    plan: object
    task: object  # a task of canbo's unit
    other_task: object  # a second task, deletable
    section: object
    empty_section: object
    update: object
    unit: object
    users: dict = field(default_factory=dict)
    signed_plan: object = None  # another year's plan, signed: its issued document is what /verify/ shows
    issued: object = None
    report: object = None  # a draft report
    signed_report: object = None
    person: object = None  # canbo's Person record
    initiative: object = None  # a sáng kiến of that person
    account: object = None  # canbo's login, managed by vhxh and chủ tịch


@pytest.fixture
def world(org, unit, other_unit, vhxh, chutich, canbo, captren, outsider, monkeypatch):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    task = services.task_create(section=q1, by=vhxh, content="Báo cáo sơ kết", units=[unit])
    other = services.task_create(section=q1, by=vhxh, content="Việc khác", units=[other_unit])
    update = services.task_set_status(
        task=task, by=vhxh, status=Task.Status.IN_PROGRESS, note="Bắt đầu",
        attachment=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
    )
    with monkeypatch.context() as patch:
        # Signing renders the PDF through the real services; WeasyPrint itself is not what this matrix tests.
        fake_pdf = lambda doc: b"%PDF-1.4\n%" + doc.title.encode()[:64] + b"\n%%EOF\n"  # noqa: E731
        patch.setattr(render_module, "render_pdf", fake_pdf)
        patch.setattr(render_module, "render_docx", fake_pdf)
        signed = services.plan_create(organization=org, year=2023, by=vhxh)
        services.task_create(section=signed.sections.get(kind=Section.Kind.Q1), by=vhxh, content="Việc", units=[unit])
        services.plan_transition(plan=signed, by=vhxh, to="submitted")
        services.plan_transition(plan=signed, by=chutich, to="signed")
        signed_report = services.report_create(plan=signed, by=vhxh, period=Report.Period.YEAR)
        services.report_transition(report=signed_report, by=vhxh, to="submitted")
        services.report_transition(report=signed_report, by=chutich, to="signed")
    report = services.report_create(plan=plan, by=vhxh, period=Report.Period.QUARTER, quarter=1)
    canbo.email = "canbo@example.vn"
    canbo.save()
    initiative = Initiative.objects.create(organization=org, person=canbo.person, year=2024, title="Sổ tay số")
    return World(
        plan=plan, task=task, other_task=other, section=q1, empty_section=plan.sections.get(kind=Section.Kind.Q4),
        update=update, unit=unit,
        users={"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider},
        signed_plan=signed, issued=signed.issued_document, report=report, signed_report=signed_report,
        person=canbo.person, initiative=initiative, account=canbo,
    )


def _row(name, method, url, expected, data=None):
    """`expected` maps each role to OK, LOGIN, 403 or 404; `data` is a dict or a function of the world."""
    return pytest.param(method, url, expected, data, id=name)


EDITORS_ONLY_OBJ = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
                    "outsider": NOT_FOUND}
EDITORS_ONLY_ORG = {**EDITORS_ONLY_OBJ, "outsider": OK}  # not about an object: the outsider acts on their own commune
EDITORS_ONLY_ORG_INVALID = {**EDITORS_ONLY_ORG, "vhxh": 422, "chutich": 422, "outsider": 422}
READ_OBJ = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": OK, "outsider": NOT_FOUND}
READ_ANY = {**READ_OBJ, "outsider": OK}
UPDATE_TASK = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
               "outsider": NOT_FOUND}
UPDATE_OTHER_UNIT_TASK = {**UPDATE_TASK, "canbo": FORBIDDEN}
# /verify/<code>/: anyone, logged in or not, of any commune, checks a paper copy.
PUBLIC = {role: OK for role in ROLES}
VHXH_ONLY_OBJ = {**EDITORS_ONLY_OBJ, "chutich": FORBIDDEN}
# A draft report: hidden (404) from everyone but vhxh and chủ tịch; only vhxh writes it.
DRAFT_REPORT = {"anonymous": LOGIN, "canbo": NOT_FOUND, "vhxh": OK, "chutich": OK, "captren": NOT_FOUND,
                "outsider": NOT_FOUND}
DRAFT_REPORT_WRITE = {**DRAFT_REPORT, "chutich": FORBIDDEN}
# The server administrator's pages: no commune role opens them (a superuser does: test_superuser_pages).
SERVER_ADMIN = {**{role: FORBIDDEN for role in ROLES}, "anonymous": LOGIN}
# The first-run page exists only while the server has no organization and no account: here it has both.
FIRST_RUN_CLOSED = {role: NOT_FOUND for role in ROLES}
SIGNED_IN = {**{role: OK for role in ROLES}, "anonymous": LOGIN}

MATRIX = [
    # Pages
    _row("dashboard", "get", lambda w: reverse("dashboard"), READ_ANY),
    _row("plan-list", "get", lambda w: reverse("plans:list"), READ_ANY),
    _row("plan-detail", "get", lambda w: reverse("plans:detail", args=[w.plan.pk]), READ_OBJ),
    _row("plan-detail-filtered", "get",
         lambda w: reverse("plans:detail", args=[w.plan.pk]) + "?quarter=q1&status=in_progress&overdue=on", READ_OBJ),
    _row("plan-pdf", "get", lambda w: reverse("plans:pdf", args=[w.plan.pk]), READ_OBJ),
    _row("plan-docx", "get", lambda w: reverse("plans:docx", args=[w.plan.pk]), READ_OBJ),
    _row("unit-tasks-pdf", "get", lambda w: reverse("plans:unit_tasks_pdf", args=[w.plan.pk, w.unit.pk]), READ_OBJ),
    _row("plan-history", "get", lambda w: reverse("plans:history", args=[w.plan.pk]), READ_OBJ),
    _row("search", "get", lambda w: reverse("plans:search") + "?q=bao+cao", READ_ANY),
    _row("task-detail", "get", lambda w: reverse("plans:task_detail", args=[w.task.pk]), READ_OBJ),
    _row("attachment", "get", lambda w: reverse("plans:attachment", args=[w.update.pk]), READ_OBJ),
    _row("export", "get", lambda w: reverse("plans:export", args=[w.plan.pk]), READ_OBJ),
    _row("plan-create-page", "get", lambda w: reverse("plans:create"), EDITORS_ONLY_ORG),
    _row("import-page", "get", lambda w: reverse("plans:import"), EDITORS_ONLY_ORG),
    # An upload without a file: the role may post it, the form answers 422.
    _row("import-no-file", "post", lambda w: reverse("plans:import"), EDITORS_ONLY_ORG_INVALID),
    _row("editor", "get", lambda w: reverse("plans:edit", args=[w.plan.pk]), EDITORS_ONLY_OBJ),
    _row("texts-form", "get", lambda w: reverse("plans:texts", args=[w.plan.pk]), EDITORS_ONLY_OBJ),
    _row("task-add-form", "get", lambda w: reverse("plans:task_add", args=[w.section.pk]), EDITORS_ONLY_OBJ),
    _row("task-edit-form", "get", lambda w: reverse("plans:task_edit", args=[w.task.pk]), EDITORS_ONLY_OBJ),
    _row("copy-page", "get", lambda w: reverse("plans:copy", args=[w.plan.pk]), EDITORS_ONLY_OBJ),
    _row("units", "get", lambda w: reverse("units:list"), EDITORS_ONLY_ORG),
    _row("unit-create-page", "get", lambda w: reverse("units:create"), EDITORS_ONLY_ORG),
    _row("unit-edit-page", "get", lambda w: reverse("units:edit", args=[w.unit.pk]), EDITORS_ONLY_OBJ),
    _row("units-export", "get", lambda w: reverse("units:export"), EDITORS_ONLY_ORG),
    _row("units-import-page", "get", lambda w: reverse("units:import"), EDITORS_ONLY_ORG),
    _row("units-import-no-file", "post", lambda w: reverse("units:import"), EDITORS_ONLY_ORG_INVALID),
    _row("organization-page", "get", lambda w: reverse("units:organization"), EDITORS_ONLY_ORG),
    # Writes
    _row("plan-create", "post", lambda w: reverse("plans:create"), EDITORS_ONLY_ORG, {"year": "2031"}),
    _row("task-status", "post", lambda w: reverse("plans:task_status", args=[w.task.pk]), UPDATE_TASK,
         {"status": "done", "note": "Đã xong"}),
    _row("task-status-other-unit", "post", lambda w: reverse("plans:task_status", args=[w.other_task.pk]),
         UPDATE_OTHER_UNIT_TASK, {"status": "done", "note": "Đã xong"}),
    _row("texts", "post", lambda w: reverse("plans:texts", args=[w.plan.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"title": "Công tác thi đua, khen thưởng năm 2024", "signer_authority": "TM. ỦY BAN NHÂN DÂN",
                    "signer_title": "CHỦ TỊCH", "signer_name": "Sầm Văn Thao", "recipients": "- Lưu: VT.",
                    "version": str(w.plan.version)}),
    _row("section-add", "post", lambda w: reverse("plans:section_add", args=[w.plan.pk]), EDITORS_ONLY_OBJ,
         {"kind": "all_year"}),
    _row("section-move", "post", lambda w: reverse("plans:section_move", args=[w.empty_section.pk]), EDITORS_ONLY_OBJ,
         {"position": "0", "direction": "up"}),
    _row("section-delete", "post", lambda w: reverse("plans:section_delete", args=[w.empty_section.pk]),
         EDITORS_ONLY_OBJ),
    _row("task-add", "post", lambda w: reverse("plans:task_add", args=[w.section.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"content": "Nhiệm vụ mới", "units": [str(w.unit.pk)], "deadline": "31/03/2024"}),
    _row("task-edit", "post", lambda w: reverse("plans:task_edit", args=[w.task.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"content": "Nội dung sửa", "units": [str(w.unit.pk)], "deadline": "31/03/2024",
                    "version": str(w.task.version)}),
    _row("task-move", "post", lambda w: reverse("plans:task_move", args=[w.task.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"section": str(w.section.pk), "position": "1"}),
    _row("task-delete-page", "get", lambda w: reverse("plans:task_delete", args=[w.other_task.pk]), EDITORS_ONLY_OBJ),
    _row("task-delete", "post", lambda w: reverse("plans:task_delete", args=[w.other_task.pk]), EDITORS_ONLY_OBJ),
    _row("copy", "post", lambda w: reverse("plans:copy", args=[w.plan.pk]), EDITORS_ONLY_OBJ, {"year": "2025"}),
    _row("unit-create", "post", lambda w: reverse("units:create"), EDITORS_ONLY_ORG,
         {"name": "Hội Người cao tuổi xã", "kind": "doan_the", "order": "5", "is_active": "on"}),
    _row("unit-edit", "post", lambda w: reverse("units:edit", args=[w.unit.pk]), EDITORS_ONLY_OBJ,
         {"name": "Hội Nông dân xã", "kind": "doan_the", "order": "1", "is_active": "on"}),
    # Sign-off, verification and reports (plans/views/signoff.py, plans/views/reports.py)
    _row("plan-transition", "post", lambda w: reverse("plans:transition", args=[w.plan.pk]), VHXH_ONLY_OBJ,
         {"to": "submitted"}),
    _row("plan-revise", "post", lambda w: reverse("plans:revise", args=[w.signed_plan.pk]), EDITORS_ONLY_OBJ),
    _row("signed-plan-pdf", "get", lambda w: reverse("plans:pdf", args=[w.signed_plan.pk]), READ_OBJ),
    _row("verify", "get", lambda w: reverse("documents:verify", args=[w.issued.code]), PUBLIC),
    _row("verify-pdf", "get", lambda w: reverse("documents:verify_pdf", args=[w.issued.code]), PUBLIC),
    # Checking a received PDF's signature (documents/signing/views.py): anyone.
    _row("verify-check", "get", lambda w: reverse("signing:verify_check"), PUBLIC),
    _row("report-list", "get", lambda w: reverse("plans:report_list"), READ_ANY),
    _row("plan-reports", "get", lambda w: reverse("plans:plan_reports", args=[w.plan.pk]), READ_OBJ),
    _row("report-create-page", "get", lambda w: reverse("plans:report_create", args=[w.plan.pk]), VHXH_ONLY_OBJ),
    _row("report-create", "post", lambda w: reverse("plans:report_create", args=[w.plan.pk]), VHXH_ONLY_OBJ,
         {"period": "year"}),
    _row("report-detail-draft", "get", lambda w: reverse("plans:report_detail", args=[w.report.pk]), DRAFT_REPORT),
    _row("report-detail-signed", "get", lambda w: reverse("plans:report_detail", args=[w.signed_report.pk]),
         READ_OBJ),
    _row("report-edit-page", "get", lambda w: reverse("plans:report_edit", args=[w.report.pk]), DRAFT_REPORT_WRITE),
    _row("report-edit", "post", lambda w: reverse("plans:report_edit", args=[w.report.pk]), DRAFT_REPORT_WRITE,
         {"assessment": "Tốt", "shortcomings": "", "directions": "", "recipients": "Lưu: VT",
          "signer_name": "Sầm Văn Thao"}),
    _row("report-transition", "post", lambda w: reverse("plans:report_transition", args=[w.report.pk]),
         DRAFT_REPORT_WRITE, {"to": "submitted"}),
    _row("report-pdf-draft", "get", lambda w: reverse("plans:report_pdf", args=[w.report.pk]), DRAFT_REPORT),
    _row("report-pdf-signed", "get", lambda w: reverse("plans:report_pdf", args=[w.signed_report.pk]), READ_OBJ),
    _row("report-docx-draft", "get", lambda w: reverse("plans:report_docx", args=[w.report.pk]), DRAFT_REPORT),
    _row("report-docx-signed", "get", lambda w: reverse("plans:report_docx", args=[w.signed_report.pk]),
         READ_OBJ),
    _row("report-xlsx-signed", "get", lambda w: reverse("plans:report_xlsx", args=[w.signed_report.pk]), READ_OBJ),
    # Accounts, people and the dated superior (issue 13: units/account_views.py, units/views.py)
    _row("accounts", "get", lambda w: reverse("units:account_list"), EDITORS_ONLY_ORG),
    _row("account-create-page", "get", lambda w: reverse("units:account_create"), EDITORS_ONLY_ORG),
    _row("account-create", "post", lambda w: reverse("units:account_create"), EDITORS_ONLY_ORG,
         lambda w: {"username": "moi", "full_name": "Nguyễn Văn Mới", "role": "chu_tich"}),
    _row("account-edit-page", "get", lambda w: reverse("units:account_edit", args=[w.account.pk]), EDITORS_ONLY_OBJ),
    _row("account-edit", "post", lambda w: reverse("units:account_edit", args=[w.account.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"full_name": "Cán Bộ Sửa", "email": "a@example.vn", "role": "can_bo", "unit": str(w.unit.pk)}),
    _row("account-disable", "post", lambda w: reverse("units:account_set_active", args=[w.account.pk]),
         EDITORS_ONLY_OBJ, {"active": "0"}),
    _row("account-send-link", "post", lambda w: reverse("units:account_send_link", args=[w.account.pk]),
         EDITORS_ONLY_OBJ),
    _row("account-temporary-password", "post",
         lambda w: reverse("units:account_temporary_password", args=[w.account.pk]), EDITORS_ONLY_OBJ),
    _row("people", "get", lambda w: reverse("units:person_list"), EDITORS_ONLY_ORG),
    _row("person-create-page", "get", lambda w: reverse("units:person_create"), EDITORS_ONLY_ORG),
    _row("person-create", "post", lambda w: reverse("units:person_create"), EDITORS_ONLY_ORG,
         lambda w: {"full_name": "Lê Văn Ba", "unit": str(w.unit.pk) if w.unit else "", "is_active": "on"}),
    _row("person-detail", "get", lambda w: reverse("units:person_detail", args=[w.person.pk]), EDITORS_ONLY_OBJ),
    _row("person-update", "post", lambda w: reverse("units:person_detail", args=[w.person.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"full_name": "Cán bộ", "unit": str(w.unit.pk), "started_on": "01/03/2015", "is_active": "on"}),
    _row("initiative-add-page", "get", lambda w: reverse("units:initiative_add", args=[w.person.pk]),
         EDITORS_ONLY_OBJ),
    _row("initiative-edit-page", "get", lambda w: reverse("units:initiative_edit", args=[w.initiative.pk]),
         EDITORS_ONLY_OBJ),
    _row("initiative-add", "post", lambda w: reverse("units:initiative_add", args=[w.person.pk]), EDITORS_ONLY_OBJ,
         {"kind": "sang_kien", "title": "Mô hình mới", "year": "2024", "level": "co_so"}),
    _row("initiative-edit", "post", lambda w: reverse("units:initiative_edit", args=[w.initiative.pk]),
         EDITORS_ONLY_OBJ, {"kind": "sang_kien", "title": "Sổ tay số", "year": "2024", "level": "co_so",
                            "accepted": "on", "accepted_on": "15/11/2024"}),
    _row("initiative-delete", "post", lambda w: reverse("units:initiative_delete", args=[w.initiative.pk]),
         EDITORS_ONLY_OBJ),
    _row("superior-add", "post", lambda w: reverse("units:superior_add"), EDITORS_ONLY_ORG,
         {"superior_name": "UBND tỉnh Lạng Sơn", "valid_from": "01/07/2025"}),
    _row("communes", "get", lambda w: reverse("units:communes"), SERVER_ADMIN),
    _row("commune-create", "post", lambda w: reverse("units:communes"), SERVER_ADMIN,
         {"name": "Ủy ban nhân dân xã Mới", "slug": "xa-moi", "place_name": "Mới", "superior_name": "UBND tỉnh",
          "username": "vhxh-moi", "full_name": "Người Mới"}),
    _row("first-run", "get", lambda w: reverse("first_run"), FIRST_RUN_CLOSED),
    _row("first-run-post", "post", lambda w: reverse("first_run"), FIRST_RUN_CLOSED,
         {"name": "Ủy ban nhân dân xã Mới", "slug": "xa-moi", "place_name": "Mới", "superior_name": "UBND tỉnh",
          "username": "vhxh-moi", "full_name": "Người Mới", "password1": "Mat-khau-dai-2025",
          "password2": "Mat-khau-dai-2025"}),
    # Django's own auth flows, in Vietnamese (templates/registration/)
    _row("password-change", "get", lambda w: reverse("password_change"), SIGNED_IN),
    _row("password-change-done", "get", lambda w: reverse("password_change_done"), SIGNED_IN),
    _row("password-reset", "get", lambda w: reverse("password_reset"), PUBLIC),
    _row("password-reset-post", "post", lambda w: reverse("password_reset"), PUBLIC, {"email": "canbo@example.vn"}),
    _row("password-reset-done", "get", lambda w: reverse("password_reset_done"), PUBLIC),
    _row("password-reset-confirm-bad-token", "get",
         lambda w: reverse("password_reset_confirm", args=["MQ", "sai-ma"]), PUBLIC),
    _row("password-reset-complete", "get", lambda w: reverse("password_reset_complete"), PUBLIC),
    _row("organization", "post", lambda w: reverse("units:organization"), EDITORS_ONLY_ORG,
         {"name": "Ủy ban nhân dân xã Thanh Sơn", "short_name": "UBND xã Thanh Sơn",
          "superior_name": "UBND tỉnh Lạng Sơn", "place_name": "Thanh Sơn", "chairman_name": "Sầm Văn Thao"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "expected", "data"), MATRIX)
def test_role_page_matrix(client, world, role, method, url, expected, data):
    if role != "anonymous":
        client.force_login(world.users[role])
    payload = data(world) if callable(data) else (data or {})
    response = request_checked(client, method, url(world), payload)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and reverse("login") in response["Location"], response.status_code
    elif want == OK:
        assert response.status_code < 400, (response.status_code, getattr(response, "content", b"")[:500])
        if response.status_code == 302:
            assert reverse("login") not in response["Location"]
    else:
        assert response.status_code == want, response.status_code


# Apps with their own objects keep their own matrix in <app>/tests/test_permissions.py; that module
# exposes MATRIX_URL_NAMES, the URL names its matrix exercises.
COVERED_ELSEWHERE = {"campaigns": "campaigns.tests.test_permissions", "awards": "awards.tests.test_permissions",
                     "notifications": "notifications.tests.test_notifications",
                     "reminders": "notifications.tests.test_reminder_views"}


def test_matrix_covers_every_url():
    """A new page without a row in a matrix fails here, so nobody forgets to decide who may see it."""
    import importlib

    # Public probes and the icon: tested in tests/test_production.py.
    covered = {"dashboard", "login", "logout", "healthz", "readyz", "favicon"}
    for param in MATRIX:
        fake = World(plan=_Obj(), task=_Obj(), other_task=_Obj(), section=_Obj(), empty_section=_Obj(),
                     update=_Obj(), unit=_Obj(), signed_plan=_Obj(), issued=_Obj(), report=_Obj(),
                     signed_report=_Obj(), person=_Obj(), initiative=_Obj(), account=_Obj())
        path = param.values[1](fake).split("?")[0]
        match = resolve(path)
        covered.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    names = set()
    for pattern in get_resolver().url_patterns:
        namespace = getattr(pattern, "namespace", None)
        if namespace == "admin" or getattr(pattern, "app_name", None) == "admin":
            continue
        if namespace:
            names.update(f"{namespace}:{p.name}" for p in pattern.url_patterns if p.name)
        elif getattr(pattern, "name", None):
            names.add(pattern.name)
    for namespace, module in COVERED_ELSEWHERE.items():
        if any(name.startswith(f"{namespace}:") for name in names):
            covered |= set(importlib.import_module(module).MATRIX_URL_NAMES)
    assert names - covered == set()


class _Obj:
    pk = 1
    code = "ABCDEFGHIJ"


def test_admin_is_closed_to_officials(client, vhxh):
    client.force_login(vhxh)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]



def test_superuser_pages(client, world, django_user_model):
    """The server administrator opens "Các xã" and creates a commune there; /admin/ stays theirs too."""
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "matkhau-quan-tri")
    client.force_login(admin)
    assert client.get(reverse("units:communes")).status_code == 200
    response = client.post(reverse("units:communes"), {
        "name": "Ủy ban nhân dân xã Mới", "slug": "xa-moi", "place_name": "Mới", "superior_name": "UBND tỉnh Lạng Sơn",
        "username": "vhxh-moi", "full_name": "Người Mới"})
    assert response.status_code == 200 and "/reset/" in response.content.decode()
    assert django_user_model.objects.get(username="vhxh-moi").organization.slug == "xa-moi"
