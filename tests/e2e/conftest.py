"""Browser tests: Playwright's sync API driving the system Chromium against the live server.

Playwright runs its own event loop in this thread; Django's ORM refuses to run inside one unless
DJANGO_ALLOW_ASYNC_UNSAFE is set. The tests only read the database between browser steps.
"""

import os
import shutil

import pytest

from tests.conftest import skip_or_fail

from .accessibility import AXE, TOTALS, Audit

CHROMIUM = os.environ.get("EASY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        skip_or_fail(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test; ``page.base_url`` is the live server.

    Every page the test visits is checked by axe-core (``accessibility.py``); a violation
    fails the test.
    """
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed at {AXE} (make test installs it)")
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    audit = Audit(page)
    audit.attach(context)
    page.audit = audit
    yield page
    audit.flush()
    context.close()
    assert not audit.violations, "axe-core found WCAG 2.2 AA violations:\n" + audit.report()


def pytest_terminal_summary(terminalreporter):
    if TOTALS["checks"]:
        terminalreporter.write_line(
            f"axe-core: {TOTALS['checks']} checks of {len(TOTALS['pages'])} pages "
            f"(path and language), {TOTALS['violations']} violations"
        )
