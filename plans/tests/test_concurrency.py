"""No lost edits: stale forms get a conflict page, parallel saves queue and keep the history a chain.

The parallel tests run on whichever database the suite uses (SQLite file in WAL mode with IMMEDIATE
transactions by default; PostgreSQL with DATABASE_URL), with real threads and committed data.
"""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from plans import services
from plans.models import Plan, Section, Task, TaskUpdate

HTMX = {"HX-Request": "true"}
PARALLEL = 20


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2024, 5, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def plan(org, vhxh):
    return services.plan_create(organization=org, year=2024, by=vhxh)


@pytest.fixture
def task(plan, vhxh, unit):
    return services.task_create(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh, content="Bản gốc",
                                units=[unit])


def task_post(task, **overrides):
    data = {"content": "Bản của tôi", "units": [tu.unit_id for tu in task.task_units.all()],
            "deadline": "31/03/2024", "version": task.version}
    data.update(overrides)
    return data


def texts_post(plan, **overrides):
    data = {"title": plan.title, "signer_authority": plan.signer_authority, "signer_title": plan.signer_title,
            "signer_name": plan.signer_name, "recipients": "- Lưu: VT.", "purpose": "Mục đích của tôi",
            "version": plan.version}
    data.update(overrides)
    return data


# --- conflict pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False])
def test_stale_task_form_shows_both_versions_and_writes_nothing(client, vhxh, chutich, task, other_unit, htmx):
    opened = task.version
    services.task_update(task=task, by=chutich, content="Bản của Chủ tịch", units=[other_unit],
                         expected_version=opened)
    client.force_login(vhxh)
    response = client.post(reverse("plans:task_edit", args=[task.pk]), task_post(task, version=opened),
                           headers=HTMX if htmx else {})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chưa lưu: nhiệm vụ 1 đã được" in html and "sau khi bạn mở biểu mẫu" in html
    assert "Bản của Chủ tịch" in html and "Bản của tôi" in html and other_unit.name in html
    assert "Giữ bản của tôi" in html and "Lấy bản đã lưu" in html and "Tự gộp hai bản" in html
    assert ("<html" in html) is not htmx
    if htmx:
        assert html.lstrip().startswith(f'{"<div"} class="edit-conflict')
        assert f'id="task-form-edit-{task.pk}"' in html
    task.refresh_from_db()
    assert task.content == "Bản của Chủ tịch" and task.version == opened + 1


def test_keep_mine_resends_with_the_stored_version(client, vhxh, chutich, task, unit):
    opened = task.version
    services.task_update(task=task, by=chutich, content="Bản của Chủ tịch", units=[unit], expected_version=opened)
    client.force_login(vhxh)
    url = reverse("plans:task_edit", args=[task.pk])
    conflict = client.post(url, task_post(task, version=opened), headers=HTMX)
    assert conflict.status_code == 409
    # "Giữ bản của tôi" carries the officer's values and the version they have now seen.
    assert f'name="version" value="{opened + 1}"' in conflict.content.decode()
    response = client.post(url, task_post(task, version=opened + 1), headers=HTMX)
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.content == "Bản của tôi" and task.version == opened + 2


def test_a_status_change_does_not_make_the_edit_form_stale(client, vhxh, task):
    opened = task.version
    services.task_set_status(task=task, by=vhxh, status=Task.Status.IN_PROGRESS, note="Bắt đầu")
    client.force_login(vhxh)
    response = client.post(reverse("plans:task_edit", args=[task.pk]), task_post(task, version=opened),
                           headers=HTMX)
    assert response.status_code == 200
    task.refresh_from_db()
    # The edit is saved and the status recorded meanwhile is kept, not written back from the form's copy.
    assert task.content == "Bản của tôi" and task.status == Task.Status.IN_PROGRESS


def test_a_form_without_its_version_is_refused(client, vhxh, task):
    client.force_login(vhxh)
    data = task_post(task)
    del data["version"]
    response = client.post(reverse("plans:task_edit", args=[task.pk]), data, headers=HTMX)
    assert response.status_code == 422 and "Biểu mẫu thiếu phiên bản" in response.content.decode()
    task.refresh_from_db()
    assert task.content == "Bản gốc"


@pytest.mark.parametrize("htmx", [True, False])
def test_stale_plan_texts_show_a_conflict(client, vhxh, chutich, plan, htmx):
    opened = plan.version
    services.plan_update_texts(plan=plan, by=chutich, recipients=[("Lưu", "VT")], purpose="Mục đích của Chủ tịch",
                               expected_version=opened)
    client.force_login(vhxh)
    url = reverse("plans:texts", args=[plan.pk])
    response = client.post(url, texts_post(plan, version=opened), headers=HTMX if htmx else {})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chưa lưu: văn bản kế hoạch đã được" in html
    assert "Mục đích của Chủ tịch" in html and "Mục đích của tôi" in html
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.purpose == "Mục đích của Chủ tịch" and stored.version == opened + 1
    assert list(stored.recipients.values_list("name", "note")) == [("Lưu", "VT")]
    # Merge by hand: the officer's edited text with the version shown on the conflict page.
    merged = client.post(url, texts_post(plan, purpose="Gộp cả hai", version=opened + 1), headers=HTMX)
    assert merged.status_code == 200
    assert Plan.objects.get(pk=plan.pk).purpose == "Gộp cả hai"


def test_plan_update_keeps_a_concurrent_status(vhxh, plan, task):
    stale = Plan.objects.get(pk=plan.pk)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SUBMITTED)
    # A stale instance with status "draft" would have undone the submission with a full save.
    with pytest.raises(Exception, match="dự thảo|Chỉ|không"):
        services.plan_update(plan=stale, by=vhxh, title="Khác", expected_version=stale.version)
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.SUBMITTED


# --- parallel saves ----------------------------------------------------------------------------------


def _in_threads(work) -> list:
    """Run work(i) in PARALLEL threads released together; returns the results (exceptions included)."""
    barrier = threading.Barrier(PARALLEL)
    results: list = [None] * PARALLEL

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # reported by the caller's asserts
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _clients(user) -> list[Client]:
    clients = []
    for _ in range(PARALLEL):
        c = Client()
        c.force_login(user)
        clients.append(c)
    return clients


@pytest.mark.django_db(transaction=True)
def test_parallel_status_saves_queue_and_keep_the_history_a_chain(org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    task = services.task_create(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh, content="Việc",
                                units=[unit])
    clients = _clients(vhxh)
    url = reverse("plans:task_status", args=[task.pk])
    statuses = [Task.Status.IN_PROGRESS, Task.Status.DONE, Task.Status.NOT_STARTED]

    def save(i):
        response = clients[i].post(url, {"status": statuses[i % 3], "note": f"Lần {i}"})
        return response.status_code

    results = _in_threads(save)
    assert results == [302] * PARALLEL, results
    updates = list(TaskUpdate.objects.filter(task=task).order_by("pk"))
    assert len(updates) == PARALLEL
    assert updates[0].from_status == Task.Status.NOT_STARTED
    for previous, update in zip(updates, updates[1:], strict=False):
        assert update.from_status == previous.to_status, (previous.pk, update.pk)
    task.refresh_from_db()
    assert task.status == updates[-1].to_status


@pytest.mark.django_db(transaction=True)
def test_parallel_edits_from_one_version_save_once_and_refuse_the_rest(org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    task = services.task_create(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh, content="Việc",
                                units=[unit])
    clients = _clients(vhxh)
    url = reverse("plans:task_edit", args=[task.pk])

    def save(i):
        return clients[i].post(url, task_post(task, content=f"Bản {i}"), headers=HTMX).status_code

    results = _in_threads(save)
    assert sorted(results) == [200] + [409] * (PARALLEL - 1), results
    task.refresh_from_db()
    assert task.version == 2 and task.content.startswith("Bản ")
