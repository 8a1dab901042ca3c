"""How the registry's errors and HTTP errors read in MLflow's words."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request
from werkzeug.exceptions import HTTPException

from registry.errors import (
    Conflict,
    InvalidCursor,
    NotFound,
    PreconditionFailed,
    RegistryError,
    Unavailable,
    ValidationFailed,
)

from .wire import MlflowError, invalid

CODE_FOR_STATUS = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    409: "RESOURCE_CONFLICT",
    413: "RESOURCE_LIMIT_EXCEEDED",
    429: "REQUEST_LIMIT_EXCEEDED",
    503: "TEMPORARILY_UNAVAILABLE",
}
KEPT_HEADERS = ("WWW-Authenticate", "Retry-After")


def translate(error: RegistryError) -> MlflowError:
    """The MLflow error for a service error; validation messages are the service's own."""
    if isinstance(error, ValidationFailed):
        return invalid("; ".join(dict.fromkeys(message for _, message in error.fields)))
    if isinstance(error, NotFound):
        return MlflowError("RESOURCE_DOES_NOT_EXIST", error.message)
    if isinstance(error, Conflict):
        return MlflowError("RESOURCE_ALREADY_EXISTS", error.message)
    if isinstance(error, InvalidCursor):
        return invalid(f"Invalid page token: {error.message}")
    if isinstance(error, Unavailable):
        return MlflowError("TEMPORARILY_UNAVAILABLE", error.message)
    if isinstance(error, PreconditionFailed):
        return MlflowError("RESOURCE_CONFLICT", error.message)
    return MlflowError("BAD_REQUEST", error.message)


def render_http_error(error: HTTPException):
    """Render a routing or HTTP error under the MLflow prefixes as MLflow's JSON error body.

    Unknown paths and wrong methods both answer 404 ENDPOINT_NOT_FOUND: the client falls back
    from POST to GET get-latest-versions on exactly that code.
    """
    status = error.code or 500
    if status in (404, 405):
        message = f"No API endpoint at {request.path} for method {request.method}."
        return MlflowError("ENDPOINT_NOT_FOUND", message).response()
    if status >= 500 and status != 503:
        return MlflowError("INTERNAL_ERROR", "The server failed to handle the request.").response()
    code = CODE_FOR_STATUS.get(status, "BAD_REQUEST")
    body, status = MlflowError(code, error.description or error.name).response(status)
    # 401 says how to authenticate, 429 when to come back.
    kept = [(name, value) for name, value in error.get_headers() if name in KEPT_HEADERS]
    return body, status, kept


@contextmanager
def about_model(name: str) -> Iterator[None]:
    """Word a missing model as MLflow does."""
    try:
        yield
    except NotFound:
        raise MlflowError(
            "RESOURCE_DOES_NOT_EXIST", f"Registered Model with name={name} not found"
        ) from None


@contextmanager
def about_version(name: str, version: str) -> Iterator[None]:
    """Word a missing version as MLflow does; a label that is no number and no version is 400."""
    try:
        yield
    except NotFound:
        if not (version.isascii() and version.isdigit()):
            raise invalid(f"Parameter 'version' must be an integer, got '{version}'.") from None
        raise MlflowError(
            "RESOURCE_DOES_NOT_EXIST", f"Model Version (name={name}, version={version}) not found"
        ) from None


@contextmanager
def about_new_name(name: str) -> Iterator[None]:
    """Word a taken model name as MLflow does."""
    try:
        yield
    except Conflict:
        raise MlflowError(
            "RESOURCE_ALREADY_EXISTS", f"Registered Model (name={name}) already exists."
        ) from None
