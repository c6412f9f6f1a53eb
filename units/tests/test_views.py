import pytest
from django.urls import reverse

from units.models import Unit
from units.text import fold, unit_key


def test_fold_ignores_accents_case_and_d():
    assert fold("Báo Cáo") == "bao cao"
    assert fold("Đăng ký") == "dang ky"
    assert unit_key("Công chức Văn hóa – Xã hội ") == unit_key("cong chuc van hoa-xa hoi")
    assert unit_key("HD TĐKT xã") == unit_key("HĐ TĐKT xã")


def test_unit_create_and_duplicate_name(client, vhxh, org):
    client.force_login(vhxh)
    data = {"name": "Hội Người cao tuổi xã", "kind": "doan_the", "order": "3", "is_active": "on"}
    assert client.post(reverse("units:create"), data).status_code == 302
    response = client.post(reverse("units:create"), {**data, "name": "hội người cao tuổi xã"})
    assert response.status_code == 200
    assert "Đơn vị này đã có trong danh mục." in response.content.decode()
    assert Unit.objects.filter(organization=org).count() == 1


def test_unit_edit_deactivates(client, vhxh, unit):
    client.force_login(vhxh)
    response = client.post(reverse("units:edit", args=[unit.pk]),
                           {"name": unit.name, "kind": unit.kind, "order": "0", "aliases": "HND xã"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert not unit.is_active and unit.aliases == "HND xã"
    assert unit_key("HND xã") in unit.match_keys()


def test_unit_list_is_scoped_to_the_organization(client, vhxh, unit, other_org):
    Unit.objects.create(organization=other_org, name="Đơn vị xã khác")
    client.force_login(vhxh)
    html = client.get(reverse("units:list")).content.decode()
    assert unit.name in html and "Đơn vị xã khác" not in html


@pytest.mark.parametrize("role", ["canbo", "captren"])
def test_only_editors_change_the_organization(client, request, role, org):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("units:organization"), {"name": "X", "short_name": "X", "superior_name": "X",
                                                           "place_name": "X"})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name == "Ủy ban nhân dân xã Thanh Sơn"


def test_superior_office_name_is_editable(client, chutich, org):
    client.force_login(chutich)
    response = client.post(reverse("units:organization"), {
        "name": org.name, "short_name": org.short_name, "superior_name": "UBND tỉnh Lạng Sơn",
        "place_name": org.place_name, "chairman_name": org.chairman_name,
    })
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.superior_name == "UBND tỉnh Lạng Sơn"
    assert org.history.count() == 2
