import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from plans import services
from plans.models import Plan, Task
from plans.tests.factories import PlanFactory, TaskFactory
from plans.tests.xlsx import HEADER, SEED_ROWS, oversized_xlsx, upload, xlsx_bytes
from plans.views.io import SESSION_KEY
from units.models import Unit
from units.tests.factories import UnitFactory

IMPORT_URL = reverse("plans:import")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def catalog(org):
    names = [
        ("UBND xã", ""), ("HĐ TĐKT xã", ""), ("Công chức Văn hóa – Xã hội xã", "Công chức Văn hóa – Xã hội"),
    ]
    for name, aliases in names:
        UnitFactory(organization=org, name=name, aliases=aliases)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploads kept between preview and confirm land here, not in the shared test media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def counts():
    return Plan.objects.count(), Task.objects.count(), Unit.objects.count()


def post_file(client, data, *, year=2024, name="ke-hoach.xlsx"):
    return client.post(IMPORT_URL, {"step": "upload", "year": year, "file": upload(data, name=name)})


def confirm(client, response, **extra):
    return client.post(IMPORT_URL, {"step": "confirm", "token": response.context["token"], **extra})


def stash_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "private" / "tmp"


# --- permissions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["canbo", "captren"])
def test_import_is_forbidden_to_non_editors(request, client, catalog, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(IMPORT_URL).status_code == 403
    before = counts()
    assert post_file(client, xlsx_bytes(SEED_ROWS)).status_code == 403
    assert client.post(IMPORT_URL, {"step": "confirm", "token": "x" * 32}).status_code == 403
    assert counts() == before


def test_another_communes_editor_never_reaches_this_commune(client, org, other_org, catalog, vhxh, outsider):
    """The page has no organization to choose: an outsider imports into their own commune only, and cannot
    confirm an upload made in someone else's session."""
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    client.force_login(vhxh)
    preview = post_file(client, xlsx_bytes(SEED_ROWS))
    token = preview.context["token"]

    intruder = type(client)()
    intruder.force_login(outsider)
    response = intruder.post(IMPORT_URL, {"step": "confirm", "token": token, "create_units": "on"})
    assert response.status_code == 302 and response.url == IMPORT_URL
    assert not plan.tasks.exists() and not Plan.objects.filter(organization=other_org).exists()

    UnitFactory(organization=other_org, name="UBND xã")
    own = post_file(intruder, xlsx_bytes([["I", 1, "Việc của xã khác", "UBND xã", None]]), year=2024)
    assert own.context["preview"].unknown_units == []  # matched against the outsider's own catalog
    confirm(intruder, own)
    assert Plan.objects.get(organization=other_org, year=2024).tasks.get().content == "Việc của xã khác"
    assert not plan.tasks.exists()


def test_import_needs_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["vhxh", "chutich", "canbo", "captren"])
def test_export_for_every_user_of_the_organization(request, client, org, who):
    plan = PlanFactory(organization=org, year=2024)
    TaskFactory(plan=plan, content="Nhiệm vụ & <thử>")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("plans:export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'attachment; filename="ke-hoach-tdkt-2024.xlsx"' == response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["C2"].value == "Nhiệm vụ & <thử>"


def test_export_of_another_commune_is_404(client, org, outsider):
    plan = PlanFactory(organization=org, year=2024)
    client.force_login(outsider)
    assert client.get(reverse("plans:export", args=[plan.pk])).status_code == 404


def test_export_needs_login(client, org):
    plan = PlanFactory(organization=org, year=2024)
    assert client.get(reverse("plans:export", args=[plan.pk])).status_code == 302


# --- the upload → preview → confirm flow -------------------------------------------------------------------


def test_upload_form(client, vhxh):
    client.force_login(vhxh)
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    assert "Nhập kế hoạch từ tệp Excel hoặc Word" in response.content.decode()


def test_preview_then_confirm_creates_the_plan(client, org, catalog, vhxh):
    client.force_login(vhxh)
    before = counts()
    response = post_file(client, xlsx_bytes(SEED_ROWS))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xem trước: kế hoạch năm 2024" in page
    assert "Dòng 5: TT “09” khác số thứ tự tự động (4)" in page
    assert "Các đơn vị liên quan" in page  # the only unknown unit, listed for confirmation
    assert response.context["preview"].unknown_units == ["Các đơn vị liên quan"]
    assert counts() == before  # a preview writes nothing
    token = response.context["token"]
    assert (stash_dir() / f"{token}.xlsx").is_file()

    # Confirming without ticking the new units: nothing written, the preview again.
    again = confirm(client, response)
    assert again.status_code == 422
    assert "Hãy đánh dấu ô xác nhận tạo các đơn vị mới" in again.content.decode()
    assert counts() == before

    done = confirm(client, response, create_units="on")
    plan = Plan.objects.get(organization=org, year=2024)
    assert done.status_code == 302 and done.url == reverse("plans:detail", args=[plan.pk])
    assert list(plan.tasks.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Unit.objects.filter(organization=org, name="Các đơn vị liên quan").exists()
    assert not (stash_dir() / f"{token}.xlsx").exists()
    assert SESSION_KEY not in client.session
    page = client.get(done.url).content.decode()
    assert "Đã nhập 6 nhiệm vụ vào kế hoạch năm 2024; đơn vị mới: Các đơn vị liên quan." in page

    # The same confirmation twice does not import twice.
    stale = confirm(client, response, create_units="on")
    assert stale.status_code == 302 and stale.url == IMPORT_URL
    assert Task.objects.filter(plan=plan).count() == 6


def test_preview_escapes_text_and_stores_it_as_typed(client, org, catalog, vhxh):
    content = '<script>alert("x")</script> ≥ 95% & “đạt”'
    client.force_login(vhxh)
    response = post_file(client, xlsx_bytes([["I", 1, content, "UBND xã", None]]))
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ≥ 95% &amp; “đạt”" in page
    confirm(client, response)
    assert Task.objects.get().content == content


def test_import_into_an_existing_draft_warns_and_replaces(client, org, catalog, vhxh):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    TaskFactory(plan=plan, content="Cũ", units=[Unit.objects.get(name="UBND xã")])
    client.force_login(vhxh)
    response = post_file(client, xlsx_bytes([["II", 1, "Mới", "UBND xã", "20/05/2024"]]))
    assert "đã có kế hoạch (dự thảo) với 1 nhiệm vụ" in response.content.decode()
    assert confirm(client, response).status_code == 302
    assert list(plan.tasks.values_list("content", "deadline")) == [("Mới", dt.date(2024, 5, 20))]


def test_a_signed_plan_cannot_be_replaced(client, org, catalog, vhxh):
    plan = PlanFactory(organization=org, year=2024)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SIGNED)  # test setup, not a transition
    client.force_login(vhxh)
    response = post_file(client, xlsx_bytes(SEED_ROWS))
    assert response.status_code == 422
    assert "Kế hoạch năm 2024 đã trình ký hoặc đã ban hành" in response.content.decode()
    assert not Task.objects.exists()


def test_confirm_with_a_forged_token_does_nothing(client, catalog, vhxh):
    client.force_login(vhxh)
    post_file(client, xlsx_bytes(SEED_ROWS))
    before = counts()
    response = client.post(IMPORT_URL, {"step": "confirm", "token": "../../settings"})
    assert response.status_code == 302 and response.url == IMPORT_URL
    assert counts() == before


# --- bad files: a clear message, nothing written ------------------------------------------------------------


BAD_FILES = {
    "not an xlsx": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "ke-hoach.xlsx", "không đúng định dạng"),
    "text renamed": ("Quý;TT;Nội dung\nI;1;A\n".encode(), "ke-hoach.xlsx", "không đúng định dạng"),
    "empty sheet": (xlsx_bytes([], header=None), "ke-hoach.xlsx", "Trang tính đầu tiên của tệp Excel trống."),
    "header only": (xlsx_bytes([]), "ke-hoach.xlsx", "chỉ có dòng tiêu đề"),
    "missing column": (
        xlsx_bytes([["I", 1, "A", None]], header=["Quý", "TT", "Nội dung", "Hạn hoàn thành"]),
        "ke-hoach.xlsx", "Thiếu cột “Đơn vị/Bộ phận thực hiện”",
    ),
    "formula": (
        xlsx_bytes([
            ["I", 1, "A", "UBND xã", None], ["I", 2, '=HYPERLINK("http://x.example","B")', "UBND xã", None],
        ]),
        "ke-hoach.xlsx", "Dòng 3, cột “Nội dung”: ô chứa công thức “=HYPERLINK(",
    ),
    "formula in the units": (
        xlsx_bytes([["I", 1, "A", "=A1", None]]), "ke-hoach.xlsx", "Dòng 2, cột “Đơn vị/Bộ phận thực hiện”",
    ),
    "too many rows": (
        xlsx_bytes([["I", None, f"Nhiệm vụ {i}", "UBND xã", None] for i in range(2001)]),
        "ke-hoach.xlsx", "Tệp có hơn 2.000 dòng dữ liệu",
    ),
}
BAD_ROWS = {
    # Each bad row comes second in its file, after a good one: Excel line 3.
    "bad quarter": (["V", 1, "A", "UBND xã", None], "Dòng 3: Quý “V” không hợp lệ"),
    "empty content": (["I", 1, None, "UBND xã", None], "Dòng 3: Nội dung trống."),
    "no unit": (["I", 1, "A", "", None], "Dòng 3: chưa ghi Đơn vị/Bộ phận thực hiện."),
    "bad deadline": (
        ["I", 1, "A", "UBND xã", "32/13/2024"], "Dòng 3: Hạn hoàn thành “32/13/2024” không hợp lệ"
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_write_nothing(client, catalog, vhxh, case):
    data, name, message = BAD_FILES[case]
    client.force_login(vhxh)
    before = counts()
    response = post_file(client, data, name=name)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert counts() == before
    assert SESSION_KEY not in client.session


def test_a_file_over_5_mb_is_refused(client, catalog, vhxh):
    client.force_login(vhxh)
    before = counts()
    response = post_file(client, oversized_xlsx(5 * 1024 * 1024))
    assert response.status_code == 422
    assert "lớn hơn 5 MB" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_bad_rows_are_shown_and_nothing_can_be_confirmed(client, catalog, vhxh, case):
    row, message = BAD_ROWS[case]
    client.force_login(vhxh)
    before = counts()
    response = post_file(client, xlsx_bytes([["I", 1, "Đúng", "UBND xã", None], row]))
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert "chưa có gì được lưu" in page
    assert response.context["token"] is None and 'name="step" value="confirm"' not in page
    assert counts() == before
