"""Who is making the request: a user (through a session or a token), or nobody."""

from typing import NamedTuple

from flask import current_app, g

from ..services.account_rules import role_rank
from .permissions import ACCOUNT, PUBLIC, REQUIRED_ROLE


class Principal(NamedTuple):
    """The caller: ``role`` is what they may do (None: nothing but public pages).

    A named tuple, made on every request: a frozen dataclass costs four times as much."""

    username: str | None
    role: str | None
    user_id: int | None = None
    token_id: int | None = None
    token_prefix: str | None = None

    @property
    def is_anonymous(self) -> bool:
        """Whether nobody signed in (no session, no credentials)."""
        return self.username is None

    @property
    def actor(self) -> str:
        """How the history names changes made by this caller."""
        if self.username is None:
            return "anonymous"
        if self.token_prefix:
            return f"{self.username} (token {self.token_prefix}…)"
        return self.username

    def allows(self, permission: str) -> bool:
        """Whether this caller may use an endpoint that needs ``permission``."""
        if permission == PUBLIC:
            return True
        if permission == ACCOUNT:
            return not self.is_anonymous
        needed = REQUIRED_ROLE[permission]
        if self.role is None or (self.is_anonymous and needed != "viewer"):
            return False  # anonymous callers never write, whatever the settings say
        return role_rank(self.role) >= role_rank(needed)


def anonymous() -> Principal:
    """Return the caller without credentials, with the role REGISTRY_ANONYMOUS_ROLE grants."""
    role = current_app.config["REGISTRY_ANONYMOUS_ROLE"]
    return Principal(username=None, role=None if role == "none" else role)


def current_principal() -> Principal:
    """Return the request's caller, as the auth layer identified them (anonymous until then)."""
    return g.get("principal") or anonymous()
