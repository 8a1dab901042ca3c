"""Every account form refuses a post without its CSRF token (a cross-site form cannot drive it)."""

import re

import pytest
from app_support import fresh_app
from auth_support import acting_client, make_account

from registry.services import tokens, users

PASSWORD = "correct horse battery"


@pytest.fixture
def csrf_app(app_config):
    """A registry with CSRF protection on, as in production."""
    with fresh_app({**app_config, "WTF_CSRF_ENABLED": True}) as app:
        yield app


@pytest.fixture
def root(csrf_app):
    return make_account(csrf_app, "root", "admin", PASSWORD)


def csrf_token_of(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_sign_in_needs_the_forms_token(csrf_app, root):
    client = csrf_app.test_client()
    form = {"username": "root", "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 400
    assert client.get("/users").status_code == 302
    token = csrf_token_of(client, "/login")
    assert client.post("/login", data={**form, "csrf_token": token}).status_code == 303
    assert client.get("/users").status_code == 200


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/logout", {}),
        ("/tokens", {"label": "x", "role": "viewer", "expires": "7"}),
        ("/tokens/{token_id}/revoke", {}),
        ("/users", {"username": "mallory", "role": "admin", "password": PASSWORD}),
        ("/users/editor/role", {"role": "admin"}),
        ("/users/editor/status", {"disabled": "true"}),
    ],
)
def test_account_forms_refuse_a_post_without_the_token(csrf_app, root, path, form):
    make_account(csrf_app, "editor", "editor")
    with csrf_app.app_context():
        token_id = tokens.list_tokens("editor")[0].id
    client = acting_client(csrf_app, root)
    response = client.post(path.format(token_id=token_id), data=form)
    assert response.status_code == 400
    with csrf_app.app_context():
        assert users.get_user("editor").role == "editor"
        assert not users.get_user("editor").disabled
        assert [u.username for u in users.list_users()] == ["editor", "root"]
        assert all(t.revoked_at is None for t in tokens.list_tokens())
        assert len(tokens.list_tokens()) == 2
    assert client.get("/users").status_code == 200  # still signed in
    response = client.post(
        path.format(token_id=token_id), data={**form, "csrf_token": csrf_token_of(client, "/users")}
    )
    assert response.status_code in (200, 303)
