"""Users and tokens at the service layer: their rules, hashing, expiry, revocation, epochs."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.errors import Conflict, NotFound, ValidationFailed
from registry.extensions import db
from registry.models import AccountEvent, ApiToken, utcnow
from registry.services import authentication, tokens, users
from registry.services.unit import acting_as

PASSWORD = "correct horse battery"


def fields_of(caught) -> dict[str, str]:
    return dict(caught.value.fields)


@pytest.mark.parametrize(
    "username",
    ["", "-dash-first", "has space", "a/b", "x" * 65, "anonymous", "CLI", "tab\tname", "ünï"],
)
def test_bad_usernames_are_refused(app_context, username):
    with pytest.raises(ValidationFailed) as caught:
        users.create_user(username, "viewer")
    assert "username" in fields_of(caught)


def test_usernames_are_unique_whatever_their_case(app_context):
    users.create_user("Alice", "viewer")
    with pytest.raises(Conflict):
        users.create_user("alice", "editor")
    assert users.get_user("ALICE").username == "Alice"


@pytest.mark.parametrize("password", ["short", "x" * 257, "twelve chars\x00"])
def test_bad_passwords_are_refused(app_context, password):
    with pytest.raises(ValidationFailed) as caught:
        users.create_user("bob", "viewer", password)
    assert "password" in fields_of(caught)


def test_every_problem_is_reported_at_once(app_context):
    with pytest.raises(ValidationFailed) as caught:
        users.create_user("", "owner", "short")
    assert set(fields_of(caught)) == {"username", "role", "password"}


def test_passwords_are_stored_hashed_and_checked(app_context):
    users.create_user("carol", "editor", PASSWORD)
    stored = users.get_user("carol").password_hash
    assert PASSWORD not in stored and stored.startswith("scrypt:")
    assert authentication.authenticate_password("CAROL", PASSWORD).username == "carol"
    assert authentication.authenticate_password("carol", PASSWORD + "!") is None
    assert authentication.authenticate_password("nobody", PASSWORD) is None


def test_a_user_without_password_cannot_sign_in_with_an_empty_one(app_context):
    users.create_user("robot", "editor")
    assert authentication.authenticate_password("robot", "") is None


def test_a_disabled_user_cannot_sign_in_until_enabled(app_context):
    users.create_user("dave", "viewer", PASSWORD)
    users.set_disabled("dave", True)
    assert authentication.authenticate_password("dave", PASSWORD) is None
    users.set_disabled("dave", False)
    assert authentication.authenticate_password("dave", PASSWORD) is not None


def test_role_disable_and_password_changes_bump_the_session_epoch(app_context):
    users.create_user("erin", "viewer", PASSWORD)
    users.create_user("root", "admin")
    epochs = [users.get_user("erin").session_epoch]
    users.set_role("erin", "editor")
    epochs.append(users.get_user("erin").session_epoch)
    users.set_disabled("erin", True)
    epochs.append(users.get_user("erin").session_epoch)
    users.change_password("erin", PASSWORD + "2")
    epochs.append(users.get_user("erin").session_epoch)
    assert epochs == sorted(set(epochs)) and len(epochs) == 4


def test_the_last_enabled_admin_stays_an_admin(app_context):
    users.create_user("root", "admin")
    with pytest.raises(ValidationFailed):
        users.set_role("root", "editor")
    with pytest.raises(ValidationFailed):
        users.set_disabled("root", True)
    users.create_user("second", "admin")
    users.set_role("root", "editor")
    assert users.get_user("root").role == "editor"


def test_a_token_is_shown_once_and_stored_as_its_sha256(app_context):
    users.create_user("frank", "editor")
    token, secret = tokens.create_token("frank", "viewer", "ci")
    assert secret.startswith("mrl_") and len(secret) > 40
    stored = db.session.scalar(select(ApiToken).where(ApiToken.id == token.id))
    assert stored.token_hash == tokens.hash_secret(secret) != secret
    assert secret.startswith(stored.prefix) and len(stored.prefix) == 8
    identity = authentication.authenticate_token(secret)
    assert (identity.username, identity.role, identity.token_id) == ("frank", "viewer", token.id)


def test_a_token_never_has_more_than_its_users_role(app_context):
    users.create_user("gina", "editor")
    with pytest.raises(ValidationFailed) as caught:
        tokens.create_token("gina", "admin")
    assert "role" in fields_of(caught)


def test_a_token_grants_the_lesser_of_its_role_and_its_users(app_context):
    users.create_user("hank", "admin")
    users.create_user("root", "admin")
    _, secret = tokens.create_token("hank", "admin")
    users.set_role("hank", "viewer")
    assert authentication.authenticate_token(secret).role == "viewer"


def test_revoked_expired_and_disabled_tokens_do_not_authenticate(app_context):
    users.create_user("ivy", "editor")
    revoked, revoked_secret = tokens.create_token("ivy", "editor")
    tokens.revoke_token(revoked.id)
    expiring, expiring_secret = tokens.create_token("ivy", "editor", lifetime=timedelta(hours=1))
    expiring.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    _, kept_secret = tokens.create_token("ivy", "editor")
    assert authentication.authenticate_token(revoked_secret) is None
    assert authentication.authenticate_token(expiring_secret) is None
    assert authentication.authenticate_token(kept_secret) is not None
    users.set_disabled("ivy", True)
    assert authentication.authenticate_token(kept_secret) is None
    assert [tokens.token_state(t) for t in tokens.list_tokens("ivy")] == [
        "active",
        "expired",
        "revoked",
    ]


@pytest.mark.parametrize("secret", ["", "mrl_", "mrl_" + "x" * 43, "nope", "mrl_" + "x" * 300])
def test_unknown_secrets_do_not_authenticate(app_context, secret):
    assert authentication.authenticate_token(secret) is None


def test_last_use_is_recorded_at_most_once_a_minute(app_context):
    users.create_user("jack", "viewer")
    token, secret = tokens.create_token("jack", "viewer")
    authentication.authenticate_token(secret)
    first = tokens.get_token(token.id).last_used_at
    assert first is not None
    authentication.authenticate_token(secret)
    db.session.expire_all()
    assert tokens.get_token(token.id).last_used_at == first
    tokens.get_token(token.id).last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    authentication.authenticate_token(secret)
    db.session.expire_all()
    assert tokens.get_token(token.id).last_used_at > first - timedelta(minutes=2)


@pytest.mark.parametrize("lifetime", [timedelta(0), timedelta(seconds=-5), timedelta(days=400)])
def test_bad_lifetimes_are_refused(app_context, lifetime):
    users.create_user("kim", "viewer")
    with pytest.raises(ValidationFailed) as caught:
        tokens.create_token("kim", "viewer", lifetime=lifetime)
    assert "expires" in fields_of(caught)


def test_a_disabled_user_gets_no_new_token(app_context):
    users.create_user("lou", "viewer")
    users.create_user("root", "admin")
    users.set_disabled("lou", True)
    with pytest.raises(ValidationFailed):
        tokens.create_token("lou", "viewer")


def test_only_the_owner_may_revoke_when_an_owner_is_named(app_context):
    users.create_user("mia", "viewer")
    users.create_user("ned", "viewer")
    token, _ = tokens.create_token("mia", "viewer")
    with pytest.raises(NotFound):
        tokens.revoke_token(token.id, owner="ned")
    assert tokens.revoke_token(token.id, owner="MIA").revoked_at is not None
    assert tokens.revoke_token(token.id).revoked_at is not None  # twice is fine


def test_account_changes_are_in_the_accounts_history_with_their_actor(app_context):
    with acting_as("cli"):
        users.create_user("olga", "editor")
        token, _ = tokens.create_token("olga", "viewer", "nightly")
        tokens.revoke_token(token.id)
        users.set_role("olga", "viewer")
    events = db.session.scalars(select(AccountEvent).order_by(AccountEvent.id)).all()
    assert [(e.actor, e.action, e.username) for e in events] == [
        ("cli", "user.create", "olga"),
        ("cli", "token.create", "olga"),
        ("cli", "token.revoke", "olga"),
        ("cli", "user.role", "olga"),
    ]
