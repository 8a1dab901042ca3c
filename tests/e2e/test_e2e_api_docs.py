"""The API docs page in a real Chromium: the packaged Swagger UI renders and calls the API."""

import pytest
from playwright.sync_api import expect


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the docs page reads no data, so one database is enough."""
    return f"sqlite:///{tmp_path / 'registry.sqlite3'}"


def test_the_docs_page_lists_every_operation_and_tries_one(live_url, page, console_errors):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_url + "/api/v1/docs")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    document = page.request.get(live_url + "/api/v1/openapi.json").json()
    count = sum(len(item) for item in document["paths"].values())
    expect(operations).to_have_count(count)

    healthz = page.locator("#operations-health-healthz")
    healthz.locator(".opblock-summary").click()
    healthz.get_by_role("button", name="Try it out").click()
    healthz.get_by_role("button", name="Execute").click()
    expect(healthz.locator(".live-responses-table tr.response .response-col_status")).to_have_text(
        "200"
    )
    assert not console_errors
    assert all(url.startswith(live_url) for url in requests), "the page reached off the server"
