"""End-to-end fixtures: the production server (gunicorn) on 127.0.0.1 and Debian's Chromium."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from skips import skip_or_fail
from sqlalchemy import create_engine

from bench.server import Server, registry_environment
from registry.config import normalise_database_url
from registry.extensions import db

CHROMIUM = os.environ.get("REGISTRY_TEST_CHROMIUM", "/usr/bin/chromium")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
BIN = Path(sys.executable).parent
# The admin each live server's database gets, made with the CLI as an operator would.
ADMIN = "e2e-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(18)


@pytest.fixture
def live_url(database_url, tmp_path):
    """Migrate the test database, serve it with gunicorn, and stop and empty it afterwards."""
    environment = registry_environment(database_url)
    try:
        upgrade = [BIN / "flask", "db", "upgrade"]
        subprocess.run(upgrade, env=environment, check=True, cwd=PROJECT_ROOT)
        subprocess.run(
            [BIN / "flask", "users", "create", ADMIN, "--role", "admin"],
            input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
            text=True,
            env=environment,
            check=True,
            cwd=PROJECT_ROOT,
            capture_output=True,
        )
        with Server("wsgi:app", environment, 2, tmp_path / "gunicorn.log") as server:
            server.start("/healthz")
            yield f"http://127.0.0.1:{server.port}"
    finally:
        _empty(database_url)


def _empty(database_url: str) -> None:
    engine = create_engine(normalise_database_url(database_url))
    db.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def sign_in(page, live_url: str) -> None:
    """Sign in as the e2e admin through the real sign-in page."""
    page.goto(live_url + "/login")
    page.fill("#username", ADMIN)
    page.fill("#password", ADMIN_PASSWORD)
    page.get_by_test_id("sign-in").click()
    page.get_by_test_id("signed-in-as").wait_for()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (Playwright's own browser download cannot work here)."""
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium): browser tests skipped")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--disable-gpu",
            "--disable-quic",
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception on the page; tests assert it stays empty."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
