"""A live registry serving the MLflow door on 127.0.0.1, for tests with the real mlflow client.

One server per test module and database keeps the suite fast; tests keep apart by using
model names of their own (the ``unique`` fixture).
"""

import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from app_support import fresh_app
from auth_support import make_account
from flask import Flask
from werkzeug.serving import make_server


@dataclass(frozen=True)
class LiveRegistry:
    """The running app (for checking through the services), its base URL, and an admin's
    token the client sends (MLFLOW_TRACKING_TOKEN)."""

    app: Flask
    url: str
    token: str


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; stop it on exit."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-registry", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def live_registry_fixture():
    """A module-scoped fixture: a live server on SQLite, then on PostgreSQL."""

    @pytest.fixture(scope="module", params=["sqlite", "postgresql"])
    def live_registry(request, tmp_path_factory) -> Iterator[LiveRegistry]:
        if request.param == "sqlite":
            database_url = f"sqlite:///{tmp_path_factory.mktemp('mlflow') / 'registry.sqlite3'}"
        else:
            database_url = request.getfixturevalue("postgres_url")
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            # CSRF stays on: the MLflow door must work without a token.
            "WTF_CSRF_ENABLED": True,
            "REGISTRY_PLUGINS": ["registry.mlflow"],
        }
        with fresh_app(config) as app:
            admin = make_account(app, "mlflow-admin", "admin")
            with serving(app) as url:
                yield LiveRegistry(app, url, admin.token)

    return live_registry


def mlflow_client_fixture():
    """A function-scoped fixture: an MlflowClient whose tracking and registry URIs are the
    live server, signed in with an admin's token, with retries and telemetry off."""

    @pytest.fixture
    def mlflow_client(live_registry, monkeypatch):
        from mlflow import MlflowClient

        monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
        monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")
        monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", live_registry.token)
        return MlflowClient(tracking_uri=live_registry.url, registry_uri=live_registry.url)

    return mlflow_client


@pytest.fixture
def unique() -> str:
    """A model-name prefix no other test uses."""
    return f"m{uuid.uuid4().hex[:10]}"


@contextmanager
def mlflow_error(error_code: str, match: str = "") -> Iterator[None]:
    """Expect the mlflow client to raise MlflowException with ``error_code``."""
    # Imported here, not at collection: mlflow reads its telemetry settings on import.
    from mlflow.exceptions import MlflowException

    with pytest.raises(MlflowException) as caught:
        yield
    assert caught.value.error_code == error_code, caught.value.message
    assert re.search(match, caught.value.message), caught.value.message
