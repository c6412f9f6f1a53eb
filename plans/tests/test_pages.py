import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services
from plans.models import Section, Task, TaskUpdate


@pytest.fixture
def plan(org, vhxh, unit, other_unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    q1, q2 = plan.sections.get(kind=Section.Kind.Q1), plan.sections.get(kind=Section.Kind.Q2)
    services.task_create(section=q1, by=vhxh, content="Ban hành Kế hoạch công tác TĐKT năm 2024.", units=[unit])
    services.task_create(section=q1, by=vhxh, content="Đăng ký thi đua", units=[other_unit, unit])
    services.task_create(section=q2, by=vhxh, content="Báo cáo sơ kết 6 tháng", units=[other_unit])
    return plan


def task(plan, number):
    return plan.tasks.get(number=number)


@time_machine.travel(dt.datetime(2024, 5, 2, 9, 0))
def test_dashboard_shows_progress_overdue_and_my_tasks(client, plan, canbo, vhxh):
    services.task_set_status(task=task(plan, 1), by=vhxh, status=Task.Status.DONE, note="Đã ban hành")
    client.force_login(canbo)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Nhiệm vụ của đơn vị tôi" in html
    assert "Đăng ký thi đua" in html  # canbo's unit is the second unit of task 2
    assert "Nhiệm vụ quá hạn" in html and "Quá hạn" in html  # task 2 was due 31/03/2024
    assert "1/2 hoàn thành" in html  # QUÝ I
    assert "Đã ban hành" in html  # latest updates


def test_plan_detail_filters(client, plan, vhxh, other_unit):
    client.force_login(vhxh)
    url = reverse("plans:detail", args=[plan.pk])
    html = client.get(url, {"quarter": "q2"}).content.decode()
    assert "Báo cáo sơ kết 6 tháng" in html and "Đăng ký thi đua" not in html
    html = client.get(url, {"unit": other_unit.pk}).content.decode()
    assert "Đăng ký thi đua" in html and "Ban hành Kế hoạch" not in html
    html = client.get(url, {"status": "done"}).content.decode()
    assert "Không có nhiệm vụ nào khớp bộ lọc" in html


@time_machine.travel(dt.datetime(2024, 4, 5, 9, 0))
def test_plan_detail_overdue_filter(client, plan, vhxh):
    services.task_set_status(task=task(plan, 1), by=vhxh, status=Task.Status.DONE, note="Xong")
    client.force_login(vhxh)
    html = client.get(reverse("plans:detail", args=[plan.pk]), {"overdue": "on"}).content.decode()
    assert "Đăng ký thi đua" in html
    assert "Ban hành Kế hoạch" not in html and "Báo cáo sơ kết" not in html


def test_user_text_is_escaped_once(client, org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2025, by=vhxh, legal_bases='Căn cứ "Quy chế" <b>A</b> & B')
    services.task_create(section=plan.sections.first(), by=vhxh, content="<script>alert(1)</script> ≥ 50% & 'x'",
                         units=[unit])
    client.force_login(vhxh)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ≥ 50% &amp; &#x27;x&#x27;" in html
    assert "<script>alert" not in html
    assert "&amp;lt;" not in html  # not double-escaped
    assert "Căn cứ &quot;Quy chế&quot; &lt;b&gt;A&lt;/b&gt; &amp; B" in html


def test_status_update_with_attachment(client, plan, canbo):
    client.force_login(canbo)
    pdf = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("plans:task_status", args=[task(plan, 1).pk]),
                           {"status": "done", "note": "Đã hoàn thành", "attachment": pdf})
    assert response.status_code == 302
    update = TaskUpdate.objects.get()
    assert (update.author, update.to_status, update.attachment_name) == (canbo, "done", "ket-qua.pdf")
    download = client.get(reverse("plans:attachment", args=[update.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    page = client.get(reverse("plans:task_detail", args=[task(plan, 1).pk])).content.decode()
    assert "Đã hoàn thành" in page and "ket-qua.pdf" in page


def test_disguised_attachment_is_refused_and_nothing_saved(client, plan, canbo):
    client.force_login(canbo)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(reverse("plans:task_status", args=[task(plan, 1).pk]),
                           {"status": "done", "note": "x", "attachment": fake})
    assert response.status_code == 422
    assert "Tệp đính kèm không đúng định dạng" in response.content.decode()
    assert not TaskUpdate.objects.exists()
    assert task(plan, 1).status == Task.Status.NOT_STARTED


def test_too_large_attachment_is_refused(client, plan, canbo, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    client.force_login(canbo)
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"0" * 2048, content_type="application/pdf")
    response = client.post(reverse("plans:task_status", args=[task(plan, 1).pk]),
                           {"status": "done", "attachment": big})
    assert response.status_code == 422
    assert "lớn hơn" in response.content.decode()
    assert not TaskUpdate.objects.exists()


def test_cancel_without_reason_names_the_field(client, plan, vhxh):
    client.force_login(vhxh)
    response = client.post(reverse("plans:task_status", args=[task(plan, 1).pk]), {"status": "cancelled"})
    assert response.status_code == 422
    assert "Cần ghi lý do khi không thực hiện nhiệm vụ." in response.content.decode()
    assert not TaskUpdate.objects.exists()


def test_same_status_without_note_is_refused(client, plan, vhxh):
    client.force_login(vhxh)
    response = client.post(reverse("plans:task_status", args=[task(plan, 1).pk]), {"status": "not_started"})
    assert response.status_code == 422
    assert "Trạng thái không đổi" in response.content.decode()


def test_canbo_sees_no_update_form_on_other_units_task(client, plan, canbo):
    client.force_login(canbo)
    html = client.get(reverse("plans:task_detail", args=[task(plan, 3).pk])).content.decode()
    assert "Lưu cập nhật" not in html
    html = client.get(reverse("plans:task_detail", args=[task(plan, 1).pk])).content.decode()
    assert "Lưu cập nhật" in html


def test_attachment_of_another_commune_is_404(client, plan, vhxh, outsider):
    update = services.task_set_status(
        task=task(plan, 1), by=vhxh, status=Task.Status.DONE, note="x",
        attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    client.force_login(outsider)
    assert client.get(reverse("plans:attachment", args=[update.pk])).status_code == 404


def test_dates_are_dd_mm_yyyy(client, plan, vhxh):
    client.force_login(vhxh)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "31/03/2024" in html and "30/06/2024" in html


def test_plan_create_page(client, org, vhxh):
    client.force_login(vhxh)
    response = client.post(reverse("plans:create"), {"year": "2026"})
    assert response.status_code == 302
    response = client.post(reverse("plans:create"), {"year": "2026"})
    assert response.status_code == 200
    assert "Đã có kế hoạch năm 2026." in response.content.decode()


def test_plan_history_lists_changes_with_author(client, plan, vhxh, unit):
    t = task(plan, 1)
    services.task_update(task=t, by=vhxh, content="Ban hành Kế hoạch (sửa)", units=[unit],
                         deadline=dt.date(2024, 2, 15))
    services.plan_update(plan=plan, by=vhxh, number="15/KH-UBND")
    client.force_login(vhxh)
    html = client.get(reverse("plans:history", args=[plan.pk])).content.decode()
    assert "Ban hành Kế hoạch (sửa)" in html and "31/03/2024" in html and "15/02/2024" in html
    assert "15/KH-UBND" in html and "Số, ký hiệu" in html
    assert "Hạn hoàn thành" in html
