"""The tokens page (your own tokens; admins see all) and the users page (admins only)."""

from datetime import timedelta

import pytest
from auth_support import acting_client, make_account
from web_support import page_of

from registry.services import tokens, users


@pytest.fixture
def editor(app):
    return make_account(app, "ed", "editor")


def test_a_new_tokens_secret_is_shown_once_and_works(app, editor):
    client = acting_client(app, editor)
    response = client.post("/tokens", data={"label": "ci job", "role": "viewer", "expires": "7"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    secret = page_of(response).all(data_testid="token-secret")[0]["text"].strip()
    assert secret.startswith("mrl_")
    listing = client.get("/tokens").get_data(as_text=True)
    assert secret not in listing and secret[:8] in listing and "ci job" in listing
    anonymous = app.test_client()
    authorized = {"Authorization": f"Bearer {secret}"}
    assert anonymous.get("/api/v1/models", headers=authorized).status_code == 200
    # A viewer token: reading works, writing does not.
    assert (
        anonymous.post("/api/v1/models", json={"name": "m"}, headers=authorized).status_code == 403
    )
    with app.app_context():
        made = tokens.list_tokens("ed")[0]
        assert (made.label, made.role, made.expires_at is not None) == ("ci job", "viewer", True)


def test_nobody_gets_a_token_above_their_role(app, editor):
    client = acting_client(app, editor)
    offered = page_of(client.get("/tokens")).all("option")
    assert [o["attrs"]["value"] for o in offered if o["text"] in ("viewer", "editor", "admin")] == [
        "viewer",
        "editor",
    ]
    response = client.post("/tokens", data={"label": "", "role": "admin", "expires": "0"})
    assert response.status_code == 422
    assert "more than its user" in page_of(response).field_error("role")
    with app.app_context():
        assert len(tokens.list_tokens("ed")) == 1  # only the fixture's


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("99999999999999", "at most 366 days"),
        ("-99999999999999", "in the future"),
        ("400", "at most 366 days"),
        ("soon", "Invalid Choice"),
    ],
)
def test_an_expiry_that_was_not_offered_is_refused_at_its_field(app, editor, expires, message):
    client = acting_client(app, editor)
    response = client.post("/tokens", data={"label": "x", "role": "viewer", "expires": expires})
    assert response.status_code == 422
    assert message in page_of(response).field_error("expires")
    with app.app_context():
        assert len(tokens.list_tokens("ed")) == 1  # only the fixture's


def test_a_token_without_an_expiry_expires_in_30_days(app, editor):
    client = acting_client(app, editor)
    assert client.post("/tokens", data={"label": "x", "role": "viewer"}).status_code == 200
    with app.app_context():
        made = tokens.list_tokens("ed")[0]
        lifetime = made.expires_at - made.created_at
        assert timedelta(days=30) - timedelta(minutes=1) < lifetime <= timedelta(days=30)


def test_revoking_a_token_id_no_row_can_hold_is_a_404(client):
    assert client.post(f"/tokens/{2**64}/revoke").status_code == 404


def test_users_revoke_their_own_tokens_only(app, editor):
    other = make_account(app, "other", "editor")
    with app.app_context():
        mine = tokens.list_tokens("ed")[0].id
        theirs = tokens.list_tokens("other")[0].id
    client = acting_client(app, editor)
    assert client.post(f"/tokens/{theirs}/revoke").status_code == 404
    listing = page_of(client.get("/tokens"))
    assert [row["attrs"]["data-token"] for row in listing.all(data_testid="token-row")] == [
        str(mine)
    ]
    assert client.post(f"/tokens/{mine}/revoke").status_code == 303
    assert app.test_client().get("/api/v1/models", headers=editor.bearer).status_code == 401
    assert app.test_client().get("/api/v1/models", headers=other.bearer).status_code == 200


def test_admins_see_and_revoke_everyones_tokens(app, client, editor):
    with app.app_context():
        theirs = tokens.list_tokens("ed")[0].id
    rows = page_of(client.get("/tokens")).all(data_testid="token-row")
    assert len(rows) == 2
    assert client.post(f"/tokens/{theirs}/revoke").status_code == 303
    assert app.test_client().get("/api/v1/models", headers=editor.bearer).status_code == 401


def test_admins_create_users_with_a_generated_password_shown_once(app, client):
    response = client.post("/users", data={"username": "newbie", "role": "viewer", "password": ""})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = page_of(response).all(data_testid="generated-password")[0]["text"].strip()
    assert len(password) >= 20
    assert password not in client.get("/users").get_data(as_text=True)
    signed = app.test_client().post("/login", data={"username": "newbie", "password": password})
    assert signed.status_code == 303


def test_the_users_form_shows_the_services_messages(client):
    response = client.post(
        "/users", data={"username": "bad name", "role": "viewer", "password": "x"}
    )
    assert response.status_code == 422
    page = page_of(response)
    assert "Username must be" in page.field_error("username")
    assert "at least 12" in page.field_error("password")
    taken = client.post("/users", data={"username": "TEST-ADMIN", "role": "viewer", "password": ""})
    assert "taken" in page_of(taken).field_error("username")


def test_changing_a_user_no_row_can_hold_is_a_404(client):
    assert client.post("/users/a%00b/status", data={"disabled": "true"}).status_code == 404
    assert client.post("/users/a%00b/role", data={"role": "viewer"}).status_code == 404


def test_admins_change_roles_and_disable_users(app, client, editor):
    assert client.post("/users/ed/role", data={"role": "viewer"}).status_code == 303
    assert client.post("/users/ed/status", data={"disabled": "true"}).status_code == 303
    with app.app_context():
        found = users.get_user("ed")
        assert (found.role, found.disabled) == ("viewer", True)
    assert app.test_client().get("/api/v1/models", headers=editor.bearer).status_code == 401
    client.post("/users/ed/status", data={"disabled": "false"})
    page = page_of(client.get("/users"))
    assert "ed" in [r["attrs"]["data-user"] for r in page.all(data_testid="user-row")]
    history = page.all(data_testid="account-history")[0]["text"]
    assert "user.disable" in history and "test-admin" in history


def test_the_last_admin_cannot_lock_everyone_out(app, client):
    response = client.post("/users/test-admin/role", data={"role": "viewer"}, follow_redirects=True)
    assert "last enabled admin" in response.get_data(as_text=True)
    with app.app_context():
        assert users.get_user("test-admin").role == "admin"
