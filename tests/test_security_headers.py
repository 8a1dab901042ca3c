"""Hardening that holds for every door: headers, the Host allow-list, proxy hops."""

import pytest

from registry import create_app

PATHS = ["/", "/api/v1/models", "/api/2.0/mlflow/registered-models/search", "/healthz", "/nope"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(client):
    with client.get("/static/web/registry.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"


def test_hsts_only_over_https(client):
    response = client.get("/healthz", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.2"])
def test_an_unknown_host_is_refused(client, host):
    assert client.get("/healthz", headers={"Host": host}).status_code == 400


def test_a_configured_host_is_served(app_config):
    app = create_app({**app_config, "TRUSTED_HOSTS": ["registry.example.com"]})
    client = app.test_client()
    assert client.get("/healthz", headers={"Host": "registry.example.com"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400


def test_forwarded_headers_count_only_with_configured_proxy_hops(app, app_config):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    direct = app.test_client().get("/healthz", headers=forwarded)
    assert "Strict-Transport-Security" not in direct.headers
    proxied_app = create_app({**app_config, "REGISTRY_PROXY_HOPS": 1})
    proxied = proxied_app.test_client().get("/healthz", headers=forwarded)
    assert "Strict-Transport-Security" in proxied.headers
