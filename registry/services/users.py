"""Users: create, find, change role, disable or enable, change password.

A change that should end the user's sessions (role, disabling, password) bumps the user's
session epoch; every worker compares it on every request, so they end everywhere at once.
"""

import secrets

from werkzeug.security import generate_password_hash

from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..models import User
from . import account_rules
from .account_history import record
from .rules import Checker, require, storable
from .unit import atomic


def generate_password() -> str:
    """Return a random password (24 characters, 144 bits) to show the new user once."""
    return secrets.token_urlsafe(18)


def get_user(username: str) -> User:
    """Return the user named ``username`` (in any case).

    :raises NotFound: there is no such user.
    """
    user = None
    # No username holds NUL or a lone surrogate, and the databases cannot even compare one:
    # such a name finds nobody.
    if isinstance(username, str) and storable(username):
        key = account_rules.username_key(username)
        user = db.session.scalar(db.select(User).where(User.username_key == key))
    if user is None:
        raise NotFound(f"User '{username}' not found.")
    return user


def get_user_by_id(user_id: int) -> User | None:
    """Return the user with this id, or None."""
    return db.session.get(User, user_id)


def list_users() -> list[User]:
    """Return every user, by username."""
    return list(db.session.scalars(db.select(User).order_by(User.username_key)))


def count_users() -> int:
    """Count the users, disabled ones included."""
    return db.session.scalar(db.select(db.func.count()).select_from(User)) or 0


def create_user(username: str, role: str, password: str | None = None) -> User:
    """Create a user; without a password it can only use tokens until one is set.

    :raises ValidationFailed: the username, role or password breaks a rule.
    :raises Conflict: the username is taken (in any case).
    """
    checker = Checker()
    checker.add("username", account_rules.username_problem(username))
    checker.add("role", account_rules.role_problem(role))
    if password is not None:
        checker.add("password", account_rules.password_problem(password))
    checker.raise_if_failed()
    with atomic():
        key = account_rules.username_key(username)
        if db.session.scalar(db.select(User.id).where(User.username_key == key)) is not None:
            raise Conflict(f"Username '{username}' is taken.")
        user = User(
            username=username,
            username_key=key,
            role=role,
            password_hash=generate_password_hash(password) if password else "",
        )
        db.session.add(user)
        record("user.create", username, {"role": role})
    return user


def set_role(username: str, role: str) -> User:
    """Give a user another role; their sessions end so the new role applies at once.

    :raises ValidationFailed: an unknown role, or demoting the last enabled admin.
    """
    require("role", account_rules.role_problem(role))
    with atomic():
        user = get_user(username)
        if user.role == role:
            return user
        if user.role == "admin":
            _keep_an_admin(user, "role", "The last enabled admin cannot lose the admin role.")
        record("user.role", user.username, {"from": user.role, "to": role})
        user.role = role
        user.session_epoch += 1
    return user


def set_disabled(username: str, disabled: bool) -> User:
    """Disable a user (their sessions and tokens stop working at once) or enable them again.

    :raises ValidationFailed: disabling the last enabled admin.
    """
    with atomic():
        user = get_user(username)
        if user.disabled == disabled:
            return user
        if disabled and user.role == "admin":
            _keep_an_admin(user, "disabled", "The last enabled admin cannot be disabled.")
        record("user.disable" if disabled else "user.enable", user.username)
        user.disabled = disabled
        user.session_epoch += 1
    return user


def change_password(username: str, password: str) -> User:
    """Set a user's password; their sessions end, so only the new password signs in.

    :raises ValidationFailed: the password breaks a rule.
    """
    require("password", account_rules.password_problem(password))
    with atomic():
        user = get_user(username)
        user.password_hash = generate_password_hash(password)
        user.session_epoch += 1
        record("user.password", user.username)
    return user


def _keep_an_admin(user: User, field: str, message: str) -> None:
    others = db.select(db.func.count()).where(
        User.role == "admin", User.disabled.is_(False), User.id != user.id
    )
    if not db.session.scalar(others):
        raise ValidationFailed([(field, message)])
