"""/api/models: the original app's API keeps its contract (flat rows, {"error"} on failure)."""

import uuid
from functools import partial

import pytest
from api_support import API_ONLY, add_version, model_url, register

from registry.api import seed
from registry.api.responses import SeedRows
from registry.services import demo
from registry.services.flat_rows import flat_row_batches


@pytest.fixture
def app_config(app_config):
    """Only the API door."""
    return {**app_config, **API_ONLY}


def post_row(client, **row):
    """POST one flat row to the original API."""
    return client.post("/api/models", json=row)


def test_an_empty_registry_lists_an_empty_array(client):
    response = client.get("/api/models")
    assert (response.status_code, response.get_json()) == (200, [])


def test_post_creates_the_model_then_adds_versions(client):
    first = post_row(client, name="BERT", version="1.0", framework="TensorFlow", description="d")
    assert first.status_code == 201
    row = first.get_json()
    uuid.UUID(row["id"])
    assert row == {**row, "name": "BERT", "version": "1.0", "framework": "TensorFlow"}
    assert row["description"] == "d"
    second = post_row(client, name="BERT", version="2.0", framework="PyTorch")
    assert second.status_code == 201
    assert second.get_json()["description"] == "d", "falls back to the model's description"
    versions = client.get(model_url("BERT", "versions")).get_json()["items"]
    assert [version["version"] for version in versions] == ["2.0", "1.0"]


def test_get_lists_one_flat_row_per_version_in_insertion_order(client):
    post_row(client, name="b", version="1", framework="JAX")
    post_row(client, name="a", version="1", framework="PyTorch", description="x")
    post_row(client, name="b", version="2", framework="Other")
    rows = SeedRows.model_validate(client.get("/api/models").get_json()).model_dump()
    assert [(row["name"], row["version"], row["framework"]) for row in rows] == [
        ("b", "1", "JAX"),
        ("a", "1", "PyTorch"),
        ("b", "2", "Other"),
    ]
    assert set(rows[0]) == {"id", "name", "version", "framework", "description"}


def test_the_rows_are_sent_a_batch_at_a_time_in_one_array(client, monkeypatch):
    monkeypatch.setattr(seed, "flat_row_batches", partial(flat_row_batches, batch=2))
    for number in range(1, 6):
        post_row(client, name="m", version=str(number), framework="JAX")
    response = client.get("/api/models")
    assert response.is_streamed and response.mimetype == "application/json"
    assert [row["version"] for row in response.get_json()] == ["1", "2", "3", "4", "5"]


def test_rows_made_by_the_new_api_show_up_too(client):
    register(client, "resnet-50", description="card")
    version = add_version(client, "resnet-50", description="")
    assert client.get("/api/models").get_json() == [
        {
            "id": version["id"],
            "name": "resnet-50",
            "version": "1",
            "framework": "PyTorch",
            "description": "card",
        }
    ]


def test_the_24_demo_rows_are_listed(app, client):
    with app.app_context():
        demo.load_demo()
    rows = client.get("/api/models").get_json()
    assert len(rows) == 24
    assert (rows[0]["name"], rows[-1]["name"]) == ("EfficientNet-B0", "LaMDA")


def test_extra_fields_are_ignored(client):
    response = post_row(client, name="m", version="1", framework="JAX", colour="red")
    assert response.status_code == 201
    assert "colour" not in response.get_json()


def test_a_duplicate_version_is_409(client):
    post_row(client, name="m", version="1", framework="JAX")
    response = post_row(client, name="M", version="1", framework="JAX")
    assert response.status_code == 409
    assert set(response.get_json()) == {"error"}


@pytest.mark.parametrize(
    "row",
    [
        {"version": "1", "framework": "JAX"},
        {"name": "m", "framework": "JAX"},
        {"name": "m", "version": "1"},
        {"name": "m", "version": "1", "framework": "Keras"},
        {"name": "", "version": "1", "framework": "JAX"},
        {"name": "a/b", "version": "1", "framework": "JAX"},
        {"name": "m", "version": 1, "framework": "JAX"},
    ],
)
def test_bad_rows_are_422_with_an_error(client, row):
    response = client.post("/api/models", json=row)
    assert response.status_code == 422
    assert response.mimetype == "application/json"
    assert isinstance(response.get_json()["error"], str)
    assert client.get("/api/models").get_json() == []


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"name": NaN}'])
def test_malformed_json_is_400_with_an_error(client, body):
    response = client.post("/api/models", data=body, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)


def test_a_body_not_sent_as_json_is_415(client):
    response = client.post("/api/models", data="name=m", content_type="text/plain")
    assert response.status_code == 415
    assert "error" in response.get_json()


def test_delete_by_id_removes_the_model_with_its_last_version(client):
    one = post_row(client, name="m", version="1", framework="JAX").get_json()
    two = post_row(client, name="m", version="2", framework="JAX").get_json()
    response = client.delete(f"/api/models?id={one['id']}")
    assert (response.status_code, response.data) == (204, b"")
    assert client.get(model_url("m")).status_code == 200
    assert client.delete(f"/api/models?id={two['id']}").status_code == 204
    assert client.get(model_url("m")).status_code == 404
    assert client.get("/api/models").get_json() == []


def test_delete_without_an_id_is_400(client):
    for url in ("/api/models", "/api/models?id="):
        response = client.delete(url)
        assert (response.status_code, response.get_json()) == (
            400,
            {"error": "Model ID is required"},
        )


def test_delete_of_an_unknown_id_is_404(client):
    for version_id in (str(uuid.uuid4()), "not-a-uuid"):
        response = client.delete(f"/api/models?id={version_id}")
        assert response.status_code == 404
        assert "error" in response.get_json()


def test_other_methods_and_paths_answer_json(client):
    response = client.put("/api/models")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "error" in response.get_json()
    response = client.get("/api/models/anything")
    assert (response.status_code, "error" in response.get_json()) == (404, True)
