"""Browser tests: Playwright driving Debian's Chromium, axe-core for WCAG 2.1 A/AA."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from buurtwerk.core.testing import PERSONA_PASSWORD, Personas, make_personas

CHROMIUM = os.environ.get("BUURTWERK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("BUURTWERK_SCREENSHOTS", "var/screenshots"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the test's ORM calls are still
# made one at a time, never concurrently with the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: installeer het Debian-pakket 'chromium'.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def e2e_personas(transactional_db: None) -> Personas:
    # Browser tests run in flushed transactional databases, which also drops the reference
    # data a data migration wrote; put the signal categories back as the migration does.
    from django.apps import apps

    import_module("buurtwerk.casework.migrations.0002_default_categories").add_categories(
        apps, None
    )
    return make_personas()


def login(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/")


def main_menu(page: Page) -> Locator:
    """The main menu, unfolded first where the screen is narrow (a phone)."""
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    toggle = navigation.locator("summary")
    if toggle.is_visible() and navigation.locator("details[open]").count() == 0:
        toggle.click()
    return navigation


def assert_accessible(page: Page, name: str) -> None:
    """Zero axe-core violations of WCAG 2.1 A and AA, and a screenshot for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def choose_resident(page: Page, label: str, search: str, option: str) -> None:
    """Type in a resident picker, wait for the suggestion and choose it with the keyboard."""
    box = page.get_by_role("combobox", name=label)
    box.fill(search)
    page.get_by_role("listbox", name="Gevonden bewoners").get_by_role(
        "option", name=option
    ).wait_for()
    box.press("ArrowDown")
    box.press("Enter")
