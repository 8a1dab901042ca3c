"""Deny by default: every route declares a permission, and one that does not is refused."""

import pytest

from registry import auth, create_app
from registry.auth.settings import AuthSettingsError

# What each MLflow RPC needs (MLflow's own per-RPC table, with delete for admins only).
MLFLOW_POLICY = {
    "create_registered_model": "write",
    "get_registered_model": "read",
    "rename_registered_model": "write",
    "update_registered_model": "write",
    "delete_registered_model": "admin",
    "get_latest_versions": "read",
    "set_registered_model_tag": "write",
    "delete_registered_model_tag": "admin",
    "set_registered_model_alias": "write",
    "delete_registered_model_alias": "write",
    "get_model_version_by_alias": "read",
    "search_registered_models": "read",
    "search_model_versions": "read",
    "create_model_version": "write",
    "get_model_version": "read",
    "update_model_version": "write",
    "transition_model_version_stage": "write",
    "delete_model_version": "admin",
    "get_model_version_download_uri": "read",
    "set_model_version_tag": "write",
    "delete_model_version_tag": "admin",
}
PUBLIC_ENDPOINTS = {
    "static",
    "web.static",
    "web.login",
    "web.logout",
    "api_v1.static",
    "api_v1.docs_page",
    "api_v1.openapi_document",
    "api_health.healthz",
    "api_health.readyz",
}


def test_every_route_of_every_door_declares_a_permission(app):
    rules = list(app.url_map.iter_rules())
    missing = [rule.rule for rule in rules if auth.policy_for(app, rule.endpoint) is None]
    assert missing == []
    # Every door is in the walk: pages, /api/v1, the seed API, both MLflow prefixes, static.
    prefixes = {"/models/", "/api/v1/", "/api/models", "/api/2.0/mlflow/", "/ajax-api/2.0/"}
    assert all(any(rule.rule.startswith(p) for rule in rules) for p in prefixes)


def test_only_the_expected_routes_are_public(app):
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if auth.policy_for(app, rule.endpoint) == auth.PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS


@pytest.mark.parametrize("prefix", ["mlflow", "mlflow_ajax"])
def test_each_mlflow_rpc_needs_what_mlflow_would_ask(app, prefix):
    found = {
        rule.endpoint.split(".", 1)[1]: auth.policy_for(app, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(prefix + ".")
    }
    assert found == MLFLOW_POLICY


@pytest.mark.parametrize(
    ("method", "path", "permission"),
    [
        ("GET", "/api/models", "read"),
        ("POST", "/api/models", "write"),
        ("DELETE", "/api/models", "admin"),
        ("GET", "/api/v1/models/m", "read"),
        ("PATCH", "/api/v1/models/m", "write"),
        ("DELETE", "/api/v1/models/m", "admin"),
        ("PUT", "/api/v1/models/m/tags/k", "write"),
        ("DELETE", "/api/v1/models/m/tags/k", "admin"),
        ("DELETE", "/api/v1/models/m/aliases/a", "write"),
        ("DELETE", "/api/v1/models/m/versions/1", "admin"),
    ],
)
def test_api_methods_map_to_permissions(app, method, path, permission):
    endpoint, _ = app.url_map.bind("localhost").match(path, method=method)
    assert auth.policy_for(app, endpoint) == permission


def test_a_route_without_a_permission_is_refused_and_logged(app, client, caplog):
    app.add_url_rule("/api/v1/forgotten", "forgotten", lambda: "secret")
    app.add_url_rule("/forgotten-page", "forgotten_page", lambda: "secret")
    for path in ("/api/v1/forgotten", "/forgotten-page"):
        response = client.get(path)
        assert response.status_code == 403
        assert b"secret" not in response.data
    assert "declares no permission" in caplog.text


def test_the_openapi_document_says_which_operations_need_a_token(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    listing = document["paths"]["/api/v1/models"]
    assert listing["get"]["security"] == [{"bearer": []}, {}]
    assert listing["post"]["security"] == [{"bearer": []}]
    assert {"401", "403", "429"} <= set(listing["post"]["responses"])
    assert "403" not in listing["get"]["responses"]
    assert "security" not in document["paths"]["/healthz"]["get"]


@pytest.mark.parametrize("role", ["editor", "admin", "", "None"])
def test_an_anonymous_role_other_than_none_or_viewer_stops_start_up(app_config, role):
    with pytest.raises(AuthSettingsError, match="REGISTRY_ANONYMOUS_ROLE"):
        create_app({**app_config, "REGISTRY_ANONYMOUS_ROLE": role})


def test_an_unreadable_failure_limit_stops_start_up(app_config):
    with pytest.raises(AuthSettingsError, match="REGISTRY_FAILED_SIGNIN_LIMIT"):
        create_app({**app_config, "REGISTRY_FAILED_SIGNIN_LIMIT": "lots"})
