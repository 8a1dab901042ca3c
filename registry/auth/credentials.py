"""The Authorization header: Bearer (a token) or Basic (a username and a token or password)."""

from dataclasses import dataclass, field

from werkzeug.datastructures import Authorization

BEARER = "bearer"
BASIC = "basic"


@dataclass(frozen=True)
class Credentials:
    """What the client presented: ``scheme`` is "basic" (username, secret) or "bearer" (token)."""

    scheme: str
    username: str | None = None
    secret: str = field(default="", repr=False)


def credentials_from(authorization: Authorization | None) -> Credentials | None:
    """Turn a parsed Authorization header into Credentials; a malformed one gives None."""
    if authorization is None:
        return None
    if authorization.type == BASIC and authorization.username:
        return Credentials(BASIC, authorization.username, authorization.password or "")
    if authorization.type == BEARER and authorization.token:
        return Credentials(BEARER, secret=authorization.token.strip())
    return None
