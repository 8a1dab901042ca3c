"""`flask aliases ...`: point an alias at a version, or remove it."""

import click
from flask.cli import AppGroup

from ..services.aliases import delete_alias, set_alias
from .common import service_call

group = AppGroup("aliases", help="Set and remove aliases such as 'champion'.")


@group.command("set")
@click.argument("model")
@click.argument("alias")
@click.argument("version")
def set_command(model: str, alias: str, version: str) -> None:
    """Point ALIAS of MODEL at VERSION, creating or moving it."""
    with service_call():
        found = set_alias(model, alias, version)
        message = f"Alias '{found.alias}' of model '{found.model.name}' points at version "
        message += f"'{found.version.version}'."
    click.echo(message)


@group.command("remove")
@click.argument("model")
@click.argument("alias")
def remove_command(model: str, alias: str) -> None:
    """Remove ALIAS from MODEL."""
    with service_call():
        delete_alias(model, alias)
    click.echo(f"Removed alias '{alias}' of model '{model}'.")
