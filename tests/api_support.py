"""Helpers for the API tests: URLs for names of any kind, and problem-document checks."""

from urllib.parse import quote

PROBLEM = "application/problem+json"
API_ONLY = {"REGISTRY_PLUGINS": ["registry.api"]}


def model_url(name: str, *rest: str) -> str:
    """The /api/v1 URL of a model (and what follows), each part percent-encoded."""
    return "/".join(["/api/v1/models", quote(name, safe=""), *(quote(p, safe="") for p in rest)])


def problem(response, status: int) -> dict:
    """Assert ``response`` is an RFC 9457 problem document with ``status``; return it."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    document = response.get_json(force=True)
    assert document["status"] == status
    assert {"type", "title", "detail"} <= set(document)
    return document


def failing_fields(response) -> dict[str, str]:
    """The fields a 422 problem document lists, with their messages."""
    return {error["field"]: error["message"] for error in problem(response, 422)["errors"]}


def register(client, name: str = "resnet-50", **fields) -> dict:
    """Register a model over the API and return its representation."""
    response = client.post("/api/v1/models", json={"name": name, **fields})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def add_version(client, name: str, framework: str = "PyTorch", **fields) -> dict:
    """Add a version over the API and return its representation."""
    response = client.post(model_url(name, "versions"), json={"framework": framework, **fields})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()
