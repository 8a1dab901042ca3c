"""The caller's credentials from the Authorization header, kept for the auth layer.

Nothing is checked or refused here yet: the MLflow client sends Basic (username and
password) or Bearer (token) credentials, and the auth layer will decide what they allow.
"""

from dataclasses import dataclass, field

from flask import g, request
from werkzeug.datastructures import Authorization


@dataclass(frozen=True)
class Credentials:
    """What the client presented: ``scheme`` is "basic" (username, password) or "bearer" (token)."""

    scheme: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)


def remember_credentials() -> None:
    """Put the request's credentials (or None) on ``g.mlflow_credentials``."""
    g.mlflow_credentials = credentials_from(request.authorization)


def credentials_from(authorization: Authorization | None) -> Credentials | None:
    """Turn a parsed Authorization header into Credentials; anything else gives None."""
    if authorization is None:
        return None
    if authorization.type == "basic" and authorization.username is not None:
        return Credentials("basic", authorization.username, authorization.password or "")
    if authorization.type == "bearer" and authorization.token:
        return Credentials("bearer", token=authorization.token.strip())
    return None
