"""Error pages of the web door, in the same look as every other page."""

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from ..errors import (
    Conflict,
    InvalidCursor,
    NotFound,
    PreconditionFailed,
    RegistryError,
    Unavailable,
    ValidationFailed,
)
from ..http_errors import register_renderer
from .blueprint import bp

STATUS_OF = {
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 409,
    ValidationFailed: 422,
    InvalidCursor: 400,
    Unavailable: 503,
}
TITLES = {
    400: "Bad request",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Cannot do that",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Try again",
}


def init_app(app: Flask) -> None:
    """Render HTTP errors under "/" (routing 404/405, 500, CSRF) as web pages."""
    register_renderer(app, "/", render_http_error)


def render_http_error(error: HTTPException):
    """Render an HTTP error as a page; a 500 never shows what went wrong inside."""
    code = error.code or 500
    message = "The server could not finish this request." if code >= 500 else error.description
    # Retry-After tells a rate-limited browser (and a 503's) when to come back.
    headers = {name: value for name, value in error.get_headers() if name == "Retry-After"}
    return error_page(code, message, headers)


@bp.errorhandler(RegistryError)
def render_registry_error(error: RegistryError):
    """Render a service error that a view did not turn into a form message."""
    status = next((code for kind, code in STATUS_OF.items() if isinstance(error, kind)), 400)
    headers = {"Retry-After": "1"} if status == 503 else {}
    return error_page(status, error.message, headers)


def error_page(code: int, message: str, headers: dict[str, str] | None = None):
    """Return the error page for ``code`` with ``message``, its status and headers."""
    title = TITLES.get(code, "Error")
    page = render_template("web/error.html", code=code, title=title, message=message)
    return page, code, headers or {}
