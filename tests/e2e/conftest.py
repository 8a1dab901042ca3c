"""End-to-end fixtures: the production server (gunicorn) on 127.0.0.1 and Debian's Chromium."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from skips import skip_or_fail
from sqlalchemy import create_engine

from registry.extensions import db

CHROMIUM = os.environ.get("REGISTRY_TEST_CHROMIUM", "/usr/bin/chromium")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
BIN = Path(sys.executable).parent
# The admin each live server's database gets, made with the CLI as an operator would.
ADMIN = "e2e-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(18)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


@pytest.fixture
def live_url(database_url, tmp_path):
    """Migrate the test database, serve it with gunicorn, and stop and empty it afterwards."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REGISTRY_SECRET_KEY": "e2e-secret",
        "FLASK_APP": "registry",
        "PORT": str(free_port()),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run([BIN / "flask", "db", "upgrade"], env=environment, check=True, cwd=PROJECT_ROOT)
    subprocess.run(
        [BIN / "flask", "users", "create", ADMIN, "--role", "admin"],
        input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
        text=True,
        env=environment,
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    url = f"http://127.0.0.1:{environment['PORT']}"
    with open(tmp_path / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            env=environment,
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(url + "/healthz", server)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            _empty(database_url)


def _empty(database_url: str) -> None:
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
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
