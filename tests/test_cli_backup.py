"""`flask backup FILE`: an online, consistent copy of a live SQLite registry."""

import sqlite3
import threading
from contextlib import closing

import pytest
from app_support import fresh_app
from cli_support import exported

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
POSTGRESQL_ONLY = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
INSERT_MODEL = (
    "INSERT INTO registered_models "
    "(name, name_key, description, next_version, created_at, updated_at, row_version) "
    "VALUES (?, ?, '', 1, '2024-01-01 00:00:00.000000', '2024-01-01 00:00:00.000000', 1)"
)


def live_path(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def opened(path, app_config):
    """An app on the SQLite file at ``path``."""
    return fresh_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


@SQLITE_ONLY
def test_backup_holds_what_was_committed_while_a_writer_holds_the_lock(
    app, app_config, runner, tmp_path
):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    committed = exported(app)
    target = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(live_path(app), isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(INSERT_MODEL, ("uncommitted", "uncommitted"))
        result = runner.invoke(args=["backup", str(target)])
        writer.execute("COMMIT")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Backed up the registry to {target}.\n"
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    with opened(target, app_config) as restored:
        assert exported(restored) == committed
    assert len(exported(app)) == 25


@SQLITE_ONLY
def test_backup_taken_during_a_stream_of_commits_holds_an_unbroken_prefix_of_them(
    app, app_config, runner, tmp_path
):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    target = tmp_path / "backup.sqlite3"
    started, stop, written = threading.Event(), threading.Event(), []

    def write_until_stopped():
        with closing(sqlite3.connect(live_path(app), isolation_level=None, timeout=10)) as writer:
            while not stop.is_set() or len(written) < 20:
                name = f"stream-{len(written):05d}"
                writer.execute(INSERT_MODEL, (name, name))
                written.append(name)
                if len(written) == 5:
                    started.set()

    thread = threading.Thread(target=write_until_stopped)
    thread.start()
    try:
        assert started.wait(timeout=30)
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM registered_models WHERE name LIKE 'stream-%' ORDER BY name"
            )
        ]
    assert len(names) >= 5
    assert names == written[: len(names)]
    with opened(target, app_config) as restored:
        restored_lines = exported(restored)
    assert [line for line in restored_lines if '"name":"stream-' not in line] == [
        line for line in exported(app) if '"name":"stream-' not in line
    ]


@SQLITE_ONLY
def test_backup_replaces_an_older_backup_file(app, runner, tmp_path):
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"an old backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".backup-")] == []


@SQLITE_ONLY
def test_backup_onto_the_live_database_is_refused(app, runner):
    result = runner.invoke(args=["backup", live_path(app)])
    assert result.exit_code == 1
    assert result.stderr == "Error: The backup file must not be the live database itself.\n"


@SQLITE_ONLY
def test_backup_into_a_missing_directory_fails_cleanly(app, runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "no" / "backup.sqlite3")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Could not write the backup to ")
    assert "Traceback" not in result.output


@POSTGRESQL_ONLY
def test_backup_of_a_postgresql_registry_points_to_pg_dump(app, runner, tmp_path):
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Online backups are for SQLite registries.")
    assert "pg_dump" in result.stderr
    assert not target.exists()
