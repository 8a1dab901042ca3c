"""Fixtures for the CLI and transfer tests: a second registry on an empty database.

Test modules load them with ``pytest_plugins = ["cli_fixtures"]``.
"""

import os
import uuid

import pytest
from app_support import fresh_app
from sqlalchemy import create_engine, text

from registry.config import normalise_database_url


@pytest.fixture(scope="session")
def second_postgres_url(postgres_url):
    """A second PostgreSQL database of this test run, dropped at the end of the run."""
    admin_url = normalise_database_url(os.environ["REGISTRY_TEST_DATABASE_URL"])
    name = f"registry_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def second_app(request, app_config, database_url, tmp_path):
    """Another app on an empty database of the same kind as ``app``'s (SQLite or PostgreSQL)."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    else:
        url = request.getfixturevalue("second_postgres_url")
    with fresh_app({**app_config, "SQLALCHEMY_DATABASE_URI": url}) as app:
        yield app
