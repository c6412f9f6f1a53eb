import io

import pytest
import tablib
from django.contrib.admin.sites import site
from django.urls import reverse
from import_export.admin import ImportExportMixin
from openpyxl import Workbook, load_workbook

from plans.tests.xlsx import upload
from units.io_views import SESSION_KEY
from units.models import Unit
from units.resources import UnitResource
from units.tests.factories import UnitFactory, UserFactory

EXPORT_URL = reverse("units:export")
IMPORT_URL = reverse("units:import")
COLUMNS = ["Mã tổ chức", "Tên đơn vị", "Loại", "Tên gọi khác", "Thứ tự", "Đang hoạt động"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploads kept between preview and confirm land here, not in the shared test media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook(rows, header=COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exported(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def snapshot():
    fields = ("organization__slug", "name", "kind", "aliases", "order", "is_active")
    return sorted(Unit.objects.values_list(*fields))


def post_file(client, data):
    return client.post(IMPORT_URL, {"step": "upload", "file": upload(data, name="don-vi.xlsx")})


@pytest.fixture
def units(org, other_org):
    UnitFactory(organization=org, name="UBND xã", kind=Unit.Kind.PEOPLES_COMMITTEE, order=1)
    UnitFactory(
        organization=org, name="Công chức Văn hóa – Xã hội xã", kind=Unit.Kind.OFFICIAL, order=2,
        aliases="Công chức Văn hóa – Xã hội\nCông chức VH-XH",
    )
    UnitFactory(organization=org, name="Thôn Cũ", kind=Unit.Kind.VILLAGE, order=3, is_active=False)
    UnitFactory(organization=other_org, name="Bí mật xã khác", order=1)


# --- export ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["vhxh", "chutich"])
def test_export_lists_only_the_users_commune(request, client, org, units, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="don-vi-{org.slug}.xlsx"'
    rows = exported(response)
    assert rows[0] == COLUMNS
    names = [row[1] for row in rows[1:]]
    assert "Bí mật xã khác" not in names and "UBND xã" in names
    assert [org.slug, "UBND xã", "UBND xã", None, 1, "Có"] in rows
    assert [org.slug, "Thôn Cũ", "Thôn", None, 3, "Không"] in rows
    assert [org.slug, "Công chức Văn hóa – Xã hội xã", "Công chức chuyên môn",
            "Công chức Văn hóa – Xã hội\nCông chức VH-XH", 2, "Có"] in rows


@pytest.mark.parametrize("who", ["canbo", "captren"])
def test_export_is_for_editors_only(request, client, units, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(EXPORT_URL).status_code == 403


def test_export_needs_an_organization(client, db):
    client.force_login(UserFactory(organization=None))
    assert client.get(EXPORT_URL).status_code == 403
    client.logout()
    assert client.get(EXPORT_URL).status_code == 302


# --- import ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["canbo", "captren"])
def test_import_is_for_editors_only(request, client, units, who):
    client.force_login(request.getfixturevalue(who))
    before = snapshot()
    assert client.get(IMPORT_URL).status_code == 403
    assert post_file(client, workbook([["", "Hội Phụ nữ xã", "Đoàn thể", "", 5, "Có"]])).status_code == 403
    assert snapshot() == before


def test_export_then_import_changes_nothing(client, vhxh, units):
    client.force_login(vhxh)
    data = client.get(EXPORT_URL).content
    before = snapshot()
    own_count = Unit.objects.filter(organization=vhxh.organization).count()
    preview = post_file(client, data)
    assert preview.status_code == 200
    assert preview.context["totals"]["Không đổi"] == own_count
    assert client.post(IMPORT_URL, {"step": "confirm", "token": preview.context["token"]}).status_code == 302
    assert snapshot() == before


def test_preview_then_confirm_adds_and_updates(client, org, vhxh, units):
    client.force_login(vhxh)
    data = workbook([
        ["", "Hội Phụ nữ xã", "Đoàn thể", "Chi hội Phụ nữ", 5, "Có"],
        [org.slug, "ubnd XÃ", "ubnd", "", 0, ""],  # same unit as "UBND xã": updated, not duplicated
        [None, "Thôn Mới <b>&</b>", "thon", None, None, "không"],
    ])
    before = snapshot()
    response = post_file(client, data)
    assert response.status_code == 200
    assert response.context["totals"] == {"Thêm mới": 2, "Cập nhật": 1, "Không đổi": 0, "Lỗi": 0}
    assert "Thôn Mới &lt;b&gt;&amp;&lt;/b&gt;" in response.content.decode()
    assert snapshot() == before  # the preview is a dry run

    done = client.post(IMPORT_URL, {"step": "confirm", "token": response.context["token"]})
    assert done.status_code == 302 and done.url == reverse("units:list")
    assert SESSION_KEY not in client.session
    women = Unit.objects.get(organization=org, name="Hội Phụ nữ xã")
    assert (women.kind, women.aliases, women.order, women.is_active) == (
        Unit.Kind.MASS_ORGANIZATION, "Chi hội Phụ nữ", 5, True
    )
    assert Unit.objects.filter(organization=org, match_key="ubnd xa").count() == 1
    assert Unit.objects.get(organization=org, match_key="ubnd xa").order == 0
    village = Unit.objects.get(organization=org, name="Thôn Mới <b>&</b>")
    assert (village.kind, village.is_active, village.order) == (Unit.Kind.VILLAGE, False, 0)
    page = client.get(done.url).content.decode()
    assert "Đã nhập danh mục đơn vị: thêm mới 2, cập nhật 1, không đổi 0." in page


def test_one_bad_row_writes_nothing(client, vhxh, units):
    client.force_login(vhxh)
    data = workbook([
        ["", "Hội Phụ nữ xã", "Đoàn thể", "", 5, "Có"],
        ["", "Hội Cựu chiến binh xã", "Câu lạc bộ", "", 6, "Có"],
        ["", "", "Thôn", "", 7, "Có"],
        ["", "Chi đoàn", "Đoàn thể", "", "bảy", "Có"],
    ])
    before = snapshot()
    response = post_file(client, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dòng 3: cột “Loại”: Loại “Câu lạc bộ” không hợp lệ" in page
    assert "Dòng 4: cột “Tên đơn vị”" in page
    assert "Dòng 5: cột “Thứ tự”" in page
    assert response.context["token"] is None
    assert snapshot() == before


def test_a_row_for_another_commune_is_refused(client, other_org, vhxh, units):
    client.force_login(vhxh)
    before = snapshot()
    response = post_file(client, workbook([[other_org.slug, "Bí mật xã khác", "Khác", "Đã sửa", 9, "Không"]]))
    assert response.status_code == 422
    assert "chỉ nhập được đơn vị của xã mình" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook", "không đúng định dạng"),
        (workbook([["", "A"]], header=["Mã tổ chức", "Tên"]), "Thiếu cột “Tên đơn vị”"),
        (workbook([["", "A", "x"]], header=["Mã tổ chức", "Tên đơn vị", "Ghi chú"]), "Cột “Ghi chú”"),
        (workbook([["", '=HYPERLINK("http://x.example","A")']]), "Dòng 2, cột “Tên đơn vị”: ô chứa"),
    ],
)
def test_bad_files_are_refused(client, vhxh, units, data, message):
    client.force_login(vhxh)
    before = snapshot()
    response = post_file(client, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert snapshot() == before


def test_stale_confirmation(client, vhxh):
    client.force_login(vhxh)
    response = client.post(IMPORT_URL, {"step": "confirm", "token": "a" * 32})
    assert response.status_code == 302 and response.url == IMPORT_URL


# --- admin -------------------------------------------------------------------------------------------------


def test_admin_has_import_export_with_natural_keys(client, org, units):
    admin = site._registry[Unit]
    assert isinstance(admin, ImportExportMixin) and admin.resource_classes == [UnitResource]
    superuser = UserFactory(organization=None, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get(reverse("admin:units_unit_import")).status_code == 200
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 200


def test_resource_without_organization_uses_the_slug_column(org, other_org):
    resource = UnitResource()


    dataset = tablib.Dataset(
        [org.slug, "Hội Nông dân xã", "Đoàn thể", "", 1, "Có"],
        [other_org.slug, "Hội Nông dân xã", "Đoàn thể", "", 1, "Có"],
        headers=COLUMNS,
    )
    result = resource.import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(Unit.objects.values_list("organization__slug", "name")) == sorted(
        [(org.slug, "Hội Nông dân xã"), (other_org.slug, "Hội Nông dân xã")]
    )
    unknown = tablib.Dataset(["khong-co", "A", "", "", 1, "Có"], headers=COLUMNS)
    bad = resource.import_data(unknown, dry_run=True)
    assert [str(error.error) for _number, errors in bad.row_errors() for error in errors] == [
        "Không có tổ chức mã “khong-co”."
    ]
