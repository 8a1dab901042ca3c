"""The registry's Flask class."""

from collections.abc import Callable
from functools import lru_cache
from inspect import iscoroutinefunction
from typing import Any

from flask import Flask


class RegistryFlask(Flask):
    """Flask, remembering which of its hooks and views are coroutines."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Return ``func``, or a coroutine function wrapped to run and wait (as Flask does)."""
        return self.async_to_sync(func) if _is_coroutine(func) else func


# Flask asks this of every hook and view on every request, ten times for an API read: each
# answer from inspect costs more than the cache lookup. Bounded: after_this_request callbacks
# are new functions on every request.
@lru_cache(maxsize=1024)
def _is_coroutine(func: Callable[..., Any]) -> bool:
    return iscoroutinefunction(func)
