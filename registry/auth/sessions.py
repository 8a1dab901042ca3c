"""Browser sessions (Flask-Login): sign in with a password, sign out, and re-check every request.

A session names the user and the session epoch it was signed in at. Every request re-reads
the user: a disabled user, or one whose epoch moved on (role, password or disabled changed),
is no longer signed in, on every worker at once.
"""

from dataclasses import dataclass

from flask import Flask, current_app, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, login_user, logout_user

from ..services.account_rules import username_key
from ..services.authentication import authenticate_password
from ..services.users import get_user_by_id
from . import throttle
from .enforcement import SESSION, schemes_of


@dataclass(frozen=True)
class SignedIn:
    """The signed-in user of a session, as Flask-Login wants it."""

    user_id: int
    username: str
    role: str
    epoch: int
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the session's reference to the user: id and the epoch it was signed in at."""
        return f"{self.user_id}:{self.epoch}"

    @classmethod
    def of(cls, user) -> "SignedIn":
        """Make the session view of a User row."""
        return cls(user.id, user.username, user.role, user.session_epoch)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a request without the cookie (every API
    call) gets its empty session without building a signer first, and the doors that take no
    session credentials (the APIs) leave the cookie alone."""

    def open_session(self, app, request):
        """Return an empty session when there is no cookie to verify, else Flask's."""
        # The raw header first: parsing cookies that are not there costs werkzeug a pass over
        # every header and an exception.
        if app.secret_key and not (
            "HTTP_COOKIE" in request.environ and request.cookies.get(self.get_cookie_name(app))
        ):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Save as Flask does, but not on a door that takes no session: its answers do not
        depend on the cookie (no "Vary: Cookie") and nothing there changes it."""
        blueprint = request._get_current_object().blueprint  # every response: one cheap lookup
        if session.modified or SESSION in schemes_of(app, blueprint):
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Give the app its own LoginManager (a door sets ``login_view`` when it has a page)."""
    app.session_interface = CookieSessions()
    manager = LoginManager(app)
    manager.user_loader(load_signed_in)


def load_signed_in(session_reference: str) -> SignedIn | None:
    """Return the session's user if it still exists, is enabled and the epoch still matches."""
    user_id, _, epoch = session_reference.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = get_user_by_id(int(user_id))
    if user is None or user.disabled or user.session_epoch != int(epoch):
        return None
    return SignedIn.of(user)


def sign_in(username: str, password: str) -> SignedIn | None:
    """Sign in with a password, or return None (too many failures raise 429).

    The session is emptied first, so nothing set before sign-in (by an attacker who planted
    a cookie, say) carries over into the signed-in session.
    """
    keys = [("signin-address", request.remote_addr or "")]
    if isinstance(username, str) and username:
        keys.append(("signin-account", username_key(username)[:64]))
    throttle.refuse_if_exhausted(keys)
    user = authenticate_password(username, password)
    if user is None:
        throttle.count_failure(keys)
        # Who tried, from where; never the password (it may be another account's, mistyped).
        current_app.logger.warning(
            "Failed sign-in for %r from %s.", username[:64], request.remote_addr
        )
        return None
    signed_in = SignedIn.of(user)
    session.clear()
    login_user(signed_in)
    return signed_in


def sign_out() -> None:
    """End this browser's session."""
    logout_user()
    session.clear()
