"""Hostile input renders inert, and every POST needs its CSRF token."""

import re

import pytest
from web_support import Page, make_model, page_of

from registry.errors import NotFound
from registry.services.aliases import set_alias
from registry.services.registered_models import get_model, update_model
from registry.services.versions import create_version

SCRIPT_NAME = "<script>alert(1)<script>"  # '/' is not allowed in names: no "</script>"
IMG_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_CARD = (
    "<script>alert('card')</script>\n\n"
    "<img src=x onerror=alert(2)>\n\n"
    "[click](javascript:alert(3)) [data](data:text/html,boom) [fine](https://example.org)\n\n"
    '<a href="javascript:alert(4)">raw link</a>'
)


def assert_inert(html: str) -> None:
    """No script runs, no handler fires, no javascript: or data: link exists."""
    page = Page(html)
    assert page.live_scripts() == []
    assert page.event_handlers() == []
    hrefs = [e["attrs"].get("href", "") for e in page.all("a")]
    assert not [href for href in hrefs if re.match(r"\s*(javascript|data|vbscript):", href, re.I)]
    assert not page.all("img")


@pytest.mark.parametrize("name", [SCRIPT_NAME, IMG_NAME])
def test_hostile_model_names_render_as_text(client, app_context, name):
    make_model(name, description=name, tags={name: name})
    create_version(name, framework="JAX", description=name, metrics={"m": 1.0})
    update_model(name, {"description": name + " again"})
    escaped = name.replace("<", "&lt;").replace(">", "&gt;")
    for url in ["/", f"/models/{name}/", f"/models/{name}/delete", f"/models/{name}/edit"]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert escaped in html, url
        assert_inert(html)


def test_a_name_with_a_slash_is_refused_and_echoed_inert(client):
    response = client.post(
        "/models/new", data={"name": "<script>alert(1)</script>", "framework": "JAX"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert page_of(response).field_error("name") == "Name must not contain '/' or ':'."
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert_inert(html)


def test_a_hostile_model_card_renders_inert(client, app_context):
    make_model("carded", description=HOSTILE_CARD)
    response = client.get("/models/carded/")
    html = response.get_data(as_text=True)
    assert_inert(html)
    card = page_of(response).all(data_testid="model-card")[0]["text"]
    assert "<script>alert('card')</script>" in card  # shown as text
    assert "<img src=x onerror=alert(2)>" in card
    links = [e for e in page_of(response).all("a") if e["text"] == "fine"]
    assert links[0]["attrs"]["href"] == "https://example.org"
    assert set(links[0]["attrs"]["rel"].split()) == {"noopener", "nofollow"}
    assert not [e for e in page_of(response).all("a") if e["text"] in ("click", "data")]


def test_the_list_summary_of_a_card_is_plain_text(client, app_context):
    make_model("carded", description=HOSTILE_CARD)
    assert_inert(client.get("/").get_data(as_text=True))


class TestWithCsrf:
    """The same app with CSRF protection switched on, as in production."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    @pytest.mark.parametrize(
        "url",
        [
            "/models/new",
            "/models/BERT/edit",
            "/models/BERT/delete",
            "/models/BERT/versions/new",
            "/models/BERT/versions/1/edit",
            "/models/BERT/versions/1/delete",
            "/models/BERT/aliases",
            "/models/BERT/aliases/champion/delete",
        ],
    )
    def test_a_post_without_token_is_rejected(self, client, app_context, url):
        make_model("BERT")
        set_alias("BERT", "champion", "1")
        response = client.post(url, data={"name": "x", "framework": "JAX", "alias": "a"})
        assert response.status_code == 400
        assert "CSRF" in response.get_data(as_text=True)
        assert get_model("BERT").versions[0].version == "1"

    def test_a_post_with_the_pages_token_goes_through(self, client, app_context):
        token = page_of(client.get("/models/new")).by_id("csrf_token")["attrs"]["value"]
        data = {"csrf_token": token, "name": "GPT", "framework": "JAX"}
        assert client.post("/models/new", data=data).status_code == 303
        assert get_model("GPT").name == "GPT"

    def test_htmx_sends_the_token_from_the_meta_tag_as_a_header(self, client, app_context):
        make_model("BERT")
        page = page_of(client.get("/"))
        token = page.all("meta", name="csrf-token")[0]["attrs"]["content"]
        headers = {"HX-Request": "true", "X-CSRFToken": token}
        data = {"alias": "champion", "version": "1"}
        response = client.post("/models/BERT/aliases", data=data, headers=headers)
        assert response.status_code == 200
        assert 'id="aliases"' in response.get_data(as_text=True)

    def test_a_forged_token_is_rejected(self, client, app_context):
        make_model("BERT")
        client.get("/")
        response = client.post("/models/BERT/delete", data={"csrf_token": "forged"})
        assert response.status_code == 400
        assert get_model("BERT")


def test_posts_about_unknown_models_answer_404_and_create_nothing(client, app_context):
    for url in ["/models/ghost/edit", "/models/ghost/delete", "/models/ghost/aliases"]:
        assert client.post(url, data={"name": "ghost", "alias": "a"}).status_code == 404
    with pytest.raises(NotFound):
        get_model("ghost")


class TestBadInputIsNeverAServerError:
    """Values no row can hold, in URLs and forms, answer 4xx pages; nothing is saved."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "MAX_CONTENT_LENGTH": 16 * 1024}

    @pytest.mark.parametrize(
        ("method", "url", "data", "status"),
        [
            ("GET", "/models/a%00b/", None, 404),
            ("GET", "/?q=a%00", None, 400),
            ("GET", "/?tag=a%00:b", None, 400),
            ("GET", "/models/BERT/versions/%00/edit", None, 404),
            ("GET", "/models/BERT/aliases/%00/delete", None, 404),
            ("POST", "/models/new", {"name": "a\x00", "framework": "JAX"}, 422),
            ("POST", "/models/new", {"name": "m", "framework": "JAX", "version": "9" * 40}, 422),
            ("POST", "/models/new", {"name": "m", "framework": "JAX", "metrics": "a=1e400"}, 422),
            ("POST", "/models/new", {"name": "x" * 20_000, "framework": "JAX"}, 413),
            ("POST", "/models/BERT/edit", {"name": "BERT", "row_version": "9" * 30}, 409),
            ("POST", "/models/BERT/aliases", {"alias": "x", "version": "\x00"}, 422),
            ("POST", "/users/a%00b/status", {"disabled": "true"}, 404),
            ("POST", f"/tokens/{2**64}/revoke", None, 404),
        ],
    )
    def test_a_hostile_value_answers_a_page_in_the_frame(
        self, client, app_context, method, url, data, status
    ):
        make_model("BERT")
        response = client.open(url, method=method, data=data)
        assert response.status_code == status
        page = page_of(response)
        # Not found and too large are error pages; the rest re-show the list or the form.
        assert bool(page.all(data_testid="error-page")) == (status in (404, 413))
        assert page.all("footer")
        assert get_model("BERT").name == "BERT"
        with pytest.raises(NotFound):
            get_model("m")
