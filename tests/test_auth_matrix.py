"""The permission matrix: every kind of caller against every class of route on every door.

One registry per database for the module (the callers are made once); each case registers a
model of its own to read, change or delete.
"""

import uuid
from datetime import timedelta

import pytest
from app_support import fresh_app
from auth_support import make_account, sign_in_client
from sqlalchemy import select

from registry.errors import NotFound
from registry.extensions import db
from registry.models import ApiToken, utcnow
from registry.services import lookup, registered_models, tokens, users

OK, DENIED, WHO = "ok", "denied", "who"  # allowed; 403; 401 (APIs) or sign-in redirect (pages)
RANK = {"read": 0, "write": 1, "admin": 2}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request, tmp_path_factory):
    """A registry with a viewer, an editor, an admin, and tokens that must not work."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'registry.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        # Dozens of refused tokens come from one address here; the cap has tests of its own.
        "REGISTRY_FAILED_SIGNIN_LIMIT": "100000/minute",
    }
    with fresh_app(config) as app:
        accounts = {role: make_account(app, role, role) for role in ("viewer", "editor", "admin")}
        accounts["revoked"] = make_account(app, "revoked", "editor")
        accounts["expired"] = make_account(app, "expired", "editor")
        accounts["disabled"] = make_account(app, "disabled", "editor")
        accounts["stale"] = make_account(app, "stale", "editor")
        stale_client = sign_in_client(app.test_client(), app, "stale")
        disabled_client = sign_in_client(app.test_client(), app, "disabled")
        with app.app_context():
            token = db.session.scalar(
                select(ApiToken).where(ApiToken.user_id == users.get_user("revoked").id)
            )
            tokens.revoke_token(token.id)
            token = db.session.scalar(
                select(ApiToken).where(ApiToken.user_id == users.get_user("expired").id)
            )
            token.expires_at = utcnow() - timedelta(seconds=1)
            db.session.commit()
            users.set_disabled("disabled", True)
            users.set_role("stale", "viewer")  # ends the session signed in as an editor
        yield app, accounts, {"stale": stale_client, "disabled": disabled_client}


def new_model(app) -> tuple[str, str]:
    """Register a model of this case's own; return its name and its version's UUID."""
    name = f"m-{uuid.uuid4().hex[:10]}"
    with app.app_context():
        model = registered_models.create_model(name, first_version={"framework": "JAX"})
        return name, model.versions[0].uuid


def still_there(app, name: str) -> bool:
    with app.app_context():
        try:
            lookup.get_model(name)
        except NotFound:
            return False
        return True


# door -> permission -> (method, url template, body, status when allowed)
API_ROUTES = {
    "v1": {
        "read": ("GET", "/api/v1/models/{name}", None, 200),
        "write": ("PATCH", "/api/v1/models/{name}", {"description": "changed"}, 200),
        "admin": ("DELETE", "/api/v1/models/{name}", None, 204),
    },
    "seed": {
        "read": ("GET", "/api/models", None, 200),
        "write": (
            "POST",
            "/api/models",
            {"name": "{name}", "version": "9", "framework": "JAX"},
            201,
        ),
        "admin": ("DELETE", "/api/models?id={uuid}", None, 204),
    },
    "mlflow": {
        "read": ("GET", "/api/2.0/mlflow/registered-models/get?name={name}", None, 200),
        "write": (
            "POST",
            "/api/2.0/mlflow/registered-models/set-tag",
            {"name": "{name}", "key": "k", "value": "v"},
            200,
        ),
        "admin": ("DELETE", "/api/2.0/mlflow/registered-models/delete", {"name": "{name}"}, 200),
    },
}
# API caller -> the highest permission it holds (None: only what anonymous callers may do;
# "invalid": its credentials are refused everywhere).
API_CALLERS = {
    "anonymous": None,
    "viewer": "read",
    "editor": "write",
    "admin": "admin",
    "revoked": "invalid",
    "expired": "invalid",
    "disabled": "invalid",
    "garbage": "invalid",
    "basic-on-v1": "invalid",
}


def api_expectation(caller: str, door: str, permission: str) -> str:
    held = API_CALLERS[caller]
    if caller == "basic-on-v1" and door == "mlflow":
        return OK if permission == "read" else DENIED  # Basic viewer:token works there
    if held == "invalid":
        return WHO
    if held is None:
        return OK if permission == "read" else WHO
    return OK if RANK[held] >= RANK[permission] else DENIED


def api_headers(accounts, caller: str) -> dict[str, str]:
    if caller == "anonymous":
        return {}
    if caller == "garbage":
        return {"Authorization": "Bearer mrl_not-a-real-token"}
    if caller == "basic-on-v1":
        # Basic is the MLflow client's way; the native APIs take Bearer only.
        from base64 import b64encode

        pair = b64encode(f"viewer:{accounts['viewer'].token}".encode()).decode()
        return {"Authorization": f"Basic {pair}"}
    return accounts[caller].bearer


def fill(template, name: str, version_uuid: str):
    if isinstance(template, str):
        return template.format(name=name, uuid=version_uuid)
    if isinstance(template, dict):
        return {key: fill(value, name, version_uuid) for key, value in template.items()}
    return template


@pytest.mark.parametrize("permission", list(RANK))
@pytest.mark.parametrize("door", list(API_ROUTES))
@pytest.mark.parametrize("caller", list(API_CALLERS))
def test_api_matrix(world, caller, door, permission):
    app, accounts, _ = world
    name, version_uuid = new_model(app)
    method, url, body, allowed_status = API_ROUTES[door][permission]
    response = app.test_client().open(
        fill(url, name, version_uuid),
        method=method,
        json=fill(body, name, version_uuid),
        headers=api_headers(accounts, caller),
    )
    expected = api_expectation(caller, door, permission)
    if expected == OK:
        assert response.status_code == allowed_status, response.get_data(as_text=True)
        return
    assert response.status_code == (401 if expected == WHO else 403)
    assert still_there(app, name)
    if door == "mlflow":
        code = "UNAUTHENTICATED" if expected == WHO else "PERMISSION_DENIED"
        assert response.get_json()["error_code"] == code
    if expected == WHO:
        challenge = response.www_authenticate
        assert (challenge.type, challenge.get("realm")) == ("bearer", "registry")
    if door == "v1":
        assert response.mimetype == "application/problem+json"
    if door == "seed":
        assert set(response.get_json()) == {"error"}


# Page class -> (URL template, the permission it needs).
PAGES = {
    "read": ("/models/{name}/", "read"),
    "write": ("/models/{name}/edit", "write"),
    "admin": ("/models/{name}/delete", "admin"),
    "tokens": ("/tokens", "account"),
    "users": ("/users", "admin"),
}
# Session caller -> highest permission (None: anonymous, as the disabled or stale sessions are).
WEB_CALLERS = {
    "anonymous": None,
    "viewer": "read",
    "editor": "write",
    "admin": "admin",
    "disabled": None,
    "stale": None,
}


def web_expectation(caller: str, permission: str) -> str:
    held = WEB_CALLERS[caller]
    if held is None:
        return OK if permission == "read" else WHO
    if permission == "account":
        return OK
    return OK if RANK[held] >= RANK[permission] else DENIED


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("caller", list(WEB_CALLERS))
def test_web_matrix(world, caller, page):
    app, accounts, sessions = world
    name, _ = new_model(app)
    if caller in sessions:
        client = sessions[caller]
    elif caller == "anonymous":
        client = app.test_client()
    else:
        client = sign_in_client(app.test_client(), app, caller)
    url = PAGES[page][0].format(name=name)
    # A Bearer token never signs a browser in: pages know sessions only.
    response = client.get(url, headers=accounts["admin"].bearer if caller == "anonymous" else {})
    expected = web_expectation(caller, PAGES[page][1])
    if expected == OK:
        assert response.status_code == 200
    elif expected == DENIED:
        assert response.status_code == 403
        assert 'data-testid="error-page"' in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert response.headers["Location"] == "/login?next=" + url.replace("/", "%2F")
