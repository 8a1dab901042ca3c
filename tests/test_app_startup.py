"""The web server's app leaves the `flask` commands out, and with them Alembic's big import."""

import os
import subprocess
import sys
from pathlib import Path

from registry import create_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_the_web_server_does_not_import_alembic(tmp_path):
    probe = "import sys, wsgi; print(sorted({'alembic', 'flask_migrate'} & set(sys.modules)))"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'registry.sqlite3'}",
        "REGISTRY_SECRET_KEY": "a-real-secret-for-this-test",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
    assert "db" not in create_app({"TESTING": True}, commands=False).cli.commands


def test_the_default_app_has_the_db_commands(app):
    result = app.test_cli_runner().invoke(args=["db", "--help"])
    assert result.exit_code == 0, result.output
    assert "upgrade" in result.output
