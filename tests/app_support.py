"""A registry app of a test's own, beside conftest's ``app``: its own settings or database."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from registry import create_app
from registry.extensions import db


class Abandoned(Exception):
    """Raised inside a unit of work to abandon it."""


@contextmanager
def fresh_app(config: dict) -> Iterator[Flask]:
    """An app for ``config`` whose database holds the current schema; its tables are dropped
    and its connections closed on the way out, whatever happened inside."""
    app = create_app(config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
