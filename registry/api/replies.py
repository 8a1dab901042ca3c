"""Building the API's JSON responses: bodies, ETags, Location and Link headers."""

from urllib.parse import urlencode

from flask import Response, current_app, request, url_for

from .conditional import etag


def json_reply(data: object, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response."""
    return Response(current_app.json.dumps(data), status, headers, mimetype="application/json")


def tagged_reply(
    data: object, row_version: int, status: int = 200, headers: dict | None = None
) -> Response:
    """A JSON response for one object, carrying its ETag."""
    return json_reply(data, status, {**(headers or {}), "ETag": etag(row_version)})


def no_content() -> Response:
    """An empty 204 response."""
    return Response(status=204)


def next_page_headers(next_cursor: str | None) -> dict:
    """A ``Link: <...>; rel="next"`` header for the same query at ``next_cursor``, if any."""
    if not next_cursor:
        return {}
    pairs = [(key, value) for key, value in request.args.items(multi=True) if key != "cursor"]
    pairs.append(("cursor", next_cursor))
    target = url_for(request.endpoint, **(request.view_args or {})) + "?" + urlencode(pairs)
    return {"Link": f'<{target}>; rel="next"'}
