"""/api/v1 versions, aliases, version tags and comparisons."""

import uuid

import pytest
from api_support import API_ONLY, add_version, failing_fields, model_url, problem, register

from registry.api.responses import Comparison, Version, VersionPage


@pytest.fixture
def app_config(app_config):
    """Only the API door."""
    return {**app_config, **API_ONLY}


@pytest.fixture
def model(client):
    """A registered model without versions."""
    return register(client, "resnet-50", description="card")


def test_add_a_version_with_every_field(client, model):
    response = client.post(
        model_url("resnet-50", "versions"),
        json={
            "version": "1.0.0",
            "framework": "PyTorch",
            "source": "s3://models/resnet/1",
            "run_id": "abc123",
            "run_link": "https://ci.example/run/1",
            "description": "first",
            "stage": "staging",
            "metrics": {"top1": 0.76, "epochs": 90},
            "tags": {"dataset": "imagenet"},
        },
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/models/resnet-50/versions/1.0.0"
    body = Version.model_validate(response.get_json()).model_dump()
    uuid.UUID(body["id"])
    assert body["model"] == "resnet-50"
    assert body["stage"] == "Staging"
    assert body["metrics"] == {"epochs": 90.0, "top1": 0.76}
    assert body["tags"] == {"dataset": "imagenet"}
    assert body["status"] == "READY"
    assert body["aliases"] == []
    fetched = client.get(response.headers["Location"])
    assert fetched.get_json() == response.get_json()
    assert fetched.headers["ETag"] == response.headers["ETag"]


def test_versions_are_numbered_when_no_label_is_given(client, model):
    assert add_version(client, "resnet-50")["version"] == "1"
    assert add_version(client, "resnet-50", version="7")["version"] == "7"
    assert add_version(client, "resnet-50")["version"] == "8"


def test_a_duplicate_version_is_a_conflict(client, model):
    add_version(client, "resnet-50", version="1")
    response = client.post(
        model_url("resnet-50", "versions"), json={"framework": "JAX", "version": "1"}
    )
    problem(response, 409)


def test_a_version_of_a_missing_model_is_not_found(client):
    problem(client.post(model_url("nope", "versions"), json={"framework": "JAX"}), 404)
    problem(client.get(model_url("nope", "versions")), 404)
    problem(client.get(model_url("nope", "versions", "1")), 404)


def test_every_broken_version_rule_is_listed(client, model):
    response = client.post(
        model_url("resnet-50", "versions"),
        json={
            "version": "has space",
            "framework": "Keras",
            "source": "ftp://host/x",
            "stage": "Live",
        },
    )
    assert set(failing_fields(response)) == {"version", "framework", "source", "stage"}
    assert client.get(model_url("resnet-50", "versions")).get_json()["items"] == []


def test_metrics_must_be_numbers(client, model):
    response = client.post(
        model_url("resnet-50", "versions"),
        json={"framework": "JAX", "metrics": {"acc": True, "loss": "low", "f1": 0.5}},
    )
    assert problem(response, 422)["errors"] == [
        {"field": "metrics", "message": "Metric 'acc' must be a number."},
        {"field": "metrics", "message": "Metric 'loss' must be a number."},
    ]


def test_list_versions_highest_first(client, model):
    for label in ("1.9.0", "1.10.0", "1.2.0"):
        add_version(client, "resnet-50", version=label)
    body = VersionPage.model_validate(client.get(model_url("resnet-50", "versions")).get_json())
    assert [version.version for version in body.items] == ["1.10.0", "1.9.0", "1.2.0"]
    assert body.next_cursor is None


def test_list_versions_a_page_at_a_time(client, model):
    for _ in range(5):
        add_version(client, "resnet-50")
    url = model_url("resnet-50", "versions") + "?limit=2"
    seen = []
    while url:
        answer = client.get(url)
        body = VersionPage.model_validate(answer.get_json())
        seen.append([version.version for version in body.items])
        link = answer.headers.get("Link")
        assert (link is None) == (body.next_cursor is None)
        url = link[1 : link.index(">")] if link else None
    assert seen == [["5", "4"], ["3", "2"], ["1"]]


def test_list_versions_refuses_a_bad_limit_or_cursor(client, model):
    add_version(client, "resnet-50")
    url = model_url("resnet-50", "versions")
    for query in ("?limit=0", "?limit=201"):
        assert list(failing_fields(client.get(url + query))) == ["limit"]
    problem(client.get(url + "?cursor=not-a-cursor"), 400)
    problem(client.get(model_url("nobody", "versions")), 404)


def test_patch_a_version_with_if_match(client, model):
    add_version(client, "resnet-50", metrics={"acc": 0.5}, tags={"a": "1"})
    url = model_url("resnet-50", "versions", "1")
    etag = client.get(url).headers["ETag"]
    response = client.patch(
        url, json={"stage": "Production", "metrics": {"acc": 0.9}}, headers={"If-Match": etag}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["stage"], body["metrics"], body["tags"]) == (
        "Production",
        {"acc": 0.9},
        {"a": "1"},
    )
    problem(client.patch(url, json={"description": "x"}, headers={"If-Match": etag}), 412)
    assert client.get(url).get_json()["description"] == ""


def test_patch_refuses_the_label_and_unknown_fields(client, model):
    add_version(client, "resnet-50")
    response = client.patch(model_url("resnet-50", "versions", "1"), json={"version": "2", "x": 1})
    assert set(failing_fields(response)) == {"version", "x"}


def test_delete_a_version_with_and_without_if_match(client, model):
    add_version(client, "resnet-50")
    add_version(client, "resnet-50")
    url = model_url("resnet-50", "versions", "1")
    problem(client.delete(url, headers={"If-Match": '"999"'}), 412)
    assert (
        client.delete(url, headers={"If-Match": client.get(url).headers["ETag"]}).status_code == 204
    )
    assert client.delete(model_url("resnet-50", "versions", "2")).status_code == 204
    problem(client.get(url), 404)
    problem(client.delete(url), 404)
    assert client.get(model_url("resnet-50")).get_json()["latest_version"] is None


def test_version_tags(client, model):
    add_version(client, "resnet-50")
    url = model_url("resnet-50", "versions", "1", "tags", "dataset")
    response = client.put(url, json={"value": "imagenet"})
    assert response.status_code == 200
    assert response.get_json()["tags"] == {"dataset": "imagenet"}
    assert client.delete(url).status_code == 204
    assert client.get(model_url("resnet-50", "versions", "1")).get_json()["tags"] == {}
    problem(client.delete(url), 404)
    problem(
        client.put(model_url("resnet-50", "versions", "9", "tags", "k"), json={"value": "v"}), 404
    )


def test_aliases_point_move_resolve_and_go(client, model):
    add_version(client, "resnet-50")
    add_version(client, "resnet-50")
    url = model_url("resnet-50", "aliases", "champion")
    response = client.put(url, json={"version": "1"})
    assert response.status_code == 200
    assert (response.get_json()["version"], response.get_json()["aliases"]) == ("1", ["champion"])
    assert "ETag" in response.headers
    client.put(url, json={"version": "2"})
    resolved = client.get(url)
    assert resolved.get_json()["version"] == "2"
    assert (
        resolved.headers["ETag"]
        == client.get(model_url("resnet-50", "versions", "2")).headers["ETag"]
    )
    assert client.get(model_url("resnet-50")).get_json()["aliases"] == {"champion": "2"}
    assert client.delete(url).status_code == 204
    problem(client.get(url), 404)
    problem(client.delete(url), 404)


def test_alias_rules_and_missing_targets(client, model):
    add_version(client, "resnet-50")
    assert "alias" in failing_fields(
        client.put(model_url("resnet-50", "aliases", "latest"), json={"version": "1"})
    )
    assert "alias" in failing_fields(
        client.put(model_url("resnet-50", "aliases", "v1"), json={"version": "1"})
    )
    assert failing_fields(client.put(model_url("resnet-50", "aliases", "a"), json={})) == {
        "version": "Version is required."
    }
    problem(client.put(model_url("resnet-50", "aliases", "champion"), json={"version": "9"}), 404)


def test_compare_versions(client, model):
    add_version(client, "resnet-50", framework="PyTorch", metrics={"acc": 0.5})
    add_version(client, "resnet-50", framework="ONNX", metrics={"acc": 0.5, "f1": 0.4})
    response = client.get(model_url("resnet-50", "compare") + "?versions=2,1")
    assert response.status_code == 200
    body = Comparison.model_validate(response.get_json())
    assert [version.version for version in body.versions] == ["2", "1"]
    rows = {row.field: (row.values, row.differs) for row in body.fields}
    assert rows["framework"] == (["ONNX", "PyTorch"], True)
    assert rows["metric:acc"] == ([0.5, 0.5], False)
    assert rows["metric:f1"] == ([0.4, None], True)


def test_compare_needs_two_existing_versions(client, model):
    add_version(client, "resnet-50")
    assert "versions" in failing_fields(
        client.get(model_url("resnet-50", "compare") + "?versions=1")
    )
    assert "versions" in failing_fields(client.get(model_url("resnet-50", "compare")))
    problem(client.get(model_url("resnet-50", "compare") + "?versions=1,5"), 404)
