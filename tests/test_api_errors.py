"""How /api answers bad requests: status codes and RFC 9457 problem documents, never a 500."""

import sqlite3
from contextlib import closing

import pytest
from api_support import API_ONLY, PROBLEM, model_url, problem, register
from app_support import fresh_app
from auth_support import make_account

from registry import create_app
from registry.auth import PUBLIC, requires


@pytest.fixture
def app_config(app_config):
    """Only the API door, with a small body limit so 413 is cheap to reach."""
    return {**app_config, **API_ONLY, "MAX_CONTENT_LENGTH": 64 * 1024}


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"]
)
def test_a_body_not_sent_as_json_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/v1/models", data='{"name": "m"}', headers=headers)
    problem(response, 415)
    problem(client.get("/api/v1/models/m"), 404)


def test_json_with_a_charset_parameter_is_accepted(client):
    response = client.post(
        "/api/v1/models",
        data='{"name": "m"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"{'name': 'm'}",
        b'{"name": "m",}',
        b'{"name": NaN}',
        b'{"name": "m", "first_version": {"framework": "JAX", "metrics": {"a": Infinity}}}',
        b'{"name": "m", "first_version": {"framework": "JAX", "metrics": {"a": -Infinity}}}',
        b'{"name": "m", "first_version": {"framework": "JAX", "metrics": {"a": 1e400}}}',
        b'{"name": "m", "name": "n"}',
        b'{"name": "\xff\xfe"}',
        b"[" * 20000 + b"]" * 20000,
        b'{"name": ' + b"9" * 5000 + b"}",
    ],
)
def test_malformed_json_is_400(client, body):
    response = client.post("/api/v1/models", data=body, content_type="application/json")
    problem(response, 400)
    assert client.get("/api/v1/models").get_json()["items"] == []


@pytest.mark.parametrize("body", [b"[]", b'"m"', b"1", b"null", b"true", b'[{"name": "m"}]'])
def test_a_body_that_is_not_an_object_is_400(client, body):
    detail = problem(client.post("/api/v1/models", data=body, content_type="application/json"), 400)
    assert detail["detail"] == "The body must be a JSON object."


def test_a_body_over_max_content_length_is_413(client):
    response = client.post("/api/v1/models", json={"name": "m", "description": "x" * 65 * 1024})
    problem(response, 413)
    problem(client.get("/api/v1/models/m"), 404)


def test_unknown_api_routes_answer_a_json_404(client):
    for url in ("/api/v1/nothing", "/api/v2/models", "/api/", "/api/v1/models/m/versions/1/x"):
        problem(client.get(url), 404)


def test_a_wrong_method_answers_405_with_allow(client):
    response = client.put("/api/v1/models")
    problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    register(client, "m")
    response = client.post(model_url("m"))
    problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH", "DELETE"}


def test_double_slashes_are_unknown_urls_not_redirects(client):
    problem(client.get("/api/v1/models//versions"), 404)


def test_an_unexpected_failure_is_a_problem_document_without_internals(app, client):
    def explode():
        raise RuntimeError("secret internals /etc/passwd")

    app.add_url_rule("/api/v1/explode", "explode", requires(PUBLIC)(explode))
    response = client.get("/api/v1/explode")
    document = problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in document["detail"]


def test_api_writes_need_no_csrf_token_when_csrf_is_on(app_config):
    with fresh_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = (
            f"Bearer {make_account(app, 'ed', 'editor').token}"
        )
        assert client.post("/api/v1/models", json={"name": "m"}).status_code == 201
        seed = client.post("/api/models", json={"name": "n", "version": "1", "framework": "JAX"})
        assert seed.status_code == 201


def test_a_locked_database_answers_503_with_retry_after(tmp_path):
    path = tmp_path / "locked.sqlite3"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        "REGISTRY_SQLITE_BUSY_TIMEOUT_MS": 50,
        **API_ONLY,
    }
    with fresh_app(config) as app:
        client = app.test_client()
        token = make_account(app, "ed", "editor").token
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        with closing(sqlite3.connect(path, isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            response = client.post("/api/v1/models", json={"name": "m"})
            problem(response, 503)
            assert response.headers["Retry-After"].isdigit()
            seed_row = {"name": "m", "version": "1", "framework": "JAX"}
            seed = client.post("/api/models", json=seed_row)
            assert seed.status_code == 503
            assert seed.headers["Retry-After"].isdigit()
            assert "error" in seed.get_json()
            holder.execute("ROLLBACK")
        assert client.post("/api/v1/models", json={"name": "m"}).status_code == 201


def test_a_database_that_does_not_answer_is_503_and_not_ready(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.sqlite3'}",
            **API_ONLY,
        }
    )
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    problem(ready, 503)
    assert ready.headers["Retry-After"].isdigit()
    problem(client.get("/api/v1/models"), 503)
    problem(client.get("/api/v1/models/m"), 503)
    assert client.get("/api/models").status_code == 503
    assert client.get("/api/models").mimetype == "application/json"


def test_health_routes_answer_json_errors_too(client):
    response = client.post("/healthz")
    assert (response.status_code, response.mimetype) == (405, PROBLEM)
    assert client.get("/readyz").get_json() == {"status": "ready"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/models/a%00b",
        "/api/v1/models/m/aliases/a%00",
        "/api/v1/models?q=a%00",
        "/api/v1/models?tag=k%00:v",
        "/api/v1/models/m/compare?versions=1,2%00",
        "/api/v1/models?%00=x",
    ],
)
def test_nul_in_a_url_is_400_on_every_database(client, url):
    register(client, "m")
    problem(client.get(url), 400)


def test_an_encoded_percent_sign_before_00_is_no_nul(client):
    register(client, "m")
    answer = client.get("/api/v1/models?q=%2500")  # searches for the text "%00"
    assert answer.status_code == 200
    assert answer.get_json()["items"] == []


def test_nul_in_the_seed_api_is_a_client_error(client):
    assert client.delete("/api/models?id=a%00").status_code == 400
    response = client.post(
        "/api/models", json={"name": "a\u0000", "version": "1", "framework": "JAX"}
    )
    assert response.status_code == 422
    assert "control characters" in response.get_json()["error"]
