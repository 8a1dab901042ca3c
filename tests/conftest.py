"""Shared fixtures: an app on a fresh database per test, on SQLite and (when given) PostgreSQL."""

import os
import uuid

import pytest
from auth_support import Account, acting_client, make_account
from skips import IN_CI, skip_or_fail
from sqlalchemy import create_engine, text

from registry import create_app
from registry.config import normalise_database_url
from registry.extensions import db

POSTGRES_ADMIN_URL = os.environ.get("REGISTRY_TEST_DATABASE_URL", "")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true, turn any skip (however it was raised) into a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database of this test run's own, dropped at the end of the run."""
    if not POSTGRES_ADMIN_URL:
        skip_or_fail("REGISTRY_TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    admin_url = normalise_database_url(POSTGRES_ADMIN_URL)
    name = f"registry_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database: a fresh SQLite file, or this run's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app_config(database_url):
    """Settings for a test app; tests extend this dict to change a setting."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
    }


@pytest.fixture
def one_connection(app_config):
    """Settings whose pool holds a single connection: every checkout gets the same one."""
    app_config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 1, "max_overflow": 0}
    return app_config


@pytest.fixture
def app(app_config):
    """An app whose database holds the current schema and nothing else."""
    app = create_app(app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def admin(app) -> Account:
    """An admin user made through the services, with an admin token."""
    return make_account(app, "test-admin", "admin")


@pytest.fixture
def client(app, admin):
    """A test client acting as ``admin``: signed in for pages, its Bearer token for the APIs."""
    return acting_client(app, admin)


@pytest.fixture
def anonymous_client(app):
    """A test client that presents no credentials at all."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    """An active application context, for calling services directly."""
    with app.app_context():
        yield app
