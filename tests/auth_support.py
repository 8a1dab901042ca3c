"""Real ways in for tests: users and tokens made through the services, sessions for clients.

Nothing here bypasses the auth layer: a token is a real token of a real user, and a signed-in
client carries the session cookie /login would have given it.
"""

from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from registry.services.tokens import create_token
from registry.services.users import create_user, get_user


@dataclass(frozen=True)
class Account:
    """A user made for a test, with a token of the same role."""

    username: str
    role: str
    token: str

    @property
    def bearer(self) -> dict[str, str]:
        """The Authorization header that presents the token."""
        return {"Authorization": f"Bearer {self.token}"}


def make_account(app: Flask, username: str, role: str, password: str | None = None) -> Account:
    """Create a user (no password unless given: hashing one is slow) with a token."""
    with app.app_context():
        create_user(username, role, password)
        _, secret = create_token(username, role, label="tests")
    return Account(username, role, secret)


def sign_in_client(client: FlaskClient, app: Flask, username: str) -> FlaskClient:
    """Give ``client`` the session of ``username`` signed in (as Flask-Login stores it)."""
    with app.app_context():
        user = get_user(username)
        reference = f"{user.id}:{user.session_epoch}"
    with client.session_transaction() as session:
        session["_user_id"] = reference
        session["_fresh"] = True
    return client


def acting_client(app: Flask, account: Account) -> FlaskClient:
    """A client that is ``account`` at every door: signed in for pages, Bearer for the APIs."""
    client = sign_in_client(app.test_client(), app, account.username)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {account.token}"
    return client
