"""Sign-off in a browser: vhxh submits, chủ tịch signs, the superior office (huyện) downloads the issued PDF,
checks its SHA-256 against the one shown, and opens /verify/ as anyone holding the paper copy would."""

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans import services
from plans.models import Section

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(org, vhxh, unit):
    plan = services.plan_create(organization=org, year=2024, by=vhxh)
    services.task_create(section=plan.sections.get(kind=Section.Kind.Q1), by=vhxh,
                         content="Ban hành Kế hoạch công tác TĐKT năm 2024.", units=[unit])
    return plan


def test_vhxh_submits_chairman_signs_huyen_downloads_and_verifies(page, plan, vhxh, chutich, captren):
    login(page, vhxh.username)
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("button", name="Trình ký", exact=True).click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Chờ ký")
    expect(page.get_by_role("button", name="Ký ban hành")).to_have_count(0)
    logout(page)

    login(page, chutich.username)
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("button", name="Ký ban hành").click()
    expect(page.get_by_test_id("issued")).to_contain_text("01/KH-UBND")
    logout(page)

    login(page, captren.username)
    page.goto(f"/plans/{plan.pk}/")
    shown = page.get_by_test_id("sha256").inner_text().strip()
    assert len(shown) == 64
    with page.expect_download() as download_info:
        page.get_by_test_id("plan-pdf").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == shown
    page.get_by_test_id("verify-link").click()
    expect(page.get_by_test_id("verify-number")).to_have_text("01/KH-UBND")
    expect(page.get_by_test_id("verify-sha256")).to_have_text(shown)
    logout(page)

    # Without an account: the verification page and the stored file are public.
    code = plan.issued_document.code
    page.goto(f"/verify/{code}/")
    expect(page.get_by_test_id("verify-sha256")).to_have_text(shown)
    with page.expect_download() as download_info:
        page.get_by_test_id("verify-pdf").click()
    assert Path(download_info.value.path()).read_bytes() == content
