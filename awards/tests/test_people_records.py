"""The people pages (units) write what the award checks read: the start of service and accepted sáng kiến."""

import pytest
from django.urls import reverse

from units.tests.factories import PersonFactory

from .conftest import ready_dossier
from .test_checks import _results

pytestmark = pytest.mark.django_db


def test_start_date_and_initiative_typed_on_the_person_page_feed_the_checks(client, org, vhxh, unit, forms_by_code):
    person = PersonFactory(unit=unit, full_name="Hoàng Văn Thắng")
    dossier = ready_dossier(org=org, by=vhxh, form=forms_by_code["CSTDCS"],
                            nominees=[{"subject_kind": "ca_nhan", "person": person}])
    nominee = dossier.nominees.get()
    assert _results(nominee, "Thời gian công tác")[0].warning  # no start date yet
    assert _results(nominee, "Điều kiện: có sáng kiến")[0].blocking

    client.force_login(vhxh)
    response = client.post(reverse("units:person_detail", args=[person.pk]), {
        "full_name": person.full_name, "unit": unit.pk, "position": "Chủ tịch Hội", "started_on": "01/03/2015",
        "is_active": "on"})
    assert response.status_code == 302
    response = client.post(reverse("units:initiative_add", args=[person.pk]), {
        "kind": "sang_kien", "title": "Mô hình tổ hợp tác nuôi ong", "year": "2024", "level": "co_so",
        "accepted": "on", "accepted_on": "15/11/2024", "accepted_note": "QĐ 12/QĐ-UBND"})
    assert response.status_code == 302

    nominee = dossier.nominees.select_related("person").get()
    [service] = _results(nominee, "Thời gian công tác")
    assert service.passed and "01/03/2015" in service.message
    [initiative] = _results(nominee, "Điều kiện: có sáng kiến")
    assert initiative.passed and "nuôi ong" in initiative.message
    assert person.initiatives.get().history.first().history_user == vhxh


def test_a_date_of_recognition_needs_an_accepted_initiative(client, vhxh, unit):
    person = PersonFactory(unit=unit)
    client.force_login(vhxh)
    response = client.post(reverse("units:initiative_add", args=[person.pk]), {
        "kind": "sang_kien", "title": "Chưa công nhận", "year": "2024", "level": "co_so", "accepted_on": "15/11/2024"})
    assert response.status_code == 200
    assert "Chỉ ghi ngày công nhận khi sáng kiến đã được công nhận." in response.content.decode()
    assert not person.initiatives.exists()
