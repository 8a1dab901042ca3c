"""The auth settings, checked at start-up: a wrong value stops the app with a clear message."""

from flask import Config
from limits import parse

ANONYMOUS_ROLES = ("none", "viewer")


class AuthSettingsError(RuntimeError):
    """An auth setting has a value the registry refuses to run with."""


def check(settings: Config) -> None:
    """Refuse REGISTRY_ANONYMOUS_ROLE other than none/viewer, or a limit that does not parse."""
    role = settings.get("REGISTRY_ANONYMOUS_ROLE")
    if role not in ANONYMOUS_ROLES:
        raise AuthSettingsError(
            f"REGISTRY_ANONYMOUS_ROLE is {role!r}; it must be 'none' or 'viewer' "
            "(anonymous callers can never write)."
        )
    limit = settings.get("REGISTRY_FAILED_SIGNIN_LIMIT")
    try:
        parse(limit)
    except (ValueError, TypeError) as exc:
        raise AuthSettingsError(
            f"REGISTRY_FAILED_SIGNIN_LIMIT is {limit!r}; write it like '10/minute'."
        ) from exc
