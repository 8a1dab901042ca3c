"""Who is calling: a username and password, or a token's secret, checked in constant work.

Neither function says why it refused: an unknown user, a wrong password and a disabled
account look the same to the caller (and take the same time).
"""

import hmac
import logging
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash, generate_password_hash

from .. import driver_reads as reads
from ..errors import RegistryError
from ..extensions import db
from ..models import ApiToken, User, utcnow
from . import account_rules
from .rules import storable
from .tokens import SECRET_PREFIX, hash_secret
from .unit import atomic

# Recording every use would make every read a write; once a minute tells an operator enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
SECRET_MAX = 256
TOKENS = ApiToken.__table__
USERS = User.__table__
# Columns, not ORM objects, in a statement built once: this runs on every API request and
# was most of a read's work.
TOKEN_BY_HASH = (
    select(
        TOKENS.c.id,
        TOKENS.c.token_hash,
        TOKENS.c.prefix,
        TOKENS.c.role,
        TOKENS.c.expires_at,
        TOKENS.c.revoked_at,
        TOKENS.c.last_used_at,
        USERS.c.username,
        USERS.c.role.label("user_role"),
        USERS.c.disabled,
        USERS.c.id.label("user_id"),
    )
    .join(USERS, USERS.c.id == TOKENS.c.user_id)
    .where(TOKENS.c.token_hash == bindparam("digest"))
)
log = logging.getLogger(__name__)


class TokenIdentity(NamedTuple):
    """A token that authenticated a request, its owner, and the role it grants."""

    user_id: int
    username: str
    token_id: int
    token_prefix: str
    role: str


@cache
def _dummy_hash() -> str:
    # Hashed once per process, with the same method and cost as a real password.
    return generate_password_hash("no user has this password")


def authenticate_password(username: str, password: str) -> User | None:
    """Return the enabled user with this username and password, else None."""
    user = None
    # A NUL or a lone surrogate is in no username or password, and would fail to be compared.
    if isinstance(username, str) and len(username) <= 64 and storable(username):
        key = account_rules.username_key(username)
        user = db.session.scalar(db.select(User).where(User.username_key == key))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    # The hash is checked even when the answer is already "no": the timing tells nothing.
    readable = isinstance(password, str) and storable(password)
    matches = check_password_hash(stored, password) if readable else False
    if user is None or not user.password_hash or not matches or user.disabled:
        return None
    return user


def authenticate_token(secret: str) -> TokenIdentity | None:
    """Return who a token's secret stands for, or None when it may not be used.

    An unknown, revoked or expired token, or one whose user is disabled, gives None. The
    token's last use is recorded, at most once a minute.
    """
    if not isinstance(secret, str) or not secret.startswith(SECRET_PREFIX):
        return None
    if len(secret) > SECRET_MAX:
        return None
    digest = hash_secret(secret)
    token = reads.first(TOKEN_BY_HASH, {"digest": digest})
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = utcnow()
    expired = token.expires_at is not None and token.expires_at <= now
    if token.revoked_at is not None or expired or token.disabled:
        return None
    identity = TokenIdentity(
        user_id=token.user_id,
        username=token.username,
        token_id=token.id,
        token_prefix=token.prefix,
        role=account_rules.lesser_role(token.role, token.user_role),
    )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        _record_use(token.id, now)
    return identity


def _record_use(token_id: int, now) -> None:
    # A conditional UPDATE: concurrent requests of one token write it once, never wait on it.
    try:
        with atomic():
            db.session.execute(
                db.update(ApiToken)
                .where(ApiToken.id == token_id)
                .where(
                    (ApiToken.last_used_at.is_(None))
                    | (ApiToken.last_used_at <= now - LAST_USED_RESOLUTION)
                )
                .values(last_used_at=now)
            )
    except (RegistryError, SQLAlchemyError):
        # A busy or read-only database must not turn a good read into an error.
        db.session.rollback()
        log.warning("Could not record the last use of token %s.", token_id)
