"""Where to go after signing in: only a path on this site, never another one (no open redirect)."""

import re
from urllib.parse import urlsplit

NEXT_MAX = 2048
# Browsers drop tabs and newlines from URLs and read "\" as "/": "/\t/evil" is "//evil".
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def safe_next(target: object) -> str | None:
    """Return ``target`` when it is a relative path on this site, else None."""
    if not isinstance(target, str) or not target or len(target) > NEXT_MAX:
        return None
    if _UNSAFE.search(target) or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
