"""`flask backup FILE`: an online, consistent copy of a live SQLite registry."""

import click
from flask.cli import with_appcontext

from ..services.backup import backup_database
from .common import service_call


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(file: str) -> None:
    """Copy the live SQLite database to FILE while it keeps serving (PostgreSQL: pg_dump)."""
    with service_call():
        backup_database(file)
    click.echo(f"Backed up the registry to {file}.")
