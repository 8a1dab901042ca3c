"""The OpenAPI document: valid 3.1, generated from the code, covering every API route."""

import re

import pytest
from api_support import API_ONLY
from openapi_spec_validator import validate

from registry import create_app

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def app_config(app_config):
    """Only the API door."""
    return {**app_config, **API_ONLY}


@pytest.fixture
def document(client):
    """The document as the app serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def api_rules(app):
    """Every (path, method) the app serves under /api (but MLflow's), /healthz and /readyz."""
    served = set()
    for rule in app.url_map.iter_rules():
        is_api = rule.rule.startswith("/api/") and not rule.rule.startswith("/api/2.0/mlflow")
        if is_api or rule.rule in ("/healthz", "/readyz"):
            path = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)
            served |= {(path, method) for method in rule.methods & METHODS}
    return served


def documented(document):
    """Every (path, method) the document describes."""
    return {(path, method.upper()) for path, item in document["paths"].items() for method in item}


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_api_route_in_the_url_map_is_documented_and_nothing_else(app, document):
    assert api_rules(app) == documented(document)
    assert len(documented(document)) >= 26


def test_every_api_route_is_documented_when_every_door_is_loaded(app_config):
    app = create_app({key: value for key, value in app_config.items() if key != "REGISTRY_PLUGINS"})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert api_rules(app) == documented(document)
    validate(document)


def operations(document):
    """(path, method, operation) for every operation."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_the_status_code_contract_is_pinned(document):
    for path, method, operation in operations(document):
        statuses = set(operation["responses"])
        where = f"{method} {path}"
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= statuses, where
        if "{" in path:
            assert "404" in statuses, where
        names = {parameter["name"] for parameter in operation.get("parameters", ())}
        if "If-Match" in names:
            assert "412" in statuses, where
        if (
            method in ("PATCH", "DELETE")
            and path.startswith("/api/v1/models/{name}")
            and ("tags" not in path and "aliases" not in path)
        ):
            assert "If-Match" in names, where
        assert not [status for status in statuses if status.startswith("5") and status != "503"]
        for status, response in operation["responses"].items():
            if status.startswith("4") and path.startswith("/api/v1"):
                media = response["content"]
                assert list(media) == ["application/problem+json"], where
            if status == "503":
                assert "Retry-After" in response["headers"], where


def test_single_objects_carry_an_etag_and_lists_a_link(document):
    paths = document["paths"]
    for path in ("/api/v1/models/{name}", "/api/v1/models/{name}/versions/{version}"):
        assert "ETag" in paths[path]["get"]["responses"]["200"]["headers"]
        assert "ETag" in paths[path]["patch"]["responses"]["200"]["headers"]
    assert (
        "ETag"
        in paths["/api/v1/models/{name}/aliases/{alias}"]["get"]["responses"]["200"]["headers"]
    )
    created = paths["/api/v1/models"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Location"} <= set(created)
    for path in ("/api/v1/models", "/api/v1/models/{name}/events"):
        assert "Link" in paths[path]["get"]["responses"]["200"]["headers"]


def test_schemas_come_from_the_pydantic_shapes(document):
    schemas = document["components"]["schemas"]
    problem = schemas["ValidationProblem"]
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["required"])
    assert schemas["NewModel"]["additionalProperties"] is False
    assert schemas["NewModel"]["required"] == ["name"]
    assert schemas["NewVersion"]["properties"]["framework"]["enum"][:4] == [
        "PyTorch",
        "TensorFlow",
        "JAX",
        "ONNX",
    ]
    assert schemas["Model"]["properties"]["latest_version"]["anyOf"][1] == {"type": "null"}
    limit = next(
        parameter
        for parameter in document["paths"]["/api/v1/models"]["get"]["parameters"]
        if parameter["name"] == "limit"
    )
    assert limit["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}


def test_the_framework_list_follows_the_configuration(app_config):
    app = create_app({**app_config, "REGISTRY_FRAMEWORKS": ["PyTorch", "Custom"]})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    enum = document["components"]["schemas"]["NewVersion"]["properties"]["framework"]["enum"]
    assert enum == ["PyTorch", "Custom"]


def test_the_docs_page_is_served_from_the_package_without_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-document-url="/api/v1/openapi.json"' in html
    sources = re.findall(r'<script[^>]*src="([^"]+)"[^>]*>\s*</script>', html)
    assert len(sources) == html.count("<script") == 2
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    for url in sources + stylesheets:
        assert url.startswith("/api/v1/docs/static/"), url
        with client.get(url) as asset:
            assert asset.status_code == 200, url
            assert len(asset.data) > 100
    with client.get(sources[-1]) as init_script:
        assert "SwaggerUIBundle" in init_script.get_data(as_text=True)
    assert not re.search(r"https?://", "".join(sources + stylesheets))


def test_static_files_outside_the_folder_are_not_served(client):
    response = client.get("/api/v1/docs/static/..%2F__init__.py")
    assert response.status_code == 404
    assert client.get("/api/v1/docs/static/nothing.js").mimetype == "application/problem+json"
