"""`flask export FILE` and `flask import FILE`: the whole registry as JSON Lines."""

import sys

import click
from flask.cli import with_appcontext

from ..services.model_search import count_models
from ..services.transfer import export_lines, import_lines
from .common import service_call


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@with_appcontext
def export_command(file: str) -> None:
    """Write every model with its versions, tags, metrics and aliases to FILE ('-': stdout)."""
    written = 0
    with service_call(), _opened(file, "wb") as out:
        with _progress(None if file == "-" else count_models(), "Exporting models") as bar:
            for line in export_lines():
                out.write(line.encode("utf-8") + b"\n")
                written += 1
                bar.update(1)
    click.echo(f"Exported {written} models to {'stdout' if file == '-' else file}.", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@with_appcontext
def import_command(file: str) -> None:
    """Add the models in FILE ('-': stdin), written by `flask export`, all or nothing."""
    total = None if file == "-" else _count_records(file)
    with service_call(), _opened(file, "rb") as source:
        with _progress(total, "Importing models") as bar:
            imported = import_lines(source, progress=bar.update)
    click.echo(f"Imported {imported} models.")


def _opened(file: str, mode: str):
    # A file being written appears only once complete: a failed export leaves nothing behind.
    try:
        return click.open_file(file, mode, atomic="w" in mode)
    except OSError as exc:
        raise click.FileError(file, exc.strerror) from None


def _count_records(file: str) -> int:
    with _opened(file, "rb") as source:
        return sum(1 for line in source if line.strip())


class _NoProgress:
    """Stands in for a progress bar when the total is unknown (reading stdin)."""

    def __enter__(self) -> "_NoProgress":
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def update(self, _steps: int) -> None:
        """Ignore progress: there is no total to show it against."""


def _progress(total: int | None, label: str):
    if total is None:
        return _NoProgress()
    return click.progressbar(length=total, label=label, file=sys.stderr, update_min_steps=500)
