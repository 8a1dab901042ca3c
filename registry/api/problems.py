"""Errors as the API answers them: RFC 9457 problem documents, and the seed API's {"error"}."""

from http import HTTPStatus

from flask import Response, current_app, json
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
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
from ..extensions import db

PROBLEM_MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_SECONDS = "2"
DATABASE_DOWN = "The database is not answering; try again."
UNUSABLE_VALUE = "A value in the request cannot be stored or compared."
STATUS_OF = {
    ValidationFailed: 422,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    InvalidCursor: 400,
    Unavailable: 503,
}
# Headers of a werkzeug error worth passing on (Allow on 405, WWW-Authenticate on 401,
# Retry-After on 429); its Content-Type is not.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def status_of(error: RegistryError) -> int:
    """The HTTP status that answers a domain error."""
    return next(
        (status for kind, status in STATUS_OF.items() if isinstance(error, kind)),
        400,
    )


def problem(status: int, detail: str, headers: dict | None = None, **members) -> Response:
    """A problem document response for ``status`` with a human-readable ``detail``."""
    document = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **members,
    }
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", RETRY_AFTER_SECONDS)
    return Response(json.dumps(document), status, headers, mimetype=PROBLEM_MEDIA_TYPE)


def registry_error_problem(error: RegistryError) -> Response:
    """Answer a domain error; a validation failure lists every failing field."""
    if isinstance(error, ValidationFailed):
        errors = [{"field": field, "message": message} for field, message in error.fields]
        return problem(422, "Some fields are not valid.", errors=errors)
    return problem(status_of(error), error.message)


def database_down_problem(error: OperationalError) -> Response:
    """Answer a database that did not respond to a read: try again later."""
    _forget_failed_transaction(error)
    return problem(503, DATABASE_DOWN)


def seed_database_down(error: OperationalError) -> Response:
    """Answer a database that did not respond, in the original app's format."""
    _forget_failed_transaction(error)
    return seed_error(503, DATABASE_DOWN)


def unusable_value_problem(error: DataError) -> Response:
    """Answer a value the database could not take (out of range, NUL in text) with 400."""
    _forget_failed_transaction(error)
    return problem(400, UNUSABLE_VALUE)


def seed_unusable_value(error: DataError) -> Response:
    """Answer a value the database could not take, in the original app's format."""
    _forget_failed_transaction(error)
    return seed_error(400, UNUSABLE_VALUE)


def _forget_failed_transaction(error: DBAPIError) -> None:
    db.session.rollback()
    current_app.logger.warning("Database refused the request: %s", error.__class__.__name__)


def http_error_problem(error: HTTPException) -> Response:
    """Answer an HTTP error (routing 404/405, 413, 415, 400 or 500) as a problem document."""
    status = error.code or 500
    detail = error.description if status < 500 else "The server hit an unexpected error."
    return problem(status, detail or HTTPStatus(status).phrase, _kept_headers(error))


def seed_error(status: int, message: str, headers: dict | None = None) -> Response:
    """An error of the original app's API: ``{"error": message}``."""
    headers = dict(headers or {})
    if status == 503:
        headers.setdefault("Retry-After", RETRY_AFTER_SECONDS)
    return Response(json.dumps({"error": message}), status, headers, mimetype="application/json")


def seed_registry_error(error: RegistryError) -> Response:
    """Answer a domain error in the original app's format."""
    return seed_error(status_of(error), error.message)


def seed_http_error(error: HTTPException) -> Response:
    """Answer an HTTP error under /api/models in the original app's format."""
    status = error.code or 500
    message = error.description if status < 500 else "The server hit an unexpected error."
    return seed_error(status, message or HTTPStatus(status).phrase, _kept_headers(error))


def _kept_headers(error: HTTPException) -> dict:
    return {name: value for name, value in error.get_headers() if name in _KEPT_HEADERS}
