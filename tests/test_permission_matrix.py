"""Role × page matrix: every page and every write, for every role, another commune's user and anonymous.

Expected codes: 200/302 where allowed ("ok": any 2xx or 3xx except a redirect to the login page), 403 where the role
may not, 404 for another commune's objects (they must not even be confirmed to exist), "login" for anonymous.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, resolve, reverse

from plans import services
from plans.models import Section, Task

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


@pytest.fixture
def world(org, unit, other_unit, vhxh, chutich, canbo, captren, outsider):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    task = services.task_create(section=q1, by=vhxh, content="Báo cáo sơ kết", units=[unit])
    other = services.task_create(section=q1, by=vhxh, content="Việc khác", units=[other_unit])
    update = services.task_set_status(
        task=task, by=vhxh, status=Task.Status.IN_PROGRESS, note="Bắt đầu",
        attachment=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
    )
    return World(
        plan=plan, task=task, other_task=other, section=q1, empty_section=plan.sections.get(kind=Section.Kind.Q4),
        update=update, unit=unit,
        users={"canbo": canbo, "vhxh": vhxh, "chutich": chutich, "captren": captren, "outsider": outsider},
    )


def _row(name, method, url, expected, data=None):
    """`expected` maps each role to OK, LOGIN, 403 or 404; `data` is a dict or a function of the world."""
    return pytest.param(method, url, expected, data, id=name)


EDITORS_ONLY_OBJ = {"anonymous": LOGIN, "canbo": FORBIDDEN, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
                    "outsider": NOT_FOUND}
EDITORS_ONLY_ORG = {**EDITORS_ONLY_OBJ, "outsider": OK}  # not about an object: the outsider acts on their own commune
READ_OBJ = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": OK, "outsider": NOT_FOUND}
READ_ANY = {**READ_OBJ, "outsider": OK}
UPDATE_TASK = {"anonymous": LOGIN, "canbo": OK, "vhxh": OK, "chutich": OK, "captren": FORBIDDEN,
               "outsider": NOT_FOUND}
UPDATE_OTHER_UNIT_TASK = {**UPDATE_TASK, "canbo": FORBIDDEN}

MATRIX = [
    # Pages
    _row("dashboard", "get", lambda w: reverse("dashboard"), READ_ANY),
    _row("plan-list", "get", lambda w: reverse("plans:list"), READ_ANY),
    _row("plan-detail", "get", lambda w: reverse("plans:detail", args=[w.plan.pk]), READ_OBJ),
    _row("plan-detail-filtered", "get",
         lambda w: reverse("plans:detail", args=[w.plan.pk]) + "?quarter=q1&status=in_progress&overdue=on", READ_OBJ),
    _row("plan-pdf", "get", lambda w: reverse("plans:pdf", args=[w.plan.pk]), READ_OBJ),
    _row("plan-docx", "get", lambda w: reverse("plans:docx", args=[w.plan.pk]), READ_OBJ),
    _row("plan-history", "get", lambda w: reverse("plans:history", args=[w.plan.pk]), READ_OBJ),
    _row("search", "get", lambda w: reverse("plans:search") + "?q=bao+cao", READ_ANY),
    _row("task-detail", "get", lambda w: reverse("plans:task_detail", args=[w.task.pk]), READ_OBJ),
    _row("attachment", "get", lambda w: reverse("plans:attachment", args=[w.update.pk]), READ_OBJ),
    _row("export", "get", lambda w: reverse("plans:export", args=[w.plan.pk]), READ_OBJ),
    _row("plan-create-page", "get", lambda w: reverse("plans:create"), EDITORS_ONLY_ORG),
    _row("import-page", "get", lambda w: reverse("plans:import"), EDITORS_ONLY_ORG),
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
    _row("organization-page", "get", lambda w: reverse("units:organization"), EDITORS_ONLY_ORG),
    # Writes
    _row("plan-create", "post", lambda w: reverse("plans:create"), EDITORS_ONLY_ORG, {"year": "2031"}),
    _row("task-status", "post", lambda w: reverse("plans:task_status", args=[w.task.pk]), UPDATE_TASK,
         {"status": "done", "note": "Đã xong"}),
    _row("task-status-other-unit", "post", lambda w: reverse("plans:task_status", args=[w.other_task.pk]),
         UPDATE_OTHER_UNIT_TASK, {"status": "done", "note": "Đã xong"}),
    _row("texts", "post", lambda w: reverse("plans:texts", args=[w.plan.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"title": "Công tác thi đua, khen thưởng năm 2024", "signer_authority": "TM. ỦY BAN NHÂN DÂN",
                    "signer_title": "CHỦ TỊCH", "signer_name": "Sầm Văn Thao", "recipients": "- Lưu: VT."}),
    _row("section-add", "post", lambda w: reverse("plans:section_add", args=[w.plan.pk]), EDITORS_ONLY_OBJ,
         {"kind": "all_year"}),
    _row("section-move", "post", lambda w: reverse("plans:section_move", args=[w.empty_section.pk]), EDITORS_ONLY_OBJ,
         {"position": "0", "direction": "up"}),
    _row("section-delete", "post", lambda w: reverse("plans:section_delete", args=[w.empty_section.pk]),
         EDITORS_ONLY_OBJ),
    _row("task-add", "post", lambda w: reverse("plans:task_add", args=[w.section.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"content": "Nhiệm vụ mới", "units": [str(w.unit.pk)], "deadline": "31/03/2024"}),
    _row("task-edit", "post", lambda w: reverse("plans:task_edit", args=[w.task.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"content": "Nội dung sửa", "units": [str(w.unit.pk)], "deadline": "31/03/2024"}),
    _row("task-move", "post", lambda w: reverse("plans:task_move", args=[w.task.pk]), EDITORS_ONLY_OBJ,
         lambda w: {"section": str(w.section.pk), "position": "1"}),
    _row("task-delete", "post", lambda w: reverse("plans:task_delete", args=[w.other_task.pk]), EDITORS_ONLY_OBJ),
    _row("copy", "post", lambda w: reverse("plans:copy", args=[w.plan.pk]), EDITORS_ONLY_OBJ, {"year": "2025"}),
    _row("unit-create", "post", lambda w: reverse("units:create"), EDITORS_ONLY_ORG,
         {"name": "Hội Người cao tuổi xã", "kind": "doan_the", "order": "5", "is_active": "on"}),
    _row("unit-edit", "post", lambda w: reverse("units:edit", args=[w.unit.pk]), EDITORS_ONLY_OBJ,
         {"name": "Hội Nông dân xã", "kind": "doan_the", "order": "1", "is_active": "on"}),
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
    response = getattr(client, method)(url(world), payload)
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
COVERED_ELSEWHERE = {"campaigns": "campaigns.tests.test_permissions", "awards": "awards.tests.test_permissions"}


def test_matrix_covers_every_url():
    """A new page without a row in a matrix fails here, so nobody forgets to decide who may see it."""
    import importlib

    covered = {"dashboard", "login", "logout", "healthz"}
    for param in MATRIX:
        fake = World(plan=_Obj(), task=_Obj(), other_task=_Obj(), section=_Obj(), empty_section=_Obj(),
                     update=_Obj(), unit=_Obj())
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


def test_admin_is_closed_to_officials(client, vhxh):
    client.force_login(vhxh)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

