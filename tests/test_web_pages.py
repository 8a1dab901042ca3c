"""Every web page renders, in the shared frame, without inline scripts or styles."""

import re

import pytest
from web_support import make_model, make_model_with_versions, page_of

from registry.auth import PUBLIC, requires
from registry.services.aliases import set_alias
from registry.services.registered_models import set_model_tag
from registry.services.versions import create_version
from registry.web.model_page import VERSIONS_PAGE_SIZE


@pytest.fixture
def seeded(app_context):
    """A registry with one model holding two versions and an alias."""
    make_model_with_versions("BERT")


def test_empty_list_says_what_to_do(client):
    response = client.get("/")
    assert response.status_code == 200
    page = page_of(response)
    empty = page.all(data_testid="empty-state")
    assert empty and "No models registered yet" in empty[0]["text"]
    assert page.all("a", href="/models/new")


def test_list_shows_latest_version_framework_and_aliases(client, seeded):
    page = page_of(client.get("/"))
    rows = page.all("tr", data_testid="model-row")
    assert [row["attrs"]["data-model-name"] for row in rows] == ["BERT"]
    text = " ".join(rows[0]["text"].split())
    assert "2 ONNX" in text
    assert "champion → 1" in text
    assert "1 model" in page.all(data_testid="count")[0]["text"]


PAGES = [
    ("/models/new", "Register a model"),
    ("/models/BERT/", "BERT"),
    ("/models/BERT/edit", "Edit BERT"),
    ("/models/BERT/versions/new", "Add a version · BERT"),
    ("/models/BERT/versions/1/edit", "Edit version 1 · BERT"),
    ("/models/BERT/aliases", "Set an alias · BERT"),
    ("/models/BERT/compare?versions=1&versions=2", "Compare · BERT"),
    ("/models/BERT/compare", "Compare · BERT"),
    ("/models/BERT/delete", "Delete BERT?"),
    ("/models/BERT/versions/2/delete", "Delete version 2 of BERT?"),
    ("/models/BERT/aliases/champion/delete", "Remove alias champion of BERT?"),
]


@pytest.mark.parametrize(("url", "title"), PAGES)
def test_page_renders_in_the_frame(client, seeded, url, title):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = page_of(response)
    assert page.all("title")[0]["text"] == f"{title} · Model Registry Lite"
    assert "Model Registry Lite" in page.all("footer")[0]["text"]
    assert page.all("a", href="/api/v1/docs")
    # A strict CSP comes later: no inline scripts, handlers or style attributes anywhere.
    assert page.live_scripts() == []
    assert page.event_handlers() == []
    assert not re.search(r"\sstyle=", html)
    assert "hyperbolic" not in html.lower()


def test_model_page_shows_card_versions_aliases_tags_and_history(client, app_context):
    make_model(
        "BERT",
        description="# Card\n\nScores **well**.",
        tags={"team": "nlp"},
        metrics={"f1": 0.5},
        source="s3://b/k",
    )
    page = page_of(client.get("/models/BERT/"))
    assert page.all("strong")[0]["text"] == "well"
    rows = page.all("tr", data_testid="version-row")
    assert [row["attrs"]["data-version"] for row in rows] == ["1"]
    assert "f1=0.5" in rows[0]["text"] and "s3://b/k" in rows[0]["text"]
    # A source is shown as text, never as a link the browser (or server) would follow.
    assert not page.all("a", href="s3://b/k")
    pairs = [(e["tag"], e["text"]) for e in page.all() if e["tag"] in ("dt", "dd")]
    assert ("dt", "team") in pairs and ("dd", "nlp") in pairs
    assert "team" in page.all(data_testid="model-tags")[0]["text"]
    history = [" ".join(e["text"].split()) for e in page.all("tr", data_testid="event")]
    assert any("model.created" in row and "anonymous" in row for row in history)


def test_model_name_in_another_case_redirects_to_its_spelling(client, seeded):
    response = client.get("/models/bert/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/models/BERT/"


def test_model_url_without_slash_redirects(client, seeded):
    response = client.get("/models/BERT")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/models/BERT/")


@pytest.mark.parametrize("name", ["new", "a?b#c%d e", "ünï", "x;y=z&w", "...", "a+b"])
def test_awkward_names_round_trip_through_urls(client, app_context, name):
    make_model(name)
    listing = page_of(client.get("/"))
    link = listing.all("tr", data_testid="model-row")[0]
    href = [e for e in listing.all("a") if e["text"] == name][0]["attrs"]["href"]
    assert link["attrs"]["data-model-name"] == name
    page = page_of(client.get(href))
    assert page.all("h1", data_testid="model-name")[0]["text"] == name


@pytest.mark.parametrize(
    "url",
    [
        "/no/such/page",
        "/models/nope/",
        "/models/BERT/versions/9/edit",
        "/models/BERT/aliases/nope/delete",
        "/models/BERT/compare?versions=1&versions=9",
    ],
)
def test_missing_things_answer_a_404_page_in_the_same_look(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    page = page_of(response)
    assert page.all(data_testid="error-page")
    assert page.all("link", rel="stylesheet")
    assert page.all("title")[0]["text"] == "Not found · Model Registry Lite"


def test_wrong_method_answers_a_405_page(client):
    response = client.post("/")
    assert response.status_code == 405
    assert page_of(response).all(data_testid="error-page")


def test_unexpected_error_answers_a_500_page_without_details(app, client):
    @app.get("/explode")
    @requires(PUBLIC)
    def explode():
        raise RuntimeError("secret internals")

    response = client.get("/explode")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html
    assert "Something went wrong" in html


def test_static_assets_are_served_from_the_package(client):
    html = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/static/web/[^"]+)"', html)
    assert {a.rsplit("/", 1)[1] for a in assets} >= {
        "theme.js",
        "registry.css",
        "controls.css",
        "tables.css",
        "pages.css",
        "registry.js",
        "htmx-2.0.11.min.js",
    }
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        response.close()


def test_theme_script_loads_in_head_before_the_stylesheet(client):
    html = client.get("/").get_data(as_text=True)
    head = html.split("</head>")[0]
    assert head.index("theme.js") < head.index("registry.css")
    assert 'src="/static/web/theme.js" defer' not in head


def test_long_history_pages_back_and_a_bad_history_cursor_shows_the_newest(client, app_context):
    make_model("BERT")
    for number in range(25):
        set_model_tag("BERT", f"k{number}", "v")
    page = page_of(client.get("/models/BERT/"))
    assert len(page.all("tr", data_testid="event")) == 20
    older = page.all("a", data_testid="older-history")[0]["attrs"]["href"]
    rest = page_of(client.get(older)).all("tr", data_testid="event")
    # 27 events: the model, its first version and 25 tags.
    assert len(rest) == 7 and "model.created" in rest[-1]["text"]
    fallback = page_of(client.get("/models/BERT/?history=garbage"))
    assert len(fallback.all("tr", data_testid="event")) == 20


def test_many_versions_page_down_and_every_alias_keeps_its_version(client, app_context):
    make_model("BERT")  # version 1
    for _ in range(VERSIONS_PAGE_SIZE + 2):
        create_version("BERT", framework="JAX")
    set_alias("BERT", "champion", "1")  # a version the first page does not show
    page = page_of(client.get("/models/BERT/"))
    shown = [row["attrs"]["data-version"] for row in page.all("tr", data_testid="version-row")]
    assert shown == [str(number) for number in range(VERSIONS_PAGE_SIZE + 3, 3, -1)]
    assert "(53)" in page.by_id("versions-title")["text"]
    # The champion's select offers version 1, selected, though the table does not show it.
    selected = [e["attrs"]["value"] for e in page.all("option") if "selected" in e["attrs"]]
    assert selected == ["1"]
    lower = page.all("a", data_testid="older-versions")[0]["attrs"]["href"]
    rest = page_of(client.get(lower))
    assert [row["attrs"]["data-version"] for row in rest.all("tr", data_testid="version-row")] == [
        "3",
        "2",
        "1",
    ]
    assert not rest.all("a", data_testid="older-versions")
    fallback = page_of(client.get("/models/BERT/?versions=garbage"))
    assert len(fallback.all("tr", data_testid="version-row")) == VERSIONS_PAGE_SIZE


def test_the_compare_picker_offers_a_page_and_the_versions_compared(client, app_context):
    make_model("BERT")
    for _ in range(VERSIONS_PAGE_SIZE + 2):
        create_version("BERT", framework="JAX")
    page = page_of(client.get("/models/BERT/compare?versions=1&versions=53"))
    boxes = page.all("input", type="checkbox", name="versions")
    offered = [box["attrs"]["value"] for box in boxes]
    assert offered == [str(number) for number in range(VERSIONS_PAGE_SIZE + 3, 3, -1)] + ["1"]
    assert [box["attrs"]["value"] for box in boxes if "checked" in box["attrs"]] == ["53", "1"]


class TestWithoutTheApiPlugin:
    """The web door alone: its pages link to no API page the app does not serve."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REGISTRY_PLUGINS": ["registry.web"]}

    def test_the_footer_offers_no_api_docs(self, client):
        response = client.get("/")
        assert response.status_code == 200
        assert "API docs" not in page_of(response).all("footer")[0]["text"]
        assert client.get("/api/v1/docs").status_code == 404
