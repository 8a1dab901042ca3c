"""ETags out, If-Match in: a row version travels as a strong entity tag such as "3"."""

from flask import request

# No row has version 0, so a tag the server never issued can never match.
NEVER_MATCHES = 0


def etag(row_version: int) -> str:
    """The entity tag of an object at ``row_version``."""
    return f'"{row_version}"'


def expected_row_version() -> int | None:
    """The row version the client's If-Match names, or None when it sets no condition.

    ``*`` sets no condition beyond existence. Weak tags never match (RFC 9110 compares
    If-Match strongly), nor do tags this server did not issue.
    """
    if "If-Match" not in request.headers:
        return None
    condition = request.if_match
    if condition.star_tag:
        return None
    for tag in condition.as_set():
        # werkzeug yields None for some malformed lists: such a tag matches nothing.
        if isinstance(tag, str) and tag.isascii() and tag.isdigit() and len(tag) < 19:
            return int(tag)
    return NEVER_MATCHES
