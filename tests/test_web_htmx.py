"""htmx requests get fragments: a version's row is deleted and an alias moved in place."""

import pytest
from web_support import Page, make_model, make_model_with_versions, page_of

from registry.errors import NotFound
from registry.services.aliases import get_version_by_alias
from registry.services.lookup import get_version
from registry.services.versions import create_version, update_version
from registry.web.model_page import VERSIONS_PAGE_SIZE

HTMX = {"HX-Request": "true"}


@pytest.fixture
def seeded(app_context):
    """BERT with versions 1 and 2, and champion -> 1."""
    make_model_with_versions("BERT")


def sections(html: str) -> dict[str, dict]:
    """The top-level sections of a fragment by id, with whether each swaps out of band."""
    page = Page(html)
    return {e["attrs"]["id"]: e for e in page.all() if e["attrs"].get("id") in SECTION_IDS}


SECTION_IDS = {"versions", "aliases", "history", "flash"}


def test_the_delete_link_asks_in_place(client, seeded):
    page = page_of(client.get("/models/BERT/"))
    link = page.all("a", data_testid="delete-version")[0]["attrs"]
    assert link["href"] == link["hx-get"] == "/models/BERT/versions/2/delete"
    assert link["hx-target"] == "closest tr"

    response = client.get(link["hx-get"], headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith("<tr")
    form = Page(html).all("form")[0]["attrs"]
    assert form["hx-post"] == form["action"] == "/models/BERT/versions/2/delete"
    assert form["hx-target"] == "#versions"
    assert "Delete version" in html and "<html" not in html


def test_deleting_in_place_redraws_the_versions_and_the_rest_out_of_band(client, seeded):
    html = client.post("/models/BERT/versions/1/delete", data={}, headers=HTMX).get_data(
        as_text=True
    )
    found = sections(html)
    assert set(found) == SECTION_IDS
    assert "hx-swap-oob" not in found["versions"]["attrs"]
    for oob in ("aliases", "history", "flash"):
        assert found[oob]["attrs"]["hx-swap-oob"] == "true"
    rows = Page(html).all("tr", data_testid="version-row")
    assert [row["attrs"]["data-version"] for row in rows] == ["2"]
    assert "Deleted version 1 of BERT." in found["flash"]["text"]
    assert not Page(html).all("li", data_testid="alias")
    with pytest.raises(NotFound):
        get_version("BERT", "1")


def test_a_stale_delete_in_place_answers_409_and_keeps_the_version(client, seeded):
    row_version = get_version("BERT", "2").row_version
    update_version("BERT", "2", {"stage": "Staging"})
    response = client.post(
        "/models/BERT/versions/2/delete", data={"row_version": row_version}, headers=HTMX
    )
    assert response.status_code == 409
    found = sections(response.get_data(as_text=True))
    assert "changed meanwhile" in found["flash"]["text"]
    assert get_version("BERT", "2").stage == "Staging"


def test_moving_an_alias_in_place(client, seeded):
    page = page_of(client.get("/models/BERT/"))
    move_form = [f for f in page.all("form") if f["attrs"].get("hx-target") == "#aliases"][0]
    assert move_form["attrs"]["hx-post"] == "/models/BERT/aliases"
    response = client.post(
        "/models/BERT/aliases", data={"alias": "champion", "version": "2"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = sections(html)
    assert "hx-swap-oob" not in found["aliases"]["attrs"]
    assert found["versions"]["attrs"]["hx-swap-oob"] == "true"
    row = [r for r in Page(html).all("tr", data_testid="version-row")][0]
    assert row["attrs"]["data-version"] == "2" and "champion" in row["text"]
    assert get_version_by_alias("BERT", "champion").version == "2"


def test_a_bad_alias_in_place_shows_the_error_in_the_section(client, seeded):
    response = client.post(
        "/models/BERT/aliases", data={"alias": "v7", "version": "2"}, headers=HTMX
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html
    page = Page(html)
    assert page.field_error("alias-name") == "Version alias name 'v7' is reserved."
    assert page.by_id("alias-name")["attrs"]["value"] == "v7"


@pytest.fixture
def second_page(client, app_context):
    """BERT with 53 versions, and the URL of its page showing the lowest three."""
    make_model("BERT")
    for _ in range(VERSIONS_PAGE_SIZE + 2):
        create_version("BERT", framework="JAX")
    page = page_of(client.get("/models/BERT/"))
    return "http://localhost" + page.all("a", data_testid="older-versions")[0]["attrs"]["href"]


def shown_versions(html: str) -> list[str]:
    return [row["attrs"]["data-version"] for row in Page(html).all("tr", data_testid="version-row")]


def test_a_change_in_place_redraws_the_page_of_versions_it_was_made_on(client, second_page):
    on_second_page = HTMX | {"HX-Current-URL": second_page}
    asked = client.get("/models/BERT/versions/2/delete", headers=on_second_page)
    cancel = Page(asked.get_data(as_text=True)).all("a", data_testid="cancel")[0]["attrs"]
    shown = second_page.removeprefix("http://localhost").removesuffix("#versions")
    assert cancel["hx-get"] == cancel["href"] == shown
    deleted = client.post("/models/BERT/versions/2/delete", data={}, headers=on_second_page)
    assert shown_versions(deleted.get_data(as_text=True)) == ["3", "1"]

    moved = client.post(
        "/models/BERT/aliases", data={"alias": "champion", "version": "1"}, headers=on_second_page
    )
    html = moved.get_data(as_text=True)
    assert moved.status_code == 200 and shown_versions(html) == ["3", "1"]
    # Every alias select offers the versions of that page (version 1 being aliased too).
    assert {e["attrs"]["value"] for e in Page(html).all("option")} == {"3", "1"}

    from_first_page = HTMX | {"HX-Current-URL": "http://localhost/models/BERT/"}
    html = client.post("/models/BERT/versions/3/delete", data={}, headers=from_first_page)
    assert len(shown_versions(html.get_data(as_text=True))) == VERSIONS_PAGE_SIZE
