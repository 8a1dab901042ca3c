"""URL converters for the names that appear in web paths."""

from urllib.parse import quote

from werkzeug.routing import BaseConverter


class SegmentConverter(BaseConverter):
    """One path segment holding any text but '/', quoted whole so it round-trips.

    Model names may hold spaces, '?', '#', '%' or any Unicode, never '/': quoting every
    reserved character keeps them from being read as a query, a fragment or an escape.
    """

    regex = "[^/]+"
    part_isolating = True

    def to_url(self, value: object) -> str:
        """Quote every character that is not unreserved in a URL path."""
        return quote_segment(str(value))


def quote_segment(text: str) -> str:
    """Quote every character of ``text`` that is not unreserved in a URL path."""
    return quote(text, safe="")
