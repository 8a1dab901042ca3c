"""What each endpoint needs: every route declares a permission; a route without one is refused.

Doors declare with ``@requires(READ)`` on a view, or ``declare(app, endpoint, PUBLIC)`` for
routes Flask adds by itself (a blueprint's static files).
"""

from collections.abc import Callable

from flask import Flask

PUBLIC = "public"  # anyone, signed in or not: sign-in page, static files, health, API docs
ACCOUNT = "account"  # any signed-in user, whatever their role: their own tokens
READ = "read"  # viewer and up (and anonymous callers when REGISTRY_ANONYMOUS_ROLE=viewer)
WRITE = "write"  # editor and up: create, update, tag, alias
ADMIN = "admin"  # admin only: delete anything, users, everyone's tokens
PERMISSIONS = (PUBLIC, ACCOUNT, READ, WRITE, ADMIN)
# The least role each role-based permission needs.
REQUIRED_ROLE = {READ: "viewer", WRITE: "editor", ADMIN: "admin"}

_ATTRIBUTE = "registry_permission"


def requires(permission: str) -> Callable:
    """Declare the permission the decorated view needs (it is returned unchanged)."""
    if permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}; use one of {PERMISSIONS}.")

    def declare_on(view: Callable) -> Callable:
        setattr(view, _ATTRIBUTE, permission)
        return view

    return declare_on


def declare(app: Flask, endpoint: str, permission: str) -> None:
    """Declare the permission of an endpoint whose view cannot carry it (a static route)."""
    if permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}; use one of {PERMISSIONS}.")
    app.extensions["registry.auth"].policies[endpoint] = permission


def policy_for(app: Flask, endpoint: str) -> str | None:
    """Return the permission ``endpoint`` declared, or None when it declared none."""
    declared = app.extensions["registry.auth"].policies.get(endpoint)
    if declared:
        return declared
    view = app.view_functions.get(endpoint)
    # A door's wrapper (functools.wraps) keeps the declared view as __wrapped__.
    while view is not None:
        found = getattr(view, _ATTRIBUTE, None)
        if found:
            return found
        view = getattr(view, "__wrapped__", None)
    return None
