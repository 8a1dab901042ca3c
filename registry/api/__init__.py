"""The JSON API door: /api/v1, its OpenAPI document, the seed-compatible /api/models, health."""

from flask import Flask

from .. import auth
from ..http_errors import register_renderer
from . import health, seed  # noqa: F401  (importing the views fills the route table)
from .blueprints import health as health_blueprint
from .blueprints import seed as seed_blueprint
from .blueprints import v1
from .problems import http_error_problem, seed_http_error
from .views import docs, history, labels, models, versions  # noqa: F401


def init_app(app: Flask) -> None:
    """Register the API's blueprints and how HTTP errors under its URLs are answered."""
    for blueprint in (v1, seed_blueprint, health_blueprint):
        app.register_blueprint(blueprint)
    # Callers identify with "Authorization: Bearer <token>"; cookies never authenticate here,
    # so a cross-site form has nothing to ride on: no CSRF token applies.
    auth.accept(app, v1.name, auth.BEARER)
    auth.accept(app, seed_blueprint.name, auth.BEARER)
    auth.declare(app, f"{v1.name}.static", auth.PUBLIC)  # the docs page's assets
    # Routing errors (unknown URL, wrong method) never reach blueprint handlers.
    register_renderer(app, "/api/", http_error_problem)
    register_renderer(app, "/api/models", seed_http_error)
    register_renderer(app, "/healthz", http_error_problem)
    register_renderer(app, "/readyz", http_error_problem)
