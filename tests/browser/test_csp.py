"""The Content-Security-Policy in a real browser: inline code is blocked, the page's own scripts still work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inline_code_is_blocked_and_reported(page, vhxh):
    login(page, "t_vhxh")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__inline_ran = true');
        img.src = '/khong-co-anh.png';
        document.body.appendChild(img);
        const s = document.createElement('script');
        s.textContent = 'window.__inline_script_ran = true';
        document.body.appendChild(s);
    }""")
    page.wait_for_timeout(500)
    assert page.evaluate("() => [window.__inline_ran, window.__inline_script_ran]") == [None, None]
    # The fixture saw both refusals: that is what fails any test whose page relies on inline code.
    assert len(page.csp_violations) >= 2
    page.csp_violations.clear()


def test_select_submits_its_form_without_inline_handler(page, vhxh):
    login(page, "t_vhxh")
    page.goto(reverse("awards:index"))
    select = page.get_by_label("Trạng thái")
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value=value)
    page.wait_for_url(f"**status={value}**")
    expect(page.get_by_label("Trạng thái")).to_have_value(value)
