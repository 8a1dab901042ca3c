"""The list page: search, filters, sort and keyset paging, all carried in the URL."""

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from web_support import make_model, page_of

from registry.services.versions import create_version


@pytest.fixture
def app_config(app_config):
    """Pages of two, so a handful of models spans several pages."""
    return {**app_config, "REGISTRY_PAGE_SIZE": 2}


@pytest.fixture
def seeded(app_context):
    """Five models; two in TensorFlow, one moved from PyTorch to ONNX, some tagged."""
    make_model("ALBERT", "TensorFlow", description="A lite BERT", tags={"team": "nlp"})
    make_model("BERT", "TensorFlow", description="Bidirectional encoder", tags={"team": "nlp"})
    make_model("CLIP", "PyTorch", description="Contrastive image-text", tags={"team": "vision"})
    make_model("DETR", "PyTorch", description="Detection transformer", tags={"task": "detect"})
    make_model("ResNet", "PyTorch", description="Residual network")
    create_version("ResNet", framework="ONNX")


def names(response) -> list[str]:
    """The model names listed on a response's page, in order."""
    rows = page_of(response).all("tr", data_testid="model-row")
    return [row["attrs"]["data-model-name"] for row in rows]


def all_names(client, url: str) -> list[str]:
    """Follow the "Next page" links from ``url`` and collect every name listed."""
    found = []
    while url:
        response = client.get(url)
        found += names(response)
        links = page_of(response).all("a", data_testid="next-page")
        url = links[0]["attrs"]["href"] if links else None
    return found


def test_search_matches_names_and_descriptions(client, seeded):
    assert sorted(all_names(client, "/?q=bert")) == ["ALBERT", "BERT"]
    assert all_names(client, "/?q=residual") == ["ResNet"]


def test_framework_filter_matches_any_version_of_a_model(client, seeded):
    assert sorted(all_names(client, "/?framework=TensorFlow")) == ["ALBERT", "BERT"]
    assert all_names(client, "/?framework=ONNX") == ["ResNet"]
    assert sorted(all_names(client, "/?framework=PyTorch")) == ["CLIP", "DETR", "ResNet"]


def test_tag_filters_take_a_key_or_a_key_and_value(client, seeded):
    assert sorted(all_names(client, "/?tag=team")) == ["ALBERT", "BERT", "CLIP"]
    assert all_names(client, "/?tag=team:vision") == ["CLIP"]
    assert all_names(client, "/?tag=team&tag=task") == []


def test_sorts(client, seeded):
    assert all_names(client, "/?sort=name") == ["ALBERT", "BERT", "CLIP", "DETR", "ResNet"]
    assert all_names(client, "/?sort=-name") == ["ResNet", "DETR", "CLIP", "BERT", "ALBERT"]
    assert all_names(client, "/?sort=created") == ["ALBERT", "BERT", "CLIP", "DETR", "ResNet"]
    # ResNet got a version last, so it was updated last.
    assert all_names(client, "/")[0] == "ResNet"


def test_the_next_page_link_keeps_the_whole_view(client, seeded):
    response = client.get("/?q=e&framework=PyTorch&sort=-name")
    assert names(response) == ["ResNet", "DETR"]
    href = page_of(response).all("a", data_testid="next-page")[0]["attrs"]["href"]
    query = parse_qs(urlsplit(href).query)
    assert query["q"] == ["e"] and query["framework"] == ["PyTorch"]
    assert query["sort"] == ["-name"] and query["cursor"]
    second = client.get(href)
    assert names(second) == ["CLIP"]
    first = page_of(second).all("a", data_testid="first-page")[0]["attrs"]["href"]
    assert parse_qs(urlsplit(first).query) == {
        "q": ["e"],
        "framework": ["PyTorch"],
        "sort": ["-name"],
    }
    # The form shows the view it came from, so changing one thing keeps the rest.
    page = page_of(second)
    assert page.by_id("search")["attrs"]["value"] == "e"
    chosen = [o["attrs"]["value"] for o in page.all("option") if "selected" in o["attrs"]]
    assert chosen == ["PyTorch", "-name"]


def test_the_next_page_link_keeps_tag_filters(client, seeded):
    response = client.get("/?tag=team&sort=name")
    assert names(response) == ["ALBERT", "BERT"]
    href = page_of(response).all("a", data_testid="next-page")[0]["attrs"]["href"]
    assert parse_qs(urlsplit(href).query)["tag"] == ["team"]
    assert names(client.get(href)) == ["CLIP"]


def test_pages_neither_repeat_nor_skip(client, seeded):
    assert sorted(all_names(client, "/?sort=updated")) == [
        "ALBERT",
        "BERT",
        "CLIP",
        "DETR",
        "ResNet",
    ]


def test_the_count_counts_every_match(client, seeded):
    count = page_of(client.get("/?framework=PyTorch")).all(data_testid="count")[0]["text"]
    assert "3 models match" in " ".join(count.split())


def test_a_bad_cursor_goes_back_to_the_first_page_with_a_message(client, seeded):
    response = client.get("/?framework=PyTorch&cursor=not-a-cursor")
    assert response.status_code == 303
    assert response.headers["Location"] == "/?framework=PyTorch"
    page = page_of(client.get(response.headers["Location"]))
    assert "Showing the first page." in page.all(data_testid="flash")[0]["text"]


def test_a_cursor_from_another_view_is_refused_not_misapplied(client, seeded):
    href = page_of(client.get("/?sort=name")).all("a", data_testid="next-page")[0]["attrs"]["href"]
    cursor = parse_qs(urlsplit(href).query)["cursor"][0]
    response = client.get(f"/?sort=-name&cursor={cursor}")
    assert response.status_code == 303


def test_an_unknown_sort_answers_400_with_the_services_words(client, seeded):
    response = client.get("/?sort=size")
    assert response.status_code == 400
    assert "Sort must be one of: name, -name" in response.get_data(as_text=True)


def test_no_matches_offers_to_clear_the_filters(client, seeded):
    page = page_of(client.get("/?q=zzz&framework=JAX"))
    assert page.all(data_testid="no-matches")
    assert page.all("a", data_testid="clear-filters")[0]["attrs"]["href"] == "/"


def test_htmx_gets_the_results_fragment_and_a_tidy_url(client, seeded):
    response = client.get(
        "/?q=&framework=PyTorch&tag=&sort=-updated", headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert 'id="results"' in html and 'hx-swap-oob="true"' in html
    assert response.headers["HX-Push-Url"] == "/?framework=PyTorch"
    assert "HX-Request" in response.headers["Vary"]
    assert names(response) == ["ResNet", "DETR"]


def test_an_htmx_history_restore_gets_the_whole_page(client, seeded):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/?framework=PyTorch", headers=headers).get_data(as_text=True)
    assert "<html" in html and 'data-testid="filter-form"' in html


def test_filter_form_is_wired_for_htmx_and_plain_get(client, seeded):
    form = page_of(client.get("/")).all("form", data_testid="filter-form")[0]["attrs"]
    assert form["method"] == "get" and form["action"] == "/"
    assert form["hx-get"] == "/" and form["hx-target"] == "#results"
    assert form["hx-push-url"] == "true"


def test_each_row_links_to_its_model_page_and_shows_its_card_as_plain_text(client, app_context):
    cards = {"a b?c#d%e": "- One *marked* line.", "naïve&x=y": "Plain,  as typed."}
    for name, card in cards.items():
        make_model(name, "PyTorch", description=card)
    page = page_of(client.get("/?sort=name"))
    links = {link["text"]: link["attrs"]["href"] for link in page.all("a") if link["text"] in cards}
    assert links == {name: "/models/" + quote(name, safe="") + "/" for name in cards}
    assert all(client.get(href).status_code == 200 for href in links.values())
    summaries = [
        span["text"] for span in page.all("span") if span["attrs"].get("class") == "cell-sub"
    ]
    assert summaries == ["One marked line.", "Plain, as typed."]
