"""Failed sign-ins and failed tokens are capped: 10 a minute per address and per account."""

import pytest
from auth_support import make_account

PASSWORD = "correct horse battery"
LIMIT = 10


@pytest.fixture
def alice(app):
    return make_account(app, "alice", "editor", PASSWORD)


def sign_in(client, password, address="192.0.2.1", username="alice"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_eleventh_failed_sign_in_from_an_address_is_429_even_with_the_password(
    anonymous_client, alice
):
    for attempt in range(LIMIT):
        assert sign_in(anonymous_client, f"wrong {attempt}").status_code == 422
    refused = sign_in(anonymous_client, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert 'data-testid="error-page"' in refused.get_data(as_text=True)
    assert anonymous_client.get("/tokens").status_code == 302  # not signed in
    # Another address (and another account) is not held back by this one's failures.
    make_account(anonymous_client.application, "bob", "viewer", PASSWORD)
    assert sign_in(anonymous_client, PASSWORD, "192.0.2.2", "bob").status_code == 303


def test_failures_on_one_account_from_many_addresses_lock_that_account(anonymous_client, alice):
    for attempt in range(LIMIT):
        assert sign_in(anonymous_client, "wrong", f"198.51.100.{attempt}").status_code == 422
    assert sign_in(anonymous_client, PASSWORD, "203.0.113.9").status_code == 429
    assert sign_in(anonymous_client, PASSWORD, "203.0.113.9", "ALICE").status_code == 429


def test_successful_sign_ins_are_not_counted(anonymous_client, alice):
    for _ in range(LIMIT + 2):
        assert sign_in(anonymous_client, PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("path", "check"),
    [
        ("/api/v1/models", lambda r: r.mimetype == "application/problem+json"),
        ("/api/models", lambda r: set(r.get_json()) == {"error"}),
        (
            "/api/2.0/mlflow/registered-models/search",
            lambda r: r.get_json()["error_code"] == "REQUEST_LIMIT_EXCEEDED",
        ),
    ],
    ids=["v1", "seed", "mlflow"],
)
def test_the_eleventh_failed_token_is_429_with_retry_after(anonymous_client, app, path, check):
    good = make_account(app, "carol", "viewer")
    for attempt in range(LIMIT):
        headers = {"Authorization": f"Bearer mrl_guess{attempt}"}
        assert anonymous_client.get(path, headers=headers).status_code == 401
    refused = anonymous_client.get(path, headers=good.bearer)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert check(refused)
    assert anonymous_client.get(path).status_code == 200  # no credentials: nothing to guess


def test_basic_password_failures_count_against_the_account(anonymous_client, alice):
    path = "/api/2.0/mlflow/registered-models/search"
    for attempt in range(LIMIT):
        response = anonymous_client.get(
            path,
            auth=("alice", f"wrong {attempt}"),
            environ_base={"REMOTE_ADDR": f"198.51.100.{attempt}"},
        )
        assert response.status_code == 401
    assert sign_in(anonymous_client, PASSWORD, "203.0.113.7").status_code == 429


def test_the_limit_is_a_setting(app_config):
    from registry import create_app

    app = create_app({**app_config, "REGISTRY_FAILED_SIGNIN_LIMIT": "2/minute"})
    client = app.test_client()
    for _ in range(2):
        assert (
            client.get("/api/v1/models", headers={"Authorization": "Bearer x"}).status_code == 401
        )
    assert client.get("/api/v1/models", headers={"Authorization": "Bearer x"}).status_code == 429
