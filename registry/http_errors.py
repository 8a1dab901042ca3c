"""App-level error handling: each door renders the errors under its own URL prefix.

Blueprint error handlers never see routing errors (an unknown URL or a wrong method), so
doors register a renderer for their prefix here instead, and this one handler dispatches.
"""

from collections.abc import Callable

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

Renderer = Callable[[HTTPException], object]


def init_app(app: Flask) -> None:
    """Install the dispatching handlers for HTTP errors and unexpected exceptions."""
    app.extensions["registry.error_renderers"] = {}
    app.register_error_handler(HTTPException, _render)
    app.register_error_handler(Exception, _unexpected)


def register_renderer(app: Flask, prefix: str, renderer: Renderer) -> None:
    """Render HTTP errors for paths starting with ``prefix`` with ``renderer``."""
    app.extensions["registry.error_renderers"][prefix] = renderer


def _render(error: HTTPException):
    renderers = current_app.extensions["registry.error_renderers"]
    for prefix in sorted(renderers, key=len, reverse=True):
        if request.path.startswith(prefix):
            return renderers[prefix](error)
    return error


def _unexpected(error: Exception):
    # The failed request may have left the session mid-transaction: never let it leak into
    # the next request served by this worker.
    db.session.rollback()
    # %r: a path may hold a decoded newline, which must not forge a log line.
    current_app.logger.exception("Unhandled error on %s %r", request.method, request.path)
    return _render(InternalServerError(original_exception=error))
