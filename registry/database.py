"""Connection set-up: SQLite pragmas and write transactions that take the lock up front."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import driver_reads
from .extensions import db

# A write transaction asks for this execution option so SQLite takes the write lock at BEGIN:
# a deferred transaction that reads first and writes later can fail with "database is locked"
# instead of waiting out the busy timeout.
BEGIN_IMMEDIATE = {"sqlite_begin": "IMMEDIATE"}


def init_app(app: Flask) -> None:
    """Install the SQLite connection hooks on the app's engine; manage its driver connections."""
    with app.app_context():
        engine = db.engine
    driver_reads.init_app(app, engine)
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine, app.config["REGISTRY_SQLITE_BUSY_TIMEOUT_MS"])


def _install_sqlite_hooks(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        # Autocommit at the driver level: SQLAlchemy's begin hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        if connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            # Through SQLAlchemy, which turns "database is locked" into its OperationalError.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            # Straight to the driver: every request's read transaction starts here, and a
            # deferred BEGIN takes no lock, so it cannot fail the way a write's can.
            connection.connection.driver_connection.execute("BEGIN DEFERRED")
