"""The shipped gunicorn.conf.py as gunicorn itself reads it: one thread per worker on SQLite,
four on PostgreSQL, unless GUNICORN_THREADS says otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def gunicorn_settings(**environment: str) -> dict[str, str]:
    """The settings gunicorn prints for the shipped config and ``environment`` (it loads the
    app, which does not connect to the database yet)."""
    settled = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "GUNICORN_THREADS", "WEB_CONCURRENCY")
    }
    settled["REGISTRY_SECRET_KEY"] = "a-real-secret-for-this-test"
    done = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config", "wsgi:app"],
        cwd=PROJECT_ROOT,
        env=settled | environment,
        capture_output=True,
        text=True,
        check=True,
    )
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in values.items()}


@pytest.mark.parametrize(
    ("database_url", "threads"),
    [
        (None, "1"),
        ("sqlite:////data/registry.sqlite3", "1"),
        ("postgres://registry@db.example.com/registry", "4"),
        ("postgresql://registry@db.example.com/registry", "4"),
    ],
)
def test_threads_per_worker_follow_the_database(database_url, threads):
    environment = {"DATABASE_URL": database_url} if database_url else {}
    settings = gunicorn_settings(**environment)
    assert (settings["worker_class"], settings["threads"]) == ("gthread", threads)


def test_gunicorn_threads_overrides_the_default():
    postgres = "postgresql://registry@db.example.com/registry"
    assert gunicorn_settings(DATABASE_URL=postgres, GUNICORN_THREADS="2")["threads"] == "2"
    assert gunicorn_settings(GUNICORN_THREADS="3")["threads"] == "3"


def test_web_concurrency_sets_the_workers():
    assert gunicorn_settings()["workers"] == "2"
    assert gunicorn_settings(WEB_CONCURRENCY="5")["workers"] == "5"
