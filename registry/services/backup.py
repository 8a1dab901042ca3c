"""Online backups of a SQLite registry through SQLite's backup API."""

import os
import sqlite3
import tempfile
from contextlib import closing

from flask import current_app

from ..errors import RegistryError
from ..extensions import db

PG_DUMP_HINT = (
    "Online backups are for SQLite registries. For PostgreSQL use pg_dump, e.g. "
    'pg_dump --format=custom --file registry.dump "$DATABASE_URL" '
    "(restore with pg_restore)."
)


def backup_database(target: str) -> None:
    """Copy the live SQLite database to ``target`` as one consistent snapshot.

    Writers keep working meanwhile: the copy is read in one read transaction, so it holds
    every committed change up to its start and nothing after. ``target`` is replaced only
    once the copy is complete.

    :raises RegistryError: the registry is not a SQLite file, ``target`` is the live database,
        or the copy cannot be written.
    """
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise RegistryError(PG_DUMP_HINT)
    source = url.database
    if not source or source == ":memory:":
        raise RegistryError("The registry is an in-memory database: there is no file to back up.")
    if os.path.exists(target) and os.path.samefile(source, target):
        raise RegistryError("The backup file must not be the live database itself.")
    try:
        _copy(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise RegistryError(f"Could not write the backup to '{target}': {exc}.") from exc


def _copy(source: str, target: str) -> None:
    directory = os.path.dirname(os.path.abspath(target))
    handle, partial = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=directory)
    os.close(handle)
    timeout = current_app.config["REGISTRY_SQLITE_BUSY_TIMEOUT_MS"] / 1000
    try:
        with closing(sqlite3.connect(source, timeout=timeout)) as live:
            with closing(sqlite3.connect(partial)) as copy:
                # pages=-1: every page in one step, i.e. within one read transaction.
                live.backup(copy, pages=-1)
                # The copy is one self-contained file, whatever the live journal mode.
                copy.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
