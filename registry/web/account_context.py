"""Who is signed in, for the page frame: the header's account links and what to offer."""

from flask import Flask, g
from flask_login import current_user

from ..auth import Principal, current_principal


def init_app(app: Flask) -> None:
    """Give every page template ``signed_in`` (the user or None) and ``can(permission)``."""
    app.context_processor(account_globals)


def account_globals() -> dict[str, object]:
    """The signed-in user (None for a visitor) and a test of what they may do."""
    principal = _page_principal()
    return {
        "signed_in": None if principal.is_anonymous else principal,
        "can": principal.allows,
    }


def _page_principal() -> Principal:
    if "principal" in g:
        return g.principal
    # Pages the gate did not see (a 404, a public page) still show who is signed in.
    if current_user.is_authenticated:
        return Principal(current_user.username, current_user.role, user_id=current_user.user_id)
    return current_principal()
