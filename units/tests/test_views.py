import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from units.models import Organization, SuperiorLink, Unit
from units.selectors import superior_name_on
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


@time_machine.travel(dt.datetime(2025, 9, 1, 9, 0), tick=False)
def test_superior_office_is_dated(client, chutich, org):
    """The 2025 reform: the district until 30/06/2025, the province from 01/07/2025; each date prints its own."""
    client.force_login(chutich)
    for name, day in [("UBND huyện Hữu Lũng", "01/01/2021"), ("UBND tỉnh Lạng Sơn", "01/07/2025")]:
        response = client.post(reverse("units:superior_add"), {"superior_name": name, "valid_from": day})
        assert response.status_code == 302, response.content.decode()[:500]
    assert superior_name_on(org, on=dt.date(2025, 6, 30)) == "UBND huyện Hữu Lũng"
    assert superior_name_on(org, on=dt.date(2025, 7, 1)) == "UBND tỉnh Lạng Sơn"
    district, province = (link.superior for link in org.superior_links.order_by("valid_from"))
    assert (district.kind, province.kind) == (Organization.Kind.DISTRICT, Organization.Kind.PROVINCE)
    html = client.get(reverse("units:organization")).content.decode()
    assert "30/06/2025" in html and "01/07/2025" in html
    assert SuperiorLink.history.count() == 3  # two created, one closed
    org.refresh_from_db()
    assert org.superior_name == "UBND tỉnh Lạng Sơn"  # the legacy field follows the link valid today
