"""Model Registry Lite: a self-hosted registry of trained ML models."""

import os

from flask import Flask

from . import (
    cli,
    config,
    database,
    http_errors,
    models,  # noqa: F401  (importing it puts the tables on db.metadata)
    plugins,
    security,
)
from .extensions import csrf, db, migrate

MIGRATIONS_DIRECTORY = os.path.join(os.path.dirname(__file__), "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, error handling, CLI, then the plugins (doors)."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIRECTORY)
    csrf.init_app(app)
    security.init_app(app)
    http_errors.init_app(app)
    cli.init_app(app)
    plugins.load_plugins(app)
    return app


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults, then instance/config.py, then REGISTRY_* variables, then ``test_config``."""
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    config.apply_environment(app.config)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url_from_environment(
            app.instance_path
        )
