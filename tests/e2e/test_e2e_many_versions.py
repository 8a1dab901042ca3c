"""A model with more versions than its page shows, in a real Chromium against gunicorn: changes
made in place keep the page of versions they were made on."""

import json
import subprocess

from conftest import BIN, PROJECT_ROOT, screenshot, sign_in
from playwright.sync_api import expect

from bench.server import registry_environment
from registry.web.model_page import VERSIONS_PAGE_SIZE


def import_model(database_url: str, directory, versions: int) -> None:
    """Load model "Many" with versions 1..``versions`` and champion -> 1, as an operator would."""
    record = {
        "name": "Many",
        "aliases": {"champion": "1"},
        "versions": [{"version": str(n), "framework": "JAX"} for n in range(1, versions + 1)],
    }
    records = directory / "many.jsonl"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    subprocess.run(
        [BIN / "flask", "import", str(records)],
        env=registry_environment(database_url),
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )


def test_deleting_and_cancelling_on_the_second_page_stay_there(
    live_url, database_url, tmp_path, page, console_errors
):
    import_model(database_url, tmp_path, VERSIONS_PAGE_SIZE + 3)
    sign_in(page, live_url)
    page.goto(live_url + "/models/Many/")
    rows = page.locator("tr[data-testid=version-row]")
    expect(rows).to_have_count(VERSIONS_PAGE_SIZE)
    page.get_by_test_id("older-versions").click()
    expect(rows).to_have_count(3)  # versions 3, 2 and 1

    page.locator('tr[data-version="3"]').get_by_test_id("delete-version").click()
    page.get_by_test_id("cancel").click()
    expect(rows).to_have_count(3)

    page.locator('tr[data-version="2"]').get_by_test_id("delete-version").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Deleted version 2 of Many.")
    expect(rows).to_have_count(2)
    expect(page.locator('tr[data-version="1"]')).to_contain_text("champion")
    screenshot(page, "many-versions-second-page")
    assert console_errors == []
