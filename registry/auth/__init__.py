"""Accounts at the doors: who is calling (session, token or password) and what they may do.

Core, not a door: the doors import it to declare each endpoint's permission and the
credentials they accept; it never imports a door. One before-request gate enforces it all.
"""

from dataclasses import dataclass, field

from flask import Flask

from . import enforcement, sessions, settings, throttle
from .credentials import BASIC, BEARER
from .enforcement import SESSION, accept
from .permissions import ACCOUNT, ADMIN, PUBLIC, READ, WRITE, declare, policy_for, requires
from .principal import Principal, current_principal

__all__ = [
    "ACCOUNT",
    "ADMIN",
    "BASIC",
    "BEARER",
    "PUBLIC",
    "READ",
    "SESSION",
    "WRITE",
    "Principal",
    "accept",
    "current_principal",
    "declare",
    "init_app",
    "policy_for",
    "requires",
]


@dataclass
class AuthState:
    """An app's auth tables: endpoint -> permission, blueprint -> accepted credentials."""

    policies: dict[str, str] = field(default_factory=dict)
    schemes: dict[str, frozenset[str]] = field(default_factory=dict)
    limiter: object = None
    failure_limit: object = None


def init_app(app: Flask) -> None:
    """Check the settings, then install sessions, the failure counts and the gate."""
    settings.check(app.config)
    app.extensions["registry.auth"] = AuthState()
    # Flask serves its own /static route by itself; its files are public like the doors'.
    declare(app, "static", PUBLIC)
    sessions.init_app(app)
    throttle.init_app(app)
    enforcement.init_app(app)
