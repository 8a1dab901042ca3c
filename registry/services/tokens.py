"""API tokens: create (the secret is returned once), list, revoke.

Only a token's SHA-256 is stored: a secret of 256 random bits needs no slow hash, and the
digest lets a request find its token with one indexed lookup.
"""

import hashlib
import secrets
from datetime import timedelta

from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..models import ApiToken, User, utcnow
from . import account_rules
from .account_history import record
from .rules import Checker
from .unit import atomic
from .users import get_user

SECRET_PREFIX = "mrl_"
# "mrl_" and four characters of the secret: tells tokens apart, leaks nothing useful.
SHOWN_PREFIX_LENGTH = len(SECRET_PREFIX) + 4


def hash_secret(secret: str) -> str:
    """Return the SHA-256 hex digest a token is stored and found by."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    username: str, role: str, label: str = "", lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """Create a token for a user and return it with its secret, which is never shown again.

    :param lifetime: how long the token works; None for a token that never expires.
    :raises ValidationFailed: a bad role, label or lifetime, a role above the user's, or a
        disabled user.
    :raises NotFound: there is no such user.
    """
    checker = Checker()
    checker.add("role", account_rules.role_problem(role))
    checker.add("label", account_rules.token_label_problem(label))
    checker.add("expires", account_rules.lifetime_problem(lifetime))
    checker.raise_if_failed()
    with atomic():
        user = get_user(username)
        _check_owner_allows(user, role)
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(
            user_id=user.id,
            label=label,
            token_hash=hash_secret(secret),
            prefix=secret[:SHOWN_PREFIX_LENGTH],
            role=role,
            expires_at=utcnow() + lifetime if lifetime else None,
        )
        db.session.add(token)
        db.session.flush()
        record("token.create", user.username, {"token": token.id, "role": role, "label": label})
    return token, secret


def _check_owner_allows(user: User, role: str) -> None:
    if user.disabled:
        raise ValidationFailed([("username", f"User '{user.username}' is disabled.")])
    if account_rules.role_rank(role) > account_rules.role_rank(user.role):
        message = f"A token cannot have more than its user's role ({user.role})."
        raise ValidationFailed([("role", message)])


def list_tokens(username: str | None = None) -> list[ApiToken]:
    """Return every token (of one user, when named), newest first, revoked ones included."""
    query = db.select(ApiToken).order_by(ApiToken.id.desc())
    if username is not None:
        query = query.where(ApiToken.user_id == get_user(username).id)
    return list(db.session.scalars(query))


def get_token(token_id: int, owner: str | None = None) -> ApiToken:
    """Return a token by id; with ``owner``, only when it is that user's.

    :raises NotFound: no such token (or not the owner's: the same answer, so ids leak nothing).
    """
    # An id beyond a 64-bit integer names no row, and SQLite cannot even bind one.
    storable = isinstance(token_id, int) and 0 < token_id < 2**63
    token = db.session.get(ApiToken, token_id) if storable else None
    if token is None or (
        owner is not None and token.user.username_key != account_rules.username_key(owner)
    ):
        raise NotFound(f"Token {token_id} not found.")
    return token


def revoke_token(token_id: int, owner: str | None = None) -> ApiToken:
    """Revoke a token at once, on every worker; revoking it twice is not an error.

    :param owner: when given, only a token of this user may be revoked.
    :raises NotFound: no such token (of ``owner``).
    """
    with atomic():
        token = get_token(token_id, owner)
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            record("token.revoke", token.user.username, {"token": token.id})
    return token


def token_state(token: ApiToken) -> str:
    """Say whether a token is "active", "expired" or "revoked" now."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= utcnow():
        return "expired"
    return "active"
