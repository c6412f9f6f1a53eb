"""Communes on one server, their dated superior offices, and the first-run page (issue 13; issue 15 builds on it)."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from units import communes
from units.catalog import STANDARD_UNITS
from units.models import Organization, SuperiorLink, Unit, User
from units.roles import Role
from units.selectors import communes_of, setup_needed, superior_name_on, superior_of

TODAY = dt.datetime(2025, 9, 1, 9, 0)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_create_commune_command_seeds_units_superior_and_a_first_link(client, db):
    out = StringIO()
    call_command("create_commune", "--name", "Ủy ban nhân dân xã Hòa Bình", "--slug", "hoa-binh",
                 "--place", "Hòa Bình", "--superior", "UBND tỉnh Lạng Sơn", "--superior-from", "01/07/2025",
                 "--email", "vhxh@hoabinh.vn", stdout=out)
    org = Organization.objects.get(slug="hoa-binh")
    assert (org.kind, org.short_name, org.superior_name) == ("xa", "UBND xã Hòa Bình", "UBND tỉnh Lạng Sơn")
    assert org.units.count() == len(STANDARD_UNITS)
    user = User.objects.get(username="vhxh-hoa-binh")
    assert user.roles == {Role.VHXH} and user.person.unit.name == "Công chức Văn hóa – Xã hội"
    assert superior_of(org, on=dt.date(2025, 7, 1)).kind == Organization.Kind.PROVINCE
    link = out.getvalue().strip().splitlines()[-1]
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Đặt mật khẩu cho “vhxh-hoa-binh”" in response.content.decode()


def test_create_commune_refuses_a_taken_slug_and_leaves_nothing(db, org):
    before = (Organization.objects.count(), Unit.objects.count(), User.objects.count())
    with pytest.raises(CommandError, match="đã có xã dùng"):
        call_command("create_commune", "--name", "UBND xã Trùng", "--slug", org.slug, "--place", "X",
                     "--superior", "UBND tỉnh", stdout=StringIO())
    assert (Organization.objects.count(), Unit.objects.count(), User.objects.count()) == before


def test_second_commune_with_a_taken_username_rolls_back_entirely(db):
    communes.commune_create(by=None, name="UBND xã Một", slug="mot", place_name="Một", superior_name="UBND tỉnh A",
                            username="vhxh")
    before = (Organization.objects.count(), Unit.objects.count(), SuperiorLink.objects.count())
    with pytest.raises(ValidationError):
        communes.commune_create(by=None, name="UBND xã Hai", slug="hai", place_name="Hai",
                                superior_name="UBND tỉnh A", username="vhxh")
    assert (Organization.objects.count(), Unit.objects.count(), SuperiorLink.objects.count()) == before


def test_only_the_server_administrator_creates_communes(vhxh):
    with pytest.raises(Exception, match="quản trị viên máy chủ"):
        communes.commune_create(by=vhxh, name="UBND xã X", slug="x", place_name="X", superior_name="UBND tỉnh")


def test_reform_history_district_then_province(org, vhxh):
    communes.superior_link_add(commune=org, by=vhxh, superior_name="UBND tỉnh Lạng Sơn",
                               valid_from=dt.date(2025, 7, 1))
    # The district is typed afterwards, for the years before: it ends where the province begins.
    communes.superior_link_add(commune=org, by=vhxh, superior_name="UBND huyện Hữu Lũng",
                               valid_from=dt.date(2020, 1, 1))
    district_link, province_link = org.superior_links.order_by("valid_from")
    assert district_link.valid_to == dt.date(2025, 6, 30) and province_link.valid_to is None
    assert superior_name_on(org, on=dt.date(2024, 12, 31)) == "UBND huyện Hữu Lũng"
    assert superior_name_on(org, on=dt.date(2025, 7, 1)) == "UBND tỉnh Lạng Sơn"
    assert superior_of(org, on=dt.date(2019, 12, 31)) is None
    assert superior_name_on(org, on=dt.date(2019, 12, 31)) == org.superior_name  # the profile's fallback
    district = district_link.superior
    assert list(communes_of(district, on=dt.date(2024, 1, 1))) == [org]
    assert list(communes_of(district, on=dt.date(2025, 7, 1))) == []
    # The same office typed with other accents/case is the same office.
    other = Organization.objects.create(name="UBND xã Bên", short_name="UBND xã Bên", slug="ben", place_name="Bên")
    communes.superior_link_add(commune=other, by=None, superior_name="ubnd TỈNH lạng sơn",
                               valid_from=dt.date(2025, 7, 1))
    assert set(communes_of(province_link.superior, on=dt.date(2025, 8, 1))) == {org, other}


def test_the_database_refuses_a_backwards_range_and_two_open_links(org):
    office = Organization.objects.create(kind="tinh", name="UBND tỉnh", short_name="UBND tỉnh", slug="tinh",
                                         place_name="Tỉnh")
    with pytest.raises(IntegrityError), transaction.atomic():
        SuperiorLink.objects.create(commune=org, superior=office, valid_from=dt.date(2025, 7, 1),
                                    valid_to=dt.date(2025, 6, 30))
    SuperiorLink.objects.create(commune=org, superior=office, valid_from=dt.date(2025, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        SuperiorLink.objects.create(commune=org, superior=office, valid_from=dt.date(2025, 8, 1))


def test_same_start_day_is_a_named_error(org, vhxh):
    communes.superior_link_add(commune=org, by=vhxh, superior_name="UBND tỉnh", valid_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError) as error:
        communes.superior_link_add(commune=org, by=vhxh, superior_name="UBND huyện", valid_from=dt.date(2025, 7, 1))
    assert "01/07/2025" in error.value.message_dict["valid_from"][0]


def test_unit_officer_cannot_change_the_superior(org, canbo):
    with pytest.raises(Exception, match="Chỉ công chức"):
        communes.superior_link_add(commune=org, by=canbo, superior_name="UBND tỉnh", valid_from=dt.date(2025, 7, 1))


def test_first_run_page_creates_the_first_commune_then_closes(client, db, settings):
    settings.DEMO_MODE = False
    assert setup_needed()
    response = client.get(reverse("login"))
    assert response.status_code == 302 and response["Location"] == reverse("first_run")
    data = {"name": "Ủy ban nhân dân xã Đầu Tiên", "slug": "dau-tien", "place_name": "Đầu Tiên",
            "superior_name": "UBND tỉnh Lạng Sơn", "username": "vhxh", "full_name": "Lê Thị Hoa",
            "password1": "vhxh", "password2": "vhxh"}
    response = client.post(reverse("first_run"), data)
    assert response.status_code == 200 and "Mật khẩu quá ngắn" in response.content.decode()
    assert not Organization.objects.exists()  # nothing half-written
    data |= {"password1": "Mua-xuan-den-2025", "password2": "Mua-xuan-den-2025"}
    response = client.post(reverse("first_run"), data)
    assert response.status_code == 302 and response["Location"] == reverse("units:account_list")
    assert client.get(reverse("units:account_list")).status_code == 200  # logged in as the first vhxh
    client.logout()
    assert client.get(reverse("first_run")).status_code == 404
    assert client.get(reverse("login")).status_code == 200


def test_first_run_page_is_closed_in_demo_mode(client, db, settings):
    settings.DEMO_MODE = True
    assert client.get(reverse("first_run")).status_code == 404
