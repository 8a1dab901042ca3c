"""The history names who made each change: the user, and the token when one was used."""

from auth_support import make_account, sign_in_client

from registry.services import events, lookup


def actors(app, name: str) -> list[str]:
    with app.app_context():
        return [event.actor for event in events.list_events(lookup.get_model(name)).items]


def test_api_changes_name_the_user_and_the_token(app, anonymous_client):
    editor = make_account(app, "ed", "editor")
    anonymous_client.post("/api/v1/models", json={"name": "m"}, headers=editor.bearer)
    row = {"name": "m", "version": "2", "framework": "JAX"}
    anonymous_client.post("/api/models", json=row, headers=editor.bearer)
    assert actors(app, "m") == [f"ed (token {editor.token[:8]}…)"] * 2


def test_page_changes_name_the_signed_in_user(app):
    make_account(app, "ed", "editor")
    client = sign_in_client(app.test_client(), app, "ed")
    response = client.post("/models/new", data={"name": "m", "framework": "JAX"})
    assert response.status_code == 303
    assert set(actors(app, "m")) == {"ed"}  # the model and its first version


def test_a_bearer_token_does_not_sign_a_browser_in(app):
    editor = make_account(app, "ed", "editor")
    response = app.test_client().post(
        "/models/new", data={"name": "m", "framework": "JAX"}, headers=editor.bearer
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_session_cookie_does_not_authenticate_the_apis(app):
    make_account(app, "ed", "editor")
    client = sign_in_client(app.test_client(), app, "ed")
    assert client.get("/tokens").status_code == 200  # the session is good for pages
    assert client.post("/api/v1/models", json={"name": "m"}).status_code == 401
    assert client.post("/api/models", json={"name": "m", "framework": "JAX"}).status_code == 401
    mlflow = "/api/2.0/mlflow/registered-models/create"
    assert client.post(mlflow, json={"name": "m"}).status_code == 401
