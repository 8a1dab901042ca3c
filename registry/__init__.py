"""Model Registry Lite: a self-hosted registry of trained ML models."""

import os

from flask import Flask

from . import (
    auth,
    cli,
    config,
    database,
    http_errors,
    json_provider,
    models,  # noqa: F401  (importing it puts the tables on db.metadata)
    plugins,
    security,
)
from .extensions import csrf, db
from .flask_app import RegistryFlask

MIGRATIONS_DIRECTORY = os.path.join(os.path.dirname(__file__), "migrations")


def create_app(test_config: dict | None = None, *, commands: bool = True) -> Flask:
    """Build the app: settings, extensions, error handling, CLI, then the plugins (doors).

    :param commands: register the `flask` commands; the web server (wsgi.py) leaves them out,
        and with them Alembic, an import that costs each worker ~0.2 s and ~11 MB.
    """
    app = RegistryFlask(__name__, instance_relative_config=True)
    app.json = json_provider.OrjsonProvider(app)
    load_config(app, test_config)
    db.init_app(app)
    database.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    http_errors.init_app(app)
    if commands:
        init_commands(app)
    plugins.load_plugins(app)
    return app


def init_commands(app: Flask) -> None:
    """Register the registry's `flask` commands and Flask-Migrate's `flask db` group."""
    from flask_migrate import Migrate  # here, not at the top: only the commands need Alembic

    Migrate(app, db, directory=MIGRATIONS_DIRECTORY)
    cli.init_app(app)


def load_config(app: Flask, test_config: dict | None) -> None:
    """Load the settings: defaults, instance/config.py, REGISTRY_* variables, ``test_config``."""
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    config.apply_environment(app.config)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = config.database_url_from_environment(
            app.instance_path
        )
    config.lend_the_warmest_connection(app.config)
    config.plan_for_every_value(app.config)
