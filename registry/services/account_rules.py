"""The rules of accounts and tokens, each written once: usernames, passwords, roles, expiry."""

import re
from datetime import timedelta

from .rules import CONTROL, storable

ROLES = ("viewer", "editor", "admin")
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
# Names the history already uses for someone else: a user may not pose as them.
RESERVED_USERNAMES = ("anonymous", "cli")
PASSWORD_MIN = 12
PASSWORD_MAX = 256
TOKEN_LABEL_MAX = 100
TOKEN_LIFETIME_MAX = timedelta(days=366)


def username_key(username: str) -> str:
    """Return the form usernames are unique by: lower case."""
    return username.lower()


def username_problem(username: object) -> str | None:
    """Say what is wrong with a new username, or None when it is fine."""
    if not isinstance(username, str) or not username:
        return "Username is required."
    if not USERNAME_PATTERN.fullmatch(username):
        return (
            "Username must be 1 to 64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit."
        )
    if username_key(username) in RESERVED_USERNAMES:
        return f"Username '{username}' is reserved."
    return None


def password_problem(password: object) -> str | None:
    """Say what is wrong with a new password, or None when it is fine."""
    if not isinstance(password, str) or not password:
        return "Password is required."
    if len(password) < PASSWORD_MIN:
        return f"Password must be at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Password must be at most {PASSWORD_MAX} characters."
    if not storable(password):
        return "Password must not contain NUL characters or invalid Unicode."
    return None


def role_problem(role: object) -> str | None:
    """Say what is wrong with a role name, or None when it is one of ROLES."""
    if role not in ROLES:
        return f"Role must be one of: {', '.join(ROLES)}."
    return None


def role_rank(role: str) -> int:
    """Rank a role by what it allows: viewer < editor < admin."""
    return ROLES.index(role)


def lesser_role(first: str, second: str) -> str:
    """Return the one of two roles that allows less."""
    return min(first, second, key=role_rank)


def token_label_problem(label: object) -> str | None:
    """Say what is wrong with a token's label, or None."""
    if not isinstance(label, str):
        return "Label must be text."
    if len(label) > TOKEN_LABEL_MAX:
        return f"Label must be at most {TOKEN_LABEL_MAX} characters."
    if CONTROL.search(label):
        return "Label must not contain control characters."
    return None


def lifetime_problem(lifetime: timedelta | None) -> str | None:
    """Say what is wrong with a token's lifetime (None: it never expires), or None."""
    if lifetime is None:
        return None
    if lifetime <= timedelta(0):
        return "Expiry must be in the future."
    if lifetime > TOKEN_LIFETIME_MAX:
        return f"Expiry must be at most {TOKEN_LIFETIME_MAX.days} days away."
    return None
