"""The MLflow door: the MLflow Model Registry REST API over the registry's services.

Existing ``mlflow`` client code (``MlflowClient``, ``mlflow.register_model``) points its
registry URI at this server; every RPC is a thin translation onto registry.services.
"""

from flask import Flask

from registry import auth
from registry.http_errors import register_renderer

from . import models_views, search_views, versions_views  # noqa: F401  (they add the routes)
from .blueprint import blueprint
from .failures import render_http_error

# MLflow's REST paths, and the copy its web UI calls.
PREFIXES = ("/api/2.0/mlflow", "/ajax-api/2.0/mlflow")


def init_app(app: Flask) -> None:
    """Serve the MLflow registry RPCs under both prefixes, with MLflow's JSON errors."""
    app.register_blueprint(blueprint, url_prefix=PREFIXES[0])
    app.register_blueprint(blueprint, url_prefix=PREFIXES[1], name="mlflow_ajax")
    # MLFLOW_TRACKING_TOKEN sends Bearer; MLFLOW_TRACKING_USERNAME/PASSWORD send Basic. Never
    # a browser session: a cross-site form has nothing to ride on, no CSRF token applies.
    for name in ("mlflow", "mlflow_ajax"):
        auth.accept(app, name, auth.BEARER, auth.BASIC)
    for prefix in PREFIXES:
        register_renderer(app, prefix, render_http_error)
