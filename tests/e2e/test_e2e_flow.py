"""The whole original app's flow in a real Chromium against gunicorn, on a desktop and a phone."""

import re

import pytest
from conftest import ADMIN, screenshot, sign_in
from playwright.sync_api import expect

WIDTHS = {"desktop": (1280, 800), "phone": (375, 812)}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, page):
    """The page at a desktop or a phone width; yields (page, size name)."""
    width, height = WIDTHS[request.param]
    page.set_viewport_size({"width": width, "height": height})
    return page, request.param


def assert_no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def test_register_filter_version_alias_compare_delete(live_url, sized_page, console_errors):
    page, size = sized_page
    page.goto(live_url + "/")
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    expect(page.get_by_test_id("register-button")).to_have_count(0)  # visitors only read
    sign_in(page, live_url)
    expect(page.get_by_test_id("signed-in-as")).to_have_text(ADMIN)
    page.goto(live_url + "/")
    screenshot(page, f"empty-{size}")

    page.get_by_test_id("register-button").click()
    page.fill("#name", "Fraud Detector")
    page.select_option("#framework", "PyTorch")
    page.fill("#description", "# Fraud\n\nScores **card** payments.")
    page.fill("#source", "s3://models/fraud/1")
    page.fill("#metrics", "auc=0.91")
    screenshot(page, f"register-{size}")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("model-name")).to_have_text("Fraud Detector")
    expect(page.get_by_test_id("flash")).to_be_visible()

    page.goto(live_url + "/")
    page.get_by_test_id("register-button").click()
    page.fill("#name", "Tabular Baseline")
    page.select_option("#framework", "JAX")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("model-name")).to_have_text("Tabular Baseline")

    page.goto(live_url + "/")
    rows = page.locator("tr[data-testid=model-row]")
    expect(rows).to_have_count(2)
    page.select_option("#framework", "PyTorch")
    expect(rows).to_have_count(1)
    expect(page).to_have_url(re.compile(r"framework=PyTorch"))
    expect(page.locator('tr[data-model-name="Fraud Detector"]')).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, f"list-filtered-{size}")

    page.locator('tr[data-model-name="Fraud Detector"] a').first.click()
    expect(page.get_by_test_id("model-name")).to_have_text("Fraud Detector")
    page.get_by_test_id("add-version").click()
    page.select_option("#framework", "ONNX")
    page.fill("#metrics", "auc=0.94")
    page.get_by_test_id("submit").click()
    expect(page.locator('tr[data-testid=version-row][data-version="2"]')).to_be_visible()

    page.fill("#alias-name", "champion")
    page.select_option("#alias-version", "2")
    page.get_by_test_id("set-alias").click()
    expect(page.locator('li[data-testid=alias][data-alias="champion"]')).to_contain_text("2")
    assert_no_sideways_scroll(page)
    screenshot(page, f"model-{size}")

    page.get_by_test_id("compare-1").check()
    page.get_by_test_id("compare-2").check()
    page.get_by_test_id("compare-button").click()
    table = page.get_by_test_id("compare-table")
    expect(table).to_be_visible()
    expect(table.locator('tr[data-field="framework"]')).to_have_attribute("data-differs", "true")
    expect(table.locator('tr[data-field="metric:auc"]')).to_have_attribute("data-differs", "true")
    screenshot(page, f"compare-{size}")

    page.go_back()
    page.get_by_test_id("delete-model").click()
    confirm = page.get_by_test_id("confirm-box")
    expect(confirm).to_contain_text("Fraud Detector")
    screenshot(page, f"confirm-delete-{size}")
    page.get_by_test_id("confirm-delete").click()
    expect(page.locator('tr[data-model-name="Fraud Detector"]')).to_have_count(0)
    expect(page.locator('tr[data-model-name="Tabular Baseline"]')).to_be_visible()
    assert console_errors == []


def test_theme_toggle_is_remembered_and_both_themes_render(live_url, sized_page, console_errors):
    page, size = sized_page
    page.emulate_media(color_scheme="dark")
    page.goto(live_url + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(10, 10, 10)"
    screenshot(page, f"theme-dark-{size}")
    page.get_by_test_id("theme-toggle").click()
    page.reload()
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != background
    screenshot(page, f"theme-light-{size}")
    assert console_errors == []
