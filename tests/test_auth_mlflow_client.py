"""The real mlflow client with credentials: a token, Basic username + token or password, none."""

import mlflow_live
import pytest
from auth_support import make_account
from mlflow_live import mlflow_error

from registry.services import events, lookup, tokens, users

live_registry = mlflow_live.live_registry_fixture()
mlflow_client = mlflow_live.mlflow_client_fixture()
unique = mlflow_live.unique
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def accounts(live_registry):
    """A viewer and an editor (with a password) of the live registry, each with a token."""
    app = live_registry.app
    return {
        "viewer": make_account(app, "mlf-viewer", "viewer"),
        "editor": make_account(app, "mlf-editor", "editor", PASSWORD),
    }


@pytest.fixture
def as_caller(monkeypatch):
    """Set the mlflow client's credentials, as MLFLOW_TRACKING_* variables do."""

    def use(token=None, username=None, password=None):
        for name in (
            "MLFLOW_TRACKING_TOKEN",
            "MLFLOW_TRACKING_USERNAME",
            "MLFLOW_TRACKING_PASSWORD",
        ):
            monkeypatch.delenv(name, raising=False)
        if token:
            monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", token)
        if username:
            monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", username)
            monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)

    return use


def actors_of(live_registry, name: str) -> list[str]:
    with live_registry.app.app_context():
        return [event.actor for event in events.list_events(lookup.get_model(name)).items]


def test_a_token_in_mlflow_tracking_token_works_and_names_itself_in_the_history(
    mlflow_client, live_registry, accounts, as_caller, unique
):
    as_caller(token=accounts["editor"].token)
    mlflow_client.create_registered_model(unique)
    mlflow_client.create_model_version(unique, "s3://bucket/m/1")
    prefix = accounts["editor"].token[:8]
    assert set(actors_of(live_registry, unique)) == {f"mlf-editor (token {prefix}…)"}


def test_basic_with_a_username_and_a_token_works(mlflow_client, accounts, as_caller, unique):
    as_caller(username="mlf-editor", password=accounts["editor"].token)
    assert mlflow_client.create_registered_model(unique).name == unique


def test_basic_with_a_username_and_password_works(
    mlflow_client, live_registry, accounts, as_caller, unique
):
    as_caller(username="mlf-editor", password=PASSWORD)
    mlflow_client.create_registered_model(unique)
    assert actors_of(live_registry, unique) == ["mlf-editor"]


def test_a_token_under_another_users_name_is_refused(mlflow_client, accounts, as_caller, unique):
    as_caller(username="mlf-viewer", password=accounts["editor"].token)
    with mlflow_error("UNAUTHENTICATED"):
        mlflow_client.search_registered_models()


def test_without_credentials_reads_work_and_writes_are_unauthenticated(
    mlflow_client, as_caller, unique
):
    as_caller()
    assert mlflow_client.search_registered_models(filter_string=f"name = '{unique}'") == []
    with mlflow_error("UNAUTHENTICATED"):
        mlflow_client.create_registered_model(unique)


def test_a_viewer_writing_is_permission_denied(mlflow_client, accounts, as_caller, unique):
    as_caller(token=accounts["viewer"].token)
    with mlflow_error("PERMISSION_DENIED"):
        mlflow_client.create_registered_model(unique)


def test_an_editor_deleting_is_permission_denied(mlflow_client, accounts, as_caller, unique):
    as_caller(token=accounts["editor"].token)
    mlflow_client.create_registered_model(unique)
    with mlflow_error("PERMISSION_DENIED"):
        mlflow_client.delete_registered_model(unique)
    assert mlflow_client.get_registered_model(unique).name == unique


def test_a_revoked_token_is_unauthenticated_at_once(
    mlflow_client, live_registry, as_caller, unique
):
    app = live_registry.app
    account = make_account(app, f"u{unique}", "editor")
    as_caller(token=account.token)
    mlflow_client.create_registered_model(unique)
    with app.app_context():
        tokens.revoke_token(tokens.list_tokens(account.username)[0].id)
    with mlflow_error("UNAUTHENTICATED"):
        mlflow_client.get_registered_model(unique)
    with app.app_context():
        users.set_disabled(account.username, True)
