"""Failed attempts, counted and capped: sign-ins per address and per account, tokens per address.

Only failures count, so a user who signs in right is never slowed down; once the limit is
reached, every attempt from that address (or on that account) is refused with 429 until the
window moves on, whether or not its credentials are right. The counts live in
REGISTRY_RATELIMIT_STORAGE_URI: memory by default (each worker process counts on its own),
redis://... to share them between workers and instances.
"""

import math
import time
from collections.abc import Sequence

from flask import Flask, current_app
from limits import parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter, RateLimiter
from werkzeug.exceptions import TooManyRequests

Key = tuple[str, str]
TOO_MANY = "Too many failed attempts; wait a minute, then try again."


def init_app(app: Flask) -> None:
    """Open the storage the failure counts are kept in."""
    state = app.extensions["registry.auth"]
    storage = storage_from_string(
        app.config["REGISTRY_RATELIMIT_STORAGE_URI"], wrap_exceptions=True
    )
    state.limiter = MovingWindowRateLimiter(storage)
    state.failure_limit = parse(app.config["REGISTRY_FAILED_SIGNIN_LIMIT"])


def refuse_if_exhausted(keys: Sequence[Key]) -> None:
    """Raise 429 (with Retry-After) when any of ``keys`` has used up its failures."""
    limiter, limit = _limiter()
    for key in keys:
        try:
            allowed = limiter.test(limit, *key)
        except StorageError:
            _storage_down()
            return
        if not allowed:
            reset_at = limiter.get_window_stats(limit, *key).reset_time
            raise TooManyRequests(TOO_MANY, retry_after=max(1, math.ceil(reset_at - time.time())))


def count_failure(keys: Sequence[Key]) -> None:
    """Count one failed attempt against each of ``keys``."""
    limiter, limit = _limiter()
    for key in keys:
        try:
            limiter.hit(limit, *key)
        except StorageError:
            _storage_down()
            return


def _limiter() -> tuple[RateLimiter, object]:
    # The app behind the proxy: this runs on every request with credentials.
    state = current_app._get_current_object().extensions["registry.auth"]
    return state.limiter, state.failure_limit


def _storage_down() -> None:
    # Failing open keeps everyone able to sign in while the shared storage is down; the
    # passwords are still checked, only the cap on guessing is missing meanwhile.
    current_app.logger.exception("Rate-limit storage failed; failed attempts are not capped.")
