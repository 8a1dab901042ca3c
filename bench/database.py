"""A fresh database for a run (a new SQLite file, or a new PostgreSQL database made and dropped)
and the `flask` commands that prepare it."""

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .server import PROJECT_ROOT, registry_environment


@contextmanager
def fresh_database(directory: Path, admin_url: str = "") -> Iterator[str]:
    """Yield the URL of an empty database; with ``admin_url`` (PostgreSQL), a new database on
    that server, dropped afterwards; else a SQLite file in ``directory``."""
    if not admin_url:
        yield f"sqlite:///{directory / 'registry.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    from registry.config import normalise_database_url

    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"registry_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def flask(database_url: str, *args: str) -> float:
    """Run ``flask <args>`` on the registry at ``database_url``; return the seconds it took.

    :raises RuntimeError: the command failed (its output is in the message).
    """
    began = time.perf_counter()
    _run(database_url, *args)
    return time.perf_counter() - began


def analyze(database_url: str) -> None:
    """On PostgreSQL, VACUUM ANALYZE after the bulk import, as autovacuum does on its own within
    minutes: until then the planner guesses its plans for filtered lists. SQLite's plans need no
    statistics (the services choose the shape of a filtered query)."""
    if database_url.startswith("sqlite"):
        return
    from sqlalchemy import create_engine, text

    from registry.config import normalise_database_url

    engine = create_engine(normalise_database_url(database_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


class Backends:
    """The PostgreSQL server processes serving the registry's database (none for SQLite), so
    that their CPU counts as the system under test's, not as other load."""

    def __init__(self, database_url: str):
        self.engine = None
        if not database_url.startswith("sqlite"):
            from sqlalchemy import create_engine

            from registry.config import normalise_database_url

            self.engine = create_engine(normalise_database_url(database_url))

    def pids(self) -> list[int]:
        """The pids of the backends connected to the database now (but this one's)."""
        if self.engine is None:
            return []
        from sqlalchemy import text

        with self.engine.connect() as connection:
            query = (
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return list(connection.execute(text(query)).scalars())

    def close(self) -> None:
        """Close the benchmark's own connection."""
        if self.engine is not None:
            self.engine.dispose()


def api_token(database_url: str) -> str | None:
    """Create an admin account and an API token for the benchmark's clients; return the token
    (None when this registry has no accounts, so that the APIs take no credentials)."""
    try:
        _run(database_url, "users", "create", "bench", "--role", "admin", "--generate")
    except RuntimeError as error:
        if "No such command" in str(error):
            return None
        raise
    created = _run(database_url, "tokens", "create", "--user", "bench", "--role", "admin")
    return created.stdout.strip()


def _run(database_url: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=PROJECT_ROOT,
        env=registry_environment(database_url),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done
