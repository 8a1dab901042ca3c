"""Keyset paging over /api/v1: stable while rows come and go, and bound to its query."""

from urllib.parse import parse_qs, urlsplit

import pytest
from api_support import API_ONLY, model_url, problem, register


@pytest.fixture
def app_config(app_config):
    """Only the API door."""
    return {**app_config, **API_ONLY}


def next_url(response) -> str | None:
    """The URL the Link header names as rel="next", or None on the last page."""
    link = response.headers.get("Link")
    if link is None:
        return None
    target, relation = link.split(";", 1)
    assert relation.strip() == 'rel="next"'
    return target.strip().strip("<>")


def test_link_header_repeats_the_query_with_the_next_cursor(client):
    for name in ("a", "b", "c"):
        register(client, name, tags={"team": "x"})
    first = client.get("/api/v1/models?limit=2&tag=team&tag=team:x&sort=-name")
    body = first.get_json()
    assert [model["name"] for model in body["items"]] == ["c", "b"]
    url = next_url(first)
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/api/v1/models"
    assert query == {
        "limit": ["2"],
        "tag": ["team", "team:x"],
        "sort": ["-name"],
        "cursor": [body["next_cursor"]],
    }
    last = client.get(url)
    assert [model["name"] for model in last.get_json()["items"]] == ["a"]
    assert last.get_json()["next_cursor"] is None
    assert next_url(last) is None


def test_no_skips_and_no_repeats_while_models_come_and_go(client):
    originals = [f"m{index:02}" for index in range(10)]
    for name in originals:
        register(client, name)
    seen, deleted = [], []
    url = "/api/v1/models?limit=3"
    for turn in range(20):
        response = client.get(url)
        assert response.status_code == 200
        seen += [model["name"] for model in response.get_json()["items"]]
        # Between pages: a model sorting before the cursor and one after it appear, and an
        # original not served yet goes.
        register(client, f"a-before-{turn}")
        register(client, f"z-after-{turn}")
        unseen = [name for name in originals if name not in seen and name not in deleted]
        if unseen and len(deleted) < 2:
            assert client.delete(model_url(unseen[-1])).status_code == 204
            deleted.append(unseen[-1])
        url = next_url(response)
        if url is None:
            break
    assert len(seen) == len(set(seen)), "a model was served twice"
    assert [name for name in seen if name.startswith("m")] == [
        name for name in originals if name not in deleted
    ]
    assert not [name for name in seen if name.startswith("a-before")]
    assert [name for name in seen if name.startswith("z-after")], "rows added ahead are served"


def test_a_cursor_reused_with_another_filter_or_sort_is_refused(client):
    for name in ("a", "b", "c"):
        register(client, name, tags={"team": "x"})
    cursor = client.get("/api/v1/models?limit=1").get_json()["next_cursor"]
    assert client.get(f"/api/v1/models?limit=1&cursor={cursor}").status_code == 200
    assert client.get(f"/api/v1/models?limit=2&cursor={cursor}").status_code == 200
    for other in ("sort=-name", "tag=team", "q=a", "framework=JAX", "alias=champion"):
        detail = problem(client.get(f"/api/v1/models?limit=1&{other}&cursor={cursor}"), 400)
        assert "another query" in detail["detail"]


@pytest.mark.parametrize("cursor", ["abc", "eyJ4IjogMX0", "%00", "x" * 3000])
def test_a_malformed_cursor_is_a_client_error(client, cursor):
    register(client, "m")
    response = client.get(f"/api/v1/models?cursor={cursor}")
    assert response.status_code in (400, 422)
    problem(response, response.status_code)


def test_events_page_newest_first_and_refuse_another_models_cursor(client):
    register(client, "m")
    register(client, "other", tags={"a": "1"})
    for index in range(4):
        client.put(model_url("m", "tags", f"k{index}"), json={"value": str(index)})
    first = client.get(model_url("m", "events") + "?limit=2")
    items = first.get_json()["items"]
    assert [event["after"] for event in items] == [{"k3": "3"}, {"k2": "2"}]
    rest, url = [], next_url(first)
    while url:
        response = client.get(url)
        rest += response.get_json()["items"]
        url = next_url(response)
    assert [event["action"] for event in rest] == ["model.tag.set"] * 2 + ["model.created"]
    ids = [event["id"] for event in items + rest]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids))
    cursor = first.get_json()["next_cursor"]
    problem(client.get(model_url("other", "events") + f"?cursor={cursor}"), 400)
