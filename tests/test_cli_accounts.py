"""`flask users` and `flask tokens`: thin commands over the account services."""

import pytest
from cli_support import parse_table

from registry.services import authentication, tokens, users

PASSWORD = "correct horse battery"


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def test_create_prompts_for_the_password_twice(runner, app):
    result = invoke(
        runner, "users", "create", "Alice", "--role", "admin", input=f"{PASSWORD}\n" * 2
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    with app.app_context():
        assert authentication.authenticate_password("alice", PASSWORD).role == "admin"


def test_create_can_generate_a_password_and_print_it_once(runner, app):
    result = invoke(runner, "users", "create", "bob", "--generate")
    assert result.exit_code == 0, result.output
    password = result.output.rsplit(": ", 1)[1].strip()
    with app.app_context():
        assert authentication.authenticate_password("bob", password).role == "viewer"


def test_create_refuses_a_bad_user_and_changes_nothing(runner, app):
    result = invoke(runner, "users", "create", "bad name", "--generate")
    assert result.exit_code == 1
    assert "username: Username must be" in result.output
    with app.app_context():
        assert users.count_users() == 0


def test_list_set_role_disable_enable(runner, app):
    invoke(runner, "users", "create", "root", "--role", "admin", "--generate")
    invoke(runner, "users", "create", "carol", "--generate")
    assert invoke(runner, "users", "set-role", "carol", "editor").exit_code == 0
    assert invoke(runner, "users", "disable", "carol").exit_code == 0
    rows = parse_table(invoke(runner, "users", "list").output)
    assert [(r["USERNAME"], r["ROLE"], r["STATE"]) for r in rows] == [
        ("carol", "editor", "disabled"),
        ("root", "admin", "enabled"),
    ]
    assert invoke(runner, "users", "enable", "CAROL").exit_code == 0
    assert invoke(runner, "users", "disable", "root").exit_code == 1  # the last admin
    assert invoke(runner, "users", "set-role", "nobody", "viewer").exit_code == 1
    history = parse_table(invoke(runner, "users", "history").output)
    assert {(r["ACTOR"], r["ACTION"]) for r in history} >= {("cli", "user.disable")}


def test_set_password_ends_the_old_password(runner, app):
    invoke(runner, "users", "create", "dan", input=f"{PASSWORD}\n" * 2)
    result = invoke(runner, "users", "set-password", "dan", "--generate")
    assert result.exit_code == 0
    with app.app_context():
        assert authentication.authenticate_password("dan", PASSWORD) is None


def test_tokens_create_prints_the_secret_alone_on_stdout(runner, app, anonymous_client):
    invoke(runner, "users", "create", "erin", "--role", "editor", "--generate")
    result = runner.invoke(
        args=["tokens", "create", "--user", "erin", "--role", "editor", "--expires", "12h"]
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert secret.startswith("mrl_") and "\n" not in secret
    assert "shown this once" in result.stderr
    headers = {"Authorization": f"Bearer {secret}"}
    response = anonymous_client.post("/api/v1/models", json={"name": "m"}, headers=headers)
    assert response.status_code == 201
    rows = parse_table(invoke(runner, "tokens", "list").output)
    assert [(r["USER"], r["ROLE"], r["STATE"]) for r in rows] == [("erin", "editor", "active")]
    assert secret not in invoke(runner, "tokens", "list").output
    assert invoke(runner, "tokens", "revoke", rows[0]["ID"]).exit_code == 0
    assert anonymous_client.get("/api/v1/models", headers=headers).status_code == 401


@pytest.mark.parametrize("expires", ["90s", "30m", "12h", "30d"])
def test_token_lifetimes(runner, app, expires):
    invoke(runner, "users", "create", "fay", "--generate")
    args = ["tokens", "create", "--user", "fay", "--role", "viewer", "--expires", expires]
    assert invoke(runner, *args).exit_code == 0
    with app.app_context():
        assert tokens.list_tokens("fay")[0].expires_at is not None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--expires", "soon"], "not a duration"),
        (["--expires", "400d"], "at most 366 days"),
        (["--role", "admin"], "more than its user's role"),
    ],
)
def test_token_create_refusals(runner, app, extra, message):
    invoke(runner, "users", "create", "gus", "--generate")
    args = ["tokens", "create", "--user", "gus", "--role", "viewer", *extra]
    result = invoke(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert tokens.list_tokens("gus") == []


def test_no_demo_admin_without_the_local_demo_flag(runner, app):
    result = invoke(runner, "users", "ensure-demo-admin")
    assert result.exit_code == 1 and "local demo" in result.output
    with app.app_context():
        assert users.count_users() == 0


def test_the_demo_admin_is_made_once_with_a_random_password(runner, app):
    first = invoke(runner, "users", "ensure-demo-admin", "--local-demo")
    assert first.exit_code == 0
    password = first.output.split("password ", 1)[1].split(" ", 1)[0]
    with app.app_context():
        assert authentication.authenticate_password("demo", password).role == "admin"
    again = invoke(runner, "users", "ensure-demo-admin", "--local-demo")
    assert again.exit_code == 0 and "no demo admin created" in again.output
    with app.app_context():
        assert users.count_users() == 1
