"""The MLflow door's exact wire format, through Flask's test client."""

import pytest
from sqlalchemy import event

from registry.extensions import db
from registry.mlflow import ordering
from registry.mlflow.entities import milliseconds
from registry.services import registered_models, versions

API = "/api/2.0/mlflow"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REGISTRY_PLUGINS": ["registry.mlflow"], "WTF_CSRF_ENABLED": True}


def post(client, path, body, prefix=API):
    return client.post(prefix + path, json=body)


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error_code", "message"}
    return response.status_code, body["error_code"]


def test_entities_have_ms_timestamps_string_versions_and_no_empty_lists(app, client):
    created = post(client, "/registered-models/create", {"name": "fraud"})
    assert created.status_code == 200
    body = created.get_json()["registered_model"]
    assert sorted(body) == ["creation_timestamp", "last_updated_timestamp", "name"]
    with app.app_context():
        model = registered_models.get_model("fraud")
        assert body["creation_timestamp"] == milliseconds(model.created_at)
        assert body["last_updated_timestamp"] == milliseconds(model.updated_at)

    version = post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b/1"})
    assert version.get_json() == {
        "model_version": {
            "name": "fraud",
            "version": "1",
            "creation_timestamp": version.get_json()["model_version"]["creation_timestamp"],
            "last_updated_timestamp": version.get_json()["model_version"]["creation_timestamp"],
            "current_stage": "None",
            "description": "",
            "source": "s3://b/1",
            "run_id": "",
            "run_link": "",
            "status": "READY",
        }
    }
    assert isinstance(version.get_json()["model_version"]["creation_timestamp"], int)


def test_lists_appear_once_they_have_members(client):
    post(client, "/registered-models/create", {"name": "fraud", "description": "card"})
    post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b/1"})
    assert post(client, "/registered-models/set-tag", {"name": "fraud", "key": "k", "value": "v"})
    post(client, "/registered-models/alias", {"name": "fraud", "alias": "best", "version": "1"})
    post(client, "/model-versions/set-tag", {"name": "fraud", "version": "1", "key": "a"})
    body = client.get(API + "/registered-models/get?name=fraud").get_json()["registered_model"]
    assert body["description"] == "card"
    assert body["tags"] == [{"key": "k", "value": "v"}]
    assert body["aliases"] == [{"alias": "best", "version": "1"}]
    [latest] = body["latest_versions"]
    assert (latest["tags"], latest["aliases"]) == ([{"key": "a", "value": ""}], ["best"])


def test_empty_replies_are_an_empty_object(client):
    post(client, "/registered-models/create", {"name": "fraud"})
    post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b/1"})
    calls = [
        ("post", "/registered-models/set-tag", {"name": "fraud", "key": "k", "value": "v"}),
        ("delete", "/registered-models/delete-tag", {"name": "fraud", "key": "k"}),
        ("post", "/model-versions/set-tag", {"name": "fraud", "version": "1", "key": "k"}),
        ("delete", "/model-versions/delete-tag", {"name": "fraud", "version": "1", "key": "k"}),
        ("post", "/registered-models/alias", {"name": "fraud", "alias": "a", "version": "1"}),
        ("delete", "/registered-models/alias", {"name": "fraud", "alias": "a"}),
        ("delete", "/model-versions/delete", {"name": "fraud", "version": "1"}),
        ("delete", "/registered-models/delete", {"name": "fraud"}),
    ]
    for method, path, body in calls:
        response = getattr(client, method)(API + path, json=body)
        assert (response.status_code, response.get_json()) == (200, {}), path
    search = client.get(API + "/registered-models/search", query_string={"filter": "name='x'"})
    assert search.get_json() == {}


def test_routing_errors_are_json_endpoint_not_found(client):
    for prefix in (API, "/ajax-api/2.0/mlflow"):
        for response in (
            client.get(prefix + "/no-such-rpc"),
            client.get(prefix + "/registered-models/create"),
            client.post(prefix + "/runs/create", json={}),
        ):
            assert error_of(response) == (404, "ENDPOINT_NOT_FOUND")


def test_error_codes_and_statuses(client):
    post(client, "/registered-models/create", {"name": "fraud"})
    assert error_of(post(client, "/registered-models/create", {"name": "FRAUD"})) == (
        400,
        "RESOURCE_ALREADY_EXISTS",
    )
    missing = client.get(API + "/registered-models/get?name=nope")
    assert error_of(missing) == (404, "RESOURCE_DOES_NOT_EXIST")
    assert missing.get_json()["message"] == "Registered Model with name=nope not found"
    no_name = post(client, "/registered-models/create", {"description": "x"})
    assert error_of(no_name) == (400, "INVALID_PARAMETER_VALUE")
    assert no_name.get_json()["message"].startswith("Missing value for required parameter 'name'")
    wrong_type = post(client, "/registered-models/create", {"name": 7})
    assert error_of(wrong_type) == (400, "INVALID_PARAMETER_VALUE")
    ghost = client.get(API + "/registered-models/alias?name=fraud&alias=ghost")
    assert error_of(ghost) == (400, "INVALID_PARAMETER_VALUE")
    bad_token = client.get(API + "/registered-models/search?page_token=not-a-token")
    assert error_of(bad_token) == (400, "INVALID_PARAMETER_VALUE")
    bad_size = client.get(API + "/model-versions/search?max_results=lots")
    assert error_of(bad_size) == (400, "INVALID_PARAMETER_VALUE")
    unparsable = client.get(API + "/model-versions/search", query_string={"filter": "name = 'a"})
    assert error_of(unparsable) == (400, "INVALID_PARAMETER_VALUE")


def test_filters_beyond_what_a_row_holds_answer_without_a_server_error(client):
    post(client, "/registered-models/create", {"name": "fraud"})
    post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b/1"})
    search = API + "/model-versions/search"
    huge = client.get(search, query_string={"filter": f"version_number < {10**20}"})
    assert huge.status_code == 200
    assert [found["version"] for found in huge.get_json()["model_versions"]] == ["1"]
    for text in ("tag.`a\x00` = 'x'", "tags.`" + "k" * 251 + "` = 'x'"):
        refused = client.get(search, query_string={"filter": text})
        assert error_of(refused) == (400, "INVALID_PARAMETER_VALUE")


def test_json_bodies_are_checked_for_content_type_form_and_size(app, client):
    path = API + "/registered-models/create"
    plain = client.post(path, data='{"name": "x"}', content_type="text/plain")
    assert error_of(plain) == (400, "INVALID_PARAMETER_VALUE")
    assert "Content-Type must be one of" in plain.get_json()["message"]
    bare = client.post(path, data='{"name": "x"}')
    assert error_of(bare) == (400, "INVALID_PARAMETER_VALUE")
    for broken in ("{not json", "[1, 2]", "[" * 5000):
        response = client.post(path, data=broken, content_type="application/json")
        assert error_of(response) == (400, "INVALID_PARAMETER_VALUE")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    huge = client.post(path, json={"name": "x", "description": "d" * 4096})
    assert error_of(huge) == (413, "RESOURCE_LIMIT_EXCEEDED")


def test_get_reads_repeated_query_keys(app, client):
    post(client, "/registered-models/create", {"name": "fraud"})
    for stage in ("Production", "Staging", "None"):
        created = post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b"})
        version = created.get_json()["model_version"]["version"]
        post(
            client,
            "/model-versions/transition-stage",
            {"name": "fraud", "version": version, "stage": stage},
        )
    response = client.get(
        API + "/registered-models/get-latest-versions?name=fraud&stages=Production&stages=staging"
    )
    found = response.get_json()["model_versions"]
    assert [(v["version"], v["current_stage"]) for v in found] == [
        ("2", "Staging"),
        ("1", "Production"),
    ]
    ordered = client.get(
        API + "/model-versions/search?order_by=name&order_by=version_number+ASC&max_results=2"
    ).get_json()
    assert [v["version"] for v in ordered["model_versions"]] == ["1", "2"]
    assert ordered["next_page_token"]


def test_update_without_description_clears_it_as_mlflow_does(client):
    post(client, "/registered-models/create", {"name": "fraud", "description": "card"})
    post(
        client, "/model-versions/create", {"name": "fraud", "source": "s3://b", "description": "d"}
    )
    model = client.patch(API + "/registered-models/update", json={"name": "fraud"}).get_json()
    assert "description" not in model["registered_model"]
    version = client.patch(API + "/model-versions/update", json={"name": "fraud", "version": "1"})
    assert version.get_json()["model_version"]["description"] == ""


def test_versions_made_by_other_doors_show_their_labels(app, client):
    with app.app_context():
        registered_models.create_model("bert")
        versions.create_version("bert", version="1.0.0", framework="JAX", source="hf://bert")
    got = client.get(API + "/model-versions/get?name=bert&version=1.0.0").get_json()
    assert got["model_version"]["version"] == "1.0.0"
    uri = client.get(API + "/model-versions/get-download-uri?name=bert&version=1.0.0")
    assert uri.get_json() == {"artifact_uri": "hf://bert"}
    copied = post(
        client, "/model-versions/create", {"name": "bert", "source": "models:/bert/1.0.0"}
    )
    assert copied.get_json()["model_version"]["source"] == "hf://bert"


def test_the_ui_prefix_and_a_get_with_a_json_body_work_too(client):
    post(client, "/registered-models/create", {"name": "fraud"}, prefix="/ajax-api/2.0/mlflow")
    body = client.get(API + "/registered-models/get", json={"name": "fraud"}).get_json()
    assert body["registered_model"]["name"] == "fraud"


def add_models(client, names):
    for name in names:
        post(
            client,
            "/registered-models/create",
            {"name": name, "tags": [{"key": "t", "value": "v"}]},
        )
        for stage in ("Production", "Staging"):
            created = post(client, "/model-versions/create", {"name": name, "source": "s3://b"})
            version = created.get_json()["model_version"]["version"]
            post(client, "/model-versions/set-tag", {"name": name, "version": version, "key": "k"})
            post(
                client,
                "/model-versions/transition-stage",
                {"name": name, "version": version, "stage": stage},
            )
        post(client, "/registered-models/alias", {"name": name, "alias": "best", "version": "1"})


def count_queries(app, call) -> int:
    statements = []

    def record(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert call().status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_search_pages_cost_the_same_queries_however_many_rows_they_hold(app, client):
    def search_models():
        return client.get(API + "/registered-models/search")

    def search_versions():
        return client.get(API + "/model-versions/search")

    add_models(client, ["a", "b"])
    few = count_queries(app, search_models), count_queries(app, search_versions)
    add_models(client, ["c", "d", "e", "f"])
    many = count_queries(app, search_models), count_queries(app, search_versions)
    assert len(search_models().get_json()["registered_models"]) == 6
    assert len(search_versions().get_json()["model_versions"]) == 12
    assert many == few


def test_a_version_page_larger_than_the_cap_continues_with_a_token(client, monkeypatch):
    monkeypatch.setattr(ordering, "VERSION_PAGE_CAP", 2)
    post(client, "/registered-models/create", {"name": "fraud"})
    for _ in range(3):
        post(client, "/model-versions/create", {"name": "fraud", "source": "s3://b"})
    query = {"max_results": "10000", "order_by": "version_number"}
    first = client.get(API + "/model-versions/search", query_string=query).get_json()
    assert [v["version"] for v in first["model_versions"]] == ["1", "2"]
    query["page_token"] = first["next_page_token"]
    rest = client.get(API + "/model-versions/search", query_string=query).get_json()
    assert [v["version"] for v in rest["model_versions"]] == ["3"]
    assert "next_page_token" not in rest
