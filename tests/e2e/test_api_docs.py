"""The API documentation page: readable, accessible and within the Content Security Policy."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import assert_accessible, login
from .test_security import _collect_console_errors


def test_api_docs_render_under_the_csp_and_pass_axe(page: Page, live_server, e2e_personas) -> None:
    errors = _collect_console_errors(page)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/api/v1/docs/")
    # Redoc builds the page from the whole schema; on a busy machine that takes a while.
    expect(page.get_by_role("heading", name="Residents in your reach").first).to_be_attached(
        timeout=60_000
    )
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "api-docs")
    # Redoc's own logo lives on a CDN; the policy blocks it on purpose (see ApiDocsView).
    assert [error for error in errors if "cdn.redoc.ly" not in error] == []
