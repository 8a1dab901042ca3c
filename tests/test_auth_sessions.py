"""Signing in and out on the web: rotation, generic failures, no open redirect, revocation."""

import pytest
from app_support import fresh_app
from auth_support import make_account
from web_support import page_of

from registry.services import users

PASSWORD = "correct horse battery"
FAILED = "Wrong username or password"


@pytest.fixture
def alice(app):
    """An editor who signs in with a password."""
    return make_account(app, "alice", "editor", PASSWORD)


def sign_in(client, username=" alice", password=PASSWORD, next_url=""):
    return client.post(
        "/login", data={"username": username.strip(), "password": password, "next": next_url}
    )


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


def test_signing_in_rotates_the_session_and_lands_on_next(anonymous_client, alice):
    with anonymous_client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = session_cookie(anonymous_client)
    response = sign_in(anonymous_client, next_url="/tokens")
    assert response.status_code == 303
    assert response.headers["Location"] == "/tokens"
    assert session_cookie(anonymous_client) not in ("", before)
    with anonymous_client.session_transaction() as session:
        assert "planted" not in session
    tokens_page = anonymous_client.get("/tokens")
    assert tokens_page.status_code == 200
    assert page_of(tokens_page).all("form", data_testid="new-token-form")


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong password!"), ("nobody", PASSWORD), ("", ""), ("alice", "")],
)
def test_a_failed_sign_in_never_says_which_half_was_wrong(
    anonymous_client, alice, username, password
):
    response = sign_in(anonymous_client, username, password)
    assert response.status_code == 422
    page = page_of(response)
    assert FAILED in page.all(data_testid="form-errors")[0]["text"] or not (username and password)
    assert not page.all(data_testid="signed-in-as")
    assert anonymous_client.get("/tokens").status_code == 302


def test_the_same_message_for_an_unknown_user_and_a_wrong_password(anonymous_client, alice):
    unknown = page_of(sign_in(anonymous_client, "nobody", PASSWORD)).by_id("main")["text"]
    wrong = page_of(sign_in(anonymous_client, "alice", "wrong password!")).by_id("main")["text"]
    assert unknown == wrong and FAILED in unknown


def test_a_disabled_user_cannot_sign_in_with_the_right_password(anonymous_client, app, alice):
    make_account(app, "root", "admin")
    with app.app_context():
        users.set_disabled("alice", True)
    assert FAILED in sign_in(anonymous_client).get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        " //evil.example",
        "/%0a/evil.example\n",
    ],
)
def test_next_never_leads_off_the_site(anonymous_client, alice, target):
    page = page_of(anonymous_client.get("/login", query_string={"next": target}))
    assert page.all("input", name="next")[0]["attrs"].get("value", "") == ""
    response = sign_in(anonymous_client, next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_next_keeps_a_path_with_its_query(anonymous_client, alice):
    target = "/models/BERT/?history=abc"
    page = page_of(anonymous_client.get("/login", query_string={"next": target}))
    assert page.all("input", name="next")[0]["attrs"]["value"] == target
    assert sign_in(anonymous_client, next_url=target).headers["Location"] == target


def test_a_page_that_needs_sign_in_redirects_with_a_relative_next(anonymous_client):
    response = anonymous_client.get("/models/new?framework=JAX")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fmodels%2Fnew%3Fframework%3DJAX"


def test_htmx_is_sent_to_the_sign_in_page_as_a_whole(anonymous_client):
    response = anonymous_client.get("/models/new", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_sign_out_is_a_post_and_ends_the_session(anonymous_client, alice):
    sign_in(anonymous_client)
    assert anonymous_client.get("/logout").status_code == 405
    assert anonymous_client.get("/tokens").status_code == 200
    response = anonymous_client.post("/logout")
    assert response.status_code == 303
    assert anonymous_client.get("/tokens").status_code == 302


@pytest.mark.parametrize(
    "change",
    [
        lambda: users.set_disabled("alice", True),
        lambda: users.set_role("alice", "viewer"),
        lambda: users.change_password("alice", "another long password"),
    ],
    ids=["disabled", "role", "password"],
)
def test_account_changes_end_existing_sessions_at_once(anonymous_client, app, alice, change):
    make_account(app, "root", "admin")
    sign_in(anonymous_client)
    assert anonymous_client.get("/models/new").status_code == 200
    with app.app_context():
        change()
    assert anonymous_client.get("/models/new").status_code == 302


def test_a_forged_session_reference_signs_nobody_in(anonymous_client, app, alice):
    for reference in ("1", "1:999", "x:y", "999:1"):
        with anonymous_client.session_transaction() as session:
            session["_user_id"] = reference
        assert anonymous_client.get("/tokens").status_code == 302


def test_a_fresh_registry_has_no_user_and_admin_admin_fails(anonymous_client, app):
    with app.app_context():
        assert users.count_users() == 0
    assert FAILED in sign_in(anonymous_client, "admin", "admin").get_data(as_text=True)
    assert anonymous_client.post("/api/v1/models", json={"name": "m"}).status_code == 401


def test_the_header_shows_who_is_signed_in(anonymous_client, alice):
    visitor = page_of(anonymous_client.get("/models/BERT/x"))
    assert visitor.all("a", data_testid="sign-in-link")
    sign_in(anonymous_client)
    page = page_of(anonymous_client.get("/"))
    assert page.all(data_testid="signed-in-as")[0]["text"].strip() == "alice"
    assert page.all("a", data_testid="register-link")  # editors register models
    assert not page.all("a", data_testid="users-link")  # but only admins manage users


@pytest.fixture
def closed_app(app_config):
    """A registry where callers without credentials may do nothing."""
    with fresh_app({**app_config, "REGISTRY_ANONYMOUS_ROLE": "none"}) as app:
        yield app


def test_with_anonymous_role_none_visitors_only_see_sign_in_and_health(closed_app):
    client = closed_app.test_client()
    assert client.get("/").status_code == 302
    assert client.get("/login").status_code == 200
    assert client.get("/api/v1/models").status_code == 401
    assert client.get("/api/models").status_code == 401
    assert client.get("/api/2.0/mlflow/registered-models/search").status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    viewer = make_account(closed_app, "val", "viewer")
    assert client.get("/api/v1/models", headers=viewer.bearer).status_code == 200


def test_failures_are_logged_without_passwords_or_tokens(anonymous_client, alice, caplog):
    sign_in(anonymous_client, "alice", "my secret guess")
    bad = "mrl_" + "s" * 43
    anonymous_client.get("/api/v1/models", headers={"Authorization": f"Bearer {bad}"})
    anonymous_client.get("/api/v1/models", headers=alice.bearer)
    assert "Failed sign-in for 'alice'" in caplog.text
    assert "Refused bearer credentials" in caplog.text
    for secret in ("my secret guess", bad, alice.token, PASSWORD):
        assert secret not in caplog.text


def test_the_apis_leave_a_browser_session_alone(anonymous_client, alice):
    sign_in(anonymous_client)
    page = anonymous_client.get("/")
    assert "Cookie" in page.headers.get("Vary", "")  # a page depends on who is signed in
    before = session_cookie(anonymous_client)
    headers = {"Authorization": f"Bearer {alice.token}"}
    for url in ("/api/v1/models", "/api/2.0/mlflow/registered-models/search", "/readyz"):
        answer = anonymous_client.get(url, headers=headers)
        assert answer.status_code == 200, url
        assert "Set-Cookie" not in answer.headers, url
        assert "Cookie" not in answer.headers.get("Vary", ""), url
    assert session_cookie(anonymous_client) == before
    assert anonymous_client.get("/tokens").status_code == 200  # still signed in
