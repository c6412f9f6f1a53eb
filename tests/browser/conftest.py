"""Real-browser fixtures: Playwright driving Debian's chromium (headless) against live_server.

Browser tests need committed data (the server runs in another thread), so they are transactional; the root
conftest puts back the rows that data migrations seed, which a transactional test's flush removes.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "matkhau-thu-nghiem"  # the factories' password


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps-test` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # The machine has no network but loopback: keep chromium from phoning home.
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # The Content-Security-Policy is on in tests too: whatever it blocks (an inline script or handler) is a bug
    # that fails the test using the page. A test that blocks code on purpose clears page.csp_violations.
    page.csp_violations = []
    page.on("console", lambda msg: page.csp_violations.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    yield page
    violations = list(page.csp_violations)
    context.close()
    assert violations == [], f"blocked by the Content-Security-Policy: {violations}"


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")


def logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")
